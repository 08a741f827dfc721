import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { codeInfo } from '../../server/src/codes';
import { checkDotSourceWithLayout } from '../../server/src/dot/check';
import { dotFileSource } from '../../server/src/dot/source';
import { createDotDiagnosticProvider, findGraphvizDirectives } from '../../server/src/dot/provider';
import { GraphvizService } from '../../server/src/graphviz/service';
import { buildLineStarts, offsetToPosition } from '../../server/src/rst/lines';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';
import type { RstProblem } from '../../server/src/rst/types';
import { corpusAvailable, corpusRoot } from '../corpus/corpus';

/**
 * The DOT checks on the real-world corpus (`../shared/corpus`), with the real wasm Graphviz:
 * - every graphviz block Sphinx really parsed and native dot renders gets no error from us, and every
 *   warning we give is a documented check (native dot's own warnings are about ports and image files,
 *   which need the rendered layout, so we give none of those);
 * - every DOT variant of `broken/` gets a diagnostic at the line the mutation broke.
 */
const skip = corpusAvailable() ? false : `corpus not found at ${corpusRoot}`;

interface IndexEntry {
  id: string;
  file: string;
  directive: string;
  directiveLine: number;
  contentStartLine: number | null;
  nContentLines: number;
  sphinxParsed: boolean;
}
interface NativeResult {
  id: string;
  rc?: number;
  warnings?: { message: string }[];
}
interface Variant {
  id: string;
  file: string;
  changedLine: number;
  expected: { tool: string; line: number | null }[];
}

const readJsonl = <T>(p: string): T[] =>
  fs
    .readFileSync(path.join(corpusRoot, p), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

const graphviz = new GraphvizService();
after(() => graphviz.dispose());
const readFile = (p: string) => {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};
const provider = createDotDiagnosticProvider({ graphviz, readFile });
const registry = createRegistry([], []);

async function check(rel: string): Promise<{ text: string; problems: (RstProblem & { line: number; severity: string })[]; directives: number[] }> {
  const abs = path.join(corpusRoot, rel);
  const text = fs.readFileSync(abs, 'utf8');
  const doc = parseRst(text, { registry });
  const starts = buildLineStarts(text);
  const problems = (await provider(doc, pathToFileURL(abs).href)).map((p) => ({
    ...p,
    line: offsetToPosition(starts, p.start).line + 1,
    severity: codeInfo(p.code)?.severity ?? 'error',
  }));
  return { text, problems, directives: findGraphvizDirectives(doc).map((d) => d.line + 1) };
}

test('real blocks that native dot renders get no error from us', { skip, timeout: 180000 }, async (t) => {
  const index = readJsonl<IndexEntry>('dot/index.jsonl');
  const native = new Map(readJsonl<NativeResult>('dot/results.jsonl').map((r) => [r.id, r]));
  const files = [...new Set(index.map((e) => e.file))];
  let checked = 0;
  const warnings = new Map<string, number>();
  const errors: string[] = [];
  const notFound: string[] = [];
  for (const file of files) {
    const { problems, directives } = await check(file);
    const entries = index.filter((e) => e.file === file);
    for (const e of entries) {
      const found = directives.includes(e.directiveLine);
      if (e.sphinxParsed !== found) notFound.push(`${e.id}: Sphinx parsed it: ${e.sphinxParsed}, we found it: ${found}`);
      if (!e.sphinxParsed || native.get(e.id)?.rc !== 0) continue;
      checked++;
      const last = e.contentStartLine ? e.contentStartLine + e.nContentLines - 1 : e.directiveLine;
      for (const p of problems.filter((p) => p.line >= e.directiveLine && p.line <= last)) {
        if (p.severity === 'error') errors.push(`${file}:${p.line}: ${p.code} ${p.message}`);
        else warnings.set(p.code, (warnings.get(p.code) ?? 0) + 1);
      }
    }
  }
  t.diagnostic(`blocks checked: ${checked}; warnings: ${JSON.stringify(Object.fromEntries(warnings))}`);
  assert.deepEqual(notFound, [], 'graphviz directives found exactly where Sphinx parsed them');
  assert.equal(checked, 164, 'blocks that Sphinx parsed and native dot rendered');
  assert.deepEqual(errors, []);
  // Every warning is one of our documented checks (codes registered with a description).
  for (const code of warnings.keys()) assert.ok(codeInfo(code)?.description, code);
  // The checks find the real mistakes the corpus holds (Graphviz is silent on all of them).
  assert.equal(warnings.get('dot.unknown-attribute'), 25, '"textcolor" x22, "weigth" x2, "mincross" x1');
  assert.equal(warnings.get('dot.invalid-value'), 8, 'rankdir="TD" x8');
});

test('all 180 DOT texts native dot renders (directives and examples in literal blocks) get no error', { skip, timeout: 180000 }, async (t) => {
  const native = readJsonl<NativeResult>('dot/results.jsonl').filter((r) => r.rc === 0);
  assert.equal(native.length, 180);
  const errors: string[] = [];
  let warnings = 0;
  for (const r of native) {
    const dot = fs.readFileSync(path.join(corpusRoot, 'dot', `${r.id}.dot`), 'utf8');
    const result = await checkDotSourceWithLayout(dotFileSource(dot), { graphviz, engine: 'dot' });
    if (dot.trim() !== '') assert.equal(result.layout?.status, 'ok', `${r.id}: ${result.layout?.error}`);
    for (const p of result.problems) {
      if (codeInfo(p.code)?.severity === 'error') errors.push(`${r.id}: ${p.code} ${p.message}`);
      else warnings++;
    }
  }
  t.diagnostic(`DOT texts checked: ${native.length}; warnings: ${warnings}`);
  assert.deepEqual(errors, []);
});

test('every DOT variant of broken/ gets a diagnostic at the line the mutation broke', { skip, timeout: 120000 }, async (t) => {
  const variants = readJsonl<Variant>('broken/expected.jsonl').filter((v) => v.id.startsWith('dot-'));
  assert.ok(variants.length >= 9, `${variants.length} variants`);
  const missed: string[] = [];
  for (const v of variants) {
    const { problems } = await check(v.file);
    const lines = new Set([v.changedLine, ...v.expected.filter((e) => e.tool === 'dot' && e.line !== null).map((e) => e.line as number)]);
    const dotProblems = problems.filter((p) => p.code.startsWith('dot.') || p.code.startsWith('sphinx.graphviz'));
    const hit = dotProblems.find((p) => lines.has(p.line));
    t.diagnostic(`${v.id}: ${hit ? `${hit.line} ${hit.severity} ${hit.code}: ${hit.message}` : 'MISSED'}`);
    if (!hit) missed.push(`${v.id} (lines ${[...lines].join(', ')}): ${JSON.stringify(dotProblems.map((p) => [p.line, p.code]))}`);
  }
  assert.deepEqual(missed, []);
});
