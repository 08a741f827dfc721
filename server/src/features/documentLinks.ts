import { flatten } from '../rst/walk';
import { navEntries } from './navigation';
import type { FeatureContext } from './types';

export interface DocumentLink {
  start: number;
  end: number;
  target: string;
  tooltip?: string;
}

/** Clickable links: external target URIs, `:doc:` and `:download:` targets, directive file arguments. */
export function documentLinks(ctx: FeatureContext, uri: string): DocumentLink[] {
  const file = ctx.index.get(uri);
  if (!file) return [];
  const out: DocumentLink[] = [];
  for (const b of flatten(file.doc).blocks) {
    if (b.kind === 'target' && b.uri && b.uriSpan && /^(https?|ftp|mailto|file):/i.test(b.uri)) out.push({ ...b.uriSpan, target: b.uri });
  }
  for (const e of navEntries(file, ctx.ws)) {
    if ((e.kind === 'doc' || e.kind === 'file') && e.role === 'use') out.push({ ...e.span, target: e.key, tooltip: e.kind === 'doc' ? 'Open document' : 'Open file' });
  }
  return out.sort((a, b) => a.start - b.start);
}
