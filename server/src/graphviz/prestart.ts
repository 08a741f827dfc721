import { Worker } from 'node:worker_threads';
import type { WorkerMessage } from './protocol';

/**
 * A Graphviz worker started before the command line's bundle is loaded, so that Node's start of the thread,
 * the worker's script and the wasm's compilation run on another core while the main thread compiles the
 * bundle and reads the documents (`ha-guide lint` of one file with diagrams: about a quarter of its time).
 *
 * The launcher (dist/cli.js) and the bundle it loads (dist/cliMain.js) are two bundles, each with its own copy of
 * this module: the worker is handed over through a global keyed by a registered symbol. What the worker says
 * before the bundle takes it (its "ready" message) is kept and replayed in order; a worker that failed or ended
 * before it was taken is not taken.
 */
interface Prestarted {
  worker: Worker;
  workerPath: string;
  memoryLimitMb: number;
  messages: WorkerMessage[];
  failed: boolean;
  hold: (m: WorkerMessage) => void;
  fail: () => void;
  /** Settles the promise `prestartGraphvizWorker` returned (a later call does nothing). */
  settle: (ready: boolean) => void;
}

/** A Graphviz directive in a document's text: `ha-guide lint` starts Graphviz only for documents that have one. */
export const DIAGRAM_DIRECTIVE = /\.\.[ \t]+(graphviz|graph|digraph)::/;

const KEY = Symbol.for('haGuideStudio.prestartedGraphvizWorker');
type Slot = { [KEY]?: Prestarted };

/**
 * Starts the worker now; it never keeps the process alive by itself (unref'd until a layout asks for it).
 * Resolves with true once it has said it is ready, false if it failed or ended first (the launcher ignores it).
 */
export function prestartGraphvizWorker(workerPath: string, memoryLimitMb: number): Promise<boolean> {
  const slot = globalThis as Slot;
  if (slot[KEY]) return Promise.resolve(false);
  let worker: Worker;
  try {
    worker = new Worker(workerPath, { workerData: { memoryLimitMb } });
  } catch {
    return Promise.resolve(false); // the bundle starts its own worker when it needs one, and reports what goes wrong then
  }
  let settle: (ready: boolean) => void = () => undefined;
  const ready = new Promise<boolean>((resolve) => (settle = resolve));
  const p: Prestarted = {
    worker,
    workerPath,
    memoryLimitMb,
    messages: [],
    failed: false,
    hold: (m) => {
      p.messages.push(m);
      if ('ready' in m) settle(true);
    },
    fail: () => {
      p.failed = true;
      settle(false);
    },
    settle: (r) => settle(r),
  };
  worker.on('message', p.hold);
  worker.on('error', p.fail);
  worker.on('exit', p.fail);
  worker.unref();
  slot[KEY] = p;
  return ready;
}

/**
 * The prestarted worker, when it was started with the same script and memory limit and is still running,
 * with the messages it sent so far; it is taken once. A worker that does not fit is terminated.
 */
export function takePrestartedWorker(workerPath: string, memoryLimitMb: number): { worker: Worker; messages: WorkerMessage[] } | undefined {
  const slot = globalThis as Slot;
  const p = slot[KEY];
  if (!p) return undefined;
  delete slot[KEY];
  p.settle(false);
  p.worker.off('message', p.hold);
  p.worker.off('error', p.fail);
  p.worker.off('exit', p.fail);
  if (p.failed || p.workerPath !== workerPath || p.memoryLimitMb !== memoryLimitMb) {
    void p.worker.terminate();
    return undefined;
  }
  return { worker: p.worker, messages: p.messages };
}

/** Ends a prestarted worker nobody took (a command that laid nothing out). */
export function dropPrestartedWorker(): void {
  const slot = globalThis as Slot;
  const p = slot[KEY];
  if (!p) return;
  delete slot[KEY];
  p.settle(false);
  void p.worker.terminate();
}
