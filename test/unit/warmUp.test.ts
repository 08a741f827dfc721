import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createWarmUp, headLines, MAX_TURNS, TURN_CHARS, TURN_LINES } from '../../server/src/lsp/warmUp';
import { startLspClient } from './lspClient';

/**
 * A fresh server warms its parser and checks on the first document it opens (server/src/lsp/warmUp.ts): one
 * check per turn of the event loop, until the process has parsed its budget of lines, once per process.
 */

/** A warm-up over a fake check that adds `perCheck` lines to the process's count. */
function fake(perCheck: number, start = 0, budget = 1000) {
  let lines = start;
  const checked: string[] = [];
  const logs: string[] = [];
  const warm = createWarmUp(
    {
      check: (text, version) => {
        checked.push(`${version}:${text.length}`);
        lines += perCheck;
      },
      linesParsed: () => lines,
      log: (m) => logs.push(m),
    },
    budget,
  );
  return { warm, checked, logs, lines: () => lines };
}

test('the warm-up checks until the process has parsed its budget of lines, then says so once', async () => {
  const f = fake(100, 250);
  const done = f.warm.offer('Title\n=====\n\ntext\n');
  assert.ok(done);
  await done;
  assert.equal(f.checked.length, 8, 'from 250 lines to 1,000 at 100 a check');
  assert.deepEqual(f.checked.slice(0, 2), ['1:18', '2:18'], 'each check a new version of the same text');
  assert.equal(f.lines(), 1050);
  assert.deepEqual(f.logs.length, 1);
  assert.match(f.logs[0], /^warm-up: 8 checks, 800 lines parsed in \d+ ms$/);
  assert.equal(f.warm.offer('another document\n'), undefined, 'once per process');
  assert.equal(f.checked.length, 8);
});

test('a process that has already parsed its budget (a workspace indexed) does not warm up', () => {
  const f = fake(100, 1000);
  assert.equal(f.warm.offer('Title\n=====\n'), undefined);
  assert.equal(f.checked.length, 0);
});

test('a blank document does not take the process\'s one warm-up; the next document does', async () => {
  const f = fake(500);
  assert.equal(f.warm.offer('  \n\n'), undefined);
  await f.warm.offer('Title\n=====\n');
  assert.equal(f.checked.length, 2);
});

test('a document whose first line is longer than a turn may hold does not take the warm-up', async () => {
  const f = fake(500);
  assert.equal(f.warm.offer('x'.repeat(TURN_CHARS + 1)), undefined);
  await f.warm.offer('Title\n=====\n');
  assert.equal(f.checked.length, 2);
});

test('a check that never adds a line stops after MAX_TURNS checks', async () => {
  const f = fake(0);
  await f.warm.offer('x\n');
  assert.equal(f.checked.length, MAX_TURNS);
});

test('the warm-up yields between checks: work queued meanwhile runs before the next check', async () => {
  const order: string[] = [];
  let lines = 0;
  const warm = createWarmUp({ check: () => { order.push('check'); lines += 400; }, linesParsed: () => lines, log: () => undefined }, 1000);
  const done = warm.offer('text\n');
  setImmediate(() => order.push('keystroke'));
  await done;
  assert.deepEqual(order, ['check', 'keystroke', 'check', 'check']);
});

test('a failing check ends the warm-up with a message, never the server', async () => {
  const logs: string[] = [];
  const warm = createWarmUp({ check: () => { throw new Error('boom'); }, linesParsed: () => 0, log: (m) => logs.push(m) }, 1000);
  await warm.offer('text\n');
  assert.deepEqual(logs, ['warm-up stopped after 1 checks: boom']);
});

test('headLines keeps at most the first n lines', () => {
  assert.equal(headLines('a\nb\nc\n', 2), 'a\nb\n');
  assert.equal(headLines('a\nb\nc', 3), 'a\nb\nc');
  assert.equal(headLines('a\nb', 5), 'a\nb');
  assert.equal(headLines('', 5), '');
  const long = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n');
  assert.equal(headLines(long, TURN_LINES).split('\n').length - 1, TURN_LINES);
  // Long lines: cut at the last line break within the characters.
  assert.equal(headLines('aaaa\nbbbb\ncccc\n', 10, 12), 'aaaa\nbbbb\n');
  assert.equal(headLines('aaaa\nbbbb', 10, 12), 'aaaa\nbbbb');
  assert.equal(headLines('aaaa\nbbbbbbbbbbbb', 10, 12), 'aaaa\n');
  assert.equal(headLines('x'.repeat(TURN_CHARS + 1), 10), '');
});

test('the real server warms up after a fresh document\'s first diagnostics; a keystroke meanwhile is published before the warm-up ends', { timeout: 60000 }, async () => {
  const seed = fs.readFileSync(path.resolve(__dirname, '../../..', '../shared/corpus/seed/ha.rst'), 'utf8');
  const client = await startLspClient(null, { server: { logLevel: 'debug' } });
  const events: string[] = [];
  let warmed!: (m: string) => void;
  const warmedUp = new Promise<string>((r) => (warmed = r));
  client.conn.onNotification('haGuide/log', (p: { message: string }) => {
    if (!p.message.startsWith('warm-up')) return;
    events.push('warm-up ended');
    warmed(p.message);
  });
  const uri = 'file:///warm/ha.rst';
  client.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
    if (p.uri !== uri) return;
    events.push(`v${p.version}`);
    // The first publish of the first version: a keystroke at once, while the warm-up has just begun.
    if (p.version === 1 && events.filter((e) => e === 'v1').length === 1) {
      void client.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }],
      });
    }
  });
  try {
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text: seed } });
    // A bound on a wait that must end (not a measure of speed): a server that never warms up fails here.
    const message = await Promise.race([warmedUp, new Promise<string>((r) => setTimeout(() => r('no warm-up reported within 30 s'), 30000).unref())]);
    const m = /^warm-up: (\d+) checks, (\d+) lines parsed in \d+ ms$/.exec(message);
    assert.ok(m, message);
    const checks = Number(m[1]);
    assert.ok(checks > 1 && checks < MAX_TURNS, message);
    // The seed's 278 lines a check, until the process has parsed 60,000 lines (the seed's own parses count too).
    assert.ok(Number(m[2]) >= 60_000 - 10 * 279 && Number(m[2]) < 60_000 + 279, message);
    assert.ok(events.indexOf('v2') >= 0 && events.indexOf('v2') < events.indexOf('warm-up ended'), events.join(' '));
  } finally {
    await client.stop();
  }
});
