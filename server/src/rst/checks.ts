import { domainSetBy, type DirectiveRegistry } from './registry';
import { closest, normalizeName } from './text';
import { bindNames, type NameDef, type NameTable } from './names';
import type { RstDocument, RstProblem, Span, SubstitutionDefBlock } from './types';
import { flatten, type Flat } from './walk';

/** Substitutions Sphinx defines in every document. */
const SPHINX_SUBSTITUTIONS = ['version', 'release', 'today', 'translation progress'];

/**
 * Names a document gets from outside its own text: the files it includes and the project's `rst_prolog`
 * and `rst_epilog` (normalised names).
 */
export interface OutsideNames {
  targets?: ReadonlySet<string>;
  substitutions?: ReadonlySet<string>;
  /** Substitution names an extension's transform defines (sphinxemoji's `|:heart:|`). */
  substitutionPattern?: RegExp;
  roles?: ReadonlySet<string>;
}

/**
 * Document-wide checks after parsing: targets, references, substitutions, footnotes, roles. `included`: the text
 * is read as part of another document (an included file), where what follows the include comes after it; asked
 * only of a text that ends with a transition.
 */
/**
 * What precedes a text in the document that reads it: nothing or a section title (`start`: a document, or a file
 * included first in a section), a transition, or another element (a file included after a paragraph).
 */
export type Opening = 'start' | 'transition' | 'element';

export function checkDocument(doc: RstDocument, registry: DirectiveRegistry, outside: OutsideNames = {}, included: () => boolean = () => false, opening: Opening = 'start'): RstProblem[] {
  const problems: RstProblem[] = [];
  const flat = flatten(doc);
  checkRoles(flat, registry, problems, outside.roles);
  const names = bindNames(doc, flat);
  const apart = registry.eagerOnly ? readApart(flat) : undefined;
  checkTargets(names, problems, outside.targets, apart);
  checkSubstitutions(names, problems, outside.substitutions, outside.substitutionPattern, apart);
  checkFootnotes(names, problems, outside.targets);
  checkTransitions(doc, problems, included, opening);
  return problems;
}

function checkRoles(flat: Flat, registry: DirectiveRegistry, problems: RstProblem[], outside?: ReadonlySet<string>): void {
  const custom = new Set<string>(outside);
  /**
   * Each role the document declares with `.. role::`, at its first declaration: docutils registers it when it
   * parses the directive, so a use above it is an unknown role, as docutils reports it.
   */
  const declared = new Map<string, Span>();
  for (const b of flat.directives) {
    if (b.name === 'role') {
      const m = /^([^\s(]+)/.exec(b.argument.trim());
      const name = m?.[1].toLowerCase();
      if (name !== undefined && !declared.has(name)) declared.set(name, b.argumentSpan ?? b.nameSpan);
    }
  }
  let candidates: string[] | undefined;
  const suggestions = new Map<string, string | undefined>(); // an unknown role is often used many times
  // The domain of a role is that of the last `.. default-domain::` before it (blocks and inlines are in document order).
  const blocks = flat.directives;
  let b = 0;
  let domain: string | undefined;
  for (const i of flat.inlines) {
    if (i.kind !== 'interpreted' || !i.role || !i.roleSpan) continue;
    for (; b < blocks.length && blocks[b].start < i.start; b++) domain = domainSetBy(blocks[b]) ?? domain;
    if (registry.hasRole(i.role, domain) || custom.has(i.role)) continue;
    const later = declared.get(i.role);
    if (later && later.start < i.start) continue;
    if (later) {
      problems.push({
        code: 'rst.unknown-role',
        message: `Unknown interpreted text role "${i.role}". It is declared with ".. role::" further down; a role is known only after its declaration.`,
        start: i.roleSpan.start,
        end: i.roleSpan.end,
        related: [{ start: later.start, end: later.end, message: `"${i.role}" declared here` }],
        data: { name: i.role },
      });
      continue;
    }
    let suggestion = suggestions.get(i.role);
    if (!suggestions.has(i.role)) {
      candidates ??= [...registry.roleNames(), ...custom, ...declared.keys()];
      suggestions.set(i.role, (suggestion = closest(i.role, candidates)));
    }
    problems.push({
      code: 'rst.unknown-role',
      message: `Unknown interpreted text role "${i.role}".` + (suggestion ? ` Did you mean "${suggestion}"?` : ''),
      start: i.roleSpan.start,
      end: i.roleSpan.end,
      // The role's name for what settles the problem later (features/declaredRoles.ts), not read from the message.
      data: suggestion ? { name: i.role, suggestion } : { name: i.role },
    });
  }
}

/**
 * What one build may not read, with an `only` that drops the content whose tags do not hold while the document is
 * read (`DirectiveRegistry.eagerOnly`): a name defined in one `only` and again outside it, or in another `only`, is
 * defined twice only when the build's tags hold for both (`apart`); a reference in an `only` is read only when its
 * tags hold (`dropped`), and the names it needs may be defined for those builds only (esp-idf's `|jtag-gpio-list|`,
 * defined in the included page of the chips whose tags read it). Only the build knows its tags.
 */
interface ReadApart {
  apart(a: number, b: number): boolean;
  dropped(offset: number): boolean;
}

function readApart(flat: Flat): ReadApart | undefined {
  const branches = flat.directives.filter((b) => b.name === 'only' && b.content).map((b) => b.content!);
  if (!branches.length) return undefined;
  // The innermost `only` holding an offset (contents nest: a later one that holds it lies inside an earlier one).
  const branchOf = (offset: number) => {
    let inner: Span | undefined;
    for (const c of branches) if (c.start <= offset && offset < c.end) inner = c;
    return inner;
  };
  return { apart: (a, b) => branchOf(a) !== branchOf(b), dropped: (offset) => branchOf(offset) !== undefined };
}

function checkTargets(names: NameTable, problems: RstProblem[], outside?: ReadonlySet<string>, apart?: ReadApart): void {
  /** Names defined twice where one build may read only one of the two (`ReadApart.apart`): not reported, nor their references. */
  const perhaps = new Set<string>();
  for (const { def: d, first, kind } of names.duplicates) {
    if (apart?.apart(d.span.start, first.span.start)) {
      perhaps.add(d.refname);
      continue;
    }
    if (kind === 'explicit') {
      problems.push({
        code: 'rst.duplicate-target',
        message: `Duplicate explicit target name: "${d.refname}".`,
        start: d.span.start,
        end: d.span.end,
        related: [{ start: first.span.start, end: first.span.end, message: 'first defined here' }],
      });
    } else problems.push({ code: 'rst.duplicate-implicit-target', message: `Duplicate implicit target name: "${d.refname}".`, start: d.span.start, end: d.span.end });
  }

  const referenced = new Set<string>();
  for (const use of names.uses) {
    if (use.kind !== 'reference' && use.kind !== 'indirect') continue;
    const { refname, span } = use;
    referenced.add(refname);
    const hit = names.resolve(use);
    if (hit.status === 'unknown') {
      if (outside?.has(refname) || apart?.dropped(span.start)) continue;
      const suggestion = closest(refname, names.byName.keys());
      problems.push({
        code: 'rst.unknown-target',
        message: `Unknown target name: "${refname}".` + (suggestion ? ` Did you mean "${suggestion}"?` : ''),
        start: span.start,
        end: span.end,
        data: suggestion ? { suggestion } : { name: refname },
      });
    } else if (hit.status === 'ambiguous' && !perhaps.has(refname)) {
      problems.push({
        code: 'rst.duplicate-target-reference',
        message: `Duplicate target name, cannot be used as a unique reference: "${refname}".`,
        start: span.start,
        end: span.end,
      });
    }
  }

  const refs = names.anonymousUses;
  const targets = names.anonymousTargets.length;
  if (refs !== targets) {
    const anonRefs = names.uses.filter((u) => u.kind === 'anonymous').map((u) => u.node);
    const anonTargets = names.anonymousTargets.map((t) => t.node);
    const at: Span = anonRefs[targets] ?? anonTargets[refs] ?? anonRefs[0] ?? anonTargets[0];
    problems.push({
      code: 'rst.anonymous-mismatch',
      message: `Anonymous hyperlink mismatch: ${refs} references but ${targets} targets.`,
      start: at.start,
      end: at.end,
    });
  }

  for (const d of names.defs) {
    if (d.kind === 'target' && !referenced.has(d.refname) && d.uri !== undefined) {
      problems.push({ code: 'rst.target-not-referenced', message: `Hyperlink target "${d.refname}" is not referenced.`, start: d.span.start, end: d.span.end });
    }
  }
}

function checkSubstitutions(names: NameTable, problems: RstProblem[], outside?: ReadonlySet<string>, pattern?: RegExp, apart?: ReadApart): void {
  // docutils notes a definition under its name with whitespace normalised and case kept
  // (`note_substitution_def`): `|XXX|` and `|xxx|` are two substitutions (CMake's), not a duplicate.
  const first = new Map<string, NameDef>();
  for (const d of names.substitutions) {
    const key = (d.node as SubstitutionDefBlock).name.trim().split(/\s+/).join(' ');
    const prev = first.get(key);
    if (prev && apart?.apart(d.span.start, prev.span.start)) continue;
    if (prev) {
      problems.push({
        code: 'rst.duplicate-substitution',
        message: `Duplicate substitution definition name: "${(d.node as SubstitutionDefBlock).name}".`,
        start: d.span.start,
        end: d.span.end,
        related: [{ start: prev.span.start, end: prev.span.end, message: 'first defined here' }],
      });
    } else first.set(key, d);
  }
  let defined: Set<string> | undefined;
  for (const use of names.uses) {
    if (use.kind !== 'substitution') continue;
    if (names.resolve(use).status === 'ok' || SPHINX_SUBSTITUTIONS.includes(use.refname)) continue;
    if (outside?.has(use.name) || outside?.has(use.refname) || pattern?.test(use.refname) || apart?.dropped(use.span.start)) continue;
    defined ??= new Set(names.substitutions.map((d) => d.refname));
    const suggestion = closest(use.refname, defined);
    problems.push({
      code: 'rst.undefined-substitution',
      message: `Undefined substitution referenced: "${use.name}".` + (suggestion ? ` Did you mean "${suggestion}"?` : ''),
      start: use.span.start,
      end: use.span.end,
      data: suggestion ? { suggestion } : undefined,
    });
  }
}

/**
 * The numbers docutils' Footnotes transform gives the anonymous auto-numbered footnotes (`.. [#]`) as their
 * names: auto-numbered footnotes take 1, 2, ... in document order, skipping every number that already names a
 * target (`.. [1]`); those with a label of their own (`.. [#note]`) take one too, but are not named by it.
 */
function autoNumberNames(names: NameTable): Set<string> {
  return new Set(anonymousFootnoteNumbers(names).values());
}

/** The number docutils gives each anonymous auto-numbered footnote (`.. [#]`) of a document, which names it. */
export function anonymousFootnoteNumbers(names: NameTable): Map<NameTable['footnotes'][number], string> {
  const out = new Map<NameTable['footnotes'][number], string>();
  let n = 0;
  for (const f of names.footnotes) {
    if (!f.refname.startsWith('#')) continue;
    do n++;
    while (names.byName.has(String(n)));
    if (f.refname === '#') out.set(f, String(n));
  }
  return out;
}

function checkFootnotes(names: NameTable, problems: RstProblem[], outside?: ReadonlySet<string>): void {
  const plainAuto = names.footnotes.filter((f) => f.refname === '#').length;
  const symbolNotes = names.footnotes.filter((f) => f.refname === '*').length;
  let autoRefs = 0;
  let symbolRefs = 0;
  let autoNumbers: Set<string> | undefined;
  const tooMany: RstProblem[] = [];
  for (const use of names.uses) {
    if (use.kind !== 'footnote') continue;
    const { label, node } = use;
    if (label === '#') {
      if (autoRefs++ === plainAuto) {
        tooMany.unshift({
          code: 'rst.footnote-mismatch',
          message: `Too many autonumbered footnote references: only ${plainAuto} corresponding footnotes available.`,
          start: node.start,
          end: node.end,
        });
      }
    } else if (label === '*') {
      if (symbolRefs++ === symbolNotes) {
        tooMany.push({
          code: 'rst.footnote-mismatch',
          message: `Too many symbol footnote references: only ${symbolNotes} corresponding footnotes available.`,
          start: node.start,
          end: node.end,
        });
      }
    } else if (names.resolve(use).status === 'ok') {
      // Two footnotes with its label: docutils' error on the reference (the footnote's name is a target's).
      const name = normalizeName(label.startsWith('#') ? label.slice(1) : label);
      if (names.byName.get(name)?.ambiguous) {
        problems.push({ code: 'rst.duplicate-target-reference', message: `Duplicate target name, cannot be used as a unique reference: "${name}".`, start: use.span.start, end: use.span.end });
      }
    } else if (/^\d+$/.test(label) && (autoNumbers ??= autoNumberNames(names)).has(label)) {
      // `[1]_` to an anonymous `.. [#]` footnote: docutils names it by the number it gives it.
    } else if (!outside?.has(label) && !(label.startsWith('#') && outside?.has(normalizeName(label.slice(1))))) {
      // A footnote of the including document (or of a file included here) counts: the text is one document.
      problems.push({
        code: 'rst.footnote-mismatch',
        message: `Unknown target name: "${label.startsWith('#') ? label.slice(1) : label}".`,
        start: use.span.start,
        end: use.span.end,
      });
    }
  }
  problems.push(...tooMany);
}

/**
 * docutils' Transitions transform: not first in a document or section, not adjacent, not last. As docutils
 * 0.19-0.21 (the versions Sphinx up to 8.2 runs with) count them, a comment, a hyperlink target or a
 * substitution definition is an element like any other: a transition followed only by the page's link targets
 * is not at the end (packaging.python.org's key_projects.rst). docutils 0.22 skips such invisible elements.
 * A file read as part of another document (`included`) does not end it: what follows its include follows the
 * transition (multidict's CHANGES.rst, followed by HISTORY.rst in docs/changes.rst). Nor does it begin it: a
 * transition first in an included text follows what precedes the include (`opening`; ovs's README.rst, read
 * after its title by `:start-after:`, where a paragraph precedes the include).
 */
function checkTransitions(doc: RstDocument, problems: RstProblem[], included: () => boolean, opening: Opening): void {
  const top = doc.blocks;
  top.forEach((b, i) => {
    if (b.kind !== 'transition') return;
    const prev = top[i - 1];
    let message: string | undefined;
    if (prev ? prev.kind === 'section' : opening === 'start') message = 'Document or section may not begin with a transition.';
    else if (prev ? prev.kind === 'transition' : opening === 'transition') message = 'At least one body element must separate transitions; adjacent transitions are not allowed.';
    else if (i === top.length - 1 && !included()) message = 'Document may not end with a transition.';
    if (message) problems.push({ code: 'rst.transition-misplaced', message, start: b.start, end: b.end });
  });
}
