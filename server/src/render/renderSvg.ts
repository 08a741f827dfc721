/**
 * Graphviz SVG made safe to inline in the preview: the SVG is parsed and written again from an allow-list
 * of elements and attributes, so nothing a document says can run in the preview.
 * - no `<script>`, `<style>`, `<foreignObject>`, `<image>` or any element not on the list (dropped with
 *   their content), no comments, processing instructions or DOCTYPE;
 * - no `on*` attribute, no `style` attribute (the preview's CSP would refuse it anyway), no attribute
 *   that is not on the list;
 * - links (`href`, `xlink:href`, from DOT's `URL`/`href`) kept only for http(s) and mailto; `javascript:`,
 *   `data:`, `file:` and everything else are removed; `url(...)` paint only as `url(#local-id)`;
 * - ids dropped unless something in the SVG refers to them (gradients), and then prefixed, so several
 *   diagrams in one page never collide with each other or with the document's own ids.
 * Pure and linear; never throws.
 */

export interface SvgAnnotation {
  /** Extra attributes for a `<g class="node|edge|cluster">` group, given its kind and `<title>` text. */
  (kind: 'node' | 'edge' | 'cluster' | 'graph', title: string): Record<string, string> | undefined;
}

export interface SanitizeOptions {
  /** Prefix of the ids kept (referenced gradients), unique per diagram. Default `hg-`. */
  idPrefix?: string;
  annotate?: SvgAnnotation;
}

const ELEMENTS = new Set([
  'svg',
  'g',
  'title',
  'desc',
  'a',
  'path',
  'polygon',
  'polyline',
  'ellipse',
  'circle',
  'rect',
  'line',
  'text',
  'tspan',
  'defs',
  'lineargradient',
  'radialgradient',
  'stop',
]);

/** Case as SVG spells them (the tokenizer lower-cases names to compare). */
const ELEMENT_CASE: Record<string, string> = { lineargradient: 'linearGradient', radialgradient: 'radialGradient' };

const ATTRIBUTES = new Set([
  'id',
  'class',
  'width',
  'height',
  'viewbox',
  'preserveaspectratio',
  'xmlns',
  'xmlns:xlink',
  'transform',
  'points',
  'd',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'dx',
  'dy',
  'fx',
  'fy',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'font-variant',
  'font-stretch',
  'text-anchor',
  'text-decoration',
  'baseline-shift',
  'dominant-baseline',
  'xml:space',
  'offset',
  'stop-color',
  'stop-opacity',
  'gradientunits',
  'gradienttransform',
  'href',
  'xlink:href',
  'xlink:title',
  'title',
]);

const ATTRIBUTE_CASE: Record<string, string> = {
  viewbox: 'viewBox',
  preserveaspectratio: 'preserveAspectRatio',
  gradientunits: 'gradientUnits',
  gradienttransform: 'gradientTransform',
};

/** Elements dropped with everything inside them. */
const DROP_WITH_CONTENT = new Set(['script', 'style', 'foreignobject', 'image', 'iframe', 'object', 'embed', 'use', 'animate', 'set', 'animatetransform', 'animatemotion', 'handler', 'listener', 'feimage']);

interface SvgElement {
  name: string;
  attrs: [string, string][];
  children: (SvgElement | string)[];
}

/** A link kept in the preview: http(s) and mailto only (and in-page `#` fragments). */
export function isSafeLink(href: string): boolean {
  const h = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  return /^(?:https?:\/\/|mailto:)/i.test(h) || /^#[\w.:-]*$/.test(h);
}

/**
 * The sanitised SVG of a Graphviz output (`<svg ...>...</svg>`), or undefined when there is no `<svg>`.
 */
export function sanitizeSvg(svg: string, options: SanitizeOptions = {}): string | undefined {
  const prefix = options.idPrefix ?? 'hg-';
  const root = parseSvg(svg);
  if (!root) return undefined;
  const referenced = new Set<string>();
  for (const m of svg.matchAll(/url\(\s*#([^)\s]+)\s*\)|href\s*=\s*["']#([^"']+)["']/g)) referenced.add(m[1] ?? m[2]);
  const out: string[] = [];
  write(root, out, { prefix, referenced, annotate: options.annotate });
  return out.join('');
}

interface WriteContext {
  prefix: string;
  referenced: Set<string>;
  annotate?: SvgAnnotation;
}

function write(el: SvgElement, out: string[], ctx: WriteContext): void {
  const name = ELEMENT_CASE[el.name] ?? el.name;
  out.push('<', name);
  let classes = '';
  for (const [rawName, value] of el.attrs) {
    const attr = rawName.toLowerCase();
    if (!ATTRIBUTES.has(attr) || attr.startsWith('on')) continue;
    let v = value;
    if (attr === 'id') {
      if (!ctx.referenced.has(v)) continue;
      v = ctx.prefix + v;
    } else if (attr === 'href' || attr === 'xlink:href') {
      if (!isSafeLink(v)) continue;
      if (v.startsWith('#')) {
        if (!ctx.referenced.has(v.slice(1))) continue;
        v = `#${ctx.prefix}${v.slice(1)}`;
      }
    } else if (/url\s*\(/i.test(v)) {
      const local = /^\s*url\(\s*#([^)\s]+)\s*\)\s*$/.exec(v);
      if (!local) continue;
      v = `url(#${ctx.prefix}${local[1]})`;
    } else if (/(?:javascript|vbscript|data)\s*:|expression\s*\(/i.test(v)) continue;
    if (attr === 'class') {
      classes = v;
      continue;
    }
    out.push(' ', ATTRIBUTE_CASE[attr] ?? rawName, '="', escapeAttr(v), '"');
  }
  if (el.name === 'svg') classes = classes ? `${classes} hg-svg` : 'hg-svg';
  if (classes) out.push(' class="', escapeAttr(classes), '"');
  if (el.name === 'g' && ctx.annotate) {
    const kind = /\b(node|edge|cluster|graph)\b/.exec(classes)?.[1] as 'node' | 'edge' | 'cluster' | 'graph' | undefined;
    if (kind) {
      const title = el.children.find((c): c is SvgElement => typeof c !== 'string' && c.name === 'title');
      const text = title ? textOf(title) : '';
      const extra = ctx.annotate(kind, text);
      if (extra) for (const [k, v] of Object.entries(extra)) if (/^data-[a-z-]+$/.test(k)) out.push(' ', k, '="', escapeAttr(v), '"');
    }
  }
  if (el.children.length === 0) {
    out.push('/>');
    return;
  }
  out.push('>');
  for (const c of el.children) {
    if (typeof c === 'string') out.push(escapeText(c));
    else write(c, out, ctx);
  }
  out.push('</', name, '>');
}

function textOf(el: SvgElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

/**
 * A tolerant XML reader for Graphviz's output: the first `<svg>` element and what it contains, text
 * decoded. Unknown elements are skipped with their content; a missing end tag closes at the end.
 */
function parseSvg(xml: string): SvgElement | undefined {
  const TOKEN = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|<![^>]*>|<\?[\s\S]*?(?:\?>|$)|<\/\s*([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>|([^<]+)|</y;
  let root: SvgElement | undefined;
  const stack: SvgElement[] = [];
  /** While > 0, we are inside a dropped element (count of its nesting). */
  let skipping = 0;
  let i = 0;
  while (i < xml.length) {
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(xml);
    if (!m || m[0].length === 0) break;
    i += m[0].length;
    const [whole, cdata, endName, startName, attrText, selfClose, text] = m;
    const top = stack[stack.length - 1];
    if (startName !== undefined) {
      const name = startName.toLowerCase();
      if (skipping > 0) {
        if (!selfClose) skipping++;
        continue;
      }
      if (!root && name !== 'svg') continue;
      if (!ELEMENTS.has(name) || DROP_WITH_CONTENT.has(name)) {
        if (!selfClose) skipping = 1;
        continue;
      }
      const el: SvgElement = { name, attrs: parseAttributes(attrText ?? ''), children: [] };
      if (!root) root = el;
      else if (top) top.children.push(el);
      else continue; // content after the root element
      if (!selfClose) stack.push(el);
    } else if (endName !== undefined) {
      if (skipping > 0) {
        skipping--;
        continue;
      }
      const name = endName.toLowerCase();
      const at = findLast(stack, name);
      if (at >= 0) stack.length = at;
      if (root && stack.length === 0) break;
    } else if (skipping > 0) {
      continue;
    } else if (text !== undefined || cdata !== undefined) {
      if (top) top.children.push(decodeEntities(text ?? '') || (cdata ?? ''));
    } else if (whole === '<' && top) {
      top.children.push('<');
    }
  }
  return root;
}

function findLast(stack: SvgElement[], name: string): number {
  for (let k = stack.length - 1; k >= 0; k--) if (stack[k].name === name) return k;
  return -1;
}

function parseAttributes(s: string): [string, string][] {
  const out: [string, string][] = [];
  const seen = new Set<string>();
  for (const m of s.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    const name = m[1];
    const key = name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? '')]);
  }
  return out;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeAttr(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** A standalone SVG file of a sanitised diagram (XML declaration, namespaces). */
export function standaloneSvg(svg: string): string {
  let s = svg;
  if (!/^<svg[^>]*\sxmlns=/.test(s)) s = s.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
  if (!/^<svg[^>]*\sxmlns:xlink=/.test(s) && s.includes('xlink:')) s = s.replace(/^<svg/, '<svg xmlns:xlink="http://www.w3.org/1999/xlink"');
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n${s}\n`;
}
