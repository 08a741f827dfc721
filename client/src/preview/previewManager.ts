import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { PreviewSecurity } from '../../../server/src/preview/security';
import type { PreviewState } from '../../../server/src/protocol/requests';
import { config, PREVIEW_PAGE_SETTINGS } from '../config';
import { copyDiagramSvg, PREVIEW_VIEW_TYPE, RstPreview, saveDiagram, type RenderedInfo } from './preview';

const RST = 'restructuredtext';

/** A document the preview shows: reStructuredText, or a reno release note (`releasenotes/notes/*.yaml`: the page reno writes of it). */
function previewable(document: vscode.TextDocument): boolean {
  return document.languageId === RST || (document.languageId === 'yaml' && /\/releasenotes\/notes\/.*\.yaml$/.test(document.uri.path));
}

/** Where the security level chosen for a workspace is kept (the editor's state of that workspace). */
const SECURITY_STATE_KEY = 'haGuide.preview.security';

/** What VS Code passes to a `webview/context` command: the diagram's `data-vscode-context`. */
interface DiagramContext {
  diagramKey?: string;
  diagramName?: string;
}

/**
 * The previews: one dynamic preview that follows the active reStructuredText editor, any number of locked
 * ones, all restored after a reload (this is their serializer). Owns the preview commands.
 */
export class RstPreviewManager implements vscode.WebviewPanelSerializer<PreviewState>, vscode.Disposable {
  private readonly previews = new Set<RstPreview>();
  private dynamic: RstPreview | undefined;
  private active: RstPreview | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: () => LanguageClient | undefined,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, this),
      vscode.commands.registerCommand('haGuide.showPreview', (uri?: vscode.Uri) => this.showPreview(uri, false)),
      vscode.commands.registerCommand('haGuide.showPreviewToSide', (uri?: vscode.Uri) => this.showPreview(uri, true)),
      vscode.commands.registerCommand('haGuide.showLockedPreviewToSide', (uri?: vscode.Uri) => this.showPreview(uri, true, true)),
      vscode.commands.registerCommand('haGuide.togglePreviewLock', () => this.toggleLock()),
      vscode.commands.registerCommand('haGuide.changePreviewSecurity', () => this.changeSecurity()),
      // As Markdown's Refresh Preview: every preview loads its page again and renders its document anew (after a
      // stylesheet changed on disk, say).
      vscode.commands.registerCommand('haGuide.refreshPreview', () => {
        for (const p of this.previews) p.reloadPage();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('haGuide.preview.security')) this.applySecurity();
        // As Markdown's preview: a new stylesheet or type setting shows at once in every preview.
        if (PREVIEW_PAGE_SETTINGS.some((s) => e.affectsConfiguration(s))) for (const p of this.previews) p.reloadPage();
      }),
      vscode.commands.registerCommand('haGuide.showPreviewSource', () => this.showSource()),
      vscode.commands.registerCommand('haGuide.copyDiagramSvg', (c?: DiagramContext) => this.withDiagram(c, (p, key) => copyDiagramSvg(p, key))),
      vscode.commands.registerCommand('haGuide.exportDiagramSvg', (c?: DiagramContext) =>
        this.withDiagram(c, (p, key) => saveDiagram(p, key, c?.diagramName ?? 'diagram', 'svg')),
      ),
      vscode.commands.registerCommand('haGuide.exportDiagramPng', (c?: DiagramContext) =>
        this.withDiagram(c, (p, key) => {
          p.post({ type: 'exportPng', key });
          return Promise.resolve();
        }),
      ),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && previewable(editor.document) && this.dynamic && !this.dynamic.locked) {
          this.dynamic.show(editor.document.uri, editor.visibleRanges[0]?.start.line);
        }
      }),
    );
  }

  /** For tests: what the preview of `uri` last reported on screen. */
  rendered(uri: string): RenderedInfo | undefined {
    const key = vscode.Uri.parse(uri).toString();
    for (const p of this.previews) if (p.resource.toString() === key && p.rendered) return p.rendered;
    return undefined;
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PreviewState | undefined): Promise<void> {
    if (!state || typeof state.uri !== 'string') {
      panel.dispose();
      return;
    }
    this.track(new RstPreview(panel, vscode.Uri.parse(state.uri), !!state.locked, this.host(), state.line));
  }

  dispose(): void {
    for (const p of [...this.previews]) p.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private host() {
    return {
      extensionUri: this.context.extensionUri,
      client: this.client,
      output: this.output,
      security: () => this.security(),
      changeSecurity: () => void this.changeSecurity(),
      onChanged: (preview: RstPreview, change: 'lock' | 'dispose' | 'focus') => this.onChanged(preview, change),
    };
  }

  private track(preview: RstPreview): RstPreview {
    this.previews.add(preview);
    if (!preview.locked) {
      if (this.dynamic && this.dynamic !== preview) this.dynamic.dispose();
      this.dynamic = preview;
    }
    if (preview.panel.active) this.active = preview;
    return preview;
  }

  private onChanged(preview: RstPreview, change: 'lock' | 'dispose' | 'focus'): void {
    if (change === 'dispose') {
      this.previews.delete(preview);
      if (this.dynamic === preview) this.dynamic = undefined;
      if (this.active === preview) this.active = undefined;
    } else if (change === 'lock') {
      if (preview.locked && this.dynamic === preview) this.dynamic = undefined;
      if (!preview.locked) {
        if (this.dynamic && this.dynamic !== preview) this.dynamic.dispose();
        this.dynamic = preview;
      }
    } else if (preview.panel.active) this.active = preview;
    else if (this.active === preview) this.active = undefined;
  }

  private async showPreview(uri: vscode.Uri | undefined, toSide: boolean, locked = false): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const resource = uri instanceof vscode.Uri ? uri : editor && previewable(editor.document) ? editor.document.uri : (this.active?.resource ?? editor?.document.uri);
    if (!resource) {
      void vscode.window.showInformationMessage('HA Guide: open a reStructuredText file or a release note to preview it.');
      return;
    }
    const column = toSide ? vscode.ViewColumn.Beside : (editor?.viewColumn ?? vscode.ViewColumn.Active);
    const line = editor?.document.uri.toString() === resource.toString() ? editor.visibleRanges[0]?.start.line : undefined;
    if (!locked && this.dynamic) {
      this.dynamic.show(resource, line);
      this.dynamic.panel.reveal(toSide ? undefined : column, toSide);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      PREVIEW_VIEW_TYPE,
      'Preview',
      { viewColumn: column, preserveFocus: toSide },
      { enableScripts: true, enableFindWidget: true, retainContextWhenHidden: false },
    );
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'preview-icon.svg');
    this.track(new RstPreview(panel, resource, locked, this.host(), line));
  }

  /**
   * The security level of this workspace's previews: the one chosen with the command (kept in the
   * workspace's state, not in its files), else the user's `haGuide.preview.security`.
   */
  security(): PreviewSecurity {
    const chosen = this.context.workspaceState.get<string>(SECURITY_STATE_KEY);
    return chosen === 'strict' || chosen === 'allowRemote' ? chosen : config.previewSecurity();
  }

  /** "HA Guide: Change Preview Security Settings": a quick pick of the levels, applied to open previews at once. */
  private async changeSecurity(): Promise<void> {
    const current = this.security();
    const items: (vscode.QuickPickItem & { level: PreviewSecurity })[] = [
      { level: 'strict', label: 'Strict', description: 'Load no remote content (default)', detail: 'Remote images show as placeholders with their address; the page can contact no other host.' },
      {
        level: 'allowRemote',
        label: 'Allow remote content',
        description: 'For this workspace',
        detail: 'Load https images in the previews of this workspace. Plain http images still do not load.',
      },
    ];
    for (const item of items) if (item.level === current) item.label = `$(check) ${item.label}`;
    const picked = await vscode.window.showQuickPick(items, { title: 'HA Guide: Preview Security Settings', placeHolder: 'Select the security level for the previews of this workspace' });
    if (!picked) return;
    await this.context.workspaceState.update(SECURITY_STATE_KEY, picked.level);
    this.applySecurity();
  }

  private applySecurity(): void {
    for (const p of this.previews) p.applySecurity();
  }

  private toggleLock(): void {
    const p = this.active ?? this.dynamic;
    p?.setLocked(!p.locked);
  }

  private async showSource(): Promise<void> {
    const p = this.active ?? this.dynamic;
    if (!p) return;
    const document = await vscode.workspace.openTextDocument(p.resource);
    const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === p.resource.toString())?.viewColumn ?? vscode.ViewColumn.One;
    await vscode.window.showTextDocument(document, column);
  }

  private async withDiagram(c: DiagramContext | undefined, action: (p: RstPreview, key: string) => Promise<void>): Promise<void> {
    const p = this.active ?? this.dynamic;
    const key = c?.diagramKey;
    if (!p || !key) {
      void vscode.window.showInformationMessage('HA Guide: right-click a diagram in the preview to export it.');
      return;
    }
    await action(p, key);
  }
}
