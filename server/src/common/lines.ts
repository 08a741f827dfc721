/** Offsets where each line starts (a line break is \n, \r\n or a lone \r). */
export function buildLineStarts(text: string): number[] {
  const starts = [0];
  if (text.indexOf('\r') < 0) {
    // The common case: a native search for each \n instead of a look at every character.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
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

/**
 * The index of the line holding `offset`: the last of `count` lines whose start (`startOf`, never
 * decreasing) is at or before it; 0 before the first. A binary search.
 */
export function lineIndex(count: number, startOf: (i: number) => number, offset: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (startOf(mid) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The index of the line holding `offset` in a table of line starts. */
export function lineOfOffset(starts: ArrayLike<number>, offset: number): number {
  return lineIndex(starts.length, (i) => starts[i], offset);
}

/** 0-based line and UTF-16 character of an offset (clamped into the text). */
export function offsetToPosition(starts: ArrayLike<number>, offset: number): { line: number; character: number } {
  const line = lineOfOffset(starts, offset);
  return { line, character: Math.max(0, offset - starts[line]) };
}
