import { checkColorValue } from '../dot/catalog';
import type { DiagExtensionStmt, DiagOption, DiagProblem, DiagSpan } from './ast';
import { dotLabel, dotValue, inches, type DotAttrs } from './dotWriter';

/**
 * What blockdiag attributes become in Graphviz: shapes, colours, line styles, sizes. Shared by the
 * blockdiag, actdiag, nwdiag and seqdiag conversions. Anything without a Graphviz counterpart is reported
 * as a note (and written as a DOT comment), never dropped silently.
 */

/** A note about the conversion: something approximated or left out, at the source text that caused it. */
export interface DiagNote {
  message: string;
  start?: number;
  end?: number;
}

/** Collects notes (deduplicated by message) and errors during one conversion. */
export class Reporter {
  readonly notes: DiagNote[] = [];
  readonly errors: DiagProblem[] = [];
  private readonly seen = new Set<string>();

  note(message: string, at?: DiagSpan): void {
    if (this.seen.has(message)) return;
    this.seen.add(message);
    this.notes.push(at ? { message, start: at.start, end: at.end } : { message });
  }

  error(message: string, at: DiagSpan): void {
    this.errors.push({ message, start: at.start, end: at.end });
  }
}

/** One attribute as the source set it (the last assignment wins). */
export interface AttrValue {
  value: string | undefined;
  span: DiagSpan;
}

export type Attrs = Map<string, AttrValue>;

/** Class definitions (`class name [attrs]`), by name. */
export type Classes = Map<string, DiagExtensionStmt>;

/**
 * Sets `options` on `target` in order, expanding `class = name` into the class's attributes (blockdiag
 * applies a class where it is used, so later options still override it).
 */
export function applyOptions(target: Attrs, options: readonly DiagOption[], classes: Classes, r: Reporter, depth = 0): void {
  for (const o of options) {
    const name = o.name.value;
    if (name === 'class') {
      const cls = o.value ? classes.get(o.value.value) : undefined;
      if (!o.value) r.error('"class" needs a class name: class = name', o);
      else if (!cls) r.error(`Unknown class "${o.value.value}": define it with class ${o.value.value} [...]`, o.value);
      else if (depth < 10) applyOptions(target, cls.options, classes, r, depth + 1);
      continue;
    }
    target.delete(name);
    target.set(name, { value: o.value?.value, span: o });
  }
}

// ---------------------------------------------------------------------------------------------
// Colours
// ---------------------------------------------------------------------------------------------

/**
 * A Graphviz colour for a blockdiag colour (CSS names, `#rgb`, `#rrggbb`), or undefined (with a note)
 * when Graphviz has no such colour.
 */
export function mapColor(value: string | undefined, at: DiagSpan, r: Reporter): string | undefined {
  if (value === undefined || value === '') {
    r.note('An empty colour was left out', at);
    return undefined;
  }
  let c = value.trim();
  if (/^#[0-9a-fA-F]{3}$/.test(c)) c = '#' + [...c.slice(1)].map((h) => h + h).join('');
  else if (!c.startsWith('#')) c = c.toLowerCase();
  if (checkColorValue(c, { colorSchemes: new Set() }, false)) {
    r.note(`Colour "${value}" has no Graphviz counterpart and was left out`, at);
    return undefined;
  }
  return dotValue(c);
}

// ---------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------

export interface MappedShape {
  shape: string;
  /** Styles the shape needs (`rounded`). */
  styles: string[];
  /** Size and other attributes the shape needs (a small fixed-size marker). */
  extra: [string, string][];
  /** The label is drawn beside the shape (markers), as `xlabel`. */
  labelOutside?: boolean;
  /** The shape draws no label at all. */
  noLabel?: boolean;
  /** The label to draw instead of the node's (dots). */
  fixedLabel?: string;
  /** Said when the shape is only approximated. */
  note?: string;
}

const SHAPES: Record<string, Omit<MappedShape, 'styles' | 'extra'> & { styles?: string[]; extra?: [string, string][] }> = {
  box: { shape: 'box' },
  square: { shape: 'square' },
  roundedbox: { shape: 'box', styles: ['rounded'] },
  diamond: { shape: 'diamond' },
  minidiamond: { shape: 'diamond', extra: [['width', '0.25'], ['height', '0.25'], ['fixedsize', 'true']], labelOutside: true },
  note: { shape: 'note' },
  cloud: { shape: 'egg' },
  circle: { shape: 'circle' },
  ellipse: { shape: 'ellipse' },
  beginpoint: { shape: 'circle', styles: ['filled'], extra: [['fillcolor', 'black'], ['width', '0.3'], ['height', '0.3'], ['fixedsize', 'true']], labelOutside: true },
  endpoint: { shape: 'doublecircle', styles: ['filled'], extra: [['fillcolor', 'black'], ['width', '0.25'], ['height', '0.25'], ['fixedsize', 'true']], labelOutside: true },
  textbox: { shape: 'plaintext' },
  none: { shape: 'point', styles: ['invis'], noLabel: true },
  'flowchart.database': { shape: 'cylinder' },
  'flowchart.input': { shape: 'parallelogram' },
  'flowchart.loopin': { shape: 'trapezium' },
  'flowchart.loopout': { shape: 'invtrapezium' },
  'flowchart.terminator': { shape: 'box', styles: ['rounded'] },
  mail: { shape: 'box', note: 'Graphviz has no envelope shape: "mail" nodes are drawn as boxes' },
  actor: { shape: 'plaintext', note: 'Graphviz has no stick figure: "actor" nodes are drawn as their label' },
};

/**
 * The Graphviz shape for a blockdiag shape name, or undefined for a name blockdiag does not know.
 * `portrait` decides which way the dots of the "dots" shape run.
 */
export function mapShape(name: string, portrait: boolean): MappedShape | undefined {
  if (name === 'dots') return { shape: 'plaintext', styles: [], extra: [], fixedLabel: portrait ? '"\u22ef"' : '"\u22ee"' };
  const key = SHAPES[name] ? name : SHAPES['flowchart.' + name] ? 'flowchart.' + name : undefined;
  if (!key) return undefined;
  const s = SHAPES[key];
  return { ...s, styles: s.styles ?? [], extra: s.extra ?? [] };
}

// ---------------------------------------------------------------------------------------------
// Nodes
// ---------------------------------------------------------------------------------------------

export interface NodeDefaults {
  shape: MappedShape;
  portrait: boolean;
}

/** Node attributes handled by the callers (membership, addresses), not by {@link nodeAttrs}. */
const NODE_STRUCTURAL = new Set(['group', 'address', 'lane']);

/**
 * DOT attributes for a node. `defaults` is what the graph's `node [...]` statement already says, so only
 * differences are written (a style list must repeat the default's styles, or they would be lost).
 */
export function nodeAttrs(id: string, a: Attrs, defaults: NodeDefaults, r: Reporter, explicitLabel = false): DotAttrs {
  const out: DotAttrs = new Map();
  let shape = defaults.shape;
  const shapeAttr = a.get('shape');
  if (shapeAttr) {
    const mapped = shapeAttr.value !== undefined ? mapShape(shapeAttr.value, defaults.portrait) : undefined;
    if (mapped) {
      shape = mapped;
      if (mapped.note) r.note(mapped.note, shapeAttr.span);
    } else r.note(`Unknown node shape "${shapeAttr.value ?? ''}": drawn with the default shape`, shapeAttr.span);
  }
  if (shape.shape !== defaults.shape.shape) out.set('shape', shape.shape);

  const labelAttr = a.get('label');
  const label = labelAttr ? (labelAttr.value ?? '') : undefined;
  if (shape.fixedLabel) out.set('label', shape.fixedLabel);
  else if (shape.noLabel) out.set('label', '""');
  else if (shape.labelOutside) {
    out.set('label', '""');
    const text = label ?? id;
    if (text !== '') out.set('xlabel', dotLabel(text));
  } else if (explicitLabel || (label !== undefined && label !== id)) out.set('label', dotLabel(label ?? id));

  const styles = [...shape.styles];
  let fill: string | undefined;
  let line: string | undefined;
  let peripheries: string | undefined;
  for (const [name, { value, span }] of a) {
    if (name === 'shape' || name === 'label' || NODE_STRUCTURAL.has(name)) continue;
    switch (name) {
      case 'color':
        fill = mapColor(value, span, r);
        break;
      case 'linecolor':
        line = mapColor(value, span, r);
        break;
      case 'textcolor':
        setColor(out, 'fontcolor', value, span, r);
        break;
      case 'style':
        peripheries = lineStyle(value, span, styles, r, 'node') ?? peripheries;
        break;
      case 'width':
      case 'height':
        setSize(out, name, value, span, r);
        break;
      case 'fontsize':
        setNumber(out, 'fontsize', value, span, r);
        break;
      case 'fontfamily':
        if (value) out.set('fontname', dotValue(value));
        break;
      case 'stacked':
        if (peripheries === undefined) peripheries = '2';
        break;
      case 'numbered':
        if (value) out.set('xlabel', dotLabel(value));
        break;
      case 'href':
        if (value) out.set('URL', dotValue(value));
        break;
      case 'icon':
      case 'background':
        r.note(`The ${name} image "${value ?? ''}" was left out: Graphviz in Sphinx cannot place an image file reliably`, span);
        break;
      case 'description':
        r.note('Node descriptions (shown by blockdiag\'s :desctable: option) were left out', span);
        break;
      case 'rotate':
      case 'label_orientation':
        r.note(`"${name}" was left out: Graphviz does not rotate node labels`, span);
        break;
      default:
        r.note(`Node attribute "${name}" has no Graphviz counterpart and was left out`, span);
    }
  }
  if (fill) {
    if (!styles.includes('filled')) styles.push('filled');
    out.set('fillcolor', fill);
  }
  if (line) out.set('color', line);
  if (peripheries !== undefined) {
    if (peripheries === '0' && fill) out.set('color', fill); // no border, keep the fill
    else out.set('peripheries', peripheries);
  }
  // A marker's size is its own: the node's width and height do not apply.
  for (const [k, v] of shape.extra) out.set(k, v);
  const styleText = styles.join(',');
  if (styleText !== defaults.shape.styles.join(',')) out.set('style', styleText === '' ? 'solid' : dotValue(styleText));
  return sortAttrs(out);
}

const ATTR_ORDER = ['label', 'xlabel', 'shape', 'style', 'fillcolor', 'color', 'fontcolor', 'peripheries', 'width', 'height', 'fixedsize'];

/** Label first, then shape and looks, then the rest in the order they were set. */
function sortAttrs(a: DotAttrs): DotAttrs {
  const rank = (k: string) => {
    const i = ATTR_ORDER.indexOf(k);
    return i < 0 ? ATTR_ORDER.length : i;
  };
  return new Map([...a].sort(([x], [y]) => rank(x) - rank(y)));
}

/** The graph-wide `node [...]` attributes for a default shape. */
export function defaultNodeAttrs(shape: MappedShape): DotAttrs {
  const out: DotAttrs = new Map([['shape', shape.shape]]);
  if (shape.styles.length) out.set('style', dotValue(shape.styles.join(',')));
  return out;
}

/**
 * blockdiag line styles: solid, dotted, dashed, none, or a dash pattern such as "3,3". Adds to
 * `styles`; returns "0" for `none` on a node (no border: peripheries=0).
 */
export function lineStyle(value: string | undefined, span: DiagSpan, styles: string[], r: Reporter, what: 'node' | 'edge' | 'group'): string | undefined {
  const v = (value ?? '').toLowerCase();
  if (v === 'solid' || v === '') return undefined;
  if (v === 'dotted' || v === 'dashed') {
    styles.push(v);
    return undefined;
  }
  if (v === 'none') {
    if (what === 'edge') styles.push('invis');
    return what === 'node' ? '0' : undefined;
  }
  if (/^\d+(,\d+)*$/.test(v)) {
    styles.push('dashed');
    r.note(`The dash pattern "${value}" is drawn as Graphviz's "dashed"`, span);
    return undefined;
  }
  r.note(`Unknown ${what} style "${value ?? ''}" was left out`, span);
  return undefined;
}

export function setColor(out: DotAttrs, key: string, value: string | undefined, span: DiagSpan, r: Reporter): void {
  const c = mapColor(value, span, r);
  if (c) out.set(key, c);
}

export function setNumber(out: DotAttrs, key: string, value: string | undefined, span: DiagSpan, r: Reporter): void {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n <= 0) r.note(`"${value ?? ''}" is not a size; ${key} was left out`, span);
  else out.set(key, String(n));
}

/** blockdiag sizes are pixels; Graphviz sizes are inches (72 points each). */
export function setSize(out: DotAttrs, key: string, value: string | undefined, span: DiagSpan, r: Reporter): void {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n <= 0) r.note(`"${value ?? ''}" is not a size; ${key} was left out`, span);
  else out.set(key, inches(n));
}
