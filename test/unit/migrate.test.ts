import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

/**
 * `ha-guide migrate` as a child process (dist/cli.js, built by `node esbuild.mjs`) on temporary copies:
 * diff by default and nothing written, `--write` rewrites, malformed input leaves the file unchanged,
 * exit codes like lint (0 all converted, 1 a diagram not converted, 2 bad usage or unreadable input).
 */
const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const CORPUS = path.resolve(process.env.HA_GUIDE_CORPUS ?? path.join(ROOT, '..', 'shared', 'corpus'));
const DESIGNATE = path.join(CORPUS, 'files/openstack/designate@61b408287f/doc/source/admin/ha.rst');
const skipCorpus = fs.existsSync(DESIGNATE) ? false : `corpus not found at ${CORPUS}`;

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-migrate-'));
}

/** Applies a unified diff of whole files (as `patch -p0` would) to the files under `cwd`. */
function applyDiff(diff: string, cwd: string): void {
  const files = diff.split(/^(?=--- )/m).filter((s) => s.startsWith('--- '));
  for (const f of files) {
    const [minus, plus, ...rest] = f.split('\n');
    const target = path.join(cwd, plus.slice(4));
    const old = minus === '--- /dev/null' ? [] : fs.readFileSync(target, 'utf8').split('\n');
    const out: string[] = [];
    let at = 0;
    for (let i = 0; i < rest.length; i++) {
      const m = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(rest[i]);
      if (!m) continue;
      const start = Number(m[2]) === 0 ? Number(m[1]) : Number(m[1]) - 1;
      out.push(...old.slice(at, start));
      at = start;
      for (i++; i < rest.length && /^[ +-]/.test(rest[i]); i++) {
        const line = rest[i].slice(1);
        if (rest[i][0] === ' ') {
          assert.equal(old[at], line, `context of ${target} at line ${at + 1}`);
          out.push(line);
          at++;
        } else if (rest[i][0] === '-') {
          assert.equal(old[at], line, `removed line of ${target} at line ${at + 1}`);
          at++;
        } else out.push(line);
      }
      i--;
    }
    out.push(...old.slice(at));
    fs.writeFileSync(target, out.join('\n') + (minus === '--- /dev/null' ? '\n' : ''));
  }
}

test('diff by default: a unified diff on stdout, the summary on stderr, nothing written', { skip: skipCorpus }, () => {
  const dir = tmpDir();
  const file = path.join(dir, 'ha.rst');
  fs.copyFileSync(DESIGNATE, file);
  const before = fs.readFileSync(file, 'utf8');
  const r = run(['migrate', 'ha.rst'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fs.readFileSync(file, 'utf8'), before, 'nothing written');
  assert.ok(r.stdout.startsWith('--- ha.rst\n+++ ha.rst\n@@ -18,20 +18,23 @@\n \n * AMQP\n \n-.. blockdiag::\n+.. graphviz::\n'), r.stdout.slice(0, 300));
  assert.equal(r.stdout.match(/^@@ /gm)?.length, 6);
  assert.equal(
    r.stderr,
    ['21:1', '70:1', '102:1', '135:1', '166:1', '208:1'].map((at) => `ha.rst:${at}: blockdiag converted\n`).join('') +
      'ha-guide migrate: 6 converted, 0 converted with notes, 0 failed; nothing written (use --write to apply)\n',
  );

  // The diff is exactly what --write does.
  const copy = path.join(dir, 'copy');
  fs.mkdirSync(copy);
  fs.copyFileSync(DESIGNATE, path.join(copy, 'ha.rst'));
  applyDiff(r.stdout, copy);
  const w = run(['migrate', 'ha.rst', '--write'], dir);
  assert.equal(w.code, 0, w.stderr);
  assert.equal(w.stderr, '');
  assert.match(w.stdout, /ha-guide migrate: 6 converted, 0 converted with notes, 0 failed; 1 file\(s\) rewritten\n$/);
  const written = fs.readFileSync(file, 'utf8');
  assert.equal(fs.readFileSync(path.join(copy, 'ha.rst'), 'utf8'), written);
  assert.equal(written.match(/^\.\. graphviz::$/gm)?.length, 6);
  assert.doesNotMatch(written, /blockdiag/);

  // The rewritten guide is clean for lint, and a second migrate has nothing to do.
  const lint = run(['lint', 'ha.rst'], dir);
  assert.equal(lint.stdout, '');
  assert.equal(lint.code, 0);
  const again = run(['migrate', 'ha.rst', '--write'], dir);
  assert.equal(again.code, 0);
  assert.equal(again.stdout, 'ha-guide migrate: no blockdiag, seqdiag, actdiag or nwdiag directive found\n');
  assert.equal(fs.readFileSync(file, 'utf8'), written);
});

const GOOD = '.. blockdiag::\n\n   blockdiag {\n     A -> B;\n   }\n';
const BROKEN = '.. blockdiag::\n   :caption: Broken\n\n   blockdiag {\n     A -> B [label = "x" color = red];\n   }\n';

test('a malformed diagram: its position and why, exit 1, and the file left unchanged even with --write', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'guide.rst');
  const text = `Guide\n=====\n\n${GOOD}\nMore.\n\n${BROKEN}`;
  fs.writeFileSync(file, text);
  for (const args of [['migrate', 'guide.rst'], ['migrate', '--write', 'guide.rst']]) {
    const r = run(args, dir);
    assert.equal(r.code, 1);
    assert.equal(r.stdout.includes('---'), false, 'no diff for a file that is not converted');
    const report = args.includes('--write') ? r.stdout : r.stderr;
    assert.match(report, /^guide\.rst:16:26: blockdiag not converted: Expected "," or "\]" in the attribute list, found "color"$/m);
    assert.match(report, /^guide\.rst:4:1: blockdiag not converted: not applied: another diagram in this file is malformed$/m);
    assert.match(report, /0 converted, 0 converted with notes, 2 failed/);
    assert.equal(fs.readFileSync(file, 'utf8'), text);
  }
});

test('what Graphviz cannot draw (packetdiag) is reported and kept; the rest of the file is converted', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'mixed.rst');
  const packet = '.. packetdiag::\n\n   packetdiag {\n     0-15: Source Port\n   }\n';
  fs.writeFileSync(file, `${GOOD}\n${packet}`);
  const r = run(['migrate', '--write', 'mixed.rst'], dir);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^mixed\.rst:1:1: blockdiag converted$/m);
  assert.match(r.stdout, /^mixed\.rst:7:4: packetdiag not converted: packetdiag draws the fields of a packet, not a graph/m);
  assert.match(r.stdout, /1 converted, 0 converted with notes, 1 failed; 1 file\(s\) rewritten/);
  const after = fs.readFileSync(file, 'utf8');
  assert.ok(after.startsWith('.. graphviz::\n\n   digraph {\n'));
  assert.ok(after.endsWith(`\n${packet}`));
});

test('directories are searched for .rst; notes come with their positions; diagram files get a .dot next to them', () => {
  const dir = tmpDir();
  fs.mkdirSync(path.join(dir, 'doc/source/admin'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'doc/source/conf.py'), '# Sphinx\n');
  fs.writeFileSync(path.join(dir, 'doc/source/admin/flow.diag'), 'blockdiag {\n  A -> B [description = "d"];\n}\n');
  fs.writeFileSync(
    path.join(dir, 'doc/source/admin/seq.rst'),
    'Calls\n=====\n\n.. seqdiag::\n   :scale: 80%\n\n   seqdiag {\n     activation = none;\n     A -> B;\n   }\n\n.. blockdiag:: /admin/flow.diag\n   :caption: Flow\n',
  );
  const r = run(['migrate', 'doc'], dir);
  assert.equal(r.code, 0, r.stderr);
  const seq = 'doc/source/admin/seq.rst';
  assert.match(r.stderr, new RegExp(`^${seq}:4:1: seqdiag converted with notes\\n${seq}:7:4: note: seqdiag has no Graphviz counterpart`, 'm'));
  assert.match(r.stderr, new RegExp(`^${seq}:5:4: note: Sphinx's graphviz directive has no :scale: option; it was left out$`, 'm'));
  assert.match(r.stderr, new RegExp(`^${seq}:12:1: blockdiag converted with notes\\ndoc/source/admin/flow\\.diag:2:11: note: Edge descriptions`, 'm'));
  assert.match(r.stdout, /^--- \/dev\/null\n\+\+\+ doc\/source\/admin\/flow\.dot\n@@ -0,0 \+1,\d+ @@\n\+digraph \{/m);
  assert.match(r.stdout, /^-\.\. blockdiag:: \/admin\/flow\.diag\n\+\.\. graphviz:: \/admin\/flow\.dot\n {4}:caption: Flow$/m);
  assert.equal(fs.existsSync(path.join(dir, 'doc/source/admin/flow.dot')), false);

  const w = run(['migrate', '--write', 'doc'], dir);
  assert.equal(w.code, 0, w.stdout);
  const dot = fs.readFileSync(path.join(dir, 'doc/source/admin/flow.dot'), 'utf8');
  assert.match(dot, /^digraph \{\n[\s\S]*A -> B\n\}\n$/);
  const lint = run(['lint', 'doc'], dir);
  assert.equal(lint.stdout, '');
  assert.equal(lint.code, 0);
});

test('bad usage and unreadable input exit 2 with a clear message and write nothing', () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'ok.rst'), GOOD);
  const none = run(['migrate'], dir);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^ha-guide migrate: no file or directory given\n/);
  const opt = run(['migrate', '--force', 'ok.rst'], dir);
  assert.equal(opt.code, 2);
  assert.match(opt.stderr, /^ha-guide migrate: unknown option --force\n/);
  const missing = run(['migrate', '--write', 'ok.rst', 'missing.rst'], dir);
  assert.equal(missing.code, 2);
  assert.equal(missing.stdout, '');
  assert.equal(missing.stderr, 'ha-guide migrate: cannot read missing.rst: no such file or directory\n');
  assert.equal(fs.readFileSync(path.join(dir, 'ok.rst'), 'utf8'), GOOD, 'nothing written when an input is unreadable');
  const help = run(['migrate', '--help'], dir);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^usage: ha-guide migrate <file\|dir>\.\.\. \[--write\]/);
  assert.match(run(['--help'], dir).stdout, /migrate <file\|dir>\.\.\. \[--write\]/);
});
