/**
 * The block parser: docutils' Body state machine over a document's lines (a construct is recognised by the
 * first characters of its line), text at the margin, and what the constructs use through `BlockState`
 * (nested lines, inline markup, text mapped from pieces of the document). The constructs are parsed in
 * `sections.ts`, `paragraphs.ts`, `lists.ts`, `tables.ts` and `explicit.ts`.
 */
import { withDerivedSlot } from './derived';
import { parseInline } from './inline';
import { lineIndex } from '../common/lines';
import { buildLines, expandedColumn, nestedLine, nestedMark, nestedRelease, offsetAtColumn, topLevelLines, trimBlank } from './lines';
import type { DirectiveRegistry } from './registry';
import type { BlockState, IndentedBlock, VLine } from './blockState';
import { parseExplicit } from './explicit';
import { bulletList, doctest, enumList, fieldList, isEnumItem, lineBlock, optionHasDescription, optionList, rfc2822FieldList } from './lists';
import { blockQuote, definitionList, paragraph } from './paragraphs';
import { RE, WHITE, at, is, isBulletChar } from './patterns';
import { type TitleLevels, punctuationLine, underlineTitle } from './sections';
import { parseGridTable, parseSimpleTable } from './tables';
import type { Block, Inline, LineTable, RstDocument, RstProblem, SectionBlock, Span } from './types';

export interface ParseOptions {
  registry: DirectiveRegistry;
  /**
   * The document may open with an RFC 2822 header, read as a field list (docutils' `Parser(rfc2822=True)`:
   * PEPs, whose Sphinx project maps `.rst` to such a parser).
   */
  rfc2822?: boolean;
  /**
   * The text of the file a `csv-table`'s `:file:` option names (the path as written: from the document's folder,
   * or the source folder when it starts with `/`), undefined when it is not read; without it no file is read.
   */
  readFile?: (path: string) => string | undefined;
}

export type { IndentedBlock, VLine } from './blockState';

export class RstParser implements BlockState {
  readonly lines: LineTable;
  readonly problems: RstProblem[] = [];
  readonly sections: SectionBlock[] = [];
  /** The title styles met so far and the current section level (`sections.ts`). */
  private readonly titles: TitleLevels = { styles: [], level: 0, sections: this.sections };
  /** The shared blank nested lines, by document line (see `blankLine`). */
  private readonly blanks: (VLine | undefined)[] = [];
  private depth = 0;
  defaultDomain?: string;

  constructor(
    readonly text: string,
    readonly registry: DirectiveRegistry,
    private readonly rfc2822 = false,
    readonly readFile?: (path: string) => string | undefined,
    readonly asBuilt?: (piece: string, partly?: boolean) => string | undefined,
  ) {
    this.lines = buildLines(text);
  }

  parseDocument(): RstDocument {
    const root = topLevelLines(this.lines);
    try {
      let blocks: Block[];
      const header: Block[] = [];
      const next = this.rfc2822 ? rfc2822FieldList(this, root.lines, header) : 0;
      if (next > 0) blocks = [...header, ...this.parseBody(root.lines.slice(next), true)];
      else blocks = this.parseBody(root.lines, true);
      const doc: RstDocument = withDerivedSlot({ text: this.text, lines: this.lines, blocks, sections: this.sections.slice(), problems: this.problems.slice() });
      if (this.asBuilt) doc.asBuilt = this.asBuilt;
      return doc;
    } finally {
      root.release();
    }
  }

  problem(code: string, message: string, span: Span, extra?: Partial<RstProblem>): void {
    const pr: RstProblem = { code, message, start: span.start, end: Math.max(span.start, span.end) };
    this.problems.push(extra ? Object.assign(pr, extra) : pr); // no spread: an object literal with one is built slowly
  }

  inline(start: number, end: number, lines?: VLine[], from = 0, to = lines ? lines.length : 0): Inline[] {
    if (lines) {
      // Lines cut short (table cells) need their surroundings masked, unless the text is on one line: then
      // nothing of another cell lies between its start and end.
      const one = to - from === 1 && start >= lines[from].start && end <= lines[from].end;
      for (let k = from; k < to && !one; k++) {
        const l = lines[k];
        if (l.end !== this.lines.end[l.n]) return this.maskedInline(start, end, from === 0 && to === lines.length ? lines : lines.slice(from, to));
      }
    }
    const r = parseInline(this.text, start, end);
    for (const p of r.problems) this.problems.push(p);
    return r.nodes;
  }

  /**
   * Inline markup of a paragraph whose lines are not contiguous in the source (a table cell: the other
   * cells sit between its lines). Everything outside the lines becomes spaces, the result is parsed on
   * its own, and its offsets are moved back into the document.
   */
  private maskedInline(start: number, end: number, lines: VLine[]): Inline[] {
    const blank = (a: number, b: number) => this.text.slice(a, b).replace(/[^\r\n]/g, ' ');
    let s = '';
    let pos = start;
    for (const l of lines) {
      const a = Math.max(l.start, start);
      const b = Math.min(l.end, end);
      if (b <= a) continue;
      if (a > pos) s += blank(pos, a);
      s += this.text.slice(Math.max(a, pos), b);
      pos = Math.max(pos, b);
    }
    if (end > pos) s += blank(pos, end);
    const r = parseInline(s, 0, s.length);
    for (const p of r.problems) this.problems.push(shiftSpans(p, start));
    return r.nodes.map((n) => shiftSpans(n, start));
  }

  /**
   * Parses `text`, which is not a slice of the document (a CSV cell after unquoting: `""` became `"`),
   * as an RST body. `from[i]` and `to[i]` are the document offsets where character `i` of `text` starts and
   * ends; every node and problem is moved back into the document with them.
   */
  parseMapped(text: string, from: readonly number[], to: readonly number[]): Block[] {
    const sub = new RstParser(text, this.registry, false, this.readFile, this.asBuilt);
    sub.depth = this.depth + 1;
    sub.defaultDomain = this.defaultDomain;
    const root = topLevelLines(sub.lines);
    let blocks: Block[];
    try {
      blocks = sub.parseBody(root.lines, false);
    } finally {
      root.release();
    }
    this.defaultDomain = sub.defaultDomain;
    const n = text.length;
    const base = n ? from[0] : 0;
    const mapStart = (o: number) => (o < n ? from[Math.max(0, o)] : n ? to[n - 1] : base);
    const mapEnd = (o: number) => (o > 0 ? to[Math.min(o, n) - 1] : base);
    const subLine = (line: number) => {
      const t = sub.lines;
      const n = Math.max(0, Math.min(line, t.length - 1));
      return this.lineOf(mapStart(t.textStart[n] < t.end[n] ? t.textStart[n] : t.start[n]));
    };
    const seen = new Set<object>();
    const visit = (node: unknown): void => {
      if (!node || typeof node !== 'object' || seen.has(node)) return;
      seen.add(node);
      if (Array.isArray(node)) {
        for (const x of node) visit(x);
        return;
      }
      const o = node as Record<string, unknown>;
      if (typeof o.start === 'number' && typeof o.end === 'number') {
        const a = mapStart(o.start);
        o.end = Math.max(a, o.start === o.end ? a : mapEnd(o.end));
        o.start = a;
      }
      for (const k of ['line', 'endLine', 'firstLine', 'lastLine']) if (typeof o[k] === 'number') o[k] = subLine(o[k] as number);
      for (const [k, v] of Object.entries(o)) if (v && typeof v === 'object' && k !== 'data') visit(v);
    };
    visit(blocks);
    for (const pr of sub.problems) {
      visit(pr);
      this.problems.push(pr);
    }
    for (const sec of sub.sections) visit(sec);
    return blocks;
  }

  /** 0-based document line of an offset. */
  lineOf(offset: number): number {
    const starts = this.lines.start;
    return lineIndex(this.lines.length, (i) => starts[i], offset);
  }

  /** The text of a line from its margin. */
  lineText(l: VLine): string {
    return this.text.slice(l.start, l.end);
  }

  /** Span of a line's text, without leading and trailing white space. */
  lineSpan(l: VLine): Span {
    return { start: l.textStart, end: this.trimmedSpaceEnd(l.textStart, l.end) };
  }

  /** `end` moved back over white space (JavaScript's `\s`), not before `start`. */
  trimmedSpaceEnd(start: number, end: number): number {
    const t = this.text;
    while (end > start) {
      const c = t.charCodeAt(end - 1);
      if (c === 32 || (c >= 9 && c <= 13)) end--;
      else if (c > 127 && WHITE.test(t[end - 1])) end--;
      else break;
    }
    return end;
  }

  /** A line as seen from a margin `cols` columns further right (a line must have that indentation). */
  shift(l: VLine, cols: number): VLine {
    if (l.blank) return this.blankLine(l, cols);
    const mcol = l.mcol + cols;
    // Without tabs, a column is an offset; with them, walk the line.
    const start = l.textStart - l.start === l.indent ? l.start + cols : offsetAtColumn(this.text, this.lines, l.n, mcol);
    return nestedLine(l.n, Math.min(start, l.textStart), l.end, l.textStart, mcol, l.indent - cols, false);
  }

  /**
   * A blank line as every nested body sees it. Its margin column is never read (nothing starts on a blank
   * line), so one object per document line serves all nesting levels; a blank line cut short (a table
   * cell) gets its own.
   */
  private blankLine(l: VLine, cols: number): VLine {
    if (l.end !== this.lines.end[l.n]) return nestedLine(l.n, l.end, l.end, l.end, l.mcol + cols, 0, true);
    let b = this.blanks[l.n];
    if (!b) this.blanks[l.n] = b = { n: l.n, start: l.end, end: l.end, textStart: l.end, mcol: l.mcol + cols, indent: 0, blank: true };
    return b;
  }

  /** A line whose margin starts at `offset` (the first line of a list item, after its marker). */
  startingAt(l: VLine, offset: number): VLine {
    const lineStart = this.lines.start[l.n];
    let ts = offset;
    while (ts < l.end && (this.text[ts] === ' ' || this.text[ts] === '\t')) ts++;
    const mcol = expandedColumn(this.text, lineStart, offset);
    const blank = ts >= l.end;
    return nestedLine(l.n, offset, l.end, ts, mcol, blank ? 0 : expandedColumn(this.text, lineStart, ts) - mcol, blank);
  }

  /**
   * docutils' `get_indented`: the lines from `from` that are blank or indented, up to the first
   * unindented non-blank line; stripped by their smallest indentation. With `firstOffset`, the first
   * line starts at that offset (`get_first_known_indented`) and only the following lines set the indent. With
   * `untilBlank`, the block also ends at its first blank line (a hyperlink target's link).
   */
  indented(L: VLine[], from: number, firstOffset?: number, blockIndent?: number, untilBlank = false): IndentedBlock {
    let end = from;
    if (firstOffset !== undefined) end++;
    let min = Infinity;
    let blankFinish = true;
    while (end < L.length) {
      const l = L[end];
      if (!l.blank && (l.indent === 0 || (blockIndent !== undefined && l.indent < blockIndent))) {
        blankFinish = end > from && L[end - 1].blank;
        break;
      }
      if (l.blank && untilBlank) break;
      if (!l.blank && blockIndent === undefined) min = Math.min(min, l.indent);
      end++;
    }
    const strip = blockIndent ?? (min === Infinity ? 0 : min);
    const out: VLine[] = new Array(end - from);
    let i = from;
    if (firstOffset !== undefined && i < end) out[i++ - from] = this.startingAt(L[from], firstOffset);
    for (; i < end; i++) out[i - from] = this.shift(L[i], strip);
    if (end >= L.length) blankFinish = true;
    return { lines: out, next: end, blankFinish };
  }

  /** The span of the non-blank lines; with `head`, the block starts at that line's text. */
  blockSpan(lines: VLine[], head?: VLine): { start: number; end: number; line: number; endLine: number } {
    let a = 0;
    let z = lines.length;
    while (a < z && lines[a].blank) a++;
    while (z > a && lines[z - 1].blank) z--;
    const first = head ?? (a < z ? lines[a] : lines[0]);
    const last = z > a ? lines[z - 1] : first;
    if (!first) return { start: 0, end: 0, line: 0, endLine: 0 };
    return { start: first.textStart, end: Math.max(last.end, first.textStart), line: first.n, endLine: Math.max(last.n, first.n) };
  }

  /** Warning for a construct that ends without a blank line before unindented text. */
  unindentWarning(construct: string, next: VLine | undefined): void {
    if (!next || next.blank) return;
    this.problem('rst.no-blank-line', `${construct} ends without a blank line; unexpected unindent.`, this.lineSpan(next));
  }

  parseNestedTitles(L: VLine[], raiseToKnownStyle: boolean): Block[] {
    const t = this.titles;
    const outerStyles = t.styles.splice(0);
    const outerLevel = t.level;
    const firstSection = t.sections.length;
    t.level = 0;
    try {
      return this.parseBody(L, true);
    } finally {
      const nested = t.styles.splice(0, t.styles.length, ...outerStyles);
      t.level = outerLevel;
      const known = raiseToKnownStyle && nested.length ? outerStyles.indexOf(nested[0]) : -1;
      const base = known >= 0 ? known : outerLevel;
      for (let k = firstSection; k < t.sections.length; k++) t.sections[k].level += base;
    }
  }

  /** Parses a body (document, section content, list item, block quote, directive content). */
  parseBody(L: VLine[], matchTitles: boolean): Block[] {
    const blocks: Block[] = [];
    if (this.depth > 200) {
      // Deeper nesting than any real document: keep the text, stop recursing.
      const t = trimBlank(L);
      if (t.length) {
        const s = this.blockSpan(t);
        this.problem('rst.unexpected-indentation', 'Nesting too deep to check; the rest of this block is not analysed.', s);
        blocks.push({ kind: 'literal', start: s.start, end: s.end, line: s.line, endLine: s.endLine, text: this.text.slice(s.start, s.end), quoted: false });
      }
      return blocks;
    }
    this.depth++;
    try {
      let i = 0;
      while (i < L.length) {
        const before = i;
        const mark = nestedMark();
        i = this.parseOne(L, i, matchTitles, blocks);
        nestedRelease(mark); // the lines the construct made for its bodies are dead now (see `nestedLine`)
        if (i <= before) i = before + 1; // progress guard: every rule must consume a line
      }
    } finally {
      this.depth--;
    }
    // A copy of exact length: an array grown by `push` keeps room for 17 or more elements, and the parse
    // cache and the workspace index keep every tree (a sixth of a tree's bytes were that spare room).
    return blocks.slice();
  }

  private parseOne(L: VLine[], i: number, matchTitles: boolean, out: Block[]): number {
    const l = L[i];
    if (l.blank) return i + 1;
    if (l.indent > 0) return blockQuote(this, L, i, out);
    const t = this.text;
    const o = l.textStart;
    const c = t.charCodeAt(o);
    // A line starting with a letter or a digit (most lines) can only be an enumerated list item or text.
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || (c > 127 && !isBulletChar(c))) {
      const m = c < 128 ? at(RE.enumerator, t, o) : null;
      if (m && isEnumItem(this, L, i, m)) return enumList(this, L, i, out);
      return this.text_(L, i, matchTitles, out);
    }
    // Every other pattern needs its own first character: only those that can match are run, in docutils' order.
    let m: RegExpExecArray | null;
    if (isBulletChar(c) && is(RE.bullet, t, o)) return bulletList(this, L, i, out);
    if ((c === 35 || c === 40) && (m = at(RE.enumerator, t, o)) && isEnumItem(this, L, i, m)) return enumList(this, L, i, out);
    if (c === 58 && is(RE.fieldMarker, t, o)) return fieldList(this, L, i, out);
    if ((c === 45 || c === 43 || c === 47) && (m = at(RE.optionMarker, t, o)) && optionHasDescription(this, L, i, o + m[0].length)) return optionList(this, L, i, out);
    if (c === 62 && is(RE.doctest, t, o)) return doctest(this, L, i, out);
    if (c === 124 && is(RE.lineBlock, t, o)) return lineBlock(this, L, i, out);
    if (c === 43 && (is(RE.gridTop, t, o) || inCell(RE.gridTop, t, o, l.end))) return parseGridTable(this, L, i, out);
    if (c === 61 && (is(RE.simpleTop, t, o) || inCell(RE.simpleTop, t, o, l.end))) return parseSimpleTable(this, L, i, out);
    if (c === 46 && is(RE.explicit, t, o)) return this.explicitBlocks(L, i, out);
    if (c === 95 && is(RE.anonymous, t, o)) return this.explicitBlocks(L, i, out);
    if (c < 128 && is(RE.line, t, o)) {
      const r = punctuationLine(this, this.titles, L, i, matchTitles, out);
      if (r !== undefined) return r;
    }
    return this.text_(L, i, matchTitles, out);
  }

  // -------------------------------------------------------------------------------------------
  // Text at the margin: a title with an underline only, a definition list or a paragraph
  // -------------------------------------------------------------------------------------------

  private text_(L: VLine[], i: number, matchTitles: boolean, out: Block[]): number {
    const next = L[i + 1];
    if (next && !next.blank && next.indent === 0 && is(RE.line, this.text, next.textStart)) {
      const r = underlineTitle(this, this.titles, L, i, matchTitles, out);
      if (r !== undefined) return r;
    }
    if (next && !next.blank && next.indent > 0) return definitionList(this, L, i, out);
    // Paragraph: lines up to a blank line; an indented line is unexpected.
    let j = i + 1;
    let unexpected: VLine | undefined;
    while (j < L.length && !L[j].blank) {
      if (L[j].indent > 0) {
        unexpected = L[j];
        break;
      }
      j++;
    }
    return paragraph(this, L, i, j, out, unexpected);
  }

  // -------------------------------------------------------------------------------------------
  // Explicit markup: footnotes, citations, targets, substitutions, directives, comments
  // -------------------------------------------------------------------------------------------

  private explicitBlocks(L: VLine[], i: number, out: Block[]): number {
    let k = i;
    while (k < L.length) {
      const l = L[k];
      if (l.blank || l.indent !== 0) break;
      if (!is(RE.explicit, this.text, l.textStart) && !is(RE.anonymous, this.text, l.textStart)) break;
      const r = parseExplicit(this, L, k, out);
      k = r.next;
      if (r.blankFinish) return k;
    }
    // The explicit markup ended without a blank line: only more explicit markup may follow.
    this.unindentWarning('Explicit markup', L[k]);
    return k;
  }
}

/** Moves every offset of an inline node or problem (its own and those of its `*Span` fields) by `delta`. */
function shiftSpans<T extends object>(node: T, delta: number): T {
  const src = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k in src) {
    const v = src[k];
    out[k] = v;
    if ((k === 'start' || k === 'end') && typeof v === 'number') out[k] = v + delta;
    else if (k.endsWith('Span') && v && typeof v === 'object' && 'start' in v) {
      const span = v as { start: number; end: number };
      out[k] = Object.assign({}, span, { start: span.start + delta, end: span.end + delta });
    } else if (k === 'related' && Array.isArray(v)) out[k] = v.map((r) => shiftSpans(r, delta));
  }
  return out as T;
}


/** Lines this process's parser has read so far (every parse, any document): how warm its compiled code is. */
let linesParsed = 0;

/** Lines {@link parseRst} has read in this process (lsp/warmUp.ts reads it). */
export function linesParsedInProcess(): number {
  return linesParsed;
}

/** Parses a whole document. Pure (but for the count of lines parsed), never throws (a bug becomes a diagnostic, not a crash). */
export function parseRst(text: string, options: ParseOptions): RstDocument {
  // What an extension makes of the text on `source-read` is what the parser reads (esp-docs' format_esp_target).
  const read = options.registry.sourceRead?.read(text);
  const parser = new RstParser(read ? read.text : text, options.registry, options.rfc2822, options.readFile, read?.asBuilt);
  if (read?.problems) for (const p of read.problems) parser.problem(p.code, p.message, p);
  linesParsed += parser.lines.length;
  try {
    return parser.parseDocument();
  } catch (e) {
    const lines = parser.lines;
    return withDerivedSlot({
      text,
      lines,
      blocks: [],
      sections: parser.sections,
      problems: [
        ...parser.problems,
        {
          code: 'rst.internal-error',
          message: `The RST parser failed on this document; please report it: ${e instanceof Error ? e.message : String(e)}`,
          start: 0,
          end: 0,
        },
      ],
    });
  }
}

/**
 * Whether a pattern that ends at the line's end matches a line of a table cell, which ends at the cell's right
 * border before the text line does: a table inside a grid table's cell (confluencebuilder, sphinx-immaterial).
 */
function inCell(re: RegExp, text: string, offset: number, end: number): boolean {
  if (end >= text.length || text.charCodeAt(end) === 10 || text.charCodeAt(end) === 13) return false;
  return is(re, text.slice(offset, end), 0);
}
