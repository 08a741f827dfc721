import type { VLine } from './blockState';
import type { LineTable } from './types';

export { buildLineStarts, offsetToPosition } from '../common/lines';

/** Column after expanding tabs to multiples of 8, as docutils does (`str.expandtabs()`). */
export function expandedColumn(text: string, from: number, to: number): number {
  let col = 0;
  for (let i = from; i < to; i++) col = text.charCodeAt(i) === 9 ? (col + 8) - (col % 8) : col + 1;
  return col;
}

/**
 * White space past ASCII by Python's `str.isspace()`, which docutils' `lstrip()` takes as indentation, one column
 * each: the no-break space, the Ogham space mark, the spaces U+2000 to U+200A, the narrow no-break space, the
 * medium mathematical space, the ideographic space, and NEL, U+2028 and U+2029 (line breaks to Python, which
 * `splitlines()` ends a line at: here they stay inside it, as white space).
 */
function isUnicodeSpace(c: number): boolean {
  return c === 0xa0 || c === 0x85 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/**
 * The columns of the line table being built: four columns of `scratchLines` entries each, kept from one
 * table to the next, so that one pass fills them and the table is then one native copy of the right size
 * (counting the lines first cost a second pass over the text). Not kept past a million lines.
 */
let scratchLines = 4096;
let scratch = new Int32Array(4 * scratchLines);
const SCRATCH_KEPT = 1 << 20;

/** Builds the line table: offsets, indentation (tabs expanded) and blankness of every line, in one pass. */
export function buildLines(text: string): LineTable {
  const len = text.length;
  const noCR = text.indexOf('\r') < 0; // then a line ends at the next \n, found by indexOf
  let cap = scratchLines;
  let s = scratch;
  let start = 0;
  let n = 0;
  for (; ; n++) {
    if (n === cap) {
      // More lines than the columns hold: twice as many, the lines so far copied over.
      const wider = new Int32Array(8 * cap);
      for (let k = 0; k < 4; k++) wider.set(s.subarray(k * cap, k * cap + n), 2 * k * cap);
      s = wider;
      cap *= 2;
    }
    // Indentation first, then the rest of the line up to its break.
    let i = start;
    let indent = 0;
    for (; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c === 32) indent++;
      else if (c === 9) indent = indent + 8 - (indent % 8);
      else if (c === 12 || c === 11) indent++; // form feed and vertical tab count as white space
      // After a space, docutils measures indentation with Python's `lstrip()`, which strips more white space
      // (deform's no-break spaces); a line that starts with one is not indented (its transitions match ' +').
      else if (indent > 0 && (c > 127 ? isUnicodeSpace(c) : c === 31)) indent++;
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
    // A line of white space only is blank, whatever white space (docutils' `rstrip()` empties it).
    if (i < end && text.charCodeAt(i) > 127 && isUnicodeSpace(text.charCodeAt(i))) {
      let j = i + 1;
      for (; j < end; j++) {
        const c = text.charCodeAt(j);
        if (!(c === 32 || c === 9 || c === 11 || c === 12 || c === 31 || (c > 127 && isUnicodeSpace(c)))) break;
      }
      if (j === end) i = end;
    }
    s[n] = start;
    s[cap + n] = end;
    s[2 * cap + n] = i; // the indentation scan stops at the line break at the latest
    s[3 * cap + n] = indent;
    if (end >= len) break;
    start = text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
  }
  if (cap <= SCRATCH_KEPT) {
    scratch = s;
    scratchLines = cap;
  }
  const count = n + 1;
  // One buffer for the four columns: one allocation per document (the index keeps one table per file).
  const data = new Int32Array(4 * count);
  for (let k = 0; k < 4; k++) data.set(s.subarray(k * cap, k * cap + count), k * count);
  return {
    length: count,
    start: data.subarray(0, count),
    end: data.subarray(count, 2 * count),
    textStart: data.subarray(2 * count, 3 * count),
    indent: data.subarray(3 * count, 4 * count),
  };
}

/**
 * The top-level line objects, kept from one parse to the next: once a parse has returned nothing holds them
 * (no node and no problem keeps a line; the document keeps its `LineTable`), so the next parse rewrites them
 * instead of making new ones. Typing in a document of thousands of lines then allocates no line objects, and
 * the collector never copies them. A parse that starts while another is running (a CSV cell's body) makes
 * its own. At most `ROOT_POOL_MAX` are kept (about 6 MB).
 */
const rootPool: VLine[] = [];
const ROOT_POOL_MAX = 65536;
let rootPoolBusy = false;

/**
 * The nested lines the parser makes for a construct's body (`indented`, a table's cells), kept as a stack from
 * one construct to the next and from one parse to the next: the lines a construct made are dead once it has
 * returned (no node, problem or cache keeps one), so `parseBody` takes the stack back to where it was before
 * each construct (`nestedMark`, `nestedRelease`) and the next construct rewrites them. A parse started
 * inside another (a CSV cell's) takes its lines above the outer one's. At most `NESTED_POOL_MAX` are kept.
 */
const nestedPool: VLine[] = [];
const NESTED_POOL_MAX = 65536;
let nestedTop = 0;

/** Where the nested-line stack is: `nestedRelease` with it frees every line taken since. */
export function nestedMark(): number {
  return nestedTop;
}

export function nestedRelease(mark: number): void {
  nestedTop = mark;
}

/** A nested line, valid until the construct that asked for it returns. */
export function nestedLine(n: number, start: number, end: number, textStart: number, mcol: number, indent: number, blank: boolean): VLine {
  let v = nestedTop < nestedPool.length ? nestedPool[nestedTop] : undefined;
  if (v) {
    v.n = n;
    v.start = start;
    v.end = end;
    v.textStart = textStart;
    v.mcol = mcol;
    v.indent = indent;
    v.blank = blank;
  } else {
    v = { n, start, end, textStart, mcol, indent, blank };
    if (nestedTop < NESTED_POOL_MAX && nestedTop === nestedPool.length) nestedPool.push(v);
  }
  nestedTop++;
  return v;
}

/**
 * The lines of a table as the block parser's top-level lines (margin at column 0), and the call that hands
 * them back once the parse has returned (see `rootPool`).
 */
export function topLevelLines(t: LineTable): { lines: VLine[]; release: () => void } {
  const pooled = !rootPoolBusy;
  if (pooled) {
    rootPoolBusy = true;
    nestedTop = 0; // no parse is running: every nested line is free (even after a parse that threw)
  }
  // Sized at once below V8's limit for a fast `new Array(n)` (past it the array would be a dictionary).
  const out: VLine[] = t.length <= 50000 ? new Array(t.length) : [];
  for (let n = 0; n < t.length; n++) {
    const textStart = t.textStart[n];
    const end = t.end[n];
    let v = pooled ? rootPool[n] : undefined;
    if (!v) {
      v = { n, start: 0, end: 0, textStart: 0, mcol: 0, indent: 0, blank: false };
      if (pooled && n < ROOT_POOL_MAX) rootPool.push(v);
    }
    v.n = n;
    v.start = t.start[n];
    v.end = end;
    v.textStart = textStart;
    v.mcol = 0;
    v.indent = t.indent[n];
    v.blank = textStart >= end;
    if (n < out.length) out[n] = v;
    else out.push(v);
  }
  return { lines: out, release: () => void (pooled && (rootPoolBusy = false)) };
}

/**
 * Offset of column `col` (tab-expanded) within a line; a column inside a tab maps to the tab's end.
 * Used to strip a common indentation from a block.
 */
export function offsetAtColumn(text: string, lines: LineTable, n: number, col: number): number {
  let c = 0;
  let i = lines.start[n];
  const end = lines.end[n];
  while (i < end && c < col) {
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
