import type { LayoutWorkerFactory } from '../graphviz/queue';
import type { WorkerMessage } from '../graphviz/protocol';

/** The parts of the browser's `Worker`, `Blob` and `URL` used here (this project compiles without the DOM library). */
interface WebWorker {
  postMessage(m: unknown): void;
  terminate(): void;
  onmessage: ((e: { data: WorkerMessage }) => void) | null;
  onerror: ((e: { message?: string; preventDefault(): void }) => void) | null;
}
interface BrowserGlobals {
  Worker: new (url: string) => WebWorker;
  Blob: new (parts: string[], options: { type: string }) => unknown;
  URL: { createObjectURL(blob: unknown): string; revokeObjectURL(url: string): void };
}

/**
 * Graphviz in a web worker of its own (dist/web/graphvizWorker.js), started from the language server's worker,
 * so that a layout that never ends can be stopped: the queue terminates the worker at the timeout.
 * The worker starts from a small script of the same origin that imports the real one: a worker script must be
 * of the creator's origin, and VS Code serves an extension's files from another origin than its workers'.
 */
export function webWorkerFactory(scriptUrl: () => string | undefined): LayoutWorkerFactory {
  const g = globalThis as unknown as BrowserGlobals;
  return (memoryLimitMb, events) => {
    const url = scriptUrl();
    if (!url) throw new Error('the web extension did not say where the Graphviz worker script is');
    const boot = `self.hgMemoryLimitMb = ${JSON.stringify(memoryLimitMb)};\nimportScripts(${JSON.stringify(url)});\n`;
    const bootUrl = g.URL.createObjectURL(new g.Blob([boot], { type: 'text/javascript' }));
    const worker = new g.Worker(bootUrl);
    worker.onmessage = (e) => {
      if ('ready' in e.data) g.URL.revokeObjectURL(bootUrl);
      events.message(e.data);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      g.URL.revokeObjectURL(bootUrl);
      events.error(new Error(e.message || `the Graphviz worker (${url}) failed to start`));
    };
    return {
      postMessage: (m) => worker.postMessage(m),
      terminate: () => {
        g.URL.revokeObjectURL(bootUrl);
        worker.terminate();
      },
    };
  };
}
