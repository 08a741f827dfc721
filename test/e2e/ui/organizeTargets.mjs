// Organize hyperlink targets, as Markdown's "Organize link definitions": from the editor's Source Action menu,
// the document's external targets go to its end, sorted by name, and the unused one goes. Checked on the file
// saved to disk.
import path from 'node:path';
import { demoProject, goTo, openInFolder, saveUntil } from '../webview.mjs';

// In a Sphinx project of its own: only there is it known that no other document includes this one.
const DIR = 'organize-demo';
const FILE = 'links.rst';
const TEXT = [
  'Cluster stack',
  '=============',
  '',
  '.. _Pacemaker: https://clusterlabs.org',
  '',
  'The controllers run `Pacemaker`_ behind HAProxy_.',
  '',
  '.. _Corosync: https://corosync.github.io',
  '',
  'Each node runs both.',
  '',
  '.. _HAProxy: https://www.haproxy.org',
  '',
].join('\n');
const WANT = [
  'Cluster stack',
  '=============',
  '',
  'The controllers run `Pacemaker`_ behind HAProxy_.',
  '',
  'Each node runs both.',
  '',
  '.. _HAProxy: https://www.haproxy.org',
  '.. _Pacemaker: https://clusterlabs.org',
  '',
].join('\n');

export async function run(ctx) {
  const { page, check } = ctx;
  const file = path.join(demoProject(ctx, DIR, { [FILE]: TEXT }), FILE);

  await check('organize hyperlink targets: the Source Action menu offers it; the targets end the document, sorted, the unused one gone', async () => {
    await openInFolder(ctx, DIR, FILE);
    await page.locator('.monaco-editor .view-lines', { hasText: 'Cluster stack' }).first().waitFor();
    // The unused target is known once the project is read: wait for its faded text.
    await page.locator('.monaco-editor .squiggly-inline-unnecessary').first().waitFor({ timeout: 60_000 });
    const row = page.locator('.action-widget .monaco-list-row', { hasText: 'Organize hyperlink targets' }).first();
    let offered = false;
    for (let attempt = 0; attempt < 10 && !offered; attempt++) {
      await goTo(page, 1, 1);
      await ctx.runCommand(page, 'Source Action...');
      offered = await row.waitFor({ timeout: 5000 }).then(() => true, () => false);
      if (!offered) await page.keyboard.press('Escape');
    }
    if (!offered) throw new Error('the Source Action menu never offered Organize hyperlink targets');
    await page.screenshot({ path: path.join(ctx.artifacts, 'organize-targets.png') }); // README's media/organize-targets.png
    await row.click();
    const text = await saveUntil(page, file, WANT);
    if (text !== WANT) throw new Error(`${FILE} is ${JSON.stringify(text)}`);
    await ctx.closeAllEditors(page);
    return 'HAProxy and Pacemaker at the end, Corosync removed';
  });
}
