import type { Block, Inline } from './types';

/** Every block, depth first, in document order (bodies of lists, quotes, directives, cells...). */
export function walkBlocks(blocks: readonly Block[], fn: (b: Block, parent: Block | undefined) => void, parent?: Block): void {
  for (const b of blocks) {
    fn(b, parent);
    switch (b.kind) {
      case 'bulletList':
      case 'enumList':
      case 'optionList':
      case 'definitionList':
      case 'fieldList':
        for (const item of b.items as { body: Block[] }[]) walkBlocks(item.body, fn, b);
        break;
      case 'blockQuote':
      case 'footnote':
      case 'citation':
        walkBlocks(b.body, fn, b);
        break;
      case 'directive':
        if (b.body) walkBlocks(b.body, fn, b);
        break;
      case 'substitutionDef':
        if (b.directive) walkBlocks([b.directive], fn, b);
        break;
      case 'table':
        for (const c of b.cells) walkBlocks(c.body, fn, b);
        break;
      default:
        break;
    }
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
  inlines.sort((a, b) => a.start - b.start);
  flat = { blocks: all, inlines };
  flatCache.set(blocks, flat);
  return flat;
}

/** `walkBlocks` + `ownInlines`, in the same order, pushing straight into the two arrays. */
function gather(blocks: readonly Block[], all: Block[], inlines: Inline[]): void {
  for (let n = 0; n < blocks.length; n++) {
    const b = blocks[n];
    all.push(b);
    switch (b.kind) {
      case 'paragraph':
        for (const i of b.inlines) inlines.push(i);
        break;
      case 'section':
        for (const i of b.titleInlines) inlines.push(i);
        break;
      case 'lineBlock':
        for (const l of b.lines) for (const i of l.inlines) inlines.push(i);
        break;
      case 'definitionList':
        for (const item of b.items) for (const i of item.termInlines) inlines.push(i);
        for (const item of b.items) gather(item.body, all, inlines);
        break;
      case 'fieldList':
        for (const item of b.items) for (const i of item.nameInlines) inlines.push(i);
        for (const item of b.items) gather(item.body, all, inlines);
        break;
      case 'bulletList':
      case 'enumList':
      case 'optionList':
        for (const item of b.items as { body: Block[] }[]) gather(item.body, all, inlines);
        break;
      case 'blockQuote':
        if (b.attribution) for (const i of b.attribution.inlines) inlines.push(i);
        gather(b.body, all, inlines);
        break;
      case 'footnote':
      case 'citation':
        gather(b.body, all, inlines);
        break;
      case 'directive':
        if (b.argumentInlines) for (const i of b.argumentInlines) inlines.push(i);
        if (b.body) gather(b.body, all, inlines);
        break;
      case 'substitutionDef':
        if (b.directive) gather([b.directive], all, inlines);
        break;
      case 'table':
        for (const c of b.cells) gather(c.body, all, inlines);
        break;
      default:
        break;
    }
  }
}
