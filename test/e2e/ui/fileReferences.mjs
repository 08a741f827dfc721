// Find File References, as in Markdown: the user right-clicks an image in the Explorer, picks "Find File
// References", and the References view lists the three places of two documents that name it (one of them a
// document never opened).
import fs from 'node:fs';
import path from 'node:path';

const DIR = 'references-demo';

async function until(what, fn, ms = 30_000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function run(ctx) {
  const { page, ws, check, explorerRow } = ctx;
  const dir = path.join(ws, DIR);
  fs.mkdirSync(path.join(dir, 'figures'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'conf.py'), "project = 'references demo'\n");
  fs.writeFileSync(path.join(dir, 'index.rst'), 'References demo\n===============\n\n.. image:: figures/cluster.png\n\n.. toctree::\n\n   detail\n');
  fs.writeFileSync(path.join(dir, 'detail.rst'), 'Detail\n======\n\n.. figure:: /figures/cluster.png\n\n   The cluster.\n\nGet :download:`the picture <figures/cluster.png>`.\n');
  fs.writeFileSync(path.join(dir, 'figures/cluster.png'), Buffer.from('89504e470d0a1a0a', 'hex'));

  await check('Find File References on an image in the Explorer: the References view lists its 3 uses in 2 documents', async () => {
    await until('the Explorer to list references-demo', async () => {
      if (await explorerRow(DIR).count()) return true;
      await ctx.runCommand(page, 'Refresh Explorer');
      return explorerRow(DIR).first().waitFor({ timeout: 3_000 }).then(() => true, () => false);
    });
    // The extension's index has the documents once one of them is open (written a moment ago on disk).
    await ctx.openFile(page, `${DIR}/index.rst`);
    await page.locator('.breadcrumbs-control', { hasText: 'References demo' }).waitFor();
    // Opening index.rst may have revealed (expanded) its folder already: a click would fold it again.
    const expand = async (name) => {
      const row = explorerRow(name).first();
      await row.waitFor();
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    };
    await expand(DIR);
    await expand('figures');
    await explorerRow('cluster.png').first().waitFor();
    const view = page.locator('.pane', { hasText: /REFERENCES|References/ });
    const summary = await until('the References view to list 3 results in 2 files', async () => {
      const row = explorerRow('cluster.png').first();
      await row.click({ button: 'right' });
      const item = page.locator('.context-view .action-label', { hasText: /^Find File References$/ }).first();
      if (!(await item.waitFor({ timeout: 5_000 }).then(() => true, () => false))) {
        await page.keyboard.press('Escape');
        return undefined;
      }
      await item.click();
      // The view's message, e.g. "3 results in 2 files"; the index may still be reading the new documents.
      const message = page.locator('.references-view .message, .pane-body .message', { hasText: /result/ }).first();
      const text = await message.waitFor({ timeout: 10_000 }).then(() => message.innerText(), () => undefined);
      return text && /3 results in 2 files/.test(text) ? text : undefined;
    }, 90_000);
    // The view lists the documents folded: unfold each to see its lines.
    for (const file of ['detail.rst', 'index.rst']) {
      const row = view.locator('.monaco-list-row', { hasText: file }).first();
      if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
    }
    await view.locator('.monaco-list-row', { hasText: 'cluster.png>' }).first().waitFor();
    const rows = (await view.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s*\n\s*/g, ' | '));
    for (const want of ['index.rst', 'detail.rst', 'image:: figures/cluster.png', 'figure:: /figures/cluster.png', '<figures/cluster.png>']) {
      if (!rows.some((r) => r.includes(want))) throw new Error(`no row with ${want}: ${rows.join(' / ')}`);
    }
    await page.screenshot({ path: path.join(ctx.artifacts, 'file-references.png') }); // README's media/file-references.png
    return `${summary}: ${rows.join(' / ')}`;
  });
}
