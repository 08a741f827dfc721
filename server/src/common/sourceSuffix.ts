/**
 * The suffixes of a Sphinx project's reST documents: `.rst`, and `.txt` or `.rest` where conf.py's
 * `source_suffix` names them (webob's `['.txt', '.rst']`, Django's `'.txt'`). `.md` is MyST's, read by its own
 * reader.
 */
export function restSuffixes(sourceSuffix: readonly string[]): string[] {
  return ['.rst', ...sourceSuffix.filter((s) => s === '.txt' || s === '.rest')];
}
