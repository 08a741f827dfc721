import * as vscode from 'vscode';
import { config } from '../config';
import type { RequestClient } from '../commands/findFileReferences';
import { Methods, type PastedTextParams, type PastedTextResult } from '../../../server/src/protocol/requests';
import {
  copyDestination,
  dirName,
  docReference,
  downloadReference,
  extensionOfMime,
  freeName,
  IMAGE_EXTENSIONS,
  IMAGE_MIMES,
  imageBlocks,
  placeBlock,
  relativeTo,
  urlLink,
  type BlockText,
} from './rstInsert';

/**
 * Drop and paste into reStructuredText, as VS Code's Markdown does it: an image (a file from the Explorer or the
 * system, or a bitmap on the clipboard) becomes `.. image:: path` (or `.. figure::` with a caption to fill in,
 * the other kind of edit), copied into the project first when it is not in the workspace
 * (`haGuide.copyFiles.destination`); a `.rst` file becomes a `:doc:` reference, another file a `:download:`;
 * a URL pasted over selected text becomes `` `text <url>`_ ``.
 *
 * The paste API and edit kinds were finalised after the VS Code this extension still supports (1.91): they are
 * used when the running VS Code has them; an older one gets the drop provider with one edit.
 */

/** The parts of the finalised drop-and-paste API that @types/vscode 1.91 does not declare. */
interface EditKind {
  append(...parts: string[]): EditKind;
}
interface ModernApi {
  DocumentDropOrPasteEditKind?: { Empty: EditKind; Text?: EditKind };
  DocumentPasteEdit?: new (insertText: string | vscode.SnippetString, title: string, kind: EditKind) => PasteEdit;
  languages: {
    registerDocumentPasteEditProvider?(selector: vscode.DocumentSelector, provider: unknown, metadata: unknown): vscode.Disposable;
    registerDocumentDropEditProvider(selector: vscode.DocumentSelector, provider: unknown, metadata?: unknown): vscode.Disposable;
  };
}
interface PasteEdit {
  insertText: string | vscode.SnippetString;
  additionalEdit?: vscode.WorkspaceEdit;
  yieldTo?: { kind?: EditKind; mimeType?: string }[];
}

/** One way of writing what was dropped or pasted. */
export interface InsertChoice {
  id: 'image' | 'figure' | 'link';
  title: string;
  snippet: vscode.SnippetString;
  /** Files to create (copies into the project). */
  additionalEdit?: vscode.WorkspaceEdit;
}

const api = vscode as unknown as ModernApi;
const MIMES = ['text/uri-list', 'files', ...IMAGE_MIMES];

/** The file a drop or paste carries: where it is, or its data when it has no place in the workspace. */
interface Incoming {
  name: string;
  uri?: vscode.Uri;
  file?: vscode.DataTransferFile;
}

/** What a drop or paste of files or image data at `position` can insert; undefined when none of it is ours. */
export async function insertChoices(document: vscode.TextDocument, range: vscode.Range, data: vscode.DataTransfer, token: vscode.CancellationToken): Promise<InsertChoice[] | undefined> {
  const position = range.start;
  const incoming = await filesOf(data);
  if (!incoming.length || token.isCancellationRequested) return undefined;
  const images = incoming.filter((f) => IMAGE_EXTENSIONS.test(f.name));
  if (images.length === incoming.length) {
    const copies = new vscode.WorkspaceEdit();
    const paths: string[] = [];
    let copied = 0;
    for (const f of images) {
      let target = f.uri;
      if (!target || !vscode.workspace.getWorkspaceFolder(target) || target.scheme !== document.uri.scheme) {
        if (document.uri.scheme === 'untitled' || !f.file) continue;
        target = await copyTarget(document, f.name);
        copies.createFile(target, { contents: await f.file.data(), ignoreIfExists: true });
        copied++;
      }
      paths.push(pathFrom(document, target));
    }
    if (!paths.length) return undefined;
    const line = document.lineAt(position.line);
    const blank = (n: number) => n < 0 || n >= document.lineCount || document.lineAt(n).isEmptyOrWhitespace;
    const place = placeBlock(line.text, position.character, blank(position.line - 1), blank(position.line + 1));
    const make = (kind: 'image' | 'figure') => {
      const snippet = new vscode.SnippetString(place.prefix);
      imageBlocks(paths, kind, place.indent).forEach((b: BlockText) => {
        snippet.appendText(b.before);
        if (b.placeholder) snippet.appendPlaceholder(b.placeholder);
        snippet.appendText(b.after);
      });
      return snippet.appendText(place.suffix);
    };
    // (`WorkspaceEdit.size` counts documents with text edits, not files created.)
    const additionalEdit = copied ? copies : undefined;
    const n = paths.length > 1 ? 's' : '';
    return [
      { id: 'image', title: `Insert Image${n} (.. image::)`, snippet: make('image'), additionalEdit },
      { id: 'figure', title: `Insert Figure${n} with Caption (.. figure::)`, snippet: make('figure'), additionalEdit },
    ];
  }
  // Other files (documents among them) that are files of the workspace: references.
  const link = linkChoice(document, range, incoming.filter((f) => f.uri).map((f) => f.uri!));
  return link && [link];
}

/**
 * `` :doc:`path` `` for each `.rst` file, `` :download:`name <path>` `` for any other, paths relative to the
 * document, with the spaces inline markup needs around them; undefined when none can be written.
 */
export function linkChoice(document: vscode.TextDocument, range: vscode.Range, files: readonly vscode.Uri[]): InsertChoice | undefined {
  const name = (u: vscode.Uri) => u.path.slice(u.path.lastIndexOf('/') + 1);
  const refs = files
    .filter((u) => u.scheme === document.uri.scheme)
    .map((u) => {
      const p = pathFrom(document, u);
      return /\.rst$/i.test(u.path) ? docReference(p) : downloadReference(name(u), p);
    })
    .filter((r): r is string => !!r);
  if (!refs.length) return undefined;
  const docs = files.every((u) => /\.rst$/i.test(u.path));
  // Inline markup needs a space (or punctuation) on each side to be recognised.
  const before = document.lineAt(range.start.line).text.slice(0, range.start.character);
  const after = document.lineAt(range.end.line).text.slice(range.end.character);
  const text = (/[^\s(]$/.test(before) ? ' ' : '') + refs.join(' ') + (/^[^\s.,;:!?)]/.test(after) ? ' ' : '');
  return { id: 'link', title: docs ? 'Insert Document Reference (:doc:)' : 'Insert Download Link (:download:)', snippet: new vscode.SnippetString().appendText(text) };
}

/** `` `text <url>`_ `` for a URL pasted over selected text. */
export async function urlChoice(document: vscode.TextDocument, ranges: readonly vscode.Range[], data: vscode.DataTransfer): Promise<InsertChoice | undefined> {
  if (ranges.length !== 1 || ranges[0].isEmpty) return undefined;
  const pasted = await data.get('text/plain')?.asString();
  const link = pasted && urlLink(document.getText(ranges[0]), pasted);
  return link ? { id: 'link', title: 'Insert Link (`text <url>`_)', snippet: new vscode.SnippetString().appendText(link) } : undefined;
}

async function filesOf(data: vscode.DataTransfer): Promise<Incoming[]> {
  const out: Incoming[] = [];
  const list = await data.get('text/uri-list')?.asString();
  if (list) {
    for (const line of list.split(/\r?\n/)) {
      if (!line.trim() || line.startsWith('#')) continue;
      try {
        const uri = vscode.Uri.parse(line.trim(), true);
        out.push({ name: uri.path.slice(uri.path.lastIndexOf('/') + 1), uri });
      } catch {
        // not a URI: left out
      }
    }
    if (out.length) return out;
  }
  for (const [mime, item] of data) {
    const file = item.asFile();
    if (!file) continue;
    // A bitmap from the clipboard has a name of its own or none: name it after its type.
    const name = IMAGE_EXTENSIONS.test(file.name) || !IMAGE_MIMES.includes(mime) ? file.name : 'image' + extensionOfMime(mime);
    if (out.some((o) => o.file === file)) continue;
    out.push({ name: name || 'image' + extensionOfMime(mime), uri: file.uri, file });
  }
  return out;
}

/** The path of `target` as the document writes it: relative to its folder. */
function pathFrom(document: vscode.TextDocument, target: vscode.Uri): string {
  return relativeTo(dirName(document.uri.path), target.path);
}

/** Where a file copied for `document` goes (`haGuide.copyFiles.destination`), under a name not yet taken. */
async function copyTarget(document: vscode.TextDocument, fileName: string): Promise<vscode.Uri> {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const dest = copyDestination(
    config.copyFilesDestination(document.uri),
    (glob) => vscode.languages.match({ pattern: glob.startsWith('/') || glob.startsWith('**') ? glob : '**/' + glob }, document) > 0,
    { path: document.uri.path, workspaceFolder: folder?.uri.path },
    fileName,
  );
  const free = await freeName(dest, async (p) => {
    try {
      await vscode.workspace.fs.stat(document.uri.with({ path: p }));
      return true;
    } catch {
      return false;
    }
  });
  return document.uri.with({ path: free });
}

class RstDropProvider implements vscode.DocumentDropEditProvider {
  async provideDocumentDropEdits(document: vscode.TextDocument, position: vscode.Position, data: vscode.DataTransfer, token: vscode.CancellationToken) {
    const choices = await insertChoices(document, new vscode.Range(position, position), data, token);
    if (!choices?.length) return undefined;
    const edits = choices.map((c) => {
      const kind = api.DocumentDropOrPasteEditKind?.Empty.append('rst', c.id);
      const edit = new (vscode.DocumentDropEdit as unknown as new (t: vscode.SnippetString, title?: string, kind?: EditKind) => vscode.DocumentDropEdit)(c.snippet, c.title, kind);
      edit.additionalEdit = c.additionalEdit;
      return edit;
    });
    // A VS Code before the finalised API takes one edit.
    return (api.DocumentDropOrPasteEditKind ? edits : edits[0]) as vscode.DocumentDropEdit;
  }
}

class RstPasteProvider {
  async provideDocumentPasteEdits(document: vscode.TextDocument, ranges: readonly vscode.Range[], data: vscode.DataTransfer, _context: unknown, token: vscode.CancellationToken): Promise<PasteEdit[] | undefined> {
    const choices = ranges.length ? ((await insertChoices(document, ranges[0], data, token)) ?? []) : [];
    if (!choices.length) {
      const url = await urlChoice(document, ranges, data);
      if (url) choices.push(url);
    }
    if (!choices.length || token.isCancellationRequested) return undefined;
    return choices.map((c) => {
      const edit = new api.DocumentPasteEdit!(c.snippet, c.title, api.DocumentDropOrPasteEditKind!.Empty.append('rst', c.id));
      edit.additionalEdit = c.additionalEdit;
      return edit;
    });
  }
}

/** Where the copy provider records the document text was copied from (read back on paste). */
const COPY_SOURCE_MIME = 'application/vnd.code.ha-guide.copy-source';

/**
 * Paths that follow text pasted into another document, as Markdown's `markdown.editor.updateLinksOnPaste`:
 * on copy the source document is recorded with the data; on paste into another reStructuredText document the
 * language server writes the text's relative paths (`:doc:`, `:download:`, toctree entries, file arguments)
 * from the new document's folder. Offered as the paste's default, with plain text one choice away in the paste
 * widget; nothing when no path changes (`haGuide.editor.updateLinksOnPaste.enabled` turns it off).
 */
class RstPathsPasteProvider {
  constructor(private readonly client: () => RequestClient | undefined) {}

  prepareDocumentPaste(document: vscode.TextDocument, _ranges: readonly vscode.Range[], data: vscode.DataTransfer): void {
    data.set(COPY_SOURCE_MIME, new vscode.DataTransferItem(JSON.stringify({ uri: document.uri.toString() })));
  }

  async provideDocumentPasteEdits(document: vscode.TextDocument, ranges: readonly vscode.Range[], data: vscode.DataTransfer, _context: unknown, token: vscode.CancellationToken): Promise<PasteEdit[] | undefined> {
    if (!config.updateLinksOnPaste(document.uri)) return undefined;
    const source = await data.get(COPY_SOURCE_MIME)?.asString();
    const text = await data.get('text/plain')?.asString();
    const client = this.client();
    if (!source || !text || !client || token.isCancellationRequested) return undefined;
    let fromUri: string;
    try {
      fromUri = String((JSON.parse(source) as { uri?: unknown }).uri ?? '');
    } catch {
      return undefined;
    }
    // The same document: its paths already start from its folder. Several cursors: each gets its own line.
    if (!fromUri || fromUri === document.uri.toString() || ranges.length !== 1) return undefined;
    const params: PastedTextParams = { fromUri, toUri: document.uri.toString(), text };
    let result: PastedTextResult | null;
    try {
      result = await client.sendRequest<PastedTextResult | null>(Methods.pastedText, params, token);
    } catch {
      return undefined; // the server is restarting or gave up: plain text is pasted
    }
    if (!result || token.isCancellationRequested) return undefined;
    const kind = (api.DocumentDropOrPasteEditKind!.Text ?? api.DocumentDropOrPasteEditKind!.Empty.append('text')).append('updateLinks', 'rst');
    return [new api.DocumentPasteEdit!(new vscode.SnippetString().appendText(result.text), 'Insert with updated paths', kind)];
  }
}

/** Registers the drop provider (and the paste providers where VS Code has the API) for reStructuredText. */
export function registerDropAndPaste(client: () => RequestClient | undefined): vscode.Disposable {
  const selector: vscode.DocumentSelector = { language: 'restructuredtext' };
  const kinds = ['image', 'figure', 'link'].map((k) => api.DocumentDropOrPasteEditKind?.Empty.append('rst', k));
  const out = [api.languages.registerDocumentDropEditProvider(selector, new RstDropProvider(), { providedDropEditKinds: kinds, dropMimeTypes: MIMES })];
  if (api.languages.registerDocumentPasteEditProvider && api.DocumentPasteEdit && api.DocumentDropOrPasteEditKind) {
    out.push(api.languages.registerDocumentPasteEditProvider(selector, new RstPasteProvider(), { providedPasteEditKinds: kinds, pasteMimeTypes: [...MIMES, 'text/plain'] }));
    const text = api.DocumentDropOrPasteEditKind.Text ?? api.DocumentDropOrPasteEditKind.Empty.append('text');
    out.push(
      api.languages.registerDocumentPasteEditProvider(selector, new RstPathsPasteProvider(client), {
        providedPasteEditKinds: [text.append('updateLinks', 'rst')],
        copyMimeTypes: [COPY_SOURCE_MIME],
        pasteMimeTypes: [COPY_SOURCE_MIME],
      }),
    );
  }
  return vscode.Disposable.from(...out);
}
