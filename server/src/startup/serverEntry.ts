// dist/server.js: starts the language server (dist/serverMain.js, built from ../main.ts) with a V8 code cache
// of its compiled functions, so that a new server's first checks do not wait for the compiler (codeCache.ts).
import path from 'node:path';
import { runWithCodeCache } from './codeCache';

runWithCodeCache(path.join(__dirname, 'serverMain.js'));
