/** Custom LSP methods shared by the client and the server. All live under `haGuide/`. */
export const Methods = {
  /** Server -> client: a log line for the output channel at a level. */
  log: 'haGuide/log',
  /** Client -> server: the document rendered for the live preview ({@link PreviewParams} -> {@link PreviewResult}). */
  preview: 'haGuide/preview',
  /** Client -> server: every place that names a file or folder ({@link FileReferencesParams} -> LSP `Location[]`). */
  fileReferences: 'haGuide/fileReferences',
  /** Client -> server: copied text as it is pasted into another document ({@link PastedTextParams} -> {@link PastedTextResult} or null). */
  pastedText: 'haGuide/pastedText',
} as const;

export interface PastedTextParams {
  /** The document the text was copied from. */
  fromUri: string;
  /** The document it is pasted into. */
  toUri: string;
  text: string;
}

/** The text to paste, its relative paths written from the new document's folder. */
export interface PastedTextResult {
  text: string;
}

export interface FileReferencesParams {
  /** The file or folder. */
  uri: string;
}

/**
 * `workspace/executeCommand` commands of the server. `tableEdit` takes one {@link TableEditArgs}; the server
 * applies the edit (`workspace/applyEdit`) or shows why the table was left alone, and answers {@link TableEditAnswer}.
 */
export const ServerCommands = {
  tableEdit: 'haGuide.server.tableEdit',
} as const;

export interface TableEditArgs {
  uri: string;
  position: { line: number; character: number };
  op: 'format' | 'toGrid' | 'toSimple' | 'toList' | 'addColumn' | 'addRow' | 'removeColumn' | 'removeRow';
}

export interface TableEditAnswer {
  applied: boolean;
  /** Why nothing was changed (also shown to the user by the server). */
  message?: string;
}

export interface LogParams {
  level: 'error' | 'warning' | 'info' | 'debug';
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Live preview: the `haGuide/preview` request and the messages between a preview host (the extension,
// or `ha-guide preview`) and the script in the preview page (client/webview).
// ---------------------------------------------------------------------------------------------

export interface PreviewParams {
  uri: string;
  /** The text, for a document the server does not have open (a locked preview of a closed file). */
  text?: string;
  /** Milliseconds to wait for diagram layouts before answering with those still running as pending. */
  waitMs?: number;
  /** The preview's security level (default `strict`: remote images become placeholders). */
  security?: 'strict' | 'allowRemote';
}

export interface PreviewResult {
  uri: string;
  /** The document version rendered (-1 when the text came with the request). */
  version: number;
  /** Body HTML: every block with `data-line`; diagram containers with `data-key`, their SVG in `diagrams`. */
  html: string;
  title: string;
  /** Sanitised SVG by key. */
  diagrams: Record<string, string>;
  /** `file:` URIs of local images the HTML names with `data-hg-src`: the host maps them to URLs it serves. */
  resources: string[];
  /** Diagrams still being laid out (ask again to get them). */
  pending: number;
  /** Diagrams that failed to lay out. */
  errors: number;
}

/** What the preview page keeps across reloads (VS Code's webview state; restored by the serializer). */
export interface PreviewState {
  uri: string;
  locked: boolean;
  /** The source line at the top of the preview. */
  line?: number;
}

/** Host -> preview page. */
export type HostToPreviewMessage =
  | {
      type: 'update';
      uri: string;
      /** Increases with every update of a preview; the page ignores an update older than the one it shows. */
      version: number;
      html: string;
      title: string;
      diagrams: Record<string, string>;
      /** `file:` URI -> URL the page may load. */
      resources: Record<string, string>;
      pending: number;
      /** Scroll to this source line after the update (a new document, a restored preview). */
      line?: number;
      /** Scroll to the element with this id after the update (a link to a place of another document). */
      fragment?: string;
      /** A link switched the preview to this document: the name of the one "Back" returns to. */
      back?: string;
    }
  | { type: 'scrollToLine'; line: number }
  /** The editor's cursor is on this source line (marked when `haGuide.preview.markEditorSelection` is on; -1: no editor, no mark). */
  | { type: 'selectLine'; line: number }
  /** Rasterise a diagram and answer with `savePng` (the context menu's "Export Diagram as PNG"). */
  | { type: 'exportPng'; key: string };

/** Preview page -> host. */
export type PreviewToHostMessage =
  | { type: 'ready' }
  /** An update is on screen (tests and the benchmark wait for it). */
  | { type: 'rendered'; version: number; diagrams: number; title: string }
  /** The preview was scrolled: the source line now at its top. */
  | { type: 'revealLine'; line: number }
  /** Double-click on text, or a click on a diagram node: show this place of the source (or of `uri`). */
  | { type: 'openSource'; line: number; character?: number; endLine?: number; endCharacter?: number; uri?: string }
  /** A link that is not an in-page fragment. */
  | { type: 'openLink'; href: string }
  /** Back to the document shown before a link switched the preview (Alt+Left, the Back button). */
  | { type: 'back' }
  /** Open a diagram in its own panel (zoom, pan, search). */
  | { type: 'openDiagram'; key: string; name: string; dotBase?: number; dotShift?: number; dotFile?: string }
  | { type: 'copySvg'; key: string }
  | { type: 'saveSvg'; key: string; name: string }
  | { type: 'savePng'; key: string; name: string; dataUrl: string }
  /** The "some content has been disabled" notice was clicked: offer the security levels. */
  | { type: 'showSecuritySettings' };
