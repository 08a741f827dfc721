import fs from 'node:fs';
import type { ServerHost } from './host';
import { createNodeLanguageService } from './nodeService';
import { listRstFiles, NodeWorkspace, toPath } from './nodeWorkspace';
import { createNodePreviewRenderer, previewResourcePolicy } from './preview/nodePreview';

/** The LSP server in a Node process (the desktop, `--stdio` clients): the file system, Graphviz in a worker thread. */
export function createNodeHost(): ServerHost {
  const workspace = new NodeWorkspace();
  return {
    workspace,
    createService: ({ graphvizTimeoutMs, ...options }) => createNodeLanguageService({ ...options, workspace, graphviz: { timeoutMs: graphvizTimeoutMs } }),
    listRstFiles: (folders, exclude, suffixes) => listRstFiles(folders, exclude, undefined, suffixes),
    async readText(uri) {
      const p = toPath(uri);
      if (!p) return undefined;
      try {
        return await fs.promises.readFile(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    async isDirectory(uri) {
      const p = toPath(uri);
      if (!p) return false;
      try {
        return fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
      } catch {
        return false;
      }
    },
    createPreviewRenderer: (service) => createNodePreviewRenderer(service.graphviz, { index: service.index, ws: service.projectWorkspace, projects: service.projects }),
    previewResourcePolicy,
    yieldToEvents: () => new Promise((r) => setImmediate(r)),
  };
}
