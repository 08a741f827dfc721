#!/usr/bin/env node
// dist/cli.js, the `ha-guide` command: sets the V8 flags of the command, starts the Graphviz worker ahead for
// the commands that lay diagrams out (graphviz/prestart.ts), and runs the command line's bundle
// (dist/cliMain.js, built from ./main.ts) with a V8 code cache of its compiled functions (startup/codeCache.ts),
// so that neither the thread's start nor the bundle's compilation waits for the other.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { DIAGRAM_DIRECTIVE, prestartGraphvizWorker } from '../graphviz/prestart';
import { DEFAULT_MEMORY_LIMIT_MB } from '../graphviz/queue';
import { V8_FLAGS, V8_SERVER_FLAGS } from '../protocol/v8Flags';
import { runWithCodeCache } from '../startup/codeCache';

const command = process.argv[2];
/** Files of a `lint` command line looked into for a diagram before the bundle runs, and their largest size. */
const SCAN_FILES = 64;
const SCAN_BYTES = 4 * 1024 * 1024;

// `ha-guide lint` runs the parser and the checks once over each file and exits. V8 optimises a function once
// about 67 KB of its bytecode has run (its default `--interrupt-budget`): in a run this short, compiling that
// early costs more than the optimised code saves (the compiler's thread also takes a core from the Graphviz
// worker). With seven times the budget the corpus's 284 files are checked in 1.17 s instead of 1.50 s
// (medians of six runs), and a 10,000-file tree as fast as before. The flag is the whole process's, so the
// lint worker threads have it too; the preview server (a long-running process) keeps V8's default, and
// compiles from the first call as the language server does (V8_SERVER_FLAGS).
const flags = command === 'lint' ? `${V8_FLAGS} --interrupt-budget=500000` : command === 'preview' ? V8_SERVER_FLAGS : V8_FLAGS;
// Before the bundle is compiled: the code cache is written and read under the same flags.
v8.setFlagsFromString(flags);

// The worker would start only once the bundle is compiled and the documents read (about 200 ms into the run);
// it then took as long again to start and compile Graphviz's wasm before the first layout. On a machine with
// one core the two would only take turns, so it is started ahead only where another core can take it; and for
// `lint`, only when a directory or a file holding a diagram is named: a worker nobody needs costs a run of one
// file without diagrams a fifth of its time (the thread is ended at exit).
if ((command === 'preview' || command === 'render' || (command === 'lint' && mayLayOut(process.argv.slice(3)))) && os.availableParallelism() > 1) {
  void prestartGraphvizWorker(path.join(__dirname, 'graphvizWorker.js'), DEFAULT_MEMORY_LIMIT_MB);
}

runWithCodeCache(path.join(__dirname, 'cliMain.js'), { flags });

/**
 * Whether `ha-guide lint` with these arguments may lay a diagram out: a folder, or one of the first files named
 * (a pre-commit hook names every changed file; the scan reads at most {@link SCAN_FILES} of them) with a diagram.
 */
function mayLayOut(args: string[]): boolean {
  let scanned = 0;
  return args.some((a) => {
    if (a.startsWith('-') || scanned >= SCAN_FILES) return false;
    try {
      const st = fs.statSync(a, { throwIfNoEntry: false });
      if (st?.isDirectory()) return true;
      if (!st?.isFile() || st.size > SCAN_BYTES) return false;
      scanned++;
      return DIAGRAM_DIRECTIVE.test(fs.readFileSync(a, 'utf8'));
    } catch {
      return false; // the command says what is wrong with it
    }
  });
}
