/**
 * Paragraphs and what follows them or is read from indentation: literal blocks (after a paragraph ending in
 * `::`, indented or quoted), definition lists and block quotes with their attributions, as docutils' Body
 * and Text states read them; free functions over the parser's BlockState.
 */
import type { BlockState, VLine } from './blockState';
import { trimBlank } from './lines';
import { RE_ALL, at } from './patterns';
import type { Block, DefinitionItem, Inline, Span } from './types';

/** The paragraph of lines `[i, j)`, then its literal block when it ends in `::`. */
export function paragraph(p: BlockState, L: VLine[], i: number, j: number, out: Block[], unexpected: VLine | undefined): number {
  const first = L[i];
  const last = L[j - 1];
  const end = p.lineSpan(last).end;
  const t = p.text;
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
      inlines: p.inline(first.textStart, end, L, i, j),
      literalNext,
    });
  }
  if (unexpected) {
    p.problem('rst.unexpected-indentation', 'Unexpected indentation.', p.lineSpan(unexpected));
  }
  if (literalNext) return literalBlock(p, L, j, out, p.lineSpan(last));
  return j;
}

/** The literal block after a paragraph ending in `::` (indented, or quoted). */
function literalBlock(p: BlockState, L: VLine[], j: number, out: Block[], colons: Span): number {
  let k = j;
  while (k < L.length && L[k].blank) k++;
  if (k < L.length && L[k].indent > 0) {
    const b = p.indented(L, k);
    const lines = trimBlank(b.lines);
    const s = p.blockSpan(lines);
    out.push({
      kind: 'literal',
      start: s.start,
      end: s.end,
      line: s.line,
      endLine: s.endLine,
      text: lines.map((x) => p.text.slice(x.start, x.end)).join('\n'),
      quoted: false,
    });
    if (!b.blankFinish) p.unindentWarning('Literal block', L[b.next]);
    return b.next;
  }
  if (k < L.length && k > j && /^[!-/:-@[-`{-~]/.test(p.text[L[k].textStart])) {
    // Quoted literal block: consecutive lines starting with the same punctuation character.
    const q = p.text[L[k].textStart];
    let e = k;
    while (e < L.length && !L[e].blank && L[e].indent === 0 && p.text[L[e].textStart] === q) e++;
    const lines = L.slice(k, e);
    const s = p.blockSpan(lines);
    out.push({ kind: 'literal', start: s.start, end: s.end, line: s.line, endLine: s.endLine, text: lines.map((x) => p.lineText(x)).join('\n'), quoted: true });
    if (e < L.length && !L[e].blank) {
      p.problem('rst.no-blank-line', 'Text in quoted literal block must be preceded by a blank line; inconsistent quoting.', p.lineSpan(L[e]));
    }
    return e;
  }
  const at = k < L.length ? p.lineSpan(L[k]) : { start: colons.end - 2, end: colons.end };
  p.problem('rst.literal-block-expected', 'Literal block expected; none found.', at);
  return j;
}

/** Terms at the margin (with ` : ` classifiers), each followed by an indented definition. */
export function definitionList(p: BlockState, L: VLine[], i: number, out: Block[]): number {
  const items: DefinitionItem[] = [];
  let k = i;
  let blankFinish = true;
  while (k < L.length) {
    const termLine = L[k];
    const next = L[k + 1];
    if (termLine.blank || termLine.indent !== 0 || !next || next.blank || next.indent === 0) break;
    if (k > i && !isPlainText(p, termLine)) break;
    const termSpan = p.lineSpan(termLine);
    const termText = p.text.slice(termSpan.start, termSpan.end);
    // The lookbehind starts a match only at the first space of a run: linear on long runs of spaces.
    const parts = termText.includes(' :') ? termText.split(/(?<! ) +: +/) : [termText];
    const termEnd = termSpan.start + parts[0].length;
    const b = p.indented(L, k + 1);
    const body = p.parseBody(b.lines, false);
    const s = p.blockSpan(b.lines, termLine);
    items.push({
      start: termSpan.start,
      end: s.end,
      line: s.line,
      endLine: s.endLine,
      term: parts[0],
      termSpan: { start: termSpan.start, end: termEnd },
      termInlines: p.inline(termSpan.start, termEnd),
      classifiers: parts.slice(1),
      body,
    });
    blankFinish = b.blankFinish;
    k = b.next;
    while (k < L.length && L[k].blank) k++;
  }
  const first = items[0];
  const last = items[items.length - 1];
  out.push({ kind: 'definitionList', start: first.start, end: last.end, line: first.line, endLine: last.endLine, items: items.slice() }); // exact length: see `parseBody`
  if (!blankFinish) p.unindentWarning('Definition list', L[k]);
  return k;
}

/** True for a line that the body parser would read as ordinary text. */
function isPlainText(p: BlockState, l: VLine): boolean {
  const o = l.textStart;
  for (const re of RE_ALL) if (at(re, p.text, o)) return false;
  return true;
}

/** docutils' `attribution_pattern`. */
const ATTRIBUTION = /^(---?(?!-)|\u2014) *(?=[^ \n])/;

/** An indented block: its body, then an optional attribution (`-- Author`). */
export function blockQuote(p: BlockState, L: VLine[], i: number, out: Block[]): number {
  const b = p.indented(L, i);
  const lines = b.lines;
  // An attribution ("-- Author") ends a block quote; text after it starts another one. As docutils'
  // `split_attribution`: `--`, `---` (not a longer rule) or an em dash after a blank line, its lines up to the
  // next blank line all indented alike (else it is text and the search goes on).
  let attrAt = -1;
  let attrEnd = -1;
  for (let k = 1; k < lines.length && attrAt < 0; k++) {
    const l = lines[k];
    if (l.blank || l.indent !== 0 || !lines[k - 1].blank || !ATTRIBUTION.test(p.lineText(l))) continue;
    let e = k + 1;
    let indent: number | undefined;
    for (; e < lines.length && !lines[e].blank; e++) {
      if (indent === undefined) indent = lines[e].indent;
      else if (lines[e].indent !== indent) break;
    }
    if (e < lines.length && !lines[e].blank) continue; // lines of another shape: no attribution
    attrAt = k;
    attrEnd = e;
  }
  const bodyLines = attrAt >= 0 ? lines.slice(0, attrAt) : lines;
  const body = p.parseBody(bodyLines, false);
  const s = p.blockSpan(lines);
  let attribution: { span: Span; inlines: Inline[] } | undefined;
  if (attrAt >= 0) {
    const e = attrEnd;
    const aStart = lines[attrAt].textStart + (ATTRIBUTION.exec(p.lineText(lines[attrAt]))?.[0].length ?? 0);
    const aEnd = p.lineSpan(lines[e - 1]).end;
    attribution = { span: { start: aStart, end: aEnd }, inlines: p.inline(aStart, aEnd, lines, attrAt, e) };
    if (e < lines.length) {
      const rest = lines.slice(e);
      const q = p.blockSpan(lines.slice(0, e));
      out.push({ kind: 'blockQuote', start: q.start, end: q.end, line: q.line, endLine: q.endLine, body, attribution });
      const more: Block[] = [];
      parseBodyInto(p, rest, more);
      out.push(...more);
      if (!b.blankFinish) p.unindentWarning('Block quote', L[b.next]);
      return b.next;
    }
  }
  out.push({ kind: 'blockQuote', start: s.start, end: s.end, line: s.line, endLine: s.endLine, body, attribution });
  if (!b.blankFinish) p.unindentWarning('Block quote', L[b.next]);
  return b.next;
}

/** The lines after an attribution: another block quote. */
function parseBodyInto(p: BlockState, lines: VLine[], out: Block[]): void {
  const t = trimBlank(lines);
  if (!t.length) return;
  const s = p.blockSpan(t);
  out.push({ kind: 'blockQuote', start: s.start, end: s.end, line: s.line, endLine: s.endLine, body: p.parseBody(t, false) });
}
