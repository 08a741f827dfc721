/**
 * `node:url`'s file URL conversions for the web bundles (esbuild.mjs puts this module in its place there):
 * `common/uri.ts` uses them for `file:` URIs only, and a browser has WHATWG `URL` but not Node's helpers.
 * POSIX paths, as in a browser there is no other.
 */
export function fileURLToPath(url: string | URL): string {
  const u = typeof url === 'string' ? new URL(url) : url;
  if (u.protocol !== 'file:') throw new TypeError('The URL must be of scheme file');
  if (u.hostname !== '') throw new TypeError('File URL host must be "localhost" or empty');
  if (/%2f/i.test(u.pathname)) throw new TypeError('File URL path must not include encoded / characters');
  return decodeURIComponent(u.pathname);
}

export function pathToFileURL(path: string): URL {
  const u = new URL('file://');
  const absolute = path.startsWith('/') ? path : '/' + path;
  u.pathname = absolute.replace(/%/g, '%25').replace(/\\/g, '%5C').replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/\t/g, '%09').replace(/#/g, '%23').replace(/\?/g, '%3F');
  return u;
}
