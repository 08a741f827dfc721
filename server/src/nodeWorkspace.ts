import fs from 'node:fs';
import path from 'node:path';
import { pathToUri, toPath } from './common/uri';
import type { IWorkspace } from './features/workspace';
import { cmakeConfigured, cmakeSphinxBuilds } from './common/cmakeConfigure';
import { mesonConfigured } from './common/mesonConfigure';
import { sourceBelow } from './common/sourceBelow';
import { confRootDoc } from './project/confpy';
import { confElsewhereBuilds } from './project/sphinxBuilds';

/** The file system behind the navigation features, for the LSP server and the CLI. */
export class NodeWorkspace implements IWorkspace {
  private readonly confDirs = new Map<string, string | undefined>();
  /** Whether a folder's CMakeLists.txt configures its conf.py, per folder (`cmakeConfFolders`); new on `invalidate`. */
  private hasCMakeConf = cmakeConfFolders();
  /** The answer of `sourceDir` per folder of a file (its URI up to the last `/`: the path of a folder is worked out once). */
  private readonly sourceDirs = new Map<string, string | undefined>();
  /** The paths of the folders; computed on first use. */
  private rootPaths: string[] | undefined;
  /** The last answer of `sourceDir`, by its file's URI. */
  private lastSourceDir: { uri: string; dir: string | undefined } | undefined;

  /** Real paths (symbolic links resolved) of the folders; computed on first use. */
  private realRoots: string[] | undefined;

  /**
   * `folders` are the project roots (the workspace folders; for the CLI, the enclosing repository): a file a
   * document names is read only when its real path lies inside one of them. Without folders, any file.
   */
  constructor(private folders: string[] = []) {}

  setFolders(folders: string[]): void {
    this.folders = folders;
    this.realRoots = undefined;
    this.rootPaths = undefined;
    this.confDirs.clear();
    this.hasCMakeConf = cmakeConfFolders();
    this.confOf.clear();
    this.cmakeBuilds.clear();
    this.commandBuilds.clear();
    this.belowConf.clear();
    this.sourceDirs.clear();
    this.lastSourceDir = undefined;
    this.forgetFiles();
  }

  /** True when the file's real path (symbolic links resolved) lies outside every folder of the workspace. */
  isOutside(uri: string): boolean {
    const kept = this.fileChecks?.outside;
    if (!kept) return this.checkOutside(uri);
    let v = kept.get(uri);
    if (v === undefined) {
      if (kept.size > 100000) kept.clear();
      kept.set(uri, (v = this.checkOutside(uri)));
    }
    return v;
  }

  private checkOutside(uri: string): boolean {
    const p = toPath(uri);
    if (p === undefined) return false;
    this.realRoots ??= this.folders.map(toPath).flatMap((f) => (f ? [realOrUndefined(f) ?? path.resolve(f)] : []));
    if (!this.realRoots.length) return false;
    // A missing file is judged by the path as written (it cannot be read anyway).
    const real = realOrUndefined(p) ?? path.resolve(p);
    return !this.realRoots.some((r) => real === r || real.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
  }

  /** Forget cached conf.py look-ups (a conf.py was created or deleted). */
  invalidate(): void {
    this.confDirs.clear();
    this.hasCMakeConf = cmakeConfFolders();
    this.confOf.clear();
    this.cmakeBuilds.clear();
    this.commandBuilds.clear();
    this.belowConf.clear();
    this.sourceDirs.clear();
    this.lastSourceDir = undefined;
    this.forgetFiles();
  }

  /**
   * Existence and inside-the-project answers kept per URI, for a client that reports every file change
   * (the server forgets them on each report): a keystroke then asks the file system nothing.
   */
  private fileChecks: { exists: Map<string, boolean>; outside: Map<string, boolean> } | undefined;

  /** Keeps `exists` and `isOutside` answers until `forgetFiles` (only when file changes are reported). */
  keepFileChecks(on: boolean): void {
    this.fileChecks = on ? { exists: new Map(), outside: new Map() } : undefined;
  }

  /** A file or folder was created, changed or deleted: forget the kept answers. */
  forgetFiles(): void {
    this.fileChecks?.exists.clear();
    this.fileChecks?.outside.clear();
  }

  /** Files larger than this are not read for project knowledge (a conf.py or an included file). */
  static readonly MAX_READ = 8 * 1024 * 1024;

  readFile(uri: string): string | undefined {
    const p = toPath(uri);
    if (p === undefined) return undefined;
    try {
      // A file that is not there (most look-ups: pyproject.toml in each folder above) costs one stat, not a
      // real path resolution.
      const st = fs.statSync(p, { throwIfNoEntry: false });
      if (!st?.isFile() || st.size > NodeWorkspace.MAX_READ || this.isOutside(uri)) return undefined;
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  }

  listDir(folderUri: string): { name: string; folder: boolean }[] | undefined {
    const p = toPath(folderUri);
    if (p === undefined || this.isOutside(folderUri)) return undefined;
    try {
      return fs.readdirSync(p, { withFileTypes: true }).slice(0, 5000).map((e) => ({ name: e.name, folder: e.isDirectory() || (e.isSymbolicLink() && isDir(path.join(p, e.name))) }));
    } catch {
      return undefined;
    }
  }

  linkTarget(uri: string): string | undefined {
    return listedLinks.get(uri);
  }

  private readonly linkedFolders = new Map<string, boolean>();

  isLinkedFolder(folderUri: string): boolean {
    let v = this.linkedFolders.get(folderUri);
    if (v === undefined) {
      const p = toPath(folderUri.replace(/\/+$/, ''));
      try {
        v = p !== undefined && fs.lstatSync(p).isSymbolicLink();
      } catch {
        v = false;
      }
      if (this.linkedFolders.size > 10000) this.linkedFolders.clear();
      this.linkedFolders.set(folderUri, v);
    }
    return v;
  }

  exists(uri: string): boolean {
    const kept = this.fileChecks?.exists;
    let v = kept?.get(uri);
    if (v === undefined) {
      const p = toPath(uri);
      v = p !== undefined && fs.existsSync(p);
      if (kept) {
        if (kept.size > 100000) kept.clear();
        kept.set(uri, v);
      }
    }
    return v;
  }

  sourceDir(uri: string): string | undefined {
    // A document's checks ask for it again and again: the last answer is kept by its URI.
    if (uri === this.lastSourceDir?.uri) return this.lastSourceDir.dir;
    // The answer is the folder's: a tree of 10,000 documents in 200 folders works out 200 paths, not 10,000.
    // (A URI ending in `/` is looked up from its parent, as before: it keeps an entry of its own.)
    // conf.py has an entry of its own too: it stands for its build, which may be a folder below (`sourceBelow`).
    const folder = uri.endsWith('/') ? uri + '\0' : uri.endsWith('/conf.py') ? uri : uri.slice(0, uri.lastIndexOf('/') + 1);
    let dir = this.sourceDirs.get(folder);
    if (dir === undefined && !this.sourceDirs.has(folder)) {
      if (this.sourceDirs.size > 100000) this.sourceDirs.clear();
      this.sourceDirs.set(folder, (dir = this.findSourceDir(uri)));
    }
    this.lastSourceDir = { uri, dir };
    return dir;
  }

  /**
   * The folder conf.py is read from for a source folder (see `sourceDir`): the folder above it whose conf.py a
   * `-c` build uses, or the source folder itself.
   */
  confDir(sourceDir: string): string {
    // Noted by the walk that found the source folder; after `invalidate`, the walk from the folder itself notes it again.
    if (!this.confOf.has(sourceDir)) this.sourceDir(sourceDir + '.conf-of');
    return this.confOf.get(sourceDir) ?? sourceDir;
  }

  /** Source folders whose conf.py is in a folder above them (a build with `-c`), with that folder. */
  private readonly confOf = new Map<string, string>();

  private findSourceDir(uri: string): string | undefined {
    const file = toPath(uri);
    if (!file) return undefined;
    const roots = (this.rootPaths ??= this.folders.map(toPath).filter((x): x is string => !!x));
    let dir = path.dirname(file);
    // conf.py itself stands for its build: the source folder below it when it has one.
    if (path.basename(file) === 'conf.py' && fs.existsSync(file)) {
      const below = this.sourceBelowOf(dir);
      if (below !== undefined) return pathToUri(below) + '/';
    }
    const seen: string[] = [];
    let found: string | undefined;
    /** The source folder below the conf.py found (see `sourceBelow`). */
    let below: string | undefined;
    for (;;) {
      // What is noted for a `-c` build's conf.py folder answers for the files in it (in no build), not for
      // the folders below it, which the walk works out again from its `sourceBelow`.
      if (this.confDirs.has(dir) && this.belowConf.get(dir) === undefined) {
        found = this.confDirs.get(dir);
        break;
      }
      seen.push(dir);
      if (fs.existsSync(path.join(dir, 'conf.py'))) {
        found = pathToUri(dir) + '/';
        below = this.sourceBelowOf(dir);
        break;
      }
      // A folder whose CMakeLists.txt or meson.build configures its conf.py from a template (`cmakeConfigured`, `mesonConfigured`).
      if (this.hasCMakeConf(dir)) {
        found = pathToUri(dir) + '/';
        break;
      }
      const parent = path.dirname(dir);
      if (parent === dir || roots.includes(dir)) break;
      dir = parent;
    }
    if (below !== undefined && found !== undefined) {
      // The folders below the source folder are in its build; the others beside it in none (as files outside
      // any source folder are: a file they hold is read as a part of the document that includes it).
      const source = pathToUri(below) + '/';
      for (const d of seen) this.confDirs.set(d, d === below || d.startsWith(below + path.sep) ? source : undefined);
      return this.confDirs.get(path.dirname(file));
    }
    if (found === undefined) {
      // A folder a CMake build elsewhere in the tree runs sphinx-build on with the conf.py it configures
      // (`cmakeSphinxBuilds`), or one a command of noxfile.py or tox.ini builds with `-c` a folder holding
      // conf.py (`confElsewhereBuilds`): the build's source folder, read with that conf.py.
      const source = this.cmakeSourceOf(path.dirname(file)) ?? this.commandSourceOf(path.dirname(file));
      if (source !== undefined) {
        const at = toPath(source)!.replace(/\/$/, '');
        for (const d of seen) this.confDirs.set(d, d === at || d.startsWith(at + path.sep) ? source : undefined);
        return this.confDirs.get(path.dirname(file));
      }
    }
    for (const d of seen) this.confDirs.set(d, found);
    return found;
  }

  /**
   * The source folder (a URI ending in `/`) of a CMake Sphinx build whose conf.py is configured in another folder
   * (`cmakeSphinxBuilds`) that holds `dir`, from the highest folder at or above it, up to the workspace folder,
   * that holds a CMakeLists.txt (the walk that asks may have stopped below it, at a folder whose answer is
   * kept); the conf.py folder is noted for `confDir`. Undefined when there is none.
   */
  private cmakeSourceOf(dir: string): string | undefined {
    const roots = (this.rootPaths ??= this.folders.map(toPath).filter((x): x is string => !!x));
    let top: string | undefined;
    for (let d = dir; ; ) {
      if (fs.existsSync(path.join(d, 'CMakeLists.txt'))) top = d;
      const up = path.dirname(d);
      if (up === d || roots.includes(d)) break;
      d = up;
    }
    if (top === undefined) return undefined;
    let builds = this.cmakeBuilds.get(top);
    if (builds === undefined) {
      const read = (uri: string) => readFileOrUndefined(toPath(uri) ?? '');
      // The root document the template names (as conf.py names it: `sourceBelow`); one it computes is not checked.
      const hasRoot = (folder: string, conf: string) => {
        const root = confRootDoc(conf);
        return root === null || ['.rst', '.md', '.txt'].some((x) => fs.existsSync((toPath(folder + (root ?? 'index')) ?? '') + x));
      };
      builds = cmakeSphinxBuilds(pathToUri(top) + '/', read, hasRoot);
      this.cmakeBuilds.set(top, builds);
    }
    const here = pathToUri(dir) + '/';
    let best: string | undefined;
    for (const source of builds.keys()) if (here.startsWith(source) && (best === undefined || source.length > best.length)) best = source;
    if (best !== undefined) this.confOf.set(best, builds.get(best)!);
    return best;
  }

  /** `cmakeSphinxBuilds` per top folder of a CMake tree (a path). */
  private readonly cmakeBuilds = new Map<string, Map<string, string>>();

  /**
   * The source folder (a URI ending in `/`) of a build that the noxfile.py or tox.ini of a folder at or above
   * `dir`, up to the workspace folder, runs with `-c` another folder holding conf.py (`confElsewhereBuilds`):
   * the deepest one holding `dir`; its conf.py folder is noted for `confDir`. Undefined when there is none.
   */
  private commandSourceOf(dir: string): string | undefined {
    const roots = (this.rootPaths ??= this.folders.map(toPath).filter((x): x is string => !!x));
    let best: { source: string; conf: string } | undefined;
    for (let d = dir; ; ) {
      for (const [source, conf] of this.commandBuildsOf(d)) {
        if ((dir === source || dir.startsWith(source + path.sep)) && (best === undefined || source.length > best.source.length)) best = { source, conf };
      }
      const up = path.dirname(d);
      if (up === d || roots.includes(d)) break;
      d = up;
    }
    if (best === undefined) return undefined;
    const source = pathToUri(best.source) + '/';
    this.confOf.set(source, pathToUri(best.conf) + '/');
    return source;
  }

  /** The builds of a folder's noxfile.py and tox.ini whose conf.py is in another folder (paths), read once per folder. */
  private commandBuildsOf(dir: string): Map<string, string> {
    let builds = this.commandBuilds.get(dir);
    if (builds === undefined) {
      builds = new Map();
      if (fs.existsSync(path.join(dir, 'noxfile.py')) || fs.existsSync(path.join(dir, 'tox.ini'))) {
        for (const [source, conf] of confElsewhereBuilds((name) => readFileOrUndefined(path.join(dir, name)))) {
          const confAt = path.join(dir, conf);
          if (fs.existsSync(path.join(confAt, 'conf.py'))) builds.set(path.join(dir, source), confAt);
        }
      }
      if (this.commandBuilds.size > 100000) this.commandBuilds.clear();
      this.commandBuilds.set(dir, builds);
    }
    return builds;
  }

  /** `commandBuildsOf` per folder (a path). */
  private readonly commandBuilds = new Map<string, Map<string, string>>();

  /** `sourceBelow` of a folder holding conf.py, worked out once; the source folder found is noted for `confDir`. */
  private sourceBelowOf(confDir: string): string | undefined {
    if (this.belowConf.has(confDir)) return this.belowConf.get(confDir);
    const found = sourceBelow(pathToUri(confDir) + '/', {
      rootDoc: (dir) => {
        const conf = readFileOrUndefined(toPath(dir + 'conf.py') ?? '');
        return conf === undefined ? undefined : confRootDoc(conf);
      },
      exists: (uri) => fs.existsSync(toPath(uri) ?? ''),
      childFolders: (uri) => {
        try {
          return fs.readdirSync(toPath(uri) ?? '', { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [uri + encodeURIComponent(e.name) + '/'] : []));
        } catch {
          return [];
        }
      },
    });
    const below = found === undefined ? undefined : toPath(found)?.replace(/\/$/, '');
    this.belowConf.set(confDir, below);
    if (below !== undefined) this.confOf.set(pathToUri(below) + '/', pathToUri(confDir) + '/');
    return below;
  }

  /** `sourceBelow` per folder holding conf.py. */
  private readonly belowConf = new Map<string, string | undefined>();

}


/** What the Sphinx folder questions read by path: the disk, or a test's files that count the reads. */
export interface FolderFiles {
  exists(p: string): boolean;
  read(p: string): string | undefined;
}

const DISK: FolderFiles = { exists: (p) => fs.existsSync(p), read: (p) => readFileOrUndefined(p) };

/**
 * Whether a folder without conf.py has one its CMakeLists.txt or meson.build configures from a template (see
 * `cmakeConfigured`, `mesonConfigured`),
 * answered once per folder: a CMakeLists.txt is read and parsed at most once while the answers are kept.
 */
export function cmakeConfFolders(files: FolderFiles = DISK): (dir: string) => boolean {
  const answers = new Map<string, boolean>();
  return (dir) => {
    let has = answers.get(dir);
    if (has === undefined) {
      const read = (uri: string) => files.read(toPath(uri) ?? '');
      // A folder's build is CMake's where it has a CMakeLists.txt, else Meson's where it has a meson.build.
      has = files.exists(path.join(dir, 'CMakeLists.txt'))
        ? cmakeConfigured(pathToUri(dir) + '/', read) !== undefined
        : files.exists(path.join(dir, 'meson.build')) && mesonConfigured(pathToUri(dir) + '/', read) !== undefined;
      if (answers.size > 100000) answers.clear();
      answers.set(dir, has);
    }
    return has;
  };
}

/**
 * A predicate "this path may be read": its real path (symbolic links resolved) lies inside one of the roots.
 * A missing file is judged by its path as written.
 */
export function insideRoots(roots: string[]): (p: string) => boolean {
  const real = roots.map((r) => realOrUndefined(r) ?? path.resolve(r));
  return (p) => {
    const rp = realOrUndefined(p) ?? path.resolve(p);
    return real.some((r) => rp === r || rp.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
  };
}

/**
 * The project root of a file for the command line: its repository, else the source tree its Sphinx project
 * lies in (an unpacked release tarball has no `.git`; see `sourceTreeRoot`), else the current directory when
 * the file is in it, else the nearest folder above it holding a conf.py (its Sphinx project), else the source
 * tree its folder lies in (pip's `docs/`, whose man pages a noxfile.py at the top builds with `-c docs/html`),
 * else its folder.
 */
export function defaultRoot(file: string): string {
  const abs = path.resolve(file);
  const dir = fs.existsSync(abs) && fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
  const cwd = process.cwd();
  const repository = repositoryRoot(dir);
  if (repository) return repository;
  const sphinx = sphinxProjectDir(dir);
  return (sphinx && sourceTreeRoot(sphinx)) ?? (dir === cwd || dir.startsWith(cwd + path.sep) ? cwd : (sphinx ?? sourceTreeRoot(dir) ?? dir));
}

/** The nearest folder at or above `dir` (at most 16 levels) holding a conf.py. */
function sphinxProjectDir(dir: string): string | undefined {
  return nearestHolding(dir, 'conf.py', 16);
}

/** What the top of a Python source tree holds: its packaging or test configuration. */
const SOURCE_TREE_MARKERS = ['setup.cfg', 'setup.py', 'pyproject.toml', 'tox.ini'];

/**
 * The source tree of a Sphinx project without a repository (an unpacked release tarball, a copy without
 * `.git`): the nearest folder holding a packaging or test configuration (`SOURCE_TREE_MARKERS`) at most two
 * folders above the conf.py folder (`doc/source` -> the tree's top). Its documents include `../../../README.rst`
 * and `CONTRIBUTING.rst` from there, as in the repository. Never further up, so that a stray
 * `pyproject.toml` in a home folder does not make the home folder the project.
 */
export function sourceTreeRoot(sphinxDir: string): string | undefined {
  let d = path.resolve(sphinxDir);
  for (let i = 0; i <= 2; i++) {
    if (SOURCE_TREE_MARKERS.some((m) => fs.existsSync(path.join(d, m)))) return d;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
  return undefined;
}

/** A file reader that reads only inside the roots (and files of at most 8 MB). */
export function confinedReader(roots: string[]): (p: string) => string | undefined {
  const inside = insideRoots(roots);
  return (p) => {
    if (!inside(p)) return undefined;
    try {
      const st = fs.statSync(p);
      return st.isFile() && st.size <= NodeWorkspace.MAX_READ ? fs.readFileSync(p, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
}

export function realOrUndefined(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

/** The nearest folder at or above `dir` holding `.git` (the repository a file belongs to). */
export function repositoryRoot(dir: string): string | undefined {
  return nearestHolding(dir, '.git', 128);
}

/** The nearest folder at or above `dir`, at most `levels` folders up, holding an entry `name`. */
function nearestHolding(dir: string, name: string, levels: number): string | undefined {
  let d = path.resolve(dir);
  for (let i = 0; i < levels; i++) {
    if (fs.existsSync(path.join(d, name))) return d;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
  return undefined;
}

export { toPath };

export { globToRegExp } from './common/glob';

/**
 * The files symbolic links lead to, for the links `listRstFiles` met (link URI -> target URI): OpenStack trees
 * link files of the repository into their source folder (`doc/source/HACKING.rst -> ../../HACKING.rst`).
 */
const listedLinks = new Map<string, string>();

/**
 * Lists the `.rst` files (or the files of other `suffixes`) under the folders, skipping excluded paths,
 * `node_modules` and dot folders. Yields to the event loop between folders so that a large tree never blocks
 * the server.
 */
export async function listRstFiles(folders: string[], exclude: RegExp[], limit = 50000, suffixes: readonly string[] = ['.rst']): Promise<string[]> {
  const out: string[] = [];
  for (const folder of folders) {
    const root = toPath(folder);
    if (!root) continue;
    const stack = [root];
    // Sphinx follows symbolic links; a folder reached twice (a link loop) is read once, at a path in a Sphinx
    // source folder when it has one (diskimage-builder's `doc/source/elements` -> `diskimage_builder/elements`).
    const seenDirs = new Map<string, string>();
    const inSphinxFolder = sphinxFolders(root);
    while (stack.length && out.length < limit) {
      const dir = stack.pop()!;
      let entries: fs.Dirent[];
      try {
        const real = await fs.promises.realpath(dir);
        const before = seenDirs.get(real);
        if (before !== undefined) {
          if (!inSphinxFolder(dir) || inSphinxFolder(before)) continue;
          // Read again at this path: what the walk found at the other one goes.
          for (const [r, at] of [...seenDirs]) if ((r === real || r.startsWith(real + path.sep)) && !inSphinxFolder(at)) seenDirs.delete(r);
          const under = pathToUri(before + path.sep);
          for (let i = out.length - 1; i >= 0; i--) if (out[i].startsWith(under)) out.splice(i, 1);
        }
        seenDirs.set(real, dir);
        entries = await fs.promises.readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
        const full = path.join(dir, e.name);
        const rel = path.relative(root, full).split(path.sep).join('/');
        if (exclude.some((x) => x.test(rel))) continue;
        const kind = e.isSymbolicLink() ? await linkKind(full) : e.isDirectory() ? 'dir' : e.isFile() ? 'file' : undefined;
        if (kind === 'dir') stack.push(full);
        else if (kind === 'file' && suffixes.some((x) => e.name.endsWith(x))) {
          out.push(pathToUri(full));
          if (e.isSymbolicLink()) await noteLink(full);
        }
      }
    }
  }
  return out.sort();
}

/**
 * Whether a folder is in a Sphinx source folder: it or a folder above it, up to `root`, holds conf.py (or a
 * CMakeLists.txt that configures one). Answered once per folder, and each folder above is asked once: a walk
 * asks about every folder it reaches twice and about each folder it found before at the same real path, so
 * a tree with many CMakeLists.txt (llvm, zephyr) read and parsed each of them again for every folder below it.
 */
export function sphinxFolders(root: string, files: FolderFiles = DISK): (dir: string) => boolean {
  const answers = new Map<string, boolean>();
  const cmakeConf = cmakeConfFolders(files);
  return (dir) => {
    const asked: string[] = [];
    let answer: boolean | undefined;
    for (let d = dir; ; ) {
      answer = answers.get(d);
      if (answer !== undefined) break;
      asked.push(d);
      if (files.exists(path.join(d, 'conf.py')) || cmakeConf(d)) {
        answer = true;
        break;
      }
      const up = path.dirname(d);
      if (d === root || up === d || !d.startsWith(root)) {
        answer = false;
        break;
      }
      d = up;
    }
    for (const d of asked) answers.set(d, answer);
    return answer;
  };
}

/** Records the file a listed symbolic link leads to (at most 10,000 links are kept). */
async function noteLink(p: string): Promise<void> {
  try {
    const target = await fs.promises.realpath(p);
    if (listedLinks.size >= 10000) listedLinks.clear();
    listedLinks.set(pathToUri(p), pathToUri(target));
  } catch {
    // a link broken since it was listed: nothing to record
  }
}

/** What a symbolic link leads to; undefined for a broken link or a loop. */
export async function linkKind(p: string): Promise<'dir' | 'file' | undefined> {
  try {
    const st = await fs.promises.stat(p);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a path is a folder (a symbolic link followed); false for what cannot be examined. */
function isDir(p: string): boolean {
  try {
    return fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

/** A file's text (a graphviz file, a `literalinclude`, conf.py, a project's document); undefined when unreadable. */
export function readFileOrUndefined(p: string): string | undefined {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}
