import type { Line } from './types';

/** Offsets where each line starts (a line break is \n, \r\n or a lone \r). */
export function buildLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** 0-based line and UTF-16 character of an offset (clamped into the text). */
export function offsetToPosition(starts: number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: Math.max(0, offset - starts[lo]) };
}

/** Column after expanding tabs to multiples of 8, as docutils does (`str.expandtabs()`). */
export function expandedColumn(text: string, from: number, to: number): number {
  let col = 0;
  for (let i = from; i < to; i++) col = text.charCodeAt(i) === 9 ? (col + 8) - (col % 8) : col + 1;
  return col;
}

/** Builds the line table: offsets, indentation (tabs expanded) and blankness of every line. */
export function buildLines(text: string): Line[] {
  const starts = buildLineStarts(text);
  const lines: Line[] = new Array(starts.length);
  for (let n = 0; n < starts.length; n++) {
    const start = starts[n];
    let end = n + 1 < starts.length ? starts[n + 1] : text.length;
    if (n + 1 < starts.length) {
      end--; // the \n or lone \r
      if (text.charCodeAt(end) === 10 && end > start && text.charCodeAt(end - 1) === 13) end--;
    }
    let i = start;
    let indent = 0;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 32) indent++;
      else if (c === 9) indent = indent + 8 - (indent % 8);
      else if (c === 12 || c === 11) indent++; // form feed and vertical tab count as white space
      else break;
    }
    // `n` and `mcol` let the block parser use these objects directly as its top-level lines.
    lines[n] = { n, start, end, indent, textStart: i, blank: i >= end, mcol: 0 } as Line;
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
