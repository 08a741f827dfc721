import { parse, TomlError } from 'smol-toml';

/**
 * `[tool.ha-guide]` in a project's pyproject.toml: the project configuration shared by the CLI and the editor.
 *
 * ```toml
 * [tool.ha-guide]
 * directives = ["confval", "oslo.config:group"]
 * roles = ["neutron-cli"]
 * substitutions = ["product"]
 * exclude = ["_build/**"]
 * ignored-links = ["generated/**", "oslo-*"]
 *
 * [tool.ha-guide.severity]
 * "rst.unknown-directive" = "warning"
 * ```
 */

export interface ToolConfig {
  directives: string[];
  roles: string[];
  substitutions: string[];
  severity: Record<string, 'error' | 'warning' | 'information' | 'hint' | 'off'>;
  exclude: string[];
  /** Link targets not checked (globs, as `exclude`): labels, documents and file paths as written. */
  ignoredLinks: string[];
  problems: { line: number; column: number; message: string }[];
}

type Level = ToolConfig['severity'][string];
const LEVELS: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];
/** The lists of the table, by their TOML key. */
const LISTS = { directives: 'directives', roles: 'roles', substitutions: 'substitutions', exclude: 'exclude', 'ignored-links': 'ignoredLinks' } as const;
const TABLE = 'tool.ha-guide';

/**
 * `[tool.ha-guide]` of a pyproject.toml; undefined when there is no such table. A TOML syntax error gives a
 * problem at its line/column (0-based) and defaults (when the text mentions `ha-guide` at all; otherwise
 * there is no table to speak of and the result is undefined). Wrong types give a problem each and are ignored.
 */
export function readPyproject(text: string): ToolConfig | undefined {
  const config: ToolConfig = { directives: [], roles: [], substitutions: [], severity: {}, exclude: [], ignoredLinks: [], problems: [] };
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (e) {
    if (!/ha-guide/.test(text)) return undefined;
    if (e instanceof TomlError) {
      const message = e.message.replace(/^Invalid TOML document:\s*/, '').split('\n')[0];
      config.problems.push({ line: Math.max(0, e.line - 1), column: Math.max(0, e.column - 1), message: `invalid TOML: ${message}` });
    } else config.problems.push({ line: 0, column: 0, message: 'invalid TOML' });
    return config;
  }
  const tool = doc.tool;
  if (!isTable(tool) || !('ha-guide' in tool)) return undefined;
  const table = tool['ha-guide'];
  const locate = locator(text);
  if (!isTable(table)) {
    config.problems.push({ ...locate(TABLE), message: `"${TABLE}" should be a table` });
    return config;
  }
  for (const [key, value] of Object.entries(table)) {
    if (Object.hasOwn(LISTS, key)) {
      const list = LISTS[key as keyof typeof LISTS];
      if (!Array.isArray(value)) {
        config.problems.push({ ...locate(`${TABLE}.${key}`), message: `"${key}" in [${TABLE}] should be a list of strings, not ${describe(value)}` });
        continue;
      }
      for (const item of value) {
        if (typeof item === 'string') config[list].push(item);
        else config.problems.push({ ...locate(`${TABLE}.${key}`), message: `"${key}" in [${TABLE}] should hold strings only: ${describe(item)} is ignored` });
      }
    } else if (key === 'severity') {
      if (!isTable(value)) {
        config.problems.push({ ...locate(`${TABLE}.${key}`), message: `"severity" in [${TABLE}] should be a table of diagnostic codes to levels, not ${describe(value)}` });
        continue;
      }
      for (const [code, level] of Object.entries(value)) {
        if (typeof level === 'string' && LEVELS.includes(level)) config.severity[code] = level as Level;
        else config.problems.push({ ...locate(`${TABLE}.severity.${code}`), message: `the severity of "${code}" should be one of ${LEVELS.join(', ')}, not ${describe(level)}` });
      }
    } else config.problems.push({ ...locate(`${TABLE}.${key}`), message: `unknown setting "${key}" in [${TABLE}] (known: ${[...Object.keys(LISTS), 'severity'].join(', ')})` });
  }
  return config;
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a date';
  if (isTable(v)) return 'a table';
  return String(v);
}

/**
 * Where a dotted key path is written (smol-toml gives values, not positions): the line of its `key =` or of its
 * `[table]` header; else the closest enclosing key or table (an inline table, `[tool.ha-guide]`); else line 0.
 */
function locator(text: string): (path: string) => { line: number; column: number } {
  const lines = text.split(/\r?\n/);
  const header = /^\s*\[\s*([^\]]*?)\s*\]\s*(#.*)?$/;
  const assignment = /^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.\-\s"']+?)\s*=/;
  const normal = (s: string) => s.replace(/\s*\.\s*/g, '.').replace(/["']/g, '');
  return (path) => {
    let table = '';
    let best: { line: number; column: number; length: number } | undefined;
    const consider = (full: string, line: number, column: number) => {
      if (full === path) return true;
      if (path.startsWith(full + '.') && (!best || full.length > best.length)) best = { line, column, length: full.length };
      return false;
    };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const column = line.length - line.trimStart().length;
      const h = header.exec(line);
      if (h && !line.trimStart().startsWith('[[')) {
        table = normal(h[1]);
        if (consider(table, i, column)) return { line: i, column };
        continue;
      }
      const m = assignment.exec(line);
      if (m && consider(normal(`${table ? table + '.' : ''}${m[1]}`), i, column)) return { line: i, column };
    }
    return best ? { line: best.line, column: best.column } : { line: 0, column: 0 };
  };
}

/**
 * The news file towncrier writes (`[tool.towncrier] filename`, relative to the folder of pyproject.toml;
 * towncrier's default `NEWS.rst` only when the table exists): numpy's docs include the draft release notes
 * `doc/source/release/notes-towncrier.rst` that its documentation command has towncrier write first.
 */
export function towncrierFile(text: string): string | undefined {
  return towncrierConfig(text)?.filename;
}

/**
 * `[tool.towncrier]` of a pyproject.toml or towncrier.toml: the news file (`filename`, default `NEWS.rst`) and the
 * folder of the news fragments (`directory`, when given: towncrier's default lies inside the package), both
 * relative to the folder of the file. towncrier writes each fragment (`CHANGES/123.bugfix.rst`) into the news
 * file at a release.
 */
export function towncrierConfig(text: string): { filename: string; directory?: string } | undefined {
  if (!text.includes('towncrier')) return undefined;
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const tool = doc.tool;
  const table = isTable(tool) ? tool['towncrier'] : undefined;
  if (!isTable(table)) return undefined;
  const relative = (v: unknown) => (typeof v === 'string' && v && !v.startsWith('/') ? v : undefined);
  const filename = relative(table['filename'] ?? 'NEWS.rst');
  if (!filename) return undefined;
  const directory = relative(table['directory'])?.replace(/^\.\//, '').replace(/\/+$/, '');
  return directory ? { filename, directory } : { filename };
}
