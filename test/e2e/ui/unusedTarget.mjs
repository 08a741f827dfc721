// An unused external target, as Markdown shows an unused link definition: VS Code draws the target faded out
// (a hint with the Unnecessary tag, not listed in the Problems panel), and the light bulb's quick fix removes
// it. Checked on the decorations the editor draws and on the file saved to disk.
import path from 'node:path';
import { demoProject, openInFolder, saveUntil, takeAction } from '../webview.mjs';

// In a Sphinx project of its own (a folder with a conf.py): only there is it known which documents include which.
const DIR = 'unused-demo';
const FILE = 'unused.rst';
const TEXT = [
  'Cluster stack',
  '=============',
  '',
  'The controllers run `Pacemaker`_ on top of the messaging layer.',
  '',
  '.. _Pacemaker: https://clusterlabs.org',
  '.. _Corosync: https://corosync.github.io',
  '',
].join('\n');

export async function run(ctx) {
  const { page, check } = ctx;
  const file = path.join(demoProject(ctx, DIR, { [FILE]: TEXT }), FILE);

  await check('unused target: drawn faded out, and the quick fix removes it', async () => {
    await openInFolder(ctx, DIR, FILE);
    await page.locator('.monaco-editor .view-lines', { hasText: 'Cluster stack' }).first().waitFor();
    // The faded text: Monaco's decoration for a diagnostic with the Unnecessary tag.
    const faded = page.locator('.monaco-editor .squiggly-inline-unnecessary');
    await faded.first().waitFor({ timeout: 60_000 });
    const count = await faded.count();
    await page.screenshot({ path: path.join(ctx.artifacts, 'unused-target.png') }); // README's media/unused-target.png
    // The light bulb on the target's line offers the fix.
    await takeAction(ctx, 7, 8, 'Remove the unused hyperlink target');
    const want = TEXT.replace('.. _Corosync: https://corosync.github.io\n', '');
    const text = await saveUntil(page, file, want);
    if (text !== want) throw new Error(`${FILE} is ${JSON.stringify(text)}`);
    // Nothing left to fade.
    await faded.first().waitFor({ state: 'detached', timeout: 60_000 });
    await ctx.closeAllEditors(page);
    return `${count} faded span(s) on the Corosync target; removed by the quick fix`;
  });
}
