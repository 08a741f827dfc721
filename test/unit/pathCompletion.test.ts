import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { startLspClient, type LspTestClient } from './lspClient';

/**
 * Path completion asked of the real language server over a Sphinx project on disk: the document is opened with
 * the cursor at `$0`, and each answer is the list of labels with what accepting it writes.
 */
let client: LspTestClient;
let ws: string;
let version = 0;
const FILES: Record<string, string> = {
  'doc/conf.py': "project = 'x'\n",
  'doc/index.rst': 'Guide\n=====\n',
  'doc/intro.rst': 'Intro\n=====\n',
  'doc/guide/setup.rst': 'Setup\n=====\n',
  'doc/guide/notes.txt': 'notes\n',
  'doc/images/arch.png': 'png',
  'doc/images/api tier.svg': '<svg/>',
  'doc/images/readme.txt': 'not an image',
  'doc/images/.hidden.png': 'png',
  'doc/diagrams/ha.dot': 'digraph { a }\n',
  'doc/diagrams/ha.txt': 'text\n',
  'doc/files/run.sh': 'echo\n',
};

before(async () => {
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-paths-'));
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

interface Item {
  label: string;
  kind: number;
  textEdit: { newText: string; range: { start: { character: number }; end: { character: number } } };
  command?: { command: string };
}

/** Completion at `$0` in a document at `rel` (relative to the workspace); each item as `label=>insert`. */
async function complete(rel: string, raw: string): Promise<string[]> {
  const at = raw.indexOf('$0');
  const text = raw.replace('$0', '');
  const uri = pathToFileURL(path.join(ws, rel)).href;
  await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: ++version, text } });
  try {
    const lines = text.slice(0, at).split('\n');
    const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
    const items = ((await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position })) ?? []) as Item[];
    return items.map((i) => {
      const replaced = lines[lines.length - 1].slice(i.textEdit.range.start.character, i.textEdit.range.end.character);
      return `${i.label}=>${replaced}|${i.textEdit.newText}${i.command?.command === 'editor.action.triggerSuggest' ? ' (again)' : ''}`;
    });
  } finally {
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
}

test('image: folders first (completion again on accept), then images only; a space written as docutils reads it', async () => {
  assert.deepEqual(await complete('doc/index.rst', 'Guide\n=====\n\n.. image:: $0\n'), [
    'diagrams/=>|diagrams/ (again)',
    'files/=>|files/ (again)',
    'guide/=>|guide/ (again)',
    'images/=>|images/ (again)',
  ]);
  assert.deepEqual(await complete('doc/index.rst', '.. figure:: images/a$0\n'), ['api tier.svg=>a|api\\ tier.svg', 'arch.png=>a|arch.png']);
  // A substitution definition's image, and a name typed with a leading dot shows hidden files.
  assert.deepEqual(await complete('doc/index.rst', '.. |logo| image:: images/.$0\n'), ['.hidden.png=>.|.hidden.png', 'api tier.svg=>.|api\\ tier.svg', 'arch.png=>.|arch.png']);
});

test('/-rooted paths start at the conf.py folder, from a document in a sub-folder', async () => {
  assert.deepEqual(await complete('doc/guide/setup.rst', '.. graphviz:: /diagrams/$0\n'), ['ha.dot=>|ha.dot']);
  assert.deepEqual(await complete('doc/guide/setup.rst', '.. literalinclude:: ../files/$0\n'), ['run.sh=>|run.sh']);
  assert.deepEqual(await complete('doc/guide/setup.rst', '.. include:: $0\n'), ['notes.txt=>|notes.txt', 'setup.rst=>|setup.rst']);
});

test(':download: and :doc: with a folder typed; :doc: and toctree offer documents without .rst', async () => {
  assert.deepEqual(await complete('doc/index.rst', 'Get :download:`the script <files/r$0'), ['run.sh=>r|run.sh']);
  assert.deepEqual(await complete('doc/index.rst', 'See :doc:`guide/$0'), ['setup=>|setup']);
  assert.deepEqual(await complete('doc/guide/setup.rst', 'See :doc:`../$0'), [
    'diagrams/=>|diagrams/ (again)',
    'files/=>|files/ (again)',
    'guide/=>|guide/ (again)',
    'images/=>|images/ (again)',
    'index=>|index',
    'intro=>|intro',
  ]);
  // Without a folder typed, the list of every document answers (the document itself left out).
  assert.deepEqual(await complete('doc/index.rst', 'See :doc:`gu$0'), ['guide/setup=>gu|guide/setup', 'intro=>gu|intro']);
});

test('toctree entries, with and without a title, never on its option lines', async () => {
  const toc = (line: string) => `Guide\n=====\n\n.. toctree::\n   :maxdepth: 2\n\n   intro\n   ${line}\n`;
  assert.deepEqual(await complete('doc/index.rst', toc('gui$0')), [
    'diagrams/=>gui|diagrams/ (again)',
    'files/=>gui|files/ (again)',
    'guide/=>gui|guide/ (again)',
    'images/=>gui|images/ (again)',
    'intro=>gui|intro',
  ]);
  assert.deepEqual(await complete('doc/index.rst', toc('Set it up </guide/$0')), ['setup=>|setup']);
  // The first entry of an empty toctree, at the end of the document.
  assert.deepEqual(await complete('doc/index.rst', 'Guide\n=====\n\n.. toctree::\n\n   guide/s$0'), ['setup=>s|setup']);
  const options = await complete('doc/index.rst', 'Guide\n=====\n\n.. toctree::\n   :maxdepth: 2\n   :$0\n\n   intro\n');
  assert.ok(options.length && !options.some((o) => /guide|intro/.test(o)), options.join(', '));
});

test('haGuide.suggest.paths.enabled off: no path suggestion at all, as markdown.suggest.paths.enabled', async () => {
  const off = await startLspClient(pathToFileURL(ws).href, { suggest: { paths: { enabled: false } } });
  try {
    const uri = pathToFileURL(path.join(ws, 'doc/off.rst')).href;
    const text = '.. image:: images/\n\nSee :doc:`gui\n';
    await off.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text } });
    const at = async (line: number, character: number) => ((await off.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } })) ?? []) as Item[];
    assert.deepEqual(await at(0, 18), []);
    assert.deepEqual(await at(2, 13), []);
  } finally {
    await off.stop();
  }
  // The same places with the setting on (the suite's server): suggestions.
  assert.ok((await complete('doc/on.rst', '.. image:: images/$0\n')).length > 0);
});
