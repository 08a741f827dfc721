// The DOT and Graphviz figures of `npm run bench` (run.mjs runs this script; it also runs on its own):
//
//   node test/bench/dot.mjs [--runs N]
//
// For every DOT text of the corpus that native dot renders (../shared/corpus/dot, or $HA_GUIDE_CORPUS):
// - warm wasm Graphviz: the layout through the GraphvizService (worker thread, bundled with esbuild exactly
//   as dist/ is), wall time on the calling thread and time inside the worker, best of N runs with the
//   cache cleared between runs;
// - native `dot -Tsvg` (Debian's graphviz) on the same text with the same engine, a fresh process each time
//   as Sphinx runs it, best of N runs;
// - a cache hit (the same text again), and our own DOT checks (parse + semantics) per block.
// Prints medians and totals, the slowest blocks, and writes every figure to out/bench/dot-results.json.
// A benchmark is not a test: exit status is non-zero only when something crashes.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..', '..');
const corpusRoot = path.resolve(process.env.HA_GUIDE_CORPUS ?? path.join(repoRoot, '..', 'shared', 'corpus'));
const workDir = path.join(repoRoot, 'out', 'bench');
const log = (s = '') => process.stdout.write(`${s}\n`);

const argv = process.argv.slice(2);
let runs = 3;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--runs') runs = Math.max(1, Number(argv[++i]) | 0);
  else throw new Error(`unknown option ${argv[i]} (options: --runs N)`);
}

const median = (xs) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const ms = (x) => (Number.isFinite(x) ? `${x < 1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1)} ms` : 'n/a');

if (!fs.existsSync(path.join(corpusRoot, 'dot', 'results.jsonl'))) {
  log(`  corpus not found at ${corpusRoot}: no DOT figures`);
  process.exit(0);
}

// 1. Bundle the Graphviz service, the DOT checks and the worker as esbuild bundles dist/.
fs.mkdirSync(workDir, { recursive: true });
const entry = path.join(workDir, 'dotBenchEntry.ts');
fs.writeFileSync(
  entry,
  [
    `export { GraphvizService } from ${JSON.stringify(path.join(repoRoot, 'server/src/graphviz/service'))};`,
    `export { checkDotSource } from ${JSON.stringify(path.join(repoRoot, 'server/src/dot/check'))};`,
    `export { dotFileSource } from ${JSON.stringify(path.join(repoRoot, 'server/src/dot/source'))};`,
  ].join('\n'),
);
const node = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' };
await esbuild.build({ ...node, entryPoints: [entry], outfile: path.join(workDir, 'dotBench.cjs') });
await esbuild.build({ ...node, entryPoints: [path.join(repoRoot, 'server/src/graphviz/worker.ts')], outfile: path.join(workDir, 'graphvizWorker.js') });
const require = createRequire(import.meta.url);
const { GraphvizService, checkDotSource, dotFileSource } = require(path.join(workDir, 'dotBench.cjs'));

// 2. The corpus blocks that native dot renders.
const readJsonl = (p) =>
  fs
    .readFileSync(path.join(corpusRoot, p), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
const blocks = readJsonl('dot/results.jsonl')
  .filter((r) => r.rc === 0)
  .map((r) => ({ id: r.id, engine: r.engine ?? 'dot', dot: fs.readFileSync(path.join(corpusRoot, 'dot', `${r.id}.dot`), 'utf8') }))
  .filter((b) => b.dot.trim() !== '');
const rendered = blocks.length;
// The corpus holds copies of the same diagram (a guide copied between projects): keep one of each, or the
// copies would be cache hits instead of layouts.
const seen = new Set();
const distinct = blocks.filter((b) => {
  const key = `${b.engine}\u0000${b.dot}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
});
blocks.length = 0;
blocks.push(...distinct);

const dotBin = spawnSync('dot', ['-V'], { encoding: 'utf8' });
const nativeVersion = dotBin.error ? undefined : (dotBin.stderr || dotBin.stdout).trim();

// 3. Warm wasm: start the worker and load the module first.
const workerPath = path.join(workDir, 'graphvizWorker.js');
let t0 = performance.now();
let gv = new GraphvizService({ workerPath, timeoutMs: () => 30000 });
const first = await gv.layout('digraph { warm -> up }', 'dot');
const startupMs = performance.now() - t0;
if (first.status !== 'ok') throw new Error(`Graphviz did not start: ${first.status} ${first.error ?? ''}`);

const rows = blocks.map((b) => ({ id: b.id, engine: b.engine, lines: b.dot.split('\n').length, wasmWall: Infinity, wasmWorker: Infinity, native: Infinity, cacheHit: Infinity, checks: Infinity, status: '' }));
for (let run = 0; run < runs; run++) {
  gv.dispose();
  gv = new GraphvizService({ workerPath, timeoutMs: () => 30000 });
  await gv.layout('digraph { warm -> up }', 'dot');
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    const row = rows[i];
    t0 = performance.now();
    const r = await gv.layout(b.dot, b.engine);
    row.wasmWall = Math.min(row.wasmWall, performance.now() - t0);
    row.wasmWorker = Math.min(row.wasmWorker, r.ms ?? Infinity);
    row.status = r.status;
    t0 = performance.now();
    await gv.layout(b.dot, b.engine);
    row.cacheHit = Math.min(row.cacheHit, performance.now() - t0);
    t0 = performance.now();
    checkDotSource(dotFileSource(b.dot));
    row.checks = Math.min(row.checks, performance.now() - t0);
    if (nativeVersion) {
      t0 = performance.now();
      const n = spawnSync('dot', ['-Tsvg', `-K${b.engine}`], { input: b.dot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const t = performance.now() - t0;
      if (n.status === 0) row.native = Math.min(row.native, t);
    }
  }
}
const stats = gv.stats();
gv.dispose();

// 4. Figures.
const col = (k) => rows.map((r) => r[k]).filter(Number.isFinite);
const wall = col('wasmWall');
const worker = col('wasmWorker');
const native = col('native');
const hits = col('cacheHit');
const checks = col('checks');
const ratios = rows.filter((r) => Number.isFinite(r.native) && Number.isFinite(r.wasmWall)).map((r) => r.native / r.wasmWall);
log(`  ${blocks.length} distinct DOT texts (of ${rendered} non-empty ones) that native dot renders in the corpus; best of ${runs} run(s) each`);
log(`  wasm Graphviz: @hpcc-js/wasm-graphviz in a worker thread (bundled with esbuild); native: ${nativeVersion ?? 'not installed (apt-get install graphviz)'}`);
log(`  worker start + wasm load: ${ms(startupMs)}`);
const table = [
  ['per block', 'median', 'p90', 'max', 'total'],
  ['wasm layout, round trip', ms(median(wall)), ms(pct(wall, 90)), ms(Math.max(...wall)), ms(sum(wall))],
  ['wasm layout, in the worker', ms(median(worker)), ms(pct(worker, 90)), ms(Math.max(...worker)), ms(sum(worker))],
  ['native dot -Tsvg (fresh process)', ms(median(native)), ms(pct(native, 90)), ms(native.length ? Math.max(...native) : NaN), ms(sum(native))],
  ['cache hit', ms(median(hits)), ms(pct(hits, 90)), ms(Math.max(...hits)), ms(sum(hits))],
  ['our DOT checks (parse + semantics)', ms(median(checks)), ms(pct(checks, 90)), ms(Math.max(...checks)), ms(sum(checks))],
];
const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
for (const r of table) log('  ' + r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   '));
if (ratios.length) log(`  native / wasm per block: median ${median(ratios).toFixed(1)}x (wasm faster when > 1), min ${Math.min(...ratios).toFixed(1)}x, max ${Math.max(...ratios).toFixed(1)}x`);
log(`  cache hit vs a fresh wasm layout: ${(median(wall) / median(hits)).toFixed(0)}x faster (median)`);
log(`  statuses: ${JSON.stringify(rows.reduce((a, r) => ({ ...a, [r.status]: (a[r.status] ?? 0) + 1 }), {}))}; service: ${JSON.stringify(stats)}`);
log('  slowest blocks (wasm round trip / native):');
for (const r of [...rows].sort((a, b) => b.wasmWall - a.wasmWall).slice(0, 5)) log(`    ${r.id.padEnd(40)} ${r.engine.padEnd(6)} ${String(r.lines).padStart(4)} lines   ${ms(r.wasmWall).padStart(9)}   ${ms(r.native).padStart(9)}`);
fs.writeFileSync(path.join(workDir, 'dot-results.json'), JSON.stringify({ runs, nativeVersion, startupMs, stats, rows }, null, 1));
log(`  every block: ${path.relative(repoRoot, path.join(workDir, 'dot-results.json'))}`);
