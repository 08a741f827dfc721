import { Graphviz } from '@hpcc-js/wasm-graphviz';
import type { LayoutReplyMessage, LayoutRequestMessage, LogMessage, ReadyMessage, WorkerMessage } from './protocol';

/**
 * The inside of a Graphviz worker, whatever kind of worker it is (a Node worker thread, worker.ts; a web
 * worker, the web extension's browser/graphvizWorker.ts): one long-lived wasm Graphviz instance, one layout at
 * a time. A layout that never ends is the service's problem (it terminates the worker); a wasm trap leaves the
 * instance unusable, so after one the worker reports `crash` and ends, and the service starts a new one.
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

/**
 * What this build of Graphviz says of itself, not of the diagram: without the triangulation library (GTS), sfdp
 * and neato cannot remove overlaps the default way and say so on every layout, which still comes out (with its
 * nodes where they fell). A Sphinx build's `dot` has the library: the diagram is fine there. Sent to the log.
 */
const BUILD_LIMIT = /^(?:Error: )?remove_overlap: Graphviz not built with triangulation library\s*$/;

/** Messages of a wasm trap or an Emscripten abort, after which the instance cannot be trusted. */
const TRAP = /memory access out of bounds|unreachable|Aborted\(|RuntimeError|out of bounds|call stack|indirect call|integer (overflow|divide)|Cannot enlarge memory|out of memory|Program terminated/i;

/** The part of `WebAssembly.Memory` used here (the compiler's libraries here leave out the WebAssembly typings). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/**
 * Runs a Graphviz worker over `post` (its replies) and `exit` (after a trap). The wasm heap's ceiling:
 * Emscripten grows its memory from JavaScript (`WebAssembly.Memory#grow`, inside a try) and reports a failed
 * growth as malloc failing, so refusing growth past the limit makes Graphviz stop with "out of memory" instead
 * of taking gigabytes (wasm memory never shrinks). The flag tells that apart from any other abort.
 * Returns the handler of layout requests.
 */
export function startLayoutWorker(memoryLimitMb: unknown, post: (m: WorkerMessage) => void, exit: () => void): (req: LayoutRequestMessage) => void {
  const limitBytes = typeof memoryLimitMb === 'number' && Number.isFinite(memoryLimitMb) && memoryLimitMb > 0 ? memoryLimitMb * 1024 * 1024 : undefined;
  let limitHit = false;
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
  // Emscripten prints through the console (for example "out of memory" before an abort): send it to the
  // service's log instead of the terminal of a CLI or the stdout of an LSP server.
  const forward = (...args: unknown[]) => post({ id: -1, log: args.map(String).join(' ') } satisfies LogMessage);
  console.log = forward;
  console.info = forward;
  console.warn = forward;
  console.error = forward;
  console.debug = forward;
  const loading = Graphviz.load();
  loading.then(
    (g) => post({ id: 0, ready: true, version: g.version() } satisfies ReadyMessage),
    (e: unknown) => post({ id: 0, ready: true, error: String(e) } satisfies ReadyMessage),
  );
  return (req) => {
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
        let last = lastError(g);
        const lines = last.split('\n');
        if (svg && lines.some((l) => BUILD_LIMIT.test(l))) {
          post({ id: -1, log: `Graphviz (${req.engine}) could not remove node overlaps: this build lacks the triangulation library; the drawing may overlap where a Sphinx build's would not.` } satisfies LogMessage);
          last = lines.filter((l) => !BUILD_LIMIT.test(l)).join('\n');
        }
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
        post(reply);
        if (trapped) exit();
      },
      (e: unknown) => {
        post({ id: req.id, status: 'crash', error: `Graphviz could not be loaded: ${String(e)}`, ms: 0 } satisfies LayoutReplyMessage);
      },
    );
  };
}
