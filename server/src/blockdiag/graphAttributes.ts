/**
 * What blockdiag's edge, group and diagram attributes become in Graphviz (the node attributes, colours and
 * shapes are in attributes.ts).
 */
import type { DiagSpan } from './ast';
import { dotLabel, dotValue, inches, type DotAttrs } from './dotWriter';
import { type Attrs, type MappedShape, Reporter, lineStyle, mapColor, mapShape, setColor, setNumber, setSize } from './attributes';

// ---------------------------------------------------------------------------------------------
// Edges
// ---------------------------------------------------------------------------------------------

/** The direction an edge operator gives (`<-` draws the arrowhead at the first node, as `dir=back`). */
export function opDirection(op: string): { dir: string; hstyle?: string } {
  switch (op) {
    case '<-':
      return { dir: 'back' };
    case '<->':
      return { dir: 'both' };
    case '--':
      return { dir: 'none' };
    case '-<':
      return { dir: 'forward', hstyle: 'onemany' };
    case '>-':
      return { dir: 'back', hstyle: 'manyone' };
    case '>-<':
      return { dir: 'both', hstyle: 'manymany' };
    default:
      return { dir: 'forward' };
  }
}

const HEADS: Record<string, string> = { generalization: 'empty', composition: 'diamond', aggregation: 'odiamond' };

export interface EdgeEnv {
  /** Edge labels become `xlabel` (orthogonal edges cannot carry ordinary labels). */
  ortho: boolean;
}

/**
 * DOT attributes for a blockdiag edge in a digraph. `a` holds the source's attributes, with `dir` and
 * `hstyle` from the operator set first (the options may override them, as in blockdiag).
 */
export function edgeAttrs(a: Attrs, env: EdgeEnv, r: Reporter): DotAttrs {
  const out: DotAttrs = new Map();
  let dir = 'forward';
  let hstyle: string | undefined;
  const styles: string[] = [];
  for (const [name, { value, span }] of a) {
    switch (name) {
      case 'dir': {
        const v = (value ?? '').toLowerCase();
        const fromOp = ['->', '<-', '<->', '--', '-<', '>-', '>-<'].includes(v) ? opDirection(v) : undefined;
        if (fromOp) {
          dir = fromOp.dir;
          hstyle = fromOp.hstyle ?? hstyle;
        } else if (['forward', 'back', 'both', 'none'].includes(v)) dir = v;
        else r.note(`Unknown edge direction "${value ?? ''}" was left out`, span);
        break;
      }
      case 'hstyle': {
        const v = (value ?? '').toLowerCase();
        if (v in HEADS) hstyle = v;
        else if (v === 'oneone') {
          hstyle = undefined;
          dir = 'none';
        } else if (v === 'onemany') [dir, hstyle] = ['forward', v];
        else if (v === 'manyone') [dir, hstyle] = ['back', v];
        else if (v === 'manymany') [dir, hstyle] = ['both', v];
        else r.note(`Unknown edge head style "${value ?? ''}" was left out`, span);
        break;
      }
      case 'label':
        out.set(env.ortho ? 'xlabel' : 'label', dotLabel(value ?? ''));
        break;
      case 'color':
        setColor(out, 'color', value, span, r);
        break;
      case 'textcolor':
        setColor(out, 'fontcolor', value, span, r);
        break;
      case 'style':
        lineStyle(value, span, styles, r, 'edge');
        break;
      case 'thick':
        out.set('penwidth', '3');
        break;
      case 'folded':
        // A folded edge starts a new row in blockdiag: its head is not placed after its tail.
        out.set('constraint', 'false');
        break;
      case 'nofolded':
        break;
      case 'fontsize':
        setNumber(out, 'fontsize', value, span, r);
        break;
      case 'fontfamily':
        if (value) out.set('fontname', dotValue(value));
        break;
      case 'description':
        r.note('Edge descriptions (shown by blockdiag\'s :desctable: option) were left out', span);
        break;
      default:
        r.note(`Edge attribute "${name}" has no Graphviz counterpart and was left out`, span);
    }
  }
  if (dir !== 'forward') out.set('dir', dir);
  if (hstyle) {
    const head = HEADS[hstyle] ?? 'crow';
    const tailToo = hstyle === 'manymany' || (hstyle in HEADS && dir === 'both');
    if (dir === 'forward' || dir === 'both') out.set('arrowhead', head);
    if (dir === 'back' || tailToo) out.set('arrowtail', head);
  }
  if (styles.length) out.set('style', dotValue(styles.join(',')));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------------------------

/**
 * The attribute statements of a cluster for a blockdiag group (or actdiag lane, nwdiag group).
 * `defaultColor` is the diagram's `default_group_color`.
 */
export function clusterAttrs(a: Attrs, defaultColor: string | undefined, r: Reporter, what = 'group'): DotAttrs {
  const out: DotAttrs = new Map();
  let color: string | undefined;
  let line = false;
  const styles: string[] = [];
  for (const [name, { value, span }] of a) {
    switch (name) {
      case 'label':
        out.set('label', dotLabel(value ?? ''));
        break;
      case 'color':
        color = mapColor(value, span, r);
        break;
      case 'shape': {
        const v = (value ?? '').toLowerCase();
        if (v === 'line') line = true;
        else if (v !== 'box') r.note(`Unknown ${what} shape "${value ?? ''}" was left out`, span);
        break;
      }
      case 'style':
        lineStyle(value, span, styles, r, 'group');
        break;
      case 'textcolor':
        setColor(out, 'fontcolor', value, span, r);
        break;
      case 'fontsize':
        setNumber(out, 'fontsize', value, span, r);
        break;
      case 'fontfamily':
        if (value) out.set('fontname', dotValue(value));
        break;
      case 'href':
        if (value) out.set('URL', dotValue(value));
        break;
      case 'orientation':
        r.note(`A ${what}'s own orientation was left out: Graphviz lays out a whole graph in one direction`, span);
        break;
      case 'icon':
      case 'background':
        r.note(`The ${what} ${name} image "${value ?? ''}" was left out`, span);
        break;
      default:
        r.note(`The ${what} attribute "${name}" has no Graphviz counterpart and was left out`, span);
    }
  }
  color ??= line ? undefined : defaultColor;
  if (line) {
    if (!styles.length) styles.push('dashed');
  } else if (color && color !== 'none' && color !== 'transparent') styles.push('filled');
  if (styles.length) out.set('style', dotValue(styles.join(',')));
  if (color) out.set('color', color);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Diagram attributes
// ---------------------------------------------------------------------------------------------

/** `orientation = landscape|portrait` (or the dialect's default). */
export function readOrientation(d: Attrs, fallback: 'landscape' | 'portrait', r: Reporter): 'landscape' | 'portrait' {
  const a = d.get('orientation');
  if (!a) return fallback;
  const v = (a.value ?? '').toLowerCase();
  if (v === 'landscape' || v === 'portrait') return v;
  r.note(`Unknown orientation "${a.value ?? ''}": ${fallback} used`, a.span);
  return fallback;
}

export interface DiagramDefaults {
  /** Graph attributes (`rankdir`, `ranksep`, `fontsize`...). */
  graph: DotAttrs;
  /** The `node [...]` defaults besides the shape. */
  nodeDefaults: DotAttrs;
  edgeDefaults: DotAttrs;
  defaultShape: MappedShape;
  defaultGroupColor: string | undefined;
  /** `edge_layout = flowchart`: orthogonal edges. */
  ortho: boolean;
}

/**
 * Reads the diagram-wide attributes the family shares (`default_shape`, `default_fontsize`, colours,
 * node and span sizes, `edge_layout`...). `own` handles a dialect's own attributes first (returns true
 * when it took the attribute).
 */
export function readDiagramAttributes(
  d: Attrs,
  portrait: boolean,
  r: Reporter,
  own?: (name: string, value: string | undefined, span: DiagSpan) => boolean,
): DiagramDefaults {
  let defaultShape = mapShape('box', portrait)!;
  const graph: DotAttrs = new Map();
  const nodeDefaults: DotAttrs = new Map();
  const edgeDefaults: DotAttrs = new Map();
  let defaultGroupColor: string | undefined;
  let ortho = false;
  for (const [name, { value: v, span }] of d) {
    if (own?.(name, v, span)) continue;
    switch (name) {
      case 'orientation':
        break;
      case 'default_shape': {
        const s = v !== undefined ? mapShape(v, portrait) : undefined;
        if (s) {
          defaultShape = s;
          if (s.note) r.note(s.note, span);
        } else r.note(`Unknown default shape "${v ?? ''}": boxes used`, span);
        break;
      }
      case 'default_fontsize':
      case 'fontsize': {
        const n = Number(v);
        if (Number.isFinite(n) && n > 0) for (const m of [graph, nodeDefaults, edgeDefaults]) m.set('fontsize', String(n));
        else r.note(`"${v ?? ''}" is not a font size; left out`, span);
        break;
      }
      case 'default_fontfamily':
        if (v) for (const m of [graph, nodeDefaults, edgeDefaults]) m.set('fontname', dotValue(v));
        break;
      case 'default_node_color': {
        const c = mapColor(v, span, r);
        if (c) nodeDefaults.set('fillcolor', c);
        break;
      }
      case 'default_group_color':
        defaultGroupColor = mapColor(v, span, r);
        break;
      case 'default_linecolor':
      case 'default_line_color': {
        const c = mapColor(v, span, r);
        if (c) {
          nodeDefaults.set('color', c);
          edgeDefaults.set('color', c);
        }
        break;
      }
      case 'default_textcolor':
      case 'default_text_color': {
        const c = mapColor(v, span, r);
        if (c) for (const m of [graph, nodeDefaults, edgeDefaults]) m.set('fontcolor', c);
        break;
      }
      case 'node_width':
      case 'node_height':
        setSize(nodeDefaults, name === 'node_width' ? 'width' : 'height', v, span, r);
        break;
      case 'span_width':
      case 'span_height': {
        const n = Number(v);
        if (v === undefined || !Number.isFinite(n) || n < 0) {
          r.note(`"${v ?? ''}" is not a size; ${name} was left out`, span);
          break;
        }
        // blockdiag's columns are Graphviz ranks in landscape, its rows are ranks in portrait.
        const alongRanks = (name === 'span_width') !== portrait;
        graph.set(alongRanks ? 'ranksep' : 'nodesep', inches(Math.max(n, 2)));
        break;
      }
      case 'edge_layout':
        if ((v ?? '').toLowerCase() === 'flowchart') {
          ortho = true;
          graph.set('splines', 'ortho');
        }
        break;
      case 'shadow_style':
        if ((v ?? '').toLowerCase() !== 'none') r.note('Graphviz draws no shadows: shadow_style was left out', span);
        break;
      default:
        r.note(`Diagram attribute "${name}" has no Graphviz counterpart and was left out`, span);
    }
  }
  if (nodeDefaults.has('fillcolor')) defaultShape = { ...defaultShape, styles: [...defaultShape.styles, 'filled'] };
  return { graph, nodeDefaults, edgeDefaults, defaultShape, defaultGroupColor, ortho };
}
