/**
 * Files a CMake build writes from templates with `configure_file(<input> <output> ...)`: a documentation folder
 * whose CMakeLists.txt configures conf.py (Apache Traffic Server's `configure_file(conf.cmake.in.py conf.py @ONLY)`,
 * built with `sphinx -c ${CMAKE_CURRENT_BINARY_DIR} ... ${CMAKE_CURRENT_SOURCE_DIR}`) has no conf.py of its own:
 * the build reads the configured copy, whose text is the template's with `@VAR@` (and, without `@ONLY`,
 * `${VAR}`) replaced by the values CMake knows at configure time.
 */

import { dirOf, joinUri, parentOf } from './uri';
import { SPHINX_VALUE_OPTIONS } from './sphinxCommand';

/** One `configure_file` call: its input and output as written (variables not expanded), and whether `@ONLY` is given. */
export interface ConfigureFileCall {
  input: string;
  output: string;
  atOnly: boolean;
}

/**
 * The arguments of each `configure_file(...)` command in a CMakeLists.txt text, read with CMake's argument
 * syntax: arguments separated by whitespace, `"quoted"` ones (with `\` escapes), `[[bracket]]` ones, unquoted
 * ones with `${...}` references (kept as written); `#` comments and `#[[...]]` bracket comments skipped.
 */
export function configureFileCalls(text: string): ConfigureFileCall[] {
  const out: ConfigureFileCall[] = [];
  const command = /(^|[\s;)])configure_file[ \t]*\(/gi;
  for (let m = command.exec(text); m; m = command.exec(text)) {
    if (inLineComment(text, m.index + m[1].length)) continue;
    const args = readArguments(text, m.index + m[0].length);
    if (!args || args.length < 2) continue;
    out.push({ input: args[0], output: args[1], atOnly: args.slice(2).includes('@ONLY') });
  }
  return out;
}

/** Each command call `name(args)` of a CMakeLists.txt text, its name lower-cased and its arguments read as `configureFileCalls` reads them. */
export function cmakeCommands(text: string): { name: string; args: string[] }[] {
  const out: { name: string; args: string[] }[] = [];
  const command = /(^|[\s;)])([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(/g;
  for (let m = command.exec(text); m; m = command.exec(text)) {
    if (inLineComment(text, m.index + m[1].length)) continue;
    const args = readArguments(text, m.index + m[0].length);
    if (args) out.push({ name: m[2].toLowerCase(), args });
  }
  return out;
}

/**
 * Whether an offset lies in a `#` comment of its line: a `#` before it outside a string quoted with `quote` (CMake's
 * `"`, Meson's `'`; a `\\` inside one escapes the next character).
 */
export function inLineComment(text: string, at: number, quote: '"' | "'" = '"'): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let quoted = false;
  for (let i = lineStart; i < at; i++) {
    const c = text[i];
    if (quoted && c === '\\') i++;
    else if (c === quote) quoted = !quoted;
    else if (c === '#' && !quoted) return true;
  }
  return false;
}

/** The arguments of a command from just after its `(` to the matching `)`; undefined when it never closes. */
function readArguments(text: string, from: number): string[] | undefined {
  const args: string[] = [];
  let depth = 0;
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '#') {
      const bracket = /^#\[(=*)\[/.exec(text.slice(i, i + 40));
      if (bracket) {
        const end = text.indexOf(`]${bracket[1]}]`, i);
        if (end < 0) return undefined;
        i = end + bracket[1].length + 2;
      } else {
        const end = text.indexOf('\n', i);
        i = end < 0 ? text.length : end + 1;
      }
    } else if (c === '"') {
      let value = '';
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\' && i + 1 < text.length) {
          const e = text[++i];
          if (e === '\n') continue;
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === ';' ? '\\;' : e;
        } else value += text[i];
      }
      if (i >= text.length) return undefined;
      i++;
      args.push(value);
    } else if (c === '[' && /^\[=*\[/.test(text.slice(i, i + 40))) {
      const open = /^\[(=*)\[/.exec(text.slice(i, i + 40))!;
      const start = i + open[0].length;
      const end = text.indexOf(`]${open[1]}]`, start);
      if (end < 0) return undefined;
      args.push(text.slice(start, end).replace(/^\n/, ''));
      i = end + open[1].length + 2;
    } else if (c === '(') {
      depth++;
      i++;
    } else if (c === ')') {
      if (depth === 0) return args;
      depth--;
      i++;
    } else {
      // An unquoted argument: up to whitespace, a quote opening no reference, or a parenthesis; `${...}` whole.
      let value = '';
      while (i < text.length && !/[\s()#"]/.test(text[i])) {
        if (text[i] === '\\' && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
        } else if (text.startsWith('${', i)) {
          const end = text.indexOf('}', i);
          if (end < 0) return undefined;
          value += text.slice(i, end + 1);
          i = end + 1;
        } else value += text[i++];
      }
      args.push(value);
    }
  }
  return undefined;
}

/** A path of a `configure_file` argument relative to the folder it names, or undefined when it holds another variable or is absolute. */
function relativeTo(arg: string, folderVariable: 'CMAKE_CURRENT_SOURCE_DIR' | 'CMAKE_CURRENT_BINARY_DIR'): string | undefined {
  const rel = arg.replace(new RegExp(`^\\$\\{${folderVariable}\\}/+`), '').replace(/^(\.\/)+/, '');
  if (!rel || rel.includes('$') || rel.includes('@') || rel.startsWith('/') || /^[A-Za-z]:/.test(rel) || rel.split('/').includes('..')) return undefined;
  return rel;
}

/**
 * The files a folder's CMakeLists.txt configures into its binary folder: each output's path relative to the binary
 * folder, with its template's path relative to the source folder (`${CMAKE_CURRENT_SOURCE_DIR}/` and
 * `${CMAKE_CURRENT_BINARY_DIR}/` prefixes allowed; paths with other variables are left out) and whether `@ONLY` is
 * given. The first call configuring an output wins.
 */
export function configuredFiles(cmakeLists: string): Map<string, { template: string; atOnly: boolean }> {
  const out = new Map<string, { template: string; atOnly: boolean }>();
  for (const call of configureFileCalls(cmakeLists)) {
    const template = relativeTo(call.input, 'CMAKE_CURRENT_SOURCE_DIR');
    const output = relativeTo(call.output, 'CMAKE_CURRENT_BINARY_DIR');
    if (template === undefined || output === undefined || output.endsWith('/') || out.has(output)) continue;
    out.set(output, { template, atOnly: call.atOnly });
  }
  return out;
}

/** What reading a folder's CMake configuration needs: a file's text by URI (undefined when missing). */
export type ReadText = (uri: string) => string | undefined;

/**
 * The files the build reads in place of a folder's (a URI ending in `/`) missing conf.py: when the folder has no
 * conf.py and its CMakeLists.txt configures one from a template that exists, each configured output's path
 * (relative to the folder, conf.py among them) with its template's URI. Undefined otherwise.
 */
export function cmakeConfigured(folder: string, readText: ReadText): Map<string, { template: string; atOnly: boolean }> | undefined {
  const lists = readText(folder + 'CMakeLists.txt');
  if (lists === undefined || !/configure_file/i.test(lists)) return undefined;
  const files = configuredFiles(lists);
  const conf = files.get('conf.py');
  if (!conf || readText(folder + conf.template) === undefined || readText(folder + 'conf.py') !== undefined) return undefined;
  return new Map([...files].map(([output, f]) => [output, { template: folder + f.template, atOnly: f.atOnly }]));
}

/**
 * The variables of a folder's CMakeLists.txt (`lists`) whose values name folders of the source tree, each as a
 * path relative to that folder (`.` for itself, `../../Help`): `CMAKE_CURRENT_SOURCE_DIR` and
 * `CMAKE_CURRENT_LIST_DIR`; `PROJECT_SOURCE_DIR` and `<Name>_SOURCE_DIR` of each `project(<Name>)` in the
 * CMakeLists.txt of the folders at or above it, and `CMAKE_SOURCE_DIR`, the highest of them (sixteen levels at
 * most, each folder above holding a CMakeLists.txt); then each `set(NAME value)` whose one value starts with a
 * variable known so far and holds no other (CMake's `set(conf_docs "${CMake_SOURCE_DIR}/Help")`), in the order
 * of the file. A value set under a condition counts as set: the folders a build may name.
 */
export function folderVariables(folder: string, lists: string, readText: ReadText): Map<string, string> {
  const values = new Map<string, string>([
    ['CMAKE_CURRENT_SOURCE_DIR', '.'],
    ['CMAKE_CURRENT_LIST_DIR', '.'],
  ]);
  let rel = '.';
  let dir: string | undefined = folder;
  for (let level = 0; dir !== undefined && level < 16; level++) {
    const text = level === 0 ? lists : readText(dir + 'CMakeLists.txt');
    if (text === undefined) break;
    values.set('CMAKE_SOURCE_DIR', rel);
    for (const c of cmakeCommands(text)) {
      if (c.name !== 'project' || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(c.args[0] ?? '')) continue;
      if (!values.has('PROJECT_SOURCE_DIR')) values.set('PROJECT_SOURCE_DIR', rel);
      if (!values.has(c.args[0] + '_SOURCE_DIR')) values.set(c.args[0] + '_SOURCE_DIR', rel);
    }
    dir = parentOf(dir);
    rel = rel === '.' ? '..' : rel + '/..';
  }
  for (const c of cmakeCommands(lists)) {
    const args = c.args.filter((a) => a !== 'PARENT_SCOPE');
    if (c.name !== 'set' || args.length !== 2 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(args[0])) continue;
    const value = expandFolder(args[1], values);
    if (value !== undefined) values.set(args[0], value);
  }
  return values;
}

/** A CMake argument that starts with a folder variable of `values` and holds no other, as a relative path; else undefined. */
function expandFolder(arg: string, values: Map<string, string>): string | undefined {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}(.*)$/s.exec(arg);
  const base = m ? values.get(m[1]) : undefined;
  if (base === undefined || m![2].includes('$') || m![2].includes('@') || /[\s;"'\\]/.test(m![2])) return undefined;
  const rest = m![2].replace(/^\/+|\/+$/g, '');
  if (m![2] && !m![2].startsWith('/')) return undefined;
  const parts: string[] = [];
  for (const p of `${base}/${rest}`.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(p);
  }
  return parts.join('/') || '.';
}

/** Whether a folder (a URI ending in `/`) holds the root document a conf.py template (its text) names. */
export type RootCheck = (folderUri: string, confTemplate: string) => boolean;

/**
 * The source folders (URIs ending in `/`) that the CMake build of a folder whose CMakeLists.txt configures conf.py
 * (`cmakeConfigured`) runs sphinx-build on with `-c ${CMAKE_CURRENT_BINARY_DIR}`, the configured conf.py: a
 * folder elsewhere in the tree named by an argument of the same command, or of the same `set(...)` list, as
 * CMake's own `Utilities/Sphinx` builds `${CMake_SOURCE_DIR}/Help`. Only folders holding a document named as
 * the root document of the conf.py template (`hasRoot`) count; the folder itself (the usual case) is left out.
 */
export function cmakeSphinxSources(folder: string, readText: ReadText, hasRoot: RootCheck): string[] {
  const lists = readText(folder + 'CMakeLists.txt');
  if (lists === undefined || !/-c/.test(lists)) return [];
  const conf = cmakeConfigured(folder, readText)?.get('conf.py');
  if (!conf) return [];
  const template = readText(conf.template) ?? '';
  const values = folderVariables(folder, lists, readText);
  const out = new Set<string>();
  for (const c of cmakeCommands(lists)) {
    const at = c.args.findIndex((a, i) => (a === '-c' || a === '--conf-dir') && /^\$\{CMAKE_CURRENT_BINARY_DIR\}\/?$/.test(c.args[i + 1] ?? ''));
    if (at < 0) continue;
    for (let i = 0; i < c.args.length; i++) {
      const a = c.args[i];
      if (SPHINX_VALUE_OPTIONS.has(a)) {
        i++;
        continue;
      }
      const rel = expandFolder(a, values);
      if (rel === undefined || rel === '.') continue;
      const uri = joinUri(folder, rel + '/', { folder: true });
      if (uri !== folder && hasRoot(uri, template)) out.add(uri);
    }
  }
  return [...out];
}

/**
 * The Sphinx builds of a CMake tree whose source folder lies elsewhere than their configured conf.py
 * (`cmakeSphinxSources`), found from the tree's top folder (a URI ending in `/` holding CMakeLists.txt) through
 * its `add_subdirectory(...)` calls, as CMake reads them (conditions aside; 2,000 folders at most): each source
 * folder with the folder of its conf.py template.
 */
export function cmakeSphinxBuilds(top: string, readText: ReadText, hasRoot: RootCheck): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Set<string>([top]);
  const queue = [top];
  for (let i = 0; i < queue.length && i < 2000; i++) {
    const folder = queue[i];
    const lists = readText(folder + 'CMakeLists.txt');
    if (lists === undefined) continue;
    if (/configure_file/i.test(lists)) for (const source of cmakeSphinxSources(folder, readText, hasRoot)) if (!out.has(source)) out.set(source, folder);
    if (!/add_subdirectory/i.test(lists)) continue;
    const here = new Map([['CMAKE_CURRENT_SOURCE_DIR', '.'], ['CMAKE_CURRENT_LIST_DIR', '.']]);
    for (const c of cmakeCommands(lists)) {
      if (c.name !== 'add_subdirectory' || !c.args[0]) continue;
      const rel = c.args[0].startsWith('${') ? expandFolder(c.args[0], here) : /[$@\s]/.test(c.args[0]) || c.args[0].startsWith('/') ? undefined : c.args[0];
      if (rel === undefined || rel === '.' || rel.split('/').includes('..')) continue;
      const sub = joinUri(folder, rel.replace(/\/+$/, '') + '/', { folder: true });
      if (!seen.has(sub) && sub.startsWith(dirOf(folder))) {
        seen.add(sub);
        queue.push(sub);
      }
    }
  }
  return out;
}

/**
 * A template's text as Python reads its configured copy: a `@VAR@` (or, without `@ONLY`, `${VAR}`) outside a
 * string literal, a value CMake puts in that is not known here, becomes a name of the same length that nothing
 * defines (an unknown value; lines and columns kept). Inside a string literal it becomes its folder's path when
 * `values` knows it (`folderVariables`: `sys.path.insert(0, r'@conf_path@')` names the template's folder, where
 * the build's local extensions are), else it stays as written: a string whose exact text does not matter here
 * (`version = '@TS_VERSION_STRING@'`).
 */
export function configuredText(template: string, atOnly: boolean, stringRanges: (text: string) => [number, number][], values?: Map<string, string>): string {
  const placeholder = atOnly ? /@[A-Za-z_][A-Za-z0-9_]*@/g : /@[A-Za-z_][A-Za-z0-9_]*@|\$\{[A-Za-z_][A-Za-z0-9_]*\}/g;
  if (!placeholder.test(template)) return template;
  placeholder.lastIndex = 0;
  const strings = stringRanges(template);
  return template.replace(placeholder, (match, offset: number) => {
    if (strings.some(([from, to]) => offset >= from && offset < to)) return values?.get(match.replace(/^[@$]\{?|[@}]$/g, '')) ?? match;
    return '_' + match.slice(1, -1).replace(/^\{/, '_') + '_';
  });
}
