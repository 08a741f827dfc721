import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import { startLspClient } from './lspClient';
import { Cancelled, NEVER_CANCELLED, sliced } from '../../server/src/common/cancel';

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
 * Find All References in a workspace of 4,000 documents that all use one label: the first request builds the
 * entries of every document (the expensive part); cancelled right after it is sent, it answers RequestCancelled
 * and stops part of the way through, which the server's log says; uncancelled, it answers every use.
 */
test('a cancelled references request stops its work part of the way through the workspace and answers RequestCancelled', { timeout: 120000 }, async () => {
  const n = 4000;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-cancel-'));
  fs.writeFileSync(path.join(root, 'conf.py'), "project = 'cancel'\n");
  fs.writeFileSync(path.join(root, 'common.rst'), '.. _common:\n\nCommon\n======\n');
  for (let d = 0; d < n / 100; d++) {
    fs.mkdirSync(path.join(root, `part${d}`));
    for (let i = d * 100; i < (d + 1) * 100; i++) {
      fs.writeFileSync(path.join(root, `part${d}`, `doc${i}.rst`), `.. _doc-${i}:\n\nDocument ${i}\n${'='.repeat(`Document ${i}`.length)}\n\nSee :ref:\`common\` and :ref:\`doc-${(i * 7919 + 13) % n}\`.\n`);
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
    // Cancelled once the server says it has started reading the documents (it yields every few milliseconds).
    const source = new CancellationTokenSource();
    const cancelled = client.conn.sendRequest('textDocument/references', params, source.token);
    for (let i = 0; i < 600 && !logs.some((l) => l.startsWith('textDocument/references: reading')); i++) await new Promise((r) => setTimeout(r, 1));
    source.cancel();
    await assert.rejects(cancelled, (e: unknown) => e instanceof ResponseError && e.code === -32800);
    const line = logs.find((l) => /^textDocument\/references cancelled/.test(l));
    assert.ok(line, `no cancellation in the log:\n${logs.slice(-5).join('\n')}`);
    const m = /while it worked: after (\d+) of (\d+) documents/.exec(line);
    assert.ok(m, line);
    assert.equal(Number(m[2]), n + 1);
    assert.ok(Number(m[1]) < n + 1, line);
    // The positive control: the same request, not cancelled, answers every use and, in common.rst, the label and
    // the section title (an implicit target of the same name).
    const all = (await client.conn.sendRequest('textDocument/references', params)) as { uri: string }[];
    assert.equal(all.filter((x) => /\/doc\d+\.rst$/.test(x.uri)).length, n);
    assert.deepEqual(all.filter((x) => !/\/doc\d+\.rst$/.test(x.uri)).map((x) => x.uri), [uri, uri]);
  } finally {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
