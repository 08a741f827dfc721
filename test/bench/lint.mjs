// `ha-guide lint` end to end (process start to exit: bundle load, reading, parsing, every check, Graphviz
// layouts), side by side with docutils' publish_doctree over the same corpus files in the same run, and on a
// generated tree of 10,000 files around the corpus. Not a test: prints figures with their anchors, never
// fails on a slow machine.
//
//   node test/bench/lint.mjs [--runs N]      (npm run bench runs it too)
//   HA_GUIDE_BENCH_PYTHON=/usr/bin/python3   (the interpreter whose docutils is timed)

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { budget } from './budget.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..', '..');
const corpusRoot = path.resolve(process.env.HA_GUIDE_CORPUS ?? path.join(repoRoot, '..', 'shared', 'corpus'));
const cli = path.join(repoRoot, 'dist', 'cli.js');

/** Budgets of the command line (issue "Instant at any size"), on the reference 2-core machine. */
const BUDGET_RATIO = 25;
const BUDGET_TREE_MS = 5000;
const TREE_FILES = 10000;
/** docutils over the 284 corpus files on the reference machine (corpus/truth/timing.json). */
const DOCUTILS_ANCHOR_S = 9.07;

const argv = process.argv.slice(2);
const runs = argv.includes('--runs') ? Math.max(1, Number(argv[argv.indexOf('--runs') + 1]) || 3) : 3;
const log = (s = '') => process.stdout.write(`${s}\n`);
const secs = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'n/a');
const times = (x) => (Number.isFinite(x) ? `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}x` : 'n/a');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function walkRst(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith('.')) walkRst(p, out);
    else if (e.isFile() && e.name.endsWith('.rst')) out.push(p);
  }
  return out;
}

/** One `ha-guide lint` process, timed from spawn to exit. */
function lint(args, cwd) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'lint', ...args], { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`ha-guide lint exited with ${r.status ?? r.signal}: ${r.stderr.slice(0, 500)}`);
  return { ms, records: r.stdout ? r.stdout.split('\n').length - 1 : 0, stdout: r.stdout };
}

function docutilsTotal(files) {
  const candidates = process.env.HA_GUIDE_BENCH_PYTHON ? [process.env.HA_GUIDE_BENCH_PYTHON] : ['python3', '/usr/bin/python3'];
  const python = candidates.find((py) => spawnSync(py, ['-c', 'import docutils']).status === 0);
  if (!python) return undefined;
  const list = path.join(os.tmpdir(), `ha-guide-lint-bench-files-${process.pid}.json`);
  fs.writeFileSync(list, JSON.stringify(files));
  const r = spawnSync(python, [path.join(benchDir, 'docutils_bench.py'), list, '--runs', '1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
  fs.rmSync(list, { force: true });
  if (r.status !== 0) return undefined;
  const data = JSON.parse(r.stdout);
  return { ms: data.totals[0] * 1000, version: data.docutils, errors: Object.keys(data.errors).length };
}

/**
 * A tree of `n` files: a copy of the corpus (its repositories, diagrams and all) and a generated Sphinx
 * project filling it up, in folders of 50, each document with a title, labels, :ref: and :doc: to others, a
 * list, a code block, and every 50th a diagram of its own.
 */
export function generateTree(root, n) {
  fs.cpSync(path.join(corpusRoot, 'files'), path.join(root, 'corpus'), { recursive: true });
  const have = walkRst(path.join(root, 'corpus')).length;
  const gen = path.join(root, 'generated');
  fs.mkdirSync(gen, { recursive: true });
  fs.writeFileSync(path.join(gen, 'conf.py'), "project = 'generated'\nextensions = ['sphinx.ext.graphviz']\n");
  const count = n - have - 1;
  const index = ['Generated', '=========', '', '.. toctree::', '   :glob:', '', '   part*/*', ''];
  fs.writeFileSync(path.join(gen, 'index.rst'), index.join('\n'));
  let diagrams = 0;
  for (let i = 0; i < count; i++) {
    const dir = path.join(gen, `part${String(Math.floor(i / 50)).padStart(3, '0')}`);
    if (i % 50 === 0) fs.mkdirSync(dir, { recursive: true });
    const other = (i * 7919 + 13) % count;
    const otherDoc = `/part${String(Math.floor(other / 50)).padStart(3, '0')}/doc${other}`;
    const body = [
      `.. _doc-${i}:`,
      '',
      `Document ${i}`,
      '='.repeat(`Document ${i}`.length),
      '',
      `See :ref:\`doc-${other}\`, :ref:\`the details <sec-${other}-b>\` and :doc:\`${otherDoc}\`.`,
      '',
      `.. _sec-${i}-b:`,
      '',
      'Details',
      '-------',
      '',
      '* a list item with ``code`` and a `link <https://example.org>`_',
      '* another one, with *emphasis* and **strong** text',
      '',
      '.. code-block:: ini',
      '',
      '   [DEFAULT]',
      `   workers = ${i % 8}`,
      '',
    ];
    if (i % 50 === 0) {
      diagrams++;
      body.push('.. graphviz::', '', `   digraph G${i} {`, '      rankdir=LR;', `      api${i} -> worker${i} -> db${i};`, '   }', '');
    }
    body.push('More text, with a |sub| substitution.', '', `.. |sub| replace:: value ${i}`, '');
    fs.writeFileSync(path.join(dir, `doc${i}.rst`), body.join('\n'));
  }
  return { files: walkRst(root).length, corpus: have, generated: count + 1, diagrams };
}

function main() {
  log(`  Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(2)}`);
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed: ${build.stderr}`);
  const files = walkRst(path.join(corpusRoot, 'files')).sort();

  // Interleaved: the default (one thread per core) and --jobs 1, so both see the same load.
  const auto = [];
  const serial = [];
  let same = true;
  for (let r = 0; r < runs; r++) {
    const a = lint([path.join(corpusRoot, 'files')], repoRoot);
    const s = lint(['--jobs', '1', path.join(corpusRoot, 'files')], repoRoot);
    same &&= a.stdout === s.stdout;
    auto.push(a);
    serial.push(s);
  }
  const lintMs = median(auto.map((x) => x.ms));
  const serialMs = median(serial.map((x) => x.ms));
  log(`  corpus, ${files.length} files: ha-guide lint ${secs(lintMs)} (median of ${runs}, default threads: one per idle core but one), --jobs 1 ${secs(serialMs)}; ${auto[0].records} records${same ? ', identical' : ', DIFFERENT between the two'}`);
  const docutils = docutilsTotal(files);
  if (docutils) {
    log(`  docutils ${docutils.version} publish_doctree over the same files, in process, this run: ${secs(docutils.ms)} (anchor: ${DOCUTILS_ANCHOR_S} s on the reference 2-core machine)`);
    const ratio = docutils.ms / lintMs;
    log(`  docutils / ha-guide lint: ${times(ratio)} (--jobs 1: ${times(docutils.ms / serialMs)}); budget >= ${BUDGET_RATIO}x: ${ratio >= BUDGET_RATIO ? 'within' : 'OVER'}`);
    budget({ name: `ha-guide lint of the corpus (${files.length} files) end to end, docutils / ours`, value: ratio, unit: 'x', limit: BUDGET_RATIO, better: 'higher', anchor: `docutils ${secs(docutils.ms)}, lint ${secs(lintMs)} in the same run (--jobs 1: ${secs(serialMs)})` });
  } else log('  docutils: not available (python3 -c "import docutils" fails), no ratio');

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-lint-tree-'));
  try {
    const tree = generateTree(root, TREE_FILES);
    const r = lint([root], root);
    const s = lint(['--jobs', '1', root], root);
    log(
      `  generated tree, ${tree.files} files (${tree.corpus} of the corpus, ${tree.generated} generated with ${tree.diagrams} diagrams): ` +
        `ha-guide lint ${secs(r.ms)}, --jobs 1 ${secs(s.ms)}; ${r.records} records${r.stdout === s.stdout ? ', identical' : ', DIFFERENT between the two'}; ` +
        `budget < ${secs(BUDGET_TREE_MS)}: ${r.ms < BUDGET_TREE_MS ? 'within' : 'OVER'}`,
    );
    budget({ name: `ha-guide lint of a generated ${tree.files}-file tree end to end`, value: r.ms / 1000, unit: 's', limit: BUDGET_TREE_MS / 1000, better: 'lower', anchor: `--jobs 1 ${secs(s.ms)}; load ${os.loadavg()[0].toFixed(1)}` });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
