/**
 * The recognition half of RST inline markup (docutils' `Inliner` patterns) over one text region: the escaping
 * backslashes, character access, start-string search, end-string search and the URI character classes the
 * standalone-URI search reads. `InlineParser` (`inline.ts`) extends it and builds the nodes.
 */
import { ASCII_FLAGS, CH_BACKQUOTE, CH_BAR, CH_COLON, CH_GT, CH_HASH, CH_LBRACKET, CH_RBRACKET, CH_STAR, CH_UNDERSCORE, EMAILC, F_AFTER_END, F_BEFORE_START, F_NAME, F_SPACE, URIC, URILAST, flagsOf, quotePair } from './inlineChars';
import { type UriMatch, type UriScanner, UriSearch } from './uriSearch';

/** The end-string kinds, each with its own search cache. */
export const END_EMPHASIS = 0;
export const END_STRONG = 1;
export const END_LITERAL = 2;
export const END_TARGET = 3;
export const END_SUBSTITUTION = 4;
export const END_INTERPRETED = 5;

export type SimpleKind = 'emphasis' | 'strong' | 'literal' | 'target' | 'substitution_reference';

export const SIMPLE_END: Record<SimpleKind, number> = {
  emphasis: END_EMPHASIS,
  strong: END_STRONG,
  literal: END_LITERAL,
  target: END_TARGET,
  substitution_reference: END_SUBSTITUTION,
};

/** What the start-string search found at one position. */
export type Found =
  | { type: 'simple'; kind: SimpleKind; start: number; startEnd: number }
  /** Interpreted text or phrase reference; `roleEnd > start` when a `:role:` prefix is present. */
  | { type: 'backquote'; start: number; roleEnd: number; quote: number }
  | { type: 'reference'; start: number; nameEnd: number; end: number }
  | { type: 'footnote'; start: number; labelEnd: number; citation: boolean };

/** How an interpreted-text end-string ends: optional `:role:` suffix, optional `_` / `__`. */
export interface InterpretedEnd {
  end: number;
  roleStart: number;
  roleEnd: number;
  underscores: number;
}

/** The escape table of a region without a backslash (every index reads as "not escaped"). */
const NO_ESCAPES = new Uint8Array(0);

/** The characters a start-string begins with (docutils' `initial` pattern, references aside). */
const START_CHARS = /[*`_|[:]/g;

/** The scanner of one region `[start, end)` of `text`; `InlineParser` moves `pos` past what it consumes. */
export abstract class InlineScanner implements UriScanner {
  /** 1 where the character is an escaping backslash (docutils' NUL). */
  private readonly esc: Uint8Array;
  private readonly anyEscape: boolean;
  private readonly anyUnderscore: boolean;
  /** The text of the region (a slice shares the text's characters): native searches stay inside it. */
  private readonly region: string;
  /** Where docutils' "remaining text" starts. */
  protected pos: number;
  /** The last reference-name run scanned: any name character inside it has the same greedy end. */
  private nameRunStart = -1;
  private nameRunEnd = -1;
  /** Per end-string kind: the first valid end-string at or after `from` (-1: none before the end). */
  private readonly endFrom: number[] = [Infinity, Infinity, Infinity, Infinity, Infinity, Infinity];
  private readonly endAt: number[] = [-1, -1, -1, -1, -1, -1];

  constructor(
    readonly text: string,
    protected readonly start: number,
    protected readonly end: number,
  ) {
    this.pos = start;
    // Search only the region (a slice shares the text's characters): indexOf on the whole text would run to
    // the end of a large document for every paragraph that has no backslash. Most regions have none: they
    // share an empty table.
    const region = start === 0 && end === text.length ? text : text.slice(start, end);
    this.region = region;
    let esc = NO_ESCAPES;
    for (let i = region.indexOf('\\'); i >= 0; i = region.indexOf('\\', i + 2)) {
      if (esc === NO_ESCAPES) esc = new Uint8Array(end - start);
      esc[i] = 1; // the next character is escaped: the search goes on after it
    }
    this.esc = esc;
    this.anyEscape = esc !== NO_ESCAPES;
    this.anyUnderscore = region.includes('_');
  }

  // -------------------------------------------------------------------------------------------
  // Character access (positions outside the region read as "nothing", like a string boundary)
  // -------------------------------------------------------------------------------------------

  private code(i: number): number {
    return i >= this.start && i < this.end ? this.text.charCodeAt(i) : -1;
  }

  private cpAt(i: number): number {
    if (i < this.start || i >= this.end) return -1;
    const c = this.text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < this.end) {
      const d = this.text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) return (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
    }
    return c;
  }

  private cpBefore(i: number): number {
    if (i - 1 < this.start || i - 1 >= this.end) return -1;
    const d = this.text.charCodeAt(i - 1);
    if (d >= 0xdc00 && d <= 0xdfff && i - 2 >= this.start) {
      const c = this.text.charCodeAt(i - 2);
      if (c >= 0xd800 && c <= 0xdbff) return (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
    }
    return d;
  }

  isEsc(i: number): boolean {
    return this.anyEscape && i >= this.start && i < this.end && this.esc[i - this.start] === 1;
  }

  protected isSpaceAt(i: number): boolean {
    return (flagsOf(this.cpAt(i)) & F_SPACE) !== 0;
  }

  /** `(?<![\s\x00])`: the character before `i` is neither white space nor an escaping backslash. */
  protected solidBefore(i: number): boolean {
    return !this.isEsc(i - 1) && (flagsOf(this.cpBefore(i)) & F_SPACE) === 0;
  }

  /** A name character (Python's `\w` but not `_`) starts at `i`. */
  private isNameAt(i: number): boolean {
    return (flagsOf(this.cpAt(i)) & F_NAME) !== 0;
  }

  /** The start-string prefix rule: start of the region, white space, an opener or a delimiter. */
  startAllowed(i: number, regionStart: number): boolean {
    if (i === regionStart) return true;
    const c = i > this.start ? this.text.charCodeAt(i - 1) : -1;
    const f = c >= 0 && c < 128 ? ASCII_FLAGS[c] : flagsOf(this.cpBefore(i));
    return (f & (F_SPACE | F_BEFORE_START)) !== 0;
  }

  /** The end-string suffix rule, with `limit` as the end of the string. */
  endAllowed(i: number, limit = this.end): boolean {
    if (i >= limit) return true;
    return this.isEsc(i) || (flagsOf(this.cpAt(i)) & (F_SPACE | F_AFTER_END)) !== 0;
  }

  /** Greedy end of a reference name (`simplename`) starting at the name character at `i`. */
  private nameEnd(i: number): number {
    if (i > this.nameRunStart && i < this.nameRunEnd) return this.nameRunEnd;
    let j = i;
    for (;;) {
      while (j < this.end) {
        const c = this.text.charCodeAt(j);
        if (c < 128) {
          if ((ASCII_FLAGS[c] & F_NAME) === 0) break;
          j++;
          continue;
        }
        const cp = this.cpAt(j);
        if ((flagsOf(cp) & F_NAME) === 0) break;
        j += cp > 0xffff ? 2 : 1;
      }
      const c = this.code(j);
      if ((c === 45 || c === 46 || c === CH_UNDERSCORE || c === 43 || c === CH_COLON) && this.isNameAt(j + 1)) {
        j++;
        continue;
      }
      break;
    }
    this.nameRunStart = i;
    this.nameRunEnd = j;
    return j;
  }

  // -------------------------------------------------------------------------------------------
  // Start-string search
  // -------------------------------------------------------------------------------------------

  /** The first start-string or whole construct at or after `from`, as docutils' `initial` pattern. */
  protected search(from: number): Found | undefined {
    const text = this.text;
    if (!this.anyUnderscore) {
      // No simple reference is possible: only the start characters need a look, found natively.
      const re = START_CHARS;
      re.lastIndex = from - this.start;
      while (re.test(this.region)) {
        const p = this.start + re.lastIndex - 1;
        if (!this.startAllowed(p, from)) continue;
        const found = this.startAt(p, text.charCodeAt(p));
        if (found) return found;
      }
      return undefined;
    }
    for (let p = from; p < this.end; p++) {
      const c = text.charCodeAt(p);
      let found: Found | undefined;
      switch (c) {
        case CH_STAR:
        case CH_BACKQUOTE:
        case CH_UNDERSCORE:
        case CH_BAR:
        case CH_LBRACKET:
        case CH_COLON:
          if (!this.startAllowed(p, from)) continue;
          found = this.startAt(p, c);
          break;
        default:
          if (c < 128 ? (ASCII_FLAGS[c] & F_NAME) === 0 : !this.isNameAt(p)) continue;
          if (!this.startAllowed(p, from)) continue;
          found = this.referenceAt(p);
          // No construct starts inside the name run that begins here: a reference from a later character of
          // it ends where this one does, and its inner `-._+:` are followed by name characters (so they start
          // nothing) and precede one (so no start-string is allowed after them but a reference). Skip it.
          if (!found && this.nameRunEnd > p + 1) p = this.nameRunEnd - 1;
      }
      if (found) return found;
    }
    return undefined;
  }

  private startAt(p: number, c: number): Found | undefined {
    const next = this.code(p + 1);
    switch (c) {
      case CH_STAR:
        if (next === CH_STAR) {
          return this.isSpaceAt(p + 2) ? undefined : { type: 'simple', kind: 'strong', start: p, startEnd: p + 2 };
        }
        return this.isSpaceAt(p + 1) ? undefined : { type: 'simple', kind: 'emphasis', start: p, startEnd: p + 1 };
      case CH_BACKQUOTE:
        if (next === CH_BACKQUOTE) {
          return this.isSpaceAt(p + 2) ? undefined : { type: 'simple', kind: 'literal', start: p, startEnd: p + 2 };
        }
        return this.isSpaceAt(p + 1) ? undefined : { type: 'backquote', start: p, roleEnd: p, quote: p };
      case CH_UNDERSCORE:
        if (next === CH_BACKQUOTE && !this.isSpaceAt(p + 2)) {
          return { type: 'simple', kind: 'target', start: p, startEnd: p + 2 };
        }
        return undefined;
      case CH_BAR:
        if (next === CH_BAR || this.isSpaceAt(p + 1)) return undefined;
        return { type: 'simple', kind: 'substitution_reference', start: p, startEnd: p + 1 };
      case CH_LBRACKET:
        return this.footnoteAt(p);
      default: {
        // `:role:` directly followed by a backquote that does not start a literal.
        if (!this.isNameAt(p + 1)) return undefined;
        const q = this.nameEnd(p + 1);
        if (this.code(q) !== CH_COLON || this.code(q + 1) !== CH_BACKQUOTE) return undefined;
        if (this.code(q + 2) === CH_BACKQUOTE || this.isSpaceAt(q + 2)) return undefined;
        return { type: 'backquote', start: p, roleEnd: q + 1, quote: q + 1 };
      }
    }
  }

  /** `name_` or `name__` followed by an end-string suffix. */
  private referenceAt(p: number): Found | undefined {
    const q = this.nameEnd(p);
    if (this.code(q) !== CH_UNDERSCORE) return undefined;
    if (this.code(q + 1) === CH_UNDERSCORE && this.endAllowed(q + 2)) {
      return { type: 'reference', start: p, nameEnd: q, end: q + 2 };
    }
    if (this.endAllowed(q + 1)) return { type: 'reference', start: p, nameEnd: q, end: q + 1 };
    return undefined;
  }

  /** `[1]_`, `[#]_`, `[#label]_`, `[*]_`, `[CIT2002]_` followed by an end-string suffix. */
  private footnoteAt(p: number): Found | undefined {
    const closes = (i: number): boolean =>
      this.code(i) === CH_RBRACKET && this.code(i + 1) === CH_UNDERSCORE && this.endAllowed(i + 2);
    // Manually numbered: ASCII digits only.
    let d = p + 1;
    while (this.code(d) >= 48 && this.code(d) <= 57) d++;
    if (d > p + 1 && closes(d)) return { type: 'footnote', start: p, labelEnd: d, citation: false };
    const first = this.code(p + 1);
    if (first === CH_HASH) {
      if (this.isNameAt(p + 2) && closes(this.nameEnd(p + 2))) {
        return { type: 'footnote', start: p, labelEnd: this.nameEnd(p + 2), citation: false };
      }
      if (closes(p + 2)) return { type: 'footnote', start: p, labelEnd: p + 2, citation: false };
    }
    if (first === CH_STAR && closes(p + 2)) return { type: 'footnote', start: p, labelEnd: p + 2, citation: false };
    if (this.isNameAt(p + 1)) {
      const q = this.nameEnd(p + 1);
      if (closes(q)) return { type: 'footnote', start: p, labelEnd: q, citation: true };
    }
    return undefined;
  }

  /** docutils' `quoted_start`: the start-string sits between a matching opener and closer, or ends the text. */
  protected quoted(start: number, startEnd: number): boolean {
    if (start === this.pos) return false;
    if (startEnd >= this.end) return true;
    return quotePair(this.cpBefore(start), this.cpAt(startEnd));
  }

  // -------------------------------------------------------------------------------------------
  // End-string search
  // -------------------------------------------------------------------------------------------

  /**
   * The first valid end-string of `kind` at or after `from`, or -1. Whether a position holds a valid
   * end-string does not depend on where the search started, and queries come in increasing order, so
   * the last answer is reused until `from` passes it: each character is looked at about once per kind.
   */
  protected findEnd(kind: number, from: number): number {
    const cachedFrom = this.endFrom[kind];
    const cachedAt = this.endAt[kind];
    if (from >= cachedFrom && (cachedAt < 0 || from <= cachedAt)) return cachedAt;
    const text = this.text;
    const ch = kind === END_EMPHASIS || kind === END_STRONG ? CH_STAR : kind === END_SUBSTITUTION ? CH_BAR : CH_BACKQUOTE;
    let at = -1;
    for (let i = from; i < this.end; i++) {
      if (text.charCodeAt(i) === ch && this.endValid(kind, i)) {
        at = i;
        break;
      }
    }
    this.endFrom[kind] = from;
    this.endAt[kind] = at;
    return at;
  }

  private endValid(kind: number, i: number): boolean {
    switch (kind) {
      case END_EMPHASIS:
      case END_TARGET:
        return this.solidBefore(i) && this.endAllowed(i + 1);
      case END_STRONG:
        return this.code(i + 1) === CH_STAR && this.solidBefore(i) && this.endAllowed(i + 2);
      case END_LITERAL:
        // Literals know no escapes: only white space may not precede the end-string.
        return (
          this.code(i + 1) === CH_BACKQUOTE &&
          (flagsOf(this.cpBefore(i)) & F_SPACE) === 0 &&
          this.endAllowed(i + 2)
        );
      case END_SUBSTITUTION:
        return this.solidBefore(i) && this.substitutionEnd(i) > 0;
      default:
        return this.interpretedEnd(i) !== undefined;
    }
  }

  /** End of `|`, `|_` or `|__` at `i` (greedy, as docutils' `\|_{0,2}`), or -1. */
  protected substitutionEnd(i: number): number {
    if (this.code(i + 1) === CH_UNDERSCORE) {
      if (this.code(i + 2) === CH_UNDERSCORE && this.endAllowed(i + 3)) return i + 3;
      if (this.endAllowed(i + 2)) return i + 2;
    }
    return this.endAllowed(i + 1) ? i + 1 : -1;
  }

  /**
   * The end of interpreted text or a phrase reference at the backquote `i`: not preceded by an
   * escaping backslash or by unescaped white space, then an optional `:role:` and an optional `_`/`__`.
   */
  protected interpretedEnd(i: number): InterpretedEnd | undefined {
    if (this.isEsc(i - 1)) return undefined;
    if ((flagsOf(this.cpBefore(i)) & F_SPACE) !== 0 && !this.isEsc(i - 2)) return undefined;
    const j = i + 1;
    const tails = (from: number, roleStart: number, roleEnd: number): InterpretedEnd | undefined => {
      if (this.code(from) === CH_UNDERSCORE) {
        if (this.code(from + 1) === CH_UNDERSCORE && this.endAllowed(from + 2)) {
          return { end: from + 2, roleStart, roleEnd, underscores: 2 };
        }
        if (this.endAllowed(from + 1)) return { end: from + 1, roleStart, roleEnd, underscores: 1 };
      }
      return this.endAllowed(from) ? { end: from, roleStart, roleEnd, underscores: 0 } : undefined;
    };
    if (this.code(j) === CH_COLON && this.isNameAt(j + 1)) {
      const q = this.nameEnd(j + 1);
      if (this.code(q) === CH_COLON) {
        const withRole = tails(q + 1, j + 1, q);
        if (withRole) return withRole;
      }
    }
    return tails(j, -1, -1);
  }

  // -------------------------------------------------------------------------------------------
  // Escapes
  // -------------------------------------------------------------------------------------------

  /** The text `[s, e)` with escaping backslashes removed (escaped spaces and line breaks vanish). */
  protected unescape(s: number, e: number): string {
    const text = this.text;
    if (!this.anyEscape) return text.slice(s, e);
    // Pieces joined once: a string grown by += over 100,000 escapes is a deep rope, slow to flatten.
    const out: string[] = [];
    let from = s;
    for (let i = s; i < e; i++) {
      if (!this.isEsc(i)) continue;
      if (i > from) out.push(text.slice(from, i));
      let j = i + 1;
      if (j < e) {
        const c = text.charCodeAt(j);
        if (c === 32 || c === 10) j++;
        else if (c === 13) j += j + 1 < e && text.charCodeAt(j + 1) === 10 ? 2 : 1;
      }
      from = j;
      i = j - 1;
    }
    out.push(text.slice(from, e));
    return out.join('');
  }

  // -------------------------------------------------------------------------------------------
  // Standalone URIs and e-mail addresses
  // -------------------------------------------------------------------------------------------

  uricAt(i: number, limit: number): boolean {
    if (i >= limit) return false;
    if (this.isEsc(i)) return true;
    const c = this.text.charCodeAt(i);
    return c < 128 && URIC[c] === 1;
  }

  emailcAt(i: number, limit: number): boolean {
    if (i >= limit) return false;
    if (this.isEsc(i)) return true;
    const c = this.text.charCodeAt(i);
    return c < 128 && EMAILC[c] === 1;
  }

  /** `uri_end`: the character at `k` may end a URI (a last-character, or any URI character before `>`). */
  uriEndAt(k: number, limit: number): boolean {
    if (!this.isEsc(k)) {
      const c = this.text.charCodeAt(k);
      if (c < 128 && URILAST[c] === 1) return true;
    }
    return k + 1 < limit && this.text.charCodeAt(k + 1) === CH_GT && this.uricAt(k, limit);
  }

  uricRunEnd(i: number, limit: number): number {
    while (this.uricAt(i, limit)) i++;
    return i;
  }

  /** Does a URI or e-mail address start exactly at `p` of the string `[p, e)`? (docutils' `uri.match`) */
  protected uriAt(p: number, e: number): boolean {
    return new UriSearch(this, e).matchAt(p) !== undefined;
  }

  /** Every URI has a colon after its scheme, every e-mail address an `@`. */
  protected mayHoldUri(s: number, e: number): boolean {
    return this.nextColonOrAt(s, e) >= 0;
  }

  /** Region offsets of the last searches for `:` and `@`: where each started and what it found (-1: none). */
  private colonFrom = Infinity;
  private colonFound = -1;
  private atFrom = Infinity;
  private atFound = -1;

  /**
   * The next `ch` of the region at or after region offset `from`, or -1, found natively. A search runs to the
   * end of the region when it finds nothing, so its answer is kept: a later search from between where it
   * started and what it found has the same answer (pieces of text are searched left to right, so a region
   * is read about once, not once per piece).
   */
  private nextOf(ch: ':' | '@', from: number): number {
    const colon = ch === ':';
    const since = colon ? this.colonFrom : this.atFrom;
    const found = colon ? this.colonFound : this.atFound;
    if (from >= since && (found < 0 || from <= found)) return found;
    const r = this.region.indexOf(ch, from);
    if (colon) {
      this.colonFrom = from;
      this.colonFound = r;
    } else {
      this.atFrom = from;
      this.atFound = r;
    }
    return r;
  }

  protected findUri(s: number, e: number): UriMatch | undefined {
    const search = new UriSearch(this, e);
    const text = this.text;
    let p = s;
    while (p < e) {
      // A URI's scheme runs up to its colon and an e-mail's local part up to its `@`, both through characters
      // that `mayLeadUri` accepts: only those just before the next colon or `@` can start a match (found
      // natively; the rest of the text is not looked at).
      const k = this.nextColonOrAt(p, e);
      if (k < 0) return undefined;
      let w = k;
      while (w > p && this.mayLeadUri(w - 1)) w--;
      for (let q = w; q < k; q++) {
        const c = text.charCodeAt(q);
        if (c >= 128 || (URIC[c] === 0 && EMAILC[c] === 0 && !this.isEsc(q))) continue;
        if (!this.startAllowed(q, s)) continue;
        const m = search.matchAt(q);
        if (m) return m;
      }
      p = k + 1; // a colon or an `@` starts neither a scheme nor a local part
    }
    return undefined;
  }

  /** The first colon or `@` in `[p, e)`, or -1. */
  private nextColonOrAt(p: number, e: number): number {
    const from = Math.max(0, p - this.start);
    const to = e - this.start;
    let colon = this.nextOf(':', from);
    if (colon >= to) colon = -1;
    let at = this.nextOf('@', from);
    if (at >= to) at = -1;
    const k = colon < 0 ? at : at < 0 ? colon : Math.min(colon, at);
    return k < 0 ? -1 : k + this.start;
  }

  /**
   * The character at `i` may be part of a scheme or of an e-mail's local part (or is an escape): an e-mail
   * character (letters, digits, `+` and `-` included, so every scheme character but the dot) or a dot.
   */
  private mayLeadUri(i: number): boolean {
    if (this.isEsc(i)) return true;
    const c = this.text.charCodeAt(i);
    return c < 128 && (EMAILC[c] === 1 || c === 46);
  }
}
