import {
  CodeActionKind,
  type Connection,
  type InitializeParams,
  type PublishDiagnosticsParams,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerHost } from './host';
import type { ILogger } from './logger';
import { defaultSettings } from './protocol/settings';
import { Methods, ServerCommands, type LogParams } from './protocol/requests';
import { createConversions } from './lsp/convert';
import { registerDocumentChecks } from './lsp/documentChecks';
import { createWrappers, type GlueState } from './lsp/glue';
import { registerNavigationHandlers } from './lsp/navigation';
import { isObject, isString } from './lsp/params';
import { applyChanges } from './lsp/textSync';
import { UriSpellings } from './lsp/uriSpelling';
import { createDiskReader, registerWorkspaceHandlers } from './lsp/workspace';
import { ORGANIZE_TARGETS_KIND } from './features/organizeTargets';

export { applyChanges, describeError } from './lsp/textSync';

/**
 * LSP glue only: look the document up, call the language service, convert offsets to positions. This is the
 * composition root: it owns the documents, the settings and the service, and wires the glue's parts
 * (server/src/lsp/) to the connection.
 */
export function startServer(connection: Connection, host: ServerHost, spellings: UriSpellings = new UriSpellings()): ILogger {
  const documents = new TextDocuments<TextDocument>({
    create: (uri, languageId, version, text) => TextDocument.create(uri, languageId, version, typeof text === 'string' ? text : ''),
    update: (doc, changes, version) => applyChanges(doc, changes, version, (m) => logger.error(m)),
  });
  let settingsRead!: () => void;
  const state: GlueState = {
    settings: defaultSettings,
    settingsRead: new Promise<void>((resolve) => (settingsRead = resolve)),
    folders: [],
    canPullConfig: false,
    canWatch: false,
    canProgress: false,
    canFolders: false,
  };
  const levels = ['error', 'warning', 'info', 'debug'] as const;
  const log = (level: LogParams['level'], message: string) => {
    if (levels.indexOf(level) <= levels.indexOf(state.settings.server.logLevel)) {
      void connection.sendNotification(Methods.log, { level, message } satisfies LogParams);
    }
  };
  const logger: ILogger = {
    error: (m) => log('error', m),
    warn: (m) => log('warning', m),
    info: (m) => log('info', m),
    debug: (m) => log('debug', m),
  };

  /** Diagnostics of a document, named as the client spelled it. */
  function sendDiagnostics(p: PublishDiagnosticsParams) {
    void connection.sendDiagnostics(spellings.outgoing(p));
  }
  // Every handler goes through these: failures answer an LSP error or are logged, cancellation is honoured.
  const { request, notification } = createWrappers(logger, spellings);
  const workspace = host.workspace;
  const service = host.createService({ logger, settings: () => state.settings, graphvizTimeoutMs: () => state.settings.graphviz.timeoutMs });
  const convert = createConversions({ documents, service, readFile: (uri) => workspace.readFile(uri) });
  const indexFromDisk = createDiskReader({ host, documents, service });
  // The open documents' checks and the closed files' problems; its didClose listener is the first.
  const checks = registerDocumentChecks({ documents, service, state, logger, notification, toLsp: convert.toLsp, sendDiagnostics, indexFromDisk });
  /**
   * Settles when the first indexing of the workspace folders ends: requests that need other files (definition,
   * references, rename, hover, workspace symbols, quick fixes) wait for it, so an early Ctrl+click lands.
   */
  let indexed!: () => void;
  const initialIndex = new Promise<void>((r) => (indexed = r));

  connection.onInitialize(request('initialize', isObject, (params: InitializeParams) => {
    state.canFolders = !!params.capabilities.workspace?.workspaceFolders;
    state.canPullConfig = !!params.capabilities.workspace?.configuration;
    state.canWatch = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    // The client reports every file change: existence checks are kept until the next report.
    workspace.keepFileChecks(state.canWatch);
    state.canProgress = !!params.capabilities.window?.workDoneProgress;
    state.folders = (Array.isArray(params.workspaceFolders) ? params.workspaceFolders : []).map((f: unknown) => (isObject(f) ? f.uri : undefined)).filter(isString);
    if (!state.folders.length && isString(params.rootUri)) state.folders = [params.rootUri];
    workspace.setFolders(state.folders);
    if (!state.folders.length) indexed();
    // A client that never sends `initialized` (nor answers for its settings) still gets diagnostics, with the
    // defaults. (In a web worker a timer is a number, with no `unref`.)
    const fallback: unknown = setTimeout(settingsRead, 10_000);
    (fallback as { unref?: () => void }).unref?.();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['`', ':', '<', '|', '/', '.', ' ', '[', '=', ',', '"'] },
        documentSymbolProvider: { label: 'reStructuredText' },
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        documentLinkProvider: { resolveProvider: false },
        selectionRangeProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.RefactorExtract, ORGANIZE_TARGETS_KIND] },
        executeCommandProvider: { commands: [ServerCommands.tableEdit] },
        documentOnTypeFormattingProvider: { firstTriggerCharacter: '|' },
        workspace: {
          workspaceFolders: { supported: true, changeNotifications: true },
          // Paths that name a renamed or moved file or folder follow it (any file: images, includes, folders).
          fileOperations: { willRename: { filters: [{ scheme: 'file', pattern: { glob: '**/*' } }] } },
        },
      },
      serverInfo: { name: 'HA Guide Studio' },
    };
  }));

  // Start-up (settings, watchers, the first indexing), reported file changes, settings changes.
  registerWorkspaceHandlers({ connection, host, documents, service, state, logger, notification, checks, indexFromDisk, indexed, settingsRead });
  // The language features, the table commands and the preview (its didClose listener after the checks').
  registerNavigationHandlers({ connection, host, documents, service, state, logger, request, notification, convert, initialIndex, rereads: checks.rereads });

  connection.onShutdown(request('shutdown', () => true, () => service.dispose()));

  documents.listen(connection);
  connection.listen();
  return logger;
}
