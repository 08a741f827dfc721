/**
 * Which Sphinx project a file outside every source folder belongs to on the command line: the project of a
 * document that includes it (pallets' `docs/changes.rst`: `.. include:: ../CHANGES.rst`). Sphinx reads such a
 * file as part of that document, with that project's roles, labels and `/`-rooted paths. The include lines are
 * only looked for here, to choose which project's task checks the file; the service then works out the file's
 * project from the parsed includes. (A file no input includes: `hostsInRepository` in projectIndex.ts.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { toPath } from '../common/uri';
import { includeOptionNames } from '../project/extensionRegistry';
import { towncrierConfig } from '../project/pyproject';

/**
 * A line `.. include:: path` (docutils' standard includes, `<isonum.txt>`, name no file), or of a project's own
 * include directive named so (pip's `.. pip-news-include:: ../../NEWS.rst`; the service knows which are).
 */
const INCLUDE_LINE = /^[ \t]*\.\.[ \t]+(?:[\w.:-]*-)?include::[ \t]*([^<\s][^\n]*?)[ \t]*$/gm;

/** The options known extensions' directives include a file by (sphinx_changelog's `:changelog_file:`), and their lines. */
const INCLUDE_OPTIONS = includeOptionNames();
const INCLUDE_OPTION_LINE = new RegExp(`^[ \\t]+:(?:${INCLUDE_OPTIONS.map((o) => o.replace(/[-.]/g, '\\$&')).join('|')}):[ \\t]*([^<\\s][^\\n]*?)[ \\t]*$`, 'gm');

/** The absolute paths of the files a document (`file`, in the project whose source folder is `sourceDirPath`) includes. */
export function includedPaths(file: string, text: string, sourceDirPath: string): string[] {
  const byOption = INCLUDE_OPTIONS.some((o) => text.includes(`:${o}:`)) ? [...text.matchAll(INCLUDE_OPTION_LINE)] : [];
  if (!text.includes('include::') && !byOption.length) return [];
  const out: string[] = [];
  for (const m of [...text.matchAll(INCLUDE_LINE), ...byOption]) {
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

/** The towncrier configuration found for each folder (`newsFileOf`), for one command. */
const townCrier = new Map<string, { news: string; fragments: string } | undefined>();

/**
 * The news file a towncrier fragment is written into (aiohttp's `CHANGES/123.bugfix.rst` -> `CHANGES.rst`): a
 * `.rst` file in the `directory` of the nearest `[tool.towncrier]` (towncrier.toml, else pyproject.toml) above it,
 * by absolute path; undefined for any other file. The service decides from the same configuration.
 */
export function newsFileOf(file: string): string | undefined {
  if (!/\.rst$/i.test(file)) return undefined;
  const abs = path.resolve(file);
  const found = towncrierAt(path.dirname(abs), 0);
  return found && abs.startsWith(found.fragments + path.sep) && found.news !== abs ? found.news : undefined;
}

function towncrierAt(dir: string, depth: number): { news: string; fragments: string } | undefined {
  if (townCrier.has(dir)) return townCrier.get(dir);
  let found: { news: string; fragments: string } | undefined;
  let config = false;
  for (const name of ['towncrier.toml', 'pyproject.toml']) {
    let text: string | undefined;
    try {
      text = fs.readFileSync(path.join(dir, name), 'utf8');
    } catch {
      continue;
    }
    const c = towncrierConfig(text);
    if (!c) continue;
    config = true;
    if (c.directory) found = { news: path.join(dir, c.filename), fragments: path.join(dir, c.directory) };
    break;
  }
  const up = path.dirname(dir);
  if (!config && up !== dir && depth < 16) found = towncrierAt(up, depth + 1);
  townCrier.set(dir, found);
  return found;
}
