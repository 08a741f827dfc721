/**
 * Cancellation for long work: an LSP request's token (or anything with `isCancellationRequested`) checked
 * between slices of work that yield to the event loop, so that a `$/cancelRequest` (sent when the user moves
 * on, or when a newer request supersedes this one) can arrive and stop it. Runs in Node and in a web worker.
 */

/** The part of an LSP `CancellationToken` this code reads. */
export interface CancelToken {
  readonly isCancellationRequested: boolean;
}

/** A token that is never cancelled (for callers without one: the CLI, tests). */
export const NEVER_CANCELLED: CancelToken = Object.freeze({ isCancellationRequested: false });

/** Thrown when a cancellation stopped the work: how many of the items were done. */
export class Cancelled extends Error {
  constructor(
    readonly done: number,
    readonly total: number,
  ) {
    super(`cancelled after ${done} of ${total}`);
  }
}

/**
 * Resolves on a later turn of the event loop, after pending messages and I/O: `setImmediate` where there is one
 * (Node), else a zero timeout (a web worker has no `setImmediate`).
 */
export function nextTask(): Promise<void> {
  return new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * Calls `step` on each item in order, in slices of about `sliceMs` of work; between slices it yields to the
 * event loop and throws `Cancelled` if the token was cancelled meanwhile (also before the first item).
 */
export async function sliced<T>(items: readonly T[], token: CancelToken, step: (item: T) => void, sliceMs = 8): Promise<void> {
  let sliceStart = performance.now();
  for (let i = 0; i < items.length; i++) {
    if (token.isCancellationRequested) throw new Cancelled(i, items.length);
    step(items[i]);
    if (performance.now() - sliceStart >= sliceMs && i + 1 < items.length) {
      await nextTask();
      sliceStart = performance.now();
    }
  }
}

/** A callback scheduled by `later`, which may be called off. */
export interface Scheduled {
  cancel(): void;
}

/**
 * Runs `fn` after `ms` milliseconds; with 0, on the next turn of the event loop (`setImmediate` where there is
 * one: a zero timeout waits at least a millisecond in Node, which a keystroke's check would pay every time).
 */
export function later(fn: () => void, ms: number): Scheduled {
  if (ms <= 0 && typeof setImmediate === 'function') {
    const h = setImmediate(fn);
    return { cancel: () => clearImmediate(h) };
  }
  const t = setTimeout(fn, ms);
  return { cancel: () => clearTimeout(t) };
}
