/** Custom LSP methods shared by the client and the server. All live under `haGuide/`. */
export const Methods = {
  /** Server -> client: a log line for the output channel at a level. */
  log: 'haGuide/log',
} as const;

export interface LogParams {
  level: 'error' | 'warning' | 'info' | 'debug';
  message: string;
}
