import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { doc8CodesFor, iniSection, readDoc8Config, toxDoc8Paths, toxRunsDoc8 } from '../../server/src/project/doc8';
import { ProjectKnowledge } from '../../server/src/project/project';

/**
 * doc8's checks (D001 to D005) where a project runs doc8, compared with doc8 itself (PyCQA/doc8 at e4d2539,
 * run on the same files): the expectations below are what it printed.
 */
const CLI = path.resolve(__dirname, '../../../dist/cli.js');

const LONG = 'This sentence is written on purpose to be longer than seventy-nine characters in all.';
const DOC = [
  'Title', '=====', '',
  LONG, // 4: D001, a paragraph's first line
  'A second line ' + LONG, // 5: D001, a paragraph's later line
  '',
  'See https://example.org/a/very/long/address/that/goes/on/and/on/for/ever/and/ever/more', // a URL
  '',
  'x'.repeat(90), // no space to break at
  '',
  '.. note::', '', '   ' + LONG, '', // a directive's region
  'Term line that is longer than seventy nine characters because it is a definition', '   Its definition.', '', // a term
  'Trailing space here.   ', // 18: D002
  '',
  '*\tTabbed item', // a tab after the bullet, not in the indentation
  '',
  'Literal::', '', '    ' + LONG, // 24: D001, the first line of a literal block of several
  '    ' + LONG, // the other lines of the block are left alone
  '',
  '\tIndented by a tab.', // 27: D003
  '',
  'Ends without newline.', // 29: D005
].join('\n');

function lint(dir: string): string[] {
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', 'doc'], { cwd: dir, encoding: 'utf8', timeout: 120000 });
  return (JSON.parse(r.stdout || '[]') as { file: string; line: number; code: string; message: string }[])
    .filter((x) => x.code.startsWith('doc8.'))
    .map((x) => `${x.line} ${x.message.split(' (')[0]}`);
}

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-doc8-'));
  for (const [rel, text] of Object.entries({ 'doc/index.rst': DOC, ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

test("doc8's line checks where tox.ini runs doc8, as doc8 reports them", () => {
  const dir = project({ 'tox.ini': '[tox]\n\n[testenv:docs]\ncommands =\n  doc8 doc\n' });
  // doc8 on this file: 4 D001, 5 D001, 18 D002, 24 D001, 27 D003, 29 D005.
  assert.deepEqual(lint(dir), ['4 D001 Line too long', '5 D001 Line too long', '18 D002 Trailing whitespace', '24 D001 Line too long', '27 D003 Tabulation used for indentation', '29 D005 No newline at end of file']);
  // Its configuration: a longer limit, a code ignored, a file ignored.
  fs.writeFileSync(path.join(dir, 'tox.ini'), '[tox]\n\n[testenv:docs]\ncommands = doc8 doc\n\n[doc8]\nmax-line-length = 99\nignore = D002,\n  D005\n');
  assert.deepEqual(lint(dir), ['27 D003 Tabulation used for indentation']);
  fs.writeFileSync(path.join(dir, 'setup.cfg'), '[doc8]\nignore-path = doc/index.rst\n');
  assert.deepEqual(lint(dir), ['27 D003 Tabulation used for indentation'], 'tox.ini comes first: its [doc8] is the one read');
  fs.writeFileSync(path.join(dir, 'tox.ini'), '[tox]\n\n[testenv:docs]\ncommands = doc8 doc\n');
  assert.deepEqual(lint(dir), [], "setup.cfg's ignore-path: the file is not checked");
  fs.rmSync(dir, { recursive: true, force: true });
});

test("D001 after a code-block as doc8 decides it: the smallest node holding a line (os_neutron's paragraphs after a console block)", () => {
  // docutils gives a code-block's literal block the line of the last blank line after its content, and doc8
  // takes it to run on for as many lines as the block has: a paragraph's first line there is its own smaller
  // node (reported), its next lines are the literal block's (left alone).
  const doc = [
    'Title', '=====', '',
    '.. code-block:: yaml', '', '  a: b', '  c: d', '  e: f', '  g: h', '',
    LONG, // 11: D001, the paragraph's first line
    'A second line ' + LONG, // inside the literal block's lines
    'A third line ' + LONG,
    '',
    '.. code-block:: text', '', '   one', '   two', '   three', '', '',
    'First line of a paragraph after two blank lines, ' + LONG, // 22: D001
    'A second line ' + LONG, // 23: the literal block's (its line is 21, the last blank line)
    'A third line ' + LONG, // 24: D001, past its three lines
    'A fourth line ' + LONG, // 25: D001
    '',
    '.. code-block:: text', '', '   single', '',
    LONG, // 31: D001, past the block's one line
    '',
  ].join('\n');
  const dir = project({ 'doc/index.rst': doc, 'tox.ini': '[tox]\n\n[testenv:docs]\ncommands = doc8 doc\n' });
  // doc8 (PyCQA/doc8 at its HEAD, with docutils 0.19) on this file: 11, 22, 24, 25 and 31.
  assert.deepEqual(lint(dir), ['11 D001 Line too long', '22 D001 Line too long', '24 D001 Line too long', '25 D001 Line too long', '31 D001 Line too long']);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("D001 before a code-block at a section's level (murano-specs): the block has a line of its own, so the section's start is not its range", () => {
  const doc = [
    'Title', '=====', '',
    'Para one line.',
    LONG, // 5: D001
    'Another line.',
    LONG, // 7: D001
    '',
    '.. code-block:: text', '', '   one', '   two', '   three', '   four', '   five', '   six', '   seven', '',
    'Section', '-------', '',
    '- item', '', '  .. code-block:: text', '', '     a', '     b', '     c', '     d', '     e', '     f', '     g', '',
    LONG, // 34: D001
    '',
  ].join('\n');
  const dir = project({ 'doc/index.rst': doc, 'tox.ini': '[tox]\n\n[testenv:docs]\ncommands = doc8 doc\n' });
  // doc8 (PyCQA/doc8 at its HEAD, with docutils 0.19) on this file: 5, 7 and 34.
  assert.deepEqual(lint(dir), ['5 D001 Line too long', '7 D001 Line too long', '34 D001 Line too long']);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("D001 in a section smaller than an earlier code-block's range (os_neutron's app-ovn.rst): the section, or a note in it, is the smallest node", () => {
  // docutils gives the first code-block's literal block the line of the blank line after it (39), and doc8 takes
  // it to run on for its 30 lines, to 68. The sections below are nodes of fewer lines (40 to 56, 56 to 69), and
  // so is the note (from its section's line, 41, to 49): on those lines doc8 takes them, not the literal block.
  const doc = [
    'Title', '=====', '',
    'Part', '----', '',
    '.. code-block:: console', '', ...Array.from({ length: 30 }, (_, i) => `  line ${i}`), '',
    'Next', '++++', '',
    'A first line.',
    LONG, // 44: D001, a later line of a paragraph, above a note
    'Another line.', '',
    '.. note::', '', '  A note.', '',
    '.. code-block:: console', '', '  one', '  two', '',
    'Last', '++++', '',
    'A first line.', 'Another one.',
    LONG, // 61: D001, above a code-block that ends the section
    '',
    '.. code-block:: console', '', '  a', '  b', '  c', '',
  ].join('\n');
  const dir = project({ 'doc/index.rst': doc, 'tox.ini': '[tox]\n\n[testenv:docs]\ncommands = doc8 doc\n' });
  // doc8 0.10.1 (docutils 0.19) on this file: 44 and 61.
  assert.deepEqual(lint(dir), ['44 D001 Line too long', '61 D001 Line too long']);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("D001 with allow-long-titles (shapely's [tool.doc8]): a paragraph's later lines in a section's body are in the section's node alone, a title node for doc8, so it leaves them alone", () => {
  const doc = [
    'Before any title, a paragraph', LONG, 'ends.', '', // 2: in no node at all: D001
    'Title', '=====', '',
    LONG, 'Second line ' + LONG, 'Third line ' + LONG, '', // 8: the paragraph's own line: D001; 9 and 10: the section's
    'Short paragraph.', '',
    'Hashing', '-------', '',
    'One line.', 'Two ' + LONG, 'three.', '', // 18: the note below reaches back over it, a smaller node: D001
    '.. note:: A note.', '',
    'Last', '----', '',
    'Last paragraph.', 'Later ' + LONG, '', // 27: past the last line of any node of the section: D001
  ].join('\n');
  const dir = project({ 'doc/index.rst': doc, 'tox.ini': '[tox]\n\n[testenv:docs]\ncommands = doc8 doc\n\n[doc8]\nallow-long-titles = true\n' });
  try {
    // doc8 (PyCQA/doc8, whose D001 is the same at e4d2539 and in 0.10) on this file, with --allow-long-titles: 2, 8, 18 and 27.
    assert.deepEqual(lint(dir), ['2 D001 Line too long', '8 D001 Line too long', '18 D001 Line too long', '27 D001 Line too long']);
    // Without it: 9 and 10 too.
    fs.writeFileSync(path.join(dir, 'tox.ini'), '[tox]\n\n[testenv:docs]\ncommands = doc8 doc\n');
    assert.deepEqual(lint(dir).map((l) => l.split(' ')[0]), ['2', '8', '9', '10', '18', '27']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the options of tox.ini's doc8 command apply to the files it reads (venus: `doc8 --ignore D001 doc/source README.rst`)", () => {
  const dir = project({ 'tox.ini': '[tox]\n\n[testenv:pep8]\ncommands =\n  doc8 --ignore D001,D005 doc\n' });
  // doc8 --ignore D001,D005 on this file: 18 D002, 27 D003.
  assert.deepEqual(lint(dir), ['18 D002 Trailing whitespace', '27 D003 Tabulation used for indentation']);
  fs.writeFileSync(path.join(dir, 'tox.ini'), '[tox]\n\n[testenv:pep8]\ncommands =\n  doc8 --max-line-length=200 --ignore-path-errors "doc/index.rst;D003" doc\n  doc8 README.rst\n');
  assert.deepEqual(lint(dir), ['18 D002 Trailing whitespace', '29 D005 No newline at end of file']);
  // A command that does not read the file: its options do not apply to it.
  fs.writeFileSync(path.join(dir, 'tox.ini'), '[tox]\n\n[testenv:pep8]\ncommands =\n  doc8 --ignore D001 README.rst\n  doc8 doc\n');
  assert.deepEqual(lint(dir), ['4 D001 Line too long', '5 D001 Line too long', '18 D002 Trailing whitespace', '24 D001 Line too long', '27 D003 Tabulation used for indentation', '29 D005 No newline at end of file']);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("doc8 reads only the paths tox.ini's doc8 commands name (kolla-ansible: `doc8 doc/source`, its specs/ and README.rst unchecked)", () => {
  const long = `Title\n=====\n\n${LONG}\n`;
  const files = (commands: string, config = '') => ({ 'tox.ini': `[tox]\n\n[testenv:linters]\ncommands =\n${commands}\n${config}`, 'specs/a.rst': long, 'README.rst': long, 'doc/source/b.rst': long });
  const lintAll = (dir: string) => {
    const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8', timeout: 120000 });
    return (JSON.parse(r.stdout || '[]') as { file: string; line: number; code: string }[]).filter((x) => x.code.startsWith('doc8.')).map((x) => `${x.file}:${x.line}`);
  };
  for (const [commands, config, want] of [
    ["  doc8 doc/source\n  reno lint\n  doc8 -e '.yaml' releasenotes/notes/", '\n[doc8]\nignore-path = doc/source/other.rst\n', ['doc/source/b.rst:4']],
    ['  doc8 --ignore D002 {toxinidir}/doc README.rst', '', ['README.rst:4', 'doc/source/b.rst:4']],
    ['  doc8 {posargs}', '', ['README.rst:4', 'doc/source/b.rst:4', 'specs/a.rst:4']],
  ] as const) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-doc8-paths-'));
    for (const [rel, text] of Object.entries(files(commands, config))) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    assert.deepEqual(lintAll(dir).sort(), [...want], commands);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // The command lines as doc8 and tox read them.
  assert.deepEqual(toxDoc8Paths('commands =\n  doc8 -e .txt --max-line-length 99 ./doc/ {posargs:api-ref/source README.rst}\n'), ['doc', 'api-ref/source', 'README.rst']);
  assert.deepEqual(toxDoc8Paths('  doc8 README.rst \\\n    doc/source\n'), ['README.rst', 'doc/source'], 'a continued line');
  for (const whole of ['  doc8', '  doc8 .', '  doc8 {toxinidir}', '  doc8 doc\n  doc8 -q', 'deps = doc8>=0.8']) assert.equal(toxDoc8Paths(whole), undefined, whole);
  // flake8's tox.ini: `doc8` is a requirement under `deps =` too; only the command line says what doc8 reads.
  const flake8 = '[testenv:doc8]\nskip_install = true\ndeps =\n    sphinx\n    doc8\ncommands =\n    doc8 docs/source/\n\n[testenv:pre-commit]\ndeps = pre-commit\n';
  assert.deepEqual(toxDoc8Paths(flake8), ['docs/source']);
  assert.equal(toxRunsDoc8(flake8), true);
  const requirementOnly = '[testenv:linters]\ndeps =\n    doc8\n    flake8\ncommands =\n    flake8 src\n';
  assert.equal(toxRunsDoc8(requirementOnly), false, 'doc8 required, never run');
  assert.equal(toxDoc8Paths(requirementOnly), undefined);
});

test("doc8 run by pre-commit reads the files its hook's patterns take, with the hook's arguments (neutron: the files under `exclude` unchecked)", () => {
  const long = `Title\n=====\n\n${LONG}\n`;
  const hook = (lines: string, top = '') => `${top}repos:\n  - repo: https://github.com/PyCQA/doc8\n    rev: v2.0.0\n    hooks:\n      - id: doc8\n${lines}`;
  const lintAll = (dir: string) => {
    const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8', timeout: 120000 });
    return (JSON.parse(r.stdout || '[]') as { file: string; line: number; code: string }[]).filter((x) => x.code.startsWith('doc8.')).map((x) => `${x.file}:${x.line} ${x.code}`).sort();
  };
  const neutronExclude = '        exclude: |\n          (?x)(\n            doc/source/admin/old.rst\n            | doc/source/contributor/policies/bugs.rst\n          )\n';
  for (const [name, files, want] of [
    // neutron: [doc8] in tox.ini, no tox command runs it; the hook leaves out the files it lists.
    ['exclude', { 'tox.ini': '[tox]\n\n[doc8]\nmax-line-length = 79\n', '.pre-commit-config.yaml': hook(neutronExclude) }, ['doc/source/index.rst:4 doc8.line-too-long']],
    // The hook alone (no configuration, no tox command): doc8's defaults, on the files it takes.
    ['files', { '.pre-commit-config.yaml': hook("        files: '^doc/source/admin/'\n") }, ['doc/source/admin/old.rst:4 doc8.line-too-long']],
    // The configuration's top-level exclude applies to every hook.
    ['top-level exclude', { 'tox.ini': '[doc8]\n', '.pre-commit-config.yaml': hook('', "exclude: '^doc/source/(admin|contributor)/'\n") }, ['doc/source/index.rst:4 doc8.line-too-long']],
    // manila: the hook ignores D001; the hook's --max-line-length wins over the configuration's.
    ['--ignore', { 'tox.ini': '[doc8]\n', '.pre-commit-config.yaml': hook("        args: ['--ignore', 'D001']\n") }, []],
    ['--max-line-length', { 'tox.ini': '[doc8]\nmax-line-length = 79\n', '.pre-commit-config.yaml': hook('        args: [--max-line-length=200]\n') }, []],
    // tox's doc8 reads its paths whatever the hook excludes; the hook still reads what tox does not.
    ['tox and pre-commit', { 'tox.ini': '[testenv:docs]\ncommands = doc8 doc/source/admin\n', '.pre-commit-config.yaml': hook(neutronExclude) }, ['doc/source/admin/old.rst:4 doc8.line-too-long', 'doc/source/index.rst:4 doc8.line-too-long']],
    // A pattern that cannot be read: the hook's files are unknown, nothing is reported for it.
    ['unreadable', { 'tox.ini': '[doc8]\n', '.pre-commit-config.yaml': hook("        exclude: '(unclosed'\n") }, []],
    // A doc8 hook commented out (keystone): the configuration alone, every file.
    ['no hook', { 'tox.ini': '[doc8]\nmax-line-length = 79\n', '.pre-commit-config.yaml': 'repos:\n  # - repo: https://github.com/PyCQA/doc8\n  #   hooks:\n  #     - id: doc8\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    hooks:\n      - id: ruff\n' }, ['doc/source/admin/old.rst:4 doc8.line-too-long', 'doc/source/contributor/policies/bugs.rst:4 doc8.line-too-long', 'doc/source/index.rst:4 doc8.line-too-long']],
  ] as const) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-doc8-hook-'));
    for (const [rel, text] of Object.entries({ ...files, 'doc/source/index.rst': long, 'doc/source/admin/old.rst': long, 'doc/source/contributor/policies/bugs.rst': long })) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    assert.deepEqual(lintAll(dir), [...want], name);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('no doc8 check in a project that does not run doc8 (a requirement line is not a command)', () => {
  const dir = project({ 'tox.ini': '[tox]\n\n[testenv:docs]\ndeps = doc8>=0.8.1 # Apache-2.0\ncommands = sphinx-build doc build\n' });
  assert.deepEqual(lint(dir), []);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("doc8's configuration as doc8 reads it", () => {
  assert.deepEqual(iniSection('[doc8]\n# c\nIgnore-Path = a,\n  b\n; c\nmax-line-length: 99\n[other]\nx = 1\n', 'doc8'), new Map([['ignore-path', 'a,\nb'], ['max-line-length', '99']]));
  assert.equal(iniSection('[tox]\n', 'doc8'), undefined);
  const c = readDoc8Config('tox.ini', '[doc8]\nignore-path = doc/build,doc/source/*.inc\nignore-path-errors = doc/source/a.rst;D001;D002\nallow-long-titles = true\n', 'file:///p/')!;
  assert.deepEqual([c.allowLongTitles, c.maxLineLength, c.file], [true, 79, 'file:///p/tox.ini']);
  assert.deepEqual([...doc8CodesFor(c, 'doc/source/a.rst')], ['D003', 'D004', 'D005']);
  assert.deepEqual([...doc8CodesFor(c, 'doc/build/x/y.rst')], [], 'a file below an ignored folder');
  assert.deepEqual([...doc8CodesFor(c, 'doc/source/part.inc')], []);
  assert.equal(doc8CodesFor(c, 'doc/source/b.rst').size, 5);
  const toml = readDoc8Config('pyproject.toml', '[tool.doc8]\nmax-line-length = 120\nignore = ["D001"]\n', 'file:///p/')!;
  assert.deepEqual([toml.maxLineLength, [...toml.ignore]], [120, ['D001']]);
  assert.equal(readDoc8Config('pyproject.toml', '[tool.black]\nx = 1\n', 'file:///p/'), undefined);
  assert.equal(readDoc8Config('setup.cfg', '[metadata]\nname = x\n', 'file:///p/'), undefined);
  for (const runs of ['commands = doc8 doc/source', '  doc8 {posargs}', 'commands =\n  doc8', '  -doc8 -e .rst doc']) assert.ok(toxRunsDoc8(`[testenv:docs]\n${runs}\n`), runs);
  for (const not of ['deps = doc8>=0.8.1', '  doc8>=0.6.0 # Apache-2.0', 'description = run doc8 and sphinx']) assert.ok(!toxRunsDoc8(`[testenv:docs]\n${not}\n`), not);
});

test("doc8's configuration is looked for once per folder, and a change to a folder's file above reaches the folders below", () => {
  const files: Record<string, string> = {
    'file:///w/tox.ini': '[testenv:docs]\ncommands = doc8 doc/source\n',
    'file:///w/doc/source/a/one.rst': 'x\n',
  };
  const reads: string[] = [];
  const knowledge = new ProjectKnowledge({ readFile: (uri) => (reads.push(uri), files[uri]), sourceDir: () => undefined });
  // tox.ini runs doc8: its defaults.
  assert.equal(knowledge.doc8('file:///w/doc/source/a/one.rst')?.maxLineLength, 79);
  const first = reads.length;
  assert.equal(new Set(reads).size, reads.length, 'a file was read twice');
  // A document in a sibling folder reads only its own folder's names: the folders above are known.
  assert.equal(knowledge.doc8('file:///w/doc/source/b/two.rst')?.maxLineLength, 79);
  // tox.ini first: its doc8 commands name the paths doc8 reads, whichever file configures it.
  assert.deepEqual(reads.slice(first), ['tox.ini', '.pre-commit-config.yaml', 'doc8.ini', '.config/doc8.ini', 'pep8.ini', 'setup.cfg', 'pyproject.toml'].map((n) => `file:///w/doc/source/b/${n}`));

  // setup.cfg with a [doc8] section appears in doc/: both folders below take it.
  files['file:///w/doc/setup.cfg'] = '[doc8]\nmax-line-length = 100\n';
  assert.equal(knowledge.invalidate('file:///w/doc/setup.cfg'), true);
  assert.equal(knowledge.doc8('file:///w/doc/source/a/one.rst')?.maxLineLength, 100);
  assert.equal(knowledge.doc8('file:///w/doc/source/b/two.rst')?.maxLineLength, 100);
  // The top tox.ini stops running doc8 and doc/setup.cfg goes: no doc8 anywhere.
  files['file:///w/tox.ini'] = '[testenv:docs]\ncommands = sphinx-build doc/source doc/build\n';
  delete files['file:///w/doc/setup.cfg'];
  knowledge.invalidate('file:///w/tox.ini');
  knowledge.invalidate('file:///w/doc/setup.cfg');
  assert.equal(knowledge.doc8('file:///w/doc/source/a/one.rst'), undefined);
  assert.equal(knowledge.doc8('file:///w/doc/source/b/two.rst'), undefined);
  // A pre-commit configuration with doc8's hook appears at the top: doc8's defaults there, with the hook.
  files['file:///w/.pre-commit-config.yaml'] = "repos:\n  - repo: https://github.com/PyCQA/doc8\n    hooks:\n      - id: doc8\n        exclude: '^doc/source/b/'\n";
  assert.equal(knowledge.invalidate('file:///w/.pre-commit-config.yaml'), true);
  const config = knowledge.doc8('file:///w/doc/source/b/two.rst');
  assert.equal(config?.root, 'file:///w/');
  assert.equal(config?.hook?.exclude?.test('doc/source/b/two.rst'), true);
  assert.equal(knowledge.doc8('file:///w/doc/source/a/one.rst')?.hook?.file, 'file:///w/.pre-commit-config.yaml');
});

test("[tool.ha-guide] is looked for once per folder, and a pyproject.toml that appears between reaches the folders below", () => {
  const files: Record<string, string> = {
    'file:///w/pyproject.toml': '[tool.ha-guide]\nroles = ["top"]\n',
    'file:///w/doc/source/a/one.rst': 'x\n',
  };
  const reads: string[] = [];
  const knowledge = new ProjectKnowledge({ readFile: (uri) => (reads.push(uri), files[uri]), sourceDir: () => undefined });
  const one = knowledge.tool('file:///w/doc/source/a/one.rst');
  assert.deepEqual([one.tool?.roles, one.uri, one.nearest], [['top'], 'file:///w/pyproject.toml', 'file:///w/pyproject.toml']);
  assert.equal(new Set(reads).size, reads.length, 'a file was read twice');
  const first = reads.length;
  assert.deepEqual(knowledge.tool('file:///w/doc/source/b/two.rst').tool?.roles, ['top']);
  assert.deepEqual(reads.slice(first), ['file:///w/doc/source/b/pyproject.toml']);

  // A pyproject.toml without the table in doc/: nearest, while the table still comes from the top.
  files['file:///w/doc/pyproject.toml'] = '[project]\nname = "docs"\n';
  knowledge.invalidate('file:///w/doc/pyproject.toml');
  const two = knowledge.tool('file:///w/doc/source/b/two.rst');
  assert.deepEqual([two.tool?.roles, two.uri, two.nearest], [['top'], 'file:///w/pyproject.toml', 'file:///w/doc/pyproject.toml']);
  // It gains a table: both folders below take it.
  files['file:///w/doc/pyproject.toml'] = '[tool.ha-guide]\nroles = ["doc"]\n';
  knowledge.invalidate('file:///w/doc/pyproject.toml');
  assert.deepEqual(knowledge.tool('file:///w/doc/source/a/one.rst').tool?.roles, ['doc']);
  assert.deepEqual(knowledge.tool('file:///w/doc/source/b/two.rst').tool?.roles, ['doc']);
});
