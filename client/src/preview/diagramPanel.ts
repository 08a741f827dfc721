import * as vscode from 'vscode';
import { buildPreviewPage, createNonce } from '../../../server/src/preview/page';
import type { PreviewToHostMessage } from '../../../server/src/protocol/requests';
import { diagramFileName } from '../../webview/diagramModel';

export const DIAGRAM_VIEW_TYPE = 'haGuide.diagram';

function escapeAttr(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

export interface DiagramPanelSource {
  /** The document the diagram belongs to (a node's click opens its DOT statement there). */
  document: vscode.Uri;
  key: string;
  /** The sanitised SVG, as the preview shows it. */
  svg: string;
  name: string;
  dotBase?: number;
  /** Columns the diagram's lines stand further right in the document than on the page drawn (a release note's). */
  dotShift?: number;
  dotFile?: string;
  extensionUri: vscode.Uri;
  /** The column of the preview it was opened from. */
  column?: vscode.ViewColumn;
  /** Opens the source at a node's statement (the preview's own `openSource`). */
  openSource(m: Extract<PreviewToHostMessage, { type: 'openSource' }>): Promise<void>;
  /** Saves or copies the diagram (the preview's own export). */
  save(name: string): Promise<void>;
}

/**
 * A diagram in its own panel: the same page script as the preview (client/webview), whose explorer zooms
 * (wheel, buttons), pans (drag), searches nodes, and shows a clicked node's edges while its DOT statement is
 * selected in the editor. The drawing is the one the preview showed when the panel was opened.
 */
export function openDiagramPanel(source: DiagramPanelSource): vscode.WebviewPanel {
  const title = `Diagram ${diagramFileName(source.svg, source.name)}`;
  // A tab in the preview's group: the source editor beside it stays in view when a node's statement is selected.
  const panel = vscode.window.createWebviewPanel(DIAGRAM_VIEW_TYPE, title, { viewColumn: source.column ?? vscode.ViewColumn.Beside, preserveFocus: false }, {
    enableScripts: true,
    retainContextWhenHidden: true,
    enableCommandUris: false,
    enableFindWidget: false,
    localResourceRoots: [vscode.Uri.joinPath(source.extensionUri, 'dist'), vscode.Uri.joinPath(source.extensionUri, 'media')],
  });
  panel.iconPath = vscode.Uri.joinPath(source.extensionUri, 'media', 'preview-icon.svg');
  const webview = panel.webview;
  const data = [
    // Numbers from the page's message: written only when they are whole numbers.
    Number.isSafeInteger(source.dotBase) ? ` data-dot-base="${source.dotBase}"` : '',
    Number.isSafeInteger(source.dotShift) && source.dotShift ? ` data-dot-shift="${source.dotShift}"` : '',
    source.dotFile !== undefined ? ` data-dot-file="${escapeAttr(source.dotFile)}"` : '',
    ` data-name="${escapeAttr(source.name)}"`,
  ].join('');
  // The SVG was sanitised by the server (renderSvg.ts): it is the same text the preview inserts.
  const body = `<div class="hg-diagram hg-explorer hg-explorer-panel"${data}><div class="hg-diagram-svg" data-key="${escapeAttr(source.key)}" role="img">${source.svg}</div></div>`;
  webview.html = buildPreviewPage({
    cspSource: webview.cspSource,
    nonce: createNonce(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(source.extensionUri, 'dist', 'webview.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(source.extensionUri, 'media', 'preview.css')).toString(),
    title,
    transport: 'vscode',
    body,
  });
  const subscription = webview.onDidReceiveMessage(async (m: PreviewToHostMessage) => {
    if (m.type === 'openSource') await source.openSource({ ...m, uri: m.uri ?? source.document.toString() });
    else if (m.type === 'saveSvg') await source.save(m.name);
  });
  panel.onDidDispose(() => subscription.dispose());
  return panel;
}
