import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../server/src/cli/cli';
import { defaultJobs } from '../../server/src/cli/lint';

/** The real `ha-guide` command, as built by `npm run build` (dist/cli.js), run as a child process. */
const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const SEED = path.join(ROOT, 'examples/ha.rst');

function run(args: string[], cwd = ROOT, timeout = 60000) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
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

test('a document deep in a Sphinx project outside the current folder and any repository: its conf.py is read', () => {
  const dir = tmpDir();
  fs.mkdirSync(path.join(dir, 'doc', 'admin'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'doc', 'conf.py'), "rst_epilog = '.. |product| replace:: HA Guide Studio'\n");
  fs.writeFileSync(path.join(dir, 'doc', 'index.rst'), 'Index\n=====\n\n.. toctree::\n\n   admin/ha\n');
  fs.writeFileSync(path.join(dir, 'doc', 'admin', 'ha.rst'), 'HA\n==\n\nBy |product|, see :doc:`../index`.\n');
  // Run from the repository's folder: the file is in neither it nor a repository of its own.
  const r = run(['lint', path.join(dir, 'doc', 'admin', 'ha.rst')]);
  assert.equal(r.stdout, '', 'the rst_epilog substitution and the document above are known');
  assert.equal(r.code, 0);
  fs.rmSync(path.join(dir, 'doc', 'conf.py'));
  assert.match(run(['lint', path.join(dir, 'doc', 'admin', 'ha.rst')]).stdout, /Undefined substitution referenced: "product"/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a build that reads conf.py from the folder above its sources (`sphinx -M html source build -c .`): the sources are the project, conf.py is read from above', () => {
  const dir = tmpDir();
  fs.mkdirSync(path.join(dir, '.git'));
  fs.mkdirSync(path.join(dir, 'source', 'guide'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'ext'));
  fs.writeFileSync(
    path.join(dir, 'conf.py'),
    "import os, sys\nsys.path.insert(0, os.path.abspath('ext'))\nextensions = ['localext']\nexclude_patterns = ['drafts/*']\nrst_epilog = open('epilog.rst').read()\n",
  );
  fs.writeFileSync(path.join(dir, 'epilog.rst'), '.. |product| replace:: HA Guide Studio\n');
  fs.writeFileSync(path.join(dir, 'ext', 'localext.py'), "def setup(app):\n    app.add_directive('redirect-from', object)\n");
  fs.writeFileSync(path.join(dir, 'Makefile'), 'OPTS = -c .\n%:\n\tpython3 -m sphinx -M $@ source build $(OPTS)\n');
  fs.writeFileSync(path.join(dir, 'shared.txt'), 'Shared text by |product|, see :doc:`/guide/install`.\n');
  fs.writeFileSync(path.join(dir, 'source', 'index.rst'), 'Index\n=====\n\n.. toctree::\n\n   guide/install\n\n.. include:: ../shared.txt\n');
  fs.writeFileSync(path.join(dir, 'source', 'logo.png'), '');
  fs.writeFileSync(
    path.join(dir, 'source', 'guide', 'install.rst'),
    '.. redirect-from::\n\n   old/install\n\nInstall\n=======\n\n|product|: see :doc:`../index`.\n\n.. image:: /logo.png\n',
  );
  fs.mkdirSync(path.join(dir, 'source', 'drafts'));
  fs.writeFileSync(path.join(dir, 'source', 'drafts', 'wip.rst'), 'WIP\n===\n\nSee `nowhere`_.\n');
  const r = run(['lint', '--format', 'json', 'source'], dir);
  // Relative to the repository's top: `../index` and `/logo.png` not found, `drafts/*` not excluded, and more.
  assert.deepEqual(JSON.parse(r.stdout), [], 'documents of source/, with the names and extensions of ../conf.py');
  assert.equal(r.code, 0);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('an unpacked release tarball (no .git): its documents read the source tree around doc/source', () => {
  const dir = tmpDir();
  const source = path.join(dir, 'pkg-1.0', 'doc', 'source');
  fs.mkdirSync(source, { recursive: true });
  fs.mkdirSync(path.join(dir, 'pkg-1.0', 'etc'));
  fs.writeFileSync(path.join(dir, 'pkg-1.0', 'setup.cfg'), '[metadata]\nname = pkg\n');
  fs.writeFileSync(path.join(dir, 'pkg-1.0', 'CONTRIBUTING.rst'), 'Contributing\n============\n\nSend patches.\n');
  fs.writeFileSync(path.join(dir, 'pkg-1.0', 'etc', 'pkg.conf'), '[DEFAULT]\nworkers = 2\n');
  fs.writeFileSync(path.join(source, 'conf.py'), "project = 'pkg'\n");
  fs.writeFileSync(path.join(source, 'index.rst'), 'Index\n=====\n\n.. include:: ../../CONTRIBUTING.rst\n\n.. literalinclude:: /../../etc/pkg.conf\n');
  // Run in doc/source, as `tox -e docs` and a user do.
  const clean = run(['lint', '.'], source);
  assert.equal(clean.stdout, '', 'the tree around doc/source is the project');
  assert.equal(clean.code, 0);
  // Without its packaging file the folder is not known as a source tree: the current folder is the project.
  fs.rmSync(path.join(dir, 'pkg-1.0', 'setup.cfg'));
  const outside = run(['lint', '.'], source);
  assert.match(outside.stdout, /index\.rst:4:14: warning rst\.file-outside-project '\.\.\/\.\.\/CONTRIBUTING\.rst' is outside the project/);
  assert.match(outside.stdout, /index\.rst:6:21: warning rst\.file-outside-project '\/\.\.\/\.\.\/etc\/pkg\.conf' is outside the project/);
  // Never more than two folders above conf.py: a pyproject.toml in the folder above the tree is not its top.
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "home"\n');
  assert.equal(run(['lint', '.'], source).stdout, outside.stdout);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('text format: path:line:col: severity code message, 1-based; warnings alone exit 0', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'short.rst');
  fs.writeFileSync(file, fs.readFileSync(SEED, 'utf8').replace('designate-api\n=============', 'designate-api\n========'));
  const r = run(['lint', file]);
  assert.equal(r.stdout, `${file}:14:1: warning rst.title-underline-too-short Title underline too short.\n`);
  assert.equal(r.code, 0);
});

test("text format: one line a record, an included file named as its includer is (absolute or relative), a substitution's missing image an image", () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'conf.py'), 'project = "x"\n');
  fs.mkdirSync(path.join(dir, 'inc'));
  fs.writeFileSync(path.join(dir, 'inc', 'part.txt'), 'Part `bad\n');
  fs.writeFileSync(path.join(dir, 'index.rst'), 'Index\n=====\n\n.. |x| image:: missing.png\n\n|x| and :term:`some\nterm`.\n\n.. include:: inc/part.txt\n');
  const expected = (at: string) => [
    `${at}/index.rst:4:16: warning sphinx.image-not-found image file not readable: missing.png`,
    `${at}/index.rst:6:16: warning sphinx.undefined-term term not in glossary: 'some term'`,
    `${at}/inc/part.txt:1:6: warning rst.inline-unterminated Inline interpreted text or phrase reference start-string without end-string.`,
    '',
  ].join('\n');
  assert.equal(run(['lint', dir]).stdout, expected(dir));
  assert.equal(run(['lint', path.basename(dir)], path.dirname(dir)).stdout, expected(path.basename(dir)));
  // JSON keeps the message as the checks wrote it.
  const json = JSON.parse(run(['lint', '--format', 'json', dir]).stdout) as { message: string }[];
  assert.equal(json[1].message, "term not in glossary: 'some term'");
});

test("a README no Sphinx build reads names its images by address (tornado's `docs/tornado.png?raw=true`); in a Sphinx project the whole argument is the file's name", () => {
  const dir = tmpDir();
  fs.mkdirSync(path.join(dir, 'docs'));
  fs.writeFileSync(path.join(dir, 'docs', 'logo.png'), 'png');
  fs.writeFileSync(path.join(dir, 'README.rst'), 'Project\n=======\n\n.. image:: docs/logo.png?raw=true\n\n.. image:: docs/gone.png?raw=true\n');
  assert.equal(run(['lint', 'README.rst'], dir).stdout, 'README.rst:6:12: warning sphinx.image-not-found image file not readable: docs/gone.png?raw=true\n');
  fs.writeFileSync(path.join(dir, 'conf.py'), 'project = "x"\n');
  assert.equal(run(['lint', 'README.rst'], dir).stdout.split('\n').filter((l) => l.includes('image-not-found')).length, 2);
});

test('lint of a folder checks the paths and references of the files its documents include (.inc, an excluded .rst), from the including document', () => {
  const dir = tmpDir();
  const src = path.join(dir, 'doc', 'source');
  fs.mkdirSync(path.join(src, 'api', 'samples'), { recursive: true });
  fs.mkdirSync(path.join(src, 'parts'), { recursive: true });
  fs.writeFileSync(path.join(src, 'conf.py'), 'exclude_patterns = ["parts"]\n');
  fs.writeFileSync(path.join(src, 'index.rst'), 'Index\n=====\n\n.. toctree::\n\n   api/servers\n');
  fs.writeFileSync(path.join(src, 'api', 'servers.rst'), 'Servers\n=======\n\n.. include:: servers.inc\n\n.. include:: ../parts/notes.rst\n');
  // api-ref's layout: samples beside the document that includes the .inc file.
  fs.writeFileSync(path.join(src, 'api', 'servers.inc'), 'List\n----\n\n.. literalinclude:: samples/list.json\n\n.. literalinclude:: samples/gone.json\n\nSee :ref:`nolabel`.\n');
  fs.writeFileSync(path.join(src, 'api', 'samples', 'list.json'), '{}\n');
  // Read as part of api/servers.rst: `servers` is api/servers, as Sphinx joins a docname to the document it builds.
  fs.writeFileSync(path.join(src, 'parts', 'notes.rst'), 'Notes: :doc:`servers`, :doc:`/index` and :doc:`missing`.\n');
  assert.deepEqual(run(['lint', 'doc/source'], dir).stdout.trim().split('\n'), [
    "doc/source/api/servers.inc:6:21: warning sphinx.include-not-found Include file 'samples/gone.json' not found or reading it failed",
    "doc/source/api/servers.inc:8:11: warning sphinx.undefined-label undefined label: 'nolabel'",
    "doc/source/parts/notes.rst:1:48: warning sphinx.unknown-document unknown document: 'missing'",
  ]);
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

test('a Graphviz file named on the command line is checked as one diagram, as the editor checks it', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'flow.dot');
  fs.writeFileSync(file, 'digraph {\n  a [shape=record, label="<in> a|<out> b"];\n  a:ot -> b;\n  b -> c [colr=red];\n}\n');
  const r = run(['lint', '--format', 'json', file]);
  const records = JSON.parse(r.stdout).map((x: { line: number; column: number; code: string }) => [x.line, x.column, x.code]);
  // Not read as reStructuredText (which would see a definition list): the port and the attribute.
  assert.deepEqual(records, [
    [3, 5, 'dot.unknown-port'],
    [4, 11, 'dot.unknown-attribute'],
  ]);
  assert.equal(r.code, 0);
  fs.writeFileSync(path.join(dir, 'broken.gv'), 'digraph { a -> }\n');
  const broken = run(['lint', path.join(dir, 'broken.gv')]);
  assert.match(broken.stdout, /broken\.gv:1:\d+: error dot\.syntax /);
  assert.equal(broken.code, 1);
  fs.rmSync(dir, { recursive: true, force: true });
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
  for (const args of [[], ['lint'], ['lint', '--format', 'xml', SEED], ['lint', '--bogus', SEED], ['lint', '--jobs', '0', SEED], ['frobnicate']]) {
    const r = run(args);
    assert.equal(r.code, 2, `ha-guide ${args.join(' ')}`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /usage: ha-guide|--format takes text or json|--jobs takes|unknown option|unknown command/);
  }
  const help = run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: ha-guide/);
});

const CORPUS = path.resolve(process.env.HA_GUIDE_CORPUS ?? path.join(ROOT, '..', 'shared', 'corpus'));

test('--jobs 2 prints the same records in the same order as --jobs 1, with the same exit code (the corpus)', { skip: fs.existsSync(path.join(CORPUS, 'files')) ? false : `corpus not found at ${CORPUS}` }, () => {
  const files = path.join(CORPUS, 'files');
  // A guard against a hang only (the machine may be shared): never a time budget.
  const serial = run(['lint', '--jobs', '1', files], ROOT, 600_000);
  const parallel = run(['lint', '--jobs=2', files], ROOT, 600_000);
  assert.equal(serial.stderr, '');
  assert.equal(parallel.stderr, '');
  assert.ok(serial.stdout.split('\n').length > 1000, `the corpus gives many records (${serial.stdout.split('\n').length} lines)`);
  assert.equal(parallel.stdout, serial.stdout);
  assert.equal(serial.code, 1);
  assert.equal(parallel.code, serial.code);
});

test('--jobs: json output and exit code are the same serial and parallel; a bad value exits 2', () => {
  const dir = tmpDir();
  for (let i = 0; i < 6; i++) {
    fs.writeFileSync(path.join(dir, `f${i}.rst`), `.. _label-${i}:\n\nTitle ${i}\n========\n\nSee :ref:\`label-${(i + 1) % 7}\` and \`x${i}\`_.\n\n.. graphviz::\n\n   digraph { a -> b [colr=red] }\n`);
  }
  const serial = run(['lint', '--format', 'json', '--jobs', '1', dir]);
  const parallel = run(['lint', '--format', 'json', '-j', '3', dir]);
  const codes = JSON.parse(serial.stdout).map((r: { file: string; code: string }) => `${path.basename(r.file)} ${r.code}`);
  assert.deepEqual(codes.filter((c: string) => c.endsWith('undefined-label')), ['f5.rst sphinx.undefined-label']);
  assert.equal(codes.filter((c: string) => c.endsWith('rst.unknown-target')).length, 6);
  assert.equal(codes.filter((c: string) => c.startsWith('f0.rst dot.')).length, 1, codes.join('\n'));
  assert.equal(parallel.stdout, serial.stdout);
  assert.equal(parallel.stderr, '');
  assert.equal(serial.code, 1);
  assert.equal(parallel.code, 1);
  // Nothing to check: an empty list, whatever the number of threads.
  const empty = tmpDir();
  for (const jobs of ['1', '2']) {
    const r = run(['lint', '--format', 'json', '--jobs', jobs, empty]);
    assert.equal(r.stdout, '[]\n');
    assert.equal(r.code, 0);
  }
  for (const bad of [['--jobs', '0'], ['--jobs', 'x'], ['--jobs'], ['--jobs=-1']]) {
    const r = run(['lint', ...bad, dir]);
    assert.equal(r.code, 2, bad.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /--jobs takes a whole number of at least 1/);
  }
});

test('labels resolve within a project: never across two repositories, nor across inputs outside any repository', () => {
  const dir = tmpDir();
  const doc = (label: string, ref: string) => `.. _${label}:\n\nTitle\n=====\n\nSee :ref:\`${ref}\`.\n`;
  // Two repositories without conf.py: the same label in each is no duplicate (Sphinx reports a duplicate on the
  // later instance); a label of the other repository is unknown.
  for (const repo of ['one', 'two']) {
    fs.mkdirSync(path.join(dir, 'repos', repo, '.git'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'repos', repo, 'doc'), { recursive: true });
  }
  fs.writeFileSync(path.join(dir, 'repos/one/doc/a.rst'), doc('intro', 'only-two'));
  fs.writeFileSync(path.join(dir, 'repos/one/doc/b.rst'), doc('intro', 'intro'));
  fs.writeFileSync(path.join(dir, 'repos/two/doc/c.rst'), doc('intro', 'intro'));
  fs.writeFileSync(path.join(dir, 'repos/two/doc/d.rst'), doc('only-two', 'intro'));
  // Outside any repository: each input is a project of its own.
  fs.mkdirSync(path.join(dir, 'loose/x'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'loose/y'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'loose/x/e.rst'), doc('shared', 'only-y'));
  fs.writeFileSync(path.join(dir, 'loose/y/f.rst'), doc('shared', 'shared'));
  fs.writeFileSync(path.join(dir, 'loose/y/g.rst'), doc('only-y', 'shared'));
  const expected = [
    "repos/one/doc/a.rst sphinx.undefined-label undefined label: 'only-two'",
    'repos/one/doc/b.rst sphinx.duplicate-label duplicate label intro, other instance in a.rst',
    "loose/x/e.rst sphinx.undefined-label undefined label: 'only-y'",
  ];
  for (const jobs of ['1', '2']) {
    const r = run(['lint', '--jobs', jobs, 'repos', 'loose/x', 'loose/y'], dir);
    assert.equal(r.stderr, '');
    const got = r.stdout
      .split('\n')
      .filter((l) => /duplicate-label|undefined-label/.test(l))
      .map((l) => l.replace(/:\d+:\d+: warning /, ' ').replace(/ \(did you mean.*$/, ''));
    assert.deepEqual(got, expected, `--jobs ${jobs}:\n${r.stdout}`);
  }
});

test('progress: on a terminal for 100 files or more, not with --format json, not when stderr is no terminal', async () => {
  const dir = tmpDir();
  for (let i = 0; i < 120; i++) fs.writeFileSync(path.join(dir, `f${String(i).padStart(3, '0')}.rst`), `Title ${i}\n=========\n\nText with \`a${i}\`_.\n`);
  const lint = async (args: string[], isTTY: boolean) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['lint', ...args, dir], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s), isTTY } });
    return { code, stdout, stderr };
  };
  const tty = await lint([], true);
  const plain = await lint([], false);
  const json = await lint(['--format', 'json'], true);
  const ttyParallel = await lint(['--jobs', '2'], true);
  assert.equal(tty.code, 1);
  assert.equal(tty.stdout.split('\n').length, 121);
  assert.equal(tty.stdout, plain.stdout);
  assert.equal(ttyParallel.stdout, plain.stdout);
  assert.equal(plain.stderr, '');
  assert.equal(json.stderr, '');
  for (const r of [tty, ttyParallel]) {
    assert.match(r.stderr, /^\rha-guide lint: 1\/120 files \(0%\)\rha-guide lint: 2\/120 files \(1%\)/);
    assert.match(r.stderr, /\rha-guide lint: 120\/120 files \(100%\)\r\x1b\[K$/);
    assert.ok(!r.stderr.includes('\n'), 'progress stays on one line');
  }
});

test('--jobs by default: one thread per idle core, one core left for Graphviz and the records, at least one', () => {
  const cases: [cores: number, load: number, jobs: number][] = [
    [1, 0, 1],
    [2, 0, 1],
    [2, 1.3, 1],
    [4, 0, 3],
    [4, 0.4, 3],
    [4, 1.6, 2],
    [4, 3.9, 1],
    [8, 12, 1],
    [16, 2.2, 14],
  ];
  for (const [cores, load, jobs] of cases) assert.equal(defaultJobs(cores, load), jobs, `${cores} cores, load ${load}`);
});

test('lint does not load what only render and preview use (the HTTP server, the MIME table, the highlighter)', () => {
  // In a process of its own, through the compiled modules: what `require` loaded is in its cache.
  const cliModule = path.join(ROOT, 'out/server/src/cli/cli.js');
  const script = `
const { runCli } = require(${JSON.stringify(cliModule)});
const sink = { write() { return true; }, isTTY: false };
runCli(['lint', ${JSON.stringify(SEED)}], { stdout: sink, stderr: sink }).then(async (code) => {
  const loaded = () => Object.keys(require.cache).filter((k) => /[\\\\/]cli[\\\\/](preview|render)\\.js$|[\\\\/]mime-types[\\\\/]|[\\\\/]highlight\\.js[\\\\/]/.test(k)).map((k) => k.replace(/.*node_modules[\\\\/]/, ''));
  const lint = loaded();
  await runCli(['render', ${JSON.stringify(SEED)}, '-o', ${JSON.stringify(path.join(os.tmpdir(), `ha-guide-cli-render-${process.pid}.html`))}], { stdout: sink, stderr: sink });
  console.log(JSON.stringify({ code, lint, render: loaded().length }));
});`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { code: number; lint: string[]; render: number };
  assert.equal(out.code, 0);
  assert.deepEqual(out.lint, []);
  // The check can see them: render loads its module, the MIME table and the highlighter.
  assert.ok(out.render >= 3, `render loaded ${out.render} of them`);
  fs.rmSync(path.join(os.tmpdir(), `ha-guide-cli-render-${process.pid}.html`), { force: true });
});
