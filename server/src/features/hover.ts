import { dotDiagramAt } from '../dot/features';
import { hoverDot } from '../dot/featuresHover';
import { definitionsOf } from './definitions';
import { entryAt, navEntries } from './navigation';
import type { FeatureContext } from './types';
import { relativePath } from './workspace';

export interface HoverResult {
  start: number;
  end: number;
  /** Markdown. */
  contents: string;
}


const code = (s: string) => '`' + s.replace(/`/g, "'") + '`';

/**
 * Hover: a target's URL, a label's section title and file, a substitution's value, a document's title;
 * inside a diagram, Graphviz attributes and node IDs.
 */
export function hover(ctx: FeatureContext, uri: string, offset: number): HoverResult | undefined {
  const file = ctx.index.get(uri);
  if (!file) return undefined;
  const diagram = dotDiagramAt(file.doc, offset);
  if (diagram) return hoverDot(diagram, offset);
  const entries = navEntries(file, ctx.ws);
  const at = entryAt(entries, offset);
  if (!at) return undefined;
  const span = { start: at.span.start, end: at.span.end };
  const defs = definitionsOf(ctx, uri, entries, at);
  const lineOf = (u: string, o: number) => (ctx.index.position(u, o)?.line ?? 0) + 1;
  switch (at.kind) {
    case 'target':
    case 'anonymous': {
      if (at.role === 'def' && at.detail) return { ...span, contents: `Target ${code(at.key)} → <${at.detail}>` };
      if (defs.length === 0) return { ...span, contents: `Unknown target ${code(at.key || 'anonymous')}` };
      const d = entries.find((e) => e.role === 'def' && e.span.start === defs[0].start && e.kind === at.kind);
      if (d?.detail && d.defKind === 'section') return { ...span, contents: `Section **${d.detail}**, line ${lineOf(uri, d.span.start)}` };
      if (d?.detail) return { ...span, contents: `<${d.detail}>` };
      return { ...span, contents: `Target ${code(at.key)}, line ${lineOf(uri, defs[0].start)}` };
    }
    case 'substitution': {
      const d = entries.find((e) => e.kind === 'substitution' && e.role === 'def' && e.key === at.key);
      return d ? { ...span, contents: `Substitution ${code('|' + at.key + '|')}: ${d.detail ?? ''}` } : undefined;
    }
    case 'footnote': {
      const d = defs[0];
      if (!d) return undefined;
      const line = file.text.slice(d.start, file.text.indexOf('\n', d.start) >>> 0 || undefined);
      return { ...span, contents: `Footnote: ${line.replace(/^[^\]]*\]\s*/, '')}` };
    }
    case 'label': {
      const labels = ctx.index.label(at.key);
      if (!labels.length) return { ...span, contents: `Undefined label ${code(at.key)}` };
      return {
        ...span,
        contents: labels
          .map((l) => `${l.title ? `**${l.title}**` : `Label ${code(l.name)}`} — ${relativePath(uri, l.uri)}, line ${lineOf(l.uri, l.span.start)}`)
          .join('\n\n'),
      };
    }
    case 'doc': {
      const target = ctx.index.get(at.key);
      return { ...span, contents: target ? `**${target.title ?? relativePath(uri, at.key)}** — ${relativePath(uri, at.key)}` : `Unknown document ${code(relativePath(uri, at.key))}` };
    }
    case 'file':
      return { ...span, contents: `${ctx.ws.exists(at.key) ? 'File' : 'Missing file'} ${code(relativePath(uri, at.key))}` };
  }
}
