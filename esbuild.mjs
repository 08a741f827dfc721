// Bundles the extension (client), the language server, the CLI, the Graphviz worker and the webview script;
// and the web extension (dist/web/: client, server and Graphviz worker for vscode.dev's web worker host).
// `node esbuild.mjs --watch` rebuilds on change; `--package` for the packaged extension (the client and the
// webview minified, see below); `--minify` minifies every bundle; `--outdir DIR` writes the bundles there
// instead of dist/.
//
// The packaged language server, command line and workers are not minified: a fresh server's first diagnostics
// on the seed guide came 10 ms later from the minified server (medians 28.0-29.4 ms instead of 18.2-18.5 with its
// code cache, series of 17-25 interleaved starts; the same with the unminified Graphviz worker beside it, and
// about 4 ms later again with the minified worker). A minified bundle only saves bytes of the package.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { asciiComments } from './scripts/asciiBundle.mjs';
import { checkWebBundle, outputBytes, WEB_SERVER_MAX_BYTES } from './scripts/webBundleCheck.mjs';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');
const packaged = process.argv.includes('--package');
const outArg = process.argv.indexOf('--outdir');
const out = outArg > 0 ? process.argv[outArg + 1] : 'dist';
/**
 * Every bundle all ASCII, so that Node and V8 hold its text as one-byte strings (scripts/asciiBundle.mjs): after
 * each build and each rebuild of `--watch` (esbuild has written the files when `onEnd` runs).
 */
const asciiOutput = {
  name: 'ascii-output',
  setup(build) {
    build.onEnd((result) => {
      for (const file of Object.keys(result.metafile?.outputs ?? {}).filter((f) => f.endsWith('.js'))) {
        const { code, replaced, outside } = asciiComments(fs.readFileSync(file, 'utf8'));
        // esbuild leaves a regular expression's characters as written: such a bundle still runs, as two-byte text.
        if (outside.length) console.warn(`${file}: a character other than ASCII outside a comment, at offset ${outside[0]} (write it as a \\u escape)`);
        if (replaced) fs.writeFileSync(file, code);
      }
    });
  },
};
const common = { bundle: true, sourcemap: true, minify, logLevel: 'warning', legalComments: 'linked', metafile: true, plugins: [asciiOutput] };
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
const web = { ...common, minify: true, platform: 'browser', target: 'es2022', plugins: [webSwaps, asciiOutput], outdir: path.join(out, 'web') };

/** @type {esbuild.BuildOptions[]} */
const builds = [
  { ...node, minify: minify || packaged, entryPoints: { extension: 'client/src/extension.ts' }, outdir: out, external: ['vscode'] },
  { ...node, entryPoints: { server: 'server/src/startup/serverEntry.ts', serverMain: 'server/src/main.ts', cli: 'server/src/cli/entry.ts', cliMain: 'server/src/cli/main.ts', lintWorker: 'server/src/cli/lintWorker.ts' }, outdir: out },
];
if (fs.existsSync('server/src/graphviz/worker.ts')) {
  builds.push({ ...node, entryPoints: { graphvizWorker: 'server/src/graphviz/worker.ts' }, outdir: out });
}
if (fs.existsSync('client/webview/main.ts')) {
  builds.push({ ...common, minify: minify || packaged, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: { webview: 'client/webview/main.ts' }, outdir: out });
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
  fs.chmodSync(path.join(out, 'cli.js'), 0o755);
  // The metafiles stay beside the bundles (not packaged), for the unit test that reads them again.
  for (const [i, r] of results.slice(builds.length).entries()) {
    fs.writeFileSync(`${out}/web/${Object.keys(webBuilds[i].entryPoints)[0]}.meta.json`, JSON.stringify(r.metafile));
  }
  const problems = results.slice(builds.length).flatMap((r) => checkWebBundle(r.metafile));
  const serverBytes = outputBytes(results[builds.length + 1].metafile, 'server');
  if (serverBytes === undefined || serverBytes > WEB_SERVER_MAX_BYTES) problems.push(`dist/web/server.js is ${serverBytes} bytes, more than ${WEB_SERVER_MAX_BYTES}`);
  if (problems.length) {
    console.error(`The web extension's bundles would reach Node at run time:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
}
