// Occurrence highlights, as in Markdown: with the cursor on a label's `:ref:`, the editor marks the label's
// definition as written and each use as read; on a node of a diagram, the node statement and its mentions; on
// a plain word, the editor's own highlight of that word still shows (the server answers nothing there).
import fs from 'node:fs';
import path from 'node:path';
import { goTo, occurrenceMarks as marks, openFromExplorer, until } from '../webview.mjs';

const FILE = 'highlights-demo.rst';
const TEXT = [
  '.. _vip-failover:',
  '',
  'VIP failover',
  '============',
  '',
  'See :ref:`vip-failover` and vip-failover_ before a restart, and restart the agents.',
  '',
  '.. graphviz::',
  '',
  '   digraph { lb -> api; lb -> db; lb [shape=box] }',
  '',
].join('\n');


export async function run(ctx) {
  const { page, ws, check } = ctx;
  fs.writeFileSync(path.join(ws, FILE), TEXT);

  await check('occurrence highlights: a label with its :ref: and plain uses, a diagram node with its mentions, and a plain word as the editor marks it', async () => {
    await openFromExplorer(ctx, FILE);
    await page.locator('.monaco-editor .view-lines', { hasText: 'VIP failover' }).first().waitFor();
    const seen = [];
    const expect = async (what, line, col, want) => {
      // The server may still be reading the document: move away and back until the marks come.
      let last;
      const got = await until(page, async () => {
        await goTo(page, 2, 1);
        await goTo(page, line, col);
        await page.waitForTimeout(400);
        last = await marks(page);
        return last.write === want.write && last.read === want.read && last.text === want.text ? last : undefined;
      }, `${what}: the editor never drew ${JSON.stringify(want)}`, 60_000).catch((e) => {
        throw new Error(`${e.message}; it drew ${JSON.stringify(last)}`);
      });
      seen.push(`${what} ${JSON.stringify(got)}`);
    };
    // On `vip-failover` inside :ref:`...`: the target line written, the :ref: and the plain reference read.
    await expect('label', 6, 14, { write: 1, read: 2, text: 0 });
    await page.screenshot({ path: path.join(ctx.artifacts, 'highlights.png') }); // README's media/highlights.png
    // On `lb` in the diagram: its node statement written, its two edges' mentions read.
    await expect('node', 10, 14, { write: 1, read: 2, text: 0 });
    // On "restart", no name: the editor's own word highlight, both occurrences.
    await expect('word', 6, 54, { write: 0, read: 0, text: 2 });
    await ctx.closeAllEditors(page);
    return seen.join('; ');
  });
}
