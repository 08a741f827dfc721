import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { spawn } from 'node:child_process';
import { connectStdio, killServer, startLspClient, type LspTestClient } from './lspClient';
import { expectLinear } from './complexity';
import type { IWorkspace } from '../../server/src/features/workspace';
import { createLanguageService } from '../../server/src/languageService';

/**
 * Paths that follow a renamed or moved file or folder, asked of the real language server the way VS Code asks
 * it before a rename in the Explorer (`workspace/willRenameFiles`), over a Sphinx project on disk. Each test
 * applies the answer to the files' texts and compares whole texts: only the paths change, nothing is lost.
 */
let client: LspTestClient;
let ws: string;
const uri = (rel: string) => pathToFileURL(path.join(ws, rel)).href;

const INDEX = `Guide
=====

.. toctree::
   :maxdepth: 2

   intro
   guide/setup
   Spaced <my docs/page>
   /guide/setup.rst

See :doc:\`guide/setup\`, :doc:\`the setup </guide/setup>\` and :doc:\`intro\`.
Get :download:\`the script <files/run.sh>\`.

.. image:: images/arch.png

.. figure:: /images/arch.png

   The architecture.

.. include:: snippets/common.txt

.. literalinclude:: ./files/run.sh

.. graphviz:: diagrams/ha.dot
`;

const SETUP = `:orphan:

Setup
=====

Back to :doc:\`../index\`.

.. image:: ../images/arch.png
`;

// Broken on purpose: an unclosed backquote, a table whose border is cut, a directive with no blank line, and
// a stray tab. Its paths must still follow and every other character stay.
const BROKEN = `Broken
=====

See \`unclosed here, and :doc:\`intro\`.

Also :doc:\`intro\` and **strong.

+------+----
| cell |  x
+------

.. image:: images/arch.png
   :alt: arch
\t.. graphviz::
   digraph { a -> }
`;

const FILES: Record<string, string> = {
  'doc/conf.py': "project = 'x'\n",
  'doc/index.rst': INDEX,
  'doc/intro.rst': ':orphan:\n\nIntro\n=====\n',
  'doc/guide/setup.rst': SETUP,
  'doc/my docs/page.rst': ':orphan:\n\nPage\n====\n',
  'doc/broken.rst': BROKEN,
  'doc/images/arch.png': 'png',
  'doc/files/run.sh': 'echo\n',
  'doc/files/unused.txt': 'nothing names me\n',
  'doc/snippets/common.txt': 'Shared text.\n',
  'doc/diagrams/ha.dot': 'digraph { a -> b }\n',
  'other/readme.txt': 'outside the Sphinx project\n',
  // Label references: to a label of doc/guide/ha.rst (counted for that file), from the same project only.
  'doc/guide/ha.rst': ':orphan:\n\n.. _ha-overview:\n\nOverview\n========\n\n.. _ha-figure:\n\nText.\n',
  'doc/refs.rst': ':orphan:\n\nRefs\n====\n\nSee :ref:`ha-overview` and :ref:`the figure <ha-figure>`,\n:doc:`guide/ha`, and :ref:`refs-self`.\n\n.. _refs-self:\n\nEnd.\n',
  'second/conf.py': "project = 'second'\n",
  'second/index.rst': 'Second\n======\n\nAnother project: :ref:`ha-overview` names no label of its own.\n',
};

before(async () => {
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-rename-'));
  for (const [rel, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
    fs.writeFileSync(path.join(ws, rel), text);
  }
  client = await startLspClient(pathToFileURL(ws).href);
});
after(async () => {
  await client.stop();
  fs.rmSync(ws, { recursive: true, force: true });
});

interface LspEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

function offsetAt(text: string, p: { line: number; character: number }): number {
  let at = 0;
  for (let l = 0; l < p.line; l++) at = text.indexOf('\n', at) + 1;
  return at + p.character;
}

/** The texts of the files after applying the server's answer to a rename of `from` to `to` (paths in the workspace). */
async function renamed(renames: [string, string][], texts: Record<string, string> = {}) {
  const files = renames.map(([a, b]) => ({ oldUri: uri(a), newUri: b.startsWith('/') ? pathToFileURL(b).href : uri(b) }));
  const edit = (await client.conn.sendRequest('workspace/willRenameFiles', { files })) as { changes: Record<string, LspEdit[]> } | null;
  const out: Record<string, string> = {};
  for (const [u, edits] of Object.entries(edit?.changes ?? {})) {
    const rel = path.relative(ws, new URL(u).pathname).split(path.sep).join('/');
    let text = texts[rel] ?? FILES[rel];
    assert.ok(text !== undefined, `an edit for a file the test did not write: ${u}`);
    const sorted = edits.map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
    for (const e of sorted) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    out[rel] = text;
  }
  return { out, edit };
}

test('the server offers willRenameFiles for every file and folder', async () => {
  const server = spawn(process.execPath, [path.resolve(__dirname, '../../../dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = connectStdio(server);
  conn.listen();
  const r = (await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as {
    capabilities: { workspace?: { fileOperations?: { willRename?: { filters: { scheme?: string; pattern: { glob: string; matches?: string } }[] } } } };
  };
  conn.dispose();
  await killServer(server);
  assert.deepEqual(r.capabilities.workspace?.fileOperations?.willRename?.filters, [{ scheme: 'file', pattern: { glob: '**/*' } }]);
});

test('renaming an image: relative, /-rooted and ../ paths follow, a space is written as docutils reads it', async () => {
  const { out } = await renamed([['doc/images/arch.png', 'doc/media/arch diagram.png']]);
  assert.deepEqual(Object.keys(out).sort(), ['doc/broken.rst', 'doc/guide/setup.rst', 'doc/index.rst']);
  assert.equal(out['doc/index.rst'], INDEX.replace('.. image:: images/arch.png', '.. image:: media/arch\\ diagram.png').replace('.. figure:: /images/arch.png', '.. figure:: /media/arch\\ diagram.png'));
  assert.equal(out['doc/guide/setup.rst'], SETUP.replace('../images/arch.png', '../media/arch\\ diagram.png'));
});

test('renaming a folder: documents inside it and paths inside the moved documents follow, :doc: keeps no suffix', async () => {
  const { out } = await renamed([['doc/guide', 'doc/admin/guide']]);
  assert.equal(
    out['doc/index.rst'],
    INDEX.replace('   guide/setup\n', '   admin/guide/setup\n')
      .replace('/guide/setup.rst', '/admin/guide/setup.rst')
      .replace(':doc:`guide/setup`', ':doc:`admin/guide/setup`')
      .replace('</guide/setup>', '</admin/guide/setup>'),
  );
  // The moved document's own relative paths now start one folder deeper.
  assert.equal(out['doc/guide/setup.rst'], SETUP.replace(':doc:`../index`', ':doc:`../../index`').replace('../images/arch.png', '../../images/arch.png'));
});

test('a document that moves: the paths inside it are written from its new folder, ./ kept', async () => {
  const { out } = await renamed([['doc/index.rst', 'doc/start/index.rst']]);
  assert.equal(
    out['doc/index.rst'],
    INDEX.replace('   intro\n', '   ../intro\n')
      .replace('   guide/setup\n', '   ../guide/setup\n')
      .replace('<my docs/page>', '<../my docs/page>')
      .replace(':doc:`guide/setup`', ':doc:`../guide/setup`')
      .replace(':doc:`intro`', ':doc:`../intro`')
      .replace('<files/run.sh>', '<../files/run.sh>')
      .replace('.. image:: images/arch.png', '.. image:: ../images/arch.png')
      .replace('snippets/common.txt', '../snippets/common.txt')
      .replace('.. literalinclude:: ./files/run.sh', '.. literalinclude:: ../files/run.sh')
      .replace('diagrams/ha.dot', '../diagrams/ha.dot'),
  );
  assert.equal(out['doc/guide/setup.rst'], SETUP.replace(':doc:`../index`', ':doc:`../start/index`'));
});

test('a target nobody names: no edit at all', async () => {
  const { edit } = await renamed([['doc/files/unused.txt', 'doc/files/renamed.txt']]);
  assert.equal(edit, null);
});

test('paths with spaces: a folder with a space in a toctree entry with a title', async () => {
  const { out } = await renamed([['doc/my docs/page.rst', 'doc/my docs/first page.rst']]);
  assert.deepEqual(Object.keys(out), ['doc/index.rst']);
  assert.equal(out['doc/index.rst'], INDEX.replace('Spaced <my docs/page>', 'Spaced <my docs/first page>'));
});

test('a broken document keeps every character but its paths', async () => {
  const { out } = await renamed([['doc/intro.rst', 'doc/basics/intro.rst']]);
  assert.equal(out['doc/broken.rst'], BROKEN.replace('Also :doc:`intro`', 'Also :doc:`basics/intro`'));
  const again = await renamed([['doc/images', 'doc/img']]);
  assert.equal(again.out['doc/broken.rst'], BROKEN.replace('images/arch.png', 'img/arch.png'));
});

test('an open buffer with unsaved changes is the text the edit applies to', async () => {
  const changed = INDEX.replace('Guide\n=====\n', 'A longer title now\n==================\n\nNew text.\n');
  await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('doc/index.rst'), languageId: 'restructuredtext', version: 1, text: changed } });
  try {
    const { out } = await renamed([['doc/diagrams/ha.dot', 'doc/diagrams/api-ha.dot']], { 'doc/index.rst': changed });
    assert.equal(out['doc/index.rst'], changed.replace('diagrams/ha.dot', 'diagrams/api-ha.dot'));
  } finally {
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri('doc/index.rst') } });
  }
});

test('a rename out of the project: references left as written, never a broken path', async () => {
  // Out of the Sphinx project (the conf.py folder) but inside the workspace: a :doc: or toctree entry cannot
  // name it there; a file argument still reaches it.
  const moved = await renamed([
    ['doc/intro.rst', 'other/intro.rst'],
    ['doc/snippets/common.txt', 'other/common.txt'],
  ]);
  assert.equal(moved.out['doc/index.rst'], INDEX.replace('snippets/common.txt', '../other/common.txt'));
  assert.equal(moved.out['doc/broken.rst'], undefined);
  // Out of the workspace folders: nothing is read there, so nothing is rewritten to point there.
  const outside = await renamed([['doc/images/arch.png', path.join(os.tmpdir(), 'elsewhere-arch.png')]]);
  assert.equal(outside.edit, null);
});

test('the edits of a folder rename cost in proportion to the documents (in process, CPU time)', (t) => {
  const build = (n: number) => {
    const ws: IWorkspace = { exists: () => true, sourceDir: () => 'file:///p/' };
    const service = createLanguageService({ workspace: ws });
    for (let i = 0; i < n; i++) {
      const text = `Doc ${i}\n======\n\nSee :doc:\`guide/setup\` and :download:\`x <files/run.sh>\`.\n\n.. image:: images/a${i % 7}.png\n\n.. toctree::\n\n   guide/setup\n   d${i + 1}\n`;
      service.indexDocument({ uri: `file:///p/d${i}.rst`, version: 1, getText: () => text });
    }
    return service;
  };
  let edits = 0;
  expectLinear(
    'willRenameFiles over the workspace',
    build,
    (service, n) => {
      const r = service.fileRenameEdits([{ oldUri: 'file:///p/images', newUri: 'file:///p/media/images' }]);
      edits = Object.values(r.changes).reduce((k, e) => k + e.length, 0);
      assert.equal(edits, n);
    },
    2000,
    { log: (l) => t.diagnostic(l) },
  );
  assert.ok(edits > 0);
});

/** The places the server's `haGuide/fileReferences` lists for a file or folder, as `file:line:text named`. */
async function referencesTo(rel: string): Promise<string[]> {
  const locations = (await client.conn.sendRequest('haGuide/fileReferences', { uri: uri(rel) })) as { uri: string; range: LspEdit['range'] }[];
  return locations.map((l) => {
    const file = path.relative(ws, new URL(l.uri).pathname).split(path.sep).join('/');
    const text = FILES[file];
    return `${file}:${l.range.start.line + 1}:${text.slice(offsetAt(text, l.range.start), offsetAt(text, l.range.end))}`;
  });
}

test('Find File References lists every path that names a file, and every file inside a folder; none for a file nobody names', async () => {
  assert.deepEqual(await referencesTo('doc/images/arch.png'), [
    'doc/broken.rst:12:images/arch.png',
    'doc/guide/setup.rst:8:../images/arch.png',
    'doc/index.rst:15:images/arch.png',
    'doc/index.rst:17:/images/arch.png',
  ]);
  assert.deepEqual(await referencesTo('doc/guide/setup.rst'), ['doc/index.rst:8:guide/setup', 'doc/index.rst:10:/guide/setup.rst', 'doc/index.rst:12:guide/setup', 'doc/index.rst:12:/guide/setup']);
  assert.deepEqual(await referencesTo('doc/files'), ['doc/index.rst:13:files/run.sh', 'doc/index.rst:23:./files/run.sh']);
  assert.deepEqual(await referencesTo('doc/files/unused.txt'), []);
});

test("Find File References lists the :ref:s to the file's labels, as Markdown lists links to its headings; not another project's", async () => {
  assert.deepEqual(await referencesTo('doc/guide/ha.rst'), ['doc/refs.rst:6::ref:`ha-overview`', 'doc/refs.rst:6::ref:`the figure <ha-figure>`', 'doc/refs.rst:7:guide/ha']);
  assert.deepEqual(await referencesTo('doc/guide'), [
    'doc/index.rst:8:guide/setup',
    'doc/index.rst:10:/guide/setup.rst',
    'doc/index.rst:12:guide/setup',
    'doc/index.rst:12:/guide/setup',
    'doc/refs.rst:6::ref:`ha-overview`',
    'doc/refs.rst:6::ref:`the figure <ha-figure>`',
    'doc/refs.rst:7:guide/ha',
  ]);
});

test('text pasted into another document gets its relative paths written from there, as Markdown updates links on paste', async () => {
  const paste = (from: string, to: string, text: string) =>
    client.conn.sendRequest('haGuide/pastedText', { fromUri: uri(from), toUri: uri(to), text }) as Promise<{ text: string } | null>;
  const copied = [
    'See :doc:`intro`, :doc:`/intro`, :download:`the script <files/run.sh>` and',
    '\n.. image:: images/arch.png',
    '\n.. toctree::\n\n   guide/setup\n   Broken <broken>\n',
  ].join('\n');
  // One folder down: relative paths gain ../; the /-rooted one stays.
  assert.deepEqual(await paste('doc/index.rst', 'doc/guide/setup.rst', copied), {
    text: [
      'See :doc:`../intro`, :doc:`/intro`, :download:`the script <../files/run.sh>` and',
      '\n.. image:: ../images/arch.png',
      '\n.. toctree::\n\n   setup\n   Broken <../broken>\n',
    ].join('\n'),
  });
  // And back up: the same text as it was.
  assert.deepEqual(await paste('doc/guide/setup.rst', 'doc/index.rst', ':doc:`../intro` and\n\n.. include:: ../snippets/common.txt\n'), { text: ':doc:`intro` and\n\n.. include:: snippets/common.txt\n' });
  // Nothing to change: the same folder, the same document, no path, a URL.
  assert.equal(await paste('doc/index.rst', 'doc/intro.rst', copied), null);
  assert.equal(await paste('doc/index.rst', 'doc/index.rst', copied), null);
  assert.equal(await paste('doc/index.rst', 'doc/guide/setup.rst', 'Plain text, `a link <https://example.org/x>`_.\n'), null);
  // Into an untitled buffer, which has no folder: as copied.
  assert.equal(await client.conn.sendRequest('haGuide/pastedText', { fromUri: uri('doc/index.rst'), toUri: 'untitled:Untitled-1', text: copied }), null);
  // Into another Sphinx project: a :doc: cannot reach the first project's documents and stays as written; a file can.
  assert.deepEqual(await paste('doc/index.rst', 'second/index.rst', ':doc:`intro` and :download:`files/run.sh`\n'), { text: ':doc:`intro` and :download:`../doc/files/run.sh`\n' });
});
