import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
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
