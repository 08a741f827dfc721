/**
 * sphinx-lint's checks that read a paragraph at a time (sphinx-lint 1.0.2, `sphinxlint/checkers.py`): the lines it
 * reads as RST, split at empty lines (a line of spaces does not split); a paragraph with more than four `|` is a
 * table and left alone. Most first take out of the paragraph what is well formed (sphinx-lint's
 * `clean_paragraph`): inline literals, inline targets, hyperlink references and roles, the shortest first, so
 * that what is left shows what is broken. The patterns are sphinx-lint's, written for JavaScript:
 * - `missing-backtick-after-role`: a role whose text has no closing backquote before the paragraph ends;
 * - `missing-space-after-literal`: ``` ``literal``s ```, a character glued after an inline literal;
 * - `unbalanced-inline-literals-delimiters`: a lone ```` `` ```` left after the well-formed ones are taken out;
 * - `missing-space-after-role`: `` :exc:`Error`s ``;
 * - `role-with-double-backticks`: ``` :func:``sum`` ```;
 * - `missing-space-before-role`: `` the:func:`sum` `` (or `` issue:`123` ``, a role missing its first colon);
 * - `missing-space-before-default-role`: `` the`sum` ``;
 * - `hyperlink-reference-missing-backtick`: ``Misc/NEWS <https://...>`_`` without its opening backquote.
 * A finding is marked where it stands in the document (sphinx-lint counts the lines of the paragraph as it is
 * once cleaned, so when a construct it took out spans lines it names an earlier line). Paragraphs over
 * {@link LONGEST_PARAGRAPH} characters are not read: the search for the shortest construct takes time that
 * grows with the square of a paragraph's length. Findings are kept per paragraph text: a keystroke reads again
 * only the paragraph it changed.
 */
import { quotePair } from '../rst/inlineChars';
import { AFTER_MARKUP, B, BEFORE_MARKUP, lineEnd, ROLE_HEAD, ROLE_TAG, SIMPLE_NAME, type Report } from './sphinxLintPatterns';

export const PARAGRAPH_CHECKS = [
  'missing-backtick-after-role',
  'missing-space-after-literal',
  'unbalanced-inline-literals-delimiters',
  'missing-space-after-role',
  'role-with-double-backticks',
  'missing-space-before-role',
  'missing-space-before-default-role',
  'hyperlink-reference-missing-backtick',
] as const;

/** The longest paragraph read (UTF-16 code units). */
const LONGEST_PARAGRAPH = 10_000;

/** A finding in a paragraph: its check, its span (offsets in the paragraph's text) and its message. */
interface Finding {
  name: string;
  start: number;
  end: number;
  message: string;
}

// -------------------------------------------------------------------------------------------------
// Patterns
// -------------------------------------------------------------------------------------------------

/**
 * Inline markup as sphinx-lint recognises it (its `inline_markup_gen`): not escaped (an escaping backslash is a
 * NUL here), after the paragraph's start, white space or punctuation allowed there, the start-string followed
 * by a character that is not white space, the end-string after one, followed by the end, white space or
 * punctuation allowed there. The start-string quoted by a pair of characters (`'`'`) is left to {@link find}.
 */
function markup(start: string, end: string, extraBefore = ''): RegExp {
  return new RegExp(String.raw`(?<!\x00)(?<=^|\s|${BEFORE_MARKUP}${extraBefore ? '|' + extraBefore : ''})${start}\S.*?(?<=\x00 |\S)${end}(?=$|\s|\x00|${AFTER_MARKUP})`, 'gsu');
}

const INTERPRETED_TEXT = markup(B, B);
const INLINE_INTERNAL_TARGET = markup('_' + B, B);
const HYPERLINK_REFERENCE = markup(B, B + '_');
const ANONYMOUS_HYPERLINK_REFERENCE = markup(B, B + '__');
const INLINE_LITERAL = markup(B + B, B + B);
const GLUED_DEFAULT_ROLE = markup(B, B, '[^_]');
/** A role and its interpreted text (sphinx-lint's `NORMAL_ROLE_RE`). */
const NORMAL_ROLE = new RegExp(String.raw`(?<!\x00)(?<=^|\s|${BEFORE_MARKUP})${ROLE_TAG}${INTERPRETED_TEXT.source.replace('(?<!\\x00)', '')}`, 'gsu');

const ROLE_MISSING_CLOSING_BACKTICK = new RegExp(String.raw`${ROLE_HEAD}${B}[^${B}]+?[^${B}]*$`, 'gu');
const LITERAL_THEN_CHARACTER = new RegExp(String.raw`${B}${B}.+?${B}${B}(?!${B}).`, 'gsu');
/**
 * What may follow an inline literal's end (sphinx-lint's `END_STRING_SUFFIX`: white space, `|`, docutils'
 * closing delimiters, delimiters and closers; of ASCII exactly these, beyond it their Unicode categories).
 */
const END_STRING_SUFFIX = /^(?:\s|[\x00\\.,;!?\-/:"')>\]}|]|(?![\x00-\x7f])[\p{Pd}\p{Po}\p{Pe}\p{Pi}\p{Pf}\u201a\u201e])$/u;
const LONE_DOUBLE_BACKTICK = new RegExp(`(?<!${B})${B}${B}(?!${B})`, 'gu');
const ROLE_BODY = String.raw`(?:[^${B}]|\s${B}+|\\${B}|${ROLE_TAG}${B}(?:[^${B}]|\s${B}+|\\${B})+${B})+`;
const SUSPICIOUS_ROLE = new RegExp(String.raw`${ROLE_TAG}${B}${ROLE_BODY}${B}[^-.,:;!?/'")\]}>\p{Pe}\p{Pi}\p{Pf}\p{Pd}\p{Po}|\s]`, 'gu');
const ROLE_GLUED_WITH_WORD = new RegExp(String.raw`(?:^|\s)(?<!:)${SIMPLE_NAME}:${B}(?!${B})`, 'gu');
const HYPERLINK_WITHOUT_BACKTICK = new RegExp(String.raw`\S* <https?://[^ ]+>${B}_`, 'gu');
/** The patterns whose start-string is one backquote, which a pair of quotes around it turns off. */
const QUOTABLE = new Set([INTERPRETED_TEXT, HYPERLINK_REFERENCE, ANONYMOUS_HYPERLINK_REFERENCE, GLUED_DEFAULT_ROLE]);
/** A role's name at the end of some text (Python's `$`: before a last line end too). */
const ENDS_WITH_ROLE_TAG = new RegExp(String.raw`${ROLE_TAG}(?=\n?$)`, 'u');

/**
 * The next match of `re` (a global pattern) at or after `from`, as sphinx-lint's pattern finds it: a single
 * backquote start-string between a pair of quotes (`'`'`, `(`)`, `«`»`) starts nothing there.
 */
function find(re: RegExp, s: string, from: number): RegExpExecArray | null {
  const quotable = QUOTABLE.has(re);
  for (let at = from; at <= s.length; ) {
    re.lastIndex = at;
    const m = re.exec(s);
    if (!m) return null;
    const i = m.index;
    if (quotable && i > 0 && i + 1 < s.length) {
      const open = s.codePointAt(i - 1)!;
      const close = s.codePointAt(i + 1)!;
      if (quotePair(open, close) || (open === 92 && close === 92)) {
        at = i + 1;
        continue;
      }
    }
    return m;
  }
  return null;
}

/** Each match of `re` in `s`, left to right, not overlapping (Python's `finditer`). */
function* findAll(re: RegExp, s: string): Generator<RegExpExecArray> {
  for (let at = 0; ; ) {
    const m = find(re, s, at);
    if (!m) return;
    yield m;
    at = m.index + Math.max(1, m[0].length);
  }
}

/** The shortest match of `re` starting at any position (the `regex` module's `overlapped=True`, then `min`). */
function shortest(re: RegExp, s: string): RegExpExecArray | undefined {
  let best: RegExpExecArray | undefined;
  for (let at = 0; ; ) {
    const m = find(re, s, at);
    if (!m) return best;
    if (!best || m[0].length < best[0].length) best = m;
    at = m.index + 1;
  }
}

// -------------------------------------------------------------------------------------------------
// A paragraph as sphinx-lint cleans it
// -------------------------------------------------------------------------------------------------

/** A text with, for each of its characters, where it stood in the paragraph. */
class Tracked {
  constructor(
    public text: string,
    public at: number[],
  ) {}

  static of(text: string): Tracked {
    return new Tracked(text, Array.from({ length: text.length + 1 }, (_, i) => i));
  }

  remove(start: number, end: number): void {
    this.text = this.text.slice(0, start) + this.text.slice(end);
    this.at.splice(start, end - start);
  }

  /** Takes out every match of `re`, left to right, as Python's `re.sub(pattern, "", text)`. */
  removeAll(re: RegExp): void {
    const spans: [number, number][] = [];
    for (const m of findAll(re, this.text)) spans.push([m.index, m.index + m[0].length]);
    for (let k = spans.length - 1; k >= 0; k--) this.remove(spans[k][0], spans[k][1]);
  }

  /** Takes out the shortest match again and again until none is left (sphinx-lint's `_clean_heuristic`). */
  removeShortest(re: RegExp): void {
    for (let m = shortest(re, this.text); m; m = shortest(re, this.text)) this.remove(m.index, m.index + m[0].length);
  }
}

/** Escaping backslashes as NUL, the character after each kept (sphinx-lint's `escape2null`; lengths unchanged). */
function escapeToNull(text: string): string {
  return text.includes('\\') ? text.replace(/\\([\s\S]?)/g, '\0$1') : text;
}

/** sphinx-lint's `clean_paragraph`: the well-formed constructs taken out, escapes back as backslashes. */
export function cleaned(paragraph: string): Tracked {
  const t = Tracked.of(escapeToNull(paragraph));
  for (const re of [INLINE_LITERAL, INLINE_INTERNAL_TARGET, HYPERLINK_REFERENCE, ANONYMOUS_HYPERLINK_REFERENCE]) t.removeShortest(re);
  t.removeAll(NORMAL_ROLE);
  t.text = t.text.replace(/\0/g, '\\');
  return t;
}

/** The findings of the paragraph checks in one paragraph (offsets in it). */
function paragraphFindings(paragraph: string, checks: ReadonlySet<string>): Finding[] {
  const out: Finding[] = [];
  if (countOf(paragraph, '|') > 4) return out; // a table: sphinx-lint leaves it alone
  const on = (name: string) => checks.has(name);
  if (on('missing-backtick-after-role')) {
    for (const m of findAll(ROLE_MISSING_CLOSING_BACKTICK, paragraph)) {
      const tick = m.index + m[0].indexOf(B);
      out.push({ name: 'missing-backtick-after-role', start: m.index, end: tick + 1, message: 'role missing closing backtick' });
    }
  }
  if (on('role-with-double-backticks')) {
    const t = Tracked.of(escapeToNull(paragraph));
    for (let m = shortest(INLINE_LITERAL, t.text); m; m = shortest(INLINE_LITERAL, t.text)) {
      const tag = ENDS_WITH_ROLE_TAG.exec(t.text.slice(0, m.index));
      if (tag) out.push({ name: 'role-with-double-backticks', start: t.at[tag.index], end: t.at[m.index + m[0].length - 1] + 1, message: 'role use a single backtick, double backtick found' });
      t.remove(m.index, m.index + m[0].length);
    }
  }
  const wants = (names: string[]) => names.some(on);
  if (!wants(['missing-space-after-literal', 'unbalanced-inline-literals-delimiters', 'missing-space-after-role', 'missing-space-before-role', 'missing-space-before-default-role', 'hyperlink-reference-missing-backtick'])) return out;
  const c = cleaned(paragraph);
  const span = (t: Tracked, start: number, end: number) => ({ start: t.at[start], end: t.at[Math.max(start, end - 1)] + 1 });
  if (on('missing-space-after-literal')) {
    for (const m of findAll(LITERAL_THEN_CHARACTER, c.text)) {
      if (!END_STRING_SUFFIX.test(m[0][m[0].length - 1])) out.push({ name: 'missing-space-after-literal', ...span(c, m.index, m.index + m[0].length), message: 'inline literal missing (escaped) space after literal' });
    }
  }
  if (on('unbalanced-inline-literals-delimiters')) {
    for (const m of findAll(LONE_DOUBLE_BACKTICK, c.text)) out.push({ name: 'unbalanced-inline-literals-delimiters', ...span(c, m.index, m.index + 2), message: 'found an unbalanced inline literal markup' });
  }
  if (on('missing-space-after-role')) {
    for (const m of findAll(SUSPICIOUS_ROLE, c.text)) out.push({ name: 'missing-space-after-role', ...span(c, m.index, m.index + m[0].length), message: 'role missing (escaped) space after role' });
  }
  if (on('missing-space-before-role')) {
    for (const m of findAll(ROLE_GLUED_WITH_WORD, c.text)) {
      const s = m[0];
      const lead = s.length - s.trimStart().length;
      const glued = countOf(s, ':') !== 1 && !/^ *(?:c|py):/.test(s);
      out.push({ name: 'missing-space-before-role', ...span(c, m.index + lead, m.index + s.length), message: glued ? `missing space before role (${s.trim()})` : `role missing opening tag colon (${s.trim()})` });
    }
  }
  if (wants(['missing-space-before-default-role', 'hyperlink-reference-missing-backtick'])) {
    const d = new Tracked(c.text, c.at.slice());
    d.removeAll(INTERPRETED_TEXT);
    if (on('missing-space-before-default-role')) {
      for (const m of findAll(GLUED_DEFAULT_ROLE, d.text)) out.push({ name: 'missing-space-before-default-role', ...span(d, m.index, m.index + m[0].length), message: 'missing space before default role' });
    }
    if (on('hyperlink-reference-missing-backtick')) {
      for (const m of findAll(HYPERLINK_WITHOUT_BACKTICK, d.text)) out.push({ name: 'hyperlink-reference-missing-backtick', ...span(d, m.index, m.index + m[0].length), message: 'missing backtick before hyperlink reference' });
    }
  }
  return out;
}

function countOf(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/** Findings per set of checks and paragraph text: a keystroke reads again only the paragraph it changed. */
const kept = new Map<string, Map<string, Finding[]>>();
const KEPT_MAX = 20_000;

/**
 * sphinx-lint's paragraph checks on a document: `starts` are its lines (as Python reads them), `hidden` those
 * sphinx-lint does not read as RST (blank to it).
 */
export function paragraphChecks(text: string, starts: number[], hidden: Uint8Array, checks: ReadonlySet<string>, report: Report): void {
  const key = PARAGRAPH_CHECKS.filter((c) => checks.has(c)).join(',');
  if (!key) return;
  let byText = kept.get(key);
  if (!byText) kept.set(key, (byText = new Map()));
  const cache = byText;
  const noCR = !text.includes('\r');
  // The paragraph being gathered: from the start of its first line to the end of its last (line end included).
  let first = -1;
  let last = -1;
  const flush = () => {
    if (first < 0) return;
    const from = starts[first];
    const to = last + 1 < starts.length ? starts[last + 1] : text.length;
    const tick = text.indexOf(B, from);
    if (tick >= 0 && tick < to && to - from <= LONGEST_PARAGRAPH) {
      // Python's lines end with `\n`: where the text has `\r\n` or `\r`, the paragraph is written out with
      // `\n`, and its offsets mapped back line by line.
      let para: string;
      let toText: (offset: number) => number;
      if (noCR) {
        para = text.slice(from, to);
        toText = (offset) => from + offset;
      } else {
        const inPara: number[] = [];
        const inText: number[] = [];
        para = '';
        for (let n = first; n <= last; n++) {
          const a = starts[n];
          const b = n + 1 < starts.length ? starts[n + 1] : text.length;
          const e = lineEnd(text, starts, n);
          inPara.push(para.length);
          inText.push(a);
          para += text.slice(a, e) + (e < b ? '\n' : '');
        }
        toText = (offset) => {
          let k = inPara.length - 1;
          while (k > 0 && inPara[k] > offset) k--;
          return inText[k] + (offset - inPara[k]);
        };
      }
      let found = cache.get(para);
      if (!found) {
        found = paragraphFindings(para, checks);
        if (cache.size >= KEPT_MAX) cache.clear();
        cache.set(para, found);
      }
      for (const f of found) report(f.name, toText(f.start), Math.max(toText(f.start), toText(f.end)), f.message);
    }
    first = -1;
  };
  for (let n = 0; n < starts.length; n++) {
    const from = starts[n];
    const next = n + 1 < starts.length ? starts[n + 1] : text.length;
    const c = text.charCodeAt(from);
    // sphinx-lint's paragraphs end at an empty line; a hidden line is one to it.
    if (hidden[n] || (from < next && (c === 10 || (c === 13 && (next - from === 1 || text.charCodeAt(from + 1) === 10))))) {
      flush();
      continue;
    }
    if (first < 0) first = n;
    last = n;
  }
  flush();
}
