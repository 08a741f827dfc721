import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startLspClient } from './lspClient';

/**
 * Diagnostics come in two phases: the RST and DOT checks at once, Graphviz's verdict when its layout ends.
 * A diagram too big to lay out within the (lowered) timeout makes the second phase late by construction: the
 * first publish must already hold the RST problem, without the timeout, and a later publish of the same
 * version adds Graphviz's verdict. The same with the default timeout and a 5,000-node diagram (stopped by the timeout or
 * the memory limit, whichever comes first).
 */
function bigDiagram(nodes: number, edges: number): string {
  const lines = ['.. graphviz::', '', '   digraph big {'];
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < edges; i++) lines.push(`      n${Math.floor(rand() * nodes)} -> n${Math.floor(rand() * nodes)};`);
  lines.push('   }', '');
  return lines.join('\n');
}

test('the RST problem is published before the layout ends; Graphviz\'s verdict (the lowered timeout, or the memory limit when it comes first) follows for the same version', { timeout: 120000 }, async () => {
  const client = await startLspClient();
  try {
    client.conn.onRequest('workspace/configuration', () => [{ graphviz: { timeoutMs: 100 } }]);
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const uri = 'file:///phased/big.rst';
    const text = 'Title\n====\n\n' + bigDiagram(3000, 10000);
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text } });
    const first = await client.diagnosticsFor(uri, 1, 60000);
    const firstIndex = client.published.indexOf(first);
    const firstPublish = client.published.find((p) => p.uri === uri && p.version === 1)!;
    assert.deepEqual(firstPublish.diagnostics.map((d) => d.code), ['rst.title-underline-too-short']);
    // The second phase: the same version, now with Graphviz's verdict.
    // The timer of the 100 ms timeout runs on the server's main thread, which is busy with the DOT checks of
    // the 10,000 edges meanwhile; the worker's 128 MB ceiling can stop the layout first. Either is the verdict.
    const verdict = (p: (typeof client.published)[number]) => p.diagnostics.some((d) => d.code === 'dot.layout-timeout' || d.code === 'dot.layout-too-large');
    for (let i = 0; i < 600 && !client.published.some((p) => p.uri === uri && p.version === 1 && verdict(p)); i++) {
      await client.nextPublish(100);
    }
    const second = client.published.find((p) => p.uri === uri && p.version === 1 && verdict(p));
    assert.ok(second, `no layout verdict after the first publish (#${firstIndex})`);
    const codes = second.diagnostics.map((d) => d.code).sort();
    assert.equal(codes.length, 2, codes.join(', '));
    assert.ok(codes[0] === 'dot.layout-timeout' || codes[0] === 'dot.layout-too-large', codes.join(', '));
    assert.equal(codes[1], 'rst.title-underline-too-short');
    assert.ok(client.published.indexOf(second) > client.published.indexOf(firstPublish));
  } finally {
    await client.stop();
  }
});

test('with the default timeout, a 5,000-node diagram: the RST problem is published first, Graphviz\'s verdict later for the same version', { timeout: 180000 }, async () => {
  const client = await startLspClient();
  try {
    const uri = 'file:///phased/big5000.rst';
    const text = 'Title\n====\n\n' + bigDiagram(5000, 12000);
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text } });
    const verdict = (p: (typeof client.published)[number]) => p.diagnostics.some((d) => d.code === 'dot.layout-timeout' || d.code === 'dot.layout-too-large');
    for (let i = 0; i < 1200 && !client.published.some((p) => p.uri === uri && p.version === 1 && verdict(p)); i++) await client.nextPublish(100);
    const ours = client.published.filter((p) => p.uri === uri && p.version === 1);
    const second = ours.findIndex(verdict);
    assert.ok(second > 0, `the layout's verdict came, after a first publish (${ours.map((p) => p.diagnostics.map((d) => d.code).join('+')).join(' | ')})`);
    // Every publish before the layout ended holds the RST problem and nothing of Graphviz.
    for (const p of ours.slice(0, second)) assert.deepEqual(p.diagnostics.map((d) => d.code), ['rst.title-underline-too-short']);
    const codes = ours[second].diagnostics.map((d) => d.code).sort();
    assert.equal(codes.length, 2);
    assert.equal(codes[1], 'rst.title-underline-too-short');
    assert.match(codes[0], /^dot\.layout-(timeout|too-large)$/);
  } finally {
    await client.stop();
  }
});
