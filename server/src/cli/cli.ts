import { LINT_USAGE, lintCommand } from './lint';
import { migrate } from './migrate';
import { PREVIEW_USAGE, RENDER_USAGE } from './usage';

import type { CliIo } from './io';

export type { CliIo } from './io';

const USAGE = `usage: ha-guide <command> [options]

commands:
${LINT_USAGE}  migrate <file|dir>... [--write]           convert blockdiag-family diagrams to graphviz (diff by default)
${RENDER_USAGE}${PREVIEW_USAGE}
exit codes: 0 no error, 1 at least one error, 2 bad usage or unreadable input
`;

/** The `ha-guide` command. Returns the exit code; never calls process.exit (testable in process). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    (command ? io.stdout : io.stderr).write(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'lint') return lintCommand(rest, io, USAGE);
  if (command === 'migrate') return migrate(rest, io);
  // Loaded when asked for: the preview's HTTP server, MIME table and highlighter cost every other command
  // their start-up (about 20 ms of a one-file lint).
  if (command === 'render') return (await import('./render.js')).renderCommand(rest, io);
  if (command === 'preview') return (await import('./preview.js')).previewCommand(rest, io);
  io.stderr.write(`ha-guide: unknown command "${command}"\n\n${USAGE}`);
  return 2;
}

export type { LintRecord } from './lintTask';
