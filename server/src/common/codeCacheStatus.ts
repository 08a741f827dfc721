/**
 * What the language server's loader (dist/server.js, `startup/codeCache.ts`) did with its V8 code cache, read by
 * the server for its log. A global under a registered symbol: the loader and the server are two bundles.
 */
export interface CodeCacheStatus {
  /**
   * `used`: the server's compiled code came from the cache; `pending`: there was none (or V8 rejected it:
   * another Node, another build) and one is written after start-up; `written`: that has happened; `off`:
   * `HA_GUIDE_CODE_CACHE=off`; `failed`: reading or writing it failed (the server runs without it).
   */
  state: 'used' | 'pending' | 'written' | 'off' | 'failed';
  /** The cache file. */
  file?: string;
  /** Why V8 turned the cache down, or what failed. */
  detail?: string;
  /**
   * Set by the server: called when the state changes after start-up (the cache written or its write failed),
   * so that its log says so. Not called for a write at exit, when the connection is closing.
   */
  onChange?: (s: CodeCacheStatus) => void;
}

export const CODE_CACHE_STATUS = Symbol.for('haGuideStudio.codeCache');

/** The loader's status, when the server was started by it. */
export function codeCacheStatus(): CodeCacheStatus | undefined {
  return (globalThis as Record<symbol, CodeCacheStatus | undefined>)[CODE_CACHE_STATUS];
}

/** One line for the server's log. */
export function describeCodeCache(s: CodeCacheStatus | undefined): string | undefined {
  if (!s) return undefined;
  switch (s.state) {
    case 'used':
      return `compiled code read from the code cache ${s.file}`;
    case 'pending':
      return `no code cache yet${s.detail ? ` (${s.detail})` : ''}: it is written to ${s.file} after start-up`;
    case 'written':
      return `code cache written to ${s.file}`;
    case 'off':
      return 'code cache off (HA_GUIDE_CODE_CACHE=off)';
    case 'failed':
      return `code cache not used: ${s.detail ?? 'unknown error'}`;
  }
}
