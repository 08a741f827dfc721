import { eastAsianWidthType } from 'get-east-asian-width';

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
 * count 2, combining marks 0, everything else 1. Tabs are expanded to multiples of 8.
 */
export function columnWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    if (ch === '\t') {
      w = w + 8 - (w % 8);
      continue;
    }
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x300 && COMBINING.test(ch)) continue;
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
