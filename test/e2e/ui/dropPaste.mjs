// Paste and drop into a reStructuredText editor, as a user does: a URL pasted over selected text becomes a link;
// a screenshot pasted on a blank line is copied beside the document and inserted as `.. image::`; a document
// and an image dragged from the Explorer (Shift held, as VS Code asks for a drop into the editor) become a
// `:doc:` reference and an image directive. Each result is checked on disk after Save.
import fs from 'node:fs';
import path from 'node:path';
import { goTo as goToLine } from '../webview.mjs';

const DIR = 'paste-demo';
// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const URL_TO_PASTE = 'https://docs.openstack.org/tooz/latest/user/drivers.html';

export async function run(ctx) {
  const { page, ws, check, openFile, explorerRow } = ctx;
  const dir = path.join(ws, DIR);
  fs.mkdirSync(path.join(dir, 'images'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'conf.py'), "project = 'paste demo'\n");
  fs.writeFileSync(path.join(dir, 'images/arch.png'), PNG);
  fs.writeFileSync(path.join(dir, 'intro.rst'), ':orphan:\n\nIntro\n=====\n');
  const file = path.join(dir, 'index.rst');
  const START = 'Paste demo\n==========\n\nSee the tooz drivers page.\n\n\n\nEnd.\n';
  fs.writeFileSync(file, START);
  // Copies of this folder's pictures go to pictures/: haGuide.copyFiles.destination = { 'paste-demo/*.rst':
  // 'pictures/' } is in the user settings test/e2e/run.mjs starts the workbench with.
  await checks();

  async function checks() {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });

    const goTo = (line, col) => goToLine(page, line, col);
    /** Saves and waits until the file on disk satisfies `ok`; returns its text. */
    const saved = async (what, ok) => {
      await page.keyboard.press('Control+S');
      const end = Date.now() + 20_000;
      let text = '';
      while (Date.now() < end) {
        text = fs.readFileSync(file, 'utf8');
        if (ok(text)) return text;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`${what}: index.rst is ${JSON.stringify(text)}`);
    };

    await check('paste a URL over selected text: `text <url>`_', async () => {
      await openFile(page, `${DIR}/index.rst`);
      await page.locator('.monaco-editor .view-lines', { hasText: 'tooz drivers' }).first().waitFor();
      // The outline in the breadcrumbs comes from the language server: the extension is active, its providers in place.
      await page.locator('.breadcrumbs-control', { hasText: 'Paste demo' }).waitFor();
      await goTo(4, 9);
      for (let i = 0; i < 'tooz drivers'.length; i++) await page.keyboard.press('Shift+ArrowRight');
      await page.evaluate((t) => navigator.clipboard.writeText(t), URL_TO_PASTE);
      await page.keyboard.press('Control+V');
      const text = await saved('the link', (t) => t.includes('`_'));
      const expected = START.replace('tooz drivers', `\`tooz drivers <${URL_TO_PASTE}>\`_`);
      if (text !== expected) throw new Error(`index.rst is ${JSON.stringify(text)}`);
      await page.screenshot({ path: path.join(ctx.artifacts, 'paste-link.png') });
    });

    await check('paste a screenshot on a blank line: copied where haGuide.copyFiles.destination says, inserted as .. image::', async () => {
      const before = fs.readFileSync(file, 'utf8');
      await goTo(6, 1);
      await page.evaluate(async (b64) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        await navigator.clipboard.write([new ClipboardItem({ 'image/png': new Blob([bytes], { type: 'image/png' }) })]);
      }, PNG.toString('base64'));
      await page.keyboard.press('Control+V');
      const text = await saved('the image', (t) => t.includes('.. image::'));
      const listed = () => (fs.existsSync(path.join(dir, 'pictures')) ? fs.readdirSync(path.join(dir, 'pictures')).map((f) => `pictures/${f}`) : []);
    for (let i = 0; i < 100 && !listed().length; i++) await new Promise((r) => setTimeout(r, 200)); // the copy is written beside the edit
    const copied = listed();
      if (copied.length !== 1) throw new Error(`pictures copied to ${DIR}/pictures: ${copied.join(', ') || 'none'} (beside index.rst: ${fs.readdirSync(dir).join(', ')})`);
      const expected = before.replace('page.\n\n\n\nEnd.', `page.\n\n.. image:: ${copied[0]}\n\nEnd.`);
      if (text !== expected) throw new Error(`index.rst is ${JSON.stringify(text)}, expected ${JSON.stringify(expected)}`);
      // The browser's clipboard encodes the picture again: compare what it shows (a PNG of 1 by 1 pixel).
      const png = fs.readFileSync(path.join(dir, copied[0]));
      if (!png.subarray(0, 8).equals(PNG.subarray(0, 8)) || png.readUInt32BE(16) !== 1 || png.readUInt32BE(20) !== 1) throw new Error(`${copied[0]} is not the pasted picture`);
      await page.screenshot({ path: path.join(ctx.artifacts, 'paste-image.png') });
      return `${copied[0]} written`;
    });

    /**
     * Where the Explorer row of `name` is, once it stays put: a file written a moment before (the pasted picture's
     * folder) is listed when the Explorer's watcher reports it, and the rows below it then move down one; a drag
     * from a place measured before that takes the row that moved there.
     */
    async function settledRow(name) {
      const row = explorerRow(name).first();
      let last;
      for (let i = 0; i < 50; i++) {
        const box = await row.boundingBox();
        const here = box && (await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.monaco-list-row')?.textContent ?? '', { x: box.x + box.width / 2, y: box.y + box.height / 2 }));
        if (box && last && box.y === last.y && here.includes(name)) return box;
        last = box;
        await page.waitForTimeout(250);
      }
      throw new Error(`the Explorer row of ${name} does not stay in one place`);
    }

    /** Drags an Explorer row onto the editor's line `line` with Shift held (VS Code's drop into the editor). */
    async function dragToEditor(name, line) {
      const lines = page.locator('.monaco-editor .view-lines .view-line');
      const target = lines.nth(line - 1);
      const from = await settledRow(name);
      const to = await target.boundingBox();
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 5, { steps: 5 });
      await page.keyboard.down('Shift');
      await page.mouse.move(to.x + 2, to.y + to.height / 2, { steps: 20 });
      await page.mouse.up();
      await page.keyboard.up('Shift');
    }

    await check('drag a document from the Explorer into the editor: a :doc: reference', async () => {
      const before = fs.readFileSync(file, 'utf8');
      await explorerRow(DIR).first().waitFor();
      if (!(await explorerRow('intro.rst').count())) await explorerRow(DIR).first().click();
      await explorerRow('intro.rst').first().waitFor();
      // The folder the pasted picture went to is listed first (the rows below it move when it comes).
      if (fs.existsSync(path.join(dir, 'pictures'))) await explorerRow('pictures').first().waitFor({ timeout: 30_000 }).catch(() => undefined);
      const endLine = before.split('\n').indexOf('End.') + 1;
      await goTo(endLine, 1);
      await dragToEditor('intro.rst', endLine);
      const text = await saved('the :doc: reference', (t) => t.includes(':doc:'));
      if (!text.includes(':doc:`intro` End.')) throw new Error(`index.rst is ${JSON.stringify(text)}`);
      await page.screenshot({ path: path.join(ctx.artifacts, 'drop-doc.png') });
    });

    await check('drag an image from the Explorer: .. image::, and the figure from the drop widget', async () => {
      const before = fs.readFileSync(file, 'utf8');
      await explorerRow('images').first().click();
      await explorerRow('arch.png').first().waitFor();
      const lines = before.split('\n');
      const blank = lines.length; // the empty last line
      await goTo(blank, 1);
      await dragToEditor('arch.png', blank);
      const image = await saved('the image directive', (t) => t.includes('images/arch.png'));
      if (image !== before + '\n.. image:: images/arch.png') throw new Error(`index.rst is ${JSON.stringify(image)}`);
      // The widget VS Code shows after a drop switches to the other kind of edit.
      await page.locator('.post-edit-widget').first().click();
      const figureRow = page.locator('.action-widget .monaco-list-row', { hasText: 'Insert Figure with Caption' }).first();
      await figureRow.waitFor();
      await page.screenshot({ path: path.join(ctx.artifacts, 'drop-figure.png') });
      await figureRow.click();
      const figure = await saved('the figure directive', (t) => t.includes('.. figure::'));
      if (figure !== before + '\n.. figure:: images/arch.png\n\n   Caption') throw new Error(`index.rst is ${JSON.stringify(figure)}`);
    });
  }
}
