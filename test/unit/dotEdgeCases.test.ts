import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { codeInfo } from '../../server/src/codes';
import { checkDotSource, checkDotSourceWithLayout } from '../../server/src/dot/check';
import { registerDotCodes } from '../../server/src/dot/codes';
import { htmlLabelIssue } from '../../server/src/dot/htmlLabel';
import { createDotDiagnosticProvider } from '../../server/src/dot/provider';
import { dotFileSource } from '../../server/src/dot/source';
import { GraphvizService } from '../../server/src/graphviz/service';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';
import type { RstProblem } from '../../server/src/rst/types';

/**
 * DOT edge cases found on real documentation trees: HTML-like labels with self-closing tags and images,
 * commas in node lists, a missing closing quote, misspelled keywords. `$[` and `$]` mark the span a
 * problem must cover.
 */
const graphviz = new GraphvizService();
after(() => graphviz.dispose());

function marked(m: string): { text: string; start: number; end: number } {
  const start = m.indexOf('$[');
  const t = m.replace('$[', '');
  const end = t.indexOf('$]');
  return { text: t.replace('$]', ''), start, end };
}

const show = (text: string, ps: readonly RstProblem[]) => ps.map((p) => `${p.code} ${p.message} @${JSON.stringify(text.slice(p.start, p.end))}`);

function own(dot: string): RstProblem[] {
  return checkDotSource(dotFileSource(dot)).problems;
}

async function withLayout(dot: string): Promise<RstProblem[]> {
  return (await checkDotSourceWithLayout(dotFileSource(dot), { graphviz, engine: 'dot' })).problems;
}

/** Exactly the listed codes; each marked one (the first code) covering the marked span. */
function expectCodes(m: string, ps: readonly RstProblem[], codes: string[]): RstProblem[] {
  const { text, start, end } = marked(m);
  assert.deepEqual(
    ps.map((p) => p.code),
    codes,
    show(text, ps).join('\n'),
  );
  if (start >= 0 && ps.length) assert.deepEqual([text.slice(ps[0].start, ps[0].end), ps[0].start], [text.slice(start, end), start], `span of ${ps[0].code}`);
  return [...ps];
}

// 1. HTML-like labels -------------------------------------------------------------------------------------

test('self-closing tags count as opened and closed in an HTML-like label', () => {
  for (const label of [
    'x<BR/>y',
    'x<br />y<BR ALIGN="LEFT"/>',
    '<TABLE><TR><TD><IMG SRC="icons/host.png"/></TD><VR/><TD>y</TD></TR><HR/><TR><TD>z</TD></TR></TABLE>',
    '<TABLE><TR><TD>\n<IMG SRC="a.png" SCALE="TRUE"></IMG>\n</TD></TR></TABLE>',
    '<FONT POINT-SIZE="10" FACE=\'Helvetica\'><B>b</B><I>i</I><U>u</U><O>o</O><S>s</S>x<SUB>1</SUB><SUP>2</SUP></FONT>',
    '<!-- a comment --><B>x</B>',
  ]) {
    assert.equal(htmlLabelIssue(label), undefined, label);
  }
  assert.match(htmlLabelIssue('<B>x</I>')?.message ?? '', /<\/I> closes <B>/);
  assert.match(htmlLabelIssue('<B>x')?.message ?? '', /never closed/);
  assert.match(htmlLabelIssue('<BLINK>x</BLINK>')?.message ?? '', /not a tag of HTML-like labels/);
  assert.match(htmlLabelIssue('<TABLE BORDER=0><TR><TD>x</TD></TR></TABLE>')?.message ?? '', /name="value"/);
  assert.match(htmlLabelIssue('<TABLE><TR><TD> <IMG SRC="a.png"/></TD></TR></TABLE>')?.message ?? '', /only content of its TD/);
  assert.match(htmlLabelIssue('<B><IMG SRC="a.png"/></B>')?.message ?? '', /only be the content of a TD/);
});

test('an image in an HTML-like label that wasm Graphviz cannot open is not a label error', { timeout: 60000 }, async () => {
  const dot = 'digraph { host [shape=none, label=<<TABLE BORDER="0"><TR><TD><IMG SRC="icons/host.png"/></TD></TR><TR><TD>host<BR/>1</TD></TR></TABLE>>] }';
  expectCodes(dot, await withLayout(dot), []);
});

test('a real mistake in an HTML-like label is reported on the label with what is wrong, image or not', { timeout: 60000 }, async () => {
  let m = 'digraph { a [label=$[<<TABLE><TR><TD><IMG SRC="icons/host.png"/></TD></TR><TR><TD><B>x</I></TD></TR></TABLE>>$]] }';
  let ps = expectCodes(m, await withLayout(marked(m).text), ['dot.html-label']);
  assert.match(ps[0].message, /node "a".*<\/I> closes <B>/);
  m = 'digraph { a [label=$[<<TABLE><TR><TD> <IMG SRC="icons/host.png"/></TD></TR></TABLE>>$]] }';
  ps = expectCodes(m, await withLayout(marked(m).text), ['dot.html-label']);
  assert.match(ps[0].message, /only content of its TD/);
  // Balanced, known tags nested against the grammar (a TD outside a TR), next to an image.
  m = 'digraph { a [label=$[<<TABLE><TR><TD><IMG SRC="icons/host.png"/></TD></TR><TD>x</TD></TABLE>>$]] }';
  ps = expectCodes(m, await withLayout(marked(m).text), ['dot.html-label']);
  assert.match(ps[0].message, /how they nest/);
});

// 2. Commas between node IDs ------------------------------------------------------------------------------

test('commas in lists of node IDs are DOT (a, b -> c; a -> {b, c}; {rank=same; a, b})', () => {
  for (const dot of [
    'graph { a -- {b, c}; }',
    'graph { a -- {b, c} }',
    'graph { a -- {b, c}\n d -- e }',
    'graph { {a, b} -- c }',
    'graph { a, b; c }',
    'graph { a -- b, c -- d }',
    // c's label defines the port p (without it native dot warns "node c, port p unrecognized": dot.unknown-port).
    'digraph { c [shape=record label="<p> x"]; a:n, "b" -> c:p; d, <e> [shape=box] }',
    'digraph { {rank=same; a, b} a -> b }',
  ]) {
    assert.deepEqual(show(dot, own(dot)), [], dot);
  }
  // The nodes of such a list are edge ends: a misspelled one is still found.
  const m = 'digraph { alpha; beta; gamma; alpha -> {beta, $[gamm$]} }';
  expectCodes(m, own(marked(m).text), ['dot.node-name-typo']);
});

test('a comma Graphviz does not take between statements is a syntax error', () => {
  for (const m of ['graph { a -- {b, c}$[,$] d }', 'graph { a [color=red]$[,$] b }', 'graph { rank=same$[,$] a }', 'graph { a$[,$] node [shape=box] }']) {
    const ps = expectCodes(m, own(marked(m).text), ['dot.syntax']);
    assert.match(ps[0].message, /only inside a list of node IDs/);
  }
});

// 3. A missing closing quote ------------------------------------------------------------------------------

test('a missing closing quote is reported at the opening quote, without the errors that follow from it', () => {
  let m = 'digraph {\n  size=$["4,6$]\n  node [shape=box]\n  a [label="A"]\n  b [label="B"]\n  c [label="C"]\n  d [label="D"]\n  a -> b -> c -> d\n}\n';
  let ps = expectCodes(m, own(marked(m).text), ['dot.syntax']);
  assert.match(ps[0].message, /Unterminated string \(closing " missing\): the string opened here, in line 2,/);
  m = 'digraph {\n  rankdir=$["RL$]\n  a -> b\n}\n';
  ps = expectCodes(m, own(marked(m).text), ['dot.syntax']);
  assert.match(ps[0].message, /runs on to the end of the diagram/);
  m = 'digraph {\n  graph [size=$["4,6];$]\n  a [label="A"];\n  b [label="B"];\n  a -> b;\n}\n';
  expectCodes(m, own(marked(m).text), ['dot.syntax']);
  // A string over several lines is DOT.
  const ok = 'digraph {\n  a [label="one\n  two"];\n  b [label="B"]\n}\n';
  assert.deepEqual(show(ok, own(ok)), []);
});

test('in a graphviz directive the missing quote is reported on its own line of the RST file', async () => {
  const text = [
    'Title',
    '=====',
    '',
    '.. graphviz::',
    '',
    '   digraph {',
    '     size="4,6',
    '     a [label="A"]',
    '     b [label="B"]',
    '     c [label="C"]',
    '     a -> b -> c',
    '   }',
    '',
  ].join('\n');
  const doc = parseRst(text, { registry: createRegistry([], []) });
  const ps = await createDotDiagnosticProvider({})(doc, 'file:///tmp/doc.rst');
  assert.deepEqual(
    ps.map((p) => [p.code, text.slice(p.start, p.end)]),
    [['dot.syntax', '"4,6']],
  );
});

// 4. Misspelled keywords and attributes -------------------------------------------------------------------

test('a misspelled keyword that Graphviz reads as a node ID is a warning with the keyword to use', () => {
  registerDotCodes();
  assert.equal(codeInfo('dot.keyword-typo')?.severity, 'warning');
  const cases: [string, string][] = [
    ['digraph {\n  $[subgrpah$] cluster_x { label="X"; a; b }\n  a -> b\n}', 'subgraph'],
    ['digraph { $[sugraph$] { a } }', 'subgraph'],
    ['digraph { $[nodee$] [shape=box]; a -> b }', 'node'],
    ['digraph { $[egde$] [color=red, arrowsize=0.5]; a -> b }', 'edge'],
    ['digraph { $[grpah$] [rankdir=LR]; a -> b }', 'graph'],
  ];
  for (const [m, keyword] of cases) {
    const ps = own(marked(m).text).filter((p) => p.code !== 'dot.attribute-not-applicable');
    const [p] = expectCodes(m, ps, ['dot.keyword-typo']);
    assert.deepEqual(p.data, { suggestion: keyword });
    assert.match(p.message, new RegExp(`did you mean "${keyword}"`));
  }
  // The graph's own keyword misspelled is a syntax error (Graphviz rejects the diagram), with the keyword.
  const m = '$[digrpah$] G { a }';
  const ps = own(marked(m).text);
  assert.equal(ps[0].code, 'dot.syntax');
  assert.deepEqual([marked(m).text.slice(ps[0].start, ps[0].end), ps[0].data], ['digrpah', { suggestion: 'digraph' }]);
});

test('real node names near a keyword are not keyword typos', () => {
  for (const dot of [
    'digraph { note [shape=note]; code [shape=box]; done [shape=doublecircle]; mode [color=red] }',
    'digraph { nodes [label="Nodes"]; edges [shape=box]; edges -> nodes }',
    'digraph { subgraph cluster_x { a } subgraphs; x }',
    'digraph { nodee [shape=box]; nodee -> a }',
  ]) {
    assert.deepEqual(show(dot, own(dot).filter((p) => p.code === 'dot.keyword-typo')), [], dot);
  }
});

test('an attribute one typo from a known one is a warning with the suggestion for the quick fix', () => {
  registerDotCodes();
  const m = 'digraph { $[randkir$]=LR; a -> b }';
  const [p] = expectCodes(m, own(marked(m).text), ['dot.unknown-attribute']);
  assert.deepEqual(p.data, { suggestion: 'rankdir' });
  assert.match(p.message, /did you mean "rankdir"/);
  assert.equal(codeInfo('dot.unknown-attribute')?.severity, 'warning');
});
