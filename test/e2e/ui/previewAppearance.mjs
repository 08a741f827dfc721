// The preview's look, as VS Code's Markdown preview lets a user set it: the editor's cursor line is marked in
// the preview (haGuide.preview.markEditorSelection, on by default) and the mark follows the cursor; the type
// settings (haGuide.preview.fontSize, lineHeight) and a stylesheet of the user's own (haGuide.styles, a path
// in the workspace) show in an open preview as soon as the settings change; Refresh Preview loads the page again.
import fs from 'node:fs';
import path from 'node:path';
import { command, goTo, openInFolder, until, webviewFrame } from '../webview.mjs';

const DOC = `Appearance
==========

First paragraph of the page.

* An item of a list.
* Another item of the list.

Last paragraph of the page.
`;

/** The innermost preview document that shows this test's page. */
const PAGE = 'p:has-text("First paragraph of the page.")';

/** What the page shows of its type and its marked line. */
function look(frame) {
  return frame.locator('body').evaluate(() => {
    const style = getComputedStyle(document.body);
    const active = [...document.querySelectorAll('.hg-active-line')];
    return {
      fontSize: style.fontSize,
      lineHeight: style.lineHeight,
      fontFamily: style.fontFamily,
      h1: getComputedStyle(document.querySelector('h1')).color,
      active: active.map((el) => `${el.tagName.toLowerCase()}: ${el.textContent.trim().split('\n')[0]}`),
      // The mark is drawn: a bar in the margin (the stylesheet's ::before).
      bar: active[0] ? getComputedStyle(active[0], '::before').borderLeftWidth : undefined,
      data: { ...document.body.dataset, state: undefined, style: document.body.getAttribute('style') },
    };
  });
}

export async function run(ctx) {
  const { page, check } = ctx;
  const dir = path.join(ctx.ws, 'appearance');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'page.rst'), DOC);
  fs.writeFileSync(path.join(dir, 'extra.css'), '.hg-document h1 { color: rgb(31, 111, 235); }\n');
  const settingsDir = path.join(ctx.ws, '.vscode');
  let frame;

  await check('preview appearance: the preview marks the element of the editor\'s cursor line, and the mark follows the cursor', async () => {
    await openInFolder(ctx, 'appearance', 'page.rst');
    await command(page, 'HA Guide: Open Preview to the Side');
    frame = await webviewFrame(page, PAGE, 60_000);
    const initial = await look(frame);
    if (initial.fontSize !== '14px' || !initial.fontFamily.includes('Segoe WPC')) throw new Error(`the default type is ${initial.fontSize} ${initial.fontFamily}, not Markdown's 14px`);
    // Back to the editor (the preview took the focus), the cursor on the last paragraph.
    await page.locator('.tabs-container .tab', { hasText: /^page\.rst/ }).first().click();
    await goTo(page, 9, 1);
    const last = await until(page, async () => {
      const l = await look(frame);
      return l.active.length === 1 && l.active[0] === 'p: Last paragraph of the page.' && l.bar === '3px' ? l.active[0] : undefined;
    }, 'the last paragraph is not marked (a 3px bar beside it) with the cursor on line 9');
    await goTo(page, 7, 5);
    const item = await until(page, async () => {
      const l = await look(frame);
      // The innermost element of the line: the item's paragraph (or the item), never the whole list.
      return l.active.length === 1 && /^(li|p): Another item of the list\.$/.test(l.active[0]) ? l.active[0] : undefined;
    }, 'the second item (not its list) is not the one marked with the cursor on line 7');
    return `line 9 -> "${last}", line 7 -> "${item}"; default type ${initial.fontSize}`;
  });

  await check('preview appearance: fontSize, lineHeight and a stylesheet of haGuide.styles show in the open preview', async () => {
    fs.mkdirSync(settingsDir, { recursive: true });
    const settings = { 'haGuide.preview.fontSize': 20, 'haGuide.preview.lineHeight': 2, 'haGuide.styles': ['appearance/extra.css'] };
    // code-server does not always notice a settings file written behind its back: write it again until the
    // preview's new page shows the settings.
    // The file is written whole (a temporary file renamed): the workbench's tolerant JSON reader would take a
    // file caught half written as the keys written so far, and the preview would show that page for a moment.
    const write = (attempt) => {
      const tmp = path.join(settingsDir, `.settings-${attempt}.tmp`);
      fs.writeFileSync(tmp, JSON.stringify(settings, null, attempt));
      fs.renameSync(tmp, path.join(settingsDir, 'settings.json'));
    };
    const applied = async () => {
      frame = await webviewFrame(page, PAGE, 5_000);
      const x = await look(frame);
      return x.fontSize === '20px' && x.lineHeight === '40px' && x.h1 === 'rgb(31, 111, 235)' && x.active.length === 1 ? x : undefined;
    };
    let l;
    for (let attempt = 0; attempt < 5 && !l; attempt++) {
      write(attempt);
      l = await until(page, applied, 'the settings did not show', 8_000).catch(() => undefined);
    }
    if (!l) {
      const x = await look(frame);
      throw new Error(`the preview shows font ${x.fontSize}, line height ${x.lineHeight}, h1 ${x.h1}, marked ${JSON.stringify(x.active)} (page ${JSON.stringify(x.data)}): not 20px, 40px (2 x 20), rgb(31, 111, 235) and one marked line`);
    }
    await page.screenshot({ path: path.join(ctx.artifacts, 'preview-appearance.png') }); // README's media/preview-appearance.png
    return `font ${l.fontSize}, line height ${l.lineHeight}, h1 ${l.h1}, marked "${l.active[0]}"`;
  });

  await check('preview appearance: Refresh Preview loads the page again, with the stylesheet as it is now on disk', async () => {
    fs.writeFileSync(path.join(dir, 'extra.css'), '.hg-document h1 { color: rgb(207, 34, 46); }\n');
    await page.waitForTimeout(500);
    if ((await look(frame)).h1 !== 'rgb(31, 111, 235)') throw new Error('the preview changed before it was refreshed');
    await command(page, 'HA Guide: Refresh Preview');
    const l = await until(page, async () => {
      frame = await webviewFrame(page, PAGE, 5_000);
      const x = await look(frame);
      return x.h1 === 'rgb(207, 34, 46)' && x.fontSize === '20px' ? x : undefined;
    }, 'the refreshed preview does not show the stylesheet as it is on disk');
    return `h1 ${l.h1}, font ${l.fontSize}`;
  });

  fs.rmSync(settingsDir, { recursive: true, force: true });
  await ctx.closeAllEditors(page);
}
