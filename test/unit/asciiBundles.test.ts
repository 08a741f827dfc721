import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';

/**
 * The Node bundles (dist/*.js, built by `npm run build`) are all ASCII, so that Node and V8 hold their text as
 * one-byte strings (scripts/asciiBundle.mjs): esbuild keeps comments as written, and the step after the build
 * replaces their other characters, never one of the program.
 */
const ROOT = path.resolve(__dirname, '../../..');

interface Ascii {
  asciiComments(code: string): { code: string; replaced: number; outside: number[] };
}
const load = () => import(pathToFileURL(path.join(ROOT, 'scripts/asciiBundle.mjs')).href) as Promise<Ascii>;

test('every Node bundle of the build is all ASCII', () => {
  const bundles = fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => f.endsWith('.js'));
  for (const name of ['server.js', 'serverMain.js', 'cli.js', 'cliMain.js', 'lintWorker.js', 'graphvizWorker.js', 'extension.js']) assert.ok(bundles.includes(name), name);
  for (const name of bundles) {
    const bytes = fs.readFileSync(path.join(ROOT, 'dist', name));
    const at = bytes.findIndex((b) => b > 0x7f);
    assert.equal(at, -1, `dist/${name} has a byte other than ASCII at offset ${at} (esbuild.mjs replaces those of comments; write one of a regular expression as a \\u escape)`);
  }
});

test('the characters of comments become ?, one for each UTF-16 unit; those of the program are reported and kept', async () => {
  const { asciiComments } = await load();
  // What esbuild's output may hold: comments as written, strings escaped, a regular expression as written.
  const code = [
    '#!/usr/bin/env node',
    '/** Canonical spelling \u2192 the client\u2019s. */',
    'exports.a = "caf\\xE9 \\u{1F600}"; // a dash \u2014 here, a face \u{1F600}',
    'exports.re = /\u00e9+/u;',
    '/* block \u00e9 */ exports.f = function () { return `\\xE9${exports.a} // \\u2014`; };',
  ].join('\n');
  const r = asciiComments(code);
  assert.deepEqual(r.outside, [code.indexOf('/\u00e9+/u') + 1]);
  assert.equal(r.replaced, 6, 'the arrow, the apostrophe, the dash, the two halves of the face, the e of the block');
  assert.equal(r.code.length, code.length, 'every position (and so every source map column) stays');
  assert.doesNotMatch(r.code.replace('/\u00e9+/u', ''), /[^\x00-\x7f]/);
  assert.match(r.code, /a dash \? here, a face \?\?$/m);
  // The program is the same.
  const run = (text: string) => {
    const module = { exports: {} as Record<string, unknown> };
    new Function('module', 'exports', text.replace(/^#!.*/, ''))(module, module.exports);
    return module.exports;
  };
  const before = run(code);
  const after = run(r.code);
  assert.equal(after.a, 'caf\u00e9 \u{1F600}');
  assert.equal((after.f as () => string)(), (before.f as () => string)());
  assert.ok((after.re as RegExp).test('\u00e9\u00e9'));
  // Nothing to do: the same text back, without parsing it.
  assert.deepEqual(asciiComments('let x = 1; // plain\n'), { code: 'let x = 1; // plain\n', replaced: 0, outside: [] });
  assert.deepEqual(asciiComments('not javascript at all ('), { code: 'not javascript at all (', replaced: 0, outside: [] });
});
