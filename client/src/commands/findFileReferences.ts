/**
 * **Find File References** (the Explorer's and the editor title's context menus, as Markdown's): every
 * place of the workspace's documents that names a file or folder (`:doc:`, `:download:`, toctree entries,
 * the files of include, literalinclude, image, figure and graphviz), shown in the References view.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Methods, type FileReferencesParams } from '../../../server/src/protocol/requests';

interface LspLocation {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** What the command needs of the language client (the desktop's and the web's). */
export interface RequestClient {
  sendRequest<R>(method: string, params: unknown, token?: vscode.CancellationToken): Promise<R>;
}

export function registerFindFileReferences(client: () => RequestClient | undefined): vscode.Disposable {
  return vscode.commands.registerCommand('haGuide.findFileReferences', async (resource?: vscode.Uri) => {
    const target = resource ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showErrorMessage('HA Guide: Find File References needs a file: run it from the Explorer or from an open editor.');
      return;
    }
    const c = client();
    if (!c) {
      void vscode.window.showErrorMessage('HA Guide: the language server is not running; see the HA Guide output.');
      return;
    }
    const name = path.basename(target.path);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `HA Guide: finding references to ${name}`, cancellable: true }, async (_progress, token) => {
      const params: FileReferencesParams = { uri: target.toString() };
      let found: LspLocation[] | null;
      try {
        found = await c.sendRequest<LspLocation[] | null>(Methods.fileReferences, params, token);
      } catch (e) {
        if (!token.isCancellationRequested) void vscode.window.showErrorMessage(`HA Guide: could not find the references to ${name}: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      if (token.isCancellationRequested) return;
      const locations = (found ?? []).map(
        (l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(l.range.start.line, l.range.start.character, l.range.end.line, l.range.end.character)),
      );
      if (!locations.length) {
        void vscode.window.showInformationMessage(`No document of the workspace names ${name}.`);
        return;
      }
      // In the References view (not a peek in some editor), as Markdown's Find File References shows them.
      const config = vscode.workspace.getConfiguration('references');
      const before = config.inspect<string>('preferredLocation');
      await config.update('preferredLocation', 'view', vscode.ConfigurationTarget.Global);
      try {
        await vscode.commands.executeCommand('editor.action.showReferences', target, new vscode.Position(0, 0), locations);
      } finally {
        await config.update('preferredLocation', before?.globalValue, vscode.ConfigurationTarget.Global);
      }
    });
  });
}
