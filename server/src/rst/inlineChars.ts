/**
 * The character classes of RST inline markup as docutils' patterns see them (Python's `\s` and `\w`, the
 * Unicode punctuation classes around start- and end-strings, quote pairs, URI and e-mail characters, URI
 * schemes), as flag tables for the ASCII range and a cache above it.
 */

/** White space as Python's `\s` (str patterns) sees it. */
export const F_SPACE = 1;
/** A reference-name character: Python's `\w` without `_`. */
export const F_NAME = 2;
/** May precede a start-string: openers and delimiters. */
export const F_BEFORE_START = 4;
/** May follow an end-string: closers, delimiters and closing delimiters. */
export const F_AFTER_END = 8;

export const ASCII_FLAGS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  let f = 0;
  if ((c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x20)) f |= F_SPACE;
  if (/[A-Za-z0-9]/.test(ch)) f |= F_NAME;
  if (`"'(<[{-/:`.includes(ch)) f |= F_BEFORE_START;
  if (`\\.,;!?-/:"')>]}`.includes(ch)) f |= F_AFTER_END;
  ASCII_FLAGS[c] = f;
}

export const RE_WORD = /^[\p{L}\p{N}]$/u;
export const RE_BEFORE_START = /^[\p{Ps}\p{Pi}\p{Pf}\p{Pd}\p{Po}]$/u;
export const RE_AFTER_END = /^[\p{Pe}\p{Pi}\p{Pf}\p{Pd}\p{Po}\u201a\u201e]$/u;

export function isPySpace(cp: number): boolean {
  return (
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

/**
 * The flags of the Basic Multilingual Plane, filled as characters are met (`F_KNOWN` marks a filled entry): one
 * typed-array read per character of CJK or other non-ASCII text. Characters above it are few: a map.
 */
const F_KNOWN = 0x80;
const bmpFlags = new Uint8Array(0x10000);
const astralFlags = new Map<number, number>();

function computeFlags(cp: number): number {
  let f = 0;
  if (isPySpace(cp)) f |= F_SPACE;
  // Below U+00A0 only the ASCII rules apply (docutils keeps them for backwards compatibility).
  if (cp >= 0xa0 && !(cp >= 0xd800 && cp <= 0xdfff)) {
    const s = String.fromCodePoint(cp);
    if (RE_WORD.test(s)) f |= F_NAME;
    if (RE_BEFORE_START.test(s)) f |= F_BEFORE_START;
    if (RE_AFTER_END.test(s)) f |= F_AFTER_END;
  }
  return f;
}

export function flagsOf(cp: number): number {
  if (cp < 128) return cp < 0 ? 0 : ASCII_FLAGS[cp];
  if (cp < 0x10000) {
    const known = bmpFlags[cp];
    if (known !== 0) return known & ~F_KNOWN;
    const f = computeFlags(cp);
    bmpFlags[cp] = f | F_KNOWN;
    return f;
  }
  let f = astralFlags.get(cp);
  if (f === undefined) {
    f = computeFlags(cp);
    if (astralFlags.size > 50_000) astralFlags.clear();
    astralFlags.set(cp, f);
  }
  return f;
}

/**
 * Closing characters that make a start-string "quoted" when they follow it right after the
 * matching opener (`"*"`, `(*)`, `«*»`...). Brackets of class Ps not listed here pair with the next
 * code point (their Pe partner).
 */
export const PAIRS = new Map<number, string>([
  [0x22, '"'],
  [0x27, "'"],
  [0x28, ')'],
  [0x3c, '>'],
  [0x5b, ']'],
  [0x7b, '}'],
  [0xab, '\u00bb'],
  [0xbb, '\u00ab\u00bb'],
  [0x2018, '\u2019\u201a'],
  [0x2019, '\u2018\u2019'],
  [0x201a, '\u201b\u2018\u2019'],
  [0x201b, '\u201a'],
  [0x201c, '\u201d\u201e'],
  [0x201d, '\u201c\u201d'],
  [0x201e, '\u201f\u201c\u201d'],
  [0x201f, '\u201e'],
  [0x2039, '\u203a'],
  [0x203a, '\u2039\u203a'],
]);
for (const [open, close] of [
  [0x2e02, 0x2e03],
  [0x2e04, 0x2e05],
  [0x2e09, 0x2e0a],
  [0x2e0c, 0x2e0d],
  [0x2e1c, 0x2e1d],
  [0x2e20, 0x2e21],
]) {
  PAIRS.set(open, String.fromCharCode(close));
  PAIRS.set(close, String.fromCharCode(open));
}
export const RE_PS = /^\p{Ps}$/u;
export const RE_PE = /^\p{Pe}$/u;

/** docutils' `match_chars`: `open` directly before a start-string and `close` directly after it pair up. */
export function quotePair(open: number, close: number): boolean {
  const listed = PAIRS.get(open);
  if (listed !== undefined) return listed.includes(String.fromCodePoint(close));
  if (open < 0xa0 || close !== open + 1) return false;
  return RE_PS.test(String.fromCodePoint(open)) && RE_PE.test(String.fromCodePoint(close));
}

/** URI characters (RFC 2396), as a lookup table; escaping backslashes count too (checked apart). */
export const URIC = new Uint8Array(128);
export const URILAST = new Uint8Array(128);
export const EMAILC = new Uint8Array(128);
for (const ch of "-_.!~*'()[];/:@&=+$,%") URIC[ch.charCodeAt(0)] = 1;
for (const ch of '_~*/=+') URILAST[ch.charCodeAt(0)] = 1;
for (const ch of "-_!~*'{|}/#?^`&=+$%") EMAILC[ch.charCodeAt(0)] = 1;
for (let c = 0; c < 128; c++) {
  if (/[A-Za-z0-9]/.test(String.fromCharCode(c))) URIC[c] = URILAST[c] = EMAILC[c] = 1;
}

/** Schemes docutils accepts in standalone URIs (`docutils.utils.urischemes`). */
export const URI_SCHEMES = new Set(
  (
    'about acap addbook afp afs aim callto castanet chttp cid crid data dav dict dns eid fax feed file ' +
    'finger freenet ftp go gopher gsm-sms h323 h324 hdl hnews http https hydra iioploc ilu im imap info ' +
    'ior ipp irc iris.beep iseek jar javascript jdbc ldap lifn livescript lrq mailbox mailserver mailto ' +
    'md5 mid mocha modem mtqp mupdate news nfs nntp opaquelocktoken phone pop pop3 pres printer prospero ' +
    'rdar res rtsp rvp rwhois rx sdp service shttp sip sips smb snews snmp soap.beep soap.beeps ssh t120 ' +
    'tag tcp tel telephone telnet tftp tip tn3270 tv urn uuid vemmi videotex view-source wais whodp ' +
    'whois++ x-man-page xmlrpc.beep xmlrpc.beeps z39.50r z39.50s'
  ).split(' '),
);

export const PY_SPACE_RUN = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

export const CH_STAR = 42;
export const CH_BACKQUOTE = 96;
export const CH_UNDERSCORE = 95;
export const CH_BAR = 124;
export const CH_LBRACKET = 91;
export const CH_RBRACKET = 93;
export const CH_COLON = 58;
export const CH_HASH = 35;
export const CH_LT = 60;
export const CH_GT = 62;
export const CH_AT = 64;
export const CH_DOT = 46;
export const CH_QUESTION = 63;
export const CH_BACKSLASH = 92;
