import fs from 'node:fs';
import path from 'node:path';
import type { CliIo } from './io';
import { readFileOrUndefined, realOrUndefined } from '../nodeWorkspace';
import { readConfPy } from '../project/confpy';
import { restSuffixes } from '../common/sourceSuffix';
import { noteKind } from '../features/releaseNotes';

/** A plain reason for a file system error ("no such file or directory"), for messages. */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return e instanceof Error ? e.message : String(e);
}

/**
 * The `*.rst` files under the inputs (a directory is searched, sorted per folder, skipping dot folders and
 * node_modules; under a conf.py whose `source_suffix` names `.txt` or `.rest`, those files too, as the build
 * reads them: webob's and Django's documents are `.txt`; reno's release notes and the files reno ignores beside
 * them, marked `note`: `noteKind`) with their texts and the index of the input that named or found them.
 * Everything is read first: on an unreadable input it writes one clear message, prefixed by `who` (`ha-guide
 * lint`), and returns undefined, so the command exits 2 with nothing on stdout.
 */
export function readRstInputs(who: string, inputs: string[], io: CliIo): { file: string; text: string; input: number; link?: string; note?: true }[] | undefined {
  const files: { file: string; input: number; link?: string; note?: true }[] = [];
  let current = 0;
  // Symbolic links are followed, as Sphinx does; a folder reached twice (a link loop) is read once, at a path
  // in a Sphinx source folder when it has one: diskimage-builder's `doc/source/elements` links to
  // `diskimage_builder/elements`, which the walk meets first, and its READMEs are documents only through the link.
  const seen = new Map<string, { dir: string; inSphinx: boolean }>();
  let root = '';
  /** `suffixes`: those of the Sphinx project the folder is in (its nearest conf.py's); undefined outside every one. */
  const walk = (dir: string, suffixes: readonly string[] | undefined) => {
    let real: string;
    try {
      real = fs.realpathSync.native(dir); // one system call, where the JavaScript one stats every component
    } catch {
      return;
    }
    const before = seen.get(real);
    if (before && (before.inSphinx || suffixes === undefined)) return;
    if (before) forget(real, before.dir);
    seen.set(real, { dir, inSphinx: suffixes !== undefined });
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    if (entries.some((e) => e.name === 'conf.py')) suffixes = confSuffixes(path.join(dir, 'conf.py'));
    const inSphinx = suffixes !== undefined;
    const listed = suffixes ?? RST_ONLY;
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const p = path.join(dir, entry.name);
      const st = entry.isSymbolicLink() ? statOrUndefined(p) : entry;
      if (!st) continue;
      if (st.isDirectory()) {
        if (!entry.isSymbolicLink() || inSphinx || !walkedAnyway(root, realOrUndefined(p))) walk(p, suffixes);
      } else if (st.isFile() && isNote(p, inSphinx)) files.push({ file: p, input: current, note: true });
      else if (st.isFile() && listed.some((x) => entry.name.endsWith(x))) files.push({ file: p, input: current, link: entry.isSymbolicLink() ? realOrUndefined(p) : undefined });
    }
  };
  /** Drops what the walk of a folder (`real`, walked at `dir`) and of the folders under it found. */
  const forget = (real: string, dir: string) => {
    for (const [r, at] of [...seen]) if (!at.inSphinx && (r === real || r.startsWith(real + path.sep))) seen.delete(r);
    const under = dir + path.sep;
    for (let i = files.length - 1; i >= 0; i--) if (files[i].file.startsWith(under)) files.splice(i, 1);
  };
  for (const [i, input] of inputs.entries()) {
    current = i;
    try {
      root = realOrUndefined(input) ?? input;
      if (fs.statSync(input).isDirectory()) walk(input, undefined);
      else files.push({ file: input, input: i, ...(isNote(path.resolve(input), false) ? { note: true as const } : {}) });
    } catch (e) {
      io.stderr.write(`${who}: cannot read ${input}: ${describeFsError(e)}\n`);
      return undefined;
    }
  }
  const out: { file: string; text: string; input: number; link?: string; note?: true }[] = [];
  for (const { file, input, link, note } of files) {
    try {
      out.push({ file, text: fs.readFileSync(file, 'utf8'), input, ...(link ? { link } : {}), ...(note ? { note } : {}) });
    } catch (e) {
      io.stderr.write(`${who}: cannot read ${file}: ${describeFsError(e)}\n`);
      return undefined;
    }
  }
  return out;
}

/**
 * Whether a folder a symbolic link points at is walked at its own path too: inside the input (`root`, real),
 * through no folder the walk skips. Outside a Sphinx source folder, such a folder is read there, not through
 * the link (openstack-helm's `playbooks/roles -> ../roles`: a Zuul role's README is one beside the Zuul
 * configuration only at `roles/`); inside one, the link's path is the document's name, as Sphinx reads it.
 */
function walkedAnyway(root: string, real: string | undefined): boolean {
  if (!real || !real.startsWith(root + path.sep)) return false;
  return !real
    .slice(root.length + 1)
    .split(path.sep)
    .some((part) => part === 'node_modules' || part.startsWith('.'));
}

const RST_ONLY: readonly string[] = ['.rst'];

/**
 * A file reno reads as a note (`releasenotes/notes/*.yaml`), or one there it ignores (`fix.yml`, `fix.rst`), which
 * `ha-guide lint` reports as left out; inside a Sphinx source folder only `.yaml` files, as Sphinx reads the others.
 */
function isNote(file: string, inSphinx: boolean): boolean {
  const kind = noteKind(file);
  return kind === 'note' || (kind === 'ignored' && !inSphinx);
}

/** The reST suffixes of the Sphinx project of a conf.py (`.rst` when it cannot be read or sets none). */
function confSuffixes(confPy: string): readonly string[] {
  try {
    const text = fs.readFileSync(confPy, 'utf8');
    // Most conf.py files leave source_suffix alone: no need to read them through (Sphinx's own tests have 300).
    // One that hands its namespace to a loader (sphinx_toml's `load_into_locals(locals())`, sphinx-pyproject's
    // `globalns=globals()`) may take it from the file the loader reads, from conf.py's folder, where Sphinx runs it.
    if (!text.includes('source_suffix') && !/\b(?:locals|globals)\(\s*\)/.test(text)) return RST_ONLY;
    const folder = path.dirname(confPy);
    const readText = (rel: string) => (path.isAbsolute(rel) ? undefined : readFileOrUndefined(path.join(folder, rel)));
    return restSuffixes(readConfPy(text, undefined, readText).sourceSuffix);
  } catch {
    return RST_ONLY;
  }
}

/** The target of a symbolic link; undefined when it is broken or a loop. */
function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}
