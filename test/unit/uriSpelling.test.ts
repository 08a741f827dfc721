import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { URI } from 'vscode-uri';
import { startLspClient } from './lspClient';

/**
 * VS Code names a file `a+b.rst` as `file:///…/a%2Bb.rst`. The server must know it under that one name, whether
 * it came from the editor (didOpen) or from the walk of the folder: one definition, not one per spelling.
 */
test('a file whose name has + and @ is one document: opened in the editor and found on disk under the same URI', { timeout: 60000 }, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-uri-'));
  const src = path.join(root, 'doc/source');
  fs.mkdirSync(src, { recursive: true });
  fs.writeFileSync(path.join(src, 'conf.py'), "project = 'x'\n");
  const index = 'Index\n=====\n\n.. toctree::\n\n   a+b\n   x@y\n\nSee :doc:`a+b` and :ref:`lbl`.\n';
  fs.writeFileSync(path.join(src, 'index.rst'), index);
  fs.writeFileSync(path.join(src, 'a+b.rst'), '.. _lbl:\n\nAB\n==\n\ntext\n');
  fs.writeFileSync(path.join(src, 'x@y.rst'), 'XY\n==\n\ntext\n');
  const uri = (p: string) => URI.file(path.join(src, p)).toString();
  const client = await startLspClient(URI.file(root).toString());
  try {
    for (const p of ['a+b.rst', 'index.rst']) {
      const text = fs.readFileSync(path.join(src, p), 'utf8');
      await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(p), languageId: 'restructuredtext', version: 1, text } });
    }
    const pub = await client.diagnosticsFor(uri('index.rst'), 1, 30000);
    assert.deepEqual(pub.diagnostics.map((d) => d.code), []);
    const line = index.split('\n').findIndex((l) => l.startsWith('See'));
    const at = (needle: string) => ({ line, character: index.split('\n')[line].indexOf(needle) + 1 });
    const doc = (await client.conn.sendRequest('textDocument/definition', { textDocument: { uri: uri('index.rst') }, position: at('a+b`') })) as { uri: string }[];
    assert.deepEqual(doc.map((d) => d.uri), [uri('a+b.rst')]);
    const ref = (await client.conn.sendRequest('textDocument/definition', { textDocument: { uri: uri('index.rst') }, position: at('lbl') })) as { uri: string }[];
    assert.deepEqual(ref.map((d) => d.uri), [uri('a+b.rst')], 'the label is found once, in the open document');
  } finally {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

/**
 * Other clients (Neovim, Helix, scripts using Node's `pathToFileURL`) spell the same file `a+b.rst` and `x@y.rst`
 * raw. The server takes them as the same files it found on disk (no label duplicated by a second copy), and
 * answers in the client's own spelling: diagnostics, definitions and rename edits name the documents as the
 * client opened them. The control: a file the client never spelled is answered in VS Code's spelling.
 */
test('a client spelling + and @ raw gets one document per file and answers in its own spelling', { timeout: 60000 }, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-uri-raw-'));
  fs.writeFileSync(path.join(root, 'conf.py'), "project = 'x'\n");
  const index = 'Index\n=====\n\n.. toctree::\n\n   a+b\n   x@y\n\nSee :ref:`lbl` and :ref:`other`.\n';
  fs.writeFileSync(path.join(root, 'index.rst'), index);
  const ab = '.. _lbl:\n\nAB\n==\n\ntext\n';
  fs.writeFileSync(path.join(root, 'a+b.rst'), ab);
  fs.writeFileSync(path.join(root, 'x@y.rst'), '.. _other:\n\nXY\n==\n\ntext\n');
  const raw = (p: string) => pathToFileURL(path.join(root, p)).href;
  const canonical = (p: string) => URI.file(path.join(root, p)).toString();
  assert.notEqual(raw('a+b.rst'), canonical('a+b.rst'), 'the two spellings differ');
  const client = await startLspClient(pathToFileURL(root).href);
  try {
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: raw('a+b.rst'), languageId: 'restructuredtext', version: 1, text: ab } });
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: raw('index.rst'), languageId: 'restructuredtext', version: 1, text: index } });
    const pub = await client.diagnosticsFor(raw('a+b.rst'), 1, 30000);
    assert.deepEqual(pub.diagnostics.map((d) => `${d.code}: ${d.message}`), [], 'no duplicate of its own label');
    assert.ok(!client.published.some((p) => p.uri === canonical('a+b.rst')), 'no diagnostics under the other spelling');
    const line = index.split('\n').findIndex((l) => l.startsWith('See'));
    const at = (needle: string) => ({ line, character: index.split('\n')[line].indexOf(needle) + 1 });
    const lbl = (await client.conn.sendRequest('textDocument/definition', { textDocument: { uri: raw('index.rst') }, position: at('lbl') })) as { uri: string }[];
    assert.deepEqual(lbl.map((d) => d.uri), [raw('a+b.rst')]);
    const other = (await client.conn.sendRequest('textDocument/definition', { textDocument: { uri: raw('index.rst') }, position: at('other') })) as { uri: string }[];
    assert.deepEqual(other.map((d) => d.uri), [canonical('x@y.rst')], 'a file the client never named: VS Code spelling');
    const edit = (await client.conn.sendRequest('textDocument/rename', { textDocument: { uri: raw('index.rst') }, position: at('lbl'), newName: 'renamed' })) as { changes: Record<string, unknown[]> };
    assert.deepEqual(Object.keys(edit.changes).sort(), [raw('a+b.rst'), raw('index.rst')].sort());
  } finally {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
