/**
 * The first pass of the renderer: ids of sections and targets, footnote numbers, citations;
 * what each name and reference leads to comes from the name binder (rst/names.ts).
 */
import { findGraphvizDirectives } from '../dot/provider';
import type { NameDef, NameUse } from '../rst/names';
import { derived, derivedKey } from '../rst/derived';
import type { FootnoteBlock, RstDocument, SectionBlock } from '../rst/types';
import { flatten, namedByTarget } from '../rst/walk';
import type { RenderContext } from './context';
import { FOOTNOTE_SYMBOLS, makeId, safeHref } from './html';

export function collectTargets(r: RenderContext): void {
  const flat = flatten(r.doc);
  findGraphvizDirectives(r.doc).forEach((d, i) => r.diagramIndex.set(d, i));
  // Ids in a fixed order (sections, then blocks in document order, then inline targets), so that they stay
  // the same from one render to the next.
  for (const s of r.sections) r.blockIds.set(s, r.uniqueId(makeId(s.refname), 'section'));
  let autoNumber = 0;
  const usedNumbers = new Set<number>();
  let symbols = 0;
  for (const b of flat.blocks) {
    if (b.kind === 'footnote' && /^\d+$/.test(b.label)) usedNumbers.add(Number(b.label));
  }
  for (const b of flat.blocks) {
    switch (b.kind) {
      case 'target':
        // An internal target (`.. _x:` before an element) is an anchor of its own; the others lead elsewhere.
        if (!b.anonymous && b.uri === undefined && b.indirect === undefined) r.blockIds.set(b, r.uniqueId(makeId(b.name), 'target'));
        break;
      case 'directive': {
        const name = b.options.find((o) => o.name === 'name')?.value.trim();
        if (name) r.blockIds.set(b, r.uniqueId(makeId(name), 'figure'));
        break;
      }
      case 'citation': {
        const id = r.uniqueId(makeId(b.label), 'citation');
        r.blockIds.set(b, id);
        r.citations.set(b.refname, { id, refIds: [] });
        break;
      }
      case 'footnote': {
        let display: string;
        if (/^\d+$/.test(b.label)) display = String(Number(b.label));
        else if (b.label === '*') {
          const k = symbols++;
          display = FOOTNOTE_SYMBOLS[k % FOOTNOTE_SYMBOLS.length].repeat(Math.floor(k / FOOTNOTE_SYMBOLS.length) + 1);
        } else {
          do autoNumber++;
          while (usedNumbers.has(autoNumber));
          display = String(autoNumber);
        }
        const id = r.uniqueId(/^\d+$/.test(display) ? `footnote-${display}` : `footnote-symbol-${symbols}`, 'footnote');
        r.blockIds.set(b, id);
        r.footnotes.set(b, { id, display, refIds: [] });
        break;
      }
      default:
        break;
    }
  }
  for (const i of flat.inlines) if (i.kind === 'inlineTarget') r.inlineIds.set(i, r.uniqueId(makeId(i.name), 'target'));

  // Where each name leads, from the name binder: the element of its definition, or the URI at the end of
  // its chain of indirect targets. An ambiguous name leads to its first definition here (for `:ref:` and
  // an image's `:target:`); a reference to it is not a link (see `useHref`).
  for (const [refname, binding] of r.names.byName) r.targets.set(refname, defHref(r, binding.def));
  // Footnote references: their ids in document order, and the footnote the binder pairs them with.
  for (const use of r.names.uses) {
    if (use.kind !== 'footnote') continue;
    const fn = r.names.resolve(use).def?.node as FootnoteBlock | undefined;
    const info = fn ? r.footnotes.get(fn) : undefined;
    const id = r.uniqueId(`footnote-reference-${r.footnoteRefs.size + 1}`, 'footnote-reference');
    info?.refIds.push(id);
    r.footnoteRefs.set(use.node, { info, id });
  }
}

/** The id of the element rendered for a definition (undefined for one that leads elsewhere: a URI, an indirect target). */
export function defId(r: RenderContext, def: NameDef): string | undefined {
  if (def.node.kind === 'inlineTarget') return r.inlineIds.get(def.node);
  if (def.node.kind === 'reference') return undefined;
  return r.blockIds.get(def.node);
}

/** Where a definition leads: its element (`#id`), or the URI at the end of its indirect chain. */
export function defHref(r: RenderContext, def: NameDef): string | undefined {
  const end = r.names.final(def);
  if (!end) return undefined;
  if (end.uri !== undefined) return safeHref(end.uri);
  const id = defId(r, end);
  return id === undefined ? undefined : `#${id}`;
}

/** The link of a use (a reference, `|x|_`, `|x|__`, a citation or footnote reference): only where the binder resolves it. */
export function useHref(r: RenderContext, use: NameUse): string | undefined {
  const hit = r.names.resolve(use);
  return hit.status === 'ok' && hit.def ? defHref(r, hit.def) : undefined;
}

const LABEL_SECTIONS = derivedKey<Map<string, SectionBlock>>('label sections');

/**
 * The section each internal target of the document stands before (`.. _x:` then, past other targets, a
 * title), by the target's name: the title a `:ref:` to it shows. Kept with the parsed tree.
 */
export function labelSections(doc: RstDocument): Map<string, SectionBlock> {
  return derived(doc, LABEL_SECTIONS, () => {
    const out = new Map<string, SectionBlock>();
    const blocks = flatten(doc).blocks;
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i];
      if (b.kind !== 'target' || b.anonymous || b.uri !== undefined || b.indirect !== undefined) continue;
      const next = namedByTarget(blocks, i);
      if (next !== 'external' && next?.kind === 'section' && !out.has(b.refname)) out.set(b.refname, next);
    }
    return out;
  });
}
