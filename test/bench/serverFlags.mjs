// The V8 flags VS Code's client starts the language server with (`execArgv`, from
// server/src/protocol/v8Flags.ts): a bench that starts dist/server.js itself starts it the same way, so that
// its figures are those of the server a user runs (the young generation's size is fixed as a process starts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const source = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'server', 'src', 'protocol', 'v8Flags.ts');

/** `V8_START_FLAGS`, read from the source the client is built from. */
export async function serverStartFlags() {
  const { code } = await esbuild.transform(fs.readFileSync(source, 'utf8'), { loader: 'ts', format: 'esm' });
  const flags = (await import(`data:text/javascript,${encodeURIComponent(code)}`)).V8_START_FLAGS;
  if (!Array.isArray(flags) || !flags.every((f) => typeof f === 'string' && f.startsWith('--'))) throw new Error(`no V8_START_FLAGS in ${source}`);
  return [...flags];
}
