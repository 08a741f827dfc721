import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IWorkspace } from '../../server/src/features/workspace';
import { createLanguageService, type ITextDocument, type LanguageService } from '../../server/src/languageService';
import { parseMarkers } from './markers';

/**
 * Navigation against an in-memory workspace: no disk, no VS Code. In a file's text `$0` marks the
 * cursor (removed before use). Files are given as `{ 'path/in/ws.rst': text }` under `file:///ws/`.
 */
const ROOT = 'file:///ws/';

function setup(files: Record<string, string>) {
  let cursor: { uri: string; offset: number } | undefined;
  const docs = new Map<string, ITextDocument>();
  for (const [path, raw] of Object.entries(files)) {
    const uri = ROOT + path;
    const { text, cursor: at } = parseMarkers(raw);
    if (at >= 0) cursor = { uri, offset: at };
    docs.set(uri, { uri, version: 1, getText: () => text });
  }
  const ws: IWorkspace = {
    exists: (uri) => docs.has(uri) || [...docs.keys()].some((u) => u.startsWith(uri.endsWith('/') ? uri : uri + '/')) || uri === ROOT + 'images/diagram.png',
    sourceDir: () => (docs.has(ROOT + 'conf.py') ? ROOT : undefined),
  };
  const service = createLanguageService({ workspace: ws });
  for (const d of docs.values()) if (d.uri.endsWith('.rst')) service.indexDocument(d);
  const doc = cursor ? docs.get(cursor.uri)! : [...docs.values()][0];
  return { service, doc, offset: cursor?.offset ?? 0, text: (uri: string) => docs.get(uri)!.getText(), docs };
}

function show(_s: LanguageService, locs: { uri: string; start: number; end: number }[], texts: (uri: string) => string) {
  return locs.map((l) => `${l.uri.replace(ROOT, '')}:${texts(l.uri).slice(l.start, l.end)}`);
}

const HA = `.. _ha:

High Availability Guide
=======================

Some services need \`tooz driver$0 list\`_ and a |product| setup.

.. _tooz driver list: https://docs.openstack.org/tooz/latest/user/drivers.html

.. |product| replace:: Designate

See [1]_ and [#]_ and \`one\`__.

.. [1] First note.
.. [#] Auto note.

__ https://anon.example.org
`;

test('definition: a phrase reference goes to its target', () => {
  const { service, doc, offset, text } = setup({ 'admin/ha.rst': HA });
  const defs = service.definition(doc, offset);
  assert.deepEqual(show(service, defs, text), ['admin/ha.rst:tooz driver list']);
  const line = HA.slice(0, HA.indexOf('.. _tooz driver list')).split('\n').length - 1;
  assert.equal(service.index.position(defs[0].uri, defs[0].start)?.line, line);
});

test('definition: substitution, footnote, auto-numbered footnote and anonymous references', () => {
  const { service, doc, text } = setup({ 'admin/ha.rst': HA.replace('$0', '') });
  const src = doc.getText();
  const at = (needle: string, delta = 1) => src.indexOf(needle) + delta;
  assert.deepEqual(show(service, service.definition(doc, at('|product|')), text), ['admin/ha.rst:product']);
  assert.deepEqual(show(service, service.definition(doc, at('[1]_')), text), ['admin/ha.rst:1']);
  assert.deepEqual(show(service, service.definition(doc, at('[#]_')), text), ['admin/ha.rst:#']);
  const anon = service.definition(doc, at('`one`__'));
  assert.equal(anon.length, 1);
  assert.equal(service.index.position(anon[0].uri, anon[0].start)?.line, src.split('\n').findIndex((l) => l.startsWith('__ ')));
});

test('definition is case- and white-space-insensitive, and reaches section titles', () => {
  const { service, doc, offset, text } = setup({ 'a.rst': 'Install Guide\n=============\n\nSee `install   GUIDE$0`_.\n' });
  assert.deepEqual(show(service, service.definition(doc, offset), text), ['a.rst:Install Guide']);
});

test('definition follows the name binder: |x|__ takes an anonymous target, [#x] defines x, explicit beats a title', () => {
  const src = `Setup
=====

.. _setup:

Para with |sub|__ and \`next\`__, see setup_ and note_ and [#note]_.

.. |sub| replace:: substituted

__ https://first.example
__ https://second.example

.. [#note] A named auto-numbered note.
`;
  const { service, doc, text } = setup({ 'a.rst': src });
  const at = (needle: string, delta = 1) => src.indexOf(needle) + delta;
  const lineOf = (locs: { uri: string; start: number }[]) => locs.map((l) => service.index.position(l.uri, l.start)?.line);
  assert.deepEqual(lineOf(service.definition(doc, at('`next`__'))), [src.split('\n').indexOf('__ https://second.example')]);
  assert.deepEqual(show(service, service.definition(doc, at('setup_')), text), ['a.rst:setup']);
  assert.equal(lineOf(service.definition(doc, at('setup_')))[0], 3);
  assert.deepEqual(show(service, service.definition(doc, at('note_')), text), ['a.rst:note']);
  assert.deepEqual(show(service, service.definition(doc, at('[#note]_')), text), ['a.rst:#note']);
});

test('definition on the reference of an indirect anonymous target goes to the name it points at', () => {
  const src = 'See this__.\n\n__ `far away`_\n\n.. _far away: https://far.example\n';
  const { service, doc, text } = setup({ 'a.rst': src });
  assert.deepEqual(show(service, service.definition(doc, src.indexOf('`far away`_')), text), ['a.rst:far away']);
  assert.deepEqual(show(service, service.definition(doc, src.indexOf('this__') + 1), text), ['a.rst:__']);
});

test(':ref: goes to a label in another file; :doc: goes to the document, relative and rooted', () => {
  const { service, doc, text, docs } = setup({
    'conf.py': '',
    'index.rst': 'Index\n=====\n\nSee :ref:`ha` and :ref:`The guide <ha>` and :doc:`admin/ha` and :doc:`/admin/ha`.\n',
    'admin/ha.rst': '.. _ha:\n\nHA\n==\n\nBack to :doc:`../index`.\n',
  });
  const src = doc.getText();
  const refs = [...src.matchAll(/:ref:`[^`]*`/g)].map((m) => m.index! + m[0].length - 3);
  for (const o of refs) assert.deepEqual(show(service, service.definition(doc, o), text), ['admin/ha.rst:ha']);
  for (const m of src.matchAll(/:doc:`([^`]*)`/g)) {
    assert.deepEqual(
      service.definition(doc, m.index! + 7).map((l) => l.uri),
      [ROOT + 'admin/ha.rst'],
    );
  }
  const ha = docs.get(ROOT + 'admin/ha.rst')!;
  assert.deepEqual(
    service.definition(ha, ha.getText().indexOf('../index') + 2).map((l) => l.uri),
    [ROOT + 'index.rst'],
  );
});

test('references: every use of a label, across files, with or without the declaration', () => {
  const { service, doc, offset, text } = setup({
    'a.rst': '.. _shared$0-label:\n\nTitle\n=====\n\nLocal shared-label_.\n',
    'b.rst': 'B\n=\n\nSee :ref:`shared-label` and :ref:`again <shared-label>`.\n',
  });
  assert.deepEqual(show(service, service.references(doc, offset, true), text), ['a.rst:shared-label', 'a.rst:shared-label', 'b.rst:shared-label', 'b.rst:shared-label']);
  assert.equal(service.references(doc, offset, false).length, 3);
});

test('document highlights: a name with its definition (write) and uses (read) in this document only; nothing off a name', () => {
  const src = [
    '.. _failover:',
    '',
    'Failover',
    '========',
    '',
    'See :ref:`failover`, failover_, :ref:`again <failover>` and :ref:`other-doc-label`.',
    'A |vip| moves; the |vip| is `the keepalived docs`_ [1]_.',
    '',
    '.. |vip| replace:: virtual IP',
    '.. _the keepalived docs: https://keepalived.org',
    '.. [1] A footnote.',
    '',
    'Read :doc:`b` and :doc:`b` and :doc:`/b`.',
    '',
    '.. graphviz::',
    '',
    '   digraph { lb [shape=box]; lb -> api; api -> db; lb -> db }',
    '',
  ].join('\n');
  const { service, docs } = setup({ 'a.rst': src, 'b.rst': '.. _other-doc-label:\n\nB\n=\n\nAlso :ref:`failover`.\n', 'conf.py': '' });
  const doc = docs.get(ROOT + 'a.rst')!;
  const at = (needle: string, delta = 1, from = 0) => src.indexOf(needle, from) + delta;
  const shown = (offset: number) =>
    service.documentHighlights(doc, offset)?.map((h) => `${src.slice(0, h.start).split('\n').length - 1}:${src.slice(h.start, h.end)}:${h.kind}`);
  // A label: its definition, the :ref: uses and the plain reference of this document (b.rst's use is not here).
  const label = ['0:failover:write', '5:failover:read', '5:failover:read', '5:failover:read'];
  assert.deepEqual(shown(at('.. _failover', 5)), label);
  assert.deepEqual(shown(at(':ref:`failover`', 7)), label);
  assert.deepEqual(shown(at('failover_', 2)), label);
  // The section title the explicit target shadows: nothing refers to it.
  assert.deepEqual(shown(at('Failover\n=', 2)), ['2:Failover:write']);
  // A label of another document: its uses here only, nothing to write.
  assert.deepEqual(shown(at('other-doc-label')), ['5:other-doc-label:read']);
  assert.deepEqual(shown(at('|vip|', 2)), ['6:vip:read', '6:vip:read', '8:vip:write']);
  assert.deepEqual(shown(at('keepalived docs`_', 2)), ['6:the keepalived docs:read', '9:the keepalived docs:write']);
  assert.deepEqual(shown(at('[1]_', 1)), ['6:1:read', '10:1:write']);
  // The same document named three ways.
  assert.deepEqual(shown(at(':doc:`b`', 6)), ['12:b:read', '12:b:read', '12:/b:read']);
  // A node of a diagram: its node statement is where it is defined.
  const line = src.indexOf('digraph');
  assert.deepEqual(shown(at('lb [', 0, line)), ['16:lb:write', '16:lb:read', '16:lb:read']);
  assert.deepEqual(shown(at('db', 0, line)), ['16:db:write', '16:db:read']);
  // Plain words, a directive's name, a diagram's punctuation: no answer, so the editor highlights the word.
  for (const off of [at('moves'), at('graphviz::', 2), at('->', 1, line), src.length]) assert.equal(service.documentHighlights(doc, off), undefined, String(off));
});

test('rename a label: the definition and every use in every file, as one edit', () => {
  const { service, doc, offset, text } = setup({
    'a.rst': '.. _old$0:\n\nTitle\n=====\n\nLocal old_.\n',
    'b.rst': 'See :ref:`old` and :ref:`Title <old>`.\n',
  });
  assert.deepEqual(service.prepareRename(doc, offset), { start: 4, end: 7, placeholder: 'old' });
  const result = service.rename(doc, offset, 'new label');
  assert.ok(result && 'changes' in result);
  const edit = result.changes;
  const apply = (uri: string) => {
    let t = text(uri);
    for (const e of [...edit[uri]].sort((x, y) => y.start - x.start)) t = t.slice(0, e.start) + e.newText + t.slice(e.end);
    return t;
  };
  assert.equal(apply(ROOT + 'a.rst'), '.. _new label:\n\nTitle\n=====\n\nLocal `new label`_.\n');
  assert.equal(apply(ROOT + 'b.rst'), 'See :ref:`new label` and :ref:`Title <new label>`.\n');
});

test('rename is refused for names that come from section titles', () => {
  const { service, doc, offset } = setup({ 'a.rst': 'Title\n=====\n\nSee title$0_.\n' });
  const r = service.prepareRename(doc, offset);
  assert.ok(r && 'error' in r && /section title/.test(r.error));
});

test('hover: a target URL, a label with its section title and file, a substitution value', () => {
  const { service, doc, text } = setup({
    'index.rst': 'See `tooz`_ and :ref:`ha` and |p|.\n\n.. _tooz: https://tooz.example\n.. |p| replace:: Designate DNS\n',
    'admin/ha.rst': '.. _ha:\n\nHigh Availability\n=================\n',
  });
  const src = text(ROOT + 'index.rst');
  assert.equal(service.hover(doc, src.indexOf('tooz') + 1)?.contents, '<https://tooz.example>');
  assert.equal(service.hover(doc, src.indexOf(':ref:`ha') + 7)?.contents, '**High Availability** — admin/ha.rst, line 1');
  assert.equal(service.hover(doc, src.indexOf('|p|') + 1)?.contents, 'Substitution `|p|`: Designate DNS');
});

test('completion: labels in :ref:, documents in :doc:, directives, options, substitutions, targets', () => {
  const files = {
    'conf.py': '',
    'index.rst': '',
    'admin/ha.rst': '.. _ha:\n\nHA\n==\n\n.. _tooz: https://x.example\n.. |prod| replace:: Designate\n',
  };
  const labels = (src: string) => {
    const { service, doc, offset } = setup({ ...files, 'index.rst': src });
    return service.completion(doc, offset).map((c) => c.insertText);
  };
  assert.deepEqual(labels('See :ref:`h$0'), ['ha']);
  assert.deepEqual(labels('See :doc:`adm$0'), ['admin/ha']);
  assert.deepEqual(labels('See :doc:`/adm$0'), ['/admin/ha']);
  assert.ok(labels('.. graph$0').includes('graphviz:: ${1}\n   :${2|caption,name,align,alt,layout,graphviz_dot,class|}: ${3}\n\n   $0'));
  const opts = labels('.. graphviz::\n   :align: center\n   :$0\n');
  assert.ok(opts.includes('caption: ') && opts.includes('layout: ') && !opts.includes('align: '), opts.join(','));
  const { service, doc } = setup({ 'a.rst': '.. |prod| replace:: X\n.. _tooz driver list: https://x.example\n\nUse |p' });
  const text = doc.getText();
  assert.deepEqual(
    service.completion(doc, text.length).map((c) => c.insertText),
    ['prod|', 'version|', 'release|', 'today|'],
  );
  const t2 = { uri: doc.uri, version: 2, getText: () => text.replace('Use |p', 'See `too') };
  assert.deepEqual(
    service.completion(t2, t2.getText().length).map((c) => c.insertText),
    ['tooz driver list`_'],
  );
});

test('document symbols: the section tree with diagrams and targets in order', () => {
  const { service, doc } = setup({
    'a.rst': '.. _top:\n\nGuide\n=====\n\nAPI\n---\n\n.. graphviz::\n   :caption: API HA\n\n   digraph { a }\n\nCentral\n-------\n\nEnd.\n',
  });
  const syms = service.documentSymbols(doc);
  const flat = (s: typeof syms, d = 0): string[] => s.flatMap((x) => [`${'  '.repeat(d)}${x.kind}:${x.name}`, ...flat(x.children, d + 1)]);
  assert.deepEqual(flat(syms), ['target:top', 'section:Guide', '  section:API', '    diagram:API HA', '  section:Central']);
});

test('workspace symbols: sections and labels of every file, fuzzy', () => {
  const { service } = setup({ 'a.rst': 'High Availability\n=================\n', 'b.rst': '.. _ha-setup:\n\nSetup\n=====\n' });
  assert.deepEqual(
    service.workspaceSymbols('hav').map((s) => `${s.kind}:${s.name}`),
    ['section:High Availability'],
  );
  assert.deepEqual(
    service.workspaceSymbols('hasetup').map((s) => `${s.kind}:${s.name}`),
    ['label:ha-setup'],
  );
});

test('folding: sections, directives, lists and comments', () => {
  const { service, doc } = setup({ 'a.rst': 'A\n=\n\n* one\n* two\n\n.. note::\n\n   Text.\n\n..\n   comment\n   more\n\nB\n=\n\nEnd.\n' });
  const ranges = service.foldingRanges(doc).map((r) => `${r.startLine}-${r.endLine}${r.kind ? ':' + r.kind : ''}`);
  assert.deepEqual(ranges.sort(), ['0-12', '10-12:comment', '14-17', '3-4', '6-8'].sort());
});

test('document links: external targets, :doc:, and directive file arguments', () => {
  const { service, doc } = setup({
    'index.rst': 'See :doc:`other`.\n\n.. _x: https://x.example/a\n\n.. image:: images/diagram.png\n',
    'other.rst': 'Other\n=====\n',
  });
  assert.deepEqual(
    service.documentLinks(doc).map((l) => l.target),
    [ROOT + 'other.rst', 'https://x.example/a', ROOT + 'images/diagram.png'],
  );
});

test('selection ranges grow from the name to the document', () => {
  const text = 'Title\n=====\n\nSee `tooz driver list`_ here.\n\n.. _tooz driver list: https://x.example\n';
  const { service, doc } = setup({ 'a.rst': text });
  const spans = service.selectionRanges(doc, [text.indexOf('driver')])[0].map((s) => text.slice(s.start, s.end));
  assert.deepEqual(spans.slice(0, 3), ['tooz driver list', '`tooz driver list`_', 'See `tooz driver list`_ here.']);
  assert.equal(spans[spans.length - 1], text);
});

test('workspace diagnostics: undefined label, unknown document, duplicate label across files', async () => {
  const { service, docs } = setup({
    'b.rst': '.. _dup:\n\nA\n=\n\n:ref:`dup` :ref:`nope` :doc:`missing` :doc:`a`\n',
    'a.rst': '.. _dup:\n\nB\n=\n\n.. _plain:\n\nNot a section.\n',
    'c.rst': '.. _plain:\n\nAlso not a section: Sphinx does not call this a duplicate.\n',
  });
  assert.deepEqual(await service.computeDiagnostics(docs.get(ROOT + 'c.rst')!), []);
  // Like Sphinx, the warning goes to the document that comes later in name order.
  assert.deepEqual(await service.computeDiagnostics(docs.get(ROOT + 'a.rst')!), []);
  const diags = await service.computeDiagnostics(docs.get(ROOT + 'b.rst')!);
  assert.deepEqual(
    diags.map((d) => [d.code, d.message]),
    [
      ['sphinx.duplicate-label', 'duplicate label dup, other instance in a.rst'],
      ['sphinx.undefined-label', "undefined label: 'nope'"],
      ['sphinx.unknown-document', "unknown document: 'missing'"],
    ],
  );
  assert.equal(diags[0].related?.[0].uri, ROOT + 'a.rst');
});

test('quick fixes: title width, blank line, create target, did you mean, remove duplicate', async () => {
  const apply = (text: string, edits: { start: number; end: number; newText: string }[]) => {
    for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    return text;
  };
  const fix = async (text: string, code: string, title: RegExp) => {
    const { service, docs } = setup({ 'a.rst': text });
    const doc = docs.get(ROOT + 'a.rst')!;
    const diags = (await service.computeDiagnostics(doc)).filter((d) => d.code === code);
    assert.ok(diags.length, `no ${code}`);
    const actions = service.codeActions(doc, diags);
    const action = actions.find((a) => title.test(a.title));
    assert.ok(action, `no action ${title} in ${actions.map((a) => a.title).join(' | ')}`);
    return apply(text, action.edit[ROOT + 'a.rst']);
  };
  assert.equal(await fix('Long title\n=====\n\nText.\n', 'rst.title-underline-too-short', /underline as wide/), 'Long title\n==========\n\nText.\n');
  assert.equal(await fix('====\nLong title\n====\n', 'rst.title-overline-too-short', /overline as wide/), '==========\nLong title\n==========\n');
  assert.equal(await fix('* item\ntext\n', 'rst.no-blank-line', /blank line/), '* item\n\ntext\n');
  assert.equal(await fix('.. graphviz::\n   digraph G {\n   }\n', 'rst.directive-no-blank-line', /blank line/), '.. graphviz::\n\n   digraph G {\n   }\n');
  assert.equal(await fix('See `nowhere`_.\n', 'rst.unknown-target', /Create the target/), 'See `nowhere`_.\n\n.. _nowhere: https://\n');
  assert.equal(await fix('See `toz`_.\n\n.. _tooz: https://x.example\n', 'rst.unknown-target', /Change to "tooz"/), 'See `tooz`_.\n\n.. _tooz: https://x.example\n');
  assert.equal(await fix('.. grapviz::\n\n   digraph { a }\n', 'rst.unknown-directive', /Change to "graphviz"/), '.. graphviz::\n\n   digraph { a }\n');
  assert.equal(await fix('.. _a:\n.. _a:\n\nText a_.\n', 'rst.duplicate-target', /Remove/), '.. _a:\n\nText a_.\n');
});

test('quick fix: a blockdiag directive converts to graphviz as one edit', async () => {
  const text = 'Title\n=====\n\n.. blockdiag::\n\n   blockdiag {\n     A -> B;\n   }\n\nAfter.\n';
  const { service, docs } = setup({ 'a.rst': text });
  const doc = docs.get(ROOT + 'a.rst')!;
  const at = text.indexOf('A -> B');
  const actions = service.codeActions(doc, [], { start: at, end: at });
  const convert = actions.find((a) => a.title.startsWith('Convert to Graphviz'));
  assert.ok(convert, actions.map((a) => a.title).join(' | '));
  const [edit] = convert.edit[ROOT + 'a.rst'];
  const result = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
  assert.match(result, /^Title\n=====\n\n\.\. graphviz::\n/);
  assert.ok(result.endsWith('\n\nAfter.\n'));
  assert.deepEqual(await service.computeDiagnostics({ uri: doc.uri, version: 2, getText: () => result }), []);
  assert.equal(service.codeActions(doc, [], { start: 0, end: 0 }).length, 0, 'nothing offered outside a diagram');
});

test('refactor: Extract to hyperlink target, as Markdown extracts a link definition', async () => {
  const extract = (text: string, at: string, nth = 0) => {
    const { service, docs } = setup({ 'a.rst': text });
    const doc = docs.get(ROOT + 'a.rst')!;
    let offset = -1;
    for (let k = 0; k <= nth; k++) offset = text.indexOf(at, offset + 1);
    const action = service.codeActions(doc, [], { start: offset, end: offset }).find((a) => a.title === 'Extract to hyperlink target');
    if (!action) return undefined;
    assert.equal(action.kind, 'refactor.extract');
    let out = text;
    for (const e of [...action.edit[ROOT + 'a.rst']].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    return { out, diagnostics: () => service.computeDiagnostics({ uri: doc.uri, version: 2, getText: () => out }) };
  };
  // Every reference with the same text and URI; the target at the end after a blank line.
  const two = 'HA\n==\n\nUse `Pacemaker <https://clusterlabs.org>`_ here.\n\nAgain `Pacemaker <https://clusterlabs.org>`_.\n';
  const r = extract(two, 'Pacemaker <', 1)!;
  assert.equal(r.out, 'HA\n==\n\nUse `Pacemaker`_ here.\n\nAgain `Pacemaker`_.\n\n.. _Pacemaker: https://clusterlabs.org\n');
  assert.deepEqual(await r.diagnostics(), [], 'the result resolves');
  // After targets at the end: the new one joins them; a colon in the name is quoted; a multi-line reference.
  const joined = extract('See `the tooz: driver\nlist <https://docs.example/tooz>`_.\n\n.. _other: https://x.example\n', 'list')!;
  assert.equal(joined.out, 'See `the tooz: driver\nlist`_.\n\n.. _other: https://x.example\n.. _`the tooz: driver list`: https://docs.example/tooz\n');
  assert.deepEqual(await joined.diagnostics(), []);
  // No newline at the end of the file.
  assert.equal(extract('Read `docs <https://d.example>`_', 'docs')!.out, 'Read `docs`_\n\n.. _docs: https://d.example\n');
  // A target of that name with the same URI is used as it is.
  assert.equal(extract('A `vip <https://v.example>`_.\n\n.. _vip: https://v.example\n', 'vip <')!.out, 'A `vip`_.\n\n.. _vip: https://v.example\n');
  // Nothing to extract: the name elsewhere for another URI or an alias, an anonymous reference, a reference
  // named after its URI, a plain reference, and plain text.
  assert.equal(extract('A `vip <https://v.example>`_.\n\n.. _vip: https://other.example\n', 'vip <'), undefined);
  assert.equal(extract('A `vip <https://v.example>`_ and `VIP <https://w.example>`_.\n', 'vip <'), undefined);
  assert.equal(extract('A `vip <https://v.example>`_ and `vip <other_>`_.\n\n.. _other: https://o.example\n', 'vip <'), undefined);
  assert.equal(extract('A `vip <https://v.example>`__.\n', 'vip'), undefined);
  assert.equal(extract('A `<https://v.example>`_.\n', 'https'), undefined);
  assert.equal(extract('A `vip`_.\n\n.. _vip: https://v.example\n', 'vip`'), undefined);
  assert.equal(extract('Plain text.\n', 'text'), undefined);
});

test('unused hyperlink target: a faded hint, as Markdown marks an unused link definition, with a quick fix that removes it', async () => {
  const files: Record<string, string> = {
    'conf.py': "rst_epilog = '.. |vendor| replace:: `ClusterLabs`_'\n",
    'index.rst': 'Index\n=====\n\n.. toctree::\n\n   a\n   c\n   d\n',
  };
  files['a.rst'] = [
    'HA',
    '==',
    '',
    'See `Pacemaker`_, the `VIP`_ and |vendor|.',
    '',
    '.. _Pacemaker: https://clusterlabs.org',
    '.. _Corosync: https://corosync.github.io',
    '.. _VIP: Pacemaker_',
    '.. _ClusterLabs: https://clusterlabs.org/projects',
    '.. _internal-label:',
    '',
    'Section',
    '=======',
    '',
  ].join('\n');
  // A document included by another: its targets may be used there.
  files['b.rst'] = 'Links\n=====\n\n.. _Unused Elsewhere: https://u.example\n';
  // A document that includes a file, and one with a directive this reading does not know: not judged.
  files['c.rst'] = 'C\n=\n\n.. include:: b.rst\n\n.. _Other: https://o.example\n';
  files['d.rst'] = 'D\n=\n\n.. tab:: Linux\n\n   See Foo_.\n\n.. _Foo: https://f.example\n';
  // Directive options name targets: an image's :target:, a sidebar's :subtitle: text.
  files['e.rst'] = 'E\n=\n\n.. image:: logo.png\n   :target: Logo_\n\n.. sidebar:: Side\n   :subtitle: See `Sub Title`_\n\n   Body.\n\n.. _Logo: https://l.example\n.. _Sub Title: https://s.example\n';
  const docs = new Map<string, ITextDocument>();
  for (const [p, text] of Object.entries(files)) docs.set(ROOT + p, { uri: ROOT + p, version: 1, getText: () => text });
  const ws: IWorkspace = {
    exists: (uri) => docs.has(uri),
    sourceDir: () => ROOT,
    readFile: (uri) => docs.get(uri)?.getText(),
  };
  const service = createLanguageService({ workspace: ws });
  for (const d of docs.values()) if (d.uri.endsWith('.rst')) service.indexDocument(d);
  const unused = async (name: string) => (await service.computeDiagnostics(docs.get(ROOT + name)!)).filter((d) => d.code === 'rst.unused-target');
  const a = await unused('a.rst');
  const aText = files['a.rst'];
  // Used: by a reference, by an indirect target, by rst_epilog. Not judged: the indirect target itself and the label.
  assert.deepEqual(a.map((d) => [aText.slice(d.start, d.end), d.severity, d.unnecessary, d.message]), [
    ['.. _Corosync: https://corosync.github.io', 'hint', true, 'Hyperlink target "Corosync" is not used.'],
  ]);
  for (const name of ['b.rst', 'c.rst', 'd.rst', 'e.rst', 'index.rst']) assert.deepEqual(await unused(name), [], name);
  // The quick fix removes the target's line; the document then has nothing unused.
  const fix = service.codeActions(docs.get(ROOT + 'a.rst')!, [{ code: a[0].code, message: a[0].message, start: a[0].start, end: a[0].end }]);
  assert.equal(fix[0]?.title, 'Remove the unused hyperlink target');
  const edit = fix[0].edit[ROOT + 'a.rst'][0];
  const fixed = aText.slice(0, edit.start) + edit.newText + aText.slice(edit.end);
  assert.ok(!fixed.includes('Corosync') && fixed.includes('.. _Pacemaker: https://clusterlabs.org\n.. _VIP: Pacemaker_\n'), fixed);
  assert.deepEqual((await service.computeDiagnostics({ uri: ROOT + 'a.rst', version: 2, getText: () => fixed })).filter((d) => d.code === 'rst.unused-target'), []);
});

test('source action: Organize hyperlink targets, as Markdown organizes link definitions', async () => {
  const organize = (text: string) => {
    const { service, docs } = setup({ 'a.rst': text });
    const action = service.organizeTargets(docs.get(ROOT + 'a.rst')!);
    if (!action) return undefined;
    assert.equal(action.kind, 'source.organizeLinkDefinitions');
    assert.equal(action.title, 'Organize hyperlink targets');
    let out = text;
    for (const e of [...action.edit[ROOT + 'a.rst']].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    return { out, diagnostics: () => service.computeDiagnostics({ uri: ROOT + 'a.rst', version: 2, getText: () => out }) };
  };
  // Targets from anywhere at the top level go to the end, sorted by name, a URI's continuation line kept; the
  // blank lines around a target that left collapse into one.
  const scattered =
    'Title\n=====\n\nSee Zeta_ and alpha_.\n\n.. _Zeta: https://z.example\n\nMiddle paragraph.\n\n.. _alpha: https://a.example\n   /continued\n\nEnd paragraph.\n';
  const organized = 'Title\n=====\n\nSee Zeta_ and alpha_.\n\nMiddle paragraph.\n\nEnd paragraph.\n\n.. _alpha: https://a.example\n   /continued\n.. _Zeta: https://z.example\n';
  const r = organize(scattered)!;
  assert.equal(r.out, organized);
  assert.deepEqual(await r.diagnostics(), [], 'the references still resolve');
  assert.equal(organize(organized), undefined, 'organized already: no action');
  // Targets that join others at the end, and a file without a final newline.
  assert.equal(organize('A b_ c_\n\n.. _c: https://c.example\n\nText.\n\n.. _b: https://b.example')!.out, 'A b_ c_\n\nText.\n\n.. _b: https://b.example\n.. _c: https://c.example\n');
  // What stays where it is: a target an internal target chains to (`alias` would lose its URI), one inside a
  // list or a directive, an anonymous target, an indirect one.
  assert.equal(organize('See alias_ and vip_.\n\n.. _alias:\n.. _vip: https://v.example\n\nText.\n'), undefined);
  assert.equal(organize('* An item, see in-list_.\n\n  .. _in-list: https://l.example\n\nText.\n'), undefined);
  assert.equal(organize('.. note::\n\n   See n_.\n\n   .. _n: https://n.example\n\nText.\n'), undefined);
  assert.equal(organize('See `this`__.\n\n__ https://anon.example\n\nText.\n'), undefined);
  assert.equal(organize('See a_ and b_.\n\n.. _a: b_\n\nText.\n\n.. _b: https://b.example\n'), undefined);
});
