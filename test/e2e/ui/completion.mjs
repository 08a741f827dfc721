// Completion as a user meets it: `.. gra` + Enter gives the graphviz snippet (the workspace's seed guide writes
// `graphviz` six times and `graph` never), and a DOT attribute accepted with Enter then `=` typed gives one `=`.
// Each check types in a real editor, saves, and reads the file on disk.
import fs from 'node:fs';
import path from 'node:path';
import { goTo, openFromExplorer } from '../webview.mjs';

/** Saves the active editor and waits until the file on disk satisfies `ok`. */
async function savedText(ctx, rel, ok) {
  const file = path.join(ctx.ws, rel);
  let text = '';
  for (let i = 0; i < 40; i++) {
    await ctx.page.keyboard.press('Control+S');
    text = fs.readFileSync(file, 'utf8');
    if (ok(text)) return text;
    await ctx.page.waitForTimeout(250);
  }
  return text;
}

/** The suggest widget's focused row, once its label is `label`. */
async function focusedSuggestion(page, label) {
  const row = page.locator('.editor-widget.suggest-widget .monaco-list-row.focused');
  await row.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first().waitFor({ timeout: 20_000 });
  return row.first();
}

export async function run(ctx) {
  const { page, check } = ctx;
  fs.writeFileSync(path.join(ctx.ws, 'completion-directive.rst'), 'Completion\n==========\n\n');
  fs.writeFileSync(
    path.join(ctx.ws, 'completion-dot.rst'),
    'DOT completion\n==============\n\n.. graphviz::\n\n   digraph {\n     a [\n   }\n',
  );

  await check('completion: ".. gra" + Enter inserts the graphviz snippet (the workspace writes graphviz, never graph)', async () => {
    await openFromExplorer(ctx, 'completion-directive.rst');
    await page.locator('.monaco-editor .view-lines', { hasText: 'Completion' }).first().waitFor();
    await goTo(page, 4, 1);
    // The server may still be starting: type, and if no list comes, remove the line and type it again.
    let row;
    for (let attempt = 0; attempt < 6 && !row; attempt++) {
      await page.keyboard.type('.. gra', { delay: 60 });
      row = await focusedSuggestion(page, 'graphviz').catch(() => undefined);
      if (!row) {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Home');
        await page.keyboard.press('Shift+End');
        await page.keyboard.press('Delete');
      }
    }
    if (!row) throw new Error('the suggestion list never focused graphviz after ".. gra"');
    const rowText = (await row.innerText()).replace(/\s+/g, ' ');
    // Its details (the one-line description) beside the list, for the README's picture.
    await page.keyboard.press('Control+Space');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(ctx.root, 'media', 'completion.png') });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    const text = await savedText(ctx, 'completion-directive.rst', (t) => t.includes('.. graphviz::'));
    const want = 'Completion\n==========\n\n.. graphviz:: \n   :caption: \n\n   ';
    if (text !== want) throw new Error(`the file holds ${JSON.stringify(text)}, not ${JSON.stringify(want)} (focused row: ${rowText})`);
    return `focused row "${rowText}"`;
  });

  await check('completion: "shape" accepted with Enter in a graphviz block, then "=" typed, gives one "="', async () => {
    await openFromExplorer(ctx, 'completion-dot.rst');
    await page.locator('.monaco-editor .view-lines', { hasText: 'DOT completion' }).first().waitFor();
    await goTo(page, 7, 9);
    await page.keyboard.type('shape', { delay: 60 });
    let row = await focusedSuggestion(page, 'shape').catch(() => undefined);
    if (!row) {
      // No list yet (quick suggestions wait for the server): ask for it.
      await page.keyboard.press('Control+Space');
      row = await focusedSuggestion(page, 'shape');
    }
    await page.keyboard.press('Enter');
    await page.keyboard.type('=');
    await page.keyboard.press('Escape');
    const text = await savedText(ctx, 'completion-dot.rst', (t) => t.includes('a [shape'));
    const line = text.split('\n')[6];
    if (line !== '     a [shape=') throw new Error(`line 7 is ${JSON.stringify(line)}, not "     a [shape="`);
    return `line 7: ${JSON.stringify(line)}`;
  });
}
