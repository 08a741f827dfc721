// sphinx-lint's checks in the editor, where the repository's pre-commit runs its hook (as nova's does, with
// --enable=default-role): a default role, a character glued to an inline literal (a paragraph check) and trailing
// white space show with sphinx-lint's names, in the editor and in the Problems panel, as `pre-commit run
// sphinx-lint` would report them.
import fs from 'node:fs';
import path from 'node:path';
import { demoProject, openInFolder, problemsOf, until } from '../webview.mjs';

const DIR = 'sphinx-lint-demo';
const FILE = 'failover.rst';
const TEXT = [
  'Failover',
  '========',
  '',
  'When a controller fails, Pacemaker moves the `virtual IP` to a healthy node.',
  'The ``haproxy``s service follows it.  ',
  '',
].join('\n');
const PRE_COMMIT = [
  'repos:',
  '  - repo: https://github.com/sphinx-contrib/sphinx-lint',
  '    rev: v1.0.2',
  '    hooks:',
  '      - id: sphinx-lint',
  '        args: [--enable=default-role]',
  '        types: [rst]',
  '',
].join('\n');

export async function run(ctx) {
  const { page, check } = ctx;
  const root = demoProject(ctx, DIR, { '.pre-commit-config.yaml': PRE_COMMIT, [FILE]: TEXT });

  await check("sphinx-lint: a default role, a glued inline literal and trailing white space show with sphinx-lint's names where pre-commit runs it", async () => {
    await openInFolder(ctx, DIR, FILE);
    await page.locator('.monaco-editor .view-lines', { hasText: 'Failover' }).first().waitFor();
    const problems = await problemsOf(page, `**/${FILE}`);
    const rows = await until(page, async () => {
      const all = (await problems.rows()).join(' / ');
      const want = [/default role used.*\(default-role\)/, /space after literal \(missing-space-after-literal\)/, /trailing whitespace \(trailing-whitespace\)/];
      return want.every((re) => re.test(all)) ? all : undefined;
    }, 'the Problems panel does not list default-role, missing-space-after-literal and trailing-whitespace for failover.rst', 60_000);
    await page.screenshot({ path: path.join(ctx.artifacts, 'sphinx-lint.png') }); // README's media/sphinx-lint.png
    await problems.clear();
    await ctx.closeAllEditors(page);
    // The demo goes, and its problems with it (the Problems panel is a virtualised list: see doc8.mjs).
    fs.rmSync(root, { recursive: true, force: true });
    await until(page, async () => !(await problems.rows()).some((t) => /failover\.rst|default-role|missing-space-after-literal|trailing-whitespace/.test(t)), "the removed demo's problems stay in the Problems panel", 60_000);
    return rows.slice(0, 240);
  });
}
