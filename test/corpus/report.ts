/**
 * `npm run corpus:report`: the full comparison of our diagnostics with the corpus' ground truth, for
 * people (the corpus test asserts the same figures). Exits 0 whatever it finds; non-zero only when it
 * cannot run.
 */
import {
  checkVariant,
  compareRealFiles,
  corpusAvailable,
  corpusRoot,
  describeMissing,
  formatDiag,
  formatFalsePositive,
  formatSlot,
  loadCorpus,
  problemsOf,
  requirementsOf,
  type Slot,
} from './corpus';
import { allCodes } from '../../server/src/codes';
import { quotedName } from './truth';

const out = (s = ''): void => {
  process.stdout.write(`${s}\n`);
};

function heading(s: string): void {
  out();
  out(s);
  out('='.repeat(s.length));
}

function table(rows: string[][]): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows) out(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd());
}

const nameOf = (s: Slot): string => quotedName(s.entries[0]?.message ?? '') ?? '?';

async function main(): Promise<void> {
  if (!corpusAvailable()) {
    process.stderr.write(`corpus not found at ${corpusRoot} (set HA_GUIDE_CORPUS)\n`);
    process.exitCode = 2;
    return;
  }
  const t0 = performance.now();
  const corpus = loadCorpus();
  const codes = allCodes().map(([c]) => c);
  out(`Corpus ${corpusRoot}: ${corpus.files.length} RST files, ${corpus.variants.length} broken variants.`);
  out(`Registered codes: ${codes.length} (${codes.filter((c) => c.startsWith('rst.')).length} rst, ${codes.filter((c) => c.startsWith('dot.')).length} dot, ${codes.filter((c) => c.startsWith('sphinx.')).length} sphinx).`);

  // -- broken variants ---------------------------------------------------------------------------
  heading('Broken variants: do we report what docutils, Sphinx and dot report?');
  const rows: string[][] = [['variant', 'result', 'expected']];
  const details: string[] = [];
  let ok = 0;
  let failing = 0;
  let waitingOnly = 0;
  for (const v of corpus.variants) {
    const reqs = requirementsOf(corpus, v);
    const result = await checkVariant(corpus, v, reqs);
    const missing = new Set(result.missing);
    const missReady = reqs.filter((r) => r.ready && missing.has(r.slot));
    const missWaiting = reqs.filter((r) => !r.ready && missing.has(r.slot));
    let status: string;
    if (missReady.length === 0 && missWaiting.length === 0) {
      status = 'ok';
      ok++;
    } else if (missReady.length) {
      status = `MISSING ${missReady.length}/${reqs.filter((r) => r.ready).length}`;
      failing++;
    } else {
      status = 'todo (check not registered)';
      waitingOnly++;
    }
    rows.push([v.id, status, [...new Set(reqs.map((r) => `${r.slot.set.label}${r.ready ? '' : ' (not registered)'}`))].join(', ')]);
    const lines: string[] = [];
    for (const r of [...missReady, ...missWaiting]) lines.push(`  ${r.ready ? 'missing' : 'waiting'}: ${describeMissing(r.slot, result.diags)}`);
    for (const d of result.extra.slice(0, 10)) lines.push(`  also reported (not compared): ${formatDiag(d)}`);
    if (result.extra.length > 10) lines.push(`  ... and ${result.extra.length - 10} more not compared`);
    if (lines.length) details.push(`${v.id} (${v.file}; ${v.mutation})`, ...lines);
  }
  table(rows);
  out();
  out(`${ok} ok, ${failing} missing an enforced diagnostic, ${waitingOnly} waiting only for checks not registered yet.`);
  if (details.length) {
    out();
    for (const d of details) out(d);
  }

  // -- real files -----------------------------------------------------------------------------------
  heading('Real files: diagnostics of ours that the reference tools do not have');
  const real = await compareRealFiles(corpus);
  out(`${real.files} files, ${real.diagnostics} errors/warnings of ours, ${real.matched} matched to docutils/Sphinx/dot.`);
  out(`False positives: ${real.falsePositives.length} (${real.unexpected.length} not in known-differences.json).`);
  if (real.unexpected.length) {
    out();
    out('Not explained (the corpus test fails on these):');
    const byCode = new Map<string, number>();
    for (const fp of real.unexpected) byCode.set(fp.diag.code, (byCode.get(fp.diag.code) ?? 0) + 1);
    out(`  by code: ${[...byCode].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ')}`);
    for (const fp of real.unexpected) out(`  ${formatFalsePositive(fp)}`);
  }
  if (real.known.length) {
    out();
    out('Known differences (test/corpus/known-differences.json):');
    for (const { entry, count } of real.known) out(`  ${entry.file}:${entry.line} ${entry.code} x${count}: ${entry.reason}`);
  }
  if (real.stale.length) {
    out();
    out('Known differences that no longer occur (remove them; the corpus test fails on these):');
    for (const k of real.stale) out(`  ${k.file}:${k.line} ${k.code}`);
  }

  heading('Real files: problems the reference tools report that we miss (not asserted)');
  const groups = new Map<string, Slot[]>();
  for (const s of real.falseNegatives) {
    const list = groups.get(s.set.label) ?? [];
    list.push(s);
    groups.set(s.set.label, list);
  }
  const sorted = [...groups].sort((a, b) => b[1].length - a[1].length);
  if (!sorted.length) out('none');
  for (const [label, slots] of sorted) {
    const sources = [...new Set(slots.flatMap((s) => s.entries.map((e) => e.source)))].join('+');
    out();
    out(`${label}: ${slots.length} (${sources})`);
    if (/unknown-(directive|role)/.test(label)) {
      const names = new Map<string, number>();
      for (const s of slots) names.set(nameOf(s), (names.get(nameOf(s)) ?? 0) + 1);
      const top = [...names].sort((a, b) => b[1] - a[1]);
      out(`  names: ${top.slice(0, 25).map(([n, c]) => `${n} ${c}`).join(', ')}${top.length > 25 ? `, ... (${top.length} names)` : ''}`);
    }
    for (const s of slots.slice(0, 5)) out(`  ${s.file}: ${formatSlot(s)}`);
    if (slots.length > 5) out(`  ... and ${slots.length - 5} more`);
  }
  out();
  out(
    `Not compared (no check of ours corresponds): ${[...real.unrelated]
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}; ${corpus.truthWithoutFile} Sphinx messages name no file.`,
  );

  // -- seed -------------------------------------------------------------------------------------------
  heading('Seed guide seed/ha.rst (Sphinx: no warning)');
  const seed = await corpus.diagnose(corpus.seed);
  out(seed.length ? `${seed.length} diagnostics (expected none):` : 'no diagnostics');
  for (const d of seed) out(`  ${formatDiag(d)}`);
  const seedProblems = problemsOf(seed).length;

  heading('Summary');
  table([
    ['broken variants', `${ok}/${corpus.variants.length} ok, ${failing} missing enforced diagnostics, ${waitingOnly} waiting for checks`],
    ['real files', `${real.unexpected.length} unexplained false positives, ${real.known.length} known differences, ${real.stale.length} stale`],
    ['missed', `${real.falseNegatives.length} reference problems of types we check`],
    ['seed guide', `${seed.length} diagnostics (${seedProblems} errors/warnings)`],
    ['time', `${((performance.now() - t0) / 1000).toFixed(2)} s`],
  ]);
  // Graphviz workers or timers of the service must not keep the report alive.
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`corpus report failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
