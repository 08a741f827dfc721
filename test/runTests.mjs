// Runs the compiled node:test files under the given folders of out/ (Node 20's `node --test` does not
// expand glob patterns itself). Usage: node test/runTests.mjs unit corpus [-- extra node --test flags]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const dash = args.indexOf('--');
const folders = dash >= 0 ? args.slice(0, dash) : args;
const extra = dash >= 0 ? args.slice(dash + 1) : [];
const files = [];
for (const folder of folders) {
  const dir = path.join('out/test', folder);
  if (!fs.existsSync(dir)) {
    console.error(`no compiled tests in ${dir}: run npm run compile first`);
    process.exit(2);
  }
  for (const f of fs.readdirSync(dir, { recursive: true })) if (String(f).endsWith('.test.js')) files.push(path.join(dir, String(f)));
}
files.sort();
if (!files.length) {
  console.error(`no test files under ${folders.join(', ')}`);
  process.exit(2);
}
// --expose-gc: the complexity tests collect garbage before each timed run, so that a collection left over
// from the run before does not land in the one being measured. --test-force-exit: a file whose tests have all
// finished ends even if something it started still holds its event loop (a JSON-RPC reader's timer once kept
// one alive for ever after every test had passed, and the CI run hung); its results are all delivered first, as
// test/reportFlush.cjs makes its report's writes blocking.
const flush = path.resolve('test/reportFlush.cjs');
// Two files at a time at least: Node runs one at a time on a machine of two cores (its default is one less than
// the cores), and many files mostly wait (for a language server, Chromium, a Graphviz worker, another process).
// On the CI machine, two cores: unit and corpus tests 230-270 s instead of 330-390 s, the same verdicts. The
// complexity tests measure CPU time of their own process (complexity.ts), so a file run beside them does not
// move their ratios much; the timing tests compare with their own work, never with a wall-clock limit.
const concurrency = Math.max(2, os.availableParallelism() - 1);
const r = spawnSync(process.execPath, ['--expose-gc', '--require', flush, '--test', '--test-force-exit', `--test-concurrency=${concurrency}`, ...extra, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
