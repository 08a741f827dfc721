// Find File References, as in Markdown: the user right-clicks an image in the Explorer, picks "Find File
// References", and the References view lists the three places of two documents that name it (one of them a
// document never opened).
import fs from 'node:fs';
import path from 'node:path';
import { until } from '../webview.mjs';

const DIR = 'references-demo';

export async function run(ctx) {
  const { page, ws, check, explorerRow } = ctx;
  const dir = path.join(ws, DIR);
  fs.mkdirSync(path.join(dir, 'ref-figures'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'conf.py'), "project = 'references demo'\n");
  fs.writeFileSync(path.join(dir, 'index.rst'), 'References demo\n===============\n\n.. image:: ref-figures/cluster.png\n\n.. toctree::\n\n   detail\n');
  fs.writeFileSync(path.join(dir, 'detail.rst'), 'Detail\n======\n\n.. figure:: /ref-figures/cluster.png\n\n   The cluster.\n\nGet :download:`the picture <ref-figures/cluster.png>`.\n');
  fs.writeFileSync(path.join(dir, 'ref-figures/cluster.png'), Buffer.from('89504e470d0a1a0a', 'hex'));

  await check('Find File References on an image in the Explorer: the References view lists its 3 uses in 2 documents', async () => {
    await until(page, async () => {
      if (await explorerRow(DIR).count()) return true;
      await ctx.runCommand(page, 'Refresh Explorer');
      return explorerRow(DIR).first().waitFor({ timeout: 3_000 }).then(() => true, () => false);
    }, 'the Explorer never listed references-demo');
    // The extension's index has the documents once one of them is open (written a moment ago on disk).
    await ctx.openFile(page, `${DIR}/index.rst`);
    await page.locator('.breadcrumbs-control', { hasText: 'References demo' }).waitFor();
    // Opening index.rst reveals (unfolds) its folder, maybe only after a look at the row: a click then folds it
    // again. Click a folded row until the row inside it shows.
    const expand = (name, child) =>
      until(page, async () => {
        if (await explorerRow(child).first().isVisible()) return true;
        const row = explorerRow(name).first();
        if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
        await page.waitForTimeout(300);
        return (await explorerRow(child).first().isVisible()) || undefined;
      }, `the Explorer never showed ${child} in ${name}`);
    await expand(DIR, 'ref-figures');
    await expand('ref-figures', 'cluster.png');
    const view = page.locator('.pane', { hasText: /REFERENCES|References/ });
    // What each try saw, for the failure's message: the menu without the item, the view's message, a notification.
    const seen = [];
    // The view may list a document folded: unfold it (a click on a folded row) until every line shows.
    const wants = ['index.rst', 'detail.rst', 'image:: ref-figures/cluster.png', 'figure:: /ref-figures/cluster.png', '<ref-figures/cluster.png>'];
    const rowsNow = async () =>
      (await view.locator('.monaco-list-row').evaluateAll((els) =>
        els.map((e) => `${e.innerText.replace(/\s*\n\s*/g, ' | ')}${e.getAttribute('aria-expanded') === 'false' ? ' (folded)' : ''}`),
      ).catch(() => []));
    let rows = [];
    let tries = 0;
    const summary = await until(page, async () => {
      // A menu left open by an earlier try would cover the row.
      await page.keyboard.press('Escape');
      // An earlier try's References view took the side bar: back to the Explorer, as a user would.
      if (tries++) await ctx.runCommand(page, 'View: Show Explorer');
      const row = explorerRow('cluster.png').first();
      await row.click({ button: 'right' });
      const item = page.locator('.context-view .action-label', { hasText: /^Find File References$/ }).first();
      if (!(await item.waitFor({ timeout: 5_000 }).then(() => true, () => false))) {
        const items = await page.locator('.context-view .action-label').allInnerTexts().catch(() => []);
        seen.push(`menu of ${JSON.stringify(await row.innerText().catch(() => '?'))} without the item: ${items.join(', ') || 'no menu'}`);
        await page.keyboard.press('Escape');
        return undefined;
      }
      // A menu ignores a click that comes too soon after it opens: point at the item until the menu marks it
      // focused, then click.
      await item.hover();
      await page.locator('.context-view .action-item.focused', { hasText: 'Find File References' }).first().waitFor({ timeout: 3_000 }).catch(() => undefined);
      await item.click();
      // The view's message, e.g. "3 results in 2 files"; the index may still be reading the new documents.
      const message = page.locator('.references-view .message, .pane-body .message', { hasText: /result/ }).first();
      const text = await message.waitFor({ timeout: 10_000 }).then(() => message.innerText(), () => undefined);
      if (!text || !/3 results in 2 files/.test(text)) {
        const notes = await page.locator('.notification-toast .notification-list-item-message').allInnerTexts().catch(() => []);
        const peek = await page.locator('.peekview-widget .peekview-title').allInnerTexts().catch(() => []);
        seen.push(`view: ${JSON.stringify(text ?? null)}; notifications: ${JSON.stringify(notes)}; peek: ${JSON.stringify(peek)}`);
        return undefined;
      }
      // Unfold each folded document row (the view unfolds the one of the nearest reference by itself, when it
      // can) until every line shows; a view whose rows never unfold is searched again from the Explorer.
      const unfolded = await until(page, async () => {
        for (const file of ['detail.rst', 'index.rst']) {
          const fileRow = view.locator('.monaco-list-row', { hasText: file }).first();
          if ((await fileRow.getAttribute('aria-expanded')) === 'false') await fileRow.click();
        }
        rows = await rowsNow();
        return wants.every((w) => rows.some((r) => r.includes(w))) || undefined;
      }, 'unfold', 10_000).then(() => true, () => false);
      if (unfolded) return text;
      seen.push(`view: ${JSON.stringify(text)} with rows that never showed the three lines: ${rows.join(' / ')}`);
      return undefined;
    }, 'the References view never listed the three uses in 2 files', 90_000).catch((e) => {
      throw new Error(`${e.message}; the tries saw: ${seen.slice(-4).join(' / ')}`);
    });
    await page.screenshot({ path: path.join(ctx.artifacts, 'file-references.png') }); // README's media/file-references.png
    // Leave the workbench as the next module expects it: the Explorer shown, this demo's folder folded.
    await ctx.runCommand(page, 'View: Show Explorer');
    const demo = explorerRow(DIR).first();
    if ((await demo.getAttribute('aria-expanded')) === 'true') await demo.click();
    // Tries before the one that listed them, if any: what they saw (a slow start shows here).
    return `${summary}: ${rows.join(' / ')}${seen.length ? `; after ${seen.length} earlier tries that saw: ${seen.slice(-3).join(' / ')}` : ''}`;
  });
}
