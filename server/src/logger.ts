/** The logger the language core is given; the LSP glue and the CLI provide real ones. */
export interface ILogger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export const nullLogger: ILogger = { error() {}, warn() {}, info() {}, debug() {} };
