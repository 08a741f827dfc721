import { dotDiagramsOf } from '../dot/model';
import { dotFoldingRanges } from './dotOutline';
import type { Block, RstDocument } from '../rst/types';
import { walkBlocks } from '../rst/walk';
import { documentSymbols, type RstSymbol } from './documentSymbols';
import type { FoldingRange } from './types';

export type { FoldingRange } from './types';

/** Folding: sections, directives, lists, literal blocks, tables and comments that span lines; DOT graph bodies, subgraphs and attribute lists. */
export function foldingRanges(doc: RstDocument, lineOf: (offset: number) => number): FoldingRange[] {
  const out: FoldingRange[] = [];
  const add = (a: number, b: number, kind?: FoldingRange['kind']) => {
    if (b > a) out.push({ startLine: a, endLine: b, kind });
  };
  const sections = (syms: RstSymbol[]) => {
    for (const s of syms) {
      if (s.kind === 'section') add(lineOf(s.range.start), lineOf(s.range.end));
      sections(s.children);
    }
  };
  sections(documentSymbols(doc, { clusters: false }));
  walkBlocks(doc.blocks, (b: Block) => {
    switch (b.kind) {
      case 'directive':
      case 'bulletList':
      case 'enumList':
      case 'definitionList':
      case 'fieldList':
      case 'literal':
      case 'table':
      case 'blockQuote':
        add(b.line, b.endLine);
        break;
      case 'comment':
        add(b.line, b.endLine, 'comment');
        break;
      default:
        break;
    }
  });
  for (const diagram of dotDiagramsOf(doc)) out.push(...dotFoldingRanges(diagram, lineOf));
  const seen = new Set<string>();
  return out.filter((r) => {
    const k = `${r.startLine}:${r.endLine}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
