import { syntaxKind, type AttributeContainer, type EdgeSourceOrTarget, type Graph, type Statement } from 'dot-language-support';
import { identifierText } from './identifiers';

/**
 * What a node or an edge takes from the `node [...]` and `edge [...]` defaults around it, as Graphviz assigns
 * them: an object gets the defaults in force in the (sub)graph where it is first named, at that point of the
 * text; a subgraph starts with its parent's defaults as they are where it opens; a default set later, or in a
 * subgraph a node is named in again, does not reach a node already made (checked against the layouts of the
 * Graphviz this build runs: `digraph { a; node [shape=box]; b }` draws `a` as an ellipse, and a node named first
 * at the root keeps the root's defaults when a subgraph names it again).
 */
export interface ScopedDefaults {
  /** Per node, the `shape` and `colorscheme` defaults in force where it was first named (unset: none was). */
  created: Map<string, { shape?: string; colorscheme?: string }>;
  /** Per node, the colour schemes its own statements set (`a [colorscheme=blues9]`; the last wins in Graphviz). */
  ownSchemes: Map<string, Set<string>>;
  /** Per edge statement, the `edge [colorscheme=...]` default in force there (unset: none was). */
  edgeScheme: Map<Statement, string | undefined>;
  /** Every `colorscheme` value set anywhere in the graph, on any object or default (lower-cased). */
  schemes: Set<string>;
}

interface Defaults {
  shape?: string;
  nodeScheme?: string;
  edgeScheme?: string;
}

/** The scoped defaults of a graph (see {@link ScopedDefaults}); subgraphs nested deeper than 1,000 are not followed. */
export function scopedDefaults(graph: Graph): ScopedDefaults {
  const out: ScopedDefaults = { created: new Map(), ownSchemes: new Map(), edgeScheme: new Map(), schemes: new Set() };
  const schemesOf = (lists: readonly AttributeContainer[] | undefined) => {
    const found = values(lists, 'colorscheme');
    for (const v of found) out.schemes.add(v);
    return found;
  };
  const name = (n: EdgeSourceOrTarget | undefined, scope: Defaults, depth: number) => {
    if (!n) return;
    if (n.kind === syntaxKind.NodeId) {
      const id = identifierText(n.id);
      if (id !== undefined && !out.created.has(id)) out.created.set(id, { shape: scope.shape, colorscheme: scope.nodeScheme });
    } else if (n.kind === syntaxKind.SubGraph) walk(n.statements, { ...scope }, depth + 1);
  };
  const walk = (statements: readonly Statement[] | undefined, scope: Defaults, depth: number) => {
    if (!statements || depth > 1000) return;
    for (const s of statements) {
      switch (s.kind) {
        case syntaxKind.NodeStatement: {
          const id = s.id ? identifierText(s.id.id) : undefined;
          if (id === undefined) break;
          if (!out.created.has(id)) out.created.set(id, { shape: scope.shape, colorscheme: scope.nodeScheme });
          for (const v of schemesOf(s.attributes)) {
            const own = out.ownSchemes.get(id);
            if (own) own.add(v);
            else out.ownSchemes.set(id, new Set([v]));
          }
          break;
        }
        case syntaxKind.EdgeStatement:
          name(s.source, scope, depth);
          for (const r of s.rhs ?? []) name(r.target, scope, depth);
          out.edgeScheme.set(s, scope.edgeScheme);
          schemesOf(s.attributes);
          break;
        case syntaxKind.AttributeStatement: {
          const subject = s.subject?.kind;
          const schemes = schemesOf(s.attributes);
          if (subject === syntaxKind.NodeKeyword) {
            for (const v of values(s.attributes, 'shape')) scope.shape = v;
            for (const v of schemes) scope.nodeScheme = v;
          } else if (subject === syntaxKind.EdgeKeyword) {
            for (const v of schemes) scope.edgeScheme = v;
          }
          break;
        }
        case syntaxKind.IdEqualsIdStatement:
          // `colorscheme=x` in a graph's body: the graph's own scheme.
          if (identifierText(s.leftId) === 'colorscheme') {
            const v = identifierText(s.rightId);
            if (v !== undefined) out.schemes.add(v.toLowerCase());
          }
          break;
        case syntaxKind.SubGraphStatement:
          if (s.subgraph) walk(s.subgraph.statements, { ...scope }, depth + 1);
          break;
      }
    }
  };
  walk(graph.statements, {}, 0);
  return out;
}

/** The values an attribute is given in attribute lists, in order, lower-cased. */
export function values(lists: readonly AttributeContainer[] | undefined, attribute: string): string[] {
  const out: string[] = [];
  for (const l of lists ?? []) {
    for (const a of l.assignments ?? []) {
      if (identifierText(a.leftId) !== attribute) continue;
      const v = identifierText(a.rightId);
      if (v !== undefined) out.push(v.toLowerCase());
    }
  }
  return out;
}
