// A directive whose Sphinx extension conf.py does not load: the error names the extension, and the light
// bulb's quick fix adds it to conf.py's `extensions` list (an edit to a file that is not open), after which
// the error goes. Checked on the squiggle the editor draws and on conf.py saved to disk.
import fs from 'node:fs';
import path from 'node:path';
import { openInFolder, takeAction } from '../webview.mjs';

const DIR = 'todo-demo';
const FILE = 'todo.rst';
const CONF = 'extensions = [\n    "sphinx.ext.graphviz",\n]\n';
const TEXT = ['Release plan', '============', '', '.. todo:: Name the release manager.', ''].join('\n');

export async function run(ctx) {
  const { page, ws, check } = ctx;
  const conf = path.join(ws, DIR, 'conf.py');
  fs.mkdirSync(path.join(ws, DIR), { recursive: true });
  fs.writeFileSync(conf, CONF);
  fs.writeFileSync(path.join(ws, DIR, FILE), TEXT);

  await check('a directive of an extension conf.py does not load: the quick fix loads it in conf.py', async () => {
    await openInFolder(ctx, DIR, FILE);
    await page.locator('.monaco-editor .view-lines', { hasText: 'Release plan' }).first().waitFor();
    const squiggle = page.locator('.monaco-editor .squiggly-error');
    await squiggle.first().waitFor({ timeout: 60_000 });
    await takeAction(ctx, 4, 6, 'Load sphinx.ext.todo in conf.py (extensions)');
    // VS Code edits conf.py in the background (not open, so not saved): save everything, as a user would.
    const want = 'extensions = [\n    "sphinx.ext.todo",\n    "sphinx.ext.graphviz",\n]\n';
    let text = '';
    for (let i = 0; i < 20 && text !== want; i++) {
      await ctx.runCommand(page, 'File: Save All');
      await page.waitForTimeout(500);
      text = fs.readFileSync(conf, 'utf8');
    }
    if (text !== want) throw new Error(`conf.py is ${JSON.stringify(text)}`);
    // The server reads conf.py again: the directive is known, the squiggle goes.
    await squiggle.first().waitFor({ state: 'detached', timeout: 60_000 });
    await ctx.closeAllEditors(page);
    return 'conf.py now loads sphinx.ext.todo (one entry per line kept); the error is gone';
  });
}
