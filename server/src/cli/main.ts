#!/usr/bin/env node
import v8 from 'node:v8';
import { V8_FLAGS } from '../protocol/v8Flags';
import { runCli } from './cli';

// The flags of every process that keeps trees and checks documents again (protocol/v8Flags.ts).
v8.setFlagsFromString(V8_FLAGS);

// `ha-guide lint` runs the parser and the checks once over each file and exits. V8 optimises a function once
// about 67 KB of its bytecode has run (its default `--interrupt-budget`): in a run this short, compiling that
// early costs more than the optimised code saves (the compiler's thread also takes a core from the Graphviz
// worker). With seven times the budget the corpus's 284 files are checked in 1.17 s instead of 1.50 s
// (medians of six runs), and a 10,000-file tree as fast as before. The flag is the whole process's, so the
// lint worker threads have it too; the preview server (a long-running process) keeps V8's default.
if (process.argv[2] === 'lint') v8.setFlagsFromString('--interrupt-budget=500000');

// A closed pipe (`ha-guide lint . | head`) ends the output quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`ha-guide: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  },
);
