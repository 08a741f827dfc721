import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import { checkDotSourceWithLayout } from '../../server/src/dot/check';
import { layoutProblems } from '../../server/src/dot/graphvizErrors';
import { dotFileSource, embeddedSource } from '../../server/src/dot/source';
import { GraphvizService } from '../../server/src/graphviz/service';
import { buildLines } from '../../server/src/rst/lines';

/**
 * The real wasm Graphviz in its real worker thread (out/server/src/graphviz/worker.js): layouts, the
 * cache, timeouts and restarts, and Graphviz's errors mapped to RST positions.
 */
const services: GraphvizService[] = [];
function service(timeoutMs = 5000, memoryLimitMb?: number): GraphvizService {
  const s = new GraphvizService({ timeoutMs: () => timeoutMs, memoryLimitMb });
  services.push(s);
  return s;
}
after(() => {
  for (const s of services) s.dispose();
});

/** A diagram that takes wasm Graphviz far longer than a second, and soon more than a gigabyte of memory. */
function bigDiagram(n = 5000): string {
  return 'digraph {' + Array.from({ length: n }, (_, i) => `n${i} -> n${(i * 7) % n}; n${i} -> n${(i * 13 + 1) % n};`).join('\n') + '}';
}

/**
 * A slow job in little memory: crossing minimisation on a dense graph of 150 nodes keeps wasm Graphviz busy for
 * more than 30 seconds under the default 128 MB limit, so only a timer, a restart or a dispose ends it (the
 * 5,000-node diagram above reaches a gigabyte in under a second on a fast machine, racing any timer).
 */
function slowDiagram(): string {
  return 'digraph {' + Array.from({ length: 150 }, (_, i) => Array.from({ length: 10 }, (_, j) => `n${i} -> n${(i * (j + 7) + j * 31 + 1) % 150};`).join(' ')).join('\n') + '}';
}

test('lays out a diagram, and a second request for the same text is a cache hit', { timeout: 30000 }, async () => {
  const gv = service();
  const r = await gv.layout('digraph { a -> b }', 'dot');
  assert.equal(r.status, 'ok');
  assert.match(r.svg ?? '', /<svg[\s\S]*<title>a&#45;&gt;b<\/title>/);
  // A hit is answered without the worker: the same result, no new layout, and before anything the event
  // loop would deliver (a worker's answer, or even setImmediate).
  const order: string[] = [];
  const immediate = new Promise<void>((resolve) => setImmediate(() => resolve(void order.push('setImmediate'))));
  const again = await gv.layout('digraph { a -> b }', 'dot').then((x) => (order.push('hit'), x));
  await immediate;
  assert.equal(again, r);
  assert.deepEqual(order, ['hit', 'setImmediate']);
  assert.deepEqual(gv.stats(), { layouts: 1, cacheHits: 1, timeouts: 0, crashes: 0, workersStarted: 1, superseded: 0, tooLarge: 0 });
  // Another engine is another layout.
  const neato = await gv.layout('digraph { a -> b }', 'neato');
  assert.equal(neato.status, 'ok');
  assert.notEqual(neato.svg, r.svg);
  assert.equal(gv.stats().layouts, 2);
});

test('identical requests in flight share one layout', { timeout: 30000 }, async () => {
  const gv = service();
  const [a, b] = await Promise.all([gv.layout('digraph { x -> y -> z }', 'dot'), gv.layout('digraph { x -> y -> z }', 'dot')]);
  assert.equal(a, b);
  assert.equal(gv.stats().layouts, 1);
});

test('Graphviz errors: syntax error with near, unknown engine, HTML label', { timeout: 30000 }, async () => {
  const gv = service();
  const bad = await gv.layout('digraph {\n a -> b\n c -- d\n}', 'dot');
  assert.equal(bad.status, 'error');
  assert.match(bad.error ?? '', /syntax error in line 3 near '--'/);
  const engine = await gv.layout('digraph { a }', 'nosuchengine');
  assert.equal(engine.status, 'error');
  const html = await gv.layout('digraph { a [label=<<b>x</i>>] }', 'dot');
  assert.equal(html.status, 'ok', 'Graphviz still draws the node');
  assert.match(html.error ?? '', /in label of node a/);
  // The instance keeps working after errors.
  assert.equal((await gv.layout('digraph { after -> errors }', 'dot')).status, 'ok');
});

test("sfdp's overlap removal, which this build of Graphviz lacks (no triangulation library), is no error of the diagram: it is drawn, and logged", { timeout: 30000 }, async () => {
  const gv = service();
  const sfdp = await gv.layout('graph { a -- b; b -- c; c -- a }', 'sfdp');
  assert.equal(sfdp.status, 'ok');
  assert.match(sfdp.svg ?? '', /<svg/);
  assert.equal(sfdp.error, undefined, "Graphviz's own limit is not the diagram's error");
  const neato = await gv.layout('graph { overlap=false; a -- b; b -- c; c -- a }', 'neato');
  assert.equal(neato.status, 'ok');
  assert.equal(neato.error, undefined);
  // A real error beside it is still reported.
  assert.equal((await gv.layout('graph { a -- b', 'sfdp')).status, 'error');
});

test('a Graphviz syntax error lands on the RST line and the near token', { timeout: 30000 }, async () => {
  const gv = service();
  const rst = 'Intro.\n\n.. graphviz::\n\n   digraph {\n     a -> b\n     c -- d\n   }\n';
  const lines = buildLines(rst);
  const src = embeddedSource(rst, lines, { firstLine: 4, lastLine: 7, indent: 3 }, { start: 3, end: 11 });
  const result = await gv.layout(src.graphvizText, 'dot');
  // Without our own findings, Graphviz's error is reported at the token it names.
  const ps = layoutProblems(src, result, undefined, []);
  assert.equal(ps.length, 1);
  assert.equal(ps[0].code, 'dot.graphviz-error');
  assert.equal(rst.slice(ps[0].start, ps[0].end), '--');
  assert.equal(ps[0].start, rst.indexOf('c -- d') + 2);
  // With them (our parser flags the same "--" exactly), it is not repeated.
  const all = await checkDotSourceWithLayout(src, { graphviz: gv, engine: 'dot' });
  assert.deepEqual(
    all.problems.map((p) => [p.code, rst.slice(p.start, p.end)]),
    [['dot.edge-op-mismatch', '--']],
  );
});

test('an HTML-label error is reported at the label', { timeout: 30000 }, async () => {
  const gv = service();
  const dot = 'digraph G {\n  ok [label=<<b>fine</b>>]\n  a -> b [label=<<i>x</b>>]\n}';
  const r = await checkDotSourceWithLayout(dotFileSource(dot), { graphviz: gv, engine: 'dot' });
  assert.deepEqual(
    r.problems.map((p) => [p.code, dot.slice(p.start, p.end)]),
    [['dot.html-label', '<<i>x</b>>']],
  );
  assert.match(r.problems[0].message, /edge "a -> b"/);
});

test('a layout over the timeout ends its worker; the next diagram renders and the event loop stays free', { timeout: 60000 }, async (t) => {
  // A slow diagram that stays far below the default memory limit: this test is about the timer.
  const gv = service(700);
  const big = slowDiagram();
  // The event loop ticks every 10 ms while the worker lays out: its longest pause must be a small part of
  // the wait (a layout on the main thread would be one pause as long as the whole wait).
  let maxGap = 0;
  let ticks = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    ticks++;
  }, 10);
  const t0 = performance.now();
  const slow = await gv.layout(big, 'dot');
  const ms = performance.now() - t0;
  clearInterval(ticker);
  t.diagnostic(`timed out after ${ms.toFixed(0)} ms; the event loop ticked ${ticks} times, its longest pause ${maxGap.toFixed(0)} ms`);
  assert.equal(slow.status, 'timeout');
  assert.equal(slow.timeoutMs, 700);
  // Ended by the timer, not by an answer or a crash of the worker.
  assert.deepEqual(gv.stats(), { layouts: 0, cacheHits: 0, timeouts: 1, crashes: 0, workersStarted: 1, superseded: 0, tooLarge: 0 });
  assert.ok(maxGap < ms / 4, `the main thread was blocked for ${maxGap.toFixed(0)} ms of the ${ms.toFixed(0)} ms the layout was given`);
  const next = await gv.layout('digraph { still -> works }', 'dot');
  assert.equal(next.status, 'ok');
  assert.deepEqual(gv.stats(), { layouts: 1, cacheHits: 0, timeouts: 1, crashes: 0, workersStarted: 2, superseded: 0, tooLarge: 0 });
  // The timeout is cached for the same text and limit: the same result, no second layout, no new worker.
  assert.equal(await gv.layout(big, 'dot'), slow);
  assert.deepEqual(gv.stats(), { layouts: 1, cacheHits: 1, timeouts: 1, crashes: 0, workersStarted: 2, superseded: 0, tooLarge: 0 });
  // And the diagnostic says so, on the directive name.
  const ps = layoutProblems(dotFileSource('digraph {}'), slow, undefined, []);
  assert.equal(ps[0].code, 'dot.layout-timeout');
  assert.match(ps[0].message, /within 0\.7 s/);
});

test("a layout whose time ran out while the process had little CPU (a busy machine) gets its time again, twice at most, then times out", { timeout: 60000 }, async () => {
  const logs: string[] = [];
  const log = (m: string) => logs.push(m);
  // A process that never gets the CPU: the layout's clock is the machine's, not the diagram's.
  const starved = new GraphvizService({ timeoutMs: () => 300, cpuMs: () => 0, logger: { debug: () => undefined, info: log, warn: log, error: log } });
  services.push(starved);
  await starved.layout('digraph { warm -> up }', 'dot'); // the worker has loaded Graphviz: the clock starts at once
  const t0 = performance.now();
  const slow = await starved.layout(slowDiagram(), 'dot');
  const ms = performance.now() - t0;
  assert.equal(slow.status, 'timeout');
  assert.equal(starved.stats().timeouts, 1);
  assert.equal(logs.filter((m) => /a busy machine\): it gets another 300 ms/.test(m)).length, 2, logs.join('\n'));
  // Three times its time at least (no upper bound: a busy machine may take longer still).
  assert.ok(ms >= 3 * 300 - 20, `timed out after ${ms.toFixed(0)} ms`);
});

test('a newer request with the same key replaces a waiting one', { timeout: 60000 }, async () => {
  const gv = service(600);
  const blocker = gv.layout(slowDiagram(), 'dot');
  const v1 = gv.layout('digraph { v1 }', 'dot', { key: 'doc#0' });
  const v2 = gv.layout('digraph { v2 }', 'dot', { key: 'doc#0' });
  assert.equal((await v1).status, 'superseded');
  assert.equal((await v2).status, 'ok');
  await blocker;
  assert.equal(gv.stats().superseded, 1);
});

test('restart during a layout resolves it as a crash and a new worker takes over', { timeout: 60000 }, async () => {
  const gv = service(20000);
  const slow = gv.layout(slowDiagram(), 'dot');
  await new Promise((r) => setTimeout(r, 300));
  gv.restart();
  const r = await slow;
  assert.equal(r.status, 'crash');
  const ps = layoutProblems(dotFileSource('digraph {}'), r, undefined, []);
  assert.equal(ps[0].code, 'dot.layout-crashed');
  assert.equal((await gv.layout('digraph { fresh }', 'dot')).status, 'ok');
  assert.equal(gv.stats().workersStarted, 2);
});

test('pathological input: no crash, and the next diagram still renders', { timeout: 60000 }, async () => {
  const gv = service(5000);
  const inputs = [
    'digraph {' + '{'.repeat(20000) + '}'.repeat(20000) + '}',
    'digraph {' + Array.from({ length: 100000 }, (_, i) => `n${i}`).join(' -> ') + '}',
    Array.from({ length: 50000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join(''),
    '\u0000\u0001\u0002digraph',
  ];
  for (const dot of inputs) {
    const r = await gv.layout(dot, 'dot');
    assert.ok(['ok', 'error', 'timeout'].includes(r.status), `${r.status}: ${r.error}`);
    const next = await gv.layout(`digraph { after${dot.length} }`, 'dot');
    assert.equal(next.status, 'ok');
  }
});

test('dispose ends waiting requests and the worker', { timeout: 30000 }, async () => {
  const gv = new GraphvizService({});
  const running = gv.layout(slowDiagram(), 'dot');
  const waiting = gv.layout('digraph { w }', 'dot');
  await new Promise((r) => setTimeout(r, 100));
  gv.dispose();
  assert.equal((await running).status, 'crash');
  assert.equal((await waiting).status, 'crash');
  assert.equal((await gv.layout('digraph { x }', 'dot')).status, 'crash');
});

test('a diagram that makes Graphviz abort (out of memory) is a crash; the next one renders', { timeout: 90000 }, async () => {
  // Above wasm's own 2 GB ceiling: Graphviz itself runs out of memory.
  const gv = service(60000, 4096);
  const r = await gv.layout(bigDiagram(5000), 'dot');
  assert.equal(r.status, 'crash', `${r.status} ${r.error}`);
  assert.match(r.error ?? '', /Program terminated|out of memory|Aborted/);
  assert.equal((await gv.layout('digraph { survived }', 'dot')).status, 'ok');
});

test('a layout that needs more than the memory limit is stopped as too-large, reported, and the next one renders', { timeout: 90000 }, async () => {
  const gv = service(60000);
  const r = await gv.layout(bigDiagram(5000), 'dot');
  assert.equal(r.status, 'too-large', `${r.status} ${r.error}`);
  assert.equal(r.memoryMb, 128);
  assert.equal(gv.stats().tooLarge, 1);
  const source = dotFileSource(bigDiagram(5000));
  assert.deepEqual(layoutProblems(source, r, undefined, []).map((p) => p.code), ['dot.layout-too-large']);
  assert.equal((await gv.layout('digraph { survived }', 'dot')).status, 'ok');
  // The verdict is cached like a layout: the same text is not tried again.
  assert.equal((await gv.layout(bigDiagram(5000), 'dot')).status, 'too-large');
  assert.equal(gv.stats().tooLarge, 1);
});

test('a process that used the service exits without dispose (the idle worker is unref\'d)', { timeout: 30000 }, () => {
  const script = `
    const { GraphvizService } = require(${JSON.stringify(require.resolve('../../server/src/graphviz/service'))});
    const gv = new GraphvizService();
    gv.layout('digraph { a -> b }', 'dot').then((r) => { gv.restart(); return gv.layout('digraph { c }', 'dot').then((r2) => console.log(r.status, r2.status)); });
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20000 });
  assert.equal(r.signal, null, 'the process had to be killed: something kept it alive');
  assert.equal(r.stdout.trim(), 'ok ok');
  assert.equal(r.stderr, '');
});
