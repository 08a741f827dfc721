import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readExternalToc } from '../../server/src/project/externalToc';

/**
 * sphinx-external-toc builds a project's toctrees from its site map (`_toc.yml`, or `external_toc_path` from the
 * source folder): every document listed there is in a toctree. napari's docs list their api/*.rst pages only
 * there: before this, `ha-guide lint` gave 5 "isn't included in any toctree" warnings its build does not.
 */

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

const TOC = [
  'format: jb-book',
  'root: index',
  'parts:',
  '- caption: API',
  '  chapters:',
  '  - file: api/one',
  '    sections:',
  '    - file: api/two.rst',
  '  - glob: parts/*',
  '  - url: https://example.org',
  '    title: Elsewhere',
  '',
].join('\n');

test('readExternalToc: root and files without their suffix, globs, at any depth; urls are not documents', () => {
  assert.deepEqual(readExternalToc(TOC, ['.rst', '.md']), { files: ['index', 'api/one', 'api/two'], globs: ['parts/*'] });
  assert.equal(readExternalToc('root: [unclosed', ['.rst']), undefined);
});

function project(conf: string, tocPath: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-etoc-'));
  const files: Record<string, string> = {
    'conf.py': conf,
    [tocPath]: TOC,
    'index.rst': 'Home\n====\n\nText.\n',
    'api/one.rst': 'One\n===\n\nText.\n',
    'api/two.rst': 'Two\n===\n\nText.\n',
    'parts/a.rst': 'A\n=\n\nText.\n',
    'lone.rst': 'Lone\n====\n\nText.\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function lint(dir: string): string[] {
  const r = spawnSync(process.execPath, [CLI, 'lint', '.'], { cwd: dir, encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean);
}

test("ha-guide lint: with sphinx_external_toc, the documents its site map lists are in a toctree; one it does not list is not", () => {
  const lone = ["lone.rst:1:1: warning sphinx.not-in-toctree document isn't included in any toctree"];
  const dir = project('project = "t"\nextensions = ["sphinx_external_toc"]\n', '_toc.yml');
  try {
    assert.deepEqual(lint(dir), lone);
    // `external_toc_path` names another file, from the source folder.
    fs.renameSync(path.join(dir, '_toc.yml'), path.join(dir, 'site.yml'));
    fs.writeFileSync(path.join(dir, 'conf.py'), 'project = "t"\nextensions = ["sphinx_external_toc"]\nexternal_toc_path = "site.yml"\n');
    assert.deepEqual(lint(dir), lone);
    // Without the extension the site map is no toctree.
    fs.writeFileSync(path.join(dir, 'conf.py'), 'project = "t"\nextensions = []\n');
    assert.deepEqual(lint(dir).length, 4);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
