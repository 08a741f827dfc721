import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// Transport from argv: --node-ipc (VS Code), --stdio (any other LSP client), --socket=N.
startServer(createConnection(ProposedFeatures.all));
