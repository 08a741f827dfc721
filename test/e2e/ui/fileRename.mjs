// Paths follow a file renamed in the Explorer: the user renames welcome.rst with F2, answers the prompt "Yes",
// and index.rst (never opened) names the new file on disk; a folder renamed next, answered "Always", moves the
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
  const index = path.join(dir, 'index.rst');
  const settingsFile = path.join(ws, '../ud/User/settings.json');
  const settingsBefore = fs.readFileSync(settingsFile, 'utf8');
  fs.mkdirSync(path.join(dir, 'figures'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'conf.py'), "project = 'rename demo'\n");
  fs.writeFileSync(index, INDEX);
  fs.writeFileSync(path.join(dir, 'welcome.rst'), ':orphan:\n\nWelcome\n=======\n');
  fs.writeFileSync(path.join(dir, 'figures/arch.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
  const dialog = page.locator('.monaco-dialog-box');

  /** Renames an Explorer row with F2, the way a user does. */
  async function renameRow(name, newName) {
    const row = explorerRow(name).first();
    await row.click({ button: 'right' });
    await page.locator('.context-view .action-label', { hasText: /^Rename/ }).first().click();
    const input = page.locator('.explorer-folders-view .monaco-inputbox input');
    await input.waitFor();
    await input.press('Control+A');
    await input.type(newName);
    await input.press('Enter');
  }

  try {
    await check('rename a file in the Explorer, answer Yes: a document never opened names the new file on disk', async () => {
      await until('the Explorer to list rename-demo', async () => (await explorerRow(DIR).count()) > 0);
      await explorerRow(DIR).first().click();
      await explorerRow('welcome.rst').first().waitFor();
      await renameRow('welcome.rst', 'overview.rst');
      await dialog.waitFor();
      const message = (await dialog.innerText()).replace(/\s+/g, ' ');
      if (!/Update the reStructuredText paths to 'welcome\.rst' \(3 paths in 1 document\)\?/.test(message)) throw new Error(`prompt says: ${message}`);
      for (const b of ['Yes', 'No', 'Always update paths automatically', 'Never update paths automatically']) {
        if (!(await dialog.getByRole('button', { name: b, exact: true }).count())) throw new Error(`no "${b}" button in: ${message}`);
      }
      await page.screenshot({ path: path.join(ctx.artifacts, 'rename-prompt.png') });
      await dialog.getByRole('button', { name: 'Yes', exact: true }).click();
      const text = await until('index.rst to change on disk', async () => {
        const t = fs.readFileSync(index, 'utf8');
        return t !== INDEX ? t : undefined;
      });
      const expected = INDEX.replace('   welcome\n', '   overview\n').replace(':doc:`welcome`', ':doc:`overview`').replace('</welcome>', '</overview>');
      if (text !== expected) throw new Error(`index.rst is now:\n${text}`);
      if (!fs.existsSync(path.join(dir, 'overview.rst'))) throw new Error('overview.rst does not exist');
      return 'toctree entry, :doc: and /-rooted :doc: updated, with the text around them unchanged';
    });

    await check('rename a folder in the Explorer, answer Always: image paths follow and the choice is stored', async () => {
      await renameRow('figures', 'drawings');
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Always update paths automatically', exact: true }).click();
      const text = await until('index.rst to name drawings/arch.png', async () => {
        const t = fs.readFileSync(index, 'utf8');
        return t.includes('drawings/arch.png') ? t : undefined;
      });
      if (text.includes('figures/arch.png')) throw new Error(`index.rst still names figures/: ${text}`);
      await until('the user settings to say always', async () => /"haGuide\.updateLinksOnFileMove":\s*"always"/.test(fs.readFileSync(settingsFile, 'utf8')));
      return 'index.rst names drawings/arch.png; haGuide.updateLinksOnFileMove is "always" in the user settings';
    });

    await check('with "always" stored, the next rename updates the paths without asking', async () => {
      await renameRow('overview.rst', 'first-steps.rst');
      await until('index.rst to name first-steps', async () => fs.readFileSync(index, 'utf8').includes(':doc:`first-steps`'));
      if (await dialog.count()) throw new Error('a prompt was shown');
    });
  } finally {
    fs.writeFileSync(settingsFile, settingsBefore);
    await page.keyboard.press('Escape');
  }
}
