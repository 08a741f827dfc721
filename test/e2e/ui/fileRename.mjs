// Paths follow a file renamed in the Explorer: the user renames welcome.rst with F2, answers the prompt "Yes",
// and contents.rst (never opened) names the new file on disk; a folder renamed next, answered "Always", moves the
// image paths and stores the choice in the user settings. The Explorer's undo brings both back together.
import fs from 'node:fs';
import path from 'node:path';

const DIR = 'rename-demo';
const INDEX = `Rename demo
===========

.. toctree::

   welcome

See :doc:\`welcome\` and :doc:\`the welcome page </welcome>\`.

.. image:: figures/arch.png
`;

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
  const index = path.join(dir, 'contents.rst');
  const settingsFile = path.join(ws, '../ud/User/settings.json');
  const settingsBefore = fs.readFileSync(settingsFile, 'utf8');
  fs.mkdirSync(path.join(dir, 'figures'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'conf.py'), "project = 'rename demo'\n");
  fs.writeFileSync(index, INDEX);
  fs.writeFileSync(path.join(dir, 'welcome.rst'), ':orphan:\n\nWelcome\n=======\n');
  fs.writeFileSync(path.join(dir, 'figures/arch.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
  const dialog = page.locator('.monaco-dialog-box');

  /** Renames an Explorer row with F2 (or its context menu), the way a user does. */
  async function renameRow(name, newName) {
    const row = explorerRow(name).first();
    const input = page.locator('.explorer-folders-view .monaco-inputbox input');
    const shown = (ms) => input.waitFor({ timeout: ms }).then(() => true, () => false);
    // F2 on the row; when the click opened the file and the editor took the keyboard, the row's context menu. A
    // busy workbench sometimes drops the menu's click (the menu stays open): close it and try again.
    for (let attempt = 0; attempt < 3; attempt++) {
      await row.click();
      await page.keyboard.press('F2');
      if (await shown(5_000)) break;
      await row.click({ button: 'right' });
      await page.locator('.context-view .action-label', { hasText: /^Rename/ }).first().click();
      if (await shown(10_000)) break;
      await page.keyboard.press('Escape');
    }
    await input.waitFor();
    await input.press('Control+A');
    await input.type(newName);
    await input.press('Enter');
  }

  try {
    await check('rename a file in the Explorer, answer Yes: a document never opened names the new file on disk', async () => {
      // Files written behind the workbench's back: the Explorer shows them after a refresh, as a user would do.
      await until('the Explorer to list rename-demo', async () => {
        if (await explorerRow(DIR).count()) return true;
        await ctx.runCommand(page, 'Refresh Explorer');
        return (await explorerRow(DIR).first().waitFor({ timeout: 3_000 }).then(() => true, () => false));
      });
      await explorerRow(DIR).first().click();
      await explorerRow('welcome.rst').first().waitFor();
      // The extension starts with the first reStructuredText editor: open the file to be renamed (not contents.rst).
      await ctx.openFile(page, `${DIR}/welcome.rst`);
      await page.locator('.breadcrumbs-control', { hasText: 'Welcome' }).waitFor();
      await renameRow('welcome.rst', 'overview.rst');
      await dialog.waitFor();
      const message = (await dialog.innerText()).replace(/\s+/g, ' ');
      if (!/Update the reStructuredText paths to 'welcome\.rst' \(3 paths in 1 document\)\?/.test(message)) throw new Error(`prompt says: ${message}`);
      for (const b of ['Yes', 'No', 'Always update paths automatically', 'Never update paths automatically']) {
        if (!(await dialog.getByRole('button', { name: b, exact: true }).count())) throw new Error(`no "${b}" button in: ${message}`);
      }
      await page.screenshot({ path: path.join(ctx.artifacts, 'rename-prompt.png') });
      await dialog.getByRole('button', { name: 'Yes', exact: true }).click();
      const text = await until('contents.rst to change on disk', async () => {
        const t = fs.readFileSync(index, 'utf8');
        return t !== INDEX ? t : undefined;
      });
      const expected = INDEX.replace('   welcome\n', '   overview\n').replace(':doc:`welcome`', ':doc:`overview`').replace('</welcome>', '</overview>');
      if (text !== expected) throw new Error(`contents.rst is now:\n${text}`);
      if (!fs.existsSync(path.join(dir, 'overview.rst'))) throw new Error('overview.rst does not exist');
      return 'toctree entry, :doc: and /-rooted :doc: updated, with the text around them unchanged';
    });

    await check('rename a folder in the Explorer, answer Always: image paths follow and the choice is stored', async () => {
      await renameRow('figures', 'drawings');
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Always update paths automatically', exact: true }).click();
      const text = await until('contents.rst to name drawings/arch.png', async () => {
        const t = fs.readFileSync(index, 'utf8');
        return t.includes('drawings/arch.png') ? t : undefined;
      });
      if (text.includes('figures/arch.png')) throw new Error(`contents.rst still names figures/: ${text}`);
      await until('the user settings to say always', async () => /"haGuide\.updateLinksOnFileMove":\s*"always"/.test(fs.readFileSync(settingsFile, 'utf8')));
      return 'contents.rst names drawings/arch.png; haGuide.updateLinksOnFileMove is "always" in the user settings';
    });

    await check('with "always" stored, the next rename updates the paths without asking', async () => {
      await renameRow('overview.rst', 'first-steps.rst');
      await until('contents.rst to name first-steps', async () => fs.readFileSync(index, 'utf8').includes(':doc:`first-steps`'));
      if (await dialog.count()) throw new Error('a prompt was shown');
    });

    await check('move the document itself into a new folder: its own relative paths start one folder up', async () => {
      const before = fs.readFileSync(index, 'utf8');
      await renameRow('contents.rst', 'start/contents.rst');
      const moved = path.join(dir, 'start/contents.rst');
      const text = await until('start/contents.rst to name ../first-steps', async () => {
        const t = fs.existsSync(moved) ? fs.readFileSync(moved, 'utf8') : '';
        return t.includes('../drawings/') ? t : undefined;
      });
      const expected = before.replace('   first-steps\n', '   ../first-steps\n').replace(':doc:`first-steps`', ':doc:`../first-steps`').replace('drawings/arch.png', '../drawings/arch.png');
      if (text !== expected) throw new Error(`start/contents.rst is:\n${text}`);
      return 'relative paths rewritten from start/, the /-rooted :doc: unchanged';
    });
  } finally {
    fs.writeFileSync(settingsFile, settingsBefore);
    await page.keyboard.press('Escape');
  }
}
