import type { DiagEdgeStmt, DiagNodeStmt, DiagSpan, DiagStatement, DiagramAst } from './ast';
import { applyOptions, defaultNodeAttrs, nodeAttrs, type Attrs, type Classes, type Reporter } from './attributes';
import { clusterAttrs, edgeAttrs, opDirection, readDiagramAttributes, readOrientation } from './graphAttributes';
import { attrList, DotBuilder, dotId, DotIds, dotLabel, NameTable, type DotAttrs } from './dotWriter';

/**
 * blockdiag and actdiag to DOT. The model follows the Python tools: a node belongs to the innermost
 * group (or the lane) that mentions it, an edge exists once per ordered pair of nodes (later statements
 * change its attributes), attribute and class statements apply before everything else in their block,
 * empty groups vanish. Groups and lanes become clusters, in source order.
 */

interface BNode {
  kind: 'node';
  id: string;
  attrs: Attrs;
  group: BGroup | undefined;
}

interface BGroup {
  kind: 'group';
  /** The name (undefined for `group { }` without one). */
  id: string | undefined;
  level: number;
  group: BGroup | undefined;
  members: (BNode | BGroup)[];
  attrs: Attrs;
}

interface BEdge {
  from: BNode;
  to: BNode;
  attrs: Attrs;
}

interface Model {
  root: BGroup;
  nodes: Map<string, BNode>;
  edges: BEdge[];
}

/** Statements that blockdiag applies before the others of their block (it sorts them first). */
function attributesFirst(stmts: readonly DiagStatement[]): DiagStatement[] {
  const first = stmts.filter((s) => s.kind === 'attribute' || s.kind === 'class' || s.kind === 'plugin');
  return [...first, ...stmts.filter((s) => !first.includes(s))];
}

function collectClasses(ast: DiagramAst): Classes {
  const classes: Classes = new Map();
  for (const s of ast.statements) if (s.kind === 'class') classes.set(s.name.value, s);
  return classes;
}

// ---------------------------------------------------------------------------------------------
// blockdiag model
// ---------------------------------------------------------------------------------------------

function buildBlockdiag(ast: DiagramAst, classes: Classes, r: Reporter): Model {
  const root: BGroup = { kind: 'group', id: undefined, level: 0, group: undefined, members: [], attrs: new Map() };
  const nodes = new Map<string, BNode>();
  const groups = new Map<string, BGroup>();
  const edges = new Map<string, BEdge>();

  const getNode = (id: string): BNode => {
    let n = nodes.get(id);
    if (!n) nodes.set(id, (n = { kind: 'node', id, attrs: new Map(), group: undefined }));
    return n;
  };
  const getGroup = (id: string | undefined): BGroup => {
    const make = (): BGroup => ({ kind: 'group', id, level: 0, group: undefined, members: [], attrs: new Map() });
    if (id === undefined) return make();
    let g = groups.get(id);
    if (!g) groups.set(id, (g = make()));
    return g;
  };
  const ancestorAt = (g: BGroup, level: number): BGroup | undefined => {
    if (g.level < level) return undefined;
    let cur: BGroup | undefined = g;
    while (cur && cur.level !== level) cur = cur.group;
    return cur;
  };
  const related = (a: BGroup, b: BGroup) => ancestorAt(a, b.level) === b || ancestorAt(b, a.level) === a;

  /** blockdiag's rule: a node (or group) moves into a deeper related group, never into a shallower one. */
  const belongTo = (item: BNode | BGroup, group: BGroup, at: DiagSpan): void => {
    const old = item.group;
    if (old && old !== group && old.level <= group.level) {
      if (!related(old, group)) {
        const name = item.kind === 'node' ? `"${item.id}"` : `group "${item.id ?? ''}"`;
        r.error(`${item.kind === 'node' ? 'Node' : 'Group'} ${name} cannot belong to two groups`, at);
        return;
      }
      const parent = ancestorAt(group, old.level + 1);
      if (parent) {
        const pi = old.members.indexOf(parent);
        if (pi >= 0) old.members.splice(pi, 1);
        old.members.splice(old.members.indexOf(item) + 1, 0, parent);
      }
      old.members.splice(old.members.indexOf(item), 1);
      item.group = undefined;
    }
    if (!item.group) {
      item.group = group;
      if (!group.members.includes(item)) group.members.push(item);
    }
  };

  const nodeStmt = (group: BGroup, s: DiagNodeStmt) => {
    const groupOpt = [...s.options].reverse().find((o) => o.name.value === 'group');
    const options = s.options.filter((o) => o.name.value !== 'group');
    let target = group;
    if (groupOpt?.value && groupOpt.value.value !== group.id) {
      target = getGroup(groupOpt.value.value);
      target.level = group.level + 1;
      belongTo(target, group, groupOpt);
    }
    for (const id of s.ids) {
      const n = getNode(id.value);
      applyOptions(n.attrs, options, classes, r);
      belongTo(n, target, id);
    }
  };

  const edgeStmt = (group: BGroup, s: DiagEdgeStmt) => {
    let from = s.first;
    for (const link of s.links) {
      for (const id of [...from, ...link.nodes]) belongTo(getNode(id.value), group, id);
      const { dir, hstyle } = opDirection(link.op.text);
      for (const a of from) {
        for (const b of link.nodes) {
          const key = `${a.value}\u0000${b.value}`;
          let e = edges.get(key);
          if (!e) edges.set(key, (e = { from: getNode(a.value), to: getNode(b.value), attrs: new Map() }));
          e.attrs.delete('dir');
          e.attrs.set('dir', { value: dir, span: link.op });
          if (hstyle) {
            e.attrs.delete('hstyle');
            e.attrs.set('hstyle', { value: hstyle, span: link.op });
          }
          applyOptions(e.attrs, s.options, classes, r);
        }
      }
      from = link.nodes;
    }
  };

  const instantiate = (group: BGroup, stmts: readonly DiagStatement[]) => {
    for (const s of attributesFirst(stmts)) {
      switch (s.kind) {
        case 'attribute':
          group.attrs.delete(s.name.value);
          group.attrs.set(s.name.value, { value: s.value.value, span: s });
          break;
        case 'plugin':
          r.note(`The blockdiag plugin "${s.name.value}" has no Graphviz counterpart and was left out`, s);
          break;
        case 'node':
          nodeStmt(group, s);
          break;
        case 'edge':
          edgeStmt(group, s);
          break;
        case 'block': {
          const sub = getGroup(s.id?.value);
          sub.level = group.level + 1;
          belongTo(sub, group, s.keywordSpan);
          instantiate(sub, s.body);
          break;
        }
      }
    }
  };
  instantiate(root, ast.statements);
  pruneEmpty(root);
  return { root, nodes, edges: [...edges.values()] };
}

/** Removes groups without nodes (innermost first, so a group holding only empty groups goes too). */
function pruneEmpty(g: BGroup): void {
  for (const m of [...g.members]) {
    if (m.kind !== 'group') continue;
    pruneEmpty(m);
    if (m.members.length === 0) g.members.splice(g.members.indexOf(m), 1);
  }
}

// ---------------------------------------------------------------------------------------------
// actdiag model
// ---------------------------------------------------------------------------------------------

function buildActdiag(ast: DiagramAst, classes: Classes, r: Reporter): Model {
  const root: BGroup = { kind: 'group', id: undefined, level: 0, group: undefined, members: [], attrs: new Map() };
  const nodes = new Map<string, BNode>();
  const order: BNode[] = [];
  const lanes: BGroup[] = [];
  const laneByName = new Map<string, BGroup>();
  const edges = new Map<string, BEdge>();

  const getNode = (id: string): BNode => {
    let n = nodes.get(id);
    if (!n) {
      nodes.set(id, (n = { kind: 'node', id, attrs: new Map(), group: undefined }));
      order.push(n);
    }
    return n;
  };
  const getLane = (id: string | undefined): BGroup => {
    const existing = id !== undefined ? laneByName.get(id) : undefined;
    if (existing) return existing;
    const lane: BGroup = { kind: 'group', id, level: 1, group: root, members: [], attrs: new Map() };
    if (id !== undefined) laneByName.set(id, lane);
    lanes.push(lane);
    return lane;
  };
  const belongTo = (n: BNode, lane: BGroup | undefined, at: DiagSpan) => {
    if (!lane) return;
    if (n.group && n.group !== lane) {
      r.error(`Node "${n.id}" cannot belong to two lanes`, at);
      return;
    }
    n.group = lane;
    if (!lane.members.includes(n)) lane.members.push(n);
  };

  const instantiate = (stmts: readonly DiagStatement[], lane: BGroup | undefined) => {
    for (const s of attributesFirst(stmts)) {
      switch (s.kind) {
        case 'attribute': {
          const target = lane ? lane.attrs : root.attrs;
          target.delete(s.name.value);
          target.set(s.name.value, { value: s.value.value, span: s });
          break;
        }
        case 'plugin':
          r.note(`The actdiag plugin "${s.name.value}" has no Graphviz counterpart and was left out`, s);
          break;
        case 'node':
          for (const id of s.ids) {
            const n = getNode(id.value);
            applyOptions(n.attrs, s.options, classes, r);
            belongTo(n, lane, id);
          }
          break;
        case 'edge': {
          let from = s.first;
          for (const link of s.links) {
            for (const id of [...from, ...link.nodes]) belongTo(getNode(id.value), lane, id);
            const { dir } = opDirection(link.op.text);
            for (const a of from) {
              for (const b of link.nodes) {
                const key = `${a.value}\u0000${b.value}`;
                let e = edges.get(key);
                if (!e) edges.set(key, (e = { from: getNode(a.value), to: getNode(b.value), attrs: new Map() }));
                e.attrs.delete('dir');
                e.attrs.set('dir', { value: dir, span: link.op });
                applyOptions(e.attrs, s.options, classes, r);
              }
            }
            from = link.nodes;
          }
          break;
        }
        case 'laneDecl':
          applyOptions(getLane(s.id.value).attrs, s.options, classes, r);
          break;
        case 'block':
          instantiate(s.body, getLane(s.id?.value));
          break;
      }
    }
  };
  instantiate(ast.statements, undefined);

  // A node no lane mentions joins the lane of its first parent that has one, else the first lane.
  const edgeList = [...edges.values()];
  for (const n of order) {
    if (n.group) continue;
    const parent = edgeList.filter((e) => e.to === n && e.from.group).map((e) => e.from)[0];
    const lane = parent?.group ?? lanes[0];
    if (lane) {
      n.group = lane;
      lane.members.push(n);
    } else {
      n.group = root;
      root.members.push(n);
    }
  }
  for (const lane of lanes) if (lane.members.length) root.members.push(lane);
  return { root, nodes, edges: edgeList };
}

// ---------------------------------------------------------------------------------------------
// DOT
// ---------------------------------------------------------------------------------------------

/** Converts a parsed blockdiag or actdiag diagram to DOT. Errors go to `r.errors`. */
export function blockdiagToDot(ast: DiagramAst, r: Reporter): string {
  const classes = collectClasses(ast);
  const model = ast.dialect === 'actdiag' ? buildActdiag(ast, classes, r) : buildBlockdiag(ast, classes, r);
  const d = model.root.attrs;

  // Orientation: blockdiag flows left to right by default, actdiag top to bottom (lanes side by side).
  const portrait = readOrientation(d, ast.dialect === 'actdiag' ? 'portrait' : 'landscape', r) === 'portrait';

  const defaults = readDiagramAttributes(d, portrait, r);
  const { nodeDefaults, edgeDefaults, defaultShape, defaultGroupColor, ortho } = defaults;
  const graph: DotAttrs = new Map(portrait ? defaults.graph : [['rankdir', 'LR'], ...defaults.graph]);
  // actdiag lanes are columns that the flow crosses back and forth: rank the nodes across clusters.
  if (ast.dialect === 'actdiag') graph.set('newrank', 'true');

  const out = new DotBuilder();
  out.open(`digraph${ast.id ? ' ' + dotId(ast.id.value) : ''}`);
  for (const [k, v] of graph) out.line(`${k}=${v}`);
  out.line(`node${attrList(new Map([...defaultNodeAttrs(defaultShape), ...nodeDefaults]))}`);
  if (edgeDefaults.size) out.line(`edge${attrList(edgeDefaults)}`);
  out.blank();

  const ids = new DotIds();
  const clusterNames = new NameTable();
  const writeMembers = (g: BGroup) => {
    for (const m of g.members) {
      if (m.kind === 'node') {
        const { id, explicitLabel } = ids.get(m.id);
        out.line(`${id}${attrList(nodeAttrs(m.id, m.attrs, { shape: defaultShape, portrait }, r, explicitLabel))}`);
        continue;
      }
      const what = ast.dialect === 'actdiag' ? 'lane' : 'group';
      const base = `cluster_${m.id !== undefined && /^[A-Za-z_0-9]+$/.test(m.id) ? m.id : what}`;
      out.open(`subgraph ${dotId(clusterNames.unique(base))}`);
      // A group turned the other way than the diagram (nodes stacked across the flow): one rank.
      const own = m.attrs.get('orientation');
      const attrs = clusterAttrs(new Map([...m.attrs].filter(([k]) => k !== 'orientation')), defaultGroupColor, r, what);
      if (ast.dialect === 'actdiag' && !attrs.has('label') && m.id !== undefined) attrs.set('label', dotLabel(m.id));
      for (const [k, v] of attrs) out.line(`${k}=${v}`);
      const across = own !== undefined && readOrientation(m.attrs, portrait ? 'portrait' : 'landscape', r) !== (portrait ? 'portrait' : 'landscape');
      if (across && m.members.some((x) => x.kind === 'group')) r.note(`A ${what} turned against the diagram's orientation that holds other ${what}s is laid out in the diagram's direction`, own.span);
      if (across && !m.members.some((x) => x.kind === 'group')) {
        out.open('');
        out.line('rank=same');
        writeMembers(m);
        out.close();
      } else writeMembers(m);
      out.close();
    }
  };
  writeMembers(model.root);

  const edgeLines = writeEdges(model.edges, ids, (e) => edgeAttrs(e.attrs, { ortho }, r));
  if (edgeLines.length) out.blank();
  for (const l of edgeLines) out.line(l);
  out.close();
  return out.toString();
}

/**
 * Edge statements in source order, consecutive edges with the same attributes joined the way one would
 * write them: chains `a -> b -> c`, fans `a -> {b c}` and `{a b} -> c`.
 */
function writeEdges(edges: readonly BEdge[], ids: DotIds, attrsOf: (e: BEdge) => DotAttrs): string[] {
  const lines: string[] = [];
  const items = edges.map((e) => ({ e, attrs: attrList(attrsOf(e)) }));
  const group = (ids: string[]) => (ids.length === 1 ? ids[0] : `{${ids.join(' ')}}`);
  for (let i = 0; i < items.length; ) {
    const { e, attrs } = items[i];
    let j = i + 1;
    while (j < items.length && items[j].attrs === attrs && items[j].e.from === items[j - 1].e.to) j++;
    if (j - i > 1) {
      lines.push([e.from, ...items.slice(i, j).map((x) => x.e.to)].map((n) => ids.id(n.id)).join(' -> ') + attrs);
      i = j;
      continue;
    }
    j = i + 1;
    while (j < items.length && items[j].attrs === attrs && items[j].e.from === e.from) j++;
    if (j - i > 1) {
      lines.push(`${ids.id(e.from.id)} -> ${group(items.slice(i, j).map((x) => ids.id(x.e.to.id)))}${attrs}`);
      i = j;
      continue;
    }
    j = i + 1;
    while (j < items.length && items[j].attrs === attrs && items[j].e.to === e.to) j++;
    lines.push(`${group(items.slice(i, j).map((x) => ids.id(x.e.from.id)))} -> ${ids.id(e.to.id)}${attrs}`);
    i = j;
  }
  return lines;
}
