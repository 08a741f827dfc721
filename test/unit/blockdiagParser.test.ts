import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DiagDialect, DiagStatement } from '../../server/src/blockdiag/ast';
import { parseDiagram } from '../../server/src/blockdiag/parser';
import { tokenize, unquote } from '../../server/src/blockdiag/scanner';
import { expectLinear } from './complexity';

/** Line and column (1-based) of an offset, as the CLI reports them. */
function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `${before.split('\n').length}:${offset - before.lastIndexOf('\n')}`;
}

function parseOk(text: string, dialect: DiagDialect = 'blockdiag') {
  const r = parseDiagram(text, dialect);
  assert.deepEqual(r.errors, [], `unexpected errors: ${JSON.stringify(r.errors)}`);
  assert.ok(r.diagram);
  return r.diagram;
}

/** The first error as `line:col message` with the text it points at. */
function parseError(text: string, dialect: DiagDialect = 'blockdiag'): { at: string; message: string; token: string } {
  const r = parseDiagram(text, dialect);
  assert.equal(r.diagram, undefined, 'expected a syntax error');
  assert.equal(r.errors.length, 1);
  const e = r.errors[0];
  return { at: lineCol(text, e.start), message: e.message, token: text.slice(e.start, e.end) };
}

function kinds(stmts: DiagStatement[]): string[] {
  return stmts.map((s) => (s.kind === 'block' ? `${s.keyword}{${kinds(s.body).join(',')}}` : s.kind));
}

test('tokens follow the Python tools: first rule wins, "-" and "." continue a name', () => {
  const t = tokenize('a-b.c -> "x \\" y" 12 .5 # comment\n/* block\n comment */ <-> ;', 'blockdiag');
  assert.deepEqual(
    t.map((x) => `${x.kind}:${x.text}`),
    ['name:a-b.c', 'op:->', 'string:"x \\" y"', 'name:12', 'number:.5', 'op:<->', 'op:;', 'eof:'],
  );
  // `a->b` is the name "a-", then ">" which no rule reads.
  assert.throws(() => tokenize('a->b', 'blockdiag'), /"a-" as one name/);
  // seqdiag has its own operators and separators; nwdiag names cannot start with a digit (addresses can).
  assert.deepEqual(
    tokenize('A ->> B; A <<-- B; A => B; === Phase 1 ===', 'seqdiag').map((x) => x.text),
    ['A', '->>', 'B', ';', 'A', '<<--', 'B', ';', 'A', '=>', 'B', ';', '=== Phase 1 ===', ''],
  );
  assert.deepEqual(
    tokenize('192.168.0.1 fe80::1', 'nwdiag').map((x) => `${x.kind}:${x.text}`),
    ['ipaddr:192.168.0.1', 'name:fe80', 'ipaddr:::1', 'eof:'],
  );
});

test('unquote removes quotes and \\" escapes as blockdiag does', () => {
  assert.equal(unquote('"a \\"b\\""'), 'a "b"');
  assert.equal(unquote("'it'"), 'it');
  assert.equal(unquote('"""multi\nline"""'), 'multi\nline');
  assert.equal(unquote('plain'), 'plain');
});

test('blockdiag statements: nodes, edge chains with lists, attributes, groups, classes, plugins', () => {
  const d = parseOk(`blockdiag admin {
    default_shape = roundedbox
    class red [color = red, style = dashed];
    plugin attributes [name = Name];
    A, B [label = "x", stacked];
    A -> B, C <- D [folded];
    group api { label = "API"; E; group { F } }
    G -> H -> I
  }`);
  assert.equal(d.keyword?.value, 'blockdiag');
  assert.equal(d.id?.value, 'admin');
  assert.deepEqual(kinds(d.statements), ['attribute', 'class', 'plugin', 'node', 'edge', 'group{attribute,node,group{node}}', 'edge']);
  const nodes = d.statements[3];
  assert.ok(nodes.kind === 'node');
  assert.deepEqual(
    nodes.ids.map((i) => i.value),
    ['A', 'B'],
  );
  assert.deepEqual(
    nodes.options.map((o) => [o.name.value, o.value?.value]),
    [
      ['label', 'x'],
      ['stacked', undefined],
    ],
  );
  const edge = d.statements[4];
  assert.ok(edge.kind === 'edge');
  assert.deepEqual(
    edge.first.map((i) => i.value),
    ['A'],
  );
  assert.deepEqual(
    edge.links.map((l) => [l.op.text, l.nodes.map((n) => n.value)]),
    [
      ['->', ['B', 'C']],
      ['<-', ['D']],
    ],
  );
});

test('a keyword is a keyword only where its construct fits: `group -> a` is an edge from a node called group', () => {
  const d = parseOk('{ group -> a; group = x; lane; }');
  assert.deepEqual(kinds(d.statements), ['edge', 'attribute', 'node']);
  // The diagram may start with `diagram` or nothing at all.
  assert.equal(parseOk('diagram { A }').keyword?.value, 'diagram');
  assert.equal(parseOk('{ A }').keyword, undefined);
});

test('actdiag lanes, declared lanes; nwdiag networks, groups, peers; seqdiag fragments, blocks, separators', () => {
  assert.deepEqual(kinds(parseOk('actdiag { a -> b; lane user { label = "User"; a } lane sys [label = "S"]; }', 'actdiag').statements), [
    'edge',
    'lane{attribute,node}',
    'laneDecl',
  ]);
  assert.deepEqual(
    kinds(parseOk('nwdiag { inet [shape = cloud]; inet -- router; network dmz { address = "10.0.0.0/24"; web [address = "10.0.0.1"]; group { web } } }', 'nwdiag').statements),
    ['node', 'edge', 'network{attribute,node,group{node}}'],
  );
  const seq = parseOk('seqdiag { A => B [label = "call"] { B -> C; === done === } loop { A -> B } ... later ... }', 'seqdiag');
  assert.deepEqual(kinds(seq.statements), ['edge', 'loop{edge}', 'separator']);
  const e = seq.statements[0];
  assert.ok(e.kind === 'edge' && e.block);
  assert.deepEqual(kinds(e.block), ['edge', 'separator']);
  const sep = seq.statements[2];
  assert.ok(sep.kind === 'separator');
  assert.deepEqual([sep.type, sep.text], ['delay', 'later']);
});

test('malformed diagrams: one clear error at the offending token, with its line and column', () => {
  // The corpus' blufi.rst: Debian's seqdiag reports "9,14: got unexpected token: '{'" for the same text.
  const blufi = 'seqdiag blufi {\n    activation = none;\n    node_width = 80;\n    node_height = 60;\n    edge_length = 380;\n    span_height = 10;\n    default_fontsize = 12;\n\n    Phone <- {IDF_TARGET_NAME} [label="Advertising"];\n}';
  assert.deepEqual(parseError(blufi, 'seqdiag'), { at: '9:14', message: 'Expected a node name after "<-", found "{"', token: '{' });

  assert.deepEqual(parseError('blockdiag {\n  A -> ;\n}'), { at: '2:8', message: 'Expected a node name after "->", found ";"', token: ';' });
  assert.deepEqual(parseError('blockdiag {\n  A [label = "x" color = red];\n}').message, 'Expected "," or "]" in the attribute list, found "color"');
  assert.deepEqual(parseError('blockdiag {\n  A [];\n}').message, 'Expected an attribute name after "[", found "]"');
  assert.deepEqual(parseError('blockdiag {\n  A [label = ];\n}').message, 'Expected a value for "label" after "=", found "]"');
  assert.deepEqual(parseError('blockdiag {\n  group {\n    A;\n}'), { at: '1:11', message: 'Missing "}": the diagram is not closed', token: '{' });
  assert.deepEqual(parseError('blockdiag {\n  A [label = "open];\n}'), { at: '2:14', message: 'Unterminated string: no closing "', token: '"open];' });
  assert.deepEqual(parseError('blockdiag { A } B'), { at: '1:17', message: 'Text after the end of the diagram: "B" follows the closing "}"', token: 'B' });
  assert.deepEqual(parseError('seqdiag { A -> B }').message, 'This is a seqdiag diagram, not a blockdiag one: the text must start with "blockdiag {"');
  assert.deepEqual(parseError('blockdiag { /* never closed }').message, 'Unterminated comment: "/*" without "*/"');
  assert.deepEqual(parseError('blockdiag { a->b }').message, 'Unexpected ">": blockdiag reads "a-" as one name ("-" may continue a name); put spaces around the edge operator');
  assert.deepEqual(parseError('nwdiag { a -> b }', 'nwdiag').message, 'Unexpected "->": nwdiag joins nodes with networks, or two nodes with "--"');
  assert.deepEqual(parseError('seqdiag { group { A -> B } }', 'seqdiag').message, 'Unexpected "->": edges are not allowed here');
  assert.deepEqual(parseError('blockdiag { A = }').message, 'Expected a value after "=", found "}"');
  assert.deepEqual(parseError('blockdiag { A \u0001 }'), { at: '1:15', message: 'Unexpected character U+0001', token: '\u0001' });
});

test('a range of a larger text: offsets stay those of the text', () => {
  const text = '.. blockdiag::\n\n   blockdiag {\n     A -> B;\n   }\n\nAfter.';
  const start = text.indexOf('blockdiag {');
  const end = text.indexOf('}') + 1;
  const r = parseDiagram(text, 'blockdiag', { start, end });
  assert.ok(r.diagram);
  assert.equal(r.diagram.start, start);
  assert.equal(r.diagram.end, end);
  const edge = r.diagram.statements[0];
  assert.ok(edge.kind === 'edge');
  assert.equal(text.slice(edge.first[0].start, edge.first[0].end), 'A');
  // The text after the range is not read.
  const broken = text.replace('B;', 'B ->');
  const r2 = parseDiagram(broken, 'blockdiag', { start, end: broken.indexOf('}') + 1 });
  assert.deepEqual(r2.errors[0].message, 'Expected a node name after "->", found "}"');
  assert.equal(parseDiagram(text, 'blockdiag', { start, end: end - 1 }).errors[0].message, 'Missing "}": the diagram is not closed');
});

test('pathological input never throws, and four times the input costs less than eight times as much', { timeout: 300000 }, (t) => {
  // Each at a size past V8's young generation (tens of milliseconds), and at twice that size; a case whose
  // text takes the same path in every dialect is timed in one (at a size where its tokens outgrow the young
  // generation, which costs the machine seconds), and only parsed in the others.
  const all = ['blockdiag', 'seqdiag', 'actdiag', 'nwdiag'] as const;
  const cases: [string, (n: number) => string, number, (typeof all)[number][]?][] = [
    ['unclosed groups', (n) => 'blockdiag {' + 'group {'.repeat(n), 80000],
    ['an edge repeated', (n) => 'blockdiag {' + ' A -> B;'.repeat(n) + '}', 20000],
    ['an unclosed label', (n) => 'blockdiag { A [label = "' + 'x'.repeat(n), 2_000_000],
    ['{ repeated', (n) => '{'.repeat(n), 400000, ['blockdiag']],
    ['an odd number of "', (n) => '"'.repeat(n) + '"', 800000],
    ['/* repeated', (n) => '/*'.repeat(n), 30000],
    ['=== x === repeated', (n) => 'seqdiag {' + '=== x ==='.repeat(n) + '}', 40000],
  ];
  for (const [name, build, n, timed = all] of cases) {
    const once = build(n);
    for (const d of all) {
      const r = parseDiagram(once, d);
      assert.ok(r.diagram || r.errors.length > 0, `${d}, ${name}: neither a diagram nor an error`);
    }
    for (const d of timed) {
      expectLinear(`${d}, ${name}`, build, (text) => {
        const r = parseDiagram(text, d);
        assert.ok(r.diagram || r.errors.length > 0, `${d}, ${name}: neither a diagram nor an error`);
      }, n, { log: (l) => t.diagnostic(l) });
    }
  }
  for (const c of ['\u0000\uffff\ud800', '']) {
    for (const d of all) {
      const r = parseDiagram(c, d);
      assert.ok(r.diagram || r.errors.length > 0);
    }
  }
  assert.match(parseDiagram('blockdiag {' + 'group {'.repeat(200), 'blockdiag').errors[0].message, /nested more than 100 levels/);
});
