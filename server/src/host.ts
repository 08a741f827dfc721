import type { IWorkspace } from './features/workspace';
import type { HostLanguageService } from './hostService';
import type { LanguageServiceOptions } from './languageService';
import type { PreviewSecurity, ResourceAnswer } from './preview/security';
import type { RstPreviewRenderer } from './render/renderPreview';

/**
 * What the LSP glue (server.ts) needs of the place it runs in: the Node process of the desktop (nodeHost.ts)
 * or the web worker of vscode.dev (browser/host.ts). The glue itself touches no file system.
 */
export interface ServerHost {
  readonly workspace: ServerWorkspace;
  /** The language service with Graphviz, reading the project through {@link workspace}. */
  createService(options: LanguageServiceOptions & { graphvizTimeoutMs: () => number }): HostLanguageService;
  /**
   * The `.rst` files (or those of other `suffixes`: a MyST project's `.md`) under the folders (URIs, sorted),
   * skipping excluded paths, `node_modules` and dot folders.
   */
  listRstFiles(folders: string[], exclude: RegExp[], suffixes?: readonly string[]): Promise<string[]>;
  /** A file's text for the index; undefined when it is gone or has no file behind it (`untitled:`). */
  readText(uri: string): Promise<string | undefined>;
  /** Whether the URI names a folder; false for whatever cannot be examined. */
  isDirectory(uri: string): Promise<boolean>;
  /** The preview renderer: layouts from the service's Graphviz, `:ref:` to other documents of the project. */
  createPreviewRenderer(service: HostLanguageService): RstPreviewRenderer;
  /** What the editor preview may show of the images a document names. */
  previewResourcePolicy(folders: readonly string[], docUri: string, security: PreviewSecurity): (uri: string) => ResourceAnswer;
  /** Lets the event loop run (between batches of a long indexing). */
  yieldToEvents(): Promise<void>;
}

/** The workspace behind `IWorkspace`, with what the glue tells it about folders and file changes. */
export interface ServerWorkspace extends IWorkspace {
  readFile(uri: string): string | undefined;
  setFolders(folders: string[]): void;
  /** Keep existence answers until `forgetFiles` (the client reports every file change). */
  keepFileChecks(on: boolean): void;
  /** A file or folder was created, changed or deleted: forget the kept answers. */
  forgetFiles(): void;
  /** A conf.py was created or deleted: forget the source folders found. */
  invalidate(): void;
  /** Brings a workspace that keeps a copy of the files up to date with reported changes, before the glue acts on them. */
  update?(changes: readonly { uri: string; type: number }[]): Promise<void>;
}
