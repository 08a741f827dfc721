/**
 * sphinx-lint, the checker many projects run on their documentation through pre-commit (OpenStack's nova,
 * neutron, ironic and others: `sphinx-lint` 1.0.2 with `--enable=default-role`): where a project's
 * `.pre-commit-config.yaml` runs its hook, the checks below are reported with sphinx-lint's names, for the
 * files the hook's `files`/`exclude` patterns take, as its `--enable`/`--disable` arguments set them.
 *
 * The checks, read from sphinx-lint 1.0.2 (`sphinxlint/checkers.py`), on by default but `default-role`:
 * - on every line: `trailing-whitespace` (spaces or tabs at its end), `horizontal-tab` (a tab anywhere),
 *   `missing-final-newline` (the file's last line has no line end), `unnecessary-parentheses`
 *   (`` :func:`f()` ``, `` :meth:`m()` ``);
 * - on the lines sphinx-lint reads as RST (not those it hides: comments, literal blocks, the content of
 *   directives it does not read as RST, by its own lists of names): `directive-with-three-dots`
 *   (`... note::`), `role-without-backticks` (`:func:pdb.main`), `dangling-hyphen` (a line ending in a letter
 *   and `-`), and `default-role` (off unless enabled): interpreted text without a role, `` `text` ``, which
 *   Sphinx renders with the project's default role. sphinx-lint finds it line by line, so text whose backquotes
 *   are on two lines is left alone, as is text a role name touches; here it is read from the parse.
 * - on the lines read as RST that hold a backquote, its checks of markup written by hand, with its patterns:
 *   `missing-space-in-hyperlink`, `missing-underscore-after-hyperlink`, `role-with-extra-backtick`,
 *   `missing-colon-in-role`, `exclamation-and-tilde`, `backtick-before-role`;
 * - in the blocks it hides: `bad-dedent`.
 * - a paragraph at a time: its checks in `./sphinxLintParagraphs.ts`.
 * `directive-missing-colons` is not made: it never fires on a `.rst` file (the lines it looks at are comments it
 * hides). `carriage-return` neither: Python reads the file with its line ends made `\n`.
 */
import { buildLineStarts, lineOfOffset } from '../common/lines';
import { flatten } from '../rst/walk';
import type { InterpretedInline, RstDocument, RstProblem } from '../rst/types';
import { preCommitHook, preCommitTakes, type PreCommitConfig, type PreCommitHook } from './preCommit';
import { PARAGRAPH_CHECKS, paragraphChecks } from './sphinxLintParagraphs';
import { AFTER_MARKUP, B, lineEnd, ROLE_HEAD, SIMPLE_NAME, W, type Report } from './sphinxLintPatterns';

/** The checks made here, and whether sphinx-lint 1.0.2 runs them without `--enable`. */
export const SPHINX_LINT_CHECKS: Readonly<Record<string, boolean>> = {
  'trailing-whitespace': true,
  'horizontal-tab': true,
  'missing-final-newline': true,
  'unnecessary-parentheses': true,
  'directive-with-three-dots': true,
  'role-without-backticks': true,
  'dangling-hyphen': true,
  'missing-space-in-hyperlink': true,
  'missing-underscore-after-hyperlink': true,
  'role-with-extra-backtick': true,
  'missing-colon-in-role': true,
  'exclamation-and-tilde': true,
  'backtick-before-role': true,
  'bad-dedent': true,
  ...Object.fromEntries(PARAGRAPH_CHECKS.map((c) => [c, true])),
  'default-role': false,
};

const CODE_OF: Record<string, string> = {
  'trailing-whitespace': 'sphinx-lint.trailing-whitespace',
  'horizontal-tab': 'sphinx-lint.horizontal-tab',
  'missing-final-newline': 'sphinx-lint.missing-final-newline',
  'default-role': 'sphinx-lint.default-role',
  'unnecessary-parentheses': 'sphinx-lint.unnecessary-parentheses',
  'directive-with-three-dots': 'sphinx-lint.directive-with-three-dots',
  'role-without-backticks': 'sphinx-lint.role-without-backticks',
  'dangling-hyphen': 'sphinx-lint.dangling-hyphen',
  'missing-space-in-hyperlink': 'sphinx-lint.missing-space-in-hyperlink',
  'missing-underscore-after-hyperlink': 'sphinx-lint.missing-underscore-after-hyperlink',
  'role-with-extra-backtick': 'sphinx-lint.role-with-extra-backtick',
  'missing-colon-in-role': 'sphinx-lint.missing-colon-in-role',
  'exclamation-and-tilde': 'sphinx-lint.exclamation-and-tilde',
  'backtick-before-role': 'sphinx-lint.backtick-before-role',
  'bad-dedent': 'sphinx-lint.bad-dedent',
  ...Object.fromEntries(PARAGRAPH_CHECKS.map((c) => [c, `sphinx-lint.${c}`])),
};

/** sphinx-lint's hook (its folder, file and patterns: `./preCommit.ts`) and what its arguments set. */
export interface SphinxLintConfig extends PreCommitHook {
  /** The checks run (of {@link SPHINX_LINT_CHECKS}). */
  checks: Set<string>;
  /** Paths given with `--ignore` (files or folders, from `root`). */
  ignore: string[];
}

/**
 * The checks that sphinx-lint's arguments leave on: `--enable`/`-e` and `--disable`/`-d` with comma-separated
 * names or `all`, read left to right from the defaults, as its command line reads them.
 */
export function sphinxLintChecks(args: readonly string[]): Set<string> {
  const on = new Set(Object.keys(SPHINX_LINT_CHECKS).filter((k) => SPHINX_LINT_CHECKS[k]));
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const m = /^(--enable|--disable|-e|-d)(?:=(.*))?$/.exec(a) ?? /^(-e|-d)(.+)$/.exec(a);
    if (!m) continue;
    const value = m[2] ?? args[++i] ?? '';
    const enable = m[1] === '--enable' || m[1] === '-e';
    const names = value === 'all' ? Object.keys(SPHINX_LINT_CHECKS) : value.split(',').map((s) => s.trim());
    if (value === 'all' && !enable) on.clear();
    else {
      for (const n of names) {
        if (!(n in SPHINX_LINT_CHECKS)) continue;
        if (enable) on.add(n);
        else on.delete(n);
      }
    }
  }
  return on;
}

/** `--ignore`/`-i` paths of sphinx-lint's arguments. */
function ignoredPaths(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const m = /^(--ignore|-i)(?:=(.*))?$/.exec(args[i]);
    if (m) out.push((m[2] ?? args[++i] ?? '').replace(/^\.\//, '').replace(/\/$/, ''));
  }
  return out.filter(Boolean);
}


/**
 * sphinx-lint's configuration from a `.pre-commit-config.yaml` (`root`: its folder): the first hook named
 * `sphinx-lint` of a repository whose address names sphinx-lint (or a local one). Undefined when none runs it,
 * or when one of the patterns that choose its files cannot be read.
 */
export function readPreCommitSphinxLint(config: PreCommitConfig | undefined, root: string, file: string): SphinxLintConfig | undefined {
  const hook = preCommitHook(config, root, file, 'sphinx-lint', /sphinx-lint/i);
  return hook ? { ...hook, checks: sphinxLintChecks(hook.args), ignore: ignoredPaths(hook.args) } : undefined;
}

/** Whether the hook checks the file at `rel` (its path from the configuration's folder). */
export function sphinxLintApplies(config: SphinxLintConfig, rel: string): boolean {
  return preCommitTakes(config, rel) && !config.ignore.some((p) => rel === p || rel.startsWith(p + '/'));
}

/** sphinx-lint's checks on a document (lines as Python reads a file: `\n`, `\r\n` and `\r` end a line). */
export function sphinxLintProblems(doc: RstDocument, checks: ReadonlySet<string>): RstProblem[] {
  if (!checks.size) return [];
  const out: RstProblem[] = [];
  const text = doc.text;
  const report: Report = (name, start, end, message) => out.push({ code: CODE_OF[name], message: `${message} (${name})`, start, end });
  // Native searches over the whole text (no match crosses a line end); line numbers only where needed.
  const trailing = checks.has('trailing-whitespace');
  const dangling = checks.has('dangling-hyphen');
  const hyphens: number[] = [];
  if (trailing || dangling) {
    eachLine(text, (start, end) => {
      if (trailing) {
        let w = end;
        while (w > start && (text.charCodeAt(w - 1) === 32 || text.charCodeAt(w - 1) === 9)) w--;
        if (w < end) report('trailing-whitespace', w, end, 'trailing whitespace');
      }
      if (dangling && end - start >= 2 && text.charCodeAt(end - 1) === 45) {
        const c = text.charCodeAt(end - 2);
        if (c >= 97 && c <= 122) hyphens.push(end - 1);
      }
    });
  }
  if (checks.has('horizontal-tab')) {
    // Each match takes the rest of its line: a line's first tab only.
    for (const m of text.matchAll(/\t[^\r\n]*/g)) report('horizontal-tab', m.index!, m.index! + 1, 'a horizontal tab in the line');
  }
  if (checks.has('missing-final-newline') && text.length && !/[\r\n]$/.test(text)) report('missing-final-newline', text.length - 1, text.length, 'No newline at end of file.');
  // The rest is looked for over the whole text (no match crosses a line end), and the lines sphinx-lint hides
  // are worked out only when something was found: a clean document costs a few native searches.
  if (checks.has('unnecessary-parentheses')) {
    // `:func:`f()`` and `:meth:`` alike, on every line (not only those read as RST).
    for (const m of text.matchAll(/:(?:func|meth):`[^`\n\r]+\(\)`/g)) {
      const at = m.index!;
      if (at > 0 && !/\s/.test(text[at - 1])) continue; // after a line start or white space
      report('unnecessary-parentheses', at, at + m[0].length, `unnecessary parentheses in ${m[0]}`);
    }
  }
  const found: { name: string; start: number; end: number; message: string }[] = [];
  if (checks.has('directive-with-three-dots')) {
    for (const m of text.matchAll(/\.\.\. ([^\s:]+(?::[^\s:]+)*)::/g)) {
      if (KNOWN_TO_LINT(m[1])) found.push({ name: 'directive-with-three-dots', start: m.index!, end: m.index! + 3, message: 'directive should start with two dots, not three' });
    }
  }
  if (checks.has('role-without-backticks')) {
    // After a line start or white space; each match takes the white space after it, so of two in a row
    // separated by one space only the first is found.
    let taken = 0;
    for (const m of text.matchAll(ROLE_WITHOUT_BACKTICKS)) {
      const start = m.index!;
      const before = start > 0 ? text.charCodeAt(start - 1) : 10;
      const lineStart = before === 10 || before === 13;
      if (!lineStart && (!/\s/.test(text[start - 1]) || start - 1 < taken)) continue;
      taken = start + m[0].length;
      found.push({ name: 'role-without-backticks', start, end: start + m[1].length, message: `role with no backticks: ${m[1]}` });
    }
  }
  for (const at of hyphens) found.push({ name: 'dangling-hyphen', start: at, end: at + 1, message: 'line ends with a dangling hyphen' });
  const roles: InterpretedInline[] = [];
  if (checks.has('default-role')) {
    for (const i of flatten(doc).inlines) {
      // sphinx-lint reads a line at a time: interpreted text over two lines is not found.
      if (i.kind === 'interpreted' && !i.role && !/[\n\r]/.test(text.slice(i.start, i.end))) roles.push(i);
    }
  }
  const backquoted = (BACKQUOTE_CHECKS.some((c) => checks.has(c)) || PARAGRAPH_CHECKS.some((c) => checks.has(c))) && text.includes('`');
  const dedent = checks.has('bad-dedent') && text.includes('::');
  if (!found.length && !roles.length && !backquoted && !dedent) return out.sort((a, b) => a.start - b.start);
  const lines = pythonLines(text);
  const hidden = hiddenLines(text, lines, dedent ? (line, end, indent) => badDedents(text, lines, line, end, indent, report) : undefined);
  if (backquoted) {
    backquoteChecks(text, lines, hidden, checks, report);
    paragraphChecks(text, lines, hidden, checks, report);
  }
  const lineOf = (offset: number) => lineOfOffset(lines, offset);
  let threeDotsLine = -1;
  for (const f of found) {
    const n = lineOf(f.start);
    if (hidden[n]) continue;
    if (f.name === 'directive-with-three-dots') {
      if (n === threeDotsLine) continue; // once a line, as sphinx-lint searches a line
      threeDotsLine = n;
    }
    report(f.name, f.start, f.end, f.message);
  }
  for (const i of roles) {
    const n = lineOf(i.start);
    if (hidden[n]) continue;
    // Text that a role name touches (`see:ref:` before it, `:term:` after it) is not its default role.
    const lineEnd = n + 1 < lines.length ? lines[n + 1] : text.length;
    if (ROLE_TAG_BEFORE.test(text.slice(lines[n], i.start)) || ROLE_TAG_AFTER.test(text.slice(i.end, lineEnd))) continue;
    report('default-role', i.start, i.end, 'default role used (hint: for inline literals, use double backticks)');
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A role name with its colons and no backquote after it, and what follows up to white space: `:func:pdb.main`. */
const ROLE_WITHOUT_BACKTICKS = /(:[\p{L}\p{N}]+(?:[-._+:][\p{L}\p{N}]+)*:(?![`:])[^\s`]+)(?:\s|$)/gmu;

/** A role's name between colons, as sphinx-lint writes it (`:py:func:`), at the end / start of some text. */
const ROLE_NAME = String.raw`:[\p{L}\p{N}]+(?:[-._+:][\p{L}\p{N}]+)*:`;
const ROLE_TAG_BEFORE = new RegExp(`${ROLE_NAME}$`, 'u');
const ROLE_TAG_AFTER = new RegExp(`^${ROLE_NAME}`, 'u');

/** Calls `fn` with the start and end (before its line break) of each line, lines as Python reads a file. */
function eachLine(text: string, fn: (start: number, end: number) => void): void {
  let at = 0;
  if (!text.includes('\r')) {
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
      fn(at, nl);
      at = nl + 1;
    }
  } else {
    for (const m of text.matchAll(/\r\n|\n|\r/g)) {
      fn(at, m.index!);
      at = m.index! + m[0].length;
    }
  }
  if (at < text.length) fn(at, text.length);
}

/** Where each line starts, lines as Python reads a file (`\n`, `\r\n` and `\r` end one; no empty line after the last). */
function pythonLines(text: string): number[] {
  const starts = buildLineStarts(text);
  if (starts.length > 1 && starts[starts.length - 1] === text.length) starts.pop();
  return starts;
}

/**
 * The directives sphinx-lint 1.0.2 knows (`sphinxlint/rst.py`): the content of the first kind is read as RST,
 * of the second as anything else; any other `.. name::` is a comment to it, its content left out like a
 * comment's. Names as data, matched at the start of a line's explicit markup.
 */
const LINT_RST_DIRECTIVES =
  'admonition attention c:data c:enum c:enumerator c:func c:macro c:member c:struct c:type c:union c:var caution class compound container danger epigraph error figure footer header highlights hint image important include line-block list-table meta note parsed-literal pull-quote replace sidebar tip topic warning acks attribute autoattribute autoclass autodata autoexception autofunction automethod automodule availability centered cfunction classmethod cmacro cmdoption cmember confval cssclass ctype currentmodule cvar data decorator decoratormethod deprecated-removed deprecated describe directive envvar event exception function glossary highlight highlightlang impl-detail index literalinclude method miscnews module moduleauthor opcode pdbcommand program role sectionauthor seealso sourcecode staticmethod tabularcolumns testcode testoutput testsetup toctree todo todolist versionadded versionchanged c:function coroutinefunction'.split(' ');
const LINT_OTHER_DIRECTIVES = 'contents csv-table date default-role include raw restructuredtext-test-directive role rubric sectnum table target-notes title unicode code-block doctest productionlist'.split(' ');
const LINT_RST_SET = new Set(LINT_RST_DIRECTIVES);
const LINT_OTHER_SET = new Set(LINT_OTHER_DIRECTIVES);
const KNOWN_TO_LINT = (name: string) => LINT_RST_SET.has(name) || LINT_OTHER_SET.has(name);

/** The directive name a line starts with (`.. name::`), lower case as written; undefined for other lines. */
function directiveName(line: string): string | undefined {
  return /^\s*\.\. ([^\s:]+(?::[^\s:]+)*)::/.exec(line)?.[1];
}

/** What sphinx-lint takes an explicit markup line for: a directive it knows, a footnote, citation, target, substitution, else a comment. */
function isLintComment(line: string): boolean {
  const l = line.trimStart();
  const name = directiveName(l);
  if (name !== undefined && (LINT_RST_SET.has(name) || LINT_OTHER_SET.has(name))) return false;
  return !/^\.\. \[[^\]]+\] |^\.\. _.*[^_]: |^\.\. \|[^|]*\| /.test(l);
}

/** Whether sphinx-lint starts a block it does not read as RST at this line (its `is_multiline_non_rst_block`). */
function startsHiddenBlock(line: string, ended: boolean): boolean {
  if (/^\s*\.\.$/.test(line)) return true;
  const name = directiveName(line);
  if (name !== undefined && LINT_RST_SET.has(name)) return false;
  if (name !== undefined && LINT_OTHER_SET.has(name)) return true;
  if (/^ *\.\. /.test(line) && isLintComment(line)) return true;
  return ended && line.endsWith('::');
}

/**
 * The lines sphinx-lint leaves out of its RST checks (its `hide_non_rst_blocks`): after a line that starts a
 * literal block, a comment or a directive whose content is not RST to it, the lines more indented than that
 * line (and blank ones); a comment's own line too.
 */
function hiddenLines(text: string, starts: number[], onBlock?: (line: number, end: number, indent: number) => void): Uint8Array {
  const hidden = new Uint8Array(starts.length);
  let block: number | undefined;
  let blockLine = 0;
  for (let n = 0; n < starts.length; n++) {
    const from = starts[n];
    const next = n + 1 < starts.length ? starts[n + 1] : text.length;
    // The line without its end, whether it has one, its indentation (spaces) and its first other character.
    const end = lineEnd(text, starts, n);
    const ended = end < next;
    let indent = 0;
    while (from + indent < end && text.charCodeAt(from + indent) === 32) indent++;
    if (block !== undefined) {
      if (indent > block || (end === from && ended)) {
        hidden[n] = 1;
        continue;
      }
      onBlock?.(blockLine, n, block);
      block = undefined;
    }
    // Only a line whose first character (after white space) is a dot, or that ends with `::`, starts a block.
    let first = from;
    while (first < end && /\s/.test(text[first])) first++;
    const colons = ended && end - from >= 2 && text.charCodeAt(end - 1) === 58 && text.charCodeAt(end - 2) === 58;
    if (text.charCodeAt(first) !== 46 && !colons) continue;
    const line = text.slice(from, end);
    if (startsHiddenBlock(line, ended)) {
      block = indent;
      blockLine = n;
      if (/^ *\.\. /.test(line) && isLintComment(line)) hidden[n] = 1;
    }
  }
  if (block !== undefined) onBlock?.(blockLine, starts.length, block);
  return hidden;
}

/** The checks that look at lines holding a backquote. */
const BACKQUOTE_CHECKS = ['missing-space-in-hyperlink', 'missing-underscore-after-hyperlink', 'role-with-extra-backtick', 'missing-colon-in-role', 'exclamation-and-tilde', 'backtick-before-role'];

/** `text<https://...>`_` and `:download:` ones, as sphinx-lint looks for them. */
const SEEMS_HYPERLINK = /(:download:)?`[^`]+?(\s?)<https?:\/\/[^`]+>`(_?)/gu;
const EXTRA_BACKTICK = new RegExp(String.raw`${ROLE_HEAD}(?:${B}${B}[^${B}\s]+${B}(?!\S)|${B}[^${B}\s]+${B}${B})(?!${B})`, 'gu');
const MISSING_RIGHT_COLON = new RegExp(String.raw`(?:^|\s):${SIMPLE_NAME}${B}(?!${B})`, 'gu');
const EXCLAMATION_AND_TILDE = new RegExp(String.raw`${ROLE_HEAD}${B}[!~]{2}[^${B}]*${B}`, 'gu');
/**
 * A role with a backquote before it, `` `:func:`sum` ``: after white space or the line's start, a backquote, a
 * role, then interpreted text as sphinx-lint recognises it (a character that is not white space after its
 * start; its end after one that is not, followed by the line's end, white space or punctuation allowed there).
 */
const BACKTICK_BEFORE_ROLE = new RegExp(String.raw`(?:^|\s)${B}:${SIMPLE_NAME}:${B}\S.*?(?<=\S)${B}(?=$|\s|${AFTER_MARKUP})`, 'u');

/** A word character right before a backquote: what a role missing its second colon ends with. */
const WORD_THEN_BACKQUOTE = new RegExp(`${W}${B}`, 'u');

/** The longest line the backquote checks read (UTF-16 code units). */
const LONGEST_CHECKED_LINE = 10_000;

/** A finding on a line: its check, its span (offsets in the line) and its message. */
interface LineFinding {
  name: string;
  start: number;
  end: number;
  message: string;
}

/** Findings per set of checks and line text: a keystroke searches again only the line it changed. */
const keptLines = new Map<string, Map<string, LineFinding[]>>();
const KEPT_LINES_MAX = 50_000;

/**
 * sphinx-lint's checks of roles and hyperlinks written by hand, on each line it reads as RST that holds a
 * backquote: the same regular expressions, applied a line at a time as it applies them.
 */
function backquoteChecks(text: string, starts: number[], hidden: Uint8Array, checks: ReadonlySet<string>, report: Report): void {
  const key = BACKQUOTE_CHECKS.filter((c) => checks.has(c)).join(',');
  if (!key) return;
  let byLine = keptLines.get(key);
  if (!byLine) keptLines.set(key, (byLine = new Map()));
  for (let n = 0; n < starts.length; n++) {
    if (hidden[n]) continue;
    const from = starts[n];
    const end = lineEnd(text, starts, n);
    const tick = text.indexOf(B, from);
    if (tick < 0) return;
    if (tick >= end) {
      // No backquote on this line: go on at the line holding the next one.
      n = lineOfOffset(starts, tick) - 1;
      continue;
    }
    // A line this long is no prose (a minified blob, generated data): its patterns could take time that
    // grows with the square of its length, on every keystroke; sphinx-lint's findings there are not made.
    if (end - from > LONGEST_CHECKED_LINE) continue;
    const line = text.slice(from, end);
    let found = byLine.get(line);
    if (!found) {
      found = lineFindings(line, checks);
      if (byLine.size >= KEPT_LINES_MAX) byLine.clear();
      byLine.set(line, found);
    }
    for (const f of found) report(f.name, from + f.start, from + f.end, f.message);
  }
}

/** The findings of the backquote checks on one line (offsets in it). */
function lineFindings(line: string, checks: ReadonlySet<string>): LineFinding[] {
  const on = (name: string) => checks.has(name);
  const out: LineFinding[] = [];
  const add = (name: string, start: number, end: number, message: string) => out.push({ name, start, end, message });
  // Each pattern only where what it needs is on the line (the same findings, fewer searches).
  if ((on('missing-space-in-hyperlink') || on('missing-underscore-after-hyperlink')) && line.includes('<http')) {
    for (const m of line.matchAll(SEEMS_HYPERLINK)) {
      const at = m.index!;
      const stop = at + m[0].length;
      if (!m[2] && on('missing-space-in-hyperlink')) add('missing-space-in-hyperlink', at, stop, 'missing space before < in hyperlink');
      if (!on('missing-underscore-after-hyperlink')) continue;
      if (m[1] && m[3]) add('missing-underscore-after-hyperlink', stop - 1, stop, 'unnecessary underscore after closing backtick in hyperlink');
      else if (!m[1] && !m[3]) add('missing-underscore-after-hyperlink', stop - 1, stop, 'missing underscore after closing backtick in hyperlink');
    }
  }
  if (on('role-with-extra-backtick') && line.includes('``')) {
    for (const m of line.matchAll(EXTRA_BACKTICK)) add('role-with-extra-backtick', m.index!, m.index! + m[0].length, `extra backtick in role: ${m[0].trim()}`);
  }
  if (on('missing-colon-in-role') && WORD_THEN_BACKQUOTE.test(line)) {
    for (const m of line.matchAll(MISSING_RIGHT_COLON)) {
      const at = m.index! + (m[0].length - m[0].trimStart().length);
      add('missing-colon-in-role', at, m.index! + m[0].length, `role missing colon before first backtick: ${m[0].trim()}`);
    }
  }
  if (on('exclamation-and-tilde') && line.includes('~') && line.includes('!')) {
    for (const m of line.matchAll(EXCLAMATION_AND_TILDE)) add('exclamation-and-tilde', m.index!, m.index! + m[0].length, `a role with both ! and ~ in ${m[0].trim()}`);
  }
  if (on('backtick-before-role') && line.includes('`:')) {
    const m = BACKTICK_BEFORE_ROLE.exec(line);
    if (m) {
      const at = m.index + (m[0].length - m[0].trimStart().length);
      add('backtick-before-role', at, at + 1, 'superfluous backtick in front of role');
    }
  }
  return out;
}

/**
 * sphinx-lint's `bad-dedent`: in a block it does not read as RST (literal block, comment, code), a line one
 * column further in than the block's start that ends with `::` reads like a literal block meant to stand
 * on its own but indented by one space too many. (sphinx-lint names the line before it; here the line itself
 * is marked.)
 */
function badDedents(text: string, starts: number[], line: number, end: number, indent: number, report: Report): void {
  for (let n = line + 1; n < end; n++) {
    const from = starts[n];
    const stop = lineEnd(text, starts, n);
    if (stop - from < indent + 4) continue;
    if (/^ [^ ].*::$/.test(text.slice(from + indent, stop))) report('bad-dedent', from + indent, stop, 'bad dedent in block');
  }
}
