import * as vscode from 'vscode';
import { config } from '../config';

type Next = (event: vscode.FileWillRenameEvent) => Thenable<vscode.WorkspaceEdit | null | undefined>;

/**
 * Paths that follow a renamed or moved file or folder (in the Explorer or by any extension), as Markdown's
 * `markdown.updateLinksOnFileMove.enabled` does it, set by `haGuide.updateLinksOnFileMove`:
 *
 * - before the rename, the language client's `workspace/willRenameFiles` middleware asks the server for the
 *   edits (it knows every document, open or not, as it is before the move) and keeps them;
 * - once the rename is done, the edits are applied as one undoable edit, after asking (Yes / No / Always /
 *   Never) when the setting is `prompt`. Documents that moved get their edits at their new place.
 *
 * The edits are not handed back to VS Code with the rename: VS Code would ask a second time with its own
 * dialog for any extension's rename edits.
 */
const pending: { files: readonly { oldUri: vscode.Uri; newUri: vscode.Uri }[]; edit: vscode.WorkspaceEdit }[] = [];

export async function willRenameFiles(event: vscode.FileWillRenameEvent, next: Next): Promise<vscode.WorkspaceEdit | null | undefined> {
  if (config.updateLinksOnFileMove() === 'never') return undefined;
  const edit = await next(event);
  if (edit && edit.size > 0) {
    pending.push({ files: event.files.map((f) => ({ oldUri: f.oldUri, newUri: f.newUri })), edit });
    if (pending.length > 20) pending.shift(); // renames that never happened (refused by the file system)
  }
  return undefined;
}

/** Applies the kept edits of each rename once it has happened. */
export function registerPathUpdatesOnRename(): vscode.Disposable {
  return vscode.workspace.onDidRenameFiles(async (e) => {
    const done = new Set(e.files.map((f) => f.oldUri.toString()));
    const i = pending.findIndex((p) => p.files.every((f) => done.has(f.oldUri.toString())));
    if (i < 0) return;
    const [{ files, edit }] = pending.splice(i, 1);
    const setting = config.updateLinksOnFileMove();
    if (setting === 'never' || (setting === 'prompt' && !(await confirm(files, edit)))) return;
    await vscode.workspace.applyEdit(moved(edit, files), { isRefactoring: true });
  });
}

/** The edit with the URIs of documents that moved (themselves or with their folder) changed to their new place. */
function moved(edit: vscode.WorkspaceEdit, files: readonly { oldUri: vscode.Uri; newUri: vscode.Uri }[]): vscode.WorkspaceEdit {
  const out = new vscode.WorkspaceEdit();
  for (const [uri, edits] of edit.entries()) {
    let target = uri;
    for (const f of files) {
      const from = f.oldUri.toString();
      const at = uri.toString();
      if (at === from) target = f.newUri;
      else if (at.startsWith(from + '/')) target = f.newUri.with({ path: f.newUri.path + uri.path.slice(f.oldUri.path.length) });
    }
    out.set(target, edits);
  }
  return out;
}

async function confirm(files: readonly { oldUri: vscode.Uri }[], edit: vscode.WorkspaceEdit): Promise<boolean> {
  const name = (u: vscode.Uri) => u.path.slice(u.path.lastIndexOf('/') + 1);
  const count = edit.entries().reduce((n, [, edits]) => n + edits.length, 0);
  const where = `${count} path${count === 1 ? '' : 's'} in ${edit.size} document${edit.size === 1 ? '' : 's'}`;
  const names = files.map((f) => name(f.oldUri));
  const message =
    names.length === 1
      ? `Update the reStructuredText paths to '${names[0]}' (${where})?`
      : `Update the reStructuredText paths to these ${names.length} files (${where})?\n\n${names.slice(0, 10).join('\n')}${names.length > 10 ? `\n...${names.length - 10} more` : ''}`;
  const items = {
    no: { title: 'No', isCloseAffordance: true },
    yes: { title: 'Yes' },
    always: { title: 'Always update paths automatically' },
    never: { title: 'Never update paths automatically' },
  };
  const choice = await vscode.window.showInformationMessage(message, { modal: true }, items.no, items.yes, items.always, items.never);
  if (choice === items.always || choice === items.never) {
    await vscode.workspace
      .getConfiguration('haGuide')
      .update('updateLinksOnFileMove', choice === items.always ? 'always' : 'never', vscode.ConfigurationTarget.Global)
      .then(undefined, () => undefined);
  }
  return choice === items.yes || choice === items.always;
}
