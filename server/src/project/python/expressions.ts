import type { SyntaxNode } from '@lezer/common';
import { ClassRef, Frame, FunctionRef, LIMITS, ModuleRef, PathValue, PyDict, PyObject, Unknown, type Value, type Reader } from './values';
import { numberLiteral, stringLiteral } from './source';
import { basenamePath, dirnamePath, joinPaths, pathOf } from './paths';
import { children, hasError, inner, splitItems } from './syntax';
import { contains, dictKey, isKnown, isNumber, isPrimitive, isUnknownValue, iterate, percentFormat, pyEquals, truthy, union } from './semantics';

/**
 * The expression readers: literals, names, attributes, subscripts, unary and binary operators, containers.
 */

/** The value of an expression node. */
export function evaluate(m: Reader, node: SyntaxNode, frame: Frame, depth = 0): Value {
  if (m.stopped) return new Unknown(m.snippet(node));
  if (depth > LIMITS.depth) return m.fail(node, frame, 'nested too deeply');
  if (node.type.isError) return new Unknown(m.snippet(node));
  switch (node.name) {
    case 'String':
    case 'FormatString':
      return evalString(m, node, frame, depth);
    case 'ContinuedString': {
      const parts: string[] = [];
      let size = 0;
      for (const part of children(node)) {
        const v = evaluate(m, part, frame, depth + 1);
        if (typeof v !== 'string') return isUnknownValue(v) ? new Unknown(m.snippet(node)) : m.fail(node, frame);
        parts.push(v);
        size += v.length;
      }
      if (size > LIMITS.stringChars) return m.fail(node, frame, 'the string is too long');
      return parts.join('');
    }
    case 'Number': {
      const n = numberLiteral(m.text.slice(node.from, node.to));
      return n === undefined ? m.fail(node, frame) : n;
    }
    case 'Boolean':
      return m.text.slice(node.from, node.to) === 'True';
    case 'None':
      return null;
    case 'Ellipsis':
      return new Unknown('...');
    case 'VariableName': {
      const name = m.text.slice(node.from, node.to);
      if (frame.has(name)) return frame.lookup(name) as Value;
      return m.fail(node, frame, `"${name}" is not defined here`);
    }
    case 'ParenthesizedExpression': {
      const k = inner(node);
      return k.length === 1 ? evaluate(m, k[0], frame, depth + 1) : m.evalItem(k, frame, depth + 1);
    }
    case 'TupleExpression':
    case 'ArrayExpression':
    case 'SetExpression': {
      const k = inner(node);
      if (hasError(k)) return new Unknown(m.snippet(node));
      const list = evalList(m, splitItems(k).items, node, frame, depth);
      return node.name === 'SetExpression' && Array.isArray(list) ? union([], list) : list;
    }
    case 'DictionaryExpression':
      return evalDict(m, node, frame, depth);
    case 'BinaryExpression':
      return evalBinary(m, node, frame, depth);
    case 'UnaryExpression':
      return evalUnary(m, node, frame, depth);
    case 'MemberExpression':
      return evalMember(m, node, frame, depth);
    case 'CallExpression':
      return m.evalCall(node, frame, depth);
    case 'ConditionalExpression': {
      const k = children(node);
      const ifAt = k.findIndex((n) => n.name === 'if');
      const elseAt = k.findIndex((n) => n.name === 'else');
      if (ifAt !== 1 || elseAt !== 3 || k.length !== 5) return m.fail(node, frame);
      const a = evaluate(m, k[0], frame, depth + 1);
      const b = evaluate(m, k[4], frame, depth + 1);
      if (Array.isArray(a) && Array.isArray(b)) return union(a, b);
      if (isPrimitive(a) && a === b) return a;
      return isUnknownValue(a) || isUnknownValue(b) ? new Unknown(m.snippet(node)) : m.fail(node, frame, 'the value depends on a condition');
    }
    case 'LambdaExpression':
      return new Unknown(m.snippet(node));
    default:
      return m.fail(node, frame);
  }
}

export function evalString(m: Reader, node: SyntaxNode, frame: Frame, depth = 0): Value {
  if (node.to - node.from > LIMITS.stringChars) return m.fail(node, frame, 'the string is too long');
  if (node.name === 'FormatString') {
    const fields: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) if (c.name === 'FormatReplacement') fields.push(c);
    if (fields.length) return evalFormatString(m, node, fields, frame, depth);
  }
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.type.isError) return new Unknown(m.snippet(node));
  const s = stringLiteral(m.text.slice(node.from, node.to));
  return s === undefined ? m.fail(node, frame) : s;
}

/**
 * An f-string with replacement fields: each field whose value is a string or an integer, without a format spec
 * or a conversion but `!s`, is put in (mne's `rst_prolog += f""".. |{icon}| raw:: html ..."""` in a loop over a
 * dict of icons). With a field not known so, the string is unknown and keeps its text as a template, the known
 * fields put in and the others left as written, as a template formatted with unknown values does (the devguide's
 * `rst_prolog = f"... replace:: {_main_version}"`).
 */
function evalFormatString(m: Reader, node: SyntaxNode, fields: readonly SyntaxNode[], frame: Frame, depth: number): Value {
  const token = m.text.slice(node.from, node.to);
  if (/[\uE000\uE001]/.test(token)) return fieldsAsWritten(m, node, frame, token);
  // each field becomes a marker the literal's reading leaves alone, replaced after it
  let marked = '';
  let at = node.from;
  const values: (string | undefined)[] = [];
  // the fields are read quietly: what is not known is reported once, as the whole string, as before
  const quiet = new FieldFrame(frame);
  for (const [i, field] of fields.entries()) {
    marked += m.text.slice(at, field.from) + `\uE000${i}\uE001`;
    at = field.to;
    values.push(fieldValue(m, field, quiet, depth));
  }
  marked += m.text.slice(at, node.to);
  const literal = stringLiteral(marked);
  if (literal === undefined) return m.fail(node, frame);
  const text = literal.replace(/\uE000(\d+)\uE001/g, (_, i: string) => {
    const field = fields[Number(i)];
    return values[Number(i)] ?? m.text.slice(field.from, field.to);
  });
  if (values.every((v) => v !== undefined)) return text;
  return new Unknown(m.fail(node, frame).unknown, text);
}

function fieldsAsWritten(m: Reader, node: SyntaxNode, frame: Frame, token: string): Value {
  const template = stringLiteral(token);
  return template === undefined ? m.fail(node, frame) : new Unknown(m.fail(node, frame).unknown, template);
}

/** A replacement field's scope: the names of the frame it is read in, its failures not reported. */
class FieldFrame extends Frame {
  constructor(private readonly outer: Frame) {
    super('function', outer.globals);
  }
  override has(name: string): boolean {
    return this.vars.has(name) || this.outer.has(name);
  }
  override lookup(name: string): Value | undefined {
    return this.vars.has(name) ? this.vars.get(name) : this.outer.lookup(name);
  }
}

/** The text a replacement field puts in, when its value is known to be a string or an integer; else undefined. */
function fieldValue(m: Reader, field: SyntaxNode, frame: Frame, depth: number): string | undefined {
  const expr: SyntaxNode[] = [];
  for (let c = field.firstChild; c; c = c.nextSibling) {
    if (c.name === '{' || c.name === '}') continue;
    if (c.name === 'FormatConversion') {
      if (m.text.slice(c.from, c.to) !== '!s') return undefined;
      continue;
    }
    if (c.name === 'FormatSpec' || c.type.isError || c.name === '=' || c.name === 'AssignOp') return undefined;
    expr.push(c);
  }
  if (!expr.length) return undefined;
  const v = expr.length === 1 ? evaluate(m, expr[0], frame, depth + 1) : m.evalItem(expr, frame, depth + 1);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  return undefined;
}

export function evalList(m: Reader, items: readonly SyntaxNode[][], node: SyntaxNode, frame: Frame, depth: number): Value {
  if (items.length > LIMITS.listItems) return m.fail(node, frame, 'the list is too long');
  const out: Value[] = [];
  for (const item of items) {
    if (item[0].name === '*') {
      const v = m.evalItem(item.slice(1), frame, depth + 1);
      const list = iterate(v);
      if (list) {
        m.spend(list.length);
        out.push(...list);
      } else out.push(new Unknown(m.snippet(item[0])));
    } else if (item.length > 1 && item.some((n) => n.name === 'for')) return m.fail(node, frame);
    else out.push(m.evalItem(item, frame, depth + 1));
  }
  m.spend(out.length);
  return out;
}

export function evalDict(m: Reader, node: SyntaxNode, frame: Frame, depth: number): Value {
  const k = inner(node);
  if (hasError(k)) return new Unknown(m.snippet(node));
  const { items } = splitItems(k);
  if (items.length > LIMITS.listItems) return m.fail(node, frame, 'the dict is too long');
  m.spend(items.length);
  const d = new PyDict();
  for (const item of items) {
    if (item[0].name === '**') {
      const v = m.evalItem(item.slice(1), frame, depth + 1);
      if (v instanceof PyDict) m.update(d, v);
      continue;
    }
    const colon = item.findIndex((n) => n.name === ':');
    if (colon !== 1 || item.some((n) => n.name === 'for')) return m.fail(node, frame);
    const key = dictKey(evaluate(m, item[0], frame, depth + 1));
    if (key === undefined) continue;
    d.entries.set(key, m.evalItem(item.slice(2), frame, depth + 1));
    d.keyLines.set(key, m.lineAt(item[0].from));
  }
  return d;
}

export function evalUnary(m: Reader, node: SyntaxNode, frame: Frame, depth: number): Value {
  const k = children(node);
  if (k.length !== 2) return m.fail(node, frame);
  const op = m.text.slice(k[0].from, k[0].to);
  const v = evaluate(m, k[1], frame, depth + 1);
  if (!isKnown(v)) return new Unknown(m.snippet(node));
  if (op === 'not') return !truthy(v);
  if (typeof v === 'number' || typeof v === 'boolean') {
    const n = Number(v);
    if (op === '-') return -n;
    if (op === '+') return n;
    if (op === '~') return ~n;
  }
  return m.fail(node, frame);
}

export function evalBinary(m: Reader, node: SyntaxNode, frame: Frame, depth: number): Value {
  const k = children(node);
  if (k.length < 3 || hasError(k)) return new Unknown(m.snippet(node));
  const op = k
    .slice(1, -1)
    .map((n) => m.text.slice(n.from, n.to))
    .join(' ');
  const left = evaluate(m, k[0], frame, depth + 1);
  const right = evaluate(m, k[k.length - 1], frame, depth + 1);
  return binary(m, op, left, right, node, frame);
}

export function binary(m: Reader, op: string, left: Value, right: Value, node: SyntaxNode, frame: Frame): Value {
  if (op === '/' && left instanceof PathValue && pathOf(right) !== undefined) return new PathValue(joinPaths([left.path, pathOf(right) as string]));
  if (!isKnown(left) || !isKnown(right)) {
    // Text joined to unknown text: an unknown string that keeps what is known of each side, marked partial
    // where a side is not known at all (seaborn's `rst_epilog = r"""..."""` then `rst_epilog += "\n".join([...])`).
    if (op === '+' && (typeof left === 'string' || left instanceof Unknown) && (typeof right === 'string' || right instanceof Unknown)) {
      const known = (v: string | Unknown) => (typeof v === 'string' ? v : v.template ?? '');
      const partial = [left, right].some((v) => v instanceof Unknown && (v.template === undefined || v.partial));
      const t = known(left) + known(right);
      if (t.length <= LIMITS.stringChars && (t || partial)) return new Unknown(m.snippet(node), t, partial || undefined);
    }
    if (op === '%' && typeof left === 'string') {
      // A known template formatted with unknown values: an unknown string that keeps the template.
      const t = percentFormat(left, right, true);
      if (t !== undefined && t.length <= LIMITS.stringChars) return new Unknown(m.snippet(node), t);
    }
    if (op === 'and' && isKnown(left) && !truthy(left)) return left;
    if (op === 'or' && isKnown(left) && truthy(left)) return left;
    return new Unknown(m.snippet(node));
  }
  switch (op) {
    case '+':
      if (typeof left === 'string' && typeof right === 'string') {
        if (left.length + right.length > LIMITS.stringChars) return m.fail(node, frame, 'the string is too long');
        m.spend(1);
        return left + right;
      }
      if (Array.isArray(left) && Array.isArray(right)) {
        if (left.length + right.length > LIMITS.listItems) return m.fail(node, frame, 'the list is too long');
        m.spend(left.length + right.length);
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
        if (seq.length * count > LIMITS.stringChars) return m.fail(node, frame, 'the string is too long');
        m.spend(1);
        return seq.repeat(count);
      }
      if (Array.isArray(seq)) {
        if (seq.length * count > LIMITS.listItems) return m.fail(node, frame, 'the list is too long');
        m.spend(seq.length * count);
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
        // Some values unknown: an unknown string that keeps the template (reported as unknown all the same).
        const t = s === undefined ? percentFormat(left, right, true) : undefined;
        if (t !== undefined && t.length <= LIMITS.stringChars) return new Unknown(m.fail(node, frame).unknown, t);
      } else if (isNumber(left) && isNumber(right) && Number(right) !== 0) return ((Number(left) % Number(right)) + Number(right)) % Number(right);
      break;
    case '|':
      if (left instanceof PyDict && right instanceof PyDict) {
        const d = new PyDict();
        m.update(d, left);
        m.update(d, right);
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
  return m.fail(node, frame);
}

/** A name or attribute that may be a module (calls and attribute objects); unbound names are not errors here. */
export function evalRef(m: Reader, node: SyntaxNode, frame: Frame, depth: number): Value {
  if (node.name === 'VariableName') {
    const name = m.text.slice(node.from, node.to);
    return frame.has(name) ? (frame.lookup(name) as Value) : new ModuleRef(name);
  }
  return evaluate(m, node, frame, depth);
}

export function evalMember(m: Reader, node: SyntaxNode, frame: Frame, depth: number): Value {
  const k = children(node);
  if (hasError(k) || k.length < 3) return new Unknown(m.snippet(node));
  if (k[1].name === '.') {
    const obj = evalRef(m, k[0], frame, depth + 1);
    return attribute(m, obj, m.text.slice(k[2].from, k[2].to), node, frame);
  }
  const obj = evaluate(m, k[0], frame, depth + 1);
  const indexNodes = k.slice(2, -1);
  if (indexNodes.some((n) => n.name === ':')) return isKnown(obj) ? m.fail(node, frame) : new Unknown(m.snippet(node));
  const index = m.evalSegment(indexNodes, frame, depth + 1);
  if (obj instanceof Unknown || index instanceof Unknown) return new Unknown(m.snippet(node));
  if (!isKnown(obj) || !isKnown(index)) return m.fail(node, frame); // os.environ['X'], an imported table
  if (obj instanceof PyDict) {
    const key = dictKey(index);
    if (key !== undefined && obj.entries.has(key)) return obj.entries.get(key) as Value;
  } else if ((Array.isArray(obj) || typeof obj === 'string') && typeof index === 'number' && Number.isInteger(index)) {
    const i = index < 0 ? obj.length + index : index;
    if (i >= 0 && i < obj.length) return obj[i];
  }
  return m.fail(node, frame);
}

export function attribute(m: Reader, obj: Value, name: string, node: SyntaxNode, frame: Frame): Value {
  if (obj instanceof ModuleRef) {
    const q = `${obj.qualified}.${name}`;
    if (q === 'sys.path') return m.sysPath;
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
  if (obj instanceof ClassRef) return m.classAttribute(obj, name) ?? new Unknown(m.snippet(node));
  if (obj instanceof PyObject) return new PyObject(`${obj.label}.${name}`);
  if (!isKnown(obj) || obj instanceof FunctionRef) return new Unknown(m.snippet(node));
  return m.fail(node, frame);
}
