import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { describeError, startServer } from '../server';
import { connectionFsClient, createBrowserHost } from './host';

/**
 * Entry of dist/web/server.js: the language server in a web worker, started by the web extension
 * (client/src/browser/languageClient.ts), speaking LSP over `postMessage`.
 */
interface WorkerScope {
  addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
  addEventListener(type: 'error' | 'unhandledrejection', listener: (e: { error?: unknown; reason?: unknown }) => void): void;
}
const scope = globalThis as unknown as WorkerScope;

// Where the Graphviz worker script is: the client says so in `initializationOptions` (the extension's files
// are served from an address only it knows). Read from the `initialize` request before the server sees it.
let graphvizWorkerUrl: string | undefined;
scope.addEventListener('message', (e) => {
  const m = e.data as { method?: unknown; params?: { initializationOptions?: { graphvizWorker?: unknown } } } | null;
  if (graphvizWorkerUrl === undefined && m && m.method === 'initialize') {
    const url = m.params?.initializationOptions?.graphvizWorker;
    if (typeof url === 'string') graphvizWorkerUrl = url;
  }
});

type Endpoint = ConstructorParameters<typeof BrowserMessageReader>[0];
const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(scope as unknown as Endpoint), new BrowserMessageWriter(scope as unknown as Endpoint));
const logger = startServer(connection, createBrowserHost(connectionFsClient(connection), () => graphvizWorkerUrl));

// A failure that escapes every handler is logged; the server keeps answering instead of dying.
const report = (what: string) => (e: { error?: unknown; reason?: unknown }) => {
  try {
    logger.error(`${what}: ${describeError(e.error ?? e.reason)}`);
  } catch {
    // the connection itself is gone: nothing left to tell
  }
};
scope.addEventListener('error', report('uncaught exception'));
scope.addEventListener('unhandledrejection', report('unhandled promise rejection'));
