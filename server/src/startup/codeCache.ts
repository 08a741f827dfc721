/**
 * Runs a CommonJS bundle with a V8 code cache: the bytecode of every function the bundle compiled in an earlier
 * run, so that a new process skips compiling them again. The language server is started this way
 * (dist/server.js runs dist/serverMain.js): a fresh server's first check of a document is then mostly the
 * check, not the compilation of the parser, the checks and the DOT parser behind it.
 *
 * The cache is one file per bundle text, Node, V8, architecture and flags (a SHA-256 of them names it), in a
 * folder of the user's own (never a shared temporary folder: the file holds code the process runs). V8 checks it
 * again before use and turns down one made by another build; the file is then written anew. It is written once
 * per process, after start-up (or at exit, for a short-lived one), when the functions the server needs have been
 * compiled. Nothing here may stop the bundle from running: every failure leaves it compiled as usual.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { CODE_CACHE_STATUS, type CodeCacheStatus } from '../common/codeCacheStatus';

/** Cache files of one bundle kept in the folder (other builds, other Node versions), newest first. */
const KEEP_FILES = 4;

/**
 * The folder of the cache: `HA_GUIDE_CODE_CACHE` (`off` or empty for none; VS Code's client passes the
 * extension's global storage), else the user's cache folder (XDG_CACHE_HOME or ~/.cache, ~/Library/Caches,
 * %LOCALAPPDATA%).
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string | undefined {
  const set = env.HA_GUIDE_CODE_CACHE;
  if (set !== undefined) return set.trim() === '' || set.trim().toLowerCase() === 'off' ? undefined : path.resolve(set);
  if (!home) return undefined;
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'ha-guide-studio', 'code-cache');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'ha-guide-studio', 'code-cache');
  const xdg = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(home, '.cache');
  return path.join(xdg, 'ha-guide-studio', 'code-cache');
}

/**
 * The cache file of a bundle's text for this process (Node, V8, architecture, flags: the command line's and
 * `flags`, those set with `v8.setFlagsFromString` before the bundle is compiled; V8 turns down a cache made
 * under other flags, so each set of flags has a file of its own).
 */
export function codeCacheFile(dir: string, bundle: string, source: string | Uint8Array, flags = ''): string {
  const key = createHash('sha256')
    .update(source)
    .update(`\0${process.version}\0${process.versions.v8}\0${process.arch}\0${process.execArgv.join(' ')}\0${flags}`)
    .digest('hex')
    .slice(0, 24);
  return path.join(dir, `${path.basename(bundle, '.js')}-${key}.v8cache`);
}

/** Reads a cache file the current user owns (on POSIX); undefined when there is none or it is someone else's. */
function readOwnFile(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const st = fs.fstatSync(fd);
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) throw new Error(`${file} belongs to another user`);
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Drops the oldest cache files of the bundle beyond {@link KEEP_FILES}. */
function prune(dir: string, bundle: string): void {
  const prefix = `${path.basename(bundle, '.js')}-`;
  // Another server may prune at the same time: a file gone meanwhile is no error.
  const mtime = (f: string) => fs.statSync(path.join(dir, f), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.v8cache'))
    .map((f) => ({ f, t: mtime(f) }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of files.slice(KEEP_FILES)) fs.rmSync(path.join(dir, f), { force: true });
}

export interface RunOptions {
  /** The cache folder; undefined for none (default: {@link codeCacheDir}). */
  dir?: string;
  /** When a missing cache is written: this long after the bundle started (ms), or at exit if sooner. */
  writeAfterMs?: number;
  /** The V8 flags the loader set before running the bundle (they key the cache file). */
  flags?: string;
}

/** Runs `bundle` (an absolute path to a CommonJS file) as a module of its own, with the code cache when there is one. */
export function runWithCodeCache(bundle: string, options: RunOptions = {}): CodeCacheStatus {
  const dir = 'dir' in options ? options.dir : codeCacheDir();
  const status: CodeCacheStatus = { state: 'off' };
  (globalThis as Record<symbol, CodeCacheStatus>)[CODE_CACHE_STATUS] = status;
  const bytes = fs.readFileSync(bundle);
  const source = bundleText(bytes);
  let script: vm.Script | undefined;
  if (dir) {
    try {
      const file = codeCacheFile(dir, bundle, bytes, options.flags);
      status.file = file;
      const cachedData = readOwnFile(file);
      script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
      if (cachedData && !script.cachedDataRejected) status.state = 'used';
      else {
        status.state = 'pending';
        if (cachedData) status.detail = 'V8 turned the cache file down: made by another build or another Node';
        scheduleWrite(script, file, dir, bundle, status, options.writeAfterMs ?? 10_000);
      }
    } catch (e) {
      status.state = 'failed';
      status.detail = e instanceof Error ? e.message : String(e);
      script = undefined;
    }
  }
  script ??= new vm.Script(Module.wrap(source), { filename: bundle });
  const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  const require = Module.createRequire(bundle);
  const mod = { exports: {}, id: bundle, filename: bundle, loaded: false, children: [], paths: [], require };
  run.call(mod.exports, mod.exports, require, mod, bundle, path.dirname(bundle));
  mod.loaded = true;
  return status;
}

/**
 * The text of a bundle's bytes, without a `#!` line. Our bundles are all ASCII (esbuild.mjs makes them so): Node
 * then copies the bytes into a one-byte string, where decoding UTF-8 checks each one, and V8 scans the source a
 * byte a character. The key of the cache is hashed from the bytes too: hashing the string encoded it again.
 */
function bundleText(bytes: Buffer): string {
  const text = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  return text.startsWith('#!') ? text.replace(/^#!.*/, '') : text;
}

/** Writes the cache once: `afterMs` after start-up, or at exit if the process ends sooner. */
function scheduleWrite(script: vm.Script, file: string, dir: string, bundle: string, status: CodeCacheStatus, afterMs: number): void {
  let done = false;
  const write = (atExit: boolean) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    process.off('exit', onExit);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      const data = script.createCachedData();
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(tmp, data, { mode: 0o600 });
      fs.renameSync(tmp, file); // whole or not at all, also when two servers write at once
      status.state = 'written';
      status.detail = undefined;
      prune(dir, bundle);
    } catch (e) {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // left behind: a later write of the same file replaces it
      }
      status.state = 'failed';
      status.detail = `writing ${file}: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (atExit) return;
    try {
      status.onChange?.(status);
    } catch {
      // the server's log is not the loader's concern
    }
  };
  const onTimer = () => write(false);
  const onExit = () => write(true);
  const timer = setTimeout(onTimer, afterMs);
  timer.unref();
  process.on('exit', onExit);
}
