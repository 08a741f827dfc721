import { parser } from '@lezer/python';
import { NodeType, Tree, type SyntaxNode } from '@lezer/common';
import { lineOfOffset } from '../../common/lines';
import { ClassRef, Frame, FunctionRef, GiveUp, LIMITS, ModuleRef, PathValue, PyDict, type PyModuleOptions, PyObject, type PyValue, Stop, type Unevaluated, Unknown, type Value, type Reader } from './values';
import { prepareSource } from './source';
import { children } from './syntax';
import * as st from './statements';
import * as ex from './expressions';
import * as ca from './calls';

/**
 * PyModule: the state of one module being read, its reports and limits, and the public API; the readers of
 * statements.ts, expressions.ts and calls.ts do the reading.
 */

/** A module read statically. Build it, then `run()`; read `globals`, `assigned`, `unevaluated`. */
export class PyModule implements Reader {
  readonly unevaluated: Unevaluated[] = [];
  readonly globals = new Frame('module');
  /** module-level names bound by assignments, `for` or `with`, in the order first bound */
  readonly assigned: string[] = [];
  /** `sys.path` as the module leaves it */
  readonly sysPath: Value[] = [];
  /** the 0-based lines of the `globals().update(d)` calls whose dict was known, its names bound */
  readonly namespaceUpdates: number[] = [];
  text = '';
  /** the statement being read (where a stop is reported) */
  current: SyntaxNode | undefined;
  readonly assignedSet = new Set<string>();
  private readonly reportedLines = new Set<number>();
  private lineStarts: number[] | undefined;
  statements = 0;
  private work = 0;
  branch = 0;
  private callDepth = 0;
  stopped = false;
  private readonly classCache = new Map<ClassRef, Frame>();

  constructor(
    private readonly source: string,
    readonly options: PyModuleOptions = {},
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

  /**
   * Reads the body of `fn` with its parameters bound to `args` (and `keywords`); `returns`, when given, gets the
   * values of the `return` statements read (`PyModuleOptions.returnValues`). Never throws.
   */
  callFunction(fn: FunctionRef, args: readonly Value[], keywords: ReadonlyMap<string, Value> = new Map(), returns?: Value[]): void {
    if (this.stopped || this.callDepth >= LIMITS.callDepth) return;
    this.callDepth++;
    try {
      const frame = new Frame('function', this.globals);
      frame.returns = returns;
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

  effectsEnd = Infinity;
  private effectsWorkEnd = Infinity;

  /**
   * Reads the body of a function called for what it does (its result not used), with a share of the limits of
   * its own: a call that takes more is given up where it is, reported, and the module read on.
   */
  callForEffects(fn: FunctionRef, args: readonly Value[], keywords: ReadonlyMap<string, Value>, at: SyntaxNode, frame: Frame): void {
    this.callWithin(fn, args, keywords, at, frame);
  }

  /**
   * Reads the body of a function whose result is used for the value it returns (`PyModuleOptions.returnValues`),
   * within the share of the limits a call read for what it does has: the value of its one `return` statement,
   * else an unknown value.
   */
  callForValue(fn: FunctionRef, args: readonly Value[], keywords: ReadonlyMap<string, Value>, at: SyntaxNode, frame: Frame): Value {
    const returns: Value[] = [];
    const complete = this.callWithin(fn, args, keywords, at, frame, returns);
    return complete && returns.length === 1 ? returns[0] : new Unknown(this.snippet(at));
  }

  /** `callFunction` within a share of the limits of its own (see `callForEffects`); false when it was given up. */
  private callWithin(fn: FunctionRef, args: readonly Value[], keywords: ReadonlyMap<string, Value>, at: SyntaxNode, frame: Frame, returns?: Value[]): boolean {
    if (this.effectsEnd !== Infinity) {
      this.callFunction(fn, args, keywords, returns);
      return !this.stopped && this.statements <= this.effectsEnd && this.work <= this.effectsWorkEnd;
    }
    this.effectsEnd = this.statements + LIMITS.effectStatements;
    this.effectsWorkEnd = this.work + LIMITS.effectWork;
    let gaveUp = false;
    try {
      this.callFunction(fn, args, keywords, returns);
    } finally {
      gaveUp = this.statements > this.effectsEnd || this.work > this.effectsWorkEnd;
      this.effectsEnd = Infinity;
      this.effectsWorkEnd = Infinity;
      if (gaveUp && !this.stopped && !this.quiet(frame)) this.report(at, `cannot follow "${this.snippet(at)}" statically: it does too much`);
    }
    return !gaveUp && !this.stopped;
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

  stop(why: string): never {
    if (!this.stopped && this.current) this.report(this.current, `not evaluated from here on: ${why}`);
    this.stopped = true;
    throw new Stop();
  }

  spend(units: number): void {
    this.work += units;
    if (this.work > LIMITS.work) this.stop('the values are too large');
    if (this.work > this.effectsWorkEnd) throw new GiveUp();
  }

  /** An unknown value, reported unless the frame is quiet. */
  fail(node: SyntaxNode, frame: Frame, reason?: string): Unknown {
    const text = this.snippet(node);
    if (!this.quiet(frame)) this.report(node, `cannot evaluate "${text}" statically${reason ? `: ${reason}` : ''}`);
    return new Unknown(text);
  }

  quiet(frame: Frame): boolean {
    return !!this.options.quiet || frame.kind !== 'module';
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

  // --- the readers of statements, expressions and calls (python/statements.ts, expressions.ts, calls.ts) ---

  attribute(obj: Value, name: string, node: SyntaxNode, frame: Frame): Value {
    return ex.attribute(this, obj, name, node, frame);
  }

  binary(op: string, left: Value, right: Value, node: SyntaxNode, frame: Frame): Value {
    return ex.binary(this, op, left, right, node, frame);
  }

  bindParams(params: SyntaxNode, frame: Frame, args: readonly Value[], keywords: ReadonlyMap<string, Value>): void {
    st.bindParams(this, params, frame, args, keywords);
  }

  evalCall(node: SyntaxNode, frame: Frame, depth: number): Value {
    return ca.evalCall(this, node, frame, depth);
  }

  evalItem(nodes: readonly SyntaxNode[], frame: Frame, depth: number): Value {
    return st.evalItem(this, nodes, frame, depth);
  }

  evalRef(node: SyntaxNode, frame: Frame, depth: number): Value {
    return ex.evalRef(this, node, frame, depth);
  }

  evalSegment(nodes: readonly SyntaxNode[], frame: Frame, depth: number): Value {
    return st.evalSegment(this, nodes, frame, depth);
  }

  evaluate(node: SyntaxNode, frame: Frame, depth = 0): Value {
    return ex.evaluate(this, node, frame, depth);
  }

  execBlock(block: SyntaxNode, frame: Frame, depth: number): void {
    st.execBlock(this, block, frame, depth);
  }

  extend(list: Value[], values: Value, at: SyntaxNode): void {
    ca.extend(this, list, values, at);
  }

  update(d: PyDict, src: PyDict): void {
    ca.update(this, d, src);
  }
}

/** Parses and reads a module. */
export function readPythonModule(text: string, options: PyModuleOptions = {}): PyModule {
  return new PyModule(text, options).run();
}
