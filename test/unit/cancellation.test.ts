import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import { startLspClient } from './lspClient';
import { Cancelled, NEVER_CANCELLED, sliced } from '../../server/src/common/cancel';
import { createLanguageService } from '../../server/src/languageService';

test('sliced work runs every item in order without a cancellation, and stops between slices with one', async () => {
  const seen: number[] = [];
  await sliced([1, 2, 3], NEVER_CANCELLED, (x) => void seen.push(x));
  assert.deepEqual(seen, [1, 2, 3]);
  // Cancelled from outside while it yields: the slices are 0 ms, so it yields after every item.
  const token = { isCancellationRequested: false };
  const done: number[] = [];
  setTimeout(() => (token.isCancellationRequested = true), 0);
  const items = Array.from({ length: 100000 }, (_, i) => i);
  await assert.rejects(sliced(items, token, (x) => void done.push(x), 0), (e: unknown) => e instanceof Cancelled && e.done === done.length && e.done < items.length && e.total === items.length);
  await assert.rejects(sliced(items, { isCancellationRequested: true }, () => assert.fail('no item after a cancellation')), Cancelled);
});

/**
 * The workspace-wide work of a references request (the entries of every document) checks its token between
 * documents: a token cancelled after the 50th look stops it there, deterministically; uncancelled, it reads all.
 */
test('the workspace preparation stops at the document where its token is found cancelled', async () => {
  const root = 'file:///w/docs/';
  const files = new Map<string, string>([[root + 'conf.py', "project = 'cancel'\n"]]);
  for (let i = 0; i < 500; i++) files.set(`${root}doc${i}.rst`, `.. _doc-${i}:\n\nDocument ${i}\n${'='.repeat(`Document ${i}`.length)}\n\nSee :ref:\`doc-${(i * 7 + 3) % 500}\`.\n`);
  const service = createLanguageService({ workspace: { exists: (u) => files.has(u), sourceDir: (u) => (u.startsWith(root) ? root : undefined), readFile: (u) => files.get(u) } });
  for (const [uri, text] of files) if (uri.endsWith('.rst')) service.index.set(uri, 0, text);
  let looks = 0;
  const token = {
    get isCancellationRequested() {
      return ++looks > 50;
    },
  };
  await assert.rejects(service.prepareWorkspace(token), (e: unknown) => e instanceof Cancelled && e.done === 50 && e.total === 500);
  await service.prepareWorkspace(NEVER_CANCELLED);
  const refs = service.references({ uri: root + 'doc3.rst', version: 0, getText: () => files.get(root + 'doc3.rst')! }, 4, true);
  assert.ok(refs.length >= 2, JSON.stringify(refs));
});

/**
 * Find All References in a workspace of 4,000 documents that all use one label, over the wire (reading their
 * entries takes a few hundred milliseconds here): the request is cancelled right after it is sent, so the `$/cancelRequest` reaches the server before the request has read every
 * document (before it starts, or at its first yield): it answers RequestCancelled and the server's log says where
 * it stopped. The same request, not cancelled, answers every use.
 */
test('a cancelled references request answers RequestCancelled before it has read the whole workspace', { timeout: 120000 }, async (t) => {
  const n = 4000;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-cancel-'));
  fs.writeFileSync(path.join(root, 'conf.py'), "project = 'cancel'\n");
  fs.writeFileSync(path.join(root, 'common.rst'), '.. _common:\n\nCommon\n======\n');
  for (let d = 0; d < n / 100; d++) {
    fs.mkdirSync(path.join(root, `part${d}`));
    for (let i = d * 100; i < (d + 1) * 100; i++) {
      const more = Array.from({ length: 20 }, (_, k) => `\nAlso :ref:\`doc-${(i * 31 + k) % n}\`, :doc:\`/part${k}/doc${k * 100}\` and *text*.\n`).join('');
      fs.writeFileSync(path.join(root, `part${d}`, `doc${i}.rst`), `.. _doc-${i}:\n\nDocument ${i}\n${'='.repeat(`Document ${i}`.length)}\n\nSee :ref:\`common\` and :ref:\`doc-${(i * 7919 + 13) % n}\`.\n${more}`);
    }
  }
  const logs: string[] = [];
  const client = await startLspClient(URI.file(root).toString());
  try {
    client.conn.onNotification('haGuide/log', (p: { message: string }) => void logs.push(p.message));
    client.conn.onRequest('workspace/configuration', () => [{ server: { logLevel: 'debug' } }]);
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const uri = URI.file(path.join(root, 'common.rst')).toString();
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text: '.. _common:\n\nCommon\n======\n' } });
    await client.diagnosticsFor(uri, 1, 60000);
    const params = { textDocument: { uri }, position: { line: 0, character: 5 }, context: { includeDeclaration: true } };
    // Wait until the first index is complete (a definition request waits for it), so the work below is the references'.
    await client.conn.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: 0, character: 5 } });
    const source = new CancellationTokenSource();
    const cancelled = client.conn.sendRequest('textDocument/references', params, source.token);
    source.cancel();
    await assert.rejects(cancelled, (e: unknown) => e instanceof ResponseError && e.code === -32800);
    // The log line comes before the answer on the same stream: it has arrived.
    const line = logs.find((l) => /^textDocument\/references cancelled/.test(l));
    assert.ok(line, `no cancellation in the log:\n${logs.slice(-5).join('\n')}`);
    t.diagnostic(line);
    const m = /while it worked: after (\d+) of (\d+) documents/.exec(line);
    if (m) {
      assert.equal(Number(m[2]), n + 1);
      assert.ok(Number(m[1]) < n + 1, line);
    } else assert.match(line, /cancelled before it started$/);
    // The positive control: the same request, not cancelled, answers every use and, in common.rst, the label and
    // the section title (an implicit target of the same name).
    const t0 = performance.now();
    const all = (await client.conn.sendRequest('textDocument/references', params)) as { uri: string }[];
    t.diagnostic(`uncancelled: ${(performance.now() - t0).toFixed(0)} ms`);
    assert.equal(all.filter((x) => /\/doc\d+\.rst$/.test(x.uri)).length, n);
    assert.deepEqual(all.filter((x) => !/\/doc\d+\.rst$/.test(x.uri)).map((x) => x.uri), [uri, uri]);
  } finally {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

/**
 * A request that waits (here for the first index, held back by the client's settings answer) while its document
 * is edited must not answer with its old position read in the new text: it answers ContentModified, which LSP
 * clients drop and ask again. Deterministic: the edit is sent, and so processed, before the settings answer that
 * lets the index, and with it the waiting requests, go on.
 */
test('requests that waited while their document changed answer ContentModified, not ranges of neither version', { timeout: 60000 }, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-modified-'));
  fs.writeFileSync(path.join(root, 'conf.py'), "project = 'modified'\n");
  let release!: (settings: object) => void;
  const client = await startLspClient(URI.file(root).toString(), new Promise<object>((r) => (release = r)));
  try {
    const uri = URI.file(path.join(root, 'guide.rst')).toString();
    const v1 = '.. _pool:\n\nPool\n====\n\nSee :ref:`pool` and :ref:`pool`.\n';
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text: v1 } });
    const at = { textDocument: { uri }, position: { line: 5, character: 12 } };
    const waiting = {
      references: client.conn.sendRequest('textDocument/references', { ...at, context: { includeDeclaration: true } }),
      definition: client.conn.sendRequest('textDocument/definition', at),
      hover: client.conn.sendRequest('textDocument/hover', at),
      prepareRename: client.conn.sendRequest('textDocument/prepareRename', at),
      rename: client.conn.sendRequest('textDocument/rename', { ...at, newName: 'pools' }),
      codeAction: client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: at.position, end: at.position }, context: { diagnostics: [] } }),
    };
    // Lines 0-4 shrink to one: line 5 (the old `:ref:` line) is now past the end of the document.
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } }, text: '.. _pool:\n' }],
    });
    release({});
    const answers = await Promise.allSettled(Object.values(waiting));
    Object.keys(waiting).forEach((method, i) => {
      const a = answers[i];
      assert.ok(a.status === 'rejected' && a.reason instanceof ResponseError && a.reason.code === -32801 && /changed while the request waited/.test(a.reason.message), `${method}: ${JSON.stringify(a)}`);
    });
    // The positive control: asked again at version 2, the references are the label and the two uses on line 1.
    const again = (await client.conn.sendRequest('textDocument/references', { textDocument: { uri }, position: { line: 1, character: 12 }, context: { includeDeclaration: true } })) as { range: { start: { line: number; character: number } } }[];
    assert.deepEqual(again.map((l) => [l.range.start.line, l.range.start.character]).sort(), [[0, 4], [1, 10], [1, 26]].sort());
  } finally {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
