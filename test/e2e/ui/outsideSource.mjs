// A file outside the Sphinx source folder that a document includes, as pallets' repositories have it
// (docs/changes.rst: `.. include:: ../CHANGES.rst`): opened in the editor, it is checked in the docs' project, as
// the build reads it. Its extlinks role and the docs' label are known; its one real mistake is listed.
import fs from 'node:fs';
import path from 'node:path';
import { command, openInFolder, problemsOf, until, webviewFrame } from '../webview.mjs';

const DIR = 'outside-demo';
const FILE = 'CHANGES.rst';
const FILES = {
  'docs/conf.py': 'extensions = ["sphinx.ext.extlinks"]\nextlinks = {"issue": ("https://github.com/x/y/issues/%s", "#%s")}\n',
  'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   changes\n   usage\n',
  'docs/usage.rst': '.. _usage-label:\n\nUsage\n=====\n\nText.\n',
  'docs/changes.rst': 'Changes\n=======\n\n.. include:: ../CHANGES.rst\n',
  [FILE]: 'Version 3.1\n-----------\n\n-   Fix :issue:`1`; see :ref:`usage-label`, :doc:`usage` and :ref:`nowhere-label`.\n',
};

export async function run(ctx) {
  const { page, check } = ctx;
  /** The Problems panel, filtered to CHANGES.rst by the first check (the filter is cleared after it). */
  let problems;
  // No conf.py at the demo's top (demoProject writes one there): CHANGES.rst lies outside every source folder.
  const root = path.join(ctx.ws, DIR);
  for (const [name, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }

  await check("included from outside the source folder: CHANGES.rst is checked in the docs' project (their extlinks role and label known, the missing label listed)", async () => {
    await openInFolder(ctx, DIR, FILE);
    await page.locator('.monaco-editor .view-lines', { hasText: 'Version 3.1' }).first().waitFor();
    problems = await problemsOf(page, `**/${DIR}/${FILE}`);
    // Until the workspace is indexed the file may be checked on its own (the role unknown): the check waits for
    // the panel to list the real mistake and nothing of the docs' names.
    const rows = await until(page, async () => {
      const all = (await problems.rows()).join(' / ');
      return /nowhere-label/.test(all) && !/"issue"|usage-label/.test(all) ? all : undefined;
    }, "the Problems panel does not list only the missing label for CHANGES.rst (the docs' role or label still reported?)", 60_000);
    await problems.clear();
    return rows.slice(0, 240);
  });

  await check("included from outside the source folder: the preview of CHANGES.rst links its :ref: and relative :doc: to the docs' document, with its title", async () => {
    await page.locator('.monaco-editor .view-lines', { hasText: 'Version 3.1' }).first().click();
    await command(page, 'HA Guide: Open Preview to the Side');
    // The links resolve once the workspace index has the docs: the preview renders again until then.
    const frame = await webviewFrame(page, 'a.hg-doc[href="docs/usage.rst"]', 60_000);
    const links = await frame.locator('a.hg-xref, a.hg-doc').evaluateAll((as) => as.map((a) => `${a.getAttribute('href')} ${a.textContent}`));
    if (JSON.stringify(links) !== JSON.stringify(['docs/usage.rst#L1 Usage', 'docs/usage.rst Usage'])) throw new Error(`the preview's links are ${JSON.stringify(links)}`);
    await ctx.closeAllEditors(page);
    fs.rmSync(root, { recursive: true, force: true });
    await until(page, async () => !(await problems.rows()).some((t) => /CHANGES\.rst|nowhere-label/.test(t)), "the removed demo's problems stay in the Problems panel", 60_000);
    return links.join(', ');
  });
}
