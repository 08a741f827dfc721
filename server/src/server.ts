import {
  CodeActionKind,
  CompletionItemKind,
  InsertTextFormat,
  type Connection,
  type Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type DocumentSymbol,
  ErrorCodes,
  FileChangeType,
  FoldingRangeKind,
  type Location as LspLocation,
  LSPErrorCodes,
  type Range,
  ResponseError,
  type SelectionRange,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
  type WorkspaceEdit as LspWorkspaceEdit,
  type CodeActionParams,
  type DocumentLinkParams,
  type DocumentSymbolParams,
  type FoldingRangeParams,
  type InitializeParams,
  type ReferenceParams,
  type RenameFilesParams,
  type RenameParams,
  type SelectionRangeParams,
  type TextDocumentChangeEvent,
  type TextDocumentPositionParams,
  type WorkspaceFoldersChangeEvent,
  type WorkspaceSymbolParams,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { limitPublished, type HgDiagnostic } from './languageService';
import type { ServerHost } from './host';
import type { ILogger } from './logger';
import { Cancelled, NEVER_CANCELLED, type CancelToken } from './common/cancel';
import { defaultSettings, normalizeSettings, type Settings } from './protocol/settings';
import { Methods, ServerCommands, type LogParams, type PreviewParams } from './protocol/requests';
import { renderForPreview } from './preview/previewRequest';
import { previewSecurity } from './preview/security';
import type { RstSymbol } from './features/documentSymbols';
import type { Location, WorkspaceEdit } from './features/types';
import { globToRegExp } from './common/glob';
import { buildLineStarts, offsetToPosition } from './rst/lines';
import { ClosedFileDiagnostics } from './closedFileDiagnostics';
import { atPosition, isObject, isPosition, isRange, isString, onDocument, uris, watchedChanges } from './lsp/params';
import { applyChanges, describeError, oneLine } from './lsp/textSync';
import { registerTableHandlers } from './lsp/tables';
import { UriSpellings } from './lsp/uriSpelling';

export { applyChanges, describeError } from './lsp/textSync';

/** A check that took less than this (ms) is cheap enough to run on every keystroke without a debounce. */
const CHEAP_CHECK_MS = 4;

const severityMap = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

/** LSP glue only: look the document up, call the language service, convert offsets to positions. */
export function startServer(connection: Connection, host: ServerHost, spellings: UriSpellings = new UriSpellings()): ILogger {
  const documents = new TextDocuments<TextDocument>({
    create: (uri, languageId, version, text) => TextDocument.create(uri, languageId, version, typeof text === 'string' ? text : ''),
    update: (doc, changes, version) => applyChanges(doc, changes, version, (m) => logger.error(m)),
  });
  let settings: Settings = defaultSettings;
  let canPullConfig = false;
  const levels = ['error', 'warning', 'info', 'debug'] as const;
  const log = (level: LogParams['level'], message: string) => {
    if (levels.indexOf(level) <= levels.indexOf(settings.server.logLevel)) {
      void connection.sendNotification(Methods.log, { level, message } satisfies LogParams);
    }
  };
  const logger: ILogger = {
    error: (m) => log('error', m),
    warn: (m) => log('warning', m),
    info: (m) => log('info', m),
    debug: (m) => log('debug', m),
  };

  /**
   * A request handler that never takes the server down: bad parameters and failures answer an LSP error. The
   * request's cancellation token reaches the handler; a request cancelled before it starts, while it waits or
   * works in slices (`Cancelled`), or before it answers, answers RequestCancelled and its result is dropped.
   */
  /** Diagnostics of a document, named as the client spelled it. */
  function sendDiagnostics(p: PublishDiagnosticsParams) {
    void connection.sendDiagnostics(spellings.outgoing(p));
  }
  function request<P, R>(method: string, valid: (p: unknown) => boolean, handler: (p: P, token: CancelToken) => R | Promise<R>): (p: P, token?: CancelToken) => Promise<R> {
    return async (p: P, token: CancelToken = NEVER_CANCELLED) => {
      if (!valid(p)) throw new ResponseError(ErrorCodes.InvalidParams, `${method}: invalid parameters`);
      const cancelled = (why: string) => {
        logger.debug(`${method} cancelled ${why}`);
        return new ResponseError(LSPErrorCodes.RequestCancelled, `${method} cancelled`);
      };
      if (token.isCancellationRequested) throw cancelled('before it started');
      try {
        const r = await handler(p, token);
        if (token.isCancellationRequested) throw cancelled('after its work (the answer is dropped)');
        return spellings.outgoing(r);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        if (e instanceof Cancelled) throw cancelled(`while it worked: after ${e.done} of ${e.total} documents`);
        logger.error(`${method} failed: ${describeError(e)}`);
        throw new ResponseError(ErrorCodes.InternalError, `${method} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
  }
  /** A notification handler (or event listener) that never takes the server down: failures are logged. */
  function notification<P>(method: string, handler: (p: P) => unknown): (p: P) => void {
    const fail = (e: unknown) => logger.error(`${method} failed: ${describeError(e)}`);
    return (p: P) => {
      try {
        const r = handler(p);
        if (r instanceof Promise) r.catch(fail);
      } catch (e) {
        fail(e);
      }
    };
  }
  const workspace = host.workspace;
  const service = host.createService({ logger, settings: () => settings, graphvizTimeoutMs: () => settings.graphviz.timeoutMs });
  let folders: string[] = [];
  let diskVersion = -1;
  /** Documents just closed whose disk text is being read back into the index (how many reads each). */
  const rereading = new Map<string, number>();
  // haGuide.validate.scope = project: the closed files' problems, checked in the background.
  const closed = new ClosedFileDiagnostics({
    service,
    settings: () => settings,
    // A file just closed counts as open until the index holds its disk text again (else it would be checked
    // as the editor's last indexed buffer, a text that exists nowhere once the editor has closed it).
    isOpen: (uri) => !!documents.get(uri) || rereading.has(uri),
    publish: (uri, doc, diagnostics) => sendDiagnostics({ uri, diagnostics: doc ? diagnostics.map((d) => toLsp(doc, d)) : [] }),
    logger,
  });
  const timers = new Map<string, NodeJS.Timeout>();
  /**
   * Settles when the first indexing of the workspace folders ends: requests that need other files (definition,
   * references, rename, hover, workspace symbols, quick fixes) wait for it, so an early Ctrl+click lands.
   */
  let indexed!: () => void;
  const initialIndex = new Promise<void>((r) => (indexed = r));

  let canWatch = false;
  let canProgress = false;
  let canFolders = false;
  connection.onInitialize(request('initialize', isObject, (params: InitializeParams) => {
    canFolders = !!params.capabilities.workspace?.workspaceFolders;
    canPullConfig = !!params.capabilities.workspace?.configuration;
    canWatch = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    // The client reports every file change: existence checks are kept until the next report.
    workspace.keepFileChecks(canWatch);
    canProgress = !!params.capabilities.window?.workDoneProgress;
    folders = (Array.isArray(params.workspaceFolders) ? params.workspaceFolders : []).map((f: unknown) => (isObject(f) ? f.uri : undefined)).filter(isString);
    if (!folders.length && isString(params.rootUri)) folders = [params.rootUri];
    workspace.setFolders(folders);
    if (!folders.length) indexed();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['`', ':', '<', '|', '/', '.', ' ', '[', '=', ',', '"'] },
        documentSymbolProvider: { label: 'reStructuredText' },
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        documentLinkProvider: { resolveProvider: false },
        selectionRangeProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
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

  connection.onInitialized(notification('initialized', () => startUp().finally(indexed)));
  async function startUp() {
    if (canPullConfig) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'haGuide' });
    }
    await refreshSettings();
    if (canWatch) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.rst' }, { globPattern: '**/conf.py' }, { globPattern: '**/*' }],
      });
    }
    if (canFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(notification('workspace/didChangeWorkspaceFolders', (e: WorkspaceFoldersChangeEvent) => {
        const removed = uris(e?.removed);
        folders = [...folders.filter((f) => !removed.includes(f)), ...uris(e?.added)];
        workspace.setFolders(folders);
        for (const r of removed) service.index.deleteUnder(r);
        void indexWorkspace().catch((err) => logger.error(`indexing the workspace failed: ${describeError(err)}`));
      }));
    }
    logger.info('HA Guide language server ready');
    await indexWorkspace().catch((e) => logger.error(`indexing the workspace failed: ${describeError(e)}`));
  }

  /** Reads every `.rst` of the workspace folders into the index, with progress; open buffers win. */
  async function indexWorkspace() {
    if (!folders.length) return;
    const t0 = performance.now();
    let exclude: RegExp[] = [];
    try {
      const ex = (await connection.workspace.getConfiguration('files.exclude')) as Record<string, boolean> | null;
      exclude = Object.entries(ex ?? {}).filter(([, on]) => on).map(([g]) => globToRegExp(g));
    } catch {
      // a client without configuration support: no excludes
    }
    // Documents that conf.py's exclude_patterns leave out are not part of the Sphinx build.
    const files = (await host.listRstFiles(folders, exclude)).filter((uri) => !service.projects.project(uri)?.excluded(uri));
    const progress = canProgress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('HA Guide: indexing reStructuredText files', 0, `0 of ${files.length}`, false);
    for (let i = 0; i < files.length; i++) {
      const uri = files[i];
      if (!documents.get(uri)) await indexFromDisk(uri);
      if (i % 50 === 49) {
        progress?.report(Math.round((100 * i) / files.length), `${i + 1} of ${files.length}`);
        await host.yieldToEvents(); // keep answering requests while a large tree indexes
      }
    }
    progress?.done();
    logger.info(`indexed ${files.length} reStructuredText files in ${(performance.now() - t0).toFixed(0)} ms`);
    closed.prune();
    revalidateAll(true);
  }

  async function indexFromDisk(uri: string) {
    // A closed buffer with no file behind it (`untitled:`) or a file gone: no longer part of the workspace.
    const text = await host.readText(uri);
    // Opened while the disk was read: the editor's buffer is what the index holds for it now.
    if (documents.get(uri)) return;
    if (text === undefined) service.index.delete(uri);
    else service.index.set(uri, diskVersion--, text);
  }

  let revalidateTimer: NodeJS.Timeout | undefined;
  /** Other files changed what a document's references resolve to: check the open documents again. */
  let checkAllClosed = false;
  function revalidateAll(closedToo = false) {
    clearTimeout(revalidateTimer);
    checkAllClosed ||= closedToo;
    revalidateTimer = setTimeout(() => {
      const changes = service.index.takeChanges(); // every open document is checked again
      if (checkAllClosed) closed.checkAll();
      else closed.changed(changes);
      checkAllClosed = false;
      for (const doc of documents.all()) schedule(doc, 0);
    }, 300);
  }

  connection.onDidChangeWatchedFiles(notification('workspace/didChangeWatchedFiles', async (e: unknown) => {
    let changed = false;
    const reported = watchedChanges(e, (m) => logger.warn(m));
    if (reported.length) workspace.forgetFiles();
    await workspace.update?.(reported);
    for (const c of reported) {
      if (c.uri.endsWith('/conf.py')) workspace.invalidate();
      // conf.py, pyproject.toml, an extension module or an included file: the project's knowledge is read again.
      if (service.fileChanged(c.uri)) {
        service.index.reparseAll();
        changed = true;
        continue;
      }
      if (!c.uri.endsWith('.rst') && service.index.get(c.uri)) {
        // A file that a document includes: its labels count.
        if (c.type === FileChangeType.Deleted) service.index.delete(c.uri);
        else await indexFromDisk(c.uri);
        changed = true;
        continue;
      }
      if (!c.uri.endsWith('.rst')) {
        // Other files matter only by existing or not (images, includes, folders moved): a plain change of
        // their content never changes a diagnostic, so it does not re-check the open documents.
        if (c.type === FileChangeType.Changed) continue;
        if (c.type === FileChangeType.Deleted) service.index.deleteUnder(c.uri);
        else if (await host.isDirectory(c.uri)) {
          for (const f of await host.listRstFiles([c.uri], [])) await indexFromDisk(f);
        }
        changed = true;
        continue;
      }
      if (documents.get(c.uri)) continue; // the open buffer wins
      if (c.type === FileChangeType.Deleted) service.index.delete(c.uri);
      else await indexFromDisk(c.uri);
      closed.fileChanged(c.uri);
      changed = true;
    }
    if (changed) {
      closed.prune();
      revalidateAll();
    }
  }));

  async function refreshSettings() {
    if (!canPullConfig) return;
    try {
      settings = normalizeSettings(await connection.workspace.getConfiguration('haGuide'));
    } catch (e) {
      logger.warn(`could not read settings: ${String(e)}`);
    }
  }

  connection.onDidChangeConfiguration(notification('workspace/didChangeConfiguration', async (change: { settings?: { haGuide?: unknown } } | null) => {
    if (canPullConfig) await refreshSettings();
    else settings = normalizeSettings(change?.settings?.haGuide);
    for (const doc of documents.all()) schedule(doc, 0);
    closed.checkAll();
  }));

  function toLsp(doc: TextDocument, d: HgDiagnostic): Diagnostic {
    return {
      range: { start: doc.positionAt(d.start), end: doc.positionAt(d.end) },
      severity: severityMap[d.severity],
      code: d.code,
      source: d.source,
      message: d.message,
      relatedInformation: d.related?.map((r) => ({
        location: r.uri && r.uri !== doc.uri ? { uri: r.uri, range: toIndexedRange(r.uri, r.start, r.end) } : { uri: doc.uri, range: { start: doc.positionAt(r.start), end: doc.positionAt(r.end) } },
        message: r.message,
      })),
      data: d.data,
    };
  }

  async function validate(doc: TextDocument) {
    if (doc.languageId === 'python') return; // a conf.py open for its hover: nothing to check as RST
    if (!settings.validate.enable) {
      sendDiagnostics({ uri: doc.uri, diagnostics: [] });
      return;
    }
    const version = doc.version;
    try {
      const t0 = performance.now();
      // Two phases: everything that needs no layout at once, then Graphviz's verdicts when the layouts end.
      // Each is published only while its version is still the document's (a slow layout never overwrites
      // what a newer version said).
      if (doc.languageId !== 'dot') {
        const fast = await service.computeFastDiagnostics(doc);
        costs.set(doc.uri, performance.now() - t0);
        recheckUsers(doc.uri);
        const now = documents.get(doc.uri);
        if (!now || now.version !== version) return;
        sendDiagnostics({ uri: doc.uri, version, diagnostics: limitPublished(fast).map((d) => toLsp(doc, d)) });
      }
      const diagnostics = doc.languageId === 'dot' ? await service.computeDotFileDiagnostics(doc) : await service.computeDiagnostics(doc);
      if (doc.languageId === 'dot') costs.set(doc.uri, performance.now() - t0);
      const current = documents.get(doc.uri);
      if (!current || current.version !== version) return; // a newer version is on its way
      // Published even when the layouts changed nothing: the second publish of a version says "complete".
      logger.debug(`diagnostics for ${doc.uri} v${version}: ${diagnostics.length} in ${(performance.now() - t0).toFixed(1)} ms`);
      sendDiagnostics({ uri: doc.uri, version, diagnostics: limitPublished(diagnostics).map((d) => toLsp(doc, d)) });
      publishToolProblems(doc.uri);
    } catch (e) {
      logger.error(`validation failed for ${doc.uri}: ${e instanceof Error ? e.stack : String(e)}`);
    }
  }

  /** `[tool.ha-guide]` problems of the pyproject.toml that applies to a document, shown on that file (once per read). */
  const toolPublished = new Map<string, unknown>();
  function publishToolProblems(docUri: string) {
    const { tool, uri } = service.projects.tool(docUri);
    if (!tool || !uri || toolPublished.get(uri) === tool) return;
    toolPublished.set(uri, tool);
    sendDiagnostics({
      uri,
      diagnostics: tool.problems.map((p) => ({
        range: { start: { line: p.line, character: p.column }, end: { line: p.line, character: p.column + 1 } },
        severity: DiagnosticSeverity.Error,
        code: 'project.config-error',
        source: 'sphinx',
        message: `${p.message} (the defaults are used)`,
      })),
    });
  }

  /**
   * A document's edit changed names of the index (labels, terms, toctrees, documents): the other open
   * documents whose checks looked at one of them are checked again; the others are left alone.
   */
  function recheckUsers(changedUri: string) {
    const changes = service.index.takeChanges();
    if (changes !== 'all' && !changes.size) return;
    closed.changed(changes);
    for (const d of documents.all()) {
      if (d.uri === changedUri || d.languageId === 'dot' || d.languageId === 'python') continue;
      if (service.usesAny(d.uri, changes)) schedule(d, delayFor(d.uri));
    }
  }

  /** How long the last check of each document took (ms): the debounce adapts to it. */
  const costs = new Map<string, number>();
  const MAX_DEBOUNCE_MS = 5000;
  /**
   * The debounce after a keystroke: none while the document's last check took under a few milliseconds
   * (the diagnostics keep up with typing), else twice that cost, at most `haGuide.validate.debounceMs`; a
   * document whose check takes longer than that (hundreds of kilobytes, thousands of problems) waits as long
   * as its last check took (at most 5 s), so that requests (hover, completion) get the thread half the time.
   * The first check of a document is immediate.
   */
  function delayFor(uri: string): number {
    const cost = costs.get(uri);
    if (cost === undefined || cost < CHEAP_CHECK_MS) return 0;
    return Math.min(Math.max(settings.validate.debounceMs, Math.round(cost)), Math.round(2 * cost), MAX_DEBOUNCE_MS);
  }

  function schedule(doc: TextDocument, delay: number) {
    clearTimeout(timers.get(doc.uri));
    timers.set(doc.uri, setTimeout(() => {
      timers.delete(doc.uri);
      void validate(doc);
    }, delay));
  }

  // First check of a document at once, later ones after the adaptive debounce (TextDocuments fires this on open too).
  documents.onDidChangeContent(notification('textDocument/didChange', (e: TextDocumentChangeEvent<TextDocument>) => {
    schedule(e.document, delayFor(e.document.uri));
  }));
  documents.onDidOpen(notification('textDocument/didOpen', (e: TextDocumentChangeEvent<TextDocument>) => closed.fileOpened(e.document.uri)));
  /** Disk reads of documents just closed, which a rename must wait for, and their URIs. */
  const rereads = new Set<Promise<void>>();
  documents.onDidClose(notification('textDocument/didClose', (e: TextDocumentChangeEvent<TextDocument>) => {
    costs.delete(e.document.uri);
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    service.close(e.document.uri);
    // With scope `project` the file's problems stay listed, checked again as it is on disk.
    if (!closed.enabled) sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    // The disk version replaces the closed buffer in the index (or the file is gone).
    const uri = e.document.uri;
    rereading.set(uri, (rereading.get(uri) ?? 0) + 1);
    const done = () => {
      const n = (rereading.get(uri) ?? 1) - 1;
      if (n > 0) rereading.set(uri, n);
      else rereading.delete(uri);
    };
    const reread = indexFromDisk(uri).finally(done).then(() => {
      if (documents.get(e.document.uri)) return; // opened again meanwhile: its own checks publish
      if (!service.index.get(e.document.uri)) sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      closed.fileClosed(e.document.uri);
      revalidateAll();
    });
    rereads.add(reread);
    void reread.finally(() => rereads.delete(reread));
  }));

  // ---------------------------------------------------------------------------------------------
  // Navigation: look the document up, call the service, convert offsets to positions.
  // ---------------------------------------------------------------------------------------------

  function toRange(uri: string, start: number, end: number): Range {
    const open = documents.get(uri);
    if (open) return { start: open.positionAt(start), end: open.positionAt(end) };
    const zero = { line: 0, character: 0 };
    if (!service.index.get(uri)) {
      // A file that is neither open nor indexed (pyproject.toml for a quick fix): its text on disk.
      const text = workspace.readFile(uri);
      if (text !== undefined) {
        const starts = buildLineStarts(text);
        return { start: offsetToPosition(starts, start), end: offsetToPosition(starts, end) };
      }
    }
    return { start: service.index.position(uri, start) ?? zero, end: service.index.position(uri, end) ?? zero };
  }
  /**
   * A range in another document as a check saw it: the index's text of that document, which the check's offsets
   * were computed against (an open document typed in since may be ahead of it until its own check indexes it).
   */
  function toIndexedRange(uri: string, start: number, end: number): Range {
    const a = service.index.position(uri, start);
    const b = service.index.position(uri, end);
    return a && b ? { start: a, end: b } : toRange(uri, start, end);
  }
  function toLspLocation(l: Location): LspLocation {
    return { uri: l.uri, range: toRange(l.uri, l.start, l.end) };
  }
  function toLspEdit(edit: WorkspaceEdit): LspWorkspaceEdit {
    return {
      changes: Object.fromEntries(Object.entries(edit).map(([uri, edits]) => [uri, edits.map((e) => ({ range: toRange(uri, e.start, e.end), newText: e.newText }))])),
    };
  }
  function symbolKind(k: RstSymbol['kind']): SymbolKind {
    return k === 'section' ? SymbolKind.String : k === 'diagram' ? SymbolKind.Object : k === 'cluster' ? SymbolKind.Namespace : SymbolKind.Key;
  }
  function toDocumentSymbol(doc: TextDocument, s: RstSymbol): DocumentSymbol {
    return {
      name: s.name || '(untitled)',
      detail: s.detail,
      kind: symbolKind(s.kind),
      range: { start: doc.positionAt(s.range.start), end: doc.positionAt(s.range.end) },
      selectionRange: { start: doc.positionAt(s.selection.start), end: doc.positionAt(s.selection.end) },
      children: s.children.map((c) => toDocumentSymbol(doc, c)),
    };
  }
  const completionKinds = {
    label: CompletionItemKind.Reference,
    document: CompletionItemKind.File,
    directive: CompletionItemKind.Keyword,
    option: CompletionItemKind.Property,
    role: CompletionItemKind.Function,
    substitution: CompletionItemKind.Variable,
    target: CompletionItemKind.Reference,
    attribute: CompletionItemKind.Property,
    value: CompletionItemKind.EnumMember,
    color: CompletionItemKind.Color,
    node: CompletionItemKind.Variable,
    keyword: CompletionItemKind.Keyword,
    file: CompletionItemKind.File,
    folder: CompletionItemKind.Folder,
  } as const;

  /**
   * An open document the language features work on: reStructuredText or DOT. A project's conf.py is open
   * only for its hover (what could not be read statically).
   */
  const docOf = (uri: string) => {
    const d = documents.get(uri);
    return d && d.languageId !== 'python' ? d : undefined;
  };
  /**
   * Cross-file answers (workspace symbols, references, rename, definition) convert offsets of other open
   * documents with those documents' current text: index them as they are now (a no-op when unchanged), so an
   * edit not yet checked never yields ranges from an older version.
   */
  function syncOpenDocuments() {
    for (const d of documents.all()) if (d.languageId !== 'dot' && d.languageId !== 'python') service.indexDocument(d);
    return service;
  }
  /** The open documents indexed, then what workspace-wide features read of every document, in cancellable slices. */
  async function prepareWorkspace(method: string, token: CancelToken) {
    logger.debug(`${method}: reading the entries of the workspace's documents`);
    await syncOpenDocuments().prepareWorkspace(token);
  }
  /** Links, selection ranges and quick fixes apply to reStructuredText documents only. */
  const rstDoc = (uri: string) => {
    const d = documents.get(uri);
    return d && d.languageId !== 'dot' && d.languageId !== 'python' ? d : undefined;
  };
  /** The other navigation features: the RST ones (DOT inside diagrams included), or the DOT ones for a `.dot` document. */
  const nav = (doc: TextDocument) => (doc.languageId === 'dot' ? service.dotFile : service);
  connection.onDefinition(request('textDocument/definition', atPosition, async ({ textDocument, position }: TextDocumentPositionParams) => {
    await initialIndex;
    syncOpenDocuments();
    const doc = docOf(textDocument.uri);
    return doc ? nav(doc).definition(doc, doc.offsetAt(position)).map(toLspLocation) : null;
  }));
  connection.onReferences(request('textDocument/references', (p) => atPosition(p) && isObject((p as { context?: unknown }).context), async ({ textDocument, position, context }: ReferenceParams, token) => {
    await initialIndex;
    await prepareWorkspace('textDocument/references', token);
    const doc = docOf(textDocument.uri);
    return doc ? nav(doc).references(doc, doc.offsetAt(position), !!context.includeDeclaration).map(toLspLocation) : null;
  }));
  connection.onPrepareRename(request('textDocument/prepareRename', atPosition, async ({ textDocument, position }: TextDocumentPositionParams, token) => {
    await initialIndex;
    await prepareWorkspace('textDocument/prepareRename', token);
    const doc = docOf(textDocument.uri);
    const r = doc && nav(doc).prepareRename(doc, doc.offsetAt(position));
    if (!doc || !r) return null;
    if ('error' in r) throw new ResponseError(LSPErrorCodes.RequestFailed, r.error);
    return { range: toRange(doc.uri, r.start, r.end), placeholder: r.placeholder };
  }));
  connection.onRenameRequest(request('textDocument/rename', (p) => atPosition(p) && isString((p as { newName?: unknown }).newName), async ({ textDocument, position, newName }: RenameParams, token) => {
    await initialIndex;
    await prepareWorkspace('textDocument/rename', token);
    const doc = docOf(textDocument.uri);
    const r = doc && nav(doc).rename(doc, doc.offsetAt(position), newName);
    if (!doc || !r) return null;
    if ('error' in r) throw new ResponseError(LSPErrorCodes.RequestFailed, r.error);
    return toLspEdit(r.changes);
  }));
  connection.onHover(request('textDocument/hover', atPosition, async ({ textDocument, position }: TextDocumentPositionParams) => {
    if (documents.get(textDocument.uri)?.languageId !== 'python') await initialIndex;
    if (documents.get(textDocument.uri)?.languageId === 'python') {
      service.projects.project(textDocument.uri); // read the project of this conf.py if nothing has yet
      const notes = service.projects.notesFor(textDocument.uri).filter((n) => n.line === position.line);
      return notes.length ? { contents: { kind: 'markdown' as const, value: notes.map((n) => `HA Guide Studio read this file without running it: ${n.message}`).join('\n\n') } } : null;
    }
    const doc = docOf(textDocument.uri);
    const h = doc && nav(doc).hover(doc, doc.offsetAt(position));
    return doc && h ? { contents: { kind: 'markdown' as const, value: h.contents }, range: toRange(doc.uri, h.start, h.end) } : null;
  }));
  connection.onCompletion(request('textDocument/completion', atPosition, ({ textDocument, position }: TextDocumentPositionParams) => {
    const doc = docOf(textDocument.uri);
    if (!doc) return null;
    const offset = doc.offsetAt(position);
    return nav(doc).completion(doc, offset).map((c) => ({
      label: c.label,
      kind: completionKinds[c.kind],
      detail: c.detail,
      documentation: c.documentation === undefined ? undefined : { kind: 'markdown' as const, value: c.documentation },
      textEdit: { range: oneLine(toRange(doc.uri, c.replaceStart, offset)), newText: c.insertText },
      insertTextFormat: c.snippet ? InsertTextFormat.Snippet : undefined,
      sortText: c.sortText,
      preselect: c.preselect || undefined,
      labelDetails: c.labelDescription === undefined ? undefined : { description: c.labelDescription },
      command: c.retrigger ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
    }));
  }));
  connection.onDocumentSymbol(request('textDocument/documentSymbol', onDocument, ({ textDocument }: DocumentSymbolParams) => {
    const doc = docOf(textDocument.uri);
    return doc ? nav(doc).documentSymbols(doc).map((s) => toDocumentSymbol(doc, s)) : null;
  }));
  connection.onWorkspaceSymbol(request('workspace/symbol', (p) => isObject(p) && isString(p.query), async ({ query }: WorkspaceSymbolParams) =>
    (await initialIndex, syncOpenDocuments()).workspaceSymbols(query).map((s) => ({
      name: s.name,
      kind: s.kind === 'section' ? SymbolKind.String : SymbolKind.Key,
      location: toLspLocation(s.location),
      containerName: s.container,
    })),
  ));
  connection.onFoldingRanges(request('textDocument/foldingRange', onDocument, ({ textDocument }: FoldingRangeParams) => {
    const doc = docOf(textDocument.uri);
    return doc ? nav(doc).foldingRanges(doc).map((r) => ({ startLine: r.startLine, endLine: r.endLine, kind: r.kind === 'comment' ? FoldingRangeKind.Comment : undefined })) : null;
  }));
  connection.onDocumentLinks(request('textDocument/documentLink', onDocument, ({ textDocument }: DocumentLinkParams) => {
    const doc = rstDoc(textDocument.uri);
    return doc ? service.documentLinks(doc).map((l) => ({ range: toRange(doc.uri, l.start, l.end), target: l.target, tooltip: l.tooltip })) : null;
  }));
  const validSelection = (p: unknown) => onDocument(p) && Array.isArray((p as { positions?: unknown }).positions) && (p as { positions: unknown[] }).positions.every(isPosition);
  connection.onSelectionRanges(request('textDocument/selectionRange', validSelection, ({ textDocument, positions }: SelectionRangeParams) => {
    const doc = rstDoc(textDocument.uri);
    if (!doc) return null;
    return service.selectionRanges(doc, positions.map((p) => doc.offsetAt(p))).map((spans) =>
      spans.reduceRight<SelectionRange | undefined>((parent, s) => ({ range: toRange(doc.uri, s.start, s.end), parent }), undefined) ?? { range: { start: positions[0], end: positions[0] } },
    );
  }));
  const validCodeAction = (p: unknown) => onDocument(p) && isObject(p) && isRange(p.range) && isObject(p.context) && Array.isArray(p.context.diagnostics);
  connection.onCodeAction(request('textDocument/codeAction', validCodeAction, async ({ textDocument, context, range }: CodeActionParams) => {
    await initialIndex;
    const doc = rstDoc(textDocument.uri);
    if (!doc) return null;
    const ours = context.diagnostics.filter((d) => isObject(d) && isRange(d.range) && typeof d.code === 'string' && /^(rst|dot|sphinx)\./.test(d.code));
    const actions = service.codeActions(
      doc,
      ours.map((d) => ({ code: String(d.code), message: d.message, start: doc.offsetAt(d.range.start), end: doc.offsetAt(d.range.end), data: d.data as Record<string, unknown> | undefined })),
      { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) },
    );
    const fixes = actions.map((a) => ({
      title: a.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: a.fixes >= 0 ? [ours[a.fixes]] : undefined,
      isPreferred: a.isPreferred,
      edit: toLspEdit(a.edit),
    }));
    return [...fixes, ...tables.actions(doc, range.start)];
  }));
  // Tables (features/tables/): the commands, their code actions and realignment as `|` is typed.
  const tables = registerTableHandlers({ connection, service, rstDoc, toRange, request });
  const validRenames = (p: unknown) => isObject(p) && Array.isArray(p.files) && p.files.every((f) => isObject(f) && isString(f.oldUri) && isString(f.newUri));
  connection.workspace.onWillRenameFiles(request('workspace/willRenameFiles', validRenames, async ({ files }: RenameFilesParams) => {
    await initialIndex;
    await Promise.all(rereads); // a buffer just closed: its disk text, not the closed buffer's
    const r = syncOpenDocuments().fileRenameEdits(files);
    for (const s of r.skipped) logger.warn(`${s.uri}: ${s.reason}; left as written`);
    return Object.keys(r.changes).length ? toLspEdit(r.changes) : null;
  }));
  // Live preview: the document rendered as HTML + SVG (one parse, the diagnostics' Graphviz cache).
  const previewRenderer = host.createPreviewRenderer(service);
  const validPreview = (p: unknown) =>
    isObject(p) && isString(p.uri) && (p.text === undefined || isString(p.text)) && (p.waitMs === undefined || typeof p.waitMs === 'number') && (p.security === undefined || isString(p.security));
  connection.onRequest(
    Methods.preview,
    request(Methods.preview, validPreview, (p: PreviewParams) =>
      renderForPreview(service, previewRenderer, documents.get(p.uri), p, { resolveResource: host.previewResourcePolicy(folders, p.uri, previewSecurity(p.security)) }),
    ),
  );
  documents.onDidClose(notification('textDocument/didClose', (e: TextDocumentChangeEvent<TextDocument>) => previewRenderer.forget(e.document.uri)));

  connection.onShutdown(request('shutdown', () => true, () => service.dispose()));

  documents.listen(connection);
  connection.listen();
  return logger;
}

