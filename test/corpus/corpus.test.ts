/**
 * Our diagnostics against the ground truth of the real-world corpus (docutils 0.19, Sphinx 5.3, native dot).
 *
 * 1. Broken variants: every problem the reference tools report for a mutation, we report at the same
 *    line (where they report the start of the paragraph or directive, anywhere in that block of text).
 *    Expectations whose check is not registered yet run as `todo`, and are enforced as soon as the
 *    check registers its code.
 * 2. Real files: no diagnostic of ours at error or warning severity that the reference tools do not
 *    have, except the documented ones in known-differences.json (which must all still occur).
 * 3. The seed guide, clean under Sphinx, is clean for us.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  checkVariant,
  compareRealFiles,
  corpusAvailable,
  corpusRoot,
  describeMissing,
  formatDiag,
  formatFalsePositive,
  knownDifferencesPath,
  loadCorpus,
  requirementsOf,
  type Corpus,
  type RealFilesResult,
} from './corpus';
import { classify, isProblemLevel } from './truth';

// A missing corpus is a failure, not a skip: a suite that passes without its data proves nothing.
const missing = corpusAvailable() ? undefined : `corpus not found at ${corpusRoot} (it lives in ../shared/corpus next to the repository; or set HA_GUIDE_CORPUS)`;
const skip = missing !== undefined;
const corpus: Corpus | undefined = missing ? undefined : loadCorpus();
// The Graphviz worker thread would keep the test process alive.
after(() => corpus?.service.dispose());

if (missing) it('finds the corpus', () => assert.fail(missing));

describe('corpus: the ground truth is read', { skip }, () => {
  it('finds every RST file of the manifest, the truth and the broken variants', () => {
    const c = corpus as Corpus;
    assert.equal(c.files.length, c.manifestRstCount, 'RST files under files/ and in MANIFEST.tsv differ');
    assert.ok(c.files.length > 200, `only ${c.files.length} RST files`);
    assert.ok(c.truth.size > 200, `truth covers only ${c.truth.size} files`);
    assert.ok(c.variants.length >= 20, `only ${c.variants.length} broken variants`);
    assert.ok(c.seed.text.includes('.. graphviz::'), 'seed/ha.rst is not the HA guide');
  });

  it('maps every expected problem of the broken variants to a code of ours', () => {
    const unmapped = (corpus as Corpus).variants.flatMap((v) =>
      v.expected
        .filter((e) => isProblemLevel(e.level))
        .filter((e) => {
          const set = classify({ ...e, source: e.tool });
          return set.codes.length === 0 && !set.prefix;
        })
        .map((e) => `${v.id}: ${e.tool} ${e.type} "${e.message}"`),
    );
    assert.deepEqual(unmapped, [], 'truth messages with no corresponding code (extend RULES in test/corpus/truth.ts)');
  });

  it('derives at least one expectation from every broken variant', () => {
    const c = corpus as Corpus;
    assert.deepEqual(
      c.variants.filter((v) => requirementsOf(c, v).length === 0).map((v) => v.id),
      [],
      'variants that would test nothing',
    );
  });
});

describe('corpus: broken variants report what docutils, Sphinx and dot report', { skip }, () => {
  for (const v of corpus?.variants ?? []) {
    const requirements = requirementsOf(corpus as Corpus, v);
    const ready = requirements.filter((r) => r.ready);
    const waiting = requirements.filter((r) => !r.ready);
    const title = `${v.id}: ${v.mutation}`;
    if (ready.length) {
      it(title, async () => {
        const result = await checkVariant(corpus as Corpus, v, ready);
        assert.ok(
          result.missing.length === 0,
          `${v.file}: missing ${result.missing.length} of ${ready.length} expected diagnostics:\n  ` +
            result.missing.map((s) => describeMissing(s, result.diags)).join('\n  '),
        );
      });
    }
    if (waiting.length) {
      const labels = [...new Set(waiting.map((r) => r.slot.set.label))].join(', ');
      it(`${title} [not enforced yet]`, { todo: `waits for ${labels} (no such code registered yet)` }, async () => {
        const result = await checkVariant(corpus as Corpus, v, waiting);
        assert.ok(
          result.missing.length === 0,
          `${v.file}: missing ${result.missing.length} of ${waiting.length}:\n  ` + result.missing.map((s) => describeMissing(s, result.diags)).join('\n  '),
        );
      });
    }
  }
});

describe('corpus: real files get no diagnostic the reference tools do not have', { skip }, () => {
  let result: RealFilesResult;
  before(async () => {
    result = await compareRealFiles(corpus as Corpus);
  });

  it('has no false positives beyond test/corpus/known-differences.json', (t) => {
    const byType = new Map<string, number>();
    for (const s of result.falseNegatives) byType.set(s.set.label, (byType.get(s.set.label) ?? 0) + 1);
    t.diagnostic(
      `${result.files} files, ${result.diagnostics} errors/warnings of ours, ${result.matched} matched, ` +
        `${result.falsePositives.length} false positives (${result.unexpected.length} not listed), ` +
        `${result.falseNegatives.length} missed: ${[...byType].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    );
    assert.ok(
      result.unexpected.length === 0,
      `${result.unexpected.length} diagnostics that neither Sphinx nor docutils report (fix the check, or list them with a reason in ` +
        `${knownDifferencesPath}):\n  ` +
        result.unexpected
          .slice(0, 60)
          .map(formatFalsePositive)
          .join('\n  ') +
        (result.unexpected.length > 60 ? `\n  ... and ${result.unexpected.length - 60} more (npm run corpus:report lists all)` : ''),
    );
  });

  it('every known difference still occurs', () => {
    assert.deepEqual(
      result.stale.map((k) => `${k.file}:${k.line} ${k.code}`),
      [],
      `entries of ${knownDifferencesPath} that no longer occur: remove them`,
    );
  });
});

describe('corpus: the seed guide', { skip }, () => {
  it('seed/ha.rst, clean under Sphinx, gives no diagnostic', async () => {
    const c = corpus as Corpus;
    const diags = await c.diagnose(c.seed);
    assert.deepEqual(diags.map(formatDiag), []);
  });
});
