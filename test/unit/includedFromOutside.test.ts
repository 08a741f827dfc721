import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createNodeLanguageService } from '../../server/src/nodeService';
import { NodeWorkspace, listRstFiles } from '../../server/src/nodeWorkspace';
import { IncluderMap } from '../../server/src/project/includes';
import { defaultSettings } from '../../server/src/protocol/settings';
import { latest, startLspClient } from './lspClient';

/**
 * A file outside every Sphinx source folder that a document includes (pallets' `CHANGES.rst`, pulled into
 * `docs/changes.rst`), or a file of the source folder that is no document (`common/part.inc`), as the editor's
 * language service sees it while the workspace is indexed in any order.
 */

const CHANGES = 'Version 3.1\n-----------\n\n-   Fix :issue:`1`, see :ref:`usage-label`.\n';
const CHANGES_PAGE = (include: boolean) => `Changes\n=======\n\n${include ? '.. include:: ../CHANGES.rst' : 'Nothing.'}\n`;

/** pallets' layout: docs/ with conf.py (an extlinks role, a label) and docs/changes.rst including ../CHANGES.rst. */
const PALLETS: Record<string, string> = {
  'docs/conf.py': 'extensions = ["sphinx.ext.extlinks"]\nextlinks = {"issue": ("https://github.com/x/y/issues/%s", "#%s")}\n',
  'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   changes\n   usage\n',
  'docs/usage.rst': '.. _usage-label:\n\nUsage\n=====\n\nText.\n',
  'docs/changes.rst': CHANGES_PAGE(true),
  'CHANGES.rst': CHANGES,
};

/** The files written in a new temporary folder; returns it. */
function writeTree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-outside-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/**
 * A language service over the files written in a new temporary folder, with `uri` naming them, `codes` the
 * diagnostics of one file (`code` and the text they cover) and `indexAll` indexing the given files (by default
 * every `.rst`, in the order written); the folder is removed after `body`.
 */
async function withService(
  files: Record<string, string>,
  body: (s: {
    service: ReturnType<typeof createNodeLanguageService>;
    uri: (rel: string) => string;
    codes: (rel: string) => Promise<string[]>;
    indexAll: (rels?: string[]) => void;
  }) => Promise<void>,
): Promise<void> {
  const dir = writeTree(files);
  const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).href;
  const service = createNodeLanguageService({ settings: () => defaultSettings, workspace: new NodeWorkspace([pathToFileURL(dir).href]), graphviz: false });
  const codes = async (rel: string) => (await service.computeDiagnostics({ uri: uri(rel), version: 1, getText: () => files[rel] })).map((d) => `${d.code} ${files[rel].slice(d.start, d.end)}`);
  const indexAll = (rels = Object.keys(files).filter((r) => r.endsWith('.rst'))) => {
    for (const rel of rels) service.index.set(uri(rel), 1, files[rel]);
  };
  try {
    await body({ service, uri, codes, indexAll });
  } finally {
    service.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test("the service checks an included file outside the source folder in its includer's project, whichever is indexed first, and again when the include goes", async () => {
  const files = PALLETS;
  await withService(files, async ({ service, uri, codes: codesOf, indexAll }) => {
    const codes = () => codesOf('CHANGES.rst');
    // The file first, as a document of no project; then its includer: it is read again in the docs' project.
    service.index.set(uri('CHANGES.rst'), 1, CHANGES);
    assert.deepEqual(await codes(), ['rst.unknown-role issue', 'sphinx.undefined-label usage-label']);
    service.index.takeChanges();
    indexAll(['docs/index.rst', 'docs/usage.rst', 'docs/changes.rst']);
    assert.equal(service.index.takeChanges(), 'all', 'every open document is checked again');
    assert.equal(service.projects.project(uri('CHANGES.rst'))?.root, uri('docs/'));
    assert.equal(service.index.get(uri('CHANGES.rst'))?.project, uri('docs/'));
    assert.deepEqual(await codes(), []);
    // The include removed: the file is of no project again, and no build reads it beside the docs' project.
    service.index.set(uri('docs/changes.rst'), 2, CHANGES_PAGE(false));
    assert.equal(service.projects.project(uri('CHANGES.rst')), undefined);
    assert.deepEqual(await codes(), ['rst.unknown-role issue', 'sphinx.reference-outside-build usage-label']);
  });
});

test("paths in an included file outside the source folder start at its includer's folder, as Sphinx's build reads them", async () => {
  // ironic-inspector: doc/source/contributor/index.rst includes ../../../CONTRIBUTING.rst, which literalincludes
  // ../../../devstack/example.local.conf (from doc/source/contributor/: the repository's devstack/ folder).
  const files: Record<string, string> = {
    'doc/source/conf.py': 'extensions = []\n',
    'doc/source/index.rst': 'Index\n=====\n\n.. toctree::\n\n   contributor/index\n',
    'doc/source/contributor/index.rst': 'Contributing\n============\n\n.. include:: ../../../CONTRIBUTING.rst\n',
    'doc/source/contributor/diagram.png': 'png',
    'CONTRIBUTING.rst': [
      'Example\n-------\n',
      '.. literalinclude:: ../../../devstack/example.local.conf\n',
      '.. image:: diagram.png\n',
      '.. literalinclude:: ../../../devstack/missing.conf\n',
      'Get :download:`the file <../../../devstack/example.local.conf>`.\n',
    ].join('\n'),
    'devstack/example.local.conf': '[[local|localrc]]\n',
  };
  await withService(files, async ({ service, uri, codes, indexAll }) => {
    indexAll(['doc/source/index.rst', 'doc/source/contributor/index.rst', 'CONTRIBUTING.rst']);
    assert.equal(service.projects.project(uri('CONTRIBUTING.rst'))?.root, uri('doc/source/'));
    assert.deepEqual(await codes('CONTRIBUTING.rst'), ['sphinx.include-not-found ../../../devstack/missing.conf']);
  });
  // Read on its own (nothing includes it, no project), the same paths start at its own folder.
  const alone = { 'CONTRIBUTING.rst': files['CONTRIBUTING.rst'], 'devstack/example.local.conf': files['devstack/example.local.conf'] };
  await withService(alone, async ({ service, uri, codes }) => {
    service.index.set(uri('CONTRIBUTING.rst'), 1, alone['CONTRIBUTING.rst']);
    assert.deepEqual((await codes('CONTRIBUTING.rst')).map((c) => c.split(' ')[0]), ['rst.file-outside-project', 'sphinx.image-not-found', 'rst.file-outside-project', 'rst.file-outside-project']);
  });
});

test("paths in a file of the source folder that is no document (a .inc file, an excluded .rst) start at its includer's folder; a document's at its own", async () => {
  // Sphinx reads `sub/inc/part.inc` only as part of `sub/page.rst`: its image, literalinclude and nested include
  // are read from sub/ (env.relfn2path), and so is the nested include's substitution.
  const part = ['Part\n', '.. image:: pic.png\n', '.. literalinclude:: code.py\n', '.. include:: defs.txt\n', '.. graphviz:: flow.dot\n', '.. image:: missing.png\n'].join('\n');
  const files: Record<string, string> = {
    'doc/source/conf.py': 'exclude_patterns = ["sub/excluded"]\n',
    'doc/source/index.rst': 'Index\n=====\n\n.. toctree::\n\n   sub/page\n   sub/doc\n',
    'doc/source/sub/page.rst': 'Page\n====\n\n.. include:: inc/part.inc\n\n.. include:: excluded/part.rst\n\nUses |sub|.\n',
    'doc/source/sub/doc.rst': 'Doc\n===\n\n.. include:: inc/doc.rst\n',
    'doc/source/sub/inc/part.inc': part,
    'doc/source/sub/excluded/part.rst': 'Excluded\n\n.. literalinclude:: code.py\n\n.. image:: missing.png\n',
    // A document of its own that another includes: its own build reads it from its own folder.
    'doc/source/sub/inc/doc.rst': 'Inner\n=====\n\n.. image:: inner.png\n',
    'doc/source/sub/inc/inner.png': 'png',
    'doc/source/sub/pic.png': 'png',
    'doc/source/sub/code.py': 'x = 1\n',
    'doc/source/sub/flow.dot': 'digraph { a -> b }\n',
    'doc/source/a/flow.dot': 'digraph { a -> b }\n',
    'doc/source/sub/defs.txt': '.. |sub| replace:: substituted\n',
    // Another document, first by name, includes the part too: each reads the nested include from its own folder.
    'doc/source/a/page.rst': ':orphan:\n\nA\n=\n\n.. include:: ../sub/inc/part.inc\n\nUses |asub|.\n',
    'doc/source/a/defs.txt': '.. |asub| replace:: substituted\n',
    'doc/source/a/pic.png': 'png',
    'doc/source/a/code.py': 'x = 1\n',
  };
  await withService(files, async ({ service, uri, codes, indexAll }) => {
    // The included files first, as a folder's walk may index them, then their includers.
    indexAll(['doc/source/sub/inc/doc.rst', 'doc/source/sub/excluded/part.rst', 'doc/source/index.rst', 'doc/source/sub/page.rst', 'doc/source/sub/doc.rst', 'doc/source/a/page.rst']);
    assert.equal(service.projectWorkspace.includedBy?.(uri('doc/source/sub/inc/part.inc')), uri('doc/source/a/page.rst'));
    assert.deepEqual(await codes('doc/source/a/page.rst'), []);
    assert.equal(service.projectWorkspace.includedBy?.(uri('doc/source/sub/inc/doc.rst')), undefined, 'a document is read on its own');
    assert.deepEqual(await codes('doc/source/sub/inc/part.inc'), ['sphinx.image-not-found missing.png']);
    assert.deepEqual(await codes('doc/source/sub/excluded/part.rst'), ['sphinx.image-not-found missing.png']);
    assert.deepEqual(await codes('doc/source/sub/page.rst'), []);
    assert.deepEqual(await codes('doc/source/sub/inc/doc.rst'), []);
  });
  // Without conf.py, docutils reads a nested include from the folder of the file holding it.
  const plain: Record<string, string> = {
    'page.rst': 'Page\n====\n\n.. include:: inc/part.inc\n\nUses |sub|.\n',
    'inc/part.inc': '.. include:: defs.txt\n',
    'inc/defs.txt': '.. |sub| replace:: substituted\n',
    'defs.txt': '.. |other| replace:: other\n',
  };
  await withService(plain, async ({ codes, indexAll }) => {
    indexAll(['page.rst']);
    assert.deepEqual(await codes('page.rst'), []);
  });
});

test("the real server's preview of a .inc file draws its `.. graphviz:: flow.dot` from the folder of the document that includes it, as the checks and the build read it", async () => {
  const part = 'Part\n\n.. graphviz:: flow.dot\n';
  const dir = writeTree({
    'doc/source/conf.py': 'extensions = ["sphinx.ext.graphviz"]\n',
    'doc/source/index.rst': 'Index\n=====\n\n.. toctree::\n\n   sub/page\n',
    'doc/source/sub/page.rst': 'Page\n====\n\n.. include:: inc/part.inc\n',
    'doc/source/sub/inc/part.inc': part,
    'doc/source/sub/flow.dot': 'digraph { included_from_sub -> b }\n',
  });
  const client = await startLspClient(pathToFileURL(dir).href);
  try {
    const uri = pathToFileURL(path.join(dir, 'doc/source/sub/inc/part.inc')).href;
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text: part } });
    await latest(client, uri, (p) => p.diagnostics.length === 0, 'part.inc checked with flow.dot read from sub/');
    const preview = JSON.stringify(await client.conn.sendRequest('haGuide/preview', { uri, waitMs: 60000 }));
    assert.ok(!preview.includes('not found'), preview.slice(0, 2000));
    assert.ok(preview.includes('included_from_sub'), 'the diagram of sub/flow.dot is drawn');
  } finally {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a file only included is checked with the names of the document that reads it: a `Foo`_ in b.inc to a title of a.inc, both included by one document (placement's api-ref)", async () => {
  const files: Record<string, string> = {
    'doc/source/conf.py': 'extensions = []\n',
    'doc/source/index.rst': 'Index\n=====\n\n.. |release| replace:: 1.0\n\n.. include:: a.inc\n\n.. include:: b.inc\n',
    'doc/source/a.inc': 'Foo\n---\n\nText.\n',
    'doc/source/b.inc': 'See `Foo`_, |release| and `Bar`_.\n',
  };
  await withService(files, async ({ codes, indexAll }) => {
    indexAll(['doc/source/index.rst']);
    assert.deepEqual(await codes('doc/source/b.inc'), ['rst.unknown-target Bar'], 'only the name no part of the document defines');
    assert.deepEqual(await codes('doc/source/b.inc'), ['rst.unknown-target Bar'], 'and so again, from the cache or not');
  });
});

test("the real server: an open .inc file is checked again when the buffer of the document that includes it changes, and when a file that document includes is saved", async () => {
  const index = 'Index\n=====\n\n.. |product| replace:: Designate\n\n.. include:: a.inc\n\n.. include:: b.inc\n';
  const a = 'Foo\n---\n\nText.\n';
  const b = 'See `Foo`_ and |product|.\n';
  const dir = writeTree({ 'doc/source/conf.py': 'extensions = []\n', 'doc/source/index.rst': index, 'doc/source/a.inc': a, 'doc/source/b.inc': b });
  const client = await startLspClient(pathToFileURL(dir).href);
  try {
    const uri = (rel: string) => pathToFileURL(path.join(dir, 'doc/source', rel)).href;
    const open = (rel: string, text: string) => client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId: 'restructuredtext', version: 1, text } });
    const change = (rel: string, version: number, text: string) => client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(rel), version }, contentChanges: [{ text }] });
    const messages = (p: { diagnostics: { message: string }[] }) => p.diagnostics.map((d) => d.message).join(' | ');
    await open('index.rst', index);
    await open('a.inc', a);
    await open('b.inc', b);
    await latest(client, uri('b.inc'), (p) => p.diagnostics.length === 0, 'b.inc checked with the names of index.rst and a.inc');
    // The substitution goes from the including document, which b.inc itself never names as a file.
    await change('index.rst', 2, index.replace('.. |product| replace:: Designate\n\n', ''));
    await latest(client, uri('b.inc'), (p) => messages(p) === 'Undefined substitution referenced: "product".', 'b.inc checked again when index.rst dropped |product|');
    await change('index.rst', 3, index);
    await latest(client, uri('b.inc'), (p) => p.diagnostics.length === 0, 'b.inc checked again when index.rst defined |product| again');
    // A sibling included by the same document, open, is read from disk, as the build reads it: what is saved
    // there counts (here the file changes on disk under an unchanged buffer, so only the save can check b.inc again).
    // The checks the edits above started settle first (a later one would read the new file too).
    await new Promise((r) => setTimeout(r, 1500));
    fs.writeFileSync(path.join(dir, 'doc/source/a.inc'), 'Bar\n---\n\nText.\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('a.inc'), type: 2 }] });
    await latest(client, uri('b.inc'), (p) => messages(p).includes('Unknown target name: "foo"'), 'b.inc checked again when a.inc was saved with another title');
  } finally {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("in a file a document includes in parts, paths outside those parts start at the file's own folder: the build does not read them", async () => {
  // sphinx-gallery: doc/index.rst includes the tagline of ../README.rst; the screenshot below it is for the
  // repository's front page, written from README.rst's folder.
  const readme = [
    'Project',
    '=======',
    '',
    '.. tagline-begin-content',
    '',
    'A tagline, with :download:`a file <_static/data.csv>`.',
    '',
    '.. tagline-end-content',
    '',
    '.. image:: doc/_static/demo.png',
    '',
    '.. image:: _static/demo.png',
    '',
  ].join('\n');
  const index = (after: string) => `Project\n=======\n\n.. include:: ../README.rst\n   :start-after: ${after}\n   :end-before: tagline-end-content\n`;
  const files: Record<string, string> = {
    'doc/conf.py': 'extensions = []\n',
    'doc/index.rst': index('tagline-begin-content'),
    'doc/_static/demo.png': 'png',
    'doc/_static/data.csv': 'a,b\n',
    'README.rst': readme,
  };
  await withService(files, async ({ service, uri, codes, indexAll }) => {
    indexAll(['doc/index.rst', 'README.rst']);
    assert.equal(service.projects.project(uri('README.rst'))?.root, uri('doc/'));
    // The download in the tagline is read from doc/; the screenshots, outside it, from the top.
    assert.deepEqual(await codes('README.rst'), ['sphinx.image-not-found _static/demo.png']);
    // The include now reads on to the end of the file: the screenshots are read from doc/ too.
    service.index.set(uri('doc/index.rst'), 2, index('tagline-begin-content').replace('   :end-before: tagline-end-content\n', ''));
    assert.deepEqual(await codes('README.rst'), ['sphinx.image-not-found doc/_static/demo.png']);
  });
});

test('a document a nested include pulls in (through a file outside the source folder, or a .inc file) is in the build, as Sphinx notes every include', async () => {
  // pluggy: docs/changelog.rst includes ../CHANGELOG.rst, which includes the draft its docs build writes into docs/.
  const files: Record<string, string> = {
    'docs/conf.py': 'extensions = []\n',
    'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   changelog\n   parts\n',
    'docs/changelog.rst': 'Changelog\n=========\n\n.. include:: ../CHANGELOG.rst\n',
    'CHANGELOG.rst': '.. include:: _draft.rst\n\nVersion 1\n---------\n\nText.\n',
    'docs/_draft.rst': 'Draft\n-----\n\nUnreleased.\n',
    'docs/parts.rst': 'Parts\n=====\n\n.. include:: sub/part.inc\n',
    'docs/sub/part.inc': '.. include:: snippet.rst\n',
    'docs/snippet.rst': 'A snippet.\n',
    'docs/sub/snippet.rst': 'Not this one.\n',
  };
  await withService(files, async ({ codes, indexAll }) => {
    indexAll();
    assert.deepEqual(await codes('docs/_draft.rst'), []);
    assert.deepEqual(await codes('docs/snippet.rst'), []);
    // Read from the including document's folder: docs/sub/snippet.rst is not what part.inc pulls in.
    assert.deepEqual(await codes('docs/sub/snippet.rst'), ["sphinx.not-in-toctree Not this one."]);
  });
});

test("a transition that ends a file included from outside the source folder does not end the document that reads it (multidict's CHANGES.rst)", async () => {
  const files: Record<string, string> = {
    'docs/conf.py': 'extensions = []\n',
    'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   changes\n',
    'docs/changes.rst': 'Changes\n=======\n\n.. include:: ../CHANGES.rst\n\n.. include:: ../HISTORY.rst\n',
    'CHANGES.rst': '1.0\n---\n\n- A change.\n\n----\n',
    'HISTORY.rst': '0.9\n---\n\n- Older.\n',
    'NOTES.rst': 'Notes\n-----\n\nText.\n\n----\n',
  };
  await withService(files, async ({ codes, indexAll }) => {
    indexAll();
    assert.deepEqual(await codes('CHANGES.rst'), []);
    // A file nothing includes is a document of its own: its last transition ends it.
    assert.deepEqual(await codes('NOTES.rst'), ['rst.transition-misplaced ----']);
  });
});

test("a towncrier fragment follows its news file's project in the service: indexed before the news file's includer, it is read again after", async () => {
  const FRAGMENT = 'changes.d/2.bugfix.rst';
  const fragment = 'Fixed :issue:`2`, see :ref:`usage-label`.\n';
  const files = { ...PALLETS, 'pyproject.toml': '[tool.towncrier]\nfilename = "CHANGES.rst"\ndirectory = "changes.d"\n', [FRAGMENT]: fragment };
  await withService(files, async ({ service, uri, codes: codesOf }) => {
    const codes = () => codesOf(FRAGMENT);
    service.index.set(uri(FRAGMENT), 1, fragment);
    service.index.set(uri('CHANGES.rst'), 1, CHANGES);
    assert.deepEqual(await codes(), ['rst.unknown-role issue', 'sphinx.undefined-label usage-label']);
    for (const rel of ['docs/index.rst', 'docs/usage.rst', 'docs/changes.rst']) service.index.set(uri(rel), 1, PALLETS[rel]);
    assert.equal(service.index.get(uri(FRAGMENT))?.project, uri('docs/'));
    assert.deepEqual(await codes(), []);
    // The include removed: the news file, and its fragment, are of no project again.
    service.index.set(uri('docs/changes.rst'), 2, CHANGES_PAGE(false));
    assert.equal(service.projects.project(uri(FRAGMENT)), undefined);
    assert.deepEqual(await codes(), ['rst.unknown-role issue', 'sphinx.reference-outside-build usage-label']);
  });
});

test("the real server: CHANGES.rst opened in a pallets-like repository is checked and previewed in the docs' project; NOTES.rst, which nothing includes, on its own", async () => {
  const changes = `${CHANGES}-   A relative :doc:\`usage\`, read from docs/ as the build reads it.\n`;
  const dir = writeTree({ ...PALLETS, 'CHANGES.rst': changes, 'NOTES.rst': CHANGES });
  const client = await startLspClient(pathToFileURL(dir).href);
  try {
    const uri = pathToFileURL(path.join(dir, 'CHANGES.rst')).href;
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text: changes } });
    const done = await latest(client, uri, (p) => p.diagnostics.length === 0, 'CHANGES.rst checked in the docs project');
    assert.deepEqual(done.diagnostics, []);
    // The preview links the label and the document in docs/, with the title the document shows.
    const preview = (await client.conn.sendRequest('haGuide/preview', { uri, waitMs: 0 })) as { html: string };
    const links = [...preview.html.matchAll(/<a class="hg-reference (hg-xref|hg-doc)" href="([^"]*)">([^<]*)<\/a>/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    assert.deepEqual(links, ['hg-xref docs/usage.rst#L1 Usage', 'hg-doc docs/usage.rst Usage'], preview.html);
    const notes = pathToFileURL(path.join(dir, 'NOTES.rst')).href;
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: notes, languageId: 'restructuredtext', version: 1, text: CHANGES } });
    const own = await client.diagnosticsFor(notes, 1);
    // Nothing includes it, beside the docs' project: no build reads it.
    assert.deepEqual(own.diagnostics.map((d) => d.code), ['rst.unknown-role', 'sphinx.reference-outside-build']);
  } finally {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("CHANGES.rst named alone in a source tree without .git (an unpacked release) is checked in the docs' project that includes it, as in a repository", () => {
  const lint = (dir: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'lint', ...args], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.stderr, '');
    return r.stdout.split('\n').filter(Boolean);
  };
  // The top of the tree holds its packaging configuration (flask's pyproject.toml): the includer is looked for below it.
  const tree = writeTree({ ...PALLETS, 'pyproject.toml': '[project]\nname = "y"\n' });
  // Without it, nothing marks a source tree: a file of its own, its extlinks role unknown.
  const bare = writeTree(PALLETS);
  try {
    assert.deepEqual(lint(tree, 'CHANGES.rst'), []);
    assert.deepEqual(lint(path.join(tree, 'docs'), path.join(tree, 'CHANGES.rst')), []);
    assert.deepEqual(lint(bare, 'CHANGES.rst').map((l) => l.split(' ').slice(0, 3).join(' ')), ['CHANGES.rst:4:10: error rst.unknown-role', "CHANGES.rst:4:31: warning sphinx.undefined-label"]);
  } finally {
    fs.rmSync(tree, { recursive: true, force: true });
    fs.rmSync(bare, { recursive: true, force: true });
  }
});

/** OpenStack's layout: `doc/source/HACKING.rst` is a symbolic link to the repository's `HACKING.rst`. */
function linkedTree(): { dir: string; uri: (rel: string) => string; hacking: string } {
  const hacking = 'Hacking\n=======\n\nSee :ref:`library` and :doc:`/index`.\n';
  const dir = writeTree({
    'doc/source/conf.py': 'project = "t"\n',
    'doc/source/index.rst': 'Index\n=====\n\n.. toctree::\n\n   HACKING\n   library\n',
    'doc/source/library.rst': '.. _library:\n\nLibrary\n=======\n\nText.\n',
    'HACKING.rst': hacking,
    'NOTES.rst': hacking,
  });
  fs.symlinkSync('../../HACKING.rst', path.join(dir, 'doc/source/HACKING.rst'));
  return { dir, uri: (rel) => pathToFileURL(path.join(dir, rel)).href, hacking };
}

test('a file the source folder links to (doc/source/HACKING.rst -> ../../HACKING.rst) is checked as that document, in the editor and in ha-guide lint', async () => {
  const { dir, uri, hacking } = linkedTree();
  const service = createNodeLanguageService({ settings: () => defaultSettings, workspace: new NodeWorkspace([pathToFileURL(dir).href]), graphviz: false });
  try {
    // The editor: the workspace listed and indexed, then the repository's HACKING.rst opened.
    for (const u of await listRstFiles([pathToFileURL(dir).href], [])) service.index.set(u, 0, fs.readFileSync(new URL(u), 'utf8'));
    const codes = async (rel: string) => (await service.computeDiagnostics({ uri: uri(rel), version: 1, getText: () => hacking })).map((d) => d.code);
    assert.deepEqual(await codes('HACKING.rst'), []);
    // The same text in a file nothing links to: the label and the document are of no project there, and no build
    // reads the file (information).
    assert.deepEqual(await codes('NOTES.rst'), ['sphinx.reference-outside-build', 'sphinx.reference-outside-build']);
    // The link deleted (the index drops it): the file is of no project again, and the link does not come back.
    service.index.delete(uri('doc/source/HACKING.rst'));
    assert.deepEqual(await codes('HACKING.rst'), ['sphinx.reference-outside-build', 'sphinx.reference-outside-build']);
    assert.equal(service.index.get(uri('doc/source/HACKING.rst')), undefined);

    // ha-guide lint over the repository: the linked file once, under the name the build reads it by.
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'lint', '.'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.stderr, '');
    assert.deepEqual(r.stdout.split('\n').filter(Boolean).map((l) => l.replace(/ '.*$/, '')), [
      'NOTES.rst:4:11: information sphinx.reference-outside-build undefined label:',
      'NOTES.rst:4:30: information sphinx.reference-outside-build unknown document:',
    ]);
  } finally {
    service.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder the source folder links to, met first at its own path (diskimage-builder: doc/source/elements -> ../../elements): the workspace lists its files at the link', async () => {
  const dir = writeTree({
    'doc/source/conf.py': 'project = "t"\n',
    'doc/source/index.rst': 'Index\n=====\n',
    'a_elements/foo/README.rst': 'Foo\n===\n',
    'notes/plain.rst': 'Plain\n=====\n',
  });
  try {
    fs.symlinkSync('../../a_elements', path.join(dir, 'doc/source/elements'));
    // A folder that folder links to is in the source folder too, through both links.
    fs.symlinkSync('../notes', path.join(dir, 'a_elements/notes'));
    const listed = (await listRstFiles([pathToFileURL(dir).href], [])).map((u) => path.relative(dir, new URL(u).pathname));
    assert.deepEqual(listed.sort(), ['doc/source/elements/foo/README.rst', 'doc/source/elements/notes/plain.rst', 'doc/source/index.rst'].sort());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a chain of links (doc/source/template.rst -> specs/backlog.rst -> specs/2027.1.rst, nova-specs): ha-guide lint checks the file once, as the document the build reads', () => {
  const text = 'Template\n========\n\nSee :ref:`library`.\n';
  const dir = writeTree({
    'doc/source/conf.py': 'project = "t"\n',
    'doc/source/index.rst': 'Index\n=====\n\n.. toctree::\n\n   template\n   library\n',
    'doc/source/library.rst': '.. _library:\n\nLibrary\n=======\n\nText.\n',
    'specs/2027.1.rst': text,
    'specs/other.rst': text,
  });
  fs.symlinkSync('2027.1.rst', path.join(dir, 'specs/backlog.rst'));
  fs.symlinkSync('../../specs/backlog.rst', path.join(dir, 'doc/source/template.rst'));
  try {
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'lint', '.'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.stderr, '');
    // specs/other.rst is read by no build: the label is of no project there (information, beside the project). Neither link of the chain is reported.
    assert.deepEqual(r.stdout.split('\n').filter(Boolean), [`specs/other.rst:4:11: information sphinx.reference-outside-build undefined label: 'library'; this file is in no Sphinx project (no conf.py in its folder or above) and no document includes it, so no build resolves it`]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a link outside the source folder to a file a page includes (sunpy\'s CITATION.rst -> sunpy/CITATION.rst): ha-guide lint checks the file once, with its includer', () => {
  const dir = writeTree({
    'docs/conf.py': "extensions = ['sphinxcontrib.bibtex']\nbibtex_bibfiles = ['refs.bib']\n",
    'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   citation\n',
    'docs/citation.rst': 'Citation\n========\n\n.. include:: ../pkg/CITATION.rst\n',
    'pkg/CITATION.rst': 'Please cite :cite:p:`sunpy` and :nosuch:`x`.\n',
  });
  fs.symlinkSync('pkg/CITATION.rst', path.join(dir, 'CITATION.rst'));
  try {
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'lint', '.'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.stderr, '');
    // The true error once, at the file's own path; the link is not read as a file of no project (no false unknown cite:p).
    assert.deepEqual(r.stdout.split('\n').filter(Boolean), ['pkg/CITATION.rst:1:34: error rst.unknown-role Unknown interpreted text role "nosuch".']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a file named alone that the build reads through a folder link (doc/source/specs -> ../../specs, ironic-specs): a pre-commit hook\'s lint checks it as that document', () => {
  const dir = writeTree({
    'doc/source/conf.py': 'project = "t"\n',
    'doc/source/index.rst': '.. _lbl:\n\nIndex\n=====\n\n.. toctree::\n   :glob:\n\n   specs/*\n',
    'doc/source/_media/x.png': 'png',
    'specs/a.rst': 'A\n=\n\nSee :ref:`lbl` and :ref:`nowhere`.\n\n.. image:: /_media/x.png\n',
    'specs/b.rst': 'B\n=\n\nText.\n',
    'notes/c.rst': 'C\n=\n\nSee :ref:`lbl`.\n',
  });
  fs.symlinkSync('../../specs', path.join(dir, 'doc/source/specs'));
  const lint = (...args: string[]) => {
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'lint', ...args], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.stderr, '');
    return r.stdout.split('\n').filter(Boolean);
  };
  try {
    const real = ["doc/source/specs/a.rst:4:26: warning sphinx.undefined-label undefined label: 'nowhere'"];
    assert.deepEqual(lint('.'), [...real, `notes/c.rst:4:11: information sphinx.reference-outside-build undefined label: 'lbl'; this file is in no Sphinx project (no conf.py in its folder or above) and no document includes it, so no build resolves it`]);
    assert.deepEqual(lint('specs/a.rst', 'specs/b.rst'), real);
    // Named both ways: once.
    assert.deepEqual(lint('specs/a.rst', 'doc/source/specs/a.rst'), real);
    // A file no link leads to is still a file of no project; named alone outside a repository (nothing searched
    // for its includers), a file of its own: a warning.
    assert.deepEqual(lint('notes/c.rst'), ["notes/c.rst:4:11: warning sphinx.undefined-label undefined label: 'lbl'"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("autosectionlabel with prefixed labels: a section of a file outside the source folder that a page includes is that page's, also when the file is an input of its own (readthedocs.org's changelog:Version 3.2.0 at `lint .`)", () => {
  const dir = writeTree({
    'docs/conf.py': 'extensions = ["sphinx.ext.autosectionlabel"]\nautosectionlabel_prefix_document = True\n',
    'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   changelog\n\nSee :ref:`changelog:Version 3.2.0` and :ref:`index:Version 3.2.0`.\n',
    'docs/changelog.rst': 'Changelog\n=========\n\n.. include:: ../CHANGELOG.rst\n',
    'CHANGELOG.rst': 'Version 3.2.0\n-------------\n\nFixed.\n',
  });
  const lint = (...args: string[]) => {
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'lint', ...args], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.stderr, '');
    return r.stdout.split('\n').filter(Boolean);
  };
  try {
    // Sphinx 5.3 resolves the first and warns of the second only: "index.rst:8: WARNING: undefined label: 'index:version 3.2.0'".
    const second = ["docs/index.rst:8:46: warning sphinx.undefined-label undefined label: 'index:Version 3.2.0'"];
    assert.deepEqual(lint('docs'), second);
    assert.deepEqual(lint('.'), second);
    assert.deepEqual(lint('docs/index.rst', 'CHANGELOG.rst'), second);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('IncluderMap: what a document includes replaces what it included; the files whose includers changed are returned', () => {
  const m = new IncluderMap();
  assert.deepEqual(m.set('a', ['x', 'y', 'x', 'a']), ['x', 'y']);
  assert.deepEqual(m.set('b', ['x']), ['x']);
  assert.deepEqual([...m.of('x')].sort(), ['a', 'b']);
  assert.deepEqual(m.set('a', ['x', 'y']), [], 'the same includes again change nothing');
  assert.deepEqual(m.set('a', ['y', 'z']).sort(), ['x', 'z']);
  assert.deepEqual(m.of('x'), ['b']);
  assert.deepEqual(m.set('b', []), ['x']);
  assert.deepEqual([m.of('x'), m.of('a')], [[], []]);
});
