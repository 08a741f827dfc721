import type { InlineResult } from './types';

/**
 * Parses the inline markup of one text region `[start, end)` of `text` (a paragraph, a title, a list
 * item's first line...). The region may span several lines; offsets in the result are offsets into `text`.
 * Never throws.
 */
export function parseInline(text: string, start: number, end: number): InlineResult {
  return { nodes: [{ kind: 'text', start, end, text: text.slice(start, end) }], problems: [] };
}
