import { derived, derivedKey } from './derived';
import type { Block, DirectiveBlock, Inline } from './types';

type Visit<T> = (body: readonly Block[], arg: T, parent: Block) => void;

/**
 * Calls `visit(body, arg, b)` for each list of blocks `b` holds, in order: its items' bodies, a quote's or
 * directive's body, table cells. No array or closure is made per block: the walks below run over every
 * block of a document on each check.
 */
export function eachBody<T>(b: Block, visit: Visit<T>, arg: T): void {
  switch (b.kind) {
    case 'bulletList':
    case 'enumList':
    case 'optionList':
    case 'definitionList':
    case 'fieldList':
      for (let k = 0; k < b.items.length; k++) visit(b.items[k].body, arg, b);
      return;
    case 'blockQuote':
    case 'footnote':
    case 'citation':
      visit(b.body, arg, b);
      return;
    case 'directive':
      if (b.body) visit(b.body, arg, b);
      return;
    case 'substitutionDef':
      if (b.directive) visit([b.directive], arg, b);
      return;
    case 'table':
      for (let k = 0; k < b.cells.length; k++) visit(b.cells[k].body, arg, b);
      return;
  }
}

/** Every block, depth first, in document order (bodies of lists, quotes, directives, cells...). */
export function walkBlocks(blocks: readonly Block[], fn: (b: Block, parent: Block | undefined) => void, parent?: Block): void {
  for (let n = 0; n < blocks.length; n++) {
    const b = blocks[n];
    fn(b, parent);
    eachBody(b, walkBlocks, fn);
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
      return b.contentInlines ? [...(b.argumentInlines ?? []), ...b.contentInlines] : (b.argumentInlines ?? []);
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
  /** The directives among `blocks`, in their order (a substitution definition's too): most walks look for these only. */
  directives: DirectiveBlock[];
}

const FLAT = derivedKey<Flat>('flat');

/**
 * The blocks and inline nodes of a parsed tree, gathered in one walk without callbacks. A parsed tree does
 * not change, so the result is kept with the tree (`derived`; the checks, the include reader and the
 * features share it): callers must not modify the arrays.
 */
export function flatten(tree: { readonly blocks: readonly Block[] }): Flat {
  return derived(tree, FLAT, () => {
    const all: Block[] = [];
    const inlines: Inline[] = [];
    const directives: DirectiveBlock[] = [];
    gather(tree.blocks, all, inlines, directives);
    // Gathered in document order except where bodies interleave (table cells): sort only then.
    for (let k = 1; k < inlines.length; k++) {
      if (inlines[k].start < inlines[k - 1].start) {
        inlines.sort((a, b) => a.start - b.start);
        break;
      }
    }
    return { blocks: all, inlines, directives };
  });
}

/**
 * `walkBlocks` + `ownInlines` (the same kinds as `eachBody`, checked by walk.test.ts), pushing straight into the two arrays. A definition or field list's term
 * inlines are taken item by item, before that item's body, so that they come in document order.
 */
function gather(blocks: readonly Block[], all: Block[], inlines: Inline[], directives: DirectiveBlock[]): void {
  for (let n = 0; n < blocks.length; n++) {
    const b = blocks[n];
    all.push(b);
    switch (b.kind) {
      case 'paragraph':
        pushAll(inlines, b.inlines);
        break;
      case 'section':
        pushAll(inlines, b.titleInlines);
        break;
      case 'definitionList':
        for (const item of b.items) {
          pushAll(inlines, item.termInlines);
          gather(item.body, all, inlines, directives);
        }
        break;
      case 'fieldList':
        for (const item of b.items) {
          pushAll(inlines, item.nameInlines);
          gather(item.body, all, inlines, directives);
        }
        break;
      case 'lineBlock':
        for (const l of b.lines) pushAll(inlines, l.inlines);
        break;
      case 'blockQuote':
        if (b.attribution) pushAll(inlines, b.attribution.inlines);
        gather(b.body, all, inlines, directives);
        break;
      case 'directive':
        directives.push(b);
        if (b.argumentInlines) pushAll(inlines, b.argumentInlines);
        if (b.contentInlines) pushAll(inlines, b.contentInlines);
        if (b.body) gather(b.body, all, inlines, directives);
        break;
      case 'bulletList':
      case 'enumList':
      case 'optionList':
        for (const item of b.items) gather(item.body, all, inlines, directives);
        break;
      case 'footnote':
      case 'citation':
        gather(b.body, all, inlines, directives);
        break;
      case 'substitutionDef':
        if (b.directive) gather([b.directive], all, inlines, directives);
        break;
      case 'table':
        for (const cell of b.cells) gather(cell.body, all, inlines, directives);
        break;
    }
  }
}

/** Appends `from` to `to` (no spread: a long array would overflow the call's arguments). */
export function pushAll<T>(to: T[], from: readonly T[]): void {
  for (let k = 0; k < from.length; k++) to.push(from[k]);
}

/**
 * What the internal target at `blocks[i]` (a flattened list) names: the next block that is not a target
 * (`.. _a:` then `.. _b:` then a title: both name the section), undefined at the end, or `'external'` when
 * the chain of targets ends in an external or indirect one (all of them are then aliases of that URI, not
 * labels). Read by the workspace index (a label's title) and the renderer (a `:ref:`'s text).
 */
export function namedByTarget(blocks: readonly Block[], i: number): Block | 'external' | undefined {
  for (let j = i + 1; j < blocks.length; j++) {
    const t = blocks[j];
    if (t.kind !== 'target') return t;
    if (t.uri !== undefined || t.indirect) return 'external';
  }
  return undefined;
}
