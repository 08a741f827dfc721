// A JSON-RPC connection over a language server's stdio, for the scripts that drive the real server (the
// benchmarks, the fuzzer); the unit tests have the same in test/unit/lspClient.ts (connectStdio).
import { createRequire } from 'node:module';

const rpc = createRequire(import.meta.url)('vscode-jsonrpc/node');

/**
 * The reader's partial-message timer is off: it re-arms every 10 s for as long as a message stays incomplete,
 * so a server stopped in the middle of writing one would keep the script's process alive for ever.
 */
export function connectStdio(child, logger) {
  const reader = new rpc.StreamMessageReader(child.stdout);
  reader.partialMessageTimeout = 0;
  return rpc.createMessageConnection(reader, new rpc.StreamMessageWriter(child.stdin), logger);
}
