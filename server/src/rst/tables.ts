import type { BlockState, VLine } from './blockState';
import { expandedColumn, nestedLine } from './lines';
import { columnWidth } from './text';
import type { Block, TableCell } from './types';

const GRID_BORDER = /^\+-[-+]+-\+ *$/;
const GRID_HEAD_SEP = /^\+=[=+]+=\+ *$/;
/** docutils' `simple_table_border_pat`: a bottom border or header separator may be one run (`=====`). */
const SIMPLE_BORDER = /^=+[ =]*$/;
/** A simple table's column span line (docutils' `span_pat`). */
const SPAN_LINE = /^-[ -]*$/;

function malformed(p: BlockState, lines: VLine[], detail?: string): void {
  const s = p.blockSpan(lines);
  p.problem('rst.malformed-table', 'Malformed table.' + (detail ? ' ' + detail : ''), { start: s.start, end: s.end });
}

/** docutils' "Blank line required after table." when the line after a table's lines is not blank. */
function noBlankAfter(p: BlockState, after: VLine | undefined): void {
  if (after && !after.blank) p.problem('rst.table-no-blank-line', 'Blank line required after table.', p.lineSpan(after));
}

/**
 * A table line as docutils sees it: every East Asian wide character followed by a pad character, so
 * that string indices are display columns; `offsets[i]` is the source offset of column `i`.
 */
interface Padded {
  text: string;
  /** Source offset of each display column; absent when the line has no wide character (column = offset). */
  offsets?: number[];
  start: number;
  end: number;
}

/**
 * A table's lines, padded once each: every cell of a row reads the same lines. One map per table, dropped
 * with it (a weak map over every table line of every parse made the collector's work grow).
 */
type PadCache = Map<VLine, Padded>;

function padded(p: BlockState, l: VLine, cache: PadCache): Padded {
  let r = cache.get(l);
  if (!r) cache.set(l, (r = computePadded(p, l)));
  return r;
}

function computePadded(p: BlockState, l: VLine): Padded {
  let slow = false;
  for (let o = l.start; o < l.end && !slow; o++) {
    const c = p.text.charCodeAt(o);
    slow = c >= 0x1100 || c === 9;
  }
  if (!slow) return { text: p.text.slice(l.start, l.end).trimEnd(), start: l.start, end: l.end };
  // docutils expands tabs (of the whole line, to multiples of 8 characters) before it pads wide characters.
  let col = expandedColumn(p.text, p.lines.start[l.n], l.start);
  let text = '';
  const offsets: number[] = [];
  for (let k = l.mcol; k < col; k++) {
    // The margin falls inside a tab: the rest of the tab is white space at the margin.
    text += ' ';
    offsets.push(l.start);
  }
  for (let o = l.start; o < l.end; ) {
    const cp = p.text.codePointAt(o)!;
    const ch = String.fromCodePoint(cp);
    if (ch === '\t') {
      const w = 8 - (col % 8);
      for (let k = 0; k < w; k++) {
        text += ' ';
        offsets.push(o);
      }
      col += w;
      o++;
      continue;
    }
    text += ch.length === 2 ? '\u0000' : ch; // keep one index per character
    offsets.push(o);
    if (columnWidth(ch) === 2) {
      text += '\u0000';
      offsets.push(o);
    }
    col++;
    o += ch.length;
  }
  offsets.push(l.end);
  return { text: text.trimEnd(), offsets, start: l.start, end: l.end };
}

/** The source offset of display column `c` of a padded line. */
function offsetOf(pad: Padded, c: number): number {
  return pad.offsets ? pad.offsets[Math.min(c, pad.offsets.length - 1)] : Math.min(pad.start + c, pad.end);
}

/** The source offset just past display column `c - 1` (the end of a cell's text). */
function endOffsetOf(pad: Padded, c: number): number {
  if (!pad.offsets) return Math.min(pad.start + c, pad.end);
  if (c <= 0) return pad.offsets[0];
  const o = pad.offsets[Math.min(c - 1, pad.offsets.length - 1)];
  let e = Math.min(c, pad.offsets.length - 1);
  while (e < pad.offsets.length - 1 && pad.offsets[e] === o) e++;
  return pad.offsets[e];
}

/** A table cell's lines: display columns `[left, right)` of the table lines, as a nested body sees them. */
function cellLines(p: BlockState, pads: PadCache, rows: VLine[], left: number, right: number): VLine[] {
  const cells = rows.map((l) => {
    const pad = padded(p, l, pads);
    const t = pad.text;
    const z = Math.min(right, t.length);
    let a = left;
    while (a < z && t[a] === ' ') a++;
    let e = z;
    while (e > a && t[e - 1] === ' ') e--;
    return { l, pad, a, e, blank: a >= e };
  });
  let min = Infinity;
  for (const c of cells) if (!c.blank) min = Math.min(min, c.a - left);
  if (min === Infinity) min = 0;
  return cells.map(({ l, pad, a, e, blank }) => {
    const margin = left + min;
    const start = offsetOf(pad, margin);
    if (blank) {
      const end = Math.max(start, Math.min(endOffsetOf(pad, Math.min(right, pad.text.length)), l.end));
      return nestedLine(l.n, end, end, end, l.mcol + margin, 0, true);
    }
    const end = endOffsetOf(pad, e);
    return nestedLine(l.n, Math.min(start, offsetOf(pad, a)), end, offsetOf(pad, a), l.mcol + margin, a - margin, false);
  });
}

/** Grid tables, after docutils' `GridTableParser` (cells found by scanning from their top-left corners). */
export function parseGridTable(p: BlockState, L: VLine[], i: number, out: Block[]): number {
  let j = i;
  let blankFinish = true;
  let unexpected: VLine | undefined;
  while (j < L.length && !L[j].blank) {
    if (L[j].indent > 0) {
      unexpected = L[j];
      blankFinish = false;
      break;
    }
    j++;
  }
  let rows = L.slice(i, j);
  const pads: PadCache = new Map();
  const textOf = (l: VLine) => padded(p, l, pads).text;
  const firstBad = rows.findIndex((l) => !'+|'.includes(p.text[l.textStart]));
  if (firstBad > 0) {
    rows = rows.slice(0, firstBad);
    blankFinish = false;
  }
  let next = i + rows.length;
  if (!GRID_BORDER.test(textOf(rows[rows.length - 1]))) {
    blankFinish = false;
    let k = rows.length - 2;
    while (k > 1 && !GRID_BORDER.test(textOf(rows[k]))) k--;
    if (k <= 1) {
      malformed(p, rows);
      if (unexpected) p.problem('rst.unexpected-indentation', 'Unexpected indentation.', p.lineSpan(unexpected));
      return i + rows.length;
    }
    rows = rows.slice(0, k + 1);
    // docutils then moves back one line too many (`previous_line(len(block) - i + 1)`, still so in its newest
    // release): it reads on from the row above the bottom border, so that row is parsed a second time (a line
    // block, usually) and the border starts another table. Sphinx shows what docutils does, so this does too.
    next = i + k - 1;
  }
  const width = textOf(rows[0]).length;
  for (const r of rows) {
    const t = textOf(r);
    if (t.length !== width || !'+|'.includes(t[t.length - 1])) {
      malformed(p, rows);
      return next;
    }
  }
  const grid = rows.map((r, idx) => {
    const t = textOf(r);
    return idx > 0 && GRID_HEAD_SEP.test(t) ? t.replace(/=/g, '-') : t;
  });
  const headIdx = rows.findIndex((r, idx) => idx > 0 && GRID_HEAD_SEP.test(textOf(r)));
  const cells = scanGrid(grid);
  if (!cells) {
    malformed(p, rows, 'Parse incomplete.');
    return next;
  }
  const { colSeps, rowOf, colOf } = gridSeparators(cells);
  const tableCells: TableCell[] = cells.map((c) => {
    const lines = cellLines(p, pads, rows.slice(c.top + 1, c.bottom), c.left + 1, c.right);
    const row = rowOf.get(c.top)!;
    const col = colOf.get(c.left)!;
    const s = p.blockSpan(lines);
    return {
      start: s.start,
      end: s.end,
      row,
      col,
      rowSpan: rowOf.get(c.bottom)! - row,
      colSpan: colOf.get(c.right)! - col,
      header: headIdx > 0 && c.bottom <= headIdx,
      body: p.parseBody(lines, false),
    };
  });
  const s = p.blockSpan(rows);
  out.push({
    kind: 'table',
    start: s.start,
    end: s.end,
    line: s.line,
    endLine: s.endLine,
    tableType: 'grid',
    cells: tableCells,
    columns: colSeps.length - 1,
    headerRows: headIdx > 0 ? (rowOf.get(headIdx) ?? -1) : 0,
  });
  if (unexpected) p.problem('rst.unexpected-indentation', 'Unexpected indentation.', p.lineSpan(unexpected));
  else if (!blankFinish) noBlankAfter(p, L[next]);
  return next;
}

export interface GridCell {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A min-heap of (row, column) corners, ordered by row then column. */
class CornerHeap {
  private readonly rows: number[] = [];
  private readonly cols: number[] = [];

  get size(): number {
    return this.rows.length;
  }

  private less(i: number, j: number): boolean {
    return this.rows[i] < this.rows[j] || (this.rows[i] === this.rows[j] && this.cols[i] < this.cols[j]);
  }

  private swap(i: number, j: number): void {
    [this.rows[i], this.rows[j]] = [this.rows[j], this.rows[i]];
    [this.cols[i], this.cols[j]] = [this.cols[j], this.cols[i]];
  }

  push(row: number, col: number): void {
    this.rows.push(row);
    this.cols.push(col);
    for (let i = this.rows.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The smallest corner, removed. Only call when `size > 0`. */
  pop(): [number, number] {
    const top: [number, number] = [this.rows[0], this.cols[0]];
    const last = this.rows.length - 1;
    this.swap(0, last);
    this.rows.pop();
    this.cols.pop();
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.rows.length && this.less(l, m)) m = l;
      if (r < this.rows.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
}

/**
 * The row and column separators of a grid's cells, in order, and each one's index by position: a look-up per
 * cell, not a search (a table 16,000 columns wide would otherwise cost columns² steps).
 */
export function gridSeparators(cells: readonly GridCell[]): { rowSeps: number[]; colSeps: number[]; rowOf: Map<number, number>; colOf: Map<number, number> } {
  const rowSeps: number[] = [];
  const colSeps: number[] = [];
  for (const c of cells) {
    rowSeps.push(c.top, c.bottom);
    colSeps.push(c.left, c.right);
  }
  sortedUnique(rowSeps);
  sortedUnique(colSeps);
  return { rowSeps, colSeps, rowOf: new Map(rowSeps.map((x, i) => [x, i])), colOf: new Map(colSeps.map((x, i) => [x, i])) };
}

/** Sorts numbers in place and drops repeats. */
function sortedUnique(xs: number[]): void {
  xs.sort((a, b) => a - b);
  let w = 0;
  for (let r = 0; r < xs.length; r++) if (w === 0 || xs[r] !== xs[w - 1]) xs[w++] = xs[r];
  xs.length = w;
}

export function scanGrid(block: string[]): GridCell[] | undefined {
  const bottom = block.length - 1;
  const right = block[0].length - 1;
  const done = new Array<number>(right + 1).fill(-1);
  const cells: GridCell[] = [];
  // docutils keeps its corners sorted (top, then left) and takes the first: a binary heap gives the same
  // order without re-sorting the list for every cell (a table thousands of columns wide stays linear-ish).
  const corners = new CornerHeap();
  corners.push(0, 0);
  const seen = new Set<string>();
  const at = (r: number, c: number) => block[r]?.[c] ?? ' ';

  const scanUp = (top: number, left: number, b: number): boolean => {
    for (let r = b - 1; r > top; r--) if (at(r, left) !== '+' && at(r, left) !== '|') return false;
    return true;
  };
  const scanLeft = (top: number, left: number, b: number, r: number): boolean => {
    for (let c = r - 1; c > left; c--) if (at(b, c) !== '+' && at(b, c) !== '-') return false;
    return at(b, left) === '+' && scanUp(top, left, b);
  };
  const scanDown = (top: number, left: number, r: number): number | undefined => {
    for (let b = top + 1; b <= bottom; b++) {
      const ch = at(b, r);
      if (ch === '+') {
        if (scanLeft(top, left, b, r)) return b;
      } else if (ch !== '|') return undefined;
    }
    return undefined;
  };
  const scanRight = (top: number, left: number): GridCell | undefined => {
    for (let r = left + 1; r <= right; r++) {
      const ch = at(top, r);
      if (ch === '+') {
        const b = scanDown(top, left, r);
        if (b !== undefined) return { top, left, bottom: b, right: r };
      } else if (ch !== '-') return undefined;
    }
    return undefined;
  };

  let guard = 0;
  while (corners.size && guard++ < 100000) {
    const [top, left] = corners.pop();
    const key = `${top},${left}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (top === bottom || left === right || top <= done[left]) continue;
    if (at(top, left) !== '+') continue;
    const cell = scanRight(top, left);
    if (!cell) continue;
    for (let c = cell.left; c < cell.right; c++) {
      if (done[c] !== top - 1 && done[c] !== -1 && top !== 0) {
        // overlapping cells
      }
      done[c] = cell.bottom - 1;
    }
    cells.push(cell);
    corners.push(cell.top, cell.right);
    corners.push(cell.bottom, cell.left);
  }
  for (let c = 0; c < right; c++) if (done[c] !== bottom - 1) return undefined;
  return cells;
}

/** Simple tables, after docutils' `isolate_simple_table` and `SimpleTableParser`. */
export function parseSimpleTable(p: BlockState, L: VLine[], i: number, out: Block[]): number {
  const pads: PadCache = new Map();
  const textOf = (l: VLine) => padded(p, l, pads).text;
  const top = textOf(L[i]);
  const topLen = top.trim().length;
  let found = 0;
  let foundAt = -1;
  let end = -1;
  let k = i + 1;
  for (; k < L.length; k++) {
    const l = L[k];
    if (!l.blank && l.indent === 0 && SIMPLE_BORDER.test(textOf(l))) {
      if (textOf(l).trim().length !== topLen) {
        malformed(p, L.slice(i, k + 1), 'Bottom/header table border does not match top border.');
        noBlankAfter(p, L[k + 1]);
        return k + 1;
      }
      found++;
      foundAt = k;
      if (found === 2 || k === L.length - 1 || L[k + 1].blank) {
        end = k;
        break;
      }
    }
  }
  if (end < 0) {
    if (found) {
      malformed(p, L.slice(i, foundAt + 1), 'No bottom table border found or no blank line after table bottom.');
      noBlankAfter(p, L[foundAt + 1]);
      return foundAt + 1;
    }
    malformed(p, L.slice(i), 'No bottom table border found.');
    return L.length;
  }
  const rows = L.slice(i, end + 1);
  // Columns from the top border.
  const cols: [number, number][] = [];
  const re = /=+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(top))) cols.push([m.index, m.index + m[0].length]);
  const headerEnd = rows.findIndex((r, idx) => idx > 0 && idx < rows.length - 1 && !r.blank && SIMPLE_BORDER.test(textOf(r)));
  const cells: TableCell[] = [];
  let rowIdx = 0;
  const borderEnd = cols[cols.length - 1][1];
  /**
   * The cells a span line gives the row above it (docutils' `parse_columns` and `init_row`): each run of the
   * line starts where a column starts and ends where one ends (the last one runs on); a string is the error.
   * The header separator and the bottom border are span lines too, as docutils turns their `=` into `-`.
   */
  const spanCells = (t: string, r: number, rowStart: number): { start: number; col: number; span: number }[] | string => {
    const runs: [number, number][] = [];
    const run = /[^ ]+/g;
    let m: RegExpExecArray | null;
    while ((m = run.exec(t))) runs.push([m.index, m.index + m[0].length]);
    if (!runs.length || runs[runs.length - 1][1] !== borderEnd) return `Column span incomplete in table line ${r + 1}.`;
    runs[runs.length - 1][1] = cols[cols.length - 1][1];
    const out: { start: number; col: number; span: number }[] = [];
    let c = 0;
    for (const [from, to] of runs) {
      const first = c;
      while (c < cols.length && cols[c][1] !== to) c++;
      if (first >= cols.length || from !== cols[first][0] || c >= cols.length) return `Column span alignment problem in table line ${rowStart + 2}.`;
      out.push({ start: from, col: first, span: c - first + 1 });
      c++;
    }
    return out;
  };
  /** One row: table lines `from` to `to` (exclusive), its cells from the span line `spanAt` or the columns. */
  const row = (from: number, to: number, spanAt?: number): string | undefined => {
    const lines = rows.slice(from, to);
    if (!lines.length && spanAt === undefined) return undefined;
    const spans = spanAt === undefined ? cols.map(([start], col) => ({ start, col, span: 1 })) : spanCells(textOf(rows[spanAt]).trimEnd(), spanAt, from);
    if (typeof spans === 'string') return spans;
    // Text in the margins between cells is an error (the last cell may run on).
    for (let k = 0; k < lines.length; k++) {
      const t = textOf(lines[k]);
      for (let c = 0; c + 1 < spans.length; c++) {
        const last = spans[c].col + spans[c].span - 1;
        if (t.slice(cols[last][1], spans[c + 1].start).trim()) return `Text in column margin in table line ${from + k + 1}.`;
      }
    }
    const header = headerEnd > 0 && from < headerEnd;
    for (let c = 0; c < spans.length; c++) {
      const right = c === spans.length - 1 ? 100000 : spans[c + 1].start;
      const cl = cellLines(p, pads, lines, spans[c].start, right);
      const sp = p.blockSpan(cl);
      cells.push({ start: sp.start, end: sp.end, row: rowIdx, col: spans[c].col, rowSpan: 1, colSpan: spans[c].span, header, body: p.parseBody(cl, false) });
    }
    rowIdx++;
    return undefined;
  };
  // docutils' `SimpleTableParser.parse_table`: a row starts at a line whose first column holds text and runs
  // to the next such line or to a span line (`-` runs), which also says which columns its cells span.
  let rowStart = 1;
  let textFound = false;
  for (let r = 1; r < rows.length; r++) {
    const l = rows[r];
    const t = textOf(l);
    let error: string | undefined;
    if (r === rows.length - 1 || r === headerEnd || (!l.blank && SPAN_LINE.test(t))) {
      error = row(rowStart, r, r);
      rowStart = r + 1;
      textFound = false;
    } else if (!l.blank && t.slice(cols[0][0], cols[0][1]).trim()) {
      if (textFound && r !== rowStart) error = row(rowStart, r);
      rowStart = r;
      textFound = true;
    } else if (!textFound) rowStart = r + 1;
    if (error) {
      malformed(p, rows, error);
      return end + 1;
    }
  }
  const s = p.blockSpan(rows);
  out.push({
    kind: 'table',
    start: s.start,
    end: s.end,
    line: s.line,
    endLine: s.endLine,
    tableType: 'simple',
    cells: cells.slice(), // exact length: see `parseBody`
    columns: cols.length,
    headerRows: headerEnd > 0 ? new Set(cells.filter((c) => c.header).map((c) => c.row)).size : 0,
  });
  const after = L[end + 1];
  noBlankAfter(p, after);
  return end + 1;
}
