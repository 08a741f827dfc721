import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInline } from '../../server/src/rst/inline';
import { splitExplicitTitle } from '../../server/src/rst/text';
import type { Inline, InlineResult } from '../../server/src/rst/types';
import { expectLinear } from './complexity';

// Expected results below were checked against docutils 0.19 (`Inliner.parse`) on the same strings.

/** Checks the invariants every result must keep, then returns it. */
function checked(start: number, end: number, r: InlineResult): InlineResult {
  let at = start;
  for (const n of r.nodes) {
    assert.equal(n.start, at, `nodes must tile the region: ${JSON.stringify(n)} should start at ${at}`);
    assert.ok(n.end > n.start, `empty node ${JSON.stringify(n)}`);
    at = n.end;
  }
  assert.equal(at, start === end ? start : end, 'nodes must cover the region');
  for (const p of r.problems) {
    assert.ok(p.start >= start && p.end <= end && p.start < p.end, `problem span ${JSON.stringify(p)}`);
  }
  for (const n of r.nodes) {
    for (const span of spansOf(n)) assert.ok(span.start >= n.start && span.end <= n.end && span.start <= span.end);
  }
  return r;
}

function spansOf(n: Inline): { start: number; end: number }[] {
  switch (n.kind) {
    case 'emphasis':
    case 'strong':
    case 'literal':
      return [n.contentSpan];
    case 'interpreted':
      return n.roleSpan ? [n.contentSpan, n.roleSpan] : [n.contentSpan];
    case 'reference':
    case 'inlineTarget':
    case 'substitutionRef':
      return [n.nameSpan];
    case 'footnoteRef':
    case 'citationRef':
      return [n.labelSpan];
    default:
      return [];
  }
}

function parse(text: string): InlineResult {
  return checked(0, text.length, parseInline(text, 0, text.length));
}

/** A compact view: each node as `kind:source`, text nodes as their resolved text. */
function shape(text: string): string[] {
  return parse(text).nodes.map((n) => (n.kind === 'text' ? `text:${n.text}` : `${n.kind}:${text.slice(n.start, n.end)}`));
}

function messages(text: string): string[] {
  return parse(text).problems.map((p) => p.message);
}

/** The node type whose `kind` admits `K` (StyledInline has three kinds). */
type NodeOf<T, K> = T extends { kind: infer U } ? (K extends U ? T : never) : never;

function only<K extends Inline['kind']>(text: string, kind: K): NodeOf<Inline, K> {
  const found = parse(text).nodes.filter((n) => n.kind === kind);
  assert.equal(found.length, 1, `one ${kind} in ${JSON.stringify(text)}`);
  return found[0] as NodeOf<Inline, K>;
}

const EMPHASIS = 'Inline emphasis start-string without end-string.';
const STRONG = 'Inline strong start-string without end-string.';
const LITERAL = 'Inline literal start-string without end-string.';
const INTERPRETED = 'Inline interpreted text or phrase reference start-string without end-string.';
const SUBSTITUTION = 'Inline substitution_reference start-string without end-string.';
const TARGET = 'Inline target start-string without end-string.';

// ---------------------------------------------------------------------------------------------
// Constructs
// ---------------------------------------------------------------------------------------------

test('plain text is one text node', () => {
  assert.deepEqual(parse('Just words.').nodes, [{ kind: 'text', start: 0, end: 11, text: 'Just words.' }]);
  assert.deepEqual(parse('').nodes, []);
});

test('emphasis, strong and literal with their content spans', () => {
  const text = 'An *emphasis*, a **strong** and ``literal``.';
  const r = parse(text);
  assert.deepEqual(
    r.nodes.map((n) => n.kind),
    ['text', 'emphasis', 'text', 'strong', 'text', 'literal', 'text'],
  );
  assert.deepEqual(r.nodes[1], { kind: 'emphasis', start: 3, end: 13, text: 'emphasis', contentSpan: { start: 4, end: 12 } });
  assert.deepEqual(r.nodes[3], { kind: 'strong', start: 17, end: 27, text: 'strong', contentSpan: { start: 19, end: 25 } });
  assert.deepEqual(r.nodes[5], { kind: 'literal', start: 32, end: 43, text: 'literal', contentSpan: { start: 34, end: 41 } });
  assert.deepEqual(r.problems, []);
});

test('literals keep backslashes; emphasis resolves them', () => {
  assert.equal(only('``a\\b\\``', 'literal').text, 'a\\b\\');
  assert.equal(only('*a\\\\*', 'emphasis').text, 'a\\');
  assert.equal(only('*a\\*b*', 'emphasis').text, 'a*b');
  assert.equal(only('``*not emphasis*``', 'literal').text, '*not emphasis*');
});

test('interpreted text: default role, prefix and suffix roles, lower-cased', () => {
  const plain = only('`x`', 'interpreted');
  assert.equal(plain.role, undefined);
  assert.equal(plain.text, 'x');

  const ref = only('See :ref:`ha` here', 'interpreted');
  assert.deepEqual(ref, {
    kind: 'interpreted',
    start: 4,
    end: 13,
    role: 'ref',
    roleSpan: { start: 5, end: 8 },
    text: 'ha',
    contentSpan: { start: 10, end: 12 },
  });

  const upper = only(':PEP:`8`', 'interpreted');
  assert.equal(upper.role, 'pep');

  const dotted = only(':py:func:`len`', 'interpreted');
  assert.equal(dotted.role, 'py:func');
  assert.deepEqual(dotted.roleSpan, { start: 1, end: 8 });

  const suffix = only('`x + y`:math: done', 'interpreted');
  assert.equal(suffix.role, 'math');
  assert.deepEqual([suffix.start, suffix.end], [0, 13]);
  assert.deepEqual(suffix.roleSpan, { start: 8, end: 12 });
});

test('role text with an explicit title is kept as written', () => {
  const doc = only(':doc:`Title </admin/ha>`', 'interpreted');
  assert.equal(doc.role, 'doc');
  assert.equal(doc.text, 'Title </admin/ha>');
  assert.deepEqual(doc.contentSpan, { start: 6, end: 23 });
});

test("an explicit title is split as Sphinx's ReferenceRole splits it: the target may hold < and >, an escaped \\< starts none", () => {
  const at = (raw: string, text = raw) => {
    const x = splitExplicitTitle(text, 100, raw);
    return { ...x, written: x.explicit ? raw.slice(x.span.start - 100, x.span.end - 100) : undefined };
  };
  assert.deepEqual(at('Title </admin/ha>'), { target: '/admin/ha', span: { start: 107, end: 116 }, explicit: true, title: 'Title', written: '/admin/ha' });
  // CMake's `:ref:` to a label with angle brackets in it: Sphinx 5.3 links it.
  assert.deepEqual(at('<ORIGIN>_autogen <<ORIGIN>_autogen>'), { target: '<ORIGIN>_autogen', span: { start: 118, end: 134 }, explicit: true, title: '<ORIGIN>_autogen', written: '<ORIGIN>_autogen' });
  // The lazy title: everything after the first ` <` that the text ends after with `>` is the target, as in Sphinx.
  assert.equal(at('a <b> <c>').target, 'b> <c');
  // Escaped angle brackets: one target, the whole text (CMake's `Linking Object Libraries via \$\<TARGET_OBJECTS\>`).
  const escaped = at('Linking via \\$\\<TARGET_OBJECTS\\>', 'Linking via $<TARGET_OBJECTS>');
  assert.deepEqual([escaped.explicit, escaped.target], [false, 'Linking via $<TARGET_OBJECTS>']);
  // An escaped `<` in the title does not end it; the last unescaped one starts the target.
  assert.deepEqual([at('a \\< b <t>', 'a < b <t>').title, at('a \\< b <t>', 'a < b <t>').target], ['a < b', 't']);
  // Text that is not the content as written is split as itself.
  assert.equal(at('Other <x>', 'Title <y>').target, 'y');
});

test('phrase references normalise their name', () => {
  const text = 'Run `tooz driver list`_ first.';
  const ref = only(text, 'reference');
  assert.deepEqual(ref, {
    kind: 'reference',
    start: 4,
    end: 23,
    text: 'tooz driver list',
    refname: 'tooz driver list',
    nameSpan: { start: 5, end: 21 },
    anonymous: false,
    embedded: false,
  });
  assert.equal(only('`Tooz  Driver\tList`_', 'reference').refname, 'tooz driver list');
});

test('a reference spanning two lines', () => {
  const text = 'See the `tooz driver\n   list`_ for\n   details.';
  const ref = only(text, 'reference');
  assert.equal(ref.refname, 'tooz driver list');
  assert.equal(ref.text, 'tooz driver\n   list');
  assert.deepEqual(ref.nameSpan, { start: 9, end: 28 });
  assert.deepEqual(shape(text), ['text:See the ', 'reference:`tooz driver\n   list`_', 'text: for\n   details.']);
});

test('anonymous references', () => {
  const phrase = only('`some text`__', 'reference');
  assert.equal(phrase.anonymous, true);
  assert.equal(phrase.refname, undefined);
  const simple = only('see this__ now', 'reference');
  assert.deepEqual([simple.start, simple.end, simple.text, simple.anonymous], [4, 10, 'this', true]);
});

test('embedded URIs define a target named after the text', () => {
  const ref = only('`Tooz Docs <https://docs.openstack.org/tooz/>`_', 'reference');
  assert.equal(ref.uri, 'https://docs.openstack.org/tooz/');
  assert.equal(ref.text, 'Tooz Docs');
  assert.equal(ref.targetName, 'tooz docs');
  assert.equal(ref.refname, undefined);
  assert.equal(ref.embedded, true);
  assert.equal(ref.anonymous, false);
  assert.deepEqual(ref.nameSpan, { start: 1, end: 10 });

  const bare = only('`<https://x.org/a>`_', 'reference');
  assert.equal(bare.text, 'https://x.org/a');
  assert.equal(bare.uri, 'https://x.org/a');

  const anon = only('`t <https://y.org>`__', 'reference');
  assert.deepEqual([anon.uri, anon.anonymous, anon.targetName, anon.embedded], ['https://y.org', false, undefined, true]);
});

test('embedded aliases refer to another target by name', () => {
  const text = '`the text <Other  Name_>`_';
  const ref = only(text, 'reference');
  assert.equal(ref.refname, 'other name');
  assert.equal(ref.uri, undefined);
  assert.equal(ref.targetName, 'the text');
  assert.equal(text.slice(ref.nameSpan.start, ref.nameSpan.end), 'Other  Name');

  const anon = only('`t <al_>`__', 'reference');
  assert.deepEqual([anon.refname, anon.anonymous, anon.targetName], ['al', false, undefined]);
});

test('embedded URI details: white space, escapes, e-mail', () => {
  assert.equal(only('`a <http://x.org/ a\\ b>`_', 'reference').uri, 'http://x.org/a b');
  assert.equal(only('`mail <me@x.org>`_', 'reference').uri, 'mailto:me@x.org');
  assert.equal(only('`x <y\\_>`_', 'reference').uri, 'y_');
  // No white space before `<`: the whole text is the name.
  assert.equal(only('`a<b>`_', 'reference').refname, 'a<b>');
  // An escaped `<` is no embedded link.
  assert.equal(only('`word \\<x>`_', 'reference').refname, 'word <x>');
});

test('simple reference names', () => {
  assert.deepEqual(shape('see name_. and (a.b-c+d:e_)'), [
    'text:see ',
    'reference:name_',
    'text:. and (',
    'reference:a.b-c+d:e_',
    'text:)',
  ]);
  assert.equal(only('Some_Name_', 'reference').refname, 'some_name');
  assert.deepEqual(shape('a_b_c and __init__ and name_s'), ['text:a_b_c and __init__ and name_s']);
});

test('inline targets', () => {
  const t = only('An _`Inline  Target` here', 'inlineTarget');
  assert.deepEqual(t, {
    kind: 'inlineTarget',
    start: 3,
    end: 20,
    name: 'Inline  Target',
    refname: 'inline target',
    nameSpan: { start: 5, end: 19 },
  });
});

test('footnote and citation references', () => {
  const text = '[1]_ [#]_ [#note]_ [*]_ [CIT2002]_ [1a]_';
  const r = parse(text);
  const refs = r.nodes.filter((n) => n.kind !== 'text');
  assert.deepEqual(
    refs.map((n) => [n.kind, 'label' in n ? n.label : '']),
    [
      ['footnoteRef', '1'],
      ['footnoteRef', '#'],
      ['footnoteRef', '#note'],
      ['footnoteRef', '*'],
      ['citationRef', 'CIT2002'],
      ['citationRef', '1a'],
    ],
  );
  const cit = refs[4];
  assert.ok(cit.kind === 'citationRef');
  assert.equal(cit.refname, 'cit2002');
  assert.deepEqual(cit.labelSpan, { start: 25, end: 32 });
  assert.deepEqual(shape('[1] and [a b]_ and [1]_x'), ['text:[1] and [a b]_ and [1]_x']);
});

test('substitution references, plain and as hyperlinks', () => {
  const r = parse('|Name| and |a b|_ and |x|__');
  const subs = r.nodes.filter((n) => n.kind === 'substitutionRef');
  assert.deepEqual(
    subs.map((n) => [n.name, n.refname, n.reference, n.start, n.end]),
    [
      ['Name', 'name', 'none', 0, 6],
      ['a b', 'a b', 'named', 11, 17],
      ['x', 'x', 'anonymous', 22, 27],
    ],
  );
  assert.deepEqual(subs[0].nameSpan, { start: 1, end: 5 });
  assert.deepEqual(shape('||x||'), ['text:||x||']);
});

test('standalone URIs and e-mail addresses', () => {
  const text = 'Read https://docs.openstack.org/tooz/latest/ (or ftp://x.org/f.txt.) and file:///etc/hosts, mailto:me@x.org';
  const uris = parse(text).nodes.filter((n) => n.kind === 'uri');
  assert.deepEqual(
    uris.map((n) => [text.slice(n.start, n.end), n.uri]),
    [
      ['https://docs.openstack.org/tooz/latest/', 'https://docs.openstack.org/tooz/latest/'],
      ['ftp://x.org/f.txt', 'ftp://x.org/f.txt'],
      ['file:///etc/hosts', 'file:///etc/hosts'],
      ['mailto:me@x.org', 'mailto:me@x.org'],
    ],
  );
  const mail = only('Mail ops@example.com today.', 'uri');
  assert.deepEqual([mail.start, mail.end, mail.uri], [5, 20, 'mailto:ops@example.com']);
  assert.deepEqual(shape('<http://x.org>'), ['text:<', 'uri:http://x.org', 'text:>']);
});

test('unknown URI schemes stay text, as in docutils', () => {
  assert.deepEqual(shape('foo:bar'), ['text:foo:bar']);
  // docutils tries only the first candidate of a piece of text: an unknown scheme hides the rest.
  assert.deepEqual(shape('see note:this and http://x.org'), ['text:see note:this and http://x.org']);
  // The text between two markup nodes is a piece on its own.
  assert.deepEqual(shape('note:this *x* http://x.org'), ['text:note:this ', 'emphasis:*x*', 'text: ', 'uri:http://x.org']);
});

test('a URI is parsed before names inside it are references', () => {
  // docutils finds `a_b_` (a reference) first, then the URI in the text before it.
  assert.deepEqual(shape('see http://x.com/a_b_ more'), ['text:see ', 'uri:http://x.com/', 'reference:a_b_', 'text: more']);
});

test('backslash escapes', () => {
  assert.deepEqual(shape('\\*not emphasis\\*'), ['text:*not emphasis*']);
  assert.deepEqual(shape('\\`not interpreted\\`'), ['text:`not interpreted`']);
  assert.deepEqual(shape('a\\ b\\\nc \\\\'), ['text:abc \\']);
  assert.deepEqual(shape('*a*\\ s'), ['emphasis:*a*', 'text:s']);
  // An escaped backslash does not open markup either (it is no opener or delimiter).
  assert.deepEqual(shape('\\\\*x*'), ['text:\\*x*']);
  // An escaped backquote cannot end interpreted text.
  assert.deepEqual(shape('`a\\` b`'), ['interpreted:`a\\` b`']);
  assert.equal(only('`a\\` b`', 'interpreted').text, 'a` b');
});

// ---------------------------------------------------------------------------------------------
// Recognition rules
// ---------------------------------------------------------------------------------------------

test('start-string must follow white space, an opener or a delimiter', () => {
  assert.deepEqual(shape('2*x*y'), ['text:2*x*y']);
  assert.deepEqual(shape('a**b**c'), ['text:a**b**c']);
  assert.deepEqual(messages('2*x*y'), []);
  assert.equal(shape('(*a*) [*b*] {*c*} <*d*> "*e*" \'*f*\' -*g*- /*h*/ :*i*:').filter((s) => s.startsWith('emphasis')).length, 9);
  assert.deepEqual(shape('\u2014*a*\u2014'), ['text:\u2014', 'emphasis:*a*', 'text:\u2014']);
});

test('start-string must be followed by non-white space', () => {
  assert.deepEqual(shape('* a*'), ['text:* a*']);
  assert.deepEqual(messages('* a*'), []);
  assert.deepEqual(shape('`` x``'), ['text:`` x``']);
});

test('a lone start-string: at the start of the region it warns, elsewhere it is text', () => {
  assert.deepEqual(shape('*'), ['text:*']);
  assert.deepEqual(messages('*'), [EMPHASIS]);
  assert.deepEqual(messages('x *'), []);
});

test('quoted start-strings are text', () => {
  for (const q of ['"*"', "'*'", '(*)', '[*]', '{*}', '<*>', '\u00ab*\u00bb', '\u201c*\u201d', '\u201e*\u201c', '(**)', '"`"', '(|)']) {
    assert.deepEqual(shape(`a ${q} b`), [`text:a ${q} b`], q);
    assert.deepEqual(messages(`a ${q} b`), [], q);
  }
  // An opener and a closer that do not pair up do not quote.
  assert.deepEqual(messages('a (*] b'), [EMPHASIS]);
});

test('end-string must follow non-white space and precede white space or punctuation', () => {
  assert.deepEqual(messages('*a *'), [EMPHASIS]);
  assert.deepEqual(messages('*emphasis*s'), [EMPHASIS]);
  assert.deepEqual(shape('*a*, *b*. *c*; (*d*) *e*\u2014'), [
    'emphasis:*a*',
    'text:, ',
    'emphasis:*b*',
    'text:. ',
    'emphasis:*c*',
    'text:; (',
    'emphasis:*d*',
    'text:) ',
    'emphasis:*e*',
    'text:\u2014',
  ]);
  // The end-string may not be escaped (literals have no escapes).
  assert.deepEqual(messages('*a\\*'), [EMPHASIS]);
  assert.deepEqual(shape('``a\\``'), ['literal:``a\\``']);
});

test('after a construct, scanning resumes right behind it', () => {
  // The start-string right after `name_` counts as at the start of the rest (docutils' `^`).
  assert.deepEqual(shape('`x`_:ref:`y`'), ['reference:`x`_', 'interpreted::ref:`y`']);
  assert.deepEqual(shape('***x*'), ['text:**', 'emphasis:*x*']);
  assert.deepEqual(messages('***x*'), [STRONG]);
  assert.deepEqual(shape('****'), ['text:**', 'text:**']);
});

test('a role prefix needs a valid start position', () => {
  assert.deepEqual(shape('x:ref:`y`'), ['text:x:ref:', 'interpreted:`y`']);
});

// ---------------------------------------------------------------------------------------------
// Problems and recovery
// ---------------------------------------------------------------------------------------------

test('unterminated start-strings: docutils wording, the start-string as span, scanning goes on', () => {
  const cases: [string, string, number, number, string][] = [
    ['*a ``b``', EMPHASIS, 0, 1, 'literal'],
    ['**a *b*', STRONG, 0, 2, 'emphasis'],
    ['``a *b*', LITERAL, 0, 2, 'emphasis'],
    ['`a *b*', INTERPRETED, 0, 1, 'emphasis'],
    ['|a *b*', SUBSTITUTION, 0, 1, 'emphasis'],
    ['_`a *b*', TARGET, 0, 2, 'emphasis'],
  ];
  for (const [text, message, start, end, after] of cases) {
    const r = parse(text);
    assert.deepEqual(r.problems, [{ code: 'rst.inline-unterminated', message, start, end }], text);
    assert.deepEqual(r.nodes[0], { kind: 'text', start, end, text: text.slice(start, end) }, text);
    assert.deepEqual(r.nodes.slice(1).map((n) => n.kind), ['text', after], text);
  }
});

test('unterminated interpreted text with a role: only the backquote is the start-string', () => {
  const r = parse('See :ref:`x');
  assert.deepEqual(r.problems, [{ code: 'rst.inline-unterminated', message: INTERPRETED, start: 9, end: 10 }]);
  assert.deepEqual(shape('See :ref:`x'), ['text:See :ref:', 'text:`', 'text:x']);
});

test('role errors: both roles, or a role with a reference suffix', () => {
  const multiple = parse(':a:`x`:b: *e*');
  assert.deepEqual(multiple.problems, [
    {
      code: 'rst.role-error',
      message: 'Multiple roles in interpreted text (both prefix and suffix present; only one allowed).',
      start: 0,
      end: 9,
    },
  ]);
  assert.deepEqual(shape(':a:`x`:b: *e*'), ['text::a:`x`:b:', 'text: ', 'emphasis:*e*']);

  assert.deepEqual(parse('see :r:`x`_ now').problems, [
    { code: 'rst.role-error', message: 'Mismatch: both interpreted text role prefix and reference suffix.', start: 4, end: 11 },
  ]);
  assert.deepEqual(parse('`x`:r:__').problems, [
    { code: 'rst.role-error', message: 'Mismatch: both interpreted text role suffix and reference suffix.', start: 0, end: 8 },
  ]);
});

// ---------------------------------------------------------------------------------------------
// Regions inside a document
// ---------------------------------------------------------------------------------------------

test('offsets are offsets into the whole text; the region boundaries act as string boundaries', () => {
  const text = 'Title\n=====\n\nSome *emph* and `ref`_\n   continued\n';
  const start = text.indexOf('Some');
  const end = text.indexOf('continued') + 'continued'.length;
  const r = checked(start, end, parseInline(text, start, end));
  const emph = r.nodes.find((n) => n.kind === 'emphasis');
  assert.ok(emph);
  assert.equal(text.slice(emph.start, emph.end), '*emph*');
  const ref = r.nodes.find((n) => n.kind === 'reference');
  assert.ok(ref && ref.kind === 'reference');
  assert.equal(text.slice(ref.nameSpan.start, ref.nameSpan.end), 'ref');

  // Characters outside the region do not count: `x` before does not block, `\` before does not escape.
  const a = 'x*a*y';
  assert.deepEqual(parseInline(a, 1, 4).nodes.map((n) => n.kind), ['emphasis']);
  const b = '\\*a*';
  assert.deepEqual(parseInline(b, 1, 4).nodes.map((n) => n.kind), ['emphasis']);
  const c = '*a*bc';
  assert.deepEqual(parseInline(c, 0, 3).nodes.map((n) => n.kind), ['emphasis']);
});

test('never throws on odd arguments', () => {
  assert.deepEqual(parseInline('abc', 2, 1), { nodes: [], problems: [] });
  assert.deepEqual(parseInline('abc', -5, 99).nodes, [{ kind: 'text', start: 0, end: 3, text: 'abc' }]);
  assert.deepEqual(parseInline('abc', Number.NaN, Number.NaN), { nodes: [], problems: [] });
  assert.deepEqual(parseInline('', 0, 0), { nodes: [], problems: [] });
  // A lone surrogate and astral characters.
  parse('\ud800*a*\udc00 \u{1d400}_ `\u{1d400}`_');
});

test('fuzz: random strings never throw, nodes tile the region', () => {
  let seed = 0x5eed1234;
  const random = (): number => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const alphabet = [
    ...'ab1 *`_|:<>[]#\\-./"\'(){}!?@,\n\t',
    'http://',
    'x@y.org',
    '**',
    '``',
    '`_',
    '__',
    ':r:',
    '<a>',
    'mailto:',
    '\u00ab',
    '\u00bb',
    '\u2014',
    '\u00e9',
    '\u00a0',
    '\u{1d400}',
    '\ud800',
    ' <x_>',
    '|_',
  ];
  for (let k = 0; k < 3000; k++) {
    const n = 1 + Math.floor(random() * 30);
    let text = '';
    for (let i = 0; i < n; i++) text += alphabet[Math.floor(random() * alphabet.length)];
    const start = Math.floor(random() * (text.length + 1));
    const end = start + Math.floor(random() * (text.length - start + 1));
    checked(start, end, parseInline(text, start, end));
  }
});

// ---------------------------------------------------------------------------------------------
// Pathological inputs
// ---------------------------------------------------------------------------------------------

/**
 * Parses the input built at its size and at four times its size, and checks that the cost grows linearly
 * (test/unit/complexity.ts: no wall-clock limit). Returns the result at its size.
 */
function timed(t: { diagnostic(message: string): void }, name: string, build: (count: number) => string, count: number): InlineResult {
  expectLinear(name, build, (s) => parseInline(s, 0, s.length), count, { log: (l) => t.diagnostic(l) });
  const text = build(count);
  return checked(0, text.length, parseInline(text, 0, text.length));
}

test('pathological: unclosed backquote at the start of a 50,000-line paragraph', (t) => {
  const r = timed(t, 'unclosed backquote', (n) => '`' + 'some words in a line\n   '.repeat(n) + 'end', 50_000);
  assert.deepEqual(r.problems.map((p) => [p.message, p.start, p.end]), [[INTERPRETED, 0, 1]]);
});

test('pathological: 50,000 lines each starting with an unclosed *', (t) => {
  const r = timed(t, 'unclosed stars', (n) => '*item text\n'.repeat(n).trimEnd(), 50_000);
  assert.equal(r.problems.length, 50_000);
  assert.ok(r.problems.every((p) => p.message === EMPHASIS && p.end - p.start === 1));
});

test('pathological: 100,000 | characters', (t) => {
  const r = timed(t, 'bars', (n) => '|'.repeat(n), 100_000);
  assert.equal(r.nodes.length, 1);
  assert.deepEqual(r.problems, []);
});

test('pathological: a 1 MB paragraph of **a repeated', (t) => {
  const r = timed(t, '**a repeated', (n) => '**a'.repeat(n), 350_000);
  assert.deepEqual(r.problems.map((p) => [p.message, p.start, p.end]), [[STRONG, 0, 2]]);
});

test('pathological: `a <`b < repeated', (t) => {
  const r = timed(t, '`a <`b < repeated', (n) => '`a <`b <'.repeat(n), 50_000);
  assert.equal(r.problems.length, 100_000);
  assert.ok(r.problems.every((p) => p.message === INTERPRETED));
});

test('pathological: long runs of name, URI and e-mail candidates', (t) => {
  const cases: [string, (n: number) => string, number][] = [
    ['hyphenated name chain', (n) => 'a-'.repeat(n) + 'a', 300_000],
    ['scheme-like chain', (n) => 'a:('.repeat(n), 200_000],
    ['dotted local part', (n) => 'a.'.repeat(n) + '@', 300_000],
    ['role-like chain', (n) => ':a:'.repeat(n), 200_000],
    ['footnote-like chain', (n) => '[a'.repeat(n), 300_000],
    // 100,000 and 200,000: past the size where the young generation's collections first show.
    ['unclosed targets', (n) => '_`a '.repeat(n), 100_000],
    ['unclosed literals', (n) => '``a '.repeat(n), 50_000],
    ['many URIs', (n) => 'http://x.org/a '.repeat(n), 20_000],
    ['many escapes', (n) => '\\*'.repeat(n), 300_000],
  ];
  for (const [name, build, n] of cases) timed(t, name, build, n);
});

test('pathological: an explicit title split over 20,000 angle brackets is linear (the regular expression Sphinx uses backtracks quadratically)', (t) => {
  for (const [name, build] of [
    ['opening brackets', (n: number) => '<'.repeat(n) + '>'],
    ['titles and brackets', (n: number) => 'a <'.repeat(n) + 'b>'],
    ['escaped brackets', (n: number) => 'a \\<'.repeat(n) + 'b>'],
  ] as const) {
    expectLinear(name, build, (s) => splitExplicitTitle(s.replace(/\\(.)/g, '$1'), 0, s), 20_000, { log: (l) => t.diagnostic(l) });
  }
  // What they split into, as Sphinx's ReferenceRole does.
  assert.equal(splitExplicitTitle('<<<>', 0).target, '<');
  assert.equal(splitExplicitTitle('a <a <b>', 0).target, 'a <b');
  assert.equal(splitExplicitTitle('a < b>', 0, 'a \\< b>').explicit, false);
});
