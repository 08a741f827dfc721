// Workspace indexing: how long the language server takes to list, read, parse and summarise every .rst of
// a documentation tree (what happens when a folder is opened), for the designate tree of the corpus and for
// generated trees of 1,000 and 10,000 files with cross-file :ref: and :doc: links. Then how long the
// workspace checks (undefined labels, unknown documents, duplicates) take for one file of the big tree.
// Not a timed test: prints medians, never fails on a slow machine.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpusRoot = path.resolve(process.env.HA_GUIDE_CORPUS ?? path.join(repoRoot, '..', 'shared', 'corpus'));
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-index-bench-'));

async function loadCore() {
  const esbuild = await import('esbuild');
  const outfile = path.join(workDir, 'index-core.cjs');
  await esbuild.build({
    stdin: {
      contents:
        "export { createLanguageService } from './server/src/languageService';\nexport { NodeWorkspace, listRstFiles } from './server/src/nodeWorkspace';\n",
      resolveDir: repoRoot,
      sourcefile: 'index-bench-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  return createRequire(import.meta.url)(outfile);
}

const core = await loadCore();

/** Lists, reads and indexes a tree the way the server does on start-up; returns milliseconds. */
async function indexTree(root) {
  const t0 = performance.now();
  const folder = pathToFileURL(root).href;
  const ws = new core.NodeWorkspace([folder]);
  const service = core.createLanguageService({ workspace: ws });
  const files = await core.listRstFiles([folder], []);
  for (const uri of files) service.index.set(uri, -1, await fs.promises.readFile(fileURLToPath(uri), 'utf8'));
  return { ms: performance.now() - t0, files: files.length, service, ws };
}

async function median(fn, runs) {
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    last = await fn();
    times.push(last.ms);
  }
  times.sort((a, b) => a - b);
  return { ...last, ms: times[Math.floor(times.length / 2)] };
}

/** A Sphinx tree of `n` documents in folders of 50, each with sections, labels, :ref: and :doc: to others. */
function generateTree(root, n) {
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'conf.py'), '# generated\n');
  for (let i = 0; i < n; i++) {
    const dir = path.join(root, `part${Math.floor(i / 50)}`);
    fs.mkdirSync(dir, { recursive: true });
    const other = (i * 7919 + 13) % n;
    const body = [
      `.. _doc-${i}:`,
      '',
      `Document ${i}`,
      '='.repeat(`Document ${i}`.length),
      '',
      `See :ref:\`doc-${other}\`, :ref:\`the other one <sec-${other}-b>\` and :doc:\`/part${Math.floor(other / 50)}/doc${other}\`.`,
      '',
      `.. _sec-${i}-b:`,
      '',
      'Details',
      '-------',
      '',
      '* a list item with ``code`` and a `link <https://example.org>`_',
      '* another one',
      '',
      '.. graphviz::',
      '',
      `   digraph G${i} { a -> b; }`,
      '',
      'More text, with a |sub| substitution.',
      '',
      `.. |sub| replace:: value ${i}`,
      '',
    ];
    fs.writeFileSync(path.join(dir, `doc${i}.rst`), body.join('\n'));
  }
}

const designate = path.join(corpusRoot, 'files/openstack/designate/doc/source');
const results = {};
if (fs.existsSync(designate)) {
  await indexTree(designate); // warm-up (JIT, file cache)
  const r = await median(() => indexTree(designate), 5);
  results.designate = { files: r.files, ms: r.ms };
  console.log(`  designate doc tree: ${r.files} files indexed in ${r.ms.toFixed(1)} ms (median of 5; budget 300 ms)`);
}
for (const n of [1000, 10000]) {
  const root = path.join(workDir, `tree-${n}`);
  generateTree(root, n);
  const r = await median(() => indexTree(root), n > 1000 ? 1 : 3);
  results[`generated${n}`] = { files: r.files, ms: r.ms, perFileMs: r.ms / r.files };
  console.log(`  generated tree: ${r.files} files indexed in ${r.ms.toFixed(0)} ms (${(r.ms / r.files).toFixed(3)} ms a file)`);
  // The workspace checks of one document against the whole index (what each keystroke costs).
  const uri = pathToFileURL(path.join(root, 'part0', 'doc0.rst')).href;
  const text = fs.readFileSync(fileURLToPath(uri), 'utf8');
  const times = [];
  for (let v = 0; v < 20; v++) {
    const t0 = performance.now();
    const diags = await r.service.computeDiagnostics({ uri, version: 1000 + v, getText: () => text + ' '.repeat(v) });
    times.push(performance.now() - t0);
    if (v === 0 && diags.length) console.log(`    unexpected diagnostics on a clean generated file: ${diags.map((d) => d.code).join(', ')}`);
  }
  times.sort((a, b) => a - b);
  console.log(`    one document's checks against ${r.files} indexed files: ${times[10].toFixed(2)} ms (median)`);
  results[`generated${n}`].checkMs = times[10];
}
fs.rmSync(workDir, { recursive: true, force: true });
if (process.env.HA_GUIDE_BENCH_JSON) fs.writeFileSync(process.env.HA_GUIDE_BENCH_JSON, JSON.stringify(results, null, 2));
