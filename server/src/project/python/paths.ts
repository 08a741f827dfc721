import { PathValue, type Value } from './values';

/**
 * POSIX paths relative to the folder of the module being read (`os.path` and `pathlib` values).
 */

// ---------------------------------------------------------------------------------------------------
// Paths, relative to the folder of the module, POSIX

export function normalizePath(p: string): string {
  if (p.includes('://')) return p;
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else out.push(seg);
  }
  const joined = out.join('/');
  return absolute ? '/' + joined : joined || '.';
}

export function joinPaths(parts: readonly string[]): string {
  let r = '';
  for (const p of parts) {
    if (p.startsWith('/')) r = p;
    else if (r === '' || r.endsWith('/')) r += p;
    else r += '/' + p;
  }
  return normalizePath(r);
}

/** The folder containing `p`; `.` (the module's folder) has `..` as its folder. */
export function dirnamePath(p: string): string {
  const n = normalizePath(p);
  if (n === '/') return '/';
  if (n === '.') return '..';
  if (n === '..' || n.endsWith('/..')) return n + '/..';
  const i = n.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : n.slice(0, i);
}

export function basenamePath(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

export function pathOf(v: Value | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof PathValue) return v.path;
  return undefined;
}
