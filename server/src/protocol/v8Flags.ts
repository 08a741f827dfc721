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
 * The flags of the processes a user waits on from their first check: the language server and
 * `ha-guide preview`, on top of {@link V8_FLAGS}. The first check of a new server runs code that has never run;
 * V8 interprets such a function and allocates its feedback (what its inline caches learn) only after it has run
 * a few times, and compiles it to baseline machine code only later still. `--no-lazy-feedback-allocation`
 * allocates the feedback at the first call and `--always-sparkplug` compiles the baseline code with the bytecode
 * (from the code cache, at the first call), so the first check runs learned, compiled code from its first line.
 * Opening the seed guide in a fresh server with its code cache, first diagnostics: medians 26.3 and 30.2 ms
 * instead of 31.6 and 39.3 ms (two series of 11 and 15 starts of each build, interleaved); the keystroke p90 on
 * the seed 2.6-2.8 ms instead of 2.9-3.7 ms. The first start after an install (no code cache yet) compiles more:
 * 47.6 ms instead of 43.8. Not for `ha-guide lint`, which runs most functions a few times and exits: the corpus
 * took 5% longer (medians of four pairs).
 */
export const V8_SERVER_FLAGS = `${V8_FLAGS} --always-sparkplug --no-lazy-feedback-allocation`;

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
 *
 * A young generation that starts at 4 MB a half instead of 1: loading the server's bundle and its first check
 * allocate about 23 MB, which took four collections of a young generation that had not grown yet (two now,
 * `--trace-gc`, the seed guide opened in a fresh server). Opening the
 * seed guide in a fresh server, first diagnostics: median 22.7 ms instead of 24.7 ms (13 starts of each,
 * interleaved). An idle server holds at most the 6 MB more.
 */
export const V8_START_FLAGS: readonly string[] = ['--max-semi-space-size=32', '--min-semi-space-size=4'];
