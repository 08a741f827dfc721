/**
 * The script of the preview page (VS Code webview, or the page `ha-guide preview` serves). DOM only: it
 * never parses RST and never runs Graphviz. It receives rendered HTML + sanitised SVG, patches the page,
 * keeps the scroll position in step with the editor, and sends clicks back to the host.
 */
import type { HostToPreviewMessage, PreviewState, PreviewToHostMessage } from '../../server/src/protocol/requests';
import { EXTERNAL_LINK } from '../../server/src/protocol/linkSchemes';
import { SourceLineMap, type LineEntry } from './lineMap';
import { morphChildren } from './morph';
import { diagramFileName, exportableSvg } from './diagramModel';
import { highlightNode, initExplorer } from './explorer';

interface VsCodeApi {
  postMessage(message: PreviewToHostMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type UpdateMessage = Extract<HostToPreviewMessage, { type: 'update' }>;

const body = document.body;
const root = document.getElementById('hg-root') as HTMLElement;
const transport = body.dataset.transport === 'events' ? 'events' : 'vscode';
const vscode = transport === 'vscode' && typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;

let state: PreviewState | undefined = readState();
let version = Number(body.dataset.version ?? '0') || 0;
/** Sanitised SVG by key, for the diagram containers on the page. */
const svgByKey = new Map<string, string>();
let resources: Record<string, string> = {};
let lineMap: SourceLineMap | undefined;
/** Set while we scroll because the host asked to: the scroll events that follow are not the user's. */
let scrollingFromHost = 0;
let lastRevealedLine = -1;
/** The editor's cursor line, marked on the page (`haGuide.preview.markEditorSelection`). */
let selectedLine: number | undefined;
const markSelection = body.dataset.markSelection === 'true';

/**
 * The type settings (`haGuide.preview.fontFamily`, `fontSize`, `lineHeight`), given as data attributes: set
 * through the CSSOM, which the page's policy allows where an inline style attribute would be refused.
 */
function applyAppearance(): void {
  const { fontFamily, fontSize, lineHeight } = body.dataset;
  if (fontFamily) body.style.setProperty('--hg-font', fontFamily);
  if (fontSize && Number(fontSize) > 0) body.style.setProperty('--hg-font-size', `${Number(fontSize)}px`);
  if (lineHeight && Number(lineHeight) > 0) body.style.setProperty('--hg-line-height', String(Number(lineHeight)));
}
applyAppearance();

function readState(): PreviewState | undefined {
  const saved = vscode?.getState() as PreviewState | undefined;
  if (saved && typeof saved.uri === 'string') return saved;
  try {
    return body.dataset.state ? (JSON.parse(body.dataset.state) as PreviewState) : undefined;
  } catch {
    return undefined;
  }
}

function post(message: PreviewToHostMessage): void {
  vscode?.postMessage(message);
}

function saveState(patch: Partial<PreviewState>): void {
  if (!state) return;
  state = { ...state, ...patch };
  vscode?.setState(state);
}

// ---------------------------------------------------------------------------------------------
// Updates
// ---------------------------------------------------------------------------------------------

/** Diagrams already in the page (a page served with its first render inline). */
function adoptInlineDiagrams(): void {
  for (const el of root.querySelectorAll<HTMLElement>('.hg-diagram-svg[data-key]')) {
    const key = el.dataset.key!;
    if (el.firstElementChild) {
      svgByKey.set(key, el.innerHTML);
      el.dataset.filled = key;
    }
  }
}

function fillDiagrams(): number {
  let count = 0;
  for (const el of root.querySelectorAll<HTMLElement>('.hg-diagram-svg[data-key]')) {
    const key = el.dataset.key!;
    if (el.dataset.filled !== key) {
      const svg = svgByKey.get(key);
      el.innerHTML = svg ?? '';
      if (svg !== undefined) el.dataset.filled = key;
      else delete el.dataset.filled;
    }
    if (el.querySelector('svg')) count++;
  }
  return count;
}

function applyResources(): void {
  for (const img of root.querySelectorAll<HTMLImageElement>('img[data-hg-src]')) {
    const src = resources[img.dataset.hgSrc!];
    if (src !== undefined && img.getAttribute('src') !== src) img.setAttribute('src', src);
  }
}

/**
 * The notice VS Code's Markdown preview shows when the security level kept content out: in the editor a
 * click offers the levels; in a browser it says how `ha-guide preview` loads remote images.
 */
function showSecurityNotice(): void {
  const notice = document.getElementById('hg-security-notice');
  if (!notice) return;
  const blocked = root.querySelectorAll('.hg-blocked-remote').length;
  notice.hidden = blocked === 0;
  if (!blocked) return;
  notice.textContent = 'Some content has been disabled in this document';
  notice.title = vscode
    ? 'Remote images are not loaded (preview security). Click to change the preview security settings for this workspace.'
    : body.dataset.security === 'allowRemote'
      ? 'Insecure (http) images are not loaded; only https images load.'
      : 'Remote images are not loaded. Restart ha-guide preview with --allow-remote to load https images.';
}

function update(m: UpdateMessage): void {
  if (m.version <= version) return; // stale: a newer one is on screen already
  version = m.version;
  const t0 = performance.now();
  const keep = new Set<string>();
  for (const [key, svg] of Object.entries(m.diagrams)) {
    svgByKey.set(key, svg);
    keep.add(key);
  }
  resources = m.resources ?? {};
  const template = document.createElement('template');
  template.innerHTML = m.html;
  morphChildren(root, template.content, {
    keepChildren: (current, next) =>
      current.classList.contains('hg-diagram-svg') && (current as HTMLElement).dataset.filled !== undefined && (current as HTMLElement).dataset.filled === next.getAttribute('data-key'),
    keepAttribute: (current, name) => name === 'data-filled' || (name === 'src' && current.hasAttribute('data-hg-src')),
  });
  const diagrams = fillDiagrams();
  startExplorers();
  applyResources();
  showSecurityNotice();
  // Forget drawings no longer on the page (the host sends every current one with each update).
  for (const key of [...svgByKey.keys()]) if (!keep.has(key) && !root.querySelector(`.hg-diagram-svg[data-key="${CSS.escape(key)}"]`)) svgByKey.delete(key);
  if (m.title) document.title = m.title;
  body.dataset.version = String(version);
  lineMap = undefined;
  if (state && m.uri !== state.uri) saveState({ uri: m.uri });
  showBack(m.back);
  if (m.fragment !== undefined) scrollToFragment(m.fragment);
  else if (m.line !== undefined) scrollToLine(m.line);
  markSelectedLine(); // the patch rewrote the class attributes
  body.dataset.patchMs = (performance.now() - t0).toFixed(1);
  post({ type: 'rendered', version, diagrams, title: m.title });
}

function scrollToFragment(id: string): void {
  const el = id ? document.getElementById(id) : null;
  if (el) el.scrollIntoView({ block: 'start' });
  else window.scrollTo({ top: 0 });
}

/** After a link switched the preview to another document: a button back to the one before (and Alt+Left). */
function showBack(name: string | undefined): void {
  let button = document.getElementById('hg-back') as HTMLButtonElement | null;
  if (name === undefined) {
    button?.remove();
    return;
  }
  if (!button) {
    button = document.createElement('button');
    button.id = 'hg-back';
    button.type = 'button';
    button.addEventListener('click', () => post({ type: 'back' }));
    body.insertBefore(button, body.firstChild);
  }
  button.textContent = `\u2190 ${name}`;
  button.title = `Back to ${name} (Alt+Left)`;
}

document.addEventListener('keydown', (e) => {
  if (e.altKey && e.key === 'ArrowLeft' && document.getElementById('hg-back')) {
    e.preventDefault();
    post({ type: 'back' });
  }
});

function onMessage(m: HostToPreviewMessage): void {
  switch (m.type) {
    case 'update':
      update(m);
      break;
    case 'scrollToLine':
      scrollToLine(m.line);
      break;
    case 'selectLine':
      selectedLine = m.line;
      markSelectedLine();
      break;
    case 'exportPng':
      void exportPng(m.key);
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// Scroll sync and source lines
// ---------------------------------------------------------------------------------------------

function measure(): SourceLineMap {
  if (lineMap) return lineMap;
  const entries: LineEntry[] = [];
  const offset = window.scrollY;
  for (const el of root.querySelectorAll<HTMLElement>('[data-line]')) {
    const line = Number(el.dataset.line);
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0 && !el.classList.contains('hg-target')) continue;
    entries.push({ line, endLine: Number(el.dataset.lineEnd ?? line), top: rect.top + offset, height: rect.height });
  }
  lineMap = new SourceLineMap(entries);
  return lineMap;
}

/**
 * Marks the element showing the editor's cursor line, as VS Code's Markdown preview marks its active line: the
 * innermost element whose lines hold it (in document order a nested element comes after its container), else
 * the last one that starts before it.
 */
function markSelectedLine(): void {
  if (!markSelection) return;
  let covering: HTMLElement | undefined;
  let before: HTMLElement | undefined;
  if (selectedLine !== undefined) {
    for (const el of root.querySelectorAll<HTMLElement>('[data-line]')) {
      const line = Number(el.dataset.line);
      if (!(line <= selectedLine) || el.classList.contains('hg-target')) continue;
      before = el;
      if (selectedLine <= Number(el.dataset.lineEnd ?? line)) covering = el;
    }
  }
  const active = covering ?? before;
  for (const el of root.querySelectorAll<HTMLElement>('.hg-active-line')) if (el !== active) el.classList.remove('hg-active-line');
  active?.classList.add('hg-active-line');
}

function scrollToLine(line: number): void {
  const y = measure().scrollTopForLine(line);
  if (y === undefined) return;
  const target = Math.max(0, Math.round(y));
  if (Math.abs(window.scrollY - target) < 1) return;
  scrollingFromHost++;
  window.scrollTo({ top: target, behavior: 'instant' as ScrollBehavior });
  // The scroll event of our own scroll comes asynchronously; one frame later, it is the user again.
  setTimeout(() => {
    scrollingFromHost = Math.max(0, scrollingFromHost - 1);
  }, 80);
  saveState({ line });
}

let scrollFrame = 0;
window.addEventListener(
  'scroll',
  () => {
    if (scrollFrame) return;
    scrollFrame = requestAnimationFrame(() => {
      scrollFrame = 0;
      if (scrollingFromHost > 0) return;
      const line = measure().lineForOffset(window.scrollY);
      if (line === undefined) return;
      const whole = Math.floor(line);
      saveState({ line: whole });
      if (whole !== lastRevealedLine) {
        lastRevealedLine = whole;
        post({ type: 'revealLine', line: whole });
      }
    });
  },
  { passive: true },
);
window.addEventListener('resize', () => {
  lineMap = undefined;
});

/** The source line of a point inside an element with `data-line`, in proportion within multi-line blocks. */
function lineAt(el: HTMLElement, clientY: number): number {
  const line = Number(el.dataset.line);
  const end = Number(el.dataset.lineEnd ?? line);
  if (end <= line) return line;
  const rect = el.getBoundingClientRect();
  const fraction = rect.height > 0 ? Math.min(Math.max((clientY - rect.top) / rect.height, 0), 0.999) : 0;
  return line + Math.floor((end - line + 1) * fraction);
}

document.addEventListener('dblclick', (e) => {
  const target = e.target as Element | null;
  if (!target || target.closest('.hg-diagram-tools')) return;
  if (target.closest('.hg-diagram-svg g[data-dot-line]')) return; // a node: the click already revealed it
  const el = target.closest<HTMLElement>('[data-line]');
  if (!el) return;
  post({ type: 'openSource', line: lineAt(el, e.clientY) });
});

// ---------------------------------------------------------------------------------------------
// Clicks: links, diagram nodes, diagram tools
// ---------------------------------------------------------------------------------------------

// In the capture phase, and a link's click stops here: VS Code's webview host also listens for clicks on links
// (on the window, after the document) and would open the link a second time, the relative ones resolved
// against its own frame (a stray "Not found" tab), as the Markdown preview also prevents.
document.addEventListener('click', (e) => {
  const target = e.target as Element | null;
  if (!target) return;
  const button = target.closest<HTMLButtonElement>('.hg-diagram-tools button[data-action]');
  if (button) {
    e.preventDefault();
    void diagramAction(button);
    return;
  }
  const link = target.closest('a');
  const href = link?.getAttribute('href') ?? link?.getAttribute('xlink:href') ?? undefined;
  // (An export's own download link, clicked by the script, is left to the browser.)
  if (link && href !== undefined && !link.hasAttribute('download')) {
    e.preventDefault();
    e.stopPropagation();
    followLink(href, link.classList.contains('hg-download'));
    return;
  }
  const node = target.closest<SVGGElement>('.hg-diagram-svg g[data-dot-line]');
  if (node) {
    const figure = node.closest<HTMLElement>('.hg-diagram');
    const base = Number(figure?.dataset.dotBase ?? '0');
    // A release note's diagram stands further right in the note than on the page reno writes of it.
    const shift = Number(figure?.dataset.dotShift ?? '0') || 0;
    const d = node.dataset;
    root.querySelectorAll('.hg-selected').forEach((x) => x.classList.remove('hg-selected'));
    const edges = highlightNode(node);
    if (figure) {
      figure.dataset.edgesIn = String(edges.incoming);
      figure.dataset.edgesOut = String(edges.outgoing);
    }
    post({
      type: 'openSource',
      line: base + Number(d.dotLine),
      character: Number(d.dotCharacter) + shift,
      endLine: base + Number(d.dotEndLine),
      endCharacter: Number(d.dotEndCharacter) + shift,
      uri: figure?.dataset.dotFile,
    });
  }
}, true);

function followLink(href: string, download = false): void {
  if (href.startsWith('#')) {
    const id = decodeURIComponent(href.slice(1));
    const el = id ? document.getElementById(id) : undefined;
    if (el) el.scrollIntoView({ block: 'start' });
    else if (!id) window.scrollTo({ top: 0 });
    return;
  }
  if (vscode) {
    post({ type: 'openLink', href });
    return;
  }
  // In a browser: external links in a new tab; documents and other files of the same project through the
  // preview server (a `:download:` one as a download).
  if (EXTERNAL_LINK.test(href)) window.open(href, '_blank', 'noopener,noreferrer');
  else if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return;
  else {
    const current = new URL(location.href).searchParams.get('file') ?? body.dataset.file ?? '';
    const dir = current.includes('/') ? current.slice(0, current.lastIndexOf('/') + 1) : '';
    const [path, fragment] = href.split('#');
    location.href = `?file=${encodeURIComponent(dir + path)}${download ? '&download=1' : ''}${fragment ? `#${fragment}` : ''}`;
  }
}

/** The file name of a diagram's export: its graph's name (`APIHA`), else its id, else `diagram-N`. */
function diagramName(figure: HTMLElement): string {
  const key = figure.querySelector<HTMLElement>('.hg-diagram-svg')?.dataset.key;
  return diagramFileName(key ? svgByKey.get(key) : undefined, figure.dataset.name || figure.id || `diagram-${Number(figure.dataset.diagram ?? '0') + 1}`);
}

/** Diagram explorers on the page (the diagram panel's page holds one). */
function startExplorers(): void {
  for (const el of root.querySelectorAll<HTMLElement>('.hg-explorer')) {
    initExplorer(el, () => {
      const key = el.querySelector<HTMLElement>('.hg-diagram-svg')?.dataset.key;
      if (!key) return;
      if (vscode) post({ type: 'saveSvg', key, name: diagramName(el) });
      else download(`${diagramName(el)}.svg`, URL.createObjectURL(new Blob([exportableSvg(svgByKey.get(key) ?? '')], { type: 'image/svg+xml' })));
    });
  }
}

/**
 * "Open" on a diagram: in the editor, its own panel (the host opens it); in a browser, the same explorer over
 * the page, closed with Escape or its Close button.
 */
function openDiagram(figure: HTMLElement, key: string): void {
  if (vscode) {
    const base = figure.dataset.dotBase;
    const shift = figure.dataset.dotShift;
    post({ type: 'openDiagram', key, name: diagramName(figure), dotBase: base === undefined ? undefined : Number(base), dotShift: shift === undefined ? undefined : Number(shift), dotFile: figure.dataset.dotFile });
    return;
  }
  document.getElementById('hg-explorer-overlay')?.remove();
  const overlay = document.createElement('div');
  overlay.id = 'hg-explorer-overlay';
  const panel = document.createElement('div');
  panel.className = 'hg-diagram hg-explorer';
  for (const a of ['dotBase', 'dotShift', 'dotFile', 'diagram'] as const) if (figure.dataset[a] !== undefined) panel.dataset[a] = figure.dataset[a];
  panel.dataset.name = diagramName(figure);
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'hg-explorer-close';
  close.textContent = 'Close';
  close.addEventListener('click', () => overlay.remove());
  const holder = document.createElement('div');
  holder.className = 'hg-diagram-svg';
  holder.dataset.key = key;
  holder.innerHTML = svgByKey.get(key) ?? '';
  panel.append(close, holder);
  overlay.append(panel);
  root.append(overlay);
  startExplorers();
  panel.querySelector<HTMLInputElement>('.hg-explorer-search')?.focus();
}

document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') document.getElementById('hg-explorer-overlay')?.remove();
});

async function diagramAction(button: HTMLButtonElement): Promise<void> {
  const figure = button.closest<HTMLElement>('.hg-diagram');
  const key = figure?.querySelector<HTMLElement>('.hg-diagram-svg')?.dataset.key;
  if (!figure || !key) return;
  const name = diagramName(figure);
  switch (button.dataset.action) {
    case 'open':
      openDiagram(figure, key);
      break;
    case 'copy-svg':
      if (vscode) post({ type: 'copySvg', key });
      else await navigator.clipboard.writeText(exportableSvg(svgByKey.get(key) ?? ''));
      flash(button, 'Copied');
      break;
    case 'export-svg':
      if (vscode) post({ type: 'saveSvg', key, name });
      else download(`${name}.svg`, URL.createObjectURL(new Blob([exportableSvg(svgByKey.get(key) ?? '')], { type: 'image/svg+xml' })));
      break;
    case 'export-png':
      await exportPng(key, name);
      break;
  }
}

function flash(button: HTMLButtonElement, text: string): void {
  const old = button.textContent;
  button.textContent = text;
  setTimeout(() => {
    button.textContent = old;
  }, 1200);
}

function download(name: string, url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Draws a diagram (Graphviz's own colours, twice the size) on a canvas and saves it as PNG. */
async function exportPng(key: string, name?: string): Promise<void> {
  const svg = svgByKey.get(key);
  if (!svg) return;
  const figure = root.querySelector<HTMLElement>(`.hg-diagram-svg[data-key="${CSS.escape(key)}"]`)?.closest<HTMLElement>('.hg-diagram');
  const fileName = name ?? (figure ? diagramName(figure) : 'diagram');
  const url = URL.createObjectURL(new Blob([exportableSvg(svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the SVG could not be drawn'));
      img.src = url;
    });
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    if (vscode) post({ type: 'savePng', key, name: fileName, dataUrl: canvas.toDataURL('image/png') });
    else {
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (blob) download(`${fileName}.png`, URL.createObjectURL(blob));
    }
  } finally {
    URL.revokeObjectURL(url);
  }
}

// ---------------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------------

adoptInlineDiagrams();
startExplorers();
showSecurityNotice();
document.getElementById('hg-security-notice')?.addEventListener('click', () => post({ type: 'showSecuritySettings' }));
if (vscode) {
  window.addEventListener('message', (e: MessageEvent<HostToPreviewMessage>) => {
    if (e.data && typeof e.data === 'object' && typeof e.data.type === 'string') onMessage(e.data);
  });
  post({ type: 'ready' });
} else if (transport === 'events' && body.dataset.events) {
  const events = new EventSource(body.dataset.events);
  events.addEventListener('message', (e: MessageEvent<string>) => {
    try {
      onMessage(JSON.parse(e.data) as HostToPreviewMessage);
    } catch {
      // not ours
    }
  });
}
if (state?.line !== undefined && root.querySelector('[data-line]')) {
  const line = state.line;
  requestAnimationFrame(() => scrollToLine(line));
}

// In a browser (`ha-guide preview`): a `:ref:` to another document's label arrives as `#L<line>`; the page
// opens at that line, and so does a later change of the address's fragment.
if (!vscode) {
  const lineOfHash = () => /^#L(\d+)$/.exec(location.hash)?.[1];
  const fromHash = lineOfHash();
  if (fromHash !== undefined) requestAnimationFrame(() => scrollToLine(Number(fromHash) - 1));
  window.addEventListener('hashchange', () => {
    const n = lineOfHash();
    if (n !== undefined) scrollToLine(Number(n) - 1);
  });
}
