/**
 * Paths that follow a file or folder when it is renamed or moved (`workspace/willRenameFiles`): `:doc:` and
 * `:download:` targets, toctree entries, and the file arguments of include, literalinclude, image, figure and
 * graphviz, in every indexed document (open or not). Each path is written again in the style its author used:
 * relative (with a leading `./` kept) or rooted at the Sphinx source folder (`/`), `:doc:` and toctree entries
 * with or without their `.rst`. Only the path itself is replaced; nothing else of a document changes.
 *
 * A path whose target would leave what can reach it is left as written and reported: a document moved out of
 * its Sphinx project (`:doc:`, toctree, `/`-rooted paths), a file moved outside the workspace folders (never
 * read there), a new name that the reference cannot hold (a backquote in a role, `<` or `>`).
 */
import { dirOf, encodePath, relativePath, safeDecode } from '../common/uri';
import type { Span } from '../rst/types';
import { derived, derivedKey } from '../rst/derived';
import { flatten } from '../rst/walk';
import type { FeatureContext, Location, TextEdit, WorkspaceEdit } from './types';
import { navEntries } from './navigation';
import { projectLabels, resolvePath, type FileSummary } from './workspace';

export interface FileRename {
  oldUri: string;
  newUri: string;
}

/** One path a document names. */
export interface PathRef {
  kind: 'doc' | 'toctree' | 'file';
  /** The path as the document means it (an image's `\ ` read as a space). */
  path: string;
  /** What to replace: the path as written. */
  span: Span;
  /** Image and figure arguments are URIs: docutils drops unescaped whitespace, so a space is written `\ `. */
  escapeSpaces: boolean;
  /** The construct, for messages (`:doc:`, `toctree`, `image`, ...). */
  via: string;
}

export interface SkippedRef {
  uri: string;
  start: number;
  end: number;
  reason: string;
}

export interface FileRenameResult {
  changes: WorkspaceEdit;
  /** References left as written, with why. */
  skipped: SkippedRef[];
}

/** The directives whose argument is a file path. */
export const FILE_ARGUMENT_DIRECTIVES = new Set(['include', 'literalinclude', 'image', 'figure', 'graphviz']);
const URI_ARGUMENT = new Set(['image', 'figure']);
const EXTERNAL = /^([a-z][a-z0-9+.-]+:|<.*>$)/i;
const GLOB = /[*?[]/;

const PATH_REFS = derivedKey<PathRef[]>('path references');

/** Every path of a document that names a file of the project (cached per indexed version). */
export function pathRefs(file: FileSummary): PathRef[] {
  return derived(file, PATH_REFS, () => readPathRefs(file));
}

function readPathRefs(file: FileSummary): PathRef[] {
  const out: PathRef[] = [];
  const text = file.text;
  for (const x of file.xrefs) {
    if (x.role !== 'doc' && x.role !== 'download') continue;
    const written = text.slice(x.span.start, x.span.end);
    const path = written.trim();
    if (!path || EXTERNAL.test(path)) continue;
    const start = x.span.start + written.indexOf(path);
    out.push({ kind: x.role === 'doc' ? 'doc' : 'file', path, span: { start, end: start + path.length }, escapeSpaces: false, via: `:${x.role}:` });
  }
  for (const b of flatten(file.doc).directives) {
    if (FILE_ARGUMENT_DIRECTIVES.has(b.name) && b.argumentSpan) {
      const written = text.slice(b.argumentSpan.start, b.argumentSpan.end);
      const path = written.trim();
      // One line only: a path broken over lines is joined by docutils, and rewriting it would lose the layout.
      if (!path || path.includes('\n') || EXTERNAL.test(path)) continue;
      const uriArg = URI_ARGUMENT.has(b.name);
      if (uriArg && /(?<!\\)\s/.test(path)) continue; // whitespace docutils drops: not a path we can follow
      const start = b.argumentSpan.start + written.indexOf(path);
      out.push({ kind: 'file', path: uriArg ? path.replace(/\\ /g, ' ') : path, span: { start, end: start + path.length }, escapeSpaces: uriArg, via: b.name });
    } else if (b.name === 'toctree' && b.content) {
      const glob = b.options.some((o) => o.name === 'glob');
      let pos = b.content.start;
      for (const line of text.slice(b.content.start, b.content.end).split('\n')) {
        const lineStart = pos;
        pos += line.length + 1;
        const entry = line.trim();
        if (!entry) continue;
        const m = /^(.+?)\s*<([^<>]*?)>$/.exec(entry);
        const ref = (m ? m[2] : entry).trim();
        if (!ref || ref === 'self' || EXTERNAL.test(ref) || (glob && !m && GLOB.test(ref))) continue;
        const at = lineStart + line.indexOf(entry) + (m ? entry.lastIndexOf('<' + m[2] + '>') + 1 + m[2].indexOf(ref) : 0);
        out.push({ kind: 'toctree', path: ref, span: { start: at, end: at + ref.length }, escapeSpaces: false, via: 'toctree' });
      }
    }
  }
  out.sort((a, b) => a.span.start - b.span.start);
  return out;
}

/** A URI compared and joined decoded (`file:///a%20b` and `file:///a b` are one file). */
const decoded = (uri: string) => safeDecode(uri).replace(/\/+$/, '');

/** The `file:` URI of a decoded one. */
function encoded(d: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(\/.*)?$/i.exec(d);
  return m ? m[1] + encodePath(m[2] ?? '/') : d;
}

/** The file a path of a document names (a `:doc:` or toctree entry: the `.rst` file). */
function refTarget(ctx: FeatureContext, file: FileSummary, ref: PathRef): string {
  return ref.kind !== 'file' ? resolvePath(ctx.ws, file.uri, ref.path.replace(/\.rst$/, '')) + '.rst' : resolvePath(ctx.ws, file.uri, ref.path);
}

/** One place that names a file: a `:doc:`, `:download:` or toctree entry, or a directive's file argument. */
export interface FileReference extends Location {
  /** The construct (`:doc:`, `toctree`, `image`, ...). */
  via: string;
}

/**
 * Every place in the indexed documents that names the file `uri` (or, for a folder, a file inside it): the
 * paths that would follow it if it moved, and, as Markdown counts a link to a heading of the file, every
 * `:ref:` (or `:numref:`) that resolves to a label defined in it. In document order, documents sorted by URI.
 */
export function fileReferences(ctx: FeatureContext, uri: string): FileReference[] {
  const wanted = decoded(uri);
  const inside = (u: string) => {
    const d = decoded(u);
    return d === wanted || d.startsWith(wanted + '/');
  };
  const out: FileReference[] = [];
  for (const file of [...ctx.index.all()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0))) {
    const refs: FileReference[] = [];
    for (const ref of pathRefs(file)) {
      if (inside(refTarget(ctx, file, ref))) refs.push({ uri: file.uri, start: ref.span.start, end: ref.span.end, via: ref.via });
    }
    // A label reference counts when the label it resolves to (in its own project) is defined in the file.
    for (const e of navEntries(file, ctx.ws)) {
      if (e.kind !== 'label' || e.role !== 'use') continue;
      if (projectLabels(ctx.index, ctx.ws, e.key, file.uri).some((l) => inside(l.uri))) refs.push({ uri: file.uri, start: e.whole.start, end: e.whole.end, via: ':ref:' });
    }
    out.push(...refs.sort((a, b) => a.start - b.start));
  }
  return out;
}

/**
 * How a path of a document naming `target` is written in a document at `from` whose Sphinx source folder is
 * `root` (all decoded), in the style of `ref` (relative with its `./`, or `/`-rooted; `:doc:` and toctree
 * entries with or without `.rst`); or why it cannot be.
 */
function writtenPath(ref: PathRef, target: string, from: string, root: string | undefined): { path: string } | { skip: string } {
  const doc = ref.kind !== 'file';
  let path: string;
  if (ref.path.startsWith('/')) {
    const top = root ?? dirOf(from).replace(/\/$/, '');
    if (!target.startsWith(top + '/')) return { skip: 'its new place is outside the Sphinx project, which a path from its source folder cannot reach' };
    path = target.slice(top.length);
  } else {
    if (doc && root && !target.startsWith(root + '/')) return { skip: 'its new place is outside the Sphinx project, so Sphinx cannot find the document there' };
    path = relativePath(from, target);
    if (/^\.\//.test(ref.path) && !path.startsWith('../')) path = './' + path;
  }
  if (doc && !/\.rst$/.test(ref.path)) path = path.replace(/\.rst$/, '');
  if (/[<>]/.test(path) || (ref.via.startsWith(':') && path.includes('`'))) return { skip: `the new path ${path} cannot be written in this reference` };
  if (ref.escapeSpaces) path = path.replace(/ /g, '\\ ');
  return { path };
}

/** A path as the document writes it (an image's space as `\\ `). */
const asWritten = (ref: PathRef) => (ref.escapeSpaces ? ref.path.replace(/ /g, '\\ ') : ref.path);

/**
 * Text copied from the document `fromUri` and pasted into `toUri`, with its relative paths (`:doc:`,
 * `:download:`, toctree entries, file arguments) written again from the new document's folder so that they
 * name the same files, as Markdown updates links on paste. `snippet` is the copied text read as a document of
 * its own at `fromUri`. A `/`-rooted path stays as it is within one Sphinx project; a path that cannot be
 * written from there stays as written. Undefined when nothing changes.
 */
export function pastedText(ctx: FeatureContext, snippet: FileSummary, toUri: string): string | undefined {
  const from = decoded(snippet.uri);
  const to = decoded(toUri);
  // Only between documents of one file system (an untitled buffer has no folder to write paths from).
  const scheme = (u: string) => /^[a-z][a-z0-9+.-]*:/i.exec(u)?.[0].toLowerCase();
  if (from === to || scheme(from) !== scheme(to) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(to)) return undefined;
  const rootUri = ctx.ws.sourceDir(toUri);
  const root = rootUri ? decoded(rootUri) : undefined;
  const edits: TextEdit[] = [];
  for (const ref of pathRefs(snippet)) {
    const written = writtenPath(ref, decoded(refTarget(ctx, snippet, ref)), to, root);
    if ('skip' in written) continue;
    if (written.path === asWritten(ref)) continue;
    edits.push({ start: ref.span.start, end: ref.span.end, newText: written.path });
  }
  if (!edits.length) return undefined;
  let text = snippet.text;
  for (const e of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

/**
 * The edits that keep every reference to the renamed files and folders (and every relative path inside a
 * moved document) pointing at the same file after the renames.
 */
export function fileRenameEdits(ctx: FeatureContext, renames: readonly FileRename[]): FileRenameResult {
  const moves = renames.map((r) => ({ from: decoded(r.oldUri), to: decoded(r.newUri) })).filter((r) => r.from && r.from !== r.to);
  const result: FileRenameResult = { changes: {}, skipped: [] };
  if (!moves.length) return result;
  /** Where a decoded URI will be after the renames (unchanged when none touches it). */
  const moved = (d: string): string => {
    for (const m of moves) {
      if (d === m.from) return m.to;
      if (d.startsWith(m.from + '/')) return m.to + d.slice(m.from.length);
    }
    return d;
  };
  for (const file of ctx.index.all()) {
    const refs = pathRefs(file);
    if (!refs.length) continue;
    const fromOld = decoded(file.uri);
    const fromNew = moved(fromOld);
    const rootUri = ctx.ws.sourceDir(file.uri);
    const rootOld = rootUri ? decoded(rootUri) : undefined;
    const rootNew = rootOld && moved(rootOld);
    const edits: TextEdit[] = [];
    for (const ref of refs) {
      const targetOld = decoded(refTarget(ctx, file, ref));
      const targetNew = moved(targetOld);
      if (targetNew === targetOld && fromNew === fromOld) continue;
      const skip = (reason: string) => result.skipped.push({ uri: file.uri, start: ref.span.start, end: ref.span.end, reason: `${ref.via} ${ref.path}: ${reason}` });
      if (targetNew !== targetOld && ctx.ws.isOutside?.(encoded(targetNew))) {
        skip('its new place is outside the workspace, where it is never read');
        continue;
      }
      const written = writtenPath(ref, targetNew, fromNew, rootNew);
      if ('skip' in written) {
        skip(written.skip);
        continue;
      }
      if (written.path === asWritten(ref)) continue;
      edits.push({ start: ref.span.start, end: ref.span.end, newText: written.path });
    }
    if (edits.length) result.changes[file.uri] = edits;
  }
  return result;
}
