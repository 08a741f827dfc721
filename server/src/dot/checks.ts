import {
  syntaxKind,
  syntaxNodeFlags,
  type AttributeContainer,
  type EdgeSourceOrTarget,
  type Graph,
  type Identifier,
  type NodeId,
  type Statement,
  type SyntaxNode,
} from 'dot-language-support';
import { skipTrivia } from './trivia';
import { identifierText } from './identifiers';
import { scopedDefaults, values as schemeValues } from './scopes';
import { htmlAttributeIssues, htmlLabelIssue } from './htmlLabel';
import {
  appliesTo,
  attributeFact,
  checkAttributeValue,
  closest,
  contextLabel,
  didYouMean,
  editDistance,
  suggestAttribute,
  usedByLabel,
  type DotContext,
  type ValueEnv,
} from './catalog';
import type { DotProblem, ParsedDot } from './dotParser';

/**
 * The checks Graphviz does not make (it ignores unknown attributes and most bad values silently), on the
 * syntax tree of one diagram:
 * - `dot.unknown-attribute`: an attribute Graphviz does not know, with "did you mean";
 * - `dot.attribute-not-applicable`: a known attribute set where it has no effect (`shape` on an edge);
 * - `dot.unknown-shape`, `dot.unknown-color`, `dot.unknown-arrow`, `dot.unknown-style`, `dot.invalid-value`:
 *   values outside the documented sets (rankdir, dir, splines, rank, labelloc, numbers, booleans, ...);
 * - `dot.edge-op-mismatch`: `->` in a `graph`, `--` in a `digraph`;
 * - `dot.node-name-typo`: an edge endpoint one typo away from a declared node;
 * - `dot.keyword-typo`: a misspelled keyword that Graphviz reads as a node ID (`subgrpah cluster_x {`,
 *   `nodee [shape=box]`);
 * - `dot.unknown-port`: an edge end `a:p1` whose node's label defines no port `p1` (native dot warns
 *   "node a, port p1 unrecognized" and joins the edge to the node itself);
 * - `dot.html-attribute`: an attribute of an HTML-like label's tag that Graphviz ignores with a warning;
 * - `dot.ortho-edge-label`: an edge label under `splines=ortho`, which the dot engine does not place.
 */
const semanticsCache = new WeakMap<ParsedDot, DotProblem[]>();

/** The semantic checks of a parsed diagram (cached with the parse, which is cached by text). */
export function checkDotSemantics(parsed: ParsedDot): DotProblem[] {
  let hit = semanticsCache.get(parsed);
  if (!hit) {
    hit = checkDotSemanticsUncached(parsed);
    semanticsCache.set(parsed, hit);
  }
  return hit;
}

function checkDotSemanticsUncached(parsed: ParsedDot): DotProblem[] {
  const graph = parsed.file?.graph;
  if (!graph) return [];
  // Positions skip trivia in the text the parser read (a comma of a node list is a space there).
  const problems = checkGraph(graph, parsed.parserText);
  // After a string whose closing quote is missing, our parser's reading of the text is not Graphviz's.
  const cut = parsed.unterminatedAt;
  return cut === undefined ? problems : problems.filter((p) => p.start < cut);
}

function checkGraph(graph: Graph, text: string): DotProblem[] {
  const problems: DotProblem[] = [];
  const directed = graph.kind === syntaxKind.DirectedGraph;
  const scoped = scopedDefaults(graph);
  const env: ValueEnv = { colorSchemes: scoped.schemes };
  /**
   * The colour schemes a node's colours are read in: those its own statements set, else the `node [...]` one
   * in force where it was first named (a scheme set on other objects, or on the graph, is not its own).
   */
  const nodeEnv = (node: string): ValueEnv => {
    const own = scoped.ownSchemes.get(node);
    const created = scoped.created.get(node)?.colorscheme;
    return { colorSchemes: own ?? new Set(created === undefined ? [] : [created]), owner: 'node', elsewhere: env.colorSchemes.size > 0 };
  };
  /**
   * An edge statement's: the scheme its own list sets, else the `edge [...]` one in force there. A strict graph
   * merges the edges of several statements into one, whose scheme another statement may set: the graph's.
   */
  const edgeEnv = (s: Statement): ValueEnv => {
    if (graph.strict || s.kind !== syntaxKind.EdgeStatement) return env;
    const own = schemeValues(s.attributes, 'colorscheme');
    const inForce = scoped.edgeScheme.get(s);
    return { colorSchemes: new Set(own.length ? own : inForce === undefined ? [] : [inForce]), owner: 'edge', elsewhere: env.colorSchemes.size > 0 };
  };

  /** Nodes named in node statements, and every edge endpoint. */
  const declared = new Map<string, number>();
  const endpoints: { name: string; start: number; end: number }[] = [];

  /** The shapes and the `wedged`/`striped` styles set on each node in node statements. */
  const nodeShapes = new Map<string, Set<string>>();
  const shapedStyles: { node: string; style: 'wedged' | 'striped'; start: number; end: number }[] = [];
  /** A node's shape when no statement of its own sets one: the `node [shape=...]` in force where it was first named, else an ellipse. */
  const defaultShapeOf = (node: string): string => {
    const shape = scoped.created.get(node)?.shape;
    return shape === undefined || shape === '' ? 'ellipse' : shape;
  };
  /** The label texts set on each node, and the `node [label=...]` defaults set anywhere (ports come from them). */
  const nodeLabels = new Map<string, NodeLabel[]>();
  const defaultLabels: NodeLabel[] = [];
  /** Edge ends with a port that is not a compass point (`a:p1`, `a:p1:n`). */
  const portUses: { node: string; port: string; start: number; end: number; partial?: boolean }[] = [];
  /** The root graph's `splines` value, and the non-empty `label` names set on edges. */
  let splines: string | undefined;
  /** The root graph's `layout` attribute, which picks the engine over the command line's. */
  let engine: string | undefined;
  const edgeLabels: { start: number; end: number }[] = [];

  /** Node IDs that might be misspelled keywords, decided once every mention of a name is known. */
  const keywordTypos: { name: string; keyword: string; start: number; end: number }[] = [];

  const start = (n: SyntaxNode) => skipTrivia(text, n.pos);
  const spanOf = (n: SyntaxNode) => ({ start: start(n), end: Math.max(start(n), n.end) });

  const checkAssignment = (left: Identifier, right: Identifier | undefined, context: DotContext, valueEnv: ValueEnv = env) => {
    const name = identifierText(left);
    // Without a value the assignment is a syntax error, reported as such.
    if (name === undefined || name === '' || !right || right.end <= right.pos || (right.flags & syntaxNodeFlags.ContainsErrors) !== 0) return;
    const fact = attributeFact(name);
    if (!fact) {
      const suggestion = suggestAttribute(name, context);
      problems.push({
        ...spanOf(left),
        code: 'dot.unknown-attribute',
        message: `Unknown attribute "${name}" for ${contextLabel(context)}${didYouMean(suggestion)} (Graphviz ignores it)`,
        data: suggestion ? { suggestion } : undefined,
      });
      return;
    }
    if (!appliesTo(fact, context)) {
      problems.push({
        ...spanOf(left),
        code: 'dot.attribute-not-applicable',
        message: `"${name}" has no effect on ${contextLabel(context)}; it applies to ${usedByLabel(fact)}`,
      });
      return;
    }
    if (context === 'graph' && name === 'splines') splines = identifierText(right)?.toLowerCase();
    if (context === 'graph' && name === 'layout') engine = identifierText(right);
    if (context === 'edge' && name === 'label' && identifierText(right)) edgeLabels.push(spanOf(left));
    if (right.kind === syntaxKind.HtmlIdentifier) {
      if (/^(label|xlabel|headlabel|taillabel)$/.test(name)) checkHtmlAttributes(right);
      return;
    }
    const value = identifierText(right);
    if (value === undefined) return;
    const issue = checkAttributeValue(name, value, context, valueEnv);
    if (!issue) return;
    let span = spanOf(right);
    if (issue.start !== undefined && issue.end !== undefined) {
      // Narrow to the bad part when the value is a plain or single quoted string (offsets line up).
      const quoted = right.kind === syntaxKind.QuotedTextIdentifier;
      const inner = span.start + (quoted ? 1 : 0);
      if (!quoted || right.values.length === 1) span = { start: inner + issue.start, end: Math.min(inner + issue.end, span.end) };
    }
    problems.push({ ...span, code: issue.code, message: issue.message, data: issue.suggestion !== undefined ? { suggestion: issue.suggestion } : undefined });
  };

  /** The tag attributes Graphviz ignores in a well-formed HTML-like label (a malformed one is Graphviz's error). */
  const checkHtmlAttributes = (right: Identifier) => {
    const span = spanOf(right);
    const content = text.slice(span.start + 1, span.end - 1);
    if (htmlLabelIssue(content)) return;
    for (const issue of htmlAttributeIssues(content)) {
      problems.push({
        start: span.start + 1 + issue.start,
        end: span.start + 1 + issue.end,
        code: 'dot.html-attribute',
        message: issue.message,
        data: issue.suggestion !== undefined ? { suggestion: issue.suggestion } : undefined,
      });
    }
  };

  /** One walk over a node statement's lists: its labels (kept for its ports), shapes and shaped styles. */
  const noteNodeAttributes = (node: string, lists: readonly AttributeContainer[]) => {
    for (const l of lists) {
      for (const a of l.assignments ?? []) {
        const key = identifierText(a.leftId);
        if (key === 'label') {
          const label = { text: identifierText(a.rightId) ?? '', html: a.rightId?.kind === syntaxKind.HtmlIdentifier };
          const known = nodeLabels.get(node);
          if (known) known.push(label);
          else nodeLabels.set(node, [label]);
          continue;
        }
        const value = identifierText(a.rightId);
        if (value === undefined || !a.rightId) continue;
        if (key === 'shape') nodeShapes.set(node, (nodeShapes.get(node) ?? new Set()).add(value.toLowerCase()));
        else if (key === 'style') {
          for (const part of value.split(',')) {
            const style = part.trim().toLowerCase();
            if (style === 'wedged' || style === 'striped') shapedStyles.push({ node, style, ...spanOf(a.rightId) });
          }
        }
      }
    }
  };

  /** The labels of a `node [...]` statement's lists. */
  const labelsOf = (lists: readonly AttributeContainer[]): NodeLabel[] => {
    const out: NodeLabel[] = [];
    for (const l of lists) {
      for (const a of l.assignments ?? []) {
        if (identifierText(a.leftId) === 'label') out.push({ text: identifierText(a.rightId) ?? '', html: a.rightId?.kind === syntaxKind.HtmlIdentifier });
      }
    }
    return out;
  };

  const checkAttributes = (lists: readonly AttributeContainer[], context: DotContext, valueEnv: ValueEnv = env) => {
    for (const list of lists) for (const a of list.assignments ?? []) if (a.leftId) checkAssignment(a.leftId, a.rightId, context, valueEnv);
  };

  const visitEndpoint = (n: EdgeSourceOrTarget | undefined, depth: number) => {
    if (!n) return;
    if (n.kind === syntaxKind.NodeId) {
      const name = identifierText((n as NodeId).id);
      if (name !== undefined && (n as NodeId).id) {
        endpoints.push({ name, ...spanOf((n as NodeId).id) });
        notePort(name, (n as NodeId).port);
      }
    } else if (n.kind === syntaxKind.SubGraph) {
      visitStatements(n.statements, isCluster(n.id, n.statements, text) ? 'cluster' : 'subgraph', depth + 1, true);
    }
  };

  const notePort = (node: string, port: NodeId['port']) => {
    if (port?.kind !== syntaxKind.NormalPortDeclaration || !port.id) return;
    const name = identifierText(port.id);
    if (name !== undefined && !COMPASS_POINTS.has(name)) portUses.push({ node, port: name, ...spanOf(port.id) });
  };

  /**
   * `headport` and `tailport` set on an edge statement: the port of the head (tail) node of each of its edges
   * (`a -> b -> c [headport=p]`: b's and c's), with the value's span (native dot: "node c, port p unrecognized").
   */
  const noteEdgePorts = (s: Statement & { kind: typeof syntaxKind.EdgeStatement }) => {
    const ends = [s.source, ...(s.rhs ?? []).map((r) => r.target)].map((e) => (e?.kind === syntaxKind.NodeId ? identifierText(e.id) : undefined));
    for (const list of s.attributes ?? []) {
      for (const a of list.assignments ?? []) {
        const key = identifierText(a.leftId);
        if ((key !== 'headport' && key !== 'tailport') || !a.rightId) continue;
        const value = identifierText(a.rightId) ?? '';
        const port = value.split(':')[0];
        if (port === '' || COMPASS_POINTS.has(port)) continue;
        // The span is the whole value: with a compass point after the port, no replacement is offered for it.
        const span = { ...spanOf(a.rightId), partial: value !== port };
        for (const node of key === 'headport' ? ends.slice(1) : ends.slice(0, -1)) if (node !== undefined) portUses.push({ node, port, ...span });
      }
    }
  };

  /** `inEdge`: the statements of a subgraph used as an edge end (`a -> {b c}`): bare names there are endpoints. */
  const visitStatements = (statements: readonly Statement[] | undefined, context: DotContext, depth: number, inEdge = false) => {
    if (!statements || depth > 1000) return;
    if (!inEdge) for (const t of findKeywordTypos(statements, text)) keywordTypos.push({ ...t, ...spanOf(t.id) });
    for (const s of statements) {
      switch (s.kind) {
        case syntaxKind.NodeStatement: {
          const name = s.id ? identifierText(s.id.id) : undefined;
          if (name !== undefined && s.id?.id) {
            if (inEdge && (s.attributes ?? []).length === 0) endpoints.push({ name, ...spanOf(s.id.id) });
            else declared.set(name, (declared.get(name) ?? 0) + 1);
            if (inEdge) notePort(name, s.id.port);
            noteNodeAttributes(name, s.attributes ?? []);
          }
          checkAttributes(s.attributes ?? [], 'node', name === undefined ? env : nodeEnv(name));
          break;
        }
        case syntaxKind.EdgeStatement: {
          visitEndpoint(s.source, depth);
          for (const rhs of s.rhs ?? []) {
            const op = rhs.operation;
            if (op && op.kind === (directed ? syntaxKind.UndirectedEdgeOp : syntaxKind.DirectedEdgeOp)) {
              problems.push({
                ...spanOf(op),
                code: 'dot.edge-op-mismatch',
                message: directed
                  ? 'Undirected edge "--" in a digraph: use "->" (Graphviz rejects the diagram)'
                  : 'Directed edge "->" in an undirected graph: use "--" (Graphviz rejects the diagram)',
                data: { suggestion: directed ? '->' : '--' },
              });
            }
            visitEndpoint(rhs.target, depth);
          }
          checkAttributes(s.attributes ?? [], 'edge', edgeEnv(s));
          noteEdgePorts(s);
          break;
        }
        case syntaxKind.AttributeStatement: {
          const subject = s.subject?.kind;
          const target: DotContext = subject === syntaxKind.NodeKeyword ? 'node' : subject === syntaxKind.EdgeKeyword ? 'edge' : context;
          if (target === 'node') {
            defaultLabels.push(...labelsOf(s.attributes ?? []));
          }
          checkAttributes(s.attributes ?? [], target);
          break;
        }
        case syntaxKind.IdEqualsIdStatement:
          if (s.leftId) checkAssignment(s.leftId, s.rightId, context);
          break;
        case syntaxKind.SubGraphStatement: {
          const sg = s.subgraph;
          if (sg) visitStatements(sg.statements, isCluster(sg.id, sg.statements, text) ? 'cluster' : 'subgraph', depth + 1, inEdge);
          break;
        }
      }
    }
  };

  visitStatements(graph.statements, 'graph', 0);

  // A keyword typo is a name mentioned nowhere else (a node drawn on purpose is usually connected).
  const endpointNames = new Set(endpoints.map((e) => e.name));
  for (const t of keywordTypos) {
    if (endpointNames.has(t.name) || (declared.get(t.name) ?? 0) > 1) continue;
    const what =
      t.keyword === 'subgraph'
        ? 'so it draws a node of that name, the name after it becomes another node and the braces an anonymous subgraph (no cluster box)'
        : `so its attributes apply to a new node "${t.name}" instead of being the defaults of every ${t.keyword === 'graph' ? 'graph' : t.keyword}`;
    problems.push({
      start: t.start,
      end: t.end,
      code: 'dot.keyword-typo',
      message: `"${t.name}" is not the keyword "${t.keyword}": Graphviz reads it as a node ID, ${what}; did you mean "${t.keyword}"?`,
      data: { suggestion: t.keyword },
    });
  }

  // Ports: a record label's `<p1>` fields and an HTML-like label's PORT="p1" define them. Every label the
  // node may have counts (its own, every `node [label=...]` default, its name as a record's default label).
  // A record label's fields are ports only on a record-shaped node: one whose shapes are all others, or that
  // has none and no `node [shape=...]` anywhere (an ellipse), has none of them (native dot: `a [label="<p1> x"]`
  // then `a:p1` warns).
  const recordShaped = (node: string): boolean => {
    const shapes = nodeShapes.get(node);
    if (!shapes) {
      const shape = defaultShapeOf(node);
      return shape === 'record' || shape === 'mrecord';
    }
    return [...shapes].some((x) => x === 'record' || x === 'mrecord');
  };
  const portsCache = new Map<string, { ports: NodePorts; fields: NodePorts }>();
  for (const use of portUses) {
    let kept = portsCache.get(use.node);
    if (!kept) {
      const labels = [{ text: use.node, html: false }, ...(nodeLabels.get(use.node) ?? []), ...defaultLabels];
      const fields = portsOf(labels, true);
      portsCache.set(use.node, (kept = { fields, ports: recordShaped(use.node) ? fields : portsOf(labels, false) }));
    }
    const { ports, fields } = kept;
    if (ports.has(use.port)) continue;
    const compass = COMPASS_POINTS.has(use.port.toLowerCase()) ? use.port.toLowerCase() : undefined;
    const field = !compass && fields.has(use.port);
    const meant = field ? undefined : (compass ?? closest(use.port, ports));
    const suggestion = use.partial ? undefined : meant;
    const why = compass
      ? 'compass points are lower case'
      : field
        ? `its label's <${use.port}> field is a port only on a node of shape=record or Mrecord`
        : ports.size
          ? `its label's ports: ${[...ports].map((p) => `"${p}"`).join(', ')}`
          : `its label defines none: a record label's <${use.port}> field or an HTML-like label's PORT="${use.port}" would`;
    problems.push({
      start: use.start,
      end: use.end,
      code: 'dot.unknown-port',
      message: `Node "${use.node}" has no port "${use.port}", so Graphviz warns and joins the edge to the node itself (${why})${didYouMean(meant)}`,
      data: suggestion !== undefined ? { suggestion } : undefined,
    });
  }

  // `wedged` fills only elliptical nodes and `striped` only box-like ones; on another shape Graphviz warns
  // and draws the node unfilled. Judged when the node's shape is known: set on it once, or the default
  // ellipse with no `node [shape=...]` anywhere.
  for (const st of shapedStyles) {
    const shapes = nodeShapes.get(st.node);
    const shape = shapes ? (shapes.size === 1 ? [...shapes][0] : undefined) : defaultShapeOf(st.node);
    const takes = st.style === 'wedged' ? WEDGED_SHAPES : STRIPED_SHAPES;
    if (shape === undefined || takes.has(shape) || !SHAPED_STYLE_JUDGED.has(shape)) continue;
    problems.push({
      start: st.start,
      end: st.end,
      code: 'dot.unknown-style',
      message: `Style "${st.style}" does not apply to a node of shape "${shape}": Graphviz ignores it with a warning (${st.style === 'wedged' ? 'wedged fills elliptical nodes: ellipse, oval, circle, doublecircle, Mcircle, egg, point' : 'striped fills box-like nodes: box, rect, rectangle, square, plain, plaintext, none, underline, note, tab, folder, box3d, component, Msquare and the genetic-part shapes'})`,
    });
  }

  // The dot engine's orthogonal edges have no room for a label (native dot warns "Orthogonal edges do not
  // currently handle edge labels"): the labels are drawn where they fall. Other engines say nothing.
  if (splines === 'ortho' && (engine === undefined || engine === 'dot')) {
    for (const l of edgeLabels) {
      problems.push({
        ...l,
        code: 'dot.ortho-edge-label',
        message: 'With splines=ortho the dot engine does not place edge labels (they may overlap edges and nodes); use xlabel, which it places after the layout',
        data: { suggestion: 'xlabel' },
      });
    }
  }

  // Edge endpoints one typo away from a node the graph declares, when the graph declares its nodes.
  if (declared.size >= 2) {
    const uses = new Map<string, number>();
    for (const e of endpoints) uses.set(e.name, (uses.get(e.name) ?? 0) + 1);
    const names = [...declared.keys()];
    for (const e of endpoints) {
      if (declared.has(e.name) || uses.get(e.name) !== 1 || e.name.length < 3) continue;
      // Another number of a series (`eth0` declared, `eth1` used) is a node of its own, not a typo.
      const near = names.filter((n) => n.length >= 3 && editDistance(n, e.name, 1) <= 1 && n.replace(/\d+/g, '#') !== e.name.replace(/\d+/g, '#'));
      if (near.length !== 1) continue;
      problems.push({
        start: e.start,
        end: e.end,
        code: 'dot.node-name-typo',
        message: `"${e.name}" is used only here and declared nowhere${didYouMean(near[0])} (Graphviz adds it as a new node)`,
        data: { suggestion: near[0] },
      });
    }
  }
  return problems;
}

/** The compass points of a port (`a:n`, `a:p1:se`), as Graphviz compares them: lower case only. */
const COMPASS_POINTS: ReadonlySet<string> = new Set(['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw', 'c', '_']);

/** The shapes native dot 2.43 fills `wedged` without a warning (`polygon` left out: its `sides` decide). */
const WEDGED_SHAPES: ReadonlySet<string> = new Set(['ellipse', 'oval', 'circle', 'doublecircle', 'mcircle', 'egg', 'point', 'polygon']);
/** The shapes native dot 2.43 fills `striped` without a warning. */
const STRIPED_SHAPES: ReadonlySet<string> = new Set(
  'box point plaintext plain msquare rect rectangle square none underline note tab folder box3d component promoter cds terminator utr primersite restrictionsite fivepoverhang threepoverhang noverhang assembly signature insulator ribosite rnastab proteasesite proteinstab rpromoter rarrow larrow lpromoter'.split(' '),
);
/** The shapes both styles were probed on (an unknown shape is reported as such; `polygon` depends on its sides). */
const SHAPED_STYLE_JUDGED: ReadonlySet<string> = new Set(
  'box ellipse oval circle point egg triangle plaintext plain diamond trapezium parallelogram house pentagon hexagon septagon octagon doublecircle doubleoctagon tripleoctagon invtriangle invtrapezium invhouse mdiamond msquare mcircle rect rectangle square star none underline cylinder note tab folder box3d component promoter cds terminator utr primersite restrictionsite fivepoverhang threepoverhang noverhang assembly signature insulator ribosite rnastab proteasesite proteinstab rpromoter rarrow larrow lpromoter record mrecord'.split(' '),
);

/** A label a node may have: its text, and whether it is an HTML-like label. */
interface NodeLabel {
  text: string;
  html: boolean;
}

/** The ports a node's labels define, each once, and whether one of them is `port` (see {@link portsOf}). */
interface NodePorts {
  has(port: string): boolean;
  size: number;
  [Symbol.iterator](): Iterator<string>;
}

/**
 * The ports the labels define: a record field's `<name>` (an escaped `\<` is text; with `recordFields`, for a
 * record-shaped node), compared as written,
 * and an HTML-like label's `PORT="name"`, compared in any case (native dot 2.43: `a:p1` finds `PORT="P1"`,
 * `b:q1` does not find a record's `<Q1>`).
 */
function portsOf(labels: readonly NodeLabel[], recordFields: boolean): NodePorts {
  const record = new Set<string>();
  const html = new Map<string, string>();
  for (const label of labels) {
    if (label.html) for (const m of label.text.matchAll(/\bport\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) html.set((m[1] ?? m[2]).toLowerCase(), m[1] ?? m[2]);
    else if (recordFields) for (const m of label.text.matchAll(/(?<!\\)<([^<>{}|]*?)(?<!\\)>/g)) record.add(m[1].trim());
  }
  const all = new Set([...record, ...html.values()]);
  return { has: (port) => record.has(port) || html.has(port.toLowerCase()), size: all.size, [Symbol.iterator]: () => all.values() };
}

/**
 * True when `word` (lower case) is one typo away from `keyword`: a letter missing, added, or two letters
 * swapped; a replaced letter only for longer keywords (`note`, `code` and `done` are real node names).
 */
function isKeywordTypo(word: string, keyword: string): boolean {
  if (word === keyword || editDistance(word, keyword, 1) !== 1) return false;
  if (word.length !== keyword.length || keyword.length > 5) return true;
  return [...word].sort().join('') === [...keyword].sort().join('');
}

/** An anonymous subgraph `{ ... }` (no `subgraph` keyword), alone or as the first end of an edge. */
function startsWithAnonymousSubgraph(s: Statement | undefined, text: string): boolean {
  if (!s) return false;
  const sub = s.kind === syntaxKind.SubGraphStatement ? s.subgraph : s.kind === syntaxKind.EdgeStatement && s.source?.kind === syntaxKind.SubGraph ? s.source : undefined;
  return sub !== undefined && text.charCodeAt(skipTrivia(text, sub.pos)) === 123; /* { */
}

/** A bare node ID, unquoted, without port, attributes or `;` after it. */
function bareNode(s: Statement | undefined): Identifier | undefined {
  if (!s || s.kind !== syntaxKind.NodeStatement || s.terminator || (s.attributes ?? []).length || !s.id || s.id.port) return undefined;
  return s.id.id?.kind === syntaxKind.TextIdentifier ? s.id.id : undefined;
}

/**
 * Node IDs of a statement list that look like misspelled keywords by what follows them: `subgrpah x {`
 * or `subgrpah {` (a subgraph keyword), `nodee [...]`, `egde [...]`, `grpah [...]` (an attribute statement,
 * unless the list sets a label, which a node meant as a node has).
 */
function findKeywordTypos(statements: readonly Statement[], text: string): { name: string; keyword: string; id: Identifier }[] {
  const out: { name: string; keyword: string; id: Identifier }[] = [];
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i];
    if (s.kind !== syntaxKind.NodeStatement || !s.id?.id || s.id.id.kind !== syntaxKind.TextIdentifier || s.id.port) continue;
    const name = s.id.id.text;
    const lower = name.toLowerCase();
    const bare = bareNode(s);
    if (bare && isKeywordTypo(lower, 'subgraph')) {
      const next = statements[i + 1];
      if (startsWithAnonymousSubgraph(next, text) || (bareNode(next) && startsWithAnonymousSubgraph(statements[i + 2], text))) out.push({ name, keyword: 'subgraph', id: bare });
      continue;
    }
    const lists = s.attributes ?? [];
    if (!lists.length) continue;
    const keyword = ['node', 'edge', 'graph'].find((k) => isKeywordTypo(lower, k));
    if (!keyword) continue;
    const labelled = lists.some((l) => (l.assignments ?? []).some((a) => /^(label|xlabel)$/.test(identifierText(a.leftId) ?? '')));
    if (!labelled) out.push({ name, keyword, id: s.id.id });
  }
  return out;
}

/** A subgraph is a cluster when its name starts with "cluster" or it sets `cluster=true`. */
export function isCluster(id: Identifier | undefined, statements: readonly Statement[] | undefined, _text: string): boolean {
  const name = identifierText(id);
  if (name !== undefined && name.toLowerCase().startsWith('cluster')) return true;
  for (const s of statements ?? []) {
    if (s.kind === syntaxKind.IdEqualsIdStatement && identifierText(s.leftId) === 'cluster') return isTrue(identifierText(s.rightId));
    if (s.kind === syntaxKind.AttributeStatement && s.subject?.kind === syntaxKind.GraphKeyword) {
      for (const list of s.attributes ?? []) for (const a of list.assignments ?? []) if (identifierText(a.leftId) === 'cluster') return isTrue(identifierText(a.rightId));
    }
  }
  return false;
}

function isTrue(v: string | undefined): boolean {
  if (v === undefined) return false;
  const l = v.toLowerCase();
  return l === 'true' || l === 'yes' || (/^[+-]?\d+$/.test(l) && Number(l) !== 0);
}
