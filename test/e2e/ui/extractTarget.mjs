// Extract to hyperlink target, as Markdown's "Extract to link definition": with the cursor on a reference with
// an embedded URI, VS Code's Refactor... menu offers it; choosing it leaves `Pacemaker`_ in both references
// and writes the target at the end of the document. Checked on the file saved to disk.
import fs from 'node:fs';
import path from 'node:path';
import { goTo, openFromExplorer, saveUntil } from '../webview.mjs';

const FILE = 'extract-demo.rst';
const TEXT = [
  'Cluster manager',
  '===============',
  '',
  'The controllers run `Pacemaker <https://clusterlabs.org>`_ to move the VIP between them.',
  '',
  'Restart a failed agent with `Pacemaker <https://clusterlabs.org>`_ tools, not by hand.',
  '',
].join('\n');
const WANT = [
  'Cluster manager',
  '===============',
  '',
  'The controllers run `Pacemaker`_ to move the VIP between them.',
  '',
  'Restart a failed agent with `Pacemaker`_ tools, not by hand.',
  '',
  '.. _Pacemaker: https://clusterlabs.org',
  '',
].join('\n');

export async function run(ctx) {
  const { page, ws, check } = ctx;
  const file = path.join(ws, FILE);
  fs.writeFileSync(file, TEXT);

  await check('Extract to hyperlink target: offered by Refactor... on an embedded URI, it writes the target and both references', async () => {
    await openFromExplorer(ctx, FILE);
    await page.locator('.monaco-editor .view-lines', { hasText: 'Cluster manager' }).first().waitFor();
    const row = page.locator('.action-widget .monaco-list-row', { hasText: 'Extract to hyperlink target' }).first();
    // The language server may still be starting: ask again until the menu offers the refactoring.
    let offered = false;
    for (let attempt = 0; attempt < 10 && !offered; attempt++) {
      await goTo(page, 4, 25);
      await ctx.runCommand(page, 'Refactor...');
      offered = await row.waitFor({ timeout: 5000 }).then(() => true, () => false);
      if (!offered) await page.keyboard.press('Escape');
    }
    if (!offered) throw new Error('Refactor... never offered Extract to hyperlink target');
    await page.screenshot({ path: path.join(ctx.artifacts, 'extract-target.png') }); // README's media/extract-target.png
    await row.click();
    const text = await saveUntil(page, file, WANT);
    if (text !== WANT) throw new Error(`${FILE} is ${JSON.stringify(text)}`);
    await ctx.closeAllEditors(page);
    return 'both references are `Pacemaker`_, the target ends the document';
  });
}
