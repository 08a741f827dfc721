#!/usr/bin/env node
// A differential test of the RST block parser against docutils: random (seeded) snippets cut from the corpus,
// some lines indented, unindented, emptied or given a list, field, option, table or title marker, are parsed
// by the server's parser and by docutils' own parser (test/fuzz/docutils_structure.py, no transforms), and
// their block structures (lists and their items' bodies, block quotes, sections, paragraphs, literal blocks,
// tables and their cells, transitions, comments, targets, footnotes and citations) must be equal; with --inline,
// the kinds of each paragraph's inline nodes too (snippets with roles are then left out: docutils knows none of
// Sphinx's). Directives and substitution references are left out of the snippets: directives expand differently
// in each tree. Needs a python3 that imports docutils.
//
//   node test/fuzz/structureDiff.mjs [--snippets N] [--seed S] [--show K] [--corpus DIR] [--inline]
//
// Prints each difference (the snippet, both structures) up to K, then `structure: N snippets, D differences
// (seed S)`; exits 1 when D is not 0, 2 on a usage error or when docutils cannot run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function usage(message) {
  console.error(`structureDiff: ${message}\nusage: node test/fuzz/structureDiff.mjs [--snippets N] [--seed S] [--show K] [--corpus DIR] [--inline]`);
  process.exit(2);
}

const opts = { snippets: 5000, seed: Date.now() % 100000, show: 10, corpus: path.resolve(ROOT, '../shared/corpus'), inline: false };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--inline') {
    opts.inline = true;
    continue;
  }
  const v = argv[++i];
  if (v === undefined) usage(`${a} needs a value`);
  if (a === '--corpus') opts.corpus = path.resolve(v);
  else if (a === '--snippets' || a === '--seed' || a === '--show') {
    if (!/^\d+$/.test(v)) usage(`${a} takes a whole number, not "${v}"`);
    opts[a.slice(2)] = Number(v);
  } else usage(`unknown option ${a}`);
}

// The parser, bundled from the sources as the benchmark does (no build needed).
const esbuild = await import('esbuild');
const outfile = path.join(os.tmpdir(), `ha-guide-structure-${process.pid}.cjs`);
await esbuild.build({
  stdin: { contents: "export { parseRst } from './server/src/rst/parser';\nexport { createRegistry } from './server/src/rst/registry';\n", resolveDir: ROOT, sourcefile: 'structure-entry.ts', loader: 'ts' },
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'error',
});
const core = createRequire(import.meta.url)(outfile);
fs.rmSync(outfile, { force: true });
const registry = core.createRegistry([], []);

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.rst')) out.push(p);
  }
  return out;
}
const top = fs.existsSync(path.join(opts.corpus, 'files')) ? path.join(opts.corpus, 'files') : opts.corpus;
if (!fs.existsSync(top)) usage(`no corpus at ${opts.corpus}`);
const files = walk(top).sort().map((f) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => !/^\s*\.\.\s.*::/.test(l)));
if (!files.length) usage(`no .rst files under ${top}`);

let state = opts.seed;
const rnd = (k) => (state = (state * 1103515245 + 12345) % 2147483648) % k;
const MARKERS = ['* ', '- ', '+ ', '\u2022 ', '1. ', '#. ', '(a) ', 'ii) ', 'A. ', ':f: ', ':a b: ', '| ', '>>> ', '-o ', '--long=x  ', '/V  ', '::', '====', '----', '+---+---+', '=== ===', 'term : cls', '   ', '\t', ' '];
const texts = [];
while (texts.length < opts.snippets) {
  const lines = files[rnd(files.length)];
  if (!lines.length) continue;
  const a = rnd(lines.length);
  let s = lines.slice(a, a + 2 + rnd(30));
  if (rnd(3) === 0) s = s.map((l) => (rnd(6) === 0 ? '  ' + l : rnd(9) === 0 ? l.trimStart() : rnd(7) === 0 ? MARKERS[rnd(MARKERS.length)] + l : rnd(15) === 0 ? '' : l));
  const t = s.join('\n') + '\n';
  if (/\|[^|\s][^|]*\|/.test(t)) continue; // substitution references need their definitions
  if (opts.inline && /:[\w.+-]+:`|`:[\w.+-]+:/.test(t)) continue; // roles: docutils knows none of Sphinx's
  texts.push(t);
}

const py = spawnSync('python3', [path.join(ROOT, 'test/fuzz/docutils_structure.py')], {
  input: JSON.stringify(texts),
  encoding: 'utf8',
  maxBuffer: 1 << 28,
  env: { ...process.env, STRUCTURE_INLINE: opts.inline ? '1' : '0' },
});
if (py.error || py.status !== 0) usage(`python3 with docutils failed: ${py.error?.message ?? py.stderr.trim().split('\n').pop()}`);
const theirs = JSON.parse(py.stdout);

const LISTS = new Set(['bulletList', 'enumList', 'definitionList', 'fieldList', 'optionList']);
const BODIES = new Set(['blockQuote', 'footnote', 'citation']);
function ours(blocks) {
  return blocks.map((b) => {
    if (LISTS.has(b.kind)) return [b.kind, b.items.map((i) => ours(i.body))];
    if (BODIES.has(b.kind)) return [b.kind, [ours(b.body)]];
    if (b.kind === 'table') return [b.kind, [...b.cells].sort((x, y) => x.row - y.row || x.col - y.col).map((c) => ours(c.body))];
    if (b.kind === 'paragraph' && opts.inline) return [b.kind, inlineKinds(b)];
    return [b.kind, []];
  });
}
/** A paragraph's inline nodes by kind as docutils_structure.py gives them (a standalone URI is a reference). */
function inlineKinds(paragraph) {
  const nodes = [...paragraph.inlines];
  // Before a literal block docutils drops ` ::` and keeps one `:` of `text::` (as the preview shows it).
  const last = nodes[nodes.length - 1];
  if (paragraph.literalNext && last?.kind === 'text' && /^\s+::$/.test(last.text)) nodes.pop();
  const out = [];
  for (const n of nodes) {
    const kind = n.kind === 'uri' ? 'reference' : n.kind;
    if (kind !== 'text' || out[out.length - 1] !== 'text') out.push(kind);
  }
  return out;
}
let differences = 0;
texts.forEach((t, i) => {
  const a = JSON.stringify(ours(core.parseRst(t, { registry }).blocks));
  const b = JSON.stringify(theirs[i]);
  if (a === b) return;
  if (++differences <= opts.show) console.log(`---- snippet ${i}\n${t}\nours:     ${a}\ndocutils: ${b}`);
});
console.log(`structure: ${texts.length} snippets, ${differences} differences (seed ${opts.seed})`);
process.exit(differences ? 1 : 0);
