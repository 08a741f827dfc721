import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import { findGraphvizDirectives } from '../../server/src/dot/provider';
import { derived, derivedKey } from '../../server/src/rst/derived';
import { bindNames } from '../../server/src/rst/names';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';
import type { RstDocument } from '../../server/src/rst/types';
import { flatten } from '../../server/src/rst/walk';
import { collectGarbage, type CollectGarbage } from './gc';

const registry = createRegistry(['graphviz'], []);
const TEXT = `.. _top:

Title
=====

See top_ and \`Title\`_.

.. graphviz::

   digraph { a -> b }
`;

test('facts derived from a tree are computed once, kept with the tree, and invisible to comparing and copying', () => {
  const doc = parseRst(TEXT, { registry });
  const twin = parseRst(TEXT, { registry });
  const flat = flatten(doc);
  assert.equal(flatten(doc), flat);
  assert.equal(bindNames(doc), bindNames(doc));
  assert.equal(findGraphvizDirectives(doc), findGraphvizDirectives(doc));
  assert.equal(findGraphvizDirectives(doc).length, 1);
  // Another tree of the same text has its own facts.
  assert.notEqual(flatten(twin), flat);
  // The facts do not take part in comparing, serialising or cloning a tree.
  assert.deepStrictEqual(doc, parseRst(TEXT, { registry }));
  assert.equal(JSON.stringify(doc), JSON.stringify(parseRst(TEXT, { registry })));
  assert.deepStrictEqual(structuredClone({ blocks: doc.blocks, sections: doc.sections, problems: doc.problems }), {
    blocks: twin.blocks,
    sections: twin.sections,
    problems: twin.problems,
  });
  assert.deepEqual(Object.keys(doc).sort(), ['blocks', 'lines', 'problems', 'sections', 'text']);

  let calls = 0;
  const KEY = derivedKey<number>('count');
  assert.equal(derived(doc, KEY, () => ++calls), 1);
  assert.equal(derived(doc, KEY, () => ++calls), 1);
  // A frozen tree cannot keep a fact: it is computed each time, and asking does not throw.
  const frozen = Object.freeze({ ...twin }) as RstDocument;
  assert.equal(derived(frozen, KEY, () => ++calls), 2);
  assert.equal(derived(frozen, KEY, () => ++calls), 3);
  assert.equal(flatten(frozen).blocks.length, flatten(twin).blocks.length);
});

/** Parses a document and asks for its facts; the tree is referenced afterwards only if `keep` is given. */
function parseAndDerive(round: number, keep: RstDocument[] | undefined): void {
  const doc = parseRst(TEXT.repeat(20).replace(/top/g, `top${round}`), { registry });
  flatten(doc);
  bindNames(doc);
  findGraphvizDirectives(doc);
  keep?.push(doc);
}

/**
 * Old-space growth over `rounds` documents, each parsed, asked for its facts, then dropped (or kept), with
 * two minor collections after each: whatever is still alive after two of them is promoted to the old space.
 */
function promotedBytes(gc: CollectGarbage, rounds: number, keep: boolean): number {
  const oldSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!.space_used_size;
  const kept: RstDocument[] = [];
  gc();
  const before = oldSpace();
  for (let r = 0; r < rounds; r++) {
    parseAndDerive(r, keep ? kept : undefined);
    gc({ type: 'minor' });
    gc({ type: 'minor' });
  }
  const grown = oldSpace() - before;
  kept.length = 0;
  return grown;
}

test('what is derived from a tree dies with it in a minor collection (a WeakMap keeps it until a full one)', () => {
  const gc = collectGarbage();
  promotedBytes(gc, 20, false); // warm up: compiled code and its feedback are promoted once
  const kept = promotedBytes(gc, 200, true);
  const dropped = promotedBytes(gc, 200, false);
  // Kept trees are promoted with their facts; dropped ones must leave (almost) nothing behind.
  assert.ok(kept > 2_000_000, `the kept trees should fill the old space: ${kept} bytes`);
  assert.ok(dropped < kept / 10, `dropped trees promoted ${dropped} bytes, kept ones ${kept}`);
});
