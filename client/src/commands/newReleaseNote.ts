import * as vscode from 'vscode';
import { newNoteId } from '../../../server/src/protocol/noteId';

/**
 * **HA Guide: New Release Note**: what `reno new <slug>` does, without Python. Asks for a few words on the change,
 * writes `releasenotes/notes/<slug>-<16 hex digits>.yaml` (the name reno reads, with a new id) from a short
 * template, and opens it with the cursor on the first note. The notes folder is the one nearest the folder
 * clicked in the Explorer or the active editor's file, else `releasenotes/notes` of the workspace folder.
 */
export function registerNewReleaseNote(): vscode.Disposable {
  return vscode.commands.registerCommand('haGuide.newReleaseNote', async (resource?: vscode.Uri) => {
    const base = resource ?? vscode.window.activeTextEditor?.document.uri;
    const folder = (base && vscode.workspace.getWorkspaceFolder(base)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      void vscode.window.showErrorMessage('HA Guide: open the folder of a repository first; its release notes go to releasenotes/notes.');
      return;
    }
    const notes = await notesFolder(folder, base);
    const words = await vscode.window.showInputBox({
      title: 'New Release Note',
      prompt: `A few words on the change: the note is written to ${vscode.workspace.asRelativePath(notes, true)}/, named from them`,
      placeHolder: 'fix failover timeout',
      validateInput: (v) => (slugOf(v) ? undefined : 'Write a few words (letters and digits): they name the file.'),
    });
    const slug = words === undefined ? undefined : slugOf(words);
    if (!slug) return;
    const file = vscode.Uri.joinPath(notes, `${slug}-${newNoteId()}.yaml`);
    await vscode.workspace.fs.createDirectory(notes);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(TEMPLATE));
    // Opened with the cursor on the note: a key typed at once goes there, not to the top.
    const line = TEMPLATE.split('\n').findIndex((l) => l.trim() === '- |') + 1;
    const at = new vscode.Position(line, 4);
    await vscode.window.showTextDocument(file, { selection: new vscode.Range(at, at) });
  });
}

/**
 * The note's text: the sections reno knows by default, the one most changes need written out. An empty note is
 * reported until it is written (reno's build stops on one).
 */
const TEMPLATE = [
  '---',
  '# A reno release note: each section is a list of notes in reStructuredText. Keep the sections the change',
  '# needs: prelude (a text for the whole release), features, issues, upgrade, deprecations, critical,',
  '# security, fixes, other (releasenotes/config.yaml may name others).',
  'fixes:',
  '  - |',
  '    ',
  '',
].join('\n');

/** The words as a file name: lower case, runs of anything but letters and digits as one `-`. */
function slugOf(words: string): string {
  return words
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** The `releasenotes/notes` folder nearest `base` among those of the workspace folder, else a new one at its top. */
async function notesFolder(folder: vscode.WorkspaceFolder, base: vscode.Uri | undefined): Promise<vscode.Uri> {
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/releasenotes/notes/*.yaml'), '**/node_modules/**', 500);
  const folders = [...new Set(found.map((f) => f.path.slice(0, f.path.lastIndexOf('/'))))];
  if (!folders.length) return vscode.Uri.joinPath(folder.uri, 'releasenotes', 'notes');
  // The one whose repository holds `base`: the longest common start of the paths.
  const from = base?.path ?? folder.uri.path;
  const shared = (p: string) => {
    const root = p.slice(0, p.length - '/releasenotes/notes'.length);
    return from === root || from.startsWith(root + '/') ? root.length : -1;
  };
  const best = folders.reduce((a, b) => (shared(b) > shared(a) ? b : a));
  return folder.uri.with({ path: best });
}
