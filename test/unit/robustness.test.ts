import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createLanguageService } from '../../server/src/languageService';
import { expectLinear } from './complexity';

/**
 * Pathological and random input: the service must never throw, keep every diagnostic inside the document,
 * and take time linear in the input. In an editor a parser regression is a frozen window; the machines are
 * shared and noisy, so the time is compared with itself (four times the input, less than eight times the CPU time: test/unit/complexity.ts)
 * rather than with a fixed number of milliseconds.
 */
const service = createLanguageService();
let version = 0;

function lint(text: string) {
  const diags = service.computeRstDiagnostics({ uri: 'mem://robust.rst', version: ++version, getText: () => text });
  for (const d of diags) {
    assert.ok(d.start >= 0 && d.start <= d.end && d.end <= text.length, `range ${d.start}-${d.end} outside 0-${text.length} (${d.code})`);
  }
  return diags;
}

/** The service's checks on `build(n)` and on four times that grow linearly (test/unit/complexity.ts). */
function linear(name: string, build: (n: number) => string, n: number, options: { todo?: string } = {}) {
  test(`${name}: four times the input costs less than eight times as much`, { timeout: 180000, ...options }, (t) => {
    // (One round for a known defect marked todo: it fails every round and costs the machine seconds.)
    expectLinear(name, build, (text) => lint(text), n, { rounds: options.todo ? 1 : 3, log: (l) => t.diagnostic(l) });
  });
}

const seed = fs.readFileSync(path.resolve(__dirname, '../../../examples/ha.rst'), 'utf8');

/** Nesting `depth` levels deep takes about depth² / 2 characters: `n` characters are about √(2n) levels. */
const levels = (n: number) => Math.round(Math.sqrt(2 * n));

linear('"=" lines', (n) => Array(n).fill('=====').join('\n'), 100000);
linear('alternating titles', (n) => Array(n).fill('Title\n=====\n').join('\n'), 25000);
linear('block quotes nested 2,800 deep', (n) => Array.from({ length: levels(n) }, (_, i) => ' '.repeat(i) + 'quote\n').join('\n'), 4_000_000);
linear('bullet lists nested 2,000 deep', (n) => Array.from({ length: levels(n / 2) }, (_, i) => ' '.repeat(2 * i) + '* item').join('\n'), 4_000_000);
linear('an unclosed backquote over 50,000 lines', (n) => '`' + Array(n).fill('some words here').join('\n'), 50000);
linear('lines starting with an unclosed *', (n) => Array(n).fill('*emphasis never closed').join('\n'), 25000);
linear('| characters', (n) => '|'.repeat(n), 100000);
linear('a 2.5 MB file', (n) => seed.repeat(Math.ceil(n / seed.length)), 2_500_000);
linear('explicit targets without blank lines', (n) => Array.from({ length: n }, (_, i) => `.. _t${i}: https://x.example/${i}`).join('\n'), 50000);
linear('a grid table 4,000 columns wide', (n) => '+' + '-+'.repeat(n) + '\n|' + ' |'.repeat(n) + '\n+' + '-+'.repeat(n) + '\n', 4000);
linear('binary noise', (n) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919 + (i >> 3)) % 256)).toString('latin1'), 300000);
linear('lone surrogates and NULs', (n) => '\ud800Title\udc00\n=====\n\u0000\u0000 `a\ud800`_ |\udfff|\n'.repeat(n), 5000);

/** The corpus's RST files, sorted (the example guide alone where the corpus is not beside the checkout). */
function corpusFiles(): string[] {
  const corpus = path.resolve(__dirname, '../../../../shared/corpus/files');
  if (!fs.existsSync(corpus)) return [path.resolve(__dirname, '../../../examples/ha.rst')];
  return fs
    .readdirSync(corpus, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.rst'))
    .map((f) => path.join(corpus, f))
    .sort();
}

/** A small deterministic PRNG (mulberry32), so a failure can be reproduced from its seed. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('random edits of corpus files never throw and keep ranges inside the document', () => {
  const files = corpusFiles();
  const pieces = ['`', '``', '*', '**', '_', '__', '|', ':', '::', '.. ', '\n', '\n\n', '   ', '\t', '=====', '-----', '+--+', '[#]_', '.. _x:', '.. note::', '>>>', '\r\n', '\\'];
  const random = rng(20261125);
  let runs = 0;
  for (let k = 0; k < 400; k++) {
    let text = fs.readFileSync(files[Math.floor(random() * files.length)], 'utf8');
    for (let e = 0; e < 8; e++) {
      const at = Math.floor(random() * (text.length + 1));
      const r = random();
      if (r < 0.4) text = text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at);
      else if (r < 0.7) text = text.slice(0, at) + text.slice(at + Math.floor(random() * 40));
      else {
        const from = Math.floor(random() * text.length);
        text = text.slice(0, at) + text.slice(from, from + Math.floor(random() * 200)) + text.slice(at);
      }
    }
    lint(text);
    runs++;
  }
  assert.equal(runs, 400);
});

test('every navigation feature at random places of corpus files never throws and stays inside the documents', () => {
  const files = corpusFiles();
  const random = rng(7);
  const nav = createLanguageService();
  const docs = files.map((f, i) => {
    const text = fs.readFileSync(f, 'utf8');
    const doc = { uri: `file:///corpus/${i}.rst`, version: 1, getText: () => text };
    nav.indexDocument(doc);
    return doc;
  });
  const inside = (l: { uri: string; start: number; end: number }) => {
    const f = nav.index.get(l.uri);
    if (f) assert.ok(l.start >= 0 && l.start <= l.end && l.end <= f.text.length, `${l.uri} ${l.start}-${l.end}`);
  };
  let calls = 0;
  for (let k = 0; k < 60; k++) {
    const doc = docs[Math.floor(random() * docs.length)];
    const text = doc.getText();
    nav.documentSymbols(doc);
    nav.foldingRanges(doc);
    nav.documentLinks(doc);
    for (let j = 0; j < 40; j++) {
      const o = Math.floor(random() * (text.length + 1));
      nav.definition(doc, o).forEach(inside);
      nav.references(doc, o, true).forEach(inside);
      nav.hover(doc, o);
      nav.completion(doc, o);
      const r = nav.prepareRename(doc, o);
      if (r && !('error' in r)) {
        const edit = nav.rename(doc, o, 'renamed name');
        if (edit && 'changes' in edit) for (const [uri, list] of Object.entries(edit.changes)) list.forEach((e) => inside({ uri, ...e }));
      }
      nav.selectionRanges(doc, [o]);
      nav.codeActions(doc, [], { start: o, end: o });
      calls += 9;
    }
  }
  assert.equal(calls, 60 * 40 * 9);
});

test('the complexity check fails on quadratic work (its positive control)', () => {
  const quadratic = (n: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += (i ^ j) & 1;
    return s;
  };
  const linear = (n: number) => {
    let s = 0;
    for (let i = 0; i < n * 2000; i++) s += i & 1;
    return s;
  };
  // Large enough (small input about 30 ms of CPU) that a burst of this process's other threads during the small
  // runs cannot hide the quadratic growth: at 4,000 (8 ms) one `npm test` on a loaded machine measured it as linear.
  assert.throws(() => expectLinear('quadratic work', (n) => n, quadratic, 8000, { rounds: 1 }), /not linear/);
  expectLinear('linear work', (n) => n, linear, 4000);
});
