import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { EMPTY_SETTLE_MS } from '../../server/src/common/saveInPlace';
import { latest, startLspClient, type LspTestClient, type Published } from './lspClient';

/**
 * `haGuide.validate.scope`: the real server over stdio on a project on disk whose files are never opened. The
 * Problems panel (the publishes) lists their problems, keeps them current when a file they reference changes
 * (on disk or in an open editor), withdraws them when the file is deleted or the scope becomes `openFiles`,
 * and a keystroke costs no closed-file check unless it changed a name those files use.
 */

function project(files: Record<string, string>): { dir: string; uri: (rel: string) => string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-scope-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return { dir, uri: (rel) => pathToFileURL(path.join(dir, rel)).href };
}

const messages = (p: Published) => p.diagnostics.map((d) => d.message);

/** Answers `workspace/configuration` with these haGuide settings, and tells the server they changed. */
async function configure(client: LspTestClient, haGuide: object): Promise<void> {
  client.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === 'haGuide' ? haGuide : {})));
  await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
}

const BASE = {
  'conf.py': 'project = "t"\n',
  'index.rst': 'Index\n=====\n\n.. toctree::\n   :glob:\n\n   *\n',
  'a.rst': '.. _alpha:\n\nAlpha\n=====\n\nText.\n',
  'b.rst': 'Bravo\n=====\n\nSee :ref:`alpha` and :ref:`missing-one`.\n',
  'c.rst': 'Charlie\n=====\n\nShort underline above.\n',
  'd.rst': 'Delta\n=====\n\nClean on disk.\n',
};

test('scope project: problems of files never opened are published, follow the files they reference, and go with a deleted file', { timeout: 120000 }, async () => {
  const p = project(BASE);
  const client = await startLspClient(pathToFileURL(p.dir).href);
  try {
    const b = await latest(client, p.uri('b.rst'), (x) => x.diagnostics.length > 0, 'b.rst listed');
    assert.deepEqual(messages(b), ["undefined label: 'missing-one'"]);
    const c = await latest(client, p.uri('c.rst'), (x) => x.diagnostics.length > 0, 'c.rst listed');
    assert.equal(c.diagnostics[0].code, 'rst.title-underline-too-short');
    assert.equal(c.diagnostics[0].range.start.line, 1);
    assert.ok(!client.published.some((x) => x.uri === p.uri('a.rst') && x.diagnostics.length), 'a.rst has no problem');

    // The label `alpha` removed from a.rst on disk: b.rst, still closed, now misses it too.
    fs.writeFileSync(path.join(p.dir, 'a.rst'), 'Alpha\n=====\n\nText.\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: p.uri('a.rst'), type: 2 }] });
    const b2 = await latest(client, p.uri('b.rst'), (x) => x.diagnostics.length === 2, 'b.rst after the label went');
    assert.ok(messages(b2).includes("undefined label: 'alpha'"), messages(b2).join(' / '));

    // c.rst deleted: its problem leaves the panel.
    fs.rmSync(path.join(p.dir, 'c.rst'));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: p.uri('c.rst'), type: 3 }] });
    await latest(client, p.uri('c.rst'), (x) => x.diagnostics.length === 0, 'c.rst withdrawn');

    // The label back, typed in an open editor of a.rst (not saved): b.rst follows the buffer.
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: p.uri('a.rst'), languageId: 'restructuredtext', version: 1, text: 'Alpha\n=====\n\nText.\n' } });
    await client.diagnosticsFor(p.uri('a.rst'), 1);
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: p.uri('a.rst'), version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '.. _alpha:\n\n' }],
    });
    const b3 = await latest(client, p.uri('b.rst'), (x) => x.diagnostics.length === 1, 'b.rst after the label came back in the editor');
    assert.deepEqual(messages(b3), ["undefined label: 'missing-one'"]);

    // A clean file opened, broken in the editor, closed without saving: the panel shows the file on disk again.
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: p.uri('d.rst'), languageId: 'restructuredtext', version: 1, text: 'Delta\n=====\n\nSee :ref:`nowhere`.\n' } });
    await latest(client, p.uri('d.rst'), (x) => x.version === 1 && x.diagnostics.length === 1, 'the open buffer\'s problem');
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: p.uri('d.rst') } });
    await latest(client, p.uri('d.rst'), (x) => x.version === undefined && x.diagnostics.length === 0, 'd.rst as on disk after closing');

    // Scope openFiles: every closed file's problems are withdrawn; the open one keeps its own.
    await configure(client, { validate: { scope: 'openFiles' } });
    await latest(client, p.uri('b.rst'), (x) => x.diagnostics.length === 0, 'b.rst withdrawn under openFiles');
    // And back to project: listed again.
    await configure(client, { validate: { scope: 'project' } });
    await latest(client, p.uri('b.rst'), (x) => x.diagnostics.length === 1, 'b.rst listed again');
  } finally {
    await client.stop();
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
});

test('scope project above projectMaxFiles, and scope openFiles: closed files are not checked', { timeout: 60000 }, async () => {
  const p = project(BASE);
  for (const settings of [{ validate: { projectMaxFiles: 3 } }, { validate: { scope: 'openFiles' } }]) {
    // A server whose settings are these from the start.
    const c2 = await startLspClient(pathToFileURL(p.dir).href, settings);
    try {
      // The open document is checked; its publish comes after the indexing, so the closed files would be due.
      await c2.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: p.uri('a.rst'), languageId: 'restructuredtext', version: 1, text: BASE['a.rst'] } });
      await c2.diagnosticsFor(p.uri('a.rst'), 1);
      // A control on the same server: once the open b.rst is checked, its problem shows, so checks do run.
      await c2.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: p.uri('b.rst'), languageId: 'restructuredtext', version: 1, text: BASE['b.rst'] } });
      await latest(c2, p.uri('b.rst'), (x) => x.diagnostics.length === 1, 'open b.rst');
      for (let i = 0; i < 10; i++) await c2.nextPublish(100);
      assert.ok(!c2.published.some((x) => x.uri === p.uri('c.rst')), `c.rst was published under ${JSON.stringify(settings)}`);
    } finally {
      await c2.stop();
    }
  }
  fs.rmSync(p.dir, { recursive: true, force: true });
});

test('a keystroke costs no closed-file check unless it changes a name they use, and its diagnostics never wait for the background', { timeout: 180000 }, async () => {
  const N = 1000;
  const files: Record<string, string> = { 'conf.py': 'project = "t"\n', 'index.rst': 'Index\n=====\n\n.. toctree::\n   :glob:\n\n   *\n' };
  files['open.rst'] = '.. _alpha:\n\nOpen\n====\n\nA paragraph to type in.\n';
  // Each closed file uses `alpha` and has one problem of its own, so every check of it is a publish. The pass must
  // last far longer than the test client takes to answer a publish: 1,000 files of 150 references each (about a
  // second of work here; 300 short files took 45 ms, less than the client's answer on a busy machine).
  for (let i = 0; i < N; i++) {
    const uses = Array.from({ length: 150 }, (_, k) => `\nSee :ref:\`alpha\`, :ref:\`alpha-${k}\` and *text* with \`\`literals\`\` and a \`link <https://example.org>\`_.\n`).join('');
    files[`f${String(i).padStart(4, '0')}.rst`] = `File ${i}\n=======${'='.repeat(String(i).length)}\n\nSee :ref:\`alpha\` and :ref:\`nowhere-${i}\`.\n${uses}`;
  }
  const p = project(files);
  // No debounce: the keystrokes' own checks run as soon as they arrive (an adaptive debounce on a loaded machine
  // would delay them past the background pass, which is not what is measured here).
  const client = await startLspClient(pathToFileURL(p.dir).href, { validate: { debounceMs: 0 } });
  const closedUris = new Set(Object.keys(files).filter((f) => /^f\d+\.rst$/.test(f)).map(p.uri));
  const closedPublishes = () => client.published.filter((x) => closedUris.has(x.uri)).length;
  try {
    const text = files['open.rst'];
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: p.uri('open.rst'), languageId: 'restructuredtext', version: 1, text } });
    // The first pass: every closed file published once.
    for (let i = 0; i < 3 * N && new Set(client.published.filter((x) => closedUris.has(x.uri)).map((x) => x.uri)).size < N; i++) await client.nextPublish(100);
    assert.equal(new Set(client.published.filter((x) => closedUris.has(x.uri)).map((x) => x.uri)).size, N, 'every closed file listed');
    // Settled: ten quiet looks in a row (a second pass would publish every file again).
    for (let quiet = 0, last = closedPublishes(), i = 0; quiet < 10 && i < 600; i++) {
      await client.nextPublish(100);
      quiet = closedPublishes() === last ? quiet + 1 : 0;
      last = closedPublishes();
    }
    const settled = closedPublishes();
    assert.equal(settled, N, 'the first pass checked each closed file once');

    // 40 keystrokes in the paragraph: 40 checks of the open document, no closed-file check.
    const line = text.split('\n').indexOf('A paragraph to type in.');
    let version = 1;
    for (let k = 0; k < 40; k++) {
      await client.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: p.uri('open.rst'), version: ++version },
        contentChanges: [{ range: { start: { line, character: 2 }, end: { line, character: 2 } }, text: 'x' }],
      });
      await client.diagnosticsFor(p.uri('open.rst'), version);
    }
    for (let i = 0; i < 5; i++) await client.nextPublish(100);
    assert.equal(closedPublishes() - settled, 0, 'closed-file checks caused by 40 keystrokes in a paragraph');

    // Renaming the label: every closed file uses it, so each is checked once more, in the background. A
    // keystroke sent once the background pass has begun gets its diagnostics before that pass ends.
    const before = client.published.length;
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: p.uri('open.rst'), version: ++version },
      contentChanges: [{ range: { start: { line: 0, character: 8 }, end: { line: 0, character: 9 } }, text: 'b' }],
    });
    const renamedAt = version;
    await client.diagnosticsFor(p.uri('open.rst'), renamedAt);
    for (let i = 0; i < 3 * N && !client.published.slice(before).some((x) => closedUris.has(x.uri)); i++) await client.nextPublish(100);
    const sentAt = client.published.length - before;
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: p.uri('open.rst'), version: ++version },
      contentChanges: [{ range: { start: { line, character: 2 }, end: { line, character: 2 } }, text: 'y' }],
    });
    for (let i = 0; i < 3 * N && client.published.slice(before).filter((x) => closedUris.has(x.uri)).length < N; i++) await client.nextPublish(100);
    const after = client.published.slice(before);
    const closedAfter = after.filter((x) => closedUris.has(x.uri));
    assert.equal(closedAfter.length, N, 'each closed file checked once after the label it uses changed');
    assert.ok(closedAfter.every((x) => x.diagnostics.some((d) => d.message.startsWith("undefined label: 'alpha'"))), 'they now miss alpha');
    const lastClosed = after.lastIndexOf(closedAfter[closedAfter.length - 1]);
    const ownNext = after.findIndex((x) => x.uri === p.uri('open.rst') && x.version === version);
    assert.ok(ownNext >= sentAt && ownNext < lastClosed, `the keystroke sent at publish ${sentAt} (a background pass of ${N} files under way) got its diagnostics at publish ${ownNext}, the pass's last at ${lastClosed}`);
  } finally {
    await client.stop();
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
});

/**
 * A duplicate label's "other instance" (its related location) points into another file. When lines are added
 * above that instance, in an open editor or on disk, the problem is published again with the place moved, for
 * a closed file and for an open one: the panel's link lands on the label, not lines above it.
 */
test('a duplicate label\'s other instance follows edits above it, for closed and open files', { timeout: 120000 }, async () => {
  const p = project({ 'conf.py': 'project = "t"\n', 'a.rst': '.. _dup:\n\nAlpha\n=====\n', 'b.rst': '.. _dup:\n\nBravo\n=====\n' });
  const client = await startLspClient(pathToFileURL(p.dir).href);
  type Related = { location: { uri: string; range: { start: { line: number } } } }[];
  const otherAt = (x: Published) => {
    const d = x.diagnostics.find((y) => y.code === 'sphinx.duplicate-label') as { relatedInformation?: Related } | undefined;
    return d?.relatedInformation?.[0]?.location.range.start.line;
  };
  try {
    const a = p.uri('a.rst');
    const b = p.uri('b.rst');
    assert.equal(otherAt(await latest(client, b, (x) => otherAt(x) !== undefined, 'b.rst listed')), 0);
    // Closed b.rst: a.rst opened and three lines added above its label.
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: a, languageId: 'restructuredtext', version: 1, text: fs.readFileSync(path.join(p.dir, 'a.rst'), 'utf8') } });
    await client.diagnosticsFor(a, 1);
    const insert = (version: number, text: string) =>
      client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: a, version }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text }] });
    await insert(2, 'Intro.\n\n\n');
    await latest(client, b, (x) => otherAt(x) === 3, 'closed b.rst: the other instance at line 3');
    // The same on disk: a.rst closed, then written with two more lines above the label.
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: a } });
    await latest(client, b, (x) => otherAt(x) === 0, 'closed b.rst: a.rst closed, its disk text has the label at line 0');
    fs.writeFileSync(path.join(p.dir, 'a.rst'), 'One.\n\nTwo.\n\n.. _dup:\n\nAlpha\n=====\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: a, type: 2 }] });
    await latest(client, b, (x) => otherAt(x) === 4, 'closed b.rst: a.rst changed on disk, the other instance at line 4');
    // Open b.rst: a.rst opened again and edited.
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: b, languageId: 'restructuredtext', version: 1, text: fs.readFileSync(path.join(p.dir, 'b.rst'), 'utf8') } });
    assert.equal(otherAt(await client.diagnosticsFor(b, 1)), 4);
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: a, languageId: 'restructuredtext', version: 1, text: fs.readFileSync(path.join(p.dir, 'a.rst'), 'utf8') } });
    await client.diagnosticsFor(a, 1);
    await insert(2, 'More.\n\n');
    await latest(client, b, (x) => otherAt(x) === 6, 'open b.rst: the other instance at line 6');
  } finally {
    await client.stop();
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
});

/**
 * A program that saves a.rst in place truncates it, then writes it. Between the two steps the server must keep
 * a.rst's labels: Ctrl+click on `:ref:` in the open b.rst still lands, and b.rst is never told its label is gone.
 * A file that stays empty is indexed empty.
 */
test('a save in place by another program: the empty file between truncation and write is not indexed; one left empty is', { timeout: 120000 }, async () => {
  const p = project({ 'conf.py': 'project = "t"\n', 'a.rst': '.. _alpha:\n\nAlpha\n=====\n', 'b.rst': 'Bravo\n=====\n\nSee :ref:`alpha`.\n' });
  const client = await startLspClient(pathToFileURL(p.dir).href);
  try {
    const a = p.uri('a.rst');
    const b = p.uri('b.rst');
    const bText = fs.readFileSync(path.join(p.dir, 'b.rst'), 'utf8');
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: b, languageId: 'restructuredtext', version: 1, text: bText } });
    await latest(client, b, (x) => x.diagnostics.length === 0, 'b.rst checked against the indexed a.rst');
    const from = client.published.length;
    /** Where go to definition on `:ref:`alpha`` in b.rst lands. */
    const definedIn = async () => {
      const hits = (await client.conn.sendRequest('textDocument/definition', { textDocument: { uri: b }, position: { line: 3, character: 12 } })) as { uri?: string; targetUri?: string }[] | null;
      return hits?.[0]?.uri ?? hits?.[0]?.targetUri;
    };
    assert.equal(await definedIn(), a, 'before: the label is in a.rst');

    // Truncated, reported, and read by the server before the write (a third of the wait it gives a save).
    fs.writeFileSync(path.join(p.dir, 'a.rst'), '');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: a, type: 2 }] });
    await new Promise((r) => setTimeout(r, EMPTY_SETTLE_MS / 3));
    assert.equal(await definedIn(), a, 'between truncation and write: go to definition still lands in a.rst');
    fs.writeFileSync(path.join(p.dir, 'a.rst'), '.. _alpha:\n\nAlpha again\n===========\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: a, type: 2 }] });
    // An edit of b.rst is checked against the index as it is now (a.rst written).
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: b, version: 2 }, contentChanges: [{ text: bText + '\nMore.\n' }] });
    assert.deepEqual(messages(await client.diagnosticsFor(b, 2)), []);
    assert.ok(!client.published.slice(from).some((x) => x.uri === b && x.diagnostics.length), 'b.rst was never told the label is gone');

    // Truncated and left empty: after the wait, the label is gone.
    fs.writeFileSync(path.join(p.dir, 'a.rst'), '');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: a, type: 2 }] });
    const after = await latest(client, b, (x) => x.diagnostics.length > 0, 'b.rst once a.rst stays empty');
    assert.deepEqual(messages(after), ["undefined label: 'alpha'"]);
  } finally {
    await client.stop();
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
});

test('Organize hyperlink targets (source.organizeLinkDefinitions) moves the used targets to the end, sorted, and drops the unused ones; only when asked for by kind', { timeout: 60000 }, async () => {
  const p = project({
    'conf.py': "project = 'x'\n",
    'index.rst': 'Index\n=====\n\n.. _Pacemaker: https://clusterlabs.org\n\nSee `Pacemaker`_ and HAProxy_.\n\n.. _Corosync: https://corosync.github.io\n\nEnd.\n\n.. _HAProxy: https://haproxy.org\n',
  });
  const c = await startLspClient(pathToFileURL(p.dir).href);
  try {
    const uri = p.uri('index.rst');
    const text = fs.readFileSync(path.join(p.dir, 'index.rst'), 'utf8');
    await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text } });
    await latest(c, uri, (x) => x.diagnostics.some((d) => d.code === 'rst.unused-target'), 'the unused target');
    type Action = { title: string; kind: string; edit: { changes: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> } };
    const ask = async (only?: string[]) =>
      (await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], ...(only ? { only } : {}) } })) as Action[];
    assert.deepEqual((await ask()).map((a) => a.title), [], 'not in the light bulb');
    for (const only of [['source'], ['source.organizeLinkDefinitions']]) {
      const actions = await ask(only);
      assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Organize hyperlink targets', 'source.organizeLinkDefinitions']], JSON.stringify(only));
      const lines = text.split('\n');
      const offset = (pos: { line: number; character: number }) => lines.slice(0, pos.line).reduce((n, l) => n + l.length + 1, 0) + pos.character;
      let out = text;
      for (const e of [...actions[0].edit.changes[uri]].sort((a, b) => offset(b.range.start) - offset(a.range.start))) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
      assert.equal(out, 'Index\n=====\n\nSee `Pacemaker`_ and HAProxy_.\n\nEnd.\n\n.. _HAProxy: https://haproxy.org\n.. _Pacemaker: https://clusterlabs.org\n');
    }
    assert.deepEqual(await ask(['refactor']), [], 'another kind asked for: not offered');
  } finally {
    await c.stop();
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
});

test('an unused hyperlink target is published as a hint with the Unnecessary tag (VS Code fades it out)', { timeout: 60000 }, async () => {
  const p = project({
    'conf.py': "project = 'x'\n",
    'index.rst': 'Index\n=====\n\nSee `Pacemaker`_.\n\n.. _Pacemaker: https://clusterlabs.org\n.. _Corosync: https://corosync.github.io\n',
  });
  const c = await startLspClient(pathToFileURL(p.dir).href);
  try {
    const text = fs.readFileSync(path.join(p.dir, 'index.rst'), 'utf8');
    await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: p.uri('index.rst'), languageId: 'restructuredtext', version: 1, text } });
    const got = await latest(c, p.uri('index.rst'), (x) => x.diagnostics.some((d) => d.code === 'rst.unused-target'), 'the unused target');
    const d = got.diagnostics.find((x) => x.code === 'rst.unused-target') as Published['diagnostics'][number] & { tags?: number[] };
    assert.deepEqual([d.severity, d.tags, d.range.start.line, d.message], [4 /* Hint */, [1 /* Unnecessary */], 6, 'Hyperlink target "Corosync" is not used.']);
    assert.equal(got.diagnostics.length, 1, JSON.stringify(got.diagnostics));
  } finally {
    await c.stop();
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
});

test('haGuide.validate.ignoredLinks leaves matching link targets unchecked in the editor, as markdown.validate.ignoredLinks', { timeout: 60000 }, async () => {
  const p = project({
    'conf.py': "project = 'x'\n",
    'index.rst': 'Index\n=====\n\nSee :ref:`gen-label`, :doc:`generated/api` and :ref:`missing-label`.\n\n.. image:: generated/diagram.png\n',
  });
  // The diagnostics once the checks across files have run (the undefined label is one of them) and, with the
  // setting, once the settings are read (the image's check is one that runs without them).
  const codes = async (settings: object, settled: (codes: string[]) => boolean) => {
    const c = await startLspClient(pathToFileURL(p.dir).href, settings);
    try {
      const text = fs.readFileSync(path.join(p.dir, 'index.rst'), 'utf8');
      await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: p.uri('index.rst'), languageId: 'restructuredtext', version: 1, text } });
      const got = await latest(c, p.uri('index.rst'), (x) => x.diagnostics.some((d) => d.code === 'sphinx.undefined-label') && settled(x.diagnostics.map((d) => String(d.code))), 'the checks');
      return got.diagnostics.map((d) => `${d.range.start.line + 1} ${d.code}`).sort();
    } finally {
      await c.stop();
    }
  };
  try {
    assert.deepEqual(await codes({}, (c) => c.length === 4), ['4 sphinx.undefined-label', '4 sphinx.undefined-label', '4 sphinx.unknown-document', '6 sphinx.image-not-found']);
    assert.deepEqual(await codes({ validate: { ignoredLinks: ['generated/**', 'gen-*'] } }, (c) => !c.includes('sphinx.image-not-found')), ['4 sphinx.undefined-label']);
  } finally {
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
});

test('no diagnostic is published before the settings are read: a code the user turned off never shows, not even for a moment', { timeout: 60000 }, async () => {
  const p = project({
    'conf.py': "project = 'x'\n",
    'index.rst': 'Index\n=====\n\nSee :ref:`missing-label`.\n\n.. image:: generated/diagram.png\n',
  });
  let answer!: (s: object) => void;
  const settings = new Promise<object>((r) => (answer = r));
  const c = await startLspClient(pathToFileURL(p.dir).href, settings);
  try {
    const uri = p.uri('index.rst');
    await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text: fs.readFileSync(path.join(p.dir, 'index.rst'), 'utf8') } });
    // The settings answer comes late (a slow client): the document waits for it.
    await c.nextPublish(500);
    answer({ diagnostics: { severity: { 'sphinx.image-not-found': 'off' } } });
    await latest(c, uri, (x) => x.diagnostics.some((d) => d.code === 'sphinx.undefined-label'), 'the undefined label');
    const shown = c.published.filter((x) => x.uri === uri).map((x) => x.diagnostics.map((d) => String(d.code)).join(','));
    assert.ok(shown.length > 0);
    assert.ok(shown.every((codes) => !codes.includes('sphinx.image-not-found')), JSON.stringify(shown));
  } finally {
    await c.stop();
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
});
