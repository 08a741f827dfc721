/**
 * Section titles and transitions as docutils' Body and Text states read them: a line of punctuation at the
 * margin (a title's overline or a transition), a title with an underline only, and the title levels, given
 * to the title styles in the order they are first met. Free functions over the parser's BlockState and the
 * document's `TitleLevels`.
 */
import { asBuiltText } from './sourceRead';
import type { BlockState, VLine } from './blockState';
import { RE, is } from './patterns';
import { columnWidth, normalizeName } from './text';
import type { Block, Inline, SectionBlock, Span } from './types';

/** What a document remembers of its titles (docutils' `memo.title_styles` and `memo.section_level`). */
export interface TitleLevels {
  /** The title styles met so far (`=` for an underline, `=/=` with an overline), in the order of their levels. */
  readonly styles: string[];
  /** The level of the current section (0 before the first title). */
  level: number;
  /** Every section of the document, in order. */
  readonly sections: SectionBlock[];
}

/** A line of repeated punctuation at the margin: overline of a title, a transition, or text. */
export function punctuationLine(p: BlockState, t: TitleLevels, L: VLine[], i: number, matchTitles: boolean, out: Block[]): number | undefined {
  const l = L[i];
  const marker = p.lineText(l).trimEnd();
  const span = p.lineSpan(l);
  if (!matchTitles) {
    if (marker === '::') return undefined;
    if (marker.length < 4) {
      p.problem('rst.possible-title', "Unexpected possible title overline or transition. Treating it as ordinary text because it's so short.", span);
      return undefined;
    }
    p.problem('rst.unexpected-section-title', 'Unexpected section title or transition.', span);
    return i + 1;
  }
  const next = L[i + 1];
  if (!next || next.blank) {
    if (marker.length < 4) return undefined;
    out.push({ kind: 'transition', start: span.start, end: span.end, line: l.n, endLine: l.n });
    return i + 1;
  }
  if (next.indent === 0 && is(RE.line, p.text, next.textStart)) {
    if (marker.length < 4) return undefined;
    p.problem('rst.title-incomplete', 'Invalid section title or transition marker.', { start: span.start, end: p.lineSpan(next).end });
    return i + 2;
  }
  // Overline, title, underline.
  const titleLine = next;
  const under = L[i + 2];
  const titleSpan = p.lineSpan(titleLine);
  const whole = { start: span.start, end: under && !under.blank ? p.lineSpan(under).end : titleSpan.end };
  if (!under || under.blank || under.indent !== 0 || !is(RE.line, p.text, under.textStart)) {
    if (marker.length < 4) return undefined;
    if (!under) p.problem('rst.title-incomplete', 'Incomplete section title.', { start: span.start, end: titleSpan.end });
    else p.problem('rst.title-missing-underline', 'Missing matching underline for section title overline.', whole);
    return under ? i + 3 : i + 2;
  }
  const underline = p.lineText(under).trimEnd();
  if (underline !== marker) {
    if (marker.length < 4) return undefined;
    p.problem('rst.title-overline-mismatch', 'Title overline & underline mismatch.', whole);
    return i + 3;
  }
  const title = p.text.slice(titleSpan.start, titleSpan.end);
  if (titleWidth(p, p.text.slice(titleLine.start, titleSpan.end).trim()) > marker.length) {
    if (marker.length < 4) return undefined;
    p.problem('rst.title-overline-too-short', 'Title overline too short.', span);
  }
  section(p, t, out, title, titleSpan, marker[0] + '/' + underline[0], l.n, under.n, whole);
  return i + 3;
}

/**
 * The width of a title as the build reads it: with the values an extension puts in for its tokens first
 * (esp-docs' `{IDF_TARGET_NAME}`, whose underline is as long as the chip's name); as written where a value is the build's.
 */
function titleWidth(p: BlockState, title: string): number {
  return columnWidth(asBuiltText(p, title) ?? title);
}

/** A line of text with a line of punctuation under it: a title, or text when the underline is short. */
export function underlineTitle(p: BlockState, t: TitleLevels, L: VLine[], i: number, matchTitles: boolean, out: Block[]): number | undefined {
  const l = L[i];
  const under = L[i + 1];
  const titleSpan = p.lineSpan(l);
  const title = p.text.slice(titleSpan.start, titleSpan.end);
  const underline = p.lineText(under).trimEnd();
  const uspan = p.lineSpan(under);
  const tooShort = titleWidth(p, p.text.slice(l.start, titleSpan.end)) > underline.length;
  if (tooShort && underline.length < 4) {
    if (matchTitles) p.problem('rst.possible-title', "Possible title underline, too short for the title. Treating it as ordinary text because it's so short.", uspan);
    return undefined;
  }
  if (!matchTitles) {
    p.problem('rst.unexpected-section-title', 'Unexpected section title.', { start: titleSpan.start, end: uspan.end });
    return i + 2;
  }
  if (tooShort) {
    p.problem('rst.title-underline-too-short', 'Title underline too short.', uspan, {
      data: { titleWidth: titleWidth(p, p.text.slice(l.start, titleSpan.end)), char: underline[0] },
    });
  }
  section(p, t, out, title, titleSpan, underline[0], l.n, under.n, { start: titleSpan.start, end: uspan.end });
  return i + 2;
}

/** A title's section, at the level of its style (a new style is one level deeper than the current). */
function section(p: BlockState, t: TitleLevels, out: Block[], title: string, titleSpan: Span, style: string, firstLine: number, lastLine: number, whole: Span): void {
  const idx = t.styles.indexOf(style);
  let level: number;
  if (idx < 0) {
    if (t.styles.length === t.level) {
      t.styles.push(style);
      level = t.styles.length;
    } else {
      p.problem('rst.title-level-inconsistent', 'Title level inconsistent:', titleSpan, {
        data: { expectedStyles: t.styles.slice(0, t.level + 1) },
      });
      return;
    }
  } else {
    level = idx + 1;
    if (level > t.level + 1) {
      p.problem('rst.title-level-inconsistent', 'Title level inconsistent:', titleSpan);
      return;
    }
  }
  t.level = level;
  const titleInlines = p.inline(titleSpan.start, titleSpan.end);
  const block: SectionBlock = {
    kind: 'section',
    start: whole.start,
    end: whole.end,
    line: firstLine,
    endLine: lastLine,
    title,
    titleSpan,
    titleInlines,
    level,
    style,
    refname: normalizeName(titleText(titleInlines)),
  };
  t.sections.push(block);
  out.push(block);
}

/**
 * The text of a title as docutils names its section (`title.astext()` when the title is read): markup left
 * out (```` ``Environment`` Objects ```` is the section "environment objects"), a reference's visible text, a
 * role's explicit title. A glossary term is named the same way (Sphinx's `term.astext()`).
 */
export function titleText(inlines: readonly Inline[]): string {
  let out = '';
  for (const n of inlines) {
    switch (n.kind) {
      case 'interpreted':
        out += n.role ? (/^([\s\S]*?\S)\s*<[^<>]+>$/.exec(n.text)?.[1] ?? n.text) : n.text;
        break;
      case 'inlineTarget':
      case 'substitutionRef':
        out += n.name;
        break;
      case 'footnoteRef':
        out += /^\d+$/.test(n.label) ? n.label : '';
        break;
      case 'citationRef':
        out += n.label;
        break;
      case 'uri':
        out += n.uri.replace(/^mailto:/, '');
        break;
      default:
        out += n.text;
    }
  }
  return out;
}
