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
import { CH_BACKSLASH, CH_GT, CH_LT, CH_UNDERSCORE, PY_SPACE_RUN, URI_SCHEMES } from './inlineChars';
import { END_INTERPRETED, InlineScanner, SIMPLE_END, type SimpleKind } from './inlineScanner';
import { type UriMatch, isEmailAddress, isLinkSpace } from './uriSearch';

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
 *
 * The recognition (escapes, start- and end-string search, URI characters) is `InlineScanner` in
 * `inlineScanner.ts`; this file turns what it finds into nodes: the constructs, the text between them and
 * its standalone URIs.
 */

/** Characters without which a region can hold no inline markup, URI or e-mail address. */
const MARKUP_CHAR = /[*`_|[\\@:<>]/;

/** True when `[s, e)` holds one of the characters of `MARKUP_CHAR` (a native search: most paragraphs have none). */
function hasMarkupChar(text: string, s: number, e: number): boolean {
  return MARKUP_CHAR.test(s === 0 && e === text.length ? text : text.slice(s, e));
}

/**
 * Parses the inline markup of one text region `[start, end)` of `text` (a paragraph, a title, a list
 * item's first line...). The region may span several lines; offsets in the result are offsets into `text`.
 * Never throws.
 */
export function parseInline(text: string, start: number, end: number): InlineResult {
  const len = text.length;
  const s = Number.isFinite(start) ? Math.max(0, Math.min(len, Math.trunc(start))) : 0;
  const e = Number.isFinite(end) ? Math.max(s, Math.min(len, Math.trunc(end))) : s;
  // Fast path: a region without any character that can start or end markup (or an e-mail address or
  // a URI scheme) is plain text. Most prose is; this skips the parser's set-up for it.
  if (e > s && !hasMarkupChar(text, s, e)) return { nodes: [{ kind: 'text', start: s, end: e, text: text.slice(s, e) }], problems: [] };
  return new InlineParser(text, s, e).run();
}

/** The inline parser proper: what the scanner found becomes nodes and problems. */
class InlineParser extends InlineScanner {
  private readonly nodes: Inline[] = [];
  private readonly problems: RstProblem[] = [];
  /** Start of the text not yet turned into nodes. */
  private pending: number;

  constructor(text: string, start: number, end: number) {
    super(text, start, end);
    this.pending = start;
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
    return { nodes: this.nodes.slice(), problems: this.problems }; // exact length: see `parseBody`
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

}
