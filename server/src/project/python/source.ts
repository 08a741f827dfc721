import { LIMITS } from './values';

/**
 * The text of a module cut into independent statement chunks (brackets, strings, continuation lines), and
 * the values of string and number literals.
 */

// ---------------------------------------------------------------------------------------------------
// Source preparation: binary content, brackets too deep or closing nothing

export interface Prepared {
  text: string;
  problems: { pos: number; message: string }[];
  /** offsets where a top-level statement starts, about `LIMITS.chunkChars` apart: the file is parsed in these pieces */
  chunks: number[];
  refused?: { pos: number; message: string };
}

/** Lines that continue the statement before them: they never start a chunk. */
export const CONTINUATION = /(else|elif|except|finally)\b/y;

export const OPEN = [0x28, 0x5b, 0x7b]; // ( [ {
export const CLOSE = [0x29, 0x5d, 0x7d]; // ) ] }

/**
 * Refuses binary and oversized input; replaces with spaces (offsets unchanged) the brackets Python would reject:
 * deeper than 200 levels, closing nothing, or left open when an outer one closes (the parser's error recovery
 * is quadratic in the bracket depth it carries, so this is what keeps garbage input linear; Python reports
 * these as syntax errors too); and finds where top-level statements start, to parse the file in pieces.
 */
export function prepareSource(source: string): Prepared {
  const refuse = (pos: number, message: string): Prepared => ({ text: source, problems: [], chunks: [], refused: { pos, message } });
  if (source.length > LIMITS.sourceChars) return refuse(0, `the file is too large to read (${(source.length / 1048576).toFixed(1)} MB)`);
  const nul = source.indexOf('\0');
  if (nul >= 0) return refuse(nul, 'the file contains NUL bytes: it is not Python source');
  let control = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd) control++;
  }
  if (control > 8 && control * 100 > source.length) return refuse(0, 'the file is binary, not Python source');

  const problems: Prepared['problems'] = [];
  const masked: number[] = [];
  const stack: number[] = []; // positions of open brackets
  let excess = 0; // brackets opened beyond the depth limit, masked
  let deepReported = -1;
  const chunks = [0];
  let continued = false; // the line before ends with a backslash, or is a decorator
  const n = source.length;
  let i = 0;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === 0x0a) {
      // a top-level statement may start on the next line: a chunk boundary once the chunk is large enough
      const next = source.charCodeAt(i + 1);
      const blank = next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d || next === 0x0c || next === 0x23 || Number.isNaN(next);
      const mayStart: boolean = !continued && stack.length === 0 && excess === 0;
      continued = mayStart && next === 0x40; // a decorator: the line after it belongs to it
      if (mayStart && !blank && i + 1 - chunks[chunks.length - 1] >= LIMITS.chunkChars) {
        CONTINUATION.lastIndex = i + 1;
        if (!CONTINUATION.test(source)) chunks.push(i + 1);
      }
      i++;
      continue;
    }
    if (c === 0x5c) {
      // a backslash outside strings joins the next line to this one
      const next = source.charCodeAt(i + 1);
      if (next === 0x0a || (next === 0x0d && source.charCodeAt(i + 2) === 0x0a)) continued = true;
      i++;
      continue;
    }
    if (c === 0x23) {
      // comment
      const e = source.indexOf('\n', i);
      i = e < 0 ? n : e;
      continue;
    }
    if (c === 0x27 || c === 0x22) {
      i = skipString(source, i);
      continue;
    }
    const open = OPEN.indexOf(c);
    if (open >= 0) {
      if (stack.length >= LIMITS.bracketDepth) {
        excess++;
        masked.push(i);
        if (deepReported < 0 || i - deepReported > 10_000) {
          problems.push({ pos: i, message: `more than ${LIMITS.bracketDepth} nested brackets: not evaluated` });
          deepReported = i;
        }
      } else stack.push(i);
      i++;
      continue;
    }
    const close = CLOSE.indexOf(c);
    if (close >= 0) {
      if (excess > 0) {
        excess--;
        masked.push(i);
      } else {
        // the innermost open bracket of this kind, searched within the (bounded) stack
        let k = stack.length - 1;
        while (k >= 0 && source.charCodeAt(stack[k]) !== OPEN[close]) k--;
        if (k < 0) {
          masked.push(i);
          problems.push({ pos: i, message: `unmatched '${source[i]}'` });
        } else {
          for (let j = stack.length - 1; j > k; j--) {
            masked.push(stack[j]);
            problems.push({ pos: stack[j], message: `'${source[stack[j]]}' was never closed` });
          }
          stack.length = k;
        }
      }
    }
    i++;
  }
  if (!masked.length) return { text: source, problems, chunks };
  masked.sort((a, b) => a - b);
  const parts: string[] = [];
  let from = 0;
  for (const pos of masked) {
    parts.push(source.slice(from, pos), ' ');
    from = pos + 1;
  }
  parts.push(source.slice(from));
  return { text: parts.join(''), problems, chunks };
}

/** The end of the string literal starting at the quote at `i` (unterminated single-quoted strings end at the line). */
export function skipString(s: string, i: number): number {
  const q = s.charCodeAt(i);
  const triple = s.charCodeAt(i + 1) === q && s.charCodeAt(i + 2) === q;
  let j = i + (triple ? 3 : 1);
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === 0x5c) {
      j += 2;
      continue;
    }
    if (c === q) {
      if (!triple) return j + 1;
      if (s.charCodeAt(j + 1) === q && s.charCodeAt(j + 2) === q) return j + 3;
    } else if (c === 0x0a && !triple) return j;
    j++;
  }
  return s.length;
}

// ---------------------------------------------------------------------------------------------------
// Literals

export const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** Python escape sequences of a non-raw string; undefined for `\N{...}` (needs the Unicode name table). */
export function unescapePython(body: string, bytes = false): string | undefined {
  if (body.indexOf('\\') < 0) return body;
  const out: string[] = [];
  let i = 0;
  while (i < body.length) {
    const j = body.indexOf('\\', i);
    if (j < 0) {
      out.push(body.slice(i));
      break;
    }
    out.push(body.slice(i, j));
    const c = body[j + 1];
    if (c === undefined) {
      out.push('\\');
      i = j + 1;
    } else if (c === '\n') i = j + 2;
    else if (c === '\r') i = j + (body[j + 2] === '\n' ? 3 : 2);
    else if (c in SIMPLE_ESCAPES) {
      out.push(SIMPLE_ESCAPES[c]);
      i = j + 2;
    } else if (c >= '0' && c <= '7') {
      let k = j + 1;
      while (k < j + 4 && body[k] >= '0' && body[k] <= '7') k++;
      out.push(String.fromCharCode(parseInt(body.slice(j + 1, k), 8)));
      i = k;
    } else if (c === 'x' || (!bytes && (c === 'u' || c === 'U'))) {
      const len = c === 'x' ? 2 : c === 'u' ? 4 : 8;
      const hex = body.slice(j + 2, j + 2 + len);
      const code = hex.length === len && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (Number.isNaN(code) || code > 0x10ffff) {
        out.push('\\', c);
        i = j + 2;
      } else {
        out.push(String.fromCodePoint(code));
        i = j + 2 + len;
      }
    } else if (c === 'N' && !bytes) return undefined;
    else {
      out.push('\\', c);
      i = j + 2;
    }
  }
  return out.join('');
}

/** The value of one string token (`r'..'`, `"""..."""`, `b'..'`, `f'...'` without placeholders); undefined if unterminated or not decodable. */
export function stringLiteral(token: string): string | undefined {
  let i = 0;
  while (i < token.length && i < 3 && /[rRbBuUfF]/.test(token[i])) i++;
  const prefix = token.slice(0, i).toLowerCase();
  const q = token[i];
  if (q !== '"' && q !== "'") return undefined;
  const quote = token.startsWith(q + q + q, i) ? q + q + q : q;
  if (token.length < i + 2 * quote.length || !token.endsWith(quote)) return undefined;
  let body = token.slice(i + quote.length, token.length - quote.length);
  // an odd run of backslashes before the closing quote escapes it: the string is not closed
  if (!prefix.includes('r') || quote.length === 1) {
    let k = body.length - 1;
    while (k >= 0 && body[k] === '\\') k--;
    if ((body.length - 1 - k) % 2 === 1) return undefined;
  }
  if (!prefix.includes('r')) {
    const text = unescapePython(body, prefix.includes('b'));
    if (text === undefined) return undefined;
    body = text;
  }
  if (prefix.includes('f')) body = body.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  return body;
}

export function numberLiteral(token: string): number | undefined {
  let s = token.replace(/_/g, '');
  if (/[jJ]$/.test(s)) return undefined;
  if (/[lL]$/.test(s)) s = s.slice(0, -1);
  let n: number;
  if (/^0[xX]/.test(s)) n = parseInt(s.slice(2), 16);
  else if (/^0[oO]/.test(s)) n = parseInt(s.slice(2), 8);
  else if (/^0[bB]/.test(s)) n = parseInt(s.slice(2), 2);
  else n = Number(s);
  return Number.isNaN(n) ? undefined : n;
}
