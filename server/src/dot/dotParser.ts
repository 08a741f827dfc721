import { Parser, parseError, scanError, errorSource, type SourceFile } from 'dot-language-support';
import type { RstProblem } from '../rst/types';

/** A problem in DOT text: offsets are into the DOT text the check was given. */
export type DotProblem = RstProblem;

export interface ParsedDot {
  text: string;
  /** The syntax tree, or undefined when the text could not be parsed at all (too deep, parser failure). */
  file?: SourceFile;
  problems: DotProblem[];
}

/** Deeper nesting than this is reported instead of parsed: the parser recurses once per level. */
export const MAX_NESTING = 200;
/** At most this many syntax errors per diagram: a binary blob would otherwise give one per byte. */
export const MAX_SYNTAX_PROBLEMS = 50;

/**
 * Parses DOT with dot-language-support's error-tolerant parser (exact ranges, recovery). Never throws:
 * nesting deeper than {@link MAX_NESTING} (the parser would overflow the stack) and any failure of the
 * parser itself become diagnostics. Only the parser is used, not the library's binder, which throws on
 * inputs such as `node` without an attribute list or `graph -- x;`.
 */
/**
 * Parses are cached by text (a few dozen diagrams): every keystroke re-checks a document, but only the
 * diagram being edited has new text, and a 5,000-node diagram takes a noticeable time to parse.
 */
const parseCache = new Map<string, ParsedDot>();
const PARSE_CACHE_SIZE = 64;

export function parseDot(text: string): ParsedDot {
  const hit = parseCache.get(text);
  if (hit) {
    parseCache.delete(text);
    parseCache.set(text, hit);
    return hit;
  }
  const parsed = parseDotUncached(text);
  parseCache.set(text, parsed);
  if (parseCache.size > PARSE_CACHE_SIZE) parseCache.delete(parseCache.keys().next().value as string);
  return parsed;
}

function parseDotUncached(text: string): ParsedDot {
  const deep = findDeepNesting(text);
  if (deep !== undefined) {
    return {
      text,
      problems: [
        {
          start: deep,
          end: deep + 1,
          code: 'dot.too-deep',
          message: `Subgraphs or attribute lists are nested more than ${MAX_NESTING} levels deep; the diagram is not checked further.`,
        },
      ],
    };
  }
  // Graphviz allows line breaks inside quoted strings, the parser's scanner does not: blank them out
  // (same length, so every offset stays put).
  const { masked, multiline } = maskStringLineBreaks(text);
  let file: SourceFile;
  try {
    file = new Parser().parse(masked);
  } catch (e) {
    return {
      text,
      problems: [{ start: 0, end: Math.min(text.length, 1), code: 'dot.syntax', message: `The DOT parser failed on this diagram: ${e instanceof Error ? e.message : String(e)}` }],
    };
  }
  const problems: DotProblem[] = [];
  let lastStart = -1;
  for (const d of file.diagnostics) {
    if (problems.length >= MAX_SYNTAX_PROBLEMS) {
      problems.push({ start: d.start, end: d.start, code: 'dot.syntax', message: `More than ${MAX_SYNTAX_PROBLEMS} syntax errors; the rest are not shown.` });
      break;
    }
    if (d.start === lastStart) continue; // one error per position is enough
    lastStart = d.start;
    if (isStatementComma(masked, d.start, d.end)) continue;
    const trailing = d.code.source === errorSource.Parse && d.code.sub === parseError.TrailingData;
    if (trailing) {
      problems.push({
        start: d.start,
        end: Math.max(text.trimEnd().length, d.start + 1),
        code: 'dot.trailing-content',
        message: 'Content after the end of the graph: native dot (and so Sphinx) fails on it, and wasm Graphviz silently ignores it.',
      });
      continue;
    }
    const unterminated = d.code.source === errorSource.Scan && d.code.sub === scanError.Unterminated;
    problems.push({
      start: d.start,
      end: Math.max(d.end, d.start),
      code: 'dot.syntax',
      message: unterminated ? unterminatedMessage(text, d.start) : d.message,
    });
  }
  hintUnterminatedString(text, multiline, problems);
  return { text, file, problems };
}

/**
 * A string that runs over several lines and is followed, on the line where it ends, by a syntax error is
 * most likely missing its closing quote: say so at the opening quote, where the mistake is.
 */
function hintUnterminatedString(text: string, multiline: readonly { open: number; close: number }[], problems: DotProblem[]): void {
  const first = problems.find((p) => p.code === 'dot.syntax');
  if (!first) return;
  for (const s of multiline) {
    if (s.close > first.start) break;
    const lineEnd = text.indexOf('\n', s.close);
    if (lineEnd >= 0 && first.start > lineEnd) continue;
    const openLineEnd = text.slice(s.open).search(/\r?\n|\r/);
    // Every quote after the missing one pairs up wrongly: the syntax errors after the first one follow
    // from it and would only bury it.
    const firstIndex = problems.indexOf(first);
    for (let i = problems.length - 1; i > firstIndex; i--) if (problems[i].code === 'dot.syntax') problems.splice(i, 1);
    problems.unshift({
      start: s.open,
      end: openLineEnd < 0 ? text.length : s.open + openLineEnd,
      code: 'dot.syntax',
      message: 'Unterminated string? This quoted string runs on over the line break and a syntax error follows where it ends: is its closing " missing?',
    });
    return;
  }
}

/**
 * Replaces line breaks inside quoted strings by spaces. A string left open at the end of the text is kept
 * as it is (the parser then reports it at its first line break, next to the opening quote). Also returns
 * where the strings that span lines open and close.
 */
export function maskStringLineBreaks(text: string): { masked: string; multiline: { open: number; close: number }[] } {
  const multiline: { open: number; close: number }[] = [];
  let out: string[] | undefined;
  const n = text.length;
  let lineStart = true;
  let labelEnd: ((open: number) => number | undefined) | undefined;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lineStart = true;
      continue;
    }
    const atLineStart = lineStart;
    if (c !== 32 && c !== 9) lineStart = false;
    if (c === 34 /* " */) {
      const open = i;
      let j = i + 1;
      let breaks = false;
      while (j < n && text.charCodeAt(j) !== 34) {
        const d = text.charCodeAt(j);
        if (d === 92 /* \\ */) j++;
        else if (d === 10 || d === 13) breaks = true;
        j++;
      }
      if (j >= n) return { masked: out ? out.join('') : text, multiline }; // unterminated: leave it
      if (breaks) {
        out ??= text.split('');
        for (let k = open; k < j; k++) if (out[k] === '\n' || out[k] === '\r') out[k] = ' ';
        multiline.push({ open, close: j });
      }
      i = j;
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 1;
    } else if ((c === 47 && text.charCodeAt(i + 1) === 47) || (c === 35 /* # */ && atLineStart)) {
      while (i + 1 < n && text.charCodeAt(i + 1) !== 10 && text.charCodeAt(i + 1) !== 13) i++;
    } else if (c === 60 /* < */) {
      const end = (labelEnd ??= htmlLabelEnds(text))(i);
      if (end !== undefined) i = end - 1;
    }
  }
  return { masked: out ? out.join('') : text, multiline };
}

/**
 * Graphviz takes one `,` between statements as it takes `;` (`{rank=same; a, b}`); the parser does not.
 * True for such a comma: a lone `,` after a statement, not after another separator or an opening brace.
 */
function isStatementComma(text: string, start: number, end: number): boolean {
  if (text[start] !== ',' || end - start > 1) return false;
  let i = start - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return i >= 0 && !',;{['.includes(text[i]);
}

function unterminatedMessage(text: string, at: number): string {
  const open = text.lastIndexOf('"', at);
  return open >= 0 && open < at ? 'Unterminated string: the closing " is missing.' : 'Unterminated string or HTML label.';
}

/**
 * Offset of the first `{` or `[` that opens nesting level MAX_NESTING + 1, outside strings, HTML labels and
 * comments; undefined when the text stays shallower. Linear.
 */
export function findDeepNesting(text: string): number | undefined {
  let depth = 0;
  const n = text.length;
  let labelEnd: ((open: number) => number | undefined) | undefined;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n && text.charCodeAt(i) !== 34) {
        if (text.charCodeAt(i) === 92 /* \ */) i++;
        i++;
      }
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > MAX_NESTING) return i;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (depth > 0) depth--;
    } else if (c === 60 /* < */) {
      // HTML-like label: skip to the matching >.
      const end = (labelEnd ??= htmlLabelEnds(text))(i);
      if (end !== undefined) i = end - 1;
    }
  }
  return undefined;
}

/**
 * The offset just past the `>` that closes the HTML-like label opening at `open` (a `<`), or undefined.
 * Scans from `open`: for several labels of one text use {@link htmlLabelEnds}, which is linear overall.
 */
export function htmlLabelEnd(text: string, open: number): number | undefined {
  let level = 1;
  let j = open + 1;
  while (j < text.length && level > 0) {
    const d = text.charCodeAt(j);
    if (d === 60) level++;
    else if (d === 62) level--;
    j++;
  }
  return level === 0 ? j : undefined;
}

/**
 * {@link htmlLabelEnd} for every `<` of a text, matched in one pass (the `<` and `>` pair up as brackets,
 * which is what counting levels from each `<` finds): thousands of unmatched `<` no longer make every
 * one of them scan to the end of the text.
 */
export function htmlLabelEnds(text: string): (open: number) => number | undefined {
  // One typed array (a plain array grown to tens of thousands of entries costs far more than its length):
  // a matched `<` holds its end; a `<` still open holds the one below it on the stack, as -(offset + 2).
  const ends = new Int32Array(text.length);
  let top = -1;
  for (let j = 0; j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (d === 60) {
      ends[j] = -(top + 2);
      top = j;
    } else if (d === 62 && top >= 0) {
      const below = -ends[top] - 2;
      ends[top] = j + 1;
      top = below;
    }
  }
  return (open) => (ends[open] > 0 ? ends[open] : undefined);
}
