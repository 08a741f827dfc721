import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions } from 'vscode-languageclient/browser';
import { Methods, type LogParams } from '../../../server/src/protocol/requests';
import { registerWorkspaceFs } from './workspaceFs';

/** The browser's `Worker`, `Blob` and `URL.createObjectURL` (this project compiles without the DOM library). */
declare const Worker: new (url: string, options?: { name?: string }) => ConstructorParameters<typeof LanguageClient>[3];
declare const Blob: new (parts: Uint8Array[], options: { type: string }) => unknown;
const createObjectURL = (URL as unknown as { createObjectURL(blob: unknown): string }).createObjectURL;

/**
 * An address a web worker can load a script of the extension from: its own address on vscode.dev (https);
 * for an extension installed on a remote server (code-server, a browser workbench with a remote), whose
 * `vscode-remote:` files the web worker extension host refuses to start workers from, a blob of its bytes.
 */
async function workerScriptUrl(uri: vscode.Uri): Promise<string> {
  if (uri.scheme === 'http' || uri.scheme === 'https' || uri.scheme === 'file') return uri.toString(true);
  return createObjectURL(new Blob([await vscode.workspace.fs.readFile(uri)], { type: 'text/javascript' }));
}

/**
 * The web extension's language client (vscode.dev, github.dev): the language server (dist/web/server.js) in
 * a web worker, the workspace's files through `vscode.workspace.fs` (workspaceFs.ts). The web build
 * (esbuild.mjs) puts this module in the place of ../languageClient.ts, so extension.ts serves both hosts.
 * `published` counts, per document URI, the diagnostics the server published.
 */
export async function startClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, published: Map<string, number>): Promise<LanguageClient> {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist/web/server.js');
  const graphvizWorker = vscode.Uri.joinPath(context.extensionUri, 'dist/web/graphvizWorker.js');
  const clientOptions: LanguageClientOptions = {
    // Any scheme: a GitHub repository (`vscode-vfs:`), a folder opened in the browser, `untitled:`.
    documentSelector: [
      { language: 'restructuredtext' },
      { language: 'dot' },
      // A Sphinx conf.py: a hover on each line the server could not read statically.
      { language: 'python', pattern: '**/conf.py' },
      // reno's release notes: the reStructuredText of each note, checked where it stands in the YAML (a `.yml` there,
      // which reno ignores, is reported as left out).
      { language: 'yaml', pattern: '**/releasenotes/notes/**' },
    ],
    synchronize: { configurationSection: 'haGuide' },
    initializationOptions: { graphvizWorker: await workerScriptUrl(graphvizWorker) },
    outputChannel: output,
    traceOutputChannel: output,
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => {
        next(uri, diagnostics);
        const key = uri.toString();
        published.set(key, (published.get(key) ?? 0) + 1);
      },
    },
  };
  const worker = new Worker(await workerScriptUrl(serverMain), { name: 'HA Guide language server' });
  const client = new LanguageClient('haGuide', 'HA Guide Language Server', clientOptions, worker);
  registerWorkspaceFs(client);
  client.onNotification(Methods.log, (p: LogParams) => {
    const line = p.message;
    if (p.level === 'error') output.error(line);
    else if (p.level === 'warning') output.warn(line);
    else if (p.level === 'debug') output.debug(line);
    else output.info(line);
  });
  await client.start();
  return client;
}
