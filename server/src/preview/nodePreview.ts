import fs from 'node:fs';
import path from 'node:path';
import { pathToUri, toPath } from '../common/uri';
import type { IGraphvizLayout } from '../dot/layout';
import { RstPreviewRenderer, type PreviewRequest } from '../render/renderPreview';
import { projectLabels, relativePath, type IWorkspace, type WorkspaceIndex } from '../features/workspace';
import type { ITextDocument, LanguageService } from '../languageService';
import { insideRoots } from '../nodeWorkspace';
import type { PreviewParams, PreviewResult } from '../protocol/requests';
import { isRemoteUrl, OUTSIDE_PROJECT, remoteImage, SECURITY_HINTS, type PreviewSecurity, type ResourceAnswer } from './security';

/** Reads a file (a graphviz file, a `literalinclude`, the `conf.py` search); undefined when unreadable. */
export function readFileOrUndefined(p: string): string | undefined {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The preview renderer as Node hosts use it: files from disk, layouts from the service's Graphviz worker,
 * and, with a workspace, `:ref:` to labels of other documents of the same Sphinx project.
 */
export function createNodePreviewRenderer(graphviz: IGraphvizLayout | undefined, workspace?: { index: WorkspaceIndex; ws: IWorkspace }): RstPreviewRenderer {
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
    resolveLabel: workspace
      ? (name, fromUri) => {
          const def = projectLabels(workspace.index, workspace.ws, name, fromUri).find((l) => l.uri !== fromUri);
          if (!def) return undefined;
          // `#L<line>` makes VS Code open the document at the label.
          const line = (workspace.index.position(def.uri, def.span.start)?.line ?? 0) + 1;
          return { href: `${relativePath(fromUri, def.uri)}#L${line}`, title: def.title };
        }
      : undefined,
  });
}

/**
 * Answers `haGuide/preview`: the open document (or the text sent with the request) parsed once by the
 * service (its cache) and rendered; null when there is neither.
 */
export async function renderForPreview(
  service: Pick<LanguageService, 'parse'> & Partial<Pick<LanguageService, 'projects'>>,
  renderer: RstPreviewRenderer,
  open: ITextDocument | undefined,
  params: PreviewParams,
  request: Partial<PreviewRequest> = {},
): Promise<PreviewResult | null> {
  const text = params.text;
  const doc: ITextDocument | undefined = open ?? (text !== undefined ? { uri: params.uri, version: -1, getText: () => text } : undefined);
  if (!doc) return null;
  const version = doc.version;
  const project = service.projects?.project(params.uri);
  const highlightLanguage = project ? projectHighlightLanguage(project.conf.values.highlight_language) : undefined;
  const rendered = await renderer.render(service.parse(doc), { uri: params.uri, interactive: true, waitMs: params.waitMs, highlightLanguage, ...request });
  return { uri: params.uri, version, ...rendered };
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

/**
 * The language conf.py's `highlight_language` names for literal blocks of a Sphinx project: Sphinx's default
 * (`default`, also when unset) highlights them as Python; a value that cannot be read statically leaves them
 * plain, as do documents outside any Sphinx project (docutils highlights nothing).
 */
export function projectHighlightLanguage(value: unknown): string | undefined {
  if (value === undefined) return 'default';
  return typeof value === 'string' ? value : undefined;
}
