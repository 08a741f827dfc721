import type { SyntaxNode } from '@lezer/common';
import { ClassRef, Frame, FunctionRef, GiveUp, LIMITS, ModuleRef, PathValue, PyDict, Stop, Unknown, type Value, type Reader } from './values';
import { children, hasError, inner, splitItems } from './syntax';
import { dictKey, isKnown, isUnknownValue, iterate, union } from './semantics';

/**
 * The statement readers: assignment, augmented assignment, import, if/try/match, for, while, with, def and
 * class, and the table that picks one per statement kind.
 */

export function execBlock(m: Reader, block: SyntaxNode, frame: Frame, depth: number): void {
  if (depth > LIMITS.depth) {
    m.fail(block, frame, 'nested too deeply');
    return;
  }
  for (let s = block.firstChild; s && !m.stopped; s = s.nextSibling) {
    try {
      exec(m, s, frame, depth);
    } catch (e) {
      if (e instanceof Stop) throw e;
      if (e instanceof RangeError) m.report(s, 'nested too deeply to evaluate');
      else throw e;
    }
  }
}

export function exec(m: Reader, node: SyntaxNode, frame: Frame, depth: number): void {
  switch (node.name) {
    case 'StatementGroup':
      execBlock(m, node, frame, depth);
      return;
    case 'DecoratedStatement': {
      const def = node.lastChild;
      if (def && (def.name === 'FunctionDefinition' || def.name === 'ClassDefinition')) exec(m, def, frame, depth);
      return;
    }
    case 'ReturnStatement':
      // Read for its value only in a function read for it. Anywhere else only a call it returns is read, for
      // what the call does: bind9's `return iscconf.setup(app, "namedconf", ...)` in setup() registers a domain.
      if (frame.returns) {
        count(m, node);
        execReturn(m, node, frame, depth);
      } else if (node.firstChild?.nextSibling?.name === 'CallExpression' && !node.firstChild.nextSibling.nextSibling) {
        count(m, node);
        m.evaluate(node.firstChild.nextSibling, frame, depth);
      }
      return;
  }
  const run = STATEMENTS[node.name];
  if (!run) return; // pass, del, global, assert, raise, break, continue, print: nothing to keep
  count(m, node);
  run(m, node, frame, depth);
}

export function execExpression(m: Reader, node: SyntaxNode, frame: Frame, depth: number): void {
  const e = node.firstChild;
  if (!e || e.name !== 'CallExpression') return;
  const update = frame === m.globals ? globalsUpdateArgument(m, e, frame) : undefined;
  if (!update) {
    m.evaluate(e, frame, depth);
    return;
  }
  // `globals().update(d)` at module level: every key of a dict known here becomes a module name, as an
  // assignment would (celery's `globals().update(conf.build_config(...))`).
  const d = m.evaluate(update, frame, depth + 1);
  if (!(d instanceof PyDict)) {
    if (!m.quiet(frame)) m.report(e, `cannot evaluate "${m.snippet(e)}" statically: the names it sets are not known`);
    return;
  }
  m.spend(d.entries.size);
  for (const [k, v] of d.entries) if (/^[A-Za-z_]\w*$/.test(k)) bind(m, m.globals, k, v, false, true);
  m.namespaceUpdates.push(m.lineAt(e.from));
}

/** The argument of a call `globals().update(x)` (one positional argument, `globals` not rebound), else undefined. */
function globalsUpdateArgument(m: Reader, call: SyntaxNode, frame: Frame): SyntaxNode | undefined {
  const k = children(call);
  if (k.length !== 2 || k[0].name !== 'MemberExpression' || k[1].name !== 'ArgList') return undefined;
  const member = children(k[0]);
  if (member.length !== 3 || member[0].name !== 'CallExpression' || m.text.slice(member[2].from, member[2].to) !== 'update') return undefined;
  const inside = children(member[0]);
  if (inside.length !== 2 || inside[0].name !== 'VariableName' || m.text.slice(inside[0].from, inside[0].to) !== 'globals' || inner(inside[1]).length || frame.has('globals')) return undefined;
  const { items } = splitItems(inner(k[1]));
  return items.length === 1 && items[0].length === 1 ? items[0][0] : undefined;
}

export function execMatch(m: Reader, node: SyntaxNode, frame: Frame, depth: number): void {
  const body = children(node).find((n) => n.name === 'MatchBody');
  if (body) for (const clause of children(body)) if (clause.name === 'MatchClause') execBranches(m, clause, frame, depth);
}

/** A `while` loop: reported, its body read once as a branch. */
export function execWhile(m: Reader, node: SyntaxNode, frame: Frame, depth: number): void {
  if (!m.quiet(frame)) m.report(node, `cannot evaluate "${m.snippet(node).replace(/:.*$/, '')}" statically: its body is read once`);
  execBranches(m, node, frame, depth);
}

export function count(m: Reader, node: SyntaxNode): void {
  m.current = node;
  if (++m.statements > LIMITS.statements) m.stop('too many statements');
  if (m.statements > m.effectsEnd) throw new GiveUp();
}

export function execAssign(m: Reader, node: SyntaxNode, frame: Frame, depth: number): void {
  const k = children(node).filter((n) => n.name !== 'TypeDef');
  const segments: SyntaxNode[][] = [[]];
  for (const n of k) {
    if (n.name === 'AssignOp') segments.push([]);
    else segments[segments.length - 1].push(n);
  }
  if (segments.length < 2) return; // an annotation alone
  const valueNodes = segments[segments.length - 1];
  let value = hasError(k) ? new Unknown(m.snippet(node)) : evalSegment(m, valueNodes, frame, depth);
  if (value instanceof ModuleRef && valueNodes.length === 1 && !m.quiet(frame)) {
    // `version = sphinx.__display_version__`: reported once, and unknown from then on
    value = m.fail(valueNodes[0], frame, 'it comes from another module');
  }
  for (const target of segments.slice(0, -1)) assignSegment(m, target, value, frame, depth, false, node);
}

export function evalSegment(m: Reader, nodes: readonly SyntaxNode[], frame: Frame, depth: number): Value {
  const { items, comma } = splitItems(nodes);
  if (items.length === 1 && !comma) return evalItem(m, items[0], frame, depth);
  return items.map((i) => evalItem(m, i, frame, depth));
}

export function evalItem(m: Reader, nodes: readonly SyntaxNode[], frame: Frame, depth: number): Value {
  if (nodes.length === 1) return m.evaluate(nodes[0], frame, depth);
  if (!nodes.length) return null;
  return hasError(nodes) ? new Unknown(m.snippet(nodes[0])) : m.fail(nodes[0], frame);
}

export function assignSegment(m: Reader, nodes: readonly SyntaxNode[], value: Value, frame: Frame, depth: number, plain: boolean, at: SyntaxNode): void {
  const { items, comma } = splitItems(nodes);
  if (items.length === 1 && !comma) assignTarget(m, items[0], value, frame, depth, plain, at);
  else destructure(m, items, value, frame, depth, plain, at);
}

export function destructure(m: Reader, items: readonly SyntaxNode[][], value: Value, frame: Frame, depth: number, plain: boolean, at: SyntaxNode): void {
  const starred = items.some((i) => i[0]?.name === '*');
  const ok = Array.isArray(value) && value.length === items.length && !starred;
  if (!ok && isKnown(value) && !m.quiet(frame)) m.report(at, `cannot unpack "${m.snippet(at)}" statically`);
  items.forEach((item, i) => {
    const target = item.filter((n) => n.name !== '*');
    assignTarget(m, target, ok ? (value as Value[])[i] : new Unknown(m.snippet(at)), frame, depth, plain, at);
  });
}

export function assignTarget(m: Reader, nodes: readonly SyntaxNode[], value: Value, frame: Frame, depth: number, plain: boolean, at: SyntaxNode): void {
  if (nodes.length !== 1) return;
  const t = nodes[0];
  switch (t.name) {
    case 'VariableName':
      bind(m, frame, m.text.slice(t.from, t.to), value, plain, true);
      return;
    case 'TupleExpression':
    case 'ArrayExpression':
    case 'ParenthesizedExpression':
      assignSegment(m, inner(t), value, frame, depth, plain, at);
      return;
    case 'MemberExpression': {
      const k = children(t);
      if (k[1]?.name !== '[') return; // attribute assignment: nothing we keep
      const obj = m.evaluate(k[0], frame, depth + 1);
      const index = evalSegment(m, k.slice(2, -1), frame, depth + 1);
      setItem(m, obj, index, value, t);
      return;
    }
    default:
      return;
  }
}

export function setItem(m: Reader, obj: Value, index: Value, value: Value, at: SyntaxNode): void {
  if (obj instanceof PyDict) {
    const key = dictKey(index);
    if (key === undefined) return;
    if (m.branch > 0 && obj.entries.has(key)) value = merge(m, obj.entries.get(key) as Value, value);
    obj.entries.set(key, value);
    obj.keyLines.set(key, m.lineAt(at.from));
  } else if (Array.isArray(obj) && typeof index === 'number') {
    const i = index < 0 ? obj.length + index : index;
    if (i >= 0 && i < obj.length) obj[i] = value;
  }
}

/** Binds a name; inside a branch the new value merges with the old one. */
export function bind(m: Reader, frame: Frame, name: string, value: Value, plain = false, record = false): void {
  if (!plain && m.branch > 0 && frame.vars.has(name)) value = merge(m, frame.vars.get(name) as Value, value);
  frame.vars.set(name, value);
  if (record && frame === m.globals && !m.assignedSet.has(name)) {
    m.assignedSet.add(name);
    m.assigned.push(name);
  }
}

export function merge(m: Reader, old: Value, value: Value): Value {
  if (Array.isArray(old) && Array.isArray(value)) {
    if (old === value) return value;
    m.spend(old.length + value.length);
    return union(old, value);
  }
  if (old instanceof PyDict && value instanceof PyDict) {
    if (old === value) return value;
    m.spend(old.entries.size + value.entries.size);
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

export function execUpdate(m: Reader, node: SyntaxNode, frame: Frame, depth: number): void {
  const k = children(node);
  const opIndex = k.findIndex((n) => n.name === 'UpdateOp');
  if (opIndex < 0 || hasError(k)) return;
  const targetNodes = k.slice(0, opIndex);
  const op = m.text.slice(k[opIndex].from, k[opIndex].to);
  const right = evalSegment(m, k.slice(opIndex + 1), frame, depth);
  if (targetNodes.length !== 1) return;
  const left = m.evaluate(targetNodes[0], frame, depth);
  let result: Value;
  if (op === '+=' && Array.isArray(left) && (Array.isArray(right) || right instanceof PyDict || typeof right === 'string')) {
    m.extend(left, right, node); // in place, as Python does for lists
    return;
  } else if (op === '|=' && left instanceof PyDict && right instanceof PyDict) {
    m.update(left, right);
    return;
  } else if (op === '+=') result = m.binary('+', left, right, node, frame);
  else if (op === '-=') result = m.binary('-', left, right, node, frame);
  else if (op === '*=') result = m.binary('*', left, right, node, frame);
  else result = !isKnown(left) || !isKnown(right) ? new Unknown(m.snippet(node)) : m.fail(node, frame);
  assignTarget(m, targetNodes, result, frame, depth, true, node);
}

export function execImport(m: Reader, node: SyntaxNode, frame: Frame, _depth: number): void {
  const k = children(node);
  if (hasError(k)) return;
  const word = (n: SyntaxNode) => m.text.slice(n.from, n.to);
  if (k[0]?.name === 'from') {
    let i = 1;
    let module = '';
    while (i < k.length && k[i].name !== 'import') module += word(k[i++]);
    i++;
    let local: ReadonlyMap<string, Value> | undefined | null;
    for (; i < k.length; i++) {
      const n = k[i];
      if (n.name === '*') {
        const paths = m.sysPath.flatMap((v) => (typeof v === 'string' ? [v] : v instanceof PathValue ? [v.path] : []));
        const names = m.options.starImport?.(module, paths);
        if (names) for (const [name, value] of names) bind(m, frame, name, value, true, true);
        continue;
      }
      if (n.name !== 'VariableName') continue;
      const name = word(n);
      let alias = name;
      const qualified = `${module}${module.endsWith('.') ? '' : '.'}${alias}`;
      if (k[i + 1]?.name === 'as' && k[i + 2]?.name === 'VariableName') {
        alias = word(k[i + 2]);
        i += 2;
      }
      // A module of the project found through sys.path (lmfit's `from extensions import extensions`): its value.
      local ??= localModuleNames(m, module);
      const value = local?.get(name);
      bind(m, frame, alias, value ?? new ModuleRef(qualified), true);
    }
    return;
  }
  // import a.b.c [as d], e
  let dotted: string[] = [];
  const flush = (alias?: string) => {
    if (dotted.length) bind(m, frame, alias ?? dotted[0], new ModuleRef(alias ? dotted.join('.') : dotted[0]), true);
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

/** Modules of Python's standard library conf.py files import names from: never looked for among the project's. */
const STANDARD_MODULES = new Set(
  '__future__ ast codecs collections configparser contextlib copy dataclasses datetime enum functools glob importlib inspect io itertools json locale logging math operator os pathlib platform pprint re shutil string subprocess sys tempfile textwrap time typing urllib warnings'.split(' '),
);

/** The names a module of the project binds, read as a star import reads them; null when it is not found. */
function localModuleNames(m: Reader, module: string): ReadonlyMap<string, Value> | null {
  if (module.startsWith('.') || STANDARD_MODULES.has(module.split('.')[0])) return null;
  const paths = m.sysPath.flatMap((v) => (typeof v === 'string' ? [v] : v instanceof PathValue ? [v.path] : []));
  return m.options.starImport?.(module, paths) ?? null;
}

/** Every body of an if/try/while/case, each read as a branch (conditions are never evaluated). */
export function execBranches(m: Reader, node: SyntaxNode, frame: Frame, depth: number, k = children(node)): void {
  for (let i = 0; i < k.length; i++) {
    const n = k[i];
    if (n.name === 'as' && k[i + 1]?.name === 'VariableName') bind(m, frame, m.text.slice(k[i + 1].from, k[i + 1].to), new Unknown('exception'), true);
    if (n.name !== 'Body') continue;
    m.branch++;
    try {
      execBlock(m, n, frame, depth + 1);
    } finally {
      m.branch--;
    }
  }
}

export function execFor(m: Reader, node: SyntaxNode, frame: Frame, depth: number): void {
  const k = children(node);
  const inAt = k.findIndex((n) => n.name === 'in');
  const bodyAt = k.findIndex((n) => n.name === 'Body');
  if (inAt < 0 || bodyAt < inAt || hasError(k.slice(0, bodyAt))) {
    execBranches(m, node, frame, depth, k);
    return;
  }
  const targets = k.slice(1, inAt);
  const iterable = evalSegment(m, k.slice(inAt + 1, bodyAt), frame, depth);
  const items = iterate(iterable);
  const body = k[bodyAt];
  if (items) {
    let n = 0;
    for (const item of items) {
      if (m.stopped) return;
      if (++n > LIMITS.loopIterations) {
        if (!m.quiet(frame)) m.report(node, `loop evaluated for its first ${LIMITS.loopIterations} elements only`);
        break;
      }
      count(m, node);
      assignSegment(m, targets, item, frame, depth, true, node);
      execBlock(m, body, frame, depth + 1);
    }
    const elseBody = k.slice(bodyAt + 1).find((n) => n.name === 'Body');
    if (elseBody) execBranches(m, node, frame, depth, [elseBody]);
    return;
  }
  // over something unknown: the body once, as a branch, with the targets unknown
  assignSegment(m, targets, new Unknown(m.snippet(k[inAt + 1] ?? node)), frame, depth, true, node);
  execBranches(m, node, frame, depth, k.slice(bodyAt));
}

export function execWith(m: Reader, node: SyntaxNode, frame: Frame, depth: number): void {
  const k = children(node);
  const bodyAt = k.findIndex((n) => n.name === 'Body');
  const head = k.slice(1, bodyAt < 0 ? k.length : bodyAt);
  if (!hasError(head)) {
    for (const item of splitItems(head).items) {
      const asAt = item.findIndex((n) => n.name === 'as');
      const context = evalItem(m, asAt < 0 ? item : item.slice(0, asAt), frame, depth);
      // `with open("rst_epilog.txt") as f:` binds the opened file (a path here, `f.read()` reads it); any other
      // context manager's value is not known.
      const bound = context instanceof PathValue ? context : new Unknown(isUnknownValue(context) ? context.unknown : m.snippet(item[0]));
      if (asAt >= 0) assignSegment(m, item.slice(asAt + 1), bound, frame, depth, true, node);
    }
  }
  if (bodyAt >= 0) execBlock(m, k[bodyAt], frame, depth + 1);
}

export function execDefinition(m: Reader, node: SyntaxNode, frame: Frame, _depth: number): void {
  const name = children(node).find((n) => n.name === 'VariableName');
  if (!name) return;
  const id = m.text.slice(name.from, name.to);
  if (node.name === 'FunctionDefinition') {
    bind(m, frame, id, new FunctionRef(id, node), true);
    return;
  }
  const args = children(node).find((n) => n.name === 'ArgList');
  const bases: string[] = [];
  if (args) {
    for (const item of splitItems(inner(args)).items) {
      if (item.length === 1 && (item[0].name === 'VariableName' || item[0].name === 'MemberExpression')) bases.push(m.text.slice(item[0].from, item[0].to).replace(/\s+/g, ''));
    }
  }
  bind(m, frame, id, new ClassRef(id, node, bases), true);
}

export function bindParams(m: Reader, params: SyntaxNode, frame: Frame, args: readonly Value[], keywords: ReadonlyMap<string, Value>): void {
  let position = 0;
  for (const item of splitItems(inner(params)).items) {
    const star = item[0].name === '*' || item[0].name === '**';
    const nameNode = item.find((n) => n.name === 'VariableName');
    if (!nameNode) continue;
    const name = m.text.slice(nameNode.from, nameNode.to);
    if (star) {
      frame.vars.set(name, new Unknown(name));
      continue;
    }
    let value: Value | undefined = position < args.length ? args[position] : keywords.get(name);
    position++;
    if (value === undefined) {
      const eq = item.findIndex((n) => n.name === 'AssignOp');
      value = eq >= 0 ? evalItem(m, item.slice(eq + 1), frame, 1) : new Unknown(name);
    }
    frame.vars.set(name, value);
  }
}



/** `return x` in a function read for its value (`PyModule.callForValue`): the value, noted in the function's frame. */
export function execReturn(m: Reader, node: SyntaxNode, frame: Frame, depth: number): void {
  if (!frame.returns) return;
  const value = children(node).slice(1);
  frame.returns.push(value.length ? (hasError(value) ? new Unknown(m.snippet(node)) : evalSegment(m, value, frame, depth)) : null);
}

type StatementReader = (m: Reader, node: SyntaxNode, frame: Frame, depth: number) => void;
/** The statements that bind or change something, and who reads them. */
const STATEMENTS: Record<string, StatementReader> = {
  AssignStatement: execAssign,
  UpdateStatement: execUpdate,
  ExpressionStatement: execExpression,
  ImportStatement: execImport,
  IfStatement: execBranches,
  TryStatement: execBranches,
  MatchStatement: execMatch,
  ForStatement: execFor,
  WhileStatement: execWhile,
  WithStatement: execWith,
  FunctionDefinition: execDefinition,
  ClassDefinition: execDefinition,
};
