import { derived, derivedKey } from '../rst/derived';
import type { DirectiveRegistry } from '../rst/registry';
import type { RstDocument } from '../rst/types';
import { flatten } from '../rst/walk';
import { directiveDescription, directiveOrigin, directiveSnippet, roleDescription, roleOrigin, roleSnippet } from './directiveInfo';
import type { CompletionItem } from './types';
import type { WorkspaceIndex } from './workspace';

/** How often each directive and role is written in one parsed document. */
interface Usage {
  directives: Map<string, number>;
  roles: Map<string, number>;
}

const USAGE = derivedKey<Usage>('directive and role use');

/** The directive and role names a document uses, counted once per parsed tree (the index keeps one per version). */
export function documentUsage(doc: RstDocument): Usage {
  return derived(doc, USAGE, () => {
    const u: Usage = { directives: new Map(), roles: new Map() };
    const flat = flatten(doc);
    for (const b of flat.blocks) if (b.kind === 'directive') u.directives.set(b.name, (u.directives.get(b.name) ?? 0) + 1);
    for (const i of flat.inlines) if (i.kind === 'interpreted' && i.role) u.roles.set(i.role, (u.roles.get(i.role) ?? 0) + 1);
    return u;
  });
}

/** Directive and role use summed over the indexed workspace (each file's counts are kept with its tree). */
export function workspaceUsage(index: WorkspaceIndex): Usage {
  const total: Usage = { directives: new Map(), roles: new Map() };
  for (const f of index.all()) {
    const u = documentUsage(f.doc);
    for (const [n, c] of u.directives) total.directives.set(n, (total.directives.get(n) ?? 0) + c);
    for (const [n, c] of u.roles) total.roles.set(n, (total.roles.get(n) ?? 0) + c);
  }
  return total;
}

/**
 * Items ranked by use: `sortText` puts the most used first (then the rest by name), and of the names that
 * start with what is typed, the most used one is preselected.
 */
function ranked(names: readonly string[], counts: Map<string, number>, typed: string, make: (name: string) => CompletionItem): CompletionItem[] {
  const order = [...names].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
  const width = String(order.length).length;
  const prefix = typed.toLowerCase();
  const best = prefix ? order.find((n) => n.startsWith(prefix)) : order[0];
  const preselect = best !== undefined && (counts.get(best) ?? 0) > 0 ? best : undefined;
  return order.map((name, i) => {
    const uses = counts.get(name) ?? 0;
    const item = make(name);
    item.sortText = `${uses > 0 ? 'a' : 'b'}${String(i).padStart(width, '0')}`;
    if (name === preselect) item.preselect = true;
    if (uses > 0) item.detail = `${item.detail} (${uses} ${uses === 1 ? 'use' : 'uses'} in the workspace)`;
    return item;
  });
}

/** Directive names after `.. `: snippets with placeholders, a line about each, the project's favourites first. */
export function directiveCompletions(registry: DirectiveRegistry, index: WorkspaceIndex, typed: string, replaceStart: number, domain?: string): CompletionItem[] {
  const counts = workspaceUsage(index).directives;
  // The default domain's own names, without their prefix (`.. default-domain:: cpp`, then `.. namespace::`).
  const fromDomain = registry.defaultDomainNames?.(domain);
  const own = new Set(fromDomain?.directives);
  return ranked([...registry.directiveNames(), ...own], counts, typed, (name) => {
    const spec = registry.directive(name, domain);
    const origin = own.has(name) ? `${fromDomain!.domain} domain` : directiveOrigin(name);
    // A domain's name is described as its prefixed one is (`cpp:namespace`).
    return {
      label: name,
      kind: 'directive',
      detail: directiveDescription(own.has(name) ? `${fromDomain!.domain}:${name}` : name, spec),
      labelDescription: origin ?? 'project',
      documentation: directiveDocumentation(name, registry, domain),
      insertText: directiveSnippet(name, spec),
      snippet: true,
      replaceStart,
    };
  });
}

/** Role names after `:`, ranked the same way, each completing to `` name:`…` ``. */
export function roleCompletions(registry: DirectiveRegistry, index: WorkspaceIndex, typed: string, replaceStart: number, domain?: string): CompletionItem[] {
  const counts = workspaceUsage(index).roles;
  const fromDomain = registry.defaultDomainNames?.(domain);
  const own = new Set(fromDomain?.roles);
  return ranked([...registry.roleNames(), ...own], counts, typed, (name) => ({
    label: name,
    kind: 'role',
    detail: roleDescription(own.has(name) ? `${fromDomain!.domain}:${name}` : name),
    labelDescription: own.has(name) ? `${fromDomain!.domain} domain` : roleOrigin(name) ?? 'project',
    insertText: roleSnippet(name),
    snippet: true,
    replaceStart,
  }));
}

function directiveDocumentation(name: string, registry: DirectiveRegistry, domain?: string): string | undefined {
  const spec = registry.directive(name, domain);
  if (!spec || spec.loose) return undefined;
  const args = spec.required ? `${spec.required} required` : spec.optional ? 'optional' : 'none';
  const options = Object.keys(spec.options ?? {});
  return [
    `**${name}** — ${directiveDescription(name, spec)}`,
    `Arguments: ${args}. Content: ${spec.content === 'none' ? 'none' : spec.content}.`,
    options.length ? `Options: ${options.map((o) => `\`:${o}:\``).join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}
