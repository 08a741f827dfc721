/**
 * doc8, the style checker OpenStack projects run on their documentation (`doc8 doc/source` in tox.ini): its
 * configuration, read as doc8 reads it from the folder tox runs in, and its line checks, D001 to D005, with
 * doc8's own rules (PyCQA/doc8, `checks.py`). D000 (docutils' own errors) is what the RST checks report already.
 *
 * - D001 "Line too long": longer than `max-line-length` (79), except a line with no space after its indentation,
 *   one holding `http://` or `https://`, one in a directive's region (from a line like `.. name::` or a lone
 *   `::` through the indented or blank lines after it), a definition list term (a line followed by a more
 *   indented one, not a list item), a line of a literal block or a hyperlink target (but where a section or
 *   an admonition is surely the smaller node, as doc8 finds it from docutils' line numbers), and, with
 *   `allow-long-titles`, a section title.
 * - D002 trailing white space; D003 a tab in a line's indentation; D004 a carriage return; D005 no newline at
 *   the end of the file.
 *
 * `ignore` turns codes off, `ignore-path` files and folders (globs from the tox folder), `ignore-path-errors`
 * codes of one file (`path;D001`).
 */
import { parse as parseToml } from 'smol-toml';
import { preCommitTakes, type PreCommitHook } from './preCommit';
import { toxLines } from './tox';
import type { Block, RstDocument, RstProblem } from '../rst/types';
import { lineOfOffset } from '../common/lines';
import { eachBody } from '../rst/walk';

export interface Doc8Config {
  /** The folder doc8 runs in (tox.ini's), ending with `/`: paths of the configuration are relative to it. */
  root: string;
  /** Where the configuration was read (undefined: doc8 runs with its defaults, named by tox.ini). */
  file?: string;
  maxLineLength: number;
  allowLongTitles: boolean;
  ignore: Set<string>;
  ignorePath: string[];
  ignorePathErrors: Map<string, Set<string>>;
  /**
   * The paths tox.ini's doc8 commands name (`doc8 doc/source`), relative to `root`: doc8 reads only the files
   * under them. Undefined: every file (a command naming no path reads the folder it runs in).
   */
  paths?: string[];
  /** Whether tox.ini (beside the configuration) runs doc8. */
  toxRuns?: boolean;
  /** tox.ini's doc8 command lines, each with its own options (`toxDoc8Commands`). */
  toxCommands?: ToxDoc8Command[];
  /**
   * doc8's pre-commit hook (`./preCommit.ts`), when the repository's `.pre-commit-config.yaml` has one; null when
   * one of its patterns cannot be read.
   */
  hook?: PreCommitHook | null;
}

/** The files doc8 reads its configuration from, in its order; the first that has some wins. */
export const DOC8_CONFIG_FILES = ['doc8.ini', '.config/doc8.ini', 'tox.ini', 'pep8.ini', 'setup.cfg', 'pyproject.toml'];

/**
 * The keys of one section of an INI file as Python's configparser reads it: `key = value` or `key: value`, keys
 * in lower case, indented lines continuing a value, whole-line `#` and `;` comments. Undefined without the section.
 */
export function iniSection(text: string, name: string): Map<string, string> | undefined {
  let out: Map<string, string> | undefined;
  let inside = false;
  let key: string | undefined;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const header = /^\[([^\]]+)\]/.exec(raw);
    if (header) {
      inside = header[1].trim() === name;
      if (inside) out ??= new Map();
      key = undefined;
      continue;
    }
    if (!inside || !out) continue;
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    if (/^\s/.test(raw)) {
      if (key !== undefined && trimmed) out.set(key, `${out.get(key)}\n${trimmed}`);
      continue;
    }
    if (!trimmed) {
      key = undefined;
      continue;
    }
    const m = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!m) continue;
    key = m[1].trim().toLowerCase();
    out.set(key, m[2].trim());
  }
  return out;
}

const splitSet = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

function pathErrors(entries: Iterable<string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of entries) {
    const [path, ...codes] = e.split(';').map((s) => s.trim());
    if (!path) continue;
    const set = out.get(path) ?? new Set<string>();
    for (const c of codes) if (c) set.add(c);
    out.set(path, set);
  }
  return out;
}

const boolean = (v: string) => /^(1|yes|true|on)$/i.test(v.trim());

/** doc8's defaults, for a project whose tox.ini runs doc8 without configuring it. */
export function defaultDoc8Config(root: string): Doc8Config {
  return { root, maxLineLength: 79, allowLongTitles: false, ignore: new Set(), ignorePath: [], ignorePathErrors: new Map() };
}

/** doc8's configuration from one file's text; undefined when it has none. */
export function readDoc8Config(fileName: string, text: string, root: string): Doc8Config | undefined {
  const config: Doc8Config = { ...defaultDoc8Config(root), file: root + fileName };
  if (fileName.endsWith('.toml')) {
    let table: unknown;
    try {
      table = (parseToml(text) as { tool?: { doc8?: unknown } }).tool?.doc8;
    } catch {
      return undefined;
    }
    if (!table || typeof table !== 'object' || !Object.keys(table).length) return undefined;
    const t = table as Record<string, unknown>;
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? splitSet(v) : []);
    if (typeof t['max-line-length'] === 'number') config.maxLineLength = t['max-line-length'];
    if (typeof t['allow-long-titles'] === 'boolean') config.allowLongTitles = t['allow-long-titles'];
    config.ignore = new Set(list(t.ignore));
    config.ignorePath = list(t['ignore-path']);
    config.ignorePathErrors = pathErrors(list(t['ignore-path-errors']));
    return config;
  }
  const section = iniSection(text, 'doc8');
  if (!section?.size) return undefined;
  const n = Number.parseInt(section.get('max-line-length') ?? '', 10);
  if (Number.isFinite(n)) config.maxLineLength = n;
  if (section.has('allow-long-titles')) config.allowLongTitles = boolean(section.get('allow-long-titles')!);
  if (section.has('ignore')) config.ignore = new Set(splitSet(section.get('ignore')!));
  if (section.has('ignore-path')) config.ignorePath = splitSet(section.get('ignore-path')!);
  if (section.has('ignore-path-errors')) config.ignorePathErrors = pathErrors(splitSet(section.get('ignore-path-errors')!));
  return config;
}

/** Whether tox.ini runs doc8 (a command line starting with `doc8`, not a requirement such as `doc8>=0.8`). */
export function toxRunsDoc8(toxIni: string): boolean {
  return /^[ \t]*(?:commands[ \t]*=[ \t]*)?-?doc8(?:[ \t]+[^\s<>=!~#]|[ \t]*$)/m.test(toxCommands(toxIni));
}

/**
 * The lines of tox.ini's `commands` values (`commands =`, `commands_pre =` and their continuation lines, a `\`
 * continuation joined), where a doc8 command can stand: not a requirement under `deps =` (flake8's `doc8`
 * beside `sphinx`). Lines before any key (a fragment) count as commands.
 */
function toxCommands(toxIni: string): string {
  return toxLines(toxIni)
    .filter((l) => l.key === undefined || l.key.startsWith('commands'))
    .map((l) => l.line)
    .join('\n');
}

/** doc8's options that take a value (PyCQA/doc8@e4d2539 src/doc8/main.py, `main`): their value is no path. */
const DOC8_VALUE_OPTIONS = new Set(['--config', '--ignore', '--ignore-path', '--ignore-path-errors', '--default-extension', '--file-encoding', '--max-line-length', '-e', '--extension']);

/** One doc8 command line of tox.ini: the paths it names (from the tox folder) and its options, as written. */
export interface ToxDoc8Command {
  /** Undefined: it names none, or the tox folder itself (doc8 then reads the folder it runs in). */
  paths?: string[];
  /** Its options with their values (`--ignore`, `D001`), merged over the configuration as doc8 merges them. */
  args: string[];
}

/**
 * tox.ini's doc8 command lines: for each, the paths it names, relative to the tox folder (`{toxinidir}/`
 * dropped, a `{posargs:default}` read as its default), and its options (venus runs `doc8 --ignore D001
 * doc/source README.rst`).
 */
export function toxDoc8Commands(toxIni: string): ToxDoc8Command[] {
  const out: ToxDoc8Command[] = [];
  for (const m of toxCommands(toxIni).matchAll(/^[ \t]*(?:commands[ \t]*=[ \t]*)?-?doc8(?:[ \t]+([^\n#]*))?[ \t]*$/gm)) {
    if (m[1] !== undefined && /^[<>=!~]/.test(m[1].trim())) continue; // a requirement (doc8>=0.8), not a command
    const named: string[] = [];
    const args: string[] = [];
    const tokens = (m[1] ?? '').match(/'[^']*'|"[^"]*"|\{[^}]*\}\S*|\S+/g) ?? [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i].replace(/^(['"])(.*)\1$/, '$2');
      if (t.startsWith('-')) {
        args.push(t);
        if (DOC8_VALUE_OPTIONS.has(t) && i + 1 < tokens.length) args.push(tokens[++i].replace(/^(['"])(.*)\1$/, '$2'));
        continue;
      }
      const posargs = /^\{posargs(?::(.*))?\}$/.exec(t);
      for (const path of posargs ? (posargs[1] ?? '').split(/\s+/).filter(Boolean) : [t.replace(/^\{toxinidir\}\/?/, '')]) {
        named.push(path.replace(/^\.\//, '').replace(/\/+$/, '') || '.');
      }
    }
    out.push({ paths: !named.length || named.includes('.') ? undefined : [...new Set(named)], args });
  }
  return out;
}

/**
 * The paths tox.ini's doc8 command lines name, relative to the tox folder; undefined when one of them names
 * none (doc8 then reads the folder it runs in, the tox folder) or tox.ini runs no doc8.
 */
export function toxDoc8Paths(toxIni: string): string[] | undefined {
  const commands = toxDoc8Commands(toxIni);
  if (!commands.length || commands.some((c) => !c.paths)) return undefined;
  return [...new Set(commands.flatMap((c) => c.paths!))];
}

/** A glob of Python's `glob` (no `**`): `*` and `?` within a path segment, `[...]` a class. */
function globPattern(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[' && glob.indexOf(']', i + 2) > 0) {
      const end = glob.indexOf(']', i + 2);
      const cls = glob.slice(i + 1, end);
      re += (cls.startsWith('!') ? '[^' + cls.slice(1) : '[' + cls).replace(/\\/g, '\\\\') + ']';
      i = end;
    } else re += c.replace(/[.+^$(){}|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** A path of doc8's configuration or command line as written (`./doc/`) in the form compared (`doc`). */
const norm = (p: string) => p.replace(/^\.\//, '').replace(/\/+$/, '');

/**
 * The doc8 codes that apply to a file (`rel`: its path from the tox folder), with `ignore`, `ignore-path` and
 * `ignore-path-errors` applied (which runs of doc8 read the file at all is {@link doc8Run}'s question).
 */
export function doc8CodesFor(config: Doc8Config, rel: string): Set<string> {
  const codes = new Set(['D001', 'D002', 'D003', 'D004', 'D005']);
  const path = norm(rel);
  const ancestors: string[] = [];
  for (let p = path; p; p = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '') ancestors.push(p);
  if (config.ignorePath.some((g) => ancestors.some((a) => globPattern(norm(g)).test(a)))) return new Set();
  for (const c of config.ignore) codes.delete(c);
  for (const [p, ignored] of config.ignorePathErrors) if (norm(p) === path) for (const c of ignored) codes.delete(c);
  return codes;
}

/**
 * doc8 as the project runs it on a file (`rel`: its path from the tox folder; `hookRel`: from the pre-commit
 * configuration's folder): the configuration and the codes that apply, or undefined when no run of doc8 reads it.
 * A file is read by tox's doc8 (in the paths its commands name), else by the pre-commit hook (the files its
 * patterns take, with the hook's arguments over the configuration: neutron's hook leaves out the files it lists
 * under `exclude`); a configuration that neither runs is taken as run on every file.
 */
export function doc8Run(config: Doc8Config, rel: string, hookRel: string | undefined): { config: Doc8Config; codes: Set<string> } | undefined {
  const path = norm(rel);
  const byTox = config.toxRuns === true && (!config.paths || config.paths.some((p) => path === p || path.startsWith(p + '/')));
  let run: Doc8Config | undefined;
  if (byTox) run = byToxCommand(config, path);
  else if (!config.toxRuns && config.hook === undefined) run = config;
  else if (config.hook && hookRel !== undefined && preCommitTakes(config.hook, hookRel)) {
    run = byHook.get(config);
    if (!run) byHook.set(config, (run = withArguments(config, config.hook.args)));
  }
  if (!run) return undefined;
  const codes = doc8CodesFor(run, rel);
  return codes.size ? { config: run, codes } : undefined;
}

/** The configuration the hook runs doc8 with, per configuration (each is kept by `ProjectKnowledge` until a file changes). */
const byHook = new WeakMap<Doc8Config, Doc8Config>();

/** The configuration each of tox.ini's doc8 commands runs with, per configuration and command. */
const byCommand = new WeakMap<Doc8Config, Map<ToxDoc8Command, Doc8Config>>();

/**
 * The configuration tox's doc8 reads a file (`path`, from the tox folder) with: the options of the first doc8
 * command whose paths hold it over the configuration (a file two commands read with different options is read
 * with the first's).
 */
function byToxCommand(config: Doc8Config, path: string): Doc8Config {
  const command = config.toxCommands?.find((c) => !c.paths || c.paths.some((p) => path === p || path.startsWith(p + '/')));
  if (!command?.args.length) return config;
  let runs = byCommand.get(config);
  if (!runs) byCommand.set(config, (runs = new Map()));
  let run = runs.get(command);
  if (!run) runs.set(command, (run = withArguments(config, command.args)));
  return run;
}

/**
 * A configuration with doc8's command-line options over it, as doc8 merges them (PyCQA/doc8 `main.py`): codes
 * and paths to ignore are added, `--max-line-length` and `--allow-long-titles` win.
 */
function withArguments(config: Doc8Config, args: readonly string[]): Doc8Config {
  const out: Doc8Config = { ...config, ignore: new Set(config.ignore), ignorePath: [...config.ignorePath], ignorePathErrors: new Map(config.ignorePathErrors) };
  for (let i = 0; i < args.length; i++) {
    const m = /^(--[a-z-]+)(?:=(.*))?$/.exec(args[i]);
    if (!m) continue;
    const value = () => m[2] ?? args[++i] ?? '';
    if (m[1] === '--allow-long-titles') out.allowLongTitles = true;
    else if (m[1] === '--ignore') for (const c of splitSet(value())) out.ignore.add(c);
    else if (m[1] === '--ignore-path') out.ignorePath.push(value());
    else if (m[1] === '--ignore-path-errors') for (const [p, codes] of pathErrors([value()])) out.ignorePathErrors.set(p, new Set([...(out.ignorePathErrors.get(p) ?? []), ...codes]));
    else if (m[1] === '--max-line-length') {
      const n = Number.parseInt(value(), 10);
      if (Number.isFinite(n)) out.maxLineLength = n;
    } else if (DOC8_VALUE_OPTIONS.has(m[1]) && m[2] === undefined) i++;
  }
  return out;
}

const CODE_OF: Record<string, string> = {
  D001: 'doc8.line-too-long',
  D002: 'doc8.trailing-whitespace',
  D003: 'doc8.tab-indentation',
  D004: 'doc8.carriage-return',
  D005: 'doc8.no-newline-at-end',
};

/** The directives whose content docutils makes a literal block. */
const CODE_DIRECTIVES = new Set(['code-block', 'code', 'sourcecode', 'parsed-literal']);

/** docutils' admonitions without a title: their node has no line of its own. */
const ADMONITIONS = new Set(['attention', 'caution', 'danger', 'error', 'hint', 'important', 'note', 'tip', 'warning']);

/**
 * Directives of docutils itself (as doc8 parses, without Sphinx) that make no literal block: a node of theirs
 * ends where their text does. Any other directive is an error to docutils, whose message holds the directive's
 * text as a literal block.
 */
const PLAIN_DIRECTIVES = new Set([
  'attention', 'caution', 'danger', 'error', 'hint', 'important', 'note', 'tip', 'warning', 'admonition',
  'image', 'figure', 'topic', 'sidebar', 'rubric', 'epigraph', 'highlights', 'pull-quote', 'compound', 'container',
  'table', 'list-table', 'contents', 'sectnum', 'section-numbering', 'class', 'role', 'default-role', 'title',
  'meta', 'replace', 'unicode', 'date', 'math',
]);

/**
 * The lines D001 may leave alone because a literal block or a target is the smallest docutils node holding them
 * (`skip`), and the title lines. doc8 finds that node from docutils' line numbers: a node's lines run from its
 * `line` (its parent's when it has none) to the last line of what it holds, and a literal block's to that
 * `line` plus its number of lines. Those numbers are docutils' own: a literal block after `::` has its first
 * line (its first line is still reported when it has more lines: the text node inside it is the smaller
 * node there), a `code-block` the last blank line after its content, or none, then its list item's or its
 * section's, and it runs for as many lines as the block has. Every line such a range could cover from any of
 * those starts is taken as possibly exempt (a line missed at worst, never one doc8 leaves alone), but the
 * first line of a paragraph, whose own node (that line alone) is smaller than a block of several lines, and
 * the lines a section (from its title to the last line of any node in it) or an admonition in a section's body
 * (which has no line: from its section's to its last node's) surely holds when that node is surely shorter than
 * any such range there: doc8 takes the section or the admonition then. A paragraph holding a target
 * (`` `text <uri>`_ ``) may be exempt on its first line, where that target is.
 */
function lineKinds(doc: RstDocument): { skip: Uint8Array; title: Uint8Array } {
  const size = doc.lines.length + 1;
  const skip = new Uint8Array(size);
  const title = new Uint8Array(size);
  /** The smallest span (last line less first) of the code blocks whose possible ranges hold each line. */
  const codeSpan = new Int32Array(size).fill(-1);
  /** The first lines of paragraphs without a target: a node of span 0 there, smaller than a code block's range. */
  const paragraphs: number[] = [];
  const fill = (from: number, count: number) => skip.fill(1, Math.max(0, from), Math.min(size, from + count + 1));
  const fillCode = (from: number, count: number) => {
    for (let l = Math.max(0, from), end = Math.min(size, from + count + 1); l < end; l++) {
      if (codeSpan[l] < 0 || codeSpan[l] > count) codeSpan[l] = count;
    }
  };
  /** The last line a node of each block may reach in docutils' numbers (a block's line, its last line). */
  const reach: [number, number, Block][] = [];
  /** Admonitions in a section's body, with that section: docutils gives them no line, so theirs is the section's. */
  const admonitions: [Block, Block][] = [];
  /**
   * Lines surely in the range of some node, outside directives docutils does not know: paragraphs' first lines,
   * titles' underlines, the last line a code block's range surely reaches.
   */
  const sure: number[] = [];
  const blanksAfter = (last: number) => {
    let l = last + 1;
    while (l < doc.lines.length && doc.lines.textStart[l] >= doc.lines.end[l]) l++;
    return l;
  };
  let section: Block | undefined;
  const visit = (blocks: readonly Block[], starts: readonly number[], known: boolean) => {
    for (const b of blocks) {
      if (b.kind === 'section') {
        section = b;
        title.fill(1, b.line, b.endLine + 1);
      }
      if (b.kind === 'literal') {
        // An indented or quoted literal block has its first line: its own lines, but for the first of several
        // (the text node inside it is the smaller there).
        if (b.endLine > b.line) fill(b.line + 1, b.endLine - b.line - 1);
        else fill(b.line, 0);
      } else if (b.kind === 'directive' && CODE_DIRECTIVES.has(b.name) && b.content) {
        const n = b.content.lastLine - b.content.firstLine + 1;
        // Without a line of its own (inside a list item, whose node has none either), the section's.
        const around = section && starts.length ? [section.line, section.endLine, section.endLine - 1] : [];
        // docutils' line for it is the last blank line after its content (one or several).
        const after: number[] = [];
        for (let l = b.content.lastLine + 1; l < doc.lines.length && doc.lines.textStart[l] >= doc.lines.end[l] && after.length < 64; l++) after.push(l);
        const from = [b.line, b.content.firstLine, b.content.lastLine + 1, b.endLine + 1, ...after, ...starts, ...around];
        for (const s of from) fillCode(s, n - 1);
        reach.push([b.line, Math.max(...from) + n - 1, b]);
        if (known) sure.push(Math.min(...from) + n - 1);
      } else if (b.kind === 'target') skip.fill(1, b.line, b.endLine + 1);
      else if (b.kind === 'paragraph' && b.inlines.some((i) => i.kind === 'inlineTarget' || (i.kind === 'reference' && i.embedded))) skip[b.line] = 1;
      else if (b.kind === 'paragraph') paragraphs.push(b.line);
      if (b.kind === 'paragraph' && known) sure.push(b.line);
      if (b.kind === 'section') sure.push(b.endLine);
      // Where a node of this block may end: a paragraph has its first line; a directive docutils does not know
      // becomes an error holding its text as a literal block, from any line up to the one after it; any other
      // node may take the line docutils has read up to (the next line with text).
      if (b.kind === 'paragraph' || b.kind === 'section') reach.push([b.line, b.endLine, b]);
      else if (b.kind === 'directive' && !(CODE_DIRECTIVES.has(b.name) && b.content) && !PLAIN_DIRECTIVES.has(b.name)) reach.push([b.line, blanksAfter(b.endLine) + b.endLine - b.line, b]);
      else if (!(b.kind === 'directive' && CODE_DIRECTIVES.has(b.name) && b.content)) reach.push([b.line, blanksAfter(b.endLine), b]);
      if (b.kind === 'directive' && ADMONITIONS.has(b.name) && section && !starts.length) admonitions.push([b, section]);
      const inner = known && (b.kind !== 'directive' || PLAIN_DIRECTIVES.has(b.name));
      // A body's blocks may take the line of the block holding them, or of their list item (its first block's
      // line, or the bullet's line above it).
      eachBody(b, (body, outer: readonly number[]) => visit(body, body.length ? [...outer, body[0].line, body[0].line - 1] : outer, inner), [...starts, b.line]);
    }
  };
  visit(doc.blocks, [], true);
  // A section's node runs from its title's text to the last line of any node in it: when that is surely fewer
  // lines than a code block's range, the section is the smaller node on the lines it surely holds, and doc8
  // reports them (os_neutron's paragraph above a note and a console block, whose range is that of an earlier
  // block's line plus its length).
  const sectionSpan = new Int32Array(size).fill(-1);
  /** A node running from line `low` (surely no lower) to the last line of the nodes of the blocks in `from`..`to`. */
  sure.sort((x, y) => x - y);
  reach.sort((x, y) => x[0] - y[0]);
  /** The index of the first of `count` sorted items whose key is at least `key`. */
  const lowerBound = (count: number, keyAt: (i: number) => number, key: number) => {
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keyAt(mid) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  /** The smallest span of the section nodes (`titleSpan`), and of the admonition nodes (`admonitionSpan`), holding each line. */
  const titleSpan = new Int32Array(size).fill(-1);
  const admonitionSpan = new Int32Array(size).fill(-1);
  const node = (low: number, first: number, from: number, to: number, self?: Block) => {
    let high = first;
    let upper = first;
    const top = lowerBound(sure.length, (i) => sure[i], to + 1) - 1;
    if (top >= 0 && sure[top] >= from && sure[top] > high) high = sure[top];
    for (let i = lowerBound(reach.length, (k) => reach[k][0], from); i < reach.length && reach[i][0] <= to; i++) {
      if (reach[i][2] !== self && reach[i][1] > upper) upper = reach[i][1];
    }
    const span = upper - low;
    const own = self ? admonitionSpan : titleSpan;
    for (let l = first; l <= high; l++) {
      if (sectionSpan[l] < 0 || sectionSpan[l] > span) sectionSpan[l] = span;
      if (own[l] < 0 || own[l] > span) own[l] = span;
    }
  };
  // An admonition's node has no line: it runs from its section's (the underline's) to the last of its own nodes,
  // surely holding the lines between (os_neutron: lines above a note, in the section, before a console block).
  for (const [b, s] of admonitions) {
    if (s.kind === 'section' && !s.style.includes('/') && s.endLine === s.line + 1) node(s.endLine, s.endLine, b.line, b.endLine, b);
  }
  const sections = doc.blocks.filter((b) => b.kind === 'section');
  for (let k = 0; k < sections.length; k++) {
    const s = sections[k];
    let next = k + 1;
    while (next < sections.length && sections[next].level > s.level) next++;
    const last = next < sections.length ? sections[next].line - 1 : doc.lines.length - 1;
    const overline = s.style.includes('/');
    // The title's node starts a line above its line, the underline (or, over and under, maybe the overline).
    const low = overline ? s.line - 1 : s.line;
    const first = overline ? s.line + 1 : s.line;
    if (s.endLine !== first + 1) continue; // a title of several lines
    node(low, first, s.line, last);
  }
  // The later lines of a paragraph of a section's own body are in no node of their own: the smallest holding them
  // is the section (a title node for allow-long-titles, so doc8 leaves them alone: shapely's `[tool.doc8]`), unless
  // a note below reaches back over them, or they lie past the last line any node of the section has.
  let inSection = false;
  for (const b of doc.blocks) {
    if (b.kind === 'section') inSection = true;
    if (b.kind !== 'paragraph' || !inSection) continue;
    for (let l = b.line + 1; l <= b.endLine && l < size; l++) {
      const t = titleSpan[l];
      if (t >= 0 && (admonitionSpan[l] < 0 || admonitionSpan[l] >= t) && (codeSpan[l] < 0 || codeSpan[l] >= t)) title[l] = 1;
    }
  }
  // doc8 takes the smallest node holding a line: on a paragraph's first line that is the paragraph (its range is
  // that line), unless a code block's range is as small (one line). os_neutron: the first line of a paragraph
  // right after a code-block is long, and doc8 reports it.
  const paragraphFirst = new Uint8Array(size);
  for (const l of paragraphs) paragraphFirst[l] = 1;
  for (let l = 0; l < size; l++) {
    if (codeSpan[l] > 0 && sectionSpan[l] >= 0 && sectionSpan[l] < codeSpan[l]) continue;
    if (codeSpan[l] === 0 || (codeSpan[l] > 0 && !paragraphFirst[l])) skip[l] = 1;
  }
  return { skip, title };
}

/** White space as Python's `str.isspace` sees it in the ASCII range, and the Unicode spaces JavaScript's `\s` knows. */
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x1f) || (c > 127 && /\s/.test(String.fromCharCode(c)));

/**
 * doc8's D001 to D005 on a document, for the codes that apply to it. One pass over the characters for D002 to
 * D005 and to find the long lines; D001's exemptions are worked out only when some line is long (a project
 * that runs doc8 in CI usually has none), so a keystroke costs little more than that pass.
 */
export function doc8Problems(doc: RstDocument, config: Doc8Config, codes: ReadonlySet<string>): RstProblem[] {
  if (!codes.size) return [];
  const out: RstProblem[] = [];
  const text = doc.text;
  const report = (code: string, start: number, end: number, message: string) => {
    if (codes.has(code)) out.push({ code: CODE_OF[code], message: `${code} ${message}`, start, end });
  };
  // The lines as doc8 splits them (\n, \r\n and \r end a line), line ends removed: starts and ends.
  const starts: number[] = [];
  const ends: number[] = [];
  const long: number[] = [];
  for (let at = 0; at < text.length || starts.length === 0; ) {
    let end = at;
    let lead = true;
    let tab = false;
    let leadEnd = at;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c === 10 || c === 13) break;
      if (lead) {
        if (c === 9) tab = true;
        else if (!isSpace(c)) {
          lead = false;
          leadEnd = end;
        }
      }
      end++;
    }
    if (lead) leadEnd = end;
    const n = starts.length;
    starts.push(at);
    ends.push(end);
    if (end > at && isSpace(text.charCodeAt(end - 1))) {
      let ws = end - 1;
      while (ws > at && isSpace(text.charCodeAt(ws - 1))) ws--;
      report('D002', ws, end, 'Trailing whitespace');
    }
    if (tab && leadEnd > at) report('D003', at, leadEnd, 'Tabulation used for indentation');
    const cr = text.charCodeAt(end) === 13;
    if (cr) report('D004', end, end + 1, 'Found literal carriage return');
    if (end - at > config.maxLineLength) long.push(n);
    if (end >= text.length) break;
    at = end + (cr && text.charCodeAt(end + 1) === 10 ? 2 : 1);
  }
  const lastChar = text.charCodeAt(text.length - 1);
  if (text.length && lastChar !== 10 && lastChar !== 13) report('D005', text.length, text.length, 'No newline at end of file');
  if (long.length && codes.has('D001')) lineTooLong(doc, config, starts, ends, long, report);
  return out.sort((a, b) => a.start - b.start);
}

/** D001 on the lines longer than the limit in UTF-16 units (`long`, indices into `starts`/`ends`). */
function lineTooLong(
  doc: RstDocument,
  config: Doc8Config,
  starts: readonly number[],
  ends: readonly number[],
  long: readonly number[],
  report: (code: string, start: number, end: number, message: string) => void,
): void {
  const text = doc.text;
  const line = (i: number) => text.slice(starts[i], ends[i]);
  const lead = (s: string) => /^\s*/.exec(s)![0].length;
  const blank = (s: string) => /^\s*$/.test(s);
  const count = starts.length;
  // The exempt regions: each directive (or lone `::`) with the indented and blank lines after it, and
  // definition list terms.
  const exempt = new Uint8Array(count + 1);
  for (let i = 0; i < count; i++) {
    const l = line(i);
    if (/^\s*..\s(.*?)::\s*/.test(l) || /^::\s*$/.test(l)) {
      let k = i + 1;
      while (k < count && (blank(line(k)) || /^\s/.test(line(k)))) k++;
      exempt.fill(1, i, k);
    } else if (i + 1 < count && !blank(l) && !/^\s*(\* |- |#\. |\d+\. )/.test(l) && lead(l) < lead(line(i + 1))) {
      exempt[i] = 1;
    }
  }
  const kinds = lineKinds(doc);
  for (const i of long) {
    const l = line(i);
    const length = [...l].length; // characters, as Python counts them
    if (length <= config.maxLineLength || exempt[i]) continue;
    const stripped = l.trimStart();
    if (!stripped.includes(' ') || stripped.includes('http://') || stripped.includes('https://')) continue;
    // The parser's lines: a lone \r ends no line there, so map by offset.
    const n = doc.lines.length ? lineOfOffset(doc.lines.start, starts[i]) : 0;
    if (kinds.skip[n] || (config.allowLongTitles && kinds.title[n])) continue;
    report('D001', starts[i] + config.maxLineLength, ends[i], `Line too long (${length} characters, at most ${config.maxLineLength})`);
  }
}
