import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type ConsoleMessage, type Page, type Response } from 'playwright-core';

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
/** An element whose parts a test reads (they exist on the pages it checks). */
interface ShownElement {
  querySelector(selector: string): ShownElement | null;
  textContent: string;
  dataset: Record<string, string>;
}

interface Server {
  url: string;
  process: ChildProcess;
}

let browser: Browser;
const servers: Server[] = [];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-browser-'));

/** Starts `ha-guide preview <file> --port 0` (with `extra` options) and waits for the URL it prints. */
function startPreview(file: string, extra: string[] = []): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'preview', file, '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
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
async function openPage(url: string, colorScheme: 'light' | 'dark' = 'light', options: { ignoreHTTPSErrors?: boolean; onResponse?: (r: Response) => void } = {}) {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1100, height: 900 }, ignoreHTTPSErrors: options.ignoreHTTPSErrors });
  if (options.onResponse) context.on('response', options.onResponse);
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

/**
 * Saves the file as editors do, by replacing it (a new file renamed over it), and waits until the page shows a
 * newer update. A write in place can be read half done (the first pages of the new text), which the preview
 * shows until the write's own event: a CI run once saw the first four of the six diagrams at the moment the
 * edited one was drawn.
 */
async function edit(page: Page, file: string, change: (text: string) => string): Promise<number> {
  const version = await page.evaluate(() => Number(document.body.dataset.version));
  const t0 = Date.now();
  const text = fs.readFileSync(file, 'utf8');
  const next = change(text);
  assert.notEqual(next, text, 'the edit changes the file');
  const saved = path.join(path.dirname(file), `.${path.basename(file)}.saving`);
  fs.writeFileSync(saved, next);
  fs.renameSync(saved, file);
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
    // The edited diagram drawn and the five others still there.
    await page.waitForFunction(
      () => document.querySelectorAll('.hg-diagram-svg svg').length === 6 && [...document.querySelectorAll('.hg-diagram-svg svg text')].some((t: PageElement) => t.textContent === 'mdns one'),
      undefined,
      WAIT,
    );
    assert.deepEqual(await marks(page), ['kept-0', 'kept-1', 'replaced', 'kept-3', 'kept-4', 'kept-5']);
    assert.equal(await page.evaluate(() => window.scrollY), scrolled, 'the scroll position is kept');

    // Text above every diagram: no drawing replaced, their source lines move with the text.
    await markDiagrams(page);
    const base = await page.evaluate(() => Number(document.querySelector('.hg-diagram').dataset.dotBase));
    await edit(page, file, (t) => t.replace('HA modes.\n', 'HA modes.\n\nA new paragraph.\n'));
    await page.waitForFunction(() => document.querySelectorAll('.hg-diagram-svg svg').length === 6 && [...document.querySelectorAll('p')].some((p: PageElement) => p.textContent === 'A new paragraph.'), undefined, WAIT);
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

  test("links to the project's other documents: :doc: and toctree entries show their titles, a :ref: opens the other page at its label", async () => {
    const dir = fs.mkdtempSync(path.join(work, 'project-'));
    fs.writeFileSync(path.join(dir, 'conf.py'), 'project = "links"\n');
    fs.mkdirSync(path.join(dir, 'sub'));
    const filler = Array.from({ length: 80 }, (_, i) => `Paragraph ${i} of the text above the label.\n`).join('\n');
    fs.writeFileSync(path.join(dir, 'sub', 'other.rst'), `Other page\n==========\n\nBack to :doc:\`../index\`.\n\n${filler}\n.. _deep-label:\n\nDeep section\n------------\n\nThe place the link names.\n\n${filler}`);
    const labelLine = fs.readFileSync(path.join(dir, 'sub', 'other.rst'), 'utf8').split('\n').indexOf('.. _deep-label:');
    const file = path.join(dir, 'index.rst');
    fs.writeFileSync(file, 'Index\n=====\n\nSee :doc:`sub/other` and :ref:`deep-label`.\n\n.. toctree::\n\n   sub/other\n');
    const server = await startPreview(file);
    const { page, events, close } = await openPage(server.url);
    await page.waitForFunction(() => document.querySelector('a.hg-xref')?.textContent === 'Deep section', undefined, WAIT);
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('a.hg-doc')].map((a: PageElement) => `${a.getAttribute('href')} ${a.textContent}`)), [
      'sub/other.rst Other page',
      'sub/other.rst Other page',
    ]);
    assert.equal(await page.getAttribute('a.hg-xref', 'href'), `sub/other.rst#L${labelLine + 1}`);
    await page.click('a.hg-xref');
    await page.waitForFunction(() => document.title.startsWith('Other page') && window.scrollY > 0, undefined, WAIT);
    // The label's section is at the top of the window.
    const top = await page.evaluate(() => {
      const h = [...document.querySelectorAll('h2')].find((x: PageElement) => x.textContent === 'Deep section') as { getBoundingClientRect(): { top: number } } | undefined;
      return h ? Math.round(h.getBoundingClientRect().top) : undefined;
    });
    assert.ok(top !== undefined && Math.abs(top) < 60, `the label's section is at the top of the window (${top})`);
    assert.deepEqual(events, { console: [], errors: [], dialogs: [] });
    await close();

    // Previewing the document in the sub-folder: its link up to ../index.rst opens that page (the whole
    // Sphinx project is served, not only the document's folder).
    const sub = await startPreview(path.join(dir, 'sub', 'other.rst'));
    const second = await openPage(sub.url);
    await second.page.click('a.hg-doc');
    await second.page.waitForFunction(() => document.title.startsWith('Index') && document.querySelector('h1')?.textContent === 'Index', undefined, WAIT);
    assert.deepEqual(second.events, { console: [], errors: [], dialogs: [] });
    await second.close();
  });

  test("links to the project's other files: a :download: downloads the file, a text file opens as text, a hidden one is not served", async () => {
    const dir = fs.mkdtempSync(path.join(work, 'files-'));
    fs.writeFileSync(path.join(dir, 'conf.py'), 'project = "files"\n');
    fs.mkdirSync(path.join(dir, 'files'));
    fs.writeFileSync(path.join(dir, 'files', 'checklist.txt'), 'Restart the agents, then check the VIP.\n');
    fs.writeFileSync(path.join(dir, 'files', 'cluster.dot'), 'digraph failover { primary -> standby }\n');
    fs.writeFileSync(path.join(dir, 'files', 'restart.sh'), '#!/bin/sh\nsystemctl restart keepalived\n');
    fs.mkdirSync(path.join(dir, '.private'));
    fs.writeFileSync(path.join(dir, '.private', 'key.txt'), 'PRIVATE-KEY-BYTES\n');
    const file = path.join(dir, 'index.rst');
    fs.writeFileSync(file, 'Files\n=====\n\nGet :download:`the checklist <files/checklist.txt>`, read `the diagram <files/cluster.dot>`_, `the script <files/restart.sh>`_ or `the key <.private/key.txt>`_.\n');
    const server = await startPreview(file);
    const { page, events, close } = await openPage(server.url);
    await page.waitForSelector('a.hg-download', WAIT);
    const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.click('a.hg-download')]);
    // A text file the browser would show: downloaded all the same, as Sphinx's download links are.
    assert.equal(download.suggestedFilename(), 'checklist.txt');
    const saved = await download.path();
    assert.equal(fs.readFileSync(saved, 'utf8'), 'Restart the agents, then check the VIP.\n');
    // The page is still the document.
    assert.equal(await page.textContent('h1'), 'Files');
    await page.click('a[href="files/cluster.dot"]');
    await page.waitForFunction(() => document.body?.textContent?.includes('digraph failover { primary -> standby }'), undefined, WAIT);
    assert.match(new URL(page.url()).search, /file=files%2Fcluster\.dot/);
    await page.goBack();
    // A script, which a browser downloads when it comes with its own type, is shown as text by a plain link.
    await page.click('a[href="files/restart.sh"]');
    await page.waitForFunction(() => document.body?.textContent?.includes('systemctl restart keepalived'), undefined, WAIT);
    await page.goBack();
    await page.waitForSelector('a[href=".private/key.txt"]', WAIT);
    const response = page.waitForResponse((r) => r.url().includes('key.txt'), WAIT);
    await page.click('a[href=".private/key.txt"]');
    const hidden = await response;
    assert.equal(hidden.status(), 404);
    assert.doesNotMatch(await hidden.text(), /PRIVATE-KEY-BYTES/);
    assert.deepEqual(events.errors, []);
    assert.deepEqual(events.dialogs, []);
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

/** A local server (http, or https with the test certificate) counting the connections and requests it gets. */
async function countingServer(secure: boolean) {
  const requests: string[] = [];
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');
  const answer = (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'image/png' });
    res.end(png);
  };
  const tls = path.join(ROOT, 'test/fixtures/tls');
  const server = secure
    ? https.createServer({ key: fs.readFileSync(path.join(tls, 'localhost.key')), cert: fs.readFileSync(path.join(tls, 'localhost.crt')) }, answer)
    : http.createServer(answer);
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `${secure ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    connections: () => connections,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/**
 * A hostile project: every way a document can name a file outside its folder (../, an absolute path, a file
 * link and a folder link leading out) in every directive and role that reads or shows files, each outside
 * file holding a marker of its own, plus a remote image over http and one over https.
 */
function hostileProject(name: string, withConf: boolean, remote: { http: string; https: string }) {
  const base = fs.mkdtempSync(path.join(work, `${name}-`));
  const outside = path.join(base, 'outside');
  const project = path.join(base, 'project');
  fs.mkdirSync(outside);
  fs.mkdirSync(project);
  const tag = `${name}-${process.pid}`;
  const markers = {
    rst: `HG-OUTSIDE-RST-${tag}`,
    txt: `HG-OUTSIDE-TXT-${tag}`,
    csv: `HG-OUTSIDE-CSV-${tag}`,
    dot: `HG-OUTSIDE-DOT-${tag}`,
    png: `HG-OUTSIDE-PNG-${tag}`,
  };
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(markers.png)]);
  fs.writeFileSync(path.join(outside, 'secret.rst'), `Included\n\n${markers.rst}\n`);
  fs.writeFileSync(path.join(outside, 'secret.txt'), `${markers.txt}\n`);
  fs.writeFileSync(path.join(outside, 'secret.csv'), `a,${markers.csv}\n`);
  fs.writeFileSync(path.join(outside, 'secret.dot'), `digraph { "${markers.dot}" }\n`);
  fs.writeFileSync(path.join(outside, 'secret.png'), png);
  for (const ext of ['rst', 'txt', 'csv', 'dot', 'png']) fs.symlinkSync(path.join(outside, `secret.${ext}`), path.join(project, `link.${ext}`));
  fs.symlinkSync(outside, path.join(project, 'linkdir'));
  if (withConf) fs.writeFileSync(path.join(project, 'conf.py'), "project = 'Hostile'\nextensions = ['sphinx.ext.graphviz']\n");
  const abs = (f: string) => path.join(outside, f);
  const ways = (f: string) => [`../outside/${f}`, `link.${f.split('.')[1]}`, `linkdir/${f}`, abs(f)];
  const lines = ['Hostile project', '===============', ''];
  for (const ref of ways('secret.rst')) lines.push(`.. include:: ${ref}`, '');
  for (const ref of ways('secret.txt')) lines.push(`.. literalinclude:: ${ref}`, '');
  for (const ref of ways('secret.csv')) lines.push('.. csv-table:: Outside table', `   :file: ${ref}`, '');
  for (const ref of ways('secret.png')) lines.push(`.. image:: ${ref}`, '   :alt: outside image', '');
  for (const ref of ways('secret.png')) lines.push(`.. figure:: ${ref}`, '', '   An outside figure.', '');
  for (const ref of ways('secret.dot')) lines.push(`.. graphviz:: ${ref}`, '');
  lines.push(ways('secret.txt').map((ref) => `:download:\`${ref}\``).join(' '), '');
  lines.push(`.. image:: ${remote.http}/pixel.png`, '   :alt: http pixel', '', `.. image:: ${remote.https}/pixel.png`, '   :alt: https pixel', '');
  const file = path.join(project, 'index.rst');
  fs.writeFileSync(file, lines.join('\n'));
  return { file, markers, leaks: [...Object.values(markers), png.toString('base64').slice(0, 16)] };
}

/** The first update a preview server pushes over its event stream (what the page's script receives). */
function firstEvent(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}_hg/events`, (res) => {
      let data = '';
      res.on('data', (d: Buffer) => {
        data += d.toString();
        const m = /^data: .*$/m.exec(data);
        if (m && data.includes('\n\n', m.index)) {
          req.destroy();
          resolve(m[0]);
        }
      });
    });
    req.on('error', reject);
  });
}

describe('a hostile project in Chromium', () => {
  let plain: Awaited<ReturnType<typeof countingServer>>;
  let secure: Awaited<ReturnType<typeof countingServer>>;
  before(async () => {
    plain = await countingServer(false);
    secure = await countingServer(true);
  });
  after(async () => {
    await plain.close();
    await secure.close();
  });

  for (const withConf of [false, true]) {
    test(`no byte of a file outside the project reaches the page, and each placeholder says why (${withConf ? 'with' : 'without'} conf.py)`, async () => {
      const project = hostileProject(withConf ? 'conf' : 'noconf', withConf, { http: plain.origin, https: secure.origin });
      const server = await startPreview(project.file);
      const connections = plain.connections() + secure.connections();
      const bodies: Promise<{ url: string; body: Buffer }>[] = [];
      const { page, events, close } = await openPage(server.url, 'light', {
        onResponse: (r) => {
          // The event stream never ends; its first message is read on its own below.
          if (!(r.headers()['content-type'] ?? '').startsWith('text/event-stream')) bodies.push(r.body().then((body) => ({ url: r.url(), body })));
        },
      });
      await page.waitForFunction(() => document.querySelectorAll('figure.hg-diagram:not(.hg-diagram-pending)').length === 4, undefined, WAIT);
      const received = [...(await Promise.all(bodies)), { url: 'events', body: Buffer.from(await firstEvent(server.url)) }];
      assert.ok(received.some((r) => r.url === server.url) && received.length >= 4, `responses: ${received.map((r) => r.url).join(', ')}`);
      const dom = await page.content();
      for (const leak of project.leaks) {
        assert.ok(!dom.includes(leak), `${leak} is in the page`);
        for (const r of received) assert.ok(!r.body.includes(leak), `${leak} came with ${r.url}`);
      }
      // Why each one is missing.
      const outsideWhy = 'Not shown: the file lies outside the project';
      const remoteWhy = 'Remote image not loaded: this page contacts no remote host'.slice(0, 44);
      const why = await page.evaluate(() => ({
        images: [...document.querySelectorAll('.hg-blocked')].map((e: ShownElement) => `${e.dataset.hgBlocked} | ${(e.querySelector('.hg-blocked-why')?.textContent ?? '').slice(0, 44)}`),
        boxes: [...document.querySelectorAll('.hg-directive')].map((e: ShownElement) => `${e.querySelector('.hg-directive-label')?.textContent} | ${(e.querySelector('.hg-blocked-why')?.textContent ?? '').slice(0, 44)}`),
        diagrams: [...document.querySelectorAll('figure.hg-diagram-error [role=alert]')].map((e: PageElement) => e.textContent),
        notice: document.getElementById('hg-security-notice').hidden ? '' : document.getElementById('hg-security-notice').textContent,
        loadedImages: [...document.querySelectorAll('img')].filter((i: { naturalWidth: number }) => i.naturalWidth > 0).length,
      }));
      const abs = (f: string) => path.join(path.dirname(path.dirname(project.file)), 'outside', f);
      assert.deepEqual(why.images, [
        `../outside/secret.png | ${outsideWhy}`,
        `link.png | ${outsideWhy}`,
        `linkdir/secret.png | ${outsideWhy}`,
        `../outside/secret.png | ${outsideWhy}`,
        `link.png | ${outsideWhy}`,
        `linkdir/secret.png | ${outsideWhy}`,
        `${plain.origin}/pixel.png | ${remoteWhy}`,
        `${secure.origin}/pixel.png | ${remoteWhy}`,
      ]);
      const notFound = (f: string) => `Not shown: ${abs(f)} was not found or could not be read.`.slice(0, 44);
      assert.deepEqual(why.boxes, [
        ...['../outside/secret.rst', 'link.rst', 'linkdir/secret.rst', abs('secret.rst')].map((f) => `.. include:: ${f} | `),
        ...['../outside/secret.txt', 'link.txt', 'linkdir/secret.txt'].map((f) => `.. literalinclude:: ${f} | ${outsideWhy}`),
        `.. literalinclude:: ${abs('secret.txt')} | ${notFound('secret.txt')}`,
        ...['Outside table', 'Outside table', 'Outside table'].map((t) => `.. csv-table:: ${t} | ${outsideWhy}`),
        `.. csv-table:: Outside table | ${notFound('secret.csv')}`,
      ]);
      assert.deepEqual(why.diagrams, ['../outside/secret.dot', 'link.dot', 'linkdir/secret.dot', abs('secret.dot')].map((f) => `External Graphviz file '${f}' not found or reading it failed.`));
      assert.equal(why.notice, 'Some content has been disabled in this document');
      assert.equal(why.loadedImages, 0);
      // Strict: nothing was requested from a remote host, and the page's CSP stops even an image the
      // renderer did not make.
      assert.equal(plain.connections() + secure.connections(), connections);
      await page.evaluate((src: string) => {
        const img = document.createElement('img');
        img.src = src;
        document.body.append(img);
      }, `${secure.origin}/injected.png`);
      await page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length > 0, undefined, WAIT);
      // (Reported once per policy: the page's header and its meta element both forbid it.)
      assert.deepEqual([...new Set(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations))], [`img-src ${secure.origin}/injected.png`]);
      assert.equal(plain.connections() + secure.connections(), connections, 'a remote host was contacted');
      assert.deepEqual(events.errors, []);
      assert.deepEqual(events.dialogs, []);
      await page.screenshot({ path: path.join(ARTIFACTS, `hostile-project-${withConf ? 'conf' : 'noconf'}.png`), fullPage: true });
      await close();
    });
  }

  test('remote images: strict loads none; --allow-remote loads the https one (and still no http one)', async () => {
    const dir = fs.mkdtempSync(path.join(work, 'remote-'));
    const file = path.join(dir, 'remote.rst');
    fs.writeFileSync(file, `Remote\n======\n\n.. image:: ${plain.origin}/strict-http.png\n\n.. image:: ${secure.origin}/strict-https.png\n   :alt: secure\n`);
    const before = { plain: plain.requests.length, secure: secure.requests.length };
    const strict = await startPreview(file);
    const a = await openPage(strict.url, 'light', { ignoreHTTPSErrors: true });
    await a.page.waitForSelector('.hg-blocked-remote', WAIT);
    await a.page.waitForTimeout(300);
    assert.equal(await a.page.locator('img').count(), 0);
    assert.deepEqual([plain.requests.length - before.plain, secure.requests.length - before.secure], [0, 0], 'strict: no remote request');
    await a.close();

    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/strict-/g, 'allowed-'));
    const allowed = await startPreview(file, ['--allow-remote']);
    const b = await openPage(allowed.url, 'light', { ignoreHTTPSErrors: true });
    await b.page.waitForFunction(() => document.querySelector('img[alt=secure]')?.naturalWidth === 2, undefined, WAIT);
    assert.ok(secure.requests.includes('/allowed-https.png'), `https requests: ${secure.requests.join(', ')}`);
    assert.ok(!plain.requests.includes('/allowed-http.png'), 'the http image was requested');
    assert.match(await b.page.locator('.hg-blocked-remote .hg-blocked-why').innerText(), /^Insecure \(http\) image not loaded/);
    assert.deepEqual(await b.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
    assert.deepEqual(b.events, { console: [], errors: [], dialogs: [] });
    await b.close();
  });
});
