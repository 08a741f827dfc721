import { parseInline } from './inline';
import { lineIndex } from '../common/lines';
import { buildLines, expandedColumn, offsetAtColumn } from './lines';
import type { DirectiveRegistry } from './registry';
import type { BlockState, IndentedBlock, VLine } from './blockState';
import { parseExplicit } from './explicit';
import { bulletList, doctest, enumList, fieldList, isEnumItem, lineBlock, optionHasDescription, optionList } from './lists';
import { RE, RE_ALL, WHITE, at } from './patterns';
import { parseGridTable, parseSimpleTable } from './tables';
import { columnWidth, normalizeName } from './text';
import type {
  Block,
  DefinitionItem,
  Inline,
  Line,
  RstDocument,
  RstProblem,
  SectionBlock,
  Span,
} from './types';

export interface ParseOptions {
  registry: DirectiveRegistry;
}


export type { IndentedBlock, VLine } from './blockState';

export class RstParser implements BlockState {
  readonly lines: Line[];
  readonly problems: RstProblem[] = [];
  readonly sections: SectionBlock[] = [];
  private titleStyles: string[] = [];
  /** The shared blank nested lines, by document line (see `blankLine`). */
  private readonly blanks: (VLine | undefined)[] = [];
  private sectionLevel = 0;
  private depth = 0;

  constructor(
    readonly text: string,
    readonly registry: DirectiveRegistry,
  ) {
    this.lines = buildLines(text);
  }

  parseDocument(): RstDocument {
    const root = this.lines as unknown as VLine[]; // buildLines gives every line `n` and `mcol: 0`
    const blocks = this.parseBody(root, true);
    return { text: this.text, lines: this.lines, blocks, sections: this.sections, problems: this.problems };
  }

  problem(code: string, message: string, span: Span, extra?: Partial<RstProblem>): void {
    this.problems.push({ code, message, start: span.start, end: Math.max(span.start, span.end), ...extra });
  }

  inline(start: number, end: number, lines?: VLine[], from = 0, to = lines ? lines.length : 0): Inline[] {
    if (lines) {
      // Lines cut short (table cells) need their surroundings masked.
      for (let k = from; k < to; k++) {
        const l = lines[k];
        if (l.end !== this.lines[l.n].end) return this.maskedInline(start, end, from === 0 && to === lines.length ? lines : lines.slice(from, to));
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
    const sub = new RstParser(text, this.registry);
    sub.depth = this.depth + 1;
    const blocks = sub.parseBody(sub.lines as unknown as VLine[], false);
    const n = text.length;
    const base = n ? from[0] : 0;
    const mapStart = (o: number) => (o < n ? from[Math.max(0, o)] : n ? to[n - 1] : base);
    const mapEnd = (o: number) => (o > 0 ? to[Math.min(o, n) - 1] : base);
    const subLine = (line: number) => {
      const l = sub.lines[Math.max(0, Math.min(line, sub.lines.length - 1))];
      return this.lineOf(mapStart(l.textStart < l.end ? l.textStart : l.start));
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
    return lineIndex(this.lines.length, (i) => this.lines[i].start, offset);
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
    const start = l.textStart - l.start === l.indent ? l.start + cols : offsetAtColumn(this.text, this.lines[l.n], mcol);
    return { n: l.n, start: Math.min(start, l.textStart), end: l.end, textStart: l.textStart, mcol, indent: l.indent - cols, blank: false };
  }

  /**
   * A blank line as every nested body sees it. Its margin column is never read (nothing starts on a blank
   * line), so one object per document line serves all nesting levels; a blank line cut short (a table
   * cell) gets its own.
   */
  private blankLine(l: VLine, cols: number): VLine {
    if (l.end !== this.lines[l.n].end) return { n: l.n, start: l.end, end: l.end, textStart: l.end, mcol: l.mcol + cols, indent: 0, blank: true };
    let b = this.blanks[l.n];
    if (!b) this.blanks[l.n] = b = { n: l.n, start: l.end, end: l.end, textStart: l.end, mcol: l.mcol + cols, indent: 0, blank: true };
    return b;
  }

  /** A line whose margin starts at `offset` (the first line of a list item, after its marker). */
  startingAt(l: VLine, offset: number): VLine {
    const line = this.lines[l.n];
    let ts = offset;
    while (ts < l.end && (this.text[ts] === ' ' || this.text[ts] === '\t')) ts++;
    const mcol = expandedColumn(this.text, line.start, offset);
    const blank = ts >= l.end;
    return {
      n: l.n,
      start: offset,
      end: l.end,
      textStart: ts,
      mcol,
      indent: blank ? 0 : expandedColumn(this.text, line.start, ts) - mcol,
      blank,
    };
  }

  /**
   * docutils' `get_indented`: the lines from `from` that are blank or indented, up to the first
   * unindented non-blank line; stripped by their smallest indentation. With `firstOffset`, the first
   * line starts at that offset (`get_first_known_indented`) and only the following lines set the indent.
   */
  indented(L: VLine[], from: number, firstOffset?: number, blockIndent?: number): IndentedBlock {
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

  /** Lines of a block with blank lines at both ends removed. */
  static trim(lines: VLine[]): VLine[] {
    let a = 0;
    let b = lines.length;
    while (a < b && lines[a].blank) a++;
    while (b > a && lines[b - 1].blank) b--;
    return a === 0 && b === lines.length ? lines : lines.slice(a, b);
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

  /** Parses a body (document, section content, list item, block quote, directive content). */
  parseBody(L: VLine[], matchTitles: boolean): Block[] {
    const blocks: Block[] = [];
    if (this.depth > 200) {
      // Deeper nesting than any real document: keep the text, stop recursing.
      const t = RstParser.trim(L);
      if (t.length) {
        const s = this.blockSpan(t);
        this.problem('rst.unexpected-indentation', 'Nesting too deep to check; the rest of this block is not analysed.', s);
        blocks.push({ kind: 'literal', ...s, text: this.text.slice(s.start, s.end), quoted: false });
      }
      return blocks;
    }
    this.depth++;
    try {
      let i = 0;
      while (i < L.length) {
        const before = i;
        i = this.parseOne(L, i, matchTitles, blocks);
        if (i <= before) i = before + 1; // progress guard: every rule must consume a line
      }
    } finally {
      this.depth--;
    }
    return blocks;
  }

  private parseOne(L: VLine[], i: number, matchTitles: boolean, out: Block[]): number {
    const l = L[i];
    if (l.blank) return i + 1;
    if (l.indent > 0) return this.blockQuote(L, i, out);
    const t = this.text;
    const o = l.textStart;
    const c = t.charCodeAt(o);
    // A line starting with a letter or a digit (most lines) can only be an enumerated list item or text.
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c > 127) {
      const m = c < 128 ? at(RE.enumerator, t, o) : null;
      if (m && isEnumItem(this, L, i, m)) return enumList(this, L, i, out);
      return this.text_(L, i, matchTitles, out);
    }
    let m: RegExpExecArray | null;
    if (at(RE.bullet, t, o)) return bulletList(this, L, i, out);
    if ((m = at(RE.enumerator, t, o)) && isEnumItem(this, L, i, m)) return enumList(this, L, i, out);
    if (at(RE.fieldMarker, t, o)) return fieldList(this, L, i, out);
    if ((m = at(RE.optionMarker, t, o)) && optionHasDescription(this, L, i, o + m[0].length)) return optionList(this, L, i, out);
    if (at(RE.doctest, t, o)) return doctest(this, L, i, out);
    if (at(RE.lineBlock, t, o)) return lineBlock(this, L, i, out);
    if (at(RE.gridTop, t, o)) return parseGridTable(this, L, i, out);
    if (at(RE.simpleTop, t, o)) return parseSimpleTable(this, L, i, out);
    if (at(RE.explicit, t, o)) return this.explicitBlocks(L, i, out, matchTitles);
    if (at(RE.anonymous, t, o)) return this.explicitBlocks(L, i, out, matchTitles);
    if (at(RE.line, t, o)) {
      const r = this.punctuationLine(L, i, matchTitles, out);
      if (r !== undefined) return r;
    }
    return this.text_(L, i, matchTitles, out);
  }

  // -------------------------------------------------------------------------------------------
  // Sections and transitions
  // -------------------------------------------------------------------------------------------

  /** A line of repeated punctuation at the margin: overline of a title, a transition, or text. */
  private punctuationLine(L: VLine[], i: number, matchTitles: boolean, out: Block[]): number | undefined {
    const l = L[i];
    const marker = this.lineText(l).trimEnd();
    const span = this.lineSpan(l);
    if (!matchTitles) {
      if (marker === '::') return undefined;
      if (marker.length < 4) {
        this.problem('rst.possible-title', "Unexpected possible title overline or transition. Treating it as ordinary text because it's so short.", span);
        return undefined;
      }
      this.problem('rst.unexpected-section-title', 'Unexpected section title or transition.', span);
      return i + 1;
    }
    const next = L[i + 1];
    if (!next || next.blank) {
      if (marker.length < 4) return undefined;
      out.push({ kind: 'transition', ...span, line: l.n, endLine: l.n });
      return i + 1;
    }
    if (next.indent === 0 && at(RE.line, this.text, next.textStart)) {
      if (marker.length < 4) return undefined;
      this.problem('rst.title-incomplete', 'Invalid section title or transition marker.', { start: span.start, end: this.lineSpan(next).end });
      return i + 2;
    }
    // Overline, title, underline.
    const titleLine = next;
    const under = L[i + 2];
    const titleSpan = this.lineSpan(titleLine);
    const whole = { start: span.start, end: under && !under.blank ? this.lineSpan(under).end : titleSpan.end };
    if (!under || under.blank || under.indent !== 0 || !at(RE.line, this.text, under.textStart)) {
      if (marker.length < 4) return undefined;
      if (!under) this.problem('rst.title-incomplete', 'Incomplete section title.', { start: span.start, end: titleSpan.end });
      else this.problem('rst.title-missing-underline', 'Missing matching underline for section title overline.', whole);
      return under ? i + 3 : i + 2;
    }
    const underline = this.lineText(under).trimEnd();
    if (underline !== marker) {
      if (marker.length < 4) return undefined;
      this.problem('rst.title-overline-mismatch', 'Title overline & underline mismatch.', whole);
      return i + 3;
    }
    const title = this.text.slice(titleSpan.start, titleSpan.end);
    if (columnWidth(this.text.slice(titleLine.start, titleSpan.end).trim()) > marker.length) {
      if (marker.length < 4) return undefined;
      this.problem('rst.title-overline-too-short', 'Title overline too short.', span);
    }
    this.section(out, title, titleSpan, marker[0] + '/' + underline[0], l.n, under.n, whole);
    return i + 3;
  }

  private section(out: Block[], title: string, titleSpan: Span, style: string, firstLine: number, lastLine: number, whole: Span): void {
    const idx = this.titleStyles.indexOf(style);
    let level: number;
    if (idx < 0) {
      if (this.titleStyles.length === this.sectionLevel) {
        this.titleStyles.push(style);
        level = this.titleStyles.length;
      } else {
        this.problem('rst.title-level-inconsistent', 'Title level inconsistent:', titleSpan, {
          data: { expectedStyles: this.titleStyles.slice(0, this.sectionLevel + 1) },
        });
        return;
      }
    } else {
      level = idx + 1;
      if (level > this.sectionLevel + 1) {
        this.problem('rst.title-level-inconsistent', 'Title level inconsistent:', titleSpan);
        return;
      }
    }
    this.sectionLevel = level;
    const block: SectionBlock = {
      kind: 'section',
      start: whole.start,
      end: whole.end,
      line: firstLine,
      endLine: lastLine,
      title,
      titleSpan,
      titleInlines: this.inline(titleSpan.start, titleSpan.end),
      level,
      style,
      refname: normalizeName(title.replace(/\\(.)/g, '$1')),
    };
    this.sections.push(block);
    out.push(block);
  }

  // -------------------------------------------------------------------------------------------
  // Paragraphs, titles with underline only, definition lists, literal blocks
  // -------------------------------------------------------------------------------------------

  private text_(L: VLine[], i: number, matchTitles: boolean, out: Block[]): number {
    const next = L[i + 1];
    if (next && !next.blank && next.indent === 0 && at(RE.line, this.text, next.textStart)) {
      const r = this.underlineTitle(L, i, matchTitles, out);
      if (r !== undefined) return r;
    }
    if (next && !next.blank && next.indent > 0) return this.definitionList(L, i, out);
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
    return this.paragraph(L, i, j, out, unexpected);
  }

  private underlineTitle(L: VLine[], i: number, matchTitles: boolean, out: Block[]): number | undefined {
    const l = L[i];
    const under = L[i + 1];
    const titleSpan = this.lineSpan(l);
    const title = this.text.slice(titleSpan.start, titleSpan.end);
    const underline = this.lineText(under).trimEnd();
    const uspan = this.lineSpan(under);
    const tooShort = columnWidth(this.text.slice(l.start, titleSpan.end)) > underline.length;
    if (tooShort && underline.length < 4) {
      if (matchTitles) this.problem('rst.possible-title', "Possible title underline, too short for the title. Treating it as ordinary text because it's so short.", uspan);
      return undefined;
    }
    if (!matchTitles) {
      this.problem('rst.unexpected-section-title', 'Unexpected section title.', { start: titleSpan.start, end: uspan.end });
      return i + 2;
    }
    if (tooShort) {
      this.problem('rst.title-underline-too-short', 'Title underline too short.', uspan, {
        data: { titleWidth: columnWidth(this.text.slice(l.start, titleSpan.end)), char: underline[0] },
      });
    }
    this.section(out, title, titleSpan, underline[0], l.n, under.n, { start: titleSpan.start, end: uspan.end });
    return i + 2;
  }

  private paragraph(L: VLine[], i: number, j: number, out: Block[], unexpected: VLine | undefined): number {
    const first = L[i];
    const last = L[j - 1];
    const end = this.lineSpan(last).end;
    const t = this.text;
    const endsColons = end - first.textStart >= 2 && t.charCodeAt(end - 1) === 58 && t.charCodeAt(end - 2) === 58;
    const literalNext = endsColons && !(end - first.textStart >= 3 && t.charCodeAt(end - 3) === 92);
    // A paragraph that is only "::" disappears (the literal block still follows).
    if (!endsColons || t.slice(first.textStart, end).trim() !== '::') {
      out.push({
        kind: 'paragraph',
        start: first.textStart,
        end,
        line: first.n,
        endLine: last.n,
        inlines: this.inline(first.textStart, end, L, i, j),
        literalNext,
      });
    }
    if (unexpected) {
      this.problem('rst.unexpected-indentation', 'Unexpected indentation.', this.lineSpan(unexpected));
    }
    if (literalNext) return this.literalBlock(L, j, out, this.lineSpan(last));
    return j;
  }

  /** The literal block after a paragraph ending in `::` (indented, or quoted). */
  private literalBlock(L: VLine[], j: number, out: Block[], colons: Span): number {
    let k = j;
    while (k < L.length && L[k].blank) k++;
    if (k < L.length && L[k].indent > 0) {
      const b = this.indented(L, k);
      const lines = RstParser.trim(b.lines);
      const s = this.blockSpan(lines);
      out.push({
        kind: 'literal',
        ...s,
        text: lines.map((x) => this.text.slice(x.start, x.end)).join('\n'),
        quoted: false,
      });
      if (!b.blankFinish) this.unindentWarning('Literal block', L[b.next]);
      return b.next;
    }
    if (k < L.length && k > j && /^[!-/:-@[-`{-~]/.test(this.text[L[k].textStart])) {
      // Quoted literal block: consecutive lines starting with the same punctuation character.
      const q = this.text[L[k].textStart];
      let e = k;
      while (e < L.length && !L[e].blank && L[e].indent === 0 && this.text[L[e].textStart] === q) e++;
      const lines = L.slice(k, e);
      const s = this.blockSpan(lines);
      out.push({ kind: 'literal', ...s, text: lines.map((x) => this.lineText(x)).join('\n'), quoted: true });
      if (e < L.length && !L[e].blank) {
        this.problem('rst.no-blank-line', 'Text in quoted literal block must be preceded by a blank line; inconsistent quoting.', this.lineSpan(L[e]));
      }
      return e;
    }
    const at = k < L.length ? this.lineSpan(L[k]) : { start: colons.end - 2, end: colons.end };
    this.problem('rst.literal-block-expected', 'Literal block expected; none found.', at);
    return j;
  }

  private definitionList(L: VLine[], i: number, out: Block[]): number {
    const items: DefinitionItem[] = [];
    let k = i;
    let blankFinish = true;
    while (k < L.length) {
      const termLine = L[k];
      const next = L[k + 1];
      if (termLine.blank || termLine.indent !== 0 || !next || next.blank || next.indent === 0) break;
      if (k > i && !this.isPlainText(termLine)) break;
      const termSpan = this.lineSpan(termLine);
      const termText = this.text.slice(termSpan.start, termSpan.end);
      // The lookbehind starts a match only at the first space of a run: linear on long runs of spaces.
      const parts = termText.split(/(?<! ) +: +/);
      const termEnd = termSpan.start + parts[0].length;
      const b = this.indented(L, k + 1);
      const body = this.parseBody(b.lines, false);
      const s = this.blockSpan(b.lines, termLine);
      items.push({
        ...s,
        start: termSpan.start,
        term: parts[0],
        termSpan: { start: termSpan.start, end: termEnd },
        termInlines: this.inline(termSpan.start, termEnd),
        classifiers: parts.slice(1),
        body,
      });
      blankFinish = b.blankFinish;
      k = b.next;
      while (k < L.length && L[k].blank) k++;
    }
    const first = items[0];
    const last = items[items.length - 1];
    out.push({ kind: 'definitionList', start: first.start, end: last.end, line: first.line, endLine: last.endLine, items });
    if (!blankFinish) this.unindentWarning('Definition list', L[k]);
    return k;
  }

  /** True for a line that the body parser would read as ordinary text. */
  private isPlainText(l: VLine): boolean {
    const o = l.textStart;
    for (const re of RE_ALL) if (at(re, this.text, o)) return false;
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Block quotes
  // -------------------------------------------------------------------------------------------

  private blockQuote(L: VLine[], i: number, out: Block[]): number {
    const b = this.indented(L, i);
    const lines = b.lines;
    // An attribution ("-- Author") ends a block quote; text after it starts another one.
    let attrAt = -1;
    for (let k = 1; k < lines.length; k++) {
      const l = lines[k];
      if (!l.blank && l.indent === 0 && lines[k - 1].blank && /^(--|---|\u2014) *(?=\S)/.test(this.lineText(l))) {
        attrAt = k;
        break;
      }
    }
    const bodyLines = attrAt >= 0 ? lines.slice(0, attrAt) : lines;
    const body = this.parseBody(bodyLines, false);
    const s = this.blockSpan(lines);
    let attribution: { span: Span; inlines: Inline[] } | undefined;
    if (attrAt >= 0) {
      let e = attrAt + 1;
      while (e < lines.length && !lines[e].blank && lines[e].indent > 0) e++;
      const aStart = lines[attrAt].textStart + (/^(--|---|\u2014) */.exec(this.lineText(lines[attrAt]))?.[0].length ?? 0);
      const aEnd = this.lineSpan(lines[e - 1]).end;
      attribution = { span: { start: aStart, end: aEnd }, inlines: this.inline(aStart, aEnd) };
      if (e < lines.length) {
        const rest = lines.slice(e);
        out.push({ kind: 'blockQuote', ...this.blockSpan(lines.slice(0, e)), body, attribution });
        const more: Block[] = [];
        this.parseBodyInto(rest, more);
        out.push(...more);
        if (!b.blankFinish) this.unindentWarning('Block quote', L[b.next]);
        return b.next;
      }
    }
    out.push({ kind: 'blockQuote', ...s, body, attribution });
    if (!b.blankFinish) this.unindentWarning('Block quote', L[b.next]);
    return b.next;
  }

  private parseBodyInto(lines: VLine[], out: Block[]): void {
    const t = RstParser.trim(lines);
    if (!t.length) return;
    out.push({ kind: 'blockQuote', ...this.blockSpan(t), body: this.parseBody(t, false) });
  }

  // -------------------------------------------------------------------------------------------
  // Lists
  // -------------------------------------------------------------------------------------------

  // -------------------------------------------------------------------------------------------
  // Explicit markup: footnotes, citations, targets, substitutions, directives, comments
  // -------------------------------------------------------------------------------------------

  private explicitBlocks(L: VLine[], i: number, out: Block[], matchTitles: boolean): number {
    let k = i;
    while (k < L.length) {
      const l = L[k];
      if (l.blank || l.indent !== 0) break;
      if (!at(RE.explicit, this.text, l.textStart) && !at(RE.anonymous, this.text, l.textStart)) break;
      const r = parseExplicit(this, L, k, out, matchTitles);
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
  const out = { ...node } as Record<string, unknown>;
  for (const k in out) {
    const v = out[k];
    if ((k === 'start' || k === 'end') && typeof v === 'number') out[k] = v + delta;
    else if (k.endsWith('Span') && v && typeof v === 'object' && 'start' in v) {
      const span = v as { start: number; end: number };
      out[k] = { ...span, start: span.start + delta, end: span.end + delta };
    } else if (k === 'related' && Array.isArray(v)) out[k] = v.map((r) => shiftSpans(r, delta));
  }
  return out as T;
}


/** Parses a whole document. Pure, never throws (a bug becomes a diagnostic, not a crash). */
export function parseRst(text: string, options: ParseOptions): RstDocument {
  const parser = new RstParser(text, options.registry);
  try {
    return parser.parseDocument();
  } catch (e) {
    const lines = parser.lines;
    return {
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
    };
  }
}
