/**
 * The name binder: every hyperlink name a document defines and every use of one, with docutils' rules for
 * which definition a use means. The checks, navigation and the renderer all read this one table, so they
 * cannot disagree about what a reference points at.
 */
import { derived, derivedKey } from './derived';
import { normalizeName } from './text';
import type {
  Block,
  CitationBlock,
  CitationRefInline,
  DirectiveBlock,
  FootnoteBlock,
  FootnoteRefInline,
  Inline,
  InlineTargetInline,
  ReferenceInline,
  RstDocument,
  SectionBlock,
  Span,
  SubstitutionDefBlock,
  SubstitutionRefInline,
  TargetBlock,
} from './types';
import { flatten, type Flat } from './walk';

/**
 * A definition. In the hyperlink namespace (`NameTable.defs`): explicit targets (`target`, external,
 * indirect or internal), section titles (`section`, implicit), inline targets, the names embedded URIs give
 * (`` `t <u>`_ ``), `:name:` options, citations and the labels of auto-numbered footnotes (`[#x]`).
 * Anonymous targets (`anonymous`, refname '') and footnotes (`footnote`, refname = the label as written:
 * `1`, `#`, `#x`, `*`) have lists of their own, since they are paired by order or label, not by name;
 * substitution definitions (`substitution`, `.. |x| ...`) are a namespace of their own.
 */
export interface NameDef {
  refname: string;
  kind: 'target' | 'section' | 'inlineTarget' | 'embedded' | 'name-option' | 'footnote' | 'citation' | 'anonymous' | 'substitution';
  /** The name itself (the label of a footnote or citation, the title of a section). */
  span: Span;
  /** Explicit beats implicit (docutils); only section titles are implicit. */
  explicit: boolean;
  /** The external URI of `.. _x: uri`, `` `x <uri>`_ ``, `__ uri`. */
  uri?: string;
  /** The refname `.. _x: y_` (or `__ y_`) points on to. */
  indirect?: string;
  /** The node the definition belongs to: the element a link to it leads to. */
  node: TargetBlock | SectionBlock | CitationBlock | FootnoteBlock | DirectiveBlock | InlineTargetInline | ReferenceInline | SubstitutionDefBlock;
}

/** A use of a name. */
export type NameUse =
  /** `` `x`_ ``, `x_`, `` `t <x_>`_ ``, and `|x|_` (a named substitution reference). */
  | { kind: 'reference'; refname: string; span: Span; node: ReferenceInline | SubstitutionRefInline }
  /** `.. _y: x_`: the name an indirect target points at (span: the `x_`). */
  | { kind: 'indirect'; refname: string; span: Span; node: TargetBlock }
  /** `[CIT]_`. */
  | { kind: 'citation'; refname: string; span: Span; node: CitationRefInline }
  /** `` `x`__ ``, `x__`, `|x|__`: the `index`-th anonymous reference. */
  | { kind: 'anonymous'; index: number; span: Span; node: ReferenceInline | SubstitutionRefInline }
  /** `[1]_`, `[#x]_`, `[#]_`, `[*]_` (span: the label). */
  | { kind: 'footnote'; label: string; span: Span; node: FootnoteRefInline }
  /** `|x|` (also `|x|_` and `|x|__`, which are references as well): the substitution `name` as written. */
  | { kind: 'substitution'; name: string; refname: string; span: Span; node: SubstitutionRefInline };

/** What a name means in the document: its definition, and whether another one makes it ambiguous. */
export interface NameBinding {
  def: NameDef;
  ambiguous: boolean;
}

/** A definition docutils reports as a duplicate: of an explicit name (`explicit`) or where an implicit one took part. */
export interface NameDuplicate {
  def: NameDef;
  first: NameDef;
  kind: 'explicit' | 'implicit';
}

export interface Resolution {
  /** `ok`: `def` is what the use means; `unknown`: nothing; `ambiguous`: `def` is one of several; `unpaired`: no anonymous target or footnote left. */
  status: 'ok' | 'unknown' | 'ambiguous' | 'unpaired';
  def?: NameDef;
}

export interface NameTable {
  /** The hyperlink namespace's definitions, by position. */
  readonly defs: readonly NameDef[];
  /** Each name's binding after docutils' rules (explicit beats implicit, two of a kind are ambiguous). */
  readonly byName: ReadonlyMap<string, NameBinding>;
  /** The duplicate definitions, in the order of `defs`. */
  readonly duplicates: readonly NameDuplicate[];
  /** Anonymous targets, in document order. */
  readonly anonymousTargets: readonly NameDef[];
  /** Footnotes, in document order. */
  readonly footnotes: readonly NameDef[];
  /** Substitution definitions docutils keeps (not an empty or invalid one), in document order. */
  readonly substitutions: readonly NameDef[];
  /** Every use: those in inline markup in document order, then those of indirect targets in document order. */
  readonly uses: readonly NameUse[];
  /** Uses of anonymous references (`kind: 'anonymous'`), in order. */
  readonly anonymousUses: number;
  /** The definition a use means. */
  resolve(use: NameUse): Resolution;
  /** The definition of a name. */
  lookup(refname: string): Resolution;
  /** The definition of a substitution named as written: the same name first, else the same normalised name (docutils). */
  substitution(name: string, refname?: string): NameDef | undefined;
  /**
   * Where a definition finally leads, following indirect targets (`.. _a: b_`) through the names they point
   * at; undefined when the chain breaks (an unknown or ambiguous name, a loop).
   */
  final(def: NameDef): NameDef | undefined;
  /**
   * The use held by an inline node or a target block (`reference`, `indirect`, `anonymous`, `footnote`,
   * `citation`; for `|x|_` and `|x|__` the reference, their substitution use is in `uses`).
   */
  useOf(node: Block | Inline): NameUse | undefined;
}

const NAMES = derivedKey<NameTable>('names');

/** The name table of a parsed document (kept with the tree, like `flatten`). */
export function bindNames(doc: RstDocument, flat?: Flat): NameTable {
  return derived(doc, NAMES, () => build(flat ?? flatten(doc)));
}

function build(flat: Flat): NameTable {
  const defs: NameDef[] = [];
  const anonymousTargets: NameDef[] = [];
  const footnotes: NameDef[] = [];
  const substitutions: NameDef[] = [];
  const blockUses: NameUse[] = [];
  for (const b of flat.blocks) {
    switch (b.kind) {
      case 'target':
        if (b.anonymous) anonymousTargets.push({ refname: '', kind: 'anonymous', span: b.nameSpan, explicit: true, uri: b.uri, indirect: b.indirect, node: b });
        else defs.push({ refname: b.refname, kind: 'target', span: b.nameSpan, explicit: true, uri: b.uri, indirect: b.indirect, node: b });
        if (b.indirect) blockUses.push({ kind: 'indirect', refname: b.indirect, span: b.uriSpan ?? b.nameSpan, node: b });
        break;
      case 'section':
        defs.push({ refname: b.refname, kind: 'section', span: b.titleSpan, explicit: false, node: b });
        break;
      case 'citation':
        defs.push({ refname: b.refname, kind: 'citation', span: b.labelSpan, explicit: true, node: b });
        break;
      case 'footnote':
        footnotes.push({ refname: b.label, kind: 'footnote', span: b.labelSpan, explicit: true, node: b });
        // A labelled auto-numbered footnote (`[#x]`) and a numbered one (`[16]`, which `16_` refers to, as in PEP
        // 538) are explicit targets of the hyperlink namespace too (docutils' `footnote`).
        if (b.label.startsWith('#') && b.label.length > 1) defs.push({ refname: normalizeName(b.label.slice(1)), kind: 'footnote', span: b.labelSpan, explicit: true, node: b });
        else if (b.label !== '#' && b.label !== '*') defs.push({ refname: normalizeName(b.label), kind: 'footnote', span: b.labelSpan, explicit: true, node: b });
        break;
      case 'substitutionDef':
        // docutils discards an empty or invalid definition: its name stays undefined.
        if (!b.invalid) substitutions.push({ refname: b.refname, kind: 'substitution', span: b.nameSpan, explicit: true, node: b });
        break;
      case 'directive':
        for (const o of b.options) if (o.name === 'name' && o.value) defs.push({ refname: normalizeName(o.value), kind: 'name-option', span: o.valueSpan, explicit: true, node: b });
        break;
      default:
        break;
    }
  }
  const uses: NameUse[] = [];
  let anonymousUses = 0;
  /** The names `` `text <alias_>`_ `` gives (no definitions: see below). */
  const aliasNames = new Map<string, NameDef>();
  for (const i of flat.inlines) {
    switch (i.kind) {
      case 'inlineTarget':
        defs.push({ refname: i.refname, kind: 'inlineTarget', span: i.nameSpan, explicit: true, node: i });
        break;
      case 'reference':
        if (i.anonymous) uses.push({ kind: 'anonymous', index: anonymousUses++, span: i.nameSpan, node: i });
        else {
          // Only the URI form registers its name (docutils' note_explicit_target); `text <alias_>` does not, but
          // its target is an indirect one that references by its name reach all the same (docutils'
          // IndirectHyperlinks): PEP 400's `Appendix A`_ beside `Appendix A <PEP 400 Appendix A_>`_.
          if (i.targetName && i.uri !== undefined) defs.push({ refname: i.targetName, kind: 'embedded', span: i.nameSpan, explicit: true, uri: i.uri, node: i });
          else if (i.targetName && i.refname !== undefined && !aliasNames.has(i.targetName)) {
            aliasNames.set(i.targetName, { refname: i.targetName, kind: 'embedded', span: i.nameSpan, explicit: false, indirect: i.refname, node: i });
          }
          if (i.refname !== undefined && i.uri === undefined) uses.push({ kind: 'reference', refname: i.refname, span: i.nameSpan, node: i });
        }
        break;
      case 'substitutionRef':
        uses.push({ kind: 'substitution', name: i.name, refname: i.refname, span: i.nameSpan, node: i });
        if (i.reference === 'named') uses.push({ kind: 'reference', refname: i.refname, span: i.nameSpan, node: i });
        else if (i.reference === 'anonymous') uses.push({ kind: 'anonymous', index: anonymousUses++, span: i.nameSpan, node: i });
        break;
      case 'citationRef':
        uses.push({ kind: 'citation', refname: i.refname, span: i.labelSpan, node: i });
        break;
      case 'footnoteRef':
        uses.push({ kind: 'footnote', label: i.label, span: i.labelSpan, node: i });
        break;
      default:
        break;
    }
  }
  for (const u of blockUses) uses.push(u);
  defs.sort((a, b) => a.span.start - b.span.start);

  // docutils' name resolution: explicit beats implicit; two explicit (different URIs) or two implicit
  // targets make the name ambiguous.
  const byName = new Map<string, NameBinding>();
  const duplicates: NameDuplicate[] = [];
  for (const d of defs) {
    if (!d.refname) continue;
    const old = byName.get(d.refname);
    if (!old) {
      byName.set(d.refname, { def: d, ambiguous: false });
    } else if (d.explicit && old.def.explicit) {
      if (d.uri === undefined || d.uri !== old.def.uri) {
        duplicates.push({ def: d, first: old.def, kind: 'explicit' });
        old.ambiguous = true;
      }
    } else if (d.explicit) {
      duplicates.push({ def: d, first: old.def, kind: 'implicit' });
      byName.set(d.refname, { def: d, ambiguous: false });
    } else {
      duplicates.push({ def: d, first: old.def, kind: 'implicit' });
      if (!old.def.explicit) old.ambiguous = true;
    }
  }

  // Footnote references: `[#]_` take the footnotes labelled `#` in order, `[*]_` those labelled `*`, the
  // others the first footnote with their label.
  const autoNotes = footnotes.filter((f) => f.refname === '#');
  const symbolNotes = footnotes.filter((f) => f.refname === '*');
  // Labels compare as names (docutils' normalize_name): `[#github]_` is the footnote `.. [#GitHub]`.
  const byLabel = new Map<string, NameDef>();
  for (const f of footnotes) {
    const label = normalizeName(f.refname);
    if (f.refname !== '#' && f.refname !== '*' && !byLabel.has(label)) byLabel.set(label, f);
  }
  const pairs = new Map<NameUse, NameDef | undefined>();
  let autoRefs = 0;
  let symbolRefs = 0;
  const byNode = new Map<Block | Inline, NameUse>();
  for (const u of uses) {
    if (u.kind !== 'substitution') byNode.set(u.node, u);
    if (u.kind === 'anonymous') pairs.set(u, anonymousTargets[u.index]);
    else if (u.kind === 'footnote') pairs.set(u, u.label === '#' ? autoNotes[autoRefs++] : u.label === '*' ? symbolNotes[symbolRefs++] : byLabel.get(normalizeName(u.label)));
  }

  const lookup = (refname: string): Resolution => {
    const hit = byName.get(refname);
    if (!hit) {
      const alias = aliasNames.get(refname);
      return alias ? { status: 'ok', def: alias } : { status: 'unknown' };
    }
    return { status: hit.ambiguous ? 'ambiguous' : 'ok', def: hit.def };
  };
  const byExact = new Map<string, NameDef>();
  const byNormal = new Map<string, NameDef>();
  for (const d of substitutions) {
    const name = (d.node as SubstitutionDefBlock).name;
    if (!byExact.has(name)) byExact.set(name, d);
    if (!byNormal.has(d.refname)) byNormal.set(d.refname, d);
  }
  const substitution = (name: string, refname = normalizeName(name)): NameDef | undefined => byExact.get(name) ?? byNormal.get(refname);
  const resolve = (use: NameUse): Resolution => {
    if (use.kind === 'substitution') {
      const def = substitution(use.name, use.refname);
      return def ? { status: 'ok', def } : { status: 'unknown' };
    }
    if (use.kind === 'anonymous' || use.kind === 'footnote') {
      const def = pairs.get(use);
      return def ? { status: 'ok', def } : { status: 'unpaired' };
    }
    return lookup(use.refname);
  };
  const final = (def: NameDef): NameDef | undefined => {
    let d = def;
    for (let hops = 0; d.indirect !== undefined; hops++) {
      if (hops === 20) return undefined;
      const next = lookup(normalizeName(d.indirect));
      if (next.status !== 'ok' || !next.def) return undefined;
      d = next.def;
    }
    return d;
  };
  return {
    defs,
    byName,
    duplicates,
    anonymousTargets,
    footnotes,
    substitutions,
    uses,
    anonymousUses,
    resolve,
    lookup,
    substitution,
    final,
    useOf: (node) => byNode.get(node),
  };
}
