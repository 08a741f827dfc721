import { LruMap } from '../common/lru';
import type { IGraphvizLayout, LayoutRequestOptions, LayoutResult } from '../dot/layout';
import type { ILogger } from '../logger';
import { nullLogger } from '../logger';
import type { LayoutRequestMessage, WorkerMessage } from './protocol';

/**
 * A Graphviz worker as the queue sees it: a Node worker thread (service.ts) or a web worker (the web
 * extension's server). `ref`/`unref` keep a Node process alive while a layout runs; a browser has neither.
 */
export interface LayoutWorker {
  postMessage(message: LayoutRequestMessage): void;
  terminate(): unknown;
  ref?(): void;
  unref?(): void;
}

/** What a worker reports back: its messages, an error it threw, its exit. */
export interface LayoutWorkerEvents {
  message(m: WorkerMessage): void;
  error(e: unknown): void;
  exit(code: number | undefined): void;
}

/** Starts a worker that loads Graphviz and refuses to grow its wasm heap past `memoryLimitMb`. */
export type LayoutWorkerFactory = (memoryLimitMb: number, events: LayoutWorkerEvents) => LayoutWorker;

export const DEFAULT_TIMEOUT_MS = 5000;
/**
 * The wasm heap one layout may grow to (MB). Real guides' diagrams need a few MB; a random graph of 10,000
 * edges would take gigabytes before the timeout stops it.
 */
export const DEFAULT_MEMORY_LIMIT_MB = 128;
/** How long a new worker may take to load Graphviz before its first layout's clock starts. */
const LOAD_ALLOWANCE_MS = 30_000;
/**
 * A layout whose time ran out while the process had less than this share of one core (`cpuMs`) was held back by
 * the machine, not by its diagram: it gets its time again, at most {@link MAX_EXTENSIONS} times.
 */
const STARVED_SHARE = 0.5;
const MAX_EXTENSIONS = 2;

export interface GraphvizServiceOptions {
  /** Milliseconds one layout may take before its worker is terminated (read for every layout). Default 5000. */
  timeoutMs?: () => number;
  /** The wasm heap a layout may grow to, in MB, before it is stopped as `too-large`. Default 128. */
  memoryLimitMb?: number;
  /** Layouts kept (by DOT text and engine). Default 256. */
  cacheEntries?: number;
  logger?: ILogger;
  /**
   * The CPU time the process has had so far (ms), where the host can tell (Node's `process.cpuUsage`): a layout
   * whose time runs out while the process got less than half a core (a busy CI machine, many commands at once)
   * is given its time again instead of being reported as too slow.
   */
  cpuMs?: () => number;
}

/** When a running layout's time started, and how often it was given its time again (`cpuMs`). */
interface LayoutClock {
  wallAt: number;
  cpuAt: number | undefined;
  extended: number;
}

/** Characters of DOT text, SVG and messages the layout cache keeps at most. */
const LAYOUT_CACHE_CHARS = 32_000_000;

export interface GraphvizStats {
  layouts: number;
  cacheHits: number;
  timeouts: number;
  crashes: number;
  workersStarted: number;
  superseded: number;
  /** Layouts stopped at the memory limit. */
  tooLarge: number;
}

interface Requester {
  key?: string;
  resolve(r: LayoutResult): void;
}

interface Job {
  cacheKey: string;
  dot: string;
  engine: string;
  requesters: Set<Requester>;
}

/**
 * Graphviz (wasm, @hpcc-js/wasm-graphviz) in a worker thread, so a diagram that takes seconds never blocks
 * the language server:
 * - one worker, one layout at a time, requests queued; identical requests (same text and engine) share one
 *   layout, and a request with a `key` replaces a waiting one with the same key (only the newest version
 *   of a diagram being typed is laid out);
 * - results cached by (engine, text), so unchanged diagrams are never laid out again;
 * - a layout that exceeds the timeout terminates the worker and resolves as `timeout`; one whose wasm heap
 *   would grow past the memory limit is stopped inside the worker and resolves as `too-large`; a wasm trap or an
 *   unexpected exit resolves as `crash`; either way the next layout starts a fresh worker;
 * - the worker is unref'd while idle, so a CLI exits when its work is done; call {@link dispose} to end it.
 */
export class GraphvizQueue implements IGraphvizLayout {
  private readonly timeoutMs: () => number;
  private readonly memoryLimitMb: number;
  private readonly cacheEntries: number;
  private readonly logger: ILogger;
  private readonly cache: LruMap<string, LayoutResult>;
  private readonly queue: Job[] = [];
  private readonly byCacheKey = new Map<string, Job>();
  /** The waiting request of each key, so that superseding one costs no scan of the queue. */
  private readonly byKey = new Map<string, { job: Job; requester: Requester }>();
  private worker: LayoutWorker | undefined;
  private running: { job: Job; id: number; timer: ReturnType<typeof setTimeout>; timeoutMs: number; worker: LayoutWorker; clock: LayoutClock } | undefined;
  private readonly cpuMs: (() => number) | undefined;
  /** Workers that have loaded Graphviz (their layouts' clocks start at once). */
  private readonly readyWorkers = new WeakSet<LayoutWorker>();
  private nextId = 1;
  private disposed = false;
  private readonly counters: GraphvizStats = { layouts: 0, cacheHits: 0, timeouts: 0, crashes: 0, workersStarted: 0, superseded: 0, tooLarge: 0 };

  constructor(
    private readonly createWorker: LayoutWorkerFactory,
    options: GraphvizServiceOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? (() => DEFAULT_TIMEOUT_MS);
    this.memoryLimitMb = options.memoryLimitMb !== undefined && options.memoryLimitMb > 0 ? options.memoryLimitMb : DEFAULT_MEMORY_LIMIT_MB;
    this.cacheEntries = options.cacheEntries ?? 256;
    // Bounded in characters too: a 5,000-node diagram's SVG is megabytes, and each edit that finishes a layout adds one.
    this.cache = new LruMap(this.cacheEntries, (key, r) => key.length + (r.svg?.length ?? 0) + (r.error?.length ?? 0), LAYOUT_CACHE_CHARS);
    this.logger = options.logger ?? nullLogger;
    this.cpuMs = options.cpuMs;
  }

  /** A layout's clock from now: wall time, and the process's CPU time when the host tells it. */
  private startClock(extended = 0): LayoutClock {
    return { wallAt: performance.now(), cpuAt: this.cpuMs?.(), extended };
  }

  /** Lays out `dot` with `engine` (svg). Never rejects. */
  layout(dot: string, engine: string, options: LayoutRequestOptions = {}): Promise<LayoutResult> {
    if (this.disposed) return Promise.resolve({ status: 'crash', error: 'The Graphviz service has been disposed.' });
    const timeoutMs = this.currentTimeout();
    const cacheKey = `${engine}\u0000${dot}`;
    const hit = this.cache.peek(cacheKey);
    if (hit && (hit.status !== 'timeout' || hit.timeoutMs === timeoutMs)) {
      this.cache.get(cacheKey); // now the most recently used
      this.counters.cacheHits++;
      return Promise.resolve(hit);
    }
    return new Promise<LayoutResult>((resolve) => {
      const requester: Requester = { key: options.key, resolve };
      if (options.key !== undefined) this.supersede(options.key);
      const existing = this.byCacheKey.get(cacheKey);
      if (existing) {
        existing.requesters.add(requester);
        if (options.key !== undefined && existing !== this.running?.job) this.byKey.set(options.key, { job: existing, requester });
        return;
      }
      const job: Job = { cacheKey, dot, engine, requesters: new Set([requester]) };
      if (options.key !== undefined) this.byKey.set(options.key, { job, requester });
      this.byCacheKey.set(cacheKey, job);
      this.queue.push(job);
      this.pump();
    });
  }

  /** A cached layout, without laying out anything (for a preview that only wants what is known). */
  cached(dot: string, engine: string): LayoutResult | undefined {
    return this.cache.peek(`${engine}\u0000${dot}`);
  }

  /** Starts the worker and loads the wasm module ahead of the first layout. */
  warmUp(): void {
    if (!this.disposed) this.ensureWorker();
  }

  stats(): GraphvizStats {
    return { ...this.counters };
  }

  /**
   * Terminates the worker; a layout in progress resolves as `crash`. The next layout starts a new worker.
   * (What the service does itself after a timeout; exposed for a "restart" command and for tests.)
   */
  restart(): void {
    const r = this.running;
    this.killWorker();
    if (r) this.finish(r.job, { status: 'crash', error: 'Graphviz was restarted during this layout.' }, false);
    this.pump();
  }

  /**
   * Ends the worker and resolves every waiting request as `crash`. Call it when the server shuts down or the
   * CLI is done (the idle worker is unref'd, so a process may also simply exit).
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const r = this.running;
    this.killWorker();
    const waiting = this.queue.splice(0);
    if (r) waiting.unshift(r.job);
    for (const job of waiting) this.finish(job, { status: 'crash', error: 'The Graphviz service has been disposed.' }, false);
    this.cache.clear();
  }

  private currentTimeout(): number {
    const t = this.timeoutMs();
    return Number.isFinite(t) && t > 0 ? t : DEFAULT_TIMEOUT_MS;
  }

  private supersede(key: string): void {
    const waiting = this.byKey.get(key);
    if (!waiting) return;
    this.byKey.delete(key);
    const { job, requester } = waiting;
    if (job === this.running?.job || !job.requesters.delete(requester)) return;
    requester.resolve({ status: 'superseded' });
    this.counters.superseded++;
    if (job.requesters.size === 0) {
      const i = this.queue.indexOf(job);
      if (i >= 0) this.queue.splice(i, 1);
      this.byCacheKey.delete(job.cacheKey);
    }
  }

  private ensureWorker(): LayoutWorker {
    if (this.worker) return this.worker;
    const worker: LayoutWorker = this.createWorker(this.memoryLimitMb, {
      message: (m) => this.onMessage(worker, m),
      error: (e) => {
        this.logger.error(`Graphviz worker error: ${e instanceof Error ? e.stack : String(e)}`);
        this.onWorkerGone(worker, e instanceof Error ? e.message : String(e));
      },
      exit: (code) => this.onWorkerGone(worker, `the Graphviz worker exited (code ${code})`),
    });
    this.counters.workersStarted++;
    worker.unref?.();
    this.worker = worker;
    return worker;
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const job = this.queue.shift();
    if (!job) {
      this.worker?.unref?.();
      return;
    }
    // A running layout is no longer replaceable: its requesters get its result.
    for (const r of job.requesters) if (r.key !== undefined && this.byKey.get(r.key)?.requester === r) this.byKey.delete(r.key);
    const worker = this.ensureWorker();
    worker.ref?.();
    const id = this.nextId++;
    const timeoutMs = this.currentTimeout();
    // The timeout is the layout's: a worker still loading Graphviz (a new one after a timeout, on a busy
    // machine) gets the time to load first, up to a generous limit, and the layout's clock starts when it is ready.
    const timer = setTimeout(() => this.onTimeout(id), this.readyWorkers.has(worker) ? timeoutMs : timeoutMs + LOAD_ALLOWANCE_MS);
    this.running = { job, id, timer, timeoutMs, worker, clock: this.startClock() };
    const msg: LayoutRequestMessage = { id, dot: job.dot, engine: job.engine };
    worker.postMessage(msg);
  }

  private onMessage(worker: LayoutWorker, m: WorkerMessage): void {
    if ('log' in m) {
      this.logger.info(`Graphviz: ${m.log}`);
      return;
    }
    if ('ready' in m) {
      if (m.error) this.logger.error(`Graphviz could not be loaded: ${m.error}`);
      else this.logger.debug(`Graphviz ${m.version} loaded in a worker`);
      this.readyWorkers.add(worker);
      const r = this.running;
      if (r && r.worker === worker) {
        clearTimeout(r.timer);
        const id = r.id;
        r.timer = setTimeout(() => this.onTimeout(id), r.timeoutMs);
        r.clock = this.startClock();
      }
      return;
    }
    const r = this.running;
    if (!r || r.worker !== worker || r.id !== m.id) return; // a late answer from a replaced worker
    this.counters.layouts++;
    if (m.status === 'crash') {
      this.counters.crashes++;
      this.killWorker();
      this.finish(r.job, { status: 'crash', error: m.error, ms: m.ms }, false);
    } else if (m.status === 'too-large') {
      // The worker's heap is at the limit and its instance aborted: a fresh worker for the next layout.
      this.counters.tooLarge++;
      this.logger.info(`Graphviz stopped a layout at its memory limit (${this.memoryLimitMb} MB); restarting the worker`);
      this.killWorker();
      this.finish(r.job, { status: 'too-large', memoryMb: this.memoryLimitMb, ms: m.ms }, true);
    } else {
      this.finish(r.job, { status: m.status, svg: m.svg, error: m.error, ms: m.ms }, true);
    }
    this.pump();
  }

  private onTimeout(id: number): void {
    const r = this.running;
    if (!r || r.id !== id) return;
    const { clock } = r;
    if (this.cpuMs && clock.cpuAt !== undefined && clock.extended < MAX_EXTENSIONS) {
      const wall = performance.now() - clock.wallAt;
      const cpu = this.cpuMs() - clock.cpuAt;
      if (cpu < wall * STARVED_SHARE) {
        this.logger.info(`Graphviz layout ran ${wall.toFixed(0)} ms while the process had ${cpu.toFixed(0)} ms of CPU (a busy machine): it gets another ${r.timeoutMs} ms`);
        r.clock = this.startClock(clock.extended + 1);
        r.timer = setTimeout(() => this.onTimeout(id), r.timeoutMs);
        return;
      }
    }
    this.counters.timeouts++;
    this.logger.info(`Graphviz layout timed out after ${r.timeoutMs} ms; restarting the worker`);
    this.killWorker();
    this.finish(r.job, { status: 'timeout', timeoutMs: r.timeoutMs }, true);
    this.pump();
  }

  private onWorkerGone(worker: LayoutWorker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const r = this.running;
    if (r && r.worker === worker) {
      this.counters.crashes++;
      this.finish(r.job, { status: 'crash', error: why }, false);
    }
    this.pump();
  }

  private killWorker(): void {
    const w = this.worker;
    this.worker = undefined;
    if (this.running) clearTimeout(this.running.timer);
    this.running = undefined;
    if (w) void w.terminate();
  }

  private finish(job: Job, result: LayoutResult, cache: boolean): void {
    if (this.running?.job === job) {
      clearTimeout(this.running.timer);
      this.running = undefined;
    }
    this.byCacheKey.delete(job.cacheKey);
    for (const r of job.requesters) if (r.key !== undefined && this.byKey.get(r.key)?.requester === r) this.byKey.delete(r.key);
    if (cache && !this.disposed) {
      this.cache.set(job.cacheKey, result);
    }
    for (const r of job.requesters) r.resolve(result);
  }
}
