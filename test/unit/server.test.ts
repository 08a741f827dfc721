import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { startLspClient, type LspTestClient, type Published } from './lspClient';

/** The real language server (dist/server.js) over stdio, as any LSP client drives it. */
const ROOT = path.resolve(__dirname, '../../..');
const seed = fs.readFileSync(path.join(ROOT, 'examples/ha.rst'), 'utf8');

let client: LspTestClient;
let conn: MessageConnection;
let published: Published[];

before(async () => {
  client = await startLspClient();
  conn = client.conn;
  published = client.published;
});

after(() => client.stop());

const diagnosticsFor = (uri: string, version?: number, ms?: number) => client.diagnosticsFor(uri, version, ms);

test('the seed guide gets an empty diagnostics list', async () => {
  const uri = 'file:///work/ha.rst';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text: seed } });
  const p = await diagnosticsFor(uri, 1);
  assert.deepEqual(p.diagnostics, []);
});

test('a short underline is reported at its line, and an incremental fix clears it', async () => {
  const uri = 'file:///work/short.rst';
  // A copy with its own label (the same label in two files is a duplicate-label warning of its own).
  const text = seed.replace('.. _ha:', '.. _ha-copy:').replace('designate-api\n=============', 'designate-api\n========');
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text } });
  const p = await diagnosticsFor(uri, 1);
  assert.deepEqual(
    p.diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character, d.range.end.character, d.message, d.source]),
    [['rst.title-underline-too-short', 2, 13, 0, 8, 'Title underline too short.', 'rst']],
  );
  // Type the five missing "=" at the end of line 14 (0-based 13), as an incremental change.
  await conn.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 13, character: 8 }, end: { line: 13, character: 8 } }, text: '=====' }],
  });
  const fixed = await diagnosticsFor(uri, 2);
  assert.deepEqual(fixed.diagnostics, []);
});

test('closing a document clears its diagnostics', async () => {
  const uri = 'file:///work/closing.rst';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text: '.. grapviz::\n' } });
  const p = await diagnosticsFor(uri, 1);
  assert.equal(p.diagnostics[0].code, 'rst.unknown-directive');
  const before = published.length;
  await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  const end = Date.now() + 10000;
  while (!published.slice(before).some((x) => x.uri === uri && x.diagnostics.length === 0)) {
    if (Date.now() > end) throw new Error('diagnostics not cleared');
    await new Promise((r) => setTimeout(r, 20));
  }
});

test('the server survives a pathological document and keeps answering', async () => {
  const uri = 'file:///work/patho.rst';
  const text = '`' + Array(50000).fill('w').join('\n') + '\n' + Array(20000).fill('=====').join('\n');
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text } });
  await diagnosticsFor(uri, 1, 30000);
  const uri2 = 'file:///work/after.rst';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri2, languageId: 'restructuredtext', version: 1, text: 'Fine\n====\n' } });
  assert.deepEqual((await diagnosticsFor(uri2, 1)).diagnostics, []);
});

test('a .dot document gets DOT diagnostics from the parser and from Graphviz', async () => {
  const uri = 'file:///work/diagram.dot';
  await conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'dot', version: 1, text: 'digraph G {\n  a -> b [colr=red];\n  rankdir=XY;\n}\n' },
  });
  const p = await diagnosticsFor(uri, 1, 20000);
  assert.deepEqual(
    p.diagnostics.map((d) => [d.code, d.range.start.line]),
    [
      ['dot.unknown-attribute', 1],
      ['dot.invalid-value', 2],
    ],
  );
});
