/**
 * The table commands over LSP (features/tables/): a refactor code action per operation on a table, the
 * `haGuide.server.tableEdit` command that applies one as a minimal edit (or says why the table was left alone),
 * and realignment as `|` is typed (onTypeFormatting).
 */
import { CodeActionKind, MessageType, ShowMessageNotification, type CodeAction, type Connection, type Position, type Range, type TextDocumentPositionParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { minimalEdits, TABLE_OPERATIONS } from '../features/tables/tableEdit';
import type { LanguageService } from '../languageService';
import { ServerCommands, type TableEditAnswer, type TableEditArgs } from '../protocol/requests';
import type { RequestWrapper } from './glue';
import { atPosition, isObject, isPosition, isString } from './params';

export interface TableHandlerDeps {
  connection: Connection;
  service: LanguageService;
  rstDoc(uri: string): TextDocument | undefined;
  toRange(uri: string, start: number, end: number): Range;
  request: RequestWrapper;
}

/** Registers the command and the on-type formatting; returns the code actions offered at a position. */
export function registerTableHandlers({ connection, service, rstDoc, toRange, request }: TableHandlerDeps): { actions(doc: TextDocument, position: Position): CodeAction[] } {
  const TABLE_TITLES: Record<TableEditArgs['op'], string> = {
    format: 'Format table',
    toGrid: 'Convert to grid table',
    toSimple: 'Convert to simple table',
    toList: 'Convert to list-table',
    addColumn: 'Add column',
    addRow: 'Add row',
    removeColumn: 'Remove column',
    removeRow: 'Remove row',
  };
  function tableActions(doc: TextDocument, position: Position): CodeAction[] {
    if (!service.onTable(doc, doc.offsetAt(position))) return [];
    return TABLE_OPERATIONS.map((op) => ({
      title: TABLE_TITLES[op],
      kind: CodeActionKind.RefactorRewrite,
      command: { title: TABLE_TITLES[op], command: ServerCommands.tableEdit, arguments: [{ uri: doc.uri, position, op } satisfies TableEditArgs] },
    }));
  }
  const validTableArgs = (a: unknown) => isObject(a) && isString(a.uri) && isPosition(a.position) && (TABLE_OPERATIONS as readonly unknown[]).includes(a.op);
  const validCommand = (p: unknown) => isObject(p) && p.command === ServerCommands.tableEdit && Array.isArray(p.arguments) && validTableArgs(p.arguments[0]);
  connection.onExecuteCommand(request('workspace/executeCommand', validCommand, async (p: { arguments?: unknown[] }): Promise<TableEditAnswer> => {
    const { uri, position, op } = p.arguments![0] as TableEditArgs;
    const doc = rstDoc(uri);
    const r = doc ? service.tableEdit(doc, doc.offsetAt(position), op) : { message: 'The table commands work in an open reStructuredText document.' };
    if ('message' in r) {
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `HA Guide: ${r.message}` });
      return { applied: false, message: r.message };
    }
    const edits = minimalEdits(doc!.getText(), r.edit).map((e) => ({ range: toRange(uri, e.start, e.end), newText: e.newText }));
    if (!edits.length) return { applied: true };
    const done = await connection.workspace.applyEdit({ label: TABLE_TITLES[op], edit: { documentChanges: [{ textDocument: { uri, version: doc!.version }, edits }] } });
    return done.applied ? { applied: true } : { applied: false, message: done.failureReason ?? 'The editor did not apply the edit (the document changed meanwhile).' };
  }));
  connection.onDocumentOnTypeFormatting(request('textDocument/onTypeFormatting', atPosition, ({ textDocument, position }: TextDocumentPositionParams) => {
    const doc = rstDoc(textDocument.uri);
    if (!doc) return null;
    // A table being typed may be unreadable for a while: then nothing changes and nothing is said.
    const r = service.tableEdit(doc, doc.offsetAt(position), 'format');
    return 'message' in r ? [] : minimalEdits(doc.getText(), r.edit).map((e) => ({ range: toRange(doc.uri, e.start, e.end), newText: e.newText }));
  }));
  return { actions: tableActions };
}
