/**
 * The source folder of a build that reads conf.py from the folder above it (`sphinx -M html source build -c .`,
 * as ros2's documentation does; tarantool's `-c html/ ... doc`).
 */

/** What the rule reads: conf.py's root document, files by URI, and the folders right below a folder. */
export interface SourceBelowFiles {
  /**
   * The root document the conf.py of a folder (a URI ending in `/`) names, as Sphinx reads it (`root_doc`, else
   * `master_doc`, else `index`): the caller reads it with the project's conf.py reader (`confRootDoc` of
   * project/confpy.ts, which this layer may not import). Null when conf.py computes it; undefined when there is
   * no conf.py to read.
   */
  rootDoc(confDir: string): string | null | undefined;
  exists(uri: string): boolean;
  /** The folders right below a folder (URIs ending in `/`). */
  childFolders(folderUri: string): string[];
}

/**
 * When the folder holding conf.py (`confDir`, a URI ending in `/`) has no root document (`files.rootDoc`, as
 * `.rst`, `.md` or `.txt`) and exactly one folder right below it without a conf.py of its own has one, that
 * folder: Sphinx needs the root document in its source folder, so the conf.py folder is no build of its own, and
 * the folder below is built with `-c`. Undefined otherwise.
 */
export function sourceBelow(confDir: string, files: SourceBelowFiles): string | undefined {
  const rootDoc = files.rootDoc(confDir);
  // No conf.py, or a root document conf.py computes (not known here: no guess).
  if (rootDoc === undefined || rootDoc === null) return undefined;
  const hasRoot = (dir: string) => ['.rst', '.md', '.txt'].some((suffix) => files.exists(dir + rootDoc + suffix));
  if (hasRoot(confDir)) return undefined;
  const found = files
    .childFolders(confDir)
    .filter((d) => !/\/\.[^/]*\/$/.test(d) && hasRoot(d) && !files.exists(d + 'conf.py'));
  return found.length === 1 ? found[0] : undefined;
}
