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
 * Reads the `.rst` files of the Sphinx project of `file` (the folder of its conf.py) into the index, those
 * conf.py's `exclude_patterns` leave out skipped, and only inside `root`. A file outside any Sphinx project
 * reads nothing (`:ref:` and `:doc:` are Sphinx's; and a file in a home folder must not start a walk of
 * it). Yields between folders and every 50 files. Returns how many were read.
 */
export async function indexProjectOf(service: NodeLanguageService, ws: IWorkspace, file: string, root: string): Promise<number> {
  const uri = pathToUri(file);
  const dir = ws.sourceDir(uri);
  if (dir === undefined) return 0;
  const read = confinedReader([root]);
  let n = 0;
  for (const other of await listRstFiles([dir], [], MAX_PROJECT_DOCUMENTS)) {
    if (other === uri || service.projects.project(other)?.excluded(other)) continue;
    const p = toPath(other);
    const text = p !== undefined ? read(p) : undefined;
    if (text === undefined) continue;
    service.index.set(other, -1, text);
    if (++n % 50 === 0) await new Promise((r) => setImmediate(r));
  }
  return n;
}
