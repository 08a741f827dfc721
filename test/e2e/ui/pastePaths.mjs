// Copy and paste between documents, as Markdown updates links on paste: text copied from a document and pasted
// into one a folder down keeps naming the same files (its :doc: and image paths are written from there).
// Checked on the file saved to disk.
import fs from 'node:fs';
import path from 'node:path';
import { openFromExplorer, openInFolder, saveUntil } from '../webview.mjs';

const DIR = 'paste-paths';
const SOURCE = [
  'Paths demo',
  '==========',
  '',
  'See :doc:`deeper/target-page` and the figure below.',
  '',
  '.. image:: figures/vip.png',
  '',
].join('\n');
const TARGET = 'Target page\n===========\n\n';
const WANT = `${TARGET}Paths demo\n==========\n\nSee :doc:\`target-page\` and the figure below.\n\n.. image:: ../figures/vip.png\n`;

export async function run(ctx) {
  const { page, ws, check } = ctx;
  const dir = path.join(ws, DIR);
  fs.mkdirSync(path.join(dir, 'deeper'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'figures'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'conf.py'), "project = 'paste paths'\n");
  fs.writeFileSync(path.join(dir, 'source-page.rst'), SOURCE);
  fs.writeFileSync(path.join(dir, 'deeper', 'target-page.rst'), TARGET);
  fs.writeFileSync(path.join(dir, 'figures', 'vip.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
  const target = path.join(dir, 'deeper', 'target-page.rst');

  await check('paste paths: text copied from a document and pasted one folder down names the same files', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    await openInFolder(ctx, DIR, 'source-page.rst');
    await page.locator('.monaco-editor .view-lines', { hasText: 'Paths demo' }).first().waitFor();
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    const deeper = ctx.explorerRow('deeper').first();
    if (!(await ctx.explorerRow('target-page.rst').first().isVisible())) await deeper.click();
    await openFromExplorer(ctx, 'target-page.rst');
    await page.locator('.monaco-editor .view-lines', { hasText: 'Target page' }).first().waitFor();
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    // The paste: the language server may still be reading the project the first time; paste again until the
    // paths are written anew (each try undone first).
    let text = '';
    for (let attempt = 0; attempt < 5 && text !== WANT; attempt++) {
      await page.keyboard.press('Control+V');
      await page.locator('.monaco-editor .view-lines', { hasText: 'vip.png' }).first().waitFor();
      await page.waitForTimeout(1000);
      text = await saveUntil(page, target, WANT);
      if (text !== WANT) {
        await page.keyboard.press('Control+Z');
        await saveUntil(page, target, TARGET);
      }
    }
    if (text !== WANT) throw new Error(`target-page.rst is ${JSON.stringify(text)}`);
    await page.screenshot({ path: path.join(ctx.artifacts, 'paste-paths.png') }); // README's media/paste-paths.png
    await ctx.closeAllEditors(page);
    return ':doc:`target-page` and ../figures/vip.png in the pasted text';
  });
}
