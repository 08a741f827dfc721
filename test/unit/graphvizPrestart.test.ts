import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ILogger } from '../../server/src/logger';
import { dropPrestartedWorker, prestartGraphvizWorker, takePrestartedWorker } from '../../server/src/graphviz/prestart';
import { defaultWorkerPath, GraphvizService } from '../../server/src/graphviz/service';

/**
 * The Graphviz worker the command line's launcher starts before its bundle is loaded (graphviz/prestart.ts):
 * the real worker thread and wasm, handed to the service that asks for a worker with the same script and memory
 * limit, with what it said before (its "ready") replayed.
 */
/** The prestarted worker is unref'd (it never keeps a process alive): the test's own timer keeps this one running. */
async function alive<T>(p: Promise<T>): Promise<T> {
  const keep = setInterval(() => undefined, 1000);
  try {
    return await p;
  } finally {
    clearInterval(keep);
  }
}

function recorder(): { logger: ILogger; lines: string[] } {
  const lines: string[] = [];
  const put = (m: string) => lines.push(m);
  return { logger: { error: put, warn: put, info: put, debug: put }, lines };
}

test('a prestarted worker that is ready is taken by the service: no second worker, its "ready" replayed, layouts work', { timeout: 60000 }, async () => {
  assert.equal(await alive(prestartGraphvizWorker(defaultWorkerPath(), 128)), true);
  const { logger, lines } = recorder();
  const gv = new GraphvizService({ memoryLimitMb: 128, logger });
  try {
    const r = await gv.layout('digraph { a -> b }', 'dot');
    assert.equal(r.status, 'ok', JSON.stringify(r));
    assert.equal(gv.stats().workersStarted, 1);
    // The "loaded" line comes from the ready message the worker sent before the service existed.
    assert.ok(lines.some((l) => /^Graphviz \S+ loaded in a worker$/.test(l)), lines.join('\n'));
    // Taken once: nothing is left for another service.
    assert.equal(takePrestartedWorker(defaultWorkerPath(), 128), undefined);
  } finally {
    gv.dispose();
  }
});

test('a prestarted worker with another memory limit or script is not taken; a dropped one is gone', { timeout: 60000 }, async () => {
  assert.equal(await alive(prestartGraphvizWorker(defaultWorkerPath(), 64)), true);
  assert.equal(takePrestartedWorker(defaultWorkerPath(), 128), undefined);
  // It was ended, and the slot is empty: a second take finds nothing either.
  assert.equal(takePrestartedWorker(defaultWorkerPath(), 64), undefined);

  assert.equal(await alive(prestartGraphvizWorker(defaultWorkerPath(), 128)), true);
  assert.equal(takePrestartedWorker(`${defaultWorkerPath()}.other.js`, 128), undefined);

  const ready = prestartGraphvizWorker(defaultWorkerPath(), 128);
  dropPrestartedWorker();
  assert.equal(await alive(ready), false);
  assert.equal(takePrestartedWorker(defaultWorkerPath(), 128), undefined);

  // A service after all that starts its own worker and lays out as usual.
  const gv = new GraphvizService({ memoryLimitMb: 128 });
  try {
    assert.equal((await gv.layout('digraph { c -> d }', 'dot')).status, 'ok');
    assert.equal(gv.stats().workersStarted, 1);
  } finally {
    gv.dispose();
  }
});

test('a prestarted worker whose script cannot be loaded is never taken', { timeout: 60000 }, async () => {
  assert.equal(await alive(prestartGraphvizWorker('/nonexistent/graphvizWorker.js', 128)), false);
  assert.equal(takePrestartedWorker('/nonexistent/graphvizWorker.js', 128), undefined);
});
