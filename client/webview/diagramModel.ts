/**
 * The pure parts of diagram exploring and export (no DOM: unit-tested on their own, used by the page and by the
 * extension host): which nodes an edge joins, which nodes a search matches, zoom and pan of a view box, the
 * export's file name and the SVG without the preview's internal attributes.
 */

/** The two nodes of a Graphviz edge, from its `<title>` (`tail->head`, `tail--head`, ports `a:p->b:q`). */
export function edgeEnds(title: string, nodes: ReadonlySet<string>): { tail: string; head: string } | undefined {
  const node = (s: string): string | undefined => {
    if (nodes.has(s)) return s;
    // A port (`a:p`, `a:p:n`): the longest prefix before a colon that names a node.
    for (let i = s.lastIndexOf(':'); i > 0; i = s.lastIndexOf(':', i - 1)) if (nodes.has(s.slice(0, i))) return s.slice(0, i);
    return undefined;
  };
  for (const op of ['->', '--']) {
    for (let i = title.indexOf(op); i >= 0; i = title.indexOf(op, i + 1)) {
      const tail = node(title.slice(0, i));
      const head = node(title.slice(i + op.length));
      if (tail !== undefined && head !== undefined) return { tail, head };
    }
  }
  return undefined;
}

/** The nodes whose name or visible label contains the query (case- and space-insensitive); none for an empty query. */
export function matchNodes(query: string, nodes: readonly { name: string; label: string }[]): string[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!q) return [];
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');
  return nodes.filter((n) => norm(n.name).includes(q) || norm(n.label).includes(q)).map((n) => n.name);
}

export interface ViewBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function parseViewBox(value: string | null | undefined): ViewBox | undefined {
  const n = (value ?? '').trim().split(/[\s,]+/).map(Number);
  if (n.length !== 4 || n.some((x) => !Number.isFinite(x)) || n[2] <= 0 || n[3] <= 0) return undefined;
  return { x: n[0], y: n[1], width: n[2], height: n[3] };
}

export function formatViewBox(v: ViewBox): string {
  const r = (x: number) => String(Math.round(x * 100) / 100);
  return `${r(v.x)} ${r(v.y)} ${r(v.width)} ${r(v.height)}`;
}

/** The smallest and largest zoom against the whole drawing. */
export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 16;

/**
 * Zooms by `factor` (> 1 enlarges) keeping the point at (`fx`, `fy`) (fractions of the view, 0..1) in place,
 * within {@link MIN_ZOOM}..{@link MAX_ZOOM} of `full`.
 */
export function zoomViewBox(v: ViewBox, full: ViewBox, factor: number, fx = 0.5, fy = 0.5): ViewBox {
  const width = Math.min(Math.max(v.width / factor, full.width / MAX_ZOOM), full.width / MIN_ZOOM);
  const scale = width / v.width;
  const height = v.height * scale;
  return { x: v.x + (v.width - width) * fx, y: v.y + (v.height - height) * fy, width, height };
}

/** Moves the view by (`dx`, `dy`) screen pixels of a view `pixelWidth` wide (a drag moves the drawing with the pointer). */
export function panViewBox(v: ViewBox, dx: number, dy: number, pixelWidth: number): ViewBox {
  const k = pixelWidth > 0 ? v.width / pixelWidth : 1;
  return { ...v, x: v.x - dx * k, y: v.y - dy * k };
}

/** The graph's name from Graphviz's SVG (`<g class="graph"><title>APIHA</title>`); none for an anonymous graph (`%3`). */
export function graphName(svg: string): string | undefined {
  const m = /<g\b[^>]*\bclass="(?:[^"]*\s)?graph(?:\s[^"]*)?"[^>]*>\s*<title>([^<]*)<\/title>/.exec(svg);
  if (!m) return undefined;
  const name = m[1]
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#45;/g, '-')
    .replace(/&amp;/g, '&')
    .trim();
  return name && !/^%\d+$/.test(name) ? name : undefined;
}

/** The file name (without extension) of an exported diagram: its graph's name, else `fallback`, made safe for a file. */
export function diagramFileName(svg: string | undefined, fallback: string): string {
  const name = (svg && graphName(svg)) || fallback || 'diagram';
  return name.replace(/[^\w.-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'diagram';
}

/**
 * The SVG as a standalone file: without the preview's internal attributes (`data-dot-*` source positions,
 * `data-*` of the page, `hg-*` classes of the page's state), with the XML declaration and namespaces.
 */
export function exportableSvg(svg: string): string {
  let s = svg.replace(/\s(?:data-[\w-]+)="[^"]*"/g, '');
  s = s.replace(/\sclass="([^"]*)"/g, (_all, classes: string) => {
    const kept = classes.split(/\s+/).filter((c) => c && !c.startsWith('hg-'));
    return kept.length ? ` class="${kept.join(' ')}"` : '';
  });
  s = s.trim();
  if (!/^<svg[^>]*\sxmlns=/.test(s)) s = s.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
  if (!/^<svg[^>]*\sxmlns:xlink=/.test(s) && s.includes('xlink:')) s = s.replace(/^<svg/, '<svg xmlns:xlink="http://www.w3.org/1999/xlink"');
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n${s}\n`;
}
