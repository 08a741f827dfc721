import type { Block, RstDocument, Span } from '../rst/types';
import { ownInlines, walkBlocks } from '../rst/walk';
import { documentSymbols, type RstSymbol } from './documentSymbols';

/** Smart selection: the name, the inline construct, the block, its parents, the section, the document. */
export function selectionRanges(doc: RstDocument, offset: number): Span[] {
  const spans: Span[] = [];
  const holds = (s: Span) => s.start <= offset && offset <= s.end;
  walkBlocks(doc.blocks, (b: Block) => {
    if (!holds(b)) return;
    spans.push({ start: b.start, end: b.end });
    for (const i of ownInlines(b)) {
      if (!holds(i)) continue;
      spans.push({ start: i.start, end: i.end });
      for (const k of ['contentSpan', 'nameSpan', 'labelSpan'] as const) {
        const s = (i as unknown as Record<string, Span | undefined>)[k];
        if (s && holds(s)) spans.push(s);
      }
    }
  });
  const sections = (syms: RstSymbol[]) => {
    for (const s of syms) {
      if (s.kind === 'section' && holds(s.range)) spans.push(s.range);
      sections(s.children);
    }
  };
  sections(documentSymbols(doc));
  spans.push({ start: 0, end: doc.text.length });
  // Innermost first; each range must contain the previous one.
  spans.sort((a, b) => a.end - a.start - (b.end - b.start));
  const out: Span[] = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    if (prev && (s.start > prev.start || s.end < prev.end)) continue;
    if (prev && s.start === prev.start && s.end === prev.end) continue;
    out.push(s);
  }
  return out;
}
