import { normalizeName } from './text';
import type {
  CitationRefInline,
  FootnoteRefInline,
  Inline,
  InlineResult,
  InlineTargetInline,
  InterpretedInline,
  ReferenceInline,
  RstProblem,
  StyledInline,
  SubstitutionRefInline,
  TextInline,
  UriInline,
} from './types';
import { ASCII_FLAGS, CH_AT, CH_BACKQUOTE, CH_BACKSLASH, CH_BAR, CH_COLON, CH_GT, CH_HASH, CH_LBRACKET, CH_LT, CH_RBRACKET, CH_STAR, CH_UNDERSCORE, EMAILC, F_AFTER_END, F_BEFORE_START, F_NAME, F_SPACE, PY_SPACE_RUN, URIC, URILAST, URI_SCHEMES, flagsOf, quotePair } from './inlineChars';
import { type UriMatch, type UriScanner, UriSearch, isEmailAddress, isLinkSpace } from './uriSearch';

/*
 * RST inline markup, as docutils' `Inliner` recognises it.
 *
 * docutils works on a copy of the text where every escaping backslash is replaced by a NUL and the
 * escaped character kept, then repeatedly searches the rest of the text for a start-string (or a whole
 * construct such as `name_`), looks for its end-string, and goes on after whatever it consumed. Here the
 * same rules run directly on the source offsets: `esc` marks the escaping backslashes (docutils' NULs),
 * and `pos` is where docutils' "rest of the text" starts (a start-string is recognised there whatever
 * precedes it, as docutils' `^` does).
 *
 * Linear time: every end-string search goes through a per-kind cache of "first valid end-string at or
 * after x", whose queries only move forward; reference names and URI parts are scanned once per run.
 */

// ---------------------------------------------------------------------------------------------
// The parser
// ---------------------------------------------------------------------------------------------

/** The end-string kinds, each with its own search cache. */
const END_EMPHASIS = 0;
const END_STRONG = 1;
const END_LITERAL = 2;
const END_TARGET = 3;
const END_SUBSTITUTION = 4;
const END_INTERPRETED = 5;

type SimpleKind = 'emphasis' | 'strong' | 'literal' | 'target' | 'substitution_reference';

const SIMPLE_END: Record<SimpleKind, number> = {
  emphasis: END_EMPHASIS,
  strong: END_STRONG,
  literal: END_LITERAL,
  target: END_TARGET,
  substitution_reference: END_SUBSTITUTION,
};

/** What the start-string search found at one position. */
type Found =
  | { type: 'simple'; kind: SimpleKind; start: number; startEnd: number }
  /** Interpreted text or phrase reference; `roleEnd > start` when a `:role:` prefix is present. */
  | { type: 'backquote'; start: number; roleEnd: number; quote: number }
  | { type: 'reference'; start: number; nameEnd: number; end: number }
  | { type: 'footnote'; start: number; labelEnd: number; citation: boolean };

/** How an interpreted-text end-string ends: optional `:role:` suffix, optional `_` / `__`. */
interface InterpretedEnd {
  end: number;
  roleStart: number;
  roleEnd: number;
  underscores: number;
}


/**
 * Parses the inline markup of one text region `[start, end)` of `text` (a paragraph, a title, a list
 * item's first line...). The region may span several lines; offsets in the result are offsets into `text`.
 * Never throws.
 */
/** Characters without which a region can hold no inline markup, URI or e-mail address. */
const MARKUP_CHAR = new Uint8Array(128);
for (const c of '*`_|[\\@:<>') MARKUP_CHAR[c.charCodeAt(0)] = 1;

/** True when `[s, e)` holds one of the characters of `MARKUP_CHAR`. */
function hasMarkupChar(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 && MARKUP_CHAR[c] === 1) return true;
  }
  return false;
}

export function parseInline(text: string, start: number, end: number): InlineResult {
  const len = text.length;
  const s = Number.isFinite(start) ? Math.max(0, Math.min(len, Math.trunc(start))) : 0;
  const e = Number.isFinite(end) ? Math.max(s, Math.min(len, Math.trunc(end))) : s;
  // Fast path: a region without any character that can start or end markup (or an e-mail address or
  // a URI scheme) is plain text. Most prose is; this skips the parser's set-up for it.
  if (e > s && !hasMarkupChar(text, s, e)) return { nodes: [{ kind: 'text', start: s, end: e, text: text.slice(s, e) }], problems: [] };
  return new InlineParser(text, s, e).run();
}

/** The escape table of a region without a backslash (every index reads as "not escaped"). */
const NO_ESCAPES = new Uint8Array(0);

class InlineParser implements UriScanner {
  private readonly nodes: Inline[] = [];
  private readonly problems: RstProblem[] = [];
  /** 1 where the character is an escaping backslash (docutils' NUL). */
  private readonly esc: Uint8Array;
  private readonly anyEscape: boolean;
  private readonly anyUnderscore: boolean;
  /** Where docutils' "remaining text" starts. */
  private pos: number;
  /** Start of the text not yet turned into nodes. */
  private pending: number;
  /** The last reference-name run scanned: any name character inside it has the same greedy end. */
  private nameRunStart = -1;
  private nameRunEnd = -1;
  /** Per end-string kind: the first valid end-string at or after `from` (-1: none before the end). */
  private readonly endFrom: number[] = [Infinity, Infinity, Infinity, Infinity, Infinity, Infinity];
  private readonly endAt: number[] = [-1, -1, -1, -1, -1, -1];

  constructor(
    readonly text: string,
    private readonly start: number,
    private readonly end: number,
  ) {
    this.pos = start;
    this.pending = start;
    // Scan only the region: indexOf on the whole text would run to the end of a large document for
    // every paragraph that has no backslash. Most regions have none: they share an empty table.
    let esc = NO_ESCAPES;
    for (let i = start; i < end; i++) {
      if (text.charCodeAt(i) === 92) {
        if (esc === NO_ESCAPES) esc = new Uint8Array(end - start);
        esc[i - start] = 1;
        i++;
      }
    }
    this.esc = esc;
    this.anyEscape = esc !== NO_ESCAPES;
    let u = false;
    for (let i = start; i < end && !u; i++) u = text.charCodeAt(i) === 95;
    this.anyUnderscore = u;
  }

  run(): InlineResult {
    while (this.pos < this.end) {
      const before = this.pos;
      const found = this.search(before);
      if (!found) break;
      switch (found.type) {
        case 'simple':
          this.simple(found.kind, found.start, found.startEnd);
          break;
        case 'backquote':
          this.interpretedOrPhrase(found.start, found.roleEnd, found.quote);
          break;
        case 'reference':
          this.simpleReference(found.start, found.nameEnd, found.end);
          break;
        case 'footnote':
          this.footnoteReference(found.start, found.labelEnd, found.citation);
          break;
      }
      // Every construct consumes at least its start-string; never loop on the same position.
      if (this.pos <= before) this.pos = before + 1;
    }
    this.flushText(this.end);
    return { nodes: this.nodes, problems: this.problems };
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

  private isSpaceAt(i: number): boolean {
    return (flagsOf(this.cpAt(i)) & F_SPACE) !== 0;
  }

  /** `(?<![\s\x00])`: the character before `i` is neither white space nor an escaping backslash. */
  private solidBefore(i: number): boolean {
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
  private search(from: number): Found | undefined {
    const text = this.text;
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
          // A simple reference (`name_`) needs an underscore after its name: none in the region, none here.
          if (!this.anyUnderscore) continue;
          if (c < 128 ? (ASCII_FLAGS[c] & F_NAME) === 0 : !this.isNameAt(p)) continue;
          if (!this.startAllowed(p, from)) continue;
          found = this.referenceAt(p);
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
  private quoted(start: number, startEnd: number): boolean {
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
  private findEnd(kind: number, from: number): number {
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
  private substitutionEnd(i: number): number {
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
  private interpretedEnd(i: number): InterpretedEnd | undefined {
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
  // Constructs
  // -------------------------------------------------------------------------------------------

  /** Emphasis, strong, literal, inline target and substitution reference (docutils' `inline_obj`). */
  private simple(kind: SimpleKind, start: number, startEnd: number): void {
    if (this.quoted(start, startEnd)) {
      this.pos = startEnd;
      return;
    }
    const e = this.findEnd(SIMPLE_END[kind], startEnd);
    if (e <= startEnd) {
      this.unterminated(`Inline ${kind} start-string without end-string.`, start, startEnd);
      return;
    }
    const contentSpan = { start: startEnd, end: e };
    let node: Inline;
    switch (kind) {
      case 'emphasis':
      case 'strong':
      case 'literal': {
        const len = kind === 'emphasis' ? 1 : 2;
        const content = kind === 'literal' ? this.text.slice(startEnd, e) : this.unescape(startEnd, e);
        node = { kind, start, end: e + len, text: content, contentSpan } satisfies StyledInline;
        break;
      }
      case 'target': {
        const name = this.unescape(startEnd, e);
        node = { kind: 'inlineTarget', start, end: e + 1, name, refname: normalizeName(name), nameSpan: contentSpan } satisfies InlineTargetInline;
        break;
      }
      default: {
        const name = this.unescape(startEnd, e);
        const after = this.substitutionEnd(e);
        const underscores = after - e - 1;
        node = {
          kind: 'substitutionRef',
          start,
          end: after,
          name,
          refname: normalizeName(name),
          nameSpan: contentSpan,
          reference: underscores === 2 ? 'anonymous' : underscores === 1 ? 'named' : 'none',
        } satisfies SubstitutionRefInline;
      }
    }
    this.emit(node);
    this.pos = node.end;
  }

  /** Interpreted text (`` `x` ``, `` :role:`x` ``, `` `x`:role: ``) and phrase references (`` `x`_ ``). */
  private interpretedOrPhrase(roleStart: number, roleEnd: number, quote: number): void {
    const hasPrefix = roleEnd > roleStart;
    const contentStart = quote + 1;
    if (!hasPrefix && this.quoted(quote, contentStart)) {
      this.pos = contentStart;
      return;
    }
    const e = this.findEnd(END_INTERPRETED, contentStart);
    const tail = e > contentStart ? this.interpretedEnd(e) : undefined;
    if (!tail) {
      this.unterminated(
        'Inline interpreted text or phrase reference start-string without end-string.',
        quote,
        contentStart,
      );
      return;
    }
    const whole = { start: roleStart, end: tail.end };
    let role: { start: number; end: number } | undefined = hasPrefix ? { start: roleStart + 1, end: roleEnd - 1 } : undefined;
    let position = 'prefix';
    if (tail.roleStart >= 0) {
      if (role) {
        this.roleError('Multiple roles in interpreted text (both prefix and suffix present; only one allowed).', whole);
        return;
      }
      role = { start: tail.roleStart, end: tail.roleEnd };
      position = 'suffix';
    }
    if (tail.underscores > 0) {
      if (role) {
        this.roleError(`Mismatch: both interpreted text role ${position} and reference suffix.`, whole);
        return;
      }
      this.phraseReference(quote, contentStart, e, tail.end, tail.underscores === 2);
      return;
    }
    const node: InterpretedInline = {
      kind: 'interpreted',
      start: roleStart,
      end: tail.end,
      text: this.unescape(contentStart, e),
      contentSpan: { start: contentStart, end: e },
    };
    if (role) {
      node.role = this.text.slice(role.start, role.end).toLowerCase();
      node.roleSpan = role;
    }
    this.emit(node);
    this.pos = tail.end;
  }

  /** `` `name`_ ``, `` `name`__ ``, `` `text <uri>`_ ``, `` `text <alias_>`_ `` (docutils' `phrase_ref`). */
  private phraseReference(start: number, cs: number, ce: number, end: number, anonymous: boolean): void {
    const node: ReferenceInline = {
      kind: 'reference',
      start,
      end,
      text: '',
      nameSpan: { start: cs, end: ce },
      anonymous: false,
      embedded: false,
    };
    const link = this.embeddedLink(cs, ce);
    if (link) {
      const { textEnd, aliasStart, aliasEnd } = link;
      node.embedded = true;
      const underscoreEscaped = aliasEnd - aliasStart >= 2 && this.text.charCodeAt(aliasEnd - 2) === CH_BACKSLASH;
      const isName =
        this.text.charCodeAt(aliasEnd - 1) === CH_UNDERSCORE &&
        !underscoreEscaped &&
        !this.uriAt(aliasStart, aliasEnd);
      let alias: string;
      if (isName) {
        alias = normalizeName(this.unescape(aliasStart, aliasEnd - 1));
        node.refname = alias;
        node.nameSpan = { start: aliasStart, end: aliasEnd - 1 };
      } else {
        alias = this.uriAlias(aliasStart, aliasEnd);
        node.uri = alias;
        node.nameSpan = textEnd > cs ? { start: cs, end: textEnd } : { start: aliasStart, end: aliasEnd };
      }
      node.text = textEnd > cs ? this.unescape(cs, textEnd) : alias;
      if (!anonymous) node.targetName = normalizeName(node.text);
    } else {
      node.text = this.unescape(cs, ce);
      if (anonymous) node.anonymous = true;
      else node.refname = normalizeName(node.text);
    }
    this.emit(node);
    this.pos = end;
  }

  /**
   * docutils' `embedded_link` on the content `[cs, ce)`: `<...>` at the end, preceded by white space
   * (or alone), with no unescaped angle bracket inside.
   */
  private embeddedLink(cs: number, ce: number): { textEnd: number; aliasStart: number; aliasEnd: number } | undefined {
    const text = this.text;
    if (ce - cs < 3 || text.charCodeAt(ce - 1) !== CH_GT || !this.solidBefore(ce - 1)) return undefined;
    let open = -1;
    for (let i = ce - 2; i >= cs; i--) {
      const c = text.charCodeAt(i);
      if ((c === CH_LT || c === CH_GT) && !this.isEsc(i - 1)) {
        if (c === CH_LT) open = i;
        break;
      }
    }
    if (open < 0 || open + 1 >= ce - 1 || this.isSpaceAt(open + 1)) return undefined;
    let textEnd = open;
    if (open > cs) {
      while (textEnd > cs && isLinkSpace(text.charCodeAt(textEnd - 1))) textEnd--;
      if (textEnd === open) return undefined;
    }
    return { textEnd, aliasStart: open + 1, aliasEnd: ce - 1 };
  }

  /** The URI of an embedded link: unescaped white space removed, escaped spaces kept, e-mail gets `mailto:`. */
  private uriAlias(s: number, e: number): string {
    let raw = '';
    for (let i = s; i < e; i++) raw += this.isEsc(i) ? '\0' : this.text[i];
    raw = raw.replace(/\r\n/g, '\n');
    const parts = raw.split(/\0[ \n]/);
    let alias = parts.map((part) => part.replace(PY_SPACE_RUN, '')).join(' ');
    alias = alias.replace(/\0[ \n]?/g, '');
    if (isEmailAddress(alias)) alias = 'mailto:' + alias;
    if (alias.endsWith('\\_')) alias = alias.slice(0, -2) + '_';
    return alias;
  }

  private simpleReference(start: number, nameEnd: number, end: number): void {
    const name = this.text.slice(start, nameEnd);
    const anonymous = end - nameEnd === 2;
    const node: ReferenceInline = {
      kind: 'reference',
      start,
      end,
      text: name,
      nameSpan: { start, end: nameEnd },
      anonymous,
      embedded: false,
    };
    if (!anonymous) node.refname = normalizeName(name);
    this.emit(node);
    this.pos = end;
  }

  private footnoteReference(start: number, labelEnd: number, citation: boolean): void {
    const label = this.text.slice(start + 1, labelEnd);
    const labelSpan = { start: start + 1, end: labelEnd };
    const end = labelEnd + 2;
    const node: FootnoteRefInline | CitationRefInline = citation
      ? { kind: 'citationRef', start, end, label, refname: normalizeName(label), labelSpan }
      : { kind: 'footnoteRef', start, end, label, labelSpan };
    this.emit(node);
    this.pos = end;
  }

  /** A start-string without end-string: a warning, the start-string stays text, scanning goes on after it. */
  private unterminated(message: string, start: number, end: number): void {
    this.problems.push({ code: 'rst.inline-unterminated', message, start, end });
    this.emit({ kind: 'text', start, end, text: this.text.slice(start, end) });
    this.pos = end;
  }

  /** A role problem: the whole construct stays text (as written), scanning goes on after it. */
  private roleError(message: string, span: { start: number; end: number }): void {
    this.problems.push({ code: 'rst.role-error', message, start: span.start, end: span.end });
    this.emit({ kind: 'text', start: span.start, end: span.end, text: this.text.slice(span.start, span.end) });
    this.pos = span.end;
  }

  // -------------------------------------------------------------------------------------------
  // Output
  // -------------------------------------------------------------------------------------------

  /** Adds a markup node; the text before it is emitted first (with its standalone URIs). */
  private emit(node: Inline): void {
    this.flushText(node.start);
    this.nodes.push(node);
    this.pending = node.end;
  }

  /**
   * The text `[pending, upto)`, with standalone URIs and e-mail addresses recognised as docutils'
   * `implicit_inline` does: the first candidate decides (an unknown scheme leaves the whole piece as
   * text), then the pieces before and after a URI are searched again on their own.
   */
  private flushText(upto: number): void {
    const from = this.pending;
    if (upto <= from) return;
    this.pending = upto;
    if (!this.mayHoldUri(from, upto)) {
      this.nodes.push({ kind: 'text', start: from, end: upto, text: this.unescape(from, upto) } satisfies TextInline);
      return;
    }
    const work: (UriMatch | { piece: number; pieceEnd: number })[] = [{ piece: from, pieceEnd: upto }];
    while (work.length > 0) {
      const item = work.pop()!;
      if (!('piece' in item)) {
        const raw = this.unescape(item.start, item.end);
        const node: UriInline = { kind: 'uri', start: item.start, end: item.end, uri: item.schemeEnd < 0 ? 'mailto:' + raw : raw };
        this.nodes.push(node);
        continue;
      }
      const { piece, pieceEnd } = item;
      if (piece >= pieceEnd) continue;
      const m = this.findUri(piece, pieceEnd);
      if (!m || (m.schemeEnd >= 0 && !URI_SCHEMES.has(this.text.slice(m.start, m.schemeEnd).toLowerCase()))) {
        this.nodes.push({ kind: 'text', start: piece, end: pieceEnd, text: this.unescape(piece, pieceEnd) } satisfies TextInline);
        continue;
      }
      work.push({ piece: m.end, pieceEnd }, m, { piece, pieceEnd: m.start });
    }
  }

  /** The text `[s, e)` with escaping backslashes removed (escaped spaces and line breaks vanish). */
  private unescape(s: number, e: number): string {
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
  private uriAt(p: number, e: number): boolean {
    return new UriSearch(this, e).matchAt(p) !== undefined;
  }

  /** Every URI has a colon after its scheme, every e-mail address an `@`. */
  private mayHoldUri(s: number, e: number): boolean {
    const text = this.text;
    for (let i = s; i < e; i++) {
      const c = text.charCodeAt(i);
      if (c === CH_COLON || c === CH_AT) return true;
    }
    return false;
  }

  private findUri(s: number, e: number): UriMatch | undefined {
    const search = new UriSearch(this, e);
    const text = this.text;
    for (let p = s; p < e; p++) {
      const c = text.charCodeAt(p);
      if (c >= 128 || (URIC[c] === 0 && EMAILC[c] === 0 && !this.isEsc(p))) continue;
      if (!this.startAllowed(p, s)) continue;
      const m = search.matchAt(p);
      if (m) return m;
    }
    return undefined;
  }
}
