/**
 * Which Sphinx project a file outside every source folder belongs to on the command line: the project of a
 * document that includes it (pallets' `docs/changes.rst`: `.. include:: ../CHANGES.rst`). Sphinx reads such a
 * file as part of that document, with that project's roles, labels and `/`-rooted paths. The include lines are
 * only looked for here, to choose which project's task checks the file; the service then works out the file's
 * project from the parsed includes. (A file no input includes: `hostsInRepository` in projectIndex.ts.)
 */
import path from 'node:path';
import { toPath } from '../common/uri';

/** A line `.. include:: path` (docutils' standard includes, `<isonum.txt>`, name no file). */
const INCLUDE_LINE = /^[ \t]*\.\.[ \t]+include::[ \t]*([^<\s][^\n]*?)[ \t]*$/gm;

/** The absolute paths of the files a document (`file`, in the project whose source folder is `sourceDirPath`) includes. */
export function includedPaths(file: string, text: string, sourceDirPath: string): string[] {
  if (!text.includes('include::')) return [];
  const out: string[] = [];
  for (const m of text.matchAll(INCLUDE_LINE)) {
    const arg = m[1];
    // Sphinx reads a `/`-rooted include from the source folder, any other from the document's folder.
    const target = arg.startsWith('/') ? path.join(sourceDirPath, arg) : path.resolve(path.dirname(path.resolve(file)), arg);
    out.push(target);
    // rst.linker (link_files in conf.py) writes `NEWS (links).rst` from `NEWS.rst` as the build starts: the
    // document reads NEWS.rst's text. The service decides from conf.py; this only chooses the task.
    const written = / \(links\)(\.[^./]*)?$/.exec(target);
    if (written) out.push(target.slice(0, written.index) + (written[1] ?? ''));
  }
  return out;
}

/**
 * The source folder of the first input (in input order) under a conf.py that includes each input lying outside
 * every source folder, by absolute path.
 */
export function hostSourceDirs(texts: readonly { file: string; text: string }[], sourceDirs: readonly (string | undefined)[]): Map<string, string> {
  const orphans = new Set<string>();
  texts.forEach((d, i) => {
    if (!sourceDirs[i]) orphans.add(path.resolve(d.file));
  });
  const out = new Map<string, string>();
  if (!orphans.size) return out;
  texts.forEach((d, i) => {
    const dir = sourceDirs[i];
    if (!dir) return;
    for (const target of includedPaths(d.file, d.text, toPath(dir) ?? '')) {
      if (orphans.has(target) && !out.has(target)) out.set(target, dir);
    }
  });
  return out;
}
