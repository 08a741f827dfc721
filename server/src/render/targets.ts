/** The first pass of the renderer: ids of sections and targets, footnote numbers, citations, substitutions. */
import { findGraphvizDirectives } from '../dot/provider';
import { normalizeName } from '../rst/text';
import type { FootnoteBlock } from '../rst/types';
import { flatten } from '../rst/walk';
import type { RenderContext } from './context';
import { FOOTNOTE_SYMBOLS, makeId, safeHref } from './html';

export function collectTargets(r: RenderContext): void {
  const flat = flatten(r.doc.blocks);
  findGraphvizDirectives(r.doc).forEach((d, i) => r.diagramIndex.set(d, i));
  // Implicit targets (sections) first, explicit ones override them.
  for (const s of r.sections) {
    const id = r.uniqueId(makeId(s.refname), 'section');
    r.blockIds.set(s, id);
    if (!r.targets.has(s.refname)) r.targets.set(s.refname, `#${id}`);
  }
  const indirect: [string, string][] = [];
  const anonymousTargets: (string | undefined)[] = [];
  let autoNumber = 0;
  const usedNumbers = new Set<number>();
  const autoFootnotes: FootnoteBlock[] = [];
  const symbolFootnotes: FootnoteBlock[] = [];
  for (const b of flat.blocks) {
    if (b.kind === 'footnote' && /^\d+$/.test(b.label)) usedNumbers.add(Number(b.label));
  }
  for (const b of flat.blocks) {
    switch (b.kind) {
      case 'target':
        if (b.anonymous) {
          anonymousTargets.push(b.uri !== undefined ? safeHref(b.uri) : b.indirect !== undefined ? `\u0000${b.indirect}` : undefined);
        } else if (b.uri !== undefined) {
          r.targets.set(b.refname, safeHref(b.uri));
        } else if (b.indirect !== undefined) {
          indirect.push([b.refname, b.indirect]);
        } else {
          const id = r.uniqueId(makeId(b.name), 'target');
          r.blockIds.set(b, id);
          r.targets.set(b.refname, `#${id}`);
        }
        break;
      case 'directive': {
        const name = b.options.find((o) => o.name === 'name')?.value.trim();
        if (name) {
          const id = r.uniqueId(makeId(name), 'figure');
          r.blockIds.set(b, id);
          r.targets.set(normalizeName(name), `#${id}`);
        }
        break;
      }
      case 'citation': {
        const id = r.uniqueId(makeId(b.label), 'citation');
        r.blockIds.set(b, id);
        r.citations.set(b.refname, { id, refIds: [] });
        r.targets.set(b.refname, `#${id}`);
        break;
      }
      case 'footnote': {
        let display: string;
        if (/^\d+$/.test(b.label)) display = String(Number(b.label));
        else if (b.label === '*') {
          const k = symbolFootnotes.length;
          symbolFootnotes.push(b);
          display = FOOTNOTE_SYMBOLS[k % FOOTNOTE_SYMBOLS.length].repeat(Math.floor(k / FOOTNOTE_SYMBOLS.length) + 1);
        } else {
          do autoNumber++;
          while (usedNumbers.has(autoNumber));
          display = String(autoNumber);
          if (b.label === '#') autoFootnotes.push(b);
        }
        const id = r.uniqueId(/^\d+$/.test(display) ? `footnote-${display}` : `footnote-symbol-${symbolFootnotes.length}`, 'footnote');
        r.blockIds.set(b, id);
        r.footnotes.set(b, { id, display, refIds: [] });
        if (b.label.startsWith('#') && b.label.length > 1) r.targets.set(normalizeName(b.label.slice(1)), `#${id}`);
        break;
      }
      case 'substitutionDef':
        if (!r.substitutions.has(b.refname)) r.substitutions.set(b.refname, b);
        break;
      default:
        break;
    }
  }
  for (const i of flat.inlines) {
    if (i.kind === 'inlineTarget') {
      const id = r.uniqueId(makeId(i.name), 'target');
      r.inlineIds.set(i, id);
      if (!r.targets.has(i.refname) || r.targets.get(i.refname)?.startsWith('#')) r.targets.set(i.refname, `#${id}`);
    } else if (i.kind === 'reference' && i.targetName && i.uri !== undefined && !r.targets.has(i.targetName)) {
      r.targets.set(i.targetName, safeHref(i.uri));
    }
  }
  const resolve = (name: string): string | undefined => {
    let n = name;
    for (let hops = 0; hops < 20; hops++) {
      const next = indirect.find(([r]) => r === n);
      if (!next) return r.targets.get(n);
      n = normalizeName(next[1]);
    }
    return undefined;
  };
  for (const [refname] of indirect) r.targets.set(refname, resolve(refname));

  // Anonymous references take the anonymous targets in order.
  let anon = 0;
  let autoRef = 0;
  let symbolRef = 0;
  for (const i of flat.inlines) {
    if (i.kind === 'reference' && i.anonymous && !i.embedded) {
      const t = anonymousTargets[anon++];
      r.anonymousHrefs.set(i, t?.startsWith('\u0000') ? resolve(normalizeName(t.slice(1))) : t);
    } else if (i.kind === 'footnoteRef') {
      let fn: FootnoteBlock | undefined;
      if (i.label === '#') fn = autoFootnotes[autoRef++];
      else if (i.label === '*') fn = symbolFootnotes[symbolRef++];
      else for (const [b] of r.footnotes) if (b.label === i.label || (/^\d+$/.test(i.label) && b.label === String(Number(i.label)))) fn = b;
      const info = fn ? r.footnotes.get(fn) : undefined;
      const id = r.uniqueId(`footnote-reference-${r.footnoteRefs.size + 1}`, 'footnote-reference');
      info?.refIds.push(id);
      r.footnoteRefs.set(i, { info, id });
    }
  }
}

