import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

/** The real `ha-guide` command, as built by `npm run build` (dist/cli.js), run as a child process. */
const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const SEED = path.join(ROOT, 'examples/ha.rst');

function run(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-cli-'));
}

test('lint of the seed guide prints nothing and exits 0', () => {
  const r = run(['lint', SEED]);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
});

test('text format: path:line:col: severity code message, 1-based; warnings alone exit 0', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'short.rst');
  fs.writeFileSync(file, fs.readFileSync(SEED, 'utf8').replace('designate-api\n=============', 'designate-api\n========'));
  const r = run(['lint', file]);
  assert.equal(r.stdout, `${file}:14:1: warning rst.title-underline-too-short Title underline too short.\n`);
  assert.equal(r.code, 0);
});

test('json format has every field, errors exit 1', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'bad.rst');
  fs.writeFileSync(file, 'Title\n=====\n\nSee `nowhere`_.\n');
  const r = run(['lint', '--format', 'json', file]);
  assert.equal(r.code, 1);
  const records = JSON.parse(r.stdout);
  assert.deepEqual(records, [
    {
      file,
      line: 4,
      column: 6,
      endLine: 4,
      endColumn: 13,
      severity: 'error',
      code: 'rst.unknown-target',
      source: 'rst',
      message: 'Unknown target name: "nowhere".',
    },
  ]);
});

test('a directory is searched for *.rst files, in a stable order', () => {
  const dir = tmpDir();
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.writeFileSync(path.join(dir, 'b.rst'), 'Title\n===\n\nx\n');
  fs.writeFileSync(path.join(dir, 'sub', 'a.rst'), '.. grapviz::\n');
  fs.writeFileSync(path.join(dir, 'ignored.txt'), '.. grapviz::\n');
  const r = run(['lint', '--format=json', dir]);
  const files = JSON.parse(r.stdout).map((x: { file: string; code: string }) => [path.relative(dir, x.file), x.code]);
  assert.deepEqual(files, [['sub/a.rst', 'rst.unknown-directive']]);
  assert.equal(r.code, 1);
});

test('unreadable input: a clear message, exit 2, nothing on stdout', () => {
  const r = run(['lint', '/nonexistent/ha.rst']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /cannot read \/nonexistent\/ha\.rst: no such file or directory/);
});

test('bad usage exits 2 with the usage text', () => {
  for (const args of [[], ['lint'], ['lint', '--format', 'xml', SEED], ['lint', '--bogus', SEED], ['frobnicate']]) {
    const r = run(args);
    assert.equal(r.code, 2, `ha-guide ${args.join(' ')}`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /usage: ha-guide|--format takes text or json|unknown option|unknown command/);
  }
  const help = run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: ha-guide/);
});
