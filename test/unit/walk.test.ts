import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';
import type { Block, Inline, RstDocument } from '../../server/src/rst/types';
import { flatten, ownInlines, walkBlocks } from '../../server/src/rst/walk';
import { CORPUS, corpusFiles, hasCorpus } from './corpus';

/**
 * `walkBlocks` and `flatten` name the kinds of block that hold other blocks in their own code (so that no
 * array is made per block). These tests hold both to a definition that names no kind: a block's children are
 * the `body` lists found on it, on its items and on its cells, and the block a substitution definition
 * holds. Each construct of RST appears in `EVERYTHING`, and the corpus adds real documents.
 */

const registry = createRegistry(['graphviz'], []);

const EVERYTHING = `
.. _top:

Title *one*
===========

| line *block*
|   indented **line**

* bullet *a*

  nested paragraph

#. enumerated

   - inner bullet

-a            option *one*
--long=FILE   option two

term *one* : classifier
   definition *one*

   .. note:: a note in a definition

term two
   definition two

:field *name*: field *body*
:other: value

A paragraph.

   quoted *text*

   -- attribution *here*

.. [#f1] a footnote *body*

.. [CIT] a citation *body*

.. |sub| image:: picture.png

.. |txt| replace:: replaced *text*

.. note:: argument-less note

   body of the *note*

.. graphviz::

   digraph { a -> b }

.. admonition:: Title with *markup*

   admonition body

+-----------+-----------+
| cell *a*  | cell b    |
|           |           |
| - item    |           |
+-----------+-----------+

=====  =====
col 1  col 2
=====  =====
x *y*  z
=====  =====

.. csv-table::
   :header: "h *1*", "h2"

   "v *1*", "v2"

.. list-table::

   * - list *cell*
     - other

>>> print('doctest')
doctest

----------

Literal::

   literal text

.. a comment
`;

/** Children by definition: every `body` array on the block, its items and its cells; a substitution's directive. */
function reference(blocks: readonly Block[], parent: Block | undefined, out: { block: Block; parent: Block | undefined }[]): void {
  for (const b of blocks) {
    out.push({ block: b, parent });
    const r = b as unknown as Record<string, unknown>;
    const holders: unknown[] = [r, ...((Array.isArray(r.items) ? r.items : []) as unknown[]), ...((Array.isArray(r.cells) ? r.cells : []) as unknown[])];
    for (const h of holders) {
      const body = (h as { body?: unknown }).body;
      if (Array.isArray(body)) reference(body as Block[], b, out);
    }
    if (r.kind === 'substitutionDef' && r.directive) reference([r.directive as Block], b, out);
  }
}

function check(doc: RstDocument, label: string): void {
  const expected: { block: Block; parent: Block | undefined }[] = [];
  reference(doc.blocks, undefined, expected);
  const walked: { block: Block; parent: Block | undefined }[] = [];
  walkBlocks(doc.blocks, (block, parent) => walked.push({ block, parent }));
  assert.equal(walked.length, expected.length, `${label}: walkBlocks visits every block once`);
  for (let i = 0; i < walked.length; i++) {
    assert.ok(walked[i].block === expected[i].block, `${label}: block ${i} (${expected[i].block.kind}) in document order`);
    assert.ok(walked[i].parent === expected[i].parent, `${label}: the parent of block ${i} (${expected[i].block.kind})`);
  }
  const flat = flatten(doc);
  assert.equal(flat.blocks.length, expected.length, `${label}: flatten gathers every block`);
  flat.blocks.forEach((b, i) => assert.ok(b === expected[i].block, `${label}: flatten's block ${i} (${expected[i].block.kind})`));
  const directives = expected.map((e) => e.block).filter((b) => b.kind === 'directive');
  assert.equal(flat.directives.length, directives.length, `${label}: flatten gathers every directive`);
  flat.directives.forEach((d, i) => assert.ok(d === directives[i], `${label}: flatten's directive ${i} (${directives[i].kind === 'directive' ? directives[i].name : ''}) in document order`));
  const inlines: Inline[] = expected.flatMap((e) => ownInlines(e.block)).sort((a, b) => a.start - b.start);
  assert.equal(flat.inlines.length, inlines.length, `${label}: flatten gathers every inline node`);
  flat.inlines.forEach((n, i) => assert.ok(n === inlines[i], `${label}: inline ${i} (${inlines[i].kind} at ${inlines[i].start}) in document order`));
}

test('walkBlocks and flatten reach every block and inline node of every construct, in document order', () => {
  const doc = parseRst(EVERYTHING, { registry });
  const kinds = new Set<string>();
  walkBlocks(doc.blocks, (b) => kinds.add(b.kind));
  // Not vacuous: every kind of block that holds others, and those that hold inline nodes, is here.
  for (const k of ['section', 'lineBlock', 'bulletList', 'enumList', 'optionList', 'definitionList', 'fieldList', 'blockQuote', 'footnote', 'citation', 'substitutionDef', 'directive', 'table', 'doctest', 'transition', 'literal', 'comment', 'target', 'paragraph']) {
    assert.ok(kinds.has(k), `the test document has a ${k}`);
  }
  const tableTypes = new Set<string>();
  walkBlocks(doc.blocks, (b) => b.kind === 'table' && tableTypes.add(b.tableType));
  assert.ok(tableTypes.has('grid') && tableTypes.has('simple') && tableTypes.has('csv'), `table types: ${[...tableTypes]}`);
  check(doc, 'all constructs');
});

test('walkBlocks and flatten agree with the definition on every corpus file', { skip: hasCorpus() ? false : `corpus not found at ${CORPUS}` }, () => {
  const files = corpusFiles();
  assert.ok(files.length > 200, `${files.length} corpus files`);
  for (const f of files) check(parseRst(fs.readFileSync(f, 'utf8'), { registry }), path.relative(CORPUS, f));
});
