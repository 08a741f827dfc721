/**
 * Path completion, folder by folder as in VS Code's Markdown: the file arguments of include, literalinclude,
 * image, figure and graphviz, `:download:` and `:doc:` targets, and toctree entries. A path is relative to the
 * document's folder, or to the Sphinx source folder (the one holding conf.py) when it starts with `/`.
 * Documents (`:doc:`, toctree) are offered without their `.rst`; a folder ends in `/` and asks for the next
 * level at once.
 */
import { dirOf, joinUri, safeDecode } from '../common/uri';
import type { Block, DirectiveBlock } from '../rst/types';
import { walkBlocks } from '../rst/walk';
import type { CompletionItem, FeatureContext } from './types';
import type { FileSummary } from './workspace';

type PathContext = 'include' | 'literalinclude' | 'image' | 'figure' | 'graphviz' | 'download' | 'doc' | 'toctree';

const IMAGE = /\.(png|jpe?g|gif|svg|webp|bmp|tiff?|ico|pdf)$/i;
const DOT = /\.(dot|gv)$/i;
const RST = /\.rst$/i;

/** Path completion at the offset, or undefined when the cursor is not in a path (other completion applies). */
export function completePath(ctx: FeatureContext, file: FileSummary, offset: number): CompletionItem[] | undefined {
  const text = file.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  let m: RegExpExecArray | null;
  let where: PathContext | undefined;
  let partial = '';
  if ((m = /^\s*\.\.\s+(?:\|[^|]+\|\s+)?(include|literalinclude|image|figure|graphviz)::[ \t]+(.*)$/i.exec(before))) {
    where = m[1].toLowerCase() as PathContext;
    partial = m[2];
  } else if ((m = /:download:`(?:[^`]*<)?([^`<>]*)$/.exec(before))) {
    where = 'download';
    partial = m[1];
  } else if ((m = /:(?:std:)?doc:`(?:[^`]*<)?([^`<>]*)$/.exec(before))) {
    // Without a folder typed yet, the list of every document (completion.ts) answers `:doc:`.
    if (!/^\.|^.+\/|^\/.*\//.test(m[1])) return undefined;
    where = 'doc';
    partial = m[1];
  } else if (/^\s+\S*/.test(before) && !/^\s+:/.test(before) && inTocTree(file.doc.blocks, text, offset, lineStart)) {
    where = 'toctree';
    const entry = before.trimStart();
    const title = /<([^<>]*)$/.exec(entry);
    if (!title && /\s/.test(entry)) return [];
    partial = title ? title[1] : entry;
  }
  if (!where) return undefined;
  const slash = partial.lastIndexOf('/');
  const folderPart = partial.slice(0, slash + 1);
  const name = partial.slice(slash + 1);
  const base = folderPart.startsWith('/') ? (ctx.ws.sourceDir(file.uri) ?? dirOf(file.uri)) : dirOf(file.uri);
  const folder = joinUri(base.endsWith('/') ? base : base + '/', folderPart.startsWith('/') ? folderPart.slice(1) : folderPart, { folder: true });
  const dir = folder.endsWith('/') ? folder : folder + '/';
  const entries = ctx.ws.listDir?.(dir) ?? fromIndex(ctx, dir);
  const uriArgument = where === 'image' || where === 'figure';
  const out: CompletionItem[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.') && !name.startsWith('.')) continue;
    const escape = (s: string) => (uriArgument ? s.replace(/ /g, '\\ ') : s);
    if (e.folder) {
      out.push({ label: e.name + '/', kind: 'folder', insertText: escape(e.name) + '/', replaceStart: offset - name.length, retrigger: true });
      continue;
    }
    let label = e.name;
    if (where === 'doc' || where === 'toctree') {
      if (!RST.test(e.name) || dir + encodeURIComponent(e.name) === file.uri || dir + e.name === file.uri) continue;
      label = e.name.replace(RST, '');
    } else if (uriArgument && !IMAGE.test(e.name)) continue;
    else if (where === 'graphviz' && !DOT.test(e.name)) continue;
    out.push({ label, kind: 'file', insertText: escape(label), replaceStart: offset - name.length });
  }
  return out.sort((a, b) => (a.kind === b.kind ? (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) : a.kind === 'folder' ? -1 : 1));
}

/** The cursor is on a content line of a toctree (its entries), not on its options. */
function inTocTree(blocks: Block[], text: string, offset: number, lineStart: number): boolean {
  let found = false;
  walkBlocks(blocks, (b) => {
    if (b.kind !== 'directive' || (b as DirectiveBlock).name !== 'toctree') return;
    const d = b as DirectiveBlock;
    if (lineStart <= d.nameSpan.end || offset > d.end + 1) return;
    // The content starts after its first line's indentation: compare lines.
    if (d.content && lineStart < text.lastIndexOf('\n', d.content.start - 1) + 1) return;
    if (!d.content && d.options.some((o) => o.valueSpan.end >= lineStart)) return;
    found = true;
  });
  return found;
}

/** A folder's entries as the index knows them (a workspace that cannot list folders: tests, virtual files). */
function fromIndex(ctx: FeatureContext, dir: string): { name: string; folder: boolean }[] {
  const seen = new Map<string, boolean>();
  for (const f of ctx.index.all()) {
    if (!f.uri.startsWith(dir)) continue;
    const rest = f.uri.slice(dir.length);
    const cut = rest.indexOf('/');
    seen.set(safeDecode(cut < 0 ? rest : rest.slice(0, cut)), cut >= 0);
  }
  return [...seen].map(([name, folder]) => ({ name, folder }));
}
