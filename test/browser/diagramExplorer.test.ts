import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Download } from 'playwright-core';

/**
 * The diagram explorer and export of the page script (client/webview) in real Chromium, against the real
 * `ha-guide preview` of the seed guide: Open shows the explorer over the page (in the editor it is a panel of
 * its own, test/e2e/ui/diagram-explorer.mjs), search highlights nodes, a click shows a node's edges, the
 * wheel and a drag zoom and pan, and the SVG download is named after the graph and carries no internal attribute.
 */
const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const SEED = path.resolve(ROOT, '../shared/corpus/seed/ha.rst');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
/* eslint-enable @typescript-eslint/no-explicit-any */

let browser: Browser;
let server: ChildProcess | undefined;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-explorer-'));

function startPreview(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'preview', file, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    server = child;
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) resolve(m[0]);
    });
    child.on('exit', (code) => reject(new Error(`the preview server exited (${code}): ${out}`)));
  });
}

before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});
after(async () => {
  await browser?.close();
  server?.kill();
  fs.rmSync(work, { recursive: true, force: true });
});

test('a diagram opened from the preview: search, the edges of a clicked node, zoom and pan, export named after the graph', { timeout: 120000 }, async () => {
  const file = path.join(work, 'ha.rst');
  fs.copyFileSync(SEED, file);
  const url = await startPreview(file);
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  const figure = page.locator('figure.hg-diagram').first();
  await figure.locator('.hg-diagram-svg svg').waitFor();

  // A click on a node in the page itself already shows its edges.
  await figure.locator('g.node', { has: page.locator('title', { hasText: /^AMQP Servers$/ }) }).click();
  assert.equal(await figure.locator('g.edge.hg-edge-in').count(), 3);
  assert.equal(await figure.locator('g.edge.hg-edge-out').count(), 0);
  assert.equal(await figure.getAttribute('data-edges-in'), '3');

  await figure.hover();
  await figure.locator('button[data-action="open"]').click();
  const explorer = page.locator('#hg-explorer-overlay .hg-explorer');
  await explorer.locator('svg').waitFor();
  const search = explorer.locator('.hg-explorer-search');
  await search.pressSequentially('server 3');
  assert.deepEqual(await explorer.locator('g.node.hg-match > title').allTextContents(), ['API Server 3']);
  assert.equal(await explorer.locator('.hg-explorer-count').innerText(), '1 of 5');
  await search.fill('');
  await search.dispatchEvent('input');
  assert.equal(await explorer.locator('g.node.hg-match').count(), 0, 'an empty search highlights nothing');

  await explorer.locator('g.node', { has: page.locator('title', { hasText: /^L7 Load Balancers$/ }) }).click();
  assert.deepEqual((await explorer.locator('g.edge.hg-edge-out > title').allTextContents()).sort(), [
    'L7 Load Balancers->API Server 1',
    'L7 Load Balancers->API Server 2',
    'L7 Load Balancers->API Server 3',
  ]);
  assert.equal(await explorer.locator('g.node.hg-neighbour').count(), 3);

  // Zoom with the wheel over the drawing, then a drag pans (the view box moves, its size stays).
  const svg = explorer.locator('svg');
  const viewBox = async () => (await svg.getAttribute('viewBox'))!.split(' ').map(Number);
  const full = await viewBox();
  const box = (await svg.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -300);
  await page.waitForFunction(() => Number(document.querySelector('#hg-explorer-overlay .hg-explorer').dataset.zoom) > 1);
  const zoomed = await viewBox();
  assert.ok(zoomed[2] < full[2], `zoomed in: ${zoomed} from ${full}`);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 30, { steps: 6 });
  await page.mouse.up();
  const panned = await viewBox();
  assert.ok(panned[0] < zoomed[0] && panned[2] === zoomed[2], `panned: ${panned} from ${zoomed}`);
  await page.screenshot({ path: path.join(ROOT, 'test/browser/artifacts/diagram-explorer.png') }).catch(() => undefined);

  // Export from the explorer: the download is named after the graph, without the page's attributes.
  const [download] = (await Promise.all([page.waitForEvent('download'), explorer.locator('button[data-explorer-action="export-svg"]').click()])) as [Download, void];
  assert.equal(download.suggestedFilename(), 'APIHA.svg');
  const text = fs.readFileSync((await download.path())!, 'utf8');
  assert.ok(text.startsWith('<?xml'), text.slice(0, 40));
  assert.doesNotMatch(text, /data-dot-|data-[a-z-]+=|\bhg-/);
  assert.match(text, /<title>APIHA<\/title>/);
  // And from the page's own SVG button: the same name.
  await page.keyboard.press('Escape');
  await figure.hover();
  const [fromPage] = (await Promise.all([page.waitForEvent('download'), figure.locator('button[data-action="export-svg"]').click()])) as [Download, void];
  assert.equal(fromPage.suggestedFilename(), 'APIHA.svg');
  assert.deepEqual(errors, []);
  await context.close();
});
