/**
 * The documents around the one `ha-guide preview` or `ha-guide render` shows: the other `.rst` files of its
 * Sphinx project read into the service's index, so that the page links a `:ref:` to a label of another
 * document and shows the title a `:doc:` names, as the VS Code preview (which indexes the workspace) does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToUri, toPath } from '../common/uri';
import { confinedReader, listRstFiles, readFileOrUndefined, repositoryRoot, sourceTreeRoot } from '../nodeWorkspace';
import type { NodeLanguageService } from '../nodeService';
import type { IWorkspace } from '../features/workspace';
import { includedPaths } from './includers';
import { restSuffixes } from '../common/sourceSuffix';

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
  // A project whose build reads MyST Markdown (`myst_parser`): its `.md` documents' labels and toctrees count;
  // one whose `source_suffix` names `.txt` (webob, Django): its `.txt` documents.
  const sourceSuffix = service.projects.project(sourceDir + 'conf.py')?.conf.sourceSuffix ?? ['.rst'];
  const suffixes = [...restSuffixes(sourceSuffix), ...(sourceSuffix.includes('.md') ? ['.md'] : [])];
  for (const uri of await listRstFiles([sourceDir], [], limit, suffixes)) {
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
 * only inside `root`. A file outside every Sphinx project is read with the project of its repository that
 * includes it (`CHANGES.rst`, which `docs/changes.rst` includes), if any; else nothing is read (`:ref:` and
 * `:doc:` are Sphinx's; and a file in a home folder must not start a walk of it).
 */
export async function indexProjectOf(service: NodeLanguageService, ws: IWorkspace, file: string, root: string): Promise<number> {
  const uri = pathToUri(file);
  const dir = ws.sourceDir(uri) ?? (await hostsInRepository([file], ws)).get(path.resolve(file));
  if (dir === undefined) return 0;
  return indexProjectDocuments(service, dir, (other) => other === uri, confinedReader([root]), MAX_PROJECT_DOCUMENTS);
}

/** How far below a repository's top a conf.py is looked for: `doc/source/conf.py` is 2 folders down. */
const CONF_DEPTH = 3;
/** At most this many folders of a repository are looked into for a conf.py. */
const MAX_CONF_FOLDERS = 5000;
/** Folders that hold no Sphinx project of the repository's own (build output, installed packages). */
const NOT_SOURCES = new Set(['node_modules', 'build', '_build', 'dist', 'site-packages', '__pycache__', 'venv']);

/**
 * For files outside every source folder that no input includes (a pre-commit hook names `CHANGES.rst` alone,
 * `ha-guide preview CHANGES.rst`): the source folder of a project of their repository (a conf.py at most
 * {@link CONF_DEPTH} folders below its top; outside any, of their source tree, `sourceTreeRoot`) with a document
 * that includes them, by absolute path. Projects
 * under `covered` (folders whose documents the command reads anyway, and has looked through) are skipped.
 */
export async function hostsInRepository(orphans: readonly string[], workspace: Pick<IWorkspace, 'sourceDir'>, covered: (dir: string) => boolean = () => false): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const byRepository = new Map<string, Set<string>>();
  for (const file of orphans) {
    // Outside a repository, the Python source tree the file tops (an unpacked release, a copy without `.git`:
    // flask's CHANGES.rst beside pyproject.toml), as `defaultRoot` takes it.
    const dir = path.dirname(path.resolve(file));
    const repo = repositoryRoot(dir) ?? sourceTreeRoot(dir);
    if (!repo) continue;
    let set = byRepository.get(repo);
    if (!set) byRepository.set(repo, (set = new Set()));
    set.add(path.resolve(file));
  }
  for (const [repo, wanted] of byRepository) {
    for (const confDir of confFolders(repo)) {
      if (covered(confDir)) continue;
      const sourceDir = workspace.sourceDir(pathToUri(path.join(confDir, 'conf.py')));
      if (!sourceDir) continue;
      for (const uri of await listRstFiles([sourceDir], [], MAX_PROJECT_DOCUMENTS)) {
        const file = toPath(uri);
        const text = file !== undefined ? readFileOrUndefined(file) : undefined;
        if (file === undefined || text === undefined) continue;
        for (const target of includedPaths(file, text, confDir)) {
          if (wanted.has(target) && !out.has(target)) out.set(target, sourceDir);
        }
      }
      if ([...wanted].every((f) => out.has(f))) break;
    }
  }
  return out;
}

/** At most this many folders of a source folder are looked through for symbolic links. */
const MAX_LINK_SEARCH_FOLDERS = 20000;

/**
 * The path the Sphinx build reads each file by, for files outside every source folder that a symbolic link inside
 * one leads to (the source folders of conf.py files under the file's root: its repository, or `--root`; see
 * `defaultRoot`): a folder link (nova-specs' `doc/source/specs/2027.1 -> ../../../specs/2027.1`, ironic-specs'
 * `doc/source/specs -> ../../specs`) or a file link (`doc/source/HACKING.rst -> ../../HACKING.rst`). A pre-commit
 * hook names `specs/2027.1/x.rst`; the build reads it as `doc/source/specs/2027.1/x.rst`. By absolute path;
 * source folders `covered` says were searched whole are not looked through again (`ha-guide lint .` reads the
 * files by the link's path itself).
 */
export function linksInRoots(
  files: readonly string[],
  roots: readonly string[],
  workspace: Pick<IWorkspace, 'sourceDir'>,
  covered: (dir: string) => boolean = () => false,
): Map<string, string> {
  const out = new Map<string, string>();
  const byRepository = new Map<string, string[]>();
  for (const file of files) {
    const abs = path.resolve(file);
    const repo = roots.filter((r) => abs.startsWith(r + path.sep)).sort((a, b) => b.length - a.length)[0];
    if (!repo) continue;
    const list = byRepository.get(repo);
    if (list) list.push(path.resolve(file));
    else byRepository.set(repo, [path.resolve(file)]);
  }
  for (const [repo, wanted] of byRepository) {
    for (const confDir of confFolders(repo)) {
      if (covered(confDir)) continue;
      const sourceDir = toPath(workspace.sourceDir(pathToUri(path.join(confDir, 'conf.py'))) ?? '');
      if (!sourceDir) continue;
      const byReal = new Map<string, string>();
      for (const { real, link } of linksUnder(sourceDir)) if (!byReal.has(real)) byReal.set(real, link);
      if (!byReal.size) continue;
      for (const f of wanted) {
        if (out.has(f)) continue;
        // A file that is a link itself is matched by where it leads (the middle of a chain of links); then each
        // folder above it, nearest first.
        const at = realOf(f);
        for (let dir = at; ; ) {
          const link = byReal.get(dir);
          if (link !== undefined) {
            out.set(f, link + at.slice(dir.length));
            break;
          }
          const up = path.dirname(dir);
          if (up === dir) break;
          dir = up;
        }
      }
      if (wanted.every((f) => out.has(f))) break;
    }
  }
  return out;
}

const realPaths = new Map<string, string>();
function realOf(file: string): string {
  let real = realPaths.get(file);
  if (real === undefined) {
    try {
      real = fs.realpathSync.native(file);
    } catch {
      real = file;
    }
    realPaths.set(file, real);
  }
  return real;
}

/** The symbolic links under a folder (not followed) with the real paths they lead to; broken ones left out. */
function linksUnder(top: string): { real: string; link: string }[] {
  const out: { real: string; link: string }[] = [];
  const stack = [top];
  let visited = 0;
  while (stack.length && ++visited <= MAX_LINK_SEARCH_FOLDERS) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || NOT_SOURCES.has(e.name)) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(full);
      else if (e.isSymbolicLink()) {
        try {
          out.push({ real: fs.realpathSync.native(full), link: full });
        } catch {
          // broken: it leads nowhere
        }
      }
    }
  }
  return out;
}

/** The folders holding a conf.py at most {@link CONF_DEPTH} folders below `top`, shallowest first, in name order. */
/** Whether a folder holding a conf.py lies in `top` (searched as `hostsInRepository` searches a repository). */
export function hasConfFolder(top: string): boolean {
  return confFolders(top).length > 0;
}

function confFolders(top: string): string[] {
  const out: string[] = [];
  let level = [top];
  let visited = 0;
  for (let depth = 0; depth <= CONF_DEPTH && level.length; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      if (++visited > MAX_CONF_FOLDERS) return out;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
      } catch {
        continue;
      }
      if (entries.some((e) => e.name === 'conf.py' && e.isFile())) out.push(dir);
      for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.') && !NOT_SOURCES.has(e.name)) next.push(path.join(dir, e.name));
    }
    level = next;
  }
  return out;
}
