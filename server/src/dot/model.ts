import { syntaxKind, type AttributeContainer, type Identifier, type Statement, type SyntaxNode, type SyntaxNodeArray } from 'dot-language-support';
import { skipTrivia } from './trivia';
import { LruMap } from '../common/lru';
import type { DirectiveBlock, RstDocument, Span } from '../rst/types';
import type { DotContext } from './catalog';
import { isCluster } from './checks';
import { identifierText } from './identifiers';
import { parseDot, type ParsedDot } from './dotParser';
import { directiveDotSource, findGraphvizDirectives } from './provider';
import { dotFileSource, type DotSource } from './source';

/**
 * The model behind the DOT language features (completion, hover, definition, references, rename, folding,
 * outline): one diagram's syntax tree read once into node mentions, attribute assignments and the
 * subgraph tree, with offsets into the DOT text the parser read (`DotSource.parserText`). The features
 * map them to the host file (`.rst` or `.dot`) with the diagram's `DotSource`.
 */

/** A node ID where it appears: `key` is its name (quotes removed), the span is the identifier as written. */
export interface NodeMention extends Span {
  key: string;
  quoted: boolean;
  /** True in a node statement (`a [shape=box]`, `a;`), false as an edge end. */
  explicit: boolean;
}

/** `name = value`, in an attribute list or as a statement, and what it applies to. */
export interface DotAssignment {
  name: string;
  nameSpan: Span;
  value?: string;
  valueSpan?: Span;
  context: DotContext;
}

export interface DotSubgraph extends Span {
  name?: string;
  nameSpan?: Span;
  cluster: boolean;
  /** The `label` it sets, if any. */
  label?: string;
  /** Offsets of its braces (`close` is -1 while unclosed). */
  open: number;
  close: number;
  children: DotSubgraph[];
}

export interface DotModel {
  parsed: ParsedDot;
  directed: boolean;
  /** The `graph`/`digraph` keyword and the graph's name. */
  keyword?: Span;
  name?: string;
  nameSpan?: Span;
  /** The whole graph, and its body's braces (`close` -1 while unclosed). */
  graph?: Span & { open: number; close: number };
  nodes: NodeMention[];
  byKey: Map<string, NodeMention[]>;
  assignments: DotAssignment[];
  subgraphs: DotSubgraph[];
  /** Attribute lists `[...]` (for folding the ones that span lines). */
  lists: { open: number; close: number }[];
}

/** One diagram in its host file. */
export interface DotDiagram {
  source: DotSource;
  model: DotModel;
  /** The directive it comes from (undefined for a `.dot` file). */
  directive?: DirectiveBlock;
  /** Host offsets of the DOT text the user wrote (a directive's content lines, or the whole file). */
  hostStart: number;
  hostEnd: number;
}

// ---------------------------------------------------------------------------------------------
// Diagrams of a document
// ---------------------------------------------------------------------------------------------

/** Every diagram with DOT content in an RST document, in document order (the file form has none here). */
export function dotDiagramsOf(doc: RstDocument): DotDiagram[] {
  const out: DotDiagram[] = [];
  for (const d of findGraphvizDirectives(doc)) {
    const diagram = directiveDiagram(doc, d);
    if (diagram) out.push(diagram);
  }
  return out;
}

/** The diagram whose DOT content holds the host offset (its content lines, end of the last line included). */
export function dotDiagramAt(doc: RstDocument, offset: number): DotDiagram | undefined {
  for (const d of findGraphvizDirectives(doc)) {
    if (!d.content || offset < d.start || offset > d.end) continue;
    const first = doc.lines.start[d.content.firstLine];
    const last = doc.lines.end[d.content.lastLine];
    if (first === undefined || last === undefined || offset < first || offset > last) continue;
    return directiveDiagram(doc, d);
  }
  return undefined;
}

/** The diagram of a directive with content, built the way the checks build it. */
export function directiveDiagram(doc: RstDocument, d: DirectiveBlock): DotDiagram | undefined {
  if (!d.content || (d.name === 'graphviz' && d.argument.trim() !== '')) return undefined;
  const source = directiveDotSource(doc, d);
  if (!source) return undefined;
  return { source, model: dotModel(source.parserText), directive: d, hostStart: doc.lines.start[d.content.firstLine], hostEnd: doc.lines.end[d.content.lastLine] };
}

/** A `.dot` / `.gv` file as one diagram. */
export function dotFileDiagram(text: string): DotDiagram {
  const source = dotFileSource(text);
  return { source, model: dotModel(text), hostStart: 0, hostEnd: text.length };
}

/**
 * The offset in `parserText` of a host offset (inverse of `toHost`, which never decreases): the first
 * parser offset that maps to it or beyond.
 */
export function fromHost(source: DotSource, host: number): number {
  let lo = 0;
  let hi = source.parserText.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (source.toHost(mid) < host) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A parser span in host offsets. */
export function hostSpan(source: DotSource, s: Span): Span {
  const start = source.toHost(s.start);
  return { start, end: Math.max(start, source.toHost(s.end)) };
}

// ---------------------------------------------------------------------------------------------
// The model, cached by text
// ---------------------------------------------------------------------------------------------

/**
 * Models by DOT text, most recent last: editing one diagram of a document leaves the others (a
 * 5,000-node one included) parsed. Bounded in entries and in characters (a model holds its parse, about 60
 * bytes per character).
 */
const CACHE_ENTRIES = 64;
const CACHE_CHARS = 2_000_000;
const cache = new LruMap<string, DotModel>(CACHE_ENTRIES, (text) => text.length, CACHE_CHARS);

export function dotModel(text: string): DotModel {
  const hit = cache.get(text);
  if (hit) return hit;
  const model = buildModel(parseDot(text));
  cache.set(text, model);
  return model;
}

function buildModel(parsed: ParsedDot): DotModel {
  const text = parsed.text;
  const graph = parsed.file?.graph;
  const model: DotModel = { parsed, directed: true, nodes: [], byKey: new Map(), assignments: [], subgraphs: [], lists: [] };
  if (!graph) return model;
  model.directed = graph.kind === syntaxKind.DirectedGraph;
  const start = (n: SyntaxNode) => skipTrivia(parsed.parserText, n.pos);
  const spanOf = (n: SyntaxNode): Span => {
    const s = start(n);
    return { start: s, end: Math.max(s, n.end) };
  };
  if (graph.keyword) model.keyword = spanOf(graph.keyword);
  if (graph.id) {
    model.name = identifierText(graph.id);
    model.nameSpan = spanOf(graph.id);
  }
  model.graph = { ...spanOf(graph), ...braces(text, graph.statements, graph) };

  const mention = (id: Identifier | undefined, explicit: boolean) => {
    if (!id || id.kind === syntaxKind.HtmlIdentifier || id.end <= id.pos) return;
    const key = identifierText(id);
    if (key === undefined) return;
    const span = spanOf(id);
    if (span.end <= span.start) return;
    const m: NodeMention = { key, ...span, quoted: id.kind === syntaxKind.QuotedTextIdentifier, explicit };
    model.nodes.push(m);
    const list = model.byKey.get(key);
    if (list) list.push(m);
    else model.byKey.set(key, [m]);
  };
  const assignment = (left: Identifier | undefined, right: Identifier | undefined, context: DotContext) => {
    const name = identifierText(left);
    if (!left || name === undefined || name === '' || left.end <= left.pos) return;
    const a: DotAssignment = { name, nameSpan: spanOf(left), context };
    if (right && right.end > right.pos) {
      a.value = identifierText(right);
      a.valueSpan = spanOf(right);
    }
    model.assignments.push(a);
  };
  const lists = (attrs: readonly AttributeContainer[] | undefined, context: DotContext) => {
    for (const l of attrs ?? []) {
      const open = start(l);
      model.lists.push({ open, close: text[l.end - 1] === ']' ? l.end - 1 : -1 });
      for (const a of l.assignments ?? []) assignment(a.leftId, a.rightId, context);
    }
  };
  const subgraph = (sg: { id?: Identifier; statements?: SyntaxNodeArray<Statement> } & SyntaxNode, into: DotSubgraph[], depth: number, inEdge: boolean) => {
    const cluster = isCluster(sg.id, sg.statements, text);
    const s: DotSubgraph = { ...spanOf(sg), cluster, ...braces(text, sg.statements, sg), children: [] };
    if (sg.id) {
      s.name = identifierText(sg.id);
      s.nameSpan = spanOf(sg.id);
    }
    s.label = labelOf(sg.statements);
    into.push(s);
    statements(sg.statements, cluster ? 'cluster' : 'subgraph', s.children, depth + 1, inEdge);
  };
  const endpoint = (n: SyntaxNode | undefined, into: DotSubgraph[], depth: number) => {
    if (!n) return;
    if (n.kind === syntaxKind.NodeId) mention((n as unknown as { id: Identifier }).id, false);
    else if (n.kind === syntaxKind.SubGraph) subgraph(n as SyntaxNode & { id?: Identifier; statements?: SyntaxNodeArray<Statement> }, into, depth, true);
  };
  /** `inEdge`: the statements of a subgraph used as an edge end (`a -> {b c}`): bare names there are edge ends. */
  const statements = (list: readonly Statement[] | undefined, context: DotContext, into: DotSubgraph[], depth: number, inEdge: boolean) => {
    if (!list || depth > 1000) return;
    for (const s of list) {
      switch (s.kind) {
        case syntaxKind.NodeStatement:
          mention(s.id?.id, !inEdge || (s.attributes ?? []).length > 0);
          lists(s.attributes, 'node');
          break;
        case syntaxKind.EdgeStatement:
          endpoint(s.source, into, depth);
          for (const rhs of s.rhs ?? []) endpoint(rhs.target, into, depth);
          lists(s.attributes, 'edge');
          break;
        case syntaxKind.AttributeStatement: {
          const subject = s.subject?.kind;
          lists(s.attributes, subject === syntaxKind.NodeKeyword ? 'node' : subject === syntaxKind.EdgeKeyword ? 'edge' : context);
          break;
        }
        case syntaxKind.IdEqualsIdStatement:
          assignment(s.leftId, s.rightId, context);
          break;
        case syntaxKind.SubGraphStatement:
          if (s.subgraph) subgraph(s.subgraph, into, depth, inEdge);
          break;
      }
    }
  };
  statements(graph.statements, 'graph', model.subgraphs, 0, false);
  // Tree order is text order; after error recovery too, so that lookups can bisect.
  model.nodes.sort((a, b) => a.start - b.start);
  return model;
}

/** The braces around a statement list: `{` just before the list, `}` at the node's end when present. */
function braces(text: string, list: { pos: number } | undefined, node: SyntaxNode): { open: number; close: number } {
  const at = list ? text.lastIndexOf('{', list.pos) : -1;
  const open = at >= node.pos ? at : -1;
  const close = node.end > 0 && text[node.end - 1] === '}' ? node.end - 1 : -1;
  return { open, close };
}

function labelOf(list: readonly Statement[] | undefined): string | undefined {
  for (const s of list ?? []) {
    if (s.kind === syntaxKind.IdEqualsIdStatement && identifierText(s.leftId) === 'label') return identifierText(s.rightId);
    if (s.kind === syntaxKind.AttributeStatement && s.subject?.kind === syntaxKind.GraphKeyword) {
      for (const l of s.attributes ?? []) for (const a of l.assignments ?? []) if (identifierText(a.leftId) === 'label') return identifierText(a.rightId);
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------

/** The node mention whose identifier holds the parser offset (its end included). */
export function mentionAt(model: DotModel, offset: number): NodeMention | undefined {
  // Mentions are in tree order, which is text order: binary search for the last one starting at or before.
  const nodes = model.nodes;
  let lo = 0;
  let hi = nodes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const m = found >= 0 ? nodes[found] : undefined;
  return m && offset <= m.end ? m : undefined;
}

/** The definitions of a node: its node statements, or its first appearance when it has none. */
export function definitionsOfNode(model: DotModel, key: string): NodeMention[] {
  const all = model.byKey.get(key) ?? [];
  const explicit = all.filter((m) => m.explicit);
  return explicit.length ? explicit : all.slice(0, 1);
}

/** The assignment whose name or value holds the parser offset. */
export function assignmentAt(model: DotModel, offset: number): { assignment: DotAssignment; part: 'name' | 'value' } | undefined {
  for (const a of model.assignments) {
    if (offset >= a.nameSpan.start && offset <= a.nameSpan.end) return { assignment: a, part: 'name' };
    if (a.valueSpan && offset >= a.valueSpan.start && offset <= a.valueSpan.end) return { assignment: a, part: 'value' };
  }
  return undefined;
}

const KEYWORDS = new Set(['node', 'edge', 'graph', 'digraph', 'subgraph', 'strict']);
const BARE_ID = /^(?:[A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*|-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?))$/;

/** True when `name` can be written without quotes (an ID or a numeral, not a keyword). */
export function isBareId(name: string): boolean {
  return BARE_ID.test(name) && !KEYWORDS.has(name.toLowerCase());
}

/** `name` as a DOT string: `"` escaped. */
export function quoteId(name: string): string {
  return '"' + name.replace(/"/g, '\\"') + '"';
}

/** `name` written as a DOT ID: bare when it can be, quoted otherwise. */
export function writeId(name: string): string {
  return isBareId(name) ? name : quoteId(name);
}
