import { tableWidth, type ModelCell, type TableModel } from './model';

/** The longest line of a cell, as the parser measures it. */
function cellWidth(c: ModelCell): number {
  let w = 0;
  for (const l of c.lines) w = Math.max(w, tableWidth(l));
  return w;
}

/**
 * Sizes along one axis: each slot at least `min`, each cell spanning `span` slots given what it needs
 * (`need`), the separators between spanned slots counting `sep` each. Single slots first, then wider spans
 * (by size) widen their slots evenly when they lack room.
 */
function sizes(count: number, items: { at: number; span: number; need: number }[], min: number, sep: number): number[] {
  const out = new Array<number>(count).fill(min);
  for (const it of items) if (it.span === 1) out[it.at] = Math.max(out[it.at], it.need);
  for (const it of [...items].filter((i) => i.span > 1).sort((a, b) => a.span - b.span)) {
    let have = (it.span - 1) * sep;
    for (let k = it.at; k < it.at + it.span; k++) have += out[k];
    // What is missing is shared out evenly, the last slots taking the remainder.
    const missing = it.need - have;
    if (missing > 0) for (let k = 0; k < it.span; k++) out[it.at + k] += Math.floor(missing / it.span) + (k >= it.span - (missing % it.span) ? 1 : 0);
  }
  return out;
}

/** A row of characters that may hold wide characters: each cell of `chars` is one parser column. */
type Canvas = string[][];

/** Puts a text at a column of a canvas line, a wide character taking its column and a pad after it. */
function put(canvas: Canvas, y: number, x: number, text: string): void {
  for (const ch of text) {
    canvas[y][x++] = ch;
    if (tableWidth(ch) === 2) canvas[y][x++] = '';
  }
}

/** A grid table: every column as wide as its widest cell plus one space each side, spans and header kept. */
export function writeGrid(t: TableModel): string[] {
  const widths = sizes(
    t.columns,
    t.cells.map((c) => ({ at: c.col, span: c.colSpan, need: cellWidth(c) + 2 })),
    3,
    1,
  );
  const heights = sizes(
    t.rows,
    t.cells.map((c) => ({ at: c.row, span: c.rowSpan, need: c.lines.length })),
    1,
    1,
  );
  const xs = [0];
  for (const w of widths) xs.push(xs[xs.length - 1] + w + 1);
  const ys = [0];
  for (const h of heights) ys.push(ys[ys.length - 1] + h + 1);
  const W = xs[xs.length - 1] + 1;
  const H = ys[ys.length - 1] + 1;
  const canvas: Canvas = Array.from({ length: H }, () => new Array<string>(W).fill(' '));
  for (const c of t.cells) {
    const x0 = xs[c.col];
    const x1 = xs[c.col + c.colSpan];
    const y0 = ys[c.row];
    const y1 = ys[c.row + c.rowSpan];
    for (let x = x0 + 1; x < x1; x++) {
      canvas[y0][x] = y0 > 0 && t.headerRows > 0 && y0 === ys[t.headerRows] ? '=' : '-';
      canvas[y1][x] = y1 > 0 && t.headerRows > 0 && y1 === ys[t.headerRows] ? '=' : '-';
    }
    for (let y = y0 + 1; y < y1; y++) {
      canvas[y][x0] = '|';
      canvas[y][x1] = '|';
    }
    c.lines.forEach((l, i) => put(canvas, y0 + 1 + i, x0 + 2, l));
  }
  for (const c of t.cells) {
    for (const x of [xs[c.col], xs[c.col + c.colSpan]]) for (const y of [ys[c.row], ys[c.row + c.rowSpan]]) canvas[y][x] = '+';
  }
  return canvas.map((row) => row.join('').trimEnd());
}

/**
 * A simple table: columns as wide as their widest cell, two spaces apart. Needs one line in each row's
 * first cell (an empty one is written as docutils' empty comment `..`) and no spans.
 */
export function writeSimple(t: TableModel): string[] | { message: string } {
  if (t.cells.some((c) => c.rowSpan > 1 || c.colSpan > 1)) return { message: 'This table has merged cells, which a simple table cannot hold here; it was not changed.' };
  const rows: ModelCell[][] = Array.from({ length: t.rows }, () => []);
  for (const c of t.cells) rows[c.row][c.col] = c;
  for (const [r, cells] of rows.entries()) {
    const first = cells[0].lines;
    if (first.length > 1) return { message: `Row ${r + 1}'s first cell has several lines, which a simple table cannot hold; it was not changed.` };
  }
  if (t.headerRows >= t.rows && t.headerRows > 0) return { message: 'This table has no body rows, which a simple table with a header needs; it was not changed.' };
  const firstText = (c: ModelCell) => (c.lines.length ? c.lines : ['..']);
  const widths = new Array<number>(t.columns).fill(1);
  for (const cells of rows) {
    cells.forEach((c, col) => {
      for (const l of col === 0 ? firstText(c) : c.lines) widths[col] = Math.max(widths[col], tableWidth(l));
    });
  }
  const border = widths.map((w) => '='.repeat(w)).join('  ');
  const out = [border];
  rows.forEach((cells, r) => {
    const height = Math.max(1, ...cells.map((c, col) => (col === 0 ? firstText(c) : c.lines).length));
    for (let i = 0; i < height; i++) {
      let line = '';
      cells.forEach((c, col) => {
        const text = (col === 0 ? firstText(c) : c.lines)[i] ?? '';
        line += col < t.columns - 1 ? text + ' '.repeat(widths[col] - tableWidth(text) + 2) : text;
      });
      out.push(line.trimEnd());
    }
    if (t.headerRows > 0 && r === t.headerRows - 1) out.push(border);
  });
  out.push(border);
  return out;
}

/** A `list-table` directive: one bullet item per row holding one per cell; `:header-rows:` when there is a header. */
export function writeList(t: TableModel): string[] | { message: string } {
  if (t.cells.some((c) => c.rowSpan > 1 || c.colSpan > 1)) return { message: 'This table has merged cells, which a list-table cannot hold; it was not changed.' };
  const rows: ModelCell[][] = Array.from({ length: t.rows }, () => []);
  for (const c of t.cells) rows[c.row][c.col] = c;
  const out = ['.. list-table::'];
  if (t.headerRows) out.push(`   :header-rows: ${t.headerRows}`);
  out.push('');
  for (const cells of rows) {
    cells.forEach((c, col) => {
      const bullet = col === 0 ? '   * - ' : '     - ';
      if (!c.lines.length) out.push(bullet.trimEnd());
      c.lines.forEach((l, i) => out.push(i === 0 ? bullet + l : l ? '       ' + l : ''));
    });
  }
  return out;
}
