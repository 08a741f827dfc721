// Tables as a user works on them: HA Guide: Format Table on a ragged grid table with East Asian text realigns
// it; HA Guide: Convert Table to Grid Table turns a simple table into a grid table; a table that cannot be read
// is left as it is, with a notification saying why. Each check runs the command from the palette, saves, and
// reads the file on disk.
import fs from 'node:fs';
import path from 'node:path';
import { goTo, openFromExplorer } from '../webview.mjs';

const lines = (...l) => l.join('\n') + '\n';

const RAGGED = lines(
  'Services',
  '========',
  '',
  '+---+------------+',
  '| 名前 | 説明 |',
  '+===+============+',
  '| api | 東京の拠点で REST API を提供 |',
  '+---+------------+',
  '| central | zones |',
  '+---+------------+',
  '',
  '=====  =====',
  'Name   Role',
  '=====  =====',
  'api    serves the REST API',
  'db     stores',
  '       the zones',
  '=====  =====',
  '',
  '+-----+-----+',
  '| a   | b   |',
  '+-----+-----+',
  '| c   | d | e |',
  '+-----+-----+',
);

const FORMATTED = lines(
  '+---------+------------------------------+',
  '| 名前    | 説明                         |',
  '+=========+==============================+',
  '| api     | 東京の拠点で REST API を提供 |',
  '+---------+------------------------------+',
  '| central | zones                        |',
  '+---------+------------------------------+',
);

const GRID = lines(
  '+------+---------------------+',
  '| Name | Role                |',
  '+======+=====================+',
  '| api  | serves the REST API |',
  '+------+---------------------+',
  '| db   | stores              |',
  '|      | the zones           |',
  '+------+---------------------+',
);

// A ragged grid table as typing leaves it (the Latin-only table of the README picture).
const SHOT = lines(
  'Ports',
  '=====',
  '',
  '+------+------+-----+',
  '| Service | Port | Protocol |',
  '+======+======+=====+',
  '| designate-api | 9001 | HTTP (behind HAProxy) |',
  '+------+------+-----+',
  '| designate-mdns | 5354 | DNS |',
  '+------+------+-----+',
);

const SHOT_FORMATTED = lines(
  '+----------------+------+-----------------------+',
  '| Service        | Port | Protocol              |',
  '+================+======+=======================+',
  '| designate-api  | 9001 | HTTP (behind HAProxy) |',
  '+----------------+------+-----------------------+',
  '| designate-mdns | 5354 | DNS                   |',
  '+----------------+------+-----------------------+',
);

/** Saves and waits until the file on disk satisfies `ok` (the command's edit lands asynchronously). */
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

/**
 * The file on disk once no save is writing it: two reads 250 ms apart that agree. A read right after Control+S
 * races the save, which writes the file in place: under load such a read once saw a text other than the file's
 * (the check below failed while the file it left on disk was unchanged).
 */
async function settledText(ctx, rel) {
  const file = path.join(ctx.ws, rel);
  let text = fs.readFileSync(file, 'utf8');
  for (let i = 0; i < 40; i++) {
    await ctx.page.waitForTimeout(250);
    const again = fs.readFileSync(file, 'utf8');
    if (again === text) return text;
    text = again;
  }
  return text;
}

export async function run(ctx) {
  const { page, check } = ctx;
  const rel = 'tables.rst';
  fs.writeFileSync(path.join(ctx.ws, rel), RAGGED);

  await check('tables: HA Guide: Format Table realigns a ragged grid table with East Asian text', async () => {
    await openFromExplorer(ctx, rel);
    await page.locator('.monaco-editor .view-lines', { hasText: 'Services' }).first().waitFor();
    await goTo(page, 7, 4);
    // The command comes with the language server: until it has started, running it changes nothing yet.
    let text = '';
    for (let attempt = 0; attempt < 5 && !text.includes(FORMATTED); attempt++) {
      await ctx.runCommand(page, 'HA Guide: Format Table');
      text = await savedText(ctx, rel, (t) => t.includes(FORMATTED));
    }
    if (!text.includes(FORMATTED)) throw new Error(`the table was not realigned: ${JSON.stringify(text.slice(0, 400))}`);
    if (!text.startsWith('Services\n========\n\n' + FORMATTED + '\n=====  =====')) throw new Error('text around the table changed');
    return 'realigned, the text around it unchanged';
  });

  await check('tables: HA Guide: Convert Table to Grid Table turns the simple table into a grid table', async () => {
    // The simple table starts 9 lines below the formatted grid table's start (line 4): its "api" row.
    const text0 = fs.readFileSync(path.join(ctx.ws, rel), 'utf8');
    const apiLine = text0.split('\n').findIndex((l) => l.startsWith('api    serves')) + 1;
    await goTo(page, apiLine, 2);
    await ctx.runCommand(page, 'HA Guide: Convert Table to Grid Table');
    const text = await savedText(ctx, rel, (t) => t.includes(GRID));
    if (!text.includes(GRID)) throw new Error(`no grid table: ${JSON.stringify(text)}`);
    if (text.includes('=====  =====')) throw new Error('the simple table is still there');
    return `converted at line ${apiLine}`;
  });

  await check('tables: a table the parser cannot read is left as it is, and a notification says why', async () => {
    const before = await settledText(ctx, rel);
    const badLine = before.split('\n').findIndex((l) => l === '| c   | d | e |') + 1;
    await goTo(page, badLine, 3);
    await ctx.runCommand(page, 'HA Guide: Format Table');
    // The warning shows as a toast; once the toast has gone it is in the notification centre.
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'This table cannot be read' }).first();
    let where = 'toast';
    if (!(await toast.waitFor({ timeout: 10_000 }).then(() => true, () => false))) {
      where = 'notification centre';
      await ctx.runCommand(page, 'Show Notifications');
    }
    const shown = page.locator('.notification-list-item', { hasText: 'This table cannot be read' }).first();
    await shown.waitFor({ timeout: 10_000 });
    const said = (await shown.innerText()).replace(/\s+/g, ' ');
    await page.keyboard.press('Escape');
    // Saving writes the buffer: the same text when the command left it as it was.
    await page.keyboard.press('Control+S');
    const after = await settledText(ctx, rel);
    if (after !== before) throw new Error(`the unreadable table changed: ${JSON.stringify(after.slice(-120))}`);
    await ctx.runCommand(page, 'Clear All Notifications');
    return `${where}: ${said.slice(0, 160)}`;
  });

  await check('tables: screenshot of Format Table on a ragged table, for the README', async () => {
    fs.writeFileSync(path.join(ctx.ws, 'tables-shot.rst'), SHOT);
    await openFromExplorer(ctx, 'tables-shot.rst');
    await page.locator('.monaco-editor .view-lines', { hasText: 'Ports' }).first().waitFor();
    await goTo(page, 5, 4);
    await ctx.runCommand(page, 'HA Guide: Format Table');
    const text = await savedText(ctx, 'tables-shot.rst', (t) => t.includes(SHOT_FORMATTED));
    if (!text.includes(SHOT_FORMATTED)) throw new Error(`not realigned: ${JSON.stringify(text)}`);
    await page.screenshot({ path: path.join(ctx.root, 'media', 'table-format.png') });
    return 'media/table-format.png';
  });
}
