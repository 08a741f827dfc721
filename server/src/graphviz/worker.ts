import { parentPort, workerData } from 'node:worker_threads';
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import type { LayoutReplyMessage, LayoutRequestMessage, LogMessage, ReadyMessage } from './protocol';

/**
 * The Graphviz worker: one long-lived wasm Graphviz instance, one layout at a time. A layout that never
 * ends is the service's problem (it terminates this thread); a wasm trap leaves the instance unusable,
 * so after one this thread reports `crash` and exits, and the service starts a new one.
 */

/** The module's last error: the only place where errors that still produced output (bad HTML labels) show. */
function lastError(g: Graphviz): string {
  // `_module` is private in the typings of @hpcc-js/wasm-graphviz 1.29.2 (pinned); read it defensively.
  const m = (g as unknown as { _module?: { CGraphviz?: { lastError?: () => string } } })._module;
  try {
    return m?.CGraphviz?.lastError?.() ?? '';
  } catch {
    return '';
  }
}

/** Messages of a wasm trap or an Emscripten abort, after which the instance cannot be trusted. */
const TRAP = /memory access out of bounds|unreachable|Aborted\(|RuntimeError|out of bounds|call stack|indirect call|integer (overflow|divide)|Cannot enlarge memory|out of memory|Program terminated/i;

/**
 * The wasm heap's ceiling: Emscripten grows its memory from JavaScript (`WebAssembly.Memory#grow`, inside a
 * try) and reports a failed growth as malloc failing, so refusing growth past the limit makes Graphviz stop
 * with "out of memory" instead of taking gigabytes (wasm memory never shrinks). The flag tells that apart
 * from any other abort.
 */
const limitBytes = (() => {
  const mb = (workerData as { memoryLimitMb?: unknown } | undefined)?.memoryLimitMb;
  return typeof mb === 'number' && Number.isFinite(mb) && mb > 0 ? mb * 1024 * 1024 : undefined;
})();
let limitHit = false;
/** The part of `WebAssembly.Memory` used here (the compiler's libraries here leave out the WebAssembly typings). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
const wasmMemory = (globalThis as unknown as { WebAssembly?: { Memory?: { prototype: WasmMemory } } }).WebAssembly?.Memory?.prototype;
if (limitBytes !== undefined && wasmMemory) {
  const grow = wasmMemory.grow;
  wasmMemory.grow = function (this: WasmMemory, pages: number): number {
    if (this.buffer.byteLength + pages * 65536 > limitBytes) {
      limitHit = true;
      throw new RangeError('the Graphviz memory limit was reached');
    }
    return grow.call(this, pages);
  };
}

const port = parentPort;
if (port) {
  // Emscripten prints through the console (for example "out of memory" before an abort): send it to the
  // service's log instead of the terminal of a CLI or the stdout of an LSP server.
  const forward = (...args: unknown[]) => port.postMessage({ id: -1, log: args.map(String).join(' ') } satisfies LogMessage);
  console.log = forward;
  console.info = forward;
  console.warn = forward;
  console.error = forward;
  console.debug = forward;
  const loading = Graphviz.load();
  loading.then(
    (g) => port.postMessage({ id: 0, ready: true, version: g.version() } satisfies ReadyMessage),
    (e: unknown) => port.postMessage({ id: 0, ready: true, error: String(e) } satisfies ReadyMessage),
  );
  port.on('message', (req: LayoutRequestMessage) => {
    void loading.then(
      (g) => {
        const t0 = performance.now();
        limitHit = false;
        let svg = '';
        let error = '';
        try {
          svg = g.layout(req.dot, 'svg', req.engine as Parameters<Graphviz['layout']>[2]);
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
        const last = lastError(g);
        const message = (error || last).trim();
        // An abort (out of memory, exit()) or a trap leaves the module unusable even when it returned output.
        const trapped = limitHit || (TRAP.test(message) && !/^syntax error|^memory exhausted/.test(message));
        const reply: LayoutReplyMessage = {
          id: req.id,
          status: limitHit ? 'too-large' : trapped ? 'crash' : svg ? 'ok' : 'error',
          svg: svg || undefined,
          error: message || undefined,
          ms: performance.now() - t0,
        };
        port.postMessage(reply);
        if (trapped) process.exit(1);
      },
      (e: unknown) => {
        port.postMessage({ id: req.id, status: 'crash', error: `Graphviz could not be loaded: ${String(e)}`, ms: 0 } satisfies LayoutReplyMessage);
      },
    );
  });
}
