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
export function parseDot(text: string): ParsedDot {
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
  let file: SourceFile;
  try {
    file = new Parser().parse(text);
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
  return { text, file, problems };
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
      let level = 1;
      let j = i + 1;
      while (j < n && level > 0) {
        const d = text.charCodeAt(j);
        if (d === 60) level++;
        else if (d === 62) level--;
        j++;
      }
      if (level === 0) i = j - 1;
    }
  }
  return undefined;
}
