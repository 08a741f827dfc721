import type { SyntaxNode } from '@lezer/common';
import { type CallSite, Frame, FunctionRef, LIMITS, ModuleRef, PATH_TYPES, PathValue, PyDict, PyObject, Unknown, type Value, type Reader } from './values';
import { basenamePath, dirnamePath, joinPaths, normalizePath, pathOf } from './paths';
import { children, hasError, inner, splitItems } from './syntax';
import { sphinxCeleryBuildConfig, sphinxPyprojectConfig, sphinxTomlLoadIntoLocals } from './configBuilders';
import { braceFormat, dictKey, isKnown, iterate, pyEquals, setKey, union } from './semantics';

/**
 * Calls: the callee worked out, the few understood builtins and `os.path`/`pathlib` functions, and methods
 * of known values (str, list, dict); everything else is an unknown value.
 */

export function evalCall(m: Reader, node: SyntaxNode, frame: Frame, depth: number): Value {
  const k = children(node);
  const calleeNode = k[0];
  const argList = k[k.length - 1];
  if (!calleeNode || argList?.name !== 'ArgList' || hasError(k)) return new Unknown(m.snippet(node));
  const argNodes = inner(argList);
  if (hasError(argNodes)) return new Unknown(m.snippet(node));

  let callee: Value | undefined;
  let receiver: Value | undefined;
  let method: string | undefined;
  const ck = calleeNode.name === 'MemberExpression' ? children(calleeNode) : [];
  if (ck.length === 3 && ck[1].name === '.') {
    const obj = m.evalRef(ck[0], frame, depth + 1);
    const name = m.text.slice(ck[2].from, ck[2].to);
    if (obj instanceof ModuleRef) callee = m.attribute(obj, name, calleeNode, frame);
    else {
      receiver = obj;
      method = name;
    }
  } else callee = m.evalRef(calleeNode, frame, depth + 1);

  const args: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  /** The positional arguments and `*x` ones, in order (`CallSite.positional`). */
  const ordered: { node: SyntaxNode; spread: boolean }[] = [];
  let starred = false;
  for (const item of splitItems(argNodes).items) {
    if (item[0].name === '*' || item[0].name === '**') {
      starred = true;
      if (item[0].name === '*' && item.length === 2) ordered.push({ node: item[1], spread: true });
    } else if (item.length >= 3 && item[0].name === 'VariableName' && item[1].name === 'AssignOp') keywords.set(m.text.slice(item[0].from, item[0].to), item[2]);
    else if (item.length === 1) {
      args.push(item[0]);
      ordered.push({ node: item[0], spread: false });
    } else starred = true; // a generator argument, or something not understood
  }
  const cache = new Map<SyntaxNode, Value>();
  const argNode = (index: number, keyword?: string) => (index >= 0 && index < args.length ? args[index] : keyword !== undefined ? keywords.get(keyword) : undefined);
  const arg = (index: number, keyword?: string) => {
    const n = argNode(index, keyword);
    if (!n) return undefined;
    if (!cache.has(n)) cache.set(n, m.evaluate(n, frame, depth + 1));
    return cache.get(n);
  };
  const qualified = callee instanceof ModuleRef ? callee.qualified : undefined;
  const positional = () =>
    ordered.flatMap(({ node: n, spread }) => {
      if (!cache.has(n)) cache.set(n, m.evaluate(n, frame, depth + 1));
      const v = cache.get(n)!;
      if (!spread) return [v];
      return iterate(v) ?? [new Unknown(m.snippet(n))];
    });
  const site: CallSite = { node, callee, qualified, receiver, method, args, keywords, frame, arg, argNode, positional };

  const hooked = m.options.hook?.(site);
  if (hooked !== undefined) return hooked;
  if (callee instanceof FunctionRef && !starred && node.parent?.name === 'ExpressionStatement') {
    // A function of the module called for what it does, its result not used: its body is read, so that what it
    // puts into the module's dicts and lists counts (Open MPI's conf.py fills `intersphinx_mapping` with
    // `_make_intersphinx_mapping("ompi", "prrte", ...)`, whose body sets `intersphinx_mapping[name]`).
    m.callForEffects(callee, args.map((_, i) => arg(i) ?? null), new Map([...keywords.keys()].map((k) => [k, arg(-1, k) ?? null] as const)), node, frame);
  }
  if (callee instanceof FunctionRef && !starred && m.options.returnValues && node.parent?.name !== 'ExpressionStatement') {
    // A function of the module whose result is used: the value it returns (`PyModuleOptions.returnValues`).
    return m.callForValue(callee, args.map((_, i) => arg(i) ?? null), new Map([...keywords.keys()].map((k) => [k, arg(-1, k) ?? null] as const)), node, frame);
  }
  if (starred) return isKnown(receiver ?? null) ? m.fail(node, frame) : new Unknown(m.snippet(node));
  if (qualified !== undefined) {
    const r = callBuiltin(m, qualified, site);
    if (r !== undefined) return r;
    return m.fail(node, frame);
  }
  if (callee instanceof PathValue || callee instanceof Unknown) return new Unknown(m.snippet(node));
  if (method !== undefined && receiver !== undefined) {
    if (!isKnown(receiver) || receiver instanceof PyObject) return new Unknown(m.snippet(node));
    const r = callMethod(m, receiver, method, site);
    if (r !== undefined) return r;
  }
  return m.fail(node, frame);
}

export function callBuiltin(m: Reader, q: string, site: CallSite): Value | undefined {
  const { node, frame } = site;
  const n = site.args.length;
  const all = () => site.args.map((_, i) => site.arg(i) as Value);
  switch (q) {
    case 'dict': {
      const d = new PyDict();
      if (n > 1) return undefined;
      if (n === 1) {
        const src = site.arg(0) as Value;
        if (src instanceof PyDict) update(m, d, src);
        else if (Array.isArray(src) && src.every((p) => Array.isArray(p) && p.length === 2)) for (const p of src as Value[][]) setKey(d, p[0], p[1]);
        else return isKnown(src) ? undefined : new Unknown(m.snippet(node));
      }
      for (const [key, valueNode] of site.keywords) {
        d.entries.set(key, m.evaluate(valueNode, frame));
        d.keyLines.set(key, m.lineAt(valueNode.from));
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
      if (!items) return isKnown(v) ? undefined : new Unknown(m.snippet(node));
      m.spend(items.length);
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
      if (lists.some((l) => !l) || !lists.length) return new Unknown(m.snippet(node));
      const ls = lists as Value[][];
      if (q === 'enumerate') return ls[0].map((x, i) => [i, x]);
      const len = Math.min(...ls.map((l) => l.length));
      m.spend(len * ls.length);
      return Array.from({ length: len }, (_, i) => ls.map((l) => l[i]));
    }
    case 'range': {
      const a = all();
      if (!a.length || a.length > 3 || !a.every((x) => typeof x === 'number' && Number.isInteger(x))) return a.every(isKnown) ? undefined : new Unknown(m.snippet(node));
      const [start, stop, step] = a.length === 1 ? [0, a[0] as number, 1] : [a[0] as number, a[1] as number, (a[2] as number | undefined) ?? 1];
      if (step === 0) return undefined;
      const count = Math.max(0, Math.ceil((stop - start) / step));
      if (count > LIMITS.listItems) return undefined;
      m.spend(count);
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
      return isKnown(v) ? undefined : new Unknown(m.snippet(node));
    }
    case 'globals': {
      // The module's namespace as a dict (django-celery-beat's `intersphinx_mapping = globals().get('intersphinx_mapping',
      // {})` after a `globals().update(...)`): its values are the module's own objects.
      if (n || frame.has('globals')) return undefined;
      const d = new PyDict();
      m.spend(m.globals.vars.size);
      for (const [k, v] of m.globals.vars) {
        d.entries.set(k, v);
        d.keyLines.set(k, m.lineAt(node.from));
      }
      return d;
    }
    case 'len': {
      const v = site.arg(0) as Value;
      if (typeof v === 'string' || Array.isArray(v)) return v.length;
      if (v instanceof PyDict) return v.entries.size;
      return isKnown(v) ? undefined : new Unknown(m.snippet(node));
    }
    case 'open':
    case 'io.open':
    case 'codecs.open': {
      // A file opened for reading stands for its path: `.read()` reads it (`readText`). Writing is not modelled.
      const path = pathOf(site.arg(0, 'file') as Value);
      const mode = site.arg(1, 'mode');
      if (path === undefined || (mode !== undefined && (typeof mode !== 'string' || !/^[rtb]*$/.test(mode)))) return undefined;
      return new PathValue(path);
    }
    case 'os.getcwd':
    case 'os.getcwdu':
      return '.';
    case 'pathlib.Path.cwd':
      return new PathValue('.');
    case 'intersphinx_registry.get_intersphinx_mapping': {
      // intersphinx-registry's table of documentation sites: a mapping with the named packages as its keys
      // (their addresses are the table's, not needed here).
      const packages = iterate(site.arg(0, 'packages') as Value);
      if (!packages || !packages.every((p) => typeof p === 'string')) return new Unknown(m.snippet(node));
      const d = new PyDict();
      for (const p of packages as string[]) {
        d.entries.set(p, new Unknown(`the address intersphinx-registry has for ${p}`));
        d.keyLines.set(p, m.lineAt(node.from));
      }
      return d;
    }
    case 'textwrap.dedent': {
      // arcade's `rst_prolog = dedent("""...""")`: Python's textwrap.dedent.
      const v = site.arg(0, 'text') as Value;
      return typeof v === 'string' ? dedent(v) : isKnown(v ?? null) ? undefined : new Unknown(m.snippet(node));
    }
    case 'sphinx_celery.conf.build_config':
      return sphinxCeleryBuildConfig(m, site);
    case 'sphinx_pyproject.SphinxConfig':
      return sphinxPyprojectConfig(m, site);
    case 'sphinx_toml.load_into_locals':
      return sphinxTomlLoadIntoLocals(m, site);
    case 'os.fspath': {
      const p = pathOf(site.arg(0));
      return p ?? new Unknown(m.snippet(node));
    }
    case 'os.path.join':
    case 'os.path.abspath':
    case 'os.path.realpath':
    case 'os.path.normpath':
    case 'os.path.dirname':
    case 'os.path.basename': {
      const parts = all().map(pathOf);
      if (!parts.length || parts.some((p) => p === undefined)) return all().every(isKnown) ? undefined : new Unknown(m.snippet(node));
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
    if (parts.some((p) => p === undefined)) return all().every(isKnown) ? undefined : new Unknown(m.snippet(node));
    return new PathValue(parts.length ? joinPaths(parts as string[]) : '.');
  }
  return undefined;
}

/** Methods of known values; mutations happen in place, as in Python. */
export function callMethod(m: Reader, obj: Value, name: string, site: CallSite): Value | undefined {
  const { node } = site;
  const n = site.args.length;
  if (Array.isArray(obj)) {
    switch (name) {
      case 'append':
        if (n !== 1) return undefined;
        if (obj.length >= LIMITS.listItems) return m.fail(node, site.frame, 'the list is too long');
        m.spend(1);
        obj.push(site.arg(0) as Value);
        return null;
      case 'extend': {
        if (n !== 1) return undefined;
        const v = site.arg(0) as Value;
        if (iterate(v)) extend(m, obj, v, node);
        else obj.push(new Unknown(m.snippet(site.args[0])));
        return null;
      }
      case 'insert': {
        const i = site.arg(0);
        if (n !== 2 || typeof i !== 'number') return undefined;
        if (obj.length >= LIMITS.listItems) return m.fail(node, site.frame, 'the list is too long');
        m.spend(obj.length);
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
        m.spend(obj.length);
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
          if (v instanceof PyDict) update(m, obj, v);
          else if (Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2)) for (const p of v as Value[][]) setKey(obj, p[0], p[1]);
          else return isKnown(v) ? undefined : new Unknown(m.snippet(node));
        }
        for (const [key, valueNode] of site.keywords) {
          obj.entries.set(key, m.evaluate(valueNode, site.frame));
          obj.keyLines.set(key, m.lineAt(valueNode.from));
        }
        return null;
      }
      case 'setdefault':
      case 'get':
      case 'pop': {
        const key = dictKey(site.arg(0) as Value);
        if (key === undefined) return isKnown(site.arg(0) as Value) ? undefined : new Unknown(m.snippet(node));
        if (obj.entries.has(key)) {
          const v = obj.entries.get(key) as Value;
          if (name === 'pop') obj.entries.delete(key);
          return v;
        }
        const fallback = n > 1 ? (site.arg(1) as Value) : name === 'pop' ? undefined : null;
        if (fallback === undefined) return undefined;
        if (name === 'setdefault') {
          obj.entries.set(key, fallback);
          obj.keyLines.set(key, m.lineAt(node.from));
        }
        return fallback;
      }
      case 'keys':
        m.spend(obj.entries.size);
        return [...obj.entries.keys()];
      case 'values':
        m.spend(obj.entries.size);
        return [...obj.entries.values()];
      case 'items':
        m.spend(obj.entries.size);
        return [...obj.entries].map(([k, v]) => [k, v]);
      case 'copy': {
        const d = new PyDict();
        update(m, d, obj);
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
        if (items && items.every((x) => typeof x === 'string' || (x instanceof Unknown && x.template !== undefined))) {
          // Strings formatted from templates with unknown values (kivy's rst_epilog, one `.. |key| replace:: {1}`
          // per entry, joined): an unknown string that keeps the joined templates, reported unknown all the same.
          const parts = items.map((x) => (typeof x === 'string' ? x : (x as Unknown).template as string));
          const s = parts.join(obj);
          if (s.length > LIMITS.stringChars) return undefined;
          return items.every((x) => typeof x === 'string') ? s : new Unknown(m.fail(node, site.frame).unknown, s, items.some((x) => x instanceof Unknown && x.partial) || undefined);
        }
        return isKnown(a0 as Value) ? undefined : new Unknown(m.snippet(node));
      }
      case 'format': {
        const s = braceFormat(obj, site);
        if (s !== undefined) return s.length <= LIMITS.stringChars ? s : undefined;
        // Some values unknown: an unknown string that keeps the template (reported as unknown all the same).
        const t = braceFormat(obj, site, true);
        return t !== undefined && t.length <= LIMITS.stringChars ? new Unknown(m.fail(node, site.frame).unknown, t) : undefined;
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
        m.spend(obj.length);
        if (n === 0 || a0 === null) return obj.split(/\s+/).filter(Boolean);
        return typeof a0 === 'string' && a0 && n === 1 ? obj.split(a0) : undefined;
      }
      case 'splitlines':
        m.spend(obj.length);
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
      case 'read_text':
      case 'read': {
        // `Path.read_text()`, and `read()` of a file `open` gave (a path here).
        const text = m.options.readText?.(normalizePath(obj.path));
        if (text === undefined || text.length > LIMITS.stringChars) return m.fail(site.node, site.frame, text === undefined ? 'the file is not read' : 'the file is too long');
        m.spend(text.length);
        return text;
      }
    }
  }
  return undefined;
}

export function extend(m: Reader, list: Value[], values: Value, at: SyntaxNode): void {
  const items = iterate(values) ?? [];
  if (list.length + items.length > LIMITS.listItems) {
    m.fail(at, m.globals, 'the list is too long');
    return;
  }
  m.spend(items.length);
  list.push(...items);
}

export function update(m: Reader, d: PyDict, src: PyDict): void {
  m.spend(src.entries.size);
  for (const [k, v] of src.entries) d.entries.set(k, v);
  for (const [k, l] of src.keyLines) d.keyLines.set(k, l);
}

/**
 * Python's `textwrap.dedent`: lines of blanks only become empty, then the longest run of leading blanks every
 * other line starts with is taken off each line.
 */
export function dedent(text: string): string {
  const cleared = text.replace(/^[ \t]+$/gm, '');
  let margin: string | undefined;
  for (const m of cleared.matchAll(/^([ \t]*)[^ \t\n]/gm)) {
    const indent = m[1];
    if (margin === undefined) margin = indent;
    else if (indent.startsWith(margin)) continue;
    else if (margin.startsWith(indent)) margin = indent;
    else {
      let i = 0;
      while (i < margin.length && i < indent.length && margin[i] === indent[i]) i++;
      margin = margin.slice(0, i);
    }
  }
  if (!margin) return cleared;
  const cut = margin;
  return cleared.split('\n').map((line) => (line.startsWith(cut) ? line.slice(cut.length) : line)).join('\n');
}
