import { dotDiagramAt } from '../dot/model';
import { hoverDot } from './dotHover';
import { definitionsOf } from './definitions';
import { entryAt, navEntries } from './navigation';
import type { FeatureContext } from './types';
import { documentFile, relativePath } from './workspace';
import { providersOf } from '../project/extensionRegistry';
import { defaultDomainAt, type DirectiveRegistry } from '../rst/registry';
import type { RstDocument } from '../rst/types';
import { directiveDescription, roleDescription } from './directiveInfo';
import { flatten } from '../rst/walk';
import type { HoverResult } from './types';

export type { HoverResult } from './types';

const code = (s: string) => '`' + s.replace(/`/g, "'") + '`';

/**
 * Hover: a target's URL, a label's section title and file, a substitution's value, a document's title;
 * inside a diagram, Graphviz attributes and node IDs.
 */
export function hover(ctx: FeatureContext, uri: string, offset: number, registry?: DirectiveRegistry): HoverResult | undefined {
  const file = ctx.index.get(uri);
  if (!file) return undefined;
  const diagram = dotDiagramAt(file.doc, offset);
  if (diagram) return hoverDot(diagram, offset);
  const named = hoverName(ctx, uri, file.doc, offset, registry);
  if (named) return named;
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
      const file = documentFile(ctx, at.key);
      const title = file ? (ctx.index.get(file)?.title ?? ctx.index.markdownDoc(file)?.summary.title) : undefined;
      return { ...span, contents: file ? `**${title ?? relativePath(uri, file)}** — ${relativePath(uri, file)}` : `Unknown document ${code(relativePath(uri, at.key))}` };
    }
    case 'file':
      return { ...span, contents: `${ctx.ws.exists(at.key) ? 'File' : 'Missing file'} ${code(relativePath(uri, at.key))}` };
  }
}

/**
 * A directive's or role's name: where the project gets it from (an extension, conf.py, pyproject.toml); else, for
 * a name the registry knows, what it is (a default domain's name as its prefixed one: `namespace` is `cpp:namespace`).
 */
function hoverName(ctx: FeatureContext, uri: string, doc: RstDocument, offset: number, registry?: DirectiveRegistry): HoverResult | undefined {
  const flat = flatten(doc);
  let kind: 'directive' | 'role' | undefined;
  let name = '';
  let span = { start: 0, end: 0 };
  for (const b of flat.blocks) {
    if (b.kind === 'directive' && b.nameSpan.start <= offset && offset < b.nameSpan.end) {
      kind = 'directive';
      name = b.name;
      span = b.nameSpan;
    }
  }
  if (!kind) {
    for (const i of flat.inlines) {
      if (i.kind === 'interpreted' && i.role && i.roleSpan && i.roleSpan.start <= offset && offset < i.roleSpan.end) {
        kind = 'role';
        name = i.role;
        span = i.roleSpan;
      }
    }
  }
  if (!kind) return undefined;
  const project = ctx.projects?.project(uri);
  const from = project?.providers.get(`${kind}:${name.toLowerCase()}`) ?? project?.providers.get(`${kind}:${name}`);
  const what = `${kind === 'directive' ? 'Directive' : 'Role'} ${code(name)}`;
  if (from) {
    const where = from.uri ? ` (${relativePath(uri, from.uri)}${from.line !== undefined ? `, line ${from.line + 1}` : ''})` : '';
    return { ...span, contents: `${what} — registered by ${code(from.source)}${where}` };
  }
  const others = providersOf(kind, name.toLowerCase());
  if (others.length && project && !others.some((o) => project.knownExtensions.includes(o))) {
    return { ...span, contents: `${what} — provided by ${others.map(code).join(', ')}, which conf.py does not list in \`extensions\`` };
  }
  if (!registry) return undefined;
  const domain = defaultDomainAt(doc, span.start);
  const fromDomain = registry.defaultDomainNames?.(domain);
  const lower = name.toLowerCase();
  if (kind === 'directive') {
    const spec = registry.directive(lower, domain);
    if (!spec) return undefined;
    const own = fromDomain?.directives.includes(lower);
    return { ...span, contents: `${what} — ${directiveDescription(own ? `${fromDomain!.domain}:${lower}` : lower, spec)}` };
  }
  if (!registry.hasRole(lower, domain)) return undefined;
  const own = fromDomain?.roles.includes(lower);
  return { ...span, contents: `${what} — ${roleDescription(own ? `${fromDomain!.domain}:${lower}` : lower)}` };
}
