/**
 * The open documents' checks and what they publish: the two phases of a version's diagnostics, the adaptive
 * debounce, the re-checks of the documents that use a changed name, the closed files' problems
 * (`haGuide.validate.scope` = `project`), and what opening and closing a document does to both.
 */
import { DiagnosticSeverity, type PublishDiagnosticsParams, type TextDocumentChangeEvent, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ClosedFileDiagnostics } from '../closedFileDiagnostics';
import type { HostLanguageService } from '../hostService';
import { createLanguageService, limitPublished, linesParsedInProcess, type HgDiagnostic } from '../languageService';
import type { ILogger } from '../logger';
import type { Conversions } from './convert';
import type { GlueState, NotificationWrapper } from './glue';
import { later, nextTask, type Scheduled } from '../common/cancel';
import { createWarmUp } from './warmUp';
import { isOtherLanguage, isReleaseNoteDocument } from './documentKinds';
import { noteKind } from '../features/releaseNotes';

/**
 * A check that took less than this (ms) is cheap enough to run on every keystroke without a debounce: one frame.
 * A wait shorter than that would only delay the answer (at 4 ms, a check that a collection pause took to 5 ms
 * made the next keystroke wait 5 ms more: nova's scheduling.rst in 10,000 files, p90 11.6-15.6 ms against
 * 10.0-11.7 ms), and even a 16 ms check every 100 ms of typing leaves the thread free most of the time.
 */
const CHEAP_CHECK_MS = 16;
const MAX_DEBOUNCE_MS = 5000;

export interface DocumentCheckDeps {
  documents: TextDocuments<TextDocument>;
  service: HostLanguageService;
  state: GlueState;
  logger: ILogger;
  notification: NotificationWrapper;
  toLsp: Conversions['toLsp'];
  /** Publishes diagnostics, named as the client spelled the document. */
  sendDiagnostics(p: PublishDiagnosticsParams): void;
  /** Reads a file's disk text into the index (or drops it when it is gone). */
  indexFromDisk(uri: string): Promise<void>;
}

export interface DocumentChecks {
  /** The closed files' problems. */
  readonly closed: ClosedFileDiagnostics;
  /** Disk reads of documents just closed, which requests answering with places in other documents wait for. */
  readonly rereads: ReadonlySet<Promise<void>>;
  /** Checks a document after `delay` ms (a later call for the same document replaces an earlier one). */
  schedule(doc: TextDocument, delay: number): void;
  /** Other files changed what a document's references resolve to: check the open documents again (soon). */
  revalidateAll(closedToo?: boolean): void;
}

/** Creates the checks and registers didChange, didOpen and didClose (this didClose listener before any other). */
export function registerDocumentChecks({ documents, service, state, logger, notification, toLsp, sendDiagnostics, indexFromDisk }: DocumentCheckDeps): DocumentChecks {
  /** Documents just closed whose disk text is being read back into the index (how many reads each). */
  const rereading = new Map<string, number>();
  // haGuide.validate.scope = project: the closed files' problems, checked in the background.
  const closed = new ClosedFileDiagnostics({
    service,
    settings: () => state.settings,
    // A file just closed counts as open until the index holds its disk text again (else it would be checked
    // as the editor's last indexed buffer, a text that exists nowhere once the editor has closed it).
    isOpen: (uri) => !!documents.get(uri) || rereading.has(uri),
    publish: (uri, doc, diagnostics) => sendDiagnostics({ uri, diagnostics: doc ? diagnostics.map((d) => toLsp(doc, d)) : [] }),
    logger,
  });
  const timers = new Map<string, Scheduled>();
  // A fresh server's parser and checks are optimised on the first document's text while the user reads it
  // (lsp/warmUp.ts); the scratch service is dropped with the warm-up.
  let scratch: ReturnType<typeof createLanguageService> | undefined;
  const warmUp = createWarmUp({
    check(text, version) {
      scratch ??= createLanguageService({ settings: () => state.settings });
      return scratch.computeFastDiagnostics({ uri: 'untitled:ha-guide-warm-up.rst', version, getText: () => text });
    },
    linesParsed: linesParsedInProcess,
    log: (m) => logger.debug(m),
  });

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

  async function validate(doc: TextDocument) {
    if (doc.languageId === 'python') return; // a conf.py open for its hover: nothing to check as RST
    await state.settingsRead;
    // A release note, or a file under releasenotes/notes that reno ignores (a `.rst` there outside every Sphinx project).
    if (isReleaseNoteDocument(doc) || (noteKind(doc.uri) === 'ignored' && !service.projects.project(doc.uri))) {
      // A release note: its YAML and its notes, in one synchronous pass (a note file is small). The other notes of
      // its folder (nova has 1,174) are read once, in slices, after a first publish without what needs them.
      const publish = (diagnostics: HgDiagnostic[]) => {
        if (documents.get(doc.uri)?.version === doc.version) sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: limitPublished(diagnostics).map((d) => toLsp(doc, d)) });
      };
      if (!state.settings.validate.enable) return publish([]);
      const known = service.notesKnown(doc.uri);
      publish(service.computeReleaseNoteDiagnostics(doc, false));
      if (known) return;
      await service.readNotes(doc.uri);
      if (documents.get(doc.uri)?.version === doc.version && state.settings.validate.enable) publish(service.computeReleaseNoteDiagnostics(doc));
      return;
    }
    if (!state.settings.validate.enable) {
      sendDiagnostics({ uri: doc.uri, diagnostics: [] });
      return;
    }
    const version = doc.version;
    // Two checks of one version may overlap (an edit of the document that includes it, then a save of a file
    // it reads): only the latest started publishes, so an older one, resumed later, never overwrites it.
    const run = (runs.get(doc.uri) ?? 0) + 1;
    runs.set(doc.uri, run);
    const latest = () => runs.get(doc.uri) === run;
    try {
      const t0 = performance.now();
      // Two phases: everything that needs no layout at once, then Graphviz's verdicts when the layouts end.
      // Each is published only while its version is still the document's (a slow layout never overwrites
      // what a newer version said).
      if (doc.languageId !== 'dot') {
        const fast = await service.computeFastDiagnostics(doc);
        costs.set(doc.uri, performance.now() - t0);
        recheckUsers(doc.uri, version);
        const now = documents.get(doc.uri);
        if (!now || now.version !== version || !latest()) return;
        const published = limitPublished(fast).map((d) => toLsp(doc, d));
        sendDiagnostics({ uri: doc.uri, version, diagnostics: published });
        void warmUp.offer(doc.getText())?.finally(() => (scratch = undefined));
        if (!service.hasLayouts(doc)) {
          // Nothing to lay out: the complete phase would compute the same list again (the workspace checks
          // included: nothing ran in between). It is published again, as the version's complete answer.
          sendDiagnostics({ uri: doc.uri, version, diagnostics: published });
          publishToolProblems(doc.uri);
          return;
        }
        // The connection writes a message on a later turn of the event loop: let the first phase reach the
        // client before the second phase's work, and skip that work when a newer version came meanwhile.
        await nextTask();
        if (documents.get(doc.uri)?.version !== version || !latest()) return;
      }
      const diagnostics = doc.languageId === 'dot' ? await service.computeDotFileDiagnostics(doc) : await service.computeDiagnostics(doc);
      if (doc.languageId === 'dot') costs.set(doc.uri, performance.now() - t0);
      const current = documents.get(doc.uri);
      if (!current || current.version !== version || !latest()) return; // a newer version, or a newer check, is on its way
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
   * documents whose checks looked at one of them are checked again, and so are the open files read as part of
   * the edited document; the others are left alone.
   */
  function recheckUsers(changedUri: string, version: number) {
    const changes = service.index.takeChanges();
    const named = changes === 'all' || changes.size > 0;
    if (named) closed.changed(changes);
    // A file read as part of the edited document (`part.inc`) uses its substitutions and targets, which the
    // index does not list as names: it is checked again once for each new version of that document (not when
    // the document is only checked again itself: two such files of one document would check each other forever).
    const edited = versionsSeen.get(changedUri) !== version;
    versionsSeen.set(changedUri, version);
    if (!named && !edited) return;
    for (const d of documents.all()) {
      if (d.uri === changedUri || d.languageId === 'dot' || isOtherLanguage(d)) continue;
      if ((named && service.usesAny(d.uri, changes)) || (edited && service.hostRead(d.uri) === changedUri)) schedule(d, delayFor(d.uri));
    }
  }
  /** The version of each open document whose edit `recheckUsers` has passed on. */
  const versionsSeen = new Map<string, number>();

  /** The number of the latest check started for each open document (`validate`). */
  const runs = new Map<string, number>();
  /** How long the last check of each document took (ms): the debounce adapts to it. */
  const costs = new Map<string, number>();
  /**
   * The debounce after a keystroke: none while the document's last check took under a frame
   * (the diagnostics keep up with typing), else twice that cost, at most `haGuide.validate.debounceMs`; a
   * document whose check takes longer than that (hundreds of kilobytes, thousands of problems) waits as long
   * as its last check took (at most 5 s), so that requests (hover, completion) get the thread half the time.
   * The first check of a document is immediate.
   */
  function delayFor(uri: string): number {
    const cost = costs.get(uri);
    if (cost === undefined || cost < CHEAP_CHECK_MS) return 0;
    return Math.min(Math.max(state.settings.validate.debounceMs, Math.round(cost)), Math.round(2 * cost), MAX_DEBOUNCE_MS);
  }

  function schedule(doc: TextDocument, delay: number) {
    timers.get(doc.uri)?.cancel();
    timers.set(doc.uri, later(() => {
      timers.delete(doc.uri);
      void validate(doc);
    }, delay));
  }

  // First check of a document at once, later ones after the adaptive debounce (TextDocuments fires this on open too).
  documents.onDidChangeContent(notification('textDocument/didChange', (e: TextDocumentChangeEvent<TextDocument>) => {
    schedule(e.document, delayFor(e.document.uri));
  }));
  documents.onDidOpen(notification('textDocument/didOpen', (e: TextDocumentChangeEvent<TextDocument>) => closed.fileOpened(e.document.uri)));
  /** Disk reads of documents just closed, which requests answering with places in other documents wait for. */
  const rereads = new Set<Promise<void>>();
  documents.onDidClose(notification('textDocument/didClose', (e: TextDocumentChangeEvent<TextDocument>) => {
    costs.delete(e.document.uri);
    versionsSeen.delete(e.document.uri);
    runs.delete(e.document.uri);
    timers.get(e.document.uri)?.cancel();
    timers.delete(e.document.uri);
    service.close(e.document.uri);
    // A conf.py or a release note is no document of the index: nothing to read back; a note's problems go with it.
    if (isOtherLanguage(e.document)) {
      if (isReleaseNoteDocument(e.document)) sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      return;
    }
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

  return { closed, rereads, schedule, revalidateAll };
}
