/**
 * The preview page, built by pure functions so its Content Security Policy can be tested: the same page is
 * the VS Code webview and the page `ha-guide preview` serves, and `ha-guide render` writes a static variant.
 *
 * The policy: nothing by default; our one script by nonce; our stylesheet; images from our origin and blob
 * (diagram export), and from https only at the `allowRemote` security level; no inline script or style, no
 * eval, no wasm, no frames, no forms, no base.
 * Document content reaches the page as HTML that the script inserts: it never runs, and no document text
 * is ever put inside a `<script>`.
 */
import type { PreviewState } from '../protocol/requests';
import type { PreviewSecurity } from './security';

export interface PreviewPageOptions {
  /** The origin our script, stylesheet and local images come from: the webview's `cspSource`, or `http://127.0.0.1:port`. */
  cspSource: string;
  /** A fresh random nonce per page ({@link createNonce}). */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  title: string;
  /** How updates arrive: VS Code's webview messages, or server-sent events from `eventsUri`. */
  transport: 'vscode' | 'events';
  /** For `events`: the URL of the event stream (same origin). */
  eventsUri?: string;
  /** For `events`: the document's path in the served folder, which the script resolves relative links from. */
  file?: string;
  /** Already rendered body HTML, shown before the script runs (empty: wait for the first update). */
  body?: string;
  /** The update version of `body`. */
  version?: number;
  state?: PreviewState;
  /** The security level (default `strict`: no remote image; `allowRemote`: https images). */
  security?: PreviewSecurity;
  /**
   * Stylesheets of the user's own after ours (`haGuide.styles`, as `markdown.styles`): URLs the page may load,
   * either under `cspSource` (a local file made a webview URI) or `https:` (each such URL, and no other, is
   * added to the policy's `style-src`).
   */
  styles?: readonly string[];
  /** The type settings of the preview (`haGuide.preview.*`, as `markdown.preview.*`); the script applies them. */
  appearance?: PreviewAppearance;
}

/** What the preview's text looks like and whether it marks the editor's line (`haGuide.preview.*`). */
export interface PreviewAppearance {
  fontFamily?: string;
  /** Pixels. */
  fontSize?: number;
  /** A multiple of the font size. */
  lineHeight?: number;
  /** Mark the element of the editor's current line (`markEditorSelection`). */
  markEditorSelection?: boolean;
}

/** 128 random bits, base64: a CSP nonce. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function checkNonce(nonce: string): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error('a CSP nonce must be at least 16 base64 characters');
  return nonce;
}

/**
 * The source expressions of a host's `cspSource` (VS Code gives one or more, for example
 * `'self' https://*.vscode-cdn.net`): only `'self'` and scheme or host sources are kept, so a host value can
 * never add a keyword such as `'unsafe-inline'` or a directive of its own.
 */
function cspSources(value: string): string {
  const kept = value.split(/[\s;,]+/).filter((t) => t === "'self'" || /^(?:[a-z][a-z0-9+.-]*:(?:\/\/[^\s'"]+)?|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?)$/i.test(t));
  if (kept.length === 0) throw new Error(`no usable CSP source in "${value}"`);
  return kept.join(' ');
}

/** The Content-Security-Policy of the live preview. */
export function buildPreviewCsp(o: Pick<PreviewPageOptions, 'cspSource' | 'nonce' | 'transport' | 'security' | 'styles'>): string {
  const source = cspSources(o.cspSource);
  const remoteStyles = (o.styles ?? []).map(remoteStyleSource).filter((s): s is string => s !== undefined);
  return [
    "default-src 'none'",
    `script-src 'nonce-${checkNonce(o.nonce)}'`,
    `style-src ${[source, ...remoteStyles].join(' ')}`,
    `img-src ${source}${o.security === 'allowRemote' ? ' https:' : ''} blob:`,
    `font-src ${source}`,
    `connect-src ${o.transport === 'events' ? source : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The CSP source of an https stylesheet URL: the URL without its query or fragment (a source matches paths
 * only); undefined when it is no https URL, or holds white space, a quote, a semicolon or a comma (which would
 * end the source or the directive).
 */
export function remoteStyleSource(url: string): string | undefined {
  return /^(https:\/\/[^\s'";,?#]+)(?:[?#][^\s'";,]*)?$/i.exec(url)?.[1];
}

/** Whether a stylesheet is an https URL the page may load ({@link remoteStyleSource}). */
export function isRemoteStyle(url: string): boolean {
  return remoteStyleSource(url) !== undefined;
}

/** The appearance as `data-*` attributes the script reads (no inline style: the CSP forbids it). */
function appearanceData(a: PreviewAppearance | undefined): string[] {
  if (!a) return [];
  const out: string[] = [];
  if (a.fontFamily?.trim()) out.push(`data-font-family="${escapeAttr(a.fontFamily.trim())}"`);
  if (typeof a.fontSize === 'number' && Number.isFinite(a.fontSize) && a.fontSize > 0) out.push(`data-font-size="${a.fontSize}"`);
  if (typeof a.lineHeight === 'number' && Number.isFinite(a.lineHeight) && a.lineHeight > 0) out.push(`data-line-height="${a.lineHeight}"`);
  if (a.markEditorSelection) out.push('data-mark-selection="true"');
  return out;
}

function escapeAttr(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** The live preview page. */
export function buildPreviewPage(o: PreviewPageOptions): string {
  const csp = buildPreviewCsp(o);
  const data = [
    `data-transport="${o.transport}"`,
    o.eventsUri ? `data-events="${escapeAttr(o.eventsUri)}"` : '',
    o.file ? `data-file="${escapeAttr(o.file)}"` : '',
    o.state ? `data-state="${escapeAttr(JSON.stringify(o.state))}"` : '',
    `data-version="${o.version ?? 0}"`,
    `data-security="${o.security === 'allowRemote' ? 'allowRemote' : 'strict'}"`,
    ...appearanceData(o.appearance),
  ]
    .filter(Boolean)
    .join(' ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeAttr(o.title || 'Preview')}</title>
<link rel="stylesheet" href="${escapeAttr(o.styleUri)}">
${(o.styles ?? []).map((href) => `<link rel="stylesheet" class="hg-user-style" href="${escapeAttr(href)}">\n`).join('')}</head>
<body class="hg-preview${o.transport === 'events' ? ' hg-standalone' : ''}" ${data}>
<button type="button" id="hg-security-notice" class="hg-security-notice" hidden></button>
<main id="hg-root" class="hg-document">
${o.body ?? '<p class="hg-loading">Rendering\u2026</p>'}
</main>
<script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}

/**
 * The CSP of a static page from `ha-guide render`: no script at all, its one inline stylesheet by nonce,
 * images inlined as data: URIs (and https ones only with `--allow-remote`).
 */
export function buildStaticCsp(nonce: string, security: PreviewSecurity = 'strict'): string {
  return `default-src 'none'; style-src 'nonce-${checkNonce(nonce)}'; img-src data:${security === 'allowRemote' ? ' https:' : ''}; base-uri 'none'; form-action 'none'`;
}

/** A self-contained page: the stylesheet inline, diagrams and local images already in the body, no script. */
export function buildStaticPage(o: { title: string; css: string; body: string; nonce: string; security?: PreviewSecurity }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(buildStaticCsp(o.nonce, o.security))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeAttr(o.title || 'Document')}</title>
<style nonce="${escapeAttr(o.nonce)}">
${o.css.replace(/<\/style/gi, '<\\/style')}
</style>
</head>
<body class="hg-preview hg-standalone hg-static">
<main class="hg-document">
${o.body}
</main>
</body>
</html>
`;
}
