import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { UriSpellings } from './lsp/uriSpelling';
import { createNodeHost } from './nodeHost';
import { describeError, startServer } from './server';

// Transport from argv: --node-ipc (VS Code), --stdio (any other LSP client), --socket=N. A client that spells
// file URIs otherwise than VS Code (`a@b.rst` for `a%40b.rst`) is answered in its own spelling.
const spellings = new UriSpellings();
const logger = startServer(createConnection(ProposedFeatures.all, { messageStrategy: spellings.messageStrategy }), createNodeHost(), spellings);

// A failure that escapes every handler is logged; the server keeps answering instead of dying.
const report = (what: string) => (e: unknown) => {
  try {
    logger.error(`${what}: ${describeError(e)}`);
  } catch {
    // the connection itself is gone: nothing left to tell
  }
};
process.on('uncaughtException', report('uncaught exception'));
process.on('unhandledRejection', report('unhandled promise rejection'));
