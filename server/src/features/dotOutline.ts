import type { FoldingRange, RstSymbol } from './types';
import { hostSpan, type DotDiagram, type DotSubgraph } from '../dot/model';

/**
 * Folding and outline of a diagram: the graph body, every subgraph and cluster, and attribute lists that
 * span lines fold; the outline shows the clusters (nested as written, through plain subgraphs).
 */
export function dotFoldingRanges(diagram: DotDiagram, lineOf: (hostOffset: number) => number): FoldingRange[] {
  const { source, model } = diagram;
  const hostText = (o: number) => source.toHost(o);
  const out: FoldingRange[] = [];
  /** From the line of the opening bracket to the line before the closing one (which stays visible). */
  const add = (open: number, close: number, bracket: string) => {
    if (open < 0 || source.parserText[open] !== bracket) return;
    const startLine = lineOf(hostText(open));
    if (close < 0) {
      const endLine = lineOf(diagram.hostEnd);
      if (endLine > startLine) out.push({ startLine, endLine });
      return;
    }
    const closeLine = lineOf(hostText(close));
    if (closeLine <= startLine) return;
    // `c }`: the last line has content before the bracket, so it folds too.
    const endLine = onlySpaceBefore(source.parserText, close) ? closeLine - 1 : closeLine;
    if (endLine > startLine) out.push({ startLine, endLine });
  };
  const g = model.graph;
  // The `{` of a `graph`/`digraph` directive is Sphinx's, not in the file: its directive folds already.
  if (g && (diagram.hostStart === 0 || source.toHost(g.open) >= diagram.hostStart)) add(g.open, g.close, '{');
  const walk = (list: DotSubgraph[]) => {
    for (const s of list) {
      add(s.open, s.close, '{');
      walk(s.children);
    }
  };
  walk(model.subgraphs);
  for (const l of model.lists) add(l.open, l.close, '[');
  return out;
}

/** True when only blanks precede `at` on its line. */
function onlySpaceBefore(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** The clusters of a diagram as outline symbols (host offsets). */
export function dotClusterSymbols(diagram: DotDiagram): RstSymbol[] {
  const { source } = diagram;
  const out: RstSymbol[] = [];
  const walk = (list: DotSubgraph[], into: RstSymbol[]) => {
    for (const s of list) {
      if (!s.cluster) {
        walk(s.children, into);
        continue;
      }
      const sym: RstSymbol = {
        name: s.name ?? 'cluster',
        kind: 'cluster',
        detail: s.label,
        range: hostSpan(source, s),
        selection: hostSpan(source, s.nameSpan ?? { start: s.start, end: s.start }),
        children: [],
      };
      into.push(sym);
      walk(s.children, sym.children);
    }
  };
  walk(diagram.model.subgraphs, out);
  return out;
}

/** The outline of a `.dot` file: its graph, with the clusters under it. */
export function dotFileSymbols(diagram: DotDiagram): RstSymbol[] {
  const { model, source } = diagram;
  if (!model.graph) return [];
  const keyword = model.keyword ?? { start: model.graph.start, end: model.graph.start };
  return [
    {
      name: model.name ?? (model.directed ? 'digraph' : 'graph'),
      kind: 'diagram',
      detail: model.directed ? 'digraph' : 'graph',
      range: hostSpan(source, model.graph),
      selection: hostSpan(source, model.nameSpan ?? keyword),
      children: dotClusterSymbols(diagram),
    },
  ];
}
