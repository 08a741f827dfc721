import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import * as esbuild from 'esbuild';

/**
 * The web extension's bundles (dist/web/, built by `npm run build`): they reach no Node module at run time and
 * the server stays small; the check esbuild.mjs runs on every build (scripts/webBundleCheck.mjs) finds a
 * Node import when there is one; the manifest points vscode.dev at them and packages them.
 */
const ROOT = path.resolve(__dirname, '../../..');

interface Metafile {
  inputs: Record<string, { imports: { path: string; external?: boolean; original?: string }[] }>;
  outputs: Record<string, { bytes: number }>;
}
interface Check {
  checkWebBundle(metafile: Metafile, allowedExternal?: string[]): string[];
  outputBytes(metafile: Metafile, name: string): number | undefined;
  WEB_SERVER_MAX_BYTES: number;
}
const loadCheck = () => import(pathToFileURL(path.join(ROOT, 'scripts/webBundleCheck.mjs')).href) as Promise<Check>;
const meta = (name: string): Metafile => JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/web', `${name}.meta.json`), 'utf8')) as Metafile;

test('the web bundles import no Node module, and the web server is under 1.5 MB', async (t) => {
  const check = await loadCheck();
  for (const name of ['extension', 'server', 'graphvizWorker']) {
    const m = meta(name);
    assert.deepEqual(check.checkWebBundle(m), [], name);
    // The parts that only the Node hosts have are not in them.
    const inputs = Object.keys(m.inputs);
    for (const nodeOnly of ['server/src/nodeWorkspace.ts', 'server/src/nodeService.ts', 'server/src/graphviz/service.ts', 'client/src/languageClient.ts']) {
      assert.ok(!inputs.includes(nodeOnly), `${name} bundles ${nodeOnly}`);
    }
  }
  const bytes = check.outputBytes(meta('server'), 'server')!;
  t.diagnostic(`dist/web/server.js: ${bytes} bytes; graphvizWorker.js: ${check.outputBytes(meta('graphvizWorker'), 'graphvizWorker')} bytes`);
  assert.ok(bytes > 0 && bytes < check.WEB_SERVER_MAX_BYTES, `${bytes} bytes`);
  assert.ok(Object.keys(meta('server').inputs).includes('server/src/browser/workspace.ts'));
});

test('the check finds a Node built-in, a module the browser build disabled and an unexpected external', async () => {
  const check = await loadCheck();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-webcheck-'));
  try {
    fs.mkdirSync(path.join(dir, 'node_modules/uses-fs'), { recursive: true });
    // A package whose "browser" field replaces `fs` with nothing: it would be an empty object in a browser.
    fs.writeFileSync(path.join(dir, 'node_modules/uses-fs/package.json'), JSON.stringify({ name: 'uses-fs', main: 'index.js', browser: { fs: false } }));
    fs.writeFileSync(path.join(dir, 'node_modules/uses-fs/index.js'), "module.exports = require('fs').readFileSync;\n");
    fs.writeFileSync(path.join(dir, 'entry.js'), "import os from 'node:os';\nimport read from 'uses-fs';\nimport other from 'other';\nconsole.log(os, read, other);\n");
    const r = await esbuild.build({ entryPoints: [path.join(dir, 'entry.js')], absWorkingDir: dir, bundle: true, platform: 'browser', write: false, metafile: true, external: ['node:os', 'other'], logLevel: 'silent' });
    const problems = check.checkWebBundle(r.metafile as Metafile);
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.match(problems.join('\n'), /imports the Node module 'node:os'/);
    assert.match(problems.join('\n'), /imports 'fs', which the browser build replaces with nothing/);
    assert.match(problems.join('\n'), /leaves 'other' to be loaded at run time/);
    // `vscode` is what the web extension host gives every extension.
    const ok = await esbuild.build({ stdin: { contents: "import * as vscode from 'vscode'; console.log(vscode);" }, bundle: true, platform: 'browser', write: false, metafile: true, external: ['vscode'], logLevel: 'silent' });
    assert.deepEqual(check.checkWebBundle(ok.metafile as Metafile), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the manifest gives vscode.dev the web extension, packages it and says what works in a virtual workspace', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    browser: string;
    capabilities: { virtualWorkspaces: { supported: unknown; description: string }; untrustedWorkspaces: { supported: unknown } };
  };
  assert.equal(pkg.browser, './dist/web/extension.js');
  assert.equal(pkg.capabilities.virtualWorkspaces.supported, 'limited');
  assert.match(pkg.capabilities.virtualWorkspaces.description, /vscode\.dev/);
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
  const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
  assert.ok(ignore.includes('!dist/web/*.js'));
});
