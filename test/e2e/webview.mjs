// Helpers for the feature checks of test/e2e/ui/: VS Code shows a webview in two nested iframes (the host's
// `iframe.webview` and its `#active-frame`); the page of ours is the innermost one. Playwright reaches it
// through page.frames(): the frame whose document holds `selector`.
import fs from 'node:fs';
import path from 'node:path';

/** The frame (of any webview) whose document has an element matching `selector`; waits for it. */
export async function webviewFrame(page, selector, timeout = 30_000) {
  const end = Date.now() + timeout;
  for (;;) {
    for (const f of page.frames()) {
      if (f === page.mainFrame()) continue;
      if (await f.locator(selector).count().catch(() => 0)) return f;
    }
    if (Date.now() > end) throw new Error(`no webview shows ${selector}`);
    await page.waitForTimeout(250);
  }
}

/** The labels of the editor tabs, in order: a file's name (`a.rst`), else the tab's text (`Preview a.rst`). */
export async function tabLabels(page) {
  return page.locator('.tabs-container .tab').evaluateAll((tabs) =>
    tabs.map((t) => {
      const name = t.getAttribute('data-resource-name');
      return name && !name.startsWith('webview-') ? name : t.innerText.replace(/\s+/g, ' ').trim();
    }));
}

/**
 * Types `text` into the palette (F1) and clicks the first row that shows `row`; until one does, the palette is
 * closed and opened again (what it lists may not be there yet). Throws `never` after `timeout` ms.
 */
async function pickInPalette(page, text, row, never, timeout = 60_000, opens) {
  const end = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    const offered = page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first();
    if (await offered.waitFor({ timeout: 5_000 }).then(() => true, () => false)) {
      await offered.click();
      // A command that asks for something opens a quick input of its own, titled `opens`.
      if (opens) await page.locator('.quick-input-widget .quick-input-title', { hasText: opens }).waitFor();
      else await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      return;
    }
    await page.keyboard.press('Escape');
    if (Date.now() > end) throw new Error(never);
  }
}

/**
 * Runs a command from the palette: clicks its own row (Enter could pick another command that matches the
 * words too, or a recently used one). Until the workbench has the command (an extension still starting), the
 * palette is closed and opened again.
 */
export function command(page, label, timeout = 60_000) {
  return pickInPalette(page, '>' + label, label, `the command palette never offered ${label}`, timeout);
}

/** Runs a command that asks for something in a quick input titled `title`, and returns that input. */
export async function commandAsking(page, label, title, timeout = 60_000) {
  await pickInPalette(page, '>' + label, label, `the command palette never offered ${label}`, timeout, title);
  return page.locator('.quick-input-widget input');
}

/** Polls `fn` until it returns a truthy value (or throws `message` with the last value). */
export async function until(page, fn, message, timeout = 30_000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn().catch((e) => `error: ${e.message}`);
    if (last && !(typeof last === 'string' && last.startsWith('error: '))) return last;
    if (Date.now() > end) throw new Error(`${message} (last: ${JSON.stringify(last)})`);
    await page.waitForTimeout(200);
  }
}

/**
 * Focuses the Problems panel and filters it to the files `glob` matches (the filter box's glob syntax): the panel is a
 * virtualised list, and rows of other files listed first would push those files' rows below its fold, out of the
 * page. Returns the panel, each row's text (lines joined by ` | `) and a way to clear the filter.
 */
export async function problemsOf(page, glob) {
  await command(page, 'View: Focus Problems');
  const panel = page.locator('.markers-panel');
  const filter = page.locator('.part.panel .viewpane-filter-container input').first();
  await filter.fill(glob);
  // The filter applies after a pause; its badge ("Showing 6 of 8") says it has.
  await page.locator('.part.panel .viewpane-filter-badge', { hasText: /Showing/ }).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
  return {
    panel,
    rows: async () => (await panel.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s*\n\s*/g, ' | ')),
    clear: () => filter.fill(''),
  };
}

/** How many occurrence marks the active editor draws: written (`write`), read (`read`), and a plain word's (`text`). */
export function occurrenceMarks(page) {
  return page.evaluate(() => {
    const overlays = document.querySelector('.editor-instance .monaco-editor .view-overlays');
    const count = (c) => (overlays ? overlays.querySelectorAll(`.${c}`).length : -1);
    return { write: count('wordHighlightStrong'), read: count('wordHighlight'), text: count('wordHighlightText') };
  });
}

/** Puts the cursor of the active editor at a line and column (1-based) through Go to Line. */
export async function goTo(page, line, col) {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(`${line}:${col}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/**
 * Opens a file by a click on its row in the Explorer (Quick Open's file search does not know files created
 * during the run); its folders must be unfolded, and its name must be the only row that contains it. A row the
 * Explorer does not show (scrolled out of its view, or not listed yet after refreshes) is opened by its
 * absolute path in Quick Open instead (`openInFolder`).
 */
export async function openFromExplorer(ctx, name) {
  const row = ctx.explorerRow(name).first();
  // The Explorer may not have seen the new file yet: refresh it until it lists the file.
  for (let i = 0; i < 6 && !(await row.isVisible()); i++) {
    await ctx.runCommand(ctx.page, 'Refresh Explorer');
    await row.waitFor({ timeout: 5_000 }).catch(() => undefined);
  }
  // A row scrolled out of the Explorer's view is not in the page at all: then Quick Open, by its path.
  if (!(await row.isVisible())) return openInFolder(ctx, '', name);
  await row.click();
  await ctx.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
}

/**
 * Saves the active editor until the file on disk reads `want` (an edit lands asynchronously); returns what the
 * file last held, for the caller's message.
 */
export async function saveUntil(page, file, want) {
  let text = '';
  for (let i = 0; i < 40 && text !== want; i++) {
    await page.keyboard.press('Control+S');
    await page.waitForTimeout(250);
    text = fs.readFileSync(file, 'utf8');
  }
  return text;
}

/**
 * Opens `file` of the top-level folder `dir` through Quick Open, by its absolute path: the workbench looks such a
 * path up on disk, so a file written by the test a moment ago opens at once, wherever the Explorer is scrolled
 * and whether or not it has listed the folder yet (a row out of the Explorer's view is not in the page at all,
 * and a click on it waits in vain). The Explorer reveals the open file, unfolding its folder; the harness folds
 * every folder again after each module.
 */
export async function openInFolder(ctx, dir, file) {
  const { page } = ctx;
  const abs = path.join(ctx.ws, dir, file);
  await pickInPalette(page, abs, file, `Quick Open never offered ${abs}`);
  await page.locator('.tabs-container .tab.active', { hasText: file }).waitFor();
  await ctx.explorerRow(file).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
}

/**
 * Asks for the code actions at a place (`Control+.`, or the command `menu`) until the action `title` is
 * offered (the language server may still be starting), and takes it.
 */
export async function takeAction(ctx, line, col, title, menu) {
  const { page } = ctx;
  const row = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
  for (let attempt = 0; attempt < 10; attempt++) {
    await goTo(page, line, col);
    if (menu) await ctx.runCommand(page, menu);
    else await page.keyboard.press('Control+.');
    if (await row.waitFor({ timeout: 5000 }).then(() => true, () => false)) {
      await row.click();
      return;
    }
    await page.keyboard.press('Escape');
  }
  throw new Error(`the light bulb never offered ${title}`);
}

/**
 * Writes a Sphinx project of its own into the workspace (a folder with a conf.py, so that which documents
 * include which is known) with these files; returns the path of the folder.
 */
export function demoProject(ctx, dir, files) {
  const root = path.join(ctx.ws, dir);
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'conf.py'), `project = '${dir}'\n`);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}
