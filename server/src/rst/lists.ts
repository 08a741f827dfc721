/**
 * Lists and list-like constructs as docutils' Body state reads them: bullet and enumerated lists, field
 * lists, option lists, doctest blocks and line blocks; free functions over the parser's BlockState.
 */
import type { BlockState, VLine } from './blockState';
import { RE, RE_ALL, at, is } from './patterns';
import type { Block, Inline, ListItem } from './types';
import { expandedColumn } from './lines';

/** One list item: the marker, then the body from `markerEnd` (first known indented). */
export function listItem(p: BlockState, L: VLine[], k: number, markerEnd: number, knownIndent = false): { item: ListItem; next: number; blankFinish: boolean } {
  const l = L[k];
  // Bullet and enumerated items with text after the marker: the body is indented like that text
  // (docutils' get_known_indented); otherwise by its first indented line (get_first_known_indented).
  const width = expandedColumn(p.text, p.lines.start[l.n], markerEnd) - l.mcol;
  let hasText = false;
  for (let o = markerEnd; o < l.end && !hasText; o++) hasText = p.text.charCodeAt(o) > 32;
  const b = p.indented(L, k, markerEnd, knownIndent && hasText ? width : undefined);
  const body = p.parseBody(b.lines, false);
  const s = p.blockSpan(b.lines, l);
  const markerSpan = { start: l.textStart, end: trimmedEnd(p, l.textStart, markerEnd) };
  return {
    item: { start: l.textStart, end: s.end, line: s.line, endLine: s.endLine, marker: p.text.slice(markerSpan.start, markerSpan.end), markerSpan, body },
    next: b.next,
    blankFinish: b.blankFinish,
  };
}

export function trimmedEnd(p: BlockState, start: number, end: number): number {
  while (end > start && (p.text[end - 1] === ' ' || p.text[end - 1] === '\t')) end--;
  return end;
}

/**
 * The items of a list at the margin: each line where `marker` finds a marker (returning the offset just
 * past it) starts an item. Ends at the first other line; `blankFinish` tells whether it ended properly.
 */
export function listItems(p: BlockState, L: VLine[], i: number, marker: (l: VLine, k: number) => number | undefined, knownIndent: boolean): { items: ListItem[]; next: number; blankFinish: boolean } {
  const items: ListItem[] = [];
  let k = i;
  let blankFinish = true;
  while (k < L.length) {
    const l = L[k];
    if (l.blank || l.indent !== 0) break;
    const end = marker(l, k);
    if (end === undefined) break;
    const r = listItem(p, L, k, end, knownIndent);
    items.push(r.item);
    blankFinish = r.blankFinish;
    k = r.next;
  }
  return { items, next: k, blankFinish };
}

export function bulletList(p: BlockState, L: VLine[], i: number, out: Block[]): number {
  const bullet = p.text[L[i].textStart];
  const { items, next, blankFinish } = listItems(
    p,
    L,
    i,
    (l) => {
      const m = p.text[l.textStart] === bullet ? at(RE.bullet, p.text, l.textStart) : null;
      return m ? l.textStart + m[0].length : undefined;
    },
    true,
  );
  const e = extent(items);
  out.push({ kind: 'bulletList', start: e.start, end: e.end, line: e.line, endLine: e.endLine, bullet, items: items.slice() }); // exact length: see `parseBody`
  if (!blankFinish) p.unindentWarning('Bullet list', L[next]);
  return next;
}

export function extent(items: { start: number; end: number; line: number; endLine: number }[]) {
  const first = items[0];
  const last = items[items.length - 1];
  return { start: first.start, end: last.end, line: first.line, endLine: last.endLine };
}

export function enumInfo(m: RegExpExecArray): { format: string; seq: string; value: string } {
  const value = m[1] ?? m[2] ?? m[3];
  const format = m[1] !== undefined ? 'period' : m[2] !== undefined ? 'parens' : 'rparen';
  let seq: string;
  if (value === '#') seq = 'auto';
  else if (/^\d+$/.test(value)) seq = 'arabic';
  else if (/^[ivxlcdm]+$/.test(value) && (value.length > 1 || value === 'i')) seq = 'lowerroman';
  else if (/^[IVXLCDM]+$/.test(value) && (value.length > 1 || value === 'I')) seq = 'upperroman';
  else if (/^[a-z]$/.test(value)) seq = 'loweralpha';
  else if (/^[A-Z]$/.test(value)) seq = 'upperalpha';
  else seq = 'invalid';
  return { format, seq, value };
}

export function ordinal(seq: string, value: string): number {
  if (seq === 'arabic') return parseInt(value, 10);
  if (seq === 'loweralpha' || seq === 'upperalpha') return value.toLowerCase().charCodeAt(0) - 96;
  if (seq === 'lowerroman' || seq === 'upperroman') return romanToInt(value.toUpperCase());
  return 1;
}

/** The value of each enumerator sequence, as docutils' `sequenceregexps` match it. */
const SEQUENCE: Record<string, RegExp> = { arabic: /^\d+$/, loweralpha: /^[a-z]$/, upperalpha: /^[A-Z]$/, lowerroman: /^[ivxlcdm]+$/, upperroman: /^[IVXLCDM]+$/ };

/**
 * docutils' `is_enumerated_list_item`: the ordinal is valid and the next line is blank, indented, or starts with
 * the next enumerator or an auto-enumerator, each followed by a space (`make_enumerator`: after `3.` comes `4. `,
 * after `#.` only `#. `). An item of a list reads an ambiguous value (`i`) in the list's sequence (`expectedSeq`).
 */
export function isEnumItem(p: BlockState, L: VLine[], i: number, m: RegExpExecArray, expectedSeq?: string): boolean {
  const info = enumInfo(m);
  const seq = sequenceIn(info, expectedSeq);
  if (seq === 'invalid') return false;
  const n = ordinal(seq, info.value);
  if (seq.endsWith('roman') && n <= 0) return false;
  const next = L[i + 1];
  if (!next || next.blank || next.indent > 0) return true;
  const [prefix, suffix] = info.format === 'period' ? ['', '.'] : info.format === 'parens' ? ['(', ')'] : ['', ')'];
  // docutils reads lines with tabs expanded and trailing white space removed: `2.` then a space or a tab, and
  // more text after it.
  const lineEnd = p.lineSpan(next).end;
  const startsWith = (s: string) => {
    const e = next.textStart + s.length;
    return e < lineEnd && p.text.startsWith(s, next.textStart) && (p.text[e] === ' ' || p.text[e] === '\t');
  };
  if (startsWith(`${prefix}#${suffix}`)) return true;
  const e = enumeratorText(seq, n + 1);
  return e !== undefined && startsWith(`${prefix}${e}${suffix}`);
}

/** docutils' `parse_enumerator` in a list: a value the list's sequence can read (`i` after `h.`) is read in it. */
function sequenceIn(info: { seq: string; value: string }, listSeq: string | undefined): string {
  return listSeq && info.seq !== 'auto' && SEQUENCE[listSeq]?.test(info.value) ? listSeq : info.seq;
}

/** docutils' `make_enumerator`: the text of the `n`th enumerator of a sequence (none past `z` or roman 4999). */
function enumeratorText(seq: string, n: number): string | undefined {
  if (seq === 'auto') return '#';
  if (seq === 'arabic') return String(n);
  if (seq.endsWith('alpha')) {
    if (n > 26) return undefined;
    const c = String.fromCharCode(96 + n);
    return seq === 'upperalpha' ? c.toUpperCase() : c;
  }
  if (n > 4999) return undefined;
  let r = '';
  for (const [v, s] of ROMAN) {
    while (n >= v) {
      r += s;
      n -= v;
    }
  }
  return seq === 'lowerroman' ? r.toLowerCase() : r;
}

const ROMAN: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];

export function enumList(p: BlockState, L: VLine[], i: number, out: Block[]): number {
  const m0 = at(RE.enumerator, p.text, L[i].textStart)!;
  const first = enumInfo(m0);
  const items: ListItem[] = [];
  const startValue = ordinal(first.seq, first.value);
  // docutils' EnumeratedList state: an item continues the list when it has the list's format and is `#`, or has
  // the list's sequence and the ordinal after the last one; once an item was `#`, only `#` items follow.
  const listSeq = first.seq === 'auto' ? 'arabic' : first.seq;
  let auto = first.seq === 'auto';
  let last = startValue;
  let k = i;
  let blankFinish = true;
  while (k < L.length) {
    const l = L[k];
    if (l.blank || l.indent !== 0) break;
    const m = at(RE.enumerator, p.text, l.textStart);
    if (!m) break;
    const info = enumInfo(m);
    const seq = sequenceIn(info, listSeq);
    if (k > i) {
      if (info.format !== first.format) break;
      if (seq !== 'auto' && (seq !== listSeq || auto || ordinal(seq, info.value) !== last + 1)) break;
      if (!isEnumItem(p, L, k, m, listSeq)) break;
    }
    const r = listItem(p, L, k, l.textStart + m[0].length, true);
    items.push(r.item);
    if (seq === 'auto') auto = true;
    last = ordinal(seq, info.value);
    blankFinish = r.blankFinish;
    k = r.next;
  }
  if (startValue !== 1 && first.seq !== 'auto') {
    p.problem('rst.enum-start-not-one', `Enumerated list start value not ordinal-1: "${first.value}" (ordinal ${startValue})`, items[0].markerSpan);
  }
  const e = extent(items);
  out.push({ kind: 'enumList', start: e.start, end: e.end, line: e.line, endLine: e.endLine, enumType: first.seq, startValue, items: items.slice() });
  if (!blankFinish) p.unindentWarning('Enumerated list', L[k]);
  return k;
}

export function fieldList(p: BlockState, L: VLine[], i: number, out: Block[]): number {
  const { items: raw, next, blankFinish } = listItems(
    p,
    L,
    i,
    (l) => {
      const m = at(RE.fieldMarker, p.text, l.textStart);
      return m ? l.textStart + m[0].length : undefined;
    },
    false,
  );
  const items = raw.map((item) => {
    // The marker is `:name:`; the name is between the colons.
    const nameSpan = { start: item.markerSpan.start + 1, end: item.markerSpan.end - 1 };
    return {
      start: item.start,
      end: item.end,
      line: item.line,
      endLine: item.endLine,
      marker: item.marker,
      markerSpan: item.markerSpan,
      body: item.body,
      name: item.marker.slice(1, -1),
      nameSpan,
      nameInlines: p.inline(nameSpan.start, nameSpan.end),
    };
  });
  const e = extent(items);
  out.push({ kind: 'fieldList', start: e.start, end: e.end, line: e.line, endLine: e.endLine, items });
  if (!blankFinish) p.unindentWarning('Field list', L[next]);
  return next;
}

/** docutils' `RFC2822Body` pattern: a header field's name and colon, at the start of a line. */
const RFC2822_FIELD = /[!-9;-~]+:( +|$)/my;

/**
 * docutils' RFC 2822 header (`Parser(rfc2822=True)`, the parser of PEPs): a document whose first construct
 * (blank lines before it skipped) is a line like `Post-History: 21-Mar-2001,` opens with a field list of such
 * lines, each with the indented lines below it, up to the first blank line. A line any other construct claims
 * first (a bullet, an enumerator, `..`) is not a field. Returns the index of the line after the list (0 when
 * the document opens otherwise).
 */
export function rfc2822FieldList(p: BlockState, L: VLine[], out: Block[]): number {
  let i = 0;
  while (i < L.length && L[i].blank) i++;
  let end = i;
  while (end < L.length && !L[end].blank) end++;
  const field = (l: VLine): number | undefined => {
    if (RE_ALL.some((re) => is(re, p.text, l.textStart))) return undefined;
    const m = at(RFC2822_FIELD, p.text, l.textStart);
    return m ? l.textStart + m[0].length : undefined;
  };
  // The fields end at the first blank line: each one's body is read up to it (`until_blank`).
  const { items: raw, next, blankFinish } = listItems(p, L.slice(i, end), 0, field, false);
  if (!raw.length) return 0;
  const items = raw.map((item) => {
    const colon = p.text.indexOf(':', item.markerSpan.start);
    const nameSpan = { start: item.markerSpan.start, end: colon };
    const name = p.text.slice(nameSpan.start, nameSpan.end);
    // The name is plain text (docutils makes no inline markup of it).
    return { ...item, name, nameSpan, nameInlines: [{ kind: 'text' as const, text: name, start: nameSpan.start, end: nameSpan.end }] };
  });
  const e = extent(items);
  out.push({ kind: 'fieldList', start: e.start, end: e.end, line: e.line, endLine: e.endLine, items, rfc2822: true });
  if (!blankFinish) p.unindentWarning('RFC2822-style field list', L[i + next]);
  return i + next;
}

/**
 * docutils' `option_list_item`: an option marker with no description (nothing after it on its line, no indented
 * line below it, blank lines between skipped) is no option list item but text. The line ends at its VLine's end
 * (a table cell's line ends at the cell's border, not at the line break).
 */
export function optionHasDescription(p: BlockState, L: VLine[], i: number, markerEnd: number): boolean {
  const l = L[i];
  if (markerEnd < l.end && p.text.slice(markerEnd, l.end).trim()) return true;
  // docutils' get_first_known_indented: the description may start below blank lines.
  for (let k = i + 1; k < L.length; k++) if (!L[k].blank) return L[k].indent > l.indent;
  return false;
}

export function optionList(p: BlockState, L: VLine[], i: number, out: Block[]): number {
  const { items, next, blankFinish } = listItems(
    p,
    L,
    i,
    (l, k) => {
      const m = at(RE.optionMarker, p.text, l.textStart);
      return m && optionHasDescription(p, L, k, l.textStart + m[0].length) ? l.textStart + m[0].length : undefined;
    },
    false,
  );
  const e = extent(items);
  out.push({ kind: 'optionList', start: e.start, end: e.end, line: e.line, endLine: e.endLine, items: items.slice() }); // exact length: see `parseBody`
  if (!blankFinish) p.unindentWarning('Option list', L[next]);
  return next;
}

// -------------------------------------------------------------------------------------------
// Doctest blocks, line blocks
// -------------------------------------------------------------------------------------------

export function doctest(p: BlockState, L: VLine[], i: number, out: Block[]): number {
  let j = i;
  while (j < L.length && !L[j].blank) j++;
  const lines = L.slice(i, j);
  const s = p.blockSpan(lines);
  out.push({ kind: 'doctest', start: s.start, end: s.end, line: s.line, endLine: s.endLine, text: lines.map((x) => p.lineText(x)).join('\n') });
  return j;
}

export function lineBlock(p: BlockState, L: VLine[], i: number, out: Block[]): number {
  const items: { start: number; end: number; indent: number; inlines: Inline[] }[] = [];
  let k = i;
  while (k < L.length && !L[k].blank) {
    const l = L[k];
    const m = at(RE.lineBlock, p.text, l.textStart);
    if (!m || l.indent !== 0) break;
    let e = k + 1;
    while (e < L.length && !L[e].blank && L[e].indent > 0) e++;
    const start = l.textStart + m[0].length;
    const end = p.lineSpan(L[e - 1]).end;
    items.push({ start, end: Math.max(start, end), indent: m[0].length - 1, inlines: p.inline(start, Math.max(start, end), L, k, e) });
    k = e;
  }
  const s = p.blockSpan(L.slice(i, k));
  out.push({ kind: 'lineBlock', start: s.start, end: s.end, line: s.line, endLine: s.endLine, lines: items });
  if (k < L.length && !L[k].blank) {
    p.problem('rst.no-blank-line', 'Line block ends without a blank line.', p.lineSpan(L[k]));
  }
  return k;
}


/** A roman numeral's value; 0 for one docutils' `fromRoman` refuses (`IIII`, `VX`, over 4999). */
function romanToInt(s: string): number {
  if (!/^M{0,4}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/.test(s)) return 0;
  const v: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const a = v[s[i]];
    const b = v[s[i + 1]] ?? 0;
    total += a < b ? -a : a;
  }
  return total;
}
