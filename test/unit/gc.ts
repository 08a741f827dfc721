import v8 from 'node:v8';
import vm from 'node:vm';

export type CollectGarbage = (options?: { type: 'minor' | 'major' }) => void;

/**
 * V8's `gc()`, for the memory tests: `globalThis.gc` when node runs with `--expose-gc` (test/runTests.mjs
 * does), else exposed now, so a test file run on its own (`node --test out/test/unit/x.test.js`) measures
 * the same.
 */
export function collectGarbage(): CollectGarbage {
  const exposed = (globalThis as { gc?: CollectGarbage }).gc;
  if (exposed) return exposed;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as CollectGarbage;
}
