import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

/**
 * The LSP fuzz target (test/fuzz/lspFuzz.mjs) itself: a few seconds against the real server (dist/server.js)
 * with a fixed seed and the repository's examples as documents. It must find nothing and print its counts.
 */
const ROOT = path.resolve(__dirname, '../../..');

test('the LSP fuzzer runs a few seconds against the server, finds nothing and prints its counts', { timeout: 30000 }, async () => {
  const child = spawn(process.execPath, [path.join(ROOT, 'test/fuzz/lspFuzz.mjs'), '--seconds', '5', '--seed', '7', '--corpus', path.join(ROOT, 'examples'), '--hang-seconds', '10'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.equal(code, 0, out);
  const m = /^fuzz: (\d+) documents, (\d+) edits, (\d+) requests, 0 crashes, 0 protocol errors, 0 out-of-range results, 0 hangs \(seed 7, [\d.]+ min\)$/m.exec(out);
  assert.ok(m, `no counts line in:\n${out}`);
  assert.ok(Number(m[1]) >= 1 && Number(m[2]) > 20 && Number(m[3]) > 20, `too little done: ${m[0]}`);
});
