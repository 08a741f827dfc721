import * as vscode from 'vscode';

/** Typed access to the `haGuide.*` settings the client itself reads. */
export const config = {
  /** Scroll the preview when the editor scrolls (like `markdown.preview.scrollPreviewWithEditor`). */
  scrollPreviewWithEditor(): boolean {
    return vscode.workspace.getConfiguration('haGuide').get<boolean>('preview.scrollPreviewWithEditor', true);
  },
  /** Scroll the editor when the preview scrolls. */
  scrollEditorWithPreview(): boolean {
    return vscode.workspace.getConfiguration('haGuide').get<boolean>('preview.scrollEditorWithPreview', true);
  },
  /** Double-click in the preview switches to the editor at that line. */
  doubleClickToSwitchToEditor(): boolean {
    return vscode.workspace.getConfiguration('haGuide').get<boolean>('preview.doubleClickToSwitchToEditor', true);
  },
  /**
   * The preview security level for workspaces where none was chosen with "Change Preview Security
   * Settings" (that choice is kept in the workspace's state, see previewManager.ts).
   */
  previewSecurity(): 'strict' | 'allowRemote' {
    return vscode.workspace.getConfiguration('haGuide').get<string>('preview.security', 'strict') === 'allowRemote' ? 'allowRemote' : 'strict';
  },
  /** Where a link to another document opens: in the preview (default) or in an editor beside it. */
  previewOpenLinks(): 'inPreview' | 'inEditor' {
    return vscode.workspace.getConfiguration('haGuide').get<string>('preview.openLinks', 'inPreview') === 'inEditor' ? 'inEditor' : 'inPreview';
  },
  /** Whether paths follow a renamed or moved file (like `markdown.updateLinksOnFileMove.enabled`). */
  updateLinksOnFileMove(): 'never' | 'prompt' | 'always' {
    const v = vscode.workspace.getConfiguration('haGuide').get<string>('updateLinksOnFileMove', 'prompt');
    return v === 'never' || v === 'always' ? v : 'prompt';
  },
  /** Where a dropped or pasted file is copied: document globs to destinations (like `markdown.copyFiles.destination`). */
  copyFilesDestination(scope: vscode.Uri): Record<string, unknown> {
    const v = vscode.workspace.getConfiguration('haGuide', scope).get<unknown>('copyFiles.destination', {});
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  },
  logLevel(): string {
    return vscode.workspace.getConfiguration('haGuide').get<string>('server.logLevel', 'info');
  },
};

/** Settings whose change needs a server restart (none today: the server pulls the rest). */
export const restartSettings: string[] = [];
