import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';

/** docutils' `option_list_item`: an option marker with no description is text, wherever its line ends. */
const kinds = (text: string) => parseRst(text, { registry: createRegistry([], []) }).blocks.map((b) => b.kind);

test('an option marker without a description is a paragraph, also in a table cell whose text stops before the border', () => {
  assert.deepEqual(kinds('/routingpeers\n'), ['paragraph']);
  assert.deepEqual(kinds('--verbose\n\nText.\n'), ['paragraph', 'paragraph']);
  // With a description (on its line, or indented below) it is an option list.
  assert.deepEqual(kinds('--verbose  Say more.\n'), ['optionList']);
  assert.deepEqual(kinds('--verbose\n    Say more.\n'), ['optionList']);
  for (const pad of ['', ' ']) {
    const t = `+------+------------------+\n|${(pad + 'POST').padEnd(6)}|${(pad + '/routingpeers').padEnd(18)}|\n+------+------------------+\n`;
    const doc = parseRst(t, { registry: createRegistry([], []) });
    const table = doc.blocks[0];
    assert.equal(table.kind, 'table', t);
    if (table.kind === 'table') assert.deepEqual(table.cells[1].body.map((b) => b.kind), ['paragraph'], t);
  }
});
