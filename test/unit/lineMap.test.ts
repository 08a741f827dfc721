import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SourceLineMap, type LineEntry } from '../../client/webview/lineMap';
import { PREVIEW_INSTANT_MS, PREVIEW_MAX_DEBOUNCE_MS, previewDebounceMs } from '../../client/src/preview/debounce';
import { expectLinear } from './complexity';

/**
 * A page as the preview measures it:
 *   title      line 0-1    top   0, height 40
 *   paragraph  line 3-4    top  60, height 40
 *   list       line 6-9    top 120, height 80, with items at 6 (top 120, 40) and 8-9 (top 160, 40)
 *   diagram    line 11-30  top 220, height 400
 *   paragraph  line 40     top 640, height 20
 */
const page: LineEntry[] = [
  { line: 0, endLine: 1, top: 0, height: 40 },
  { line: 3, endLine: 4, top: 60, height: 40 },
  { line: 6, endLine: 9, top: 120, height: 80 },
  { line: 6, endLine: 6, top: 120, height: 40 },
  { line: 8, endLine: 9, top: 160, height: 40 },
  { line: 11, endLine: 30, top: 220, height: 400 },
  { line: 40, endLine: 40, top: 640, height: 20 },
];
const map = new SourceLineMap(page);

describe('offsetForLine', () => {
  test('the first line of a block is its top', () => {
    assert.equal(map.offsetForLine(0), 0);
    assert.equal(map.offsetForLine(3), 60);
    assert.equal(map.offsetForLine(11), 220);
    assert.equal(map.offsetForLine(40), 640);
  });
  test('lines inside a block are in proportion to its height', () => {
    assert.equal(map.offsetForLine(4), 80);
    assert.equal(map.offsetForLine(21), 420);
    assert.equal(map.offsetForLine(3.5), 70);
  });
  test('the innermost block wins', () => {
    assert.equal(map.offsetForLine(8), 160);
    assert.equal(map.offsetForLine(9), 180);
  });
  test('a line between blocks is interpolated over the gap', () => {
    assert.equal(map.offsetForLine(2), 40 + (60 - 40) * 0);
    assert.equal(map.offsetForLine(7), 140, 'line 7: no item covers it, the list (6-9) does, a quarter down');
    assert.equal(map.offsetForLine(10), 200);
    assert.equal(map.offsetForLine(35), 620 + (640 - 620) * ((35 - 31) / (40 - 31)));
  });
  test('before the first and after the last block', () => {
    const late = new SourceLineMap([{ line: 5, endLine: 5, top: 100, height: 10 }]);
    assert.equal(late.offsetForLine(0), 100);
    assert.equal(map.offsetForLine(500), 660);
  });
  test('nothing measured, or nonsense in', () => {
    assert.equal(new SourceLineMap([]).offsetForLine(3), undefined);
    assert.equal(map.offsetForLine(Number.NaN), undefined);
    const odd = new SourceLineMap([{ line: 2, endLine: Number.NaN, top: 10, height: 10 }, { line: Number.NaN, endLine: 1, top: 0, height: 1 }]);
    assert.equal(odd.size, 1);
    assert.equal(odd.offsetForLine(2), 10);
  });
});

describe('lineForOffset', () => {
  test('the top of a block is its first line', () => {
    assert.equal(map.lineForOffset(0), 0);
    assert.equal(map.lineForOffset(60), 3);
    assert.equal(map.lineForOffset(220), 11);
  });
  test('inside a block, in proportion', () => {
    assert.equal(map.lineForOffset(420), 21);
    assert.equal(map.lineForOffset(80), 4);
  });
  test('the innermost block containing the offset', () => {
    assert.equal(map.lineForOffset(170), 8.5);
    assert.equal(map.lineForOffset(130), 6.25);
  });
  test('in a gap, between the block above and the one below', () => {
    assert.equal(map.lineForOffset(50), 2.5);
    assert.equal(map.lineForOffset(630), 31 + (40 - 31) * 0.5);
  });
  test('above everything and below everything', () => {
    const late = new SourceLineMap([{ line: 5, endLine: 5, top: 100, height: 10 }]);
    assert.equal(late.lineForOffset(0), 5);
    assert.equal(map.lineForOffset(10_000), 41);
    assert.equal(new SourceLineMap([]).lineForOffset(0), undefined);
  });
  test('round trip: every line maps to an offset that maps back to it', () => {
    for (const line of [0, 1, 3, 4, 6, 8, 9, 11, 20, 30, 40]) {
      const y = map.offsetForLine(line)!;
      assert.equal(Math.floor(map.lineForOffset(y)! + 1e-9), line, `line ${line} -> ${y}`);
    }
  });
  test('a long page stays fast: 4,000 lookups cost at most linearly more on a page four times as long', (t) => {
    // A page of `n` blocks (every line covered) and 4,000 lookups spread over all of it, each run on a fresh map.
    const lookups = (n: number) => {
      const big = new SourceLineMap(Array.from({ length: n }, (_, i): LineEntry => ({ line: i * 2, endLine: i * 2 + 1, top: i * 30, height: 24 })));
      let sum = 0;
      for (let i = 0; i < 2000; i++) {
        sum += big.offsetForLine(((i * n) / 1000) | 0)!;
        sum += big.lineForOffset(((i * n * 15) / 1000) | 0)!;
      }
      return sum;
    };
    expectLinear('4,000 lookups on a page of n blocks', (n) => n, (n) => assert.ok(Number.isFinite(lookups(n))), 20_000, { log: (l) => t.diagnostic(l) });
  });
});

test('the preview waits after a keystroke only as long as its last render took, never while renders are faster than a frame', () => {
  assert.equal(previewDebounceMs(0), 0);
  assert.equal(previewDebounceMs(PREVIEW_INSTANT_MS - 1), 0);
  assert.equal(previewDebounceMs(40), 40);
  assert.equal(previewDebounceMs(120.4), 120);
  assert.equal(previewDebounceMs(10_000), PREVIEW_MAX_DEBOUNCE_MS);
});
