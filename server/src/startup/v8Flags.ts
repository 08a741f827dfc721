/**
 * The V8 flags of every process that keeps parsed trees and checks documents again as they change: the
 * language server (dist/server.js sets them before it compiles the server) and the command line
 * (`ha-guide preview`, `ha-guide lint`). `npm run bench` times our in-process figures with them too.
 *
 * No allocation-site pretenuring: when most of what an allocation site made has survived (indexing a
 * workspace keeps every file's tree), V8 allocates what that site makes next straight in the old generation.
 * But a keystroke's tree, and a pass's trees in the service's cache, are garbage one version later: each
 * keystroke then filled fresh old-generation pages that only full collections give back (35-50 page faults
 * a keystroke in nova's scheduling.rst in a 10,000-file workspace, 10-14 us each on a small VM; the check
 * 3.3-4.1 ms instead of 2.3 ms, p90 from keystroke to diagnostics 12.8-13.1 ms instead of 6.5-7.4 ms; parse
 * and checks over the corpus with the service's cache 127-138 ms a pass instead of 80-84 ms).
 */
export const V8_FLAGS = '--no-allocation-site-pretenuring';
