import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { codePointCompare, resolveDeclaredRoles } from '../../server/src/features/declaredRoles';
import { parseRst } from '../../server/src/rst/parser';
import { checkDocument } from '../../server/src/rst/checks';
import { createRegistry } from '../../server/src/rst/registry';
import type { RstProblem } from '../../server/src/rst/types';
import { createNodeLanguageService } from '../../server/src/nodeService';
import { NodeWorkspace } from '../../server/src/nodeWorkspace';
import { defaultSettings } from '../../server/src/protocol/settings';
import { repoTree } from './repoTree';

/**
 * A role declared with `.. role::` in one document of a Sphinx project is known in the documents a full build
 * reads after it (docutils keeps it in its global role table for the whole build; documents are read in sorted
 * docname order). Sphinx 5.3 on this tree reports only `0.rst:4: ERROR: Unknown interpreted text role "green".`
 */
const CLI = path.resolve(__dirname, '../../../dist/cli.js');

function lint(dir: string, ...args: string[]): string[] {
  const r = spawnSync(process.execPath, [CLI, 'lint', ...(args.length ? args : ['.'])], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.stderr, '');
  assert.ok(r.status === 0 || r.status === 1, `lint exited ${r.status}`);
  return r.stdout.split('\n').filter(Boolean);
}

const TREE = {
  'docs/conf.py': "project = 'x'\n",
  'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   0\n   a\n   b\n   sub/c\n',
  'docs/a.rst': 'A\n=\n\n.. role:: green\n\n:green:`a text`\n',
  'docs/b.rst': 'B\n=\n\n:green:`b text`\n',
  'docs/0.rst': 'Zero\n====\n\n:green:`zero text`\n',
  'docs/sub/c.rst': 'C\n=\n\n:GREEN:`c text`\n',
};

test('a role declared in a.rst is known in b.rst and sub/c.rst, which a full build reads after it; 0.rst, read before, is told where it is declared', () => {
  const dir = repoTree(TREE, 'ha-guide-roles-');
  try {
    assert.deepEqual(lint(dir), ['docs/0.rst:4:2: error rst.unknown-role Unknown interpreted text role "green": it is declared with ".. role::" in a.rst, which a full build reads after this document (documents are read in sorted order of their names), and a role is known only after its declaration.']);
    // One document named alone: the others of its project are read for their declarations.
    assert.deepEqual(lint(dir, 'docs/b.rst'), []);
    // An excluded document is not read: its declaration counts nowhere.
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), "exclude_patterns = ['a.rst']\n");
    assert.deepEqual(lint(dir, 'docs/b.rst'), ['docs/b.rst:4:2: error rst.unknown-role Unknown interpreted text role "green".']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('with an extension that is not known (nest), a role another document declared first is no "may come from extension" record', () => {
  const dir = repoTree({
    'doc/htmldoc/conf.py': "extensions = ['some_unknown_ext']\n",
    'doc/htmldoc/index.rst': 'Index\n=====\n\n.. toctree::\n\n   whats_new/v3.0/guide\n',
    'doc/htmldoc/colorize.rst': ':orphan:\n\n.. role:: green\n.. role:: darkgreen\n',
    'doc/htmldoc/whats_new/v3.0/guide.rst': 'Guide\n=====\n\n:green:`x` and :darkgreen:`y` and :blue:`z`\n',
  }, 'ha-guide-roles-');
  try {
    const out = lint(dir);
    assert.equal(out.length, 1);
    assert.match(out[0], /^doc\/htmldoc\/whats_new\/v3\.0\/guide\.rst:4:\d+: information project\.extension-role Role "blue" is not known; it may come from extension/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a role declared in a file that a document includes counts from that document on', () => {
  const dir = repoTree({
    'docs/conf.py': "exclude_patterns = ['roles.inc']\n",
    'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   a\n   b\n   c\n',
    'docs/a.rst': 'A\n=\n\n:green:`a text`\n',
    'docs/b.rst': 'B\n=\n\n.. include:: roles.inc\n\n:green:`b text`\n',
    'docs/roles.inc': '.. role:: green\n',
    'docs/c.rst': 'C\n=\n\n:green:`c text`\n',
  }, 'ha-guide-roles-');
  try {
    assert.deepEqual(lint(dir), ['docs/a.rst:4:2: error rst.unknown-role Unknown interpreted text role "green": it is declared with ".. role::" in roles.inc (included by b.rst), which a full build reads after this document (documents are read in sorted order of their names), and a role is known only after its declaration.']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the server re-checks a document using a role when another document begins or stops declaring it', async () => {
  const dir = repoTree(TREE, 'ha-guide-roles-');
  try {
    const src = path.join(dir, 'docs');
    const service = createNodeLanguageService({ settings: () => defaultSettings, workspace: new NodeWorkspace([pathToFileURL(dir).href]), graphviz: false });
    const uri = (f: string) => pathToFileURL(path.join(src, f)).href;
    for (const f of ['index.rst', 'a.rst', '0.rst', 'sub/c.rst']) service.index.set(uri(f), 1, fs.readFileSync(path.join(src, f), 'utf8'));
    const b = { uri: uri('b.rst'), version: 1, getText: () => TREE['docs/b.rst'] };
    const codes = async () => (await service.computeDiagnostics(b)).map((d) => d.code);
    assert.deepEqual(await codes(), []);
    const zero = { uri: uri('0.rst'), version: 1, getText: () => TREE['docs/0.rst'] };
    const zeroMessages = async () => (await service.computeDiagnostics(zero)).map((d) => d.message);
    assert.deepEqual((await zeroMessages()).map((m) => /declared with/.test(m)), [true]);
    // A keystroke that takes the declaration away.
    service.index.takeChanges();
    service.index.set(uri('a.rst'), 2, 'A\n=\n\n.. role:: gree\n');
    let changes = service.index.takeChanges();
    assert.ok(changes === 'all' || changes.has('role:green'));
    assert.ok(service.usesAny(b.uri, changes), 'the document using the role is checked again');
    assert.deepEqual(await codes(), ['rst.unknown-role']);
    assert.ok(service.usesAny(zero.uri, changes));
    assert.deepEqual(await zeroMessages(), ['Unknown interpreted text role "green".']);
    // And back.
    service.index.set(uri('a.rst'), 3, 'A\n=\n\n.. role:: green\n');
    changes = service.index.takeChanges();
    assert.ok(service.usesAny(b.uri, changes));
    assert.deepEqual(await codes(), []);
    // A keystroke elsewhere in a.rst changes no declaration: no re-check for it.
    service.index.set(uri('a.rst'), 4, 'A\n=\n\n.. role:: green\n\nMore text.\n');
    changes = service.index.takeChanges();
    assert.ok(changes !== 'all' && !changes.has('role:green'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the unknown-role check names the role in the problem's data, which settles it by the declarations, whatever its message says", () => {
  const registry = createRegistry([], []);
  const text = 'T\n=\n\n:GREEN:`a` and :emphasi:`b` and :later:`c`\n\n.. role:: later\n';
  const problems = checkDocument(parseRst(text, { registry }), registry).filter((p) => p.code === 'rst.unknown-role');
  assert.deepEqual(
    problems.map((p) => [p.message, p.data]),
    [
      ['Unknown interpreted text role "green".', { name: 'green' }],
      ['Unknown interpreted text role "emphasi". Did you mean "emphasis"?', { name: 'emphasi', suggestion: 'emphasis' }],
      ['Unknown interpreted text role "later". It is declared with ".. role::" further down; a role is known only after its declaration.', { name: 'later' }],
    ],
  );
  // The name is read from `data`: a problem whose message says something else is still settled by the declaration.
  const dir = repoTree(TREE, 'ha-guide-roles-');
  try {
    const src = path.join(dir, 'docs');
    const ws = new NodeWorkspace([pathToFileURL(dir).href]);
    const service = createNodeLanguageService({ settings: () => defaultSettings, workspace: ws, graphviz: false });
    const uri = (f: string) => pathToFileURL(path.join(src, f)).href;
    for (const f of ['index.rst', 'a.rst', 'b.rst', '0.rst', 'sub/c.rst']) service.index.set(uri(f), 1, fs.readFileSync(path.join(src, f), 'utf8'));
    const ctx = { index: service.index, ws, projects: service.projects };
    const reworded = (name?: string): RstProblem => ({ code: 'rst.unknown-role', message: 'No such role here.', start: 5, end: 10, data: name === undefined ? undefined : { name } });
    const inB = [reworded('Green')];
    resolveDeclaredRoles(ctx, uri('b.rst'), inB, new Set());
    assert.deepEqual(inB, [], 'declared in a.rst, which a full build reads first');
    const inZero = [reworded('green')];
    resolveDeclaredRoles(ctx, uri('0.rst'), inZero, new Set());
    assert.match(inZero[0].message, /^Unknown interpreted text role "green": it is declared with "\.\. role::" in a\.rst, which a full build reads after this document/);
    assert.deepEqual(inZero[0].data, { name: 'green' });
    // Without the name in its data, a problem is left as it is (its message is not read).
    const unnamed = [{ ...reworded(), message: 'Unknown interpreted text role "green".' }];
    resolveDeclaredRoles(ctx, uri('b.rst'), unnamed, new Set());
    assert.equal(unnamed.length, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("codePointCompare orders strings as Python's sorted() does", () => {
  assert.ok(codePointCompare('0', 'a') < 0);
  assert.ok(codePointCompare('a', 'a/b') < 0);
  assert.ok(codePointCompare('a-b', 'a/b') < 0);
  assert.ok(codePointCompare('B', 'a') < 0);
  assert.ok(codePointCompare('\uffff', '\u{10000}') < 0); // UTF-16 units would say otherwise
  assert.equal(codePointCompare('x', 'x'), 0);
});
