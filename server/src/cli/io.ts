/** Where a command of `ha-guide` writes: the process's streams, or a test's buffers (the CLI runs in process). */
export interface CliIo {
  stdout: { write(s: string): unknown };
  /** `isTTY`: a terminal, where `lint` may show its progress. */
  stderr: { write(s: string): unknown; isTTY?: boolean };
}
