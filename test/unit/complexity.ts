import assert from 'node:assert/strict';
import { cpuNow } from './cpuTime';

/**
 * The one complexity check of the tests: `run` on an input of size `n` and on one `factor` times larger (4 by
 * default), in CPU time of this process, best of three interleaved runs, each run after a full collection
 * (node --expose-gc, as test/runTests.mjs runs). Linear work costs about `factor` times more; the check allows
 * twice that (noise: caches and collections cost the larger input a little more on a machine shared with other
 * jobs), and a quadratic path, at `factor` squared, fails it by the same margin again. A pause of the machine
 * can spoil one round, so up to three rounds are measured before failing. With `fresh`, each run gets a new
 * input (`build` gets a new variant number) for work that caches by its input. Returns the best times.
 */
export function expectLinear<T>(
  name: string,
  build: (n: number, variant: number) => T,
  run: (input: T, n: number) => unknown,
  n: number,
  options: { factor?: number; fresh?: boolean; rounds?: number; log?: (line: string) => void } = {},
): { small: number; large: number } {
  const factor = options.factor ?? 4;
  const gc = (globalThis as { gc?: () => void }).gc;
  let variant = 0;
  const inputs = options.fresh ? undefined : [build(n, 0), build(factor * n, 0)];
  const time = (k: 0 | 1) => {
    const size = k === 0 ? n : factor * n;
    const input = inputs ? inputs[k] : build(size, ++variant);
    gc?.();
    const t0 = cpuNow();
    run(input, size);
    return cpuNow() - t0;
  };
  const limit = (small: number) => 2 * factor * small + 5;
  let small = Infinity;
  let large = Infinity;
  const rounds = options.rounds ?? 3;
  for (let round = 1; round <= rounds && !(large < limit(small)); round++) {
    small = Infinity;
    large = Infinity;
    for (let i = 0; i < 3; i++) {
      small = Math.min(small, time(0));
      large = Math.min(large, time(1));
    }
    options.log?.(`${name}, round ${round}: size ${n} ${small.toFixed(1)} ms, ${factor} times the size ${large.toFixed(1)} ms`);
  }
  assert.ok(large < limit(small), `${name}: ${large.toFixed(1)} ms at ${factor} times the size against ${small.toFixed(1)} ms, in each of ${rounds} rounds: not linear`);
  return { small, large };
}
