import type { SyntaxNode } from '@lezer/common';

/**
 * What a value of the static Python reader can be, the frames names live in, the limits of the work, and the
 * interface the readers see of the module.
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
  constructor(
    readonly unknown: string,
    /**
     * For a string formatted from a known template with some values unknown (`'''.. |tag| replace:: {tag}'''.format(tag=git_tag())`):
     * the template with the known values put in and the unknown fields left as written.
     */
    readonly template?: string,
    /**
     * The template is only part of the string: text joined to it is not known at all (seaborn's literal
     * `rst_epilog` `+=` a join of a comprehension over an imported table).
     */
    readonly partial?: boolean,
  ) {}
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
  /** In a function read for its value (`PyModule.callForValue`): the values of the `return` statements read. */
  returns?: Value[];
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
  /**
   * The positional arguments in order, evaluated, a `*x` spread into its elements (`session.run(*cmd)`); a `*x`
   * whose value is no known list stands as one unknown value (its text as written).
   */
  positional(): Value[];
}
/** Returns a value when it handled the call, undefined to let the evaluator try. */
export type CallHook = (site: CallSite) => Value | undefined;

export interface PyModuleOptions {
  hook?: CallHook;
  /** report only syntax errors and what the hook reports (for modules whose values do not matter) */
  quiet?: boolean;
  /**
   * The public names `from <module> import *` binds, with their values (paramiko's conf.py takes its extensions
   * and intersphinx_mapping from a `shared_conf.py` beside it); undefined when the module is not known. `sysPath`
   * is `sys.path` as the module has set it so far.
   */
  starImport?: (module: string, sysPath: readonly string[]) => ReadonlyMap<string, Value> | undefined;
  /**
   * The text of a file of the project, by a normalised path relative to the module's folder (the folder Sphinx
   * runs conf.py in): `open("rst_epilog.txt").read()`, `(Path(__file__).parent / "prolog.rst").read_text()`.
   * Undefined when it cannot be read; without this option no file is read.
   */
  readText?: (path: string) => string | undefined;
  /**
   * A call of a module's own function whose result is used (`cmd = build_command("man")`) reads its body for the
   * value it returns: that of its one `return` statement (every branch is read, so a function with more than one
   * gives an unknown value). Without this option such a call is an unknown value (conf.py's reading).
   */
  returnValues?: boolean;
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
  /** statements and work a call read only for what it does may take (`PyModule.callForEffects`) */
  effectStatements: 20_000,
  effectWork: 200_000,
  reports: 500,
} as const;


export const PATH_TYPES = new Set(['pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath', 'pathlib.PurePosixPath']);
export class Stop extends Error {}
/** A call read for what it does has used its share (`PyModule.callForEffects`): given up, the module read on. */
export class GiveUp extends Stop {}

/**
 * What the statement, expression and call readers (statements.ts, expressions.ts, calls.ts) see of the module
 * being read: its state, its reports and limits, and each other, reached through the module so that no reader
 * imports another (PyModule implements it).
 */
export interface Reader {
  readonly text: string;
  readonly options: PyModuleOptions;
  readonly globals: Frame;
  readonly assigned: string[];
  readonly assignedSet: Set<string>;
  readonly sysPath: Value[];
  /** the 0-based lines of the `globals().update(d)` calls whose dict was known, its names bound */
  readonly namespaceUpdates: number[];
  /** the statement being read (where a stop is reported) */
  current: SyntaxNode | undefined;
  stopped: boolean;
  statements: number;
  branch: number;
  lineAt(pos: number): number;
  snippet(node: SyntaxNode): string;
  report(node: SyntaxNode, message: string): void;
  fail(node: SyntaxNode, frame: Frame, reason?: string): Unknown;
  quiet(frame: Frame): boolean;
  stop(why: string): never;
  spend(units: number): void;
  classAttribute(cls: ClassRef, name: string, depth?: number): Value | undefined;
  callFunction(fn: FunctionRef, args: readonly Value[], keywords?: ReadonlyMap<string, Value>): void;
  callForEffects(fn: FunctionRef, args: readonly Value[], keywords: ReadonlyMap<string, Value>, at: SyntaxNode, frame: Frame): void;
  callForValue(fn: FunctionRef, args: readonly Value[], keywords: ReadonlyMap<string, Value>, at: SyntaxNode, frame: Frame): Value;
  /** the statement count past which the call read for what it does is given up (Infinity outside one) */
  readonly effectsEnd: number;
  evaluate(node: SyntaxNode, frame: Frame, depth?: number): Value;
  evalItem(nodes: readonly SyntaxNode[], frame: Frame, depth: number): Value;
  evalSegment(nodes: readonly SyntaxNode[], frame: Frame, depth: number): Value;
  evalRef(node: SyntaxNode, frame: Frame, depth: number): Value;
  evalCall(node: SyntaxNode, frame: Frame, depth: number): Value;
  attribute(obj: Value, name: string, node: SyntaxNode, frame: Frame): Value;
  binary(op: string, left: Value, right: Value, node: SyntaxNode, frame: Frame): Value;
  extend(list: Value[], values: Value, at: SyntaxNode): void;
  update(d: PyDict, src: PyDict): void;
}
