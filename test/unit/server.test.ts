import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

/**
 * The real language server (dist/server.js) over stdio, driven by a JSON-RPC client the way any LSP
 * client (Neovim, Helix, Emacs) drives it.
 */
const ROOT = path.resolve(__dirname, '../../..');
const seed = fs.readFileSync(path.join(ROOT, 'examples/ha.rst'), 'utf8');

interface Published {
  uri: string;
  version?: number;
  diagnostics: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; code: string; severity: number; message: string; source: string }[];
}

let server: ChildProcess;
let conn: MessageConnection;
const published: Published[] = [];
const waiters: (() => void)[] = [];

before(async () => {
  server = spawn(process.execPath, [path.join(ROOT, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  conn = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  conn.onNotification('textDocument/publishDiagnostics', (p: Published) => {
    published.push(p);
    for (const w of waiters.splice(0)) w();
  });
  conn.onRequest('workspace/configuration', () => [{}]);
  conn.onRequest('client/registerCapability', () => null);
  conn.onNotification('haGuide/log', () => undefined);
  conn.listen();
  const init = await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
  assert.equal((init as { serverInfo: { name: string } }).serverInfo.name, 'HA Guide Studio');
  await conn.sendNotification('initialized', {});
});

after(async () => {
  await conn.sendRequest('shutdown').catch(() => undefined);
  await conn.sendNotification('exit').catch(() => undefined);
  conn.dispose();
  server.kill();
});

/** Waits until diagnostics for `uri` (and `version`, when given) arrive. */
async function diagnosticsFor(uri: string, version?: number, ms = 10000): Promise<Published> {
  const end = Date.now() + ms;
  for (;;) {
    const hit = [...published].reverse().find((p) => p.uri === uri && (version === undefined || p.version === version));
    if (hit) return hit;
    if (Date.now() > end) throw new Error(`no diagnostics for ${uri} v${version}`);
    await new Promise<void>((r) => {
      waiters.push(r);
      setTimeout(r, 200);
    });
  }
}

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
