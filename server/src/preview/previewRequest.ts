import { buildDocumentOf, documentFile, projectLabels, relativePath, resolveDoc, resolvePath, type IWorkspace, type WorkspaceIndex } from '../features/workspace';
import type { ITextDocument, LanguageService } from '../languageService';
import type { PreviewParams, PreviewResult } from '../protocol/requests';
import type { SphinxProject } from '../project/project';
import type { PreviewRendererOptions, PreviewRequest, RstPreviewRenderer } from '../render/renderPreview';
import type { RstDocument } from '../rst/types';
import { isReleaseNote } from '../features/releaseNotes';

/** What the desktop and the web server share of the preview: the request's answer, `:ref:` to other documents. */

/** `:ref:` to labels of other documents of the same Sphinx project, as links that open the document at the label. */
export function workspaceLabelResolver(workspace: { index: WorkspaceIndex; ws: IWorkspace }): NonNullable<PreviewRendererOptions['resolveLabel']> {
  return (name, fromUri) => {
    const def = projectLabels(workspace.index, workspace.ws, name, fromUri).find((l) => l.uri !== fromUri);
    if (!def) return undefined;
    // `#L<line>` makes VS Code open the document at the label.
    const line = (workspace.index.position(def.uri, def.span.start)?.line ?? 0) + 1;
    return { href: `${relativePath(fromUri, def.uri)}#L${line}`, title: def.title };
  };
}

/**
 * What the workspace index gives a rendering of links to other documents: `:ref:` to their labels, and the
 * documents `:doc:` and toctree entries name (a `/`-rooted target from the Sphinx source folder) with the
 * titles they show (the document's first section title, as Sphinx shows it).
 */
export function workspaceLinks(workspace: { index: WorkspaceIndex; ws: IWorkspace; projects?: { project(uri: string): SphinxProject | undefined } }): Pick<PreviewRendererOptions, 'resolveLabel' | 'resolveDoc' | 'fileHref' | 'fileExists' | 'buildDocument'> {
  const labels = workspaceLabelResolver(workspace);
  /** `cdg:index` with `cdg` in conf.py's intersphinx_mapping: the inventory's name, its base URL, the rest. */
  const intersphinx = (fromUri: string, target: string) => {
    const m = /^([^:\s]+):([\s\S]+)$/.exec(target);
    const project = m ? workspace.projects?.project(fromUri) : undefined;
    if (!m || !project?.intersphinx.has(m[1])) return undefined;
    const mapping = project.conf.values['intersphinx_mapping'];
    const entry = mapping && typeof mapping === 'object' && !Array.isArray(mapping) ? (mapping as Record<string, unknown>)[m[1]] : undefined;
    const base = Array.isArray(entry) && typeof entry[0] === 'string' && /^https?:\/\//i.test(entry[0]) ? entry[0].replace(/\/+$/, '') : undefined;
    return { inventory: m[1], base, rest: m[2] };
  };
  return {
    // A label of another project's inventory: named, with no address (only its inventory file knows it).
    resolveLabel: (name, fromUri) => {
      const other = intersphinx(fromUri, name);
      return other ? { inventory: other.inventory } : labels(name, fromUri);
    },
    resolveDoc: (target, fromUri) => {
      // A document of another project: its page under the inventory's address, as Sphinx's HTML builder names it.
      const other = intersphinx(fromUri, target.replace(/\.rst$/, ''));
      if (other) return { inventory: other.inventory, href: other.base && `${other.base}/${other.rest.replace(/^\//, '')}.html` };
      const key = resolveDoc(workspace.ws, fromUri, target);
      // The document of whichever source suffix the project has it in (a MyST `.md`).
      const uri = documentFile({ ...workspace, projects: workspace.projects }, key) ?? key;
      return { href: relativePath(fromUri, uri), title: workspace.index.get(uri)?.title ?? workspace.index.markdownDoc(uri)?.summary.title };
    },
    fileHref: (target, fromUri) => relativePath(fromUri, resolvePath(workspace.ws, fromUri, target)),
    fileExists: (uri) => workspace.ws.exists(uri),
    buildDocument: (uri, at) => buildDocumentOf(workspace.ws, uri, at),
  };
}

/**
 * Answers `haGuide/preview`: the open document (or the text sent with the request) parsed once by the
 * service (its cache) and rendered; null when there is neither.
 */
export async function renderForPreview(
  service: Pick<LanguageService, 'parse'> & Partial<Pick<LanguageService, 'projects' | 'releaseNotePage'>>,
  renderer: RstPreviewRenderer,
  open: ITextDocument | undefined,
  params: PreviewParams,
  request: Partial<PreviewRequest> = {},
): Promise<PreviewResult | null> {
  const text = params.text;
  const doc: ITextDocument | undefined = open ?? (text !== undefined ? { uri: params.uri, version: -1, getText: () => text } : undefined);
  if (!doc) return null;
  const version = doc.version;
  const shown = previewDocument(service, doc);
  const rendered = await renderer.render(shown.parsed, { uri: params.uri, interactive: true, waitMs: params.waitMs, ...projectRenderOptions(service, shown.projectUri), ...request });
  return { uri: params.uri, version, ...rendered, html: shown.html(rendered.html) };
}

/**
 * What a preview renders of a document: its tree, with its project's rendering options (`projectUri`); of a reno
 * release note, the page reno writes of it, with the project that builds the release notes, and `html` puts the
 * note's lines into the rendered page, so that the preview and the editor scroll together and a click finds the
 * note.
 */
export function previewDocument(
  service: Pick<LanguageService, 'parse'> & Partial<Pick<LanguageService, 'releaseNotePage'>>,
  doc: ITextDocument,
): { parsed: RstDocument; projectUri: string; html: (rendered: string) => string } {
  if (service.releaseNotePage && isReleaseNote(doc.uri)) {
    const page = service.releaseNotePage(doc);
    return { parsed: page.parsed, projectUri: page.source ?? doc.uri, html: (rendered) => withSourceLines(rendered, page.lineOf, page.shiftOf) };
  }
  return { parsed: service.parse(doc), projectUri: doc.uri, html: (rendered) => rendered };
}

/**
 * The page's source lines (`data-line`, `data-line-end`, a diagram's `data-dot-base`) as lines of the file the page
 * was written from (a note's block scalar keeps its lines: a diagram's lines follow from its first), and beside a
 * diagram's `data-dot-base` its `data-dot-shift` from `shiftOf` when not 0: the columns its lines stand further right
 * in the file than on the page (the page script adds them to a clicked node's columns).
 */
export function withSourceLines(html: string, lineOf: readonly number[], shiftOf: readonly number[] = []): string {
  if (!lineOf.length) return html;
  return html.replace(/ data-(line|line-end|dot-base)="(\d+)"/g, (_, name: string, n: string) => {
    const at = Math.min(Number(n), lineOf.length - 1);
    const shift = name === 'dot-base' ? (shiftOf[at] ?? 0) : 0;
    return ` data-${name}="${lineOf[at]}"${shift ? ` data-dot-shift="${shift}"` : ''}`;
  });
}

/**
 * What a document's Sphinx project adds to its rendering: the language of its literal blocks
 * (`highlight_language`) and the substitutions of `rst_prolog` / `rst_epilog`. Nothing outside a project.
 */
export function projectRenderOptions(service: Partial<Pick<LanguageService, 'projects'>>, uri: string): { highlightLanguage?: string; prelude?: RstDocument } {
  const project = service.projects?.project(uri);
  if (!project) return {};
  return { highlightLanguage: projectHighlightLanguage(project.conf.values.highlight_language), prelude: project.prelude };
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
