import { parser } from '@lezer/python';
import { NodeType, Tree, type SyntaxNode } from '@lezer/common';
import { lineOfOffset } from '../common/lines';

/**
 * A static reader of the literal subset of Python, over the tree of `@lezer/python`. Nothing is ever
 * executed: a module is walked statement by statement and every value it can work out from literals
 * (strings, numbers, lists, dicts, names bound earlier, a few `os.path` and `pathlib` forms) is kept;
 * everything else becomes an unknown value, and the construct is reported once with its line.
 *
 * Semantics chosen for a reader that cannot know the truth of a condition:
 * - `if`/`elif`/`else`, `try`/`except`/`else`/`finally` and `match` cases: every branch is read. An
 *   assignment inside a branch merges with the value before it: lists become the union in order, dicts
 *   the union of their keys, a scalar takes the last value assigned, a known value beats an unknown one.
 * - `for x in <known list>:` runs the body once per element; over anything else, once with `x` unknown.
 * - `while` bodies are read once, as a branch; the loop itself is reported.
 * - `import` binds names to module references (never an error); calls into them are unknown unless they
 *   are one of the few understood ones (`os.path.join`, `dict(...)`, ...).
 *
 * Paths: `__file__` is `conf.py` in the folder being read, and every path is kept relative to that folder,
 * POSIX style, as if `os.path.abspath` had been applied: `os.path.dirname(__file__)` is `.`, its dirname
 * `..`, `os.path.join(os.path.dirname(__file__), '..', 'ext')` is `../ext`.
 *
 * Nothing here throws, and any input finishes in time linear in its size: the statement count, the work
 * spent building values, string and list sizes, loop iterations and nesting depths are all capped.
 */

export type PyValue = string | number | boolean | null | PyValue[] | { readonly [key: string]: PyValue } | PyUnknown;
/** A value that could not be evaluated; `unknown` is the source text (shortened) of what it came from. */
export interface PyUnknown {
  readonly unknown: string;
}
/** A construct that was not evaluated: its 0-based line and why. */
export interface Unevaluated {
  line: number;
  message: string;
}

// ---------------------------------------------------------------------------------------------------
// Values as the evaluator keeps them

/** A value that could not be worked out. */
export class Unknown implements PyUnknown {
  constructor(readonly unknown: string) {}
}
/** A dict; keys are strings (other literal keys are converted). `keyLines` has the line a key was written on. */
export class PyDict {
  readonly entries = new Map<string, Value>();
  readonly keyLines = new Map<string, number>();
}
/** An imported module or name, or a name never bound in the module (a builtin, or from `import *`). */
export class ModuleRef {
  constructor(readonly qualified: string) {}
}
/** A function defined in the module (`def`). Its body is read only when someone asks (`PyModule.callFunction`). */
export class FunctionRef {
  constructor(
    readonly name: string,
    readonly node: SyntaxNode,
  ) {}
}
/** A class defined in the module; `bases` are the base expressions as written (`Domain`, `domains.Domain`). */
export class ClassRef {
  constructor(
    readonly name: string,
    readonly node: SyntaxNode,
    readonly bases: readonly string[],
  ) {}
}
/** A `pathlib` path, relative to the folder of the module being read. */
export class PathValue {
  constructor(readonly path: string) {}
}
/** An object a caller injects (for example the Sphinx application passed to `setup(app)`). */
export class PyObject {
  constructor(readonly label: string) {}
}
export type Value = string | number | boolean | null | Value[] | PyDict | Unknown | ModuleRef | FunctionRef | ClassRef | PathValue | PyObject;

/** Names bound in one scope: the module, a function being read, or a class body. */
export class Frame {
  readonly vars = new Map<string, Value>();
  constructor(
    readonly kind: 'module' | 'function' | 'class',
    readonly globals?: Frame,
  ) {}
  has(name: string): boolean {
    return this.vars.has(name) || (this.globals?.vars.has(name) ?? false);
  }
  lookup(name: string): Value | undefined {
    if (this.vars.has(name)) return this.vars.get(name);
    return this.globals?.vars.get(name);
  }
}

/** A call as the caller's hook sees it, before the evaluator tries to understand it. */
export interface CallSite {
  /** the `CallExpression` */
  readonly node: SyntaxNode;
  /** what is called when it is not a method of a value: a `ModuleRef`, a `FunctionRef`, a `ClassRef`... */
  readonly callee?: Value;
  /** dotted name when the callee is a module attribute or an unbound name: `os.path.join`, `directives.register_directive` */
  readonly qualified?: string;
  /** for `x.m(...)` where `x` is a value (not a module): `x` and `m` */
  readonly receiver?: Value;
  readonly method?: string;
  readonly args: readonly SyntaxNode[];
  readonly keywords: ReadonlyMap<string, SyntaxNode>;
  readonly frame: Frame;
  /** The positional argument `index`, or else the keyword argument `keyword`, evaluated on demand. */
  arg(index: number, keyword?: string): Value | undefined;
  argNode(index: number, keyword?: string): SyntaxNode | undefined;
}
/** Returns a value when it handled the call, undefined to let the evaluator try. */
export type CallHook = (site: CallSite) => Value | undefined;

export interface PyModuleOptions {
  hook?: CallHook;
  /** report only syntax errors and what the hook reports (for modules whose values do not matter) */
  quiet?: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Limits: every input finishes in linear time

export const LIMITS = {
  /** larger sources are not read at all */
  sourceChars: 16 * 1024 * 1024,
  /** Python itself refuses deeper bracket nesting ("too many nested parentheses") */
  bracketDepth: 200,
  /** the file is parsed in pieces of about this size, cut where top-level statements start */
  chunkChars: 16 * 1024,
  statements: 1_000_000,
  /** elements and characters touched while building values */
  work: 4_000_000,
  stringChars: 1_000_000,
  listItems: 100_000,
  loopIterations: 10_000,
  /** expression nesting, block nesting */
  depth: 100,
  /** functions followed from a function */
  callDepth: 4,
  reports: 500,
} as const;

// ---------------------------------------------------------------------------------------------------
// Source preparation: binary content, brackets too deep or closing nothing

interface Prepared {
  text: string;
  problems: { pos: number; message: string }[];
  /** offsets where a top-level statement starts, about `LIMITS.chunkChars` apart: the file is parsed in these pieces */
  chunks: number[];
  refused?: { pos: number; message: string };
}

/** Lines that continue the statement before them: they never start a chunk. */
const CONTINUATION = /(else|elif|except|finally)\b/y;

const OPEN = [0x28, 0x5b, 0x7b]; // ( [ {
const CLOSE = [0x29, 0x5d, 0x7d]; // ) ] }

/**
 * Refuses binary and oversized input; replaces with spaces (offsets unchanged) the brackets Python would reject:
 * deeper than 200 levels, closing nothing, or left open when an outer one closes (the parser's error recovery
 * is quadratic in the bracket depth it carries, so this is what keeps garbage input linear; Python reports
 * these as syntax errors too); and finds where top-level statements start, to parse the file in pieces.
 */
function prepareSource(source: string): Prepared {
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
function skipString(s: string, i: number): number {
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

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

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

// ---------------------------------------------------------------------------------------------------
// Paths, relative to the folder of the module, POSIX

export function normalizePath(p: string): string {
  if (p.includes('://')) return p;
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else out.push(seg);
  }
  const joined = out.join('/');
  return absolute ? '/' + joined : joined || '.';
}

function joinPaths(parts: readonly string[]): string {
  let r = '';
  for (const p of parts) {
    if (p.startsWith('/')) r = p;
    else if (r === '' || r.endsWith('/')) r += p;
    else r += '/' + p;
  }
  return normalizePath(r);
}

/** The folder containing `p`; `.` (the module's folder) has `..` as its folder. */
function dirnamePath(p: string): string {
  const n = normalizePath(p);
  if (n === '/') return '/';
  if (n === '.') return '..';
  if (n === '..' || n.endsWith('/..')) return n + '/..';
  const i = n.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : n.slice(0, i);
}

function basenamePath(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

function pathOf(v: Value | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof PathValue) return v.path;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Tree helpers

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

/** Splits nodes at top-level commas. */
function splitItems(nodes: readonly SyntaxNode[]): { items: SyntaxNode[][]; comma: boolean } {
  const items: SyntaxNode[][] = [];
  let cur: SyntaxNode[] = [];
  let comma = false;
  for (const n of nodes) {
    if (n.name === ',') {
      comma = true;
      items.push(cur);
      cur = [];
    } else cur.push(n);
  }
  if (cur.length) items.push(cur);
  return { items: items.filter((i) => i.length > 0), comma };
}

/** The nodes between an opening and a closing bracket token. */
function inner(node: SyntaxNode): SyntaxNode[] {
  const k = children(node);
  if (k.length && ['(', '[', '{'].includes(k[0].name)) k.shift();
  if (k.length && [')', ']', '}'].includes(k[k.length - 1].name)) k.pop();
  return k;
}

const hasError = (nodes: readonly SyntaxNode[]) => nodes.some((n) => n.type.isError);

// ---------------------------------------------------------------------------------------------------
// The evaluator

const PATH_TYPES = new Set(['pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath', 'pathlib.PurePosixPath']);

class Stop extends Error {}

/** A module read statically. Build it, then `run()`; read `globals`, `assigned`, `unevaluated`. */
export class PyModule {
  readonly unevaluated: Unevaluated[] = [];
  readonly globals = new Frame('module');
  /** module-level names bound by assignments, `for` or `with`, in the order first bound */
  readonly assigned: string[] = [];
  /** `sys.path` as the module leaves it */
  readonly sysPath: Value[] = [];
  text = '';
  /** the statement being read (where a stop is reported) */
  private current: SyntaxNode | undefined;
  private readonly assignedSet = new Set<string>();
  private readonly reportedLines = new Set<number>();
  private lineStarts: number[] | undefined;
  private statements = 0;
  private work = 0;
  private branch = 0;
  private callDepth = 0;
  private stopped = false;
  private readonly classCache = new Map<ClassRef, Frame>();

  constructor(
    private readonly source: string,
    private readonly options: PyModuleOptions = {},
  ) {}

  /** Parses and reads the module's statements. Never throws. */
  run(): this {
    try {
      const prepared = prepareSource(this.source);
      this.text = prepared.text;
      if (prepared.refused) {
        this.addReport(this.lineAt(prepared.refused.pos), prepared.refused.message);
        this.stopped = true;
        return this;
      }
      // one tree per chunk, mounted at its offset so that nodes have positions in the whole text: time stays
      // linear and a bad piece cannot spoil the rest
      const { chunks } = prepared;
      const trees = chunks.map((from, i) => parser.parse(this.text.slice(from, i + 1 < chunks.length ? chunks[i + 1] : this.text.length)));
      const whole = new Tree(NodeType.none, trees, chunks, this.text.length);
      const roots: SyntaxNode[] = [];
      for (let c = whole.topNode.firstChild; c; c = c.nextSibling) roots.push(c);
      for (const p of prepared.problems) this.addReport(this.lineAt(p.pos), p.message);
      this.reportSyntaxErrors(whole);
      this.globals.vars.set('__file__', 'conf.py');
      this.globals.vars.set('__name__', new ModuleRef('__main__'));
      for (const root of roots) {
        this.current = root;
        if (!this.stopped) this.execBlock(root, this.globals, 0);
      }
    } catch (e) {
      this.internalError(e);
    }
    return this;
  }

  get(name: string): Value | undefined {
    return this.globals.vars.get(name);
  }

  /** Reads the body of `fn` with its parameters bound to `args` (and `keywords`). Never throws. */
  callFunction(fn: FunctionRef, args: readonly Value[], keywords: ReadonlyMap<string, Value> = new Map()): void {
    if (this.stopped || this.callDepth >= LIMITS.callDepth) return;
    this.callDepth++;
    try {
      const frame = new Frame('function', this.globals);
      const k = children(fn.node);
      const params = k.find((n) => n.name === 'ParamList');
      const body = k.find((n) => n.name === 'Body');
      if (params) this.bindParams(params, frame, args, keywords);
      if (body) this.execBlock(body, frame, 1);
    } catch (e) {
      if (!(e instanceof Stop)) this.internalError(e);
    } finally {
      this.callDepth--;
    }
  }

  /** The names a class body binds (read once, cached); falls back to local base classes. */
  classAttribute(cls: ClassRef, name: string, depth = 0): Value | undefined {
    const frame = this.classFrame(cls);
    if (frame.vars.has(name)) return frame.vars.get(name);
    if (depth > 8) return undefined;
    for (const base of cls.bases) {
      const b = this.globals.vars.get(base);
      if (b instanceof ClassRef && b !== cls) {
        const v = this.classAttribute(b, name, depth + 1);
        if (v !== undefined) return v;
      }
    }
    return undefined;
  }

  classFrame(cls: ClassRef): Frame {
    let frame = this.classCache.get(cls);
    if (!frame) {
      frame = new Frame('class', this.globals);
      this.classCache.set(cls, frame);
      const body = children(cls.node).find((n) => n.name === 'Body');
      if (body && !this.stopped) {
        try {
          this.execBlock(body, frame, 1);
        } catch (e) {
          if (!(e instanceof Stop)) this.internalError(e);
        }
      }
    }
    return frame;
  }

  /** All module-level classes, in order. */
  classes(): ClassRef[] {
    return [...this.globals.vars.values()].filter((v): v is ClassRef => v instanceof ClassRef);
  }

  lineAt(pos: number): number {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return lineOfOffset(this.lineStarts, pos);
  }

  /** The source of a node, on one line, shortened. */
  snippet(node: SyntaxNode): string {
    const raw = this.text.slice(node.from, Math.min(node.to, node.from + 200)).replace(/\s+/g, ' ').trim();
    return raw.length > 60 || node.to - node.from > 200 ? raw.slice(0, 57) + '...' : raw;
  }

  /** Records one problem per line (the first one wins), at most `LIMITS.reports`. */
  report(node: SyntaxNode, message: string): void {
    this.addReport(this.lineAt(node.from), message);
  }

  private addReport(line: number, message: string): void {
    if (this.reportedLines.has(line)) return;
    if (this.unevaluated.length >= LIMITS.reports) return;
    this.reportedLines.add(line);
    this.unevaluated.push({ line, message });
  }

  private internalError(e: unknown): void {
    if (e instanceof Stop) return;
    const message = e instanceof RangeError ? 'the file is nested too deeply to read' : 'the rest of the file could not be read';
    this.addReport(0, message);
    this.stopped = true;
  }

  private reportSyntaxErrors(tree: Tree): void {
    const cursor = tree.cursor();
    do {
      if (cursor.type.isError) {
        if (this.unevaluated.length >= LIMITS.reports) return;
        // lezer's Python grammar sometimes leaves an empty error after a comment line in long files (CPython
        // accepts them): nothing is lost there, so it is not reported
        if (!this.text.slice(cursor.from, cursor.to).trim() && cursor.node.prevSibling?.name === 'Comment') continue;
        this.addReport(this.lineAt(cursor.from), 'invalid Python syntax: not evaluated');
      }
    } while (cursor.next());
  }

  private stop(why: string): never {
    if (!this.stopped && this.current) this.report(this.current, `not evaluated from here on: ${why}`);
    this.stopped = true;
    throw new Stop();
  }

  private spend(units: number): void {
    this.work += units;
    if (this.work > LIMITS.work) this.stop('the values are too large');
  }

  /** An unknown value, reported unless the frame is quiet. */
  fail(node: SyntaxNode, frame: Frame, reason?: string): Unknown {
    const text = this.snippet(node);
    if (!this.quiet(frame)) this.report(node, `cannot evaluate "${text}" statically${reason ? `: ${reason}` : ''}`);
    return new Unknown(text);
  }

  private quiet(frame: Frame): boolean {
    return !!this.options.quiet || frame.kind !== 'module';
  }

  // --- statements -----------------------------------------------------------------------------------

  private execBlock(block: SyntaxNode, frame: Frame, depth: number): void {
    if (depth > LIMITS.depth) {
      this.fail(block, frame, 'nested too deeply');
      return;
    }
    for (let s = block.firstChild; s && !this.stopped; s = s.nextSibling) {
      try {
        this.exec(s, frame, depth);
      } catch (e) {
        if (e instanceof Stop) throw e;
        if (e instanceof RangeError) this.report(s, 'nested too deeply to evaluate');
        else throw e;
      }
    }
  }

  private exec(node: SyntaxNode, frame: Frame, depth: number): void {
    switch (node.name) {
      case 'StatementGroup':
        this.execBlock(node, frame, depth);
        return;
      case 'DecoratedStatement': {
        const def = node.lastChild;
        if (def && (def.name === 'FunctionDefinition' || def.name === 'ClassDefinition')) this.exec(def, frame, depth);
        return;
      }
    }
    const run = STATEMENTS[node.name];
    if (!run) return; // pass, return, del, global, assert, raise, break, continue, print: nothing to keep
    this.count(node);
    run.call(this, node, frame, depth);
  }

  private execExpression(node: SyntaxNode, frame: Frame, depth: number): void {
    const e = node.firstChild;
    if (e && e.name === 'CallExpression') this.evaluate(e, frame, depth);
  }

  private execMatch(node: SyntaxNode, frame: Frame, depth: number): void {
    const body = children(node).find((n) => n.name === 'MatchBody');
    if (body) for (const clause of children(body)) if (clause.name === 'MatchClause') this.execBranches(clause, frame, depth);
  }

  /** A `while` loop: reported, its body read once as a branch. */
  private execWhile(node: SyntaxNode, frame: Frame, depth: number): void {
    if (!this.quiet(frame)) this.report(node, `cannot evaluate "${this.snippet(node).replace(/:.*$/, '')}" statically: its body is read once`);
    this.execBranches(node, frame, depth);
  }

  private count(node: SyntaxNode): void {
    this.current = node;
    if (++this.statements > LIMITS.statements) this.stop('too many statements');
  }

  private execAssign(node: SyntaxNode, frame: Frame, depth: number): void {
    const k = children(node).filter((n) => n.name !== 'TypeDef');
    const segments: SyntaxNode[][] = [[]];
    for (const n of k) {
      if (n.name === 'AssignOp') segments.push([]);
      else segments[segments.length - 1].push(n);
    }
    if (segments.length < 2) return; // an annotation alone
    const valueNodes = segments[segments.length - 1];
    let value = hasError(k) ? new Unknown(this.snippet(node)) : this.evalSegment(valueNodes, frame, depth);
    if (value instanceof ModuleRef && valueNodes.length === 1 && !this.quiet(frame)) {
      // `version = sphinx.__display_version__`: reported once, and unknown from then on
      value = this.fail(valueNodes[0], frame, 'it comes from another module');
    }
    for (const target of segments.slice(0, -1)) this.assignSegment(target, value, frame, depth, false, node);
  }

  private evalSegment(nodes: readonly SyntaxNode[], frame: Frame, depth: number): Value {
    const { items, comma } = splitItems(nodes);
    if (items.length === 1 && !comma) return this.evalItem(items[0], frame, depth);
    return items.map((i) => this.evalItem(i, frame, depth));
  }

  private evalItem(nodes: readonly SyntaxNode[], frame: Frame, depth: number): Value {
    if (nodes.length === 1) return this.evaluate(nodes[0], frame, depth);
    if (!nodes.length) return null;
    return hasError(nodes) ? new Unknown(this.snippet(nodes[0])) : this.fail(nodes[0], frame);
  }

  private assignSegment(nodes: readonly SyntaxNode[], value: Value, frame: Frame, depth: number, plain: boolean, at: SyntaxNode): void {
    const { items, comma } = splitItems(nodes);
    if (items.length === 1 && !comma) this.assignTarget(items[0], value, frame, depth, plain, at);
    else this.destructure(items, value, frame, depth, plain, at);
  }

  private destructure(items: readonly SyntaxNode[][], value: Value, frame: Frame, depth: number, plain: boolean, at: SyntaxNode): void {
    const starred = items.some((i) => i[0]?.name === '*');
    const ok = Array.isArray(value) && value.length === items.length && !starred;
    if (!ok && isKnown(value) && !this.quiet(frame)) this.report(at, `cannot unpack "${this.snippet(at)}" statically`);
    items.forEach((item, i) => {
      const target = item.filter((n) => n.name !== '*');
      this.assignTarget(target, ok ? (value as Value[])[i] : new Unknown(this.snippet(at)), frame, depth, plain, at);
    });
  }

  private assignTarget(nodes: readonly SyntaxNode[], value: Value, frame: Frame, depth: number, plain: boolean, at: SyntaxNode): void {
    if (nodes.length !== 1) return;
    const t = nodes[0];
    switch (t.name) {
      case 'VariableName':
        this.bind(frame, this.text.slice(t.from, t.to), value, plain, true);
        return;
      case 'TupleExpression':
      case 'ArrayExpression':
      case 'ParenthesizedExpression':
        this.assignSegment(inner(t), value, frame, depth, plain, at);
        return;
      case 'MemberExpression': {
        const k = children(t);
        if (k[1]?.name !== '[') return; // attribute assignment: nothing we keep
        const obj = this.evaluate(k[0], frame, depth + 1);
        const index = this.evalSegment(k.slice(2, -1), frame, depth + 1);
        this.setItem(obj, index, value, t);
        return;
      }
      default:
        return;
    }
  }

  private setItem(obj: Value, index: Value, value: Value, at: SyntaxNode): void {
    if (obj instanceof PyDict) {
      const key = dictKey(index);
      if (key === undefined) return;
      if (this.branch > 0 && obj.entries.has(key)) value = this.merge(obj.entries.get(key) as Value, value);
      obj.entries.set(key, value);
      obj.keyLines.set(key, this.lineAt(at.from));
    } else if (Array.isArray(obj) && typeof index === 'number') {
      const i = index < 0 ? obj.length + index : index;
      if (i >= 0 && i < obj.length) obj[i] = value;
    }
  }

  /** Binds a name; inside a branch the new value merges with the old one. */
  bind(frame: Frame, name: string, value: Value, plain = false, record = false): void {
    if (!plain && this.branch > 0 && frame.vars.has(name)) value = this.merge(frame.vars.get(name) as Value, value);
    frame.vars.set(name, value);
    if (record && frame === this.globals && !this.assignedSet.has(name)) {
      this.assignedSet.add(name);
      this.assigned.push(name);
    }
  }

  private merge(old: Value, value: Value): Value {
    if (Array.isArray(old) && Array.isArray(value)) {
      if (old === value) return value;
      this.spend(old.length + value.length);
      return union(old, value);
    }
    if (old instanceof PyDict && value instanceof PyDict) {
      if (old === value) return value;
      this.spend(old.entries.size + value.entries.size);
      const d = new PyDict();
      for (const src of [old, value]) {
        for (const [k, v] of src.entries) d.entries.set(k, v);
        for (const [k, l] of src.keyLines) d.keyLines.set(k, l);
      }
      return d;
    }
    if (value instanceof Unknown && !(old instanceof Unknown)) return old;
    return value;
  }

  private execUpdate(node: SyntaxNode, frame: Frame, depth: number): void {
    const k = children(node);
    const opIndex = k.findIndex((n) => n.name === 'UpdateOp');
    if (opIndex < 0 || hasError(k)) return;
    const targetNodes = k.slice(0, opIndex);
    const op = this.text.slice(k[opIndex].from, k[opIndex].to);
    const right = this.evalSegment(k.slice(opIndex + 1), frame, depth);
    if (targetNodes.length !== 1) return;
    const left = this.evaluate(targetNodes[0], frame, depth);
    let result: Value;
    if (op === '+=' && Array.isArray(left) && (Array.isArray(right) || right instanceof PyDict || typeof right === 'string')) {
      this.extend(left, right, node); // in place, as Python does for lists
      return;
    } else if (op === '|=' && left instanceof PyDict && right instanceof PyDict) {
      this.update(left, right);
      return;
    } else if (op === '+=') result = this.binary('+', left, right, node, frame);
    else if (op === '-=') result = this.binary('-', left, right, node, frame);
    else if (op === '*=') result = this.binary('*', left, right, node, frame);
    else result = !isKnown(left) || !isKnown(right) ? new Unknown(this.snippet(node)) : this.fail(node, frame);
    this.assignTarget(targetNodes, result, frame, depth, true, node);
  }

  private execImport(node: SyntaxNode, frame: Frame, _depth: number): void {
    const k = children(node);
    if (hasError(k)) return;
    const word = (n: SyntaxNode) => this.text.slice(n.from, n.to);
    if (k[0]?.name === 'from') {
      let i = 1;
      let module = '';
      while (i < k.length && k[i].name !== 'import') module += word(k[i++]);
      i++;
      for (; i < k.length; i++) {
        const n = k[i];
        if (n.name === '*') continue;
        if (n.name !== 'VariableName') continue;
        let alias = word(n);
        const qualified = `${module}${module.endsWith('.') ? '' : '.'}${alias}`;
        if (k[i + 1]?.name === 'as' && k[i + 2]?.name === 'VariableName') {
          alias = word(k[i + 2]);
          i += 2;
        }
        this.bind(frame, alias, new ModuleRef(qualified), true);
      }
      return;
    }
    // import a.b.c [as d], e
    let dotted: string[] = [];
    const flush = (alias?: string) => {
      if (dotted.length) this.bind(frame, alias ?? dotted[0], new ModuleRef(alias ? dotted.join('.') : dotted[0]), true);
      dotted = [];
    };
    for (let i = 1; i < k.length; i++) {
      const n = k[i];
      if (n.name === 'VariableName') dotted.push(word(n));
      else if (n.name === 'as' && k[i + 1]?.name === 'VariableName') {
        flush(word(k[i + 1]));
        i++;
      } else if (n.name === ',') flush();
    }
    flush();
  }

  /** Every body of an if/try/while/case, each read as a branch (conditions are never evaluated). */
  execBranches(node: SyntaxNode, frame: Frame, depth: number, k = children(node)): void {
    for (let i = 0; i < k.length; i++) {
      const n = k[i];
      if (n.name === 'as' && k[i + 1]?.name === 'VariableName') this.bind(frame, this.text.slice(k[i + 1].from, k[i + 1].to), new Unknown('exception'), true);
      if (n.name !== 'Body') continue;
      this.branch++;
      try {
        this.execBlock(n, frame, depth + 1);
      } finally {
        this.branch--;
      }
    }
  }

  private execFor(node: SyntaxNode, frame: Frame, depth: number): void {
    const k = children(node);
    const inAt = k.findIndex((n) => n.name === 'in');
    const bodyAt = k.findIndex((n) => n.name === 'Body');
    if (inAt < 0 || bodyAt < inAt || hasError(k.slice(0, bodyAt))) {
      this.execBranches(node, frame, depth, k);
      return;
    }
    const targets = k.slice(1, inAt);
    const iterable = this.evalSegment(k.slice(inAt + 1, bodyAt), frame, depth);
    const items = iterate(iterable);
    const body = k[bodyAt];
    if (items) {
      let n = 0;
      for (const item of items) {
        if (this.stopped) return;
        if (++n > LIMITS.loopIterations) {
          if (!this.quiet(frame)) this.report(node, `loop evaluated for its first ${LIMITS.loopIterations} elements only`);
          break;
        }
        this.count(node);
        this.assignSegment(targets, item, frame, depth, true, node);
        this.execBlock(body, frame, depth + 1);
      }
      const elseBody = k.slice(bodyAt + 1).find((n) => n.name === 'Body');
      if (elseBody) this.execBranches(node, frame, depth, [elseBody]);
      return;
    }
    // over something unknown: the body once, as a branch, with the targets unknown
    this.assignSegment(targets, new Unknown(this.snippet(k[inAt + 1] ?? node)), frame, depth, true, node);
    this.execBranches(node, frame, depth, k.slice(bodyAt));
  }

  private execWith(node: SyntaxNode, frame: Frame, depth: number): void {
    const k = children(node);
    const bodyAt = k.findIndex((n) => n.name === 'Body');
    const head = k.slice(1, bodyAt < 0 ? k.length : bodyAt);
    if (!hasError(head)) {
      for (const item of splitItems(head).items) {
        const asAt = item.findIndex((n) => n.name === 'as');
        const context = this.evalItem(asAt < 0 ? item : item.slice(0, asAt), frame, depth);
        if (asAt >= 0) this.assignSegment(item.slice(asAt + 1), new Unknown(isUnknownValue(context) ? context.unknown : this.snippet(item[0])), frame, depth, true, node);
      }
    }
    if (bodyAt >= 0) this.execBlock(k[bodyAt], frame, depth + 1);
  }

  private execDefinition(node: SyntaxNode, frame: Frame, _depth: number): void {
    const name = children(node).find((n) => n.name === 'VariableName');
    if (!name) return;
    const id = this.text.slice(name.from, name.to);
    if (node.name === 'FunctionDefinition') {
      this.bind(frame, id, new FunctionRef(id, node), true);
      return;
    }
    const args = children(node).find((n) => n.name === 'ArgList');
    const bases: string[] = [];
    if (args) {
      for (const item of splitItems(inner(args)).items) {
        if (item.length === 1 && (item[0].name === 'VariableName' || item[0].name === 'MemberExpression')) bases.push(this.text.slice(item[0].from, item[0].to).replace(/\s+/g, ''));
      }
    }
    this.bind(frame, id, new ClassRef(id, node, bases), true);
  }

  private bindParams(params: SyntaxNode, frame: Frame, args: readonly Value[], keywords: ReadonlyMap<string, Value>): void {
    let position = 0;
    for (const item of splitItems(inner(params)).items) {
      const star = item[0].name === '*' || item[0].name === '**';
      const nameNode = item.find((n) => n.name === 'VariableName');
      if (!nameNode) continue;
      const name = this.text.slice(nameNode.from, nameNode.to);
      if (star) {
        frame.vars.set(name, new Unknown(name));
        continue;
      }
      let value: Value | undefined = position < args.length ? args[position] : keywords.get(name);
      position++;
      if (value === undefined) {
        const eq = item.findIndex((n) => n.name === 'AssignOp');
        value = eq >= 0 ? this.evalItem(item.slice(eq + 1), frame, 1) : new Unknown(name);
      }
      frame.vars.set(name, value);
    }
  }

  // --- expressions ----------------------------------------------------------------------------------

  /** The value of an expression node. */
  evaluate(node: SyntaxNode, frame: Frame, depth = 0): Value {
    if (this.stopped) return new Unknown(this.snippet(node));
    if (depth > LIMITS.depth) return this.fail(node, frame, 'nested too deeply');
    if (node.type.isError) return new Unknown(this.snippet(node));
    switch (node.name) {
      case 'String':
      case 'FormatString':
        return this.evalString(node, frame);
      case 'ContinuedString': {
        const parts: string[] = [];
        let size = 0;
        for (const part of children(node)) {
          const v = this.evaluate(part, frame, depth + 1);
          if (typeof v !== 'string') return isUnknownValue(v) ? new Unknown(this.snippet(node)) : this.fail(node, frame);
          parts.push(v);
          size += v.length;
        }
        if (size > LIMITS.stringChars) return this.fail(node, frame, 'the string is too long');
        return parts.join('');
      }
      case 'Number': {
        const n = numberLiteral(this.text.slice(node.from, node.to));
        return n === undefined ? this.fail(node, frame) : n;
      }
      case 'Boolean':
        return this.text.slice(node.from, node.to) === 'True';
      case 'None':
        return null;
      case 'Ellipsis':
        return new Unknown('...');
      case 'VariableName': {
        const name = this.text.slice(node.from, node.to);
        if (frame.has(name)) return frame.lookup(name) as Value;
        return this.fail(node, frame, `"${name}" is not defined here`);
      }
      case 'ParenthesizedExpression': {
        const k = inner(node);
        return k.length === 1 ? this.evaluate(k[0], frame, depth + 1) : this.evalItem(k, frame, depth + 1);
      }
      case 'TupleExpression':
      case 'ArrayExpression':
      case 'SetExpression': {
        const k = inner(node);
        if (hasError(k)) return new Unknown(this.snippet(node));
        const list = this.evalList(splitItems(k).items, node, frame, depth);
        return node.name === 'SetExpression' && Array.isArray(list) ? union([], list) : list;
      }
      case 'DictionaryExpression':
        return this.evalDict(node, frame, depth);
      case 'BinaryExpression':
        return this.evalBinary(node, frame, depth);
      case 'UnaryExpression':
        return this.evalUnary(node, frame, depth);
      case 'MemberExpression':
        return this.evalMember(node, frame, depth);
      case 'CallExpression':
        return this.evalCall(node, frame, depth);
      case 'ConditionalExpression': {
        const k = children(node);
        const ifAt = k.findIndex((n) => n.name === 'if');
        const elseAt = k.findIndex((n) => n.name === 'else');
        if (ifAt !== 1 || elseAt !== 3 || k.length !== 5) return this.fail(node, frame);
        const a = this.evaluate(k[0], frame, depth + 1);
        const b = this.evaluate(k[4], frame, depth + 1);
        if (Array.isArray(a) && Array.isArray(b)) return union(a, b);
        if (isPrimitive(a) && a === b) return a;
        return isUnknownValue(a) || isUnknownValue(b) ? new Unknown(this.snippet(node)) : this.fail(node, frame, 'the value depends on a condition');
      }
      case 'LambdaExpression':
        return new Unknown(this.snippet(node));
      default:
        return this.fail(node, frame);
    }
  }

  private evalString(node: SyntaxNode, frame: Frame): Value {
    if (node.to - node.from > LIMITS.stringChars) return this.fail(node, frame, 'the string is too long');
    if (node.name === 'FormatString') {
      for (let c = node.firstChild; c; c = c.nextSibling) if (c.name === 'FormatReplacement') return this.fail(node, frame);
    }
    for (let c = node.firstChild; c; c = c.nextSibling) if (c.type.isError) return new Unknown(this.snippet(node));
    const s = stringLiteral(this.text.slice(node.from, node.to));
    return s === undefined ? this.fail(node, frame) : s;
  }

  private evalList(items: readonly SyntaxNode[][], node: SyntaxNode, frame: Frame, depth: number): Value {
    if (items.length > LIMITS.listItems) return this.fail(node, frame, 'the list is too long');
    const out: Value[] = [];
    for (const item of items) {
      if (item[0].name === '*') {
        const v = this.evalItem(item.slice(1), frame, depth + 1);
        const list = iterate(v);
        if (list) {
          this.spend(list.length);
          out.push(...list);
        } else out.push(new Unknown(this.snippet(item[0])));
      } else if (item.length > 1 && item.some((n) => n.name === 'for')) return this.fail(node, frame);
      else out.push(this.evalItem(item, frame, depth + 1));
    }
    this.spend(out.length);
    return out;
  }

  private evalDict(node: SyntaxNode, frame: Frame, depth: number): Value {
    const k = inner(node);
    if (hasError(k)) return new Unknown(this.snippet(node));
    const { items } = splitItems(k);
    if (items.length > LIMITS.listItems) return this.fail(node, frame, 'the dict is too long');
    this.spend(items.length);
    const d = new PyDict();
    for (const item of items) {
      if (item[0].name === '**') {
        const v = this.evalItem(item.slice(1), frame, depth + 1);
        if (v instanceof PyDict) this.update(d, v);
        continue;
      }
      const colon = item.findIndex((n) => n.name === ':');
      if (colon !== 1 || item.some((n) => n.name === 'for')) return this.fail(node, frame);
      const key = dictKey(this.evaluate(item[0], frame, depth + 1));
      if (key === undefined) continue;
      d.entries.set(key, this.evalItem(item.slice(2), frame, depth + 1));
      d.keyLines.set(key, this.lineAt(item[0].from));
    }
    return d;
  }

  private evalUnary(node: SyntaxNode, frame: Frame, depth: number): Value {
    const k = children(node);
    if (k.length !== 2) return this.fail(node, frame);
    const op = this.text.slice(k[0].from, k[0].to);
    const v = this.evaluate(k[1], frame, depth + 1);
    if (!isKnown(v)) return new Unknown(this.snippet(node));
    if (op === 'not') return !truthy(v);
    if (typeof v === 'number' || typeof v === 'boolean') {
      const n = Number(v);
      if (op === '-') return -n;
      if (op === '+') return n;
      if (op === '~') return ~n;
    }
    return this.fail(node, frame);
  }

  private evalBinary(node: SyntaxNode, frame: Frame, depth: number): Value {
    const k = children(node);
    if (k.length < 3 || hasError(k)) return new Unknown(this.snippet(node));
    const op = k
      .slice(1, -1)
      .map((n) => this.text.slice(n.from, n.to))
      .join(' ');
    const left = this.evaluate(k[0], frame, depth + 1);
    const right = this.evaluate(k[k.length - 1], frame, depth + 1);
    return this.binary(op, left, right, node, frame);
  }

  private binary(op: string, left: Value, right: Value, node: SyntaxNode, frame: Frame): Value {
    if (op === '/' && left instanceof PathValue && pathOf(right) !== undefined) return new PathValue(joinPaths([left.path, pathOf(right) as string]));
    if (!isKnown(left) || !isKnown(right)) {
      if (op === 'and' && isKnown(left) && !truthy(left)) return left;
      if (op === 'or' && isKnown(left) && truthy(left)) return left;
      return new Unknown(this.snippet(node));
    }
    switch (op) {
      case '+':
        if (typeof left === 'string' && typeof right === 'string') {
          if (left.length + right.length > LIMITS.stringChars) return this.fail(node, frame, 'the string is too long');
          this.spend(1);
          return left + right;
        }
        if (Array.isArray(left) && Array.isArray(right)) {
          if (left.length + right.length > LIMITS.listItems) return this.fail(node, frame, 'the list is too long');
          this.spend(left.length + right.length);
          return [...left, ...right];
        }
        if (isNumber(left) && isNumber(right)) return Number(left) + Number(right);
        break;
      case '-':
        if (isNumber(left) && isNumber(right)) return Number(left) - Number(right);
        break;
      case '*': {
        if (isNumber(left) && isNumber(right)) return Number(left) * Number(right);
        const [seq, times] = isNumber(left) ? [right, Number(left)] : [left, Number(right)];
        if (!isNumber(isNumber(left) ? left : right) || !Number.isInteger(times)) break;
        const count = Math.max(0, times);
        if (typeof seq === 'string') {
          if (seq.length * count > LIMITS.stringChars) return this.fail(node, frame, 'the string is too long');
          this.spend(1);
          return seq.repeat(count);
        }
        if (Array.isArray(seq)) {
          if (seq.length * count > LIMITS.listItems) return this.fail(node, frame, 'the list is too long');
          this.spend(seq.length * count);
          const out: Value[] = [];
          for (let i = 0; i < count; i++) out.push(...seq);
          return out;
        }
        break;
      }
      case '/':
        if (isNumber(left) && isNumber(right) && Number(right) !== 0) return Number(left) / Number(right);
        break;
      case '%':
        if (typeof left === 'string') {
          const s = percentFormat(left, right);
          if (s !== undefined && s.length <= LIMITS.stringChars) return s;
        } else if (isNumber(left) && isNumber(right) && Number(right) !== 0) return ((Number(left) % Number(right)) + Number(right)) % Number(right);
        break;
      case '|':
        if (left instanceof PyDict && right instanceof PyDict) {
          const d = new PyDict();
          this.update(d, left);
          this.update(d, right);
          return d;
        }
        break;
      case 'and':
        return truthy(left) ? right : left;
      case 'or':
        return truthy(left) ? left : right;
      case '==':
      case '!=':
      case 'is':
      case 'is not': {
        const eq = pyEquals(left, right);
        if (eq === undefined) break;
        return op === '==' || op === 'is' ? eq : !eq;
      }
      case 'in':
      case 'not in': {
        const found = contains(right, left);
        if (found === undefined) break;
        return op === 'in' ? found : !found;
      }
      case '<':
      case '<=':
      case '>':
      case '>=':
        if ((isNumber(left) && isNumber(right)) || (typeof left === 'string' && typeof right === 'string')) {
          const a = typeof left === 'string' ? left : Number(left);
          const b = typeof right === 'string' ? right : Number(right);
          return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
        }
        break;
    }
    return this.fail(node, frame);
  }

  /** A name or attribute that may be a module (calls and attribute objects); unbound names are not errors here. */
  private evalRef(node: SyntaxNode, frame: Frame, depth: number): Value {
    if (node.name === 'VariableName') {
      const name = this.text.slice(node.from, node.to);
      return frame.has(name) ? (frame.lookup(name) as Value) : new ModuleRef(name);
    }
    return this.evaluate(node, frame, depth);
  }

  private evalMember(node: SyntaxNode, frame: Frame, depth: number): Value {
    const k = children(node);
    if (hasError(k) || k.length < 3) return new Unknown(this.snippet(node));
    if (k[1].name === '.') {
      const obj = this.evalRef(k[0], frame, depth + 1);
      return this.attribute(obj, this.text.slice(k[2].from, k[2].to), node, frame);
    }
    const obj = this.evaluate(k[0], frame, depth + 1);
    const indexNodes = k.slice(2, -1);
    if (indexNodes.some((n) => n.name === ':')) return isKnown(obj) ? this.fail(node, frame) : new Unknown(this.snippet(node));
    const index = this.evalSegment(indexNodes, frame, depth + 1);
    if (obj instanceof Unknown || index instanceof Unknown) return new Unknown(this.snippet(node));
    if (!isKnown(obj) || !isKnown(index)) return this.fail(node, frame); // os.environ['X'], an imported table
    if (obj instanceof PyDict) {
      const key = dictKey(index);
      if (key !== undefined && obj.entries.has(key)) return obj.entries.get(key) as Value;
    } else if ((Array.isArray(obj) || typeof obj === 'string') && typeof index === 'number' && Number.isInteger(index)) {
      const i = index < 0 ? obj.length + index : index;
      if (i >= 0 && i < obj.length) return obj[i];
    }
    return this.fail(node, frame);
  }

  private attribute(obj: Value, name: string, node: SyntaxNode, frame: Frame): Value {
    if (obj instanceof ModuleRef) {
      const q = `${obj.qualified}.${name}`;
      if (q === 'sys.path') return this.sysPath;
      if (q === 'os.sep' || q === 'os.path.sep') return '/';
      if (q === 'os.curdir' || q === 'os.path.curdir') return '.';
      if (q === 'os.pardir' || q === 'os.path.pardir') return '..';
      return new ModuleRef(q);
    }
    if (obj instanceof PathValue) {
      if (name === 'parent') return new PathValue(dirnamePath(obj.path));
      if (name === 'parents') {
        const out: Value[] = [];
        let p = obj.path;
        for (let i = 0; i < 16; i++) out.push(new PathValue((p = dirnamePath(p))));
        return out;
      }
      if (name === 'name') return basenamePath(obj.path);
      if (name === 'stem') return basenamePath(obj.path).replace(/\.[^.]*$/, '');
      if (name === 'suffix') return /\.[^./]*$/.exec(basenamePath(obj.path))?.[0] ?? '';
    }
    if (obj instanceof ClassRef) return this.classAttribute(obj, name) ?? new Unknown(this.snippet(node));
    if (obj instanceof PyObject) return new PyObject(`${obj.label}.${name}`);
    if (!isKnown(obj) || obj instanceof FunctionRef) return new Unknown(this.snippet(node));
    return this.fail(node, frame);
  }

  // --- calls ----------------------------------------------------------------------------------------

  private evalCall(node: SyntaxNode, frame: Frame, depth: number): Value {
    const k = children(node);
    const calleeNode = k[0];
    const argList = k[k.length - 1];
    if (!calleeNode || argList?.name !== 'ArgList' || hasError(k)) return new Unknown(this.snippet(node));
    const argNodes = inner(argList);
    if (hasError(argNodes)) return new Unknown(this.snippet(node));

    let callee: Value | undefined;
    let receiver: Value | undefined;
    let method: string | undefined;
    const ck = calleeNode.name === 'MemberExpression' ? children(calleeNode) : [];
    if (ck.length === 3 && ck[1].name === '.') {
      const obj = this.evalRef(ck[0], frame, depth + 1);
      const name = this.text.slice(ck[2].from, ck[2].to);
      if (obj instanceof ModuleRef) callee = this.attribute(obj, name, calleeNode, frame);
      else {
        receiver = obj;
        method = name;
      }
    } else callee = this.evalRef(calleeNode, frame, depth + 1);

    const args: SyntaxNode[] = [];
    const keywords = new Map<string, SyntaxNode>();
    let starred = false;
    for (const item of splitItems(argNodes).items) {
      if (item[0].name === '*' || item[0].name === '**') starred = true;
      else if (item.length >= 3 && item[0].name === 'VariableName' && item[1].name === 'AssignOp') keywords.set(this.text.slice(item[0].from, item[0].to), item[2]);
      else if (item.length === 1) args.push(item[0]);
      else starred = true; // a generator argument, or something not understood
    }
    const cache = new Map<SyntaxNode, Value>();
    const argNode = (index: number, keyword?: string) => (index >= 0 && index < args.length ? args[index] : keyword !== undefined ? keywords.get(keyword) : undefined);
    const arg = (index: number, keyword?: string) => {
      const n = argNode(index, keyword);
      if (!n) return undefined;
      if (!cache.has(n)) cache.set(n, this.evaluate(n, frame, depth + 1));
      return cache.get(n);
    };
    const qualified = callee instanceof ModuleRef ? callee.qualified : undefined;
    const site: CallSite = { node, callee, qualified, receiver, method, args, keywords, frame, arg, argNode };

    const hooked = this.options.hook?.(site);
    if (hooked !== undefined) return hooked;
    if (starred) return isKnown(receiver ?? null) ? this.fail(node, frame) : new Unknown(this.snippet(node));
    if (qualified !== undefined) {
      const r = this.builtin(qualified, site);
      if (r !== undefined) return r;
      return this.fail(node, frame);
    }
    if (callee instanceof PathValue || callee instanceof Unknown) return new Unknown(this.snippet(node));
    if (method !== undefined && receiver !== undefined) {
      if (!isKnown(receiver) || receiver instanceof PyObject) return new Unknown(this.snippet(node));
      const r = this.method(receiver, method, site);
      if (r !== undefined) return r;
    }
    return this.fail(node, frame);
  }

  private builtin(q: string, site: CallSite): Value | undefined {
    const { node, frame } = site;
    const n = site.args.length;
    const all = () => site.args.map((_, i) => site.arg(i) as Value);
    switch (q) {
      case 'dict': {
        const d = new PyDict();
        if (n > 1) return undefined;
        if (n === 1) {
          const src = site.arg(0) as Value;
          if (src instanceof PyDict) this.update(d, src);
          else if (Array.isArray(src) && src.every((p) => Array.isArray(p) && p.length === 2)) for (const p of src as Value[][]) setKey(d, p[0], p[1]);
          else return isKnown(src) ? undefined : new Unknown(this.snippet(node));
        }
        for (const [key, valueNode] of site.keywords) {
          d.entries.set(key, this.evaluate(valueNode, frame));
          d.keyLines.set(key, this.lineAt(valueNode.from));
        }
        return d;
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'frozenset':
      case 'sorted':
      case 'reversed': {
        if (n === 0) return [];
        const v = site.arg(0) as Value;
        const items = iterate(v);
        if (!items) return isKnown(v) ? undefined : new Unknown(this.snippet(node));
        this.spend(items.length);
        if (q === 'set' || q === 'frozenset') return union([], items);
        if (q === 'reversed') return [...items].reverse();
        if (q === 'sorted') {
          if (site.keywords.size) return undefined;
          if (items.every((x) => typeof x === 'string')) return [...(items as string[])].sort();
          if (items.every((x) => typeof x === 'number')) return [...(items as number[])].sort((a, b) => a - b);
          return undefined;
        }
        return [...items];
      }
      case 'enumerate':
      case 'zip': {
        const lists = all().map(iterate);
        if (lists.some((l) => !l) || !lists.length) return new Unknown(this.snippet(node));
        const ls = lists as Value[][];
        if (q === 'enumerate') return ls[0].map((x, i) => [i, x]);
        const len = Math.min(...ls.map((l) => l.length));
        this.spend(len * ls.length);
        return Array.from({ length: len }, (_, i) => ls.map((l) => l[i]));
      }
      case 'range': {
        const a = all();
        if (!a.length || a.length > 3 || !a.every((x) => typeof x === 'number' && Number.isInteger(x))) return a.every(isKnown) ? undefined : new Unknown(this.snippet(node));
        const [start, stop, step] = a.length === 1 ? [0, a[0] as number, 1] : [a[0] as number, a[1] as number, (a[2] as number | undefined) ?? 1];
        if (step === 0) return undefined;
        const count = Math.max(0, Math.ceil((stop - start) / step));
        if (count > LIMITS.listItems) return undefined;
        this.spend(count);
        return Array.from({ length: count }, (_, i) => start + i * step);
      }
      case 'str': {
        if (n === 0) return '';
        const v = site.arg(0) as Value;
        if (typeof v === 'string') return v;
        if (v instanceof PathValue) return v.path;
        if (typeof v === 'number') return String(v);
        if (typeof v === 'boolean') return v ? 'True' : 'False';
        if (v === null) return 'None';
        return isKnown(v) ? undefined : new Unknown(this.snippet(node));
      }
      case 'len': {
        const v = site.arg(0) as Value;
        if (typeof v === 'string' || Array.isArray(v)) return v.length;
        if (v instanceof PyDict) return v.entries.size;
        return isKnown(v) ? undefined : new Unknown(this.snippet(node));
      }
      case 'os.getcwd':
      case 'os.getcwdu':
        return '.';
      case 'pathlib.Path.cwd':
        return new PathValue('.');
      case 'os.fspath': {
        const p = pathOf(site.arg(0));
        return p ?? new Unknown(this.snippet(node));
      }
      case 'os.path.join':
      case 'os.path.abspath':
      case 'os.path.realpath':
      case 'os.path.normpath':
      case 'os.path.dirname':
      case 'os.path.basename': {
        const parts = all().map(pathOf);
        if (!parts.length || parts.some((p) => p === undefined)) return all().every(isKnown) ? undefined : new Unknown(this.snippet(node));
        const ps = parts as string[];
        if (q === 'os.path.join') return joinPaths(ps);
        if (ps.length !== 1) return undefined;
        if (q === 'os.path.dirname') return dirnamePath(ps[0]);
        if (q === 'os.path.basename') return basenamePath(ps[0]);
        return normalizePath(ps[0]);
      }
    }
    if (PATH_TYPES.has(q)) {
      const parts = all().map(pathOf);
      if (parts.some((p) => p === undefined)) return all().every(isKnown) ? undefined : new Unknown(this.snippet(node));
      return new PathValue(parts.length ? joinPaths(parts as string[]) : '.');
    }
    return undefined;
  }

  /** Methods of known values; mutations happen in place, as in Python. */
  private method(obj: Value, name: string, site: CallSite): Value | undefined {
    const { node } = site;
    const n = site.args.length;
    if (Array.isArray(obj)) {
      switch (name) {
        case 'append':
          if (n !== 1) return undefined;
          if (obj.length >= LIMITS.listItems) return this.fail(node, site.frame, 'the list is too long');
          this.spend(1);
          obj.push(site.arg(0) as Value);
          return null;
        case 'extend': {
          if (n !== 1) return undefined;
          const v = site.arg(0) as Value;
          if (iterate(v)) this.extend(obj, v, node);
          else obj.push(new Unknown(this.snippet(site.args[0])));
          return null;
        }
        case 'insert': {
          const i = site.arg(0);
          if (n !== 2 || typeof i !== 'number') return undefined;
          if (obj.length >= LIMITS.listItems) return this.fail(node, site.frame, 'the list is too long');
          this.spend(obj.length);
          const at = i < 0 ? Math.max(0, obj.length + i) : Math.min(i, obj.length);
          obj.splice(at, 0, site.arg(1) as Value);
          return null;
        }
        case 'remove': {
          const v = site.arg(0) as Value;
          const at = obj.findIndex((x) => pyEquals(x, v) === true);
          if (at >= 0) obj.splice(at, 1);
          return null;
        }
        case 'pop': {
          const i = n ? site.arg(0) : -1;
          if (typeof i !== 'number' || !obj.length) return undefined;
          const at = i < 0 ? obj.length + i : i;
          return at >= 0 && at < obj.length ? obj.splice(at, 1)[0] : undefined;
        }
        case 'clear':
          obj.length = 0;
          return null;
        case 'copy':
          this.spend(obj.length);
          return [...obj];
        case 'index': {
          const at = obj.findIndex((x) => pyEquals(x, site.arg(0) as Value) === true);
          return at >= 0 ? at : undefined;
        }
        case 'count':
          return obj.filter((x) => pyEquals(x, site.arg(0) as Value) === true).length;
      }
      return undefined;
    }
    if (obj instanceof PyDict) {
      switch (name) {
        case 'update': {
          if (n > 1) return undefined;
          if (n === 1) {
            const v = site.arg(0) as Value;
            if (v instanceof PyDict) this.update(obj, v);
            else if (Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2)) for (const p of v as Value[][]) setKey(obj, p[0], p[1]);
            else return isKnown(v) ? undefined : new Unknown(this.snippet(node));
          }
          for (const [key, valueNode] of site.keywords) {
            obj.entries.set(key, this.evaluate(valueNode, site.frame));
            obj.keyLines.set(key, this.lineAt(valueNode.from));
          }
          return null;
        }
        case 'setdefault':
        case 'get':
        case 'pop': {
          const key = dictKey(site.arg(0) as Value);
          if (key === undefined) return isKnown(site.arg(0) as Value) ? undefined : new Unknown(this.snippet(node));
          if (obj.entries.has(key)) {
            const v = obj.entries.get(key) as Value;
            if (name === 'pop') obj.entries.delete(key);
            return v;
          }
          const fallback = n > 1 ? (site.arg(1) as Value) : name === 'pop' ? undefined : null;
          if (fallback === undefined) return undefined;
          if (name === 'setdefault') {
            obj.entries.set(key, fallback);
            obj.keyLines.set(key, this.lineAt(node.from));
          }
          return fallback;
        }
        case 'keys':
          this.spend(obj.entries.size);
          return [...obj.entries.keys()];
        case 'values':
          this.spend(obj.entries.size);
          return [...obj.entries.values()];
        case 'items':
          this.spend(obj.entries.size);
          return [...obj.entries].map(([k, v]) => [k, v]);
        case 'copy': {
          const d = new PyDict();
          this.update(d, obj);
          return d;
        }
        case 'clear':
          obj.entries.clear();
          return null;
      }
      return undefined;
    }
    if (typeof obj === 'string') {
      const a0 = n > 0 ? site.arg(0) : undefined;
      switch (name) {
        case 'join': {
          const items = iterate(a0 as Value);
          if (!items || !items.every((x) => typeof x === 'string')) return isKnown(a0 as Value) ? undefined : new Unknown(this.snippet(node));
          const s = (items as string[]).join(obj);
          return s.length > LIMITS.stringChars ? undefined : s;
        }
        case 'format': {
          const s = braceFormat(obj, site);
          return s !== undefined && s.length <= LIMITS.stringChars ? s : undefined;
        }
        case 'replace': {
          const b = site.arg(1);
          if (typeof a0 !== 'string' || typeof b !== 'string' || n > 2 || !a0) return undefined;
          const s = obj.split(a0).join(b);
          return s.length > LIMITS.stringChars ? undefined : s;
        }
        case 'strip':
        case 'lstrip':
        case 'rstrip': {
          if (n > 0 && typeof a0 !== 'string' && a0 !== null) return undefined;
          const chars = typeof a0 === 'string' ? a0 : ' \t\n\r\f\v';
          let start = 0;
          let end = obj.length;
          if (name !== 'rstrip') while (start < end && chars.includes(obj[start])) start++;
          if (name !== 'lstrip') while (end > start && chars.includes(obj[end - 1])) end--;
          return obj.slice(start, end);
        }
        case 'lower':
          return obj.toLowerCase();
        case 'upper':
          return obj.toUpperCase();
        case 'split': {
          this.spend(obj.length);
          if (n === 0 || a0 === null) return obj.split(/\s+/).filter(Boolean);
          return typeof a0 === 'string' && a0 && n === 1 ? obj.split(a0) : undefined;
        }
        case 'splitlines':
          this.spend(obj.length);
          return obj.split(/\r\n|\r|\n/).filter((_, i, l) => i < l.length - 1 || l[i] !== '');
        case 'startswith':
        case 'endswith':
          if (typeof a0 !== 'string' || n !== 1) return undefined;
          return name === 'startswith' ? obj.startsWith(a0) : obj.endsWith(a0);
        case 'encode':
        case 'decode':
          return obj;
      }
      return undefined;
    }
    if (obj instanceof PathValue) {
      switch (name) {
        case 'resolve':
        case 'absolute':
          return new PathValue(normalizePath(obj.path));
        case 'joinpath': {
          const parts = site.args.map((_, i) => pathOf(site.arg(i)));
          return parts.every((p) => p !== undefined) ? new PathValue(joinPaths([obj.path, ...(parts as string[])])) : undefined;
        }
        case 'as_posix':
        case '__str__':
          return obj.path;
      }
    }
    return undefined;
  }

  private extend(list: Value[], values: Value, at: SyntaxNode): void {
    const items = iterate(values) ?? [];
    if (list.length + items.length > LIMITS.listItems) {
      this.fail(at, this.globals, 'the list is too long');
      return;
    }
    this.spend(items.length);
    list.push(...items);
  }

  private update(d: PyDict, src: PyDict): void {
    this.spend(src.entries.size);
    for (const [k, v] of src.entries) d.entries.set(k, v);
    for (const [k, l] of src.keyLines) d.keyLines.set(k, l);
  }

  // --- results --------------------------------------------------------------------------------------

  /** A value as callers see it: dicts as plain objects, tuples and sets as arrays, paths as strings, the rest unknown. */
  toPublic(value: Value, memo = new Map<object, PyValue>(), depth = 0): PyValue {
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof PathValue) return value.path;
    if (value instanceof Unknown) return { unknown: value.unknown };
    if (value instanceof ModuleRef) return { unknown: value.qualified };
    if (value instanceof FunctionRef || value instanceof ClassRef) return { unknown: value.name };
    if (value instanceof PyObject) return { unknown: value.label };
    const done = memo.get(value);
    if (done !== undefined) return done;
    if (depth > LIMITS.depth) return { unknown: '...' };
    memo.set(value, { unknown: '...' }); // a value that contains itself
    this.work += Array.isArray(value) ? value.length : value.entries.size;
    let out: PyValue;
    if (this.work > LIMITS.work * 2) out = { unknown: '...' };
    else if (Array.isArray(value)) out = value.map((v) => this.toPublic(v, memo, depth + 1));
    else {
      const obj: { [key: string]: PyValue } = {};
      for (const [k, v] of value.entries) Object.defineProperty(obj, k, { value: this.toPublic(v, memo, depth + 1), enumerable: true, writable: true, configurable: true });
      out = obj;
    }
    memo.set(value, out);
    return out;
  }
}

type StatementReader = (this: PyModule, node: SyntaxNode, frame: Frame, depth: number) => void;
/** The statements that bind or change something, and who reads them. */
const STATEMENTS: Record<string, StatementReader> = {
  AssignStatement: PyModule.prototype['execAssign'],
  UpdateStatement: PyModule.prototype['execUpdate'],
  ExpressionStatement: PyModule.prototype['execExpression'],
  ImportStatement: PyModule.prototype['execImport'],
  IfStatement: PyModule.prototype.execBranches,
  TryStatement: PyModule.prototype.execBranches,
  MatchStatement: PyModule.prototype['execMatch'],
  ForStatement: PyModule.prototype['execFor'],
  WhileStatement: PyModule.prototype['execWhile'],
  WithStatement: PyModule.prototype['execWith'],
  FunctionDefinition: PyModule.prototype['execDefinition'],
  ClassDefinition: PyModule.prototype['execDefinition'],
};

// ---------------------------------------------------------------------------------------------------
// Value helpers

/** Not unknown and not a module, function, class or injected object. */
export function isKnown(v: Value): boolean {
  return !(v instanceof Unknown || v instanceof ModuleRef || v instanceof FunctionRef || v instanceof ClassRef || v instanceof PyObject);
}

function isUnknownValue(v: Value): v is Unknown {
  return v instanceof Unknown;
}

function isPrimitive(v: Value): v is string | number | boolean | null {
  return v === null || typeof v !== 'object';
}

function isNumber(v: Value): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

function truthy(v: Value): boolean {
  if (v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof PyDict) return v.entries.size > 0;
  return true;
}

function dictKey(v: Value | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null) return 'None';
  return undefined;
}

function setKey(d: PyDict, k: Value, v: Value): void {
  const key = dictKey(k);
  if (key !== undefined) d.entries.set(key, v);
}

/** The elements a `for` would see, when known. */
function iterate(v: Value): Value[] | undefined {
  if (Array.isArray(v)) return v;
  if (v instanceof PyDict) return [...v.entries.keys()];
  if (typeof v === 'string') return v.length <= LIMITS.loopIterations ? [...v] : undefined;
  return undefined;
}

function pyEquals(a: Value, b: Value, depth = 0): boolean | undefined {
  if (isPrimitive(a) && isPrimitive(b)) return a === b || (isNumber(a) && isNumber(b) && Number(a) === Number(b));
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    if (depth > 8) return undefined;
    for (let i = 0; i < a.length; i++) {
      const e = pyEquals(a[i], b[i], depth + 1);
      if (e !== true) return e;
    }
    return true;
  }
  if (!isKnown(a) || !isKnown(b)) return undefined;
  return a === b;
}

function contains(container: Value, item: Value): boolean | undefined {
  if (typeof container === 'string') return typeof item === 'string' ? container.includes(item) : undefined;
  if (container instanceof PyDict) {
    const key = dictKey(item);
    return key === undefined ? undefined : container.entries.has(key);
  }
  if (Array.isArray(container)) {
    let unsure = false;
    for (const x of container) {
      const e = pyEquals(x, item);
      if (e === true) return true;
      if (e === undefined) unsure = true;
    }
    return unsure ? undefined : false;
  }
  return undefined;
}

/** `a` then the elements of `b` not already there (primitives by value, the rest by identity; `1` and `'1'` differ, as in Python). */
function union(a: readonly Value[], b: readonly Value[]): Value[] {
  const seen = new Set<unknown>();
  const out: Value[] = [];
  for (const v of [...a, ...b]) {
    if (seen.has(v)) continue;
    seen.add(v);
    out.push(v);
  }
  return out;
}

function display(v: Value, repr: boolean): string | undefined {
  if (typeof v === 'string') return repr ? `'${v}'` : v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null) return 'None';
  if (v instanceof PathValue) return v.path;
  return undefined;
}

/** `'...%s...' % args` for %s, %r, %d, %i and %%, positional or `%(name)s`; undefined otherwise. */
function percentFormat(fmt: string, args: Value): string | undefined {
  const byName = args instanceof PyDict ? args : undefined;
  const list = Array.isArray(args) ? args : [args];
  const directive = /%(?:\(([^)]*)\))?([sdir%])/g;
  if (/%/.test(fmt.replace(directive, ''))) return undefined; // flags, widths, other conversions
  let used = 0;
  let ok = true;
  const out = fmt.replace(directive, (_m, name: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    const v = name !== undefined ? byName?.entries.get(name) : byName ? undefined : list[used++];
    const s = v === undefined ? undefined : conv === 'd' || conv === 'i' ? (typeof v === 'number' ? String(Math.trunc(v)) : undefined) : display(v, conv === 'r');
    if (s === undefined) ok = false;
    return s ?? '';
  });
  return ok && (byName !== undefined || used === list.length) ? out : undefined;
}

/** `'...{}...{0}...{name}...'.format(...)` with plain fields; undefined for conversions and format specs. */
function braceFormat(fmt: string, site: CallSite): string | undefined {
  let auto = 0;
  let ok = true;
  const out = fmt.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, field: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const f = field ?? '';
    let v: Value | undefined;
    if (f === '') v = site.arg(auto++);
    else if (/^\d+$/.test(f)) v = site.arg(Number(f));
    else if (/^[A-Za-z_]\w*$/.test(f)) v = site.arg(-1, f);
    const s = v === undefined ? undefined : display(v, false);
    if (s === undefined) ok = false;
    return s ?? '';
  });
  return ok && !/[{}]/.test(fmt.replace(/\{\{|\}\}|\{[^{}]*\}/g, '')) ? out : undefined;
}

/** Parses and reads a module. */
export function readPythonModule(text: string, options: PyModuleOptions = {}): PyModule {
  return new PyModule(text, options).run();
}
