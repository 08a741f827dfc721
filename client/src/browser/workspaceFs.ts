import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { FsMethods, type FsEntry, type FsListParams, type FsListResult, type FsReadParams, type FsReadResult, type FsStatParams, type FsStatResult } from '../../../server/src/protocol/workspaceFs';

/**
 * The web extension answers the language server's file requests with `vscode.workspace.fs`: the server runs
 * in a web worker and sees the workspace (a GitHub repository on vscode.dev, a folder opened in the browser)
 * only through these.
 */
export function registerWorkspaceFs(client: BaseLanguageClient): void {
  client.onRequest(FsMethods.list, (p: FsListParams) => listFolder(p));
  client.onRequest(FsMethods.read, (p: FsReadParams) => readText(p));
  client.onRequest(FsMethods.stat, (p: FsStatParams) => stat(p));
}

/**
 * Every file and folder under the folder, `node_modules` and names starting with a dot left out (as the
 * desktop server lists), but `.pre-commit-config.yaml`. Symbolically linked folders are not entered (a virtual file system has none; a loop
 * could not be told apart without real paths).
 */
async function listFolder({ folder, limit }: FsListParams): Promise<FsListResult> {
  const entries: FsEntry[] = [];
  const stack = [vscode.Uri.parse(folder)];
  while (stack.length) {
    const dir = stack.pop()!;
    let items: [string, vscode.FileType][];
    try {
      items = await vscode.workspace.fs.readDirectory(dir);
    } catch {
      continue; // unreadable: as if empty
    }
    for (const [name, type] of items) {
      // `.pre-commit-config.yaml` is listed: it says whether the repository runs sphinx-lint.
      if (name === 'node_modules' || (name.startsWith('.') && name !== '.pre-commit-config.yaml')) continue;
      if (entries.length >= limit) return { entries, truncated: true };
      const uri = vscode.Uri.joinPath(dir, name);
      const directory = (type & vscode.FileType.Directory) !== 0;
      entries.push({ uri: uri.toString(), directory });
      if (directory && !(type & vscode.FileType.SymbolicLink)) stack.push(uri);
    }
  }
  return { entries, truncated: false };
}

async function readText({ uri, maxBytes }: FsReadParams): Promise<FsReadResult> {
  try {
    const u = vscode.Uri.parse(uri);
    const st = await vscode.workspace.fs.stat(u);
    if (!(st.type & vscode.FileType.File) || st.size > maxBytes) return {};
    return { text: new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(u)) };
  } catch {
    return {};
  }
}

async function stat({ uri }: FsStatParams): Promise<FsStatResult> {
  try {
    const st = await vscode.workspace.fs.stat(vscode.Uri.parse(uri));
    return { type: st.type & vscode.FileType.Directory ? 'directory' : 'file', size: st.size };
  } catch {
    return { type: 'none', size: 0 };
  }
}
