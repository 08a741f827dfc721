import type { Block, Inline } from './types';

const NO_BODIES: readonly (readonly Block[])[] = [];

/** The lists of blocks a block holds, in order: its items' bodies, a quote's or directive's body, table cells. */
export function childBodies(b: Block): readonly (readonly Block[])[] {
  switch (b.kind) {
    case 'bulletList':
    case 'enumList':
    case 'optionList':
    case 'definitionList':
    case 'fieldList':
      return (b.items as { body: Block[] }[]).map((item) => item.body);
    case 'blockQuote':
    case 'footnote':
    case 'citation':
      return [b.body];
    case 'directive':
      return b.body ? [b.body] : NO_BODIES;
    case 'substitutionDef':
      return b.directive ? [[b.directive]] : NO_BODIES;
    case 'table':
      return b.cells.map((c) => c.body);
    default:
      return NO_BODIES;
  }
}

/** Every block, depth first, in document order (bodies of lists, quotes, directives, cells...). */
export function walkBlocks(blocks: readonly Block[], fn: (b: Block, parent: Block | undefined) => void, parent?: Block): void {
  for (const b of blocks) {
    fn(b, parent);
    for (const body of childBodies(b)) walkBlocks(body, fn, b);
  }
}

/** The inline nodes a block itself holds (not those of its children). */
export function ownInlines(b: Block): Inline[] {
  switch (b.kind) {
    case 'paragraph':
      return b.inlines;
    case 'section':
      return b.titleInlines;
    case 'definitionList':
      return b.items.flatMap((i) => i.termInlines);
    case 'fieldList':
      return b.items.flatMap((i) => i.nameInlines);
    case 'lineBlock':
      return b.lines.flatMap((l) => l.inlines);
    case 'blockQuote':
      return b.attribution?.inlines ?? [];
    case 'directive':
      return b.argumentInlines ?? [];
    default:
      return [];
  }
}

/** Every inline node of the document, in document order. */
export function allInlines(blocks: readonly Block[]): Inline[] {
  const out: Inline[] = [];
  walkBlocks(blocks, (b) => {
    for (const i of ownInlines(b)) out.push(i);
  });
  return out.sort((a, b) => a.start - b.start);
}

/** Every block (depth first) and every inline node of a document, gathered in one walk. */
export interface Flat {
  blocks: Block[];
  inlines: Inline[];
}

const flatCache = new WeakMap<readonly Block[], Flat>();

/**
 * The blocks and inline nodes of a tree, gathered in one walk without callbacks. A parsed tree does not
 * change, so the result is kept per tree (the checks, the include reader and the features share it):
 * callers must not modify the arrays.
 */
export function flatten(blocks: readonly Block[]): Flat {
  let flat = flatCache.get(blocks);
  if (flat) return flat;
  const all: Block[] = [];
  const inlines: Inline[] = [];
  gather(blocks, all, inlines);
  // Gathered in document order except where bodies interleave (table cells): sort only then.
  for (let k = 1; k < inlines.length; k++) {
    if (inlines[k].start < inlines[k - 1].start) {
      inlines.sort((a, b) => a.start - b.start);
      break;
    }
  }
  flat = { blocks: all, inlines };
  flatCache.set(blocks, flat);
  return flat;
}

/** `walkBlocks` + `ownInlines`, in the same order, pushing straight into the two arrays. */
function gather(blocks: readonly Block[], all: Block[], inlines: Inline[]): void {
  for (let n = 0; n < blocks.length; n++) {
    const b = blocks[n];
    all.push(b);
    const own = ownInlines(b);
    for (let k = 0; k < own.length; k++) inlines.push(own[k]);
    const bodies = childBodies(b);
    for (let k = 0; k < bodies.length; k++) gather(bodies[k], all, inlines);
  }
}
