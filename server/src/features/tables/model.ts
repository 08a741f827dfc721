import { gridSeparators, scanGrid } from '../../rst/tables';
import { columnWidth } from '../../rst/text';
import type { Block, DirectiveBlock, RstDocument, TableBlock } from '../../rst/types';
import { walkBlocks } from '../../rst/walk';

/** One cell of a table: where it sits in the grid and its text, one string per line, common indentation removed. */
export interface ModelCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  lines: string[];
  /** Where the cell is in the source, in lines from the table's first and in the parser's columns (absent on new cells). */
  box?: { top: number; bottom: number; left: number; right: number };
}

/** A table as its cells, independent of how it is written. */
export interface TableModel {
  kind: 'grid' | 'simple' | 'list';
  rows: number;
  columns: number;
  headerRows: number;
  cells: ModelCell[];
  /** The white space before the table's first line (every line of it starts with this). */
  indent: string;
  /** The whole lines of the table in the document (from the start of its first line to the end of its last). */
  start: number;
  end: number;
  /** Read from a ragged grid table: cell boxes give lines, and columns as indices (the lines disagree on positions). */
  ragged?: boolean;
}

export type ReadResult = { table: TableModel } | { message: string };

/**
 * Width of a text as the table parser measures it (docutils pads every East Asian wide or full-width
 * character with one column): one column per character, two for the wide ones.
 */
export function tableWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.codePointAt(0)! >= 0x1100 && columnWidth(ch) === 2 ? 2 : 1;
  return w;
}

/** A line with a NUL after every wide character, so that string indices are the parser's columns. */
export function pad(line: string): string {
  let out = '';
  for (const ch of line) out += ch.codePointAt(0)! >= 0x1100 && columnWidth(ch) === 2 ? ch + '\u0000' : ch;
  return out;
}

/** A cell's text from its lines: pad characters dropped, trailing white space and blank first and last lines removed, dedented. */
function cellText(raw: string[]): string[] {
  let lines = raw.map((l) => l.replace(/\u0000/g, '').trimEnd());
  while (lines.length && !lines[0]) lines.shift();
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  let min = Infinity;
  for (const l of lines) if (l) min = Math.min(min, l.length - l.trimStart().length);
  if (min > 0 && min !== Infinity) lines = lines.map((l) => l.slice(min));
  return lines;
}

/** Where a 0-based line of the document starts and ends (before its line break). */
function lineBounds(doc: RstDocument, n: number): { start: number; end: number } {
  return { start: doc.lines.start[n], end: doc.lines.end[n] };
}

/** The innermost grid or simple table, or `list-table` directive, on the cursor's line. */
export function tableAt(doc: RstDocument, offset: number): TableBlock | DirectiveBlock | undefined {
  let found: TableBlock | DirectiveBlock | undefined;
  const lineOf = lineIndex(doc, offset);
  walkBlocks(doc.blocks, (b: Block) => {
    if (lineOf < b.line || lineOf > b.endLine) return;
    if ((b.kind === 'table' && b.tableType !== 'csv') || (b.kind === 'directive' && b.name === 'list-table')) found = b;
  });
  return found;
}

export function lineIndex(doc: RstDocument, offset: number): number {
  let lo = 0;
  let hi = doc.lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (doc.lines.start[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The table at the cursor as a model, read from the source the way the parser reads it (its grid scanner,
 * its column rules); the parser's own table (cells, spans, header rows) must agree, or the table is left
 * alone with a message. A table the parser rejects gives its message.
 */
export function readTableAt(doc: RstDocument, offset: number): ReadResult {
  const block = tableAt(doc, offset);
  if (!block) {
    const line = lineIndex(doc, offset);
    const bad = doc.problems.find((p) => p.code === 'rst.malformed-table' && lineIndex(doc, p.start) <= line && line <= lineIndex(doc, Math.max(p.start, p.end - 1)));
    if (bad) {
      const ragged = readRaggedGrid(doc, lineIndex(doc, bad.start), lineIndex(doc, Math.max(bad.start, bad.end - 1)));
      return ragged ? { table: ragged } : { message: `This table cannot be read, so it was not changed: ${bad.message}` };
    }
    return { message: 'There is no grid table, simple table or list-table at the cursor.' };
  }
  if (block.kind === 'directive') return readListTable(doc, block);
  return readTable(doc, block);
}

export function readTable(doc: RstDocument, block: TableBlock): ReadResult {
  const first = lineBounds(doc, block.line);
  const last = lineBounds(doc, block.endLine);
  const rawLines: string[] = [];
  for (let n = block.line; n <= block.endLine; n++) {
    const b = lineBounds(doc, n);
    rawLines.push(doc.text.slice(b.start, b.end));
  }
  if (rawLines.some((l) => l.includes('\t'))) return { message: 'This table holds tab characters; it was not changed (replace the tabs with spaces first).' };
  const indent = /^ */.exec(rawLines[0])![0];
  if (rawLines.some((l) => l.trim() && !l.startsWith(indent))) return { message: 'This table’s lines do not share its indentation; it was not changed.' };
  const lines = rawLines.map((l) => pad(l.slice(indent.length)));
  const read = block.tableType === 'grid' ? readGrid(lines) : readSimple(lines);
  if ('message' in read) return read;
  const table: TableModel = { ...read, indent, start: first.start, end: last.end };
  // The parser is the judge of what the table is: the same cells, spans and header rows, or no change.
  const mine = table.cells.map((c) => `${c.row},${c.col},${c.rowSpan},${c.colSpan}`).sort();
  const its = block.cells.map((c) => `${c.row},${c.col},${c.rowSpan},${c.colSpan}`).sort();
  if (mine.join(' ') !== its.join(' ') || table.headerRows !== block.headerRows || table.columns !== block.columns) {
    return { message: 'This table could not be read the way the parser reads it; it was not changed.' };
  }
  return { table };
}

type Shape = Pick<TableModel, 'kind' | 'rows' | 'columns' | 'headerRows' | 'cells'>;

const GRID_HEAD_SEP = /^\+=[=+]+=\+ *$/;

function readGrid(lines: string[]): Shape | { message: string } {
  const width = lines[0].trimEnd().length;
  const grid = lines.map((l, i) => {
    const t = l.trimEnd();
    return i > 0 && GRID_HEAD_SEP.test(t) ? t.replace(/=/g, '-') : t;
  });
  if (grid.some((l) => l.length !== width)) return { message: 'This grid table’s lines are not all as long as its border; it was not changed.' };
  const found = scanGrid(grid);
  if (!found) return { message: 'This grid table’s cells could not be read; it was not changed.' };
  const { rowSeps, colSeps, rowOf, colOf } = gridSeparators(found);
  const headIdx = lines.findIndex((l, i) => i > 0 && GRID_HEAD_SEP.test(l.trimEnd()));
  const cells = found.map((c) => {
    const row = rowOf.get(c.top)!;
    const col = colOf.get(c.left)!;
    return {
      row,
      col,
      rowSpan: rowOf.get(c.bottom)! - row,
      colSpan: colOf.get(c.right)! - col,
      lines: cellText(lines.slice(c.top + 1, c.bottom).map((l) => l.slice(c.left + 1, c.right))),
      box: { top: c.top, bottom: c.bottom, left: c.left, right: c.right },
    };
  });
  return { kind: 'grid', rows: rowSeps.length - 1, columns: colSeps.length - 1, headerRows: headIdx > 0 ? (rowOf.get(headIdx) ?? -1) : 0, cells };
}

const SIMPLE_BORDER = /^=+( +=+)+ *$/;

function readSimple(lines: string[]): Shape | { message: string } {
  const top = lines[0].trimEnd();
  const cols: [number, number][] = [];
  const re = /=+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(top))) cols.push([m.index, m.index + m[0].length]);
  const last = lines.length - 1;
  const headerEnd = lines.findIndex((l, i) => i > 0 && i < last && SIMPLE_BORDER.test(l.trimEnd()));
  const rows: { lines: string[]; header: boolean; top: number; bottom: number }[] = [];
  let current: { lines: string[]; header: boolean; top: number; bottom: number } | undefined;
  for (let i = 1; i < last; i++) {
    const l = lines[i];
    if (i === headerEnd) {
      current = undefined;
      continue;
    }
    if (!l.trim()) {
      current?.lines.push(l);
      continue;
    }
    if (/^[-= ]+$/.test(l.trimEnd()) && l.includes('-')) return { message: 'This simple table has column spans, which formatting does not handle; it was not changed (convert it to a grid table by hand).' };
    const firstCol = l.slice(0, cols[0][1]).trim();
    if (!firstCol && current) {
      current.lines.push(l);
      current.bottom = i;
    } else rows.push((current = { lines: [l], header: headerEnd > 0 && i < headerEnd, top: i, bottom: i }));
  }
  const cells: ModelCell[] = [];
  rows.forEach((r, row) => {
    for (let c = 0; c < cols.length; c++) {
      const left = cols[c][0];
      const right = c === cols.length - 1 ? Infinity : cols[c + 1][0];
      let text = cellText(r.lines.map((l) => l.slice(left, right)));
      // docutils' way of writing an empty first cell: an empty comment.
      if (c === 0 && text.length === 1 && text[0] === '..') text = [];
      cells.push({ row, col: c, rowSpan: 1, colSpan: 1, lines: text, box: { top: r.top, bottom: r.bottom, left, right } });
    }
  });
  return { kind: 'simple', rows: rows.length, columns: cols.length, headerRows: rows.filter((r) => r.header).length, cells };
}

/**
 * A `list-table` as a model: each item of each row's list is a cell, its text the item's lines without the
 * bullet. Only tables whose directive says no more than `:header-rows:` are read (a title or other options
 * could not be carried into a grid or simple table).
 */
function readListTable(doc: RstDocument, block: DirectiveBlock): ReadResult {
  const other = block.options.filter((o) => o.name !== 'header-rows');
  if (block.argument.trim() || other.length) {
    return { message: 'This list-table has a title or options besides :header-rows:, which a grid or simple table cannot hold; it was not changed.' };
  }
  const list = block.body?.filter((b) => b.kind !== 'comment');
  if (!list || list.length !== 1 || list[0].kind !== 'bulletList') return { message: 'This list-table is not one bullet list of bullet lists; it was not changed.' };
  const cells: ModelCell[] = [];
  let columns = -1;
  for (const [row, item] of list[0].items.entries()) {
    const inner = item.body.filter((b) => b.kind !== 'comment');
    if (inner.length !== 1 || inner[0].kind !== 'bulletList') return { message: `Row ${row + 1} of this list-table is not a bullet list; it was not changed.` };
    const items = inner[0].items;
    if (columns >= 0 && items.length !== columns) return { message: `Row ${row + 1} of this list-table has ${items.length} cells, not ${columns}; it was not changed.` };
    columns = items.length;
    items.forEach((cell, col) =>
      cells.push({ row, col, rowSpan: 1, colSpan: 1, lines: itemText(doc, cell), box: { top: cell.line - block.line, bottom: cell.endLine - block.line, left: 0, right: Infinity } }),
    );
  }
  if (columns <= 0) return { message: 'This list-table has no cells; it was not changed.' };
  const headerRows = Number(block.options.find((o) => o.name === 'header-rows')?.value ?? 0) || 0;
  const rows = list[0].items.length;
  const indent = /^ */.exec(doc.text.slice(doc.lines.start[block.line], doc.lines.end[block.line]))![0];
  if (headerRows > rows) return { message: 'This list-table has more header rows than rows; it was not changed.' };
  return { table: { kind: 'list', rows, columns, headerRows, cells, indent, start: doc.lines.start[block.line], end: doc.lines.end[block.endLine] } };
}

/** The text of a list item, without its bullet, dedented to its content column. */
function itemText(doc: RstDocument, item: { markerSpan: { start: number; end: number }; line: number; endLine: number }): string[] {
  const firstStart = doc.lines.start[item.line];
  const firstEnd = doc.lines.end[item.line];
  const afterMarker = item.markerSpan.end;
  let content = afterMarker;
  while (content < firstEnd && doc.text[content] === ' ') content++;
  const column = content < firstEnd ? content - firstStart : afterMarker - firstStart + 1;
  const out: string[] = [doc.text.slice(content, firstEnd)];
  for (let n = item.line + 1; n <= item.endLine; n++) {
    const t = doc.text.slice(doc.lines.start[n], doc.lines.end[n]);
    out.push(t.slice(Math.min(column, t.length - t.trimStart().length)));
  }
  return cellText(out);
}

const RAGGED_BORDER = /^\+(?:[-=]+\+)+$/;

/**
 * A grid table the parser rejects only because its lines are of different lengths (text typed into a
 * cell, or deleted): every line a border (`+---+--+`) or a row (`| a | b |`), every border with the same
 * number of columns and all `-` or all `=`, every row with one `|` between each two columns (so no merged
 * cells and no `|` in the text), borders first and last. Read cell by cell from the separators; anything
 * else is not read.
 */
function readRaggedGrid(doc: RstDocument, from: number, to: number): TableModel | undefined {
  const raw: string[] = [];
  for (let n = from; n <= to; n++) raw.push(doc.text.slice(doc.lines.start[n], doc.lines.end[n]));
  if (raw.length < 3 || raw.some((l) => l.includes('\t'))) return undefined;
  const indent = /^ */.exec(raw[0])![0];
  const lines = raw.map((l) => (l.startsWith(indent) ? l.slice(indent.length).trimEnd() : ''));
  let columns = -1;
  let headerRows = 0;
  let rows = 0;
  let current: string[][] | undefined;
  let rowTop = 0;
  let i = 0;
  const cells: ModelCell[] = [];
  const flush = () => {
    if (!current) return;
    current.forEach((cellLines, col) => cells.push({ row: rows, col, rowSpan: 1, colSpan: 1, lines: cellText(cellLines), box: { top: rowTop, bottom: i - 1, left: col, right: col } }));
    rows++;
    current = undefined;
  };
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (RAGGED_BORDER.test(l)) {
      const parts = l.slice(1, -1).split('+');
      if (columns < 0) columns = parts.length;
      if (parts.length !== columns) return undefined;
      const heads = parts.filter((p) => p[0] === '=');
      if (heads.length && (heads.length !== columns || parts.some((p) => /[-].*=|=.*-/.test(p)))) return undefined;
      if (parts.some((p) => p.includes('=') && p.includes('-'))) return undefined;
      if (i > 0 && !current) return undefined; // two borders with no row between
      flush();
      if (heads.length) {
        if (headerRows || i === 0 || i === lines.length - 1) return undefined;
        headerRows = rows;
      }
      continue;
    }
    if (i === 0 || !l.startsWith('|') || !l.endsWith('|') || l.length < 2) return undefined;
    const parts = l.slice(1, -1).split('|');
    if (parts.length !== columns) return undefined;
    if (!current) rowTop = i;
    current ??= parts.map(() => []);
    parts.forEach((p, c) => current![c].push(p.startsWith(' ') ? p.slice(1) : p));
  }
  if (current || !RAGGED_BORDER.test(lines[lines.length - 1])) return undefined;
  // Each cell's lines keep their indentation relative to each other (cellText dedents them as the parser would).
  return { kind: 'grid', rows, columns, headerRows, cells, indent, start: doc.lines.start[from], end: doc.lines.end[to], ragged: true };
}
