/**
 * The web extension's file requests (server -> client): the language server runs in a web worker with no file
 * system, so it asks the extension, which answers with `vscode.workspace.fs` (any file system VS Code has:
 * a GitHub repository on vscode.dev, a local folder opened in the browser). Changes arrive as the usual
 * `workspace/didChangeWatchedFiles`.
 */
export const FsMethods = {
  /** Every file and folder under a folder ({@link FsListParams} -> {@link FsListResult}). */
  list: 'haGuide/fs/list',
  /** A file's text ({@link FsReadParams} -> {@link FsReadResult}). */
  read: 'haGuide/fs/read',
  /** What is at a URI ({@link FsStatParams} -> {@link FsStatResult}). */
  stat: 'haGuide/fs/stat',
} as const;

export interface FsListParams {
  /** A folder URI. */
  folder: string;
  /** At most this many entries (the answer says when more were left out). */
  limit: number;
}

export interface FsEntry {
  uri: string;
  directory: boolean;
}

export interface FsListResult {
  /** Files and folders, `node_modules` and names starting with a dot left out, as the desktop server does. */
  entries: FsEntry[];
  /** True when the limit cut the listing short. */
  truncated: boolean;
}

export interface FsReadParams {
  uri: string;
  /** Files larger than this (bytes) are not read. */
  maxBytes: number;
}

export interface FsReadResult {
  /** The text (UTF-8); absent when the file is missing, a folder, too large or unreadable. */
  text?: string;
}

export interface FsStatParams {
  uri: string;
}

export interface FsStatResult {
  type: 'file' | 'directory' | 'none';
  size: number;
}
