import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { Methods, type LogParams } from '../../server/src/protocol/requests';
import { V8_START_FLAGS } from '../../server/src/protocol/v8Flags';
import { willRenameFiles } from './editing/updatePathsOnRename';

/**
 * Starts the language server (dist/server.js) over Node IPC for reStructuredText documents.
 * `published` counts, per document URI, the diagnostics the server published (read by the e2e tests).
 */
export async function startClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  published: Map<string, number>,
): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  // The server's V8 code cache lives in the extension's storage (removed with the extension), unless the
  // environment says otherwise (HA_GUIDE_CODE_CACHE=off turns it off).
  const env = { ...process.env, HA_GUIDE_CODE_CACHE: process.env.HA_GUIDE_CODE_CACHE ?? vscode.Uri.joinPath(context.globalStorageUri, 'code-cache').fsPath };
  // The V8 flags that must be given at start (server/src/protocol/v8Flags.ts); dist/server.js sets the others.
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env, execArgv: [...V8_START_FLAGS] } },
    debug: { module, transport: TransportKind.ipc, options: { env, execArgv: [...V8_START_FLAGS, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'restructuredtext' },
      { scheme: 'untitled', language: 'restructuredtext' },
      { scheme: 'file', language: 'dot' },
      { scheme: 'untitled', language: 'dot' },
      // A Sphinx conf.py: a hover on each line the server could not read statically.
      { scheme: 'file', language: 'python', pattern: '**/conf.py' },
      // reno's release notes: the reStructuredText of each note, checked where it stands in the YAML (a `.yml` there,
      // which reno ignores, is reported as left out).
      { scheme: 'file', language: 'yaml', pattern: '**/releasenotes/notes/**' },
    ],
    synchronize: { configurationSection: 'haGuide' },
    outputChannel: output,
    traceOutputChannel: output,
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => {
        next(uri, diagnostics);
        const key = uri.toString();
        published.set(key, (published.get(key) ?? 0) + 1);
      },
      workspace: { willRenameFiles },
    },
  };
  const client = new LanguageClient('haGuide', 'HA Guide Language Server', serverOptions, clientOptions);
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
