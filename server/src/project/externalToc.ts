/**
 * sphinx-external-toc's site map (`_toc.yml`, or the file `external_toc_path` names, from the source folder): the
 * extension builds the project's toctrees from it, so each document it lists is in a toctree. Read as the
 * extension reads it: `root` is the root document, `file` a document (its suffix optional), `glob` a pattern of
 * documents, at any depth of `subtrees`, `entries`, `parts`, `chapters` and `sections`.
 */
import { parse as parseYaml } from 'yaml';

export interface ExternalToc {
  /** The documents it names (`root` and every `file`), docnames without a suffix. */
  files: string[];
  /** Its `glob` patterns, from the source folder. */
  globs: string[];
}

export function readExternalToc(text: string, suffixes: readonly string[]): ExternalToc | undefined {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch {
    return undefined;
  }
  if (!data || typeof data !== 'object') return undefined;
  const files: string[] = [];
  const globs: string[] = [];
  const docname = (v: string) => {
    const s = suffixes.find((x) => v.endsWith(x));
    return (s ? v.slice(0, -s.length) : v).replace(/^\/+/, '');
  };
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if ((key === 'file' || key === 'root') && typeof value === 'string') files.push(docname(value));
      else if (key === 'glob' && typeof value === 'string') globs.push(value.replace(/^\/+/, ''));
      else walk(value);
    }
  };
  walk(data);
  return { files, globs };
}
