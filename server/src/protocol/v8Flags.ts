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

/**
 * V8 flags that take effect only when given as the process starts (the heap's sizes are fixed then):
 * VS Code's client starts the server with them (`execArgv`); any other client may put them before
 * `dist/server.js` on its command line. `npm run bench` times our in-process figures with them too.
 *
 * A young generation of up to 32 MB a half instead of 16: a large document's check (the 10,000-line guide
 * allocates 9.4 MB a check, while the previous version's tree is still held) then no longer fills the young
 * generation in the middle of a check, whose collection copied the half-built tree and moved it to fresh
 * old-generation pages (collection was 40% of the guide's time): the guide's check took 11.3-12.6 ms instead
 * of 5.9-7.2 ms (medians of 30 after a warm-up). It grows only as what survives its collections adds up: the
 * seed guide's process (0.12 MB a check) holds 79 MB with or without it; the 10,000-line guide's 149 MB
 * instead of 131.
 */
export const V8_START_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
