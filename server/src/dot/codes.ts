import { registerCodes, type CodeInfo } from '../codes';

/** The diagnostic codes of the DOT checks and of the Sphinx graphviz directive checks made here. */
export const DOT_CODES: Record<string, CodeInfo> = {
  'dot.syntax': { severity: 'error', source: 'dot', description: 'A DOT syntax error (found by the DOT parser, at the exact token).' },
  'dot.trailing-content': { severity: 'error', source: 'dot', description: 'Text after the end of the graph: native dot fails on it, wasm Graphviz ignores it.' },
  'dot.too-deep': { severity: 'error', source: 'dot', description: 'Subgraphs or attribute lists nested too deep to check.' },
  'dot.edge-op-mismatch': { severity: 'error', source: 'dot', description: 'A directed edge `->` in a `graph`, or an undirected edge `--` in a `digraph`.' },
  'dot.graphviz-error': { severity: 'error', source: 'dot', description: 'Graphviz rejected the diagram (its message, at the line and token it names).' },
  'dot.html-label': { severity: 'error', source: 'dot', description: 'Graphviz could not read an HTML-like label.' },
  'dot.layout-timeout': { severity: 'warning', source: 'dot', description: 'Graphviz did not finish the layout within `haGuide.graphviz.timeoutMs`.' },
  'dot.layout-too-large': { severity: 'warning', source: 'dot', description: 'Graphviz needed more memory than a layout may take (128 MB of wasm heap) and was stopped.' },
  'dot.layout-crashed': { severity: 'error', source: 'dot', description: 'Graphviz crashed on the diagram (its worker was restarted).' },
  'dot.unknown-attribute': { severity: 'warning', source: 'dot', description: 'An attribute name Graphviz does not know (it ignores it silently).' },
  'dot.attribute-not-applicable': { severity: 'warning', source: 'dot', description: 'A known attribute set on an object it has no effect on (`shape` on an edge).' },
  'dot.unknown-shape': { severity: 'warning', source: 'dot', description: 'A node shape Graphviz does not know (it draws a box).' },
  'dot.unknown-color': { severity: 'warning', source: 'dot', description: 'A colour that is not an X11 or SVG name, #rrggbb[aa], HSV or a colour-scheme entry.' },
  'dot.unknown-arrow': { severity: 'warning', source: 'dot', description: 'An arrow type outside the arrow grammar.' },
  'dot.unknown-style': { severity: 'warning', source: 'dot', description: 'A style Graphviz does not know, or one that does not apply to the object.' },
  'dot.invalid-value': { severity: 'warning', source: 'dot', description: 'A value outside an attribute\'s documented set (rankdir, dir, splines, rank, labelloc, numbers, booleans, ...), often ignored silently by Graphviz.' },
  'dot.node-name-typo': { severity: 'warning', source: 'dot', description: 'An edge endpoint used once and one typo away from a declared node (Graphviz silently adds a new node).' },
  'dot.keyword-typo': { severity: 'warning', source: 'dot', description: 'A misspelled keyword that Graphviz reads as a node ID (`subgrpah cluster_x {`, `nodee [shape=box]`, `egde [...]`): it draws an extra node instead.' },
  'dot.unknown-port': { severity: 'warning', source: 'dot', description: 'An edge end `a:p1` whose node\'s label defines no port `p1` (a record field `<p1>` or an HTML-like `PORT="p1"`): Graphviz warns and joins the edge to the node itself.' },
  'dot.html-attribute': { severity: 'warning', source: 'dot', description: 'An attribute an HTML-like label\'s tag does not take (`COLUMNS` on a `TD`), or a value outside its set (`ALIGN="middle"`): Graphviz ignores it with a warning.' },
  'dot.ortho-edge-label': { severity: 'warning', source: 'dot', description: 'An edge `label` under `splines=ortho`: the dot engine does not place it (use `xlabel`).' },
  'sphinx.graphviz-unknown-layout': { severity: 'error', source: 'sphinx', description: 'The `:layout:` option (or `:graphviz_dot:`) names no Graphviz layout engine.' },
};

let registered = false;
export function registerDotCodes(): void {
  if (registered) return;
  registered = true;
  registerCodes(DOT_CODES);
}
