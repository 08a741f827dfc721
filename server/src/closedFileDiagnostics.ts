import { TextDocument } from 'vscode-languageserver-textdocument';
import { limitPublished, type HgDiagnostic, type LanguageService } from './languageService';
import type { ILogger } from './logger';
import type { Settings } from './protocol/settings';
import { nextTask } from './common/cancel';

/** One background slice works at most this long (ms) before giving the event loop back (at least one file). */
const SLICE_MS = 8;

export interface ClosedFileHost {
  service: Pick<LanguageService, 'index' | 'projects' | 'usesAny' | 'computeFastDiagnostics'>;
  settings(): Settings;
  /** Whether the editor has the document open (its own checks publish its diagnostics then). */
  isOpen(uri: string): boolean;
  /** Publishes the diagnostics of a closed file (positions from `doc`, its text as indexed). */
  publish(uri: string, doc: TextDocument | undefined, diagnostics: HgDiagnostic[]): void;
  logger: ILogger;
}

/**
 * `haGuide.validate.scope` = `project`: the Problems panel lists the indexed `.rst` files that are not open,
 * each checked as it is on disk (RST, workspace and DOT checks; Graphviz's layout verdicts only once the file
 * is opened). The work runs in the background in slices of a few milliseconds, between which the event loop
 * answers requests and runs the open documents' checks first, so a keystroke never waits for it. A closed
 * file is checked again only when a name its last check looked at changed (`LanguageService.usesAny`), when
 * it changed on disk, or when it was closed; a deleted file's problems are withdrawn.
 */
export class ClosedFileDiagnostics {
  private readonly queue = new Set<string>();
  /** Closed files whose last publish was not empty (a deletion or a scope change withdraws them). */
  private readonly shown = new Set<string>();
  private pendingChanges: Set<string> | 'all' = new Set();
  private running = false;
  private wasActive = false;
  /** Files checked so far (the unit tests count the work a change causes). */
  checked = 0;

  constructor(private readonly host: ClosedFileHost) {}

  /** Whether closed files are being checked (as decided by the last {@link checkAll}). */
  get enabled(): boolean {
    return this.wasActive;
  }

  /** Whether closed files are checked: scope `project` and at most `projectMaxFiles` documents. */
  active(): boolean {
    const s = this.host.settings().validate;
    if (!s.enable || s.scope !== 'project') return false;
    let n = 0;
    for (const f of this.host.service.index.all()) if (this.isDocument(f.uri) && ++n > s.projectMaxFiles) return false;
    return true;
  }

  /** After indexing, or a settings change: check every closed document again (or withdraw all when inactive). */
  checkAll(): void {
    const on = this.active();
    if (!on) {
      if (this.wasActive) this.host.logger.info('closed files are not checked (haGuide.validate.scope, projectMaxFiles)');
      this.wasActive = false;
      this.queue.clear();
      this.pendingChanges = new Set();
      for (const uri of this.shown) this.host.publish(uri, undefined, []);
      this.shown.clear();
      return;
    }
    this.wasActive = true;
    this.pendingChanges = 'all';
    this.pump();
  }

  /**
   * Names of the index changed (`WorkspaceIndex.takeChanges`): the closed documents that looked at one of
   * them are found and checked in the background. Costs the keystroke a set merge.
   */
  changed(changes: Set<string> | 'all'): void {
    if (!this.wasActive) return;
    if (changes === 'all' || this.pendingChanges === 'all') this.pendingChanges = 'all';
    else for (const c of changes) this.pendingChanges.add(c);
    this.pump();
  }

  /** A closed file's text changed on disk, or its editor was closed: check it again. */
  fileChanged(uri: string): void {
    if (!this.wasActive) return;
    this.queue.add(uri);
    this.pump();
  }

  /** The editor closed a file: the problems its buffer had are replaced by those of the file on disk, none included. */
  fileClosed(uri: string): void {
    if (!this.wasActive) return;
    this.shown.add(uri);
    this.fileChanged(uri);
  }

  /** The editor opened a file: its own checks take over. */
  fileOpened(uri: string): void {
    this.queue.delete(uri);
    this.shown.delete(uri);
  }

  /** Files gone from the index (deleted, moved, excluded): their problems are withdrawn. */
  prune(): void {
    for (const uri of [...this.shown]) {
      if (this.host.isOpen(uri)) this.shown.delete(uri);
      else if (!this.host.service.index.get(uri) || !this.isDocument(uri)) {
        this.shown.delete(uri);
        this.queue.delete(uri);
        this.host.publish(uri, undefined, []);
      }
    }
  }

  /** Whether the background work is done (tests wait for it). */
  get idle(): boolean {
    return !this.running && !this.queue.size && this.pendingChanges !== 'all' && !this.pendingChanges.size;
  }

  private isDocument(uri: string): boolean {
    if (!uri.endsWith('.rst')) return false;
    const f = this.host.service.index.get(uri);
    if (!f || f.includedFrom !== undefined) return false;
    return !this.host.service.projects.project(uri)?.excluded(uri);
  }

  private collect(): void {
    const changes = this.pendingChanges;
    if (changes !== 'all' && !changes.size) return;
    this.pendingChanges = new Set();
    for (const f of this.host.service.index.all()) {
      if (this.queue.has(f.uri) || this.host.isOpen(f.uri) || !this.isDocument(f.uri)) continue;
      if (changes === 'all' || this.host.service.usesAny(f.uri, changes)) this.queue.add(f.uri);
    }
  }

  private pump(): void {
    if (this.running) return;
    this.running = true;
    void nextTask().then(() => this.run());
  }

  private async run(): Promise<void> {
    try {
      for (;;) {
        this.collect();
        if (!this.queue.size) break;
        const end = performance.now() + SLICE_MS;
        do {
          const uri = this.queue.values().next().value as string;
          this.queue.delete(uri);
          await this.checkOne(uri);
        } while (this.queue.size && performance.now() < end);
        // The event loop's turn: messages (keystrokes), timers (the open documents' checks) come first.
        await nextTask();
      }
    } catch (e) {
      this.host.logger.error(`checking closed files failed: ${e instanceof Error ? e.stack : String(e)}`);
    } finally {
      this.running = false;
    }
    if (this.queue.size || this.pendingChanges === 'all' || this.pendingChanges.size) this.pump();
  }

  private async checkOne(uri: string): Promise<void> {
    if (!this.wasActive || this.host.isOpen(uri) || !this.isDocument(uri)) return;
    const file = this.host.service.index.get(uri)!;
    const text = file.text;
    const diagnostics = await this.host.service.computeFastDiagnostics({ uri, version: file.version, getText: () => text });
    this.checked++;
    if (!this.wasActive || this.host.isOpen(uri)) return;
    if (this.host.service.index.get(uri)?.text !== text) {
      this.queue.add(uri); // changed on disk meanwhile
      return;
    }
    const shown = limitPublished(diagnostics);
    if (!shown.length && !this.shown.has(uri)) return;
    if (shown.length) this.shown.add(uri);
    else this.shown.delete(uri);
    this.host.publish(uri, TextDocument.create(uri, 'restructuredtext', 0, text), shown);
  }
}
