import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { convertDiagram, convertDirective } from '../../server/src/blockdiag/convert';
import type { DiagDialect } from '../../server/src/blockdiag/ast';
import { createNodeLanguageService } from '../../server/src/nodeService';
import { defaultSettings } from '../../server/src/protocol/settings';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';
import type { DirectiveBlock } from '../../server/src/rst/types';
import { walkBlocks } from '../../server/src/rst/walk';

/**
 * blockdiag, actdiag, nwdiag and seqdiag to DOT: golden conversions of fixtures covering every
 * construct, each checked by the real language service (RST + DOT checks + wasm Graphviz layout, no
 * diagnostic allowed) and laid out by Graphviz to compare what is drawn; the quick-fix edit on real RST.
 */
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/blockdiag');
const service = createNodeLanguageService({ settings: () => defaultSettings });
after(() => service.dispose());
let graphviz: Awaited<ReturnType<typeof Graphviz.load>>;
before(async () => {
  graphviz = await Graphviz.load();
});

/** Every diagnostic our checker gives for the DOT inside a `.. graphviz::` directive. */
async function diagnoseDot(dot: string): Promise<string[]> {
  const text = 'Diagram\n=======\n\n.. graphviz::\n\n' + dot.split('\n').map((l) => (l ? '   ' + l : l)).join('\n') + '\n';
  const diags = await service.computeDiagnostics({ uri: pathToFileURL('/tmp/blockdiag-convert.rst').href, version: 1, getText: () => text });
  return diags.map((d) => `${d.code} ${d.message} at ${JSON.stringify(text.slice(d.start, d.end))}`);
}

interface Drawn {
  nodes: string[];
  clusters: string[];
  /** `a -> b` with the arrowheads where they are drawn: `a <-> b`, `a <- b`, `a -- b`. */
  edges: string[];
}

/** What Graphviz draws, read from its JSON layout: node labels, cluster labels, edges with arrowheads. */
function drawn(dot: string): Drawn {
  const j = JSON.parse(graphviz.layout(dot, 'json', 'dot')) as {
    directed: boolean;
    objects: { _gvid: number; name: string; label?: string; xlabel?: string; nodes?: number[]; bb?: string; cluster?: string; style?: string }[];
    edges?: { tail: number; head: number; dir?: string; style?: string }[];
  };
  const text = (o: { name: string; label?: string; xlabel?: string }) => {
    const raw = o.label === undefined || o.label === '\\N' ? o.name : o.label === '' && o.xlabel ? o.xlabel : o.label;
    return raw.replace(/\\N/g, o.name).replace(/\\[nlr]/g, '\n').replace(/\\\\/g, '\\').trim();
  };
  const byId = new Map(j.objects.map((o) => [o._gvid, o]));
  const isCluster = (o: (typeof j.objects)[number]) => o.nodes !== undefined && (o.name.startsWith('cluster') || o.cluster === 'true');
  const edges = (j.edges ?? [])
    .filter((e) => e.style !== 'invis')
    .map((e) => {
      const t = text(byId.get(e.tail)!);
      const h = text(byId.get(e.head)!);
      const dir = e.dir ?? (j.directed ? 'forward' : 'none');
      const op = { forward: '->', back: '<-', both: '<->', none: '--' }[dir] ?? '?';
      return `${t} ${op} ${h}`;
    });
  return {
    nodes: j.objects
      .filter((o) => o.nodes === undefined && !(o.style ?? '').includes('invis'))
      .map(text)
      .sort(),
    clusters: j.objects.filter(isCluster).map((o) => text(o)).sort(),
    edges: edges.sort(),
  };
}

const DIALECT_OF: Record<string, DiagDialect> = { blockdiag: 'blockdiag', actdiag: 'actdiag', nwdiag: 'nwdiag', seqdiag: 'seqdiag' };

for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.diag'))) {
  test(`golden: ${file} converts to the DOT in ${file.replace(/\.diag$/, '.dot')}, which our checks and Graphviz accept`, { timeout: 30000 }, async () => {
    const source = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
    const dialect = DIALECT_OF[/^\s*(\w+)/.exec(source)?.[1] ?? ''];
    assert.ok(dialect, `${file} starts with the name of its language`);
    const r = convertDiagram(source, dialect);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    const golden = path.join(FIXTURES, file.replace(/\.diag$/, '.dot'));
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(golden, r.dot + '\n');
    assert.ok(fs.existsSync(golden), `no golden ${golden}: run with UPDATE_GOLDEN=1 and review it`);
    assert.equal(r.dot + '\n', fs.readFileSync(golden, 'utf8'));
    assert.deepEqual(await diagnoseDot(r.dot), []);
    assert.match(graphviz.layout(r.dot, 'svg', 'dot'), /<svg[\s\S]*<\/svg>/);
    // Every note is also a DOT comment at the top.
    for (const n of r.notes) assert.ok(r.dot.includes(`// - ${n.message}`), n.message);
  });
}

function convert(source: string, dialect: DiagDialect = 'blockdiag') {
  const r = convertDiagram(source, dialect);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return r;
}

test('edges: each operator draws its arrowheads where blockdiag does; one edge per ordered pair', () => {
  const d = drawn(convert(fs.readFileSync(path.join(FIXTURES, 'edges.diag'), 'utf8')).dot);
  for (const e of ['A -> B', 'A <- C', 'A <-> D', 'A -- E', 'A -> F', 'A <- G', 'A <-> H', 'B -> I', 'C -> J', 'D <-> K', 'E -> L', 'M -> O', 'M -> P', 'N -> O', 'N -> P']) {
    assert.ok(d.edges.includes(e), `${e} in ${d.edges.join(', ')}`);
  }
  assert.equal(d.edges.filter((e) => e === 'A -> B').length, 1);
  // A later statement about the same pair changes that edge (`A <- B` is the pair A, B, arrowhead at A).
  assert.match(convert('blockdiag { A -> B; A -> B [label = "x"]; A <- B; B -> A }').dot, /A -> B \[label="x", dir=back\]\n\s+B -> A\n/);
});

test('groups become clusters; a node belongs to the deepest group naming it; empty groups vanish', () => {
  const r = convert(fs.readFileSync(path.join(FIXTURES, 'groups.diag'), 'utf8'));
  const d = drawn(r.dot);
  assert.deepEqual(d.clusters, ['', 'Inner', 'Outer', 'Side']);
  assert.match(r.dot, /subgraph cluster_outer \{[^}]*\n\s+A\n/);
  assert.doesNotMatch(r.dot, /cluster_empty/);
  // Declared once, inside its cluster.
  assert.equal(r.dot.match(/^\s+A$/gm)?.length, 1);
  const errors = convertDiagram('blockdiag { group a { X } group b { X } }', 'blockdiag');
  assert.ok(!errors.ok);
  assert.equal(errors.errors[0].message, 'Node "X" cannot belong to two groups');
  assert.equal(errors.errors[0].start, 'blockdiag { group a { X } group b { '.length);
});

test('classes apply where they are used; an unknown class is an error at its name', () => {
  const r = convert('blockdiag { class hot [color = red, style = dashed]; A [class = hot, style = dotted]; }');
  assert.match(r.dot, /A \[style="dotted,filled", fillcolor=red\]/);
  const bad = convertDiagram('blockdiag {\n  A [class = cold];\n}', 'blockdiag');
  assert.ok(!bad.ok);
  assert.deepEqual(bad.errors, [{ message: 'Unknown class "cold": define it with class cold [...]', start: 25, end: 29 }]);
});

test('orientation, sizes and defaults: landscape is rankdir=LR, portrait the Graphviz default', () => {
  assert.match(convert('blockdiag { A -> B }').dot, /rankdir=LR/);
  const p = convert('blockdiag { orientation = portrait; default_shape = roundedbox; node_width = 144; span_height = 72; default_fontsize = 10; A -> B }').dot;
  assert.doesNotMatch(p, /rankdir/);
  assert.match(p, /node \[shape=box, style=rounded, width=2, fontsize=10\]/);
  assert.match(p, /ranksep=1/);
  assert.match(convert('blockdiag { edge_layout = flowchart; A -> B [label = "yes"] }').dot, /splines=ortho[\s\S]*A -> B \[xlabel="yes"\]/);
});

test('labels draw what blockdiag draws: \\n and line breaks end lines, lines are trimmed, quotes escaped', () => {
  const r = convert('blockdiag { A [label = "  one\\n  two  "]; B [label = "say \\"hi\\""]; "C\\nD"; E [label = """tri\nple"""]; }');
  assert.deepEqual(drawn(r.dot).nodes, ['C\nD', 'one\ntwo', 'say "hi"', 'tri\nple']);
  // Empty first and last lines are dropped: wasm Graphviz corrupts itself on an edge label starting with one.
  const e = convert('blockdiag { A -> B [label = "\\n6.2 done\\n"]; }').dot;
  assert.match(e, /A -> B \[label="6\.2 done"\]/);
  for (let i = 0; i < 20; i++) graphviz.layout(e, 'svg', 'dot');
});

test('nwdiag: networks with addresses, hosts below their first network, peers, groups', () => {
  const d = drawn(convert(fs.readFileSync(path.join(FIXTURES, 'network.diag'), 'utf8'), 'nwdiag').dot);
  assert.deepEqual(d.clusters, ['Databases']);
  assert.ok(d.nodes.includes('dmz\n210.x.x.x/24'));
  assert.ok(d.nodes.includes('Internal LAN\n172.x.x.x/24'));
  assert.deepEqual(d.edges, [
    'Internal LAN\n172.x.x.x/24 -- db01',
    'Internal LAN\n172.x.x.x/24 -- db02',
    'dmz\n210.x.x.x/24 -- router',
    'dmz\n210.x.x.x/24 -- web01',
    'dmz\n210.x.x.x/24 -- web02',
    'inet -- router',
    'web01 -- Internal LAN\n172.x.x.x/24',
  ]);
  assert.match(convert(fs.readFileSync(path.join(FIXTURES, 'network.diag'), 'utf8'), 'nwdiag').dot, /network_dmz -- web01 \[label="210\.x\.x\.2\\n210\.x\.x\.3"\]/);
});

test('actdiag: lanes are clusters, ranked across lanes; a node in no lane joins its parent\'s lane', () => {
  const r = convert(fs.readFileSync(path.join(FIXTURES, 'lanes.diag'), 'utf8'), 'actdiag');
  assert.match(r.dot, /newrank=true/);
  assert.match(r.dot, /subgraph cluster_user \{[\s\S]*publish\n\s+\}/);
  assert.deepEqual(drawn(r.dot).clusters, ['User', 'actdiag']);
  const two = convertDiagram('actdiag { lane a { X } lane b { X } }', 'actdiag');
  assert.ok(!two.ok && two.errors[0].message === 'Node "X" cannot belong to two lanes');
});

test('seqdiag: messages in order as rows, arrowheads at the receiver, returns dashed, the approximation noted', () => {
  const r = convert(fs.readFileSync(path.join(FIXTURES, 'messages.diag'), 'utf8'), 'seqdiag');
  assert.ok(r.notes.some((n) => /seqdiag has no Graphviz counterpart/.test(n.message)));
  assert.match(r.dot, /\/\/ - seqdiag has no Graphviz counterpart/);
  // Message rows top to bottom in the source order, with seqdiag's autonumbers.
  const labels = [...r.dot.matchAll(/label="(\d+)\.[^"]*"/g)].map((m) => Number(m[1]));
  assert.deepEqual(labels, [1, 2, 3, 4, 5, 6, 7, 8]);
  // `server => db` is a call and a dashed reply labelled by `return`, pointing back at server.
  assert.match(r.dot, /server_4 -> db_4 \[label="4\. rows", style=dashed, dir=back\]/);
  // `server -->> browser`: dashed, open arrowhead at browser (to the left).
  assert.match(r.dot, /browser_5 -> server_5 \[label="5\. push", style=dashed, dir=back, arrowtail=vee\]/);
  // A message across a column is drawn through it, the arrowhead on the last segment.
  assert.match(r.dot, /browser_10 -> server_10 \[label="8\.", arrowhead=none\]\n\s+server_10 -> db_10 \[arrowhead=tee\]/);
  assert.match(r.dot, /subgraph cluster_loop \{/);
  const d = drawn(r.dot);
  assert.deepEqual(d.nodes, ['Browser', 'Database', 'Phase 2', 'async', 'later', 'retry', 'server']);
});

test('unknown attributes and images are left out with a note, never silently', () => {
  const r = convert('blockdiag { A [icon = "x.png", wobble = 3]; A -> B [description = "d"]; shadow_style = blur; }');
  assert.deepEqual(
    r.notes.map((n) => n.message),
    [
      'Graphviz draws no shadows: shadow_style was left out',
      'The icon image "x.png" was left out: Graphviz in Sphinx cannot place an image file reliably',
      'Node attribute "wobble" has no Graphviz counterpart and was left out',
      "Edge descriptions (shown by blockdiag's :desctable: option) were left out",
    ],
  );
  assert.equal(r.notes[2].start, 'blockdiag { A [icon = "x.png", '.length);
});

// ---------------------------------------------------------------------------------------------
// The quick fix on RST
// ---------------------------------------------------------------------------------------------

function directives(text: string): { doc: ReturnType<typeof parseRst>; found: DirectiveBlock[] } {
  const doc = parseRst(text, { registry: createRegistry([], []) });
  const found: DirectiveBlock[] = [];
  walkBlocks(doc.blocks, (b) => {
    if (b.kind === 'directive' && /diag$/.test(b.name)) found.push(b);
  });
  return { doc, found };
}

function applyFix(text: string, index = 0): string {
  const { doc, found } = directives(text);
  const r = convertDirective(doc, found[index]);
  assert.ok(r.ok, JSON.stringify(r));
  return text.slice(0, r.start) + r.newText + text.slice(r.end);
}

test('the quick fix replaces exactly the directive, keeps its indentation and the options graphviz has', async () => {
  const text = [
    'Guide',
    '=====',
    '',
    '* Item with a diagram:',
    '',
    '  .. blockdiag::',
    '     :caption: The API tier',
    '     :align: center',
    '     :scale: 50%',
    '     :name: api-tier',
    '',
    '     blockdiag {',
    '       lb -> api;',
    '     }',
    '',
    '  After the diagram.',
    '',
    'Done.',
    '',
  ].join('\n');
  const fixed = applyFix(text);
  assert.equal(
    fixed,
    [
      'Guide',
      '=====',
      '',
      '* Item with a diagram:',
      '',
      '  .. graphviz::',
      '     :caption: The API tier',
      '     :align: center',
      '     :name: api-tier',
      '',
      '     digraph {',
      '       rankdir=LR',
      '       node [shape=box]',
      '',
      '       lb',
      '       api',
      '',
      '       lb -> api',
      '     }',
      '',
      '  After the diagram.',
      '',
      'Done.',
      '',
    ].join('\n'),
  );
  const { doc, found } = directives(text);
  const r = convertDirective(doc, found[0]);
  assert.ok(r.ok);
  assert.deepEqual(r.notes, ["Sphinx's graphviz directive has no :scale: option; it was left out"]);
  const diags = await service.computeDiagnostics({ uri: pathToFileURL('/tmp/fixed.rst').href, version: 1, getText: () => fixed });
  assert.deepEqual(
    diags.map((d) => d.message),
    [],
  );
});

test('the quick fix refuses what it cannot convert, pointing at the reason', () => {
  const cases: [string, string, string][] = [
    ['.. blockdiag::\n\n   blockdiag {\n     A -> ;\n   }\n', 'Expected a node name after "->", found ";"', ';'],
    ['.. packetdiag::\n\n   packetdiag {\n     0-15: Source Port\n   }\n', 'packetdiag draws the fields of a packet, not a graph: Graphviz has no counterpart, so it is left as it is', 'packetdiag'],
    ['.. blockdiag:: overview.diag\n', 'The diagram is in the file "overview.diag": convert that file (ha-guide migrate reads it)', 'overview.diag'],
    ['.. |d| blockdiag::\n\n   blockdiag { A }\n', 'This blockdiag sits in a substitution definition; convert it by hand', 'blockdiag'],
  ];
  for (const [text, message, at] of cases) {
    const { doc, found } = directives(text);
    assert.equal(found.length, 1, text);
    const r = convertDirective(doc, found[0]);
    assert.ok(!r.ok);
    assert.equal(r.message, message);
    assert.equal(text.slice(r.start, r.end), at);
  }
});

test('directives inside literal blocks are examples, not converted; CRLF files stay CRLF', () => {
  const text = 'Write this::\n\n  .. blockdiag::\n\n     blockdiag { A }\n\n.. blockdiag::\n\n   blockdiag { B }\n';
  const { found } = directives(text);
  assert.equal(found.length, 1);
  const fixed = applyFix(text);
  assert.ok(fixed.startsWith('Write this::\n\n  .. blockdiag::\n\n     blockdiag { A }\n\n.. graphviz::\n\n   digraph {'));
  const crlf = applyFix('.. blockdiag::\r\n\r\n   blockdiag { A }\r\n\r\nText.\r\n');
  assert.doesNotMatch(crlf.replace(/\r\n/g, ''), /\n/);
});
