// dist/server.js: starts the language server (dist/serverMain.js, built from ../main.ts) with its V8 flags and
// a V8 code cache of its compiled functions, so that a new server's first checks do not wait for the compiler
// (codeCache.ts).
import path from 'node:path';
import v8 from 'node:v8';
import { runWithCodeCache } from './codeCache';
import { V8_SERVER_FLAGS } from '../protocol/v8Flags';

// Before the bundle is compiled: the code cache is written and read under the same flags.
v8.setFlagsFromString(V8_SERVER_FLAGS);
runWithCodeCache(path.join(__dirname, 'serverMain.js'));
