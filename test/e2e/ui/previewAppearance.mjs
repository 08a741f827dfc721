// The preview's look, as VS Code's Markdown preview lets a user set it: the editor's cursor line is marked in
// the preview (haGuide.preview.markEditorSelection, on by default) and the mark follows the cursor; the type
// settings (haGuide.preview.fontSize, lineHeight) and a stylesheet of the user's own (haGuide.styles, a path
// in the workspace) show in an open preview as soon as the settings change.
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
  let folder;

  await check('preview appearance: the preview marks the element of the editor\'s cursor line, and the mark follows the cursor', async () => {
    folder = await openInFolder(ctx, 'appearance', 'page.rst');
    await command(page, 'HA Guide: Open Preview to the Side');
    frame = await webviewFrame(page, PAGE, 60_000);
    const initial = await look(frame);
    if (initial.fontSize !== '14px' || !initial.fontFamily.includes('Segoe WPC')) throw new Error(`the default type is ${initial.fontSize} ${initial.fontFamily}, not Markdown's 14px`);
    // Back to the editor (the preview took the focus), the cursor on the last paragraph.
    await page.locator('.tabs-container .tab', { hasText: /^page\.rst/ }).first().click();
    await goTo(page, 9, 1);
    const last = await until(page, async () => {
      const l = await look(frame);
      return l.active.length === 1 && l.active[0] === 'p: Last paragraph of the page.' ? l.active[0] : undefined;
    }, 'the last paragraph is not marked with the cursor on line 9');
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
    let seen;
    for (let attempt = 0; attempt < 5; attempt++) {
      fs.writeFileSync(path.join(settingsDir, 'settings.json'), JSON.stringify(settings, null, attempt));
      seen = await until(page, async () => {
        frame = await webviewFrame(page, PAGE, 5_000);
        const l = await look(frame);
        return l.fontSize === '20px' ? l : undefined;
      }, 'the font size did not change', 8_000).catch(() => undefined);
      if (seen) break;
    }
    if (!seen) throw new Error(`the preview's font size is ${(await look(frame)).fontSize}, not the setting's 20px`);
    const l = await until(page, async () => {
      const x = await look(frame);
      return x.h1 === 'rgb(31, 111, 235)' && x.active.length === 1 ? x : undefined;
    }, 'the stylesheet of haGuide.styles is not applied, or the cursor line is no longer marked on the new page');
    if (l.lineHeight !== '40px') throw new Error(`line height ${l.lineHeight}, not 2 x 20px`);
    await page.screenshot({ path: path.join(ctx.artifacts, 'preview-appearance.png') }); // README's media/preview-appearance.png
    return `font ${l.fontSize}, line height ${l.lineHeight}, h1 ${l.h1}, marked "${l.active[0]}"`;
  });

  fs.rmSync(settingsDir, { recursive: true, force: true });
  await ctx.closeAllEditors(page);
  if (folder && (await ctx.explorerRow('page.rst').first().isVisible())) await folder.click();
}
