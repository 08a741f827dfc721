import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { renderDocument, renderDocumentInParts } from '../../server/src/render/render';
import { RstPreviewRenderer } from '../../server/src/render/renderPreview';
import { GraphvizService } from '../../server/src/graphviz/service';
import { createLanguageService } from '../../server/src/languageService';
import { startLspClient } from './lspClient';

/**
 * The preview of huge documents: the seed guide repeated thousands of times (thousands of diagrams). The
 * render works in slices (the server answers other requests in between), each distinct diagram is laid out
 * once, layouts go to Graphviz a bounded number at a time, and a newer render drops the older one's queue.
 * Everything real: the language service, wasm Graphviz in its worker, the server over stdio.
 */
const ROOT = path.resolve(__dirname, '../../..');
const SEED = fs.readFileSync(path.resolve(ROOT, '../shared/corpus/seed/ha.rst'), 'utf8');
const services: GraphvizService[] = [];
after(() => {
  for (const s of services) s.dispose();
});
function graphviz(): GraphvizService {
  const g = new GraphvizService();
  services.push(g);
  return g;
}
const service = createLanguageService();
let version = 0;
const parse = (text: string, uri: string) => service.parse({ uri, version: ++version, getText: () => text });
const repeat = (n: number) => Array(n).fill(SEED).join('\n\n');

test('the HTML in parts is the HTML in one piece', () => {
  const doc = parse(repeat(20), 'file:///huge/parts.rst');
  const whole = renderDocument(doc, { uri: 'file:///huge/parts.rst' });
  const parts = renderDocumentInParts(doc, { uri: 'file:///huge/parts.rst' }, 1000);
  let steps = 0;
  let r = parts.next();
  while (!r.done) {
    steps++;
    r = parts.next();
  }
  assert.ok(steps > 20, `${steps} steps`);
  assert.deepEqual(r.value, whole);
});

test('20 MB of the seed guide (16,800 diagrams): all of it renders, six layouts, never more than two in flight', { timeout: 600000 }, async (t) => {
  const uri = 'file:///huge/guide.rst';
  const text = repeat(2800);
  assert.ok(text.length > 20_000_000);
  const doc = parse(text, uri);
  const renderer = new RstPreviewRenderer({ graphviz: graphviz() });
  // Answer without waiting for layouts: those not done by the time the HTML is (if any) say so on the page.
  const first = await renderer.render(doc, { uri, waitMs: 0 });
  assert.equal(first.errors, 0);
  // The whole document is there, down to its last line.
  const lastParagraph = [...doc.blocks].reverse().find((b) => b.kind === 'paragraph')!;
  assert.ok(lastParagraph.line > doc.lines.length - 10 && first.html.includes(` data-line="${lastParagraph.line}"`));
  assert.equal((first.html.match(/class="hg-diagram[ "]/g) ?? []).length, 16800);
  assert.equal((first.html.match(/Not laid out yet\./g) ?? []).length, first.pending);
  // Asked again (as the preview does while diagrams are pending), until every diagram is drawn.
  let last = first;
  for (let i = 0; i < 20 && last.pending > 0; i++) last = await renderer.render(doc, { uri, waitMs: 5000 });
  assert.equal(last.pending, 0);
  assert.equal(last.errors, 0);
  assert.equal(Object.keys(last.diagrams).length, 6, 'six distinct drawings for 16,800 diagrams');
  assert.equal((last.html.match(/class="hg-diagram[ "]/g) ?? []).length, 16800);
  const stats = renderer.layoutStats();
  t.diagnostic(`layouts: ${JSON.stringify(stats)}`);
  assert.ok(stats.maxInFlight <= 2, `at most two layouts in flight (${stats.maxInFlight})`);
  assert.equal(stats.inFlight, 0);
  assert.equal(stats.queued, 0);
  // One layout per distinct text per render at most: 6 per render, never one per diagram.
  assert.ok(stats.started <= 6 * 21, `${stats.started} layouts started`);
});

test('a newer render of a document drops the layouts its older render still had queued', { timeout: 120000 }, async () => {
  const uri = 'file:///huge/typing.rst';
  const diagrams = (tag: string) =>
    Array.from({ length: 40 }, (_, i) => `Part ${i}\n${'='.repeat(`Part ${i}`.length)}\n\n.. graphviz::\n\n   digraph { ${tag}${i} -> b${i} }\n`).join('\n');
  const renderer = new RstPreviewRenderer({ graphviz: graphviz() });
  const older = renderer.render(parse(diagrams('a'), uri), { uri });
  // Wait until the older render has handed out or queued all of its 40 layouts.
  while (renderer.layoutStats().started + renderer.layoutStats().queued < 40) await new Promise((r) => setImmediate(r));
  const queued = renderer.layoutStats().queued;
  assert.ok(queued > 0 && renderer.layoutStats().inFlight <= 2);
  const newer = renderer.render(parse(diagrams('b'), uri), { uri });
  assert.equal(renderer.layoutStats().cancelled, queued, 'the older render\'s queue is dropped');
  const a = await older;
  assert.equal(a.pending, queued, 'the older render shows the dropped diagrams as not laid out');
  assert.equal((a.html.match(/Not laid out yet\./g) ?? []).length, queued);
  const b = await newer;
  assert.equal(b.pending, 0);
  assert.equal(Object.keys(b.diagrams).length, 40);
  assert.ok(renderer.layoutStats().maxInFlight <= 2);
});

test('the server answers hovers while it renders the preview of a huge document', { timeout: 600000 }, async (t) => {
  const client = await startLspClient();
  try {
    const uri = 'file:///huge/served.rst';
    // Long enough that the render yields many times over (with 1,000 copies, 5 or 6 hovers came through on a
    // quiet machine, and 4 once beside the other tests: too close to the bar below).
    const copies = 2000;
    const text = repeat(copies);
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text } });
    await client.diagnosticsFor(uri, 1, 300000);
    const events: string[] = [];
    let previewDone = false;
    const preview = (client.conn.sendRequest('haGuide/preview', { uri, waitMs: 0 }) as Promise<{ pending: number; html: string }>).then((r) => {
      events.push('preview');
      previewDone = true;
      return r;
    });
    // Hovers one after another (each sent when the previous one is answered), and a completion, while the
    // preview renders: a render that held the server would let at most one of them through before it.
    const line = text.split('\n').findIndex((l) => l.startsWith('.. graphviz::'));
    let hovers = 0;
    while (!previewDone && hovers < 1000) {
      await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 5 } });
      if (!previewDone) events.push('hover');
      hovers++;
    }
    const completion = client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } }).then(() => events.push('completion'));
    const rendered = await preview;
    await completion;
    const before = events.indexOf('preview');
    t.diagnostic(`${before} hovers answered before the preview`);
    assert.ok(before >= 5, `hovers answered before the preview: ${before} (${events.slice(0, 10).join(', ')})`);
    // Every diagram is on the page: drawn (the diagnostics may have laid them out already) or saying it is not yet.
    assert.equal((rendered.html.match(/class="hg-diagram[ "]/g) ?? []).length, 6 * copies);
    assert.equal((rendered.html.match(/Not laid out yet\./g) ?? []).length, rendered.pending);
  } finally {
    await client.stop();
  }
});
