import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bindNames, type NameTable, type NameUse } from '../../server/src/rst/names';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';

/** The binder on its own: definitions, uses and what each use means, after docutils' rules. */
const registry = createRegistry([], []);

function bind(text: string): { names: NameTable; text: string } {
  const doc = parseRst(text, { registry });
  return { names: bindNames(doc), text };
}

/** Each use as `name -> status:definition text` (the definition's kind and text). */
function resolved(names: NameTable, text: string): string[] {
  return names.uses.map((u: NameUse) => {
    const r = names.resolve(u);
    const d = r.def ? `${r.def.kind}:${text.slice(r.def.span.start, r.def.span.end)}` : '-';
    return `${u.kind} ${text.slice(u.span.start, u.span.end)} -> ${r.status}:${d}`;
  });
}

test('names: explicit beats implicit, two implicit or two explicit are ambiguous', () => {
  const text = `Intro
=====

Intro
=====

Setup
=====

.. _setup:

Para.

.. _x: https://a.example
.. _x: https://b.example
.. _y: https://same.example
.. _y: https://same.example

See intro_, setup_, x_, y_ and nothing_.
`;
  const { names } = bind(text);
  assert.deepEqual(resolved(names, text), [
    'reference intro -> ambiguous:section:Intro',
    'reference setup -> ok:target:setup',
    'reference x -> ambiguous:target:x',
    'reference y -> ok:target:y',
    'reference nothing -> unknown:-',
  ]);
  assert.deepEqual(
    names.duplicates.map((d) => `${d.kind} ${d.def.refname} ${d.def.kind}`),
    ['implicit intro section', 'implicit setup target', 'explicit x target'],
  );
});

test('names: inline targets, embedded URIs, :name:, citations and named auto footnotes are definitions', () => {
  const text = `A _\`spot\` here and \`site <https://s.example>\`_.

.. figure:: a.png
   :name: Fig One

.. [CIT] A citation.

.. [#note] A note.

See spot_, site_, \`fig one\`_, [CIT]_, note_ and |sub|_.

.. |sub| replace:: spot
`;
  const { names } = bind(text);
  assert.deepEqual(resolved(names, text), [
    'reference spot -> ok:inlineTarget:spot',
    'reference site -> ok:embedded:site',
    'reference fig one -> ok:name-option:Fig One',
    'citation CIT -> ok:citation:CIT',
    'reference note -> ok:footnote:#note',
    'reference sub -> unknown:-',
  ]);
});

test('names: indirect targets are uses, and final() follows their chain', () => {
  const text = `See a_ and b_ and loop_.

.. _a: b_
.. _b: c_
.. _c: https://c.example
.. _loop: loop_
`;
  const { names } = bind(text);
  const a = names.lookup('a').def!;
  assert.equal(names.final(a)?.uri, 'https://c.example');
  assert.equal(names.final(names.lookup('loop').def!), undefined);
  assert.deepEqual(
    names.uses.filter((u) => u.kind === 'indirect').map((u) => text.slice(u.span.start, u.span.end)),
    ['b_', 'c_', 'loop_'],
  );
});

test('names: anonymous references (|x|__ included) take anonymous targets in order', () => {
  const text = `One__, \`two\`__, |three|__ and \`four <https://f.example>\`__.

.. |three| replace:: 3

__ https://1.example
.. __: https://2.example
__ a_
.. _a: https://a.example
`;
  const { names } = bind(text);
  assert.equal(names.anonymousUses, 3);
  const anon = names.uses.filter((u) => u.kind === 'anonymous');
  assert.deepEqual(
    anon.map((u) => {
      const d = names.resolve(u).def;
      return d && names.final(d)?.uri;
    }),
    ['https://1.example', 'https://2.example', 'https://a.example'],
  );
});

test('names: footnote references pair by label, [#]_ and [*]_ by order', () => {
  const text = `[1]_ [#]_ [*]_ [#named]_ [#]_ [#]_ [*]_ [2]_

.. [1] one
.. [#] first auto
.. [#named] named
.. [*] symbol
.. [#] second auto
`;
  const { names } = bind(text);
  assert.deepEqual(resolved(names, text), [
    'footnote 1 -> ok:footnote:1',
    'footnote # -> ok:footnote:#',
    'footnote * -> ok:footnote:*',
    'footnote #named -> ok:footnote:#named',
    'footnote # -> ok:footnote:#',
    'footnote # -> unpaired:-',
    'footnote * -> unpaired:-',
    'footnote 2 -> unpaired:-',
  ]);
  const autos = names.uses.filter((u) => u.kind === 'footnote' && u.label === '#').map((u) => names.resolve(u).def?.node.start);
  assert.deepEqual(autos.slice(0, 2), names.footnotes.filter((f) => f.refname === '#').map((f) => f.node.start));
});

test('names: the table is kept per tree, and useOf finds a node\'s use', () => {
  const doc = parseRst('x_\n\n.. _x: https://x.example\n', { registry });
  const t = bindNames(doc);
  assert.equal(bindNames(doc), t);
  assert.equal(t.useOf(t.uses[0].node), t.uses[0]);
});
