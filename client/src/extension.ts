import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { startClient } from './languageClient';

let client: LanguageClient | undefined;

/** Composition root: wires the output channel, the language client and the commands. */
export async function activate(context: vscode.ExtensionContext) {
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
    { dispose: () => void client?.stop() },
  );
  await start();
  return {
    isClientRunning: () => client?.isRunning() ?? false,
    /** Test support: how many times the server has published diagnostics for `uri` (undefined: never). */
    diagnosticsPublished: (uri: string) => published.get(vscode.Uri.parse(uri).toString()),
  };
}

export async function deactivate() {
  await client?.stop();
  client = undefined;
}
