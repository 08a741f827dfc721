import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * Entry point the extension host loads when `extensionTestsPath` points here (code-server through
 * test/e2e/run.mjs, or VS Code desktop through runElectron.ts): runs every `*.test.js` beside it.
 */
export function run(): Promise<void> {
  // E2E_GREP (in the environment of code-server, which its extension host inherits): only the tests whose
  // full title matches, for quick work on one feature; CI runs everything.
  const grep = process.env.E2E_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, ...(grep ? { grep } : {}) });
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} e2e test(s) failed`)) : resolve()));
    // One line per test that test/e2e/run.mjs counts (the extension host's console reaches the runner).
    runner.on('pass', (t) => console.log(`E2E_RESULT pass ${t.fullTitle()}`));
    runner.on('fail', (t, err: Error) => console.log(`E2E_RESULT fail ${t.fullTitle()} :: ${err.message.split('\n')[0]}`));
  });
}
