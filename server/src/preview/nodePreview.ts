import path from 'node:path';
import { pathToUri, toPath } from '../common/uri';
import type { IGraphvizLayout } from '../dot/layout';
import { RstPreviewRenderer } from '../render/renderPreview';
import { insideRoots, readFileOrUndefined } from '../nodeWorkspace';
import { workspaceLinks } from './previewRequest';
import { isRemoteUrl, OUTSIDE_PROJECT, remoteImage, SECURITY_HINTS, type PreviewSecurity, type ResourceAnswer } from './security';

export { readFileOrUndefined };

/**
 * The preview renderer as Node hosts use it: files from disk, layouts from the service's Graphviz worker,
 * and, with a workspace, `:ref:` to labels of other documents of the same Sphinx project.
 */
export function createNodePreviewRenderer(graphviz: IGraphvizLayout | undefined, workspace?: Parameters<typeof workspaceLinks>[0]): RstPreviewRenderer {
  const ws = workspace?.ws;
  return new RstPreviewRenderer({
    graphviz,
    // Files outside the workspace folders (through ../ or a symbolic link) are never read into the preview.
    readFile: (p) => (ws?.isOutside?.(pathToUri(p)) ? undefined : readFileOrUndefined(p)),
    sourceDir: ws
      ? (docPath) => {
          const dir = ws.sourceDir(pathToUri(docPath));
          return dir ? toPath(dir) : undefined;
        }
      : undefined,
    ...(workspace ? workspaceLinks(workspace) : {}),
  });
}

/**
 * What the editor preview may show of the images a document names. VS Code's `localResourceRoots` compare
 * paths as written and do not resolve symbolic links, so a link inside the workspace to a file outside
 * would be served: only files whose real path (links resolved) lies inside a workspace folder (or, for a
 * document outside every folder, inside its own folder, the root the webview gets then) are left to the
 * host to map; the others become placeholders that say why. Remote images follow the security level.
 */
export function previewResourcePolicy(folders: readonly string[], docUri: string, security: PreviewSecurity): (uri: string) => ResourceAnswer {
  const roots = folders.map(toPath).filter((p): p is string => p !== undefined);
  const doc = toPath(docUri);
  if (doc !== undefined && !insideRoots(roots)(doc)) roots.push(path.dirname(doc));
  const inside = insideRoots(roots);
  return (uri) => {
    if (isRemoteUrl(uri)) return remoteImage(uri, security, SECURITY_HINTS.editor);
    const p = toPath(uri);
    return p !== undefined && inside(p) ? undefined : { blocked: OUTSIDE_PROJECT };
  };
}

export { previewDocument, projectHighlightLanguage, projectRenderOptions, renderForPreview } from './previewRequest';
