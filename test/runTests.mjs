// Runs the compiled node:test files under the given folders of out/ (Node 20's `node --test` does not
// expand glob patterns itself). Usage: node test/runTests.mjs unit corpus [-- extra node --test flags]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
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
const r = spawnSync(process.execPath, ['--expose-gc', '--require', flush, '--test', '--test-force-exit', ...extra, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
