/**
 * The workspace as the glue keeps it: the start-up after initialize (settings pulled, watchers and folder
 * changes registered), every `.rst` of the workspace folders read into the index, the files the client
 * reports changed, and the settings read again when they change.
 */
import { codeCacheStatus, describeCodeCache } from '../common/codeCacheStatus';
import {
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type TextDocuments,
  type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { globToRegExp } from '../common/glob';
import { EMPTY_SETTLE_MS } from '../common/saveInPlace';
import type { ServerHost } from '../host';
import type { HostLanguageService } from '../hostService';
import type { ILogger } from '../logger';
import { normalizeSettings } from '../protocol/settings';
import type { DocumentChecks } from './documentChecks';
import type { GlueState, NotificationWrapper } from './glue';
import { uris, watchedChanges } from './params';
import { describeError } from './textSync';
import { restSuffixes } from '../common/sourceSuffix';

export interface DiskReaderDeps {
  host: ServerHost;
  documents: TextDocuments<TextDocument>;
  service: HostLanguageService;
}

/**
 * Reads a file's disk text into the index, or drops the file when it is gone; an open buffer wins. `text`,
 * when given, is what the caller has just read.
 */
export function createDiskReader({ host, documents, service }: DiskReaderDeps): (uri: string, text?: string) => Promise<void> {
  let diskVersion = -1;
  return async function indexFromDisk(uri: string, known?: string) {
    // A closed buffer with no file behind it (`untitled:`) or a file gone: no longer part of the workspace.
    const text = known ?? (await host.readText(uri));
    // Opened while the disk was read: the editor's buffer is what the index holds for it now.
    if (documents.get(uri)) return;
    if (text === undefined) service.index.delete(uri);
    else if (uri.endsWith('.md')) service.index.setMarkdown(uri, diskVersion--, text);
    else service.index.set(uri, diskVersion--, text);
  };
}

/**
 * The suffixes the workspace lists: `.rst`; `.md` for the projects that read MyST Markdown; `.txt` and `.rest`
 * for those whose `source_suffix` names them (webob).
 */
const LISTED_SUFFIXES = ['.rst', '.md', '.txt', '.rest'];

/**
 * Whether a listed file is a document the index reads: an `.rst`, or a `.md`, `.txt` or `.rest` of a project
 * whose build reads it.
 */
function indexedDocument(service: DiskReaderDeps['service'], uri: string): boolean {
  const project = service.projects.project(uri);
  if (project?.excluded(uri)) return false;
  if (uri.endsWith('.rst')) return true;
  if (!project) return false;
  if (uri.endsWith('.md')) return project.conf.sourceSuffix.includes('.md');
  return restSuffixes(project.conf.sourceSuffix).some((s) => uri.endsWith(s));
}

export interface WorkspaceDeps extends DiskReaderDeps {
  connection: Connection;
  state: GlueState;
  logger: ILogger;
  notification: NotificationWrapper;
  checks: DocumentChecks;
  /** The reader of {@link createDiskReader}. */
  indexFromDisk(uri: string, text?: string): Promise<void>;
  /** Settles the first indexing (requests that need other files wait for it). */
  indexed(): void;
  /** Settles `state.settingsRead`. */
  settingsRead(): void;
}

/** Registers initialized, didChangeWatchedFiles and didChangeConfiguration (and, at start-up, didChangeWorkspaceFolders). */
export function registerWorkspaceHandlers({ connection, host, documents, service, state, logger, notification, checks, indexFromDisk, indexed, settingsRead }: WorkspaceDeps): void {
  const workspace = host.workspace;
  const closed = checks.closed;

  connection.onInitialized(notification('initialized', () => startUp().finally(indexed)));
  async function startUp() {
    if (state.canPullConfig) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'haGuide' });
    }
    await refreshSettings().finally(settingsRead);
    if (state.canWatch) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.rst' }, { globPattern: '**/conf.py' }, { globPattern: '**/*' }],
      });
    }
    if (state.canFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(notification('workspace/didChangeWorkspaceFolders', (e: WorkspaceFoldersChangeEvent) => {
        const removed = uris(e?.removed);
        state.folders = [...state.folders.filter((f) => !removed.includes(f)), ...uris(e?.added)];
        workspace.setFolders(state.folders);
        for (const r of removed) service.index.deleteUnder(r);
        void indexWorkspace().catch((err) => logger.error(`indexing the workspace failed: ${describeError(err)}`));
      }));
    }
    logger.info('HA Guide language server ready');
    const cacheStatus = codeCacheStatus();
    const codeCache = describeCodeCache(cacheStatus);
    if (codeCache) logger.info(codeCache);
    if (cacheStatus) cacheStatus.onChange = (s) => logger.info(describeCodeCache(s) ?? s.state);
    await indexWorkspace().catch((e) => logger.error(`indexing the workspace failed: ${describeError(e)}`));
  }

  /** Reads every `.rst` of the workspace folders into the index, with progress; open buffers win. */
  async function indexWorkspace() {
    if (!state.folders.length) return;
    const t0 = performance.now();
    let exclude: RegExp[] = [];
    try {
      const ex = (await connection.workspace.getConfiguration('files.exclude')) as Record<string, boolean> | null;
      exclude = Object.entries(ex ?? {}).filter(([, on]) => on).map(([g]) => globToRegExp(g));
    } catch {
      // a client without configuration support: no excludes
    }
    // Documents that conf.py's exclude_patterns leave out are not part of the Sphinx build.
    // Markdown documents of a MyST project count for its labels and toctrees (read first: they are few).
    const listed = (await host.listRstFiles(state.folders, exclude, LISTED_SUFFIXES)).filter((uri) => indexedDocument(service, uri));
    const files = [...listed.filter((uri) => uri.endsWith('.md')), ...listed.filter((uri) => !uri.endsWith('.md'))];
    const progress = state.canProgress ? await connection.window.createWorkDoneProgress() : undefined;
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
    checks.revalidateAll(true);
  }

  /** Documents read empty after a change, waiting to see whether the rest of a save in place follows. */
  const settling = new Map<string, ReturnType<typeof setTimeout>>();

  /**
   * Indexes a changed document's disk text; true when it read empty while the index holds text: then it is
   * indexed only if it stays empty for `EMPTY_SETTLE_MS` (a later event for it cancels the wait).
   */
  async function waitsToSettle(uri: string): Promise<boolean> {
    const text = await host.readText(uri);
    if (text !== '' || !service.index.get(uri)?.text) {
      await indexFromDisk(uri, text);
      return false;
    }
    const timer = setTimeout(() => {
      settling.delete(uri);
      if (documents.get(uri)) return;
      indexFromDisk(uri).then(
        () => {
          closed.fileChanged(uri);
          closed.prune();
          checks.revalidateAll();
        },
        (err) => logger.error(`reading ${uri} failed: ${describeError(err)}`),
      );
    }, EMPTY_SETTLE_MS);
    timer.unref?.();
    settling.set(uri, timer);
    return true;
  }

  connection.onDidChangeWatchedFiles(notification('workspace/didChangeWatchedFiles', async (e: unknown) => {
    let changed = false;
    let confChanged = false;
    const reported = watchedChanges(e, (m) => logger.warn(m));
    for (const c of reported) {
      // A later event for a document waiting to settle decides what it holds.
      const timer = settling.get(c.uri);
      if (timer !== undefined) clearTimeout(timer);
      settling.delete(c.uri);
    }
    if (reported.length) workspace.forgetFiles();
    await workspace.update?.(reported);
    for (const c of reported) {
      // (CMakeLists.txt or meson.build may configure a folder's conf.py from a template: `cmakeConfigured`, `mesonConfigured`.)
      if (c.uri.endsWith('/conf.py') || c.uri.endsWith('/CMakeLists.txt') || c.uri.endsWith('/meson.build')) {
        workspace.invalidate();
        confChanged = true;
      }
      // conf.py, pyproject.toml, an extension module or an included file: the project's knowledge is read again.
      if (service.fileChanged(c.uri)) {
        service.index.reparseAll();
        changed = true;
        continue;
      }
      if (c.uri.endsWith('.md') && (service.index.markdownDoc(c.uri) || indexedDocument(service, c.uri))) {
        // A Markdown document of a MyST project: its labels and toctrees count.
        if (c.type === FileChangeType.Deleted) service.index.delete(c.uri);
        else {
          const text = await host.readText(c.uri);
          await indexFromDisk(c.uri, text);
          // Also a file an RST document includes (`.. include:: README.md`): that copy follows too.
          if (service.index.get(c.uri) && !documents.get(c.uri)) service.reindexIncluded(c.uri, text);
        }
        changed = true;
        continue;
      }
      // A `.txt` or `.rest` document of a project whose source_suffix names it is one like an `.rst`.
      const rstDocument = c.uri.endsWith('.rst') || (/\.(txt|rest)$/.test(c.uri) && indexedDocument(service, c.uri));
      if (!rstDocument && service.index.get(c.uri)) {
        // A file that a document includes, or a Python module it documents: its labels count (an open buffer wins).
        // Saved while open, it is still read from disk by the documents that include it, as the build reads it:
        // they, and the files read as their part (a sibling `.inc`), are checked again.
        if (documents.get(c.uri)) {
          changed = true;
          continue;
        }
        service.reindexIncluded(c.uri, c.type === FileChangeType.Deleted ? undefined : await host.readText(c.uri));
        changed = true;
        continue;
      }
      if (!rstDocument) {
        // Other files matter only by existing or not (images, includes, folders moved): a plain change of
        // their content never changes a diagnostic, so it does not re-check the open documents.
        if (c.type === FileChangeType.Changed) continue;
        if (c.type === FileChangeType.Deleted) service.index.deleteUnder(c.uri);
        else if (await host.isDirectory(c.uri)) {
          for (const f of await host.listRstFiles([c.uri], [], LISTED_SUFFIXES)) if (indexedDocument(service, f)) await indexFromDisk(f);
        }
        changed = true;
        continue;
      }
      if (documents.get(c.uri)) continue; // the open buffer wins
      if (c.type === FileChangeType.Deleted) service.index.delete(c.uri);
      else if (c.type !== FileChangeType.Changed) await indexFromDisk(c.uri);
      else if (await waitsToSettle(c.uri)) continue;
      closed.fileChanged(c.uri);
      changed = true;
    }
    // A conf.py that now loads a Markdown parser (or no longer does): the `.md` documents of the workspace follow.
    if (confChanged) {
      await refreshMarkdown();
      changed = true;
    }
    if (changed) {
      closed.prune();
      checks.revalidateAll();
    }
  }));

  /** Indexes the `.md` documents of the projects that now read them, and drops those of projects that no longer do. */
  async function refreshMarkdown(): Promise<void> {
    for (const m of [...service.index.markdownDocs()]) if (!indexedDocument(service, m.uri)) service.index.delete(m.uri);
    for (const uri of await host.listRstFiles(state.folders, [], ['.md'])) {
      if (!service.index.markdownDoc(uri) && indexedDocument(service, uri)) await indexFromDisk(uri);
    }
  }

  async function refreshSettings() {
    if (!state.canPullConfig) return;
    try {
      state.settings = normalizeSettings(await connection.workspace.getConfiguration('haGuide'));
    } catch (e) {
      logger.warn(`could not read settings: ${String(e)}`);
    }
  }

  connection.onDidChangeConfiguration(notification('workspace/didChangeConfiguration', async (change: { settings?: { haGuide?: unknown } } | null) => {
    if (state.canPullConfig) await refreshSettings();
    else state.settings = normalizeSettings(change?.settings?.haGuide);
    for (const doc of documents.all()) checks.schedule(doc, 0);
    closed.checkAll();
  }));
}
