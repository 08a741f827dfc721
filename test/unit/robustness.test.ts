import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createLanguageService } from '../../server/src/languageService';

/**
 * Pathological and random input: the service must answer within a time bound, never throw, and keep
 * every diagnostic inside the document. In an editor a parser regression is a frozen window, so these
 * run under generous but finite limits (the machines are shared and noisy).
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

function timed(name: string, make: () => string, limitMs: number) {
  test(`${name} finishes under ${limitMs} ms`, () => {
    const text = make();
    const t0 = performance.now();
    lint(text);
    const ms = performance.now() - t0;
    assert.ok(ms < limitMs, `${name}: ${ms.toFixed(0)} ms`);
  });
}

const seed = fs.readFileSync(path.resolve(__dirname, '../../../examples/ha.rst'), 'utf8');

timed('100,000 "=" lines', () => Array(100000).fill('=====').join('\n'), 3000);
timed('alternating titles, 50,000 of them', () => Array(50000).fill('Title\n=====\n').join('\n'), 3000);
timed('10,000 nested block quotes', () => Array.from({ length: 10000 }, (_, i) => ' '.repeat(i) + 'quote\n').join('\n'), 8000);
timed('10,000 nested bullet lists', () => Array.from({ length: 10000 }, (_, i) => ' '.repeat(2 * i) + '* item').join('\n'), 8000);
timed('an unclosed backquote over 50,000 lines', () => '`' + Array(50000).fill('some words here').join('\n'), 3000);
timed('50,000 lines starting with an unclosed *', () => Array(50000).fill('*emphasis never closed').join('\n'), 3000);
timed('100,000 | characters', () => '|'.repeat(100000), 3000);
timed('a 10 MB file', () => seed.repeat(Math.ceil(10_000_000 / seed.length)), 6000);
timed('100,000 explicit targets without blank lines', () => Array.from({ length: 100000 }, (_, i) => `.. _t${i}: https://x.example/${i}`).join('\n'), 5000);
timed('a grid table 2,000 columns wide', () => '+' + '-+'.repeat(2000) + '\n|' + ' |'.repeat(2000) + '\n+' + '-+'.repeat(2000) + '\n', 3000);
timed('binary noise', () => Buffer.from(Array.from({ length: 300000 }, (_, i) => (i * 7919 + (i >> 3)) % 256)).toString('latin1'), 3000);
timed('lone surrogates and NULs', () => '\ud800Title\udc00\n=====\n\u0000\u0000 `a\ud800`_ |\udfff|\n'.repeat(5000), 3000);

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
  const t0 = performance.now();
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
  assert.ok(performance.now() - t0 < 60000);
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
