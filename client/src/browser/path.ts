/**
 * The functions of `node:path` the client uses, for the web extension (esbuild.mjs puts this module in
 * the place of `node:path` there): POSIX paths, which is what `Uri.path` and a browser's `Uri.fsPath` are.
 */
export function basename(p: string): string {
  const trimmed = p.length > 1 ? p.replace(/\/+$/, '') : p;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export function dirname(p: string): string {
  const trimmed = p.length > 1 ? p.replace(/\/+$/, '') : p;
  const i = trimmed.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : trimmed.slice(0, i);
}

/** A POSIX absolute path (the web extension has no drive letters). */
export function isAbsolute(p: string): boolean {
  return p.startsWith('/');
}
