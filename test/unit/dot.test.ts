import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAttributeValue, closest, editDistance } from '../../server/src/dot/catalog';
import { checkDotSource } from '../../server/src/dot/check';
import { parseGraphvizMessage } from '../../server/src/dot/graphvizErrors';
import { dotFileSource, embeddedSource, expandTabs } from '../../server/src/dot/source';
import type { RstProblem } from '../../server/src/rst/types';
import { buildLines } from '../../server/src/rst/lines';
import { expectLinear } from './complexity';

/**
 * The DOT checks on plain DOT text (positions are offsets into the text), the RST position mapping, and
 * Graphviz's messages taken apart. `$[` and `$]` mark the span a problem must cover.
 */
function problems(dot: string): RstProblem[] {
  return checkDotSource(dotFileSource(dot)).problems;
}

function marked(m: string): { text: string; start: number; end: number } {
  const start = m.indexOf('$[');
  const t = m.replace('$[', '');
  const end = t.indexOf('$]');
  return { text: t.replace('$]', ''), start, end };
}

/** Exactly one problem with `code` (or with `first`, the first one), covering the marked span, with a message matching `message`. */
function expectOne(m: string, code: string, message?: RegExp, first = false): RstProblem {
  const { text, start, end } = marked(m);
  const ps = problems(text);
  const hits = ps.filter((p) => p.code === code).slice(0, first ? 1 : undefined);
  assert.equal(hits.length, 1, `expected one ${code} in ${JSON.stringify(text)}, got ${JSON.stringify(ps.map((p) => [p.code, p.message]))}`);
  const p = hits[0];
  if (start >= 0) assert.deepEqual([text.slice(p.start, p.end), p.start], [text.slice(start, end), start], `span of ${code}`);
  if (message) assert.match(p.message, message);
  return p;
}

function expectClean(dot: string) {
  const ps = problems(dot);
  assert.deepEqual(
    ps.map((p) => `${p.code} ${p.message} @${JSON.stringify(dot.slice(p.start, p.end))}`),
    [],
  );
}

test('a clean diagram with many attributes has no problem', () => {
  expectClean(`digraph G {
  graph [rankdir=LR, splines=ortho, nodesep=0.5, ranksep="0.65 equally", fontname="Helvetica", bgcolor="#ffffff"];
  node [shape=box, style="rounded,filled", fillcolor="lightblue:white", color="0.6 0.3 0.9", fontsize=10];
  edge [arrowhead=onormal, arrowtail=invodot, dir=both, color="red;0.3:blue", penwidth=1.5];
  labelloc=bottom; labeljust=left; compound=true; newrank=true; concentrate=yes;
  subgraph cluster_a { label="A"; style=dashed; color=crimson; a1; a2 [shape=Mrecord label="{x|y}"] }
  subgraph b { rank=same; b1 [shape=cylinder]; b2 [shape=rect, style=invis] }
  c [colorscheme=blues9, fillcolor=3, style=filled, color="/x11/red", fontcolor=transparent];
  d [colorscheme=svg, color=indigo, label=<<b>bold</b>>, fixedsize=shape, width=1];
  a1 -> b1 [style="setlinewidth(2)", arrowhead=lteeoldiamond, constraint=false, weight=2];
  a2 -> b2 -> c -> d [lhead=cluster_a, minlen=2];
}`);
});

test('syntax errors come from the parser at the exact token', () => {
  expectOne('digraph { a -> $[}$] ', 'dot.syntax', /Expected identifier/);
  expectOne('$[digrahp$] G { a }', 'dot.syntax', /Expected "digraph" or "graph"/, true);
  expectOne('digraph { a [label="x] }', 'dot.syntax', /Unterminated string/, true);
});

test('inputs that crash the library\'s binder are plain syntax errors', () => {
  for (const dot of ['graph -- x;', 'node \n', 'digraph { node }', 'edge', 'graph { -- }', 'strict', '{', ']']) {
    const ps = problems(dot);
    assert.ok(ps.length > 0, dot);
    assert.ok(ps.every((p) => p.code === 'dot.syntax'), JSON.stringify(ps));
  }
  expectOne('graph $[--$] x;', 'dot.syntax', /Expected "\{"/, true);
});

test('content after the end of the graph is reported (native dot fails, wasm ignores it)', () => {
  expectOne('digraph { a -> b }\n$[}$]\n', 'dot.trailing-content', /native dot/);
  expectOne('digraph { a }\n$[digraph { b }$]', 'dot.trailing-content');
});

test('edge operator that does not match the graph kind', () => {
  expectOne('graph { a $[->$] b }', 'dot.edge-op-mismatch', /use "--"/);
  expectOne('digraph { a -> b $[--$] c }', 'dot.edge-op-mismatch', /use "->"/);
  expectClean('strict graph { a -- b -- {c d} }');
});

test('unknown attributes by context, with "did you mean"', () => {
  const p = expectOne('digraph { a [$[colr$]=red] }', 'dot.unknown-attribute', /"colr" for nodes; did you mean "color"\?/);
  assert.deepEqual(p.data, { suggestion: 'color' });
  expectOne('digraph { a [$[textcolor$]="#00af00"] }', 'dot.unknown-attribute', /did you mean "fontcolor"/);
  expectOne('digraph { $[rankdri$]=LR }', 'dot.unknown-attribute', /for graphs; did you mean "rankdir"/);
  expectOne('digraph { edge [$[arowhead$]=none] }', 'dot.unknown-attribute', /for edges; did you mean "arrowhead"/);
  expectOne('digraph { $[frobnicate$]=1 }', 'dot.unknown-attribute', /^Unknown attribute "frobnicate" for graphs \(Graphviz ignores it\)$/);
});

test('known attributes where they have no effect', () => {
  expectOne('digraph { a -> b [$[shape$]=box] }', 'dot.attribute-not-applicable', /no effect on edges; it applies to nodes/);
  expectOne('digraph { a [$[rankdir$]=LR] }', 'dot.attribute-not-applicable', /no effect on nodes/);
  expectOne('digraph { node [$[arrowhead$]=none] }', 'dot.attribute-not-applicable');
  // Graph attributes set cluster defaults, and subgraphs take graph attributes.
  expectClean('digraph { color=red; subgraph cluster_x { bgcolor=grey; rank=same; a } subgraph y { rank=same; b } }');
});

test('enumerated values Graphviz ignores silently', () => {
  expectOne('digraph { rankdir=$[XY$] }', 'dot.invalid-value', /"XY" is not a valid value for rankdir \(one of TB, LR, BT, RL\)/);
  expectOne('digraph { rankdir=$[lr$] }', 'dot.invalid-value', /did you mean "LR"/);
  expectOne('digraph { a -> b [dir=$[sideways$]] }', 'dot.invalid-value', /for dir/);
  expectOne('digraph { a [labelloc=$[q$]] }', 'dot.invalid-value', /labelloc/);
  expectOne('digraph { splines=$[curvy$] }', 'dot.invalid-value', /did you mean "curved"/);
  expectOne('digraph { subgraph { rank=$[sam$]; a } }', 'dot.invalid-value', /did you mean "same"/);
  expectOne('digraph { a [fixedsize=$[maybe$]] }', 'dot.invalid-value');
  expectOne('digraph { a [fontsize=$[abc$]] }', 'dot.invalid-value', /expected a number/);
  expectOne('digraph { a [peripheries=$[two$]] }', 'dot.invalid-value', /expected an integer/);
  expectOne('digraph { compound=$[maybe$] }', 'dot.invalid-value', /true or false/);
  expectOne('digraph { ordering=$[foo$] }', 'dot.invalid-value');
  expectOne('digraph { layout=$[neatoo$] }', 'dot.invalid-value', /did you mean "neato"/);
});

test('shapes, arrows and styles', () => {
  const p = expectOne('digraph { "DB" [shape=$[cylnder$]] }', 'dot.unknown-shape', /Unknown shape "cylnder"; did you mean "cylinder"\?/);
  assert.deepEqual(p.data, { suggestion: 'cylinder' });
  expectOne('digraph { a [shape=$[Box$]] }', 'dot.unknown-shape', /did you mean "box"/);
  expectOne('digraph { a -> b [arrowhead=$[nrmal$]] }', 'dot.unknown-arrow', /did you mean "normal"/);
  expectOne('digraph { a -> b [arrowtail=$[normalnormalnormalnormalnormal$]] }', 'dot.unknown-arrow');
  expectOne('digraph { a [style="filled,$[dashd$]"] }', 'dot.unknown-style', /did you mean "dashed"/);
  expectOne('digraph { a -> b [style=$[rounded$]] }', 'dot.unknown-style', /does not apply to edges/);
  expectOne('digraph { subgraph cluster_a { style=$[diagonals$]; a } }', 'dot.unknown-style', /does not apply to clusters/);
  // Graphviz's renderer takes these undocumented names everywhere (`fake [style=invisible]` in generated DOT).
  expectClean('digraph { a [style=invisible]; b [style="unfilled,bold"]; a -> b [style=invisible]; subgraph cluster_a { style=unfilled; c } }');
  expectOne('digraph { a [style=$[invisibl$]] }', 'dot.unknown-style', /did you mean "invis(ible)?"/);
});

test('colours: X11 and SVG names, hex, HSV, lists, schemes', () => {
  expectOne('digraph { node [color=$[bleu$]] }', 'dot.unknown-color', /"bleu" is not a known colour; did you mean "blue"\?/);
  expectOne('digraph { a [fillcolor="$[#fff$]"] }', 'dot.unknown-color', /six \(or eight\) hex digits, "#ffffff"/);
  expectOne('digraph { a [fillcolor="red:$[bleu$]"] }', 'dot.unknown-color');
  expectOne('digraph { a [color="$[#12345g$]"] }', 'dot.unknown-color', /#rrggbb/);
  expectOne('digraph { a [color=$[indigo2$]] }', 'dot.unknown-color');
  expectOne('digraph { a [color="$[/nosuch9x/red$]"] }', 'dot.unknown-color', /colour scheme/);
  // Names are case-insensitive, SVG names need colorscheme=svg, Brewer numbers need a Brewer scheme.
  expectClean('digraph { a [color=Red fillcolor="#FF000080" fontcolor="0.000 1.000 1.000"] }');
  expectOne('digraph { a [color=$[3$]] }', 'dot.unknown-color');
  expectClean('digraph { node [colorscheme=set39] a [color=3] b [color="/blues9/9"] }');
});

test('an edge endpoint one typo away from a declared node', () => {
  const p = expectOne(
    'digraph { "API Server 1" [shape=box]; "API Server 2" [shape=box]; lb -> {"API Server 1" $["API Sever 2"$]} }',
    'dot.node-name-typo',
    /"API Sever 2" is used only here and declared nowhere; did you mean "API Server 2"\?/,
  );
  assert.deepEqual(p.data, { suggestion: 'API Server 2' });
  // Not when the graph does not declare nodes, nor for names used twice.
  expectClean('digraph { alpha -> alpah }');
  expectClean('digraph { alpha; beta; alpah -> beta; alpah -> alpha }');
  // Nor for another number of a series the graph declares some of.
  expectClean('digraph { eth0 [label="eth0: 10.0.0.1"]; wan [shape=box]; eth0 -> eth1; "Server 1" [shape=box]; wan -> "Server 2" }');
});

test('clusters: by name or by cluster=true', () => {
  expectOne('digraph { subgraph x { cluster=true; style=$[wedged$]; a } }', 'dot.unknown-style', /clusters/);
  expectOne('digraph { subgraph Cluster_x { style=$[wedged$]; a } }', 'dot.unknown-style', /clusters/);
});

test('pathological DOT never throws, and four times the input costs less than eight times as much', { timeout: 180000 }, (t) => {
  const cases: [string, (n: number) => string, number][] = [
    ['nested {', (n) => 'digraph {' + '{'.repeat(n) + '}'.repeat(n) + '}', 20000],
    ['unclosed [', (n) => 'digraph { a ' + '['.repeat(n), 20000],
    ['an edge chain', (n) => 'digraph {' + Array.from({ length: n }, (_, i) => `n${i}`).join(' -> ') + '}', 25000],
    ['a binary blob', (n) => Array.from({ length: n }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join(''), 200000],
    ['n nodes, 2n edges', (n) => 'digraph {' + Array.from({ length: n }, (_, i) => `n${i} -> n${(i * 7) % n}; n${i} -> n${(i * 13 + 1) % n};`).join('\n') + '}', 2500],
  ];
  for (const [name, build, n] of cases) {
    // Parses are cached by text: each run gets a new text (trailing spaces).
    expectLinear(name, (size, variant) => build(size) + ' '.repeat(variant), (dot) => {
      const ps = problems(dot);
      assert.ok(ps.length <= 60, `${name}: ${ps.length} problems`);
      for (const p of ps) assert.ok(p.start >= 0 && p.start <= p.end && p.end <= dot.length, `${name}: ${p.start}-${p.end}`);
    }, n, { fresh: true, log: (l) => t.diagnostic(l) });
  }
  assert.equal(problems('digraph {' + '{'.repeat(20000) + '}'.repeat(20000) + '}')[0].code, 'dot.too-deep');
});

test('edit distance and suggestions', () => {
  assert.equal(editDistance('cylnder', 'cylinder'), 1);
  assert.equal(editDistance('dashd', 'dashed'), 1);
  assert.equal(editDistance('ab', 'ba'), 1);
  assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3);
  assert.equal(closest('Box', ['box', 'circle']), 'box');
  assert.equal(closest('zzzzzz', ['box', 'circle']), undefined);
  assert.equal(checkAttributeValue('nosuch', 'x', 'node', { colorSchemes: new Set() }), undefined);
});

// ---------------------------------------------------------------------------------------------
// Positions in the RST file
// ---------------------------------------------------------------------------------------------

test('a directive body maps to exact RST offsets, tabs and nesting included', () => {
  const rst = ['* item', '', '  .. graphviz::', '', '  \t digraph {', '  \t   a -> b [color=bleu]', '', '  \t }', '', 'After.', ''].join('\n');
  const lines = buildLines(rst);
  const nameStart = rst.indexOf('graphviz');
  // content: lines 4..7 (0-based), indent: the tab-expanded column of "digraph" (2 spaces + tab to 8, + 1 space = 9)
  const src = embeddedSource(rst, lines, { firstLine: 4, lastLine: 7, indent: 9 }, { start: nameStart, end: nameStart + 8 });
  assert.equal(src.graphvizText, 'digraph {\n  a -> b [color=bleu]\n\n}');
  const ps = checkDotSource(src).problems;
  assert.equal(ps.length, 1, JSON.stringify(ps));
  assert.equal(ps[0].code, 'dot.unknown-color');
  assert.equal(ps[0].start, rst.indexOf('bleu'));
  assert.equal(rst.slice(ps[0].start, ps[0].end), 'bleu');
  // Graphviz line 2 near 'bleu' is on RST line 5, at the word.
  const g = src.graphvizLine(2, 'bleu');
  assert.equal(rst.slice(g.start, g.end), 'bleu');
  assert.equal(src.hostLine(g.start), 5);
  // A line beyond the content clamps to the last content line.
  assert.equal(src.hostLine(src.graphvizLine(99).start), 7);
});

test('graph and digraph directives are wrapped as Sphinx does; header errors land on the argument', () => {
  const rst = '.. digraph:: my-graph\n\n   a -> b\n';
  const lines = buildLines(rst);
  const name = { start: 3, end: 10 };
  const argStart = rst.indexOf('my-graph');
  const src = embeddedSource(rst, lines, { firstLine: 2, lastLine: 2, indent: 3 }, name, { keyword: 'digraph', name: 'my-graph', nameSpan: { start: argStart, end: argStart + 8 } }, rst.indexOf('\n'));
  assert.equal(src.graphvizText, 'digraph my-graph {\na -> b\n}\n');
  const ps = checkDotSource(src).problems;
  assert.ok(ps.length > 0);
  // "my-graph" is not a DOT identifier: the error points into the argument.
  assert.ok(ps[0].start >= argStart && ps[0].start <= argStart + 8, JSON.stringify(ps));
  assert.deepEqual(src.graphvizLine(1), { start: argStart, end: argStart + 8 });
  assert.equal(src.hostLine(src.graphvizLine(2).start), 2);
});

test('tabs are expanded like docutils before Graphviz sees the text', () => {
  assert.equal(expandTabs('a\tb'), 'a       b');
  assert.equal(expandTabs('\t\tx'), ' '.repeat(16) + 'x');
  assert.equal(expandTabs('abcdefgh\tx'), 'abcdefgh        x');
});

test('Graphviz messages (wasm and native) are taken apart', () => {
  assert.deepEqual(parseGraphvizMessage("Error: <stdin>: syntax error in line 3 near '-'\n"), { kind: 'syntax', line: 3, near: '-', text: "syntax error in line 3 near '-'" });
  assert.deepEqual(parseGraphvizMessage('syntax error in line 16\n'), { kind: 'syntax', line: 16, near: undefined, text: 'syntax error in line 16' });
  const s = parseGraphvizMessage('syntax error in line 5 scanning a quoted string (missing endquote? longer than 16384?)\nString starting:"AMQP -> b\n c\n}\n');
  assert.equal(s.kind, 'unterminated-string');
  assert.equal(s.stringStart, '"AMQP -> b');
  assert.deepEqual(parseGraphvizMessage("memory exhausted in line 1 near '{'\n").kind, 'parser-stack');
  assert.deepEqual(parseGraphvizMessage('in label of edge a -> b\n').labelOf, { kind: 'edge', name: 'a -> b' });
  assert.deepEqual(parseGraphvizMessage('in label of graph cluster_x\n').labelOf, { kind: 'graph', name: 'cluster_x' });
  assert.equal(parseGraphvizMessage('Layout was not done\n').kind, 'layout');
});

test('a missing closing quote is one error at the opening quote plus the one where the string ends, not a cascade', () => {
  // The seed guide's second diagram with the closing quote of "AMQP Servers" removed (corpus variant
  // dot-unterminated-quote-ha2): every later quote pairs up wrongly.
  const text = [
    'digraph CENTRALHA {',
    '  rankdir=LR',
    '  {"AMQP Servers [shape=box]',
    '   "designate-central Server 1" [shape=box]',
    '   "designate-central Server 2" [shape=box]',
    '   "Database Servers" [shape=cylinder]',
    '  }',
    '  subgraph "designate-central Servers" {',
    '    cluster=true;',
    '    label="designate-central Servers";',
    '    "designate-central Server 1";',
    '    "designate-central Server 2";',
    '  }',
    '  "AMQP Servers" -> "designate-central Server 1" [dir=both];',
    '  "AMQP Servers" -> "designate-central Server 2" [dir=both];',
    '  "designate-central Server 1" -> "Database Servers";',
    '}',
  ].join('\n');
  const problems = checkDotSource(dotFileSource(text)).problems.filter((p) => p.code === 'dot.syntax');
  assert.ok(problems.length <= 2, `${problems.length}: ${problems.map((p) => p.message).join(' | ')}`);
  assert.equal(problems[0].start, text.indexOf('"AMQP Servers ['));
  assert.match(problems[0].message, /closing " missing/);
});
