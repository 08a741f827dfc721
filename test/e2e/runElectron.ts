import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

// Runs the same e2e suite (test/e2e/suite) in VS Code desktop through @vscode/test-electron:
//   npm run test:e2e:electron
// VS Code is the binary named by VSCODE_EXECUTABLE when set; otherwise @vscode/test-electron downloads
// one, which needs the network. Offline, use `npm run test:e2e` (code-server, same suite).

const ROOT = path.resolve(__dirname, '../../..'); // out/test/e2e -> repository root
const SEED = path.resolve(ROOT, '../shared/corpus/seed/ha.rst');

async function vscodeExecutable(): Promise<string> {
  const fromEnv = process.env.VSCODE_EXECUTABLE;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`VSCODE_EXECUTABLE=${fromEnv} does not exist`);
    return fromEnv;
  }
  try {
    return await downloadAndUnzipVSCode();
  } catch (e) {
    throw new Error(
      `could not download VS Code (${e instanceof Error ? e.message : String(e)}).\n` +
        'This machine is probably offline. Set VSCODE_EXECUTABLE to an installed VS Code binary, ' +
        'or run the same suite in code-server, which works offline: npm run test:e2e',
    );
  }
}

async function main(): Promise<number> {
  if (!fs.existsSync(SEED)) throw new Error(`missing ${SEED}: the corpus (shared/) must sit beside the repository`);
  const executable = await vscodeExecutable();
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-e2e-'));
  try {
    fs.cpSync(path.join(ROOT, 'test/e2e/workspace'), workspace, { recursive: true });
    fs.copyFileSync(SEED, path.join(workspace, 'ha.rst'));
    const launchArgs = [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'];
    if (process.getuid?.() === 0) launchArgs.push('--no-sandbox'); // Chromium refuses to run sandboxed as root
    return await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(__dirname, 'suite/index'),
      launchArgs,
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`e2e (VS Code desktop): ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
