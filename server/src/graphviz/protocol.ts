/** Messages between the GraphvizService and its worker thread. */

export interface LayoutRequestMessage {
  id: number;
  dot: string;
  engine: string;
}

export interface LayoutReplyMessage {
  id: number;
  /** `too-large`: the layout needed more wasm memory than the limit allows (the worker then exits). */
  status: 'ok' | 'error' | 'crash' | 'too-large';
  svg?: string;
  error?: string;
  ms: number;
}

/** Sent once the wasm module is loaded (or failed to load). */
export interface ReadyMessage {
  id: 0;
  ready: true;
  version?: string;
  error?: string;
}

/** What the wasm module printed (Emscripten prints aborts such as "out of memory"): for the log, not the terminal. */
export interface LogMessage {
  id: -1;
  log: string;
}

export type WorkerMessage = LayoutReplyMessage | ReadyMessage | LogMessage;
