/**
 * Files a Meson build writes from templates with `configure_file(input : 'conf.py.in', output : 'conf.py',
 * configuration : {...})`: a documentation folder whose meson.build configures conf.py (libcamera's
 * `Documentation/meson.build`, built with `sphinx-build -c <the folder of the configured conf.py>
 * meson.current_source_dir()`) has no conf.py of its own: the build reads the configured copy, whose text is the
 * template's with `@VAR@` replaced by the values of the configuration.
 */

import { inLineComment, type ReadText } from './cmakeConfigure';

/** One `configure_file(...)` call of a meson.build: its keyword arguments, each value as written. */
function configureFileCalls(text: string): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  const call = /(^|[^\w.])configure_file[ \t]*\(/g;
  for (let m = call.exec(text); m; m = call.exec(text)) {
    const start = m.index + m[0].length;
    if (inLineComment(text, m.index + m[1].length, "'")) continue;
    const items = splitTopLevel(text, start, ')');
    if (!items) continue;
    const keywords = new Map<string, string>();
    for (const item of items) {
      const kw = /^\s*([A-Za-z_]\w*)\s*:([\s\S]*)$/.exec(item);
      if (kw) keywords.set(kw[1], kw[2].trim());
    }
    out.push(keywords);
  }
  return out;
}

/**
 * The comma-separated items from `from` to the bracket `close` that ends them (brackets nested inside, strings
 * `'...'` and `'''...'''` and `#` comments skipped), as written; undefined when it never closes.
 */
function splitTopLevel(text: string, from: number, close: ')' | '}'): string[] | undefined {
  const items: string[] = [];
  let depth = 0;
  let itemStart = from;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const triple = text.startsWith("'''", i);
      const end = triple ? text.indexOf("'''", i + 3) : stringEnd(text, i + 1);
      if (end < 0) return undefined;
      i = triple ? end + 2 : end;
    } else if (c === '#') {
      const end = text.indexOf('\n', i);
      if (end < 0) return undefined;
      i = end;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (c === close && depth === 0) {
      items.push(text.slice(itemStart, i));
      return items.filter((s) => s.trim());
    } else if (c === ',' && depth === 0) {
      items.push(text.slice(itemStart, i));
      itemStart = i + 1;
    }
  }
  return undefined;
}

/** The offset of the `'` closing a one-line string whose text starts at `from`, or -1. */
function stringEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === "'") return i;
    else if (text[i] === '\n') return -1;
  }
  return -1;
}

/** A Meson string literal `'...'` (one line, no escapes but `\'` and `\\`) as its text; else undefined. */
function stringValue(value: string): string | undefined {
  const m = /^'((?:[^'\\\n]|\\['\\])*)'$/.exec(value.trim());
  return m ? m[1].replace(/\\(['\\])/g, '$1') : undefined;
}

/** A path relative to the folder, without `..`, `@` or an absolute start; else undefined. */
function relative(path: string | undefined): string | undefined {
  const rel = path?.replace(/^(\.\/)+/, '');
  if (!rel || rel.includes('@') || rel.startsWith('/') || /^[A-Za-z]:/.test(rel) || rel.split('/').includes('..')) return undefined;
  return rel;
}

/**
 * The files a folder's meson.build configures into its build folder from templates (calls with a `command`
 * write what the command writes, and are left out): each output's path with its template's path, both relative to
 * the folder and given as string literals, and the configuration's values that name the folder itself
 * (`'CURRENT_SRCDIR': meson.current_source_dir()`: `.`). The first call configuring an output wins.
 */
export function mesonConfiguredFiles(mesonBuild: string): Map<string, { template: string; values: Map<string, string> }> {
  const out = new Map<string, { template: string; values: Map<string, string> }>();
  for (const call of configureFileCalls(mesonBuild)) {
    if (call.has('command')) continue;
    const template = relative(stringValue(call.get('input') ?? ''));
    const output = relative(stringValue(call.get('output') ?? ''));
    if (template === undefined || output === undefined || output.endsWith('/') || out.has(output)) continue;
    const values = new Map<string, string>();
    const configuration = call.get('configuration')?.trim() ?? '';
    const entries = configuration.startsWith('{') ? splitTopLevel(configuration, 1, '}') ?? [] : [];
    for (const entry of entries) {
      const m = /^\s*('(?:[^'\\\n]|\\.)*')\s*:\s*meson\s*\.\s*current_source_dir\s*\(\s*\)\s*$/.exec(entry);
      const name = m ? stringValue(m[1]) : undefined;
      if (name !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) values.set(name, '.');
    }
    out.set(output, { template, values });
  }
  return out;
}

/**
 * The files the build reads in place of a folder's (a URI ending in `/`) missing conf.py, when its meson.build
 * configures one from a template that exists: each configured output's path (relative to the folder, conf.py
 * among them) with its template's URI; `@VAR@` alone is replaced (Meson's format), and `values` are the
 * configuration's folder values of conf.py's call. Undefined otherwise.
 */
export function mesonConfigured(folder: string, readText: ReadText): { files: Map<string, { template: string; atOnly: boolean }>; values: Map<string, string> } | undefined {
  const build = readText(folder + 'meson.build');
  if (build === undefined || !/configure_file/.test(build)) return undefined;
  const files = mesonConfiguredFiles(build);
  const conf = files.get('conf.py');
  if (!conf || readText(folder + conf.template) === undefined || readText(folder + 'conf.py') !== undefined) return undefined;
  return { files: new Map([...files].map(([output, f]) => [output, { template: folder + f.template, atOnly: true }])), values: conf.values };
}
