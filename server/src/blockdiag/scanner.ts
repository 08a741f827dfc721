import type { DiagDialect, DiagToken } from './ast';

/**
 * The tokens of the blockdiag family, read as the Python tools read them: at each position the first
 * rule that matches wins (not the longest), in this order: comments, white space, (seqdiag) separators,
 * names, operators, (nwdiag) addresses, numbers, strings. That order has consequences authors trip over,
 * reproduced here so a diagram converts exactly as it drew: `-` and `.` may continue a name, so
 * `a->b` reads as the name `a-` followed by a stray `>`.
 */

const BLOCK_COMMENT = /\/\*[\s\S]*?\*\//y;
const LINE_COMMENT = /(?:\/\/|#)[^\n]*/y;
const SPACE = /[ \t\r\n]+/y;
const SEPARATOR = /(===|\.\.\.)[^\r\n]+\1/y;
const NAME = /[A-Za-z_0-9\u0080-\uffff][A-Za-z_\-.0-9\u0080-\uffff]*/y;
/** nwdiag names cannot start with a digit (so that addresses can). */
const NW_NAME = /[A-Za-z_\u0080-\uffff][A-Za-z_\-.0-9\u0080-\uffff]*/y;
const IPADDR = /[0-9]+(?:\.[0-9]+){3}|[:0-9a-fA-F]+/y;
const NUMBER = /-?\.[0-9]+|[0-9]+(?:\.[0-9]*)?/y;
/** A quote not preceded by a backslash ends the string; `"""` and `'''` strings may span lines. */
const STRING = /("""|'''|"|')[\s\S]*?(?<!\\)\1/y;

const OPS: Record<DiagDialect, RegExp> = {
  blockdiag: /[{};,=[\]]|<->|<-|--|->|>-<|-<|>-/y,
  actdiag: /[{};,=[\]]|<->|<-|--|->/y,
  nwdiag: /[{};,=[\]]|--|->/y,
  seqdiag: /=>|[{};,=[\]]|<<?--?|--?>>?/y,
};

/** Thrown inside the package only; {@link parseDiagram} turns it into a problem. */
export class DiagSyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

function matchAt(re: RegExp, text: string, pos: number): string | undefined {
  re.lastIndex = pos;
  const m = re.exec(text);
  return m && m.index === pos ? m[0] : undefined;
}

/**
 * Splits `text[start, end)` into tokens (comments and white space dropped), ending with an `eof` token.
 * Throws {@link DiagSyntaxError} at the first character no rule accepts.
 */
export function tokenize(source: string, dialect: DiagDialect, start = 0, end = source.length): DiagToken[] {
  // Nothing after `end` is read (the same offsets, a shorter string).
  const text = end < source.length ? source.slice(0, end) : source;
  const tokens: DiagToken[] = [];
  const ops = OPS[dialect];
  const name = dialect === 'nwdiag' ? NW_NAME : NAME;
  let pos = start;
  const push = (kind: DiagToken['kind'], s: string) => {
    tokens.push({ kind, text: s, start: pos, end: pos + s.length });
    pos += s.length;
  };
  while (pos < end) {
    const ch = text[pos];
    if (ch === '/' && text[pos + 1] === '*') {
      const c = matchAt(BLOCK_COMMENT, text, pos);
      if (c === undefined) throw new DiagSyntaxError('Unterminated comment: "/*" without "*/"', pos, pos + 2);
      pos += c.length;
      continue;
    }
    const lc = matchAt(LINE_COMMENT, text, pos);
    if (lc !== undefined) {
      pos += lc.length;
      continue;
    }
    const sp = matchAt(SPACE, text, pos);
    if (sp !== undefined) {
      pos += sp.length;
      continue;
    }
    let s: string | undefined;
    if (dialect === 'seqdiag' && (s = matchAt(SEPARATOR, text, pos)) !== undefined) {
      push('separator', s);
      continue;
    }
    if ((s = matchAt(name, text, pos)) !== undefined) {
      push('name', s);
      continue;
    }
    if ((s = matchAt(ops, text, pos)) !== undefined) {
      push('op', s);
      continue;
    }
    if (dialect === 'nwdiag' && (s = matchAt(IPADDR, text, pos)) !== undefined) {
      push('ipaddr', s);
      continue;
    }
    if ((s = matchAt(NUMBER, text, pos)) !== undefined) {
      push('number', s);
      continue;
    }
    if (ch === '"' || ch === "'") {
      if ((s = matchAt(STRING, text, pos)) !== undefined) {
        push('string', s);
        continue;
      }
      const lineEnd = text.indexOf('\n', pos);
      throw new DiagSyntaxError(`Unterminated string: no closing ${ch}`, pos, lineEnd < 0 ? end : lineEnd);
    }
    throw unexpectedCharacter(text, pos, tokens[tokens.length - 1], dialect);
  }
  tokens.push({ kind: 'eof', text: '', start: end, end });
  return tokens;
}

function unexpectedCharacter(text: string, pos: number, prev: DiagToken | undefined, dialect: DiagDialect): DiagSyntaxError {
  const cp = text.codePointAt(pos) ?? 0;
  const shown = String.fromCodePoint(cp);
  const span = shown.length;
  if (prev && prev.end === pos && prev.kind === 'name' && prev.text.endsWith('-') && (shown === '>' || shown === '<')) {
    return new DiagSyntaxError(
      `Unexpected "${shown}": ${dialect} reads "${prev.text}" as one name ("-" may continue a name); put spaces around the edge operator`,
      prev.end - 1,
      pos + 1,
    );
  }
  const printable = cp > 0x20 && cp !== 0x7f ? `"${shown}"` : `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return new DiagSyntaxError(`Unexpected character ${printable}`, pos, pos + span);
}

/** The value blockdiag reads from an identifier: `"""`/`'''` removed, outer quotes removed, `\"` unescaped. */
export function unquote(raw: string): string {
  let s = raw.split('"""').join('').split("'''").join('');
  const q = s[0];
  if (s.length >= 2 && (q === '"' || q === "'") && s[s.length - 1] === q) {
    s = s.slice(1, -1).split('\\' + q).join(q);
  }
  return s;
}
