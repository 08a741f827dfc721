import { dirOf, joinUri, parentOf, safeDecode } from '../common/uri';
import { cmakeConfigured, cmakeSphinxBuilds } from '../common/cmakeConfigure';
import { mesonConfigured } from '../common/mesonConfigure';
import { sourceBelow } from '../common/sourceBelow';
import type { ServerWorkspace } from '../host';
import { confElsewhereBuilds } from '../hostService';
import type { FsListParams, FsListResult, FsReadParams, FsReadResult, FsStatParams, FsStatResult } from '../protocol/workspaceFs';

/** The client's answers to the file requests of protocol/workspaceFs.ts (over the LSP connection, or a test's own). */
export interface FsClient {
  list(p: FsListParams): Promise<FsListResult>;
  read(p: FsReadParams): Promise<FsReadResult>;
  stat(p: FsStatParams): Promise<FsStatResult>;
}

/** `workspace/didChangeWatchedFiles` change types (LSP's `FileChangeType`). */
const CREATED = 1;
const DELETED = 3;

/** Files larger than this are not read (as the desktop's `NodeWorkspace.MAX_READ`). */
export const MAX_READ = 8 * 1024 * 1024;
/** At most this many files and folders are listed per workspace folder (the desktop lists 50,000 `.rst`). */
export const LIST_LIMIT = 100_000;
/**
 * Files whose text the core may ask for while checking (conf.py, pyproject.toml, local extension modules,
 * included files, external DOT files, doc8's and sphinx-lint's configuration files): read ahead, because `IWorkspace.readFile` answers synchronously.
 */
const READ_AHEAD = /\.(rst|rest|txt|inc|py|py\.in|toml|dot|gv|csv|tsv)$|\/(meson\.build|tox\.ini|doc8\.ini|pep8\.ini|setup\.cfg|\.pre-commit-config\.yaml)$/i;
/** What is read ahead in all, in UTF-16 code units (a guard against a huge repository; the rest reads as missing). */
const READ_AHEAD_BUDGET = 64 * 1024 * 1024;

/**
 * One spelling per URI: each path segment decoded (VS Code's `Uri.toString()` and the core's `joinUri` encode
 * differently: `@`, `+`, `:`), no trailing slash.
 */
export function canonicalUri(uri: string): string {
  const m = /^([a-z][a-z0-9+.-]*:(?:\/\/[^/]*)?)(.*)$/i.exec(uri);
  const origin = m ? m[1].toLowerCase() : '';
  const path = (m ? m[2] : uri).split('/').map(safeDecode).join('/');
  return origin + (path.length > 1 ? path.replace(/\/+$/, '') : path);
}

/**
 * The workspace of the web extension's server: what the client listed (through `vscode.workspace.fs`, any file
 * system: a GitHub repository on vscode.dev, a folder opened in the browser), with the texts the core may read
 * synchronously read ahead. Reported file changes update it (`update`) before the glue acts on them.
 * A virtual file system has no symbolic links: a file is outside the project when it lies under no folder.
 */
export class BrowserWorkspace implements ServerWorkspace {
  private folders: string[] = [];
  /** Canonical URI -> is it a folder, and the URI as the client spells it (the spelling documents have). */
  private readonly entries = new Map<string, { directory: boolean; uri: string }>();
  private readonly texts = new Map<string, string>();
  /** Texts read ahead and not yet handed to the index (the next `readText` asks the client again). */
  private readonly fresh = new Set<string>();
  private readAhead = 0;
  private loading: Promise<void> | undefined;
  private loaded = false;
  /** True when the core asked something before the listing was there (a document opened at once): those answers were wrong. */
  private answeredEarly = false;
  private readonly sourceDirs = new Map<string, string | undefined>();
  /** Each folder's entries (canonical URI -> names), made from `entries` when first asked and dropped when they change. */
  private children: Map<string, { name: string; folder: boolean }[]> | undefined;
  /** What could not be listed or read, for the log. */
  readonly notes: string[] = [];

  /**
   * `rootDocOf`: the root document a conf.py's text names, as Sphinx reads it, null when computed (`confRootDoc`
   * of project/confpy.ts, which this layer reaches through hostService.ts): what `sourceBelow` looks for.
   */
  constructor(
    private readonly fs: FsClient,
    private readonly rootDocOf: (confText: string) => string | null,
  ) {}

  setFolders(folders: string[]): void {
    this.folders = folders.map(canonicalUri);
    this.loading = undefined;
    this.loaded = false;
    this.entries.clear();
    this.children = undefined;
    this.texts.clear();
    this.fresh.clear();
    this.readAhead = 0;
    this.sourceDirs.clear();
  }

  /** Lists the folders and reads ahead (once per set of folders). */
  load(): Promise<void> {
    this.loading ??= (async () => {
      for (const f of this.folders) await this.listUnder(f);
      this.loaded = true;
      this.sourceDirs.clear();
    })();
    return this.loading;
  }

  private async listUnder(folder: string): Promise<void> {
    let listed: FsListResult;
    try {
      listed = await this.fs.list({ folder, limit: LIST_LIMIT });
    } catch (e) {
      this.notes.push(`could not list ${folder}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.children = undefined;
    if (listed.truncated) this.notes.push(`${folder} holds more than ${LIST_LIMIT} files and folders: the rest are not indexed`);
    this.entries.set(canonicalUri(folder), { directory: true, uri: folder });
    const wanted: string[] = [];
    for (const e of listed.entries) {
      this.entries.set(canonicalUri(e.uri), { directory: e.directory, uri: e.uri });
      if (!e.directory && READ_AHEAD.test(e.uri)) wanted.push(e.uri);
    }
    // A few requests in flight at once: the client's file system answers them in parallel.
    let next = 0;
    const reader = async () => {
      while (next < wanted.length && this.readAhead < READ_AHEAD_BUDGET) await this.readInto(wanted[next++]);
    };
    await Promise.all([reader(), reader(), reader(), reader(), reader(), reader()]);
  }

  private async readInto(spelled: string): Promise<void> {
    const uri = canonicalUri(spelled);
    let r: FsReadResult;
    try {
      r = await this.fs.read({ uri: spelled, maxBytes: MAX_READ });
    } catch {
      r = {};
    }
    const old = this.texts.get(uri);
    if (old !== undefined) this.readAhead -= old.length;
    if (r.text === undefined) {
      this.texts.delete(uri);
      this.fresh.delete(uri);
      return;
    }
    this.texts.set(uri, r.text);
    this.fresh.add(uri);
    this.readAhead += r.text.length;
  }

  private under(uri: string, folder: string): boolean {
    return uri === folder || uri.startsWith(folder.endsWith('/') ? folder : folder + '/');
  }

  /** Whether anything was answered before the first listing ended (and forgets it): the service must read its projects again. */
  takeAnsweredEarly(): boolean {
    const early = this.answeredEarly;
    this.answeredEarly = false;
    return early;
  }

  private early(): void {
    if (!this.loaded) this.answeredEarly = true;
  }

  isOutside(uri: string): boolean {
    const c = canonicalUri(uri);
    return this.folders.length > 0 && !this.folders.some((f) => this.under(c, f));
  }

  exists(uri: string): boolean {
    this.early();
    return this.entries.has(canonicalUri(uri));
  }

  readFile(uri: string): string | undefined {
    this.early();
    return this.isOutside(uri) ? undefined : this.texts.get(canonicalUri(uri));
  }

  /**
   * The entries of a folder (a URI ending in `/`) as the listing has them, names decoded as on a disk; undefined
   * for a folder not listed or outside the folders. (conf.py's run folder and the galleries' and the package's
   * labels list folders with it.)
   */
  listDir(folderUri: string): { name: string; folder: boolean }[] | undefined {
    this.early();
    const c = canonicalUri(folderUri);
    if (this.isOutside(c) || this.entries.get(c)?.directory !== true) return undefined;
    if (!this.children) {
      this.children = new Map();
      for (const [k, e] of this.entries) {
        const slash = k.lastIndexOf('/');
        if (slash < 0 || slash === k.length - 1) continue;
        const parent = k.slice(0, slash);
        let list = this.children.get(parent);
        if (!list) this.children.set(parent, (list = []));
        list.push({ name: k.slice(slash + 1), folder: e.directory });
      }
    }
    return this.children.get(c.replace(/\/$/, '')) ?? [];
  }

  sourceDir(uri: string): string | undefined {
    this.early();
    if (this.sourceDirs.has(uri)) return this.sourceDirs.get(uri);
    if (this.sourceDirs.size > 100000) this.sourceDirs.clear();
    const c = canonicalUri(uri);
    const root = this.folders.find((f) => this.under(c, f));
    let found: string | undefined;
    /** The highest folder walked that holds a CMakeLists.txt. */
    let top: string | undefined;
    /** The folders walked that hold a noxfile.py or tox.ini. */
    const commandFolders: string[] = [];
    const isConf = /\/conf\.py$/.test(uri) && this.entries.get(c)?.directory === false;
    for (let dir: string | undefined = dirOf(uri), i = 0; dir !== undefined && i < 256; dir = parentOf(dir), i++) {
      if (this.entries.get(canonicalUri(dir + 'conf.py'))?.directory === false) {
        found = dir;
        // A `-c` build's sources below conf.py's folder (see `sourceBelow`): its documents, and conf.py itself,
        // are that folder's; a file beside it in none.
        const below = this.sourceBelowOf(dir);
        if (below !== undefined) found = isConf || c.startsWith(canonicalUri(below) + '/') ? below : undefined;
        break;
      }
      // A folder whose CMakeLists.txt or meson.build configures its conf.py from a template (`cmakeConfigured`, `mesonConfigured`).
      if (this.hasCMakeConf(dir)) {
        found = dir;
        break;
      }
      if (this.entries.get(canonicalUri(dir + 'CMakeLists.txt'))?.directory === false) top = dir;
      if (['noxfile.py', 'tox.ini'].some((name) => this.entries.get(canonicalUri(dir + name))?.directory === false)) commandFolders.push(dir);
      if (root !== undefined && canonicalUri(dir) === root) break;
    }
    // A folder a CMake build elsewhere in the tree runs sphinx-build on with the conf.py it configures
    // (`cmakeSphinxBuilds`), from the highest folder walked that holds a CMakeLists.txt.
    if (found === undefined && top !== undefined) found = this.cmakeSourceOf(dirOf(uri), top);
    // A folder a command of noxfile.py or tox.ini builds with `-c` a folder holding conf.py (`confElsewhereBuilds`).
    if (found === undefined && commandFolders.length) found = this.commandSourceOf(dirOf(uri), commandFolders);
    this.sourceDirs.set(uri, found);
    return found;
  }

  /** `confElsewhereBuilds` per folder holding a noxfile.py or tox.ini (canonical URI): each source folder with its conf.py folder. */
  private readonly commandBuilds = new Map<string, Map<string, string>>();

  private commandBuildsOf(folder: string): Map<string, string> {
    const key = canonicalUri(folder);
    let builds = this.commandBuilds.get(key);
    if (builds === undefined) {
      builds = new Map();
      const at = folder.endsWith('/') ? folder : folder + '/';
      for (const [source, conf] of confElsewhereBuilds((name) => this.readFile(at + name))) {
        const confDir = joinUri(at, conf + '/', { folder: true });
        if (this.entries.get(canonicalUri(confDir + 'conf.py'))?.directory === false) builds.set(canonicalUri(joinUri(at, source + '/', { folder: true })), this.entries.get(canonicalUri(confDir))?.uri.replace(/\/?$/, '/') ?? confDir);
      }
      this.commandBuilds.set(key, builds);
    }
    return builds;
  }

  /** The source folder of a build of `commandBuildsOf` one of `folders` that holds `dir`, the deepest, as its URI is spelled in the listing. */
  private commandSourceOf(dir: string, folders: readonly string[]): string | undefined {
    const here = canonicalUri(dir) + '/';
    let best: string | undefined;
    for (const folder of folders) for (const source of this.commandBuildsOf(folder).keys()) if (here.startsWith(source + '/') && (best === undefined || source.length > best.length)) best = source;
    return best === undefined ? undefined : (this.entries.get(best)?.uri ?? best).replace(/\/?$/, '/');
  }

  /** `cmakeSphinxBuilds` per top folder of a CMake tree (canonical URI): each source folder with its conf.py folder. */
  private readonly cmakeBuilds = new Map<string, Map<string, string>>();

  private cmakeBuildsOf(top: string): Map<string, string> {
    let builds = this.cmakeBuilds.get(canonicalUri(top));
    if (builds === undefined) {
      builds = new Map();
      const hasRoot = (folder: string, conf: string) => {
        const rootDoc = this.rootDocOf(conf);
        return rootDoc === null || ['.rst', '.md', '.txt'].some((x) => this.entries.has(canonicalUri(folder + (rootDoc ?? 'index') + x)));
      };
      for (const [source, conf] of cmakeSphinxBuilds(top, (u) => this.readFile(u), hasRoot)) builds.set(canonicalUri(source), conf);
      this.cmakeBuilds.set(canonicalUri(top), builds);
    }
    return builds;
  }

  /** The source folder of a build of `cmakeBuildsOf(top)` that holds `dir`, the deepest, as its URI is spelled in the listing. */
  private cmakeSourceOf(dir: string, top: string): string | undefined {
    const here = canonicalUri(dir) + '/';
    let best: string | undefined;
    for (const source of this.cmakeBuildsOf(top).keys()) if (here.startsWith(source + '/') && (best === undefined || source.length > best.length)) best = source;
    return best === undefined ? undefined : (this.entries.get(best)?.uri ?? best).replace(/\/?$/, '/');
  }

  /** The folder conf.py is read from for a source folder: the one above it for a `-c` build, else itself. */
  confDir(sourceDir: string): string {
    this.early();
    const up = parentOf(sourceDir);
    if (up !== undefined && this.belowConf.has(up) && this.belowConf.get(up) === sourceDir) return up;
    // A source folder of a CMake build whose conf.py is configured elsewhere (`cmakeSourceOf`).
    const source = canonicalUri(sourceDir).replace(/\/$/, '');
    for (const builds of this.cmakeBuilds.values()) {
      const conf = builds.get(source);
      if (conf !== undefined) return conf;
    }
    // A source folder of a noxfile.py or tox.ini build with `-c` (`commandSourceOf`).
    for (const builds of this.commandBuilds.values()) {
      const conf = builds.get(source);
      if (conf !== undefined) return conf;
    }
    return sourceDir;
  }

  /** Whether a folder without conf.py has one its CMakeLists.txt or meson.build configures (see `cmakeConfigured`, `mesonConfigured`), per folder. */
  private readonly cmakeConf = new Map<string, boolean>();

  private hasCMakeConf(dir: string): boolean {
    const key = canonicalUri(dir);
    let has = this.cmakeConf.get(key);
    if (has === undefined) {
      const read = (u: string) => this.readFile(u);
      // A folder's build is CMake's where it has a CMakeLists.txt, else Meson's where it has a meson.build.
      has =
        this.entries.get(canonicalUri(dir + 'CMakeLists.txt'))?.directory === false
          ? cmakeConfigured(dir, read) !== undefined
          : this.entries.get(canonicalUri(dir + 'meson.build'))?.directory === false && mesonConfigured(dir, read) !== undefined;
      this.cmakeConf.set(key, has);
    }
    return has;
  }

  /** `sourceBelow` per folder holding conf.py. */
  private readonly belowConf = new Map<string, string | undefined>();

  private sourceBelowOf(confDir: string): string | undefined {
    if (this.belowConf.has(confDir)) return this.belowConf.get(confDir);
    const below = sourceBelow(confDir, {
      rootDoc: (dir) => {
        const conf = this.readFile(dir + 'conf.py');
        return conf === undefined ? undefined : this.rootDocOf(conf);
      },
      exists: (u) => this.entries.has(canonicalUri(u)),
      childFolders: (dir) => {
        const at = canonicalUri(dir) + '/';
        const out: string[] = [];
        for (const [k, e] of this.entries) {
          if (!e.directory || !k.startsWith(at)) continue;
          const rest = k.slice(at.length).replace(/\/$/, '');
          if (rest && !rest.includes('/')) out.push(e.uri.endsWith('/') ? e.uri : e.uri + '/');
        }
        return out;
      },
    });
    this.belowConf.set(confDir, below);
    return below;
  }

  keepFileChecks(): void {
    // Every answer comes from the listing, which reported changes keep current.
  }

  forgetFiles(): void {
    // As above: `update` applies the changes themselves.
  }

  invalidate(): void {
    this.sourceDirs.clear();
    this.belowConf.clear();
    this.cmakeConf.clear();
    this.cmakeBuilds.clear();
    this.commandBuilds.clear();
  }

  /** The `.rst` files (or those of other `suffixes`) under the folders (as the client spelled them), excluded paths left out, sorted. */
  async listRstFiles(folders: string[], exclude: RegExp[], suffixes: readonly string[] = ['.rst']): Promise<string[]> {
    await this.load();
    const roots = folders.map(canonicalUri);
    const out: string[] = [];
    for (const [uri, e] of this.entries) {
      if (e.directory || !suffixes.some((x) => uri.toLowerCase().endsWith(x))) continue;
      const root = roots.find((r) => this.under(uri, r));
      if (root === undefined) continue;
      const rel = uri.slice(root.length + 1);
      if (exclude.some((x) => x.test(rel))) continue;
      out.push(e.uri);
    }
    return out.sort();
  }

  /** A file's text for the index: read ahead once, else asked of the client (a change since). */
  async readText(uri: string): Promise<string | undefined> {
    const c = canonicalUri(uri);
    if (this.fresh.delete(c)) return this.texts.get(c);
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) return undefined; // `untitled:1`: no file behind it
    try {
      return (await this.fs.read({ uri, maxBytes: MAX_READ })).text;
    } catch {
      return undefined;
    }
  }

  async isDirectory(uri: string): Promise<boolean> {
    return this.entries.get(canonicalUri(uri))?.directory === true;
  }

  async update(changes: readonly { uri: string; type: number }[]): Promise<void> {
    await this.load();
    this.children = undefined;
    for (const ch of changes) {
      const c = canonicalUri(ch.uri);
      if (this.isOutside(c)) continue;
      if (ch.type === DELETED) {
        for (const k of [...this.entries.keys()]) if (this.under(k, c)) this.drop(k);
        this.sourceDirs.clear();
        continue;
      }
      let st: FsStatResult;
      try {
        st = await this.fs.stat({ uri: ch.uri });
      } catch {
        st = { type: 'none', size: 0 };
      }
      if (st.type === 'none') {
        this.drop(c);
      } else if (st.type === 'directory') {
        this.entries.set(c, { directory: true, uri: ch.uri });
        if (ch.type === CREATED) await this.listUnder(ch.uri);
      } else {
        this.entries.set(c, { directory: false, uri: ch.uri });
        if (READ_AHEAD.test(c)) await this.readInto(ch.uri);
      }
      if (ch.type === CREATED) this.sourceDirs.clear();
    }
  }

  private drop(uri: string): void {
    this.entries.delete(uri);
    const old = this.texts.get(uri);
    if (old !== undefined) this.readAhead -= old.length;
    this.texts.delete(uri);
    this.fresh.delete(uri);
  }
}
