import { type CallSite, ClassRef, FunctionRef, LIMITS, ModuleRef, PathValue, PyDict, PyObject, Unknown, type Value } from './values';

/**
 * Python's truth, equality, membership, iteration and string formatting on the values the reader knows.
 */

// ---------------------------------------------------------------------------------------------------
// Value helpers

/** Not unknown and not a module, function, class or injected object. */
export function isKnown(v: Value): boolean {
  return !(v instanceof Unknown || v instanceof ModuleRef || v instanceof FunctionRef || v instanceof ClassRef || v instanceof PyObject);
}

export function isUnknownValue(v: Value): v is Unknown {
  return v instanceof Unknown;
}

export function isPrimitive(v: Value): v is string | number | boolean | null {
  return v === null || typeof v !== 'object';
}

export function isNumber(v: Value): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

export function truthy(v: Value): boolean {
  if (v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof PyDict) return v.entries.size > 0;
  return true;
}

export function dictKey(v: Value | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null) return 'None';
  return undefined;
}

export function setKey(d: PyDict, k: Value, v: Value): void {
  const key = dictKey(k);
  if (key !== undefined) d.entries.set(key, v);
}

/** The elements a `for` would see, when known. */
export function iterate(v: Value): Value[] | undefined {
  if (Array.isArray(v)) return v;
  if (v instanceof PyDict) return [...v.entries.keys()];
  if (typeof v === 'string') return v.length <= LIMITS.loopIterations ? [...v] : undefined;
  return undefined;
}

export function pyEquals(a: Value, b: Value, depth = 0): boolean | undefined {
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

export function contains(container: Value, item: Value): boolean | undefined {
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
export function union(a: readonly Value[], b: readonly Value[]): Value[] {
  const seen = new Set<unknown>();
  const out: Value[] = [];
  for (const v of [...a, ...b]) {
    if (seen.has(v)) continue;
    seen.add(v);
    out.push(v);
  }
  return out;
}

export function display(v: Value, repr: boolean): string | undefined {
  if (typeof v === 'string') return repr ? `'${v}'` : v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null) return 'None';
  if (v instanceof PathValue) return v.path;
  return undefined;
}

/** `'...%s...' % args` for %s, %r, %d, %i and %%, positional or `%(name)s`; undefined otherwise. */
export function percentFormat(fmt: string, args: Value, partial = false): string | undefined {
  const byName = args instanceof PyDict ? args : undefined;
  const list = Array.isArray(args) ? args : [args];
  const directive = /%(?:\(([^)]*)\))?([sdir%])/g;
  if (/%/.test(fmt.replace(directive, ''))) return undefined; // flags, widths, other conversions
  // With `partial`, arguments that are unknown as a whole leave every conversion as written.
  const unknownArgs = partial && args instanceof Unknown;
  let used = 0;
  let ok = true;
  const out = fmt.replace(directive, (_m, name: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    const v = unknownArgs ? args : name !== undefined ? byName?.entries.get(name) : byName ? undefined : list[used++];
    const s = v === undefined ? undefined : conv === 'd' || conv === 'i' ? (typeof v === 'number' ? String(Math.trunc(v)) : undefined) : display(v, conv === 'r');
    if (s !== undefined) return s;
    if (!partial || v === undefined || isKnown(v)) ok = false;
    return partial ? _m : '';
  });
  return ok && (byName !== undefined || unknownArgs || used === list.length) ? out : undefined;
}

/** `'...{}...{0}...{name}...'.format(...)` with plain fields; undefined for conversions and format specs. */
export function braceFormat(fmt: string, site: CallSite, partial = false): string | undefined {
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
    if (s !== undefined) return s;
    // With `partial`, a field whose value is unknown stays as written; a known value that cannot be shown
    // (a list, a dict) or a field that is not a plain name or index still fails.
    if (!partial || v === undefined || isKnown(v) || !/^(\d*|[A-Za-z_]\w*)$/.test(f)) ok = false;
    return partial ? m : '';
  });
  return ok && !/[{}]/.test(fmt.replace(/\{\{|\}\}|\{[^{}]*\}/g, '')) ? out : undefined;
}
