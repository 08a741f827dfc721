/**
 * URIs and file paths, in one place, through vscode-uri (the URI implementation of VS Code itself, so a URI
 * built here is spelled as the editor spells the same file: `a%2Bb.rst`, `x%40y.rst`). Documents are named by
 * URI strings (`file:///guide/a.rst`, `untitled:1`, `vscode-vfs://github/o/r/doc/a.rst`); the language core
 * works on them as strings, POSIX style, and never throws on malformed input: a lone surrogate becomes U+FFFD
 * before encoding, a malformed `%` escape is shown as written. No Node module: this runs in a web worker too.
 */
import { URI } from 'vscode-uri';

/** The string with every lone surrogate (half of a character) replaced by U+FFFD: safe to encode in a URI. */
export function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** A URI component decoded for display; as written when it is not valid percent-encoding (`%zz`). */
export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Each segment of a POSIX path percent-encoded as VS Code encodes it (lone surrogates as U+FFFD), the slashes kept. */
export function encodePath(p: string): string {
  return p.split('/').map(encodeSegment).join('/');
}

/** The last segment of a URI or path (after the last `/`). */
export function baseName(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/** The folder URI of a file URI (with a trailing slash). */
export function dirOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

const AUTHORITY = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(\/.*)$/i;

/** The parent of a folder URI (with a trailing slash); undefined at the root. */
export function parentOf(dir: string): string | undefined {
  const m = AUTHORITY.exec(dir);
  const path = m ? m[2] : dir;
  if (path === '/' || path === '') return undefined;
  const trimmed = path.replace(/\/$/, '');
  return (m ? m[1] : '') + trimmed.slice(0, trimmed.lastIndexOf('/') + 1);
}

export interface JoinOptions {
  /** Decode every segment and encode it again (one spelling per name); otherwise an encoded segment stays as written. */
  normalize?: boolean;
  /** Keep the trailing slash of a folder target (`sub/`, or the folder itself for `''`). */
  folder?: boolean;
}

/**
 * Resolves a POSIX relative path against a folder URI (`..` and `.` segments removed; a leading `/` from the
 * origin). The folder's segments are taken as the URI spells them; the target's are names as an author writes
 * them (`a b.rst`, `x+y.rst`), or with `normalize` also percent-decoded (`a%20b` is `a b`). The result is
 * spelled as VS Code spells that file.
 */
export function joinUri(folder: string, target: string, options: JoinOptions = {}): string {
  const m = AUTHORITY.exec(folder);
  const origin = m ? m[1] : '';
  const base = m ? m[2] : folder;
  const out: string[] = [];
  const push = (p: string) => {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  };
  if (!target.startsWith('/')) for (const p of base.split('/')) push(p === '..' || p === '.' ? p : safeDecode(p));
  const decode = options.normalize ? safeDecode : (x: string) => x;
  for (const p of target.split('/')) push(p === '..' || p === '.' ? p : decode(p));
  const trailing = options.folder && out.length && (target.endsWith('/') || target === '') ? '/' : '';
  return origin + '/' + out.map(encodeSegment).join('/') + trailing;
}

/** One path segment as vscode-uri encodes it in a URI's path (everything but `A-Za-z0-9-._~` escaped). */
function encodeSegment(s: string): string {
  return encodeURIComponent(wellFormed(s)).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** The path of `toUri` relative to the folder of `fromUri`, decoded for display (`../admin/ha.rst`). */
export function relativePath(fromUri: string, toUri: string): string {
  const a = fromUri.split('/').slice(0, -1);
  const b = toUri.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return safeDecode([...a.slice(i).map(() => '..'), ...b.slice(i)].join('/'));
}

/** The path of a `file:` URI (`/` separators; `c:/x` on Windows), undefined for other schemes or malformed escapes. */
export function fileUriToPath(uri: string): string | undefined {
  const m = /^file:\/\/([^/]*)(\/.*)$/i.exec(uri);
  if (!m) return undefined;
  let p: string;
  try {
    p = decodeURIComponent(m[2]);
  } catch {
    return undefined;
  }
  if (/^\/[a-zA-Z]:/.test(p)) p = p.slice(1);
  return m[1] ? `//${m[1]}${p}` : p;
}

/** The file-system path of a `file:` URI in this platform's form; undefined for other schemes and malformed URIs. */
export function toPath(uri: string): string | undefined {
  if (fileUriToPath(uri) === undefined) return undefined;
  try {
    return URI.parse(uri).fsPath;
  } catch {
    return undefined; // vscode-uri refuses some spellings (`file:////x`: a path starting with `//` and no authority)
  }
}

/**
 * The `file:` URI of an absolute file-system path, spelled as VS Code spells it. A relative path is taken
 * from the working folder where there is one (the CLI); callers with a choice pass absolute paths.
 */
export function pathToUri(p: string): string {
  const absolute = /^([/\\]|[a-zA-Z]:)/.test(p);
  const cwd = typeof process !== 'undefined' && typeof process.cwd === 'function' ? process.cwd() : '/';
  // A lone surrogate cannot be percent-encoded (encodeURIComponent throws); the file system writes it as U+FFFD.
  return URI.file(wellFormed(absolute ? p : `${cwd.replace(/[/\\]$/, '')}/${p}`)).toString();
}
