import { buildLineStarts, offsetToPosition } from '../rst/lines';
import { normalizeName, wellFormed } from '../rst/text';
import type { DirectiveBlock, InterpretedInline, RstDocument, Span } from '../rst/types';
import { flatten } from '../rst/walk';

/**
 * The world as the navigation features see it. The LSP glue implements it with the file system and the
 * open buffers; tests implement it in memory.
 */
export interface IWorkspace {
  /** True when a file or folder exists at the URI. */
  exists(uri: string): boolean;
  /** The Sphinx source directory of a document: the nearest folder up holding conf.py (as a URI). */
  sourceDir(uri: string): string | undefined;
  /** The text of a file (conf.py, an included file); undefined when missing, unreadable or outside the project. */
  readFile?(uri: string): string | undefined;
  /** True when a file lies outside the project (symbolic links resolved): it is never read. */
  isOutside?(uri: string): boolean;
}

/** A Sphinx label: `.. _name:` (an internal target), or a directive's `:name:` option. */
export interface LabelDef {
  name: string;
  uri: string;
  span: Span;
  /** The title of the section the label stands before, when it does. */
  title?: string;
  /** For a file pulled in by `.. include::`: the document that includes it (whose project the label is in). */
  owner?: string;
}

/** A cross-reference role: `` :ref:`x` ``, `` :doc:`x` ``, `` :download:`x` ``, `` :numref:`x` ``. */
export interface XRef {
  role: 'ref' | 'doc' | 'download' | 'numref';
  /** The target as written (the part in `<...>` when there is an explicit title). */
  target: string;
  /** The span of the target text. */
  span: Span;
  /** The whole role, for diagnostics. */
  whole: Span;
  explicitTitle: boolean;
}

/** What the workspace knows of one file. */
export interface FileSummary {
  uri: string;
  version: number;
  text: string;
  lineStarts: number[];
  doc: RstDocument;
  labels: LabelDef[];
  xrefs: XRef[];
  /** The first section title: what `:doc:` shows. */
  title?: string;
  /** For a file pulled in by `.. include::` and not a document itself: the document that includes it. */
  includedFrom?: string;
}

const XREF_ROLES = new Set(['ref', 'doc', 'download', 'numref', 'std:ref', 'std:doc', 'std:numref']);

/** Splits `` Title <target> `` into its parts, with the target's span. */
export function splitExplicitTitle(text: string, contentStart: number): { target: string; span: Span; explicit: boolean } {
  const m = /^([\s\S]*?)\s*<([^<>]+)>\s*$/.exec(text);
  if (m && m[1].trim()) {
    const at = text.lastIndexOf('<' + m[2] + '>') + 1;
    return { target: m[2].trim(), span: { start: contentStart + at, end: contentStart + at + m[2].length }, explicit: true };
  }
  const lead = text.length - text.trimStart().length;
  return { target: text.trim(), span: { start: contentStart + lead, end: contentStart + lead + text.trim().length }, explicit: false };
}

/** Labels, cross-references and the title of a parsed document. */
export function summarize(uri: string, version: number, doc: RstDocument, includedFrom?: string): FileSummary {
  const flat = flatten(doc.blocks);
  const labels: LabelDef[] = [];
  const xrefs: XRef[] = [];
  // A target stands before the next non-target block; when that block is a section, the label names it.
  for (let i = 0; i < flat.blocks.length; i++) {
    const b = flat.blocks[i];
    if (b.kind === 'target' && !b.anonymous && b.uri === undefined && !b.indirect) {
      // A chain of targets ending in an external one makes them all aliases of that URI: not labels.
      let j = i + 1;
      let external = false;
      for (; j < flat.blocks.length; j++) {
        const t = flat.blocks[j];
        if (t.kind !== 'target') break;
        if (t.uri !== undefined || t.indirect) {
          external = true;
          break;
        }
      }
      if (external) continue;
      const next = flat.blocks[j];
      labels.push({ name: b.refname, uri, span: b.nameSpan, title: next?.kind === 'section' ? next.title : undefined, owner: includedFrom });
    } else if (b.kind === 'directive') {
      for (const o of (b as DirectiveBlock).options) {
        if (o.name === 'name' && o.value) labels.push({ name: normalizeName(o.value), uri, span: o.valueSpan, title: captionOf(b), owner: includedFrom });
      }
    }
  }
  for (const i of flat.inlines) {
    if (i.kind !== 'interpreted' || !i.role || !XREF_ROLES.has(i.role)) continue;
    const role = i.role.replace(/^std:/, '') as XRef['role'];
    const x = splitExplicitTitle(i.text, (i as InterpretedInline).contentSpan.start);
    xrefs.push({ role, target: x.target, span: x.span, whole: { start: i.start, end: i.end }, explicitTitle: x.explicit });
  }
  return {
    uri,
    version,
    text: doc.text,
    lineStarts: buildLineStarts(doc.text),
    doc,
    labels,
    xrefs,
    title: doc.sections[0]?.title,
    includedFrom,
  };
}

function captionOf(b: DirectiveBlock): string | undefined {
  return b.options.find((o) => o.name === 'caption')?.value || undefined;
}

/**
 * Every `.rst` file of the workspace, parsed and summarised; open buffers replace the disk version.
 * Pure: the glue feeds it texts.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, FileSummary>();
  private labelsCache: Map<string, LabelDef[]> | undefined;
  /** Bumped on every change: consumers cache on it. */
  generation = 0;

  constructor(
    private readonly parse: (uri: string, version: number, text: string) => RstDocument,
    /** Called when a file is added or changed (the service indexes the files it includes). */
    private readonly onSet?: (summary: FileSummary) => void,
  ) {}

  /** Adds or refreshes a file; `includedFrom` marks a file indexed because a document includes it. */
  set(uri: string, version: number, text: string, includedFrom?: string): FileSummary {
    const old = this.files.get(uri);
    if (old && old.version === version && old.text === text) return old;
    const summary = summarize(uri, version, this.parse(uri, version, text), includedFrom);
    this.files.set(uri, summary);
    this.changed();
    this.onSet?.(summary);
    return summary;
  }

  /** Re-parses every file (the project's directives or roles changed). */
  reparseAll(): void {
    for (const f of [...this.files.values()]) this.files.set(f.uri, summarize(f.uri, f.version, this.parse(f.uri, f.version, f.text), f.includedFrom));
    this.changed();
  }

  delete(uri: string): void {
    if (this.files.delete(uri)) this.changed();
  }

  /** Files under a folder URI (a rename or delete of a folder). */
  deleteUnder(folderUri: string): void {
    const prefix = folderUri.endsWith('/') ? folderUri : folderUri + '/';
    let any = false;
    for (const uri of [...this.files.keys()]) if (uri.startsWith(prefix)) any = this.files.delete(uri) || any;
    if (any) this.changed();
  }

  private changed(): void {
    this.labelsCache = undefined;
    this.generation++;
  }

  get(uri: string): FileSummary | undefined {
    return this.files.get(uri);
  }

  all(): IterableIterator<FileSummary> {
    return this.files.values();
  }

  get size(): number {
    return this.files.size;
  }

  /** All definitions of a (normalised) label across the workspace. */
  label(name: string): LabelDef[] {
    if (!this.labelsCache) {
      this.labelsCache = new Map();
      for (const f of this.files.values()) {
        for (const l of f.labels) {
          const list = this.labelsCache.get(l.name);
          if (list) list.push(l);
          else this.labelsCache.set(l.name, [l]);
        }
      }
    }
    return this.labelsCache.get(name) ?? [];
  }

  labelNames(): string[] {
    this.label('');
    return [...this.labelsCache!.keys()];
  }

  /** 0-based line and character of an offset in an indexed file. */
  position(uri: string, offset: number): { line: number; character: number } | undefined {
    const f = this.files.get(uri);
    return f ? offsetToPosition(f.lineStarts, offset) : undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// :doc: and file paths
// ---------------------------------------------------------------------------------------------

/** The path of `toUri` relative to the folder of `fromUri`, decoded for display (`../admin/ha.rst`). */
export function relativePath(fromUri: string, toUri: string): string {
  const a = fromUri.split('/').slice(0, -1);
  const b = toUri.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  const rel = [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
  try {
    return decodeURIComponent(rel);
  } catch {
    return rel; // not valid percent-encoding (`%zz`): shown as written
  }
}

/** The folder URI of a file URI (with a trailing slash). */
export function dirOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/** Resolves `target` against a folder URI, POSIX style (`..` and `.` segments removed). */
export function joinUri(folder: string, target: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(\/.*)$/i.exec(folder);
  const origin = m ? m[1] : '';
  const base = m ? m[2] : folder;
  const parts = (target.startsWith('/') ? target : base + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return origin + '/' + out.map((s) => encodeSegment(s)).join('/');
}

function encodeSegment(s: string): string {
  // Keep already-encoded segments as they are; encode what a URI cannot hold. A lone surrogate (no
  // character at all) becomes U+FFFD, so that encoding never throws.
  if (/%[0-9a-f]{2}/i.test(s)) return s;
  return encodeURIComponent(wellFormed(s)).replace(/%40/g, '@').replace(/%2B/g, '+');
}

/**
 * The URI a `:doc:` target or a directive file argument points at: a leading `/` is relative to the Sphinx
 * source directory (falling back to the document's folder), anything else to the document's folder.
 */
export function resolvePath(ws: IWorkspace, fromUri: string, target: string): string {
  if (target.startsWith('/')) {
    const root = ws.sourceDir(fromUri) ?? dirOf(fromUri);
    return joinUri(root.endsWith('/') ? root : root + '/', target.slice(1));
  }
  return joinUri(dirOf(fromUri), target);
}

/** The `.rst` URI a `:doc:` target names. */
export function resolveDoc(ws: IWorkspace, fromUri: string, target: string): string {
  return resolvePath(ws, fromUri, target.replace(/\.rst$/, '')) + '.rst';
}

/** True when two documents belong to the same Sphinx project (the same conf.py folder, or none). */
export function sameProject(ws: IWorkspace, a: string, b: string): boolean {
  return a === b || ws.sourceDir(a) === ws.sourceDir(b);
}

/** The definitions of a label that a `:ref:` in `fromUri` can reach: those of its own project. */
export function projectLabels(index: WorkspaceIndex, ws: IWorkspace, name: string, fromUri: string): LabelDef[] {
  return index.label(name).filter((l) => sameProject(ws, l.owner ?? l.uri, fromUri));
}
