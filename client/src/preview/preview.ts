import * as path from 'node:path';
import * as vscode from 'vscode';
import { config } from '../config';
import { previewDebounceMs } from './debounce';
import { isPreviewable, parseLink } from './links';
import { openDiagramPanel } from './diagramPanel';
import { diagramFileName, exportableSvg } from '../../webview/diagramModel';
import type { LanguageClient } from 'vscode-languageclient/node';
import { buildPreviewPage, createNonce, isRemoteStyle } from '../../../server/src/preview/page';
import type { PreviewSecurity } from '../../../server/src/preview/security';
import {
  Methods,
  type HostToPreviewMessage,
  type PreviewParams,
  type PreviewResult,
  type PreviewState,
  type PreviewToHostMessage,
} from '../../../server/src/protocol/requests';

export const PREVIEW_VIEW_TYPE = 'haGuide.preview';

/** The first answer waits this long for diagrams; slower ones come in a second update. */
const DIAGRAM_WAIT_MS = 250;

export interface PreviewHost {
  readonly extensionUri: vscode.Uri;
  client(): LanguageClient | undefined;
  output: vscode.LogOutputChannel;
  /** The security level of this workspace's previews. */
  security(): PreviewSecurity;
  /** The page's "some content has been disabled" notice was clicked. */
  changeSecurity(): void;
  /** The preview's lock or document changed, or it was closed (the manager keeps its lists right). */
  onChanged(preview: RstPreview, change: 'lock' | 'dispose' | 'focus'): void;
}

/** What the page reported after its last update (tests and the benchmark read it). */
export interface RenderedInfo {
  version: number;
  diagrams: number;
  title: string;
  at: number;
  /** Milliseconds of the `haGuide/preview` request behind this update. */
  requestMs?: number;
  /** Milliseconds from posting the update to the page reporting it on screen. */
  pageMs?: number;
}

/**
 * One preview panel showing one document. Updates: the first render is immediate, later ones wait as long as
 * the last render took (none while renders are faster than a frame: {@link previewDebounceMs});
 * one request at a time, and whatever changed while it ran is rendered right after, so an older version
 * never replaces a newer one. The page patches its DOM (client/webview), keeping scroll and focus.
 */
export class RstPreview implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;
  private dirty = false;
  private updateSeq = 0;
  private shownDocVersion = -1;
  private lastUpdate: Extract<HostToPreviewMessage, { type: 'update' }> | undefined;
  /** When each update was posted, and how long its request took (for {@link RenderedInfo}). */
  private readonly posted = new Map<number, { at: number; requestMs: number }>();
  private lastRequestMs = 0;
  private diagrams: Record<string, string> = {};
  /** Until then, visible-range changes of the editor are our own doing (revealRange from the preview). */
  private ignoreEditorScrollUntil = 0;
  private topLine: number | undefined;
  /** The editor's cursor line last sent to the page. */
  private selectedLine: number | undefined;
  /** Whether the page shown marks the cursor line (its setting when the page was built). */
  private markSelection = false;
  /** Scroll the page to this line with the next update (a document switch). */
  private scrollWithNextUpdate = false;
  /** The line or element to show with the next update comes from a link, not from an editor. */
  private linkTarget: { line?: number; fragment?: string } | undefined;
  /** Diagram panels opened from this preview (tests read them). */
  readonly diagramPanels: vscode.WebviewPanel[] = [];
  /** The documents a link switched away from, newest last (openLinks = inPreview). */
  private readonly history: { uri: vscode.Uri; line?: number }[] = [];
  /** Changes arrived while the panel was hidden (its page is gone): render when it is shown again. */
  private staleWhileHidden = false;
  private disposed = false;
  /** The security level of the page shown (its CSP) and of the renders it gets. */
  private shownSecurity: PreviewSecurity;
  rendered: RenderedInfo | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private resourceUri: vscode.Uri,
    private lockedState: boolean,
    private readonly host: PreviewHost,
    line?: number,
  ) {
    this.topLine = line;
    this.shownSecurity = host.security();
    const webview = panel.webview;
    webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: this.resourceRoots() };
    webview.html = this.page();
    this.updateTitle();
    this.disposables.push(
      webview.onDidReceiveMessage((m: PreviewToHostMessage) => void this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => host.onChanged(this, 'focus')),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === this.resourceUri.toString() && e.contentChanges.length) this.refresh();
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.onEditorScrolled(e.textEditor)),
      vscode.window.onDidChangeTextEditorSelection((e) => this.onEditorSelection(e.textEditor)),
    );
  }

  get resource(): vscode.Uri {
    return this.resourceUri;
  }

  get locked(): boolean {
    return this.lockedState;
  }

  /** Shows another document (a preview that follows the active editor). */
  show(resource: vscode.Uri, line?: number): void {
    if (resource.toString() === this.resourceUri.toString()) return;
    this.history.length = 0; // following the editor: the links' way back no longer applies
    this.linkTarget = undefined;
    this.switchTo(resource, line);
  }

  private switchTo(resource: vscode.Uri, line?: number): void {
    this.resourceUri = resource;
    this.topLine = line;
    // The cursor line of the new document's editor, or none: the old one's mark would point into the new page.
    const editor = this.visibleEditors()[0];
    if (editor) this.onEditorSelection(editor, true);
    else {
      this.selectedLine = undefined;
      this.post({ type: 'selectLine', line: -1 });
    }
    this.scrollWithNextUpdate = true;
    this.shownDocVersion = -1;
    this.panel.webview.options = { ...this.panel.webview.options, localResourceRoots: this.resourceRoots() };
    this.updateTitle();
    this.refresh(true);
  }

  setLocked(locked: boolean): void {
    this.lockedState = locked;
    this.updateTitle();
    this.host.onChanged(this, 'lock');
  }

  state(): PreviewState {
    return { uri: this.resourceUri.toString(), locked: this.lockedState, line: this.topLine };
  }

  /** The sanitised SVG of a diagram on the page. */
  svg(key: string): string | undefined {
    return this.diagrams[key];
  }

  post(message: HostToPreviewMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  refresh(immediate = false): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    if (!this.panel.visible && this.lastUpdate) {
      this.staleWhileHidden = true;
      return;
    }
    const first = this.updateSeq === 0 && !this.inFlight;
    this.timer = setTimeout(() => void this.render(), immediate || first ? 0 : previewDebounceMs(this.lastRequestMs));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.host.onChanged(this, 'dispose');
  }

  private resourceRoots(): vscode.Uri[] {
    const roots = [vscode.Uri.joinPath(this.host.extensionUri, 'dist'), vscode.Uri.joinPath(this.host.extensionUri, 'media')];
    const folder = vscode.workspace.getWorkspaceFolder(this.resourceUri);
    if (folder) roots.push(folder.uri);
    else if (this.resourceUri.scheme === 'file') roots.push(vscode.Uri.file(path.dirname(this.resourceUri.fsPath)));
    for (const f of [...(vscode.workspace.workspaceFolders ?? []).map((w) => w.uri), ...this.styleRoots()]) if (!roots.some((r) => r.toString() === f.toString())) roots.push(f);
    return roots;
  }

  /**
   * The security level changed: a new page (its CSP is fixed at load, so allowing or forbidding remote
   * images needs a fresh one) and a render at that level.
   */
  applySecurity(): void {
    if (this.disposed || this.host.security() === this.shownSecurity) return;
    this.shownSecurity = this.host.security();
    this.reloadPage();
  }

  /** A new page (its stylesheets, type settings and policy are fixed at load) and a render into it. */
  reloadPage(): void {
    if (this.disposed) return;
    this.lastUpdate = undefined;
    this.shownDocVersion = -1;
    this.scrollWithNextUpdate = true;
    this.panel.webview.options = { ...this.panel.webview.options, localResourceRoots: this.resourceRoots() };
    this.panel.webview.html = this.page();
  }

  private page(): string {
    const webview = this.panel.webview;
    const appearance = config.previewAppearance(this.resourceUri);
    this.markSelection = appearance.markEditorSelection;
    return buildPreviewPage({
      styles: this.userStyles(),
      appearance,
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.host.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.host.extensionUri, 'media', 'preview.css')).toString(),
      title: path.basename(this.resourceUri.path),
      transport: 'vscode',
      state: this.state(),
      security: this.shownSecurity,
    });
  }

  /**
   * `haGuide.styles` as the page loads them (as `markdown.styles`): an https URL as written; a path, absolute
   * or relative to the document's workspace folder (to the document's folder outside any), as a webview URI.
   * Other URLs (http:, data:) are not loaded, and the output says so once per page.
   */
  private userStyles(): string[] {
    const out: string[] = [];
    for (const style of config.styles(this.resourceUri)) {
      const at = this.styleLocation(style);
      if (at === undefined) this.host.output.warn(`preview: the stylesheet "${style}" of haGuide.styles is not loaded (an https URL or a file path only)`);
      else out.push(typeof at === 'string' ? at : this.panel.webview.asWebviewUri(at).toString());
    }
    return out;
  }

  /** Where a stylesheet of `haGuide.styles` is: an https URL as written, a file, or undefined for another URL. */
  private styleLocation(style: string): string | vscode.Uri | undefined {
    if (isRemoteStyle(style)) return style;
    if (/^file:/i.test(style)) return vscode.Uri.parse(style);
    if (/^[a-z][a-z0-9+.-]+:/i.test(style) && !/^[a-z]:[\\/]/i.test(style)) return undefined;
    if (path.isAbsolute(style)) return vscode.Uri.file(style);
    const folder = vscode.workspace.getWorkspaceFolder(this.resourceUri)?.uri ?? vscode.Uri.joinPath(this.resourceUri, '..');
    return vscode.Uri.joinPath(folder, style);
  }

  /** The folders of the stylesheets (outside the workspace too), which the page may then read. */
  private styleRoots(): vscode.Uri[] {
    return config
      .styles(this.resourceUri)
      .map((s) => this.styleLocation(s))
      .filter((at): at is vscode.Uri => at instanceof vscode.Uri)
      .map((at) => vscode.Uri.joinPath(at, '..'));
  }

  private updateTitle(): void {
    const name = path.basename(this.resourceUri.path);
    this.panel.title = this.lockedState ? `[Preview] ${name}` : `Preview ${name}`;
  }

  private async render(): Promise<void> {
    if (this.disposed) return;
    if (this.inFlight) {
      this.dirty = true;
      return;
    }
    this.inFlight = true;
    try {
      do {
        this.dirty = false;
        await this.renderOnce();
      } while (this.dirty && !this.disposed);
    } finally {
      this.inFlight = false;
    }
  }

  private async renderOnce(): Promise<void> {
    const client = this.host.client();
    if (!client) return;
    const uri = this.resourceUri;
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch (e) {
      this.host.output.warn(`preview: cannot open ${uri.toString()}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const security = this.shownSecurity;
    const params: PreviewParams = { uri: uri.toString(), waitMs: DIAGRAM_WAIT_MS, security };
    let result = await this.request(client, params);
    // A document the server does not have (not reStructuredText by language id): send its text.
    if (result === null) result = await this.request(client, { ...params, text: document.getText() });
    if (!result || this.disposed || uri.toString() !== this.resourceUri.toString() || security !== this.shownSecurity) return;
    this.publish(result, document);
    if (result.pending > 0 && !this.dirty) {
      const full = await this.request(client, { uri: uri.toString(), text: result.version < 0 ? document.getText() : undefined, security });
      if (full && !this.disposed && !this.dirty && uri.toString() === this.resourceUri.toString() && security === this.shownSecurity) this.publish(full, document);
    }
  }

  private async request(client: LanguageClient, params: PreviewParams): Promise<PreviewResult | null | undefined> {
    const t0 = Date.now();
    try {
      return await client.sendRequest<PreviewResult | null>(Methods.preview, params);
    } catch (e) {
      this.host.output.warn(`preview: the server could not render ${params.uri}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    } finally {
      this.lastRequestMs = Date.now() - t0;
    }
  }

  private publish(result: PreviewResult, document: vscode.TextDocument): void {
    // Stale: an answer for an older version of the text than the one already shown.
    if (result.version >= 0 && result.version < this.shownDocVersion) return;
    this.shownDocVersion = result.version >= 0 ? result.version : document.version;
    this.diagrams = result.diagrams;
    const webview = this.panel.webview;
    const resources: Record<string, string> = {};
    for (const r of result.resources) resources[r] = webview.asWebviewUri(vscode.Uri.parse(r)).toString();
    const scroll = this.updateSeq === 0 || this.scrollWithNextUpdate;
    this.scrollWithNextUpdate = false;
    const link = scroll ? this.linkTarget : undefined;
    this.linkTarget = undefined;
    const line = link ? link.line : scroll ? (this.editorTopLine() ?? this.topLine) : undefined;
    const message: HostToPreviewMessage = {
      type: 'update',
      uri: result.uri,
      version: ++this.updateSeq,
      html: result.html,
      title: result.title,
      diagrams: result.diagrams,
      resources,
      pending: result.pending,
      line,
      fragment: link?.fragment,
      back: this.history.length ? path.basename(this.history[this.history.length - 1].uri.path) : undefined,
    };
    this.lastUpdate = message;
    this.posted.set(message.version, { at: Date.now(), requestMs: this.lastRequestMs });
    this.post(message);
  }

  private visibleEditors(): vscode.TextEditor[] {
    return vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === this.resourceUri.toString());
  }

  private editorTopLine(): number | undefined {
    return this.visibleEditors()[0]?.visibleRanges[0]?.start.line;
  }

  private onEditorScrolled(editor: vscode.TextEditor): void {
    if (editor.document.uri.toString() !== this.resourceUri.toString()) return;
    if (Date.now() < this.ignoreEditorScrollUntil || !config.scrollPreviewWithEditor()) return;
    const line = editor.visibleRanges[0]?.start.line;
    if (line === undefined) return;
    this.topLine = line;
    this.post({ type: 'scrollToLine', line });
  }

  /** The cursor moved in an editor of this document: the page marks that line (haGuide.preview.markEditorSelection). */
  private onEditorSelection(editor: vscode.TextEditor, force = false): void {
    if (!this.markSelection || editor.document.uri.toString() !== this.resourceUri.toString()) return;
    const line = editor.selection.active.line;
    if (line === this.selectedLine && !force) return;
    this.selectedLine = line;
    this.post({ type: 'selectLine', line });
  }

  private async onMessage(m: PreviewToHostMessage): Promise<void> {
    switch (m.type) {
      case 'ready': {
        // A fresh page (first load, or shown again after being hidden): the editor's line, then the last update or a render.
        const editor = this.visibleEditors()[0] ?? vscode.window.activeTextEditor;
        if (editor) this.onEditorSelection(editor, true);
        if (this.lastUpdate?.uri === this.resourceUri.toString()) this.post({ ...this.lastUpdate, version: ++this.updateSeq, line: this.editorTopLine() ?? this.topLine });
        if (!this.lastUpdate || this.staleWhileHidden) {
          this.staleWhileHidden = false;
          this.refresh(true);
        }
        break;
      }
      case 'rendered': {
        const posted = this.posted.get(m.version);
        this.posted.clear();
        this.rendered = { version: m.version, diagrams: m.diagrams, title: m.title, at: Date.now(), requestMs: posted?.requestMs, pageMs: posted ? Date.now() - posted.at : undefined };
        break;
      }
      case 'revealLine': {
        this.topLine = m.line;
        if (!config.scrollEditorWithPreview()) break;
        for (const editor of this.visibleEditors()) {
          this.ignoreEditorScrollUntil = Date.now() + 200;
          const line = Math.min(Math.max(m.line, 0), editor.document.lineCount - 1);
          editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
        }
        break;
      }
      case 'openSource':
        // A double-click on text carries only a line; a click on a diagram node carries its statement's range.
        if (m.character === undefined && m.uri === undefined && !config.doubleClickToSwitchToEditor()) break;
        await this.openSource(m);
        break;
      case 'openLink':
        await this.openLink(m.href);
        break;
      case 'back':
        this.back();
        break;
      case 'openDiagram': {
        const svg = this.svg(m.key);
        if (!svg) break;
        const document = this.resourceUri;
        const key = m.key;
        this.diagramPanels.push(
          openDiagramPanel({
            document,
            key,
            svg,
            name: m.name,
            dotBase: m.dotBase,
            dotShift: m.dotShift,
            dotFile: m.dotFile,
            extensionUri: this.host.extensionUri,
            column: this.panel.viewColumn,
            openSource: (o) => this.openSource(o),
            save: (name) => saveSvgText(svg, document, name),
          }),
        );
        break;
      }
      case 'copySvg':
        await copyDiagramSvg(this, m.key);
        break;
      case 'saveSvg':
        await saveDiagram(this, m.key, m.name, 'svg');
        break;
      case 'savePng':
        await saveDiagram(this, m.key, m.name, 'png', m.dataUrl);
        break;
      case 'showSecuritySettings':
        this.host.changeSecurity();
        break;
    }
  }

  private async openSource(m: Extract<PreviewToHostMessage, { type: 'openSource' }>): Promise<void> {
    const uri = m.uri ? vscode.Uri.parse(m.uri) : this.resourceUri;
    const document = await vscode.workspace.openTextDocument(uri);
    const line = Math.min(Math.max(m.line, 0), Math.max(document.lineCount - 1, 0));
    const start = new vscode.Position(line, Math.max(m.character ?? 0, 0));
    const end =
      m.endLine !== undefined ? new vscode.Position(Math.min(Math.max(m.endLine, 0), Math.max(document.lineCount - 1, 0)), Math.max(m.endCharacter ?? 0, 0)) : start;
    const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString())?.viewColumn ?? vscode.ViewColumn.One;
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column, selection: new vscode.Range(start, end), preserveFocus: false });
    editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /**
   * A click on a link (`haGuide.preview.openLinks`): an external one opens in the browser (VS Code asks
   * first); a reStructuredText document shows in this preview (`inPreview`, the editor column is left alone,
   * Back returns) or opens in an editor beside the preview (`inEditor`, the preview stays); other files open
   * in an editor. A `:ref:` to a label elsewhere lands on the label's line.
   */
  private async openLink(href: string): Promise<void> {
    const link = parseLink(href);
    if (link.kind === 'external') {
      await vscode.env.openExternal(vscode.Uri.parse(link.href));
      return;
    }
    if (link.kind === 'ignored') return;
    const target = link.path ? vscode.Uri.joinPath(this.resourceUri, '..', link.path) : this.resourceUri;
    if (config.previewOpenLinks() === 'inPreview' && isPreviewable(target.path)) {
      if (target.toString() === this.resourceUri.toString()) {
        if (link.line !== undefined) this.post({ type: 'scrollToLine', line: link.line });
        return;
      }
      this.history.push({ uri: this.resourceUri, line: this.topLine });
      this.linkTarget = { line: link.line ?? (link.fragment ? undefined : 0), fragment: link.fragment };
      this.switchTo(target, link.line);
      return;
    }
    // Beside the preview: in the column of the source editor when one shows it, else a new one.
    const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.resourceUri.toString())?.viewColumn ?? vscode.ViewColumn.Beside;
    try {
      if (link.line !== undefined || isPreviewable(target.path)) {
        const document = await vscode.workspace.openTextDocument(target);
        const at = new vscode.Position(Math.min(link.line ?? 0, Math.max(document.lineCount - 1, 0)), 0);
        // The focus stays in the preview, which keeps showing this document (it would follow a focused editor).
        const editor = await vscode.window.showTextDocument(document, { viewColumn: column, selection: new vscode.Range(at, at), preserveFocus: true });
        editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.AtTop);
      } else await vscode.commands.executeCommand('vscode.open', target, { viewColumn: column, preserveFocus: true });
    } catch (e) {
      void vscode.window.showWarningMessage(`Cannot open ${href}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Back to the document a link switched away from, at the line it showed. */
  back(): void {
    const previous = this.history.pop();
    if (!previous) return;
    this.linkTarget = { line: previous.line ?? 0 };
    this.switchTo(previous.uri, previous.line);
  }
}

/** A standalone SVG file of a sanitised diagram, without the preview's internal attributes. */
export function standaloneSvg(svg: string): string {
  return exportableSvg(svg);
}

export async function copyDiagramSvg(preview: RstPreview, key: string): Promise<void> {
  const svg = preview.svg(key);
  if (!svg) return;
  await vscode.env.clipboard.writeText(standaloneSvg(svg));
  void vscode.window.setStatusBarMessage('HA Guide: diagram SVG copied', 2000);
}

/** Saves a diagram's SVG, offering a file named after the graph (`APIHA.svg`) beside its document. */
export async function saveSvgText(svg: string, document: vscode.Uri, name: string): Promise<void> {
  await saveBytes(document, diagramFileName(svg, name), 'svg', new TextEncoder().encode(standaloneSvg(svg))); // no Buffer in the web extension host
}

export async function saveDiagram(preview: RstPreview, key: string, name: string, format: 'svg' | 'png', dataUrl?: string): Promise<void> {
  let bytes: Uint8Array;
  if (format === 'svg') {
    const svg = preview.svg(key);
    if (!svg) return;
    await saveSvgText(svg, preview.resource, name);
    return;
  } else {
    const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl ?? '');
    if (!m) return;
    bytes = Uint8Array.from(atob(m[1]), (c) => c.charCodeAt(0)); // no Buffer in the web extension host
  }
  await saveBytes(preview.resource, diagramFileName(preview.svg(key), name), format, bytes);
}

async function saveBytes(document: vscode.Uri, name: string, format: 'svg' | 'png', bytes: Uint8Array): Promise<void> {
  const safeName = (name || 'diagram').replace(/[^\w.-]+/g, '-');
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(document, '..', `${safeName}.${format}`),
    filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
    title: `Export diagram as ${format.toUpperCase()}`,
  });
  if (!target) return;
  try {
    await vscode.workspace.fs.writeFile(target, bytes);
  } catch (e) {
    // A read-only file system (a repository opened without write access on vscode.dev), a folder the browser may not write.
    void vscode.window.showErrorMessage(`HA Guide: the diagram could not be saved to ${target.toString(true)}: ${e instanceof Error ? e.message : String(e)}. Copy Diagram SVG puts it on the clipboard instead.`);
    return;
  }
  void vscode.window.setStatusBarMessage(`HA Guide: saved ${path.basename(target.path)}`, 3000);
}
