// Bundles the extension (client), the language server, the CLI, the Graphviz worker and the webview script;
// and the web extension (dist/web/: client, server and Graphviz worker for vscode.dev's web worker host).
// `node esbuild.mjs --watch` rebuilds on change; `--minify` for the packaged extension.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { checkWebBundle, outputBytes, WEB_SERVER_MAX_BYTES } from './scripts/webBundleCheck.mjs';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');
const common = { bundle: true, sourcemap: true, minify, logLevel: 'warning', legalComments: 'linked' };
const node = { ...common, platform: 'node', target: 'node20', format: 'cjs' };


/**
 * The modules the web build puts in the place of Node-only ones: the client's language client (IPC to a Node
 * process) by the web one (a web worker), and the two `node:` helpers the shared code uses for `file:` paths.
 */
const webSwaps = {
  name: 'web-swaps',
  setup(build) {
    const to = (p) => ({ path: path.resolve(p) });
    build.onResolve({ filter: /^\.\/languageClient$/ }, (a) => (a.importer.endsWith(path.join('client', 'src', 'extension.ts')) ? to('client/src/browser/languageClient.ts') : undefined));
    build.onResolve({ filter: /^node:path$/ }, (a) => (a.importer.includes(path.join('client', 'src')) ? to('client/src/browser/path.ts') : undefined));
    build.onResolve({ filter: /^node:url$/ }, () => to('server/src/browser/url.ts'));
  },
};
// Always minified: these are what a browser downloads (the source maps keep them debuggable).
const web = { ...common, minify: true, platform: 'browser', target: 'es2022', metafile: true, plugins: [webSwaps], outdir: 'dist/web' };

/** @type {esbuild.BuildOptions[]} */
const builds = [
  { ...node, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...node, entryPoints: { server: 'server/src/startup/serverEntry.ts', serverMain: 'server/src/main.ts', cli: 'server/src/cli/entry.ts', cliMain: 'server/src/cli/main.ts', lintWorker: 'server/src/cli/lintWorker.ts' }, outdir: 'dist' },
];
if (fs.existsSync('server/src/graphviz/worker.ts')) {
  builds.push({ ...node, entryPoints: { graphvizWorker: 'server/src/graphviz/worker.ts' }, outdir: 'dist' });
}
if (fs.existsSync('client/webview/main.ts')) {
  builds.push({ ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: { webview: 'client/webview/main.ts' }, outdir: 'dist' });
}
const webBuilds = [
  { ...web, format: 'cjs', entryPoints: { extension: 'client/src/extension.ts' }, external: ['vscode'] },
  { ...web, format: 'iife', entryPoints: { server: 'server/src/browser/main.ts' } },
  { ...web, format: 'iife', entryPoints: { graphvizWorker: 'server/src/browser/graphvizWorker.ts' } },
];

if (watch) {
  for (const b of [...builds, ...webBuilds]) (await esbuild.context(b)).watch();
} else {
  const results = await Promise.all([...builds, ...webBuilds].map((b) => esbuild.build(b)));
  fs.chmodSync('dist/cli.js', 0o755);
  // The metafiles stay beside the bundles (not packaged), for the unit test that reads them again.
  for (const [i, r] of results.slice(builds.length).entries()) {
    fs.writeFileSync(`dist/web/${Object.keys(webBuilds[i].entryPoints)[0]}.meta.json`, JSON.stringify(r.metafile));
  }
  const problems = results.slice(builds.length).flatMap((r) => checkWebBundle(r.metafile));
  const serverBytes = outputBytes(results[builds.length + 1].metafile, 'server');
  if (serverBytes === undefined || serverBytes > WEB_SERVER_MAX_BYTES) problems.push(`dist/web/server.js is ${serverBytes} bytes, more than ${WEB_SERVER_MAX_BYTES}`);
  if (problems.length) {
    console.error(`The web extension's bundles would reach Node at run time:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
}
