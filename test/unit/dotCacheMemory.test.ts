import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDotSource } from '../../server/src/dot/check';
import { dotDiagramsOf } from '../../server/src/dot/model';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';
import { collectGarbage } from './gc';

const registry = createRegistry(['graphviz'], []);

test('typing in a diagram of a large document keeps no old version of the document in the DOT caches', () => {
  const gc = collectGarbage();
  // A 220 KB document whose one diagram changes at each keystroke: every version is a new diagram text
  // for the check, parse and model caches (each keeps far more than 100 entries).
  const filler = ('Some paragraph text that fills the document. '.repeat(40) + '\n\n').repeat(120);
  const versions = 100;
  const version = (i: number) => `.. graphviz::\n\n   digraph { a -> b [label="${i}"] }\n\n${filler}`;
  // Warm up: compiled code and the caches' own structures.
  for (let i = 0; i < 5; i++) checkDotSource(dotDiagramsOf(parseRst(version(-1 - i), { registry }))[0].source);
  gc();
  const before = process.memoryUsage().heapUsed;
  let diagrams = 0;
  for (let i = 0; i < versions; i++) {
    for (const d of dotDiagramsOf(parseRst(version(i), { registry }))) {
      diagrams++;
      assert.deepEqual(checkDotSource(d.source).problems, []);
      assert.deepEqual([...d.model.byKey.keys()].sort(), ['a', 'b'], 'the model was built');
    }
  }
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  assert.equal(diagrams, versions);
  // Keeping each version would hold at least `versions * filler.length` bytes (one byte per character).
  const oneCopyEach = versions * filler.length;
  assert.ok(oneCopyEach > 20_000_000);
  assert.ok(grown < oneCopyEach / 10, `the heap grew by ${grown} bytes over ${versions} versions of a ${filler.length}-character document`);
});

test('typing outside the diagrams of large documents keeps no version of them in the DOT caches', () => {
  const gc = collectGarbage();
  // 100 documents of 220 KB, each with a diagram of its own, each edited once outside its diagram: the second
  // version finds the diagram's texts by its content as written, which must not keep that version alive.
  const filler = ('Some paragraph text that fills the document. '.repeat(40) + '\n\n').repeat(120);
  const documents = 100;
  const version = (doc: number, edit: number) => `Edit ${edit} here.\n\n.. graphviz::\n\n   digraph { a -> b [label="${doc}"] }\n\n${filler}`;
  for (let i = 0; i < 5; i++) checkDotSource(dotDiagramsOf(parseRst(version(-1 - i, 0), { registry }))[0].source);
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let doc = 0; doc < documents; doc++) {
    for (const edit of [1, 22]) {
      const [d] = dotDiagramsOf(parseRst(version(doc, edit), { registry }));
      assert.equal(d.source.graphvizText, `digraph { a -> b [label="${doc}"] }`);
      assert.equal(d.source.toHost(0), `Edit ${edit} here.\n\n.. graphviz::\n\n`.length, 'positions map into this version');
    }
  }
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  const oneCopyEach = documents * filler.length;
  assert.ok(grown < oneCopyEach / 10, `the heap grew by ${grown} bytes over ${documents} documents of ${filler.length} characters`);
});

test('typing in a large diagram keeps a bounded number of its old versions parsed', () => {
  const gc = collectGarbage();
  let body = '';
  for (let i = 0; i < 3000; i++) body += `   n${i} -> n${(i * 7) % 3000} [label="edge ${i}"];\n`;
  const version = (i: number) => `.. graphviz::\n\n   digraph {\n   x${i};\n${body}   }\n\nAfter.\n`;
  const type = (i: number) => {
    for (const d of dotDiagramsOf(parseRst(version(i), { registry }))) assert.deepEqual(checkDotSource(d.source).problems, []);
  };
  gc();
  const before = process.memoryUsage().heapUsed;
  type(0);
  gc();
  const one = process.memoryUsage().heapUsed - before;
  const versions = 60;
  for (let i = 1; i < versions; i++) type(i);
  gc();
  const all = process.memoryUsage().heapUsed - before;
  // Each version kept costs about `one`; keeping them all (64 entries) would cost about `versions * one`.
  assert.ok(one > 1_000_000, `one version's parse and checks: ${one} bytes`);
  assert.ok(all < (versions / 2) * one, `${versions} versions kept ${all} bytes, one ${one}`);
});
