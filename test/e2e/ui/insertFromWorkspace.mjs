// Insert Link to File in Workspace and Insert Image from Workspace, as in Markdown: the user runs the command
// from the palette, picks a file in VS Code's file dialog (code-server's own, a path typed in a quick input),
// and the document gets a :download: link or an image directive at the cursor, with a path relative to it.
import fs from 'node:fs';
import path from 'node:path';
import { goTo, openFromExplorer, until } from '../webview.mjs';

const DIR = 'insert-demo';

/** Picks `file` in the file dialog the command opened: the dialog's input holds a folder path; the file's path replaces it. */
async function pick(page, file, shot) {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await until(page, async () => ((await input.inputValue()).includes(DIR) ? true : undefined), 'the file dialog never opened at the document\'s folder', 15_000);
  await input.fill(file);
  // The dialog lists the typed file once it has read the folder; Enter then picks it.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(file) }).first().waitFor();
  if (shot) await page.screenshot({ path: shot });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

export async function run(ctx) {
  const { page, ws, check, explorerRow } = ctx;
  const dir = path.join(ws, DIR);
  fs.mkdirSync(path.join(dir, 'scripts'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'figures'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'insert-guide.rst'), 'Insert demo\n===========\n\nGet the script: \n\n');
  fs.writeFileSync(path.join(dir, 'scripts', 'failover.sh'), 'echo failover\n');
  fs.writeFileSync(path.join(dir, 'figures', 'cluster.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
  const file = path.join(dir, 'insert-guide.rst');

  await check('Insert Link to File in Workspace and Insert Image from Workspace: a picked file becomes a :download: link, a picked image an image directive', async () => {
    await until(page, async () => {
      if (await explorerRow(DIR).count()) return true;
      await ctx.runCommand(page, 'Refresh Explorer');
      return explorerRow(DIR).first().waitFor({ timeout: 3_000 }).then(() => true, () => false);
    }, `the Explorer never listed ${DIR}`);
    const folder = explorerRow(DIR).first();
    if ((await folder.getAttribute('aria-expanded')) !== 'true') await folder.click();
    await openFromExplorer(ctx, 'insert-guide.rst');
    await page.locator('.monaco-editor .view-lines', { hasText: 'Get the script:' }).first().waitFor();
    await goTo(page, 4, 17);
    await ctx.runCommand(page, 'HA Guide: Insert Link to File in Workspace');
    await pick(page, path.join(dir, 'scripts', 'failover.sh'), path.join(ctx.artifacts, 'insert-link.png')); // README's media/insert-link.png
    await goTo(page, 6, 1);
    await ctx.runCommand(page, 'HA Guide: Insert Image from Workspace');
    await pick(page, path.join(dir, 'figures', 'cluster.png'));
    const want = 'Insert demo\n===========\n\nGet the script: :download:`failover.sh <scripts/failover.sh>`\n\n.. image:: figures/cluster.png';
    const text = await until(page, async () => {
      await page.keyboard.press('Control+S');
      const t = fs.readFileSync(file, 'utf8');
      return t.startsWith(want) ? t : undefined;
    }, 'insert-guide.rst never held the link and the image', 30_000).catch((e) => {
      throw new Error(`${e.message}; it holds ${JSON.stringify(fs.readFileSync(file, 'utf8'))}`);
    });
    await ctx.closeAllEditors(page);
    const demo = explorerRow(DIR).first();
    if ((await demo.getAttribute('aria-expanded')) === 'true') await demo.click();
    return JSON.stringify(text);
  });
}
