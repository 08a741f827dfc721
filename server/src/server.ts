import {
  type Connection,
  type Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { HgDiagnostic } from './languageService';
import { createNodeLanguageService } from './nodeService';
import type { ILogger } from './logger';
import { defaultSettings, normalizeSettings, type Settings } from './protocol/settings';
import { Methods, type LogParams } from './protocol/requests';

const severityMap = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

/** LSP glue only: look the document up, call the language service, convert offsets to positions. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
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
  const service = createNodeLanguageService({ logger, settings: () => settings });
  const timers = new Map<string, NodeJS.Timeout>();

  connection.onInitialize((params) => {
    canPullConfig = !!params.capabilities.workspace?.configuration;
    return {
      capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } },
      serverInfo: { name: 'HA Guide Studio' },
    };
  });

  connection.onInitialized(async () => {
    if (canPullConfig) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'haGuide' });
    }
    await refreshSettings();
    logger.info('HA Guide language server ready');
  });

  async function refreshSettings() {
    if (!canPullConfig) return;
    try {
      settings = normalizeSettings(await connection.workspace.getConfiguration('haGuide'));
    } catch (e) {
      logger.warn(`could not read settings: ${String(e)}`);
    }
  }

  connection.onDidChangeConfiguration(async (change) => {
    if (canPullConfig) await refreshSettings();
    else settings = normalizeSettings(change.settings?.haGuide);
    for (const doc of documents.all()) schedule(doc, 0);
  });

  function toLsp(doc: TextDocument, d: HgDiagnostic): Diagnostic {
    return {
      range: { start: doc.positionAt(d.start), end: doc.positionAt(d.end) },
      severity: severityMap[d.severity],
      code: d.code,
      source: d.source,
      message: d.message,
      relatedInformation: d.related?.map((r) => ({
        location: { uri: r.uri ?? doc.uri, range: { start: doc.positionAt(r.start), end: doc.positionAt(r.end) } },
        message: r.message,
      })),
      data: d.data,
    };
  }

  async function validate(doc: TextDocument) {
    if (!settings.validate.enable) {
      void connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
      return;
    }
    const version = doc.version;
    try {
      const t0 = performance.now();
      const diagnostics = await service.computeDiagnostics(doc);
      const current = documents.get(doc.uri);
      if (!current || current.version !== version) return; // a newer version is on its way
      logger.debug(`diagnostics for ${doc.uri} v${version}: ${diagnostics.length} in ${(performance.now() - t0).toFixed(1)} ms`);
      void connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: diagnostics.map((d) => toLsp(doc, d)) });
    } catch (e) {
      logger.error(`validation failed for ${doc.uri}: ${e instanceof Error ? e.stack : String(e)}`);
    }
  }

  function schedule(doc: TextDocument, delay: number) {
    clearTimeout(timers.get(doc.uri));
    timers.set(doc.uri, setTimeout(() => {
      timers.delete(doc.uri);
      void validate(doc);
    }, delay));
  }

  // First check of a document at once, later ones after the debounce (TextDocuments fires this on open too).
  const checked = new Set<string>();
  documents.onDidChangeContent((e) => {
    schedule(e.document, checked.has(e.document.uri) ? settings.validate.debounceMs : 0);
    checked.add(e.document.uri);
  });
  documents.onDidClose((e) => {
    checked.delete(e.document.uri);
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    service.close(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  documents.listen(connection);
  connection.listen();
}
