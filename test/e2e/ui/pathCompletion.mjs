// Path completion as a user types: `.. image:: ` offers the folders, accepting `images/` asks again, accepting
// `arch.png` completes the path; in a toctree, documents come without their `.rst`. Checked on disk after Save.
import fs from 'node:fs';
import path from 'node:path';

const DIR = 'paths-demo';

export async function run(ctx) {
  const { page, ws, check, openFile } = ctx;
  const dir = path.join(ws, DIR);
  fs.mkdirSync(path.join(dir, 'images'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'guide'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'conf.py'), "project = 'paths demo'\n");
  fs.writeFileSync(path.join(dir, 'images/arch.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
  fs.writeFileSync(path.join(dir, 'guide/setup.rst'), ':orphan:\n\nSetup\n=====\n');
  const file = path.join(dir, 'index.rst');
  fs.writeFileSync(file, 'Paths demo\n==========\n\n');
  const suggest = page.locator('.editor-widget.suggest-widget');
  const row = (label) => suggest.locator('.monaco-list-row', { hasText: label }).first();

  /** Waits for the suggestion `label` and accepts it with Enter, as a user does. */
  async function accept(label) {
    await row(label).waitFor({ timeout: 20_000 });
    // The focused row is the first one; move to the label's row with the arrow keys.
    for (let i = 0; i < 20 && !(await suggest.locator('.monaco-list-row.focused', { hasText: label }).count()); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
  }

  await check('type `.. image:: `, accept images/ then arch.png: the path is written', async () => {
    await openFile(page, `${DIR}/index.rst`);
    await page.locator('.monaco-editor .view-lines', { hasText: 'Paths demo' }).first().waitFor();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('.. image:: ');
    // The server may still be indexing the new folder: ask again until the folder shows.
    for (let i = 0; i < 10 && !(await row('images/').isVisible()); i++) {
      await page.keyboard.press('Control+Space');
      await row('images/').waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    const labels = (await suggest.locator('.monaco-list-row').allInnerTexts()).map((t) => t.split('\n')[0]);
    await page.screenshot({ path: path.join(ctx.artifacts, 'path-completion.png') });
    if (!labels.includes('images/') || !labels.includes('guide/')) throw new Error(`suggestions: ${labels.join(', ')}`);
    await accept('images/');
    await accept('arch.png');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+S');
    const end = Date.now() + 20_000;
    let text = '';
    while (Date.now() < end && !(text = fs.readFileSync(file, 'utf8')).includes('.. image:: images/arch.png')) await new Promise((r) => setTimeout(r, 200));
    if (!text.endsWith('.. image:: images/arch.png')) throw new Error(`index.rst: ${JSON.stringify(text)}`);
    return `suggestions were ${labels.join(', ')}`;
  });

  await check('in a toctree, accept guide/ then setup: the entry names the document without .rst', async () => {
    const toc = path.join(dir, 'toc.rst');
    fs.writeFileSync(toc, ':orphan:\n\nContents\n========\n\n.. toctree::\n\n   ');
    await openFile(page, `${DIR}/toc.rst`);
    await page.locator('.monaco-editor .view-lines', { hasText: 'Contents' }).first().waitFor();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('gui');
    await page.keyboard.press('Control+Space');
    await accept('guide/');
    await accept('setup');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+S');
    const end = Date.now() + 20_000;
    let text = '';
    while (Date.now() < end && !(text = fs.readFileSync(toc, 'utf8')).includes('guide/setup')) await new Promise((r) => setTimeout(r, 200));
    if (!text.endsWith('.. toctree::\n\n   guide/setup')) throw new Error(`toc.rst: ${JSON.stringify(text)}`);
  });
}
