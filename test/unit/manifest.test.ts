import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { allCodes } from '../../server/src/codes';
import { DOT_CODES } from '../../server/src/dot/codes';
import { defaultSettings } from '../../server/src/protocol/settings';

/** package.json is a contract with VS Code: every setting and command declared, used and documented. */
const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const sources = (dir: string): string =>
  fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
const clientSource = sources('client/src');

test('engines.vscode is at or below 1.139 and @types/vscode is not newer', () => {
  const engine = /(\d+)\.(\d+)/.exec(pkg.engines.vscode)!;
  assert.ok(Number(engine[1]) === 1 && Number(engine[2]) <= 139, pkg.engines.vscode);
  const types = /(\d+)\.(\d+)/.exec(pkg.devDependencies['@types/vscode'])!;
  assert.ok(Number(types[2]) <= Number(engine[2]), `@types/vscode ${pkg.devDependencies['@types/vscode']} newer than ${pkg.engines.vscode}`);
});

test('every dependency is pinned to an exact version', () => {
  for (const [name, v] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
    assert.match(String(v), /^\d+\.\d+\.\d+$/, `${name}@${v} is not pinned`);
  }
});

test('every declared command is registered by the extension and listed in the README', () => {
  for (const c of pkg.contributes.commands as { command: string; title: string }[]) {
    assert.ok(clientSource.includes(`'${c.command}'`), `${c.command} is declared but not registered`);
    assert.ok(readme.includes(c.command), `${c.command} is not in the README`);
  }
});

test('every setting in package.json is mirrored by the Settings type (or read by the client) and documented in the README', () => {
  const declared = Object.keys(pkg.contributes.configuration.properties as Record<string, unknown>);
  const flatten = (o: object, prefix: string): string[] =>
    Object.entries(o).flatMap(([k, v]) =>
      v && typeof v === 'object' && !Array.isArray(v) && k !== 'severity' ? flatten(v, `${prefix}${k}.`) : [`${prefix}${k}`],
    );
  const mirrored = new Set([...flatten(defaultSettings, 'haGuide.'), 'haGuide.trace.server']);
  // Settings only the client uses (the preview's) are read in client/src/config.ts.
  const clientOnly = (key: string) => clientSource.includes(`'${key.slice('haGuide.'.length)}'`);
  for (const key of declared) {
    assert.ok(mirrored.has(key) || clientOnly(key), `${key} is declared but neither in Settings nor read by the client`);
    assert.ok(readme.includes(key), `${key} is not in the README`);
  }
  for (const key of mirrored) assert.ok(declared.includes(key), `${key} is in Settings but not declared`);
});

test('the activation event is the built-in reStructuredText language', () => {
  assert.ok(pkg.activationEvents.includes('onLanguage:restructuredtext'));
  assert.ok(pkg.activationEvents.includes('onLanguage:dot'));
  assert.equal(pkg.main, './dist/extension.js');
  assert.equal(pkg.bin['ha-guide'], 'dist/cli.js');
});

test('every diagnostic code is documented in the README with its default severity', () => {
  for (const [code, info] of [...allCodes(), ...Object.entries(DOT_CODES)]) {
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${code}\` |`));
    assert.ok(row, `${code} has no row in the README's table of codes`);
    assert.ok(row.includes(info.severity), `${code}: README row does not say ${info.severity}`);
  }
});
