/**
 * What the DOT checks need from Graphviz: a layout that may fail, time out or crash. The Node
 * implementation (`server/src/graphviz`) runs wasm Graphviz in a worker thread; tests and other hosts
 * can plug in anything with this shape.
 */
export interface LayoutResult {
  /**
   * - `ok`: Graphviz produced output (`error` may still hold a message, for example a bad HTML-like label
   *   or an exhausted parser stack, when Graphviz went on with a partial graph);
   * - `error`: Graphviz produced no output, `error` says why;
   * - `timeout`: the layout took longer than allowed and was abandoned;
   * - `crash`: Graphviz itself failed (a wasm trap); the worker was replaced;
   * - `too-large`: the layout needed more memory than allowed and was stopped (`memoryMb`);
   * - `superseded`: a newer request with the same key replaced this one before it started.
   */
  status: 'ok' | 'error' | 'timeout' | 'crash' | 'too-large' | 'superseded';
  svg?: string;
  /** Graphviz's message (its last error), trimmed. */
  error?: string;
  /** Milliseconds the layout took in the worker (absent when it did not run). */
  ms?: number;
  /** The timeout that applied, for messages. */
  timeoutMs?: number;
  /** The memory limit that applied (`too-large`), for messages. */
  memoryMb?: number;
}

export interface LayoutRequestOptions {
  /**
   * Requests with the same key replace each other while they wait: only the newest of, say, one diagram
   * of one document is laid out, older ones resolve as `superseded`.
   */
  key?: string;
}

export interface IGraphvizLayout {
  layout(dot: string, engine: string, options?: LayoutRequestOptions): Promise<LayoutResult>;
  /** A layout already known (cached), without laying out anything. */
  cached?(dot: string, engine: string): LayoutResult | undefined;
}
