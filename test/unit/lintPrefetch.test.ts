import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { disposeLintTasks, runLintTask, type LintTask } from '../../server/src/cli/lintTask';
import { pathToUri } from '../../server/src/common/uri';
import type { IGraphvizLayout, LayoutRequestOptions } from '../../server/src/dot/layout';
import { GraphvizService } from '../../server/src/graphviz/service';

/**
 * `ha-guide lint` hands each document's diagrams to Graphviz while it indexes the project, before any check
 * runs, and the checks then find those layouts: no diagram is laid out twice. The real Graphviz worker does
 * the work; the wrapper only writes down who asked for what, in which order.
 */
test('lint asks Graphviz for every diagram while it indexes, and the checks reuse those layouts', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-prefetch-'));
  const gv = new GraphvizService({});
  try {
    fs.writeFileSync(path.join(dir, 'conf.py'), "extensions = ['sphinx.ext.graphviz']\n");
    const diagram = (body: string) => `.. graphviz::\n\n   digraph { ${body} }\n`;
    const docs = [
      { file: path.join(dir, 'a.rst'), text: `A\n=\n\n${diagram('a -> b')}\n${diagram('c -> d')}` },
      { file: path.join(dir, 'b.rst'), text: `B\n=\n\nNo diagram here.\n` },
      // The same diagram as in a.rst, and one with an arrowhead that does not exist.
      { file: path.join(dir, 'c.rst'), text: `C\n=\n\n${diagram('a -> b')}\n${diagram('e -> f [arrowhead=nosuchshape]')}` },
    ];
    for (const d of docs) fs.writeFileSync(d.file, d.text);
    const calls: { key?: string; dot: string }[] = [];
    const recording: IGraphvizLayout = {
      layout(dot: string, engine: string, options?: LayoutRequestOptions) {
        calls.push({ key: options?.key, dot });
        return gv.layout(dot, engine, options);
      },
      cached: (dot, engine) => gv.cached(dot, engine),
    };
    const task: LintTask = {
      project: `conf:${pathToUri(dir)}/`,
      folders: [pathToUri(dir)],
      sourceDir: pathToUri(dir),
      docs: docs.map((d) => ({ ...d, named: true })),
      check: [0, 1, 2],
    };
    const results = await runLintTask(task, recording);
    const firstCheck = calls.findIndex((c) => c.key !== undefined);
    assert.ok(firstCheck > 0, `the checks asked for layouts, after the prefetch: ${JSON.stringify(calls.map((c) => c.key ?? 'prefetch'))}`);
    const prefetched = calls.slice(0, firstCheck);
    assert.ok(prefetched.every((c) => c.key === undefined), 'no check ran before the index was built');
    assert.equal(prefetched.length, 4, 'every diagram of the checked documents was asked for while indexing');
    assert.equal(calls.slice(firstCheck).filter((c) => c.key === undefined).length, 0);
    // Three different diagrams, each laid out once, although prefetch and checks asked seven times.
    assert.equal(gv.stats().layouts, 3);
    // The checks ran to the end on those layouts: c.rst's arrowhead, and nothing on the others.
    const codes = results.flatMap((r) => r.records.map((x) => `${path.basename(x.file)}:${x.line} ${x.code}`));
    assert.deepEqual(codes, ['c.rst:10 dot.unknown-arrow']);
  } finally {
    disposeLintTasks();
    gv.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
