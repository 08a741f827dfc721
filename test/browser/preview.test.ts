import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

/**
 * The live preview in a real browser (Debian's Chromium through playwright-core) against the real
 * `ha-guide preview` (dist/cli.js): what it shows, how it updates when the file changes, and that a hostile
 * document runs nothing. Screenshots go to test/browser/artifacts/ (git-ignored).
 */
const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const SEED = path.resolve(ROOT, '../shared/corpus/seed/ha.rst');
const HOSTILE = path.join(ROOT, 'test/fixtures/render/hostile.rst');
const ARTIFACTS = path.join(ROOT, 'test/browser/artifacts');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = { timeout: 15_000 };

// The page's globals, for the functions that run in the page (this project compiles without the DOM library).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;
declare const location: any;
declare const getComputedStyle: any;
/* eslint-enable @typescript-eslint/no-explicit-any */
interface PageElement {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  textContent: string | null;
}

interface Server {
  url: string;
  process: ChildProcess;
}

let browser: Browser;
const servers: Server[] = [];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-browser-'));

/** Starts `ha-guide preview <file> --port 0` and waits for the URL it prints. */
function startPreview(file: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'preview', file, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the preview server did not start: ${out}${err}`)), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) {
        clearTimeout(timer);
        const server = { url: m[0], process: child };
        servers.push(server);
        resolve(server);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the preview server exited (${code}): ${out}${err}`));
    });
  });
}

/** A page that records every console message, page error, dialog and CSP violation. */
async function openPage(url: string, colorScheme: 'light' | 'dark' = 'light') {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1100, height: 900 } });
  await context.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e: { violatedDirective: string; blockedURI: string }) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const events = { console: [] as string[], errors: [] as string[], dialogs: [] as string[] };
  page.on('console', (m: ConsoleMessage) => events.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => events.errors.push(e.message));
  page.on('dialog', (d) => {
    events.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url);
  return { page, events, close: () => context.close() };
}

function copyToWork(source: string, name: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, fs.readFileSync(source, 'utf8'));
  return file;
}

/** Marks every drawn diagram, so a test can tell which ones were replaced by an update. */
async function markDiagrams(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelectorAll('.hg-diagram-svg svg').forEach((s: PageElement, i: number) => s.setAttribute('data-test-mark', `kept-${i}`)));
}

function marks(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll('.hg-diagram-svg svg')].map((s: PageElement) => s.getAttribute('data-test-mark') ?? 'replaced'));
}

/** Writes the file and waits until the page shows a newer update. */
async function edit(page: Page, file: string, change: (text: string) => string): Promise<number> {
  const version = await page.evaluate(() => Number(document.body.dataset.version));
  const t0 = Date.now();
  const text = fs.readFileSync(file, 'utf8');
  const next = change(text);
  assert.notEqual(next, text, 'the edit changes the file');
  fs.writeFileSync(file, next);
  await page.waitForFunction((v) => Number(document.body.dataset.version) > v, version, WAIT);
  return Date.now() - t0;
}

before(async () => {
  assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run npm run build');
  assert.ok(fs.existsSync(path.join(ROOT, 'dist/webview.js')), 'dist/webview.js is missing: run npm run build');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
});

after(async () => {
  await browser?.close();
  for (const s of servers) s.process.kill();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('ha-guide preview in Chromium', () => {
  test('the seed guide shows its title and its 6 diagrams, in light and dark', async () => {
    const server = await startPreview(copyToWork(SEED, 'seed.rst'));
    for (const scheme of ['light', 'dark'] as const) {
      const { page, events, close } = await openPage(server.url, scheme);
      await page.waitForFunction(() => document.querySelectorAll('.hg-diagram-svg svg').length === 6, undefined, WAIT);
      assert.equal(await page.title(), 'High Availability Guide');
      assert.equal(await page.locator('h1').innerText(), 'High Availability Guide');
      // Every diagram really drawn: nodes with text.
      const texts = await page.locator('.hg-diagram-svg svg g.node text').count();
      assert.ok(texts >= 6 * 4, `${texts} node labels`);
      // Theme: Graphviz's black follows the page's foreground.
      const colors = await page.evaluate(() => {
        const edge = document.querySelector('.hg-diagram-svg svg g.edge path');
        return { stroke: getComputedStyle(edge).stroke, fg: getComputedStyle(document.body).color };
      });
      assert.equal(colors.stroke, colors.fg);
      await page.screenshot({ path: path.join(ARTIFACTS, `seed-${scheme}.png`), fullPage: true });
      await page.screenshot({ path: path.join(ARTIFACTS, `seed-${scheme}-top.png`) });
      assert.deepEqual(events, { console: [], errors: [], dialogs: [] });
      assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
      await close();
    }
  });

  test('editing a diagram updates that diagram and no other, and the scroll position stays', async () => {
    const file = copyToWork(SEED, 'edit.rst');
    const server = await startPreview(file);
    const { page, events, close } = await openPage(server.url);
    await page.waitForFunction(() => document.querySelectorAll('.hg-diagram-svg svg').length === 6, undefined, WAIT);
    await markDiagrams(page);
    await page.evaluate(() => window.scrollTo(0, 1500));
    const scrolled = await page.evaluate(() => window.scrollY);

    const ms = await edit(page, file, (t) => t.replace('"designate-mdns Server 1" [shape=box]', '"designate-mdns Server 1" [shape=box, label="mdns one"]'));
    await page.waitForFunction(() => [...document.querySelectorAll('.hg-diagram-svg svg text')].some((t: PageElement) => t.textContent === 'mdns one'), undefined, WAIT);
    assert.deepEqual(await marks(page), ['kept-0', 'kept-1', 'replaced', 'kept-3', 'kept-4', 'kept-5']);
    assert.equal(await page.evaluate(() => window.scrollY), scrolled, 'the scroll position is kept');

    // Text above every diagram: no drawing replaced, their source lines move with the text.
    await markDiagrams(page);
    const base = await page.evaluate(() => Number(document.querySelector('.hg-diagram').dataset.dotBase));
    await edit(page, file, (t) => t.replace('HA modes.\n', 'HA modes.\n\nA new paragraph.\n'));
    assert.equal(await page.locator('p', { hasText: 'A new paragraph.' }).count(), 1);
    assert.deepEqual(await marks(page), ['kept-0', 'kept-1', 'kept-2', 'kept-3', 'kept-4', 'kept-5']);
    assert.equal(await page.evaluate(() => Number(document.querySelector('.hg-diagram').dataset.dotBase)), base + 2);

    // Clicking a node selects it; its DOT statement is where the page says.
    const node = page.locator('.hg-diagram-svg svg g.node', { hasText: 'L7 Load Balancers' }).first();
    await node.click();
    const where = await node.evaluate((g) => ({
      line: Number(g.closest('.hg-diagram')!.getAttribute('data-dot-base')) + Number(g.getAttribute('data-dot-line')),
      character: Number(g.getAttribute('data-dot-character')),
      selected: g.classList.contains('hg-selected'),
    }));
    assert.ok(where.selected);
    assert.equal(fs.readFileSync(file, 'utf8').split('\n')[where.line].slice(where.character), '"L7 Load Balancers" [shape=box]');
    assert.deepEqual(events, { console: [], errors: [], dialogs: [] });
    console.log(`# file change to updated diagram: ${ms} ms`);
    await close();
  });

  test('a broken diagram shows the error over its last good drawing, and recovers', async () => {
    const file = copyToWork(SEED, 'broken.rst');
    const server = await startPreview(file);
    const { page, events, close } = await openPage(server.url);
    await page.waitForFunction(() => document.querySelectorAll('.hg-diagram-svg svg').length === 6, undefined, WAIT);
    await markDiagrams(page);
    await edit(page, file, (t) => t.replace('"API Server 3";\n', '"API Server 3" -> ;\n'));
    const figure = page.locator('figure.hg-diagram').first();
    await page.waitForSelector('figure.hg-diagram-error', WAIT);
    assert.match(await figure.getAttribute('class') ?? '', /hg-diagram-error hg-diagram-stale/);
    assert.match(await figure.locator('[role=alert]').innerText(), /^Line \d+: /);
    assert.deepEqual(await marks(page), ['kept-0', 'kept-1', 'kept-2', 'kept-3', 'kept-4', 'kept-5'], 'the last good drawing stays');
    await figure.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'broken-diagram.png') });
    await edit(page, file, (t) => t.replace('"API Server 3" -> ;\n', '"API Server 3";\n'));
    await page.waitForFunction(() => !document.querySelector('figure.hg-diagram-error'), undefined, WAIT);
    assert.deepEqual(events, { console: [], errors: [], dialogs: [] });
    await close();
  });

  test('a hostile document runs nothing', async () => {
    const file = copyToWork(HOSTILE, 'hostile.rst');
    const server = await startPreview(file);
    const { page, events, close } = await openPage(server.url);
    await page.waitForSelector('.hg-diagram-svg svg', WAIT);
    // Click everything clickable: links, the diagram's nodes and edges (with DOT URLs), the raw block.
    for (const link of await page.locator('a, .hg-reference').all()) await link.click({ force: true });
    for (const g of await page.locator('.hg-diagram-svg svg g.node, .hg-diagram-svg svg g.edge').all()) await g.click({ force: true });
    await page.locator('.hg-raw').hover();
    await page.locator('.hg-diagram-svg svg').hover();
    await page.waitForTimeout(300);
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned,
      title: document.title,
      scripts: document.scripts.length,
      violations: (window as unknown as { __violations: string[] }).__violations,
      url: location.href,
    }));
    assert.deepEqual(state, { pwned: undefined, title: 'Hostile', scripts: 1, violations: [], url: server.url });
    assert.deepEqual(events, { console: [], errors: [], dialogs: [] });
    assert.equal(await page.locator('[onload], [onerror], [onclick], [onmouseover], a[href^="javascript:"], a[href^="data:"]').count(), 0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'hostile.png'), fullPage: true });
    await close();
  });

  test('local images load through the preview server; nothing outside the folder is served', async () => {
    const dir = fs.mkdtempSync(path.join(work, 'img-'));
    // A 2x2 PNG.
    fs.writeFileSync(
      path.join(dir, 'pic.png'),
      Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64'),
    );
    const file = path.join(dir, 'doc.rst');
    fs.writeFileSync(file, 'Images\n======\n\n.. image:: pic.png\n   :alt: a picture\n');
    const server = await startPreview(file);
    const { page, events, close } = await openPage(server.url);
    await page.waitForFunction(() => document.querySelector('img')?.naturalWidth === 2, undefined, WAIT);
    for (const p of ['/etc/passwd', path.join(ROOT, 'package.json'), path.join(dir, '..', 'x.png')]) {
      const r = await page.request.get(`${server.url}_hg/file?path=${encodeURIComponent(p)}`);
      assert.equal(r.status(), 404, p);
    }
    const outside = await page.request.get(`${server.url}?file=${encodeURIComponent('../other.rst')}`);
    assert.equal(outside.status(), 404);
    const badHost = await page.request.get(server.url, { headers: { Host: 'evil.example' } });
    assert.equal(badHost.status(), 403);
    assert.deepEqual(events, { console: [], errors: [], dialogs: [] });
    await close();
  });
});
