import { DefaultScanner, Parser, parseError, scanError, errorSource, syntaxKind, type SourceFile, type SyntaxKind } from 'dot-language-support';
import { editDistance } from './catalog';
import { LruMap } from '../common/lru';
import type { RstProblem } from '../rst/types';

/** A problem in DOT text: offsets are into the DOT text the check was given. */
export type DotProblem = RstProblem;

export interface ParsedDot {
  text: string;
  /**
   * The text the parser read: `text` with line breaks inside strings and the commas of node lists made
   * spaces (same length). Node positions include their leading trivia; skip it in this text.
   */
  parserText: string;
  /** The syntax tree, or undefined when the text could not be parsed at all (too deep, parser failure). */
  file?: SourceFile;
  problems: DotProblem[];
  /**
   * Offset of the opening quote of a string whose closing quote is missing, when there is one: Graphviz
   * rejects the whole diagram, and what our parser made of the text after it is not worth checking.
   */
  unterminatedAt?: number;
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
 * diagram being edited has new text, and a 5,000-node diagram takes a noticeable time to parse. Bounded in
 * characters too: a parse takes about 60 bytes per character, and typing in a 5,000-node diagram (190,000
 * characters) filled 64 entries with 700 MB of old versions' parses.
 */
const PARSE_CACHE_SIZE = 64;
const PARSE_CACHE_CHARS = 2_000_000;
const parseCache = new LruMap<string, ParsedDot>(PARSE_CACHE_SIZE, (text) => text.length, PARSE_CACHE_CHARS);

export function parseDot(text: string): ParsedDot {
  const hit = parseCache.get(text);
  if (hit) return hit;
  const parsed = parseDotUncached(text);
  parseCache.set(text, parsed);
  return parsed;
}

function parseDotUncached(text: string): ParsedDot {
  const deep = findDeepNesting(text);
  if (deep !== undefined) {
    return {
      text,
      parserText: text,
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
  const { masked: maskedStrings, multiline, openAtEnd } = maskStringLineBreaks(text);
  const masked = maskNodeListCommas(maskedStrings);
  let file: SourceFile;
  try {
    file = new Parser().parse(masked);
  } catch (e) {
    return {
      text,
      parserText: masked,
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
    const comma = masked[d.start] === ',' && d.end - d.start <= 1;
    problems.push({
      start: d.start,
      end: Math.max(d.end, d.start),
      code: 'dot.syntax',
      message: unterminated
        ? unterminatedMessage(text, d.start)
        : comma
          ? 'Graphviz accepts "," between statements only inside a list of node IDs ("a, b -> c", "{rank=same; a, b}"): here it rejects the diagram; use ";" or a line break.'
          : d.message,
      ...keywordTypo(masked, d, problems.length === 0),
    });
  }
  const unterminatedAt = markUnterminatedString(text, multiline, openAtEnd, problems);
  return { text, parserText: masked, file, problems, unterminatedAt };
}

/** The graph's keyword misspelled (`digrpah G {`): the first syntax error is on it; say which keyword. */
function keywordTypo(text: string, d: { start: number; end: number; message: string }, first: boolean): { message: string; data: { suggestion: string } } | undefined {
  if (!first) return undefined;
  const { start, end } = d;
  const word = text.slice(start, end);
  if (!/^[A-Za-z]+$/.test(word) || /\S/.test(text.slice(0, start).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|^#[^\n]*/gm, ''))) return undefined;
  const lower = word.toLowerCase();
  const keyword = ['digraph', 'graph', 'strict'].find((k) => editDistance(lower, k, 1) <= 1);
  if (!keyword) return undefined;
  return { message: `${d.message.replace(/\.$/, '')}: did you mean "${keyword}"? (Graphviz rejects the diagram)`, data: { suggestion: keyword } };
}

/**
 * A string whose closing quote is missing: Graphviz reads on to the next quote (pairing every quote after
 * it the wrong way) or to the end of the text, and rejects the whole diagram. Our parser reports whatever
 * follows, often many lines later; this finds the quote where the mistake is and reports it there, instead
 * of the syntax errors that only follow from it. The quote is:
 * - the first string that runs over a line break and ends in a way a string does not end: its closing
 *   quote right after `=` or followed by a letter (it opens the next value), or a syntax error on the line
 *   where it ends;
 * - otherwise the string left open at the end of the text.
 * Only when the diagram does not parse (a syntax error, or a string open at the end): a string over
 * several lines is legal DOT. Returns the offset of the quote.
 */
function markUnterminatedString(text: string, multiline: readonly { open: number; close: number }[], openAtEnd: number | undefined, problems: DotProblem[]): number | undefined {
  const firstSyntax = problems.find((p) => p.code === 'dot.syntax' || p.code === 'dot.trailing-content');
  if (!firstSyntax && openAtEnd === undefined) return undefined;
  let open: number | undefined;
  for (const s of multiline) {
    // A syntax error before the string is a mistake of its own.
    if (openAtEnd === undefined && firstSyntax !== undefined && firstSyntax.start < s.open) break;
    const closeLineStart = text.lastIndexOf('\n', s.close) + 1;
    const before = text.slice(closeLineStart, s.close);
    const after = text.charAt(s.close + 1);
    let lineEnd = text.indexOf('\n', s.close);
    if (lineEnd < 0) lineEnd = text.length;
    const errorOnCloseLine = firstSyntax !== undefined && firstSyntax.start >= s.close && firstSyntax.start <= lineEnd;
    if (/=\s*$/.test(before) || /^\s*$/.test(before) || /[\w\u0080-\uffff]/.test(after) || errorOnCloseLine) {
      open = s.open;
      break;
    }
  }
  open ??= openAtEnd;
  if (open === undefined) return undefined;
  // Everything our parser says after the quote follows from it.
  for (let i = problems.length - 1; i >= 0; i--) if ((problems[i].code === 'dot.syntax' || problems[i].code === 'dot.trailing-content') && problems[i].end > open) problems.splice(i, 1);
  const rest = text.slice(open);
  const lineLength = rest.search(/\r?\n|\r/);
  const line = text.slice(0, open).split('\n').length;
  const closedBy = multiline.find((s) => s.open === open);
  problems.unshift({
    start: open,
    end: lineLength < 0 ? text.length : open + Math.max(1, rest.slice(0, lineLength).trimEnd().length),
    code: 'dot.syntax',
    message: closedBy
      ? `Unterminated string (closing " missing): the string opened here, in line ${line}, runs on to the quote in line ${text.slice(0, closedBy.close).split('\n').length}, and Graphviz rejects the diagram.`
      : `Unterminated string (closing " missing): the string opened here, in line ${line}, runs on to the end of the diagram, and Graphviz rejects it.`,
  });
  return open;
}

/**
 * Replaces line breaks inside quoted strings by spaces. A string left open at the end of the text is kept
 * as it is (the parser then reports it at its first line break, next to the opening quote). Also returns
 * where the strings that span lines open and close.
 */
export function maskStringLineBreaks(text: string): { masked: string; multiline: { open: number; close: number }[]; openAtEnd?: number } {
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
      if (j >= n) return { masked: out ? out.join('') : text, multiline, openAtEnd: open }; // unterminated: leave it
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
 * Graphviz's grammar has lists of node IDs where a statement takes one node (`nodelist : node | nodelist
 * ',' node`): `a, b -> c`, `a -> {b, c}`, `{rank=same; a, b}`, `a, b [shape=box]`. The parser we use has
 * no such lists: such a comma becomes a space (same length, so every offset stays put), which reads as
 * the same nodes. A comma elsewhere (after `]`, `}`, an assignment, before a keyword or `{`) stays, and is
 * the syntax error it is for Graphviz too.
 */
export function maskNodeListCommas(text: string): string {
  if (!text.includes(',')) return text;
  const scanner = new DefaultScanner();
  scanner.setText(text);
  // The last two tokens before the comma, and the comma waiting for the token after it.
  let prev: SyntaxKind = syntaxKind.Unknown;
  let prev2: SyntaxKind = syntaxKind.Unknown;
  let bracketDepth = 0;
  let pendingComma = -1;
  let out: string[] | undefined;
  const isId = (k: SyntaxKind) => k === syntaxKind.TextIdentifier || k === syntaxKind.StringLiteral || k === syntaxKind.HtmlIdentifier || k === syntaxKind.NumericIdentifier;
  for (let guard = 0; guard <= text.length + 1; guard++) {
    const token = scanner.scan(true);
    if (token === syntaxKind.EndOfFileToken) break;
    if (pendingComma >= 0) {
      if (isId(token)) (out ??= text.split(''))[pendingComma] = ' ';
      pendingComma = -1;
    }
    if (token === syntaxKind.OpenBracketToken) bracketDepth++;
    else if (token === syntaxKind.CloseBracketToken) bracketDepth = Math.max(0, bracketDepth - 1);
    else if (token === syntaxKind.CommaToken && bracketDepth === 0 && isId(prev) && prev2 !== syntaxKind.EqualsToken) pendingComma = scanner.tokenPos;
    prev2 = prev;
    prev = token;
  }
  return out ? out.join('') : text;
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
