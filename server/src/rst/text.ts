import { eastAsianWidthType } from 'get-east-asian-width';
import type { Span } from './types';

/** docutils' `fully_normalize_name`: lower-case, runs of white space folded to one space, trimmed. */
export function normalizeName(name: string): string {
  // Most names are already normal (ASCII without capitals, single spaces between words): they come back as
  // they are, without the three new strings of the general case.
  let space = true; // at the start, or after a space: a space here would be leading or doubled
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 32) {
      if (space) return normalizeSlow(name);
      space = true;
    } else if (c < 33 || c > 126 || (c >= 65 && c <= 90)) {
      return normalizeSlow(name);
    } else {
      space = false;
    }
  }
  return space && name.length ? normalizeSlow(name) : name;
}

function normalizeSlow(name: string): string {
  return name.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** docutils' `whitespace_normalize_name`: white space folded, case kept. */
export function whitespaceNormalize(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

const COMBINING = /\p{Mn}/u;

/**
 * Display width of a title as docutils' `column_width`: East Asian wide and full-width characters
 * count 2, combining marks and U+FEFF 0, everything else 1. Tabs are expanded to multiples of 8.
 */
export function columnWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    if (ch === '\t') {
      w = w + 8 - (w % 8);
      continue;
    }
    const cp = ch.codePointAt(0) ?? 0;
    // docutils removes every U+FEFF (a byte-order mark) as it decodes the file: it has no width.
    if (cp === 0xfeff || (cp >= 0x300 && COMBINING.test(ch))) continue;
    if (cp < 0x1100) {
      w++;
      continue;
    }
    const t = eastAsianWidthType(cp);
    w += t === 'wide' || t === 'fullwidth' ? 2 : 1;
  }
  return w;
}

/** Levenshtein distance, capped: returns `max + 1` as soon as the distance exceeds `max`. */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rowA.length <= b.length) {
    rowA = new Int32Array(b.length * 2 + 1);
    rowB = new Int32Array(b.length * 2 + 1);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length];
}

/** The closest candidate within a small edit distance (scaled to the length), for "did you mean". */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const max = name.length <= 3 ? 1 : name.length <= 6 ? 2 : 3;
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = max + 1;
  for (const c of candidates) {
    if (c === name || Math.abs(c.length - name.length) >= bestD) continue;
    const d = editDistance(lower, c.toLowerCase(), Math.min(max, bestD - 1));
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

export { wellFormed } from '../common/uri';

/**
 * Splits `` Title <target> `` into its parts, with the target's span, as Sphinx's `ReferenceRole` does:
 * `^(.+?)\s*(?<!\x00)<(.*?)>$` over the content with each escaped character behind a NUL, so that the target
 * may hold `<` and `>` (CMake's `` :ref:`<ORIGIN>_autogen <<ORIGIN>_autogen>` ``) and an escaped `\<` starts
 * none (`` :ref:`Linking via \$\<TARGET_OBJECTS\>` `` is one target). `text` is the role's content with its
 * escapes taken out; `raw`, the content as written (numpy's `` :doc:`numpy.ravel \<newline> <reference/...>` ``),
 * is what is split and places the span.
 */
export function splitExplicitTitle(text: string, contentStart: number, raw = text): { target: string; span: Span; explicit: boolean; title?: string } {
  // A backslash and its character become a NUL and that character: the same length, so offsets stay.
  let marked = raw.replace(/\\([\s\S])/g, '\u0000$1');
  // Content that is not this text as written (a caller's slice of another text) is split as the text itself.
  if (raw !== text && unescapeMarked(marked) !== text) marked = raw = text;
  // The lazy title makes the target start at the first unescaped `<` after the first character, and end before
  // the closing `>`: found in one pass (the regular expression itself backtracks quadratically on `<<<<...>`).
  const body = marked.replace(/\s+$/, '');
  let open = -1;
  if (body.endsWith('>')) {
    for (let i = 1; i < body.length - 1; i++) {
      if (body.charCodeAt(i) === 60 /* < */ && body.charCodeAt(i - 1) !== 0) {
        open = i;
        break;
      }
    }
  }
  const title = open > 0 ? unescapeMarked(body.slice(0, open).replace(/\s+$/, '')) : '';
  if (title.trim()) {
    const target = body.slice(open + 1, body.length - 1);
    return { target: unescapeMarked(target).trim(), span: { start: contentStart + open + 1, end: contentStart + open + 1 + target.length }, explicit: true, title };
  }
  const lead = text.length - text.trimStart().length;
  if (raw === text) return { target: text.trim(), span: { start: contentStart + lead, end: contentStart + lead + text.trim().length }, explicit: false };
  const rawLead = raw.length - raw.trimStart().length;
  return { target: text.trim(), span: { start: contentStart + rawLead, end: contentStart + raw.trimEnd().length }, explicit: false };
}

/** docutils' `unescape` of NUL-marked text: an escaped space or line break goes, a NUL before any other character too. */
function unescapeMarked(s: string): string {
  return s.replace(/\u0000[ \n]/g, '').replace(/\u0000/g, '');
}
