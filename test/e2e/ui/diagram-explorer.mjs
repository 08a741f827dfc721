// Diagrams explorable, as a user does it: in the preview of ha.rst, Open on the first diagram (APIHA) opens it
// in its own panel; typing in its search box highlights the matching nodes; a click on a node highlights its
// incoming and outgoing edges and selects its DOT statement in the editor; zoom; SVG export offers APIHA.svg
// and writes Graphviz's drawing without the preview's internal attributes.
import fs from 'node:fs';
import path from 'node:path';
import { command, tabLabels, until, webviewFrame } from '../webview.mjs';

export async function run(ctx) {
  const { page, check } = ctx;
  let panel;

  await check('diagram explorer: Open on a diagram of the preview opens it in its own panel', async () => {
    await ctx.openFile(page, 'ha.rst');
    await command(page, 'HA Guide: Open Preview to the Side');
    const preview = await webviewFrame(page, '.hg-diagram .hg-diagram-svg svg', 60_000);
    const figure = preview.locator('figure.hg-diagram').first();
    await figure.hover();
    await figure.locator('.hg-diagram-tools button[data-action="open"]').click();
    await page.locator('.tabs-container .tab', { hasText: 'Diagram APIHA' }).waitFor();
    panel = await webviewFrame(page, '.hg-explorer .hg-explorer-search');
    return JSON.stringify(await tabLabels(page));
  });

  await check('diagram explorer: typing in the search box highlights the matching nodes', async () => {
    const search = panel.locator('.hg-explorer-search');
    await search.click();
    await search.pressSequentially('api server');
    const matched = await until(page, async () => {
      const names = await panel.locator('g.node.hg-match > title').allTextContents();
      return names.length === 3 ? names : undefined;
    }, 'not the three API servers');
    const count = await panel.locator('.hg-explorer-count').innerText();
    if (!/^3 of 5$/.test(count)) throw new Error(`the count says "${count}"`);
    if (JSON.stringify(matched.sort()) !== JSON.stringify(['API Server 1', 'API Server 2', 'API Server 3'])) throw new Error(`matched ${matched}`);
    await search.fill('');
    await search.pressSequentially('amqp');
    await until(page, async () => (await panel.locator('g.node.hg-match > title').allTextContents()).join() === 'AMQP Servers', 'amqp matched something else');
    return `${matched.join(', ')} (${count})`;
  });

  await check('diagram explorer: a click on a node highlights its incoming and outgoing edges and selects its DOT statement', async () => {
    await panel.locator('g.node', { has: panel.locator('title', { hasText: /^API Server 2$/ }) }).click();
    const out = await panel.locator('g.edge.hg-edge-out > title').allTextContents();
    const inc = await panel.locator('g.edge.hg-edge-in > title').allTextContents();
    if (JSON.stringify(out) !== JSON.stringify(['API Server 2->AMQP Servers'])) throw new Error(`outgoing: ${JSON.stringify(out)}`);
    if (JSON.stringify(inc) !== JSON.stringify(['L7 Load Balancers->API Server 2'])) throw new Error(`incoming: ${JSON.stringify(inc)}`);
    // The editor of ha.rst selects `"API Server 2" [shape=box]` (line 27 of the seed guide).
    const status = page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+ \(\d+ selected\)/ }).first();
    await status.waitFor({ timeout: 15_000 });
    const where = await status.innerText();
    if (!/^Ln 27,/.test(where)) throw new Error(`the editor selected ${where}`);
    await panel.locator('g.node', { has: panel.locator('title', { hasText: /^L7 Load Balancers$/ }) }).click();
    const fromLb = await panel.locator('g.edge.hg-edge-out').count();
    if (fromLb !== 3 || (await panel.locator('g.edge.hg-edge-in').count()) !== 0) throw new Error(`L7 Load Balancers: ${fromLb} out`);
    return `API Server 2: in ${JSON.stringify(inc)}, out ${JSON.stringify(out)}; editor at ${where}; L7 Load Balancers: 3 out`;
  });

  await check('diagram explorer: the zoom buttons zoom', async () => {
    const zoom = () => panel.locator('.hg-explorer').getAttribute('data-zoom');
    const before = Number(await zoom());
    await panel.locator('.hg-explorer-bar button[data-explorer-action="zoom-in"]').click();
    await panel.locator('.hg-explorer-bar button[data-explorer-action="zoom-in"]').click();
    const after = Number(await zoom());
    if (!(after > before * 1.5)) throw new Error(`zoom ${before} -> ${after}`);
    await page.screenshot({ path: path.join(ctx.artifacts, 'diagram-explorer.png') });
    await panel.locator('.hg-explorer-bar button[data-explorer-action="fit"]').click();
    return `zoom ${before} -> ${after}`;
  });

  await check('diagram explorer: SVG export offers APIHA.svg and writes the drawing without internal attributes', async () => {
    const target = path.join(ctx.ws, 'APIHA.svg');
    fs.rmSync(target, { force: true });
    await panel.locator('.hg-explorer-bar button[data-explorer-action="export-svg"]').click();
    // code-server's save dialog: a quick input holding the proposed path.
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    const proposed = await until(page, async () => {
      const v = await input.inputValue();
      return v.endsWith('.svg') ? v : undefined;
    }, 'no file name proposed');
    if (!proposed.endsWith('/APIHA.svg')) throw new Error(`proposed ${proposed}`);
    await page.keyboard.press('Enter');
    await until(page, async () => fs.existsSync(target), `${target} was not written`);
    const svg = await until(page, async () => {
      const t = fs.readFileSync(target, 'utf8');
      return t.includes('</svg>') ? t : undefined;
    }, 'the file is incomplete');
    if (!svg.startsWith('<?xml')) throw new Error(`starts with ${svg.slice(0, 40)}`);
    if (/data-dot-|data-[a-z-]+=|\bhg-/.test(svg)) throw new Error(`internal attributes kept: ${svg.match(/(data-[a-z-]+|hg-[a-z-]+)/)[0]}`);
    if (!/<title>APIHA<\/title>/.test(svg) || (svg.match(/class="node"/g) ?? []).length !== 5) throw new Error('not the APIHA drawing with its 5 nodes');
    fs.rmSync(target, { force: true });
    return `${proposed} (${svg.length} bytes)`;
  });
}
