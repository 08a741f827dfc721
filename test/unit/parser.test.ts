import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { buildLineStarts, offsetToPosition } from '../../server/src/rst/lines';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';
import type { Block, RstDocument } from '../../server/src/rst/types';
import { flatten } from '../../server/src/rst/walk';
import { createHash } from 'node:crypto';
import { expectLinear } from './complexity';
import { CORPUS, corpusFiles, hasCorpus } from './corpus';

/**
 * Golden tests: every `test/fixtures/parser/NAME.rst` is parsed and dumped as an indented tree with its
 * problems inline; the dump must equal `NAME.tree`. `UPDATE_GOLDEN=1` rewrites the `.tree` files (review
 * the diff before committing).
 */
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/parser');
const registry = createRegistry([], []);

function dump(doc: RstDocument): string {
  const starts = buildLineStarts(doc.text);
  const pos = (o: number) => {
    const p = offsetToPosition(starts, o);
    return `${p.line + 1}:${p.character + 1}`;
  };
  const out: string[] = [];
  const q = (s: string) => JSON.stringify(s.length > 50 ? s.slice(0, 47) + '...' : s);
  const block = (b: Block, ind: string) => {
    const head = `${ind}${b.kind} ${pos(b.start)}-${pos(b.end)}`;
    switch (b.kind) {
      case 'section':
        out.push(`${head} level=${b.level} style=${b.style} title=${q(b.title)} refname=${q(b.refname)}`);
        break;
      case 'paragraph':
        out.push(`${head} ${q(doc.text.slice(b.start, b.end))}${b.literalNext ? ' literalNext' : ''}`);
        break;
      case 'bulletList':
      case 'enumList':
      case 'optionList':
        out.push(`${head}${b.kind === 'enumList' ? ` ${b.enumType} start=${b.startValue}` : ''}`);
        for (const i of b.items) {
          out.push(`${ind}  item ${q(i.marker)}`);
          for (const c of i.body) block(c, ind + '    ');
        }
        break;
      case 'definitionList':
        out.push(head);
        for (const i of b.items) {
          out.push(`${ind}  term ${q(i.term)}${i.classifiers.length ? ' classifiers=' + JSON.stringify(i.classifiers) : ''}`);
          for (const c of i.body) block(c, ind + '    ');
        }
        break;
      case 'fieldList':
        out.push(head);
        for (const i of b.items) {
          out.push(`${ind}  field ${q(i.name)}`);
          for (const c of i.body) block(c, ind + '    ');
        }
        break;
      case 'literal':
      case 'doctest':
      case 'comment':
        out.push(`${head} ${q(b.text)}${b.kind === 'literal' && b.quoted ? ' quoted' : ''}`);
        break;
      case 'lineBlock':
        out.push(`${head} lines=${b.lines.length}`);
        break;
      case 'blockQuote':
        out.push(`${head}${b.attribution ? ' attribution=' + q(doc.text.slice(b.attribution.span.start, b.attribution.span.end)) : ''}`);
        for (const c of b.body) block(c, ind + '  ');
        break;
      case 'table':
        out.push(`${head} ${b.tableType} columns=${b.columns} headerRows=${b.headerRows} cells=${b.cells.length}`);
        for (const c of b.cells) {
          out.push(`${ind}  cell r${c.row} c${c.col} span=${c.rowSpan}x${c.colSpan}${c.header ? ' header' : ''}`);
          for (const x of c.body) block(x, ind + '    ');
        }
        break;
      case 'footnote':
      case 'citation':
        out.push(`${head} label=${q(b.label)}`);
        for (const c of b.body) block(c, ind + '  ');
        break;
      case 'target':
        out.push(
          `${head} name=${q(b.name)}${b.anonymous ? ' anonymous' : ''}${b.uri !== undefined ? ' uri=' + q(b.uri) : ''}${b.indirect ? ' indirect=' + q(b.indirect) : ''}`,
        );
        break;
      case 'substitutionDef':
        out.push(`${head} name=${q(b.name)}`);
        if (b.directive) block(b.directive, ind + '  ');
        break;
      case 'directive': {
        const opts = b.options.map((o) => `${o.name}=${q(o.value)}`).join(' ');
        const content = b.content ? ` content=${b.content.firstLine + 1}-${b.content.lastLine + 1}@${b.content.indent}` : '';
        out.push(`${head} name=${q(b.name)}${b.argument ? ' arg=' + q(b.argument) : ''}${opts ? ' ' + opts : ''}${content}`);
        for (const c of b.body ?? []) block(c, ind + '  ');
        break;
      }
      case 'transition':
        out.push(head);
        break;
    }
  };
  for (const b of doc.blocks) block(b, '');
  for (const p of [...doc.problems].sort((a, b) => a.start - b.start)) out.push(`! ${pos(p.start)}-${pos(p.end)} ${p.code}: ${p.message}`);
  return out.join('\n') + '\n';
}

for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.rst')).sort()) {
  test(`parser golden: ${file}`, () => {
    const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
    const actual = dump(parseRst(text, { registry }));
    const goldenPath = path.join(FIXTURES, file.replace(/\.rst$/, '.tree'));
    if (process.env.UPDATE_GOLDEN === '1' || !fs.existsSync(goldenPath)) fs.writeFileSync(goldenPath, actual);
    assert.equal(actual, fs.readFileSync(goldenPath, 'utf8'));
  });
}

test('every offset of every node lies inside the document', () => {
  for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.rst'))) {
    const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
    const doc = parseRst(text, { registry });
    const check = (b: Block) => {
      assert.ok(b.start >= 0 && b.start <= b.end && b.end <= text.length, `${file}: ${b.kind} ${b.start}-${b.end}`);
    };
    const walk = (bs: Block[]) => {
      for (const b of bs) {
        check(b);
        if ('body' in b && Array.isArray(b.body)) walk(b.body);
        if ('items' in b) for (const i of b.items as { body: Block[] }[]) walk(i.body);
      }
    };
    walk(doc.blocks);
  }
});

test('tabs expand to multiples of 8 and CRLF line ends are handled', () => {
  // "*<tab>" puts the item's text at column 8, so the tab-indented line below belongs to the item.
  const doc = parseRst('Title\r\n=====\r\n\r\n*\tbullet\r\n\r\n\tsame item\r\n\r\n\t\tquoted\r\nPara\r\n', { registry });
  assert.deepEqual(
    doc.blocks.map((b) => b.kind),
    ['section', 'bulletList', 'paragraph'],
  );
  const list = doc.blocks[1];
  assert.ok(list.kind === 'bulletList');
  assert.deepEqual(
    list.items[0].body.map((b) => b.kind),
    ['paragraph', 'paragraph', 'blockQuote'],
  );
  assert.deepEqual(
    doc.problems.map((p) => p.code),
    ['rst.no-blank-line'],
  );
});

test('•, ‣ and ⁃ are bullets, as in docutils', () => {
  for (const bullet of ['\u2022', '\u2023', '\u2043']) {
    const doc = parseRst(`${bullet} one\n${bullet} two\n\n${bullet}no space: text\n`, { registry });
    assert.deepEqual(doc.blocks.map((b) => b.kind), ['bulletList', 'paragraph'], bullet);
    const list = doc.blocks[0];
    assert.ok(list.kind === 'bulletList');
    assert.equal(list.items.length, 2, bullet);
    assert.deepEqual(doc.problems, [], bullet);
  }
});

/**
 * docutils' `Parser(rfc2822=True)` (PEPs): each expected tree and message is what docutils 0.19 gives for the
 * same text with that parser.
 */
test('with rfc2822, a document opens with a field list of RFC 2822 header lines, as docutils reads a PEP', () => {
  const parse = (text: string) => parseRst(text, { registry, rfc2822: true });
  const shape = (doc: RstDocument) =>
    doc.blocks.map((b) => (b.kind === 'fieldList' ? `fieldList${b.rfc2822 ? '(rfc2822)' : ''}[${b.items.map((i) => `${i.name}: ${i.body.map((x) => `${x.kind} ${JSON.stringify(doc.text.slice(x.start, x.end))}`).join(' ')}`).join('; ')}]` : b.kind));
  const pep = parse('PEP: 1\nTitle: PEP *Purpose*\nPost-History: 21-Mar-2001,\n              07-Apr-2013\nStatus: Active\n\n\nWhat is a PEP?\n==============\n\nText.\n');
  assert.deepEqual(shape(pep), ['fieldList(rfc2822)[PEP: paragraph "1"; Title: paragraph "PEP *Purpose*"; Post-History: paragraph "21-Mar-2001,\\n              07-Apr-2013"; Status: paragraph "Active"]', 'section', 'paragraph']);
  assert.deepEqual(pep.problems, []);
  assert.deepEqual(pep.sections.map((x) => x.title), ['What is a PEP?']);
  // The name is plain text; the value's inline markup is parsed.
  const title = pep.blocks[0].kind === 'fieldList' ? pep.blocks[0].items[1] : undefined;
  assert.deepEqual(title?.nameInlines.map((i) => i.kind), ['text']);
  // A line that is no field ends it: without a blank line before it, docutils' warning.
  const cut = parse('PEP: 1\nTitle: x\nNot a field line\n\nText.\n');
  assert.deepEqual(shape(cut), ['fieldList(rfc2822)[PEP: paragraph "1"; Title: paragraph "x"]', 'paragraph', 'paragraph']);
  assert.deepEqual(cut.problems.map((p) => `${p.code} ${p.message}`), ['rst.no-blank-line RFC2822-style field list ends without a blank line; unexpected unindent.']);
  // Blank lines before it are skipped; any other construct first, and it is no header.
  assert.deepEqual(shape(parse('\nPEP: 1\n')), ['fieldList(rfc2822)[PEP: paragraph "1"]']);
  assert.deepEqual(shape(parse('.. c\n\nPEP: 1\n')), ['comment', 'paragraph']);
  // Without the option, the same text is a paragraph whose indented line is an error.
  const plain = parseRst('PEP: 1\nPost-History: 21-Mar-2001,\n              07-Apr-2013\n', { registry });
  assert.deepEqual(plain.problems.map((p) => p.code), ['rst.unexpected-indentation']);
});

/**
 * Enumerated and option lists where docutils' exact rules decide between a list and a paragraph. Each expected
 * structure is what docutils 0.19's parser builds (checked with test/fuzz/structureDiff.mjs's script).
 */
test('enumerated and option lists begin and continue where docutils says', () => {
  const shape = (bs: Block[]): string =>
    bs
      .map((b) => ('items' in b && Array.isArray(b.items) ? `${b.kind}(${(b.items as { body: Block[] }[]).map((i) => shape(i.body)).join(';')})` : b.kind))
      .join(' ');
  const cases: [string, string][] = [
    // The next line must start with the next enumerator and a space, or with an auto-enumerator.
    ['1. a\n2. b\n', 'enumList(paragraph;paragraph)'],
    ['1. a\n3. b\n', 'paragraph'],
    ['1. a\n2.b\n', 'paragraph'],
    ['1. a\n2. \n', 'paragraph'],
    ['1. a\n2.\tb\n', 'enumList(paragraph;paragraph)'],
    ['#. a\nA. b\n', 'paragraph'],
    ['2.5 is\n3.5 too\n', 'paragraph'],
    // After a `#` item only `#` items continue the list; a value starts a new list.
    ['#. a\n\n2. b\n', 'enumList(paragraph) enumList(paragraph)'],
    ['1. a\n\n#. b\n\n3. c\n', 'enumList(paragraph;paragraph) enumList(paragraph)'],
    // `i` after `h` is the letter; `ii` after `i` the roman numeral; `IIII` is no numeral.
    ['h. a\ni. b\nj. c\n', 'enumList(paragraph;paragraph;paragraph)'],
    ['i. a\nii. b\n', 'enumList(paragraph;paragraph)'],
    ['IIII. x\n', 'paragraph'],
    // An option's description may start below a blank line.
    ['--long=x\n\n      described\n', 'optionList(paragraph)'],
    ['-a\n\nnot indented\n', 'paragraph paragraph'],
  ];
  for (const [text, expected] of cases) assert.equal(shape(parseRst(text, { registry }).blocks), expected, JSON.stringify(text));
});

/** Where docutils ends a target, a block quote's attribution and a malformed table; each expected structure is docutils'. */
test('targets end at a blank line, attributions are two or three dashes, malformed tables end where docutils ends them', () => {
  const shape = (bs: Block[]): string => bs.map((b) => (b.kind === 'blockQuote' ? `blockQuote(${shape(b.body)}${b.attribution ? ' +attribution' : ''})` : b.kind)).join(' ');
  const cases: [string, string][] = [
    // A hyperlink target's link ends at the first blank line: indented text after it is a block quote.
    ['.. _x: http://a\n\n  quoted\n', 'target blockQuote(paragraph)'],
    ['__ http://a\n\n  quoted\n', 'target blockQuote(paragraph)'],
    // `--` or `---` starts an attribution, a longer rule does not; an attribution's lines share one indentation.
    ['  Para.\n\n  ------------\n  Next text here\n', 'blockQuote(paragraph paragraph)'],
    ['  quote\n\n  -- Author\n', 'blockQuote(paragraph +attribution)'],
    ['  quote\n\n  -- Author\n     more\n  text\n', 'blockQuote(paragraph definitionList paragraph)'],
    // A simple table's bottom border may be one run of `=`: a border of another length ends the table there.
    ['=== ===\n============================\nsee all\n', 'paragraph'],
    // A grid table whose last line is not a border: docutils reads on from the row above the last border.
    ['+-----+---+\n| a   | b |\n+-----+---+\n+     +---+\n', 'table lineBlock'],
  ];
  for (const [text, expected] of cases) assert.equal(shape(parseRst(text, { registry }).blocks), expected, JSON.stringify(text));
  const target = parseRst('.. _x: http://a\n\n  quoted\n', { registry }).blocks[0];
  assert.ok(target.kind === 'target');
  assert.equal(target.uri, 'http://a');
});

test('East Asian wide characters count double in title widths', () => {
  const ok = parseRst('日本語\n======\n', { registry });
  assert.equal(ok.problems.length, 0);
  const short = parseRst('日本語\n=====\n', { registry });
  assert.deepEqual(
    short.problems.map((p) => p.code),
    ['rst.title-underline-too-short'],
  );
});

test('a graphviz directive inside a literal block or code block is an example, not a directive', () => {
  const text = 'Example::\n\n   .. graphviz::\n\n      digraph { a }\n\n.. code-block:: rst\n\n   .. graphviz::\n\n      digraph { b }\n';
  const doc = parseRst(text, { registry });
  const names: string[] = [];
  const walk = (bs: Block[]) => {
    for (const b of bs) if (b.kind === 'directive') names.push(b.name);
  };
  walk(doc.blocks);
  assert.deepEqual(names, ['code-block']);
});

test('the line table reads \\n, \\r\\n and lone \\r line breaks alike', () => {
  const lines = ['Title', '=====', '', '  * item', ' \t', '\tindented by a tab', '\f', 'last'];
  const expected = [
    [0, false],
    [0, false],
    [0, true],
    [2, false],
    [8, true],
    [8, false],
    [1, true],
    [0, false],
  ];
  for (const nl of ['\n', '\r\n', '\r']) {
    for (const tail of ['', nl]) {
      const text = lines.join(nl) + tail;
      const doc = parseRst(text, { registry });
      const t = doc.lines;
      const table = Array.from({ length: t.length }, (_, n) => ({ start: t.start[n], end: t.end[n], textStart: t.textStart[n], indent: t.indent[n], blank: t.textStart[n] >= t.end[n] }));
      const seen = table.map((l) => [l.indent, l.blank]);
      assert.deepEqual(seen.slice(0, lines.length), expected, JSON.stringify(nl));
      assert.equal(doc.lines.length, lines.length + (tail ? 1 : 0));
      table.forEach((l, n) => {
        if (n < lines.length) assert.equal(text.slice(l.start, l.end), lines[n]);
        assert.equal(text.slice(l.start, l.textStart), n < lines.length ? lines[n].slice(0, l.textStart - l.start) : '');
      });
      assert.deepEqual(
        doc.blocks.map((b) => b.kind),
        ['section', 'blockQuote', 'paragraph'],
      );
    }
  }
});

test('a tree stays as parsed while other documents are parsed after it (the top-level line objects are reused)', { skip: hasCorpus() ? false : `corpus not found at ${CORPUS}` }, () => {
  // A CSV cell's body is parsed while its document's parse is running: it must not take that parse's lines.
  const csv = 'Title\n=====\n\n.. csv-table::\n\n   "* a\n   * b", "text\n\n   more"\n   c, d\n\nAfter.\n';
  const texts = [csv, ...corpusFiles().map((f) => fs.readFileSync(f, 'utf8')), csv];
  assert.ok(texts.length > 200, `${texts.length} documents`);
  const digest = (d: RstDocument) => createHash('sha256').update(JSON.stringify([d.blocks, d.problems, d.sections, [...d.lines.start], [...d.lines.indent]])).digest('hex');
  const docs: RstDocument[] = [];
  const first: string[] = [];
  for (const t of texts) {
    const d = parseRst(t, { registry });
    docs.push(d);
    first.push(digest(d));
  }
  docs.forEach((d, i) => assert.equal(digest(d), first[i], `document ${i} changed after the later parses`));
  assert.equal(first[0], first[first.length - 1], 'the same text parses alike first and last');
  const kinds = flatten(docs[0]).blocks.map((b) => (b.kind === 'table' ? `table:${b.tableType}` : b.kind));
  assert.ok(kinds.includes('table:csv') && kinds.includes('bulletList'), `the CSV table and the list in its cell: ${kinds}`);
});

test('blank lines inside nested bodies keep every block and its text', () => {
  const text = '.. note::\n\n   * one\n\n     ::\n\n        code\n\n        more\n\n   * two\n\n     | a\n\n   Term\n      body\n\n      second\n';
  const doc = parseRst(text, { registry });
  assert.deepEqual(doc.problems, []);
  const note = doc.blocks[0];
  assert.ok(note.kind === 'directive' && note.body);
  assert.deepEqual(
    note.body.map((b) => b.kind),
    ['bulletList', 'definitionList'],
  );
  const list = note.body[0];
  assert.ok(list.kind === 'bulletList');
  const literal = list.items[0].body[1];
  assert.ok(literal.kind === 'literal');
  assert.equal(literal.text, 'code\n\nmore');
  const def = note.body[1];
  assert.ok(def.kind === 'definitionList');
  assert.deepEqual(
    def.items[0].body.map((b) => b.kind),
    ['paragraph', 'paragraph'],
  );
});

/**
 * The parse grows linearly (test/unit/complexity.ts): the line table's two paths (with and without carriage
 * returns) and bodies nested with blank lines, whose blank lines every level shares.
 */
function parsesLinearly(name: string, build: (n: number) => string, n: number) {
  test(`${name}: four times the input costs less than eight times as much`, { timeout: 120000 }, (t) => {
    expectLinear(name, build, (text) => parseRst(text, { registry }), n, { log: (l) => t.diagnostic(l) });
  });
}

parsesLinearly('100,000 short lines with \\n', (n) => 'word\n\n'.repeat(n / 2), 100_000);
parsesLinearly('100,000 short lines with \\r\\n', (n) => 'word\r\n\r\n'.repeat(n / 2), 100_000);
parsesLinearly(
  'lists nested four deep with blank lines between items',
  (n) => '* a\n\n  * b\n\n    * c\n\n      * d\n\n        text\n\n'.repeat(n),
  5_000,
);

test('a reference over two lines of a line block or an attribution in a table cell takes no text of the other cells', () => {
  const refs = (text: string) =>
    flatten(parseRst(text, { registry }))
      .inlines.filter((n) => n.kind === 'reference')
      .map((n) => (n.kind === 'reference' ? { refname: n.refname, text: n.text, name: text.slice(n.nameSpan.start, n.nameSpan.end), start: n.start, end: n.end } : undefined));
  const lineBlock = '+-------+---------------+\n| M     | | See `Foo    |\n|       |   Bar`_ ok.   |\n+-------+---------------+\n';
  const [r] = refs(lineBlock);
  assert.equal(r?.refname, 'foo bar');
  assert.equal(r?.start, lineBlock.indexOf('`Foo'));
  assert.equal(r?.end, lineBlock.indexOf('_ ok') + 1);
  const attribution =
    '+---+-------------------+\n| M | Text.             |\n|   |                   |\n|   |    Quote.         |\n|   |                   |\n|   |    -- See `Foo    |\n|   |    Bar`_ ok.      |\n+---+-------------------+\n';
  const [a] = refs(attribution);
  assert.equal(a?.refname, 'foo bar');
  assert.equal(a?.start, attribution.indexOf('`Foo'));
  assert.equal(a?.end, attribution.indexOf('_ ok') + 1);
  // The same line block outside a table: the continuation line joins the first as before.
  const plain = '| See `Foo\n  Bar`_ ok.\n';
  assert.deepEqual(refs(plain), [{ refname: 'foo bar', text: 'Foo\n  Bar', name: 'Foo\n  Bar', start: 6, end: 18 }]);
});

test("csv-table :file: cells are parsed in the document, at the option's value; a `[#]_` in them takes its place among the document's", () => {
  const text = 'Before [#]_.\n\n.. csv-table:: T\n   :file: t.csv\n\nAfter [#]_ and *open.\n\n.. [#] first\n.. [#] second\n.. [#] third\n';
  const asked: string[] = [];
  const doc = parseRst(text, { registry: createRegistry([], []), readFile: (p) => (asked.push(p), 'a [#]_ and *open,b\n') });
  assert.deepEqual(asked, ['t.csv']);
  const value = text.indexOf('t.csv');
  const refs = flatten(doc).inlines.filter((i) => i.kind === 'footnoteRef');
  assert.deepEqual(refs.map((r) => r.start), [text.indexOf('[#]_'), value, text.indexOf('[#]_ and')]);
  assert.deepEqual(refs.map((r) => r.end - r.start), [4, 5, 4]);
  // The cell's unclosed emphasis is docutils' warning, at the option (the file's offsets are not the document's).
  const starts = doc.problems.filter((p) => p.message.includes('emphasis')).map((p) => [p.start, p.end]);
  assert.deepEqual(starts, [[value, value + 5], [text.indexOf('*open'), text.indexOf('*open') + 1]]);
  // Without a reader, the file is not read.
  assert.equal(flatten(parseRst(text, { registry: createRegistry([], []) })).inlines.filter((i) => i.kind === 'footnoteRef').length, 2);
});
