// doc8's checks in the editor, where the project runs doc8 (a tox.ini command): a long line and trailing white
// space in a guide show with doc8's codes, in the editor and in the Problems panel, as the project's CI
// would report them.
import fs from 'node:fs';
import path from 'node:path';
import { command, demoProject, openInFolder, until } from '../webview.mjs';

const DIR = 'doc8-demo';
const FILE = 'cluster.rst';
const TEXT = [
  'Cluster stack',
  '=============',
  '',
  'The controllers run Pacemaker on top of Corosync, which carries the membership messages of the nodes.',
  'Every node runs HAProxy in front of the API services.  ',
  '',
].join('\n');

export async function run(ctx) {
  const { page, check } = ctx;
  const root = demoProject(ctx, DIR, { 'tox.ini': '[tox]\n\n[testenv:docs]\ncommands =\n  doc8 .\n', [FILE]: TEXT });

  await check('doc8: a long line and trailing white space show with doc8\'s codes where tox.ini runs doc8', async () => {
    await openInFolder(ctx, DIR, FILE);
    await page.locator('.monaco-editor .view-lines', { hasText: 'Cluster stack' }).first().waitFor();
    await command(page, 'View: Focus Problems');
    const panel = page.locator('.markers-panel');
    const rows = await until(page, async () => {
      const texts = (await panel.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s*\n\s*/g, ' | '));
      const all = texts.join(' / ');
      return /D001 Line too long/.test(all) && /D002 Trailing whitespace/.test(all) ? all : undefined;
    }, 'the Problems panel does not list D001 and D002 for cluster.rst', 60_000);
    await page.screenshot({ path: path.join(ctx.artifacts, 'doc8.png') }); // README's media/doc8.png
    await ctx.closeAllEditors(page);
    // The demo goes, and its problems with it: the Problems panel is left as the next modules expect it (a
    // virtualised list: rows pushed below its fold are not in the page).
    fs.rmSync(root, { recursive: true, force: true });
    await until(page, async () => !(await panel.locator('.monaco-list-row').allInnerTexts()).some((t) => /cluster\.rst|D00[12]/.test(t)), 'the removed demo\'s problems stay in the Problems panel', 60_000);
    return rows.slice(0, 240);
  });
}
