import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { codeCacheDir } from '../../server/src/startup/codeCache';
import { startLspClient, type Published } from './lspClient';

/**
 * The language server's V8 code cache (server/src/startup/codeCache.ts): dist/server.js runs dist/serverMain.js
 * with the bytecode an earlier server compiled. Real servers over stdio, each in its own process, with the
 * cache in a temporary folder: the first writes the cache, the next reads it, one given a damaged file runs
 * without it and writes it anew; all publish the same diagnostics. The loader is also run on small bundles.
 */
const ROOT = path.resolve(__dirname, '../../..');
const EXAMPLE = path.join(ROOT, 'examples/ha.rst');
/** The example guide with an RST error and a DOT error, so that there are diagnostics of both kinds to compare. */
const TEXT = `${fs.readFileSync(EXAMPLE, 'utf8')}\n.. no-such-directive:: x\n\n.. graphviz::\n\n   digraph { a -> ; }\n`;
const LOADER = path.join(ROOT, 'out/server/src/startup/codeCache.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-code-cache-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A server started with `HA_GUIDE_CODE_CACHE=cache`: its log lines and the complete diagnostics of the example guide. */
async function serverRun(cache: string): Promise<{ log: string[]; diagnostics: Published['diagnostics'] }> {
  const log: string[] = [];
  const client = await startLspClient(null, {}, { env: { HA_GUIDE_CODE_CACHE: cache }, log });
  const uri = pathToFileURL(EXAMPLE).href;
  try {
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text: TEXT } });
    // The second publish of a version is the complete one (Graphviz's verdicts in).
    const mine = () => client.published.filter((p) => p.uri === uri && p.version === 1);
    for (let waits = 0; mine().length < 2; waits++) {
      if (waits > 300) throw new Error(`no complete diagnostics for ${uri}: ${JSON.stringify(client.published)}`);
      await client.nextPublish();
    }
    return { log, diagnostics: mine()[1].diagnostics };
  } finally {
    await client.stop(); // the cache is written at exit when the server ends before its timer
  }
}

const cacheFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.v8cache')) : []);

test('a server writes the code cache, the next one reads it, a damaged one is written anew; the diagnostics stay the same', async () => {
  const dir = path.join(tmp, 'server', 'nested'); // made by the server, parents too
  const first = await serverRun(dir);
  assert.ok(first.log.some((l) => l.startsWith('no code cache yet: it is written to ')), first.log.join('\n'));
  const files = cacheFiles(dir);
  assert.equal(files.length, 1, `one cache file: ${files.join(', ')}`);
  assert.match(files[0], /^serverMain-[0-9a-f]{24}\.v8cache$/);
  const file = path.join(dir, files[0]);
  const written = fs.readFileSync(file);
  assert.ok(written.length > 100_000, `the cache holds the compiled functions: ${written.length} bytes`);
  if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o600);

  const second = await serverRun(dir);
  assert.ok(second.log.includes(`compiled code read from the code cache ${file}`), second.log.join('\n'));
  assert.deepEqual(second.diagnostics, first.diagnostics);
  const sources = new Set(first.diagnostics.map((d) => d.source));
  assert.ok(first.diagnostics.length >= 2 && sources.size >= 2, `diagnostics of RST and DOT to compare: ${JSON.stringify(first.diagnostics)}`);

  // A damaged file (or one of another build): V8 turns it down, the server compiles as usual and writes it anew.
  const garbage = Buffer.alloc(written.length, 0x5a);
  fs.writeFileSync(file, garbage);
  const third = await serverRun(dir);
  assert.ok(third.log.some((l) => l.startsWith('no code cache yet (V8 turned the cache file down')), third.log.join('\n'));
  assert.deepEqual(third.diagnostics, first.diagnostics);
  assert.notDeepEqual(fs.readFileSync(file), garbage);
  assert.deepEqual(cacheFiles(dir), files);

  const fourth = await serverRun(dir);
  assert.ok(fourth.log.includes(`compiled code read from the code cache ${file}`), fourth.log.join('\n'));

  const off = await serverRun('off');
  assert.ok(off.log.includes('code cache off (HA_GUIDE_CODE_CACHE=off)'), off.log.join('\n'));
  assert.deepEqual(off.diagnostics, first.diagnostics);
});

/** Runs `runWithCodeCache` on a bundle in a child process (the same driver file each time: its flags key the cache). */
const DRIVER = path.join(tmp, 'driver.js');
fs.writeFileSync(
  DRIVER,
  `const [bundle, dir, writeAfterMs, wait] = process.argv.slice(2);
const { runWithCodeCache } = require(${JSON.stringify(LOADER)});
const status = runWithCodeCache(bundle, { dir, writeAfterMs: Number(writeAfterMs) });
console.log('loaded', status.state);
status.onChange = (s) => console.log('changed', s.state);
setTimeout(() => console.log('later', status.state, status.detail ?? ''), Number(wait));
`,
);
function runBundle(bundle: string, dir: string, writeAfterMs: number, wait = 0): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [DRIVER, bundle, dir, String(writeAfterMs), String(wait)], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the loader runs a bundle as its own module, writes the cache after its delay, and keeps the newest files only', () => {
  const dir = path.join(tmp, 'small');
  const bundle = path.join(tmp, 'bundle.js');
  // A shebang, module-relative require and __dirname, and exports: what esbuild's CommonJS bundles use.
  const body = (n: number) =>
    `#!/usr/bin/env node\nconst p = require('node:path');\nmodule.exports.n = ${n};\nconsole.log('ran', p.basename(__dirname) === p.basename(${JSON.stringify(tmp)}), __filename === ${JSON.stringify(bundle)}, typeof exports.n);\n`;
  fs.writeFileSync(bundle, body(1));
  const first = runBundle(bundle, dir, 0, 200);
  assert.equal(first.status, 0, first.stderr);
  // The server learns of the write (its log says so) when the timer wrote it.
  assert.equal(first.stdout, 'ran true true number\nloaded pending\nchanged written\nlater written \n');
  assert.equal(cacheFiles(dir).length, 1);
  const second = runBundle(bundle, dir, 0, 50);
  assert.equal(second.stdout, 'ran true true number\nloaded used\nlater used \n');

  // Each new text of the bundle has a file of its own; the four most recent are kept.
  for (let n = 2; n <= 6; n++) {
    fs.writeFileSync(bundle, body(n));
    assert.equal(runBundle(bundle, dir, 0, 50).stdout, 'ran true true number\nloaded pending\nchanged written\nlater written \n');
  }
  assert.equal(cacheFiles(dir).length, 4);

  // A process that ends before the delay writes its cache at exit, without calling back (its log is closing).
  const atExit = path.join(tmp, 'at-exit');
  assert.equal(runBundle(bundle, atExit, 60_000, 0).stdout, 'ran true true number\nloaded pending\nlater pending \n');
  assert.equal(cacheFiles(atExit).length, 1);
});

test('a bundle that throws runs once and fails as it would without the loader', () => {
  const dir = path.join(tmp, 'throws');
  const bundle = path.join(tmp, 'throws.js');
  const counter = path.join(tmp, 'count.txt');
  fs.writeFileSync(bundle, `require('node:fs').appendFileSync(${JSON.stringify(counter)}, 'x');\nthrow new Error('broken bundle');\n`);
  const r = runBundle(bundle, dir, 60_000);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /broken bundle/);
  assert.equal(fs.readFileSync(counter, 'utf8'), 'x');
});

test('a folder that cannot be written leaves the bundle running without a cache', () => {
  const blocker = path.join(tmp, 'a-file');
  fs.writeFileSync(blocker, '');
  const bundle = path.join(tmp, 'ok.js');
  fs.writeFileSync(bundle, `console.log('ran');\n`);
  const r = runBundle(bundle, path.join(blocker, 'cache'), 0, 100);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ran\nloaded pending\nchanged failed\nlater failed writing .*a-file.*cache/);
});

test('the cache folder: HA_GUIDE_CODE_CACHE, else the user cache folder of the platform', () => {
  assert.equal(codeCacheDir({ HA_GUIDE_CODE_CACHE: 'off' }, 'linux', '/home/u'), undefined);
  assert.equal(codeCacheDir({ HA_GUIDE_CODE_CACHE: ' ' }, 'linux', '/home/u'), undefined);
  assert.equal(codeCacheDir({ HA_GUIDE_CODE_CACHE: '/srv/c' }, 'linux', '/home/u'), path.resolve('/srv/c'));
  assert.equal(codeCacheDir({}, 'linux', '/home/u'), path.join('/home/u', '.cache', 'ha-guide-studio', 'code-cache'));
  assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/x' }, 'linux', '/home/u'), path.join('/x', 'ha-guide-studio', 'code-cache'));
  assert.equal(codeCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u'), path.join('/home/u', '.cache', 'ha-guide-studio', 'code-cache'));
  assert.equal(codeCacheDir({}, 'darwin', '/Users/u'), path.join('/Users/u', 'Library', 'Caches', 'ha-guide-studio', 'code-cache'));
  assert.equal(codeCacheDir({ LOCALAPPDATA: 'C:\\L' }, 'win32', 'C:\\U'), path.join('C:\\L', 'ha-guide-studio', 'code-cache'));
  assert.equal(codeCacheDir({}, 'linux', ''), undefined);
});

test('the command line runs with a code cache of its own for each set of V8 flags, and prints the same records with and without it', () => {
  const CLI = path.join(ROOT, 'dist/cli.js');
  const dir = path.join(tmp, 'cli');
  const broken = path.join(tmp, 'broken.rst');
  fs.writeFileSync(broken, TEXT);
  const run = (args: string[], cache: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, HA_GUIDE_CODE_CACHE: cache } });
  const mtimes = () => Object.fromEntries(cacheFiles(dir).map((f) => [f, fs.statSync(path.join(dir, f)).mtimeMs]));

  const off = run(['lint', broken], 'off');
  assert.equal(off.status, 1, off.stderr);
  assert.match(off.stdout, /rst\.unknown-directive/);
  assert.match(off.stdout, /dot\./);
  const first = run(['lint', broken], dir);
  assert.equal(first.stdout, off.stdout);
  assert.deepEqual(cacheFiles(dir).map((f) => f.replace(/-[0-9a-f]+\.v8cache$/, '')), ['cliMain']);
  const lintCache = mtimes();

  // `render` runs without lint's flag: a file of its own, and lint's is not written again (V8 took it).
  const out = path.join(tmp, 'rendered.html');
  const render = run(['render', broken, '-o', out], dir);
  assert.equal(render.status, 0, render.stderr);
  assert.equal(cacheFiles(dir).length, 2);
  const second = run(['lint', broken], dir);
  assert.equal(second.stdout, off.stdout);
  for (const [f, t] of Object.entries(lintCache)) assert.equal(mtimes()[f], t, `${f} was written again: V8 turned it down`);
});
