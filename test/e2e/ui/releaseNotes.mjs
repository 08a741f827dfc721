// reno's release notes in the editor: a note open as YAML (`releasenotes/notes/*.yaml`) shows the problems of the
// reStructuredText in it where they stand in the YAML, with the roles of the project that builds the notes
// (`releasenotes/source/conf.py`), and reno's own: a misspelled section, whose notes the release notes leave out.
// Its preview shows the page reno writes of it, and follows the editor's cursor through the note's lines; a click on
// a diagram's node selects its statement in the note.
import fs from 'node:fs';
import path from 'node:path';
import { command, commandAsking, goTo, openInFolder, problemsOf, saveUntil, takeAction, until, webviewFrame } from '../webview.mjs';

const DIR = 'reno-demo';
const NOTE = 'failover-vip-0123456789abcdef.yaml';
const TEXT = [
  '---',
  'fixes:',
  '  - |',
  '    The virtual IP now moves to a healthy controller within `five seconds',
  '    when Pacemaker fences a node.',
  'upgrades:',
  '  - |',
  '    Set ``[ha] fencing = true`` before the upgrade.',
  '',
].join('\n');

export async function run(ctx) {
  const { page, check } = ctx;
  const root = path.join(ctx.ws, DIR);
  const files = {
    'releasenotes/source/conf.py': "extensions = ['reno.sphinxext']\n",
    'releasenotes/source/index.rst': 'Release Notes\n=============\n\n.. release-notes::\n',
    [`releasenotes/notes/${NOTE}`]: TEXT,
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }

  await check('release notes: a note open as YAML shows its broken markup and a misspelled section where they stand, and the quick fix mends the section', async () => {
    // The release notes' index first: run alone, this module would otherwise open the note before anything
    // activated the extension (a workspace holding `releasenotes/notes/*.yaml` when it opens activates it).
    await openInFolder(ctx, `${DIR}/releasenotes/source`, 'index.rst');
    await page.locator('.monaco-editor .view-lines', { hasText: 'Release Notes' }).first().waitFor();
    await openInFolder(ctx, `${DIR}/releasenotes/notes`, NOTE);
    await page.locator('.monaco-editor .view-lines', { hasText: 'virtual IP' }).first().waitFor();
    const problems = await problemsOf(page, `**/${NOTE}`);
    const rows = await until(page, async () => {
      const all = (await problems.rows()).join(' / ');
      const want = [/Inline interpreted text or phrase reference start-string without end-string.*\[Ln 4, Col 61\]/, /"upgrades" is not a section reno knows.*Did you mean "upgrade"\?.*\[Ln 6, Col 1\]/];
      return want.every((re) => re.test(all)) ? all : undefined;
    }, `the Problems panel does not list the note's broken markup and its misspelled section`, 60_000);
    await page.mouse.move(700, 450); // no tooltip of the tab in the picture
    await page.screenshot({ path: path.join(ctx.artifacts, 'release-notes.png') }); // README's media/release-notes.png
    // The quick fix writes the section reno knows, and its problem goes.
    await takeAction(ctx, 6, 1, 'Change to "upgrade"');
    const want = TEXT.replace('upgrades:', 'upgrade:');
    const file = path.join(root, 'releasenotes/notes', NOTE);
    const text = await saveUntil(page, file, want);
    if (text !== want) throw new Error(`${NOTE} is ${JSON.stringify(text)}`);
    await until(page, async () => !(await problems.rows()).some((t) => /is not a section reno knows/.test(t)), 'the fixed section is still listed in the Problems panel', 60_000);
    await problems.clear();
    await ctx.closeAllEditors(page);
    return rows.slice(0, 240);
  });

  await check("release notes: the note's preview shows the page reno writes of it, its sections in reno's order, and marks the note of the cursor's line", async () => {
    await openInFolder(ctx, `${DIR}/releasenotes/notes`, NOTE);
    await page.locator('.monaco-editor .view-lines', { hasText: 'virtual IP' }).first().waitFor();
    // The palette offers the preview for a note (as for a reStructuredText file).
    await command(page, 'HA Guide: Open Preview to the Side');
    const frame = await webviewFrame(page, 'h1:has-text("Bug Fixes")', 60_000);
    const shown = () => frame.locator('body').evaluate(() => ({
      blocks: [...document.querySelectorAll('h1, li')].map((e) => `${e.tagName.toLowerCase()}: ${e.textContent.trim().replace(/\s+/g, ' ')}`),
      active: [...document.querySelectorAll('.hg-active-line')].map((e) => `${e.tagName.toLowerCase()}: ${e.textContent.trim().replace(/\s+/g, ' ')}`),
    }));
    const want = ['h1: Upgrade Notes', 'li: Set [ha] fencing = true before the upgrade.', 'h1: Bug Fixes', 'li: The virtual IP now moves to a healthy controller within `five seconds when Pacemaker fences a node.'];
    const page1 = await shown();
    if (JSON.stringify(page1.blocks) !== JSON.stringify(want)) throw new Error(`the preview shows ${JSON.stringify(page1.blocks)}`);
    // The cursor on the upgrade note's line (line 8 of the file) marks that note in the preview.
    await page.locator('.tabs-container .tab', { hasText: NOTE }).first().click();
    await goTo(page, 8, 5);
    const marked = await until(page, async () => {
      const l = await shown();
      return l.active.length === 1 && /^(li|p): Set \[ha\] fencing = true before the upgrade\.$/.test(l.active[0]) ? l.active[0] : undefined;
    }, "the upgrade note is not marked in the preview with the cursor on the note's line 8");
    await page.mouse.move(700, 450);
    await page.screenshot({ path: path.join(ctx.artifacts, 'release-notes-preview.png') }); // README's media/release-notes-preview.png
    await ctx.closeAllEditors(page);
    return `${page1.blocks.join(' / ')}; line 8 -> "${marked}"`;
  });

  await check("release notes: a click on a diagram's node in a note's preview selects its statement where it stands in the note", async () => {
    const name = 'vip-diagram-0123456789abcdef.yaml';
    const note = [
      '---',
      'features:',
      '  - |',
      '    The virtual IP moves as drawn:',
      '',
      '    .. graphviz::',
      '',
      '       digraph vip {',
      '          "Controller 1" [shape=box];',
      '          "Controller 1" -> "Controller 2";',
      '       }',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(root, 'releasenotes/notes', name), note);
    await openInFolder(ctx, `${DIR}/releasenotes/notes`, name);
    await page.locator('.monaco-editor .view-lines', { hasText: 'moves as drawn' }).first().waitFor();
    await command(page, 'HA Guide: Open Preview to the Side');
    const frame = await webviewFrame(page, '.hg-diagram-svg svg g.node', 60_000);
    await frame.locator('g.node', { has: frame.locator('title', { hasText: /^Controller 1$/ }) }).first().click();
    // `"Controller 1" [shape=box];` (27 characters) stands on line 9 from column 11 of the note (the page reno writes
    // indents it by 8): selected, the cursor at its end, column 38 (at 36 when the page's columns were taken).
    const status = page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+ \(\d+ selected\)/ }).first();
    await status.waitFor({ timeout: 15_000 });
    let seen = '';
    const where = await until(page, async () => {
      seen = await status.innerText();
      return /^Ln 9, Col 38 \(27 selected\)$/.test(seen) ? seen : undefined;
    }, 'the note\'s editor did not select line 9 from column 11 to 38', 15_000).catch((e) => {
      throw new Error(`${e.message}: the status bar shows "${seen}"`);
    });
    await ctx.closeAllEditors(page);
    fs.rmSync(path.join(root, 'releasenotes/notes', name));
    return `Controller 1 -> ${where}`;
  });

  await check('release notes: New Release Note writes a note named as reno names it, into the notes folder, and opens it on its first note', async () => {
    const notes = path.join(root, 'releasenotes/notes');
    const before = new Set(fs.readdirSync(notes));
    const input = await commandAsking(page, 'HA Guide: New Release Note', 'New Release Note');
    await input.fill('Fix VIP failover timeout');
    await page.keyboard.press('Enter');
    const name = await until(page, async () => fs.readdirSync(notes).find((f) => !before.has(f)), 'no new note in releasenotes/notes', 30_000);
    if (!/^fix-vip-failover-timeout-[0-9a-f]{16}\.yaml$/.test(name)) throw new Error(`the new note is named ${name}`);
    await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
    // The cursor stands on the empty note: what is typed becomes its text.
    await page.locator('.statusbar-item', { hasText: /^Ln 7, Col 5$/ }).first().waitFor();
    await page.keyboard.type('The virtual IP moves within five seconds.');
    const file = path.join(notes, name);
    const text = await saveUntil(page, file, fs.readFileSync(file, 'utf8').replace('  - |\n    \n', '  - |\n    The virtual IP moves within five seconds.\n'));
    if (!text.includes('fixes:\n  - |\n    The virtual IP moves within five seconds.\n')) throw new Error(`${name} is ${JSON.stringify(text)}`);
    await ctx.closeAllEditors(page);
    // The demo goes, and its problems with it (the Problems panel is a virtualised list: see doc8.mjs).
    fs.rmSync(root, { recursive: true, force: true });
    const problems = await problemsOf(page, '**/reno-demo/**');
    await until(page, async () => !(await problems.rows()).some((t) => /failover-vip|fix-vip|upgrades/.test(t)), "the removed demo's problems stay in the Problems panel", 60_000);
    await problems.clear();
    return name;
  });
}
