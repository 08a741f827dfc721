import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import origins from '../../server/src/features/directiveOrigins.json';
import { startLspClient, type LspTestClient } from './lspClient';

/** Directive and role completion through the real server: snippets, descriptions, ranking by the workspace's use. */

interface Item {
  label: string;
  detail?: string;
  sortText?: string;
  preselect?: boolean;
  insertTextFormat?: number;
  labelDetails?: { description?: string };
  textEdit: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
}

/** A workspace folder on disk with these files, and the server started on it. */
async function workspace(files: Record<string, string>): Promise<{ client: LspTestClient; dir: string; uri: (rel: string) => string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-completion-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  const client = await startLspClient(pathToFileURL(dir).href);
  return { client, dir, uri: (rel) => pathToFileURL(path.join(dir, rel)).href };
}

async function open(client: LspTestClient, uri: string, text: string, languageId = 'restructuredtext'): Promise<void> {
  await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  await client.diagnosticsFor(uri);
}

async function complete(client: LspTestClient, uri: string, text: string, at = text.length): Promise<Item[]> {
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  const character = before.length - before.lastIndexOf('\n') - 1;
  const r = (await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } })) as Item[] | null;
  return r ?? [];
}

/** The items as VS Code would order those matching a typed prefix: by sortText (all match the prefix equally well). */
function ordered(items: Item[], prefix: string): string[] {
  return items
    .filter((i) => i.label.startsWith(prefix))
    .sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label))
    .map((i) => i.label);
}

/** Waits until the workspace index has read the files on disk (their use shows in the items' details). */
async function indexed(client: LspTestClient, uri: string, text: string, name: string): Promise<Item[]> {
  for (let i = 0; i < 200; i++) {
    const items = await complete(client, uri, text);
    if (/in the workspace/.test(items.find((x) => x.label === name)?.detail ?? '')) return items;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the index never counted ${name}`);
}

const graphvizDoc = (n: number) => `Doc\n===\n\n${'.. graphviz::\n\n   digraph { a -> b }\n\n'.repeat(n)}`;
const graphDoc = (n: number) => `Doc\n===\n\n${'.. graph:: g\n\n   a -- b\n\n'.repeat(n)}`;

test('after ".. gra" the directive the workspace uses most comes first and is preselected, either way round', async () => {
  for (const [files, first, second] of [
    [{ 'a.rst': graphvizDoc(3), 'b.rst': graphDoc(1) }, 'graphviz', 'graph'],
    [{ 'a.rst': graphvizDoc(1), 'b.rst': graphDoc(4) }, 'graph', 'graphviz'],
  ] as const) {
    const { client, uri } = await workspace(files);
    try {
      const text = 'Title\n=====\n\n.. gra';
      await open(client, uri('new.rst'), text);
      const items = await indexed(client, uri('new.rst'), text, first);
      const order = ordered(items, 'gra');
      assert.deepEqual(order.slice(0, 2), [first, second], order.join(','));
      assert.equal(items.find((i) => i.label === first)!.preselect, true);
      assert.equal(items.filter((i) => i.preselect).length, 1);
      // The typed prefix is what the edit replaces.
      const item = items.find((i) => i.label === first)!;
      assert.deepEqual(item.textEdit.range.start, { line: 3, character: 3 });
    } finally {
      await client.stop();
    }
  }
});

test('directives complete to snippets with argument and option placeholders, each with a one-line description', async () => {
  const { client, uri } = await workspace({ 'a.rst': 'A\n=\n' });
  try {
    const text = 'Title\n=====\n\n.. ';
    await open(client, uri('new.rst'), text);
    const items = await complete(client, uri('new.rst'), text);
    const by = (n: string) => items.find((i) => i.label === n)!;
    assert.equal(by('graphviz').insertTextFormat, 2);
    assert.equal(by('graphviz').textEdit.newText, 'graphviz:: ${1}\n   :${2|caption,name,align,alt,layout,graphviz_dot,class|}: ${3}\n\n   $0');
    assert.equal(by('image').textEdit.newText.split('\n')[0], 'image:: ${1:uri}');
    assert.match(by('image').textEdit.newText, /^ {3}:\$\{2\|alt,width,align,target,/m);
    assert.equal(by('code-block').textEdit.newText.split('\n')[0], 'code-block:: ${1:language}');
    // A directive with only :class: and :name: gets no option line; one with no content no content stop.
    assert.equal(by('note').textEdit.newText, 'note:: \n\n   $0');
    assert.equal(by('image').textEdit.newText.endsWith('\n\n   $0'), false);
    assert.equal(by('note').detail, 'Admonition: a note beside the text.');
    assert.equal(by('graphviz').labelDetails?.description, 'sphinx.ext.graphviz');
    assert.equal(by('glossary').labelDetails?.description, 'sphinx');
    // Every item has one line of description; docutils' and Sphinx's own directives have hand-written ones.
    for (const i of items) assert.ok(i.detail && !i.detail.includes('\n'), `${i.label}: ${i.detail}`);
    const own = Object.entries((origins as { directives: Record<string, string> }).directives).filter(([n, o]) => (o === 'docutils' || o === 'sphinx') && !n.includes(':'));
    assert.ok(own.length >= 70, String(own.length));
    for (const [name] of own) {
      const item = items.find((i) => i.label === name);
      if (item) assert.doesNotMatch(item.detail!, /^Directive (of|the project)/, name);
    }
    // The rest are described from the extension that registers them.
    assert.match(by('todo').detail!, /to-do/);
    assert.match(by('testcode').detail!, /doctest/);
    // Roles: ranked and described the same way, completing to name:`…`.
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri('new.rst'), version: 2 }, contentChanges: [{ text: 'See :re' }] });
    const roles = await complete(client, uri('new.rst'), 'See :re');
    const ref = roles.find((i) => i.label === 'ref')!;
    assert.equal(ref.textEdit.newText, 'ref:`$1`$0');
    assert.equal(ref.detail, 'A cross-reference to a label, anywhere in the project.');
  } finally {
    await client.stop();
  }
});

test('a DOT attribute name completes without "=", so the "=" typed next is the only one, and values follow it', async () => {
  const { client, uri } = await workspace({ 'a.rst': 'A\n=\n' });
  try {
    const text = 'T\n=\n\n.. graphviz::\n\n   digraph {\n     a [sha\n   }\n';
    const at = text.indexOf('[sha') + 4;
    await open(client, uri('d.rst'), text);
    const shape = (await complete(client, uri('d.rst'), text, at)).find((i) => i.label === 'shape')!;
    assert.equal(shape.textEdit.newText, 'shape');
    // Accept (replace "sha"), then type "=" as a user does.
    const accepted = text.slice(0, at - 3) + shape.textEdit.newText + '=' + text.slice(at);
    assert.match(accepted, /a \[shape=\n/);
    assert.doesNotMatch(accepted, /==/);
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri('d.rst'), version: 2 },
      contentChanges: [{ text: accepted }],
    });
    const values = await complete(client, uri('d.rst'), accepted, accepted.indexOf('shape=') + 6);
    assert.ok(values.some((v) => v.label === 'box') && values.some((v) => v.label === 'cylinder'));
  } finally {
    await client.stop();
  }
});

test("the default domain's names complete without their prefix after .. default-domain::, or with conf.py's primary_domain", async () => {
  const { client, uri, dir } = await workspace({ 'conf.py': "project = 'x'\n", 'index.rst': 'Index\n=====\n' });
  try {
    const doc = uri('index.rst');
    const text = 'Index\n=====\n\n.. \n\nSee :\n\n.. default-domain:: cpp\n\n.. \n\nSee :\n';
    await open(client, doc, text);
    const at = (n: number, what: string) => {
      let o = -1;
      for (let k = 0; k < n; k++) o = text.indexOf(what, o + 1);
      return o + what.length;
    };
    const before = await complete(client, doc, text, at(1, '.. '));
    assert.ok(!before.some((i) => i.label === 'namespace'), 'C++ names before the directive');
    const after = await complete(client, doc, text, at(2, '\n.. '));
    const ns = after.find((i) => i.label === 'namespace');
    assert.equal(ns?.labelDetails?.description, 'cpp domain');
    assert.equal(ns?.detail, 'Describes a C++ namespace (Sphinx’s C++ domain).');
    assert.ok(after.some((i) => i.label === 'enum-class') && after.some((i) => i.label === 'note'), 'the domain\'s and the others');
    assert.ok(!(await complete(client, doc, text, at(1, 'See :'))).some((i) => i.label === 'texpr'));
    const roles = await complete(client, doc, text, at(2, 'See :'));
    const texpr = roles.find((i) => i.label === 'texpr');
    assert.equal(texpr?.labelDetails?.description, 'cpp domain');
    assert.equal(texpr?.detail, 'A reference to a C++ texpr (Sphinx’s C++ domain).');
    // conf.py's primary_domain: from the first line.
    fs.writeFileSync(path.join(dir, 'conf.py'), "project = 'x'\nprimary_domain = 'c'\n");
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('conf.py'), type: 2 }] });
    let macro: Item | undefined;
    for (let i = 0; i < 100 && !macro; i++) {
      macro = (await complete(client, doc, text, at(1, '.. '))).find((x) => x.label === 'macro');
      if (!macro) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(macro?.labelDetails?.description, 'c domain');
  } finally {
    await client.stop();
  }
});
