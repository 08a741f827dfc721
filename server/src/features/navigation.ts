import { normalizeName } from '../rst/text';
import type { Block, ReferenceInline, Span } from '../rst/types';
import { flatten } from '../rst/walk';
import { resolveDoc, resolvePath, type FileSummary, type IWorkspace } from './workspace';

/**
 * Every name in a document that navigation knows, as a definition or a use:
 * - `target`: hyperlink targets (`.. _x:`, sections, `` _`x` ``, embedded URIs, `:name:`, citations) and the
 *   references to them (`` `x`_ ``, `x_`, `` `t <x_>`_ ``, `|x|_`, `.. _y: x_`);
 * - `anonymous`: `__` references and anonymous targets, paired by order;
 * - `footnote`: `[1]_`, `[#x]_`, `[#]_` (by order), `[*]_` (by order) and their footnotes;
 * - `substitution`: `|x|` and `.. |x| ...`;
 * - `label`: Sphinx labels (internal targets, `:name:`) and `` :ref:`x` `` / `` :numref:`x` ``, across files;
 * - `doc`: `` :doc:`x` `` (the key is the document's URI);
 * - `file`: `` :download:`x` `` and file arguments of include, literalinclude, image, figure, graphviz.
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
  defKind?: 'explicit' | 'section' | 'inline' | 'embedded' | 'name-option' | 'citation' | 'internal';
  /** The URI of an external target, the value of a substitution. */
  detail?: string;
}

const FILE_DIRECTIVES = new Set(['include', 'literalinclude', 'image', 'figure', 'graphviz']);

/** Builds the entries of one indexed file (cached on the summary object). */
export function navEntries(summary: FileSummary, ws: IWorkspace): NavEntry[] {
  const cached = cache.get(summary);
  if (cached) return cached;
  const out: NavEntry[] = [];
  const doc = summary.doc;
  const flat = flatten(doc.blocks);
  let anonDef = 0;
  let autoDef = 0;
  let symDef = 0;
  for (const b of flat.blocks) blockEntries(b, out, summary, ws, { anon: () => anonDef++, auto: () => autoDef++, sym: () => symDef++ });
  let anonUse = 0;
  let autoUse = 0;
  let symUse = 0;
  for (const i of flat.inlines) {
    switch (i.kind) {
      case 'reference': {
        const r = i as ReferenceInline;
        if (r.anonymous) out.push({ kind: 'anonymous', key: String(anonUse++), role: 'use', span: r.nameSpan, whole: r });
        else {
          if (r.targetName && r.uri !== undefined) out.push({ kind: 'target', key: r.targetName, role: 'def', span: r.nameSpan, whole: r, defKind: 'embedded', detail: r.uri });
          if (r.refname !== undefined && r.uri === undefined) out.push({ kind: 'target', key: r.refname, role: 'use', span: r.nameSpan, whole: r });
        }
        break;
      }
      case 'inlineTarget':
        out.push({ kind: 'target', key: i.refname, role: 'def', span: i.nameSpan, whole: i, defKind: 'inline' });
        break;
      case 'substitutionRef':
        out.push({ kind: 'substitution', key: i.refname, role: 'use', span: i.nameSpan, whole: i });
        if (i.reference === 'named') out.push({ kind: 'target', key: i.refname, role: 'use', span: i.nameSpan, whole: i });
        break;
      case 'footnoteRef': {
        const key = i.label === '#' ? `#${autoUse++}` : i.label === '*' ? `*${symUse++}` : i.label;
        out.push({ kind: 'footnote', key, role: 'use', span: i.labelSpan, whole: i });
        break;
      }
      case 'citationRef':
        out.push({ kind: 'target', key: i.refname, role: 'use', span: i.labelSpan, whole: i });
        break;
      default:
        break;
    }
  }
  for (const x of summary.xrefs) {
    if (x.role === 'ref' || x.role === 'numref') out.push({ kind: 'label', key: normalizeName(x.target), role: 'use', span: x.span, whole: x.whole });
    else if (x.role === 'doc') out.push({ kind: 'doc', key: resolveDoc(ws, summary.uri, x.target), role: 'use', span: x.span, whole: x.whole });
    else out.push({ kind: 'file', key: resolvePath(ws, summary.uri, x.target), role: 'use', span: x.span, whole: x.whole });
  }
  for (const l of summary.labels) out.push({ kind: 'label', key: l.name, role: 'def', span: l.span, whole: l.span, defKind: 'internal', detail: l.title });
  out.sort((a, b) => a.span.start - b.span.start);
  cache.set(summary, out);
  return out;
}

const cache = new WeakMap<FileSummary, NavEntry[]>();

function blockEntries(
  b: Block,
  out: NavEntry[],
  summary: FileSummary,
  ws: IWorkspace,
  next: { anon(): number; auto(): number; sym(): number },
): void {
  const whole = { start: b.start, end: b.end };
  switch (b.kind) {
    case 'target':
      if (b.anonymous) out.push({ kind: 'anonymous', key: String(next.anon()), role: 'def', span: b.nameSpan, whole, detail: b.uri });
      else {
        out.push({ kind: 'target', key: b.refname, role: 'def', span: b.nameSpan, whole, defKind: b.uri !== undefined || b.indirect ? 'explicit' : 'internal', detail: b.uri });
        if (b.indirect && b.uriSpan) {
          const name = b.uriSpan;
          out.push({ kind: 'target', key: b.indirect, role: 'use', span: name, whole: name });
        }
      }
      break;
    case 'section':
      out.push({ kind: 'target', key: b.refname, role: 'def', span: b.titleSpan, whole, defKind: 'section', detail: b.title });
      break;
    case 'citation':
      out.push({ kind: 'target', key: b.refname, role: 'def', span: b.labelSpan, whole, defKind: 'citation' });
      break;
    case 'footnote': {
      const key = b.label === '#' ? `#${next.auto()}` : b.label === '*' ? `*${next.sym()}` : b.label;
      out.push({ kind: 'footnote', key, role: 'def', span: b.labelSpan, whole });
      break;
    }
    case 'substitutionDef': {
      const d = b.directive;
      const value = d ? (d.name === 'replace' && d.content ? summary.text.slice(d.content.start, d.content.end).replace(/\s+/g, ' ').trim() : `${d.name}:: ${d.argument}`) : undefined;
      out.push({ kind: 'substitution', key: b.refname, role: 'def', span: b.nameSpan, whole, detail: value });
      break;
    }
    case 'directive':
      for (const o of b.options) {
        if (o.name === 'name' && o.value) out.push({ kind: 'target', key: normalizeName(o.value), role: 'def', span: o.valueSpan, whole, defKind: 'name-option' });
      }
      // A URL (a remote image) and docutils' standard includes (`<isonum.txt>`) are not files of the project.
      if (FILE_DIRECTIVES.has(b.name) && b.argument && b.argumentSpan && !/\s/.test(b.argument.trim()) && !/^([a-z][a-z0-9+.-]+:|<.*>$)/i.test(b.argument.trim())) {
        out.push({ kind: 'file', key: resolvePath(ws, summary.uri, b.argument.trim()), role: 'use', span: b.argumentSpan, whole });
      }
      break;
    default:
      break;
  }
}

/** The entry whose name span holds the offset (the innermost when several do). */
export function entryAt(entries: NavEntry[], offset: number): NavEntry | undefined {
  let best: NavEntry | undefined;
  for (const e of entries) {
    if (e.span.start <= offset && offset <= e.span.end) {
      if (!best || e.span.end - e.span.start < best.span.end - best.span.start) best = e;
    }
  }
  return best;
}

/** Kinds whose names live in one document; `label`, `doc` and `file` span the workspace. */
export function isLocal(kind: NavKind): boolean {
  return kind === 'target' || kind === 'anonymous' || kind === 'footnote' || kind === 'substitution';
}
