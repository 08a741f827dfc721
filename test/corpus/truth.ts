/**
 * What the reference tools (docutils, Sphinx, native dot) said, mapped onto our diagnostic codes.
 *
 * The ground truth names messages by docutils' wording and a coarse `type`; we name them by stable
 * codes. `classify` turns one truth entry into the set of our codes that report the same problem.
 * Messages decide first (a few truth types are `other`), the type decides when no wording is known,
 * and a code whose name ends in `.<type>` always matches (so a new `sphinx.duplicate-label` check
 * is compared with Sphinx's `duplicate-label` without editing this file).
 */
import { allCodes } from '../../server/src/codes';

/** One message of a reference tool, as stored in truth/rst.jsonl and broken/expected.jsonl. */
export interface TruthEntry {
  file: string;
  /** The Sphinx project (doc root) that built the file; Sphinx entries only. */
  group?: string;
  /** 1-based; null when the tool gave none (Sphinx's DOT errors, dot's warnings). */
  line: number | null;
  level: string;
  message: string;
  source: 'docutils' | 'sphinx' | 'dot';
  type: string;
  detail?: string;
}

/** The codes of ours that report the same problem as a truth entry. */
export interface CodeSet {
  /** Short name for reports: a code, or a family such as `dot.* (syntax)`. */
  label: string;
  codes: readonly string[];
  /** Any code with this prefix is accepted (the DOT checks: native dot gives no code, only a message). */
  prefix?: string;
  /** With `prefix`: which registered codes count as "the check exists" (tested on name and description). */
  concept?: RegExp;
  /** The truth type, for the `.<type>` suffix rule and for grouping. */
  type: string;
  /**
   * docutils and Sphinx report the first line of the construct (the paragraph of an inline problem, the
   * directive line of a bad option); we report the exact line. Any line of the block of non-blank lines
   * around the truth line is accepted.
   */
  atConstructStart: boolean;
  /** Sphinx reports some directive problems at the end of the directive (a figure's caption): accept ours up to this many lines before. */
  before?: number;
}

interface Rule {
  test: RegExp;
  codes: string[];
  /** See `CodeSet.atConstructStart`. */
  start?: boolean;
  before?: number;
}

/** Docutils/Sphinx wording (0.19 to 0.22 and Sphinx 5 to 8) to our codes. First match wins. */
const RULES: Rule[] = [
  { test: /Title underline too short/, codes: ['rst.title-underline-too-short'] },
  { test: /Title overline too short/, codes: ['rst.title-overline-too-short'] },
  { test: /Title overline & underline mismatch/, codes: ['rst.title-overline-mismatch'] },
  { test: /Incomplete section title/, codes: ['rst.title-incomplete'] },
  { test: /Missing matching underline for section title overline/, codes: ['rst.title-missing-underline'] },
  { test: /Title level inconsistent|Inconsistent title style/, codes: ['rst.title-level-inconsistent'] },
  { test: /Unexpected section title/, codes: ['rst.unexpected-section-title'] },
  { test: /Possible incomplete section title|Possible title underline|Unexpected possible title/, codes: ['rst.possible-title'] },
  { test: /may not (begin|end) with a transition|adjacent transitions are not allowed/, codes: ['rst.transition-misplaced'] },
  { test: /ends without a blank line; unexpected unindent/, codes: ['rst.no-blank-line'] },
  { test: /^Unexpected indentation/, codes: ['rst.unexpected-indentation'] },
  { test: /Literal block expected; none found/, codes: ['rst.literal-block-expected'] },
  { test: /Blank line required after table/, codes: ['rst.table-no-blank-line'] },
  { test: /Malformed table/, codes: ['rst.malformed-table'] },
  { test: /Enumerated list start value not ordinal-1/, codes: ['rst.enum-start-not-one'] },
  { test: /start-string without end-string/, codes: ['rst.inline-unterminated'], start: true },
  { test: /Unknown interpreted text role/, codes: ['rst.unknown-role'], start: true },
  { test: /unknown directive or role name/, codes: ['rst.unknown-role', 'rst.unknown-directive'], start: true },
  {
    test: /(PEP|RFC) number must be|Multiple roles in interpreted text|both interpreted text role prefix and reference suffix/,
    codes: ['rst.role-error'],
    start: true,
  },
  { test: /Unknown directive type/, codes: ['rst.unknown-directive'] },
  { test: /Content block expected for the/, codes: ['rst.content-expected'] },
  // Directive errors: docutils reports the directive line, we report the offending option or argument.
  { test: /no content permitted/, codes: ['rst.content-not-allowed', 'rst.directive-error'], start: true },
  // A missing blank line after `.. graphviz::` turns the DOT into arguments: "maximum 1 argument(s) allowed, 58 supplied".
  { test: /maximum \d+ argument\(s\) allowed/, codes: ['rst.directive-no-blank-line', 'rst.directive-error'], start: true },
  {
    test: /^Error in "[^"]*" directive|^Invalid context/,
    codes: ['rst.directive-error', 'rst.directive-no-blank-line', 'rst.content-not-allowed'],
    start: true,
  },
  { test: /Ignoring "graphviz" directive without content/, codes: ['sphinx.graphviz-no-content'] },
  { test: /Graphviz directive cannot have both content and a filename argument/, codes: ['sphinx.graphviz-content-and-file'] },
  { test: /External Graphviz file .* not found/, codes: ['sphinx.graphviz-file-not-found'] },
  { test: /Duplicate target name, cannot be used as a unique reference/, codes: ['rst.duplicate-target-reference'], start: true },
  { test: /Unknown target name/, codes: ['rst.unknown-target', 'rst.unknown-citation', 'rst.footnote-mismatch'], start: true },
  { test: /Duplicate explicit target name/, codes: ['rst.duplicate-target', 'rst.duplicate-citation'] },
  { test: /Duplicate implicit target name/, codes: ['rst.duplicate-implicit-target'] },
  { test: /Hyperlink target .* is not referenced/, codes: ['rst.target-not-referenced'] },
  { test: /Anonymous hyperlink mismatch/, codes: ['rst.anonymous-mismatch'], start: true },
  { test: /Undefined substitution referenced/, codes: ['rst.undefined-substitution'], start: true },
  { test: /Duplicate substitution definition name/, codes: ['rst.duplicate-substitution'] },
  { test: /Substitution definition .*(empty or invalid|missing contents)|Substitution definition contains illegal element/, codes: ['rst.substitution-invalid'] },
  { test: /footnote reference|footnote.*not found/i, codes: ['rst.footnote-mismatch'], start: true },
  { test: /citation not found/, codes: ['rst.unknown-citation'], start: true },
  { test: /duplicate citation/, codes: ['rst.duplicate-citation'] },
  { test: /undefined label/, codes: ['sphinx.undefined-label'], start: true },
  { test: /unknown document/, codes: ['sphinx.unknown-document'], start: true },
  { test: /duplicate label/, codes: ['sphinx.duplicate-label'], before: 5 },
  { test: /image file not readable/, codes: ['sphinx.image-not-found'], before: 15 },
  { test: /download file not readable/, codes: ['sphinx.download-not-found'], start: true },
  { test: /Problems with "include" directive path/, codes: ['rst.include-not-found'] },
  { test: /Include file .* not found or reading it failed/, codes: ['sphinx.include-not-found'] },
];

/** Truth types reported at the paragraph start (inline markup), when no rule above decided. */
const START_TYPES = new Set(['undefined-label', 'unknown-document', 'xref-not-found', 'numfig-disabled', 'download-not-readable']);

/** A message of native dot or Sphinx's "dot exited with error": any `dot.*` code may report it. */
export function dotCodeSet(message: string): CodeSet {
  if (/syntax error/.test(message)) return { label: 'dot.syntax', codes: ['dot.syntax'], prefix: 'dot.', concept: /syntax/, type: 'dot', atConstructStart: false };
  if (/unknown shape/.test(message)) return { label: 'a dot.* check of shape names', codes: [], prefix: 'dot.', concept: /shape/i, type: 'dot', atConstructStart: false };
  if (/is not a known colou?r/.test(message)) return { label: 'a dot.* check of colour names', codes: [], prefix: 'dot.', concept: /colou?r/i, type: 'dot', atConstructStart: false };
  if (/port .* unrecognized/.test(message)) return { label: 'a dot.* check of record ports', codes: [], prefix: 'dot.', concept: /port/i, type: 'dot', atConstructStart: false };
  return { label: 'a dot.* check', codes: [], prefix: 'dot.', type: 'dot', atConstructStart: false };
}

/** For the deliberate negatives (`rankdir=XY`): native dot is silent, a good tool is not. */
export function dotEnumCodeSet(): CodeSet {
  return { label: 'a dot.* check of attribute values (rankdir)', codes: [], prefix: 'dot.', concept: /rankdir|enum|attribute value|invalid value/i, type: 'dot', atConstructStart: false };
}

/** Maps one truth entry to our codes. An empty `codes` with no prefix means no check of ours corresponds. */
export function classify(entry: Pick<TruthEntry, 'message' | 'type' | 'source' | 'detail'>): CodeSet {
  if (entry.source === 'dot' || entry.type === 'graphviz-dot-error') return dotCodeSet(`${entry.message}\n${entry.detail ?? ''}`);
  const text = `${entry.message}\n${entry.detail ?? ''}`;
  for (const rule of RULES) {
    if (rule.test.test(text)) return { label: rule.codes[0], codes: rule.codes, type: entry.type, atConstructStart: rule.start ?? false, before: rule.before };
  }
  return { label: `*.${entry.type}`, codes: [], type: entry.type, atConstructStart: START_TYPES.has(entry.type) };
}

/** True when our code reports what the code set describes. */
export function accepts(set: CodeSet, code: string): boolean {
  if (set.codes.includes(code)) return true;
  if (set.prefix && code.startsWith(set.prefix)) return true;
  const dot = code.indexOf('.');
  return dot > 0 && code.slice(dot + 1) === set.type;
}

/**
 * True when a registered code (codes.ts, or `registerCodes()` by a check that has landed) can report it.
 * Decided at run time, so an expectation starts being enforced the moment its check is registered.
 */
export function checkExists(set: CodeSet): boolean {
  return allCodes().some(([code, info]) => {
    if (!accepts(set, code)) return false;
    if (set.codes.includes(code) || !set.concept) return true;
    return set.concept.test(`${code} ${info.description}`);
  });
}

/** docutils/Sphinx levels that correspond to our error and warning severities. */
export function isProblemLevel(level: string): boolean {
  return level === 'WARNING' || level === 'ERROR' || level === 'SEVERE' || level === 'CRITICAL';
}

/**
 * Docutils-only messages about directives, roles and substitutions are noise: docutils does not know
 * Sphinx's directives (`graphviz`, `only`, `toctree`) and roles (`ref`, `doc`), so it reports them as
 * unknown, and what they define (substitutions inside `.. only::`, option specs of `code-block`) goes
 * wrong after that. They count only where Sphinx, which knows them, reports the same at the same line.
 */
const DOCUTILS_NEEDS_SPHINX = new Set([
  'unknown-directive',
  'unknown-role',
  'directive-error',
  'undefined-substitution',
  'duplicate-substitution',
  'substitution-invalid',
  'substitution-illegal',
  'no-entry-for-language',
]);

/** The quoted name of a message: `Unknown interpreted text role "clicmd".` gives `clicmd`. */
export function quotedName(message: string): string | undefined {
  const m = /"([^"]+)"|'([^']+)'|name: (\S+)/.exec(message);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/**
 * The truth entries of one file that a diagnostic of ours may correspond to: problem levels only,
 * docutils noise removed, docutils and Sphinx duplicates merged (per line and problem, the larger count
 * of the two tools). `unknownToSphinx` holds directive and role names that Sphinx reported unknown
 * without naming a file ("unknown directive or role name: oslo.config:option"): docutils' messages
 * about them stand for Sphinx's.
 */
export function relevantEntries(entries: TruthEntry[], unknownToSphinx: ReadonlySet<string> = new Set()): TruthEntry[][] {
  const problems = entries.filter((e) => isProblemLevel(e.level));
  const sphinxKeys = new Set(problems.filter((e) => e.source === 'sphinx').map((e) => `${e.line}\u0000${classify(e).label}`));
  const confirmed = (e: TruthEntry): boolean =>
    sphinxKeys.has(`${e.line}\u0000${classify(e).label}`) ||
    ((e.type === 'unknown-role' || e.type === 'unknown-directive') && unknownToSphinx.has(quotedName(e.message) ?? ''));
  const kept = problems.filter((e) => e.source !== 'docutils' || !DOCUTILS_NEEDS_SPHINX.has(e.type) || confirmed(e));
  // Group per (line, problem); each group holds up to max(count per tool) slots.
  const groups = new Map<string, Map<string, TruthEntry[]>>();
  for (const e of kept) {
    const key = `${e.line}\u0000${classify(e).label}`;
    let bySource = groups.get(key);
    if (!bySource) groups.set(key, (bySource = new Map()));
    const list = bySource.get(e.source) ?? [];
    list.push(e);
    bySource.set(e.source, list);
  }
  const slots: TruthEntry[][] = [];
  for (const bySource of groups.values()) {
    const lists = [...bySource.values()];
    const n = Math.max(...lists.map((l) => l.length));
    for (let i = 0; i < n; i++) slots.push(lists.map((l) => l[i]).filter((e): e is TruthEntry => e !== undefined));
  }
  return slots;
}
