import { parseRst } from '../../rst/parser';
import type { DirectiveRegistry } from '../../rst/registry';
import type { RstDocument } from '../../rst/types';
import type { TextEdit } from '../types';
import { lineIndex, pad, readTableAt, type ModelCell, type TableModel } from './model';
import { writeGrid, writeList, writeSimple } from './write';

/** What can be done to the table at the cursor. */
export const TABLE_OPERATIONS = ['format', 'toGrid', 'toSimple', 'toList', 'addColumn', 'addRow', 'removeColumn', 'removeRow'] as const;
export type TableOperation = (typeof TABLE_OPERATIONS)[number];

/** The edit that replaces the table's lines, or why nothing was changed. */
export type TableEditResult = { edit: TextEdit; table: TableModel } | { message: string };

/** Whether the cursor is on a table the table commands can work on (for code actions): one that can be read. */
export function isOnTable(doc: RstDocument, offset: number): boolean {
  return !('message' in readTableAt(doc, offset));
}

/**
 * Formats, converts or reshapes the table at the cursor. The new text is parsed again and read back: unless
 * it holds the same cells (and the ones the operation adds or removes), nothing is changed and the answer
 * says why. A table the parser rejects is never touched.
 */
export function tableEdit(doc: RstDocument, registry: DirectiveRegistry, offset: number, op: TableOperation): TableEditResult {
  const read = readTableAt(doc, offset);
  if ('message' in read) return read;
  const table = read.table;
  const target = reshape(table, op, cursorCell(doc, table, offset));
  if ('message' in target) return target;
  const kind = op === 'toGrid' ? 'grid' : op === 'toSimple' ? 'simple' : op === 'toList' ? 'list' : table.kind;
  const written = kind === 'grid' ? writeGrid(target) : kind === 'simple' ? writeSimple(target) : writeList(target);
  if ('message' in written) return written;
  const newText = written.map((l) => (l ? table.indent + l : l)).join('\n');
  const check = readBack(newText, registry);
  if ('message' in check) return { message: `The table could not be written as a ${kindName(kind)} without changing its cells; it was not changed. (${check.message})` };
  if (!sameCells(check.table, target)) return { message: `The table could not be written as a ${kindName(kind)} without changing its cells; it was not changed.` };
  return { edit: { start: table.start, end: table.end, newText }, table: check.table };
}

function kindName(kind: TableModel['kind']): string {
  return kind === 'grid' ? 'grid table' : kind === 'simple' ? 'simple table' : 'list-table';
}

/** The written table parsed on its own and read back. */
function readBack(text: string, registry: DirectiveRegistry): { table: TableModel } | { message: string } {
  const doc = parseRst(text + '\n', { registry });
  const { textStart, end } = doc.lines;
  let first = 0;
  while (first < doc.lines.length - 1 && textStart[first] >= end[first]) first++; // the first line that is not blank
  return readTableAt(doc, textStart[first]);
}

function sameCells(a: TableModel, b: TableModel): boolean {
  if (a.rows !== b.rows || a.columns !== b.columns || a.headerRows !== b.headerRows || a.cells.length !== b.cells.length) return false;
  const key = (c: ModelCell) => `${c.row},${c.col},${c.rowSpan},${c.colSpan}\u0000${c.lines.join('\n')}`;
  const x = a.cells.map(key).sort();
  const y = b.cells.map(key).sort();
  return x.every((k, i) => k === y[i]);
}

/** The row and column of the cell under the cursor (on a border, the cell below or to the right of it). */
function cursorCell(doc: RstDocument, t: TableModel, offset: number): { row: number; col: number } {
  const line = lineIndex(doc, offset);
  const y = line - lineIndex(doc, t.start);
  const lineText = doc.text.slice(doc.lines.start[line], offset);
  let x = pad(lineText.slice(Math.min(t.indent.length, lineText.length))).length;
  // A ragged table's boxes hold column indices: the cursor's column is the separators before it on its line.
  if (t.ragged) x = Math.max(0, (lineText.match(/[|+]/g)?.length ?? 1) - 1);
  let best: ModelCell | undefined;
  let bestCost = Infinity;
  for (const c of t.cells) {
    const b = c.box;
    if (!b) continue;
    const dy = y < b.top ? b.top - y : y > b.bottom ? y - b.bottom : 0;
    const dx = x < b.left ? b.left - x : x > b.right ? x - b.right : 0;
    // Inside a box beats its border; ties go to the cell that starts later (below, to the right).
    const cost = (dy + dx) * 4 + (y === b.bottom && t.kind === 'grid' ? 1 : 0) + (x === b.right && t.kind === 'grid' ? 1 : 0);
    if (cost < bestCost || false) {
      best = c;
      bestCost = cost;
    }
  }
  return best ? { row: best.row, col: best.col } : { row: 0, col: 0 };
}

/** The model after the operation (a copy; format and the conversions keep the cells). */
function reshape(t: TableModel, op: TableOperation, at: { row: number; col: number }): TableModel | { message: string } {
  const cells = t.cells.map((c) => ({ ...c, lines: [...c.lines] }));
  switch (op) {
    case 'format':
    case 'toGrid':
    case 'toSimple':
    case 'toList':
      return { ...t, cells };
    case 'addColumn':
      // A new empty column after the cursor's.
      insertAfter(cells, 'col', at.col, t.rows);
      return { ...t, columns: t.columns + 1, cells };
    case 'addRow': {
      insertAfter(cells, 'row', at.row, t.columns);
      // A row added inside the header (not after its last row) belongs to it.
      const headerRows = at.row < t.headerRows - 1 ? t.headerRows + 1 : t.headerRows;
      return { ...t, rows: t.rows + 1, headerRows, cells };
    }
    case 'removeColumn':
      if (t.columns <= 1) return { message: 'A table needs at least one column; nothing was removed.' };
      return { ...t, columns: t.columns - 1, cells: removeAt(cells, 'col', at.col) };
    case 'removeRow': {
      if (t.rows <= 1) return { message: 'A table needs at least one row; nothing was removed.' };
      const headerRows = at.row < t.headerRows ? t.headerRows - 1 : t.headerRows;
      return { ...t, rows: t.rows - 1, headerRows, cells: removeAt(cells, 'row', at.row) };
    }
  }
}

/** A cell's position and span along columns or along rows, and those across them. */
const AXES = {
  col: { pos: 'col', span: 'colSpan', across: 'row', acrossSpan: 'rowSpan' },
  row: { pos: 'row', span: 'rowSpan', across: 'col', acrossSpan: 'colSpan' },
} as const;

/**
 * Inserts an empty column (or row) after column (row) `i`: cells spanning across that boundary widen, the ones
 * after it shift, and each of the `count` rows (columns) that no widened cell covers gets a new empty cell.
 */
function insertAfter(cells: ModelCell[], axis: keyof typeof AXES, i: number, count: number): void {
  const { pos, span, across, acrossSpan } = AXES[axis];
  const covered = new Set<number>();
  for (const x of cells) {
    if (x[pos] <= i && i < x[pos] + x[span] - 1) {
      x[span]++;
      for (let k = x[across]; k < x[across] + x[acrossSpan]; k++) covered.add(k);
    } else if (x[pos] > i) x[pos]++;
  }
  for (let k = 0; k < count; k++) {
    if (!covered.has(k)) cells.push({ row: axis === 'row' ? i + 1 : k, col: axis === 'col' ? i + 1 : k, rowSpan: 1, colSpan: 1, lines: [] });
  }
}

/** The cells without column (or row) `i`: cells only in it go, cells spanning it narrow, the ones after it shift back. */
function removeAt(cells: ModelCell[], axis: keyof typeof AXES, i: number): ModelCell[] {
  const { pos, span } = AXES[axis];
  const kept: ModelCell[] = [];
  for (const x of cells) {
    if (x[pos] <= i && i < x[pos] + x[span]) {
      if (x[span] === 1) continue;
      x[span]--;
    } else if (x[pos] > i) x[pos]--;
    kept.push(x);
  }
  return kept;
}

/**
 * The table's new text as small edits: when the line count is the same, each changed line loses only what
 * lies between the part it shares with its old text at the start and at the end (so a cursor before the
 * change stays where it is, and undo shows what moved); otherwise the one edit of the whole table.
 */
export function minimalEdits(text: string, edit: TextEdit): TextEdit[] {
  const old = text.slice(edit.start, edit.end).split('\n');
  const now = edit.newText.split('\n');
  if (old.length !== now.length) return [edit];
  const out: TextEdit[] = [];
  let at = edit.start;
  for (let i = 0; i < old.length; i++) {
    const a = old[i];
    const b = now[i];
    if (a !== b) {
      let p = 0;
      while (p < a.length && p < b.length && a[p] === b[p]) p++;
      let s = 0;
      while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
      out.push({ start: at + p, end: at + a.length - s, newText: b.slice(p, b.length - s) });
    }
    at += a.length + 1;
  }
  return out;
}
