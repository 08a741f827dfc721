import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ProjectKnowledge } from '../../server/src/project/project';
import { parsePreCommitConfig, pythonRegex } from '../../server/src/project/preCommit';
import { readPreCommitSphinxLint, SPHINX_LINT_CHECKS, sphinxLintApplies, sphinxLintChecks, sphinxLintProblems } from '../../server/src/project/sphinxLint';
import { PARAGRAPH_CHECKS } from '../../server/src/project/sphinxLintParagraphs';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';
import { expectLinear } from './complexity';

/**
 * sphinx-lint's checks where a repository's pre-commit runs its hook (server/src/project/sphinxLint.ts), through
 * the real CLI (dist/cli.js). The expected lines are what sphinx-lint 1.0.2 itself prints for the same file and
 * arguments (`python -m sphinxlint --enable=default-role doc/source`, run from its source).
 */
const CLI = path.resolve(__dirname, '../../../dist/cli.js');

const DOC = [
  'Title',
  '=====',
  '',
  'A `default` role and ``literal`` text.  ',
  'A suffix `text`:ref: and a prefix :doc:`index`.',
  '',
  '(see:ref:`glued`) and `two',
  'lines` here.',
  '',
  '.. only:: html',
  '',
  '   Hidden `in only` content.',
  '',
  '.. NOTE:: Upper `case`',
  '   note `body`.',
  '',
  '.. note:: Lower `case`',
  '',
  '.. code-block:: text',
  '',
  '   `code` here',
  '',
  'Literal::',
  '',
  '   `literal` here',
  '',
  '+-------+-------+',
  '| `a`   | b     |',
  '+-------+-------+',
  '',
  '..',
  '   `comment` block',
  '',
  'Tab\there and the `end`',
].join('\n');

/** sphinx-lint 1.0.2's records for DOC with --enable=default-role: line and check. */
const SPHINX_LINT = ['4 default-role', '4 trailing-whitespace', '17 default-role', '28 default-role', '34 default-role', '34 horizontal-tab', '34 missing-final-newline'];

function repo(config: string | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-sphinx-lint-'));
  fs.mkdirSync(path.join(dir, '.git'));
  fs.mkdirSync(path.join(dir, 'doc', 'source'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'doc', 'source', 'index.rst'), DOC);
  fs.mkdirSync(path.join(dir, 'releasenotes'));
  fs.writeFileSync(path.join(dir, 'releasenotes', 'note.rst'), 'Note\n====\n\nA `default` role.\n');
  if (config !== undefined) fs.writeFileSync(path.join(dir, '.pre-commit-config.yaml'), config);
  return dir;
}

function lintRecords(dir: string): string[] {
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', 'doc', 'releasenotes'], { cwd: dir, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return (JSON.parse(r.stdout) as { file: string; line: number; code: string; source: string }[])
    .filter((d) => d.source === 'sphinx-lint')
    .map((d) => `${d.file === path.join('doc', 'source', 'index.rst') ? '' : d.file + ' '}${d.line} ${d.code.replace('sphinx-lint.', '')}`)
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));
}

const HOOK = (extra: string) => `repos:\n  - repo: https://github.com/sphinx-contrib/sphinx-lint\n    rev: v1.0.2\n    hooks:\n      - id: sphinx-lint\n${extra}`;

test("sphinx-lint's checks where pre-commit runs its hook, as sphinx-lint 1.0.2 reports them", () => {
  const dir = repo(HOOK('        args: [--enable=default-role]\n        files: ^doc/\n        types: [rst]\n'));
  try {
    assert.deepEqual(lintRecords(dir), SPHINX_LINT);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** sphinx-lint's records for a document of doc/ in a repository whose pre-commit runs the hook on doc/. */
function recordsOf(doc: string): string[] {
  const dir = repo(HOOK('        files: ^doc/\n'));
  try {
    fs.writeFileSync(path.join(dir, 'doc', 'source', 'index.rst'), doc);
    return lintRecords(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The other checks on by default, and what sphinx-lint 1.0.2 prints for them (`python -m sphinxlint doc`). */
const DOC2 = [
  'Title',
  '=====',
  '',
  'Call :func:`main()` and :meth:`Pool.run()` here.',
  '',
  '... note:: three dots',
  '',
  '.. note: one colon',
  '',
  '.. versionchanged 3.6',
  '',
  '.. deprecated-removed:: 3.1 3.3',
  '',
  '.. notes about',
  '',
  '.. note2',
  '',
  'A :func:pdb.main and :class:Foo :mod:bar text.',
  '',
  'A line with a dangling hy-',
  'phen and a Well-',
  'Known word.',
  '',
  '::',
  '',
  '   :func:hidden and hy-',
  '',
  '.. code-block:: text',
  '',
  '   ... note:: hidden',
  '   :meth:`x()` shown',
  '',
  '.. note',
  '',
].join('\n');
const SPHINX_LINT_DEFAULTS = [
  '4 unnecessary-parentheses',
  '4 unnecessary-parentheses',
  '6 directive-with-three-dots',
  '18 role-without-backticks',
  '18 role-without-backticks',
  '20 dangling-hyphen',
  '21 dangling-hyphen',
  '31 unnecessary-parentheses',
];

test("sphinx-lint's other default checks, as sphinx-lint 1.0.2 reports them (a comment that looks like a directive is hidden from it)", () => {
  assert.deepEqual(recordsOf(DOC2), SPHINX_LINT_DEFAULTS);
});

/** Roles and hyperlinks written by hand, and a literal block indented one space too far. */
const DOC3 = [
  'Title',
  '=====',
  '',
  'See `the site<https://example.org>`_ and `the page <https://example.org/p>` here.',
  '',
  'Get :download:`the file <https://example.org/f.tar.gz>`_ now.',
  '',
  'Read :mod:`!cgi`` and :mod:``cgi` and :issue`123` too.',
  '',
  'Then :meth:`!~list.pop` and `:func:`sum` in a line.',
  '',
  'A block::',
  '',
  '    Hello!',
  '',
  ' Looks like another block::',
  '',
  '    But it is not.',
  '',
  '.. code-block:: text',
  '',
  '   `:func:`sum` and :issue`1` hidden here.',
  '',
  'Done, with :func:`ok` and `text <https://example.org/ok>`_.',
  '',
].join('\n');
/**
 * What sphinx-lint 1.0.2 prints for DOC3 (`python -m sphinxlint doc`), its checks made here. sphinx-lint names
 * the line before a bad dedent (15); the line itself (16) is marked here.
 */
const SPHINX_LINT_HAND_WRITTEN = [
  '4 missing-space-in-hyperlink',
  '4 missing-underscore-after-hyperlink',
  '6 missing-underscore-after-hyperlink',
  '8 missing-colon-in-role',
  '8 missing-space-before-default-role',
  '8 role-with-extra-backtick',
  '8 role-with-extra-backtick',
  '10 backtick-before-role',
  '10 exclamation-and-tilde',
  '16 bad-dedent',
];

test("sphinx-lint's checks of roles and hyperlinks written by hand, and of bad dedents, as sphinx-lint 1.0.2 reports them", () => {
  assert.deepEqual(recordsOf(DOC3), SPHINX_LINT_HAND_WRITTEN);
});

/** What sphinx-lint finds reading a paragraph at a time, a table (skipped by it) and well-formed markup. */
const DOC4 = [
  'Title',
  '=====',
  '',
  'Call :func:`main and go on.',
  '',
  'Use ``items``s and :exc:`Error`s here.',
  '',
  'A lone `` here and ``fine`` there.',
  '',
  'Call :func:``sum`` today.',
  '',
  'Then the:func:`sum` and issue:`123` and c:func:`foo` too.',
  '',
  'Use the`sum` word.',
  '',
  'See Misc/NEWS <https://example.org/NEWS>`_ for more.',
  '',
  '+-----+-----+',
  '| a   | b   |',
  '+-----+-----+',
  '| :func:`x   |',
  '+-----+-----+',
  '',
  'Well formed: :func:`ok`, ``lit``, `ref <https://example.org>`_ and `sum`.',
  '',
].join('\n');
/** What sphinx-lint 1.0.2 prints for DOC4 (`python -m sphinxlint doc`). */
const SPHINX_LINT_PARAGRAPHS = [
  '4 missing-backtick-after-role',
  '6 missing-space-after-literal',
  '6 missing-space-after-role',
  '6 unbalanced-inline-literals-delimiters',
  '6 unbalanced-inline-literals-delimiters',
  '8 unbalanced-inline-literals-delimiters',
  '10 role-with-double-backticks',
  '12 missing-space-before-role',
  '12 missing-space-before-role',
  '12 missing-space-before-role',
  '14 missing-space-before-default-role',
  '16 hyperlink-reference-missing-backtick',
];

test("sphinx-lint's paragraph checks, as sphinx-lint 1.0.2 reports them (a table is left alone)", () => {
  assert.deepEqual(recordsOf(DOC4), SPHINX_LINT_PARAGRAPHS);
});

test('the hook decides: its arguments, its files pattern, or no hook at all', () => {
  const cases: [string | undefined, string[]][] = [
    // default-role is off unless enabled; releasenotes is taken by no `files`.
    [HOOK('        args: []\n'), ['4 trailing-whitespace', '34 horizontal-tab', '34 missing-final-newline']],
    [HOOK('        args: [--enable=default-role, --disable=horizontal-tab,trailing-whitespace]\n        files: ^releasenotes/\n'), [`${path.join('releasenotes', 'note.rst')} 4 default-role`]],
    [HOOK('        args: ["--disable", "all", "--enable", "missing-final-newline"]\n        exclude: |\n          (?x)^(\n            releasenotes/.*  # notes are not linted\n          )$\n'), ['34 missing-final-newline']],
    // pre-commit without the hook, or none: the project does not run sphinx-lint.
    ['repos:\n  - repo: https://github.com/PyCQA/doc8\n    rev: v2.0.0\n    hooks:\n      - id: doc8\n', []],
    [undefined, []],
  ];
  for (const [config, expected] of cases) {
    const dir = repo(config);
    try {
      assert.deepEqual(lintRecords(dir), expected, config);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('pre-commit hands its hooks no symbolic link: a document that is one, or lies under a folder that is one, is not checked by the hook', () => {
  const dir = repo(HOOK('        args: [--enable=default-role]\n        files: ^doc/\n'));
  try {
    // cyborg's `doc/source/contributor/grenade-upgrade.rst -> ../../../devstack/upgrade/README.rst`; sahara-specs'
    // `doc/source/specs -> ../../specs`. git tracks the links, pre-commit's `identify` tags them `symlink` only.
    fs.writeFileSync(path.join(dir, 'README.rst'), 'Readme\n======\n\nA `default` role.\n');
    fs.symlinkSync(path.join('..', '..', 'README.rst'), path.join(dir, 'doc', 'source', 'readme.rst'));
    fs.mkdirSync(path.join(dir, 'specs'));
    fs.writeFileSync(path.join(dir, 'specs', 'spec.rst'), 'Spec\n====\n\nA `default` role.\n');
    fs.symlinkSync(path.join('..', '..', 'specs'), path.join(dir, 'doc', 'source', 'specs'));
    fs.writeFileSync(path.join(dir, 'doc', 'source', 'plain.rst'), 'Plain\n=====\n\nA `default` role.\n');
    assert.deepEqual(lintRecords(dir), [...SPHINX_LINT.slice(0, 2), `${path.join('doc', 'source', 'plain.rst')} 4 default-role`, ...SPHINX_LINT.slice(2)].sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("sphinx-lint's arguments, read left to right from its defaults", () => {
  const on = (args: string[]) => [...sphinxLintChecks(args)].sort();
  const defaults = [
    'backtick-before-role', 'bad-dedent', 'dangling-hyphen', 'directive-with-three-dots', 'exclamation-and-tilde', 'horizontal-tab', 'missing-colon-in-role',
    'missing-final-newline', 'missing-space-in-hyperlink', 'missing-underscore-after-hyperlink', 'role-with-extra-backtick', 'role-without-backticks',
    'trailing-whitespace', 'unnecessary-parentheses', ...PARAGRAPH_CHECKS,
  ].sort();
  assert.deepEqual(on([]), defaults);
  assert.deepEqual(on(['--enable=default-role']), ['default-role', ...defaults].sort());
  assert.deepEqual(on(['--disable', 'all', '-e', 'default-role,trailing-whitespace']), ['default-role', 'trailing-whitespace']);
  assert.deepEqual(on(['--enable', 'all', '--disable=horizontal-tab', '-d', 'line-too-long']), ['default-role', ...defaults.filter((c) => c !== 'horizontal-tab')].sort());
  assert.deepEqual(on(['-edefault-role', '-dall']), []);
});

test("pre-commit's patterns (Python regular expressions) and configuration", () => {
  assert.ok(pythonRegex('^doc/|releasenotes|api-guide')!.test('api-guide/source/x.rst'));
  const verbose = pythonRegex('(?x)^(\n  doc/source/generated/.*|  # made by a script\n  doc/source/_static/[^/]*\\.rst\n)$')!;
  assert.ok(verbose.test('doc/source/generated/a.rst'));
  assert.ok(verbose.test('doc/source/_static/b.rst'));
  assert.ok(!verbose.test('doc/source/index.rst'));
  assert.ok(pythonRegex('(?i)^DOC/')!.test('doc/x.rst'));
  assert.equal(pythonRegex('(?P<x>doc'), undefined);
  // A repeated group that repeats or alternates could take JavaScript's matcher exponential time on a path:
  // never read (the checks are off), whatever else the configuration says.
  for (const p of ['(a+)+$', '^(doc|docs)*/x', '(?x)^(\n (a/.*)+ \n)$', '((ab)*)+']) assert.equal(pythonRegex(p), undefined, p);
  for (const p of ['^(doc|docs)/', '(?x)^(\n  a/.*|\n  b/[^/]+\\.rst\n)$', '^(ab)+c', '^[(+]*x']) assert.ok(pythonRegex(p), p);
  // A pattern that cannot be read turns the checks off (nothing the hook would not report), as does bad YAML.
  assert.equal(readPreCommitSphinxLint(parsePreCommitConfig(HOOK('        files: "(unclosed"\n')), 'file:///r/', 'file:///r/.pre-commit-config.yaml'), undefined);
  assert.equal(readPreCommitSphinxLint(parsePreCommitConfig('repos: [\n'), 'file:///r/', 'file:///r/.pre-commit-config.yaml'), undefined);
  const config = readPreCommitSphinxLint(parsePreCommitConfig(HOOK('        args: [-i, doc/source/legacy, --ignore=doc/source/old.rst]\n')), 'file:///r/', 'file:///r/.pre-commit-config.yaml')!;
  assert.ok(sphinxLintApplies(config, 'doc/source/index.rst'));
  assert.ok(!sphinxLintApplies(config, 'doc/source/legacy/a.rst'));
  assert.ok(!sphinxLintApplies(config, 'doc/source/old.rst'));
  // The configuration's top-level patterns apply to every hook, before the hook's own; one that cannot be read too.
  const top = readPreCommitSphinxLint(parsePreCommitConfig(`files: ^doc/\nexclude: ^doc/source/generated/\n${HOOK('        files: \\.rst$\n')}`), 'file:///r/', 'file:///r/.pre-commit-config.yaml')!;
  assert.ok(sphinxLintApplies(top, 'doc/source/index.rst'));
  assert.ok(!sphinxLintApplies(top, 'doc/source/generated/api.rst'));
  assert.ok(!sphinxLintApplies(top, 'releasenotes/notes/a.rst'));
  assert.equal(readPreCommitSphinxLint(parsePreCommitConfig(`exclude: '(a+)+'\n${HOOK('')}`), 'file:///r/', 'file:///r/.pre-commit-config.yaml'), undefined);
});

test('the nearest .pre-commit-config.yaml decides, once per folder; a change to it reaches the folders below', () => {
  const files: Record<string, string> = { 'file:///w/.pre-commit-config.yaml': HOOK('        args: [--enable=default-role]\n') };
  const reads: string[] = [];
  const knowledge = new ProjectKnowledge({ readFile: (uri) => (reads.push(uri), files[uri]), sourceDir: () => undefined });
  assert.equal(knowledge.sphinxLint('file:///w/doc/source/a/one.rst')?.root, 'file:///w/');
  assert.equal(new Set(reads).size, reads.length, 'a file was read twice');
  const first = reads.length;
  assert.ok(knowledge.sphinxLint('file:///w/doc/source/b/two.rst')?.checks.has('default-role'));
  assert.deepEqual(reads.slice(first), ['file:///w/doc/source/b/.pre-commit-config.yaml']);
  // A nested repository's own configuration without the hook: sphinx-lint does not run there.
  files['file:///w/doc/.pre-commit-config.yaml'] = 'repos: []\n';
  knowledge.invalidate('file:///w/doc/.pre-commit-config.yaml');
  assert.equal(knowledge.sphinxLint('file:///w/doc/source/a/one.rst'), undefined);
  assert.equal(knowledge.sphinxLint('file:///w/doc/source/b/two.rst'), undefined);
  assert.ok(knowledge.sphinxLint('file:///w/other/three.rst'));
});

test('random markup never throws, every finding lies inside the text, and the checks take time in proportion to the text', () => {
  const registry = createRegistry([], []);
  const all = new Set(Object.keys(SPHINX_LINT_CHECKS));
  const parts = ['`', '``', ':func:', ':meth:`!~', '`:mod:`x`', ':issue', ':download:', '<https://x.org/a>', '_', '::', ' ', '  ', '\n', '\n\n', '\n ', '\n    ', '.. ', '.. note:: ', '.. code-block:: ', '\t', '\r\n', 'a-', 'text', '\\', '|'];
  let seed = 20261205;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  let findings = 0;
  for (let k = 0; k < 3000; k++) {
    let text = '';
    for (let i = Math.floor(next() * 60); i > 0; i--) text += parts[Math.floor(next() * parts.length)];
    const problems = sphinxLintProblems(parseRst(text, { registry }), all);
    for (const p of problems) assert.ok(p.start >= 0 && p.start <= p.end && p.end <= text.length, `${JSON.stringify(text)}: ${JSON.stringify(p)}`);
    findings += problems.length;
  }
  assert.ok(findings > 1000, `${findings} findings: the random documents exercise the checks`);
  // Lines of roles whose interpreted text never ends where sphinx-lint wants it (each a failed attempt that
  // reads on), under and over the length beyond which a line is not searched; and many such lines.
  const parsed = (text: string) => parseRst(text, { registry });
  expectLinear('a long line of unended roles', (n, v) => parsed(`${v}${' `:a:`b`c'.repeat(n)}\n`), (d) => sphinxLintProblems(d, all), 4000);
  // A paragraph is cleaned the way sphinx-lint cleans it (the shortest construct out, again and again: time
  // that grows with the square of its constructs), so one over the length read is left alone, at no cost.
  expectLinear('a paragraph over the length read', (n, v) => parsed(`${v}${'Some ``lit``s and :a:`b`c ``x and y:r:`z` '.repeat(n)}\n`), (d) => sphinxLintProblems(d, all), 300);
  expectLinear('many paragraphs of literals and roles', (n, v) => parsed(`${v}\n${'Some ``lit``s and :a:`b`c ``x and y:r:`z`.\n\n'.repeat(n)}`), (d) => sphinxLintProblems(d, all), 1000, { fresh: true });
  expectLinear('many lines of unended roles', (n, v) => parsed(`${v}\n${'Some `:a:`b`c and `:d:`e`f here.\n'.repeat(n)}`), (d) => sphinxLintProblems(d, all), 4000);
});
