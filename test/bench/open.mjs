// Opening a document -> its first diagnostics, on the seed guide (../shared/corpus/seed/ha.rst), with the real
// language server (dist/server.js --stdio; run `npm run build` first) started fresh each time, so its Graphviz
// worker is still loading its WebAssembly when the document arrives: the RST and DOT diagnostics must not wait
// for it. Also: when the complete result (with Graphviz's verdicts) follows.
//
//   node test/bench/open.mjs [--runs N]
//
// A fresh server reads the V8 code cache an earlier one wrote (server/src/startup/codeCache.ts; here in a
// temporary folder made by the first run); the first start after an install or an update has none, and is
// measured too (HA_GUIDE_CODE_CACHE=off).
//
// HA_BENCH_SERVER=<another build's dist/server.js> times that build instead, for a comparison on one machine.
//
// A benchmark is not a test: slow figures are reported, never a failure.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { budget } from './budget.mjs';
import { connectStdio } from '../lspStdio.mjs';
import { serverStartFlags } from './serverFlags.mjs';

/** Started as VS Code starts it. */
const START_FLAGS = await serverStartFlags();

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..', '..');
const corpusRoot = path.resolve(process.env.HA_GUIDE_CORPUS ?? path.join(repoRoot, '..', 'shared', 'corpus'));
const seedPath = path.join(corpusRoot, 'seed', 'ha.rst');
const server = process.env.HA_BENCH_SERVER ?? path.join(repoRoot, 'dist', 'server.js');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const fmt = (x) => x.toFixed(1);

async function once(text, warmFirst, codeCache) {
  const child = spawn(process.execPath, [...START_FLAGS, server, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, HA_GUIDE_CODE_CACHE: codeCache } });
  const exited = new Promise((r) => child.once('exit', r));
  const conn = connectStdio(child);
  const uri = pathToFileURL(seedPath).href;
  const publishes = [];
  let opened = 0;
  let resolveDone;
  const done = new Promise((r) => { resolveDone = r; });
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    if (p.uri !== uri) return;
    publishes.push({ at: performance.now() - opened, count: p.diagnostics.length });
    // Two publishes per version: the fast phase, then the complete one.
    if (publishes.length === 2) resolveDone();
  });
  conn.onRequest('workspace/configuration', (p) => (p.items ?? []).map(() => ({ validate: { debounceMs: 0 } })));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onNotification('haGuide/log', () => undefined);
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
  await conn.sendNotification('initialized', {});
  if (warmFirst) {
    // A document without diagrams first, as when a guide is opened in a server that is already running: the
    // code is warm but Graphviz's worker has not started (it starts at the first layout).
    const plain = pathToFileURL(path.join(path.dirname(seedPath), 'plain.rst')).href;
    const seen = new Promise((r) => conn.onNotification('textDocument/publishDiagnostics', (p) => { if (p.uri === plain) r(); else if (p.uri === uri) { publishes.push({ at: performance.now() - opened, count: p.diagnostics.length }); if (publishes.length === 2) resolveDone(); } }));
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: plain, languageId: 'restructuredtext', version: 1, text: 'Notes\n=====\n\nA paragraph with *emphasis* and ``code``.\n\n- a list\n- of items\n' } });
    await seen;
  }
  opened = performance.now();
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text } });
  await Promise.race([done, new Promise((r) => setTimeout(r, 30_000))]);
  await conn.sendRequest('shutdown').catch(() => undefined);
  await conn.sendNotification('exit').catch(() => undefined);
  // The server writes its code cache as it exits (when it had none): let it end by itself.
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  conn.dispose();
  child.kill();
  return publishes;
}

if (!fs.existsSync(server)) {
  console.log('  (skipped: run npm run build first)');
  process.exit(0);
}
const text = fs.readFileSync(seedPath, 'utf8');
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-open-bench-cache-'));
const figures = {};
try {
  await once(text, false, 'off'); // warm the file system cache
  await once(text, false, cacheDir); // the code cache of an earlier start
  const kinds = [
    ['fresh', false, cacheDir, 'a fresh server (its code cache from an earlier start; Graphviz not started)'],
    ['running', true, cacheDir, 'a running server (a plain document checked before; Graphviz not started)'],
    ['cold', false, 'off', 'a fresh server without a code cache (the first start after an install or update)'],
  ];
  for (const [kind, warm, codeCache, what] of kinds) {
    const first = [];
    const complete = [];
    for (let i = 0; i < RUNS; i++) {
      const p = await once(text, warm, codeCache);
      if (p[0]) first.push(p[0].at);
      if (p[1]) complete.push(p[1].at);
    }
    figures[kind] = { first: median(first), p90: quantile(first, 0.9), complete: complete.length ? median(complete) : NaN };
    console.log(`  seed/ha.rst opened in ${what} (${RUNS} runs): first diagnostics median ${fmt(median(first))} ms, p90 ${fmt(quantile(first, 0.9))} ms; with Graphviz's verdicts median ${complete.length ? fmt(median(complete)) : 'n/a'} ms`);
  }
} finally {
  fs.rmSync(cacheDir, { recursive: true, force: true });
}
budget({ name: 'open -> first RST diagnostics, seed, running server, Graphviz still starting (median)', value: figures.running.first, unit: 'ms', limit: 30, better: 'lower', anchor: `previous 460 ms; Graphviz's verdicts follow at ${fmt(figures.running.complete)} ms` });
budget({ name: 'open -> first RST diagnostics, seed, fresh server with its code cache (first check of the process, median)', value: figures.fresh.first, unit: 'ms', limit: 30, better: 'lower', anchor: `previous 460 ms; Graphviz's verdicts follow at ${fmt(figures.fresh.complete)} ms` });
budget({ name: 'open -> first RST diagnostics, seed, fresh server without a code cache (first start after an install, median)', value: figures.cold.first, unit: 'ms', limit: 30, better: 'lower', anchor: `Graphviz's verdicts follow at ${fmt(figures.cold.complete)} ms` });
