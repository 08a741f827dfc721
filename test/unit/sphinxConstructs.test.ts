import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLanguageService, type HgDiagnostic } from '../../server/src/languageService';
import { defaultSettings } from '../../server/src/protocol/settings';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';
import type { Block, DirectiveBlock, RstDocument, SubstitutionDefBlock, TableBlock } from '../../server/src/rst/types';
import { expectLinear } from './complexity';

/**
 * Constructs that docutils 0.19 and Sphinx 5 read in their own way: the glossary's line-based format, tabs
 * in table lines, the space before `::`, substitution definitions that docutils discards, and the cells of
 * `csv-table`. Each test holds the smallest document that shows the difference.
 */
const registry = createRegistry([], []);
const parse = (text: string): RstDocument => parseRst(text, { registry });

function diagnostics(text: string): HgDiagnostic[] {
  const service = createLanguageService({ settings: () => defaultSettings });
  return service.computeRstDiagnostics({ uri: 'mem://test.rst', version: 1, getText: () => text });
}

/** `[code, the text the diagnostic covers]` of every diagnostic, in order. */
function found(text: string): [string, string][] {
  return diagnostics(text).map((d) => [d.code, text.slice(d.start, d.end)]);
}

/** `line message` of every diagnostic, in order (lines from 1). */
function messagesByLine(text: string): string[] {
  return diagnostics(text).map((d) => `${text.slice(0, d.start).split('\n').length} ${d.message}`);
}

const first = <K extends Block['kind']>(doc: RstDocument, kind: K) => doc.blocks.find((b) => b.kind === kind) as Extract<Block, { kind: K }>;

// ---------------------------------------------------------------------------------------------
// 1. glossary
// ---------------------------------------------------------------------------------------------

const GLOSSARY = '.. glossary::\n\n   term one\n   term two\n      Definition with :bogus:`x`.\n\n   other term : classifier\n      Definition.\n';

test('glossary: several term lines share one indented definition, with no false diagnostic', () => {
  const text = GLOSSARY;
  // Before, the second term line and the definition read as "Unexpected indentation".
  assert.deepEqual(
    found(text).filter(([code]) => code !== 'rst.unknown-role'),
    [],
  );
  const d = first(parse(text), 'directive') as DirectiveBlock;
  assert.deepEqual(
    d.glossaryTerms?.map((t) => [t.name, text.slice(t.span.start, t.span.end), t.entry, t.classifier]),
    [
      ['term one', 'term one', 0, undefined],
      ['term two', 'term two', 0, undefined],
      ['other term', 'other term', 1, 'classifier'],
    ],
  );
  // The definitions are RST bodies: one definition list, the last term of an entry holds the definition.
  const list = d.body?.[0];
  assert.equal(list?.kind, 'definitionList');
  if (list?.kind !== 'definitionList') return;
  assert.deepEqual(
    list.items.map((i) => [i.term, i.body.map((b) => text.slice(b.start, b.end))]),
    [
      ['term one', []],
      ['term two', ['Definition with :bogus:`x`.']],
      ['other term', ['Definition.']],
    ],
  );
});

test('glossary: inline problems in terms and definitions keep their offsets', () => {
  const text = '.. glossary::\n\n   *term\n   :bad:`term` two\n      Def :bogus:`x` and **bold.\n';
  const d = found(text);
  assert.deepEqual(d, [
    ['rst.inline-unterminated', '*'],
    ['rst.unknown-role', 'bad'],
    ['rst.unknown-role', 'bogus'],
    ['rst.inline-unterminated', '**'],
  ]);
  const offsets = diagnostics(text).map((x) => x.start);
  assert.deepEqual(offsets, [text.indexOf('*term'), text.indexOf('bad'), text.indexOf('bogus'), text.indexOf('**bold')]);
});

test('glossary: Sphinx warnings for a malformed glossary, on the line Sphinx names', () => {
  const text =
    '.. glossary::\n\n' +
    '      indented before any term\n' +
    '\n' +
    '   term a\n      Def a.\n' +
    '   term b\n      Def b.\n' +
    '\n' +
    '   term c\n' +
    '\n' +
    '   term d\n      Def d.\n' +
    '\n' +
    '   .. a comment\n      its indented text is not a definition\n';
  assert.deepEqual(
    found(text).map(([code, span]) => [code, span]),
    [
      ['sphinx.glossary-misformatted', 'indented before any term'],
      ['sphinx.glossary-no-blank-before-term', 'term b'],
      ['sphinx.glossary-blank-between-terms', 'term d'],
    ],
  );
  const messages = diagnostics(text).map((x) => x.message);
  assert.deepEqual(messages, [
    'glossary seems to be misformatted, check indentation',
    'glossary term must be preceded by empty line',
    'glossary terms must not be separated by empty lines',
  ]);
  const d = first(parse(text), 'directive') as DirectiveBlock;
  assert.deepEqual(
    d.glossaryTerms?.map((t) => [t.name, t.entry]),
    [
      ['term a', 0],
      ['term b', 1],
      ['term c', 2],
      ['term d', 2],
    ],
  );
});

test('glossary: the classifier split is linear on long lines of spaces', () => {
  const make = (n: number) => '.. glossary::\n\n   a' + ' '.repeat(n) + 'b : c\n      Def.\n';
  expectLinear('the classifier split', make, (text) => parse(text), 100000);
  const d = first(parse(make(200000)), 'directive') as DirectiveBlock;
  assert.equal(d.glossaryTerms?.[0].classifier, 'c');
});

// ---------------------------------------------------------------------------------------------
// 2. tabs in tables
// ---------------------------------------------------------------------------------------------

test('simple table: a tab in a row expands to the next multiple of 8 columns, as docutils expands the input', () => {
  // Expanded, "A<tab>:bad:`B`" puts the role at column 8, inside the second column (4-9).
  const text = 'Para\n\n==  =====\nA\t:bad:`B`\nC   D\n==  =====\n';
  assert.deepEqual(found(text), [['rst.unknown-role', 'bad']]);
  const table = first(parse(text), 'table') as TableBlock;
  assert.deepEqual(
    table.cells.map((c) => c.body.map((b) => text.slice(b.start, b.end)).join('')),
    ['A', ':bad:`B`', 'C', 'D'],
  );
  // Borders with tabs are borders too: "==<tab>=====" is "==      =====".
  const tabbed = 'Para\n\n==\t=====\nA\tB\n==\t=====\n';
  assert.deepEqual(found(tabbed), []);
  const t2 = first(parse(tabbed), 'table') as TableBlock;
  assert.deepEqual(
    t2.cells.map((c) => c.body.map((b) => tabbed.slice(b.start, b.end)).join('')),
    ['A', 'B'],
  );
});

test('grid table: a tab counts the columns it expands to', () => {
  const text = 'Para\n\n+--------+-----+\n| a\t | c   |\n| :x:`y` | d   |\n+--------+-----+\n';
  assert.deepEqual(
    found(text).map(([code, span]) => [code, span]),
    [['rst.unknown-role', 'x']],
  );
  // One row (no separator between the two text lines), two columns.
  const table = first(parse(text), 'table') as TableBlock;
  assert.equal(table.cells.length, 2);
  assert.deepEqual(
    table.cells.map((c) => c.body.map((b) => b.kind)),
    [['paragraph'], ['paragraph']],
  );
});

// ---------------------------------------------------------------------------------------------
// 3. the space before `::`
// ---------------------------------------------------------------------------------------------

test('directive: one space before :: is still a directive (docutils pattern `(name)[ ]?::`), two make a comment', () => {
  const doc = parse('.. image :: a.png\n\n.. image  :: b.png\n');
  assert.deepEqual(
    doc.blocks.map((b) => [b.kind, b.kind === 'directive' ? b.name : '']),
    [
      ['directive', 'image'],
      ['comment', ''],
    ],
  );
});

test('substitution: the embedded directive needs :: right after its name (docutils SubstitutionDef)', () => {
  const text = '.. |a| image :: x.png\n\n|a|\n';
  const def = first(parse(text), 'substitutionDef') as SubstitutionDefBlock;
  assert.equal(def.invalid, true);
  assert.equal(def.directive, undefined);
  assert.ok(diagnostics(text).some((d) => d.code === 'rst.substitution-invalid' && d.message === 'Substitution definition "a" empty or invalid.'));
});

// ---------------------------------------------------------------------------------------------
// 4. substitution definitions that docutils discards
// ---------------------------------------------------------------------------------------------

test('substitution: docutils discards text, block-level directives, unknown directives and failing directives', () => {
  const cases: [string, string[]][] = [
    ['.. |x| some text\n', ['rst.substitution-invalid']],
    ['.. |x| note:: a note\n', ['rst.substitution-invalid']],
    ['.. |x| figure:: a.png\n', ['rst.substitution-invalid']],
    ['.. |x| nosuchthing:: a\n', ['rst.unknown-directive', 'rst.substitution-invalid']],
    ['.. |x| image::\n', ['rst.directive-error', 'rst.substitution-invalid']],
    ['.. |x| replace:: one\n\n   two\n', ['rst.directive-error', 'rst.substitution-invalid']],
    ['.. |x|\n', ['rst.substitution-invalid']],
  ];
  for (const [text, codes] of cases) {
    const def = first(parse(text), 'substitutionDef') as SubstitutionDefBlock;
    assert.equal(def.invalid, true, text);
    assert.deepEqual(diagnostics(text).map((d) => d.code).sort(), codes.sort(), text);
  }
  assert.equal(
    diagnostics('.. |x| replace:: one\n\n   two\n').find((d) => d.code === 'rst.directive-error')?.message,
    'Error in "replace" directive: may contain a single paragraph only.',
  );
});

test('substitution: valid definitions, including the directive on the next line, are not marked', () => {
  for (const text of [
    '.. |x| image:: a.png\n',
    '.. |x| replace:: some *text*\n',
    '.. |x| unicode:: U+2122\n',
    '.. |x|\n   image:: a.png\n',
    '.. |x| date::\n',
  ]) {
    const def = first(parse(text), 'substitutionDef') as SubstitutionDefBlock;
    assert.equal(def.invalid, undefined, text);
    assert.ok(def.directive, text);
    assert.deepEqual(found(text), [], text);
  }
});

// ---------------------------------------------------------------------------------------------
// 5. csv-table cells
// ---------------------------------------------------------------------------------------------

test('csv-table: cells are parsed as RST, problems at their offsets', () => {
  const text = '.. csv-table:: T\n   :header-rows: 1\n\n   "x :bogus:`y`", *unterminated\n   plain, ok\n';
  assert.deepEqual(found(text), [
    ['rst.unknown-role', 'bogus'],
    ['rst.inline-unterminated', '*'],
  ]);
  const d = first(parse(text), 'directive') as DirectiveBlock;
  const table = d.body?.[0] as TableBlock;
  assert.equal(table.tableType, 'csv');
  assert.deepEqual(
    table.cells.map((c) => [c.row, c.col, c.header, text.slice(c.start, c.end)]),
    [
      [0, 0, true, '"x :bogus:`y`"'],
      [0, 1, true, '*unterminated'],
      [1, 0, false, 'plain'],
      [1, 1, false, 'ok'],
    ],
  );
});

test('csv-table: a doubled quote is one character of the cell, and offsets after it stay exact', () => {
  // The cell is `a "*" :bogus:`x` and "quoted"`: a star between matching quotes is not markup.
  const text = '.. csv-table::\n\n   "a ""*"" :bogus:`x` and ""quoted""", b\n';
  const d = diagnostics(text);
  assert.deepEqual(
    d.map((x) => [x.code, text.slice(x.start, x.end)]),
    [['rst.unknown-role', 'bogus']],
  );
  const table = (first(parse(text), 'directive') as DirectiveBlock).body?.[0] as TableBlock;
  const para = table.cells[0].body[0];
  assert.equal(para.kind, 'paragraph');
  assert.equal(text.slice(para.start, para.end), 'a ""*"" :bogus:`x` and ""quoted""');
  if (para.kind !== 'paragraph') return;
  // The last text node has the unquoted text and the source span of the doubled quotes.
  const last = para.inlines[para.inlines.length - 1];
  assert.equal(last.kind, 'text');
  if (last.kind === 'text') assert.equal(last.text, ' and "quoted"');
  assert.equal(text.slice(last.start, last.end), ' and ""quoted""');
});

test('csv-table: a quoted cell over several lines is one paragraph', () => {
  const text = '.. csv-table::\n\n   "first line\n   second *line", b\n';
  assert.deepEqual(found(text), [['rst.inline-unterminated', '*']]);
  const table = (first(parse(text), 'directive') as DirectiveBlock).body?.[0] as TableBlock;
  assert.deepEqual(
    table.cells.map((c) => c.body.map((b) => [b.kind, b.line, b.endLine])),
    [[['paragraph', 2, 3]], [['paragraph', 3, 3]]],
  );
});

test('csv-table: :delim:, :quote:, :escape: and :keepspace: follow docutils', () => {
  assert.deepEqual(found('.. csv-table::\n   :delim: ;\n\n   a, :bad:`y`; c\n'), [['rst.unknown-role', 'bad']]);
  assert.deepEqual(found(".. csv-table::\n   :quote: '\n\n   'x, :bad:`y`', c\n"), [['rst.unknown-role', 'bad']]);
  assert.deepEqual(found('.. csv-table::\n   :escape: \\\n\n   a\\, :bad:`y`, c\n'), [['rst.unknown-role', 'bad']]);
  // With :keepspace: the space after the comma stays: the cell is indented, a block quote.
  const keep = '.. csv-table::\n   :keepspace:\n\n   a, b\n';
  const table = (first(parse(keep), 'directive') as DirectiveBlock).body?.[0] as TableBlock;
  assert.equal(table.cells[1].body[0].kind, 'blockQuote');
  const skip = (first(parse('.. csv-table::\n\n   a, b\n'), 'directive') as DirectiveBlock).body?.[0] as TableBlock;
  assert.equal(skip.cells[1].body[0].kind, 'paragraph');
});

test('csv-table: content with :file: is not read; CSV errors are docutils errors', () => {
  assert.equal((first(parse('.. csv-table::\n   :file: x.csv\n\n   a, b\n'), 'directive') as DirectiveBlock).body, undefined);
  const text = '.. csv-table::\n\n   "a" , :bad:`y`\n';
  assert.deepEqual(
    diagnostics(text).map((d) => [d.code, d.message]),
    [['rst.directive-error', `Error with CSV data in "csv-table" directive: ',' expected after '"'`]],
  );
  assert.deepEqual(
    diagnostics('.. csv-table::\n\n   "a, b\n').map((d) => d.message),
    ['Error with CSV data in "csv-table" directive: unexpected end of data'],
  );
});

test('the Python domain\'s `property` and `type` directives and `type` and `deco` roles are known without the prefix, as the default domain\'s (jinja\'s templates page)', () => {
  const text = [
    '.. class:: Cycler',
    '',
    '   .. property:: current',
    '',
    '      Return the current item, see :meth:`next`.',
    '',
    '   .. type:: Item = int | str',
    '',
    'Uses :type:`Item` and :deco:`functools.cache`; :py:property:`x` too.',
    '',
  ].join('\n');
  assert.deepEqual(found(text), []);
  // A misspelling is still one.
  assert.deepEqual(
    found('.. propperty:: current\n').map(([code]) => code),
    ['rst.unknown-directive'],
  );
});

test("newer Sphinx and docutils options: math's :no-wrap:, rubric's :heading-level:, CSS3 length units (Sphinx's own test roots)", () => {
  const text = [
    '.. math::',
    '   :no-wrap:',
    '',
    '   a = b',
    '',
    '.. rubric:: A heading',
    '   :heading-level: 3',
    '',
    '.. image:: a.png',
    '   :width: 10.03ch',
    '   :height: 9.97rem',
    '',
    '.. image:: b.png',
    '   :width: 60vw',
    '   :height: 10vmax',
    '',
    '.. figure:: c.png',
    '   :width: 195.345Q',
    '',
  ].join('\n');
  assert.deepEqual(found(text), []);
  // What they do not take is still an error.
  const bad = '.. rubric:: A\n   :heading-level: 7\n\n.. image:: a.png\n   :width: 3furlongs\n\n.. image:: b.png\n   :width: 3q\n';
  assert.deepEqual(
    diagnostics(bad).map((d) => d.message),
    [
      'Error in "rubric" directive: invalid option value: (option: "heading-level"; value: \'7\') "7" unknown; choose from "1", "2", "3", "4", "5", or "6".',
      'Error in "image" directive: invalid option value: (option: "width"; value: \'3furlongs\') "3furlongs" is not a valid length unit; valid units are "em", "ex", "ch", "rem", "vw", "vh", "vmin", "vmax", "cm", "mm", "Q", "in", "pt", "pc", "px", "%".',
      'Error in "image" directive: invalid option value: (option: "width"; value: \'3q\') "3q" is not a valid length unit; valid units are "em", "ex", "ch", "rem", "vw", "vh", "vmin", "vmax", "cm", "mm", "Q", "in", "pt", "pc", "px", "%".',
    ],
  );
});

test("Sphinx's and docutils' own specs: index and productionlist take one argument and no content, literalinclude's :tab-width:, figure's :figname:, autotype, date's content", () => {
  const text = [
    '.. index::', // 1: the entries are one argument over lines
    '   single: a; b',
    '   pair: c; d',
    '',
    '.. index:: x', // 5
    '',
    '   single: after a blank line', // 7: content, which Sphinx's Index does not take
    '',
    '.. index::', // 9: no entry
    '',
    '.. productionlist::', // 11: no production
    '',
    '.. productionlist:: grammar', // 13
    '   a: b',
    '',
    '.. literalinclude:: x.py', // 16
    '   :tab-width: 4',
    '',
    '.. literalinclude:: x.py', // 19
    '   :tab_width: 4', // 20: never Sphinx's spelling
    '',
    '.. figure:: a.png', // 22: docutils 0.22
    '   :figname: fig-a',
    '',
    '.. autotype:: T', // 25: Sphinx 9.0's autodoc
    '',
    '.. |d| date::', // 27: the format is content
    '   %Y',
    '',
  ].join('\n');
  assert.deepEqual(
    messagesByLine(text),
    [
      '7 Error in "index" directive: no content permitted.',
      '9 Error in "index" directive: 1 argument(s) required, 0 supplied.',
      '11 Error in "productionlist" directive: 1 argument(s) required, 0 supplied.',
      '20 Error in "literalinclude" directive: unknown option: "tab_width". Did you mean "tab-width"?',
    ],
  );
});

test("sphinx.ext.doctest, autosummary and inheritance_diagram check their options as their option_spec says", () => {
  const text = [
    '.. doctest:: group', // 1
    '   :hide:',
    '   :options: +ELLIPSIS',
    '   :pyversion: > 3.8',
    '   :skipif: no_numpy',
    '   :no-trim-doctest-flags:',
    '',
    '   >>> 1',
    '   1',
    '',
    '.. testcode::', // 11
    '   :options: +ELLIPSIS', // 12: testcode has no :options:
    '',
    '   print(1)',
    '',
    '.. testsetup::', // 16
    '   :hide:', // 17: nor has testsetup :hide:
    '',
    '   import os',
    '',
    '.. autosummary::', // 21
    '   :toctree: generated',
    '   :recursive:',
    '   :signatures: short',
    '   :template: custom.rst',
    '   :nosignatures: yes', // 26: a flag
    '',
    '   pkg.mod',
    '',
    '.. inheritance-diagram:: a.B c.D', // 30
    '   :parts: 1',
    '   :top-classes: a.A',
    '   :include-subclasses:',
    '   :part: 2', // 34: a misspelling
    '',
  ].join('\n');
  assert.deepEqual(
    messagesByLine(text),
    [
      '12 Error in "testcode" directive: unknown option: "options".',
      '17 Error in "testsetup" directive: unknown option: "hide".',
      '26 Error in "autosummary" directive: invalid option value: (option: "nosignatures"; value: \'yes\') no argument is allowed; "yes" supplied.',
      '34 Error in "inheritance-diagram" directive: unknown option: "part". Did you mean "parts"?',
    ],
  );
});

test("sphinx.ext.graphviz defines directives, no role: :graphviz: is unknown, as Sphinx says", () => {
  assert.deepEqual(found('.. graphviz::\n\n   digraph { a -> b }\n\nSee :graphviz:`a`.\n'), [['rst.unknown-role', 'graphviz']]);
});

test("code takes docutils' options and Sphinx's :force:, not code-block's line options (no Sphinx gave them to it)", () => {
  const text = '.. code:: python\n   :number-lines: 3\n   :force:\n   :name: c1\n\n   x = 1\n\n.. code:: python\n   :linenos:\n\n   y = 2\n\n.. code-block:: python\n   :linenos:\n   :caption: B\n\n   z = 3\n';
  assert.deepEqual(found(text), [['rst.directive-error', 'linenos']]);
});

// ---------------------------------------------------------------------------------------------
// simple tables: column span lines (docutils' SimpleTableParser)
// ---------------------------------------------------------------------------------------------

const SPAN_TABLE = [
  '========= ================================================== ====================',
  'SQLSTATE  Exception                                          Base exception',
  '========= ================================================== ====================',
  '**Class 02** - No Data (this is also a warning class per the SQL standard)',
  '---------------------------------------------------------------------------------',
  '``02000`` `!NoData`                                          `!DatabaseError`',
  '**Class 03** - SQL Statement Not Yet Complete',
  '---------------------------------------------------------------------------------',
  '``03000`` `!SqlStatementNotYetComplete`                      `!DatabaseError`',
  '========= ================================================== ====================',
  '',
].join('\n');

test('simple table: a row over a span line is one cell across the columns it spans (psycopg\'s errors page)', () => {
  // Before, the row was cut at the column boundaries: "**Class 0" read as an unterminated strong.
  assert.deepEqual(found(SPAN_TABLE), []);
  const table = first(parse(SPAN_TABLE), 'table');
  const spanning = table.cells.filter((c) => c.colSpan > 1);
  assert.deepEqual(spanning.map((c) => [c.row, c.col, c.colSpan]), [[1, 0, 3], [3, 0, 3]]);
  assert.equal(table.cells.length, 3 + 1 + 3 + 1 + 3);
  const strong = spanning[0].body[0];
  assert.equal(strong.kind, 'paragraph');
});

test('simple table: the header separator and the bottom border are span lines too', () => {
  const table = first(parse('===== =====\nSpanning head\n===========\nx     y\n===== =====\n'), 'table');
  assert.deepEqual(table.cells.map((c) => [c.row, c.col, c.colSpan, c.header]), [[0, 0, 2, true], [1, 0, 1, false], [1, 1, 1, false]]);
  assert.deepEqual(found('===== =====\nSpanning head\n===========\nx     y\n===== =====\n'), []);
});

test('simple table: span lines that do not fit the columns are docutils\' errors, with its table line', () => {
  const table = (row: string, span: string) => `===== ===== =====\nA     B     C\n===== ===== =====\n${row}\n${span}\n===== ===== =====\n`;
  const message = (text: string) => diagnostics(text).map((d) => d.message);
  // Each message as docutils 0.19 gives it for the same table.
  assert.deepEqual(message(table('**x y** spans', '----------- -----')), ['Malformed table. Text in column margin in table line 4.']);
  assert.deepEqual(message(table('**x y** spans', '-------------------')), ['Malformed table. Column span incomplete in table line 5.']);
  assert.deepEqual(message(table('x     y     z', '-------- --------')), ['Malformed table. Column span alignment problem in table line 5.']);
  // Indented, it is no span line but a row line with text in the margins.
  assert.deepEqual(message(table('x     y     z', '  --------- -----')), ['Malformed table. Text in column margin in table line 5.']);
  assert.deepEqual(message(table('x     y z   w', '----------- -----')), []);
});
