import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { takePrestartedWorker } from './prestart';
import type { WorkerMessage } from './protocol';
import { GraphvizQueue, type GraphvizServiceOptions, type LayoutWorkerFactory } from './queue';

export { DEFAULT_MEMORY_LIMIT_MB, DEFAULT_TIMEOUT_MS, GraphvizQueue, type GraphvizServiceOptions, type GraphvizStats } from './queue';

/** Where the worker script is: next to the bundle (dist/graphvizWorker.js) or next to this module (out/.../worker.js). */
export function defaultWorkerPath(): string {
  const candidates = [path.join(__dirname, 'graphvizWorker.js'), path.join(__dirname, 'worker.js')];
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[0];
}

export interface NodeGraphvizServiceOptions extends GraphvizServiceOptions {
  /** The worker script; by default found next to this module (bundle: graphvizWorker.js, tsc output: worker.js). */
  workerPath?: string;
}

/**
 * Graphviz in a Node worker thread (the queue, cache and timeouts are {@link GraphvizQueue}'s): the one the
 * command line's launcher started ahead (prestart.ts) when it fits, else a new one.
 */
export function nodeWorkerFactory(workerPath: string): LayoutWorkerFactory {
  return (memoryLimitMb, events) => {
    const taken = takePrestartedWorker(workerPath, memoryLimitMb);
    const worker = taken?.worker ?? new Worker(workerPath, { workerData: { memoryLimitMb } });
    // What it said before it was taken comes first, once the queue holds the worker (after this returns).
    if (taken?.messages.length) queueMicrotask(() => taken.messages.forEach((m) => events.message(m)));
    worker.on('message', (m: WorkerMessage) => events.message(m));
    worker.on('error', (e) => events.error(e));
    worker.on('exit', (code) => events.exit(code));
    return worker;
  };
}

/**
 * Graphviz (wasm, @hpcc-js/wasm-graphviz) in a worker thread, so a diagram that takes seconds never blocks
 * the language server (see {@link GraphvizQueue} for the queue, the cache, the timeout and the memory limit).
 * The idle worker is unref'd, so a CLI exits when its work is done; call `dispose` to end it.
 */
export class GraphvizService extends GraphvizQueue {
  constructor(options: NodeGraphvizServiceOptions = {}) {
    super(nodeWorkerFactory(options.workerPath ?? defaultWorkerPath()), { cpuMs: processCpuMs, ...options });
  }
}

/** The CPU time this process (every thread) has had, in milliseconds. */
function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
