import { derived, derivedKey } from '../rst/derived';
import { asBuiltText } from '../rst/sourceRead';
import { normalizeName } from '../rst/text';
import { bindNames, type NameDef, type NameTable, type Resolution } from '../rst/names';
import type { DirectiveBlock, SectionBlock, Span, SubstitutionDefBlock } from '../rst/types';
import { flatten, pushAll } from '../rst/walk';
import { resolveDoc, resolveFromFile, resolvePath, type FileSummary, type IWorkspace } from './workspace';

/**
 * Every name in a document that navigation knows, as a definition or a use:
 * - `target`: hyperlink targets (`.. _x:`, sections, `` _`x` ``, embedded URIs, `:name:`, citations, `[#x]`) and
 *   the references to them (`` `x`_ ``, `x_`, `` `t <x_>`_ ``, `|x|_`, `.. _y: x_`, `[CIT]_`);
 * - `anonymous`: `__` references (`|x|__` too) and anonymous targets, paired by order;
 * - `footnote`: `[1]_`, `[#x]_`, `[#]_` (by order), `[*]_` (by order) and their footnotes;
 * - `substitution`: `|x|` and `.. |x| ...`;
 * - `label`: Sphinx labels (internal targets, `:name:`) and `` :ref:`x` `` / `` :numref:`x` ``, across files;
 * - `doc`: `` :doc:`x` `` (the key is the document's URI);
 * - `file`: `` :download:`x` `` and file arguments of include, literalinclude, image, figure, graphviz, and the
 *   `:file:` option of raw and csv-table.
 * The same-document kinds (`target`, `anonymous`, `footnote`, `substitution`) come from the name binder (rst/names.ts), so a
 * use's definition is the one the checks and the renderer see.
 */
export type NavKind = 'target' | 'anonymous' | 'footnote' | 'substitution' | 'label' | 'doc' | 'file';

export interface NavEntry {
  kind: NavKind;
  key: string;
  role: 'def' | 'use';
  /** The span of the name itself. */
  span: Span;
  /** The whole construct (a reference with its backquotes and underscores, a target block). */
  whole: Span;
  /** What kind of definition: for hovers and rename rules. */
  defKind?: 'explicit' | 'section' | 'inline' | 'embedded' | 'name-option' | 'citation' | 'footnote' | 'internal';
  /** The URI of an external target, the value of a substitution. */
  detail?: string;
  /** A same-document definition (`target`, `anonymous`, `footnote`, `substitution`): the binder's definition it is. */
  def?: NameDef;
  /** A same-document use (`target`, `anonymous`, `footnote`, `substitution`): what the binder resolves it to. */
  binding?: Resolution;
}

const FILE_DIRECTIVES = new Set(['include', 'literalinclude', 'image', 'figure', 'graphviz']);
/** Directives that read a file their `:file:` option names. */
const FILE_OPTION_DIRECTIVES = new Set(['raw', 'csv-table']);

/** The entries of one indexed file (kept with its summary). */
export function navEntries(summary: FileSummary, ws: IWorkspace): NavEntry[] {
  return derived(summary, NAV_ENTRIES, () => buildNavEntries(summary, ws));
}

function buildNavEntries(summary: FileSummary, ws: IWorkspace): NavEntry[] {
  const out: NavEntry[] = [];
  const doc = summary.doc;
  bindingEntries(bindNames(doc, flatten(doc)), summary.text, out);
  pushAll(out, workspaceUses(summary, ws));
  for (const x of summary.xrefs) {
    if (x.role === 'ref' || x.role === 'numref') out.push({ kind: 'label', key: normalizeName(x.target), role: 'use', span: x.span, whole: x.whole });
  }
  for (const l of summary.labels) out.push({ kind: 'label', key: l.name, role: 'def', span: l.span, whole: l.span, defKind: 'internal', detail: l.title });
  out.sort((a, b) => a.span.start - b.span.start);
  return out;
}

const NAV_ENTRIES = derivedKey<NavEntry[]>('navigation entries');

/**
 * The uses of other documents and of files in an indexed file, in its order (kept with its summary): `:doc:`,
 * `:download:` and the like, and the files directives read. The workspace checks read these only; the
 * navigation entries hold them too.
 */
export function workspaceUses(summary: FileSummary, ws: IWorkspace): NavEntry[] {
  return derived(summary, WORKSPACE_USES, () => {
    const out: NavEntry[] = [];
    for (const b of flatten(summary.doc).directives) directiveEntries(b, out, summary, ws);
    for (const x of summary.xrefs) {
      if (x.role === 'ref' || x.role === 'numref') continue;
      if (x.role === 'doc') out.push({ kind: 'doc', key: resolveDoc(ws, summary.uri, x.target), role: 'use', span: x.span, whole: x.whole });
      // `:download:` of an address is a link, no file (Sphinx's DownloadFileCollector: a target with `://`).
      else if (!x.target.includes('://')) out.push({ kind: 'file', key: resolvePath(ws, summary.uri, x.target, x.span.start), role: 'use', span: x.span, whole: x.whole });
    }
    return out.sort((a, b) => a.span.start - b.span.start);
  });
}

const WORKSPACE_USES = derivedKey<NavEntry[]>('workspace uses');

const DEF_KINDS: Record<NameDef['kind'], NavEntry['defKind']> = {
  target: 'internal',
  section: 'section',
  inlineTarget: 'inline',
  embedded: 'embedded',
  'name-option': 'name-option',
  citation: 'citation',
  footnote: 'footnote',
  anonymous: undefined,
  substitution: undefined,
};

/** The same-document names (`target`, `anonymous`, `footnote`), as the binder (rst/names.ts) sees them. */
function bindingEntries(names: NameTable, text: string, out: NavEntry[]): void {
  // Substitutions first: on `|x|_`, which is also a reference to the target `x`, the substitution wins.
  for (const d of names.substitutions) {
    const b = d.node as SubstitutionDefBlock;
    const dir = b.directive;
    const value = dir ? (dir.name === 'replace' && dir.content ? text.slice(dir.content.start, dir.content.end).replace(/\s+/g, ' ').trim() : `${dir.name}:: ${dir.argument}`) : undefined;
    out.push({ kind: 'substitution', key: d.refname, role: 'def', span: d.span, whole: { start: b.start, end: b.end }, detail: value, def: d });
  }
  for (const u of names.uses) {
    if (u.kind === 'substitution') out.push({ kind: 'substitution', key: u.refname, role: 'use', span: u.span, whole: u.node, binding: names.resolve(u) });
  }
  const whole = (d: NameDef): Span => ({ start: d.node.start, end: d.node.end });
  for (const d of names.defs) {
    const entry: NavEntry = { kind: 'target', key: d.refname, role: 'def', span: d.span, whole: whole(d), defKind: DEF_KINDS[d.kind], detail: d.uri, def: d };
    if (d.kind === 'target' && (d.uri !== undefined || d.indirect)) entry.defKind = 'explicit';
    // `[#x]` defines the name `x`: the name is the label without its `#`.
    else if (d.kind === 'footnote') entry.span = { start: d.span.start + 1, end: d.span.end };
    else if (d.kind === 'section') entry.detail = (d.node as SectionBlock).title;
    out.push(entry);
  }
  // An anonymous target's name is empty: its entry is the `__` that makes it one (so that a cursor on the
  // `` `x`_ `` of `__ `x`_` is on the reference, not on the target).
  names.anonymousTargets.forEach((d, n) => {
    const k = text.indexOf('__', d.node.start);
    const span = k >= 0 && k < d.node.end ? { start: k, end: k + 2 } : d.span;
    out.push({ kind: 'anonymous', key: String(n), role: 'def', span, whole: whole(d), detail: d.uri, def: d });
  });
  // Auto-numbered (`#`) and symbol (`*`) footnotes are keyed by their place among their kind.
  const footnoteKey = new Map<NameDef, string>();
  let auto = 0;
  let symbol = 0;
  for (const d of names.footnotes) {
    const key = d.refname === '#' ? `#${auto++}` : d.refname === '*' ? `*${symbol++}` : d.refname;
    footnoteKey.set(d, key);
    out.push({ kind: 'footnote', key, role: 'def', span: d.span, whole: whole(d), def: d });
  }
  let autoUse = 0;
  let symbolUse = 0;
  for (const u of names.uses) {
    const binding = names.resolve(u);
    switch (u.kind) {
      case 'reference':
      case 'citation':
        out.push({ kind: 'target', key: u.refname, role: 'use', span: u.span, whole: u.node, binding });
        break;
      case 'indirect':
        if (u.node.uriSpan) out.push({ kind: 'target', key: u.refname, role: 'use', span: u.node.uriSpan, whole: u.node.uriSpan, binding });
        break;
      case 'anonymous':
        out.push({ kind: 'anonymous', key: String(u.index), role: 'use', span: u.span, whole: u.node, binding });
        break;
      case 'substitution':
        break;
      case 'footnote': {
        const n = u.label === '#' ? autoUse++ : u.label === '*' ? symbolUse++ : 0;
        const key = (binding.def && footnoteKey.get(binding.def)) ?? (u.label === '#' || u.label === '*' ? `${u.label}${n}` : u.label);
        out.push({ kind: 'footnote', key, role: 'use', span: u.span, whole: u.node, binding });
        break;
      }
    }
  }
}

/**
 * The file a directive of `FILE_DIRECTIVES` names, as its argument is read: `include` and `literalinclude` take
 * a path (docutils' `directives.path`: the lines joined, spaces inside kept, as in setuptools' `.. include:: ../NEWS
 * (links).rst`); an image's URI or a graphviz file name with whitespace in it is not read as a file here. A URL
 * (a remote image) and docutils' standard includes (`<isonum.txt>`) are not files of the project.
 */
function fileArgument(directive: string, argument: string): string | undefined {
  const arg = argument.trim();
  if (/^([a-z][a-z0-9+.-]+:|<.*>$)/i.test(arg)) return undefined;
  if (directive === 'include' || directive === 'literalinclude') return arg.split('\n').map((line) => line.trim()).join('');
  return /\s/.test(arg) ? undefined : arg;
}

/** The file a directive reads, as an entry (`.. image:: x.png`, `.. raw:: html` with `:file:`). */
function directiveEntries(b: DirectiveBlock, out: NavEntry[], summary: FileSummary, ws: IWorkspace): void {
  const whole = { start: b.start, end: b.end };
  if (FILE_DIRECTIVES.has(b.name) && b.argument && b.argumentSpan) {
    // As the build reads it, where an extension put values in for tokens first (esp-docs' `{IDF_TARGET_PATH_NAME}.inc`);
    // a path holding a value only the build knows is not a file of the project here.
    const written = fileArgument(b.name, b.argument);
    const file = written === undefined ? undefined : asBuiltText(summary.doc, written);
    if (file) out.push({ kind: 'file', key: resolvePath(ws, summary.uri, file, b.start), role: 'use', span: b.argumentSpan, whole });
  } else if (FILE_OPTION_DIRECTIVES.has(b.name) && !b.unknown) {
    // `.. raw:: html` / `.. csv-table::` with `:file: path` (docutils' `directives.path`, from the folder of the file
    // it stands in, an included file's own).
    const o = b.options.find((x) => x.name === 'file');
    const file = o ? o.value.split('\n').map((line) => line.trim()).join('') : '';
    // An absolute path is one of the machine's (docutils joins it to nothing): not a file of the project.
    if (o && file && !file.startsWith('/')) out.push({ kind: 'file', key: resolveFromFile(ws, summary.uri, file), role: 'use', span: o.valueSpan, whole });
  }
}

/**
 * The entry whose name span holds the offset (the innermost when several do). Of spans as wide, a file wins: the
 * names in the cells of a `csv-table :file:` stand on the path of the file that holds them.
 */
export function entryAt(entries: NavEntry[], offset: number): NavEntry | undefined {
  let best: NavEntry | undefined;
  for (const e of entries) {
    if (e.span.start <= offset && offset <= e.span.end) {
      const width = e.span.end - e.span.start;
      const bestWidth = best ? best.span.end - best.span.start : Infinity;
      if (width < bestWidth || (width === bestWidth && e.kind === 'file' && best!.kind !== 'file')) best = e;
    }
  }
  return best;
}

/** Kinds whose names live in one document; `label`, `doc` and `file` span the workspace. */
export function isLocal(kind: NavKind): boolean {
  return kind === 'target' || kind === 'anonymous' || kind === 'footnote' || kind === 'substitution';
}
