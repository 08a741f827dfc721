import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CompletionItem } from '../../server/src/features/completion';
import type { RstSymbol } from '../../server/src/features/documentSymbols';
import type { TextEdit } from '../../server/src/features/types';
import { createLanguageService, type ITextDocument } from '../../server/src/languageService';
import { parseMarkers } from './markers';
import { expectLinear } from './complexity';

/**
 * DOT language features inside graphviz/graph/digraph directives and in `.dot` files, through the language
 * service (the real RST and DOT parsers). `$0` marks the cursor and is removed before use.
 */
function open(raw: string, uri = 'file:///ws/guide.rst') {
  const { text, cursor: offset } = parseMarkers(raw);
  const doc: ITextDocument = { uri, version: 1, getText: () => text };
  const service = createLanguageService();
  const features = uri.endsWith('.dot') ? service.dotFile : service;
  return { service, features, doc, text, offset };
}

/** A guide with a diagram nested in a list item, as authors write them. */
function inList(dot: string): string {
  const body = dot
    .split('\n')
    .map((l) => (l ? '     ' + l : l))
    .join('\n');
  return `Guide\n=====\n\n* The services:\n\n  .. graphviz::\n\n${body}\n\nAfter.\n`;
}

function complete(raw: string, uri?: string) {
  const { features, doc, text, offset } = open(raw, uri);
  const items = features.completion(doc, offset);
  return { items, labels: items.map((i) => i.label), text, offset, replaced: (i: CompletionItem) => text.slice(i.replaceStart, offset) };
}

function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Completion
// ---------------------------------------------------------------------------------------------

test('completion: attribute names by context in [...] (node, edge, node/edge/graph statements)', () => {
  const node = complete(inList('digraph G {\n  a [sha$0]\n}'));
  assert.ok(node.labels.includes('shape') && node.labels.includes('fillcolor'));
  assert.ok(!node.labels.includes('arrowhead') && !node.labels.includes('rankdir'));
  const shape = node.items.find((i) => i.label === 'shape')!;
  assert.equal(node.replaced(shape), 'sha');
  // The name only: the "=" comes from the keyboard, so one typed out of habit is never doubled.
  assert.equal(shape.insertText, 'shape');
  assert.equal(shape.kind, 'attribute');
  assert.match(shape.documentation ?? '', /Default: `ellipse`/);

  const edge = complete(inList('digraph G {\n  a -> b [color=red, $0]\n}')).labels;
  assert.ok(edge.includes('arrowhead') && edge.includes('constraint') && !edge.includes('shape'));
  const edgeStmt = complete(inList('digraph G {\n  edge [$0]\n}')).labels;
  assert.ok(edgeStmt.includes('arrowtail') && !edgeStmt.includes('shape'));
  const nodeStmt = complete(inList('digraph G {\n  node [style=filled $0]\n}')).labels;
  assert.ok(nodeStmt.includes('shape') && !nodeStmt.includes('arrowhead'));
  const graphStmt = complete(inList('digraph G {\n  subgraph cluster_db {\n    graph [$0]\n  }\n}')).labels;
  assert.ok(graphStmt.includes('bgcolor') && graphStmt.includes('labeljust') && !graphStmt.includes('shape') && !graphStmt.includes('arrowhead'));
  // The name is already followed by "=": only the name is inserted.
  const before = complete(inList('digraph G {\n  a [sha$0=box]\n}')).items.find((i) => i.label === 'shape')!;
  assert.equal(before.insertText, 'shape');
});

test('completion: enumerated values after name= in lists and statements', () => {
  const exact = (raw: string) => [...complete(inList(raw)).labels].sort();
  assert.deepEqual(exact('digraph G {\n  rankdir=$0\n}'), ['BT', 'LR', 'RL', 'TB']);
  assert.deepEqual(exact('digraph G {\n  edge [dir=$0]\n}'), ['back', 'both', 'forward', 'none']);
  assert.deepEqual(exact('digraph G {\n  subgraph x { rank=$0 }\n}'), ['max', 'min', 'same', 'sink', 'source']);
  assert.ok(exact('digraph G {\n  splines=$0\n}').includes('ortho'));
  assert.ok(exact('digraph G {\n  a -> b [arrowhead=$0]\n}').includes('vee'));

  const shape = complete(inList('digraph G {\n  a [label="A", shape=cyl$0]\n}'));
  const cyl = shape.items.find((i) => i.label === 'cylinder')!;
  assert.equal(shape.replaced(cyl), 'cyl');
  assert.equal(cyl.kind, 'value');
  assert.ok(shape.labels.includes('box') && shape.labels.includes('Mrecord'));
  // A value that is no bare DOT ID is quoted.
  const charset = complete(inList('digraph G {\n  charset=$0\n}')).items.find((i) => i.label === 'ISO-8859-1')!;
  assert.equal(charset.insertText, '"ISO-8859-1"');
});

test('completion: styles for the context, inside quotes after a comma', () => {
  const node = complete(inList('digraph G {\n  a [style="filled,ro$0"]\n}'));
  const rounded = node.items.find((i) => i.label === 'rounded')!;
  assert.equal(node.replaced(rounded), 'ro');
  assert.equal(rounded.insertText, 'rounded');
  const edge = complete(inList('digraph G {\n  a -> b [style=$0]\n}')).labels;
  assert.ok(edge.includes('tapered') && edge.includes('dashed') && !edge.includes('rounded'));
});

test('completion: colour names, and each colour of a colour list', () => {
  const one = complete(inList('digraph G {\n  a [color=lightsteel$0]\n}'));
  const item = one.items.find((i) => i.label === 'lightsteelblue')!;
  assert.equal(item.kind, 'color');
  assert.equal(one.replaced(item), 'lightsteel');
  const list = complete(inList('digraph G {\n  a [style=filled, fillcolor="red:yel$0"]\n}'));
  const yellow = list.items.find((i) => i.label === 'yellow')!;
  assert.equal(list.replaced(yellow), 'yel');
  const bg = complete(inList('digraph G {\n  bgcolor=$0\n}')).labels;
  assert.ok(bg.includes('white') && bg.includes('gray90'));
});

test('completion: node names after an edge operator and at the start of a statement', () => {
  const src = 'digraph G {\n  api [shape=box];\n  "web server" -> api;\n  api -> $0\n}';
  const after = complete(inList(src));
  assert.deepEqual([...after.labels].sort(), ['api', 'web server']);
  assert.equal(after.items.find((i) => i.label === 'web server')!.insertText, '"web server"');
  assert.equal(after.items[0].kind, 'node');

  const start = complete(inList('digraph G {\n  api -> db;\n  d$0\n}'));
  assert.ok(start.labels.includes('db') && start.labels.includes('api'));
  assert.ok(!start.labels.includes('d'), 'the word being typed is not offered back');
  assert.ok(start.labels.includes('subgraph') && start.labels.includes('rankdir') && !start.labels.includes('shape'));
  assert.equal(start.items.find((i) => i.label === 'rankdir')!.insertText, 'rankdir');
});

test('completion: nothing after a space that follows a word, in comments, in the header or after the graph', () => {
  assert.deepEqual(complete(inList('digraph G {\n  a $0\n}')).items, []);
  assert.deepEqual(complete(inList('digraph G {\n  node $0\n}')).items, []);
  assert.deepEqual(complete(inList('digraph G {\n  // a [sha$0\n}')).items, []);
  assert.deepEqual(complete(inList('digraph G {\n  /* rankdir=$0 */\n}')).items, []);
  assert.deepEqual(complete(inList('digraph G$0 {\n  a\n}')).items, []);
  assert.deepEqual(complete(inList('digraph G {\n  a [label=<b$0>]\n}')).items, []);
});

test('completion: a .. digraph:: name block (Sphinx wraps its content)', () => {
  const text = 'Title\n=====\n\n.. digraph:: cluster_map\n   :caption: Map\n\n   controller -> compute;\n   compute [sh$0];\n';
  const r = complete(text);
  assert.ok(r.labels.includes('shape'));
  assert.equal(r.replaced(r.items.find((i) => i.label === 'shape')!), 'sh');
  const nodes = complete('.. digraph:: m\n\n   controller -> compute;\n   compute -> $0\n').labels;
  assert.deepEqual([...nodes].sort(), ['compute', 'controller']);
});

test('completion: RST completion still works outside the diagram', () => {
  const r = complete('.. _here:\n\nSee :ref:`he$0`.\n\n.. graphviz::\n\n   digraph { a }\n');
  assert.deepEqual(r.labels, ['here']);
});

test('completion in a .dot file', () => {
  const r = complete('digraph G {\n  node [fontname="Helvetica"];\n  a -> b [arrow$0];\n}\n', 'file:///ws/d.dot');
  assert.ok(r.labels.includes('arrowhead') && r.labels.includes('arrowsize') && !r.labels.includes('shape'));
  assert.equal(r.replaced(r.items.find((i) => i.label === 'arrowhead')!), 'arrow');
});

// ---------------------------------------------------------------------------------------------
// Hover
// ---------------------------------------------------------------------------------------------

test('hover: an attribute shows its description, type, default, applies-to and the licence of the text', () => {
  const { features, doc, text, offset } = open('.. digraph:: flow\n\n   rank$0dir=LR;\n   a -> b;\n');
  const h = features.hover(doc, offset)!;
  assert.equal(text.slice(h.start, h.end), 'rankdir');
  assert.match(h.contents, /\*\*rankdir\*\* — Sets direction of graph layout/);
  assert.match(h.contents, /Type: `rankdir`/);
  assert.match(h.contents, /Default: `TB`/);
  assert.match(h.contents, /Applies to: graphs/);
  assert.match(h.contents, /\(https:\/\/graphviz\.org\/docs\/attrs\/rankdir\/\) \(EPL-1\.0\)/);
});

test('hover: a value lists the valid values; relative links in descriptions become absolute', () => {
  const { features, doc, text } = open(inList('digraph G {\n  a -> b [dir=both];\n  c [sides=5, shape=polygon];\n}'));
  const v = features.hover(doc, text.indexOf('both') + 1)!;
  assert.equal(text.slice(v.start, v.end), 'both');
  assert.match(v.contents, /`dir` = `both` \(one of `forward`, `back`, `both`, `none`\)/);
  const sides = features.hover(doc, text.indexOf('sides'))!;
  assert.match(sides.contents, /\[shape\]\(https:\/\/graphviz\.org\/docs\/attrs\/shape\)=polygon/);
  assert.doesNotMatch(sides.contents, /<code>/);
});

test('hover: a node ID says where it is declared; nothing on an unknown attribute', () => {
  const src = inList('digraph G {\n  a -> b;\n  b [shape=box];\n  a -> "b";\n  x [colr=red];\n}');
  const { features, doc, text } = open(src);
  const at = text.indexOf('"b"') + 1;
  const h = features.hover(doc, at)!;
  assert.equal(text.slice(h.start, h.end), '"b"');
  const declLine = text.slice(0, text.indexOf('b [shape')).split('\n').length;
  assert.equal(h.contents, `Node \`b\`, declared on line ${declLine}; 3 mentions in this diagram`);
  assert.equal(features.hover(doc, text.indexOf('colr') + 1), undefined);
});

// ---------------------------------------------------------------------------------------------
// Definition, references, rename
// ---------------------------------------------------------------------------------------------

const NODES = 'digraph G {\n  "api" [label="API"];\n  api -> db;\n  "a" + "pi" -> cache;\n  db -> "api":n;\n  subgraph cluster_x { db; api }\n}';

test('definition: a node ID goes to its node statement; quoted, unquoted and concatenated IDs are one node', () => {
  const { features, doc, text } = open(inList(NODES));
  const defs = features.definition(doc, text.indexOf('"api":n') + 2);
  assert.deepEqual(
    defs.map((d) => text.slice(d.start, d.end)),
    ['"api"', 'api'],
  );
  assert.equal(defs[0].start, text.indexOf('"api" [label'));
  assert.equal(defs[0].uri, 'file:///ws/guide.rst');
  // Without a node statement: its first appearance. `cache` appears once, as an edge end.
  const cache = features.definition(doc, text.indexOf('cache'));
  assert.deepEqual(cache.map((d) => d.start), [text.indexOf('cache')]);
  // Not on a node: nothing, not an RST definition.
  assert.deepEqual(features.definition(doc, text.indexOf('label=')), []);
});

test('references: every mention in the diagram, with or without the declarations', () => {
  const { features, doc, text } = open(inList(NODES));
  const at = text.indexOf('api ->') + 1;
  const all = features.references(doc, at, true).map((l) => text.slice(l.start, l.end));
  assert.deepEqual(all, ['"api"', 'api', '"a" + "pi"', '"api"', 'api']);
  const uses = features.references(doc, at, false).map((l) => text.slice(l.start, l.end));
  assert.deepEqual(uses, ['api', '"a" + "pi"', '"api"']);
});

test('rename: keeps quotes where they were and adds them where the new name needs them', () => {
  const { features, doc, text } = open(inList(NODES));
  const at = text.indexOf('api ->') + 1;
  const prep = features.prepareRename(doc, at);
  assert.deepEqual(prep, { start: at - 1, end: at + 2, placeholder: 'api' });
  const simple = features.rename(doc, at, 'gateway');
  assert.ok(simple && 'changes' in simple);
  assert.equal(
    applyEdits(text, simple.changes['file:///ws/guide.rst']),
    inList('digraph G {\n  "gateway" [label="API"];\n  gateway -> db;\n  "gateway" -> cache;\n  db -> "gateway":n;\n  subgraph cluster_x { db; gateway }\n}'),
  );
  const spaced = features.rename(doc, at, 'API "v2"');
  assert.ok(spaced && 'changes' in spaced);
  assert.equal(
    applyEdits(text, spaced.changes['file:///ws/guide.rst']),
    inList('digraph G {\n  "API \\"v2\\"" [label="API"];\n  "API \\"v2\\"" -> db;\n  "API \\"v2\\"" -> cache;\n  db -> "API \\"v2\\"":n;\n  subgraph cluster_x { db; "API \\"v2\\"" }\n}'),
  );
  const keyword = features.rename(doc, at, 'node');
  assert.ok(keyword && 'changes' in keyword);
  assert.ok(keyword.changes['file:///ws/guide.rst'].every((e) => e.newText === '"node"'));
});

test('rename: refuses a name that would merge two nodes, and attributes', () => {
  const { features, doc, text } = open(inList(NODES));
  assert.match((features.rename(doc, text.indexOf('api ->'), 'db') as { error: string }).error, /already exists/);
  assert.match((features.prepareRename(doc, text.indexOf('label')) as { error: string }).error, /Only node IDs/);
  assert.equal(features.prepareRename(doc, text.indexOf('* The')), undefined);
});

test('rename in a .. digraph:: block and in a .dot file', () => {
  const rst = open('.. digraph:: flow\n\n   a -> b;\n   b -> "a";\n');
  const r = rst.features.rename(rst.doc, rst.text.indexOf('a ->'), 'start here');
  assert.ok(r && 'changes' in r);
  assert.equal(applyEdits(rst.text, r.changes['file:///ws/guide.rst']), '.. digraph:: flow\n\n   "start here" -> b;\n   b -> "start here";\n');

  const dot = open('graph G {\n  a -- b;\n  b -- c;\n}\n', 'file:///ws/d.dot');
  const defs = dot.features.definition(dot.doc, dot.text.indexOf('b --'));
  assert.deepEqual(defs, [{ uri: 'file:///ws/d.dot', start: dot.text.indexOf('b;'), end: dot.text.indexOf('b;') + 1 }]);
  const edit = dot.features.rename(dot.doc, dot.text.indexOf('b --'), 'B2');
  assert.ok(edit && 'changes' in edit);
  assert.equal(applyEdits(dot.text, edit.changes['file:///ws/d.dot']), 'graph G {\n  a -- B2;\n  B2 -- c;\n}\n');
});

// ---------------------------------------------------------------------------------------------
// Folding and outline
// ---------------------------------------------------------------------------------------------

const CLUSTERS = [
  'digraph ha {',
  '  subgraph cluster_db {',
  '    label="Database";',
  '    subgraph cluster_primary {',
  '      label="Primary"',
  '      db1;',
  '    }',
  '    db2;',
  '  }',
  '  { rank=same; api1; api2 }',
  '  subgraph s {',
  '    subgraph cluster_cache { memcached }',
  '  }',
  '  api1 -> db1 [',
  '    color=red',
  '  ];',
  '}',
].join('\n');

test('folding: the graph body, subgraphs, clusters and multi-line attribute lists', () => {
  const { service, doc, text } = open(inList(CLUSTERS));
  const lineOf = (needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length - 1;
  const ranges = service.foldingRanges(doc).map((r) => [r.startLine, r.endLine]);
  /** From the line of `open` to the line before the one `close` starts on (the closing bracket's). */
  const expect = (open: string, close: string) => {
    const want = [lineOf(open), lineOf(close) - 1];
    assert.ok(ranges.some(([s, e]) => s === want[0] && e === want[1]), `${JSON.stringify(want)} (${open}) in ${JSON.stringify(ranges)}`);
  };
  expect('digraph ha {', '}\n\nAfter');
  expect('subgraph cluster_db', '}\n       { rank');
  expect('subgraph cluster_primary', '}\n         db2;');
  expect('subgraph s {', '}\n       api1 -> db1 [');
  expect('api1 -> db1 [', '];');
  // The directive itself still folds.
  assert.ok(ranges.some(([s]) => s === lineOf('.. graphviz::')));
});

test('outline: each diagram with its clusters, nested as written, through plain subgraphs', () => {
  const text = `Guide\n=====\n\n.. graphviz::\n   :caption: HA\n\n${CLUSTERS.split('\n').map((l) => '   ' + l).join('\n')}\n\n.. digraph:: other\n\n   subgraph cluster_one { a }\n`;
  const { service, doc } = open(text);
  const show = (s: RstSymbol): unknown => ({ name: s.name, kind: s.kind, detail: s.detail, children: s.children.map(show) });
  const section = service.documentSymbols(doc)[0];
  assert.deepEqual(section.children.map(show), [
    {
      name: 'HA',
      kind: 'diagram',
      detail: 'graphviz',
      children: [
        { name: 'cluster_db', kind: 'cluster', detail: 'Database', children: [{ name: 'cluster_primary', kind: 'cluster', detail: 'Primary', children: [] }] },
        { name: 'cluster_cache', kind: 'cluster', detail: undefined, children: [] },
      ],
    },
    { name: 'other', kind: 'diagram', detail: 'digraph', children: [{ name: 'cluster_one', kind: 'cluster', detail: undefined, children: [] }] },
  ]);
  const db = section.children[0].children[0];
  assert.equal(text.slice(db.selection.start, db.selection.end), 'cluster_db');
  assert.ok(text.slice(db.range.start, db.range.end).startsWith('subgraph cluster_db {') && text.slice(db.range.start, db.range.end).endsWith('    }'));
});

test('outline and folding of a .dot file', () => {
  const { features, doc, text } = open(CLUSTERS + '\n', 'file:///ws/ha.dot');
  const syms = features.documentSymbols(doc);
  assert.equal(syms.length, 1);
  assert.equal(syms[0].name, 'ha');
  assert.equal(text.slice(syms[0].selection.start, syms[0].selection.end), 'ha');
  assert.deepEqual(syms[0].children.map((c) => c.name), ['cluster_db', 'cluster_cache']);
  assert.deepEqual(features.foldingRanges(doc)[0], { startLine: 0, endLine: 15 });
});

// ---------------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------------

test('bad input: deep nesting, a binary blob, unclosed text: answers, no throw', () => {
  const deep = '.. graphviz::\n\n   digraph {' + '{'.repeat(20000) + '\n';
  const blob = '.. graphviz::\n\n   ' + Array.from({ length: 3000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('').replace(/[\r\n]/g, ' ') + '\n';
  const unclosed = '.. graphviz::\n\n   digraph { a -> "b\n   c [color=\n';
  for (const text of [deep, blob, unclosed]) {
    const { service, doc } = open(text);
    for (let o = 0; o <= text.length; o += Math.max(1, Math.floor(text.length / 97))) {
      service.completion(doc, o);
      service.hover(doc, o);
      service.definition(doc, o);
      service.references(doc, o, true);
      service.prepareRename(doc, o);
    }
    service.foldingRanges(doc);
    service.documentSymbols(doc);
  }
});

test('bad input: references and completion on an edge chain of n nodes take linear time in n', (t) => {
  // Each run opens a new service on a new text (parses are cached by text: trailing spaces make it new).
  const chain = (n: number) => 'digraph {' + Array.from({ length: n }, (_, i) => `n${i}`).join(' -> ') + '}';
  const prepare = (n: number, variant: number) => {
    const text = chain(n) + ' '.repeat(variant);
    const { features, doc } = open(text, `file:///ws/chain${variant}.dot`);
    return { text, features, doc };
  };
  expectLinear('references and completion on an edge chain', prepare, ({ features, doc, text }, n) => {
    assert.equal(features.references(doc, text.indexOf('n500 '), true).length, 1);
    assert.equal(features.references(doc, text.indexOf(`n${n - 1}}`), true).length, 1);
    assert.equal(features.completion(doc, text.lastIndexOf('}')).length, n - 1);
  }, 25_000, { fresh: true, log: (l) => t.diagnostic(l) });
});
