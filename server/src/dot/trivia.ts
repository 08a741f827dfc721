/**
 * The offset of the first character at or after `pos` that is not white space or a comment (`//`, `#` and
 * `/* ... *\/`), as the DOT scanner skips them. Ours rather than the parser library's: that one never moves
 * past a carriage return not followed by a line feed, so a lone `\r` in a diagram hung the server.
 */
export function skipTrivia(text: string, pos: number): number {
  let i = Math.max(0, pos);
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 11 || c === 12 || c === 13) {
      i++;
    } else if (c === 35 /* # */ || (c === 47 /* / */ && text.charCodeAt(i + 1) === 47)) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else break;
  }
  return i;
}
