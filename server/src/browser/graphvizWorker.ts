import { startLayoutWorker } from '../graphviz/layoutCore';
import type { LayoutRequestMessage } from '../graphviz/protocol';

/** The Graphviz web worker of the web extension (dist/web/graphvizWorker.js): layoutCore.ts over `postMessage`. */
interface WorkerScope {
  hgMemoryLimitMb?: unknown;
  postMessage(m: unknown): void;
  close(): void;
  onmessage: ((e: { data: LayoutRequestMessage }) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;
const handle = startLayoutWorker(
  scope.hgMemoryLimitMb,
  (m) => scope.postMessage(m),
  () => scope.close(),
);
scope.onmessage = (e) => handle(e.data);
