import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeInfo } from '../../server/src/codes';
import { checkDotSource } from '../../server/src/dot/check';
import { registerDotCodes } from '../../server/src/dot/codes';
import { brewerSize } from '../../server/src/dot/catalog';
import { createDotDiagnosticProvider } from '../../server/src/dot/provider';
import { dotFileSource } from '../../server/src/dot/source';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';
import type { RstProblem } from '../../server/src/rst/types';

/**
 * The warnings native `dot` prints on a diagram it still draws, which wasm Graphviz keeps to itself (its
 * error text holds errors only): an unknown port, an attribute of an HTML-like label's tag Graphviz ignores,
 * a Brewer colour out of its scheme, an edge label under `splines=ortho`, a fill style the node's shape does
 * not take. Each case names the warning native dot 2.43 prints on it (or that it prints none).
 */
registerDotCodes();

const found = (dot: string, code: string, engine = 'dot'): string[] =>
  checkDotSource(dotFileSource(dot), engine)
    .problems.filter((p: RstProblem) => p.code === code)
    .map((p) => dot.slice(p.start, p.end));

const messages = (dot: string, code: string): string[] =>
  checkDotSource(dotFileSource(dot))
    .problems.filter((p) => p.code === code)
    .map((p) => p.message);

test('the new codes are warnings', () => {
  for (const code of ['dot.unknown-port', 'dot.html-attribute', 'dot.ortho-edge-label']) assert.equal(codeInfo(code)?.severity, 'warning', code);
});

test('a port the node\'s label does not define is reported at the port, as native dot warns "node a, port p1 unrecognized"', () => {
  const dot = [
    'digraph G {',
    '  a; b [shape=record, label="<p1> x | <p2> y"];',
    '  c [shape=plain, label=<<TABLE><TR><TD PORT="Q">x</TD></TR></TABLE>>];',
    '  h [shape=Mrecord label="{<in> a|<out> b}"];',
    '  a:p1 -> b:p1;', // node a, port p1 unrecognized
    '  a:n -> b:p3;', // node b, port p3 unrecognized
    '  c:q -> c:zz;', // HTML ports in any case; node c, port zz unrecognized
    '  b:p2:n -> a:s;',
    '  h:in -> h:out2;', // node h, port out2 unrecognized
    '  a:N -> a:_;', // node a, port N unrecognized (compass points are lower case)
    '  a:c -> {b:p2 h:nope};', // node h, port nope unrecognized
    '}',
  ].join('\n');
  assert.deepEqual(found(dot, 'dot.unknown-port'), ['p1', 'p3', 'zz', 'out2', 'N', 'nope']);
  const [none, near, , , compass] = messages(dot, 'dot.unknown-port');
  assert.match(none, /^Node "a" has no port "p1", so Graphviz warns and joins the edge to the node itself \(its label defines none/);
  assert.match(near, /its label's ports: "p1", "p2"\); did you mean "p1"\?$/);
  assert.match(compass, /compass points are lower case\); did you mean "n"\?$/);
});

test('ports a node may have from any label it may get are not reported', () => {
  for (const dot of [
    // A `node [label=...]` default anywhere may be the node's label.
    'digraph { subgraph s { node [shape=record, label="<in> x|<out> y"]; a; } a:out -> b }',
    // Record fields nested in braces, an escaped "<" is text, spaces around the name.
    'digraph { e [shape=record label="{<f0> left|{< f1 > mid|<f2> right}}"]; e:f1 -> e:f2 }',
    // The label set in a later statement.
    'digraph { x -> y:p; y [shape=record label="<p> here"] }',
    // A node name standing for a record's default label.
    'digraph { "<p> a|b" [shape=record]; "<p> a|b":p -> z }',
    // Compass points and the centre.
    'digraph { a:n -> b:se; a:c -> b:_; a:nw -> b:w }',
  ]) {
    assert.deepEqual(found(dot, 'dot.unknown-port'), [], dot);
  }
  // A record label's fields are ports only on a record-shaped node (native dot: "node a, port p1 unrecognized",
  // "node b, port q unrecognized"; c and d draw their edge to the field).
  const shapes = 'digraph { a [label="<p1> x|<p2> y"]; b [shape=box label="<q> z"]; c [shape=record label="<r> w"]; d [shape=Mrecord label="<s> v"]; a:p1 -> b:q; c:r -> d:s }';
  assert.deepEqual(found(shapes, 'dot.unknown-port'), ['p1', 'q']);
  assert.match(messages(shapes, 'dot.unknown-port')[0], /\(its label's <p1> field is a port only on a node of shape=record or Mrecord\)$/);
  // A `node [shape=...]` default shapes the nodes first named after it in its subgraph (Graphviz's layout of the
  // first: `a` is an ellipse, the edge joins its centre; of the second: `a` is an Mrecord, the edge joins its field).
  assert.deepEqual(found('digraph { subgraph s { node [shape=Mrecord] } a [label="<p1> x"]; a:p1 -> b }', 'dot.unknown-port'), ['p1']);
  assert.deepEqual(found('digraph { subgraph s { node [shape=Mrecord]; a [label="<p1> x"] } a:p1 -> b }', 'dot.unknown-port'), []);
  assert.deepEqual(found('digraph { a [label="<p1> x"]; node [shape=record]; a:p1 -> b; c [label="<p2> y"]; b -> c:p2 }', 'dot.unknown-port'), ['p1']);
  // headport and tailport name the port of each edge's head and tail (native dot: "node a, port q unrecognized",
  // "node c, port p unrecognized"; "p:n" is b's port p at its north side).
  const attrs = 'digraph { a; b [shape=record label="<p> x"]; a -> b [headport=p, tailport=q]; a -> b -> c [headport="p"]; a -> b [tailport=n]; a -> b [headport="p:n"]; b -> a [headport="x:n"] }';
  assert.deepEqual(found(attrs, 'dot.unknown-port'), ['q', '"p"', '"x:n"']);
  // "did you mean" for both; a replacement only for a value that is the port alone, not "port:compass".
  const near = 'digraph { b [shape=record label="<pa> x"]; a -> b [headport=pb]; a -> b [headport="pb:n"] }';
  const fixes = checkDotSource(dotFileSource(near)).problems.filter((p) => p.code === 'dot.unknown-port').map((p) => [p.data?.suggestion, /did you mean "pa"/.test(p.message)]);
  assert.deepEqual(fixes, [['pa', true], [undefined, true]]);
  // A record's ports are compared as written (native dot: "node b, port q1 unrecognized" for <Q1>).
  assert.deepEqual(found('digraph { b [shape=record label="<Q1> x"]; a -> b:q1 }', 'dot.unknown-port'), ['q1']);
});

test('an attribute a tag of an HTML-like label does not take is reported on its name, a value outside its set on the value', () => {
  const dot = 'digraph { c [shape=plain label=<<table columns="*"><tr><td port="q">x</td><td columns="2" ROWS="1" align="middle" valign="center">y</td></tr></table>>] }';
  // native dot: Illegal attribute columns in <TD>, Illegal attribute rows in <TD>, Illegal value middle for ALIGN in TD, Illegal value center for VALIGN.
  assert.deepEqual(found(dot, 'dot.html-attribute'), ['columns', 'ROWS', 'middle', 'center']);
  assert.match(messages(dot, 'dot.html-attribute')[0], /^columns is not an attribute of <td>: Graphviz ignores it \(<td> takes ALIGN, BALIGN, /);
  for (const ok of [
    'digraph { a [label=<<TABLE ALIGN="left" VALIGN="TOP" COLUMNS="*" ROWS="*"><TR><TD ALIGN="text" BALIGN="right" COLSPAN="2">x<BR ALIGN="left"/>y</TD></TR></TABLE>>] }',
    'digraph { a [label=<<FONT POINT-SIZE="10" FACE="Helvetica" COLOR="red">x</FONT>>] }',
    'digraph { a [label=<<TABLE><TR><TD><IMG SRC="a.png" SCALE="true"/></TD></TR></TABLE>>] }',
    // A malformed label is Graphviz's error ("Graphviz drops the label"), not a list of attributes.
    'digraph { a [label=<<TD BOGUS="1">x</B>>] }',
  ]) {
    assert.deepEqual(found(ok, 'dot.html-attribute'), [], ok);
  }
  // TEXT is a TD's alignment, not a TABLE's (native dot: "Illegal value text for ALIGN").
  assert.deepEqual(found('digraph { a [label=<<TABLE ALIGN="text"><TR><TD>x</TD></TR></TABLE>>] }', 'dot.html-attribute'), ['text']);
});

test('a Brewer colour outside its scheme, and a scheme Graphviz does not have, are unknown colours', () => {
  assert.equal(brewerSize('blues9'), 9);
  assert.equal(brewerSize('dark28'), 8);
  assert.equal(brewerSize('set312'), 12);
  assert.equal(brewerSize('blues10'), undefined);
  assert.equal(brewerSize('blues2'), undefined);
  assert.equal(brewerSize('nosuch5'), undefined);
  // native dot: "/blues9/10 is not a known color.", "/blues9/0 ...", "/blues10/1 ..."; the others draw.
  const dot = 'digraph { a [color="/blues9/10"]; b [color="/blues9/0"]; c [color="/blues10/1"]; d [color="/blues9/9"]; e [color="/set312/12"]; f [fillcolor="/dark28/8"] }';
  assert.deepEqual(found(dot, 'dot.unknown-color'), ['/blues9/10', '/blues9/0', '/blues10/1']);
  // With colorscheme: "10 is not a known color." under blues9; 9 draws.
  assert.deepEqual(found('digraph { a [colorscheme=blues9 color=10]; b [colorscheme=blues9 color=9] }', 'dot.unknown-color'), ['10']);
  assert.deepEqual(found('digraph { colorscheme=blues10; a [colorscheme=svg color=red] }', 'dot.unknown-color'), ['blues10']);
  assert.match(messages('digraph { colorscheme=blues10 }', 'dot.unknown-color')[0], /"blues" comes in 3 to 9 colours/);
});

test('a colour is read in the scheme of its own node or edge: the one it sets, else the default in force where it is made', () => {
  // Graphviz's drawing: `a`'s colour 2 is set33's (it sets the scheme in a later statement); the edge has no
  // scheme (native dot: "2 is not a known color."); c, named after `node [colorscheme=blues9]`, draws blues9's 9.
  const nodes = 'digraph { a [color=2]; a [colorscheme=set33]; node [colorscheme=blues9]; b -> c [color=2]; c [color=9]; d [colorscheme=set33, color=4] }';
  assert.deepEqual(found(nodes, 'dot.unknown-color'), ['2', '4']);
  assert.match(messages(nodes, 'dot.unknown-color')[0], /no Brewer colour scheme applies to this edge/);
  assert.match(messages(nodes, 'dot.unknown-color')[1], /the Brewer scheme of this node has colours 1 to 3$/);
  // An edge takes the `edge [colorscheme=...]` in force at its statement, a subgraph's inside it only.
  const edges = 'digraph { edge [colorscheme=set33]; a -> b [color=3]; subgraph { edge [colorscheme=reds5]; e -> f [color=5] } g -> h [color=5]; i -> j [colorscheme=blues9, color=9] }';
  assert.deepEqual(found(edges, 'dot.unknown-color'), ['5']);
  // A graph's scheme is not its nodes' (Graphviz draws `a` black: "2 is not a known color."); the graph's own colours are read in it.
  assert.deepEqual(found('digraph { colorscheme=set33; bgcolor=2; a [color=2] }', 'dot.unknown-color'), ['2']);
  // A strict graph merges the edges of two statements: the scheme another statement sets may be this edge's.
  assert.deepEqual(found('strict digraph { a -> b [color=3]; a -> b [colorscheme=set33] }', 'dot.unknown-color'), []);
});

test('an edge label under splines=ortho is reported for the dot engine only', () => {
  // native dot: "Orthogonal edges do not currently handle edge labels. Try using xlabels."
  const dot = 'digraph { splines=ortho; a -> b [label="x"]; subgraph s { c -> d [label=<y>] } }';
  assert.deepEqual(found(dot, 'dot.ortho-edge-label'), ['label', 'label']);
  // neato, fdp and circo say nothing; nor does dot on xlabel, headlabel or an empty label.
  assert.deepEqual(found(dot, 'dot.ortho-edge-label', 'neato'), []);
  for (const ok of [
    'digraph { splines=ortho; a -> b [xlabel="x", headlabel="h", taillabel="t"]; edge [label=""]; c -> d }',
    'digraph { layout=neato; splines=ortho; a -> b [label="x"] }',
    'digraph { splines=spline; a -> b [label="x"] }',
  ]) {
    assert.deepEqual(found(ok, 'dot.ortho-edge-label'), [], ok);
  }
});

test('the provider drops the ortho warning when the directive lays the diagram out with another engine', async () => {
  const rst = (layout: string) => `T\n=\n\n.. graphviz::\n${layout}\n\n   digraph { splines=ortho; a -> b [label="x"] }\n`;
  const provider = createDotDiagnosticProvider({});
  const codes = async (text: string) => (await provider(parseRst(text, { registry: createRegistry([], []) }), 'file:///t.rst')).map((p) => p.code);
  assert.deepEqual(await codes(rst('')), ['dot.ortho-edge-label']);
  assert.deepEqual(await codes(rst('   :layout: neato')), []);
});

test('wedged and striped on a shape that does not take them are reported, as native dot warns "unsupported style"', () => {
  const dot = 'digraph { a [shape=box style=wedged]; b [style="striped,filled"]; c [style=wedged]; d [shape=box style=striped]; e [shape=Mrecord, style=striped]; f [shape=circle style=wedged] }';
  assert.deepEqual(found(dot, 'dot.unknown-style'), ['wedged', '"striped,filled"', 'striped']);
  assert.match(messages(dot, 'dot.unknown-style')[0], /^Style "wedged" does not apply to a node of shape "box"/);
  // Not reported: the box of a `node [shape=...]` default takes striped; two different shapes (unknown); a polygon (its sides decide).
  for (const ok of ['digraph { node [shape=box]; a [style=striped] }', 'digraph { a [shape=box]; a [shape=circle style=wedged] }', 'digraph { a [shape=polygon sides=6 style=wedged] }']) {
    assert.deepEqual(found(ok, 'dot.unknown-style'), [], ok);
  }
  // The shape a node takes from the `node [shape=...]` in force where it is first named: j a box (native dot 2.43:
  // "unsupported style wedged - ignoring"); k and n circles, k also when the root names it again; m named before
  // the default, an ellipse.
  const defaults = 'digraph { m; node [shape=box]; j [style=wedged, fillcolor="red:blue"]; subgraph { node [shape=circle]; k; n [style=wedged] } k [style=wedged]; m [style=wedged] }';
  assert.deepEqual(found(defaults, 'dot.unknown-style'), ['wedged']);
  assert.deepEqual(found('digraph { node [shape=box]; j [style=wedged]; subgraph { node [shape=circle]; k [style=wedged] } }', 'dot.unknown-style'), ['wedged']);
});
