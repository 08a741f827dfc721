/**
 * The real-world corpus (`../shared/corpus` next to the repository, or `$HA_GUIDE_CORPUS`) compared with
 * our diagnostics. Shared by the corpus test and `npm run corpus:report`: one language service, every
 * file read once, every file diagnosed once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HgDiagnostic } from '../../server/src/languageService';
import type { IWorkspace } from '../../server/src/features/workspace';
import { createNodeLanguageService, type NodeLanguageService } from '../../server/src/nodeService';
import { defaultSettings } from '../../server/src/protocol/settings';
import { buildLineStarts, offsetToPosition } from '../../server/src/rst/lines';
import { accepts, checkExists, classify, dotCodeSet, dotEnumCodeSet, quotedName, relevantEntries, type CodeSet, type TruthEntry } from './truth';

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'ha-guide-studio') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no ha-guide-studio package.json above ${from}`);
  }
}

export const repoRoot = findRepoRoot(__dirname);
export const corpusRoot = path.resolve(process.env.HA_GUIDE_CORPUS ?? path.join(repoRoot, '..', 'shared', 'corpus'));
export const knownDifferencesPath = path.join(repoRoot, 'test', 'corpus', 'known-differences.json');

export function corpusAvailable(): boolean {
  return fs.existsSync(path.join(corpusRoot, 'truth', 'rst.jsonl')) && fs.existsSync(path.join(corpusRoot, 'broken', 'expected.jsonl'));
}

/** A diagnostic of ours with its 1-based start line. */
export interface LinedDiagnostic extends HgDiagnostic {
  line: number;
  column: number;
}

/** One RST file of the corpus, read once. `rel` is relative to the corpus root (`files/...`, `broken/...`). */
export interface CorpusFile {
  rel: string;
  abs: string;
  text: string;
  /** `blank[n]` for the 1-based line n. */
  blank: boolean[];
}

/** A mutated copy of a real file with what the reference tools say about the mutation. */
export interface Variant {
  id: string;
  file: string;
  base: string;
  mutation: string;
  changedLine: number;
  lineDelta: number;
  expected: (Omit<TruthEntry, 'source' | 'file'> & { tool: TruthEntry['source'] })[];
  expectedTools: string[];
}

/** One DOT block found lexically in a real file, with what native dot said about it. */
interface DotBlock {
  id: string;
  file: string;
  directiveLine: number;
  contentStartLine: number | null;
  nContentLines: number;
  sphinxParsed: boolean;
  messages: string[];
}

export interface KnownDifference {
  file: string;
  line: number;
  code: string;
  reason: string;
}

/**
 * Something a reference tool reported, as a place where a diagnostic of ours may stand: one line
 * (or the block of non-blank lines around it, when the tool reports the start of the construct), or
 * anywhere when the tool gave no line.
 */
export interface Slot {
  file: string;
  /** The line the tool reported. */
  line: number | null;
  /** The lines a diagnostic of ours may stand on (== line, or the block around it). */
  firstLine: number | null;
  lastLine: number | null;
  set: CodeSet;
  entries: TruthEntry[];
}

export interface Corpus {
  service: NodeLanguageService;
  /** Every RST file under files/, sorted. */
  files: CorpusFile[];
  variants: Variant[];
  seed: CorpusFile;
  truth: Map<string, TruthEntry[]>;
  /** Truth entries that name no file of the corpus (Sphinx's autodoc and role messages). */
  truthWithoutFile: number;
  /** Per file: directive and role names its Sphinx project reported unknown without naming a file. */
  unknownToSphinx(file: string): ReadonlySet<string>;
  dotBlocks: Map<string, DotBlock[]>;
  manifestRstCount: number;
  /** All diagnostics of ours (every severity), computed once per file. */
  diagnose(file: CorpusFile): Promise<LinedDiagnostic[]>;
  file(rel: string): CorpusFile;
}

function readJsonl<T>(p: string): T[] {
  return fs
    .readFileSync(p, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

function readCorpusFile(rel: string): CorpusFile {
  const abs = path.join(corpusRoot, rel);
  const text = fs.readFileSync(abs, 'utf8');
  const blank = [true, ...text.split(/\r\n|\r|\n/).map((l) => l.trim() === '')];
  return { rel, abs, text, blank };
}

function walkRst(dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walkRst(p, out);
    else if (entry.isFile() && entry.name.endsWith('.rst')) out.push(p);
  }
}

let loaded: Corpus | undefined;

/** Loads the corpus and creates the one language service (so checks register their codes first). */
export function loadCorpus(): Corpus {
  if (loaded) return loaded;
  // Each file belongs to the Sphinx project the reference build made for its group (a `group` of the
  // truth, such as openstack__nova__doc__source, is the folder files/openstack/nova/doc/source); labels
  // and documents resolve within it, as they did for Sphinx. A file of no group is a project of its own.
  const groupRoots: string[] = [];
  const workspace: IWorkspace = {
    exists: (uri) => fs.existsSync(fileURLToPath(uri)),
    sourceDir: (uri) => {
      const p = fileURLToPath(uri);
      const root = groupRoots.filter((r) => p.startsWith(r + path.sep)).sort((a, b) => b.length - a.length)[0];
      return root ? pathToFileURL(root).href + '/' : path.dirname(p) === path.join(corpusRoot, 'broken') ? uri : undefined;
    },
  };
  const service = createNodeLanguageService({ settings: () => defaultSettings, workspace });
  const abs: string[] = [];
  walkRst(path.join(corpusRoot, 'files'), abs);
  const files = abs.map((p) => readCorpusFile(path.relative(corpusRoot, p).split(path.sep).join('/'))).sort((a, b) => (a.rel < b.rel ? -1 : 1));
  const byRel = new Map(files.map((f) => [f.rel, f]));

  const truth = new Map<string, TruthEntry[]>();
  let truthWithoutFile = 0;
  const groupOf = new Map<string, string>();
  const unknownByGroup = new Map<string, Set<string>>();
  for (const e of readJsonl<TruthEntry>(path.join(corpusRoot, 'truth', 'rst.jsonl'))) {
    if (e.file && e.group) groupOf.set(e.file.replace(/:$/, ''), e.group);
    if (!e.file) {
      truthWithoutFile++;
      const name = e.type === 'unknown-role' || e.type === 'unknown-directive' ? quotedName(e.message) : undefined;
      if (name && e.group) unknownByGroup.set(e.group, (unknownByGroup.get(e.group) ?? new Set()).add(name));
      continue;
    }
    // Sphinx names a few files with a trailing colon ("path.rst:" for messages without a line).
    const file = e.file.replace(/:$/, '');
    const list = truth.get(file) ?? [];
    list.push({ ...e, file });
    truth.set(file, list);
  }

  for (const g of new Set(groupOf.values())) groupRoots.push(path.join(corpusRoot, 'files', ...g.split('__')));
  for (const f of files) service.index.set(pathToFileURL(f.abs).href, 0, f.text);

  const results = new Map(
    // A block whose external file is missing was not run (`skipped`): no messages.
    readJsonl<{ id: string; errors?: { message: string }[]; warnings?: { message: string }[] }>(path.join(corpusRoot, 'dot', 'results.jsonl')).map((r) => [
      r.id,
      [...(r.errors ?? []), ...(r.warnings ?? [])].map((m) => m.message),
    ]),
  );
  const dotBlocks = new Map<string, DotBlock[]>();
  for (const b of readJsonl<Omit<DotBlock, 'messages'>>(path.join(corpusRoot, 'dot', 'index.jsonl'))) {
    const list = dotBlocks.get(b.file) ?? [];
    list.push({ ...b, messages: results.get(b.id) ?? [] });
    dotBlocks.set(b.file, list);
  }

  const manifestRstCount = fs
    .readFileSync(path.join(corpusRoot, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.split('\t')[0].endsWith('.rst')).length;

  const variants = readJsonl<Variant>(path.join(corpusRoot, 'broken', 'expected.jsonl'));
  const others = new Map<string, CorpusFile>();
  const file = (rel: string): CorpusFile => {
    const hit = byRel.get(rel) ?? others.get(rel);
    if (hit) return hit;
    const f = readCorpusFile(rel);
    others.set(rel, f);
    return f;
  };
  for (const v of variants) file(v.file);
  const seed = file('seed/ha.rst');

  const cache = new Map<string, Promise<LinedDiagnostic[]>>();
  const diagnose = (f: CorpusFile): Promise<LinedDiagnostic[]> => {
    let hit = cache.get(f.rel);
    if (!hit) {
      hit = (async () => {
        const doc = { uri: pathToFileURL(f.abs).href, version: 1, getText: () => f.text };
        const diags = await service.computeDiagnostics(doc);
        const starts = buildLineStarts(f.text);
        return diags.map((d) => {
          const p = offsetToPosition(starts, d.start);
          return { ...d, line: p.line + 1, column: p.character + 1 };
        });
      })();
      cache.set(f.rel, hit);
    }
    return hit;
  };

  const none: ReadonlySet<string> = new Set();
  const unknownToSphinx = (f: string): ReadonlySet<string> => unknownByGroup.get(groupOf.get(f) ?? '') ?? none;

  loaded = { service, files, variants, seed, truth, truthWithoutFile, unknownToSphinx, dotBlocks, manifestRstCount, diagnose, file };
  return loaded;
}

/** Our diagnostics that a user sees as problems (what the CLI's exit code and the Problems panel count). */
export function problemsOf(diags: LinedDiagnostic[]): LinedDiagnostic[] {
  return diags.filter((d) => d.severity === 'error' || d.severity === 'warning');
}

/**
 * The block of non-blank lines around `line`. docutils reports an inline problem at the first line of
 * its paragraph, but not always: in a definition list term it reports the last line of the definition,
 * in a table cell a line of the table. The construct is always that block.
 */
function blockAround(file: CorpusFile, line: number): [number, number] {
  let first = line;
  let last = line;
  while (first - 1 >= 1 && !file.blank[first - 1]) first--;
  while (last + 1 < file.blank.length && !file.blank[last + 1]) last++;
  return [first, last];
}

function slotOf(file: CorpusFile, line: number | null, set: CodeSet, entries: TruthEntry[]): Slot {
  if (line === null) return { file: file.rel, line, firstLine: null, lastLine: null, set, entries };
  const [firstLine, lastLine] = set.atConstructStart ? blockAround(file, line) : set.before ? [Math.max(1, line - set.before), line] : [line, line];
  return { file: file.rel, line, firstLine, lastLine, set, entries };
}

export interface MatchResult {
  matched: { diag: LinedDiagnostic; slot: Slot }[];
  unmatchedDiags: LinedDiagnostic[];
  unmatchedSlots: Slot[];
}

/**
 * Pairs diagnostics with slots, one to one: first at the exact line, then within a slot's construct
 * (the nearest slot above), then slots without a line.
 */
export function matchDiagnostics(diags: LinedDiagnostic[], slots: Slot[]): MatchResult {
  const used = new Set<Slot>();
  const pairOf = new Map<LinedDiagnostic, Slot>();
  const passes: ((d: LinedDiagnostic, s: Slot) => number | undefined)[] = [
    (d, s) => (s.line === d.line ? 0 : undefined),
    (d, s) => (s.line !== null && s.firstLine !== null && s.lastLine !== null && s.firstLine <= d.line && d.line <= s.lastLine ? Math.abs(d.line - s.line) : undefined),
    (_d, s) => (s.line === null ? 0 : undefined),
  ];
  for (const score of passes) {
    for (const d of diags) {
      if (pairOf.has(d)) continue;
      let best: Slot | undefined;
      let bestScore = Infinity;
      for (const s of slots) {
        if (used.has(s) || !accepts(s.set, d.code)) continue;
        const sc = score(d, s);
        if (sc !== undefined && sc < bestScore) {
          best = s;
          bestScore = sc;
        }
      }
      if (best) {
        used.add(best);
        pairOf.set(d, best);
      }
    }
  }
  return {
    matched: [...pairOf].map(([diag, slot]) => ({ diag, slot })),
    unmatchedDiags: diags.filter((d) => !pairOf.has(d)),
    unmatchedSlots: slots.filter((s) => !used.has(s)),
  };
}

// ---------------------------------------------------------------------------------------------
// Broken variants
// ---------------------------------------------------------------------------------------------

/** What a variant expects of us: one slot per expected problem, and whether its check exists yet. */
export interface Requirement {
  slot: Slot;
  ready: boolean;
}

export function requirementsOf(corpus: Corpus, v: Variant): Requirement[] {
  const file = corpus.file(v.file);
  const entries: TruthEntry[] = v.expected.map((e) => ({ ...e, source: e.tool, file: v.file }));
  const slots: Slot[] = [];
  const hasDotLine = entries.some((e) => e.source === 'dot' && e.line !== null);
  for (const group of relevantEntries(entries)) {
    const e = group[0];
    const set = classify(e);
    if (e.line !== null) slots.push(slotOf(file, e.line, set, group));
    // dot gives no line for unknown shapes and colours: expect it where the mutation is. Sphinx's
    // "dot exited with error" has no line either; the dot entry with a line covers it when there is one.
    else if (e.source === 'dot' || !hasDotLine) slots.push(slotOf(file, v.changedLine, e.source === 'dot' ? set : dotCodeSet(e.message), group));
  }
  // Deliberate negatives (no reference tool says anything): a good tool reports the changed line.
  if (v.expected.length === 0) slots.push(slotOf(file, v.changedLine, dotEnumCodeSet(), []));
  return slots.map((slot) => ({ slot, ready: checkExists(slot.set) }));
}

export interface VariantResult {
  diags: LinedDiagnostic[];
  missing: Slot[];
  /** Our problems on lines no expectation covers (not asserted: the rest of the file is real text). */
  extra: LinedDiagnostic[];
}

export async function checkVariant(corpus: Corpus, v: Variant, requirements: Requirement[]): Promise<VariantResult> {
  const diags = await corpus.diagnose(corpus.file(v.file));
  const problems = problemsOf(diags);
  const { unmatchedDiags, unmatchedSlots } = matchDiagnostics(problems, requirements.map((r) => r.slot));
  return { diags, missing: unmatchedSlots, extra: unmatchedDiags };
}

// ---------------------------------------------------------------------------------------------
// Real files
// ---------------------------------------------------------------------------------------------

/** Truth slots of one real file: docutils/Sphinx messages plus native dot's messages per DOT block. */
export function truthSlotsOf(corpus: Corpus, file: CorpusFile): Slot[] {
  const slots: Slot[] = [];
  for (const group of relevantEntries(corpus.truth.get(file.rel) ?? [], corpus.unknownToSphinx(file.rel))) slots.push(slotOf(file, group[0].line, classify(group[0]), group));
  // Native dot gives no line: its messages stand for the whole block (directive line to last content line).
  for (const b of corpus.dotBlocks.get(file.rel) ?? []) {
    if (!b.sphinxParsed) continue;
    const last = b.contentStartLine === null ? b.directiveLine : b.contentStartLine + Math.max(0, b.nContentLines - 1);
    for (const message of b.messages) {
      const entry: TruthEntry = { file: file.rel, line: b.directiveLine, level: 'WARNING', message, source: 'dot', type: 'dot' };
      slots.push({ file: file.rel, line: b.directiveLine, firstLine: b.directiveLine, lastLine: last, set: dotCodeSet(message), entries: [entry] });
    }
  }
  return slots;
}

export interface FalsePositive {
  file: string;
  diag: LinedDiagnostic;
  /** Truth entries below problem level at the same line (docutils INFO), to explain the difference. */
  hints: TruthEntry[];
}

export interface RealFilesResult {
  files: number;
  diagnostics: number;
  matched: number;
  falsePositives: FalsePositive[];
  /** False positives not covered by known-differences.json. */
  unexpected: FalsePositive[];
  /** Known differences that no longer occur. */
  stale: KnownDifference[];
  /** Known differences that cover at least one false positive. */
  known: { entry: KnownDifference; count: number }[];
  /** Truth problems we do not report, only those our codes could report. */
  falseNegatives: Slot[];
  /** Truth problems with no corresponding check of ours (missing images, autodoc, toctree...), by type. */
  unrelated: Map<string, number>;
  millis: number;
}

export function loadKnownDifferences(): KnownDifference[] {
  if (!fs.existsSync(knownDifferencesPath)) return [];
  const raw = JSON.parse(fs.readFileSync(knownDifferencesPath, 'utf8')) as unknown;
  if (!Array.isArray(raw)) throw new Error(`${knownDifferencesPath}: expected a JSON array`);
  return raw.map((e, i) => {
    const ok = e && typeof e.file === 'string' && Number.isInteger(e.line) && typeof e.code === 'string' && typeof e.reason === 'string';
    if (!ok) throw new Error(`${knownDifferencesPath}[${i}]: each entry needs file, line (integer), code and reason`);
    if (!/\S.*[.!]$/.test(e.reason.trim())) throw new Error(`${knownDifferencesPath}[${i}]: reason must be a sentence ("${e.reason}")`);
    return e as KnownDifference;
  });
}

function relevant(set: CodeSet): boolean {
  return set.codes.length > 0 || set.prefix !== undefined || checkExists(set);
}

export async function compareRealFiles(corpus: Corpus): Promise<RealFilesResult> {
  const t0 = performance.now();
  const known = loadKnownDifferences();
  const counts = new Map<KnownDifference, number>(known.map((k) => [k, 0]));
  const result: RealFilesResult = {
    files: corpus.files.length,
    diagnostics: 0,
    matched: 0,
    falsePositives: [],
    unexpected: [],
    stale: [],
    known: [],
    falseNegatives: [],
    unrelated: new Map(),
    millis: 0,
  };
  for (const file of corpus.files) {
    const problems = problemsOf(await corpus.diagnose(file));
    const slots = truthSlotsOf(corpus, file);
    const { matched, unmatchedDiags: unmatched, unmatchedSlots } = matchDiagnostics(problems, slots);
    // Sphinx names some unknown roles without file or line ("unknown directive or role name: oslo.config:option"):
    // an unknown-role or unknown-directive of ours for such a name matches that message, wherever it stands.
    const unknownToSphinx = corpus.unknownToSphinx(file.rel);
    const unmatchedDiags = unmatched.filter(
      (d) => !((d.code === 'rst.unknown-role' || d.code === 'rst.unknown-directive') && unknownToSphinx.has(quotedName(d.message) ?? '')),
    );
    result.diagnostics += problems.length;
    result.matched += matched.length + unmatched.length - unmatchedDiags.length;
    const infos = (corpus.truth.get(file.rel) ?? []).filter((e) => e.level === 'INFO');
    for (const diag of unmatchedDiags) {
      const fp: FalsePositive = { file: file.rel, diag, hints: infos.filter((e) => e.line === diag.line) };
      result.falsePositives.push(fp);
      const entry = known.find((k) => k.file === file.rel && k.line === diag.line && k.code === diag.code);
      if (entry) counts.set(entry, (counts.get(entry) ?? 0) + 1);
      else result.unexpected.push(fp);
    }
    for (const slot of unmatchedSlots) {
      if (relevant(slot.set)) result.falseNegatives.push(slot);
      else result.unrelated.set(slot.set.type, (result.unrelated.get(slot.set.type) ?? 0) + 1);
    }
  }
  for (const [entry, count] of counts) {
    if (count === 0) result.stale.push(entry);
    else result.known.push({ entry, count });
  }
  result.millis = performance.now() - t0;
  return result;
}

// ---------------------------------------------------------------------------------------------
// Formatting shared by the test messages and the report
// ---------------------------------------------------------------------------------------------

export function formatDiag(d: LinedDiagnostic): string {
  return `${d.line}:${d.column} ${d.severity} ${d.code} ${d.message.split('\n')[0]}`;
}

/** The message of a truth entry on one line: "Error in "graphviz" directive: maximum 1 argument(s) allowed, 58 supplied." */
export function summarize(e: TruthEntry): string {
  const lines = `${e.message}\n${e.detail ?? ''}`.split('\n').map((l) => l.trim()).filter((l) => l);
  const first = lines[0] ?? '';
  const text = first.endsWith(':') && lines[1] ? `${first} ${lines[1]}` : first;
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

export function formatSlot(s: Slot): string {
  const where = s.line === null ? 'anywhere' : s.firstLine !== s.lastLine ? `line ${s.line} (or ${s.firstLine}-${s.lastLine})` : `line ${s.line}`;
  const said = s.entries.map((e) => `${e.source}: "${summarize(e)}"`).join('; ');
  return `${s.set.label} at ${where}${said ? ` (${said})` : ''}`;
}

/** Why a slot was not matched: what we report near it instead. */
export function describeMissing(s: Slot, diags: LinedDiagnostic[]): string {
  const near = s.line === null ? [] : diags.filter((d) => Math.abs(d.line - (s.line as number)) <= 3);
  const ours = near.length ? `ours nearby: ${near.map(formatDiag).join(' | ')}` : 'ours nearby: nothing';
  return `expected ${formatSlot(s)}; ${ours}`;
}

export function formatFalsePositive(fp: FalsePositive): string {
  const hint = fp.hints.length ? ` [reference tools at this line: ${fp.hints.map((h) => `${h.source} ${h.level} "${summarize(h)}"`).join('; ')}]` : '';
  return `${fp.file}:${formatDiag(fp.diag)}${hint}`;
}
