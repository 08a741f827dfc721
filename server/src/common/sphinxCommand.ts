/**
 * A `sphinx-build` command line read from its words, as Sphinx's `sphinx/cmd/build.py` (`get_parser`) reads them:
 * which folder it builds, and the folder whose conf.py it reads (`-c`). The words come from a build file of
 * the repository (tox.ini, noxfile.py, CMakeLists.txt), already split and unquoted.
 */

/** sphinx-build's options that take a value: the word after them is no folder of the build. */
export const SPHINX_VALUE_OPTIONS = new Set(['-b', '--builder', '-M', '-d', '--doctree-dir', '-c', '--conf-dir', '-D', '--define', '-A', '--html-define', '-t', '--tag', '-j', '--jobs', '-w', '--warning-file']);

/** A Python interpreter as a command names it: `python`, `python3.12`, a path to one, tox's `{envpython}`. */
const PYTHON = /^(\{envpython\}|(?:.*\/)?python[\d.]*)$/;

/**
 * Where sphinx-build's own arguments start among a command's words: after `sphinx-build` (by any path), or after
 * `python -m sphinx` (or `sphinx.cmd.build`); -1 for any other command.
 */
export function sphinxArgsStart(words: readonly (string | undefined)[]): number {
  const first = words[0] ?? '';
  if (/(^|\/)sphinx-build$/.test(first)) return 1;
  if (PYTHON.test(first) && words[1] === '-m' && (words[2] === 'sphinx' || words[2] === 'sphinx.cmd.build')) return 3;
  return -1;
}

/** What a sphinx-build command builds: its source folder and the folder given with `-c`, as written. */
export interface SphinxCommand {
  /** The source folder, as written; undefined when a word before it is not known. */
  source: string | undefined;
  /** The `-c` (`--conf-dir`) folder, as written; undefined without one. */
  confDir: string | undefined;
}

/**
 * A sphinx-build command's source folder and `-c` folder (see {@link SphinxCommand}); undefined for another
 * command. An unknown word (undefined) where the source folder may stand leaves the source unknown.
 */
export function sphinxCommand(words: readonly (string | undefined)[]): SphinxCommand | undefined {
  const start = sphinxArgsStart(words);
  if (start < 0) return undefined;
  let source: string | undefined;
  let sourceKnown = true;
  let confDir: string | undefined;
  for (let i = start; i < words.length; i++) {
    const w = words[i];
    if (w === undefined) {
      if (source === undefined) sourceKnown = false;
      continue;
    }
    if (w === '-c' || w === '--conf-dir') {
      confDir = words[++i];
      continue;
    }
    if (w.startsWith('--conf-dir=')) {
      confDir = w.slice('--conf-dir='.length);
      continue;
    }
    if (SPHINX_VALUE_OPTIONS.has(w)) {
      i++;
      continue;
    }
    if (w.startsWith('-')) continue;
    if (source === undefined && sourceKnown) source = w;
  }
  return { source: sourceKnown ? source : undefined, confDir };
}
