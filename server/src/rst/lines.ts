import type { VLine } from './blockState';
import type { Line } from './types';

export { buildLineStarts, offsetToPosition } from '../common/lines';

/** Column after expanding tabs to multiples of 8, as docutils does (`str.expandtabs()`). */
export function expandedColumn(text: string, from: number, to: number): number {
  let col = 0;
  for (let i = from; i < to; i++) col = text.charCodeAt(i) === 9 ? (col + 8) - (col % 8) : col + 1;
  return col;
}

/** Builds the line table: offsets, indentation (tabs expanded) and blankness of every line, in one pass. */
export function buildLines(text: string): Line[] {
  const lines: Line[] = [];
  const len = text.length;
  const noCR = text.indexOf('\r') < 0; // then a line ends at the next \n, found by indexOf
  let start = 0;
  for (;;) {
    // Indentation first, then the rest of the line up to its break.
    let i = start;
    let indent = 0;
    for (; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c === 32) indent++;
      else if (c === 9) indent = indent + 8 - (indent % 8);
      else if (c === 12 || c === 11) indent++; // form feed and vertical tab count as white space
      else break;
    }
    let end: number;
    if (noCR) {
      end = i < len && text.charCodeAt(i) === 10 ? i : text.indexOf('\n', i);
      if (end < 0) end = len;
    } else {
      end = i;
      while (end < len) {
        const c = text.charCodeAt(end);
        if (c === 10 || c === 13) break;
        end++;
      }
    }
    const textStart = i; // the indentation scan stops at the line break at the latest
    // `n` and `mcol` let the block parser use these objects directly as its top-level lines.
    lines.push({ n: lines.length, start, end, indent, textStart, blank: textStart >= end, mcol: 0 } as Line);
    if (end >= len) break;
    start = text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
  }
  return lines;
}

/**
 * Offset of column `col` (tab-expanded) within a line; a column inside a tab maps to the tab's end.
 * Used to strip a common indentation from a block.
 */
export function offsetAtColumn(text: string, line: Line, col: number): number {
  let c = 0;
  let i = line.start;
  while (i < line.end && c < col) {
    c = text.charCodeAt(i) === 9 ? c + 8 - (c % 8) : c + 1;
    i++;
  }
  return i;
}

/** Lines of a block with blank lines at both ends removed. */
export function trimBlank(lines: VLine[]): VLine[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a].blank) a++;
  while (b > a && lines[b - 1].blank) b--;
  return a === 0 && b === lines.length ? lines : lines.slice(a, b);
}
