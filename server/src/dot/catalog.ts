import {
  ARROW_NAMES,
  ARROW_PRIMITIVES,
  ATTRIBUTES,
  ATTRIBUTE_VALUES,
  ENUM_TYPES,
  SHAPE_SYNONYMS,
  STYLES,
  SVG_COLORS,
  X11_COLORS,
  type AttributeFact,
} from './attributeData';

/**
 * What the Graphviz attribute catalog knows, as lookups: which attribute applies where, and which values
 * are valid. Graphviz itself ignores unknown attribute names and most bad values silently; these are the
 * checks it does not make.
 */

/** Where an attribute is set. A subgraph is a cluster when its name starts with `cluster` or it sets `cluster=true`. */
export type DotContext = 'graph' | 'subgraph' | 'cluster' | 'node' | 'edge';

export type { AttributeFact };

const byName = new Map(ATTRIBUTES.map((a) => [a.name, a]));
const byLowerName = new Map(ATTRIBUTES.map((a) => [a.name.toLowerCase(), a]));

export function attributeFact(name: string): AttributeFact | undefined {
  return byName.get(name);
}

export function allAttributes(): readonly AttributeFact[] {
  return ATTRIBUTES;
}

/** Letters of `usedBy` that make an attribute meaningful in a context (graph-level ones also set cluster defaults). */
const CONTEXT_LETTERS: Record<DotContext, string> = { graph: 'GSC', subgraph: 'GSC', cluster: 'GSC', node: 'N', edge: 'E' };

export function appliesTo(fact: AttributeFact, context: DotContext): boolean {
  const letters = CONTEXT_LETTERS[context];
  for (const c of fact.usedBy) if (letters.includes(c)) return true;
  return false;
}

export function contextLabel(context: DotContext): string {
  return { graph: 'graphs', subgraph: 'subgraphs', cluster: 'clusters', node: 'nodes', edge: 'edges' }[context];
}

export function usedByLabel(fact: AttributeFact): string {
  const names: Record<string, string> = { G: 'graphs', N: 'nodes', E: 'edges', S: 'subgraphs', C: 'clusters' };
  return [...fact.usedBy].map((c) => names[c] ?? c).join(', ');
}

/** Attribute names for a context (for completion and "did you mean"). */
export function attributeNames(context?: DotContext): string[] {
  return ATTRIBUTES.filter((a) => !context || appliesTo(a, context)).map((a) => a.name);
}

// ---------------------------------------------------------------------------------------------
// Suggestions
// ---------------------------------------------------------------------------------------------

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), capped at `max + 1`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/**
 * The closest candidate: a case-insensitive match first, then the smallest edit distance within a budget
 * that grows with the word (1 for short words, up to 3). Undefined when nothing is close.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const budget = lower.length <= 3 ? 1 : lower.length <= 7 ? 2 : 3;
  let best: string | undefined;
  let bestD = budget + 1;
  for (const c of candidates) {
    if (c === word) continue;
    const cl = c.toLowerCase();
    if (cl === lower) return c;
    const d = editDistance(lower, cl, budget);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

export function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

/**
 * X11 names Graphviz accepts that the catalog's transcription lacks (black, gray0-gray51, navy, ...): every
 * name here was checked against native dot, which warns "is not a known color" for anything else.
 */
const X11_SUPPLEMENT =
  'black darkgreen darkolivegreen darkslategray darkslategrey dimgray dimgrey gray0 gray1 gray10 gray11 ' +
  'gray12 gray13 gray14 gray15 gray16 gray17 gray18 gray19 gray2 gray20 gray21 gray22 gray23 gray24 ' +
  'gray25 gray26 gray27 gray28 gray29 gray3 gray30 gray31 gray32 gray33 gray34 gray35 gray36 gray37 ' +
  'gray38 gray39 gray4 gray40 gray41 gray42 gray43 gray44 gray45 gray46 gray47 gray48 gray49 gray5 ' +
  'gray50 gray51 gray6 gray7 gray8 gray9 grey0 grey1 grey10 grey11 grey12 grey13 grey14 grey15 grey16 ' +
  'grey17 grey18 grey19 grey2 grey20 grey21 grey22 grey23 grey24 grey25 grey26 grey27 grey28 grey29 ' +
  'grey3 grey30 grey31 grey32 grey33 grey34 grey35 grey36 grey37 grey38 grey39 grey4 grey40 grey41 ' +
  'grey42 grey43 grey44 grey45 grey46 grey47 grey48 grey49 grey5 grey50 grey51 grey6 grey7 grey8 grey9 ' +
  'indigo midnightblue navy navyblue olive teal';
const x11 = new Set([...X11_COLORS.split(' '), ...X11_SUPPLEMENT.split(' ')]);
/** SVG 1.1 names the catalog's transcription leaves out (Graphviz's svg scheme has all 147). */
const SVG_SUPPLEMENT = 'black darkgreen darkolivegreen darkslategray darkslategrey dimgray dimgrey gray green grey indigo maroon navy olive purple teal';
const svg = new Set([...SVG_COLORS.split(' '), ...SVG_SUPPLEMENT.split(' ')]);
const SHAPES = ENUM_TYPES.shape ?? [];
const shapeSet = new Set([...SHAPES, ...Object.keys(SHAPE_SYNONYMS)]);
const arrowPrimitives = ARROW_PRIMITIVES.slice().sort((a, b) => b.length - a.length);
const arrowNames = new Set(ARROW_NAMES);
const styleSets: Record<DotContext, Set<string>> = (() => {
  // Names Graphviz's renderer takes on anything (`gvrender_set_style`) that its documentation leaves out:
  // `invisible` (as `invis`) and `unfilled` (no fill); native dot 2.43 and the wasm 16.1 take both silently.
  const extra = ['setlinewidth', 'invisible', 'unfilled'];
  const node = new Set([...STYLES.nodeAndEdge, ...STYLES.nodeOnly, ...STYLES.nodeClusterGraph, ...extra]);
  const edge = new Set([...STYLES.nodeAndEdge, ...STYLES.edgeOnly, ...extra]);
  const cluster = new Set([...STYLES.cluster, ...STYLES.nodeAndEdge, ...STYLES.nodeClusterGraph, ...extra]);
  return { node, edge, cluster, graph: cluster, subgraph: cluster };
})();
const allStyles = new Set([...styleSets.node, ...styleSets.edge, ...styleSets.cluster]);
const ENGINES = ATTRIBUTE_VALUES.layout ?? ['dot', 'neato', 'fdp', 'sfdp', 'circo', 'twopi', 'osage', 'patchwork'];

export function layoutEngines(): readonly string[] {
  return ENGINES;
}

export function shapeNames(): readonly string[] {
  return SHAPES;
}

export function colorNames(): readonly string[] {
  return [...x11];
}

/** What the checker knows about the graph around a value. */
export interface ValueEnv {
  /**
   * The `colorscheme` values the value is read in (lower-cased): a node's or an edge's own (see `owner`), else
   * every one set anywhere in the graph.
   */
  colorSchemes: ReadonlySet<string>;
  /** Whose schemes `colorSchemes` are: one node's or one edge statement's; unset, the whole graph's. */
  owner?: 'node' | 'edge';
  /** With `owner`: whether a scheme is set anywhere in the graph (on other objects, or the graph, when not on this one). */
  elsewhere?: boolean;
}

export interface ValueIssue {
  code: string;
  message: string;
  suggestion?: string;
  /** Offsets within the value where the bad part is, when narrower than the whole value. */
  start?: number;
  end?: number;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const BOOL_WORDS = new Set(['true', 'false', 'yes', 'no']);

function isBool(v: string): boolean {
  return BOOL_WORDS.has(v.toLowerCase()) || INTEGER.test(v);
}

/**
 * Checks one attribute value. `value` is the identifier's text (quotes removed, HTML labels excluded by the
 * caller). Returns undefined when the value is valid or cannot be judged.
 */
export function checkAttributeValue(name: string, value: string, context: DotContext, env: ValueEnv): ValueIssue | undefined {
  const fact = byName.get(name);
  if (!fact) return undefined;
  if (value === '') return undefined; // an empty value resets the attribute to its default
  const types = fact.types;
  const has = (t: string) => types.includes(t);

  if (has('color') || has('colorList')) return checkColorValue(value, env, has('colorList'));
  if (has('shape')) return checkShape(value);
  if (has('arrowType')) return checkArrow(value);
  if (has('style')) return checkStyle(value, context);

  switch (name) {
    case 'labelloc':
    case 'labeljust': {
      // Graphviz reads only the first letter ("bottom" works as "b").
      const allowed = ATTRIBUTE_VALUES[name];
      if (allowed.includes(value[0])) return undefined;
      return enumIssue(name, value, allowed);
    }
    case 'splines': {
      const v = value.toLowerCase();
      if (isBool(v) || ATTRIBUTE_VALUES.splines.includes(v)) return undefined;
      return enumIssue(name, value, ATTRIBUTE_VALUES.splines.filter((x) => x !== ''));
    }
    case 'ratio':
      if (NUMBER.test(value) || ATTRIBUTE_VALUES.ratio.includes(value)) return undefined;
      return enumIssue(name, value, ATTRIBUTE_VALUES.ratio, 'or a number');
    case 'fixedsize':
    case 'imagescale':
      if (isBool(value) || ATTRIBUTE_VALUES[name].includes(value)) return undefined;
      return enumIssue(name, value, ATTRIBUTE_VALUES[name].filter((x) => x !== 'true' && x !== 'false'), 'or true/false');
    case 'overlap': {
      if (isBool(value) || ATTRIBUTE_VALUES.overlap.includes(value) || /^prism\d*$/.test(value) || /^\d*:/.test(value)) return undefined;
      return enumIssue(name, value, ATTRIBUTE_VALUES.overlap);
    }
    case 'colorscheme': {
      const v = value.toLowerCase();
      if (v === 'x11' || v === 'svg' || brewerSize(v) !== undefined) return undefined;
      const base = v.replace(/\d+$/, '');
      const max = BREWER_SIZES.get(base);
      if (max !== undefined) return { code: 'dot.unknown-color', message: `Graphviz has no colour scheme "${value}": "${base}" comes in 3 to ${max} colours ("${base}3" ... "${base}${max}")` };
      const suggestion = closest(v, ['x11', 'svg', ...[...BREWER_SIZES].map(([b, n]) => `${b}${n}`)]);
      return { code: 'dot.unknown-color', message: `Graphviz has no colour scheme "${value}" (x11, svg, or a Brewer scheme as "blues9")${didYouMean(suggestion)}`, suggestion };
    }
    case 'layout':
      if (ENGINES.includes(value)) return undefined;
      return enumIssue(name, value, ENGINES);
    case 'charset': {
      const allowed = ATTRIBUTE_VALUES.charset;
      if (allowed.some((c) => c.toLowerCase() === value.toLowerCase())) return undefined;
      return enumIssue(name, value, allowed);
    }
    case 'ordering':
    case 'mode':
    case 'model':
    case 'imagepos':
      if (ATTRIBUTE_VALUES[name].includes(value)) return undefined;
      return enumIssue(name, value, ATTRIBUTE_VALUES[name]);
  }

  for (const t of types) {
    const values = ENUM_TYPES[t];
    if (!values || t === 'bool') continue;
    if (values.includes(value)) return undefined;
    if (t === 'packMode' && /^array(_[ctblru]+)?(\d+)?$/.test(value)) return undefined;
    if (t === 'startType' && /^(regular|self|random)?(\d+)?$/.test(value)) return undefined;
    if (types.includes('bool') && isBool(value)) return undefined;
    return enumIssue(name, value, values);
  }
  if (types.length === 1 && types[0] === 'bool') {
    if (isBool(value)) return undefined;
    return { code: 'dot.invalid-value', message: `"${value}" is not a valid value for ${name}: expected true or false`, suggestion: closest(value, ['true', 'false']) };
  }
  if (types.every((t) => t === 'double' || t === 'int')) {
    const integer = types.every((t) => t === 'int');
    if (integer ? INTEGER.test(value.trim()) : NUMBER.test(value.trim())) return undefined;
    return { code: 'dot.invalid-value', message: `"${value}" is not a valid value for ${name}: expected ${integer ? 'an integer' : 'a number'} (Graphviz reads it as ${integer ? 'an integer' : 'a number'} silently)` };
  }
  return undefined;
}

function enumIssue(name: string, value: string, allowed: readonly string[], more = ''): ValueIssue {
  const suggestion = closest(value, allowed.filter((a) => a !== ''));
  const list = allowed.filter((a) => a !== '').join(', ');
  return { code: 'dot.invalid-value', message: `"${value}" is not a valid value for ${name} (one of ${list}${more ? ` ${more}` : ''})${didYouMean(suggestion)}`, suggestion };
}

function checkShape(value: string): ValueIssue | undefined {
  if (shapeSet.has(value) || value === 'custom') return undefined;
  const suggestion = closest(value, SHAPES);
  return { code: 'dot.unknown-shape', message: `Unknown shape "${value}"${didYouMean(suggestion)} (Graphviz draws a box instead)`, suggestion };
}

/** An arrow name: up to four `[o][l|r]primitive` parts, or one of the old names. */
function isArrowName(value: string): boolean {
  if (arrowNames.has(value)) return true;
  let i = 0;
  let parts = 0;
  while (i < value.length) {
    if (++parts > 4) return false;
    if (value[i] === 'o') i++;
    if (value[i] === 'l' || value[i] === 'r') i++;
    const p = arrowPrimitives.find((prim) => value.startsWith(prim, i));
    if (!p) {
      // The modifiers may have eaten the start of a primitive ("odot" is o+dot, but "lnormal" is l+normal).
      return false;
    }
    i += p.length;
  }
  return parts > 0;
}

function checkArrow(value: string): ValueIssue | undefined {
  if (isArrowName(value)) return undefined;
  const suggestion = closest(value, [...arrowNames, ...ARROW_PRIMITIVES]);
  return { code: 'dot.unknown-arrow', message: `Unknown arrow type "${value}"${didYouMean(suggestion)}`, suggestion };
}

function checkStyle(value: string, context: DotContext): ValueIssue | undefined {
  // styleItem ( ',' styleItem )*, styleItem := name | name(args)
  let pos = 0;
  for (const raw of splitTopLevel(value, ',')) {
    const itemStart = pos + (raw.length - raw.trimStart().length);
    pos += raw.length + 1;
    const item = raw.trim();
    if (!item) continue;
    const name = item.replace(/\(.*$/s, '').trim();
    const span = { start: itemStart, end: itemStart + name.length };
    if (!allStyles.has(name)) {
      const suggestion = closest(name, allStyles);
      return { code: 'dot.unknown-style', message: `Unknown style "${name}"${didYouMean(suggestion)}`, suggestion, ...span };
    }
    if (!styleSets[context].has(name)) {
      return { code: 'dot.unknown-style', message: `Style "${name}" does not apply to ${contextLabel(context)}`, ...span };
    }
  }
  return undefined;
}

function splitTopLevel(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
    if (ch === sep && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const HEX = /^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/;
const HSV = /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*[,\s]\s*[+-]?(\d+\.?\d*|\.\d+)\s*[,\s]\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/;
const BREWER = /^[a-z]+\d+$/;

/**
 * The Brewer colour schemes Graphviz knows: each name with the largest number of colours it comes in (every
 * size from 3 up to it: `blues3` ... `blues9`; `/blues9/1` ... `/blues9/9`). Read from native dot 2.43, one
 * probe per scheme and size (`color="/blues10/1"` warns "is not a known color").
 */
const BREWER_SIZES: ReadonlyMap<string, number> = new Map(
  Object.entries({
    accent: 8, blues: 9, brbg: 11, bugn: 9, bupu: 9, dark2: 8, gnbu: 9, greens: 9, greys: 9, oranges: 9, orrd: 9,
    paired: 12, pastel1: 9, pastel2: 8, piyg: 11, prgn: 11, pubu: 9, pubugn: 9, puor: 11, purd: 9, purples: 9,
    rdbu: 11, rdgy: 11, rdpu: 9, rdylbu: 11, rdylgn: 11, reds: 9, set1: 9, set2: 8, set3: 12, spectral: 11,
    ylgn: 9, ylgnbu: 9, ylorbr: 9, ylorrd: 9,
  }),
);

/** How many colours a Brewer scheme name (`blues9`, `dark28`) has, or undefined when Graphviz has no such scheme. */
export function brewerSize(scheme: string): number | undefined {
  for (let cut = scheme.length - 1; cut > 0 && /\d/.test(scheme[cut]); cut--) {
    const max = BREWER_SIZES.get(scheme.slice(0, cut));
    const size = Number(scheme.slice(cut));
    if (max !== undefined && scheme[cut] !== '0' && size >= 3 && size <= max) return size;
  }
  return undefined;
}

/** A colour, or with `list` a colour list `c1[;w]:c2[;w]...`. */
export function checkColorValue(value: string, env: ValueEnv, list: boolean): ValueIssue | undefined {
  const parts = list ? value.split(':') : [value];
  let pos = 0;
  for (const part of parts) {
    const start = pos;
    pos += part.length + 1;
    const c = list ? part.replace(/;\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/, '') : part;
    if (list && c === '' && parts.length > 1) continue; // "red:" (a gradient to the default)
    const issue = checkOneColor(c.trim(), env);
    if (issue) return { ...issue, start, end: start + c.length };
  }
  return undefined;
}

function checkOneColor(c: string, env: ValueEnv): ValueIssue | undefined {
  if (c === '') return undefined;
  if (c.startsWith('#')) {
    if (HEX.test(c)) return undefined;
    const short = /^#[0-9a-fA-F]{3,4}$/.test(c);
    const expanded = short ? '#' + [...c.slice(1)].map((h) => h + h).join('') : undefined;
    return {
      code: 'dot.unknown-color',
      message: short
        ? `"${c}" is not a Graphviz colour: use six (or eight) hex digits, "${expanded}"`
        : `"${c}" is not a valid colour: expected #rrggbb or #rrggbbaa`,
      suggestion: expanded,
    };
  }
  if (HSV.test(c)) return undefined;
  const lower = c.toLowerCase();
  if (lower.startsWith('/')) {
    // /scheme/name or //name
    const m = /^\/([^/]*)\/(.+)$/.exec(lower);
    if (!m) return { code: 'dot.unknown-color', message: `"${c}" is not a valid colour: expected /scheme/name` };
    const [, scheme, name] = m;
    if (scheme === '' || scheme === 'x11') return x11.has(name) ? undefined : unknownColor(c, name, x11);
    if (scheme === 'svg') return svg.has(name) ? undefined : unknownColor(c, name, svg);
    if (BREWER.test(scheme)) {
      const size = brewerSize(scheme);
      if (size === undefined) return { code: 'dot.unknown-color', message: `"${c}": Graphviz has no colour scheme "${scheme}" (a Brewer scheme is a name and a size from 3, as in "blues9")` };
      if (!INTEGER.test(name)) return { code: 'dot.unknown-color', message: `"${c}": colours of the Brewer scheme "${scheme}" are numbers` };
      const n = Number(name);
      return n >= 1 && n <= size ? undefined : { code: 'dot.unknown-color', message: `"${c}" is not a known colour: the Brewer scheme "${scheme}" has colours 1 to ${size}` };
    }
    return { code: 'dot.unknown-color', message: `"${c}": unknown colour scheme "${scheme}"` };
  }
  if (x11.has(lower)) return undefined;
  if (svg.has(lower) && env.colorSchemes.has('svg')) return undefined;
  if (INTEGER.test(lower)) {
    // A number is a colour of a Brewer scheme set somewhere in the graph: accepted when one of them has it.
    const sizes = [...env.colorSchemes].map(brewerSize).filter((n): n is number => n !== undefined);
    if (sizes.some((size) => Number(lower) >= 1 && Number(lower) <= size)) return undefined;
    if (sizes.length) return { code: 'dot.unknown-color', message: `"${c}" is not a known colour: the Brewer scheme${sizes.length > 1 ? 's' : ''} of this ${env.owner ?? 'graph'} ha${sizes.length > 1 ? 've' : 's'} colours 1 to ${Math.max(...sizes)}` };
    // An unknown scheme name is reported where it is set; its numbers are not reported again.
    if ([...env.colorSchemes].some((s) => BREWER.test(s))) return undefined;
    if (env.owner && env.elsewhere) {
      const how = env.owner === 'node' ? 'node [colorscheme=...] before the node is first named, or colorscheme on the node' : 'edge [colorscheme=...] before the edge, or colorscheme on the edge';
      return { code: 'dot.unknown-color', message: `"${c}" is not a known colour: no Brewer colour scheme applies to this ${env.owner}, as a scheme set on other objects or on the graph does not reach it (${how})` };
    }
  }
  return unknownColor(c, lower, env.colorSchemes.has('svg') ? new Set([...x11, ...svg]) : x11);
}

function unknownColor(shown: string, name: string, names: Set<string>): ValueIssue {
  const suggestion = closest(name, names);
  return { code: 'dot.unknown-color', message: `"${shown}" is not a known colour${didYouMean(suggestion)}`, suggestion };
}

/** The lower-cased attribute name a user may have meant, when `name` is unknown. */
export function suggestAttribute(name: string, context: DotContext): string | undefined {
  const exact = byLowerName.get(name.toLowerCase());
  if (exact) return exact.name;
  return closest(name, attributeNames(context)) ?? closest(name, attributeNames());
}
