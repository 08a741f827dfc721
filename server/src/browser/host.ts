import type { Connection } from 'vscode-languageserver';
import { encodePath, fileUriToPath } from '../common/uri';
import { GraphvizQueue } from '../graphviz/queue';
import type { ServerHost } from '../host';
import type { ILogger } from '../logger';
import { confRootDoc, createHostLanguageService, type DiagramFiles, type HostLanguageService } from '../hostService';
import { workspaceLinks } from '../preview/previewRequest';
import { isRemoteUrl, OUTSIDE_PROJECT, remoteImage, SECURITY_HINTS } from '../preview/security';
import { FsMethods } from '../protocol/workspaceFs';
import { RstPreviewRenderer } from '../render/renderPreview';
import { webWorkerFactory } from './graphviz';
import { BrowserWorkspace, canonicalUri, type FsClient } from './workspace';

/** The file requests of protocol/workspaceFs.ts, sent to the extension over the connection. */
export function connectionFsClient(connection: Pick<Connection, 'sendRequest'>): FsClient {
  return {
    list: (p) => connection.sendRequest(FsMethods.list, p),
    read: (p) => connection.sendRequest(FsMethods.read, p),
    stat: (p) => connection.sendRequest(FsMethods.stat, p),
  };
}

/**
 * The LSP server in a web worker (vscode.dev, github.dev): the workspace through the extension's
 * `vscode.workspace.fs` (browser/workspace.ts), Graphviz in a web worker of its own (`graphvizWorkerUrl`).
 */
export function createBrowserHost(fs: FsClient, graphvizWorkerUrl: () => string | undefined): ServerHost {
  const workspace = new BrowserWorkspace(fs, confRootDoc);
  let logger: ILogger | undefined;
  let service: HostLanguageService | undefined;
  // The DOT checks and the renderer read `.. graphviz:: file.dot` and `literalinclude` by path, which `file:`
  // documents have; documents of other schemes (a GitHub repository) show those as unreadable.
  const files: DiagramFiles = {
    readFile: (p) => workspace.readFile('file://' + encodePath(p)),
    sourceDir: (docPath) => {
      const dir = workspace.sourceDir('file://' + encodePath(docPath));
      return dir ? fileUriToPath(dir)?.replace(/\/$/, '') : undefined;
    },
  };
  return {
    workspace,
    createService: ({ graphvizTimeoutMs, ...options }) => {
      logger = options.logger;
      const graphviz = new GraphvizQueue(webWorkerFactory(graphvizWorkerUrl), { logger: options.logger, timeoutMs: graphvizTimeoutMs });
      service = createHostLanguageService({ ...options, workspace }, graphviz, graphviz, files);
      return service;
    },
    listRstFiles: async (folders, exclude, suffixes) => {
      const found = await workspace.listRstFiles(folders, exclude, suffixes);
      for (const note of workspace.notes.splice(0)) logger?.warn(note);
      // A document opened before the files were listed was checked without its project (no conf.py seen):
      // its projects are read again, and the glue checks the open documents again once the index is built.
      if (workspace.takeAnsweredEarly() && service) {
        service.fileChanged();
        service.index.reparseAll();
      }
      return found;
    },
    readText: (uri) => workspace.readText(uri),
    isDirectory: (uri) => workspace.isDirectory(uri),
    createPreviewRenderer: (service) =>
      new RstPreviewRenderer({ graphviz: service.graphviz, readFile: files.readFile, sourceDir: files.sourceDir, ...workspaceLinks({ index: service.index, ws: service.projectWorkspace, projects: service.projects }) }),
    previewResourcePolicy: (folders, docUri, security) => {
      const roots = folders.map(canonicalUri);
      const doc = canonicalUri(docUri);
      if (!roots.some((r) => doc.startsWith(r + '/'))) roots.push(doc.slice(0, doc.lastIndexOf('/')));
      return (uri) => {
        if (isRemoteUrl(uri)) return remoteImage(uri, security, SECURITY_HINTS.editor);
        const c = canonicalUri(uri);
        return roots.some((r) => c.startsWith(r + '/')) ? undefined : { blocked: OUTSIDE_PROJECT };
      };
    },
    yieldToEvents: () => new Promise((r) => setTimeout(r, 0)),
  };
}
