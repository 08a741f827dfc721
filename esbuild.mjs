// Bundles the extension (client), the language server, the CLI, the Graphviz worker and the webview script.
// `node esbuild.mjs --watch` rebuilds on change; `--minify` for the packaged extension.
import * as esbuild from 'esbuild';
import fs from 'node:fs';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');
const common = { bundle: true, sourcemap: true, minify, logLevel: 'warning', legalComments: 'linked' };
const node = { ...common, platform: 'node', target: 'node20', format: 'cjs' };

/** @type {esbuild.BuildOptions[]} */
const builds = [
  { ...node, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...node, entryPoints: { server: 'server/src/main.ts', cli: 'server/src/cli/main.ts', lintWorker: 'server/src/cli/lintWorker.ts' }, outdir: 'dist' },
];
if (fs.existsSync('server/src/graphviz/worker.ts')) {
  builds.push({ ...node, entryPoints: { graphvizWorker: 'server/src/graphviz/worker.ts' }, outdir: 'dist' });
}
if (fs.existsSync('client/webview/main.ts')) {
  builds.push({ ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: { webview: 'client/webview/main.ts' }, outdir: 'dist' });
}

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  fs.chmodSync('dist/cli.js', 0o755);
}
