import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startLspClient, type LspTestClient } from './lspClient';

/** The table commands through the real server: `workspace/executeCommand`, code actions, on-type formatting. */

interface Pos {
  line: number;
  character: number;
}
interface LspEdit {
  range: { start: Pos; end: Pos };
  newText: string;
}

let client: LspTestClient;
const applied: { label?: string; edits: LspEdit[] }[] = [];
const messages: string[] = [];
let version = 0;

before(async () => {
  client = await startLspClient();
  client.conn.onRequest('workspace/applyEdit', (p: { label?: string; edit: { documentChanges: { edits: LspEdit[] }[] } }) => {
    applied.push({ label: p.label, edits: p.edit.documentChanges.flatMap((c) => c.edits) });
    return { applied: true };
  });
  client.conn.onNotification('window/showMessage', (p: { message: string }) => messages.push(p.message));
});
after(() => client.stop());

function offsetOf(text: string, p: Pos): number {
  let o = 0;
  for (let l = 0; l < p.line; l++) o = text.indexOf('\n', o) + 1;
  return o + p.character;
}

function applyEdits(text: string, edits: LspEdit[]): string {
  const spans = edits.map((e) => ({ start: offsetOf(text, e.range.start), end: offsetOf(text, e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of spans) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** `@` marks the cursor (it stands for one space, so the table's columns stay as written). */
function cursor(marked: string): { text: string; position: Pos } {
  const at = marked.indexOf('@');
  const text = marked.replace('@', ' ');
  const before = text.slice(0, at);
  return { text, position: { line: before.split('\n').length - 1, character: at - before.lastIndexOf('\n') - 1 } };
}

const URI = 'file:///tables/guide.rst';

async function openText(text: string): Promise<void> {
  version++;
  if (version === 1) await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'restructuredtext', version, text } });
  else await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version }, contentChanges: [{ text }] });
  await client.diagnosticsFor(URI, version);
}

/** Runs a table command at the `@` and returns the document's text after it, the answer and any message. */
async function run(marked: string, op: string): Promise<{ text: string; answer: { applied: boolean; message?: string }; message?: string }> {
  const { text, position } = cursor(marked);
  await openText(text);
  applied.length = 0;
  messages.length = 0;
  const answer = (await client.conn.sendRequest('workspace/executeCommand', { command: 'haGuide.server.tableEdit', arguments: [{ uri: URI, position, op }] })) as { applied: boolean; message?: string };
  const after = applied.length ? applyEdits(text, applied[0].edits) : text;
  // The showMessage notification may arrive just after the answer.
  for (let i = 0; i < 50 && !answer.applied && !messages.length; i++) await new Promise((r) => setTimeout(r, 10));
  return { text: after, answer, message: messages[0] };
}

const lines = (...l: string[]) => l.join('\n') + '\n';

test('Format Table realigns a grid table with East Asian wide characters as two columns each', async () => {
  const before = lines('Intro.', '', '+---+------------+', '| 名前@| 説明       |', '+===+============+', '| a | 東京の拠点 |', '+---+------------+', '', 'After.');
  // The parser counts 名前 as four columns: this table is ragged (its lines differ in length) and is read from its `|`.
  const r = await run(before, 'format');
  assert.equal(r.answer.applied, true, r.message);
  assert.equal(
    r.text,
    lines('Intro.', '', '+------+------------+', '| 名前 | 説明       |', '+======+============+', '| a    | 東京の拠点 |', '+------+------------+', '', 'After.'),
  );
  // Formatting the result again changes nothing (idempotent).
  const again = await run(r.text.replace('| 名前 |', '| 名前@|'), 'format');
  assert.equal(again.answer.applied, true);
  assert.equal(again.text, r.text);
});

test('Format Table keeps merged cells (column and row spans) and their text', async () => {
  const before = lines(
    '+-----+-------------------+',
    '| a@  | b                 |',
    '+=====+=========+=========+',
    '| row | spans two columns |',
    '| two +---------+---------+',
    '| rows| x       | y       |',
    '+-----+---------+---------+',
  );
  const r = await run(before, 'format');
  assert.equal(r.answer.applied, true, r.message);
  assert.equal(
    r.text,
    lines(
      '+------+-------------------+',
      '| a    | b                 |',
      '+======+===================+',
      '| row  | spans two columns |',
      '| two  +---------+---------+',
      '| rows | x       | y       |',
      '+------+---------+---------+',
    ),
  );
});

test('a table the parser rejects is left unchanged, with a message saying why', async () => {
  // A row with a separator more than its borders have: neither the parser nor the ragged reading can read it.
  const before = lines('Intro.', '', '+-----+-----+', '| a@  | b   |', '+-----+-----+', '| c   | d | e |', '+-----+-----+', '');
  const r = await run(before, 'format');
  assert.equal(r.answer.applied, false);
  assert.equal(r.text, before.replace('@', ' '));
  assert.match(r.answer.message ?? '', /cannot be read, so it was not changed: Malformed table/);
  assert.match(r.message ?? '', /^HA Guide: This table cannot be read/);
  const nothing = await run(lines('Just text@here.'), 'format');
  assert.equal(nothing.answer.applied, false);
  assert.match(nothing.answer.message ?? '', /no grid table, simple table or list-table at the cursor/);
});

const simple = (mark: string) => lines('=====  =====', 'Name   Role', '=====  =====', 'api    serves the REST API', 'db     stores', '       the zones', '=====  =====').replace(mark, mark.replace(' ', '@'));
const SIMPLE = simple('Name ');

test('Format Table widens a simple table to its longest text', async () => {
  const r = await run(SIMPLE, 'format');
  assert.equal(r.text, lines('====  ===================', 'Name  Role', '====  ===================', 'api   serves the REST API', 'db    stores', '      the zones', '====  ==================='));
});

test('conversions between simple, grid and list-table keep every cell', async () => {
  const grid = await run(SIMPLE, 'toGrid');
  assert.equal(
    grid.text,
    lines(
      '+------+---------------------+',
      '| Name | Role                |',
      '+======+=====================+',
      '| api  | serves the REST API |',
      '+------+---------------------+',
      '| db   | stores              |',
      '|      | the zones           |',
      '+------+---------------------+',
    ),
  );
  const list = await run(SIMPLE, 'toList');
  assert.equal(list.text, lines('.. list-table::', '   :header-rows: 1', '', '   * - Name', '     - Role', '   * - api', '     - serves the REST API', '   * - db', '     - stores', '       the zones'));
  // And back: the list-table to a simple table gives the formatted simple table.
  const back = await run(list.text.replace('* - api', '* -@api'), 'toSimple');
  assert.equal(back.text, (await run(SIMPLE, 'format')).text);
  // A grid table with merged cells cannot become a simple table: unchanged, with a message.
  const merged = lines('+---+---+', '| a@| b |', '+---+---+', '| both  |', '+-------+');
  const refused = await run(merged, 'toSimple');
  assert.equal(refused.answer.applied, false);
  assert.equal(refused.text, merged.replace('@', ' '));
  assert.match(refused.message ?? '', /merged cells/);
});

test('add and remove a column or a row at the cursor', async () => {
  const t = lines('+----+----+', '| a  | b  |', '+====+====+', '| c  | d@ |', '+----+----+', '| e  | f  |', '+----+----+');
  assert.equal((await run(t, 'addColumn')).text, lines('+---+---+---+', '| a | b |   |', '+===+===+===+', '| c | d |   |', '+---+---+---+', '| e | f |   |', '+---+---+---+'));
  assert.equal((await run(t, 'addRow')).text, lines('+---+---+', '| a | b |', '+===+===+', '| c | d |', '+---+---+', '|   |   |', '+---+---+', '| e | f |', '+---+---+'));
  assert.equal((await run(t, 'removeColumn')).text, lines('+---+', '| a |', '+===+', '| c |', '+---+', '| e |', '+---+'));
  assert.equal((await run(t, 'removeRow')).text, lines('+---+---+', '| a | b |', '+===+===+', '| e | f |', '+---+---+'));
  // A simple table's new row has an empty first cell: written as docutils' empty comment.
  const s = await run(simple('api '), 'addRow');
  assert.equal(s.text, lines('====  ===================', 'Name  Role', '====  ===================', 'api   serves the REST API', '..', 'db    stores', '      the zones', '====  ==================='));
  const one = await run(lines('+---+', '| a@|', '+---+'), 'removeColumn');
  assert.equal(one.answer.applied, false);
  assert.match(one.message ?? '', /at least one column/);
});

test('on a table the light bulb offers the table refactorings; typing "|" realigns the table', async () => {
  const t = lines('+---+---+', '| a | b |', '+---+---+', '| ccc@| d |', '+---+---+');
  const { text, position } = cursor(t);
  await openText(text);
  const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range: { start: position, end: position }, context: { diagnostics: [] } })) as {
    title: string;
    kind: string;
  }[];
  assert.deepEqual(
    actions.filter((a) => a.kind === 'refactor.rewrite').map((a) => a.title),
    ['Format table', 'Convert to grid table', 'Convert to simple table', 'Convert to list-table', 'Add column', 'Add row', 'Remove column', 'Remove row'],
  );
  const edits = (await client.conn.sendRequest('textDocument/onTypeFormatting', { textDocument: { uri: URI }, position: { line: 3, character: 6 }, ch: '|', options: { tabSize: 4, insertSpaces: true } })) as LspEdit[];
  assert.equal(applyEdits(text, edits), lines('+-----+---+', '| a   | b |', '+-----+---+', '| ccc | d |', '+-----+---+'));
  // Outside a table: no refactorings, no edits.
  await openText('Just text.\n');
  const none = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range: { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, context: { diagnostics: [] } })) as unknown[];
  assert.deepEqual(none, []);
});
