/**
 * **Insert Link to File in Workspace** and **Insert Image from Workspace**, as Markdown has them: pick files
 * in a file dialog (opened at the document's folder) and the editor gets, at the cursor, what dropping them
 * would give: `` :doc:`path` `` for a document and `` :download:`name <path>` `` for any other file;
 * `.. image:: path` blocks for images. Paths are relative to the document.
 */
import * as vscode from 'vscode';
import { insertChoices, linkChoice, type InsertChoice } from '../editing/dropPaste';

/** The extensions the image dialog offers (those `.. image::` shows in Sphinx's HTML). */
const IMAGE_FILTER = ['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'bmp', 'ico', 'tif', 'tiff'];

export function registerInsertFromWorkspace(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('haGuide.insertLinkFromWorkspace', (files?: vscode.Uri[]) => insertFromWorkspace('link', files)),
    vscode.commands.registerCommand('haGuide.insertImageFromWorkspace', (files?: vscode.Uri[]) => insertFromWorkspace('image', files)),
  );
}

/** Inserts links to (or images of) `files`, or of the files picked in a dialog, at the cursors of the active editor. */
async function insertFromWorkspace(kind: 'link' | 'image', files?: vscode.Uri[]): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const what = kind === 'link' ? 'Insert Link to File in Workspace' : 'Insert Image from Workspace';
  if (!editor || editor.document.languageId !== 'restructuredtext') {
    void vscode.window.showErrorMessage(`HA Guide: ${what} inserts into a reStructuredText document: open one first.`);
    return;
  }
  const document = editor.document;
  if (document.uri.scheme === 'untitled') {
    void vscode.window.showErrorMessage(`HA Guide: ${what} writes paths relative to the document: save it first.`);
    return;
  }
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const picked =
    Array.isArray(files) && files.every((f) => f instanceof vscode.Uri)
      ? files
      : await vscode.window.showOpenDialog({
          canSelectFiles: true,
          canSelectFolders: false,
          canSelectMany: true,
          defaultUri: vscode.Uri.joinPath(document.uri, '..'),
          openLabel: kind === 'link' ? 'Insert Link' : 'Insert Image',
          title: what,
          filters: kind === 'image' ? { Images: IMAGE_FILTER } : undefined,
        });
  if (!picked?.length) return;
  // A path from a document to a file outside its workspace folder would not be a path of the project.
  const outside = picked.filter((u) => !folder || vscode.workspace.getWorkspaceFolder(u)?.uri.toString() !== folder.uri.toString());
  if (outside.length) {
    const names = outside.map((u) => u.path.slice(u.path.lastIndexOf('/') + 1)).join(', ');
    void vscode.window.showErrorMessage(`HA Guide: only files of the document's workspace folder can be inserted; not ${names}.`);
    return;
  }
  const range = editor.selection;
  let choice: InsertChoice | undefined;
  if (kind === 'image') {
    const data = new vscode.DataTransfer();
    data.set('text/uri-list', new vscode.DataTransferItem(picked.map((u) => u.toString()).join('\r\n')));
    choice = (await insertChoices(document, range, data, new vscode.CancellationTokenSource().token))?.find((c) => c.id === 'image');
    if (!choice) {
      void vscode.window.showErrorMessage('HA Guide: Insert Image from Workspace takes image files (png, jpg, gif, svg, webp, bmp, ico, tiff).');
      return;
    }
  } else {
    choice = linkChoice(document, range, picked);
    if (!choice) {
      void vscode.window.showErrorMessage('HA Guide: these files cannot be named in a reference (their names hold a backquote or angle brackets).');
      return;
    }
  }
  await editor.insertSnippet(choice.snippet, range);
}
