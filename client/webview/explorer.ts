/**
 * Exploring a diagram: the edges of a clicked node (in the preview and in the diagram's own panel), and in
 * the panel zoom (wheel, buttons), pan (drag) and a search box that highlights the matching nodes.
 */
import { edgeEnds, formatViewBox, matchNodes, panViewBox, parseViewBox, zoomViewBox, type ViewBox } from './diagramModel';

const titleOf = (g: Element) => g.querySelector(':scope > title')?.textContent ?? '';

/** The nodes of a drawing by name. */
function nodesOf(svg: Element): Map<string, SVGGElement> {
  const nodes = new Map<string, SVGGElement>();
  for (const g of svg.querySelectorAll<SVGGElement>('g.node')) nodes.set(titleOf(g), g);
  return nodes;
}

/**
 * Marks a clicked node (`hg-selected`) and its edges: `hg-edge-out` where it is the tail, `hg-edge-in` where it
 * is the head (and the nodes at their other ends `hg-neighbour`). Returns how many edges of each.
 */
export function highlightNode(node: SVGGElement): { incoming: number; outgoing: number } {
  const svg = node.closest('svg');
  if (!svg) return { incoming: 0, outgoing: 0 };
  for (const cls of ['hg-selected', 'hg-edge-in', 'hg-edge-out', 'hg-neighbour']) svg.querySelectorAll(`.${cls}`).forEach((x) => x.classList.remove(cls));
  node.classList.add('hg-selected');
  if (!node.classList.contains('node')) return { incoming: 0, outgoing: 0 };
  const nodes = nodesOf(svg);
  const names = new Set(nodes.keys());
  const name = titleOf(node);
  let incoming = 0;
  let outgoing = 0;
  for (const edge of svg.querySelectorAll<SVGGElement>('g.edge')) {
    const ends = edgeEnds(titleOf(edge), names);
    if (!ends) continue;
    if (ends.tail === name) {
      edge.classList.add('hg-edge-out');
      nodes.get(ends.head)?.classList.add('hg-neighbour');
      outgoing++;
    }
    if (ends.head === name) {
      edge.classList.add('hg-edge-in');
      nodes.get(ends.tail)?.classList.add('hg-neighbour');
      incoming++;
    }
  }
  return { incoming, outgoing };
}

/**
 * Makes `container` (holding a `.hg-diagram-svg` with the drawing) an explorer: a toolbar with a search box,
 * the match count and zoom buttons; wheel zoom around the pointer; drag to pan.
 */
export function initExplorer(container: HTMLElement, onExport?: () => void): void {
  if (container.dataset.explorer === 'ready') return;
  const holder = container.querySelector<HTMLElement>('.hg-diagram-svg');
  const svg = holder?.querySelector<SVGSVGElement>('svg');
  if (!holder || !svg) return;
  container.dataset.explorer = 'ready';
  const full = parseViewBox(svg.getAttribute('viewBox'));
  // The drawing fills the panel; the view box does the zoom and pan.
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  let view: ViewBox | undefined = full && { ...full };
  const apply = () => {
    if (view) svg.setAttribute('viewBox', formatViewBox(view));
    container.dataset.zoom = full && view ? (full.width / view.width).toFixed(2) : '1';
  };

  const bar = document.createElement('div');
  bar.className = 'hg-explorer-bar';
  const search = document.createElement('input');
  search.type = 'search';
  search.className = 'hg-explorer-search';
  search.placeholder = 'Search nodes';
  search.setAttribute('aria-label', 'Search the nodes of this diagram');
  const count = document.createElement('span');
  count.className = 'hg-explorer-count';
  const button = (action: string, text: string, title: string) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.explorerAction = action;
    b.textContent = text;
    b.title = title;
    return b;
  };
  bar.append(search, count, button('zoom-out', '\u2212', 'Zoom out'), button('zoom-in', '+', 'Zoom in'), button('fit', 'Fit', 'Show the whole diagram'));
  if (onExport) bar.append(button('export-svg', 'SVG', 'Save this diagram as SVG'));
  container.insertBefore(bar, container.firstChild);

  bar.addEventListener('click', (e) => {
    const action = (e.target as Element).closest<HTMLElement>('[data-explorer-action]')?.dataset.explorerAction;
    if (!action || !full || !view) {
      if (action === 'export-svg') onExport?.();
      return;
    }
    if (action === 'zoom-in') view = zoomViewBox(view, full, 1.25);
    else if (action === 'zoom-out') view = zoomViewBox(view, full, 1 / 1.25);
    else if (action === 'fit') view = { ...full };
    else if (action === 'export-svg') onExport?.();
    apply();
  });

  const nodes = [...svg.querySelectorAll<SVGGElement>('g.node')].map((g) => ({ g, name: titleOf(g), label: [...g.querySelectorAll('text')].map((t) => t.textContent ?? '').join(' ') }));
  search.addEventListener('input', () => {
    const matched = new Set(matchNodes(search.value, nodes));
    for (const n of nodes) n.g.classList.toggle('hg-match', matched.has(n.name));
    container.classList.toggle('hg-searching', search.value.trim() !== '');
    count.textContent = search.value.trim() ? `${matched.size} of ${nodes.length}` : '';
    if (matched.size) nodes.find((n) => matched.has(n.name))?.g.scrollIntoView?.({ block: 'nearest' });
  });

  holder.addEventListener(
    'wheel',
    (e) => {
      if (!full || !view) return;
      e.preventDefault();
      const rect = svg.getBoundingClientRect();
      const fx = rect.width ? (e.clientX - rect.left) / rect.width : 0.5;
      const fy = rect.height ? (e.clientY - rect.top) / rect.height : 0.5;
      view = zoomViewBox(view, full, e.deltaY < 0 ? 1.15 : 1 / 1.15, fx, fy);
      apply();
    },
    { passive: false },
  );
  let drag: { x: number; y: number; moved: boolean } | undefined;
  holder.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, moved: false };
  });
  window.addEventListener('pointermove', (e) => {
    if (!drag || !view) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    drag.moved = true;
    holder.classList.add('hg-panning');
    view = panViewBox(view, dx, dy, svg.getBoundingClientRect().width);
    drag.x = e.clientX;
    drag.y = e.clientY;
    apply();
  });
  window.addEventListener('pointerup', () => {
    if (drag?.moved) {
      // The click that ends a drag is not a click on a node.
      const stop = (e: Event) => e.stopPropagation();
      window.addEventListener('click', stop, { capture: true, once: true });
      setTimeout(() => window.removeEventListener('click', stop, { capture: true }), 0);
    }
    drag = undefined;
    holder.classList.remove('hg-panning');
  });
  apply();
}
