// A worker thread of `ha-guide lint --jobs N` (dist/lintWorker.js): checks the projects (or parts of one) the
// main thread sends, and asks the main thread's one Graphviz worker for layouts.
import { parentPort } from 'node:worker_threads';
import type { IGraphvizLayout, LayoutResult } from '../dot/layout';
import { disposeLintTasks, runLintTask } from './lintTask';
import type { FromLintWorker, ToLintWorker } from './lintProtocol';

const port = parentPort;
if (!port) throw new Error('lintWorker.js runs as a worker thread of ha-guide lint');

const waiting = new Map<number, (r: LayoutResult) => void>();
let nextLayout = 1;
const send = (m: FromLintWorker) => port.postMessage(m);

const layout: IGraphvizLayout = {
  layout(dot, engine, options) {
    return new Promise((resolve) => {
      const id = nextLayout++;
      waiting.set(id, resolve);
      send({ type: 'layout', id, dot, engine, key: options?.key });
    });
  },
};

port.on('message', (m: ToLintWorker) => {
  if (m.type === 'layout') {
    waiting.get(m.id)?.(m.result);
    waiting.delete(m.id);
  } else if (m.type === 'task') {
    runLintTask(m.task, layout, () => send({ type: 'progress' })).then(
      (results) => send({ type: 'done', id: m.id, results }),
      (e: unknown) => send({ type: 'failed', id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    );
  } else if (m.type === 'close') {
    disposeLintTasks();
    port.close();
  }
});
