import * as vscode from 'vscode';

/** Typed access to the `haGuide.*` settings the client itself reads. */
export const config = {
  logLevel(): string {
    return vscode.workspace.getConfiguration('haGuide').get<string>('server.logLevel', 'info');
  },
};

/** Settings whose change needs a server restart (none today: the server pulls the rest). */
export const restartSettings: string[] = [];
