import { dotDiagramAt } from '../dot/model';
import { dotHighlights, dotPrepareRename, dotReferences, dotRename } from './dotNavigation';
import { entryAt, isLocal, navEntries, type NavEntry } from './navigation';
import type { FeatureContext, Highlight, Location, TextEdit, WorkspaceEdit } from './types';

/** Every entry (definitions and uses) that names the same thing as `at`, in every file it can live in. */
function related(ctx: FeatureContext, uri: string, at: NavEntry): { uri: string; entry: NavEntry }[] {
  const out: { uri: string; entry: NavEntry }[] = [];
  const file = ctx.index.get(uri)!;
  if (isLocal(at.kind)) {
    for (const e of navEntries(file, ctx.ws)) if (e.kind === at.kind && e.key === at.key) out.push({ uri, entry: e });
    // An internal target is also a Sphinx label: `:ref:` uses in every file name it too.
    if (at.kind === 'target' && ctx.index.label(at.key).some((l) => l.uri === uri)) out.push(...labelEntries(ctx, at.key).filter((x) => x.entry.role === 'use'));
    return out;
  }
  if (at.kind === 'label') {
    out.push(...labelEntries(ctx, at.key));
    // The label's own file may also use it as a plain target (`label_`).
    for (const l of ctx.index.label(at.key)) {
      const f = ctx.index.get(l.uri);
      if (!f) continue;
      for (const e of navEntries(f, ctx.ws)) if (e.kind === 'target' && e.key === at.key) out.push({ uri: l.uri, entry: e });
    }
    return dedupe(out);
  }
  for (const f of ctx.index.all()) for (const e of navEntries(f, ctx.ws)) if (e.kind === at.kind && e.key === at.key) out.push({ uri: f.uri, entry: e });
  return out;
}

function labelEntries(ctx: FeatureContext, key: string): { uri: string; entry: NavEntry }[] {
  const out: { uri: string; entry: NavEntry }[] = [];
  for (const f of ctx.index.all()) for (const e of navEntries(f, ctx.ws)) if (e.kind === 'label' && e.key === key) out.push({ uri: f.uri, entry: e });
  return out;
}

function dedupe(list: { uri: string; entry: NavEntry }[]): { uri: string; entry: NavEntry }[] {
  const seen = new Set<string>();
  return list.filter((x) => {
    const k = `${x.uri}#${x.entry.span.start}-${x.entry.span.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Find all references (Shift+F12): uses, and the definitions when asked for (a node ID within its diagram). */
export function findReferences(ctx: FeatureContext, uri: string, offset: number, includeDeclaration: boolean): Location[] {
  const file = ctx.index.get(uri);
  if (!file) return [];
  const diagram = dotDiagramAt(file.doc, offset);
  if (diagram) return dotReferences(diagram, uri, offset, includeDeclaration);
  const at = entryAt(navEntries(file, ctx.ws), offset);
  if (!at) return [];
  return dedupe(related(ctx, uri, at))
    .filter((x) => includeDeclaration || x.entry.role === 'use')
    .map((x) => ({ uri: x.uri, start: x.entry.span.start, end: x.entry.span.end }))
    .sort((a, b) => (a.uri === b.uri ? a.start - b.start : a.uri < b.uri ? -1 : 1));
}

/**
 * The occurrences in this document of the name at the offset (textDocument/documentHighlight), as Markdown
 * highlights a link's definition and its uses: a target, label, substitution, footnote or citation with
 * its definition (`write`) and references (`read`); a label defined here with the `:ref:` uses and the
 * `label_` references to it; the same `:doc:` or file path; a node ID of a diagram with its mentions. Only
 * this document is read, so the answer never waits for the workspace. Undefined off a name, so that the
 * editor highlights the word there as it does in any text.
 */
export function documentHighlights(ctx: FeatureContext, uri: string, offset: number): Highlight[] | undefined {
  const file = ctx.index.get(uri);
  if (!file) return undefined;
  const diagram = dotDiagramAt(file.doc, offset);
  if (diagram) return dotHighlights(diagram, offset);
  const entries = navEntries(file, ctx.ws);
  const at = entryAt(entries, offset);
  if (!at) return undefined;
  // Names of this document go by what the name binder made of them: a reference to an explicit target
  // is not one of the section title of the same name it shadows. An unresolved one goes with its namesakes.
  const bound = (e: NavEntry) => (e.role === 'def' ? e.def : e.binding?.def);
  const sameLocal = (e: NavEntry, def: ReturnType<typeof bound>) => (def ? bound(e) === def : e.kind === at.kind && e.key === at.key && !bound(e));
  // A label defined in this document is its explicit target too: `:ref:`x`` and `x_` name the same place.
  const labelHere = (at.kind === 'label' || at.kind === 'target') && ctx.index.label(at.key).some((l) => l.uri === uri);
  const labelTarget = labelHere ? entries.find((e) => e.kind === 'target' && e.role === 'def' && e.key === at.key && e.def?.explicit)?.def : undefined;
  const def = isLocal(at.kind) ? bound(at) : undefined;
  const same = (e: NavEntry) => {
    if (isLocal(at.kind) && isLocal(e.kind)) return sameLocal(e, def);
    if (at.kind === 'label' && e.kind === 'target') return labelTarget !== undefined && bound(e) === labelTarget;
    if (at.kind === 'target' && e.kind === 'label') return labelTarget !== undefined && def === labelTarget && e.key === at.key;
    return e.kind === at.kind && e.key === at.key;
  };
  const seen = new Set<string>();
  const out: Highlight[] = [];
  for (const e of entries) {
    if (!same(e)) continue;
    const k = `${e.span.start}-${e.span.end}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ start: e.span.start, end: e.span.end, kind: e.role === 'def' ? 'write' : 'read' });
  }
  return out;
}

const RENAMABLE = new Set(['target', 'label', 'substitution', 'footnote']);

/** The span to rename, or why it cannot be renamed. */
export function prepareRename(ctx: FeatureContext, uri: string, offset: number): { start: number; end: number; placeholder: string } | { error: string } | undefined {
  const file = ctx.index.get(uri);
  if (!file) return undefined;
  const diagram = dotDiagramAt(file.doc, offset);
  if (diagram) return dotPrepareRename(diagram, offset);
  const at = entryAt(navEntries(file, ctx.ws), offset);
  if (!at) return undefined;
  if (!RENAMABLE.has(at.kind)) return { error: 'Only targets, labels, substitutions and footnote labels can be renamed.' };
  if (at.kind === 'footnote' && /^[#*]\d+$/.test(at.key)) return { error: 'Auto-numbered footnotes have no name to rename.' };
  const defs = related(ctx, uri, at).filter((x) => x.entry.role === 'def');
  if (defs.some((d) => d.entry.defKind === 'section')) return { error: 'This name comes from a section title: edit the title itself.' };
  if (defs.length === 0) return { error: 'This name is not defined anywhere, so there is nothing to rename consistently.' };
  return { start: at.span.start, end: at.span.end, placeholder: file.text.slice(at.span.start, at.span.end) };
}

const SIMPLE_NAME = /^[\p{L}\p{N}]+(?:[-_.:+][\p{L}\p{N}]+)*$/u;

/** Rename everywhere as one edit: definitions, references in every file, `:ref:` uses of a label; a node ID in its diagram. */
export function rename(ctx: FeatureContext, uri: string, offset: number, newName: string): { changes: WorkspaceEdit } | { error: string } | undefined {
  const file = ctx.index.get(uri);
  const diagram = file && dotDiagramAt(file.doc, offset);
  if (diagram) return dotRename(diagram, uri, offset, newName);
  const prep = prepareRename(ctx, uri, offset);
  if (!prep) return undefined;
  if ('error' in prep) return prep;
  const name = newName.trim();
  if (!name) return { error: 'The new name is empty.' };
  if (/[`<>|\n]/.test(name)) return { error: 'A name cannot contain `, <, >, | or a line break.' };
  const at = entryAt(navEntries(file!, ctx.ws), offset)!;
  const edits: WorkspaceEdit = {};
  for (const { uri: u, entry } of dedupe(related(ctx, uri, at))) {
    const text = ctx.index.get(u)!.text;
    (edits[u] ??= []).push(editFor(text, entry, name));
  }
  for (const list of Object.values(edits)) list.sort((a, b) => a.start - b.start);
  return { changes: edits };
}

function editFor(text: string, e: NavEntry, name: string): TextEdit {
  // A simple reference (`name_`) whose new name needs quoting becomes a phrase reference.
  if (e.kind === 'target' && e.role === 'use' && text[e.whole.start] !== '`' && text[e.whole.start] !== '|' && text[e.whole.start] !== '[' && !SIMPLE_NAME.test(name)) {
    const tail = text.slice(e.span.end, e.whole.end);
    return { start: e.whole.start, end: e.whole.end, newText: '`' + name + '`' + tail };
  }
  // A target definition whose name has a colon followed by a space must be quoted.
  if (e.role === 'def' && e.kind === 'target' && /:( |$)/.test(name) && text[e.span.start - 1] !== '`') {
    return { start: e.span.start, end: e.span.end, newText: '`' + name + '`' };
  }
  return { start: e.span.start, end: e.span.end, newText: name };
}
