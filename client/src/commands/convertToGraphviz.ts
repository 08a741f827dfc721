import * as vscode from 'vscode';

/**
 * "Convert to Graphviz": applies the server's quick fix for the blockdiag-family directive under the cursor,
 * as one undoable edit. The conversion itself lives in the language server (shared with `ha-guide migrate`).
 */
export async function convertToGraphviz(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'restructuredtext') {
    void vscode.window.showInformationMessage('HA Guide: open a reStructuredText file and put the cursor in a blockdiag, seqdiag, actdiag or nwdiag directive.');
    return;
  }
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    editor.document.uri,
    editor.selection,
    vscode.CodeActionKind.QuickFix.value,
  );
  const action = actions?.find((a) => a.title.startsWith('Convert to Graphviz'));
  if (!action?.edit) {
    void vscode.window.showInformationMessage('HA Guide: no blockdiag-family diagram that can be converted at the cursor (see the Problems panel for why a diagram cannot be read).');
    return;
  }
  await vscode.workspace.applyEdit(action.edit);
}
