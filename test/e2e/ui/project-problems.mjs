// Problems for the whole project (haGuide.validate.scope = project, the default): a user opens one document
// and the Problems panel lists the problems of files never opened; they follow the files they reference (a
// label removed on disk) and leave with a deleted file. No editor of those files is ever opened.
import fs from 'node:fs';
import path from 'node:path';
import { command, tabLabels, until } from '../webview.mjs';

export async function run(ctx) {
  const { page, check } = ctx;
  const panel = page.locator('.markers-panel');
  const rowsText = async () => (await panel.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s*\n\s*/g, ' | '));
  const dir = path.join(ctx.ws, 'project');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'label.rst'), '.. _project-label:\n\nLabelled\n========\n\nText.\n');
  fs.writeFileSync(path.join(dir, 'user.rst'), 'User\n====\n\nSee :ref:`project-label`.\n');
  fs.writeFileSync(path.join(dir, 'broken.rst'), 'Broken\n======\n\nSee :ref:`no-such-label-anywhere`.\n');

  await check('project problems: after opening ha.rst only, the Problems panel lists the problems of unopened files', async () => {
    await ctx.openFile(page, 'ha.rst');
    await command(page, 'View: Focus Problems');
    const text = await until(page, async () => {
      const rows = await rowsText();
      const all = rows.join(' / ');
      return /Title underline too short/.test(all) && /dot\.syntax/.test(all) && /no-such-label-anywhere/.test(all) ? all : undefined;
    }, 'the problems of underline-short.rst, dot-error.rst and project/broken.rst are not listed', 60_000);
    const tabs = await tabLabels(page);
    if (tabs.some((t) => /underline-short|dot-error|broken/.test(t))) throw new Error(`a file with problems is open: ${tabs}`);
    if (/project-label/.test(text)) throw new Error(`user.rst has a problem while its label exists: ${text}`);
    await page.screenshot({ path: path.join(ctx.artifacts, 'problems-project.png') });
    return `open: ${JSON.stringify(tabs)}; listed: ${text.slice(0, 200)}`;
  });

  await check('project problems: a label removed from a closed file shows in the closed file that uses it', async () => {
    fs.writeFileSync(path.join(dir, 'label.rst'), 'Labelled\n========\n\nText.\n');
    const row = await until(page, async () => (await rowsText()).find((r) => /undefined label: 'project-label'/.test(r)), 'user.rst never reported the missing label', 60_000);
    return row;
  });

  await check('project problems: a deleted file\'s problems leave the panel', async () => {
    fs.rmSync(path.join(dir, 'broken.rst'));
    await until(page, async () => !(await rowsText()).some((r) => /no-such-label-anywhere|broken\.rst/.test(r)), 'broken.rst is still listed', 60_000);
    return `${(await rowsText()).length} row(s) left`;
  });

  fs.rmSync(dir, { recursive: true, force: true });
}
