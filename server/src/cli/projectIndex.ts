/**
 * The documents around the one `ha-guide preview` or `ha-guide render` shows: the other `.rst` files of its
 * Sphinx project read into the service's index, so that the page links a `:ref:` to a label of another
 * document and shows the title a `:doc:` names, as the VS Code preview (which indexes the workspace) does.
 */
import { pathToUri, toPath } from '../common/uri';
import { confinedReader, listRstFiles } from '../nodeWorkspace';
import type { NodeLanguageService } from '../nodeService';
import type { IWorkspace } from '../features/workspace';

/** At most this many documents are read (a larger tree links to the first ones found). */
export const MAX_PROJECT_DOCUMENTS = 20000;

/**
 * Reads the `.rst` files under a Sphinx source folder into the service's index, but those `skip` names and
 * those conf.py's `exclude_patterns` (or `[tool.ha-guide]` exclude) leave out of the build; a file `read`
 * cannot give is left out. Yields to the event loop every 50 files. Returns how many were read. `ha-guide
 * lint` (a project's other documents), `preview` and `render` share it.
 */
export async function indexProjectDocuments(
  service: NodeLanguageService,
  sourceDir: string,
  skip: (uri: string) => boolean,
  read: (path: string) => string | undefined,
  limit?: number,
): Promise<number> {
  let n = 0;
  // A project whose build reads MyST Markdown (`myst_parser`): its `.md` documents' labels and toctrees count.
  const markdown = service.projects.project(sourceDir + 'conf.py')?.conf.sourceSuffix.includes('.md') ?? false;
  for (const uri of await listRstFiles([sourceDir], [], limit, markdown ? ['.rst', '.md'] : ['.rst'])) {
    if (skip(uri) || service.projects.project(uri)?.excluded(uri)) continue;
    const p = toPath(uri);
    const text = p !== undefined ? read(p) : undefined;
    if (text === undefined) continue;
    if (uri.endsWith('.md')) service.index.setMarkdown(uri, 0, text);
    else service.index.set(uri, 0, text);
    if (++n % 50 === 0) await new Promise((r) => setImmediate(r));
  }
  return n;
}

/**
 * Reads the other `.rst` files of the Sphinx project of `file` (the folder of its conf.py) into the index,
 * only inside `root`. A file outside any Sphinx project reads nothing (`:ref:` and `:doc:` are Sphinx's; and
 * a file in a home folder must not start a walk of it).
 */
export async function indexProjectOf(service: NodeLanguageService, ws: IWorkspace, file: string, root: string): Promise<number> {
  const uri = pathToUri(file);
  const dir = ws.sourceDir(uri);
  if (dir === undefined) return 0;
  return indexProjectDocuments(service, dir, (other) => other === uri, confinedReader([root]), MAX_PROJECT_DOCUMENTS);
}
