import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

/**
 * Whole real documentation trees whose gates build with `sphinx-build -W`: Sphinx, with their conf.py,
 * reports nothing on them. `ha-guide lint doc/source` must give exactly the errors and warnings listed in
 * test/fixtures/realtrees/expected.json (real mistakes Sphinx is blind to), no other, and still give each of
 * those. Files that conf.py writes when the build starts (octavia's entity diagram and flow documents) exist.
 */
const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const TREES = path.join(ROOT, 'test/fixtures/realtrees');
const DESIGNATE_SOURCE = path.resolve(ROOT, '../shared/corpus/files/openstack/designate/doc/source');

interface Expected {
  project: string;
  file: string;
  line: number;
  code: string;
  message: string;
  reason: string;
}

const expected = (JSON.parse(fs.readFileSync(path.join(TREES, 'expected.json'), 'utf8')) as { expected: Expected[] }).expected;

function loud(cwd: string): string[] {
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', 'doc/source'], { cwd, encoding: 'utf8', timeout: 300000, maxBuffer: 64 << 20 });
  assert.ok(r.status === 0 || r.status === 1, `lint exited ${r.status}: ${r.stderr}`);
  const records = JSON.parse(r.stdout) as { file: string; line: number; severity: string; code: string; message: string }[];
  return records.filter((x) => x.severity === 'error' || x.severity === 'warning').map((x) => `${x.file}:${x.line} ${x.code} ${x.message}`);
}

for (const project of ['keystone', 'glance', 'placement', 'octavia']) {
  test(`real tree ${project}: only the listed real mistakes, each still found`, () => {
    const want = expected.filter((e) => e.project === project).map((e) => `${e.file}:${e.line} ${e.code} ${e.message}`);
    assert.deepEqual(loud(path.join(TREES, project)).sort(), want.sort());
  });
}

test('real tree designate (its real conf.py, local extensions and the files it includes): no error, no warning', () => {
  assert.ok(fs.existsSync(DESIGNATE_SOURCE), `the corpus is missing: ${DESIGNATE_SOURCE}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-designate-'));
  fs.cpSync(path.join(ROOT, 'test/e2e/designate'), dir, { recursive: true });
  fs.cpSync(DESIGNATE_SOURCE, path.join(dir, 'doc/source'), { recursive: true });
  assert.deepEqual(loud(dir), []);
});

test('what octavia\'s conf.py writes exists, and nothing else does: a missing image or document beside them is still reported', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-octavia-'));
  // verbatimSymlinks: the tree's relative links into specs/ stay inside the copy.
  fs.cpSync(path.join(TREES, 'octavia'), dir, { recursive: true, verbatimSymlinks: true });
  const devref = path.join(dir, 'doc/source/contributor/devref');
  // Beside the written files: an image conf.py does not write, a document of a folder it does not write, and
  // one of the written folder's parent (conf.py also puts the repository on sys.path: that is no write).
  fs.appendFileSync(path.join(devref, 'erd.rst'), '\n.. image:: erd2.svg\n');
  fs.appendFileSync(path.join(devref, 'flows.rst'), '    flow_diagrams_v3/AmphoraFlows.rst\n    Nowhere.rst\n');
  assert.deepEqual(loud(dir).sort(), [
    "doc/source/contributor/devref/erd.rst:26 sphinx.image-not-found image file not readable: erd2.svg",
    "doc/source/contributor/devref/flows.rst:24 sphinx.toctree-missing-document toctree contains reference to nonexisting document 'flow_diagrams_v3/AmphoraFlows.rst'",
    "doc/source/contributor/devref/flows.rst:25 sphinx.toctree-missing-document toctree contains reference to nonexisting document 'Nowhere.rst'",
  ]);
});

test('every listed exception says why', () => {
  for (const e of expected) assert.ok(e.reason.length > 40, `${e.project} ${e.file}:${e.line} has no reason`);
});
