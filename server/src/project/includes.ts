/**
 * `.. include::` as Sphinx reads it: the included RST is part of the including document, so its targets,
 * section titles, substitutions, footnotes and custom roles count there. Pure: files come through `read`.
 */
import { asBuiltText } from '../rst/sourceRead';
import type { Opening, OutsideNames } from '../rst/checks';
import { bindNames } from '../rst/names';
import type { DirectiveBlock, RstDocument, RstProblem, Span } from '../rst/types';
import { lineIndex } from '../common/lines';
import { flatten } from '../rst/walk';
import standardIncludes from './docutilsIncludes.json';

/** The names included files bring: every set of {@link OutsideNames}. */
export type IncludedNames = Required<Pick<OutsideNames, 'targets' | 'substitutions' | 'roles'>> & Pick<OutsideNames, 'substitutionPattern'>;

const STANDARD = (standardIncludes as { files: Record<string, { substitutions: string[]; roles: string[] }> }).files;

export interface IncludeContext {
  /** The text of a file, undefined when missing or unreadable (or outside what may be read). */
  readFile(uri: string): string | undefined;
  /**
   * Where a directive's path argument points (`/` is the source directory), as a URI: `fromUri` is the file
   * holding the directive, `documentUri` the document being read. docutils reads a path from the first, Sphinx
   * from the second (`env.relfn2path`: a nested include in `inc/a.rst` is read from the document's folder).
   */
  resolve(fromUri: string, target: string, documentUri: string): string;
  /** Parses an included text (cached by the caller). */
  parse(uri: string, text: string): RstDocument;
  /**
   * Directives of the project that include the file they name as `include` does: by their first argument (pip's
   * `pip-news-include`), or by the option mapped to (sphinx_changelog's `changelog` by `:changelog_file:`).
   */
  includeDirectives?: ReadonlyMap<string, string | undefined>;
}

/** One file pulled in by an include directive, with the part of it that is included. */
export interface IncludedFile {
  uri: string;
  /** The included part (after `start-line`/`end-line`/`start-after`/`end-before`). */
  text: string;
  /** The whole file as read. */
  fileText: string;
  /** Where `text` starts in `fileText`. */
  offset: number;
  /** The include directive of the including document (for messages). */
  directive: DirectiveBlock;
  /** The document it was included from. */
  from: string;
  /** What precedes the included text where docutils inserts it (`insert_input`), for `checkDocument`. */
  opening: Opening;
}

export interface IncludeResult {
  files: IncludedFile[];
  names: IncludedNames;
  /** Includes that lead back to a document already being included. */
  cycles: { from: string; directive: DirectiveBlock; uri: string }[];
}

/** A file name a project's include directive reads as reST: `.rst`, `.rest`, `.txt`, `.inc`, or no suffix. */
const RST_LIKE_FILE = /(\.(rst|rest|txt|inc)|(^|\/)[^./]+)$/i;

const MAX_DEPTH = 10;
const MAX_FILES = 200;

/** The path an include directive names: its argument, or the option a project's include directive names it by. */
export function includeArgument(b: { name: string; argument: string; options: readonly { name: string; value: string }[] }, includeDirectives?: ReadonlyMap<string, string | undefined>): string {
  const option = b.name === 'include' ? undefined : includeDirectives?.get(b.name);
  return (option === undefined ? b.argument : (b.options.find((o) => o.name === option)?.value ?? '')).trim();
}

/** Every RST file a document includes, nested, and the names they bring into it. */
export function collectIncludes(doc: RstDocument, uri: string, ctx: IncludeContext): IncludeResult {
  const result: IncludeResult = { files: [], names: { targets: new Set(), substitutions: new Set(), roles: new Set() }, cycles: [] };
  // docutils' include log: a file with the part of it included. A file may include another part of itself
  // (scrapy's settings.rst: `.. include:: settings.rst` with `:start-after:`); only the same part again is
  // a circle.
  const stack = [partKey(uri, undefined)];
  const visit = (d: RstDocument, from: string, depth: number, opening: Opening) => {
    for (const b of flatten(d).directives) {
      if ((b.name !== 'include' && !ctx.includeDirectives?.has(b.name)) || result.files.length >= MAX_FILES) continue;
      // As the build reads it, where an extension put values in for tokens first (esp-docs' `{IDF_TARGET_PATH_NAME}.inc`);
      // a path holding a value only the build knows is not followed.
      const written = includeArgument(b, ctx.includeDirectives);
      const arg = asBuiltText(d, written);
      if (!arg) continue;
      if (arg.startsWith('<') && arg.endsWith('>')) {
        // docutils' standard include files (`<isonum.txt>`): substitution and role definitions.
        const std = STANDARD[arg.slice(1, -1)];
        for (const name of std?.substitutions ?? []) (result.names.substitutions as Set<string>).add(name).add(name.toLowerCase());
        for (const name of std?.roles ?? []) (result.names.roles as Set<string>).add(name.toLowerCase());
        continue;
      }
      // A project's own include directive reads reST files (pip's `pip-news-include:: ../../NEWS.rst`); one that
      // names a file of another kind picks its reST out of it (CMake's `cmake-module:: ../../Modules/X.cmake`
      // inserts only the `#[=[.rst:` comment blocks), which this reading does not follow.
      if (b.name !== 'include' && !RST_LIKE_FILE.test(arg)) continue;
      const opts = new Map(b.options.map((o) => [o.name, o.value]));
      // Literal and code includes, and other parsers, bring no RST names.
      if (opts.has('literal') || opts.has('code') || opts.has('parser')) continue;
      const target = ctx.resolve(from, arg, uri);
      const key = partKey(target, opts);
      if (stack.includes(key)) {
        result.cycles.push({ from, directive: b, uri: target });
        continue;
      }
      const fileText = ctx.readFile(target);
      if (fileText === undefined) continue;
      const { text, offset } = slice(fileText, opts);
      const file: IncludedFile = { uri: target, text, fileText, offset, directive: b, from, opening: openingAt(d, b, opening) };
      result.files.push(file);
      const included = ctx.parse(target, text);
      addNames(included, result.names);
      if (depth < MAX_DEPTH) {
        stack.push(key);
        visit(included, target, depth + 1, file.opening);
        stack.pop();
      }
    }
  };
  visit(doc, uri, 0, 'start');
  return result;
}

/**
 * What precedes the text an include directive `b` of `d` inserts, in the document's tree: docutils parses the
 * included lines in the including state machine, where the directive was (`insert_input`), so the elements
 * before the directive in its document or section precede that text. At the top of `d`: what precedes `d`
 * itself (`opening`). An include nested in another element is taken as following one (docutils has no
 * transition there).
 */
function openingAt(d: RstDocument, b: DirectiveBlock, opening: Opening): Opening {
  const i = d.blocks.indexOf(b);
  if (i < 0) return 'element';
  const prev = d.blocks[i - 1];
  if (!prev) return opening;
  return prev.kind === 'section' ? 'start' : prev.kind === 'transition' ? 'transition' : 'element';
}

/**
 * The parts of each file that a document reads when it includes the file in parts only (`:start-after:`,
 * `:end-before:`, `:start-line:`, `:end-line:`), as offsets into the file; a file it also reads whole has none.
 */
export function partsRead(files: readonly IncludedFile[]): Map<string, Span[]> {
  const parts = new Map<string, Span[]>();
  const whole = new Set<string>();
  for (const f of files) {
    if (f.offset === 0 && f.text.length === f.fileText.length) {
      whole.add(f.uri);
      continue;
    }
    let list = parts.get(f.uri);
    if (!list) parts.set(f.uri, (list = []));
    list.push({ start: f.offset, end: f.offset + f.text.length });
  }
  for (const uri of whole) parts.delete(uri);
  return parts;
}

/** A file and its clip options (`start-line`, `end-line`, `start-after`, `end-before`), as docutils logs an include. */
function partKey(uri: string, opts: Map<string, string> | undefined): string {
  const clip = CLIP_OPTIONS.map((o) => opts?.get(o) ?? '\u0001');
  return [uri, ...clip].join('\u0000');
}
const CLIP_OPTIONS = ['start-line', 'end-line', 'start-after', 'end-before'];

/** Every name a document defines itself: targets and section titles, substitutions, footnotes, roles. */
export function documentNames(doc: RstDocument): IncludedNames {
  const names = { targets: new Set<string>(), substitutions: new Set<string>(), roles: new Set<string>() };
  addNames(doc, names);
  return names;
}

function addNames(doc: RstDocument, names: IncludedNames): void {
  const targets = names.targets as Set<string>;
  const subs = names.substitutions as Set<string>;
  const roles = names.roles as Set<string>;
  for (const t of bindNames(doc).defs) targets.add(t.refname);
  for (const b of flatten(doc).blocks) {
    if (b.kind === 'substitutionDef') {
      subs.add(b.refname);
      subs.add(b.name);
    } else if (b.kind === 'footnote') targets.add(b.label);
    else if (b.kind === 'directive' && b.name === 'role') {
      const m = /^([^\s(]+)/.exec(b.argument.trim());
      if (m) roles.add(m[1].toLowerCase());
    }
  }
}

/** docutils' include options that select part of the file: the part, and where it starts in the file. */
function slice(text: string, opts: Map<string, string>): { text: string; offset: number } {
  let start = 0;
  let end = text.length;
  const startLine = parseInt(opts.get('start-line') ?? '', 10);
  const endLine = parseInt(opts.get('end-line') ?? '', 10);
  if (Number.isFinite(startLine) || Number.isFinite(endLine)) {
    // `include_file.readlines()` (`read().splitlines(True)`) cut as `lines[startline:endline]`: a Python slice,
    // so a negative bound counts from the end, and a final line break starts no further line (`:end-line: -1`
    // drops the last line of text, not an empty one after it).
    const starts = lineStarts(text);
    const lineOffset = (n: number) => {
      const k = n < 0 ? Math.max(0, starts.length + n) : Math.min(n, starts.length);
      return k >= starts.length ? text.length : starts[k];
    };
    if (Number.isFinite(startLine)) start = lineOffset(startLine);
    if (Number.isFinite(endLine)) end = Math.max(start, lineOffset(endLine));
  }
  const after = opts.get('start-after');
  if (after) {
    const i = text.indexOf(after, start);
    if (i >= 0 && i < end) start = i + after.length;
  }
  const before = opts.get('end-before');
  if (before) {
    const i = text.indexOf(before, start);
    if (i >= 0 && i < end) end = i;
  }
  return { text: text.slice(start, end), offset: start };
}

/** Where each line of `text` starts, as Python's `str.splitlines` splits it (no empty line after a final break). */
function lineStarts(text: string): number[] {
  const starts: number[] = [];
  const breaks = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g;
  let at = 0;
  for (let m = breaks.exec(text); m; m = breaks.exec(text)) {
    starts.push(at);
    at = m.index + m[0].length;
  }
  if (at < text.length) starts.push(at);
  return starts;
}

/**
 * docutils inserts an included file's lines right after its `.. include::` directive (`insert_input`), so the
 * line that follows the directive in the document is not where its explicit markup ends: no "Explicit markup
 * ends without a blank line" there (neutron-lib's api-ref: a title straight after each `.. include:: x.inc`;
 * docutils 0.19 reports nothing, whatever the included file starts with). Drops those warnings of `problems`
 * that follow an include of `files` (the includes of `doc` whose file was read).
 */
export function dropWarningsAfterIncludes(problems: RstProblem[], doc: RstDocument, uri: string, files: readonly IncludedFile[]): void {
  const after = new Set(files.filter((f) => f.from === uri).map((f) => f.directive.endLine + 1));
  if (!after.size) return;
  const starts = doc.lines.start;
  let kept = 0;
  for (const p of problems) {
    const dropped = p.code === 'rst.no-blank-line' && p.message.startsWith('Explicit markup ends') && after.has(lineIndex(doc.lines.length, (i) => starts[i], p.start));
    if (!dropped) problems[kept++] = p;
  }
  problems.length = kept;
}

/**
 * Which documents include each file (`.. include::`, nested includes too), kept as documents are indexed: a
 * file outside every Sphinx source folder that a document includes (pallets' `CHANGES.rst`, pulled into
 * `docs/changes.rst`) is read by the build as part of that document, so it is checked in that document's project.
 */
export class IncluderMap {
  private readonly includers = new Map<string, Set<string>>();
  private readonly includes = new Map<string, string[]>();

  /** Records what `uri` includes now; returns the files whose set of includers changed. */
  set(uri: string, targets: readonly string[]): string[] {
    const old = this.includes.get(uri) ?? [];
    const next = [...new Set(targets)].filter((t) => t !== uri);
    if (old.length === next.length && old.every((t, i) => t === next[i])) return [];
    const changed: string[] = [];
    for (const t of old) {
      if (next.includes(t)) continue;
      const set = this.includers.get(t);
      set?.delete(uri);
      if (set && !set.size) this.includers.delete(t);
      changed.push(t);
    }
    for (const t of next) {
      if (old.includes(t)) continue;
      let set = this.includers.get(t);
      if (!set) this.includers.set(t, (set = new Set()));
      set.add(uri);
      changed.push(t);
    }
    if (next.length) this.includes.set(uri, next);
    else this.includes.delete(uri);
    return changed;
  }

  /** The documents that include `uri` (none: an empty list). */
  of(uri: string): readonly string[] {
    const set = this.includers.get(uri);
    return set ? [...set] : [];
  }
}
