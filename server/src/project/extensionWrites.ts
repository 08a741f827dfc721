/**
 * What a project's own Python code (a local extension, or a script it runs) writes while the build runs,
 * read from its syntax only: whether it writes files at all, the scripts it runs, and the names of the
 * documents its string literals spell. Such code usually computes where it writes (ironic's
 * `redfish_interop` writes `<basename of redfish_interop_source>.rst` into a folder named by another config
 * value; cinder's `cinder_driverlist` runs tools/generate_driver_list.py, which writes
 * `'%s/doc/source/drivers.rst' % base_dir`): `project.ts` takes a missing document as generated when its
 * name is one of these, so a toctree entry naming it is no warning. Pure; never throws.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/python';
import { stringLiteral } from './python';

export interface ModuleWrites {
  /** The code opens a file for writing (`open(p, 'w')`, `io.open`, `codecs.open`) or writes one through pathlib. */
  writes: boolean;
  /** The code runs a program (`subprocess.run`, `os.system`, `utils.execute`, ...). */
  runs: boolean;
  /** Scripts the code runs: string literals ending in `.py` or `.sh` given to a call that runs a program. */
  scripts: string[];
  /** The document names (file names without their suffix) of the string literals ending in a source suffix. */
  documents: string[];
  /**
   * The same for literals whose name holds format placeholders, each made a `*`: kivy's autobuild writes
   * `'api-%s.rst' % package` (`api-*`). Only where the name keeps at least three characters of its own.
   */
  documentPatterns: string[];
  /**
   * The files the code writes, by name: the last path part of the literal that ends the path it opens for
   * writing or that pathlib writes (`Path(app.srcdir, "videos-gallery.txt").write_text(...)`, pybind11's
   * `open(DIR / "readme.rst", "w")`, `os.path.join(d, "x.txt")`); for an f-string, the text after its last
   * placeholder, as a `*` pattern (`f"{key}-gallery.txt"`: `*-gallery.txt`).
   */
  files: string[];
  /**
   * Folders it writes files into under names it computes (arcade's thumbnails: `im.save(output_path /
   * input_file.name)` with `output_path = Path('example_code/images/thumbs/')`), relative to the folder it
   * runs in: any file there may be one it writes.
   */
  folders: string[];
  /**
   * It also writes files whose name it computes whole but for the suffix (pylint's `category_dir /
   * f"{message.name}.rst"`, openstack-helm's `f'{chart}.rst'`): which of them it writes is not known.
   */
  unnamed: boolean;
  /**
   * Every file it writes has a suffix of its own that is no source suffix (pygame's `html-page-context` hook
   * writes `os.path.basename(pagename) + ".h"`): it writes no document.
   */
  otherFilesOnly: boolean;
}

/** Larger sources are not read (no real extension or generator script comes near it). */
const MAX_CHARS = 4 * 1024 * 1024;
/** The last part of the name of a call that runs a program: `subprocess.run`, `os.system`, `utils.execute`. */
const RUNS = new Set(['run', 'call', 'check_call', 'check_output', 'Popen', 'system', 'execute', 'execv', 'execvp', 'spawnv', 'spawnl']);
const OPENS = new Set(['open', 'io.open', 'codecs.open', 'os.fdopen']);
/** Calls that copy a file to the path their second argument (or `dst=`) names. */
const COPIES = new Set(['shutil.copy', 'shutil.copyfile', 'shutil.copy2', 'copyfile', 'copy2']);

export function moduleWrites(text: string, sourceSuffixes: readonly string[] = ['.rst']): ModuleWrites {
  const out: ModuleWrites = { writes: false, runs: false, scripts: [], documents: [], documentPatterns: [], files: [], folders: [], unnamed: false, otherFilesOnly: false };
  if (text.length > MAX_CHARS) return out;
  let tree;
  try {
    tree = parser.parse(text);
  } catch {
    return out;
  }
  const scripts = new Set<string>();
  const documents = new Set<string>();
  const patterns = new Set<string>();
  const files = new Set<string>();
  const calls = callsByName(text, tree.topNode);
  // Shared by every path read: `unnamed` is set where a path's name is a placeholder and a suffix alone.
  // A path whose suffix is no source suffix (`f"{page}.h"`) names no document, even where its name is unknown.
  const path = (node: SyntaxNode | null, mayBeDocument = true) => {
    const found = { visits: PATH_VISITS, calls, unnamed: false };
    const names = pathNames(text, node, found);
    if (found.unnamed && mayBeDocument) out.unnamed = true;
    return names;
  };
  // Whether some write may be of a document: its path's suffix is a source suffix or not known.
  let mayWriteDocument = false;
  const folders = new Set<string>();
  const wrote = (node: SyntaxNode | null): boolean => {
    out.writes = true;
    const folder = node ? writtenFolder(text, node, calls) : undefined;
    // Into a known folder: what it writes there counts as existing (`folders`), and nowhere else.
    if (folder !== undefined) {
      folders.add(folder);
      return false;
    }
    const suffix = node ? pathSuffix(text, node, calls) : undefined;
    const document = suffix === undefined || sourceSuffixes.includes(suffix);
    if (document) mayWriteDocument = true;
    return document;
  };
  const cursor = tree.cursor();
  do {
    if (cursor.name === 'String') {
      const value = literal(text.slice(cursor.from, cursor.to));
      const suffix = value !== undefined ? sourceSuffixes.find((s) => value.endsWith(s) && value.length > s.length) : undefined;
      if (value !== undefined && suffix) {
        const name = value.slice(value.lastIndexOf('/') + 1, value.length - suffix.length);
        if (name && !/[%{}\s]/.test(name)) documents.add(name);
        else if (name) {
          // %s, %d, %(name)s, {}, {0}, {name}: each a `*`.
          const pattern = name.replace(/%(?:\([A-Za-z_]\w*\))?[-#0 +]*\d*(?:\.\d+)?[sdir]|\{[A-Za-z_0-9]*\}/g, '*');
          if (!/[%{}\s]/.test(pattern) && pattern.replace(/\*/g, '').length >= 3) patterns.add(pattern);
        }
      }
    } else if (cursor.name === 'CallExpression') {
      const call = cursor.node;
      const callee = call.firstChild;
      const args = call.getChild('ArgList');
      if (!callee || !args) continue;
      const name = text.slice(callee.from, callee.to).replace(/\s+/g, '');
      const last = name.slice(name.lastIndexOf('.') + 1);
      const strings = stringArgs(text, args);
      if (OPENS.has(name) || (last === 'open' && callee.name === 'MemberExpression')) {
        // open(path, mode) or path.open(mode): a mode with w, a or x writes. A method `open(path, mode)` of
        // another object (arcade's `vfs.open(QUICK_INDEX_FILE_PATH, "a")`) opens its first argument.
        const isMode = (m: string | undefined) => m !== undefined && /^[rwaxbt+U]*$/.test(m);
        const ownPath = OPENS.has(name) || (!isMode(strings.positional[0]) && isMode(strings.positional[1]) && argument(text, args, 'file', 0) !== null);
        const mode = strings.keywords.get('mode') ?? strings.positional[ownPath ? 1 : 0];
        if (mode !== undefined && isMode(mode) && /[wax]/.test(mode)) {
          const target = ownPath ? argument(text, args, 'file', 0) : callee.firstChild;
          const document = wrote(target);
          for (const file of path(target, document)) files.add(file);
        }
      } else if (COPIES.has(name)) {
        // jupyter_client's conf.py: `dest = osp.join(HERE, "changelog.md"); shutil.copy(osp.join(HERE, "..", "CHANGELOG.md"), dest)`.
        const target = argument(text, args, 'dst', 1);
        const document = wrote(target);
        for (const file of path(target, document)) files.add(file);
      } else if ((last === 'save' || last === 'savefig') && callee.name === 'MemberExpression' && args.firstChild?.nextSibling?.name !== ')') {
        // An image saved to a path (PIL's `im.save(path)`, matplotlib's `fig.savefig(path)`).
        const target = argument(text, args, 'fp', 0);
        if (target && target.name !== 'Number') {
          const document = wrote(target);
          for (const file of path(target, document)) files.add(file);
        }
      } else if (last === 'write_text' || last === 'write_bytes') {
        const target = callee.name === 'MemberExpression' ? callee.firstChild : null;
        const document = wrote(target);
        for (const file of path(target, document)) files.add(file);
      } else if (outputFileArgument(text, args)) {
        // A generator given `--output-file <path>` in a list (oslo.config's `generator.main([..., '--output-file',
        // config_output_file])` in gnocchi's documentation extension).
        const target = outputFileArgument(text, args)!;
        const document = wrote(target);
        for (const file of path(target, document)) files.add(file);
      }
      if (RUNS.has(last) && (name.includes('.') || last !== 'run')) {
        out.runs = true;
        for (const s of [...strings.positional, ...strings.inLists]) if (s !== undefined && /^[^\s'"]+\.(py|sh)$/.test(s)) scripts.add(s);
      }
    }
  } while (cursor.next());
  out.otherFilesOnly = out.writes && !mayWriteDocument;
  out.scripts = [...scripts];
  out.documents = [...documents];
  out.documentPatterns = [...patterns];
  out.files = [...files];
  out.folders = [...folders];
  return out;
}

/**
 * The folder of a path written out but for its last part (`Path('images/thumbs') / name`, `os.path.join('out',
 * name)`, a variable assigned such a folder before): a relative path without `..`; undefined otherwise, or when
 * the last part is itself a literal (a named file).
 */
function writtenFolder(text: string, node: SyntaxNode, calls: ReadonlyMap<string, SyntaxNode[]>, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  let parts: SyntaxNode[] = [];
  if (node.name === 'BinaryExpression') {
    const op = node.getChild('ArithOp');
    if (!op || text.slice(op.from, op.to) !== '/' || !node.firstChild || !node.lastChild) return undefined;
    parts = [node.firstChild, node.lastChild];
  } else if (node.name === 'CallExpression') {
    const callee = text.slice(node.firstChild?.from ?? 0, node.firstChild?.to ?? 0).replace(/\s+/g, '');
    const args = node.getChild('ArgList');
    if (!args || !/(?:^|\.)join$/.test(callee)) return undefined;
    parts = items(args);
  } else if (node.name === 'VariableName') {
    const values = assignedValues(text, node, calls);
    return values.length === 1 ? writtenFolder(text, values[0], calls, depth + 1) : undefined;
  } else return undefined;
  if (parts.length < 2) return undefined;
  const last = parts[parts.length - 1];
  if (last.name === 'String' || last.name === 'FormatString') return undefined;
  const folder = parts.slice(0, -1).map((p) => literalFolder(text, p, calls, depth + 1));
  if (folder.some((f) => f === undefined)) return undefined;
  const joined = (folder as string[]).join('/').replace(/\/+/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return joined && !joined.startsWith('/') && !joined.split('/').includes('..') ? joined : undefined;
}

/** A folder path written as a literal, `Path("x")`, or a variable assigned one. */
function literalFolder(text: string, node: SyntaxNode, calls: ReadonlyMap<string, SyntaxNode[]>, depth: number): string | undefined {
  if (depth > 8) return undefined;
  if (node.name === 'String') return literal(text.slice(node.from, node.to));
  if (node.name === 'CallExpression') {
    const callee = text.slice(node.firstChild?.from ?? 0, node.firstChild?.to ?? 0).replace(/\s+/g, '');
    const args = node.getChild('ArgList');
    const list = args ? items(args) : [];
    if (/(?:^|\.)(?:Path|PurePath)$/.test(callee) && list.length === 1) return literalFolder(text, list[0], calls, depth + 1);
    if (!/(?:^|\.)join$/.test(callee) || !list.length) return undefined;
    const parts = list.map((p) => literalFolder(text, p, calls, depth + 1));
    return parts.every((p) => p !== undefined) ? parts.join('/') : undefined;
  }
  if (node.name === 'VariableName') {
    const values = assignedValues(text, node, calls);
    return values.length === 1 ? literalFolder(text, values[0], calls, depth + 1) : undefined;
  }
  return undefined;
}

/** The item after `'--output-file'` in a list or tuple a call is given, if any. */
function outputFileArgument(text: string, args: SyntaxNode): SyntaxNode | undefined {
  for (const arg of items(args)) {
    if (arg.name !== 'ArrayExpression' && arg.name !== 'TupleExpression') continue;
    const list = items(arg);
    const at = list.findIndex((x) => x.name === 'String' && literal(text.slice(x.from, x.to)) === '--output-file');
    if (at >= 0 && at + 1 < list.length) return list[at + 1];
  }
  return undefined;
}

/**
 * An argument of a call, by keyword or by position: the path `open()` is given (`file=`, or the first), the
 * destination of a copy (`dst=`, or the second).
 */
function argument(text: string, args: SyntaxNode, keyword: string, position: number): SyntaxNode | null {
  let n = 0;
  let positional: SyntaxNode | null = null;
  for (let c = args.firstChild; c; c = c.nextSibling) {
    if (c.name === 'VariableName' && c.nextSibling?.name === 'AssignOp') {
      if (text.slice(c.from, c.to) === keyword) return c.nextSibling.nextSibling;
      c = c.nextSibling.nextSibling ?? c;
    } else if (c.name !== '(' && c.name !== ')' && c.name !== ',' && c.name !== 'Comment' && n++ === position && !positional) positional = c;
  }
  return positional;
}

/**
 * The values a variable may hold at its use, innermost scope first: the value last assigned to it in a statement
 * of the function body (or block, or module) before the use (jupyter_server's
 * `destination = os.path.join(HERE, "other/full-config.rst")`, then `with open(destination, "w")`), else, in the
 * body of a `for` loop whose target names it, each value the loop gives it from a list or tuple written out
 * (pyinstaller's `for (contents, path) in [(..., "_pyinstaller-options.tmp"), ...]: path = Path(path)`).
 */
function assignedValues(text: string, use: SyntaxNode, calls: ReadonlyMap<string, SyntaxNode[]>): SyntaxNode[] {
  const name = text.slice(use.from, use.to);
  for (let scope = use.parent; scope; scope = scope.parent) {
    if (scope.name !== 'Body' && scope.name !== 'Script') continue;
    let found: SyntaxNode | null = null;
    // Statements that end before the use: in `path = Path(path)`, the `path` inside is the one before.
    for (let s = scope.firstChild; s && s.to <= use.from; s = s.nextSibling) {
      const target = s.name === 'AssignStatement' ? s.firstChild : null;
      if (target?.name === 'VariableName' && target.nextSibling?.name === 'AssignOp' && text.slice(target.from, target.to) === name) found = target.nextSibling.nextSibling;
    }
    if (found) return [found];
    const loop = scope.parent?.name === 'ForStatement' ? loopValues(text, scope.parent, name, calls) : undefined;
    if (loop) return loop;
    const params = scope.parent?.name === 'FunctionDefinition' ? argumentValues(text, scope.parent, name, calls) : undefined;
    if (params) return params;
  }
  return [];
}

/**
 * The arguments the module's calls of a function by its name give one of its parameters, by keyword or by
 * position (pyglet's conf.py: `def write_build(data, filename)` opens `os.path.join("internal", filename)`,
 * and `write_build(..., "build.rst")`). Undefined when the function has no such parameter.
 */
function argumentValues(text: string, fn: SyntaxNode, name: string, calls: ReadonlyMap<string, SyntaxNode[]>): SyntaxNode[] | undefined {
  const fnName = fn.getChild('VariableName');
  const params = fn.getChild('ParamList');
  if (!fnName || !params) return undefined;
  let position = -1;
  let n = 0;
  for (let c = params.firstChild; c; c = c.nextSibling) {
    if (c.name === '*' || c.name === '**') {
      // `*args`, `**kwargs`, or a bare `*`: the parameters after it are keywords only.
      if (c.nextSibling?.name === 'VariableName' && text.slice(c.nextSibling.from, c.nextSibling.to) === name) return undefined;
      n = Number.POSITIVE_INFINITY;
    } else if (c.name === 'VariableName' && c.prevSibling?.name !== '*' && c.prevSibling?.name !== '**') {
      if (text.slice(c.from, c.to) === name) {
        position = n;
        break;
      }
      n++;
    }
  }
  if (position < 0) return undefined;
  const values: SyntaxNode[] = [];
  for (const args of calls.get(text.slice(fnName.from, fnName.to)) ?? []) {
    const v = argument(text, args, name, Number.isFinite(position) ? position : -1);
    if (v) values.push(v);
  }
  return values;
}

/** The argument lists of the module's calls of plain names (`write_build(...)`), by that name. */
function callsByName(text: string, top: SyntaxNode): Map<string, SyntaxNode[]> {
  const out = new Map<string, SyntaxNode[]>();
  const cursor = top.cursor();
  do {
    if (cursor.name !== 'CallExpression') continue;
    const callee = cursor.node.firstChild;
    const args = cursor.node.getChild('ArgList');
    if (callee?.name !== 'VariableName' || !args) continue;
    const name = text.slice(callee.from, callee.to);
    const list = out.get(name);
    if (list) list.push(args);
    else out.set(name, [args]);
  } while (cursor.next());
  return out;
}

/** The items of a list, tuple or parenthesized expression, without brackets, commas and comments. */
function items(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (!/^[[\](),]$/.test(c.name) && c.name !== 'Comment') out.push(c);
  return out;
}

/**
 * The values a `for` loop gives the target `name`, when it iterates over a list or tuple written out, there or
 * in the one value last assigned to the variable it names (kea's `FILES_TO_COPY = [[src, dst], ...]`, then
 * `for [a, b] in FILES_TO_COPY:`): each item, or, with several targets (`for (text, path) in [...]`), the part
 * of each item at the target's place. Undefined when the loop's target does not name it.
 */
function loopValues(text: string, loop: SyntaxNode, name: string, calls: ReadonlyMap<string, SyntaxNode[]>): SyntaxNode[] | undefined {
  const targets: SyntaxNode[] = [];
  let iterable: SyntaxNode | null = null;
  let afterIn = false;
  for (let c = loop.firstChild; c && c.name !== 'Body'; c = c.nextSibling) {
    if (c.name === 'in') afterIn = true;
    else if (c.name === 'for' || c.name === ',') continue;
    else if (afterIn) iterable ??= c;
    else targets.push(c);
  }
  const names = targets.length === 1 && (targets[0].name === 'TupleExpression' || targets[0].name === 'ParenthesizedExpression' || targets[0].name === 'ArrayExpression') ? items(targets[0]) : targets;
  const place = names.findIndex((t) => t.name === 'VariableName' && text.slice(t.from, t.to) === name);
  if (place < 0) return undefined;
  if (iterable?.name === 'VariableName') {
    const assigned = assignedValues(text, iterable, calls);
    iterable = assigned.length === 1 ? assigned[0] : null;
  }
  if (!iterable || (iterable.name !== 'ArrayExpression' && iterable.name !== 'TupleExpression')) return [];
  const values: SyntaxNode[] = [];
  for (const item of items(iterable)) {
    if (names.length === 1) values.push(item);
    else if (item.name === 'TupleExpression' || item.name === 'ArrayExpression' || item.name === 'ParenthesizedExpression') {
      const parts = items(item);
      if (parts.length === names.length) values.push(parts[place]);
    }
  }
  return values;
}

/** How many expressions one path may visit (a loop's values, variables): contrived code stays linear. */
const PATH_VISITS = 256;

/**
 * The file names a path expression ends with, where its last part is written in it: a literal or an f-string
 * (`"docs/readme.rst"`), the right side of pathlib's `/` (`DIR / "readme.rst"`), the last argument of a call
 * that joins (`Path(app.srcdir, "x.txt")`, `os.path.join(d, "x.txt")`), in parentheses or not, or a variable
 * holding one of these (one name per value a loop gives it).
 */
function pathNames(text: string, node: SyntaxNode | null, budget: { visits: number; calls: ReadonlyMap<string, SyntaxNode[]>; unnamed: boolean }, depth = 0): string[] {
  if (!node || depth > 8 || --budget.visits < 0) return [];
  switch (node.name) {
    case 'ParenthesizedExpression':
      return pathNames(text, node.firstChild?.nextSibling ?? null, budget, depth + 1);
    case 'BinaryExpression': {
      const op = node.getChild('ArithOp');
      return op && text.slice(op.from, op.to) === '/' ? pathNames(text, node.lastChild, budget, depth + 1) : [];
    }
    case 'CallExpression': {
      // `"{0}/index.rst".format(d)` (napalm's conf.py): the template's last part, as an f-string's.
      const formatted = formatTemplate(text, node);
      if (formatted) return pathNames(text, formatted, budget, depth + 1);
      // The last argument of a call that joins, or that makes a path of one (`Path(path)`).
      const args = node.getChild('ArgList');
      const last = args ? items(args).pop() : undefined;
      return last ? pathNames(text, last, budget, depth + 1) : [];
    }
    case 'String':
    case 'FormatString': {
      const name = literalName(text, node);
      if (name === UNNAMED) budget.unnamed = true;
      return name && name !== UNNAMED ? [name] : [];
    }
    case 'VariableName':
      return assignedValues(text, node, budget.calls).flatMap((v) => pathNames(text, v, budget, depth + 1));
    default:
      return [];
  }
}

/**
 * The suffix (`.h`) of the path an expression makes, where its end is written out: a string or f-string ending
 * in `.<suffix>` after its last placeholder, `x + ".h"`, `"%s.h" % x`, the last argument of a call that joins
 * (`os.path.join(d, name + ".h")`), `a / "b.h"`, a variable assigned one of these before. Undefined otherwise.
 */
function pathSuffix(text: string, node: SyntaxNode | null, calls: ReadonlyMap<string, SyntaxNode[]>, budget = { visits: PATH_VISITS }, depth = 0): string | undefined {
  if (!node || depth > 8 || --budget.visits < 0) return undefined;
  switch (node.name) {
    case 'ParenthesizedExpression':
      return pathSuffix(text, node.firstChild?.nextSibling ?? null, calls, budget, depth + 1);
    case 'BinaryExpression': {
      const op = node.getChild('ArithOp');
      const o = op ? text.slice(op.from, op.to) : '';
      if (o === '+' || o === '/') return pathSuffix(text, node.lastChild, calls, budget, depth + 1);
      if (o === '%') return pathSuffix(text, node.firstChild, calls, budget, depth + 1);
      return undefined;
    }
    case 'CallExpression': {
      const formatted = formatTemplate(text, node);
      if (formatted) return pathSuffix(text, formatted, calls, budget, depth + 1);
      const args = node.getChild('ArgList');
      const last = args ? items(args).pop() : undefined;
      return last ? pathSuffix(text, last, calls, budget, depth + 1) : undefined;
    }
    case 'String':
    case 'FormatString': {
      const src = text.slice(node.from, node.to);
      // Of an f-string, the text after its last placeholder (the placeholders may hold quotes of their own).
      const body = node.name === 'String' ? literal(src) : /^[fF](["'])[^\n]*\1$/.test(src) ? src.slice(2, -1) : undefined;
      const tail = body?.slice(body.lastIndexOf('}') + 1).replace(/%[-#0 +]*\d*[sdir]/g, '{}');
      if (tail !== undefined && /["'\\]/.test(tail)) return undefined;
      const m = tail !== undefined ? /(\.[A-Za-z0-9]{1,8})$/.exec(tail) : null;
      return m && !tail!.slice(m.index).includes('{') ? m[1] : undefined;
    }
    case 'VariableName': {
      const values = assignedValues(text, node, calls);
      const suffixes = values.map((v) => pathSuffix(text, v, calls, budget, depth + 1));
      return suffixes.length && suffixes.every((x) => x !== undefined && x === suffixes[0]) ? suffixes[0] : undefined;
    }
    default:
      return undefined;
  }
}

/** The string `str.format` is called on (`"{0}/index.rst".format(d)`), if the call is one. */
function formatTemplate(text: string, call: SyntaxNode): SyntaxNode | undefined {
  const callee = call.firstChild;
  if (callee?.name !== 'MemberExpression') return undefined;
  const target = callee.firstChild;
  const property = callee.lastChild;
  return target?.name === 'String' && property && text.slice(property.from, property.to) === 'format' ? target : undefined;
}

/** What `literalName` gives for an f-string name that is a placeholder and a suffix alone (`f"{chart}.rst"`). */
const UNNAMED = '*';

/**
 * The last path part of a string literal or an f-string (`*` and the text after its last placeholder; `UNNAMED`
 * where that text is a suffix alone).
 */
function literalName(text: string, last: SyntaxNode): string | undefined {
  const src = text.slice(last.from, last.to);
  let name: string | undefined;
  // A template `str.format` fills (`"{0}/index.rst"`) reads as an f-string.
  const template = last.name === 'String' ? literal(src) : undefined;
  if (template !== undefined && !/[{}]/.test(template.slice(template.lastIndexOf('/') + 1))) name = template;
  else if (template !== undefined || (last.name === 'FormatString' && /^[fF]["'][^"'\n]*["']$/.test(src))) {
    // Only the text after the last placeholder is known: a pattern.
    const body = template ?? src.slice(2, -1);
    const tail = body.slice(body.lastIndexOf('}') + 1);
    // A suffix alone (`f'{chart}.rst'`) would make every such file of the project one the code may write.
    if (/^\.[^./{}]*$/.test(tail) && body.includes('{')) return UNNAMED;
    name = /[{}]/.test(tail) || !tail.includes('.') ? undefined : '*' + tail;
  }
  const base = name?.slice(name.lastIndexOf('/') + 1);
  return base && base !== '*' && !/[\s\\]/.test(base) ? base : undefined;
}

/** The string literals among a call's arguments: positional (undefined where not a literal), keyword, and those inside list or tuple arguments. */
function stringArgs(text: string, args: SyntaxNode): { positional: (string | undefined)[]; keywords: Map<string, string>; inLists: string[] } {
  const positional: (string | undefined)[] = [];
  const keywords = new Map<string, string>();
  const inLists: string[] = [];
  let keyword: string | undefined;
  let expectValue = true;
  for (let c = args.firstChild; c; c = c.nextSibling) {
    if (c.name === '(' || c.name === ')' || c.name === 'Comment') continue;
    if (c.name === ',') {
      if (expectValue && keyword === undefined) positional.push(undefined);
      keyword = undefined;
      expectValue = true;
      continue;
    }
    if (c.name === 'VariableName' && c.nextSibling?.name === 'AssignOp') {
      keyword = text.slice(c.from, c.to);
      continue;
    }
    if (c.name === 'AssignOp') continue;
    if (!expectValue) continue;
    expectValue = false;
    const value = c.name === 'String' ? literal(text.slice(c.from, c.to)) : undefined;
    if (keyword !== undefined) {
      if (value !== undefined) keywords.set(keyword, value);
    } else positional.push(value);
    if (c.name === 'ArrayExpression' || c.name === 'TupleExpression' || c.name === 'ParenthesizedExpression') {
      for (let d = c.firstChild; d; d = d.nextSibling) {
        const v = d.name === 'String' ? literal(text.slice(d.from, d.to)) : undefined;
        if (v !== undefined) inLists.push(v);
      }
    }
  }
  return { positional, keywords, inLists };
}

/** The value of a one-line string literal (python.ts's `stringLiteral`); undefined for triple-quoted (prose, docstrings) and byte strings. */
function literal(src: string): string | undefined {
  if (/^[rRuUbB]*("""|''')/.test(src) || /^[rRuU]*[bB]/.test(src)) return undefined;
  const v = stringLiteral(src);
  return v === undefined || v.includes('\n') ? undefined : v;
}

/**
 * What a shell script writes: the files its output is redirected to (`) > doc/source/plugins/registry.rst`,
 * tempest's plugin list); the documents among them by name. It runs programs by nature.
 */
export function shellWrites(text: string, sourceSuffixes: readonly string[] = ['.rst']): ModuleWrites {
  const out: ModuleWrites = { writes: false, runs: true, scripts: [], documents: [], documentPatterns: [], files: [], folders: [], unnamed: false, otherFilesOnly: false };
  if (text.length > MAX_CHARS) return out;
  const documents = new Set<string>();
  for (const m of text.matchAll(/(?:^|[^>&\d])>>?[ \t]*["']?([^\s"';|&)<>]+)/gm)) {
    const target = m[1];
    if (target.startsWith('&') || target === '/dev/null') continue;
    out.writes = true;
    const suffix = sourceSuffixes.find((x) => target.endsWith(x) && target.length > x.length);
    if (!suffix) continue;
    const name = target.slice(target.lastIndexOf('/') + 1, target.length - suffix.length);
    if (name && !/[$%{}]/.test(name)) documents.add(name);
  }
  out.documents = [...documents];
  return out;
}

/**
 * The files a module runs as its own code, with paths relative to its folder: `exec(open("x.py").read())`,
 * `exec(open(os.path.join("ext", "gen_ref.py")).read())` (python-heatclient's conf.py), `exec(compile(open(p).read(), p, "exec"))`,
 * `with open(os.path.join(HERE, "..", "autogen_config.py")) as f:` then `exec(compile(f.read(), ...))` (nbconvert's,
 * `HERE` its own folder),
 * and the file importlib's `spec_from_file_location` names when `exec_module` runs it (cerberus' conf.py).
 * Only paths written as string literals, or `os.path.join` of them, are known.
 */
export function execedFiles(text: string): string[] {
  const out: string[] = [];
  const literal = /^\s*(['"])([^'"\\\n]+)\1\s*$/;
  // Names bound to the module's own folder (`HERE = os.path.dirname(__file__)`): a first part of the path.
  const here = hereNames(text);
  const add = (arg: string) => {
    const parts = arg.startsWith("'") || arg.startsWith('"') ? [arg] : arg.slice(arg.indexOf('(') + 1, -1).split(',');
    const names = parts.map((p, i) => (i === 0 && here.has(p.trim()) ? '.' : literal.exec(p)?.[2]));
    if (!names.length || names.some((n) => n === undefined)) return;
    const path = names.join('/').replace(/^(\.\/)+/, '');
    if (!path.startsWith('/') && !out.includes(path)) out.push(path);
  };
  const opened = String.raw`((?:os\.path\.join|join)\([^()\n]*\)|(?<q>['"])[^'"\\\n]+\k<q>)`;
  for (const m of text.matchAll(new RegExp(String.raw`^[ \t]*exec\([ \t]*(?:compile\([ \t]*)?open\([ \t]*${opened}`, 'gm'))) add(m[1]);
  // `with open(path) as f:` then `exec(f.read())` or `exec(compile(f.read(), ...))` in its body (nbconvert's
  // conf.py runs ../autogen_config.py, which writes config_options.rst).
  for (const m of text.matchAll(new RegExp(String.raw`^([ \t]*)with[ \t]+open\([ \t]*${opened}[^\n]*?\bas[ \t]+([A-Za-z_]\w*)[ \t]*:[ \t]*\n((?:\1[ \t]+[^\n]*\n?)+)`, 'gm'))) {
    if (new RegExp(String.raw`^[ \t]*exec\([ \t]*(?:compile\([ \t]*)?${m[4]}\.read\(\)`, 'm').test(m[5])) add(m[2]);
  }
  // importlib's `spec_from_file_location(name, Path(__file__).parent / 'includes' / 'generate.py')`, whose
  // module `spec.loader.exec_module(...)` then runs (cerberus' conf.py).
  if (/\bexec_module\(/.test(text)) {
    const part = String.raw`\s*/\s*(['"])([^'"\\\n/]+)\1`;
    for (const m of text.matchAll(new RegExp(String.raw`spec_from_file_location\(\s*(['"])[^'"\n]*\1\s*,\s*(?:(?:pathlib\.)?Path\(\s*__file__\s*\)(?:\.resolve\(\))?\.parent((?:${part})+)|(['"])([^'"\\\n]+)\5)\s*\)`, 'g'))) {
      const path = (m[2] !== undefined ? [...m[2].matchAll(new RegExp(part, 'g'))].map((x) => x[2]).join('/') : m[6]).replace(/^(\.\/)+/, '');
      if (path.endsWith('.py') && !path.startsWith('/') && !path.split('/').includes('..') && !out.includes(path)) out.push(path);
    }
  }
  return out;
}

/**
 * The folders sphinx-apidoc writes into when a module runs it (`apidoc.main(["-o", "api", "../pkg"])`,
 * `sphinx.ext.apidoc.main(...)`, a `sphinx-apidoc -o api` command), relative to the folder it runs in: its `-o`
 * (`--output-dir`) value written as a literal, or as an f-string whose leading `{...}/` is the conf.py folder
 * (quart's `f"{base_path}/reference/source"`, with `base_path` that folder), or a name the module assigns such
 * a path (the PyScaffold template's `output_dir = os.path.join(__location__, "api")`, then
 * `f"sphinx-apidoc ... -o {output_dir} {module_dir}"` or `apidoc.main([..., "-o", output_dir, ...])`).
 */
export function apidocOutputs(text: string): string[] {
  if (!/\bapidoc\b[\s\S]{0,40}?\bmain\b|sphinx-apidoc/.test(text)) return [];
  const out: string[] = [];
  const here = hereNames(text);
  const add = (path: string | undefined) => {
    path = path?.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
    if (path && path !== '.' && !path.includes('{') && !path.startsWith('/') && !out.includes(path)) out.push(path);
  };
  for (const m of text.matchAll(/(?:\bapidoc\.main|\bmain|sphinx-apidoc)\b[^\n]{0,4}[\s\S]{0,600}?(['"])(?:-o|--output-dir)\1[ \t]*,[ \t\n]*(?:f?(['"])([^'"\n]+)\2|((?:os\.path\.)?join\([^()\n]*\))|([A-Za-z_]\w*)\b)/g)) {
    add(m[3] !== undefined ? m[3].replace(/^\{[^{}]*\}\/+/, '') : m[4] !== undefined ? pathExpression(m[4], here) : assignedPath(text, m[5], here));
  }
  for (const m of text.matchAll(/(['"])sphinx-apidoc\b[^'"\n]*?(?:-o|--output-dir)[ \t]+([^\s'"]+)[^'"\n]*\1/g)) {
    const name = /^\{([A-Za-z_]\w*)\}$/.exec(m[2])?.[1];
    add(name !== undefined ? assignedPath(text, name, here) : m[2]);
  }
  return out;
}

/** Names the module binds to its own folder (`HERE = os.path.dirname(__file__)`, `os.path.dirname(os.path.abspath(__file__))`). */
function hereNames(text: string): Set<string> {
  return new Set(
    [...text.matchAll(/^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*(?:os\.path\.)?(?:abspath\()?(?:os\.path\.)?dirname\((?:(?:os\.path\.)?(?:abspath|realpath)\()?__file__\)?\)\)?[ \t]*$/gm)].map((m) => m[1]),
  );
}

/**
 * The relative path the last module-level assignment of `name` gives, when it is a literal, an `os.path.join`
 * of the module's folder (`here`) and literals, or an f-string `f"{here}/x"`; else undefined.
 */
function assignedPath(text: string, name: string, here: ReadonlySet<string>): string | undefined {
  const m = [...text.matchAll(new RegExp(String.raw`^${name}[ \t]*=[ \t]*([^\n]+?)[ \t]*$`, 'gm'))].pop();
  return m ? pathExpression(m[1], here) : undefined;
}

/** A path expression as `assignedPath` reads one. */
function pathExpression(e: string, here: ReadonlySet<string>): string | undefined {
  const literal = /^(['"])([^'"\\\n]+)\1$/;
  const lit = literal.exec(e);
  if (lit) return lit[2];
  const f = /^f(['"])\{([A-Za-z_]\w*)\}\/([^'"{}\n]+)\1$/.exec(e);
  if (f) return here.has(f[2]) ? f[3] : undefined;
  const join = /^(?:os\.path\.)?join\(([^()\n]*)\)$/.exec(e);
  if (!join) return undefined;
  const parts = join[1].split(',').map((p, i) => (i === 0 && here.has(p.trim()) ? '.' : literal.exec(p.trim())?.[2]));
  return parts.length && parts.every((p) => p !== undefined) ? parts.join('/') : undefined;
}
