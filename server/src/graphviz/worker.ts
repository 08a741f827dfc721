import { parentPort, workerData } from 'node:worker_threads';
import { startLayoutWorker } from './layoutCore';
import type { LayoutRequestMessage } from './protocol';

/** The Graphviz worker thread of the Node hosts (LSP server, CLI): layoutCore.ts over `parentPort`. */
const port = parentPort;
if (port) {
  const handle = startLayoutWorker(
    (workerData as { memoryLimitMb?: unknown } | undefined)?.memoryLimitMb,
    (m) => port.postMessage(m),
    () => process.exit(1),
  );
  port.on('message', (req: LayoutRequestMessage) => handle(req));
}
