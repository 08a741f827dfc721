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
 *
 * The reader lives in python/: values.ts (what a value can be, the limits), source.ts (the text cut into
 * statements, literals), paths.ts, syntax.ts (tree helpers), semantics.ts (truth, equality, formatting),
 * module.ts (PyModule: state, reports, the public API), statements.ts, expressions.ts, calls.ts (the readers,
 * free functions over the module; they reach each other only through PyModule).
 */
export * from './python/values';
export { numberLiteral, stringLiteral, unescapePython } from './python/source';
export { normalizePath, pathOf } from './python/paths';
export { isKnown } from './python/semantics';
export { PyModule, readPythonModule } from './python/module';
