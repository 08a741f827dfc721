// Project knowledge: what reading conf.py (its extensions, local extensions, rst_epilog, pyproject.toml)
// costs. Designate's documentation tree (the corpus copy with its real conf.py, plus test/e2e/designate),
// indexed as the server indexes it; then a keystroke in admin/ha.rst checked again and again:
// - the time of the first read of the project (conf.py parsed, extensions resolved), once;
// - file reads per keystroke (conf.py, pyproject.toml, extension modules): must be 0;
// - the median keystroke-to-diagnostics time of the RST and workspace checks with the project read, against
//   the same document in the same tree without conf.py (the ratio is what the knowledge costs per keystroke).
// Not a timed test: prints medians, never fails on a slow machine.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpusRoot = path.resolve(process.env.HA_GUIDE_CORPUS ?? path.join(repoRoot, '..', 'shared', 'corpus'));
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-project-bench-'));

async function loadCore() {
  const esbuild = await import('esbuild');
  const outfile = path.join(workDir, 'project-core.cjs');
  await esbuild.build({
    stdin: {
      contents:
        "export { createLanguageService } from './server/src/languageService';\nexport { NodeWorkspace, listRstFiles } from './server/src/nodeWorkspace';\n",
      resolveDir: repoRoot,
      sourcefile: 'project-bench-entry.ts',
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

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
};

const core = await loadCore();

async function measure(tree, label) {
  const ws = new core.NodeWorkspace([pathToFileURL(tree).href]);
  let reads = 0;
  const read = ws.readFile.bind(ws);
  ws.readFile = (uri) => {
    reads++;
    return read(uri);
  };
  const service = core.createLanguageService({ workspace: ws });
  const file = path.join(tree, 'doc/source/admin/ha.rst');
  const uri = pathToFileURL(file).href;
  const base = fs.readFileSync(file, 'utf8');
  const t0 = performance.now();
  service.projects.project(uri);
  const firstRead = performance.now() - t0;
  for (const u of await core.listRstFiles([pathToFileURL(tree).href], [])) service.index.set(u, 0, fs.readFileSync(new URL(u), 'utf8'));
  const times = [];
  let readsPerKeystroke = 0;
  for (let i = 0; i < 120; i++) {
    const text = base + 'x'.repeat(i);
    const r0 = reads;
    const s = performance.now();
    service.index.set(uri, i + 1, text);
    service.computeRstDiagnostics({ uri, version: i + 1, getText: () => text });
    // The workspace checks run as a provider inside computeDiagnostics; the DOT provider is not plugged in here.
    await service.computeDiagnostics({ uri, version: i + 1, getText: () => text });
    if (i >= 40) times.push(performance.now() - s);
    if (i >= 40) readsPerKeystroke = Math.max(readsPerKeystroke, reads - r0);
  }
  return { label, firstRead, median: median(times), readsPerKeystroke };
}

function makeTree(withConf) {
  const dir = fs.mkdtempSync(path.join(workDir, withConf ? 'conf-' : 'bare-'));
  fs.cpSync(path.join(repoRoot, 'test/e2e/designate'), dir, { recursive: true });
  fs.cpSync(path.join(corpusRoot, 'files/openstack/designate/doc/source'), path.join(dir, 'doc/source'), { recursive: true });
  if (!withConf) fs.rmSync(path.join(dir, 'doc/source/conf.py'));
  return dir;
}

const withConf = await measure(makeTree(true), 'with conf.py');
const bare = await measure(makeTree(false), 'without conf.py');
for (const r of [withConf, bare]) {
  console.log(`  ${r.label.padEnd(16)} first read of the project ${r.firstRead.toFixed(1)} ms; keystroke to diagnostics ${r.median.toFixed(2)} ms (median); file reads per keystroke ${r.readsPerKeystroke}`);
}
console.log(`  cost of project knowledge per keystroke: ${(withConf.median / bare.median).toFixed(2)}x the bare tree's time; ${withConf.readsPerKeystroke} file reads`);
fs.rmSync(workDir, { recursive: true, force: true });
