import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLanguageService, limitPublished, type HgDiagnostic } from '../../server/src/languageService';
import { defaultSettings, type Settings } from '../../server/src/protocol/settings';
import { buildLineStarts, offsetToPosition } from '../../server/src/rst/lines';
import { parseMarkers } from './markers';

/**
 * Every RST diagnostic code, on a minimal document: the message (docutils' wording), the code, the
 * severity and the exact span. `$[` and `$]` mark where the span must start and end; they are removed
 * from the text before checking.
 */
function check(marked: string, settings: Settings = defaultSettings): { diags: HgDiagnostic[]; text: string; span: [number, number] } {
  const { text, spans } = parseMarkers(marked);
  const [start, end] = spans[0] ?? [-1, -1];
  const service = createLanguageService({ settings: () => settings });
  const diags = service.computeRstDiagnostics({ uri: 'mem://test.rst', version: 1, getText: () => text });
  return { diags, text, span: [start, end] };
}

function expectOne(marked: string, code: string, message: string | RegExp, severity: HgDiagnostic['severity']) {
  const { diags, text, span } = check(marked);
  const hits = diags.filter((d) => d.code === code);
  assert.equal(hits.length, 1, `expected one ${code}, got: ${JSON.stringify(diags.map((d) => [d.code, d.message]))}`);
  const d = hits[0];
  if (typeof message === 'string') assert.equal(d.message, message);
  else assert.match(d.message, message);
  assert.equal(d.severity, severity);
  if (span[0] >= 0) {
    const starts = buildLineStarts(text);
    const show = (o: number) => JSON.stringify(offsetToPosition(starts, o));
    assert.equal(`${show(d.start)}-${show(d.end)}`, `${show(span[0])}-${show(span[1])}`, `span of ${code}`);
  }
  return diags;
}

test('title underline too short: warning on the underline', () => {
  expectOne('Title text\n$[=====$]\n\nBody.\n', 'rst.title-underline-too-short', 'Title underline too short.', 'warning');
});

test('title overline too short and overline/underline mismatch', () => {
  expectOne('$[====$]\nLong title\n====\n', 'rst.title-overline-too-short', 'Title overline too short.', 'warning');
  expectOne('$[==========\nTitle\n=============$]\n', 'rst.title-overline-mismatch', 'Title overline & underline mismatch.', 'error');
});

test('incomplete and unmatched overlines', () => {
  expectOne('$[==========\nTitle$]', 'rst.title-incomplete', 'Incomplete section title.', 'error');
  expectOne('$[==========\nTitle\nnot an underline$]\n', 'rst.title-missing-underline', 'Missing matching underline for section title overline.', 'error');
});

test('title level inconsistent: a new style below the current depth', () => {
  expectOne('One\n===\n\nTwo\n---\n\nThree\n~~~~~\n\nFour\n====\n\n$[Five$]\n^^^^\n', 'rst.title-level-inconsistent', 'Title level inconsistent:', 'error');
});

test('unexpected section title inside a block quote', () => {
  expectOne('Para.\n\n   $[Title\n   =====$]\n', 'rst.unexpected-section-title', 'Unexpected section title.', 'error');
});

test('constructs that end without a blank line', () => {
  expectOne('* item\n$[text$]\n', 'rst.no-blank-line', 'Bullet list ends without a blank line; unexpected unindent.', 'warning');
  expectOne('1. item\n\n   more\n$[text$]\n', 'rst.no-blank-line', 'Enumerated list ends without a blank line; unexpected unindent.', 'warning');
  expectOne(':f: v\n$[text$]\n', 'rst.no-blank-line', 'Field list ends without a blank line; unexpected unindent.', 'warning');
  expectOne('term\n   def\n$[text$]\n', 'rst.no-blank-line', 'Definition list ends without a blank line; unexpected unindent.', 'warning');
  expectOne('.. note:: x\n$[text$]\n', 'rst.no-blank-line', 'Explicit markup ends without a blank line; unexpected unindent.', 'warning');
  expectOne('Para.\n\n   quote\n$[text$]\n', 'rst.no-blank-line', 'Block quote ends without a blank line; unexpected unindent.', 'warning');
  expectOne('| line\n$[text$]\n', 'rst.no-blank-line', 'Line block ends without a blank line.', 'warning');
  expectOne('Para::\n\n   literal\n$[text$]\n', 'rst.no-blank-line', 'Literal block ends without a blank line; unexpected unindent.', 'warning');
});

test('consecutive explicit markup needs no blank line', () => {
  const { diags } = check('.. _a: https://a.example\n.. _b: https://b.example\n\n`a`_ `b`_\n');
  assert.deepEqual(diags, []);
});

test('hyperlink targets as docutils reads them: one space before the colon, a malformed one, and what is no target at all', () => {
  // `` `name` : url `` and ``name : url`` are targets (docutils' pattern allows one space before the colon).
  const ok = check('See `a.py`_ and `b c`_ and d_.\n\n.. _`a.py` : https://example.org/a.py\n.. _`b c`: https://example.org/b\n.. _d : https://example.org/d\n');
  assert.deepEqual(ok.diags.map((d) => d.code), []);
  // No colon after the name on any line of the block: docutils warns "malformed hyperlink target." and drops it.
  expectOne('Text.\n\n$[.. _`d`x: https://example.org/d$]\n', 'rst.malformed-target', 'malformed hyperlink target.', 'warning');
  expectOne('Text.\n\n$[.. _nocolon here$]\n', 'rst.malformed-target', 'malformed hyperlink target.', 'warning');
  // The name does not end at a colon after a colon (pelican's `Framework :: Pelican :: Plugins`), nor after two
  // spaces; docutils 0.19 reads `a :: b` and `a\:` as names, and warns on the last two.
  const colons = check('See `Framework :: Pelican :: Plugins`_, `a :: b`_ and `a:`_.\n\n.. _Framework :: Pelican :: Plugins: https://example.org/p\n.. _a :: b: https://example.org/a\n.. _a\\:: https://example.org/c\n');
  assert.deepEqual(colons.diags.map((d) => d.code), []);
  expectOne('Text.\n\n$[.. _a ::: https://example.org/a$]\n', 'rst.malformed-target', 'malformed hyperlink target.', 'warning');
  expectOne('Text.\n\n$[.. _a  : https://example.org/a$]\n', 'rst.malformed-target', 'malformed hyperlink target.', 'warning');
  // A name that only ends on a later line of the block is no malformed target; `.. _` followed by a space or
  // the end of the line is a comment.
  assert.deepEqual(check('Text.\n\n.. _`a long\n   name`: https://example.org/long\n\n.. _ a comment\n\n.. _\n').diags.map((d) => d.code), []);
});

test('unexpected indentation inside a paragraph', () => {
  expectOne('Line one\nline two\n   $[indented$]\n', 'rst.unexpected-indentation', 'Unexpected indentation.', 'error');
});

test('literal block expected', () => {
  expectOne('Paragraph::\n\n$[Not indented.$]\n', 'rst.literal-block-expected', 'Literal block expected; none found.', 'warning');
});

test('malformed tables and a missing blank line after a table', () => {
  expectOne('$[+-----+----+\n| bad  |\n+-----+----+$]\n', 'rst.malformed-table', 'Malformed table.', 'error');
  expectOne('$[=====  =====\nA      B$]\n', 'rst.malformed-table', 'Malformed table. No bottom table border found.', 'error');
  // docutils: text right under a simple table makes it malformed; under a grid table it is a warning.
  expectOne('$[=====  =====\nA      B\n=====  =====$]\ntext\n', 'rst.malformed-table', 'Malformed table. No bottom table border found or no blank line after table bottom.', 'error');
  expectOne('+---+\n| a |\n+---+\n$[text$]\n', 'rst.table-no-blank-line', 'Blank line required after table.', 'warning');
});

test('unknown directive, with "did you mean"', () => {
  expectOne('.. $[grapviz$]::\n\n   digraph { a }\n', 'rst.unknown-directive', 'Unknown directive type "grapviz". Did you mean "graphviz"?', 'error');
});

test('directives declared in settings are accepted', () => {
  const settings = { ...defaultSettings, directives: ['confval'], roles: ['neutron-cli'] };
  const { diags } = check('.. confval:: x\n   :type: int\n\nSee :neutron-cli:`port-create`.\n', settings);
  assert.deepEqual(diags, []);
});

test('directive argument and option errors', () => {
  expectOne('.. image::\n', 'rst.directive-error', 'Error in "image" directive: 1 argument(s) required, 0 supplied.', 'error');
  expectOne('.. graphviz::\n   :$[bogus$]: 1\n\n   digraph { a }\n', 'rst.directive-error', 'Error in "graphviz" directive: unknown option: "bogus".', 'error');
  expectOne(
    '.. graphviz::\n   :align: $[middle$]\n\n   digraph { a }\n',
    'rst.directive-error',
    'Error in "graphviz" directive: invalid option value: (option: "align"; value: \'middle\') "middle" unknown; choose from "left", "center", or "right".',
    'error',
  );
  expectOne('.. contents::\n   :depth: $[two$]\n', 'rst.directive-error', /invalid option value: \(option: "depth"; value: 'two'\)/, 'error');
  expectOne('.. image:: a.png\n\n   $[caption$]\n', 'rst.directive-error', 'Error in "image" directive: no content permitted.', 'error');
});

test('a graphviz directive without the blank line says what is wrong', () => {
  expectOne(
    '.. $[graphviz::$]\n   digraph G {\n     a -> b\n   }\n',
    'rst.directive-no-blank-line',
    /must be separated from the directive line by a blank line; without it the 3 line\(s\) below are read as arguments .*maximum 1 argument\(s\) allowed, 7 supplied/,
    'error',
  );
});

test('a directive whose arguments or options fail never runs: its content is neither checked nor parsed (docutils reports the one error)', () => {
  // redis-py's `.. code:: python` with the code right under it: no "Content block expected" beside the argument error.
  const codes = (text: string) => check(text).diags.map((d) => d.code);
  assert.deepEqual(codes('.. code:: python\n   x = 1\n   y = 2\n'), ['rst.directive-no-blank-line']);
  assert.deepEqual(codes('.. image:: a.png b.png\n\n   caption\n'), ['rst.directive-error']);
  assert.deepEqual(codes('.. note::\n   :bogus: 1\n\n   *unterminated emphasis\n'), ['rst.directive-error']);
  // Without the failure, the same content is checked.
  assert.deepEqual(codes('.. note::\n\n   *unterminated emphasis\n'), ['rst.inline-unterminated']);
  assert.deepEqual(codes('.. image:: a.png\n\n   caption\n'), ['rst.directive-error']);
});

test('content expected', () => {
  expectOne('$[.. note::$]\n\nText.\n', 'rst.content-expected', 'Content block expected for the "note" directive; none found.', 'error');
});

test('unknown target, with "did you mean"', () => {
  expectOne(
    'See `$[toz driver list$]`_.\n\n.. _tooz driver list: https://docs.example.org/tooz\n',
    'rst.unknown-target',
    'Unknown target name: "toz driver list". Did you mean "tooz driver list"?',
    'error',
  );
});

test('references resolve case- and white-space-insensitively, to sections and inline targets too', () => {
  const { diags } = check('Some Section\n============\n\nSee `some   section`_, `Tooz\ndriver list`_ and _`here`, here_.\n\n.. _tooz driver list: https://x.example\n');
  assert.deepEqual(diags, []);
});

test('duplicate explicit targets', () => {
  expectOne('.. _ha:\n\n.. _$[ha$]:\n\nText.\n', 'rst.duplicate-target', 'Duplicate explicit target name: "ha".', 'warning');
  const same = check('.. _x: https://a.example\n.. _x: https://a.example\n\n`x`_\n');
  assert.deepEqual(same.diags, [], 'same URI twice is only informational');
});

test('a reference to an ambiguous name', () => {
  expectOne(
    '.. _x: https://a.example\n.. _x: https://b.example\n\nSee `$[x$]`_.\n',
    'rst.duplicate-target-reference',
    'Duplicate target name, cannot be used as a unique reference: "x".',
    'error',
  );
});

test('anonymous hyperlink mismatch', () => {
  expectOne('See `one`__ and `two`__.\n\n__ https://one.example\n', 'rst.anonymous-mismatch', 'Anonymous hyperlink mismatch: 2 references but 1 targets.', 'error');
});

test('undefined and duplicate substitutions; Sphinx defines |version| and |release|', () => {
  expectOne('Hello |$[name$]|.\n', 'rst.undefined-substitution', 'Undefined substitution referenced: "name".', 'error');
  expectOne('.. |a| replace:: x\n.. |$[a$]| replace:: y\n\n|a|\n', 'rst.duplicate-substitution', 'Duplicate substitution definition name: "a".', 'error');
  assert.deepEqual(check('Version |version| of |release|.\n').diags, []);
  // docutils notes a definition by its name with case kept: two names that differ in case are two
  // substitutions (CMake's |XXX| and |xxx|), each used as written; the same name twice is a duplicate however spaced.
  assert.deepEqual(check('.. |XXX| replace:: ARCHIVE\n.. |xxx| replace:: archive\n\n|XXX| and |xxx|.\n').diags, []);
  expectOne('.. |a  b| replace:: x\n.. |$[a b$]| replace:: y\n\n|a b|\n', 'rst.duplicate-substitution', 'Duplicate substitution definition name: "a b".', 'error');
});

test('a parsed literal and a line-block directive read inline markup: their substitutions and references are checked', () => {
  // docutils: "Undefined substitution referenced" in both (parsed-literal: the content is inline text; line-block: each line is).
  expectOne('.. |tag| replace:: 1.0\n\n.. parsed-literal::\n\n   git checkout |tag|\n     then |$[later$]|\n', 'rst.undefined-substitution', 'Undefined substitution referenced: "later".', 'error');
  expectOne('.. line-block::\n\n   first\n      second |$[gone$]|\n', 'rst.undefined-substitution', 'Undefined substitution referenced: "gone".', 'error');
  expectOne('.. parsed-literal::\n\n   see $[other$]_\n', 'rst.unknown-target', /^Unknown target name: "other"/, 'error');
  // Other literal directives keep their text as it is.
  assert.deepEqual(check('.. code-block:: text\n\n   |not_a_substitution| other_\n').diags, []);
});

test('footnote mismatches', () => {
  expectOne('Text [#]_ and [#]_.\n\n.. [#] only one\n', 'rst.footnote-mismatch', 'Too many autonumbered footnote references: only 1 corresponding footnotes available.', 'error');
  expectOne('Text [$[2$]]_.\n\n.. [1] one\n', 'rst.footnote-mismatch', 'Unknown target name: "2".', 'error');
  // docutils names an anonymous auto-numbered footnote by its number (the numbers skip names taken: `.. [1]`), not
  // one with a label of its own (sphinx-immaterial's `[1]_` to a `.. [#]`).
  assert.deepEqual(check('A [1]_ and [#]_.\n\n.. [#] one\n').diags, []);
  assert.deepEqual(check('A [1]_ [2]_ [#]_.\n\n.. [1] manual\n.. [#] auto, numbered 2\n').diags, []);
  expectOne('A [1]_ and [#]_ and [$[2$]]_.\n\n.. [#] one\n', 'rst.footnote-mismatch', 'Unknown target name: "2".', 'error');
  expectOne('A [$[1$]]_ [#n]_.\n\n.. [#n] numbered 1, named n\n', 'rst.footnote-mismatch', 'Unknown target name: "1".', 'error');
  // docutils 0.19: two footnotes labelled 1 are a duplicate target name, and the reference cannot choose.
  assert.deepEqual(
    check('Ref [1]_.\n\n.. [1] one\n.. [1] again\n').diags.map((d) => `${d.code} ${d.message}`),
    ['rst.duplicate-target-reference Duplicate target name, cannot be used as a unique reference: "1".', 'rst.duplicate-target Duplicate explicit target name: "1".'],
  );
  // Labels compare as names: no mismatch.
  assert.deepEqual(check('GitHub [#github]_ and [#Hg]_.\n\n.. [#GitHub] one\n.. [#hg] two\n').diags, []);
});

test('unknown role, with "did you mean"; roles defined with the role directive are known', () => {
  expectOne('Use :$[reff$]:`x`.\n', 'rst.unknown-role', 'Unknown interpreted text role "reff". Did you mean "ref"?', 'error');
  assert.deepEqual(check('.. role:: custom\n\nUse :custom:`x` and :ref:`y` and :py:func:`z`.\n').diags, []);
  // docutils 0.19 registers the role when it parses the directive: a use above it is an unknown role (its line 4
  // here), the use below it is not.
  expectOne(
    'Title\n=====\n\nUse :$[green$]:`x` first.\n\n.. role:: green\n\nThen :green:`y`.\n',
    'rst.unknown-role',
    'Unknown interpreted text role "green". It is declared with ".. role::" further down; a role is known only after its declaration.',
    'error',
  );
});

test('unterminated inline markup', () => {
  expectOne('Use $[``$]designate-manage pool update\n', 'rst.inline-unterminated', 'Inline literal start-string without end-string.', 'warning');
});

test('INFO-level docutils messages are off by default and can be turned on', () => {
  const text = 'Same\n====\n\nSame\n====\n\n.. _unused: https://x.example\n';
  assert.deepEqual(check(text).diags, []);
  const on = { ...defaultSettings, diagnostics: { severity: { 'rst.duplicate-implicit-target': 'information', 'rst.target-not-referenced': 'hint' } as Settings['diagnostics']['severity'] } };
  assert.deepEqual(
    check(text, on).diags.map((d) => [d.code, d.severity]),
    [
      ['rst.duplicate-implicit-target', 'information'],
      ['rst.target-not-referenced', 'hint'],
    ],
  );
});

test('severity can be changed or turned off per code', () => {
  const text = 'Title text\n=====\n';
  const off = { ...defaultSettings, diagnostics: { severity: { 'rst.title-underline-too-short': 'off' } as Settings['diagnostics']['severity'] } };
  assert.deepEqual(check(text, off).diags, []);
  const err = { ...defaultSettings, diagnostics: { severity: { 'rst.title-underline-too-short': 'error' } as Settings['diagnostics']['severity'] } };
  assert.equal(check(text, err).diags[0].severity, 'error');
});

test('the seed HA guide has no problem', async () => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const text = fs.readFileSync(path.resolve(__dirname, '../../../examples/ha.rst'), 'utf8');
  const service = createLanguageService();
  assert.deepEqual(service.computeRstDiagnostics({ uri: 'mem://ha.rst', version: 1, getText: () => text }), []);
});

test('a section is named by its title text without markup, as docutils names it (title.astext())', () => {
  // setuptools' pkg_resources page refers to "``Environment`` Objects" as `Environment Objects`_.
  const text = [
    '``Env`` Objects',
    '===============',
    '',
    'See `Env Objects`_, `Link title`_, `Role title`_ and `*Em* title`_.',
    '',
    '*Em* title',
    '==========',
    '',
    '`Link <https://example.org>`__ title',
    '====================================',
    '',
    ':ref:`Role <somewhere>` title',
    '=============================',
    '',
  ].join('\n');
  assert.deepEqual(
    check(text).diags.filter((d) => d.code === 'rst.unknown-target').map((d) => d.message),
    ['Unknown target name: "*em* title". Did you mean "em title"?'],
  );
});

test('misplaced transitions', () => {
  expectOne('Title\n=====\n\n$[----------$]\n\nText.\n', 'rst.transition-misplaced', 'Document or section may not begin with a transition.', 'error');
  expectOne('Text.\n\n----------\n\n$[----------$]\n\nMore.\n', 'rst.transition-misplaced', 'At least one body element must separate transitions; adjacent transitions are not allowed.', 'error');
  expectOne('Text.\n\n$[----------$]\n', 'rst.transition-misplaced', 'Document may not end with a transition.', 'error');
  assert.deepEqual(check('Text.\n\n----------\n\nMore.\n').diags, []);
  // docutils 0.19 counts comments, targets and substitution definitions as elements: none of these is reported.
  for (const text of [
    'Title\n=====\n\nPara.\n\n----\n\n.. _Sphinx: https://www.sphinx-doc.org/\n',
    '.. a comment\n\n----\n\nPara.\n',
    'Title\n=====\n\n.. _x:\n\n----\n\nPara.\n',
    'Para.\n\n----\n\n.. |s| replace:: x\n',
    'Para.\n\n----\n\n.. comment\n',
    'Para.\n\n----\n\n.. _t:\n\n----\n\nMore.\n',
  ]) {
    assert.deepEqual(check(text).diags.filter((d) => d.code === 'rst.transition-misplaced'), [], text);
  }
});

test('past 1,000 problems the editor gets the errors first and a note with the count, in document order', () => {
  const d = (i: number, severity: HgDiagnostic['severity']): HgDiagnostic => ({ code: `x.${i}`, message: 'm', severity, source: 'rst', start: i, end: i + 1 });
  const few = [d(1, 'warning'), d(2, 'error')];
  assert.equal(limitPublished(few), few);
  const many = Array.from({ length: 5000 }, (_, i) => d(i, i % 10 === 0 ? 'error' : 'warning'));
  const out = limitPublished(many);
  assert.equal(out.length, 1000);
  assert.equal(out[0].code, 'rst.too-many-problems');
  assert.match(out[0].message, /^5,000 problems in this document: the first 999 are shown, errors first/);
  // All 500 errors, then the first 499 warnings; in document order.
  assert.equal(out.filter((x) => x.severity === 'error').length, 500);
  const rest = out.slice(1);
  assert.ok(rest.every((x, k) => k === 0 || x.start > rest[k - 1].start));
  assert.equal(rest.filter((x) => x.severity === 'warning').at(-1)!.start, 554);
});
