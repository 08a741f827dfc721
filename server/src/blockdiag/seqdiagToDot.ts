import type { DiagEdgeStmt, DiagSpan, DiagStatement, DiagramAst } from './ast';
import { applyOptions, defaultNodeAttrs, mapColor, nodeAttrs, type Attrs, type Classes, type Reporter } from './attributes';
import { readDiagramAttributes } from './graphAttributes';
import { attrList, DotBuilder, dotId, DotIds, dotLabel, dotValue, inches, labelLines, NameTable, type DotAttrs } from './dotWriter';

/**
 * seqdiag to DOT. Graphviz has no sequence diagrams, so this is an approximation, said in a note and a DOT
 * comment: participants are boxes in a row (in seqdiag's order); under each runs a dashed lifeline of
 * points, one per message; each message is an edge between two points of the same rank, so the messages
 * keep their order from top to bottom. Return messages (`=>`, `-->`) are dashed, asynchronous ones
 * (`->>`) have an open arrowhead, notes are note-shaped nodes beside the message, `alt`/`loop` fragments
 * are clusters around their rows, separators are rows of their own. Activation bars and group boxes are
 * not drawn.
 */

interface Participant {
  id: string;
  attrs: Attrs;
  group?: object;
  /** Column, from 0. */
  col: number;
}

interface MessageRow {
  kind: 'message';
  from: Participant;
  to: Participant;
  /** `forward`: from `from` to `to`; `back`: the arrow points at `from`. */
  dir: 'forward' | 'back';
  dashed: boolean;
  async: boolean;
  attrs: Attrs;
  /** The dashed reply of `=>`: its label is the `return` attribute, it carries no notes. */
  reply: boolean;
}

interface SeparatorRow {
  kind: 'separator';
  type: 'divider' | 'delay';
  text: string;
}

type Row = MessageRow | SeparatorRow;

interface Fragment {
  type: 'alt' | 'loop';
  id?: string;
  rows: Row[];
  children: Fragment[];
  attrs: Attrs;
}

const ARROWS: Record<string, { dir: 'forward' | 'back' | 'both'; dashed: boolean; async: boolean }> = {
  '->': { dir: 'forward', dashed: false, async: false },
  '-->': { dir: 'forward', dashed: true, async: false },
  '->>': { dir: 'forward', dashed: false, async: true },
  '-->>': { dir: 'forward', dashed: true, async: true },
  '<-': { dir: 'back', dashed: false, async: false },
  '<--': { dir: 'back', dashed: true, async: false },
  '<<-': { dir: 'back', dashed: false, async: true },
  '<<--': { dir: 'back', dashed: true, async: true },
  '=>': { dir: 'both', dashed: false, async: false },
};

export function seqdiagToDot(ast: DiagramAst, r: Reporter): string {
  const classes: Classes = new Map();
  for (const s of ast.statements) if (s.kind === 'class') classes.set(s.name.value, s);
  const diagramAttrs: Attrs = new Map();
  const participants = new Map<string, Participant>();
  const appearance: Participant[] = [];
  const rows: Row[] = [];
  const top: Fragment = { type: 'loop', rows: [], children: [], attrs: new Map() };

  const getParticipant = (id: string, group: object | undefined, at: DiagSpan): Participant => {
    let p = participants.get(id);
    if (!p) participants.set(id, (p = { id, attrs: new Map(), col: 0 }));
    if (!appearance.includes(p)) appearance.push(p);
    if (group) {
      if (p.group && p.group !== group) r.error(`Participant "${id}" cannot belong to two groups`, at);
      p.group = group;
    }
    return p;
  };
  const setAttr = (target: Attrs, name: string, value: string | undefined, span: DiagSpan) => {
    target.delete(name);
    target.set(name, { value, span });
  };
  const addRow = (row: Row, fragments: Fragment[]) => {
    rows.push(row);
    for (const f of fragments) f.rows.push(row);
  };

  const edge = (s: DiagEdgeStmt, group: object | undefined, fragments: Fragment[]) => {
    // `A -> B -> C` is A -> B with the rest nested inside it, like `A -> B { B -> C }`.
    const walk = (k: number) => {
      const fromId = k === 0 ? s.first[0] : s.links[k - 1].nodes[0];
      const link = s.links[k];
      const from = getParticipant(fromId.value, group, fromId);
      const to = getParticipant(link.nodes[0].value, group, link.nodes[0]);
      const arrow = ARROWS[link.op.text] ?? ARROWS['->'];
      const attrs: Attrs = new Map();
      applyOptions(attrs, s.options, classes, r);
      let { dashed, async } = arrow;
      let dir = arrow.dir;
      const styleAttr = attrs.get('style');
      if (styleAttr) {
        dashed = (styleAttr.value ?? '').toLowerCase() === 'dashed';
        attrs.delete('style');
        if (!['dashed', 'solid', ''].includes((styleAttr.value ?? '').toLowerCase())) attrs.set('style', styleAttr);
      }
      if (attrs.has('async')) {
        async = true;
        dir = 'forward';
        attrs.delete('async');
      }
      if (dir === 'forward' || dir === 'both') addRow({ kind: 'message', from, to, dir: 'forward', dashed, async, attrs, reply: false }, fragments);
      if (k + 1 < s.links.length) walk(k + 1);
      else if (s.block) instantiate(s.block, group, fragments);
      if (dir === 'back' || dir === 'both') {
        const reply = dir === 'both';
        let replyAttrs = attrs;
        if (reply) {
          replyAttrs = new Map([...attrs].filter(([n]) => !['label', 'note', 'leftnote', 'rightnote', 'return'].includes(n)));
          const ret = attrs.get('return');
          if (ret) replyAttrs.set('label', ret);
        }
        addRow({ kind: 'message', from, to, dir: 'back', dashed: reply ? true : dashed, async, attrs: replyAttrs, reply }, fragments);
      }
    };
    walk(0);
  };

  const instantiate = (stmts: readonly DiagStatement[], group: object | undefined, fragments: Fragment[], attrTarget?: Attrs) => {
    const ordered = [...stmts.filter((s) => s.kind === 'attribute' || s.kind === 'class' || s.kind === 'plugin'), ...stmts.filter((s) => s.kind !== 'attribute' && s.kind !== 'class' && s.kind !== 'plugin')];
    for (const s of ordered) {
      switch (s.kind) {
        case 'attribute':
          setAttr(attrTarget ?? diagramAttrs, s.name.value, s.value.value, s);
          break;
        case 'plugin':
          r.note(`The seqdiag plugin "${s.name.value}" has no Graphviz counterpart and was left out`, s);
          break;
        case 'node':
          for (const id of s.ids) applyOptions(getParticipant(id.value, group, id).attrs, s.options, classes, r);
          break;
        case 'edge':
          edge(s, group, fragments);
          break;
        case 'separator':
          addRow({ kind: 'separator', type: s.type, text: s.text }, fragments);
          break;
        case 'block':
          if (s.keyword === 'group') {
            const g = {};
            const groupAttrs: Attrs = new Map();
            instantiate(s.body, g, fragments, groupAttrs);
            r.note('seqdiag groups are not drawn (their participants stay side by side)', s.keywordSpan);
          } else {
            const f: Fragment = { type: s.keyword as 'alt' | 'loop', id: s.id?.value, rows: [], children: [], attrs: new Map() };
            (fragments[fragments.length - 1] ?? top).children.push(f);
            instantiate(s.body, group, [...fragments, f], f.attrs);
          }
          break;
      }
    }
  };
  instantiate(ast.statements, undefined, []);

  // Columns: order of appearance, a group's participants kept together.
  const columns: Participant[] = [];
  for (const p of appearance) {
    if (columns.includes(p)) continue;
    columns.push(p);
    if (p.group) for (const q of appearance) if (q.group === p.group && !columns.includes(q)) columns.push(q);
  }
  columns.forEach((p, i) => (p.col = i));

  // Diagram attributes.
  let noteColor = 'lightpink';
  let autonumber = false;
  let activation = true;
  const extraGraph: DotAttrs = new Map();
  const defaults = readDiagramAttributes(diagramAttrs, true, r, (name, v, span) => {
    switch (name) {
      case 'activation':
        activation = (v ?? '').toLowerCase() !== 'none';
        return true;
      case 'autonumber':
        autonumber = (v ?? '').toLowerCase() !== 'false';
        return true;
      case 'default_note_color':
        noteColor = mapColor(v, span, r) ?? noteColor;
        return true;
      case 'edge_length': {
        const n = Number(v);
        if (Number.isFinite(n) && n > 0) extraGraph.set('nodesep', inches(n));
        return true;
      }
      case 'span_height':
      case 'default_edge_label_margin':
      case 'default_label_margin':
        return true; // row spacing: computed below from the labels
      default:
        return false;
    }
  });
  // Rows far enough apart for the tallest message label (Graphviz does not count flat edges' labels).
  const fontsize = Number(defaults.graph.get('fontsize') ?? 14);
  const lines = Math.max(1, ...rows.map((x) => (x.kind === 'message' ? labelLines(x.attrs.get('label')?.value ?? '').length : 1)));
  extraGraph.set('ranksep', String(Math.max(0.5, Math.round(((lines * fontsize * 1.25) / 72 + 0.2) * 100) / 100)));
  // Straight lines: a message crosses the lifelines between its ends, as in a sequence diagram.
  const graph: DotAttrs = new Map([['splines', 'line'], ...defaults.graph, ...extraGraph]);
  const whole = { start: ast.start, end: ast.keyword?.end ?? ast.start + 1 };
  r.note('seqdiag has no Graphviz counterpart: drawn as lifelines with one row per message, top to bottom in the original order', whole);
  if (activation && rows.some((x) => x.kind === 'message')) r.note('Activation bars are not drawn', diagramAttrs.get('activation')?.span ?? whole);

  const out = new DotBuilder();
  out.open(`digraph${ast.id ? ' ' + dotId(ast.id.value) : ''}`);
  for (const [k, v] of graph) out.line(`${k}=${v}`);
  out.line(`node${attrList(new Map([...defaultNodeAttrs(defaults.defaultShape), ...defaults.nodeDefaults]))}`);
  if (defaults.edgeDefaults.size) out.line(`edge${attrList(defaults.edgeDefaults)}`);
  out.blank();

  // Participants in one rank, kept in order by invisible edges.
  const names = new NameTable(participants.keys());
  out.comment('participants, left to right');
  out.open('');
  out.line('rank=same');
  const nodeDefaults = { shape: defaults.defaultShape, portrait: true };
  const ids = new DotIds();
  for (const p of columns) {
    const { id, explicitLabel } = ids.get(p.id);
    out.line(`${id}${attrList(nodeAttrs(p.id, p.attrs, nodeDefaults, r, explicitLabel))}`);
  }
  if (columns.length > 1) out.line(`${columns.map((p) => ids.id(p.id)).join(' -> ')} [style=invis]`);
  out.close();
  if (!rows.length) {
    out.close();
    return out.toString();
  }

  // One point per participant and row.
  const simple = (id: string) => /^[A-Za-z_][A-Za-z_0-9]*$/.test(id);
  const point = columns.map((p) => rows.map((_, i) => names.unique(simple(p.id) ? `${p.id}_${i + 1}` : `p${p.col + 1}_${i + 1}`)));
  out.blank();
  out.comment('lifelines: one (invisible) point per message');
  out.line('node [shape=point, width=0.01, height=0.01, style=invis]');
  for (const p of columns) {
    const segments: string[] = [ids.id(p.id)];
    rows.forEach((row, i) => {
      if (row.kind === 'separator' && row.type === 'delay') segments.push('DELAY');
      segments.push(dotId(point[p.col][i]));
    });
    // A delay draws the lifeline dotted into its row.
    const chains: { ids: string[]; dotted: boolean }[] = [{ ids: [segments[0]], dotted: false }];
    for (let k = 1; k < segments.length; k++) {
      if (segments[k] === 'DELAY') {
        const prev = chains[chains.length - 1].ids;
        chains.push({ ids: [prev[prev.length - 1], segments[k + 1]], dotted: true }, { ids: [segments[k + 1]], dotted: false });
        k++;
      } else chains[chains.length - 1].ids.push(segments[k]);
    }
    for (const c of chains) if (c.ids.length > 1) out.line(`${c.ids.join(' -> ')} [style=${c.dotted ? 'dotted' : 'dashed'}, arrowhead=none, weight=1000]`);
  }

  // Rows, inside the clusters of their fragments.
  let number = 0;
  const clusterNames = new NameTable();
  const writeRow = (row: Row, i: number) => {
    const ids = columns.map((p) => dotId(point[p.col][i]));
    out.open('');
    out.line(`rank=same; ${ids.join('; ')}`);
    /** Invisible edges between neighbouring points no drawn edge joins: they keep the columns in order. */
    const order = (covered: Set<number>) => {
      let chain: string[] = [];
      const flush = () => {
        if (chain.length > 1) out.line(`${chain.join(' -> ')} [style=invis]`);
        chain = [];
      };
      for (let k = 0; k + 1 < ids.length; k++) {
        if (covered.has(k)) flush();
        else {
          if (!chain.length) chain.push(ids[k]);
          chain.push(ids[k + 1]);
        }
      }
      flush();
    };
    if (row.kind === 'separator') {
      const label = names.unique(`separator_${i + 1}`);
      out.line(`${dotId(label)} [shape=plaintext, style=solid, label=${dotLabel(row.text)}${row.type === 'divider' ? '' : ', fontcolor=gray30'}]`);
      out.line(`${dotId(label)} -> ${ids[0]} [style=invis]`);
      if (row.type === 'divider' && ids.length > 1) out.line(`${ids.join(' -> ')} [arrowhead=none, color=gray, penwidth=4]`);
      else order(new Set());
      out.close();
      return;
    }
    number++;
    const a = messageAttrs(row, autonumber ? number : undefined, r);
    const left = row.from.col <= row.to.col ? row.from : row.to;
    const right = left === row.from ? row.to : row.from;
    // Drawn from left to right (so the columns keep their order), the arrowhead at the receiver.
    const towardsLeft = row.from !== row.to && (row.dir === 'forward') === (row.from.col > row.to.col);
    const head = a.get('arrowhead');
    a.delete('arrowhead');
    const label = a.get('label');
    a.delete('label');
    // A message across several columns is drawn through the lifelines between them, one straight segment
    // each (an edge between distant points of a rank would be routed around the ones between).
    const cols = left === right ? [left.col, left.col] : Array.from({ length: right.col - left.col + 1 }, (_, k) => left.col + k);
    const segments = cols.length - 1;
    const labelAt = Math.floor((segments - 1) / 2);
    for (let k = 0; k < segments; k++) {
      const seg: DotAttrs = new Map();
      if (k === labelAt && label) seg.set('label', label);
      for (const [key, v] of a) seg.set(key, v);
      if (towardsLeft && k === 0) {
        seg.set('dir', 'back');
        if (head) seg.set('arrowtail', head);
      } else if (!towardsLeft && k === segments - 1) {
        if (head) seg.set('arrowhead', head);
      } else seg.set('arrowhead', 'none');
      out.line(`${ids[cols[k]]} -> ${ids[cols[k + 1]]}${attrList(seg)}`);
    }
    order(new Set(left === right ? [] : cols.slice(0, -1)));
    for (const [which, at] of [
      ['leftnote', left],
      ['note', right],
      ['rightnote', right],
    ] as const) {
      const note = row.attrs.get(which);
      if (!note || row.reply) continue;
      const n = names.unique(`note_${i + 1}`);
      out.line(`${dotId(n)} [shape=note, style=filled, fillcolor=${noteColor}, label=${dotLabel(note.value ?? '')}]`);
      out.line(which === 'leftnote' ? `${dotId(n)} -> ${ids[at.col]} [style=dotted, arrowhead=none]` : `${ids[at.col]} -> ${dotId(n)} [style=dotted, arrowhead=none]`);
    }
    out.close();
  };

  out.blank();
  out.comment('messages, one row each');
  const writeFragment = (f: Fragment, from: number, to: number) => {
    let i = from;
    while (i < to) {
      const child = f.children.find((c) => c.rows.length && rows.indexOf(c.rows[0]) === i);
      if (child) {
        const end = rows.indexOf(child.rows[child.rows.length - 1]) + 1;
        out.open(`subgraph ${clusterNames.unique(`cluster_${child.type}`)}`);
        out.line(`label=${dotLabel(child.id ? `${child.type} ${child.id}` : child.type)}`);
        out.line('labeljust=l');
        out.line('style=rounded');
        for (const [name, { value, span }] of child.attrs) {
          if (name === 'color' || name === 'linecolor') {
            const c = mapColor(value, span, r);
            if (c) out.line(`color=${c}`);
          } else r.note(`The ${child.type} attribute "${name}" has no Graphviz counterpart and was left out`, span);
        }
        writeFragment(child, i, end);
        out.close();
        i = end;
      } else {
        writeRow(rows[i], i);
        i++;
      }
    }
  };
  writeFragment(top, 0, rows.length);
  out.close();
  return out.toString();
}

function messageAttrs(row: MessageRow, number: number | undefined, r: Reporter): DotAttrs {
  const out: DotAttrs = new Map();
  const labelAttr = row.attrs.get('label');
  let label = labelAttr?.value ?? '';
  if (number !== undefined) label = `${number}. ${label}`;
  if (label !== '') out.set('label', dotLabel(label));
  const styles: string[] = [];
  if (row.dashed) styles.push('dashed');
  if (row.async) out.set('arrowhead', 'vee');
  for (const [name, { value, span }] of row.attrs) {
    switch (name) {
      case 'label':
      case 'note':
      case 'leftnote':
      case 'rightnote':
      case 'return':
      case 'activate':
      case 'noactivate':
        break;
      case 'color': {
        const c = mapColor(value, span, r);
        if (c) out.set('color', c);
        break;
      }
      case 'textcolor': {
        const c = mapColor(value, span, r);
        if (c) out.set('fontcolor', c);
        break;
      }
      case 'style': {
        const v = (value ?? '').toLowerCase();
        if (v === 'dotted') styles.push('dotted');
        else if (v === 'none') styles.push('invis');
        else r.note(`Unknown message style "${value ?? ''}" was left out`, span);
        break;
      }
      case 'failed':
        out.set('arrowhead', 'tee');
        r.note('A failed message is drawn with a bar (tee) arrowhead', span);
        break;
      case 'diagonal':
        r.note('Diagonal messages are drawn level', span);
        break;
      case 'fontsize': {
        const n = Number(value);
        if (Number.isFinite(n) && n > 0) out.set('fontsize', String(n));
        break;
      }
      case 'fontfamily':
        if (value) out.set('fontname', dotValue(value));
        break;
      case 'description':
        r.note('Message descriptions (shown by the :desctable: option) were left out', span);
        break;
      default:
        r.note(`Message attribute "${name}" has no Graphviz counterpart and was left out`, span);
    }
  }
  if (styles.length) out.set('style', dotValue(styles.join(',')));
  return out;
}
