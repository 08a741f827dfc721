import { dotDiagramAt } from '../dot/model';
import { dotDefinitions } from './dotNavigation';
import { entryAt, isLocal, navEntries, type NavEntry } from './navigation';
import type { FeatureContext, Location } from './types';
import { documentFile, projectLabels } from './workspace';

/**
 * Go to definition: a reference to its target, an anonymous reference to its target by order, a footnote
 * or citation reference to its note, a substitution to its definition, `:ref:` to the label in any file,
 * `:doc:` to the document, a file argument or `:download:` to the file; inside a diagram, a node ID to its
 * node statements (or its first appearance).
 */
export function findDefinitions(ctx: FeatureContext, uri: string, offset: number): Location[] {
  const file = ctx.index.get(uri);
  if (!file) return [];
  const diagram = dotDiagramAt(file.doc, offset);
  if (diagram) return dotDefinitions(diagram, uri, offset);
  const entries = navEntries(file, ctx.ws);
  const at = entryAt(entries, offset);
  if (!at) return [];
  return definitionsOf(ctx, uri, entries, at);
}

export function definitionsOf(ctx: FeatureContext, uri: string, entries: NavEntry[], at: NavEntry): Location[] {
  if (isLocal(at.kind)) {
    // A use the binder resolves goes to its one definition; an ambiguous name to each candidate.
    if (at.binding) {
      const b = at.binding;
      if (b.status === 'ok') return entries.filter((e) => e.role === 'def' && e.def === b.def).map((d) => ({ uri, start: d.span.start, end: d.span.end }));
      if (b.status !== 'ambiguous') return [];
    }
    const defs = entries.filter((e) => e.role === 'def' && e.kind === at.kind && e.key === at.key);
    // An explicit target wins over a section title of the same name, as in docutils.
    const explicit = defs.filter((d) => d.defKind !== 'section');
    return (explicit.length ? explicit : defs).map((d) => ({ uri, start: d.span.start, end: d.span.end }));
  }
  if (at.kind === 'label') return projectLabels(ctx.index, ctx.ws, at.key, uri).map((l) => ({ uri: l.uri, start: l.span.start, end: l.span.end }));
  // A document (of any source suffix of the project) or a file: its start, when it exists.
  const target = at.kind === 'doc' ? documentFile(ctx, at.key) : ctx.index.get(at.key) || ctx.ws.exists(at.key) ? at.key : undefined;
  if (target) return [{ uri: target, start: 0, end: 0 }];
  return [];
}
