import * as vscode from 'vscode';

/** The preview's font when none is set: the one VS Code's Markdown preview uses. */
export const DEFAULT_PREVIEW_FONT = "-apple-system, BlinkMacSystemFont, 'Segoe WPC', 'Segoe UI', system-ui, 'Ubuntu', 'Droid Sans', sans-serif";

/** The settings that change the preview's page (it is built again when one changes). */
export const PREVIEW_PAGE_SETTINGS = ['haGuide.styles', 'haGuide.preview.fontFamily', 'haGuide.preview.fontSize', 'haGuide.preview.lineHeight', 'haGuide.preview.markEditorSelection'];

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
  /** The preview's type (like `markdown.preview.fontFamily`, `fontSize`, `lineHeight`) and its active-line mark. */
  previewAppearance(scope?: vscode.Uri): { fontFamily: string; fontSize: number; lineHeight: number; markEditorSelection: boolean } {
    const c = vscode.workspace.getConfiguration('haGuide', scope);
    const positive = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d);
    const family = c.get<unknown>('preview.fontFamily', DEFAULT_PREVIEW_FONT);
    return {
      fontFamily: typeof family === 'string' && family.trim() ? family : DEFAULT_PREVIEW_FONT,
      fontSize: positive(c.get<unknown>('preview.fontSize', 14), 14),
      lineHeight: positive(c.get<unknown>('preview.lineHeight', 1.6), 1.6),
      markEditorSelection: c.get<boolean>('preview.markEditorSelection', true) !== false,
    };
  },
  /** Stylesheets added to the preview (like `markdown.styles`): URLs or paths, as written. */
  styles(scope?: vscode.Uri): string[] {
    const v = vscode.workspace.getConfiguration('haGuide', scope).get<unknown>('styles', []);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];
  },
  /** Whether text pasted from another document gets its relative paths written anew (like `markdown.editor.updateLinksOnPaste.enabled`). */
  updateLinksOnPaste(scope: vscode.Uri): boolean {
    return vscode.workspace.getConfiguration('haGuide', scope).get<boolean>('editor.updateLinksOnPaste.enabled', true) !== false;
  },
  logLevel(): string {
    return vscode.workspace.getConfiguration('haGuide').get<string>('server.logLevel', 'info');
  },
};

/** Settings whose change needs a server restart (none today: the server pulls the rest). */
export const restartSettings: string[] = [];
