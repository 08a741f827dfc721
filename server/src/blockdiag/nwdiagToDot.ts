import type { DiagSpan, DiagStatement, DiagramAst } from './ast';
import { applyOptions, defaultNodeAttrs, mapColor, nodeAttrs, type Attrs, type Classes, type Reporter } from './attributes';
import { clusterAttrs, readDiagramAttributes } from './graphAttributes';
import { attrList, DotBuilder, dotId, DotIds, dotLabel, NameTable, type DotAttrs } from './dotWriter';

/**
 * nwdiag to DOT (an undirected graph). A network becomes a node of its own, drawn as a bar labelled with
 * its name and address; each host is joined to each of its networks by a line labelled with the host's
 * address there. A host hangs below the first network it joins and above the later ones, which stacks
 * networks and hosts the way nwdiag does. `A -- B` (a peer network) is a direct line; groups are clusters.
 */

/** nwdiag's network colour (RGB 185, 203, 228). */
const NETWORK_COLOR = '"#b9cbe4"';

interface NwNode {
  id: string;
  attrs: Attrs;
  group?: NwGroup;
  /** Address on each network it joins (by network). */
  addresses: Map<NwNetwork, string>;
  networks: NwNetwork[];
}

interface NwNetwork {
  id: string | undefined;
  attrs: Attrs;
  nodes: NwNode[];
  /** A peer network (`A -- B`): drawn as a line between its two nodes. */
  peer: boolean;
}

interface NwGroup {
  id: string | undefined;
  attrs: Attrs;
  nodes: NwNode[];
}

export function nwdiagToDot(ast: DiagramAst, r: Reporter): string {
  const classes: Classes = new Map();
  for (const s of ast.statements) if (s.kind === 'class') classes.set(s.name.value, s);
  const diagramAttrs: Attrs = new Map();
  const nodes = new Map<string, NwNode>();
  const networks: NwNetwork[] = [];
  const networkByName = new Map<string, NwNetwork>();
  const groups: NwGroup[] = [];
  const groupByName = new Map<string, NwGroup>();

  const getNode = (id: string): NwNode => {
    let n = nodes.get(id);
    if (!n) nodes.set(id, (n = { id, attrs: new Map(), addresses: new Map(), networks: [] }));
    return n;
  };
  const join = (n: NwNode, nw: NwNetwork) => {
    if (!n.networks.includes(nw)) n.networks.push(nw);
    if (!nw.nodes.includes(n)) nw.nodes.push(n);
  };
  const setAttrs = (n: NwNode, nw: NwNetwork | undefined, options: Parameters<typeof applyOptions>[1]) => {
    const rest = options.filter((o) => o.name.value !== 'address');
    for (const o of options) {
      if (o.name.value !== 'address') continue;
      const address = (o.value?.value ?? '').replace(/\s*,\s*/g, '\n');
      if (nw) n.addresses.set(nw, address);
      else r.note(`The address of "${n.id}" outside any network was left out`, o);
    }
    applyOptions(n.attrs, rest, classes, r);
  };
  const setAttr = (target: Attrs, name: string, value: string | undefined, span: DiagSpan) => {
    target.delete(name);
    target.set(name, { value, span });
  };

  const instantiate = (stmts: readonly DiagStatement[], network: NwNetwork | undefined, group: NwGroup | undefined) => {
    const ordered = [...stmts.filter((s) => s.kind === 'attribute' || s.kind === 'class' || s.kind === 'plugin'), ...stmts.filter((s) => s.kind !== 'attribute' && s.kind !== 'class' && s.kind !== 'plugin')];
    for (const s of ordered) {
      switch (s.kind) {
        case 'attribute':
          setAttr(group?.attrs ?? network?.attrs ?? diagramAttrs, s.name.value, s.value.value, s);
          break;
        case 'plugin':
          r.note(`The nwdiag plugin "${s.name.value}" has no Graphviz counterpart and was left out`, s);
          break;
        case 'node':
          for (const id of s.ids) {
            const n = getNode(id.value);
            setAttrs(n, network, s.options);
            if (group) {
              if (n.group && n.group !== group) r.error(`Node "${n.id}" cannot belong to two groups`, id);
              else if (!n.group) {
                n.group = group;
                group.nodes.push(n);
              }
            }
            if (network) join(n, network);
          }
          break;
        case 'edge': {
          // A peer network per pair: `A -- B -- C` joins A and B, then B and C.
          let prev = getNode(s.first[0].value);
          for (const link of s.links) {
            const next = getNode(link.nodes[0].value);
            if (next === prev) {
              r.error(`A peer network cannot join "${prev.id}" to itself`, link.nodes[0]);
              continue;
            }
            const exists = networks.some((nw) => nw.peer && nw.nodes.includes(prev) && nw.nodes.includes(next));
            if (!exists) {
              const nw: NwNetwork = { id: undefined, attrs: new Map(), nodes: [], peer: true };
              networks.push(nw);
              join(prev, nw);
              join(next, nw);
              setAttrs(next, nw, s.options);
            }
            prev = next;
          }
          break;
        }
        case 'block': {
          if (s.keyword === 'group') {
            let g = s.id ? groupByName.get(s.id.value) : undefined;
            if (!g) {
              g = { id: s.id?.value, attrs: new Map(), nodes: [] };
              groups.push(g);
              if (s.id) groupByName.set(s.id.value, g);
            }
            instantiate(s.body, network, g);
          } else {
            // `network` (and `route`, which nwdiag reads as a network too)
            let nw = s.id ? networkByName.get(s.id.value) : undefined;
            if (!nw) {
              nw = { id: s.id?.value, attrs: new Map(), nodes: [], peer: false };
              networks.push(nw);
              if (s.id) networkByName.set(s.id.value, nw);
            }
            instantiate(s.body, nw, group);
          }
          break;
        }
      }
    }
  };
  instantiate(ast.statements, undefined, undefined);

  let networkColor = NETWORK_COLOR;
  const defaults = readDiagramAttributes(diagramAttrs, true, r, (name, v, span) => {
    if (name === 'default_network_color') {
      networkColor = mapColor(v, span, r) ?? networkColor;
      return true;
    }
    if (name === 'external_connector') return true; // the stub line above the first network: nothing to draw
    return false;
  });

  const out = new DotBuilder();
  out.open(`graph${ast.id ? ' ' + dotId(ast.id.value) : ''}`);
  for (const [k, v] of defaults.graph) out.line(`${k}=${v}`);
  out.line(`node${attrList(new Map([...defaultNodeAttrs(defaults.defaultShape), ...defaults.nodeDefaults]))}`);
  if (defaults.edgeDefaults.size) out.line(`edge${attrList(defaults.edgeDefaults)}`);
  out.blank();

  const names = new NameTable(nodes.keys());
  const networkName = new Map<NwNetwork, string>();
  const drawn = networks.filter((nw) => !nw.peer && nw.nodes.length > 0);
  if (drawn.length) out.comment('networks');
  for (const nw of drawn) {
    const name = names.unique(nw.id !== undefined && /^[A-Za-z_0-9]+$/.test(nw.id) ? `network_${nw.id}` : 'network');
    networkName.set(nw, name);
    out.line(`${dotId(name)}${attrList(networkAttrs(nw, networkColor, r))}`);
  }
  out.blank();

  const nodeDefaults = { shape: defaults.defaultShape, portrait: true };
  const ids = new DotIds();
  const writeNode = (n: NwNode) => {
    const { id, explicitLabel } = ids.get(n.id);
    out.line(`${id}${attrList(nodeAttrs(n.id, n.attrs, nodeDefaults, r, explicitLabel))}`);
  };
  const grouped = new Set<NwNode>();
  const clusterNames = new NameTable();
  for (const g of groups) {
    if (!g.nodes.length) continue;
    out.open(`subgraph ${dotId(clusterNames.unique(g.id !== undefined && /^[A-Za-z_0-9]+$/.test(g.id) ? `cluster_${g.id}` : 'cluster_group'))}`);
    for (const [k, v] of clusterAttrs(g.attrs, defaults.defaultGroupColor, r)) out.line(`${k}=${v}`);
    for (const n of g.nodes) {
      writeNode(n);
      grouped.add(n);
    }
    out.close();
  }
  for (const n of nodes.values()) if (!grouped.has(n)) writeNode(n);

  const edges: string[] = [];
  for (const nw of networks) {
    if (nw.nodes.length < 2 && nw.peer) continue;
    if (nw.peer) {
      const [a, b] = nw.nodes;
      const attrs: DotAttrs = new Map();
      const address = b.addresses.get(nw);
      if (address) attrs.set('label', dotLabel(address));
      edges.push(`${ids.id(a.id)} -- ${ids.id(b.id)}${attrList(attrs)}`);
      continue;
    }
    const name = networkName.get(nw);
    if (!name) continue;
    for (const n of nw.nodes) {
      const attrs: DotAttrs = new Map();
      const address = n.addresses.get(nw);
      if (address) attrs.set('label', dotLabel(address));
      // Below its first network, above the others.
      const first = n.networks.find((x) => !x.peer) === nw;
      edges.push(first ? `${dotId(name)} -- ${ids.id(n.id)}${attrList(attrs)}` : `${ids.id(n.id)} -- ${dotId(name)}${attrList(attrs)}`);
    }
  }
  if (edges.length) out.blank();
  for (const e of edges) out.line(e);
  out.close();
  return out.toString();
}

function networkAttrs(nw: NwNetwork, defaultColor: string, r: Reporter): DotAttrs {
  const out: DotAttrs = new Map();
  let label = nw.id ?? '';
  let address: string | undefined;
  let color = defaultColor;
  for (const [name, { value, span }] of nw.attrs) {
    switch (name) {
      case 'label':
        label = value ?? '';
        break;
      case 'address':
        address = (value ?? '').replace(/\s*,\s*/g, '\n');
        break;
      case 'color':
        color = mapColor(value, span, r) ?? color;
        break;
      case 'textcolor': {
        const c = mapColor(value, span, r);
        if (c) out.set('fontcolor', c);
        break;
      }
      case 'width':
        break; // `width = full`: Graphviz sizes the bar to its label
      default:
        r.note(`The network attribute "${name}" has no Graphviz counterpart and was left out`, span);
    }
  }
  const text = address ? (label ? `${label}\n${address}` : address) : label;
  out.set('label', dotLabel(text));
  out.set('shape', 'box');
  out.set('style', 'filled');
  out.set('fillcolor', color);
  out.set('width', '3');
  return new Map([...out].sort(([a], [b]) => order(a) - order(b)));
}

function order(k: string): number {
  return ['label', 'shape', 'style', 'fillcolor', 'width', 'fontcolor'].indexOf(k);
}
