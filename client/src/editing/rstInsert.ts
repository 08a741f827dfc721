/**
 * What a drop or a paste writes into a reStructuredText document: paths relative to the document, image and
 * figure directives placed as blocks of their own, `:doc:` and `:download:` references, a link from a URL, and
 * where a copied file goes. Pure string work (no `vscode`, no Node modules), shared by the drop and paste
 * providers and tested on its own.
 */

/** File name endings inserted as an image (what Sphinx's HTML builder shows as one). */
export const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|svg|webp|bmp|ico|tiff?)$/i;

/** The image MIME types a paste or a drop can carry as data (a screenshot on the clipboard). */
export const IMAGE_MIMES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/svg+xml'];

/** The file name ending for an image MIME type (a pasted bitmap has no name). */
export function extensionOfMime(mime: string): string {
  return ({ 'image/jpeg': '.jpg', 'image/svg+xml': '.svg' } as Record<string, string>)[mime] ?? '.' + mime.replace(/^image\//, '');
}

/** The POSIX path of `target` relative to the folder `fromDir` (both absolute POSIX paths). */
export function relativeTo(fromDir: string, target: string): string {
  const a = fromDir.split('/').filter(Boolean);
  const b = target.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

/** The folder of a POSIX path (no trailing slash). */
export function dirName(p: string): string {
  const at = p.lastIndexOf('/');
  return at <= 0 ? '/' : p.slice(0, at);
}

/** A path as an image or figure argument: docutils drops unescaped whitespace from it, so a space is `\ `. */
export function uriArgument(p: string): string {
  return p.replace(/\\/g, '\\\\').replace(/ /g, '\\ ');
}

/** A path or title inside a role's backquotes, or undefined when it cannot be written there. */
function inRole(s: string): string | undefined {
  return s.includes('`') ? undefined : s.replace(/</g, '\\<');
}

/** `` :doc:`path` `` for a path to a `.rst` document (written without its suffix, as Sphinx names documents). */
export function docReference(path: string): string | undefined {
  const p = inRole(path.replace(/\.rst$/i, ''));
  return p === undefined || /[<>]/.test(path) ? undefined : `:doc:\`${p}\``;
}

/** `` :download:`name <path>` `` for any other file. */
export function downloadReference(name: string, path: string): string | undefined {
  const title = inRole(name);
  return title === undefined || /[<>`]/.test(path) ? undefined : `:download:\`${title} <${path}>\``;
}

/** `` `text <url>`_ `` when the pasted text is one URL and there is text to link; undefined otherwise. */
export function urlLink(text: string, pasted: string): string | undefined {
  const url = pasted.trim();
  if (!/^(https?|ftp|mailto):[^\s<>`]+$/i.test(url) || (!/^mailto:/i.test(url) && !/^[a-z]+:\/\/[^/\s]/i.test(url))) return undefined;
  const label = text.replace(/\s+/g, ' ').trim();
  if (!label || label.includes('`') || /\n/.test(text) || label === url) return undefined;
  return `\`${label.replace(/</g, '\\<')} <${url}>\`_`;
}

/** A block directive and its parts: text, then an optional placeholder (a snippet's tab stop), then text. */
export interface BlockText {
  before: string;
  placeholder?: string;
  after: string;
}

/** Where a block goes in a line, so that it stands apart: blank lines around it, the line's indentation kept. */
export interface Placement {
  /** Text to write before the block (line breaks and indentation). */
  prefix: string;
  /** Text to write after the block. */
  suffix: string;
  /** The indentation of the block's own lines after its first. */
  indent: string;
}

/**
 * How to place a block at column `ch` of a line so that it stands apart, at the line's indentation: on a blank
 * line as it is (a blank line added before or after when a neighbour is text); at the start of a line of text,
 * before it; inside a line of text, the line broken around it. `prevBlank` / `nextBlank`: whether the lines
 * around are blank (or absent).
 */
export function placeBlock(line: string, ch: number, prevBlank: boolean, nextBlank: boolean): Placement {
  const before = line.slice(0, ch);
  const after = line.slice(ch);
  if (!line.trim()) return { prefix: prevBlank ? '' : '\n' + before, suffix: nextBlank ? '' : '\n', indent: before };
  const indent = /^\s*/.exec(line)![0];
  if (!before.trim()) {
    // Before the text: the rest of the indentation follows in the line, so the text keeps its column.
    return { prefix: prevBlank ? indent.slice(ch) : '\n' + indent, suffix: '\n\n' + before, indent };
  }
  return { prefix: '\n\n' + indent, suffix: after.trim() ? '\n\n' + indent : nextBlank ? '' : '\n', indent };
}

/** `.. image:: path` or `.. figure:: path` with a caption to fill in; several files, one block each. */
export function imageBlocks(paths: string[], kind: 'image' | 'figure', indent: string): BlockText[] {
  return paths.map((p, i) => {
    const gap = i < paths.length - 1 ? '\n\n' + indent : '';
    if (kind === 'image') return { before: `.. image:: ${uriArgument(p)}${gap}`, after: '' };
    return { before: `.. figure:: ${uriArgument(p)}\n\n${indent}   `, placeholder: 'Caption', after: gap };
  });
}

/**
 * Where a file copied into the project goes, from a setting like Markdown's `markdown.copyFiles.destination`:
 * the first entry whose glob matches the document gives a destination; `${documentDirName}`,
 * `${documentBaseName}`, `${documentFileName}`, `${documentWorkspaceFolder}`, `${fileName}` are replaced; one
 * starting with `/` is in the workspace folder, else relative to the document's folder; one ending in `/` is a
 * folder (the file keeps its name). Without a match: beside the document. Returns an absolute POSIX path.
 */
export function copyDestination(
  setting: Record<string, unknown>,
  matches: (glob: string) => boolean,
  doc: { path: string; workspaceFolder?: string },
  fileName: string,
): string {
  const docDir = dirName(doc.path);
  for (const [glob, raw] of Object.entries(setting)) {
    if (typeof raw !== 'string' || !raw.trim() || !matches(glob)) continue;
    let dest = raw.trim();
    if (dest.startsWith('/')) dest = '${documentWorkspaceFolder}' + dest;
    if (dest.endsWith('/')) dest += '${fileName}';
    const base = doc.path.slice(docDir.length + 1);
    const vars: Record<string, string> = {
      documentDirName: docDir,
      documentFileName: base,
      documentBaseName: base.replace(/\.[^.]*$/, ''),
      documentWorkspaceFolder: doc.workspaceFolder ?? docDir,
      fileName,
    };
    dest = dest.replace(/\$\{(\w+)\}/g, (_, name: string) => vars[name] ?? '');
    return normalize(dest.startsWith('/') ? dest : docDir + '/' + dest);
  }
  return normalize(docDir + '/' + fileName);
}

/** `.` and `..` segments resolved, doubled slashes dropped. */
function normalize(p: string): string {
  const out: string[] = [];
  for (const s of p.split('/')) {
    if (s === '..') out.pop();
    else if (s && s !== '.') out.push(s);
  }
  return '/' + out.join('/');
}

/** `name.png`, else `name-1.png`, `name-2.png`, ... : the first that does not exist. */
export async function freeName(path: string, exists: (p: string) => Promise<boolean>): Promise<string> {
  const dot = path.lastIndexOf('.');
  const cut = dot > path.lastIndexOf('/') ? dot : path.length;
  for (let i = 0; i < 10000; i++) {
    const candidate = i === 0 ? path : `${path.slice(0, cut)}-${i}${path.slice(cut)}`;
    if (!(await exists(candidate))) return candidate;
  }
  return path;
}
