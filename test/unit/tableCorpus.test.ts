import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tableEdit } from '../../server/src/features/tables/tableEdit';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';
import type { Block, RstDocument, TableBlock } from '../../server/src/rst/types';
import { walkBlocks } from '../../server/src/rst/walk';
import { expectLinear } from './complexity';
import { CORPUS, corpusFiles, hasCorpus } from './corpus';

/**
 * Format Table on every grid and simple table of the real-world corpus that the parser accepts: the parser
 * reads the same cells back (position, spans, header, and each cell's parsed content), formatting again
 * changes nothing, and a table left alone is left alone for a reason the message names.
 */

const registry = createRegistry([], []);

function tables(doc: RstDocument): TableBlock[] {
  const out: TableBlock[] = [];
  walkBlocks(doc.blocks, (b: Block) => {
    if (b.kind === 'table' && (b.tableType === 'grid' || b.tableType === 'simple')) out.push(b);
  });
  return out;
}

/**
 * A parsed body without its positions (offsets and lines move when a table is realigned; the content must
 * not). Inline text is a slice of the source, so the white space around a line break inside a cell is the
 * table's layout, not the cell's: it is dropped, everything else is compared as is.
 */
function content(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v) => {
      if ((['start', 'end', 'line', 'endLine', 'textStart', 'indent', 'mcol'].includes(key) && typeof v === 'number') || /span$/i.test(key)) return undefined;
      return typeof v === 'string' ? v.replace(/[ \t]*\n[ \t]*/g, '\n') : v;
    }),
  );
}

function cellsOf(t: TableBlock): unknown[] {
  return t.cells
    .map((c) => ({ at: `${c.row},${c.col},${c.rowSpan},${c.colSpan},${c.header}`, body: content(c.body) }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** The reasons a table the parser accepts may be left alone (each a message the user sees). */
const ALLOWED = [/tab characters/, /column spans/, /do not share its indentation/];

test('every corpus table the parser accepts formats to the same cells, and formatting twice equals once', { skip: hasCorpus() ? false : `corpus not found at ${CORPUS}` }, () => {
  let formatted = 0;
  let unchanged = 0;
  let wide = 0;
  let spans = 0;
  const left: Record<string, number> = {};
  for (const file of corpusFiles()) {
    const text = fs.readFileSync(file, 'utf8').replace(/\r\n?/g, '\n');
    const doc = parseRst(text, { registry });
    for (const t of tables(doc)) {
      const where = `${path.relative(CORPUS, file)}:${t.line + 1}`;
      const r = tableEdit(doc, registry, t.start, 'format');
      if ('message' in r) {
        assert.ok(
          ALLOWED.some((a) => a.test(r.message)),
          `${where}: ${r.message}`,
        );
        left[r.message] = (left[r.message] ?? 0) + 1;
        continue;
      }
      const after = text.slice(0, r.edit.start) + r.edit.newText + text.slice(r.edit.end);
      const again = parseRst(after, { registry });
      const moved = tables(again).find((x) => x.start >= r.edit.start && x.start < r.edit.start + r.edit.newText.length);
      assert.ok(moved, `${where}: the parser finds no table where the formatted one is`);
      assert.equal(moved.tableType, t.tableType, where);
      assert.equal(moved.headerRows, t.headerRows, where);
      assert.deepEqual(cellsOf(moved), cellsOf(t), `${where}: the cells read back differ`);
      assert.equal(
        again.problems.filter((p) => p.code === 'rst.malformed-table').length,
        doc.problems.filter((p) => p.code === 'rst.malformed-table').length,
        `${where}: formatting made a table malformed`,
      );
      // Idempotent: the formatted table formats to itself.
      const second = tableEdit(again, registry, moved.start, 'format');
      assert.ok(!('message' in second), `${where}: ${'message' in second ? second.message : ''}`);
      assert.equal(second.edit.newText, after.slice(second.edit.start, second.edit.end), `${where}: formatting twice differs from once`);
      if (r.edit.newText === text.slice(r.edit.start, r.edit.end)) unchanged++;
      else formatted++;
      if ([...r.edit.newText].some((ch) => ch.codePointAt(0)! >= 0x1100)) wide++;
      if (t.cells.some((c) => c.rowSpan > 1 || c.colSpan > 1)) spans++;
    }
  }
  console.log(`corpus tables: ${formatted} realigned, ${unchanged} already aligned, ${wide} with wide characters, ${spans} with merged cells; left alone: ${JSON.stringify(left)}`);
  // Not vacuous: the corpus has tables of both kinds that need realigning, and merged cells.
  assert.ok(formatted >= 20, `only ${formatted} tables realigned`);
  assert.ok(spans >= 1, 'no table with merged cells was formatted');
});

/**
 * Format Table on a grid table thousands of columns wide costs time linear in its width: each cell finds its
 * row and column by a look-up, not by a search of every separator (which made 16,000 columns cost 160 ms
 * against 15 ms for 4,000 in the parser).
 */
test('formatting a grid table 4,000 columns wide: four times the width costs less than eight times as much', () => {
  const build = (n: number) => '+' + '-+'.repeat(n) + '\n|' + ' |'.repeat(n) + '\n+' + '-+'.repeat(n) + '\n';
  expectLinear(
    'format a wide grid table',
    (n) => parseRst(build(n), { registry }),
    (doc) => assert.ok(!('message' in tableEdit(doc, registry, 0, 'format'))),
    4000,
  );
});
