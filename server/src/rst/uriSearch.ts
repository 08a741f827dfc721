import { CH_AT, CH_COLON, CH_DOT, CH_GT, CH_HASH, CH_QUESTION, EMAILC, URILAST } from './inlineChars';

/*
 * Standalone URIs and e-mail addresses in plain text, as docutils' `uri` and `email` patterns find them.
 */

/** A URI or e-mail address found in plain text. */
export interface UriMatch {
  start: number;
  end: number;
  /** End of the scheme (at the colon), -1 for an e-mail address. */
  schemeEnd: number;
}

/** What a URI search reads of the inline parser: the text, its escapes, and its URI character classes. */
export interface UriScanner {
  readonly text: string;
  isEsc(i: number): boolean;
  endAllowed(i: number, limit?: number): boolean;
  uricAt(i: number, limit: number): boolean;
  emailcAt(i: number, limit: number): boolean;
  uriEndAt(k: number, limit: number): boolean;
  uricRunEnd(i: number, limit: number): number;
}

/**
 * docutils' `uri` pattern inside one piece of text `[s, e)`: an absolute URI
 * (`scheme:` + URI characters, optional `?query`, optional `#fragment`) or an e-mail address, followed
 * by an end-string suffix. Where the regular expression would backtrack, the longest valid end wins
 * (that is the order in which its greedy parts give characters back). Runs already scanned are cached so
 * that a long run of candidates stays linear.
 */
export class UriSearch {
  private readonly u: UriScanner;
  private schemeRunStart = -1;
  private schemeRunEnd = -1;
  private failedColon = -1;
  private failedRunEnd = -1;
  private localRunStart = -1;
  private localRunEnd = -1;
  private localResult = -1;

  constructor(
    parser: UriScanner,
    private readonly e: number,
  ) {
    this.u = parser;
  }

  matchAt(p: number): UriMatch | undefined {
    const text = this.u.text;
    const c = text.charCodeAt(p);
    if (!this.u.isEsc(p) && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) {
      const schemeEnd = this.schemeEnd(p);
      if (schemeEnd < this.e && text.charCodeAt(schemeEnd) === CH_COLON) {
        const end = this.afterColon(schemeEnd);
        if (end >= 0) return { start: p, end, schemeEnd };
      }
    }
    if (this.u.emailcAt(p, this.e)) {
      const end = this.email(p);
      if (end >= 0) return { start: p, end, schemeEnd: -1 };
    }
    return undefined;
  }

  private schemeEnd(p: number): number {
    if (p > this.schemeRunStart && p < this.schemeRunEnd) return this.schemeRunEnd;
    const text = this.u.text;
    let i = p + 1;
    while (i < this.e && !this.u.isEsc(i)) {
      const c = text.charCodeAt(i);
      if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45)) break;
      i++;
    }
    this.schemeRunStart = p;
    this.schemeRunEnd = i;
    return i;
  }

  /** End of the absolute URI whose scheme ends at the colon `c`, or -1. */
  private afterColon(c: number): number {
    if (c > this.failedColon && c < this.failedRunEnd) return -1;
    const runEnd = this.u.uricRunEnd(c + 1, this.e);
    const end = this.part(c + 1, runEnd, (at) => {
      const next = at < this.e ? this.u.text.charCodeAt(at) : -1;
      if (next === CH_QUESTION) {
        const q = this.part(at + 1, this.u.uricRunEnd(at + 1, this.e), (qAt) => this.fragmentOrEnd(qAt));
        if (q >= 0) return q;
      }
      return this.fragmentOrEnd(at);
    });
    if (end < 0) {
      this.failedColon = c;
      this.failedRunEnd = runEnd;
    }
    return end;
  }

  private fragmentOrEnd(at: number): number {
    if (at < this.e && this.u.text.charCodeAt(at) === CH_HASH) {
      const f = this.part(at + 1, this.u.uricRunEnd(at + 1, this.e), (fAt) => (this.u.endAllowed(fAt, this.e) ? fAt : -1));
      if (f >= 0) return f;
    }
    return this.u.endAllowed(at, this.e) ? at : -1;
  }

  /**
   * `uric* uri_end` over the run `[from, runEnd)`, longest first. `atRunEnd` continues after the whole
   * run (query, fragment, suffix); a shorter part is followed by a URI character, so only the suffix
   * rule applies there.
   */
  private part(from: number, runEnd: number, atRunEnd: (at: number) => number): number {
    for (let end = runEnd; end > from; end--) {
      if (!this.u.uriEndAt(end - 1, this.e)) continue;
      if (end === runEnd) {
        const r = atRunEnd(end);
        if (r >= 0) return r;
      } else if (this.u.endAllowed(end, this.e)) {
        return end;
      }
    }
    return -1;
  }

  /** End of the e-mail address whose local part starts at `p`, or -1. */
  private email(p: number): number {
    if (p > this.localRunStart && p < this.localRunEnd) return this.localResult;
    const u = this.u;
    const text = u.text;
    const e = this.e;
    // Local part: runs of e-mail characters joined by single dots.
    let i = p;
    for (;;) {
      while (u.emailcAt(i, e)) i++;
      if (i + 1 < e && text.charCodeAt(i) === CH_DOT && u.emailcAt(i + 1, e)) {
        i++;
        continue;
      }
      break;
    }
    this.localRunStart = p;
    this.localRunEnd = i;
    this.localResult = -1;
    if (i >= e || text.charCodeAt(i) !== CH_AT || u.isEsc(i - 1)) return -1;
    const h0 = i + 1;
    if (!u.emailcAt(h0, e)) return -1;
    let h = h0;
    while (h < e && (u.emailcAt(h, e) || text.charCodeAt(h) === CH_DOT)) h++;
    let result = -1;
    if (h > h0 && u.uricAt(h, e) && h + 1 < e && text.charCodeAt(h + 1) === CH_GT) {
      result = h + 1;
    } else {
      for (let end = h; end >= h0 + 2; end--) {
        if (u.uriEndAt(end - 1, e) && u.endAllowed(end, e)) {
          result = end;
          break;
        }
      }
    }
    this.localResult = result;
    return result;
  }
}

export function isLinkSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** docutils' `email` pattern over a whole string (no escapes left in it). */
export function isEmailAddress(s: string): boolean {
  const emailc = (i: number): boolean => {
    const c = s.charCodeAt(i);
    return c < 128 && EMAILC[c] === 1;
  };
  let i = 0;
  for (;;) {
    const runStart = i;
    while (i < s.length && emailc(i)) i++;
    if (i === runStart) return false;
    if (s.charCodeAt(i) === CH_DOT && i + 1 < s.length && emailc(i + 1)) {
      i++;
      continue;
    }
    break;
  }
  if (s.charCodeAt(i) !== CH_AT) return false;
  const h0 = i + 1;
  if (s.length - h0 < 2 || !emailc(h0)) return false;
  for (let k = h0 + 1; k < s.length - 1; k++) {
    if (!emailc(k) && s.charCodeAt(k) !== CH_DOT) return false;
  }
  const last = s.charCodeAt(s.length - 1);
  return last < 128 && URILAST[last] === 1;
}
