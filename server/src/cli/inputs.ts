import fs from 'node:fs';
import path from 'node:path';
import type { CliIo } from './io';
import { realOrUndefined } from '../nodeWorkspace';

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
 * node_modules) with their texts and the index of the input that named or found them. Everything is read
 * first: on an unreadable input it writes one clear message, prefixed by `who` (`ha-guide lint`), and
 * returns undefined, so the command exits 2 with nothing on stdout.
 */
export function readRstInputs(who: string, inputs: string[], io: CliIo): { file: string; text: string; input: number; link?: string }[] | undefined {
  const files: { file: string; input: number; link?: string }[] = [];
  let current = 0;
  // Symbolic links are followed, as Sphinx does; a folder reached twice (a link loop) is read once.
  const seen = new Set<string>();
  const walk = (dir: string) => {
    let real: string;
    try {
      real = fs.realpathSync.native(dir); // one system call, where the JavaScript one stats every component
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const p = path.join(dir, entry.name);
      const st = entry.isSymbolicLink() ? statOrUndefined(p) : entry;
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && entry.name.endsWith('.rst')) files.push({ file: p, input: current, link: entry.isSymbolicLink() ? realOrUndefined(p) : undefined });
    }
  };
  for (const [i, input] of inputs.entries()) {
    current = i;
    try {
      if (fs.statSync(input).isDirectory()) walk(input);
      else files.push({ file: input, input: i });
    } catch (e) {
      io.stderr.write(`${who}: cannot read ${input}: ${describeFsError(e)}\n`);
      return undefined;
    }
  }
  const out: { file: string; text: string; input: number; link?: string }[] = [];
  for (const { file, input, link } of files) {
    try {
      out.push({ file, text: fs.readFileSync(file, 'utf8'), input, ...(link ? { link } : {}) });
    } catch (e) {
      io.stderr.write(`${who}: cannot read ${file}: ${describeFsError(e)}\n`);
      return undefined;
    }
  }
  return out;
}

/** The target of a symbolic link; undefined when it is broken or a loop. */
function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}
