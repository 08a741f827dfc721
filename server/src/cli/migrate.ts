import fs from 'node:fs';
import path from 'node:path';
import { pathToUri } from '../common/uri';
import { DIAG_FAMILY, isDiagDialect, type DiagDialect } from '../blockdiag/ast';
import { convertDiagram, convertDirectiveDetailed, type DiagNote } from '../blockdiag/convert';
import type { HgDiagnostic } from '../languageService';
import { createNodeLanguageService } from '../nodeService';
import { defaultSettings } from '../protocol/settings';
import { buildLineStarts, offsetToPosition } from '../rst/lines';
import { parseRst } from '../rst/parser';
import { createRegistry } from '../rst/registry';
import type { DirectiveBlock, RstDocument } from '../rst/types';
import { walkBlocks } from '../rst/walk';
import type { CliIo } from './io';
import { describeFsError, readRstInputs } from './inputs';

const USAGE = `usage: ha-guide migrate <file|dir>... [--write]

Converts blockdiag, seqdiag, actdiag and nwdiag directives to graphviz directives.
Prints a unified diff (nothing is written) unless --write is given; a summary goes to stderr
(to stdout with --write). A file with a malformed diagram is left unchanged.

exit codes: 0 all converted, 1 a diagram was not converted, 2 bad usage or unreadable input
`;

const FAMILY: ReadonlySet<string> = new Set(DIAG_FAMILY);

/** One directive's outcome, for the summary. */
interface Outcome {
  file: string;
  /** Offset of the directive in the original text. */
  at: number;
  name: string;
  status: 'converted' | 'notes' | 'failed';
  /** Why it failed, with the offset of the problem (in the original text, or in `source`). */
  message?: string;
  problemAt?: number;
  /** Notes with offsets in the original text (or in `source` when set). */
  notes: DiagNote[];
  /** The external diagram file the positions of `message`/`notes` refer to. */
  source?: string;
}

interface Edit {
  start: number;
  end: number;
  newText: string;
  outcome: Outcome;
  /** For a diagram kept in its own file: the DOT written next to it (checked on its own). */
  externalDot?: string;
  /** The DOT file this edit creates (undefined when an identical one exists or another edit creates it). */
  newFile?: NewFile;
}

/** A file to create next to the guide: the DOT of a diagram kept in its own file. */
interface NewFile {
  /** As shown (relative to the working directory). */
  path: string;
  absolute: string;
  text: string;
}

interface FilePlan {
  file: string;
  text: string;
  edits: Edit[];
  /** A malformed diagram: the file stays as it is. */
  blocked: boolean;
}

/** `ha-guide migrate`. Returns the exit code; writes only with `--write`, and only whole files. */
export async function migrate(args: string[], io: CliIo): Promise<number> {
  let write = false;
  const inputs: string[] = [];
  for (const a of args) {
    if (a === '--write') write = true;
    else if (a === '--help' || a === '-h') {
      io.stdout.write(USAGE);
      return 0;
    } else if (a.startsWith('-') && a !== '-') {
      io.stderr.write(`ha-guide migrate: unknown option ${a}\n\n${USAGE}`);
      return 2;
    } else inputs.push(a);
  }
  if (inputs.length === 0) {
    io.stderr.write(`ha-guide migrate: no file or directory given\n\n${USAGE}`);
    return 2;
  }
  // Release notes have no diagrams to convert.
  const texts = readRstInputs('ha-guide migrate', inputs, io)?.filter((t) => !t.note);
  if (!texts) return 2;

  const registry = createRegistry([], []);
  const externalDone = new Map<string, string>();
  const plans = texts.map(({ file, text }) => planFile(file, text, registry, externalDone));
  const service = createNodeLanguageService({ settings: () => defaultSettings });
  try {
    for (const plan of plans) await verify(plan, service);
  } finally {
    service.dispose();
  }

  const report = write ? io.stdout : io.stderr;
  const outcomes = plans.flatMap((p) => p.edits.map((e) => e.outcome).concat(failedOutcomes.get(p) ?? []));
  outcomes.sort((a, b) => (a.file === b.file ? a.at - b.at : a.file < b.file ? -1 : 1));
  const texts2 = new Map(plans.map((p) => [p.file, p.text]));
  for (const o of outcomes) report.write(describeOutcome(o, texts2.get(o.file) ?? ''));

  let written = 0;
  for (const plan of plans) {
    if (plan.blocked || plan.edits.length === 0) continue;
    const newText = applyEdits(plan.text, plan.edits);
    if (write) {
      for (const e of plan.edits) if (e.newFile) writeFileAtomic(e.newFile.absolute, e.newFile.text);
      writeFileAtomic(plan.file, newText);
      written++;
    } else {
      for (const e of plan.edits) if (e.newFile) io.stdout.write(unifiedDiff(e.newFile.path, '', e.newFile.text, true));
      io.stdout.write(unifiedDiff(plan.file, plan.text, newText, false));
    }
  }

  const count = (s: Outcome['status']) => outcomes.filter((o) => o.status === s).length;
  const failed = count('failed');
  const summary = `${count('converted')} converted, ${count('notes')} converted with notes, ${failed} failed`;
  if (outcomes.length === 0) report.write('ha-guide migrate: no blockdiag, seqdiag, actdiag or nwdiag directive found\n');
  else if (write) report.write(`ha-guide migrate: ${summary}; ${written} file(s) rewritten\n`);
  else report.write(`ha-guide migrate: ${summary}; nothing written (use --write to apply)\n`);
  return failed > 0 ? 1 : 0;
}

/** Outcomes of directives that produced no edit (failed), per plan. */
const failedOutcomes = new WeakMap<FilePlan, Outcome[]>();

/** `externalDone`: DOT files already planned (several guides may include one diagram file). */
function planFile(file: string, text: string, registry: ReturnType<typeof createRegistry>, externalDone: Map<string, string>): FilePlan {
  const doc = parseRst(text, { registry });
  const plan: FilePlan = { file, text, edits: [], blocked: false };
  const failures: Outcome[] = [];
  failedOutcomes.set(plan, failures);
  const directives: DirectiveBlock[] = [];
  walkBlocks(doc.blocks, (b) => {
    if (b.kind === 'directive' && FAMILY.has(b.name)) directives.push(b);
  });
  for (const d of directives) {
    const base: Outcome = { file, at: d.start, name: d.name, status: 'converted', notes: [] };
    if (d.argument.trim() !== '' && isDiagDialect(d.name) && !d.content) {
      const ext = planExternal(file, doc, d, externalDone);
      if (!ext.ok) {
        failures.push({ ...base, status: 'failed', message: ext.message, problemAt: ext.problemAt, source: ext.source });
        if (ext.malformed) plan.blocked = true;
        continue;
      }
      plan.edits.push({
        start: d.start,
        end: d.end,
        newText: ext.newText,
        externalDot: ext.dot,
        newFile: ext.newFile,
        outcome: { ...base, status: ext.notes.length ? 'notes' : 'converted', notes: ext.notes, source: ext.source },
      });
      continue;
    }
    const r = convertDirectiveDetailed(doc, d);
    if (!r.ok) {
      failures.push({ ...base, status: 'failed', message: r.message, problemAt: r.start });
      // A malformed diagram blocks the file; a diagram Graphviz cannot draw (packetdiag...) does not.
      if (isDiagDialect(d.name) && d.content && r.start >= d.content.start) plan.blocked = true;
      continue;
    }
    plan.edits.push({ start: r.start, end: r.end, newText: r.newText, outcome: { ...base, status: r.detailedNotes.length ? 'notes' : 'converted', notes: r.detailedNotes } });
  }
  if (plan.blocked) {
    // Nothing of this file is written: its conversions are reported as not applied.
    for (const e of plan.edits) {
      failures.push({ ...e.outcome, status: 'failed', message: 'not applied: another diagram in this file is malformed', notes: [] });
      if (e.newFile) externalDone.delete(e.newFile.absolute);
    }
    plan.edits = [];
  }
  return plan;
}

type ExternalPlan =
  | { ok: true; newText: string; notes: DiagNote[]; newFile?: NewFile; source: string; dot: string }
  | { ok: false; message: string; problemAt?: number; source?: string; malformed: boolean };

/**
 * `.. blockdiag:: file.diag`: the diagram file is converted to `file.dot` next to it and the directive
 * becomes `.. graphviz:: file.dot` (Sphinx resolves both arguments the same way: relative to the guide,
 * or to the source directory when they start with "/").
 */
function planExternal(file: string, doc: RstDocument, d: DirectiveBlock, done: Map<string, string>): ExternalPlan {
  const arg = d.argument.trim();
  let resolved: string;
  const assumed: DiagNote[] = [];
  if (arg.startsWith('/')) {
    const dir = path.dirname(path.resolve(file));
    let srcdir = findSourceDir(dir);
    if (!srcdir) {
      // No conf.py in sight (a partial copy of a project): the nearest directory where the file exists.
      srcdir = findDirHolding(dir, arg.slice(1));
      if (!srcdir) return { ok: false, malformed: false, message: `"${arg}" is relative to the Sphinx source directory, and there is no conf.py above ${file} to find it` };
      assumed.push({ message: `No conf.py found: "${arg}" was read relative to ${path.relative(process.cwd(), srcdir) || '.'}` });
    }
    resolved = path.join(srcdir, arg.slice(1));
  } else resolved = path.resolve(path.dirname(file), arg);
  let source: string;
  try {
    source = fs.readFileSync(resolved, 'utf8');
  } catch (e) {
    return { ok: false, malformed: false, message: `cannot read the diagram file ${resolved}: ${describeFsError(e)}` };
  }
  const dialect = d.name as DiagDialect;
  const shown = path.relative(process.cwd(), resolved) || resolved;
  const conversion = convertDiagram(source, dialect);
  if (!conversion.ok) {
    const e = conversion.errors[0];
    return { ok: false, malformed: true, message: e.message, problemAt: e.start, source: shown };
  }
  const dotArg = arg.replace(/\.[^./\\]*$/, '') + '.dot';
  const dotPath = resolved.replace(/\.[^./\\]*$/, '') + '.dot';
  const dotText = conversion.dot + '\n';
  let newFile: NewFile | undefined;
  const previous = done.get(dotPath);
  if (previous === undefined) {
    let existing: string | undefined;
    try {
      existing = fs.readFileSync(dotPath, 'utf8');
    } catch {
      existing = undefined;
    }
    if (existing !== undefined && existing !== dotText) return { ok: false, malformed: false, message: `${dotPath} already exists with other content; not overwritten` };
    if (existing === undefined) newFile = { path: path.relative(process.cwd(), dotPath) || dotPath, absolute: dotPath, text: dotText };
    done.set(dotPath, dotText);
  }
  const eol = doc.text.slice(d.start, d.end).includes('\r\n') ? '\r\n' : '\n';
  const column = d.start - (doc.text.lastIndexOf('\n', d.start - 1) + 1);
  const optionIndent = ' '.repeat(d.options[0] ? d.options[0].start - (doc.text.lastIndexOf('\n', d.options[0].start - 1) + 1) : column + 3);
  const notes: DiagNote[] = [...assumed, ...conversion.notes.map((n) => ({ message: n.message, start: n.start, end: n.end }))];
  const lines = [`.. graphviz:: ${dotArg}`];
  for (const o of d.options) {
    if (['caption', 'align', 'name', 'alt', 'class'].includes(o.name)) lines.push(`${optionIndent}:${o.name}:${o.value ? ' ' + o.value.split('\n').join(' ') : ''}`);
    else notes.push({ message: `Sphinx's graphviz directive has no :${o.name}: option; it was left out` });
  }
  return { ok: true, newText: lines.join(eol), notes, newFile, source: shown, dot: conversion.dot };
}

/** The nearest directory at or above `dir` under which `relative` exists. */
function findDirHolding(dir: string, relative: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, relative))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/** The nearest directory at or above `dir` holding a Sphinx conf.py. */
function findSourceDir(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'conf.py'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * Runs the same checks as `ha-guide lint` on the converted file: a converted diagram that Graphviz or the
 * DOT checks object to is not written (an error) or is reported (anything else).
 */
async function verify(plan: FilePlan, service: ReturnType<typeof createNodeLanguageService>): Promise<void> {
  if (plan.blocked || plan.edits.length === 0) return;
  const sorted = [...plan.edits].sort((a, b) => a.start - b.start);
  let text = '';
  let pos = 0;
  const ranges: { start: number; end: number; edit: Edit }[] = [];
  for (const e of sorted) {
    text += plan.text.slice(pos, e.start);
    ranges.push({ start: text.length, end: text.length + e.newText.length, edit: e });
    text += e.newText;
    pos = e.end;
  }
  text += plan.text.slice(pos);
  const uri = pathToUri(path.resolve(plan.file));
  const found: { dg: HgDiagnostic; edit: Edit; where: string }[] = [];
  const diags = await service.computeDiagnostics({ uri, version: 1, getText: () => text });
  const starts = buildLineStarts(text);
  for (const dg of diags) {
    const range = ranges.find((x) => dg.start >= x.start && dg.start < x.end);
    if (!range) continue;
    // The DOT file of an external diagram is written with the guide: checked on its own below.
    if (range.edit.externalDot !== undefined && dg.code === 'sphinx.graphviz-file-not-found') continue;
    found.push({ dg, edit: range.edit, where: `converted text, line ${offsetToPosition(starts, dg.start).line + 1}` });
  }
  for (const e of sorted) {
    if (e.externalDot === undefined) continue;
    const inline = '.. graphviz::\n\n' + e.externalDot.split('\n').map((l) => (l ? '   ' + l : l)).join('\n') + '\n';
    const dotStarts = buildLineStarts(inline);
    for (const dg of await service.computeDiagnostics({ uri: uri + '.dot', version: 1, getText: () => inline })) {
      found.push({ dg, edit: e, where: `DOT file, line ${offsetToPosition(dotStarts, dg.start).line - 1}` });
    }
  }
  for (const { dg, edit, where } of found) {
    const range = { edit };
    if (dg.severity === 'error') {
      range.edit.outcome.status = 'failed';
      range.edit.outcome.message = `the converted diagram does not pass the checks (${where}): ${dg.code} ${dg.message}`;
    } else {
      range.edit.outcome.notes.push({ message: `the converted diagram has a ${dg.severity} (${where}): ${dg.code} ${dg.message}` });
      if (range.edit.outcome.status === 'converted') range.edit.outcome.status = 'notes';
    }
  }
  const bad = sorted.filter((e) => e.outcome.status === 'failed');
  if (bad.length) {
    const failures = failedOutcomes.get(plan) ?? [];
    for (const e of bad) failures.push(e.outcome);
    plan.edits = plan.edits.filter((e) => e.outcome.status !== 'failed');
  }
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function describeOutcome(o: Outcome, text: string): string {
  const starts = buildLineStarts(text);
  const pos = (offset: number) => {
    const p = offsetToPosition(starts, offset);
    return `${o.file}:${p.line + 1}:${p.character + 1}`;
  };
  const sourceStarts = o.source ? sourceLineStarts(o.source) : undefined;
  const notePos = (offset: number | undefined) => {
    if (offset === undefined) return pos(o.at);
    if (o.source && sourceStarts) {
      const p = offsetToPosition(sourceStarts, offset);
      return `${o.source}:${p.line + 1}:${p.character + 1}`;
    }
    return pos(offset);
  };
  if (o.status === 'failed') {
    const where = o.problemAt !== undefined ? notePos(o.problemAt) : pos(o.at);
    return `${where}: ${o.name} not converted: ${o.message ?? 'failed'}\n`;
  }
  let s = `${pos(o.at)}: ${o.name} converted${o.status === 'notes' ? ' with notes' : ''}\n`;
  for (const n of o.notes) s += `${notePos(n.start)}: note: ${n.message}\n`;
  return s;
}

function sourceLineStarts(file: string): number[] | undefined {
  try {
    return buildLineStarts(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

/** Writes through a temporary file and a rename, so a failure never leaves half a file. */
function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  let mode: number | undefined;
  try {
    mode = fs.statSync(file).mode;
  } catch {
    mode = undefined;
  }
  fs.writeFileSync(tmp, text, mode !== undefined ? { mode } : undefined);
  fs.renameSync(tmp, file);
}

// ---------------------------------------------------------------------------------------------
// Unified diff
// ---------------------------------------------------------------------------------------------

const CONTEXT = 3;

/**
 * A unified diff of `before` and `after`, which differ in a few replaced regions (the converted
 * directives): the common prefix and suffix of each region are found line by line, so the hunks are
 * exact without a general diff algorithm.
 */
export function unifiedDiff(file: string, before: string, after: string, created: boolean): string {
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  let out = `--- ${created ? '/dev/null' : file}\n+++ ${file}\n`;
  const changed = ops.flatMap((o, k) => (o.kind === ' ' ? [] : [k]));
  let h = 0;
  while (h < changed.length) {
    // A hunk: changes less than 2 * CONTEXT lines apart, with CONTEXT lines around them.
    let last = h;
    while (last + 1 < changed.length && changed[last + 1] - changed[last] <= 2 * CONTEXT + 1) last++;
    const start = Math.max(0, changed[h] - CONTEXT);
    const end = Math.min(ops.length, changed[last] + CONTEXT + 1);
    const hunk = ops.slice(start, end);
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    const aStart = ops[start].aLine;
    const bStart = ops[start].bLine;
    out += `@@ -${aCount === 0 ? aStart : aStart + 1},${aCount} +${bCount === 0 ? bStart : bStart + 1},${bCount} @@\n`;
    for (const o of hunk) {
      out += o.kind + o.text + '\n';
      if (o.missingNewline) out += '\\ No newline at end of file\n';
    }
    h = last + 1;
  }
  return out;
}

interface DiffOp {
  kind: ' ' | '-' | '+';
  text: string;
  /** 0-based line numbers in each file where this op sits. */
  aLine: number;
  bLine: number;
  missingNewline?: boolean;
}

function splitLines(s: string): { lines: string[]; finalNewline: boolean } {
  if (s === '') return { lines: [], finalNewline: true };
  const finalNewline = s.endsWith('\n');
  const lines = (finalNewline ? s.slice(0, -1) : s).split('\n');
  return { lines, finalNewline };
}

/** Line diff by longest common subsequence over the changed middle (prefix and suffix matched first). */
function diffLines(a: { lines: string[]; finalNewline: boolean }, b: { lines: string[]; finalNewline: boolean }): DiffOp[] {
  const A = a.lines;
  const B = b.lines;
  let pre = 0;
  while (pre < A.length && pre < B.length && A[pre] === B[pre]) pre++;
  let suf = 0;
  while (suf < A.length - pre && suf < B.length - pre && A[A.length - 1 - suf] === B[B.length - 1 - suf]) suf++;
  const ops: DiffOp[] = [];
  for (let k = 0; k < pre; k++) ops.push({ kind: ' ', text: A[k], aLine: k, bLine: k });
  const midA = A.slice(pre, A.length - suf);
  const midB = B.slice(pre, B.length - suf);
  // LCS table; the middles are a few directives, small enough for O(n*m).
  const n = midA.length;
  const m = midB.length;
  if (n * m > 4_000_000) {
    midA.forEach((t, k) => ops.push({ kind: '-', text: t, aLine: pre + k, bLine: pre }));
    midB.forEach((t, k) => ops.push({ kind: '+', text: t, aLine: pre + n, bLine: pre + k }));
  } else {
    const dp: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let x = n - 1; x >= 0; x--) for (let y = m - 1; y >= 0; y--) dp[x][y] = midA[x] === midB[y] ? dp[x + 1][y + 1] + 1 : Math.max(dp[x + 1][y], dp[x][y + 1]);
    let x = 0;
    let y = 0;
    while (x < n || y < m) {
      if (x < n && y < m && midA[x] === midB[y]) {
        ops.push({ kind: ' ', text: midA[x], aLine: pre + x, bLine: pre + y });
        x++;
        y++;
      } else if (x < n && (y >= m || dp[x + 1][y] >= dp[x][y + 1])) {
        ops.push({ kind: '-', text: midA[x], aLine: pre + x, bLine: pre + y });
        x++;
      } else {
        ops.push({ kind: '+', text: midB[y], aLine: pre + x, bLine: pre + y });
        y++;
      }
    }
  }
  for (let k = suf; k > 0; k--) ops.push({ kind: ' ', text: A[A.length - k], aLine: A.length - k, bLine: B.length - k });
  // "\ No newline at end of file": a last line that differs only by its line break is removed and added.
  const lastOf = (skip: DiffOp['kind']) => [...ops].reverse().find((o) => o.kind !== skip);
  if (a.finalNewline !== b.finalNewline) {
    const shared = lastOf('+');
    if (shared && shared.kind === ' ') {
      shared.kind = '-';
      ops.splice(ops.indexOf(shared) + 1, 0, { kind: '+', text: shared.text, aLine: shared.aLine + 1, bLine: shared.bLine });
    }
  }
  const lastA = lastOf('+');
  const lastB = lastOf('-');
  if (!a.finalNewline && lastA) lastA.missingNewline = true;
  if (!b.finalNewline && lastB) lastB.missingNewline = true;
  return ops;
}
