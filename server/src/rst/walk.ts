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

export function flatten(blocks: readonly Block[]): Flat {
  const all: Block[] = [];
  const inlines: Inline[] = [];
  walkBlocks(blocks, (b) => {
    all.push(b);
    for (const i of ownInlines(b)) inlines.push(i);
  });
  inlines.sort((a, b) => a.start - b.start);
  return { blocks: all, inlines };
}
