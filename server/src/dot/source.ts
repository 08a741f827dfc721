import { buildLineStarts, lineIndex, lineOfOffset } from '../common/lines';
import { LruMap } from '../common/lru';
import type { LineTable, Span } from '../rst/types';

/**
 * One diagram's DOT and how its positions map back to the file that holds it (the host: an `.rst` file
 * for a directive, the `.dot` file itself otherwise).
 *
 * Two texts, because two consumers want different things:
 * - `parserText` is what our DOT parser reads. For a directive it is the RST content lines verbatim
 *   (indentation kept: it is white space to DOT), so an offset in it is the RST offset minus a constant,
 *   tabs included; `graph`/`digraph` add Sphinx's header line and closing brace around it.
 * - `graphvizText` is byte for byte what Sphinx hands to dot (content dedented, tabs expanded, lines
 *   joined with `\n`, no trailing newline; `graph`/`digraph` wrapped as `digraph name {\n...\n}\n`),
 *   so layouts are cached by what really renders and Graphviz's line numbers mean what they mean in Sphinx.
 */
export interface DotSource {
  parserText: string;
  graphvizText: string;
  /** Host offset of an offset in `parserText`. */
  toHost(offset: number): number;
  /**
   * Host span of Graphviz's 1-based line `line` of `graphvizText` (the line's text without its
   * indentation); with `near`, the span of the first occurrence of that token on the line, when found.
   */
  graphvizLine(line: number, near?: string): Span;
  /** Where to report a problem of the whole diagram (the directive name, or the start of a file). */
  anchor: Span;
  /** 0-based host line of a host offset. */
  hostLine(offset: number): number;
}

/** A DOT file (or any standalone DOT text): every mapping is the identity. */
export function dotFileSource(text: string): DotSource {
  const starts = buildLineStarts(text);
  return {
    parserText: text,
    graphvizText: text,
    toHost: (o) => clamp(o, 0, text.length),
    graphvizLine(line, near) {
      const i = clamp(line - 1, 0, starts.length - 1);
      const s = starts[i];
      let e = i + 1 < starts.length ? starts[i + 1] - 1 : text.length;
      if (e > s && text.charCodeAt(e - 1) === 13) e--;
      return spanOnLine(text, s, e, near);
    },
    anchor: { start: 0, end: Math.min(text.length, firstLineEnd(text)) },
    hostLine: (offset) => lineOfOffset(starts, offset),
  };
}

/** The content of a `graph`/`digraph` directive is wrapped by Sphinx. */
export interface DotWrapper {
  keyword: 'graph' | 'digraph';
  /** The directive argument (the graph name), inserted verbatim. */
  name: string;
  nameSpan: Span;
}

export interface EmbeddedContent {
  /** 0-based first and last (inclusive) content lines; undefined when the directive has no content. */
  firstLine: number;
  lastLine: number;
  /** Columns of indentation docutils removes from each content line. */
  indent: number;
}

/** A directive's two DOT texts, made from its content as written (a pure function of these fields). */
interface EmbeddedTexts {
  indent: number;
  header: string;
  /** A copy of the content as written (the cache's key). */
  slice: string;
  parserText: string;
  graphvizText: string;
}

/**
 * The texts of the diagrams checked lately, by their content as written: a keystroke outside a diagram makes
 * neither text again (each diagram of the seed guide was dedented and joined on every keystroke: 17% of
 * what a keystroke allocated). Bounded like the DOT caches it feeds, in entries and characters.
 */
const textsCache = new LruMap<string, EmbeddedTexts>(1024, (key) => key.length, 4_000_000);

/**
 * The DOT of a directive's content. `anchor` is the directive name; `content` undefined means no content
 * (a `graph` directive may still produce a DOT text from its wrapper); `emptyAt` is where an absent
 * content would be (the end of the directive's first line).
 */
export function embeddedSource(
  text: string,
  lines: LineTable,
  content: EmbeddedContent | undefined,
  anchor: Span,
  wrapper?: DotWrapper,
  emptyAt = anchor.end,
): DotSource {
  const base = content ? lines.start[content.firstLine] : emptyAt;
  const contentEnd = content ? lines.end[content.lastLine] : emptyAt;
  const header = wrapper ? `${wrapper.keyword} ${wrapper.name} {\n` : '';
  let texts: EmbeddedTexts | undefined;
  if (content) {
    // Looked up by a slice of the document, which is never stored: the cache keeps its own copy.
    const hit = textsCache.peek(text.slice(base, contentEnd));
    if (hit && hit.indent === content.indent && hit.header === header) {
      texts = hit;
      textsCache.set(hit.slice, hit); // the most recently used, under the copy it was stored with
    }
  }
  if (!texts) {
    // Both texts are made from a copy of the content, never from slices of the document: they key the DOT
    // caches (checks, parses, models, layouts, drawings), which outlive the document's version.
    const slice = detach(text.slice(base, contentEnd));
    const dedented: string[] = [];
    if (content) {
      for (let n = content.firstLine; n <= content.lastLine; n++) {
        // docutils' string2lines: whitespace normalised, tabs expanded, trailing white space stripped.
        dedented.push(dropColumns(expandTabs(slice.slice(lines.start[n] - base, lines.end[n] - base).replace(/[\v\f]/g, ' ')).trimEnd(), content.indent));
      }
    }
    texts = {
      indent: content?.indent ?? 0,
      header,
      slice,
      parserText: wrapper ? `${header}${slice}\n}` : slice,
      graphvizText: wrapper ? `${header}${dedented.join('\n')}\n}\n` : dedented.join('\n'),
    };
    if (content) textsCache.set(slice, texts);
  }
  const { slice, parserText, graphvizText } = texts;
  const nameAt = wrapper ? wrapper.keyword.length + 1 : 0;

  const toHost = (o: number): number => {
    if (o < header.length) {
      if (wrapper && o >= nameAt && o < nameAt + wrapper.name.length) return Math.min(wrapper.nameSpan.start + (o - nameAt), wrapper.nameSpan.end);
      return o >= nameAt && wrapper ? wrapper.nameSpan.end : anchor.start;
    }
    const inContent = o - header.length;
    if (inContent >= slice.length) return contentEnd;
    return base + inContent;
  };

  const lineSpan = (n: number, near?: string): Span => {
    const end = lines.end[n];
    const textStart = lines.textStart[n];
    return spanOnLine(text, textStart >= end ? lines.start[n] : textStart, end, near);
  };

  return {
    parserText,
    graphvizText,
    toHost,
    graphvizLine(line, near) {
      let index = line - 1; // 0-based line of graphvizText
      if (wrapper) {
        if (index <= 0) return wrapper.nameSpan.end > wrapper.nameSpan.start ? wrapper.nameSpan : anchor;
        index--;
      }
      if (!content) return anchor;
      const n = clamp(content.firstLine + index, content.firstLine, content.lastLine);
      return lineSpan(n, near);
    },
    anchor,
    hostLine: (offset) => lineIndex(lines.length, (i) => lines.start[i], offset),
  };
}

/**
 * `s` as a string of its own. A slice of a string may share the characters of the whole (V8 makes a
 * "sliced string" that keeps its parent alive), so a cache keyed by a slice of a document's text keeps that
 * whole version of the document: typing in a diagram of a 1 MB document kept every version's text through
 * the DOT check cache (300 keystrokes: 325 MB). A concatenation read by `slice` is flattened into a new
 * string first, so the result shares nothing with `s`'s parent; in an engine that copies on `slice`, it is
 * just a copy.
 */
function detach(s: string): string {
  return s.length === 0 ? s : (' ' + s).slice(1);
}

/** The span of `near` on the host line [start, end), or the whole (trimmed) line. */
function spanOnLine(text: string, start: number, end: number, near?: string): Span {
  if (near) {
    const at = text.slice(start, end).indexOf(near);
    if (at >= 0) return { start: start + at, end: start + at + near.length };
  }
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return { start, end: e };
}

/** Python's `str.expandtabs()` (tab stops every 8 columns), which docutils applies to every line. */
export function expandTabs(s: string): string {
  if (!s.includes('\t')) return s;
  let out = '';
  let col = 0;
  for (const ch of s) {
    if (ch === '\t') {
      const n = 8 - (col % 8);
      out += ' '.repeat(n);
      col += n;
    } else {
      out += ch;
      col = ch === '\n' || ch === '\r' ? 0 : col + 1;
    }
  }
  return out;
}

/** Removes the first `n` columns of an already tab-expanded line (a shorter line is blank). */
function dropColumns(s: string, n: number): string {
  return s.length <= n ? '' : s.slice(n);
}

function firstLineEnd(text: string): number {
  const i = text.search(/\r?\n|\r/);
  return i < 0 ? text.length : i;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(Math.max(n, lo), hi);
}
