/**
 * reno's release notes: `releasenotes/notes/*.yaml`, a YAML mapping of sections (`features`, `fixes`, ...) to
 * lists of reStructuredText notes, and a `prelude` string. reno's Sphinx extension (`.. release-notes::`)
 * writes each note into one reStructuredText report (a list section's note as a bullet list item, the prelude as
 * it is) and parses it: a broken note fails the release-notes build (`sphinx-build -W`) far from the note.
 *
 * Here each note is parsed as reno writes it, and its problems are put back at their place in the YAML file.
 * reno's own rules come too: a file that is no mapping (the build stops), a section reno does not know (left out of
 * the report; `reno lint` fails on it), a note that is no string or empty (its formatter fails), a file of the notes
 * folder it ignores (`noteKind`), two notes of one id (`noteUid`: its scanner keeps one).
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Scalar } from 'yaml';
import { closest, normalizeName } from '../rst/text';
import type { RstDocument, RstProblem } from '../rst/types';
import { flatten } from '../rst/walk';

/** reno's default sections (reno/config.py), in report order; the prelude comes before them. */
const DEFAULT_SECTIONS: [string, string][] = [
  ['features', 'New Features'],
  ['issues', 'Known Issues'],
  ['upgrade', 'Upgrade Notes'],
  ['deprecations', 'Deprecation Notes'],
  ['critical', 'Critical Issues'],
  ['security', 'Security Issues'],
  ['fixes', 'Bug Fixes'],
  ['other', 'Other Notes'],
];
const DEFAULT_PRELUDE = 'prelude';

/** What a note file is checked against: reno's configuration (`releasenotes/config.yaml`, else `reno.yaml`). */
export interface RenoConfig {
  /** The sections' names, in report order. */
  sections: string[];
  /** Their titles in the report, the prelude's first: each is a target a note may refer to (`` `Upgrade Notes`_ ``). */
  titles: string[];
  prelude: string;
}

export const DEFAULT_RENO_CONFIG: RenoConfig = configOf(DEFAULT_SECTIONS, DEFAULT_PRELUDE);

function configOf(sections: [string, string][], prelude: string): RenoConfig {
  // reno's title of the prelude: its name with spaces for underscores, in title case.
  const preludeTitle = prelude.replace(/_/g, ' ').replace(/\w\S*/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase());
  return { sections: sections.map((s) => s[0]), titles: [preludeTitle, ...sections.map((s) => s[1])], prelude };
}

/** The folder of reno's notes (`releasenotes/notes`, reno's default `notespath`) and the path of a file under it. */
const UNDER_NOTES = /^(.*?(?:^|[/\\]))releasenotes[/\\]notes[/\\](.+)$/;

/**
 * What reno makes of a file: a note (a `.yaml` file under a `releasenotes/notes` folder, its sub-folders too, as
 * reno's scanner takes them), a file there it ignores (`fix-bug.yml`, `fix-bug.rst`, a name without `.yaml`:
 * reno logs "found and ignored extra file" and the note is left out), or neither. Hidden files and READMEs are
 * no notes anyone meant.
 */
export function noteKind(uriOrPath: string): 'note' | 'ignored' | undefined {
  const m = UNDER_NOTES.exec(uriOrPath);
  if (!m) return undefined;
  const name = m[2].slice(Math.max(m[2].lastIndexOf('/'), m[2].lastIndexOf('\\')) + 1);
  // reno's scanner matches `*.yaml` as fnmatch does on Linux: with this case.
  if (/\.yaml$/.test(name)) return 'note';
  return name.startsWith('.') || /^readme/i.test(name) ? undefined : 'ignored';
}

/** A release note: a `.yaml` file under a `releasenotes/notes` folder. */
export function isReleaseNote(uriOrPath: string): boolean {
  return noteKind(uriOrPath) === 'note';
}

/**
 * The files reno reads its configuration from, for a note (a URI or a path with `/`), in reno's order: the
 * release notes folder's `config.yaml`, then `reno.yaml` at the repository's top (the folder above it).
 */
export function renoConfigFiles(note: string): string[] {
  const m = UNDER_NOTES.exec(note);
  return m ? [`${m[1]}releasenotes/config.yaml`, `${m[1]}reno.yaml`] : [];
}

/** The folder of reno's notes a file lies under (a URI or path ending in `releasenotes/notes/`); undefined outside one. */
export function notesRoot(uriOrPath: string): string | undefined {
  const m = UNDER_NOTES.exec(uriOrPath);
  return m ? uriOrPath.slice(0, uriOrPath.length - m[2].length) : undefined;
}

/** The Sphinx project that builds the notes, by reno's convention: `releasenotes/source` (a document's place in it). */
export function releaseNotesSource(note: string): string | undefined {
  const m = UNDER_NOTES.exec(note);
  return m ? `${m[1]}releasenotes/source/index.rst` : undefined;
}

/**
 * The problem of a file reno ignores (`noteKind` = `ignored`): it is left out of the release notes. `name` is the
 * file's name; the name reno would read is suggested.
 */
export function ignoredNoteProblem(name: string): RstProblem {
  const base = name.replace(/\s+$/, '').replace(/\.(ya?ml|rst|txt)$/i, '').replace(/\.?yaml$/i, '');
  return {
    code: 'reno.ignored-file',
    message: `reno reads only the .yaml files of releasenotes/notes: "${name}" is left out of the release notes. Rename it to "${base}.yaml".`,
    start: 0,
    end: 0,
    data: { rename: `${base}.yaml` },
  };
}

/** A section offered where a top-level key is being typed (`releaseNoteSections`). */
export interface SectionCompletion {
  name: string;
  title: string;
  /** Where the word typed so far starts. */
  replaceStart: number;
  /** A snippet: the key and its first note (the prelude: a block). */
  snippet: string;
}

/**
 * The sections to offer at `offset` of a note's text: where a line holds only the start of a top-level key, the
 * sections of reno's configuration (the prelude first) that the file does not have yet, each with its title.
 */
export function releaseNoteSections(text: string, offset: number, config: RenoConfig): SectionCompletion[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const typed = text.slice(lineStart, offset);
  if (!/^[\w-]*$/.test(typed)) return [];
  const rest = text.slice(offset, text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset));
  if (rest.trim() !== '') return [];
  const present = new Set([...text.matchAll(/^([\w-]+)[ \t]*:/gm)].map((m) => m[1]));
  const names = [config.prelude, ...config.sections];
  return names
    .map((name, i) => ({ name, title: config.titles[i] }))
    .filter((s) => !present.has(s.name) && s.name.startsWith(typed))
    .map((s) => ({ ...s, replaceStart: lineStart, snippet: s.name === config.prelude ? `${s.name}: |\n  $0` : `${s.name}:\n  - |\n    $0` }));
}

/** A quick fix of a release note's problem: an edit of its text, or a new name for its file. */
export interface NoteAction {
  title: string;
  /** The position of the problem it fixes in the list given. */
  fixes: number;
  edit?: { start: number; end: number; newText: string };
  /** The file's new name, in its folder. */
  rename?: string;
}

/**
 * The quick fixes of a note's problems (`problems`, as the editor sends them back): the closest section for one
 * reno does not know, the name reno reads for a file it ignores, a new id for a note that shares its id. `name` is
 * the file's name; `randomHex` gives the 16 hex digits of a new id, as `reno new` makes one.
 */
export function releaseNoteActions(name: string, problems: readonly { code: string; start: number; end: number; data?: Record<string, unknown> }[], randomHex: () => string): NoteAction[] {
  const out: NoteAction[] = [];
  problems.forEach((p, i) => {
    const data = p.data ?? {};
    if (p.code === 'reno.unknown-section' && typeof data.suggestion === 'string') {
      out.push({ title: `Change to "${data.suggestion}"`, fixes: i, edit: { start: p.start, end: p.end, newText: data.suggestion } });
    } else if (p.code === 'reno.ignored-file' && typeof data.rename === 'string' && /^[^/\\]+$/.test(data.rename)) {
      out.push({ title: `Rename to "${data.rename}"`, fixes: i, rename: data.rename });
    } else if (p.code === 'reno.duplicate-id') {
      const root = name.replace(/\.yaml$/i, '');
      const uid = noteUid(name);
      const slug = root.endsWith(uid) ? root.slice(0, -uid.length).replace(/-$/, '') : root.slice(uid.length).replace(/^-/, '');
      const fresh = `${slug || 'note'}-${randomHex()}.yaml`;
      out.push({ title: `Give the note a new id: "${fresh}"`, fixes: i, rename: fresh });
    }
  });
  return out;
}

/**
 * A note's unique id, as reno's scanner takes it from the file's name (`_get_unique_id`): the last 16 characters
 * before the suffix (the hex `reno new` appends), or the first 16 when those hold a `-` (older notes).
 */
export function noteUid(fileName: string): string {
  const root = fileName.replace(/\.[^.]*$/, '');
  const last = root.slice(-16);
  return last.includes('-') ? root.slice(0, 16) : last;
}

/**
 * Another note of the same id (`others`, by URI and name): reno takes the two for one note renamed, so the release
 * notes keep only the later one (real build: of two notes added one commit apart, only the second is shown), and two
 * added in one commit stop its build ("found several files in one commit ... with the same UID").
 */
export function duplicateIdProblem(uid: string, others: { uri: string; name: string }[]): RstProblem {
  return {
    code: 'reno.duplicate-id',
    message: `${others.map((o) => `"${o.name}"`).join(', ')} ${others.length === 1 ? 'has' : 'have'} this note's id too ("${uid}", from the end of the name): reno takes such notes for one, so the release notes keep only one of them (added in one commit, they stop the build). Give this note a new id, as \`reno new\` makes one.`,
    start: 0,
    end: 0,
    related: others.map((o) => ({ uri: o.uri, start: 0, end: 0, message: 'the note with the same id' })),
  };
}

/** reno's configuration from the text of its file (undefined: no file); what cannot be read keeps reno's default. */
export function readRenoConfig(text: string | undefined): RenoConfig {
  if (text === undefined) return DEFAULT_RENO_CONFIG;
  let value: unknown;
  try {
    const doc = parseDocument(text, { version: '1.1' });
    if (doc.errors.length) return DEFAULT_RENO_CONFIG; // PyYAML fails on it: reno stops
    value = doc.toJS();
  } catch {
    return DEFAULT_RENO_CONFIG;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return DEFAULT_RENO_CONFIG;
  const v = value as Record<string, unknown>;
  const sections = Array.isArray(v.sections)
    ? v.sections.flatMap((s): [string, string][] => (Array.isArray(s) && typeof s[0] === 'string' ? [[s[0], typeof s[1] === 'string' ? s[1] : s[0]]] : []))
    : DEFAULT_SECTIONS;
  const prelude = typeof v.prelude_section_name === 'string' ? v.prelude_section_name : DEFAULT_PRELUDE;
  return configOf(sections, prelude);
}

/**
 * The targets a note file defines (a note may refer to another note's: reno writes a release's notes into one
 * page): `.. _name:` and `` .. _`phrase`: ``, with the URI when it stands on the same line or alone on the next, and a named reference
 * with its URI (`` `tuning <https://...>`_ ``), which defines its text as a target.
 */
export function noteTargets(text: string): { name: string; uri?: string }[] {
  const out: { name: string; uri?: string }[] = [];
  // The URI on the target's line, or alone on the next line, indented further (a block scalar's `.. _x:` then the URI).
  for (const m of text.matchAll(/^([ \t]*)(?:- )?\.\.[ \t]+_(?:`([^`\n]+)`|((?:[^:`\\\n]|\\.)+)):(?=[ \t]|$)(?:[ \t]+(\S+)[ \t]*$|[ \t]*\r?\n\1[ \t]+([^\s.]\S*)[ \t]*$)?/gm)) {
    out.push({ name: normalizeName((m[2] ?? m[3]).replace(/\\(.)/g, '$1')), uri: m[4] ?? m[5] });
  }
  for (const m of text.matchAll(/`([^`<]*?[^\s`<])\s*<([^`<>]+)>`_(?!_)/g)) out.push({ name: normalizeName(m[1]), uri: m[2].replace(/\s+/g, '') });
  return out;
}

/** A link of a note: a named reference (`` `bug 1`_ ``) to the address of its target (this note's or another's). */
export interface NoteLink {
  start: number;
  end: number;
  target: string;
}

/**
 * The links of a note file: each named reference of its notes (as reno writes them) whose target, defined in the
 * file or in `elsewhere` (the other notes of its folder: reno writes a release's notes into one page), has a web
 * address; the reference's place in the YAML. `parse` parses one note's reStructuredText.
 */
export function releaseNoteLinks(text: string, config: RenoConfig, parse: (rst: string) => RstDocument, elsewhere: ReadonlyMap<string, string>): NoteLink[] {
  const own = new Map(noteTargets(text).flatMap((t) => (t.uri ? [[t.name, t.uri] as [string, string]] : [])));
  const links: NoteLink[] = [];
  visitNotes(text, config, [], (node, listItem) => {
    const { rst, back } = notePiece(text, node, listItem);
    for (const i of flatten(parse(rst)).inlines) {
      if (i.kind !== 'reference' || !i.refname || i.embedded) continue;
      const target = own.get(i.refname) ?? elsewhere.get(i.refname);
      const start = back(i.start);
      const end = back(i.end);
      if (target && /^(https?|ftp|mailto):/i.test(target) && end > start) links.push({ start, end, target });
    }
  });
  return links.sort((a, b) => a.start - b.start);
}

/**
 * The problems of a note file, as offsets into it. `checkRst` checks one piece of reStructuredText as a whole
 * document (the parser's problems and the document checks, with the registry of the project that builds the
 * notes) and gives offsets into that text; `targets` are the names it may refer to without defining them: those
 * of the file's other notes, and `elsewhere` (the other note files'; which release each is in is git's to say).
 */
export function releaseNoteProblems(
  text: string,
  config: RenoConfig,
  checkRst: (rst: string, targets: ReadonlySet<string>) => RstProblem[],
  elsewhere: Iterable<string> = [],
): RstProblem[] {
  const problems: RstProblem[] = [];
  // The report's section titles are targets too (`` `Upgrade Notes`_ ``).
  const targets = new Set([...noteTargets(text).map((t) => t.name), ...elsewhere, ...config.titles.map(normalizeName)]);
  visitNotes(text, config, problems, (node, listItem) => {
    // Each note checked as reno writes it into the report, its problems mapped back into the file.
    const { rst, back } = notePiece(text, node, listItem);
    for (const p of checkRst(rst, targets)) {
      const start = back(p.start);
      problems.push({
        ...p,
        start,
        end: Math.max(start, back(p.end)),
        related: p.related?.flatMap((r) => (r.uri ? [] : [{ ...r, start: back(r.start), end: back(r.end) }])),
      });
    }
  });
  return problems;
}

/**
 * Walks a note file as reno reads it: reno's own rules (`reno.*`) pushed into `problems`, in the file's order, and
 * `visit` called on each note reno writes into the report (the prelude, `listItem` false; each note of a section
 * it knows), in that order too.
 */
function visitNotes(text: string, config: RenoConfig, problems: RstProblem[], visit: (node: Scalar, listItem: boolean) => void): void {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: false });
  // PyYAML's safe_load fails on these; reno's build stops on the file.
  for (const e of doc.errors) {
    const start = Math.min(e.pos[0], text.length);
    problems.push({ code: 'reno.invalid-yaml', message: `The note is not valid YAML, reno cannot read it: ${firstLine(e.message)}`, start, end: Math.max(start, Math.min(e.pos[1], text.length)) });
  }
  if (doc.errors.length) return;
  const top = doc.contents;
  if (!isMap(top)) {
    const at = top?.range ?? [0, 0];
    problems.push({
      code: 'reno.not-a-mapping',
      message: 'The note is not a YAML mapping of sections, so reno\'s build stops on it ("does not appear to be structured as a YAML mapping. Did you forget a top-level key?").',
      start: at[0],
      end: top ? at[1] : Math.min(text.length, lineEnd(text, 0)),
    });
    return;
  }
  const known = new Set(config.sections);
  for (const pair of top.items) {
    const key = pair.key as YamlNode | null;
    const name = isScalar(key) ? String(key.value) : undefined;
    const keyRange = key?.range ?? [0, 0];
    const value = pair.value as YamlNode | null;
    if (name === config.prelude) {
      // reno writes the prelude into the report as it is: anything but a string stops the build there.
      if (isScalar(value) && typeof value.value === 'string') check(value, false);
      else notString(value, keyRange, `The ${name} section is not a single string (YAML reads it as ${kindOf(value)}): reno's build fails on it. Write it as a block (\`${name}: |\`).`);
      continue;
    }
    if (name === undefined || !known.has(name)) {
      const all = [config.prelude, ...config.sections];
      const suggestion = name === undefined ? undefined : closest(name, all);
      const list = all.length <= 12 ? all.join(', ') : `${all.slice(0, 12).join(', ')} and ${all.length - 12} more`;
      problems.push({
        code: 'reno.unknown-section',
        message: `"${name ?? String(key)}" is not a section reno knows: the release notes leave its notes out (reno only logs a line about it, which fails no build; \`reno lint\` fails on it). ${suggestion ? `Did you mean "${suggestion}"?` : `It should be one of: ${list}.`}`,
        start: keyRange[0],
        end: keyRange[1],
        data: suggestion ? { suggestion } : undefined,
      });
      continue; // the report has no place for it: nothing of it reaches the build
    }
    // `security: *notes`: the notes its anchor names, checked where they are written.
    const target = isAlias(value) ? value.resolve(doc) : undefined;
    if (isSeq(target) || (isScalar(target) && typeof target.value === 'string')) continue;
    if (isScalar(value) && typeof value.value === 'string') check(value, true);
    else if (isSeq(value)) {
      for (const item of value.items as (YamlNode | null)[]) {
        // `- *note`: the note its anchor names, checked where it is written.
        const target = isAlias(item) ? item.resolve(doc) : undefined;
        if (isScalar(target) && typeof target.value === 'string') continue;
        if (isScalar(item) && typeof item.value === 'string') check(item, true);
        else notString(item, keyRange, `This note is not a string (YAML reads it as ${kindOf(item)}): reno's build fails on it. Quote it, or write it as a block (\`- |\`).`);
      }
    } else if (value === null || (isScalar(value) && value.value === null)) {
      problems.push({ code: 'reno.malformed-section', message: `The ${name} section is empty: reno warns ("does not parse as a string or list of strings") and leaves it out.`, start: keyRange[0], end: keyRange[1] });
    } else if (isMap(value)) {
      // `- Fixed: the thing` or a note under the key without its `-`: YAML reads `key: value`.
      problems.push({ code: 'reno.malformed-section', message: `The ${name} section is a mapping, not a list of notes: reno warns and writes only its keys (a note holding ": " reads as a key and its value; quote it, or write it as a block \`- |\`).`, start: value.range?.[0] ?? keyRange[0], end: value.range?.[1] ?? keyRange[1] });
    } else {
      notString(value, keyRange, `The ${name} section is neither a string nor a list of strings (YAML reads it as ${kindOf(value)}): reno's build fails on it.`);
    }
  }

  function notString(node: YamlNode | null, fallback: [number, number] | readonly number[], message: string) {
    const r = node?.range ?? fallback;
    problems.push({ code: 'reno.not-a-string', message, start: r[0], end: Math.max(r[0], r[1]) });
  }

  /** A note reno writes into the report: visited, but an empty list item, on which reno's build fails. */
  function check(node: Scalar, listItem: boolean) {
    const range = node.range ?? [0, 0, 0];
    if (listItem && String(node.value) === '') {
      // reno's `_indent_for_list` takes the first line of the note: an empty one has none (IndexError).
      problems.push({ code: 'reno.empty-note', message: 'An empty note: reno\'s build fails on it (it writes a note from its first line). Remove it, or write the note.', start: range[0], end: Math.max(range[0], range[1]) });
      return;
    }
    visit(node, listItem);
  }
}

/**
 * One note as reno writes it into the report (`- ` before the first line of a list item and two spaces before the
 * others, reno's `_indent_for_list`; the prelude as it is), and the map of its offsets back into the file.
 */
function notePiece(text: string, node: Scalar, listItem: boolean): { rst: string; back: (offset: number) => number } {
  const note = String(node.value);
  const { lines, starts, at } = valueLines(text, node);
  const indent = listItem ? 2 : 0;
  const rst = (listItem ? '- ' : '') + lines.join(listItem ? '\n  ' : '\n') + '\n';
  const rstStarts: number[] = [];
  let s = 0;
  for (const l of lines) {
    rstStarts.push(s);
    s += l.length + indent + 1;
  }
  const back = (o: number): number => {
    let line = upperBound(rstStarts, o) - 1;
    if (line < 0) line = 0;
    const col = Math.max(0, o - rstStarts[line] - indent);
    const noteOffset = Math.min(note.length, starts[line] + Math.min(col, lines[line].length));
    return at(noteOffset);
  };
  return { rst, back };
}

/** A note's lines (a last empty one dropped), where each starts in the value, and the map from the value's offsets to the file's. */
function valueLines(text: string, node: Scalar): { lines: string[]; starts: number[]; at: (offset: number) => number } {
  const note = String(node.value);
  const range = node.range ?? [0, 0, 0];
  const at = alignScalar(text, range[0], range[1], node.type, note);
  const lines = note.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const starts: number[] = [];
  let offset = 0;
  for (const l of lines) {
    starts.push(offset);
    offset += l.length;
    offset += note.startsWith('\r\n', offset) ? 2 : offset < note.length ? 1 : 0;
  }
  return { lines, starts, at };
}

/** The page reno writes for one note file, and for each of its lines the line of the file it comes from. */
export interface NotePage {
  rst: string;
  /** The note file's line (0-based) of each line of `rst`. */
  lineOf: number[];
  /**
   * For each line of `rst`, how many columns further right its text stands in the note file (a block scalar's
   * indentation against the page's two spaces of a list item): a diagram's node found at a column of the page is at
   * that column plus this in the note.
   */
  shiftOf: number[];
}

/**
 * What reno's formatter writes of one note file into the release notes page (reno/formatter.py, without the
 * version title and the anchors): the prelude under its title, as it is; then each section the configuration
 * lists, in its order, under its title, each note a bullet item (`- ` before the first line, two spaces before the
 * others) and an empty line. A section reno does not know, a note that is no string or empty, are left out, as the
 * report leaves them out (the checks say why). For the preview of a note: `reno report` (4.0.0) of a repository
 * holding one note writes these lines, between its anchors and version title (a unit test holds one such report).
 */
export function releaseNotePage(text: string, config: RenoConfig): NotePage {
  const out: string[] = [];
  const lineOf: number[] = [];
  const shiftOf: number[] = [];
  const fileStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) fileStarts.push(i + 1);
  const lineAt = (o: number) => Math.max(0, upperBound(fileStarts, o) - 1);
  const push = (line: string, from: number, shift = 0) => {
    out.push(line);
    lineOf.push(from);
    shiftOf.push(shift);
  };
  /** A line of a note's value, written after `prefix` on the page; `fileOffset`: where its first character is in the file. */
  const pushValue = (line: string, prefix: string, fileOffset: number) => {
    const at = lineAt(fileOffset);
    push(prefix + line, at, Math.max(0, fileOffset - fileStarts[at] - prefix.length));
  };
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: false });
  const top = doc.contents;
  if (doc.errors.length || !isMap(top)) {
    push(doc.errors.length ? 'reno cannot read this note: it is not valid YAML.' : 'reno cannot read this note: it is not a YAML mapping of sections.', 0);
    return { rst: out.join('\n') + '\n', lineOf, shiftOf };
  }
  // PyYAML keeps the last of two equal keys.
  const sections = new Map<string, { line: number; value: YamlNode | null }>();
  for (const pair of top.items) {
    const key = pair.key as YamlNode | null;
    if (isScalar(key)) sections.set(String(key.value), { line: lineAt(key.range?.[0] ?? 0), value: pair.value as YamlNode | null });
  }
  const title = (name: string, line: number, underline: number) => {
    push(name, line);
    push('-'.repeat(underline), line);
    push('', line);
  };
  const prelude = sections.get(config.prelude);
  if (prelude && isScalar(prelude.value) && typeof prelude.value.value === 'string') {
    // reno underlines the prelude's title as long as the section's name.
    title(config.titles[0], prelude.line, config.prelude.length);
    const { lines, starts, at } = valueLines(text, prelude.value);
    lines.forEach((l, k) => pushValue(l, '', at(starts[k])));
    // reno adds an empty line to the prelude as it is (which ends with a line break when written as a block).
    push('', lineOf[lineOf.length - 1]);
    if (/\n$/.test(String(prelude.value.value))) push('', lineOf[lineOf.length - 1]);
  }
  config.sections.forEach((name, i) => {
    const section = sections.get(name);
    if (!section) return;
    // `security: *notes`: the section its anchor names.
    const value = isAlias(section.value) ? (section.value.resolve(doc) ?? null) : section.value;
    const items = isSeq(value) ? (value.items as (YamlNode | null)[]) : [value];
    const notes = items
      .map((item) => (isAlias(item) ? item.resolve(doc) : item))
      .filter((n): n is Scalar => isScalar(n) && typeof n.value === 'string' && n.value !== '');
    if (!notes.length) return;
    title(config.titles[i + 1], section.line, config.titles[i + 1].length);
    for (const note of notes) {
      // reno's `_indent_for_list`: two spaces before every line but the first (blank ones too), a line break after.
      const { lines, starts, at } = valueLines(text, note);
      lines.forEach((l, k) => pushValue(l, k === 0 ? '- ' : '  ', at(starts[k])));
      push('', lineOf[lineOf.length - 1]);
    }
    push('', lineOf[lineOf.length - 1]);
  });
  if (!out.length) push('This note has no note in a section reno knows: the release notes show nothing of it.', 0);
  return { rst: out.join('\n') + '\n', lineOf, shiftOf };
}

/**
 * A map from offsets in a scalar's value to offsets in the file: the value's characters are found in order in
 * the scalar's source (`text` from `from` to `to`), skipping a block scalar's header and indentation, the
 * indentation of a flow scalar's continued lines, quotes and escapes. A line break folded into a space
 * matches the break. A character not found nearby maps to where the search stands.
 */
function alignScalar(text: string, from: number, to: number, type: Scalar['type'], value: string): (offset: number) => number {
  const raw: number[] = []; // file offsets of the characters that can carry the value
  const block = type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED';
  let i = from;
  if (block) {
    while (i < to && text[i] !== '\n') i++; // the header (`|`, `>-`, `|2`)
    i++;
    let indent = Infinity;
    for (let j = i; j < to; ) {
      let k = j;
      while (k < to && text[k] === ' ') k++;
      if (k < to && text[k] !== '\n' && text[k] !== '\r') indent = Math.min(indent, k - j);
      const e = text.indexOf('\n', j);
      if (e < 0 || e >= to) break;
      j = e + 1;
      if (indent !== Infinity) break; // the first line with text sets it
    }
    if (indent === Infinity) indent = 0;
    while (i < to) {
      let k = i;
      while (k < to && k - i < indent && text[k] === ' ') k++;
      for (; k < to && text[k] !== '\n'; k++) raw.push(k);
      if (k < to) raw.push(k);
      i = k + 1;
    }
  } else {
    let lineStart = true;
    for (; i < to; i++) {
      const c = text[i];
      if (lineStart && (c === ' ' || c === '\t') && i > from) continue;
      lineStart = c === '\n';
      raw.push(i);
    }
  }
  const map = new Int32Array(value.length + 1);
  let j = 0;
  for (let v = 0; v < value.length; v++) {
    const c = value[v];
    let k = j;
    // A few characters may stand between (quotes, an escape, trailing spaces before a folded break).
    while (k < raw.length && k - j < 8 && !matches(c, text[raw[k]])) k++;
    if (k < raw.length && k - j < 8) {
      map[v] = raw[k];
      j = k + 1;
    } else map[v] = j < raw.length ? raw[j] : to;
  }
  map[value.length] = j < raw.length ? raw[j] : Math.max(from, to);
  return (o) => map[Math.max(0, Math.min(value.length, o))];
}

function matches(valueChar: string, sourceChar: string): boolean {
  return valueChar === sourceChar || (valueChar === ' ' && sourceChar === '\n') || (valueChar === '\n' && sourceChar === '\r');
}

function kindOf(node: YamlNode | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'nothing' : typeof node.value === 'boolean' ? `the boolean ${String(node.value)}` : typeof node.value === 'number' ? `the number ${String(node.value)}` : `a ${typeof node.value}`;
  return 'something else';
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

function lineEnd(text: string, at: number): number {
  const e = text.indexOf('\n', at);
  return e < 0 ? text.length : e;
}

/** The first index whose value is greater than `x` (`xs` ascending). */
function upperBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
