/**
 * Warming a fresh server's compiled code. V8 runs a function as bytecode until it has run enough of it, then
 * optimises it; the code cache (startup/codeCache.ts) keeps bytecode only. A server whose workspace is one
 * small guide has parsed a few hundred lines when the user starts typing, so the first hundred keystrokes run
 * the parser and the checks unoptimised: the seed's check took 0.34 ms at the median and 1.1 ms at p90 over
 * its first 100 keystrokes, 0.10 ms and 0.25 ms once about 60,000 lines had been parsed (in process); from
 * keystroke to published diagnostics through the real server, 1.9-2.4 ms p50 and 4.2-5.6 ms p90 against
 * 0.5 ms and 1.2 ms after 600 keystrokes.
 *
 * So, once a document's first diagnostics are out and while the process has parsed fewer than
 * {@link WARM_LINES} lines (a workspace of any size has done so while indexing), the server parses and checks
 * the head of that document again and again on a scratch service of its own (nothing indexed, nothing
 * published), one check per turn of the event loop: a message that arrives meanwhile waits for at most one
 * check of {@link TURN_LINES} lines ({@link TURN_CHARS} characters). It stops at the budget or after {@link MAX_TURNS} checks, once per process.
 */
import { nextTask } from '../common/cancel';

/** Lines parsed in a process past which its parser and checks run optimised (measured on the seed guide). */
export const WARM_LINES = 60_000;
/** The most lines of the document one check of the warm-up reads: each turn holds the thread that long. */
export const TURN_LINES = 600;
/** ... and the most characters (a document of long lines): the head ends at the last line break before. */
export const TURN_CHARS = 48 * 1024;
/** At most this many checks, whatever the count of lines says (a one-line document adds one line a check). */
export const MAX_TURNS = 400;

export interface WarmUpDeps {
  /** Parses and checks `text` as version `version` of a scratch document: nothing published, nothing indexed. */
  check(text: string, version: number): void | Promise<unknown>;
  /** Lines the process's parser has read so far. */
  linesParsed(): number;
  /** Where the summary goes (the server's debug log). */
  log(message: string): void;
}

export interface WarmUp {
  /**
   * Offers a document's text for the warm-up; only the first offer of a process that is still cold starts it.
   * Returns the warm-up's end when this offer started it.
   */
  offer(text: string): Promise<void> | undefined;
}

/**
 * The first `n` lines of `text` (all of it when shorter), cut at the last line break within `maxChars`
 * characters when longer (empty when the first line alone is longer).
 */
export function headLines(text: string, n: number, maxChars = TURN_CHARS): string {
  let at = -1;
  for (let i = 0; i < n; i++) {
    const next = text.indexOf('\n', at + 1);
    if (next < 0) {
      at = text.length <= maxChars ? text.length - 1 : at;
      break;
    }
    if (next >= maxChars) break;
    at = next;
  }
  return text.slice(0, at + 1);
}

export function createWarmUp(deps: WarmUpDeps, budget = WARM_LINES): WarmUp {
  let started = false;
  async function run(text: string): Promise<void> {
    const t0 = performance.now();
    const before = deps.linesParsed();
    let turns = 0;
    try {
      while (turns < MAX_TURNS && deps.linesParsed() < budget) {
        await nextTask(); // whatever came meanwhile (a keystroke, a request) goes first
        await deps.check(text, ++turns);
      }
    } catch (e) {
      deps.log(`warm-up stopped after ${turns} checks: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    deps.log(`warm-up: ${turns} checks, ${deps.linesParsed() - before} lines parsed in ${(performance.now() - t0).toFixed(0)} ms`);
  }
  return {
    offer(text) {
      if (started) return undefined; // every later keystroke's publish: nothing to cut from its text
      const head = headLines(text, TURN_LINES);
      if (!head.trim()) return undefined;
      started = true;
      if (deps.linesParsed() >= budget) return undefined;
      return run(head);
    },
  };
}
