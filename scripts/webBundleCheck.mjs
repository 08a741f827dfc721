// The web bundles (dist/web/) run in vscode.dev's web worker extension host and in web workers: no Node
// module may be reached at run time. `checkWebBundle` reads an esbuild metafile and lists every import of a
// Node built-in (`fs`, `node:fs`, ...), every module a package's "browser" field disabled in its place (it would
// be an empty object at run time) and every external other than `vscode`; esbuild.mjs fails the build on any.
import { builtinModules } from 'node:module';

/** The largest web server bundle (bytes) we ship: vscode.dev downloads it on every start of the extension. */
export const WEB_SERVER_MAX_BYTES = 1.5 * 1024 * 1024;

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Problems of one bundle's metafile (empty when it reaches no Node module). */
export function checkWebBundle(metafile, allowedExternal = ['vscode']) {
  const problems = [];
  for (const [file, input] of Object.entries(metafile.inputs)) {
    for (const imp of input.imports) {
      // `path` is what the import resolved to (a module esbuild.mjs swapped in is a file of ours); `original`, as written.
      const p = imp.original ?? imp.path;
      if (builtins.has(imp.path) || imp.path.startsWith('node:')) problems.push(`${file} imports the Node module '${p}'`);
      else if (imp.path.startsWith('(disabled):')) problems.push(`${file} imports '${p}', which the browser build replaces with nothing`);
      else if (imp.external && !allowedExternal.includes(imp.path)) problems.push(`${file} leaves '${p}' to be loaded at run time`);
    }
  }
  return problems;
}

/** The size of a bundle's output in bytes (its .js, not the source map). */
export function outputBytes(metafile, name) {
  const out = Object.entries(metafile.outputs).find(([f]) => f.endsWith(`/${name}.js`));
  return out ? out[1].bytes : undefined;
}
