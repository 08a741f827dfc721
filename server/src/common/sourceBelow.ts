/**
 * The source folder of a build that reads conf.py from the folder above it (`sphinx -M html source build -c .`,
 * as ros2's documentation does; tarantool's `-c html/ ... doc`).
 */

/** What the rule reads: files by URI, and the folders right below a folder. */
export interface SourceBelowFiles {
  readFile(uri: string): string | undefined;
  exists(uri: string): boolean;
  /** The folders right below a folder (URIs ending in `/`). */
  childFolders(folderUri: string): string[];
}

/**
 * When the folder holding conf.py (`confDir`, a URI ending in `/`) has no root document (conf.py's `root_doc` or
 * `master_doc` when a plain string, else `index`, as `.rst`, `.md` or `.txt`) and exactly one folder right below
 * it without a conf.py of its own has one, that folder: Sphinx needs the root document in its source folder, so
 * the conf.py folder is no build of its own, and the folder below is built with `-c`. Undefined otherwise.
 */
export function sourceBelow(confDir: string, files: SourceBelowFiles): string | undefined {
  const conf = files.readFile(confDir + 'conf.py');
  if (conf === undefined) return undefined;
  // A root document conf.py computes is not known here: no guess.
  const set = /^(?:root_doc|master_doc)[ \t]*=[ \t]*(.*)$/m.exec(conf);
  const literal = set ? /^(['"])([\w./-]+)\1[ \t]*(#.*)?$/.exec(set[1].trim()) : undefined;
  if (set && !literal) return undefined;
  const rootDoc = literal ? literal[2] : 'index';
  const hasRoot = (dir: string) => ['.rst', '.md', '.txt'].some((suffix) => files.exists(dir + rootDoc + suffix));
  if (hasRoot(confDir)) return undefined;
  const found = files
    .childFolders(confDir)
    .filter((d) => !/\/\.[^/]*\/$/.test(d) && hasRoot(d) && !files.exists(d + 'conf.py'));
  return found.length === 1 ? found[0] : undefined;
}
