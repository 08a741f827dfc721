/**
 * Files a CMake build writes from templates with `configure_file(<input> <output> ...)`: a documentation folder
 * whose CMakeLists.txt configures conf.py (Apache Traffic Server's `configure_file(conf.cmake.in.py conf.py @ONLY)`,
 * built with `sphinx -c ${CMAKE_CURRENT_BINARY_DIR} ... ${CMAKE_CURRENT_SOURCE_DIR}`) has no conf.py of its own:
 * the build reads the configured copy, whose text is the template's with `@VAR@` (and, without `@ONLY`,
 * `${VAR}`) replaced by the values CMake knows at configure time.
 */

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
    if (inComment(text, m.index + m[1].length)) continue;
    const args = readArguments(text, m.index + m[0].length);
    if (!args || args.length < 2) continue;
    out.push({ input: args[0], output: args[1], atOnly: args.slice(2).includes('@ONLY') });
  }
  return out;
}

/** Whether an offset lies in a `#` comment of its line (a `#` outside quotes before it). */
function inComment(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let quoted = false;
  for (let i = lineStart; i < at; i++) {
    const c = text[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
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
 * A template's text as Python reads its configured copy: a `@VAR@` (or, without `@ONLY`, `${VAR}`) outside a
 * string literal, a value CMake puts in that is not known here, becomes a name of the same length that nothing
 * defines (an unknown value; lines and columns kept). Inside a string literal it stays as written: a string
 * whose exact text does not matter here (`version = '@TS_VERSION_STRING@'`).
 */
export function configuredText(template: string, atOnly: boolean, stringRanges: (text: string) => [number, number][]): string {
  const placeholder = atOnly ? /@[A-Za-z_][A-Za-z0-9_]*@/g : /@[A-Za-z_][A-Za-z0-9_]*@|\$\{[A-Za-z_][A-Za-z0-9_]*\}/g;
  if (!placeholder.test(template)) return template;
  placeholder.lastIndex = 0;
  const strings = stringRanges(template);
  return template.replace(placeholder, (match, offset: number) => {
    if (strings.some(([from, to]) => offset >= from && offset < to)) return match;
    return '_' + match.slice(1, -1).replace(/^\{/, '_') + '_';
  });
}
