import type { LayoutResult } from '../dot/layout';
import type { DocResult, LintTask } from './lintTask';

/** Messages from the main thread of `ha-guide lint` to a worker. */
export type ToLintWorker =
  | { type: 'task'; id: number; task: LintTask }
  | { type: 'layout'; id: number; result: LayoutResult }
  | { type: 'close' };

/** Messages from a lint worker to the main thread. */
export type FromLintWorker =
  | { type: 'layout'; id: number; dot: string; engine: string; key?: string }
  | { type: 'progress' }
  | { type: 'done'; id: number; results: DocResult[] }
  | { type: 'failed'; id: number; error: string };
