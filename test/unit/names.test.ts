import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createLanguageService } from '../../server/src/languageService';
import { safeHref } from '../../server/src/render/html';
import { renderLinked } from '../../server/src/render/render';
import { bindNames, type NameTable, type NameUse } from '../../server/src/rst/names';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';
import { normalizeName } from '../../server/src/rst/text';
import { CORPUS, corpusFiles, hasCorpus } from './corpus';

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
    'substitution sub -> ok:substitution:sub',
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

test("names: footnote labels compare as names, a numbered footnote is a target, and `text <alias_>`_ gives its text as a name (PEP 512, 538, 400)", () => {
  const text = `GitHub [#github]_ and [#Hg]_; the module [16_]; see \`Appendix A\`_ and \`Appendix A <PEP 400 Appendix A_>\`_.

.. [#GitHub] GitHub
.. [#hg] Mercurial
.. [16] readline

.. _PEP 400 Appendix A:

Appendix A: Issues
==================
`;
  const { names } = bind(text);
  assert.deepEqual(resolved(names, text), [
    'footnote #github -> ok:footnote:#GitHub',
    'footnote #Hg -> ok:footnote:#hg',
    'reference 16 -> ok:footnote:16',
    'reference Appendix A -> ok:embedded:PEP 400 Appendix A',
    'reference PEP 400 Appendix A -> ok:target:PEP 400 Appendix A',
  ]);
  // The alias name leads on to the section the target stands before.
  const appendix = names.uses.find((u) => u.kind === 'reference' && text.slice(u.span.start, u.span.end) === 'Appendix A')!;
  assert.equal(names.final(names.resolve(appendix).def!)?.kind, 'target');
  // None of it is a duplicate, and an unknown name stays unknown.
  assert.deepEqual(names.duplicates, []);
  const other = bind('See `Appendix B`_.\n\nSee `Appendix A <PEP 400 Appendix A_>`_.\n');
  assert.equal(other.names.resolve(other.names.uses[0]).status, 'unknown');
});

test('names: substitutions resolve by the name as written first, then by the normalised name; invalid ones are dropped', () => {
  const text = `|A| |a| |B| |c|

.. |a| replace:: lower
.. |A| replace:: upper
.. |b| replace:: bee
.. |c| replace::
`;
  const { names } = bind(text);
  assert.deepEqual(resolved(names, text).filter((l) => l.startsWith('substitution')), [
    'substitution A -> ok:substitution:A',
    'substitution a -> ok:substitution:a',
    'substitution B -> ok:substitution:b',
    'substitution c -> unknown:-',
  ]);
});

test('names: the table is kept per tree, and useOf finds a node\'s use', () => {
  const doc = parseRst('x_\n\n.. _x: https://x.example\n', { registry });
  const t = bindNames(doc);
  assert.equal(bindNames(doc), t);
  assert.equal(t.useOf(t.uses[0].node), t.uses[0]);
});

/**
 * The acceptance test of the binder: over the corpus and examples/ha.rst, every same-document reference the
 * checks resolve leads to the binder's definition in the editor (go to definition) and on the page (the
 * renderer's link to the id of the element it renders for that definition).
 */
const ROOT = path.resolve(__dirname, '../../..');

/** The codes the checks give a reference they do not resolve. */
const UNRESOLVED = new Set(['rst.unknown-target', 'rst.duplicate-target-reference', 'rst.footnote-mismatch', 'rst.anonymous-mismatch', 'rst.undefined-substitution']);

test('names: every resolved reference of the corpus leads to its definition in the editor and on the page', { skip: hasCorpus() ? false : `corpus not found at ${CORPUS}` }, (t) => {
  const files = [...corpusFiles(), path.join(ROOT, 'examples', 'ha.rst')];
  const service = createLanguageService({});
  const counts = { files: 0, references: 0, definitions: 0, links: 0, kinds: {} as Record<string, number> };
  const mismatches: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).href;
    const doc = { uri, version: 1, getText: () => text };
    const tree = service.parse(doc);
    const names = bindNames(tree);
    const problems = service.computeRstDiagnostics(doc).filter((d) => UNRESOLVED.has(d.code));
    const anonymousMismatch = problems.some((d) => d.code === 'rst.anonymous-mismatch');
    const page = renderLinked(tree, { uri });
    counts.files++;
    const where = (o: number) => `${path.relative(CORPUS, file)}:${text.slice(0, o).split('\n').length}`;
    for (const use of names.uses) {
      const hit = names.resolve(use);
      if (hit.status !== 'ok' || !hit.def) continue;
      if (use.kind === 'anonymous' && anonymousMismatch) continue;
      // The checks resolve it: none of their "unresolved" problems lies on it.
      const flagged = problems.find((d) => d.code !== 'rst.anonymous-mismatch' && d.start < use.span.end && use.span.start < d.end);
      if (flagged) mismatches.push(`${where(use.span.start)}: the binder resolves ${text.slice(use.span.start, use.span.end)} but the checks say ${flagged.code}`);
      counts.references++;
      counts.kinds[use.kind] = (counts.kinds[use.kind] ?? 0) + 1;
      const def = hit.def;
      // Go to definition (on `|x|_` and `|x|__`, which are references too, it goes to the substitution's definition).
      if (use.node.kind !== 'substitutionRef' || use.kind === 'substitution') {
        const found = service.definition(doc, use.span.start);
        // The name's span (a `[#x]` footnote's without its `#`; an anonymous target's `__`, its name being empty).
        const inside = def.kind === 'anonymous' ? def.node.start <= found[0]?.start && found[0]?.end <= def.node.end : def.span.start <= found[0]?.start && found[0]?.end === def.span.end;
        const ok = found.length === 1 && found[0].uri === uri && inside;
        if (!ok) mismatches.push(`${where(use.span.start)}: definition of ${text.slice(use.span.start, use.span.end)} is ${JSON.stringify(found.map((f) => [f.start, f.end]))}, the binder says ${def.kind} at ${def.span.start}`);
        else counts.definitions++;
      }
      // A substitution is not a link: the page shows its definition's content (render.test.ts).
      if (use.kind === 'substitution') continue;
      // The page: the link goes where the definition finally leads (a URI, or its element's id, which is on the page).
      const end = names.final(def);
      const href = page.useHref(use);
      let expected: string | undefined;
      if (end?.uri !== undefined) expected = safeHref(end.uri);
      else if (end) {
        const id = page.defId(end);
        if (id === undefined || !page.html.includes(` id="${id}"`)) mismatches.push(`${where(use.span.start)}: no element on the page for ${end.kind} ${end.refname || text.slice(end.span.start, end.span.end)}`);
        else expected = `#${id}`;
      }
      if (expected === undefined) continue;
      if (href !== expected) mismatches.push(`${where(use.span.start)}: ${text.slice(use.span.start, use.span.end)} links to ${href}, its definition is ${expected}`);
      else if (!page.html.includes(` href="${expected.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)) mismatches.push(`${where(use.span.start)}: no link to ${expected} on the page`);
      else counts.links++;
    }
  }
  t.diagnostic(`${counts.files} files, ${counts.references} resolved references (${JSON.stringify(counts.kinds)}): ${counts.definitions} definitions and ${counts.links} links checked`);
  assert.equal(counts.definitions, counts.references);
  assert.deepEqual(mismatches, []);
  // Not vacuous: the corpus has references of every kind the binder pairs or resolves.
  assert.ok(counts.files > 200 && counts.references > 1000, JSON.stringify(counts));
});

test('normalizeName folds case and white space as docutils does, on names already normal and not', () => {
  assert.equal(normalizeName('install guide'), 'install guide');
  assert.equal(normalizeName('Install  Guide'), 'install guide');
  assert.equal(normalizeName(' a b '), 'a b');
  assert.equal(normalizeName('a\tb\nc'), 'a b c');
  assert.equal(normalizeName('ÉTÉ'), 'été');
  assert.equal(normalizeName('a\u00a0b'), 'a b');
  assert.equal(normalizeName(''), '');
  assert.equal(normalizeName(' '), '');
  // Against the general rule on random strings of the characters that matter.
  const alphabet = ['a', 'Z', ' ', ' ', '\t', '\n', '\r', '-', '_', '`', '~', '\u00a0', 'É', 'ß', '\u3000', '1'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let n = 0; n < 5000; n++) {
    let s = '';
    for (let k = next() % 7; k > 0; k--) s += alphabet[next() % alphabet.length];
    assert.equal(normalizeName(s), s.toLowerCase().replace(/\s+/g, ' ').trim(), JSON.stringify(s));
  }
});
