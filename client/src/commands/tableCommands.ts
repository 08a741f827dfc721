import * as vscode from 'vscode';
import { ServerCommands, type TableEditAnswer, type TableEditArgs } from '../../../server/src/protocol/requests';

/** The table commands of the palette: each asks the server to work on the table at the cursor. */
const COMMANDS: [string, TableEditArgs['op']][] = [
  ['haGuide.formatTable', 'format'],
  ['haGuide.convertToGridTable', 'toGrid'],
  ['haGuide.convertToSimpleTable', 'toSimple'],
  ['haGuide.convertToListTable', 'toList'],
  ['haGuide.tableAddColumn', 'addColumn'],
  ['haGuide.tableAddRow', 'addRow'],
  ['haGuide.tableRemoveColumn', 'removeColumn'],
  ['haGuide.tableRemoveRow', 'removeRow'],
];

/**
 * Registers the table commands. The server reads, writes and checks the table and applies the edit (or
 * shows why the table was left alone); the client only says where the cursor is.
 */
export function registerTableCommands(): vscode.Disposable[] {
  return COMMANDS.map(([id, op]) =>
    vscode.commands.registerCommand(id, async (): Promise<TableEditAnswer | undefined> => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== 'restructuredtext') {
        void vscode.window.showInformationMessage('HA Guide: open a reStructuredText file and put the cursor in a table.');
        return undefined;
      }
      const args: TableEditArgs = { uri: editor.document.uri.toString(), position: editor.selection.active, op };
      try {
        return await vscode.commands.executeCommand<TableEditAnswer>(ServerCommands.tableEdit, args);
      } catch (e) {
        void vscode.window.showWarningMessage(`HA Guide: the table command failed: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    }),
  );
}
