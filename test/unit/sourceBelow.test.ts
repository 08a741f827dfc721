import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { BrowserWorkspace, type FsClient } from '../../server/src/browser/workspace';
import { pathToUri, toPath } from '../../server/src/common/uri';
import { NodeWorkspace } from '../../server/src/nodeWorkspace';

/**
 * A build that reads conf.py from the folder above its sources (`sphinx -M html source build -c .`): both
 * workspaces, the desktop one on the disk and the web one over the client's file system requests (served here
 * from the same disk), take the folder below as the source folder and read conf.py from above.
 */

/** The client's file system requests, answered from the disk (what the web extension's client does with `vscode.workspace.fs`). */
const diskClient: FsClient = {
  async list({ folder }) {
    const out: { uri: string; directory: boolean }[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        const p = path.join(dir, e.name);
        out.push({ uri: pathToUri(p), directory: e.isDirectory() });
        if (e.isDirectory()) walk(p);
      }
    };
    walk(toPath(folder)!);
    return { entries: out, truncated: false };
  },
  async read({ uri }) {
    try {
      return { text: fs.readFileSync(toPath(uri)!, 'utf8') };
    } catch {
      return {};
    }
  },
  async stat({ uri }) {
    try {
      const s = fs.statSync(toPath(uri)!);
      return { type: s.isDirectory() ? 'directory' : 'file', size: s.size };
    } catch {
      return { type: 'none', size: 0 };
    }
  },
};

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-below-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

async function workspaces(dir: string) {
  const node = new NodeWorkspace([dir]);
  const web = new BrowserWorkspace(diskClient);
  web.setFolders([pathToUri(dir)]);
  await web.load();
  return { node, web };
}

test('sources below conf.py: their folder is the source folder, conf.py is read from above, a file beside them is in no build', async () => {
  const dir = tree({
    'conf.py': "project = 'p'\n",
    'README.rst': 'Readme\n======\n',
    'source/index.rst': 'Index\n=====\n',
    'source/guide/install.rst': 'Install\n=======\n',
    'source/guide/index.rst': 'Guide\n=====\n',
    'docker/Dockerfile': 'FROM x\n',
  });
  const u = (rel: string) => pathToUri(path.join(dir, rel));
  const source = u('source') + '/';
  for (const [name, ws] of Object.entries(await workspaces(dir))) {
    assert.equal(ws.sourceDir(u('source/guide/install.rst')), source, name);
    assert.equal(ws.sourceDir(u('source/index.rst')), source, name);
    assert.equal(ws.sourceDir(u('conf.py')), source, `${name}: conf.py stands for its build`);
    assert.equal(ws.sourceDir(u('README.rst')), undefined, `${name}: beside the sources, in no build`);
    assert.equal(ws.confDir?.(source), u('') + '/', name);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a conf.py beside its root document, or with two candidate folders, or a computed root document: its own folder, as before', async () => {
  const cases: Record<string, string>[] = [
    { 'conf.py': '', 'index.rst': 'I\n=\n', 'source/index.rst': 'S\n=\n' },
    { 'conf.py': '', 'a/index.rst': 'A\n=\n', 'b/index.rst': 'B\n=\n' },
    { 'conf.py': "master_doc = os.environ['DOC']\n", 'source/index.rst': 'S\n=\n' },
    // root_doc names the root document, README.rst beside conf.py.
    { 'conf.py': "root_doc = 'README'\n", 'README.rst': 'R\n=\n', 'source/index.rst': 'S\n=\n' },
  ];
  for (const files of cases) {
    const dir = tree(files);
    for (const [name, ws] of Object.entries(await workspaces(dir))) {
      const doc = Object.keys(files).find((f) => f.endsWith('.rst') && f.includes('/'))!;
      assert.equal(ws.sourceDir(pathToUri(path.join(dir, doc))), pathToUri(dir) + '/', `${name}: ${JSON.stringify(files)}`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // `root_doc = 'contents'` with contents.rst below: that folder.
  const dir = tree({ 'conf.py': "root_doc = 'contents'  # the top page\n", 'index.rst': 'I\n=\n', 'docs/contents.rst': 'C\n=\n' });
  for (const [name, ws] of Object.entries(await workspaces(dir))) {
    assert.equal(ws.sourceDir(pathToUri(path.join(dir, 'docs/contents.rst'))), pathToUri(path.join(dir, 'docs')) + '/', name);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
