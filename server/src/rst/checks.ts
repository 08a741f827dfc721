import type { DirectiveRegistry } from './registry';
import { closest, normalizeName } from './text';
import type { ReferenceInline, RstDocument, RstProblem, Span } from './types';
import { flatten, type Flat } from './walk';

/** Substitutions Sphinx defines in every document. */
const SPHINX_SUBSTITUTIONS = ['version', 'release', 'today', 'translation progress'];

/** A name a reference can resolve to, with where it is defined. */
export interface TargetDef {
  refname: string;
  span: Span;
  explicit: boolean;
  uri?: string;
  kind: 'target' | 'section' | 'inlineTarget' | 'embedded' | 'name-option' | 'footnote' | 'citation';
}

/** Collects every named target of a document (explicit, implicit, inline, embedded, `:name:`). */
export function collectTargets(doc: RstDocument, flat: Flat = flatten(doc.blocks)): TargetDef[] {
  const defs: TargetDef[] = [];
  for (const b of flat.blocks) {
    if (b.kind === 'target' && !b.anonymous) defs.push({ refname: b.refname, span: b.nameSpan, explicit: true, uri: b.uri, kind: 'target' });
    else if (b.kind === 'section') defs.push({ refname: b.refname, span: b.titleSpan, explicit: false, kind: 'section' });
    else if (b.kind === 'citation') defs.push({ refname: b.refname, span: b.labelSpan, explicit: true, kind: 'citation' });
    else if (b.kind === 'footnote' && b.label.startsWith('#') && b.label.length > 1) {
      defs.push({ refname: normalizeName(b.label.slice(1)), span: b.labelSpan, explicit: true, kind: 'footnote' });
    } else if (b.kind === 'directive') {
      for (const o of b.options) if (o.name === 'name' && o.value) defs.push({ refname: normalizeName(o.value), span: o.valueSpan, explicit: true, kind: 'name-option' });
    }
  }
  for (const i of flat.inlines) {
    if (i.kind === 'inlineTarget') defs.push({ refname: i.refname, span: i.nameSpan, explicit: true, kind: 'inlineTarget' });
    // Only the URI form registers its name (docutils' note_explicit_target); `text <alias_>` does not.
    else if (i.kind === 'reference' && i.targetName && i.uri !== undefined) {
      defs.push({ refname: i.targetName, span: i.nameSpan, explicit: true, uri: i.uri, kind: 'embedded' });
    }
  }
  return defs.sort((a, b) => a.span.start - b.span.start);
}

/**
 * Names a document gets from outside its own text: the files it includes and the project's `rst_prolog`
 * and `rst_epilog` (normalised names).
 */
export interface OutsideNames {
  targets?: ReadonlySet<string>;
  substitutions?: ReadonlySet<string>;
  roles?: ReadonlySet<string>;
}

/** Document-wide checks after parsing: targets, references, substitutions, footnotes, roles. */
export function checkDocument(doc: RstDocument, registry: DirectiveRegistry, outside: OutsideNames = {}): RstProblem[] {
  const problems: RstProblem[] = [];
  const flat = flatten(doc.blocks);
  checkRoles(flat, registry, problems, outside.roles);
  checkTargets(doc, flat, problems, outside.targets);
  checkSubstitutions(flat, problems, outside.substitutions);
  checkFootnotes(flat, problems);
  checkTransitions(doc, problems);
  return problems;
}

function checkRoles(flat: Flat, registry: DirectiveRegistry, problems: RstProblem[], outside?: ReadonlySet<string>): void {
  const custom = new Set<string>(outside);
  for (const b of flat.blocks) {
    if (b.kind === 'directive' && b.name === 'role') {
      const m = /^([^\s(]+)/.exec(b.argument.trim());
      if (m) custom.add(m[1].toLowerCase());
    }
  }
  for (const i of flat.inlines) {
    if (i.kind !== 'interpreted' || !i.role || !i.roleSpan) continue;
    if (registry.hasRole(i.role) || custom.has(i.role)) continue;
    const suggestion = closest(i.role, [...registry.roleNames(), ...custom]);
    problems.push({
      code: 'rst.unknown-role',
      message: `Unknown interpreted text role "${i.role}".` + (suggestion ? ` Did you mean "${suggestion}"?` : ''),
      start: i.roleSpan.start,
      end: i.roleSpan.end,
      data: suggestion ? { suggestion } : undefined,
    });
  }
}

function checkTargets(doc: RstDocument, flat: Flat, problems: RstProblem[], outside?: ReadonlySet<string>): void {
  const defs = collectTargets(doc, flat);
  // docutils' name resolution: explicit beats implicit; two explicit (different URIs) or two implicit
  // targets make the name ambiguous.
  const byName = new Map<string, { def: TargetDef; ambiguous: boolean }>();
  for (const d of defs) {
    if (!d.refname) continue;
    const old = byName.get(d.refname);
    if (!old) {
      byName.set(d.refname, { def: d, ambiguous: false });
      continue;
    }
    if (d.explicit && old.def.explicit) {
      const sameUri = d.uri !== undefined && d.uri === old.def.uri;
      if (!sameUri) {
        problems.push({
          code: 'rst.duplicate-target',
          message: `Duplicate explicit target name: "${d.refname}".`,
          start: d.span.start,
          end: d.span.end,
          related: [{ start: old.def.span.start, end: old.def.span.end, message: 'first defined here' }],
        });
        old.ambiguous = true;
      }
    } else if (d.explicit && !old.def.explicit) {
      problems.push({ code: 'rst.duplicate-implicit-target', message: `Duplicate implicit target name: "${d.refname}".`, start: d.span.start, end: d.span.end });
      byName.set(d.refname, { def: d, ambiguous: false });
    } else {
      problems.push({ code: 'rst.duplicate-implicit-target', message: `Duplicate implicit target name: "${d.refname}".`, start: d.span.start, end: d.span.end });
      if (!old.def.explicit) old.ambiguous = true;
    }
  }

  const referenced = new Set<string>();
  const resolve = (refname: string, span: Span) => {
    referenced.add(refname);
    const hit = byName.get(refname);
    if (!hit) {
      if (outside?.has(refname)) return;
      const suggestion = closest(refname, byName.keys());
      problems.push({
        code: 'rst.unknown-target',
        message: `Unknown target name: "${refname}".` + (suggestion ? ` Did you mean "${suggestion}"?` : ''),
        start: span.start,
        end: span.end,
        data: suggestion ? { suggestion } : { name: refname },
      });
    } else if (hit.ambiguous) {
      problems.push({
        code: 'rst.duplicate-target-reference',
        message: `Duplicate target name, cannot be used as a unique reference: "${refname}".`,
        start: span.start,
        end: span.end,
      });
    }
  };

  let anonRefs: Span[] = [];
  for (const i of flat.inlines) {
    if (i.kind === 'reference') {
      if (i.anonymous) {
        anonRefs.push(i);
        continue;
      }
      if (i.refname !== undefined && i.uri === undefined) resolve(i.refname, (i as ReferenceInline).nameSpan);
    } else if (i.kind === 'substitutionRef') {
      if (i.reference === 'named') resolve(i.refname, i.nameSpan);
      else if (i.reference === 'anonymous') anonRefs.push(i);
    }
  }
  const anonTargets: Span[] = [];
  for (const b of flat.blocks) {
    if (b.kind !== 'target') continue;
    if (b.anonymous) anonTargets.push(b);
    else if (b.indirect) resolve(b.indirect, b.uriSpan ?? b.nameSpan);
  }
  if (anonRefs.length !== anonTargets.length) {
    const at = anonRefs[anonTargets.length] ?? anonTargets[anonRefs.length] ?? anonRefs[0] ?? anonTargets[0];
    problems.push({
      code: 'rst.anonymous-mismatch',
      message: `Anonymous hyperlink mismatch: ${anonRefs.length} references but ${anonTargets.length} targets.`,
      start: at.start,
      end: at.end,
    });
  }
  anonRefs = [];

  for (const d of defs) {
    if (d.kind === 'target' && !referenced.has(d.refname) && d.uri !== undefined) {
      problems.push({ code: 'rst.target-not-referenced', message: `Hyperlink target "${d.refname}" is not referenced.`, start: d.span.start, end: d.span.end });
    }
  }
}

function checkSubstitutions(flat: Flat, problems: RstProblem[], outside?: ReadonlySet<string>): void {
  const defs = new Map<string, Span>();
  const exact = new Set<string>();
  for (const b of flat.blocks) {
    // docutils discards an empty or invalid definition: its name stays undefined.
    if (b.kind !== 'substitutionDef' || b.invalid) continue;
    const prev = defs.get(b.refname);
    if (prev) {
      problems.push({
        code: 'rst.duplicate-substitution',
        message: `Duplicate substitution definition name: "${b.name}".`,
        start: b.nameSpan.start,
        end: b.nameSpan.end,
        related: [{ start: prev.start, end: prev.end, message: 'first defined here' }],
      });
    } else defs.set(b.refname, b.nameSpan);
    exact.add(b.name);
  }
  for (const i of flat.inlines) {
    if (i.kind !== 'substitutionRef') continue;
    if (exact.has(i.name) || defs.has(i.refname) || SPHINX_SUBSTITUTIONS.includes(i.refname)) continue;
    if (outside?.has(i.name) || outside?.has(i.refname)) continue;
    const suggestion = closest(i.refname, defs.keys());
    problems.push({
      code: 'rst.undefined-substitution',
      message: `Undefined substitution referenced: "${i.name}".` + (suggestion ? ` Did you mean "${suggestion}"?` : ''),
      start: i.nameSpan.start,
      end: i.nameSpan.end,
      data: suggestion ? { suggestion } : undefined,
    });
  }
}

function checkFootnotes(flat: Flat, problems: RstProblem[]): void {
  let autoNotes = 0;
  let symbolNotes = 0;
  const labels = new Set<string>();
  for (const b of flat.blocks) {
    if (b.kind !== 'footnote') continue;
    if (b.label === '#' || b.label.startsWith('#')) autoNotes++;
    else if (b.label === '*') symbolNotes++;
    labels.add(b.label);
  }
  const autoRefs: Span[] = [];
  const symbolRefs: Span[] = [];
  for (const i of flat.inlines) {
    if (i.kind !== 'footnoteRef') continue;
    if (i.label === '#') autoRefs.push(i);
    else if (i.label === '*') symbolRefs.push(i);
    else if (!labels.has(i.label)) {
      problems.push({
        code: 'rst.footnote-mismatch',
        message: `Unknown target name: "${i.label.startsWith('#') ? i.label.slice(1) : i.label}".`,
        start: i.labelSpan.start,
        end: i.labelSpan.end,
      });
    }
  }
  const namedAuto = [...labels].filter((l) => l.startsWith('#') && l.length > 1).length;
  const plainAuto = autoNotes - namedAuto;
  if (autoRefs.length > plainAuto) {
    const at = autoRefs[plainAuto];
    problems.push({
      code: 'rst.footnote-mismatch',
      message: `Too many autonumbered footnote references: only ${plainAuto} corresponding footnotes available.`,
      start: at.start,
      end: at.end,
    });
  }
  if (symbolRefs.length > symbolNotes) {
    const at = symbolRefs[symbolNotes];
    problems.push({
      code: 'rst.footnote-mismatch',
      message: `Too many symbol footnote references: only ${symbolNotes} corresponding footnotes available.`,
      start: at.start,
      end: at.end,
    });
  }
}

/** docutils' Transitions transform: not first in a document or section, not adjacent, not last. */
function checkTransitions(doc: RstDocument, problems: RstProblem[]): void {
  const top = doc.blocks.filter((b) => b.kind !== 'comment' && b.kind !== 'target' && b.kind !== 'substitutionDef');
  top.forEach((b, i) => {
    if (b.kind !== 'transition') return;
    const prev = top[i - 1];
    let message: string | undefined;
    if (!prev || prev.kind === 'section') message = 'Document or section may not begin with a transition.';
    else if (prev.kind === 'transition') message = 'At least one body element must separate transitions; adjacent transitions are not allowed.';
    else if (i === top.length - 1) message = 'Document may not end with a transition.';
    if (message) problems.push({ code: 'rst.transition-misplaced', message, start: b.start, end: b.end });
  });
}
