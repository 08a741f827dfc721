import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { convertToGraphviz } from './commands/convertToGraphviz';
import { registerFindFileReferences } from './commands/findFileReferences';
import { registerInsertFromWorkspace } from './commands/insertFromWorkspace';
import { registerNewReleaseNote } from './commands/newReleaseNote';
import { registerTableCommands } from './commands/tableCommands';
import { registerDropAndPaste } from './editing/dropPaste';
import { registerPathUpdatesOnRename } from './editing/updatePathsOnRename';
import { startClient } from './languageClient';
import { RstPreviewManager } from './preview/previewManager';

let client: LanguageClient | undefined;

/** Composition root: wires the output channel, the language client and the commands. */
export async function activate(context: vscode.ExtensionContext) {
  const t0 = performance.now();
  const output = vscode.window.createOutputChannel('HA Guide', { log: true });
  context.subscriptions.push(output);
  const published = new Map<string, number>();

  const start = async () => {
    try {
      client = await startClient(context, output, published);
    } catch (e) {
      output.error(`the language server did not start: ${e instanceof Error ? e.message : String(e)}`);
      void vscode.window.showErrorMessage('HA Guide: the language server did not start. See the HA Guide output for why.');
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('haGuide.restartServer', async () => {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'HA Guide: restarting the language server' }, async () => {
        await client?.stop().catch(() => undefined);
        client = undefined;
        await start();
      });
      output.info('language server restarted');
    }),
    vscode.commands.registerCommand('haGuide.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('haGuide.convertToGraphviz', convertToGraphviz),
    ...registerTableCommands(),
    registerFindFileReferences(() => (client?.isRunning() ? client : undefined)),
    { dispose: () => void client?.stop() },
    registerDropAndPaste(() => (client?.isRunning() ? client : undefined)),
    registerInsertFromWorkspace(),
    registerNewReleaseNote(),
    registerPathUpdatesOnRename(),
  );
  // Live preview: panels, their serializer and the preview commands.
  const previews = new RstPreviewManager(context, () => client, output);
  context.subscriptions.push(previews);
  // The server starts in the background: activation returns at once and never holds the editor up.
  const started = start();
  output.info(`extension activated in ${(performance.now() - t0).toFixed(1)} ms`);
  void started.then(() => output.info(`language client started ${(performance.now() - t0).toFixed(0)} ms after activation began`));
  return {
    /** Resolves when the language client has started (or failed to). */
    ready: () => started,
    isClientRunning: () => client?.isRunning() ?? false,
    /** Test support: how many times the server has published diagnostics for `uri` (undefined: never). */
    diagnosticsPublished: (uri: string) => published.get(vscode.Uri.parse(uri).toString()),
    /** Test support: what the preview of `uri` last showed (update version, diagrams drawn, title). */
    previewRendered: (uri: string) => previews.rendered(uri),
  };
}

export async function deactivate() {
  await client?.stop();
  client = undefined;
}
