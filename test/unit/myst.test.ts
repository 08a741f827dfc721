import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { summarizeMyst } from '../../server/src/project/myst';
import { expectLinear } from './complexity';
import { latest, startLspClient } from './lspClient';

/**
 * A Sphinx project that loads `myst_parser` reads its `.md` files as documents: their `(name)=` targets and
 * directive names are labels a `:ref:` in an `.rst` names, a `:doc:` or a toctree entry may name them, and
 * their toctrees include `.rst` documents. pip's documentation (docs/html) mixes both: before this, `ha-guide
 * lint` gave 47 warnings there that its `sphinx-build -W` does not.
 */

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');

const GUIDE_MD = [
  '---',
  'orphan: false',
  '(not-a-label)=',
  '---',
  '',
  '(install-guide)=',
  '',
  '# Installing the Guide',
  '',
  'Text with a {ref}`link <other-label>`.',
  '',
  '```python',
  '(inside-code)=',
  '```',
  '',
  '````{note}',
  '(in-a-note)=',
  '```{code-block} yaml',
  ':name: sample-config',
  '',
  'key: value',
  '(in-code-block)=',
  '```',
  '````',
  '',
  '```{figure} diagram.png',
  '---',
  'name: the-diagram',
  '---',
  'A caption.',
  '```',
  '',
  ':::{admonition} Title',
  '(In A Colon Fence)=',
  ':::',
  '',
  '```{eval-rst}',
  '.. _rst-in-md:',
  '',
  'A title',
  '-------',
  '```',
  '',
  '```{toctree}',
  ':maxdepth: 1',
  '',
  'deeper',
  'Other <sub/other>',
  '```',
  '',
  '    (indented-code)=',
  '',
].join('\n');

test('summarizeMyst: targets, directive names and eval-rst labels count; code, front matter and indented code do not', () => {
  const s = summarizeMyst(GUIDE_MD);
  const names = s.labels.map((l) => l.name);
  assert.deepEqual(names, ['install-guide', 'in-a-note', 'sample-config', 'the-diagram', 'in a colon fence', 'rst-in-md']);
  // Each span is the name as written in the document.
  for (const l of s.labels) assert.equal(GUIDE_MD.slice(l.span.start, l.span.end).toLowerCase(), l.name);
  assert.equal(s.labels[0].title, 'Installing the Guide');
  assert.equal(s.title, 'Installing the Guide');
  assert.deepEqual(s.toctrees, [{ entries: ['deeper', 'Other <sub/other>'], glob: false }]);
  const glob = summarizeMyst('```{toctree}\n:glob:\n\nparts/*\n```\n');
  assert.deepEqual(glob.toctrees, [{ entries: ['parts/*'], glob: true }]);
  // A fence left open takes the rest of the document (CommonMark); a setext heading gives the title.
  assert.deepEqual(summarizeMyst('Title\n=====\n\n```\n(x)=\n').labels, []);
  assert.equal(summarizeMyst('Title\n=====\n').title, 'Title');
});

test('summarizeMyst never throws and keeps spans inside the text on random Markdown', () => {
  const pieces = ['(a)=', '(', ')=', '```', '````{note}', '```{eval-rst}', '.. _x:', ':::', ':::{tip}', '---', 'name: y', ':name: z', '# H', '===', '    ', '\n', '\r\n', '{toctree}', 'text', '`'];
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  let labels = 0;
  for (let i = 0; i < 3000; i++) {
    let text = '';
    const n = rnd(40);
    for (let k = 0; k < n; k++) text += pieces[rnd(pieces.length)] + (rnd(3) ? '\n' : '');
    const s = summarizeMyst(text);
    for (const l of s.labels) {
      assert.ok(l.span.start >= 0 && l.span.end <= text.length && l.span.start <= l.span.end, JSON.stringify(text));
      labels++;
    }
  }
  assert.ok(labels > 500, `random documents gave only ${labels} labels`);
});

test('summarizeMyst takes time linear in a line of spaces in a heading, an option or a name', () => {
  // A lazy group before a repeated class of spaces (`(.*?)[ \t]*$`) takes time that grows with the square of such a line.
  const doc = (n: number) => `# a${' '.repeat(n)}b\n\n\`\`\`{figure} x\n:name: a${' '.repeat(n)}b\n\`\`\`\n\n\`\`\`{figure} y\n---\nname: a${' '.repeat(n)}b\n---\n\`\`\`\n`;
  expectLinear('summarizeMyst', doc, (text) => summarizeMyst(text), 20_000);
});

/** A MyST project on disk: index.rst refers to labels and documents of guide.md, whose toctree lists deeper.rst. */
function mystProject(extensions: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-myst-'));
  const files: Record<string, string> = {
    'conf.py': `project = "t"\nextensions = [${extensions}]\n`,
    'index.rst': [
      'Index',
      '=====',
      '',
      '.. toctree::',
      '',
      '   guide',
      '',
      'See :ref:`install-guide`, :ref:`the figure <the-diagram>`, :ref:`rst-in-md` and :doc:`guide`.',
      '',
    ].join('\n'),
    'guide.md': GUIDE_MD,
    'deeper.rst': 'Deeper\n======\n\nBack to :doc:`../index` (a docname never climbs above the source folder).\n',
    'sub/other.rst': 'Other\n=====\n\nSee :doc:`../guide`.\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function lint(dir: string): { code: number | null; lines: string[] } {
  const r = spawnSync(process.execPath, [CLI, 'lint', '.'], { cwd: dir, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, lines: r.stdout.split('\n').filter(Boolean) };
}

test('ha-guide lint: a project loading myst_parser finds labels, documents and toctrees of its Markdown; without it they are missing', () => {
  const dir = mystProject('"myst_parser"');
  try {
    assert.deepEqual(lint(dir), { code: 0, lines: [] });
    // The same files without the extension: Sphinx would not read guide.md, and neither do we.
    fs.writeFileSync(path.join(dir, 'conf.py'), 'project = "t"\nextensions = []\n');
    assert.deepEqual(lint(dir).lines, [
      "deeper.rst:1:1: warning sphinx.not-in-toctree document isn't included in any toctree",
      "index.rst:6:4: warning sphinx.toctree-missing-document toctree contains reference to nonexisting document 'guide'",
      "index.rst:8:11: warning sphinx.undefined-label undefined label: 'install-guide'",
      "index.rst:8:45: warning sphinx.undefined-label undefined label: 'the-diagram'",
      "index.rst:8:66: warning sphinx.undefined-label undefined label: 'rst-in-md'",
      "index.rst:8:87: warning sphinx.unknown-document unknown document: 'guide'",
      "sub/other.rst:1:1: warning sphinx.not-in-toctree document isn't included in any toctree",
      "sub/other.rst:4:11: warning sphinx.unknown-document unknown document: '../guide'",
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('summarizeMyst: headings outside fences are sections, nested by level; markup is dropped from their text', () => {
  const md = '# The `Change` Log & **Notes**\n\n## [v2](https://example.org) *fixes*\n\n```\n# in code\n```\n\n#### Deep snake_case\n\nSetext\n------\n\ntext\nnot a title\n---\n';
  assert.deepEqual(summarizeMyst(md).headings, [
    { title: 'The Change Log & Notes', depth: 0 },
    { title: 'v2 fixes', depth: 1 },
    { title: 'Deep snake_case', depth: 2 },
    { title: 'Setext', depth: 1 },
  ]);
});

test('ha-guide lint: under sphinx.ext.autosectionlabel the headings of Markdown documents are labels, with its prefix and depth', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-myst-sections-'));
  const conf = (more: string) => fs.writeFileSync(path.join(dir, 'conf.py'), `project = "t"\nextensions = ["myst_parser", "sphinx.ext.autosectionlabel"]\n${more}`);
  try {
    conf('autosectionlabel_maxdepth = 1\n');
    fs.writeFileSync(path.join(dir, 'index.rst'), 'Home\n====\n\n.. toctree::\n\n   change-log\n\nSee :ref:`Change Log & Release Notes` and :ref:`Version 2`.\n');
    fs.writeFileSync(path.join(dir, 'change-log.md'), '# Change Log & Release Notes\n\nText.\n\n## Version 2\n\nMore.\n');
    // `autosectionlabel_maxdepth = 1`: only the document's title is a label (TF-A's docs build so with -W).
    assert.deepEqual(lint(dir).lines, ["index.rst:8:49: warning sphinx.undefined-label undefined label: 'Version 2'"]);
    conf('autosectionlabel_prefix_document = True\n');
    fs.writeFileSync(path.join(dir, 'index.rst'), 'Home\n====\n\n.. toctree::\n\n   change-log\n\nSee :ref:`change-log:Change Log & Release Notes` and :ref:`change-log:Version 2`.\n');
    assert.deepEqual(lint(dir).lines, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('ha-guide lint: a document that is in no toctree but a Markdown one is reported when the Markdown is not read', () => {
  // The root document is index.md: only when it is read is the not-in-toctree check made, and then it counts
  // its toctree.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-myst-'));
  try {
    fs.writeFileSync(path.join(dir, 'conf.py'), 'project = "t"\nextensions = ["myst_parser"]\n');
    fs.writeFileSync(path.join(dir, 'index.md'), '# Home\n\n```{toctree}\n:glob:\n\nparts/*\n```\n');
    fs.mkdirSync(path.join(dir, 'parts'));
    fs.writeFileSync(path.join(dir, 'parts', 'a.rst'), 'A\n=\n\nText.\n');
    fs.writeFileSync(path.join(dir, 'lone.rst'), 'Lone\n====\n\nText.\n');
    assert.deepEqual(lint(dir).lines, ["lone.rst:1:1: warning sphinx.not-in-toctree document isn't included in any toctree"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the language server: Ctrl+click on a :ref: to a Markdown label lands on it; a label added to the Markdown on disk resolves', { timeout: 120000 }, async () => {
  const dir = mystProject('"myst_parser"');
  const client = await startLspClient(pathToFileURL(dir).href);
  try {
    const index = pathToFileURL(path.join(dir, 'index.rst')).href;
    const guide = pathToFileURL(path.join(dir, 'guide.md')).href;
    const text = fs.readFileSync(path.join(dir, 'index.rst'), 'utf8') + '\nAnd :ref:`added-later`.\n';
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: index, languageId: 'restructuredtext', version: 1, text } });
    const first = await latest(client, index, (p) => p.diagnostics.length === 1, 'only the label not written yet is undefined');
    assert.equal(first.diagnostics[0].message, "undefined label: 'added-later'");
    const line = 7;
    const at = (s: string) => ({ line, character: text.split('\n')[line].indexOf(s) + 1 });
    const hits = (await client.conn.sendRequest('textDocument/definition', { textDocument: { uri: index }, position: at('install-guide') })) as { uri: string; range: { start: { line: number; character: number } } }[];
    assert.deepEqual(hits.map((h) => [h.uri, h.range.start.line, h.range.start.character]), [[guide, 5, 1]]);
    const doc = (await client.conn.sendRequest('textDocument/definition', { textDocument: { uri: index }, position: at('guide`.') })) as { uri: string }[];
    assert.deepEqual(doc.map((h) => h.uri), [guide]);
    fs.appendFileSync(path.join(dir, 'guide.md'), '\n(added-later)=\n\n## Added\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: guide, type: 2 }] });
    await latest(client, index, (p) => p.diagnostics.length === 0, 'the label written on disk resolves');
  } finally {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the language server: a conf.py that starts loading myst_parser brings the Markdown labels in; one that stops takes them out', { timeout: 120000 }, async () => {
  const dir = mystProject('');
  const client = await startLspClient(pathToFileURL(dir).href);
  try {
    const index = pathToFileURL(path.join(dir, 'index.rst')).href;
    const conf = pathToFileURL(path.join(dir, 'conf.py')).href;
    const text = fs.readFileSync(path.join(dir, 'index.rst'), 'utf8');
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: index, languageId: 'restructuredtext', version: 1, text } });
    const undefinedLabels = (p: { diagnostics: { code: string }[] }) => p.diagnostics.filter((d) => d.code === 'sphinx.undefined-label').length;
    await latest(client, index, (p) => undefinedLabels(p) === 3, 'without myst_parser, the three Markdown labels are undefined');
    fs.writeFileSync(path.join(dir, 'conf.py'), 'project = "t"\nextensions = ["myst_parser"]\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: conf, type: 2 }] });
    await latest(client, index, (p) => p.diagnostics.length === 0, 'with myst_parser, guide.md is read');
    fs.writeFileSync(path.join(dir, 'conf.py'), 'project = "t"\nextensions = []\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: conf, type: 2 }] });
    await latest(client, index, (p) => undefinedLabels(p) === 3, 'without it again, its labels are gone');
  } finally {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A `{glossary}` of a Markdown document: terms, a classifier, a comment, definitions, and a colon fence with an option. */
const GLOSSARY_MD = [
  '# Glossary',
  '',
  '```{glossary}',
  '',
  'Structural Equality',
  '',
  '    Two objects with the same tree. A line of it at the margin would be a term.',
  '',
  '`args` : attribute',
  'Arguments',
  '    The arguments of an *expression*.',
  '',
  '.. a comment, no term',
  '   still the comment',
  '```',
  '',
  'Plain text is no term.',
  '',
  ':::{glossary}',
  ':sorted:',
  '',
  '*Immutable*',
  '    Never changed in place.',
  ':::',
  '',
  '```text',
  'Inside code',
  '```',
  '',
].join('\n');

test('summarizeMyst: a {glossary} describes its unindented lines as terms, without classifiers, comments or markup', () => {
  const s = summarizeMyst(GLOSSARY_MD);
  assert.deepEqual(s.terms.map((t) => t.name), ['Structural Equality', 'args', 'Arguments', 'Immutable']);
  // Each span is the term as written, up to its classifier.
  assert.deepEqual(s.terms.map((t) => GLOSSARY_MD.slice(t.span.start, t.span.end)), ['Structural Equality', '`args`', 'Arguments', '*Immutable*']);
  assert.deepEqual(s.labels, []);
});

test('ha-guide lint: a :term: names a term of a Markdown document\'s {glossary}, in any case; a term no glossary has is reported', () => {
  // sympy's docs: gotchas.rst refers to :term:`Structural Equality` of explanation/glossary.md.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-myst-glossary-'));
  try {
    fs.writeFileSync(path.join(dir, 'conf.py'), 'project = "t"\nextensions = ["myst_parser"]\nmyst_enable_extensions = ["colon_fence"]\n');
    fs.writeFileSync(path.join(dir, 'index.rst'), [
      'Home',
      '====',
      '',
      '.. toctree::',
      '',
      '   glossary',
      '',
      'See :term:`structural equality`, :term:`args`, :term:`Arguments`, :term:`immutable` and :term:`Mutable`.',
      '',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'glossary.md'), GLOSSARY_MD);
    assert.deepEqual(lint(dir).lines, ["index.rst:8:96: warning sphinx.undefined-term term not in glossary: 'Mutable'"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
