/**
 * URIs and file paths, in one place. Documents are named by URI strings (`file:///guide/a.rst`, `untitled:1`);
 * the language core works on them as strings, POSIX style, and never throws on malformed input: a lone
 * surrogate becomes U+FFFD before encoding, a malformed `%` escape is shown as written.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

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

/** Each segment of a POSIX path percent-encoded (lone surrogates as U+FFFD), the slashes kept. */
export function encodePath(p: string): string {
  return p.split('/').map((s) => encodeURIComponent(wellFormed(s))).join('/');
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

/** Resolves a POSIX relative path against a folder URI (`..` and `.` segments removed; a leading `/` from the origin). */
export function joinUri(folder: string, target: string, options: JoinOptions = {}): string {
  const m = AUTHORITY.exec(folder);
  const origin = m ? m[1] : '';
  const base = m ? m[2] : folder;
  const parts = (target.startsWith('/') ? target : base + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  const segment = options.normalize ? (s: string) => encodeSegment(safeDecode(s)) : (s: string) => (/%[0-9a-f]{2}/i.test(s) ? s : encodeSegment(s));
  const trailing = options.folder && out.length && (target.endsWith('/') || target === '') ? '/' : '';
  return origin + '/' + out.map(segment).join('/') + trailing;
}

function encodeSegment(s: string): string {
  return encodeURIComponent(wellFormed(s)).replace(/%40/g, '@').replace(/%2B/g, '+');
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
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The `file:` URI of a file-system path (made absolute against the working folder). */
export function pathToUri(p: string): string {
  return pathToFileURL(p).href;
}
