/**
 * A document's diagnostics as the language service computes them: the RST problems of each version (kept for
 * the second phase), the problems of the files it includes, the plugged-in providers of both phases, and the
 * final pass (severities, clamping, duplicates, order) with the cap on what is published.
 */
import { codeInfo, isSuppressed, SPHINX_WARNING_TYPES } from './codes';
import type { ILogger } from './logger';
import type { Settings } from './protocol/settings';
import { checkDocument, type Opening } from './rst/checks';
import type { DirectiveRegistry } from './rst/registry';
import type { DiagnosticProvider, RstDocument, RstProblem, Severity } from './rst/types';
import { remoteContentProblems } from './features/remoteContent';
import { relativePath } from './features/workspace';
import { collectIncludes, documentNames, dropWarningsAfterIncludes, includeArgument, type IncludeContext } from './project/includes';
import { describeDirectives, isDocumentOf, sphinxPattern, type ProjectKnowledge, type SphinxProject } from './project/project';
import { doc8Problems, doc8Run } from './project/doc8';
import { lexerProblems } from './project/lexers';
import { sphinxLintApplies, sphinxLintProblems } from './project/sphinxLint';
import { safeDecode } from './common/uri';
import { NEVER_CANCELLED, sliced } from './common/cancel';
import { flatten } from './rst/walk';
import { normalizeName } from './rst/text';
import { parseRst } from './rst/parser';
import { duplicateIdProblem, ignoredNoteProblem, isReleaseNote, noteKind, notesRoot, noteTargets, noteUid, readRenoConfig, releaseNoteLinks, releaseNotePage, releaseNoteProblems, releaseNotesSource, renoConfigFiles, type NoteLink, type RenoConfig } from './features/releaseNotes';

/** A note of a folder of reno's notes: its URI, its path under the folder (decoded), its file's name and id, the targets it defines. */
interface NoteEntry {
  uri: string;
  path: string;
  name: string;
  uid: string;
  targets: string[];
  /** The targets it defines with their URIs (its links' addresses). */
  links: [string, string][];
}

/** At most this many notes, this many folders down, are read for ids and targets (nova has 1,174 in one folder). */
const MAX_NOTES = 20_000;
const MAX_NOTES_DEPTH = 4;

function noteEntry(root: string, uri: string, text: string): NoteEntry {
  const path = safeDecode(uri.slice(root.length));
  const name = path.slice(path.lastIndexOf('/') + 1);
  const targets = noteTargets(text);
  return { uri, path, name, uid: noteUid(name), targets: targets.map((t) => t.name), links: targets.flatMap((t) => (t.uri ? [[t.name, t.uri] as [string, string]] : [])) };
}

/** A document as the service sees it: the unsaved buffer, never the disk. */
export interface ITextDocument {
  readonly uri: string;
  readonly version: number;
  getText(): string;
}

/** A diagnostic with offsets into the document text and its final severity. */
export interface HgDiagnostic {
  code: string;
  message: string;
  severity: Severity;
  source: 'rst' | 'dot' | 'sphinx' | 'doc8' | 'sphinx-lint' | 'reno';
  start: number;
  end: number;
  related?: { uri?: string; start: number; end: number; message: string }[];
  data?: Record<string, unknown>;
  /** Shown faded out (LSP's `Unnecessary` tag): an unused target. */
  unnecessary?: true;
}

/** At most this many diagnostics of one document are published to the editor (see {@link limitPublished}). */
export const MAX_PUBLISHED = 1000;
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/**
 * What the editor is sent of a document's diagnostics: all of them up to {@link MAX_PUBLISHED}; past that (a
 * pasted binary, a generated file), the errors first, then the warnings, each in document order, and one
 * note at the top of the document saying how many there are. Serialising a hundred thousand diagnostics
 * would hold the server (and the editor) for seconds on every keystroke.
 */
export function limitPublished(diagnostics: HgDiagnostic[], max = MAX_PUBLISHED): HgDiagnostic[] {
  if (diagnostics.length <= max) return diagnostics;
  const kept = diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => SEVERITY_RANK[a.d.severity] - SEVERITY_RANK[b.d.severity] || a.i - b.i)
    .slice(0, max - 1)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.d);
  const note: HgDiagnostic = {
    code: 'rst.too-many-problems',
    severity: 'information',
    source: 'rst',
    start: 0,
    end: 0,
    message: `${diagnostics.length.toLocaleString('en-US')} problems in this document: the first ${(max - 1).toLocaleString('en-US')} are shown, errors first (ha-guide lint lists them all).`,
  };
  return [note, ...kept];
}

/** What the diagnostics need of the service: its parse cache, registries, include reader, index and providers. */
export interface DocumentDiagnosticsDeps {
  logger: ILogger;
  settings: () => Settings;
  projects: ProjectKnowledge;
  /** One parse per document version (the service's cache). */
  parse(doc: ITextDocument): RstDocument;
  /** The registry of a document's project. */
  registryFor(uri: string): DirectiveRegistry;
  /** How included files are read, resolved and parsed with `registry` (and the project's own include directives). */
  includeContext(registry: DirectiveRegistry, includeDirectives?: ReadonlyMap<string, string | undefined>): IncludeContext;
  /** Adds or refreshes a document in the index. */
  indexDocument(doc: ITextDocument): void;
  /** The tree the index holds for a file (the document that includes a file checked on its own). */
  indexedTree(uri: string): RstDocument | undefined;
  /** The workspace checks of an indexed file (paths, references, toctrees), whole-file offsets; none without a workspace. */
  workspaceProblems(uri: string): RstProblem[];
  /**
   * Settles the unknown-role problems of a file by the roles other documents of its project declare with
   * `.. role::` (features/declaredRoles.ts), after the providers ran; `host`: the document reading the file as part
   * of it. Absent without a workspace index.
   */
  declaredRoles?(uri: string, problems: RstProblem[], host?: string): void;
  /** The providers of the complete phase (DOT with Graphviz, workspace checks). */
  providers: readonly DiagnosticProvider[];
  /** The providers of the first phase, which never wait for a layout. */
  fastProviders: readonly DiagnosticProvider[];
  /** The text of a file on disk (reno's configuration); undefined when missing or unreadable. */
  readFile(uri: string): string | undefined;
  /** The entries of a folder (the other release notes); undefined when it cannot be listed. */
  listDir?(folderUri: string): { name: string; folder: boolean }[] | undefined;
}

/** The diagnostics half of the language service (see `LanguageService` for what each computes). */
export interface DocumentDiagnostics {
  computeRstDiagnostics(doc: ITextDocument): HgDiagnostic[];
  includedFileDiagnostics(doc: ITextDocument, skip?: (uri: string) => boolean): { uri: string; text: string; diagnostics: HgDiagnostic[] }[];
  computeFastDiagnostics(doc: ITextDocument): Promise<HgDiagnostic[]>;
  computeDiagnostics(doc: ITextDocument): Promise<HgDiagnostic[]>;
  /** Drops the RST problems kept for a document, or for every document (a file the checks read changed). */
  forget(uri?: string): void;
  /**
   * The document whose names the last check of a file read as part of it used (undefined for a file read on
   * its own). An edit of that document's buffer changes the file's diagnostics without any change of its own;
   * the other files it includes are read from disk, as the build reads them, so only their saves count.
   */
  hostRead(uri: string): string | undefined;
  /** Drops what is kept of a closed document. */
  close(uri: string): void;
  /**
   * The problems of a reno release note (`releasenotes/notes/*.yaml`): its YAML as reno reads it, each note's RST; of a
   * file there reno ignores (`noteKind`), that it is left out.
   */
  computeReleaseNoteDiagnostics(doc: ITextDocument, readOthers?: boolean): HgDiagnostic[];
  /** reno's configuration for a note (its sections and their titles). */
  renoConfigFor(uri: string): RenoConfig;
  /** A file changed on disk (undefined: any): what is kept of the release notes beside it (ids, targets) or of reno's configuration is read again. */
  notesChanged(uri?: string): void;
  /** Whether the other notes of a note's folder (their ids and targets) have been read (true outside a notes folder). */
  notesKnown(uri: string): boolean;
  /** Reads the other notes of a note's folder in slices that yield to the event loop (one read per folder at a time). */
  readNotes(uri: string): Promise<void>;
  /**
   * What reno writes of a note into the release notes page, parsed with the registry of the project that builds
   * them; `lineOf` gives the note file's line of each line of the page, `shiftOf` how many columns further right
   * it stands in the note; `source` is that project's index
   * (`releasenotes/source/index.rst`), when there is such a project.
   */
  releaseNotePage(doc: ITextDocument): { parsed: RstDocument; lineOf: number[]; shiftOf: number[]; source?: string };
  /** A note's named references to targets with web addresses (its own, or other notes' once read), in the note's offsets. */
  releaseNoteLinks(doc: ITextDocument): NoteLink[];
}

/**
 * A Jinja template saved as `.rst` (the templates of autosummary and sphinx-autoapi, towncrier's news template):
 * its first line is a `{% %}` statement, a `{{ }}` expression or a `{# #}` comment. It becomes reStructuredText
 * only once rendered, so none of it is checked (on 88 real trees, the 29 files that begin so are all templates).
 */
export function isJinjaTemplate(text: string): boolean {
  return /^\s*\{[%{#]/.test(text);
}

/** Jinja markup: a `{% %}` statement or a `{{ }}` expression. */
const JINJA_MARKUP = /\{%[^\n]*?%\}|\{\{[^\n]*?\}\}/;

export function createDocumentDiagnostics(deps: DocumentDiagnosticsDeps): DocumentDiagnostics {
  const { logger, settings, projects, parse, registryFor, includeContext, indexDocument, indexedTree, workspaceProblems, declaredRoles, providers, fastProviders, readFile, listDir } = deps;

  /**
   * A document that is a Jinja template, or holds Jinja markup in a project whose conf.py renders documents
   * through Jinja as the build reads them (`jinjaSourceRead`): not checked, as it is reST only once rendered.
   */
  const rendered = (doc: ITextDocument) => {
    const text = doc.getText();
    return isJinjaTemplate(text) || (JINJA_MARKUP.test(text) && !!projects.project(doc.uri)?.jinjaSourceRead);
  };

  /** `project`: the document's, when the caller has looked it up already (null: not looked up). */
  function finish(problems: RstProblem[], text: string, uri: string, project: SphinxProject | undefined | null = null): HgDiagnostic[] {
    const tool = projects.tool(uri).tool;
    const severity = tool ? { ...tool.severity, ...settings().diagnostics.severity } : settings().diagnostics.severity;
    const ignored = ignoredLinks([...(tool?.ignoredLinks ?? []), ...settings().validate.ignoredLinks]);
    // What conf.py's suppress_warnings silences, the build does not report (sympy: `['ref.citation', 'ref.footnote']`).
    const suppress = (project === null ? projects.project(uri) : project)?.conf.suppressWarnings ?? [];
    const kept = problems.filter((p) => !(ignored && LINK_CODES.has(p.code) && ignored.test(text.slice(p.start, p.end))) && !isSuppressed(SPHINX_WARNING_TYPES[p.code], suppress));
    return finishDiagnostics(kept, text, severity);
  }

  /**
   * The RST problems of each document's latest version: the second phase of a keystroke's diagnostics reuses
   * the first phase's (dropped when a file the checks read changes).
   */
  const rstCache = new Map<string, { parsed: RstDocument; registry: DirectiveRegistry; problems: RstProblem[]; project: SphinxProject | undefined }>();
  /** For each file last checked as part of another document: that document (`hostRead`). */
  const hostsRead = new Map<string, string>();
  function rstProblems(doc: ITextDocument): { parsed: RstDocument; problems: RstProblem[]; project: SphinxProject | undefined } {
    const parsed = parse(doc);
    const hit = rstCache.get(doc.uri);
    if (hit && hit.parsed === parsed && hit.registry === registryFor(doc.uri)) return { parsed, problems: [...hit.problems], project: hit.project };
    const result = checkRst(doc, parsed);
    // A file read as part of another document also uses that document's names, which change without it.
    if (!result.hosted) rstCache.set(doc.uri, { parsed, registry: registryFor(doc.uri), problems: [...result.problems], project: result.project });
    else rstCache.delete(doc.uri);
    return result;
  }

  function checkRst(doc: ITextDocument, parsed: RstDocument): { parsed: RstDocument; problems: RstProblem[]; project: SphinxProject | undefined; hosted: boolean } {
    const registry = registryFor(doc.uri);
    const project = projects.project(doc.uri);
    const includes = collectIncludes(parsed, doc.uri, includeContext(registry, project?.includeDirectives));
    const outside = includes.names;
    for (const s of project?.substitutions ?? []) (outside.substitutions as Set<string>).add(s);
    if (project?.substitutionPattern) outside.substitutionPattern = project.substitutionPattern;
    for (const t of project?.targets ?? []) (outside.targets as Set<string>).add(t);
    for (const r of project?.customRoles ?? []) (outside.roles as Set<string>).add(r);
    const tool = projects.tool(doc.uri).tool;
    for (const s of tool?.substitutions ?? []) (outside.substitutions as Set<string>).add(normalizeName(s)).add(s);
    // A file no build reads on its own (`part.inc`, a README a document includes) is read as part of the
    // document that includes it: that document's names, and those of its other included files, count (a
    // `Foo`_ in b.inc to the title of a.inc, both included by index.rst).
    // A document of its project is read on its own, and a file of no project is no part of one (its host would
    // have given it one): no look-up on a keystroke's path for them.
    // Where conf.py computes what it excludes, a document another one includes may be an excluded part of it
    // (`snippetHost`).
    const host = !project || (isDocumentOf(project, doc.uri) && !project.excludesComputed) ? undefined : projects.hostOf(doc.uri);
    const hostTree = host === undefined ? undefined : indexedTree(host);
    let opening: Opening = 'start';
    if (host !== undefined && hostTree) {
      const names = documentNames(hostTree);
      const hostIncludes = collectIncludes(hostTree, host, includeContext(registryFor(host), projects.project(host)?.includeDirectives));
      for (const key of ['targets', 'substitutions', 'roles'] as const) {
        for (const n of names[key]) (outside[key] as Set<string>).add(n);
        for (const n of hostIncludes.names[key]) (outside[key] as Set<string>).add(n);
      }
      // What precedes the file where the host reads it from its start (a transition first in it begins a section
      // only where its include does).
      const openings = new Set(hostIncludes.files.filter((f) => f.uri === doc.uri && f.offset === 0).map((f) => f.opening));
      if (openings.size && !openings.has('start')) opening = openings.has('transition') ? 'transition' : 'element';
      hostsRead.set(doc.uri, host);
    } else hostsRead.delete(doc.uri);
    // A file outside every source folder that a document includes is read as part of that document.
    const problems = [...parsed.problems, ...checkDocument(parsed, registry, outside, () => host !== undefined, opening), ...remoteContentProblems(parsed)];
    dropWarningsAfterIncludes(problems, parsed, doc.uri, includes.files);
    for (const c of includes.cycles) {
      if (c.from !== doc.uri) continue;
      problems.push({
        code: 'rst.include-cycle',
        message: `Problems with "include" directive path: circular inclusion of ${relativePath(doc.uri, c.uri)}.`,
        start: c.directive.argumentSpan?.start ?? c.directive.start,
        end: c.directive.argumentSpan?.end ?? c.directive.end,
      });
    }
    if (project?.unnamedRegistrations.length) softenUnnamedRegistrations(problems, project.unnamedRegistrations);
    if (project?.unknownExtensions.length) softenUnknownNames(problems, project.unknownExtensions);
    if (project) softenGeneratedTargets(problems, parsed, project);
    if (project) softenGeneratedIncludes(problems, parsed, doc.uri, project, includeContext(registry, project.includeDirectives));
    if (project?.computedPrelude.length) softenComputedPrelude(problems, project.computedPrelude);
    // Sphinx's highlighting: a code block's language Pygments does not know.
    if (project) problems.push(...lexerProblems(parsed, project));
    // doc8's line checks, where the project runs doc8 (its CI fails on them): `.rst` files as doc8 reads them.
    const doc8 = /\.rst$/i.test(doc.uri) ? projects.doc8(doc.uri) : undefined;
    const hookRoot = doc8?.hook?.root;
    const hookRel = hookRoot && doc.uri.startsWith(hookRoot) && projects.handedToHooks(hookRoot, doc.uri) ? safeDecode(doc.uri.slice(hookRoot.length)) : undefined;
    const run = doc8 && doc.uri.startsWith(doc8.root) && !projects.throughLinkedFolder(doc8.root, doc.uri) ? doc8Run(doc8, safeDecode(doc.uri.slice(doc8.root.length)), hookRel) : undefined;
    if (run) problems.push(...doc8Problems(parsed, run.config, run.codes));
    // sphinx-lint's checks, where the repository's pre-commit runs it (project/sphinxLint.ts).
    const lint = /\.rst$/i.test(doc.uri) ? projects.sphinxLint(doc.uri) : undefined;
    if (lint && doc.uri.startsWith(lint.root) && sphinxLintApplies(lint, safeDecode(doc.uri.slice(lint.root.length))) && projects.handedToHooks(lint.root, doc.uri)) problems.push(...sphinxLintProblems(parsed, lint.checks));
    return { parsed, problems, project, hosted: host !== undefined };
  }

  /** The RST problems plus what each provider finds (a failing provider is logged, the others still count). */
  async function withProviders(doc: ITextDocument, list: readonly DiagnosticProvider[]): Promise<HgDiagnostic[]> {
    if (rendered(doc)) {
      indexDocument(doc);
      return [];
    }
    const { parsed, problems, project } = rstProblems(doc);
    indexDocument(doc);
    for (const provider of list) {
      try {
        problems.push(...(await provider(parsed, doc.uri)));
      } catch (e) {
        logger.error(`diagnostic provider failed on ${doc.uri}: ${e instanceof Error ? e.stack : String(e)}`);
      }
    }
    declaredRoles?.(doc.uri, problems);
    return finish(problems, parsed.text, doc.uri, project);
  }

  /**
   * A release note's problems. Its notes are checked as the project that builds them reads them (reno's
   * `releasenotes/source`): its directives, roles and substitutions; with an extension that is not known, a name
   * nothing defines is information, as in its documents.
   */
  function releaseNoteDiagnostics(doc: ITextDocument, readOthers = true): HgDiagnostic[] {
    const text = doc.getText();
    if (noteKind(doc.uri) === 'ignored') return finish([ignoredNoteProblem(safeDecode(doc.uri.slice(doc.uri.lastIndexOf('/') + 1)))], text, doc.uri, undefined);
    const config = renoConfigFor(doc.uri);
    const { registry, project } = noteProject(doc.uri);
    const name = safeDecode(doc.uri.slice(doc.uri.lastIndexOf('/') + 1));
    // Without the other notes (not read yet, and not to be read now: the editor's first check of a note of nova's
    // 1,174), a name may be another note's target, and no id can be compared: those findings wait for them.
    const othersKnown = readOthers || notesKnown(doc.uri);
    const others = othersKnown ? otherNotes(doc.uri) : [];
    const problems = releaseNoteProblems(text, config, (rst, targets) => {
      const parsed = parseRst(rst, { registry });
      const outside = {
        roles: new Set(project?.customRoles ?? []),
        targets: new Set([...(project?.targets ?? []), ...targets]),
        substitutions: new Set(project?.substitutions ?? []),
        substitutionPattern: project?.substitutionPattern,
      };
      const found = [...parsed.problems, ...checkDocument(parsed, registry, outside)];
      if (project?.unnamedRegistrations.length) softenUnnamedRegistrations(found, project.unnamedRegistrations);
      if (project?.unknownExtensions.length) softenUnknownNames(found, project.unknownExtensions);
      if (project?.computedPrelude.length) softenComputedPrelude(found, project.computedPrelude);
      if (project) found.push(...lexerProblems(parsed, project));
      return othersKnown ? found : found.filter((p) => p.code !== 'rst.unknown-target');
    }, others.flatMap((n) => n.targets));
    // Two notes of one id: reno takes them for one (a note renamed), so the release notes keep only one of them.
    const uid = noteUid(name);
    const twins = others.filter((n) => n.uid === uid);
    if (twins.length) problems.push(duplicateIdProblem(uid, twins.map((t) => ({ uri: t.uri, name: t.path }))));
    return finish(problems, text, doc.uri, project ?? undefined);
  }

  /** reno's configuration for the notes of each repository (by its first configuration file), until one changes. */
  const renoConfigs = new Map<string, RenoConfig>();
  function renoConfigFor(uri: string): RenoConfig {
    const files = renoConfigFiles(uri);
    let config = renoConfigs.get(files[0]);
    if (!config) renoConfigs.set(files[0], (config = readRenoConfig(files.map(readFile).find((t) => t !== undefined))));
    return config;
  }
  /**
   * For each folder of reno's notes (`releasenotes/notes/`, its sub-folders too: tempest keeps a folder per release):
   * each note's path under it (decoded), id and the target names it defines (read once; `notesChanged` reads one
   * note again).
   */
  const noteFolders = new Map<string, NoteEntry[]>();
  /** The reads of notes folders under way (`readNotes`), and the notes that changed on disk meanwhile. */
  const noteReads = new Map<string, { done: Promise<void>; changed: Set<string> }>();
  /** Bumped when every file may have changed: a read under way then keeps nothing. */
  let notesGeneration = 0;
  /** The notes under a notes folder (its sub-folders too, `MAX_NOTES_DEPTH` down, `MAX_NOTES` at most). */
  function listNotes(root: string): string[] {
    const uris: string[] = [];
    const walk = (folder: string, depth: number) => {
      for (const e of listDir?.(folder) ?? []) {
        if (uris.length >= MAX_NOTES) return;
        const child = folder + encodeURIComponent(e.name);
        if (e.folder) {
          if (depth < MAX_NOTES_DEPTH && !e.name.startsWith('.')) walk(child + '/', depth + 1);
        } else if (isReleaseNote(child)) uris.push(child);
      }
    };
    walk(root, 0);
    return uris;
  }
  function readNote(root: string, uri: string, into: NoteEntry[]): void {
    const text = readFile(uri);
    if (text !== undefined) into.push(noteEntry(root, uri, text));
  }
  /** The notes of the folder of reno's notes `uri` lies under, but `uri` (read at once if they were not yet). */
  function otherNotes(uri: string): NoteEntry[] {
    const root = notesRoot(uri);
    if (!root) return [];
    let files = noteFolders.get(root);
    if (!files) {
      files = [];
      for (const child of listNotes(root)) readNote(root, child, files);
      noteFolders.set(root, files);
    }
    const self = safeDecode(uri.slice(root.length));
    return files.filter((f) => f.path !== self);
  }
  function notesKnown(uri: string): boolean {
    const root = notesRoot(uri);
    return !root || noteFolders.has(root);
  }
  function readNotes(uri: string): Promise<void> {
    const root = notesRoot(uri);
    if (!root || noteFolders.has(root)) return Promise.resolve();
    const under = noteReads.get(root);
    if (under) return under.done;
    const generation = notesGeneration;
    const changed = new Set<string>();
    const files: NoteEntry[] = [];
    // Never rejects: a failure is logged, and the next check of a note reads the folder at once.
    const done = sliced(listNotes(root), NEVER_CANCELLED, (child) => readNote(root, child, files))
      .then(() => {
        if (generation !== notesGeneration || noteFolders.has(root)) return;
        // A note saved while the folder was read may have been read before its save: read again.
        for (const c of changed) {
          const path = safeDecode(c.slice(root.length));
          const at = files.findIndex((f) => f.path === path);
          if (at >= 0) files.splice(at, 1);
          readNote(root, c, files);
        }
        noteFolders.set(root, files);
      })
      .catch((e: unknown) => logger.error(`reading the release notes of ${root} failed: ${e instanceof Error ? e.stack : String(e)}`))
      .finally(() => noteReads.delete(root));
    noteReads.set(root, { done, changed });
    return done;
  }

  /** The registry of the project that builds a note's release notes (`releasenotes/source`), and its index when there is one. */
  function noteProject(uri: string): { registry: DirectiveRegistry; project?: SphinxProject; source?: string } {
    const source = releaseNotesSource(uri);
    const project = source ? projects.project(source) : undefined;
    return { registry: registryFor(project ? source! : uri), project, source: project ? source : undefined };
  }

  return {
    computeReleaseNoteDiagnostics: releaseNoteDiagnostics,
    renoConfigFor,
    notesKnown,
    readNotes,
    releaseNotePage(doc) {
      const page = releaseNotePage(doc.getText(), renoConfigFor(doc.uri));
      const { registry, source } = noteProject(doc.uri);
      return { parsed: parseRst(page.rst, { registry }), lineOf: page.lineOf, shiftOf: page.shiftOf, source };
    },
    releaseNoteLinks(doc) {
      const { registry } = noteProject(doc.uri);
      // The other notes' targets once read (the first check reads them); never read here, on a keystroke's request.
      const elsewhere = new Map<string, string>();
      if (notesKnown(doc.uri)) for (const n of otherNotes(doc.uri)) for (const [name, uri] of n.links) if (!elsewhere.has(name)) elsewhere.set(name, uri);
      return releaseNoteLinks(doc.getText(), renoConfigFor(doc.uri), (rst) => parseRst(rst, { registry }), elsewhere);
    },
    notesChanged(uri) {
      if (uri === undefined || /\/(config|reno)\.yaml$/.test(uri)) renoConfigs.clear();
      if (uri === undefined) {
        noteFolders.clear();
        notesGeneration++;
      } else if (isReleaseNote(uri)) {
        // Only that note is read again (a save in nova's 1,174 notes must not read them all).
        const root = notesRoot(uri)!;
        noteReads.get(root)?.changed.add(uri);
        const files = noteFolders.get(root);
        if (!files) return;
        const path = safeDecode(uri.slice(root.length));
        const at = files.findIndex((f) => f.path === path);
        if (at >= 0) files.splice(at, 1);
        const text = readFile(uri);
        if (text !== undefined) files.push(noteEntry(root, uri, text));
      }
    },
    computeRstDiagnostics(doc) {
      if (rendered(doc)) return [];
      const { parsed, problems, project } = rstProblems(doc);
      return finish(problems, parsed.text, doc.uri, project);
    },
    includedFileDiagnostics(doc, skip) {
      const parsed = parse(doc);
      const registry = registryFor(doc.uri);
      const project = projects.project(doc.uri);
      const ctxInclude = includeContext(registry, project?.includeDirectives);
      const includes = collectIncludes(parsed, doc.uri, ctxInclude);
      // Most documents include nothing: no names to gather (on a 10,000-file lint, 1% of the time went there).
      if (!includes.files.length) return [];
      const own = documentNames(parsed);
      const union = (...sets: (Iterable<string> | undefined)[]) => new Set(sets.flatMap((x) => [...(x ?? [])]));
      const outside = {
        targets: union(own.targets, includes.names.targets, project?.targets),
        substitutions: union(own.substitutions, includes.names.substitutions, project?.substitutions, projects.tool(doc.uri).tool?.substitutions),
        roles: union(own.roles, includes.names.roles, project?.customRoles),
      };
      const out: { uri: string; text: string; diagnostics: HgDiagnostic[] }[] = [];
      const seen = new Set<string>();
      for (const f of includes.files) {
        // A `.rst` file too: `ha-guide lint docs` reads `../CHANGELOG.rst` only as the part of docs/changelog.rst
        // it is (marshmallow). Where the file is also checked as a document of its own, the caller keeps that.
        if (seen.has(f.uri) || skip?.(f.uri)) continue;
        seen.add(f.uri);
        const inc = ctxInclude.parse(f.uri, f.text);
        const problems: RstProblem[] = [...inc.problems, ...checkDocument(inc, registry, outside, () => true, f.opening)].map((p) => ({ ...p, start: p.start + f.offset, end: p.end + f.offset, related: undefined }));
        // Its paths and references, as the editor checks the file opened (the part the document reads):
        // api-ref's `.inc` files literalinclude their samples, which a Sphinx build with -W finds missing.
        for (const p of workspaceProblems(f.uri)) if (p.start >= f.offset && p.start < f.offset + f.text.length) problems.push(p);
        if (project?.unnamedRegistrations.length) softenUnnamedRegistrations(problems, project.unnamedRegistrations);
        if (project?.unknownExtensions.length) softenUnknownNames(problems, project.unknownExtensions);
        declaredRoles?.(f.uri, problems, doc.uri);
        out.push({ uri: f.uri, text: f.fileText, diagnostics: finish(problems, f.fileText, doc.uri, project) });
      }
      return out;
    },
    computeFastDiagnostics: (doc) => withProviders(doc, fastProviders),
    computeDiagnostics: (doc) => withProviders(doc, providers),
    forget(uri) {
      if (uri === undefined) rstCache.clear();
      else rstCache.delete(uri);
    },
    hostRead: (uri) => hostsRead.get(uri),
    close(uri) {
      rstCache.delete(uri);
      hostsRead.delete(uri);
    },
  };
}

/**
 * Final severities (defaults and the user's overrides; `off` drops a problem), offsets clamped into the
 * text, duplicates dropped, sorted by position.
 */
/** The checks of a link's target (a label, a document, a file path), whose span is the target as written. */
export const LINK_CODES: ReadonlySet<string> = new Set([
  'sphinx.undefined-label',
  'sphinx.undefined-label-intersphinx',
  'sphinx.reference-outside-build',
  'project.directive-label',
  'project.extension-label',
  'project.docstring-label',
  'project.generated-label',
  'sphinx.unknown-document',
  'sphinx.unknown-document-intersphinx',
  'sphinx.toctree-missing-document',
  'sphinx.download-not-found',
  'sphinx.image-not-found',
  'sphinx.include-not-found',
  'rst.include-not-found',
  'rst.file-not-found',
  'sphinx.graphviz-file-not-found',
]);

const ignoredCache = new Map<string, RegExp | undefined>();
/**
 * The link targets left unchecked (`haGuide.validate.ignoredLinks` and `ignored-links` of [tool.ha-guide], as
 * Markdown's `markdown.validate.ignoredLinks`): globs as Sphinx's `exclude_patterns` reads them, matched
 * against the whole target as written (`generated/**`, `oslo-*`); undefined when there are none.
 */
function ignoredLinks(globs: readonly string[]): RegExp | undefined {
  if (!globs.length) return undefined;
  const key = globs.join('\0');
  if (!ignoredCache.has(key)) {
    if (ignoredCache.size > 64) ignoredCache.clear();
    ignoredCache.set(key, new RegExp(globs.map((g) => `(?:${sphinxPattern(g.trim()).source})`).join('|')));
  }
  return ignoredCache.get(key);
}

export function finishDiagnostics(problems: RstProblem[], text: string, overrides: Settings['diagnostics']['severity']): HgDiagnostic[] {
  const out: HgDiagnostic[] = [];
  const seen = new Set<string>();
  for (const p of problems) {
    const info = codeInfo(p.code);
    const sev = overrides[p.code] ?? info?.severity ?? 'error';
    if (sev === 'off') continue;
    const start = clamp(p.start, 0, text.length);
    const end = clamp(Math.max(p.end, p.start), start, text.length);
    const key = `${p.code}\u0000${start}\u0000${end}\u0000${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      code: p.code,
      message: p.message,
      severity: sev,
      source: info?.source ?? (p.code.startsWith('dot.') ? 'dot' : p.code.startsWith('sphinx.') ? 'sphinx' : 'rst'),
      start,
      end,
      related: p.related?.map((r) => (r.uri ? { ...r } : { start: clamp(r.start, 0, text.length), end: clamp(r.end, 0, text.length), message: r.message })),
      data: p.data,
      ...(info?.unnecessary ? { unnecessary: true as const } : {}),
    });
  }
  out.sort((a, b) => a.start - b.start || a.end - b.end);
  return out;
}


function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(Math.max(n, lo), hi) : lo;
}

/**
 * Unknown directives and roles as information instead of errors, where something this reading cannot see may
 * define them: `where(directive)` says what (the "it may ..." of the message), or undefined to leave one alone.
 */
function softenUnknown(problems: RstProblem[], where: (directive: boolean) => string | undefined): void {
  const softened: RstProblem[] = [];
  for (const p of problems) {
    // The checks put the name as written in the problem's data.
    const name = p.data?.name;
    if (typeof name !== 'string' || (p.code !== 'rst.unknown-directive' && p.code !== 'rst.unknown-role')) continue;
    const directive = p.code === 'rst.unknown-directive';
    const why = where(directive);
    if (!why) continue;
    if (directive) softened.push(p);
    p.code = directive ? 'project.extension-directive' : 'project.extension-role';
    p.message =
      `${directive ? 'Directive' : 'Role'} "${name}" is not known; ${why}. ` +
      `Declare it in [tool.ha-guide] ${directive ? 'directives' : 'roles'} of pyproject.toml or in the haGuide.${directive ? 'directives' : 'roles'} setting.`;
    p.data = { ...p.data, kind: directive ? 'directive' : 'role' };
  }
  if (softened.length) dropUnknownSubstitutionProblems(problems, softened);
}

/**
 * A substitution defined with a directive that may be an extension's (`.. |docs| rtfd-shield::`, sphinx-toolbox's
 * own docs): the definition is not "empty or invalid", and its references are not undefined, where that directive
 * was made information (`softenUnknown`). Removes those problems from the list in place.
 */
function dropUnknownSubstitutionProblems(problems: RstProblem[], softened: RstProblem[]): void {
  const names = new Set<string>();
  const kept = problems.filter((p) => {
    if (p.code !== 'rst.substitution-invalid' || !softened.some((d) => d.start >= p.start && d.end <= p.end)) return true;
    const name = /^Substitution definition "(.*)" empty or invalid\.$/.exec(p.message)?.[1];
    if (name === undefined) return true;
    names.add(normalizeName(name));
    return false;
  });
  const left = names.size ? kept.filter((p) => p.code !== 'rst.undefined-substitution' || !names.has(normalizeName(/^Undefined substitution referenced: "(.*?)"\./.exec(p.message)?.[1] ?? ''))) : kept;
  if (left.length !== problems.length) problems.splice(0, problems.length, ...left);
}

/**
 * In a project whose conf.py lists extensions that nobody knows, an unknown directive or role may well be
 * theirs: say so as information instead of an error.
 */
function softenUnknownNames(problems: RstProblem[], unknownExtensions: string[]): void {
  const list = unknownExtensions.length === 1 ? `extension "${unknownExtensions[0]}"` : `one of the extensions ${unknownExtensions.map((e) => `"${e}"`).join(', ')}`;
  softenUnknown(problems, () => `it may come from ${list}, listed in conf.py`);
}

/**
 * The project's code registers a directive (or role) under a name known only when the build runs
 * (virtualenv's `app.add_directive(CliTable.name, CliTable)`): an unknown directive (role) may be that one,
 * information that says where it is registered, not an error.
 */
function softenUnnamedRegistrations(problems: RstProblem[], unnamed: SphinxProject['unnamedRegistrations']): void {
  softenUnknown(problems, (directive) => {
    const these = unnamed.filter((u) => u.kind === (directive ? 'directive' : 'role'));
    if (!these.length) return undefined;
    const where = these.slice(0, 3).map((u) => `${u.expression} (${u.source}, line ${u.line + 1})`).join(', ') + (these.length > 3 ? ', ...' : '');
    return `it may be the one the project registers under a name known only when the build runs: ${where}`;
  });
}

/**
 * A directive a local extension implements with code that builds sections or targets (or parses RST it
 * makes) writes titles and targets this reading cannot see: keystoneauth's `list-auth-plugins` writes a
 * section per plugin, and `password_` refers to one. An unknown target in a document holding such a
 * directive is information that says so, not an error.
 */
/**
 * A document that includes a file the build writes before it reads the document (election's
 * `.. include:: configuration.rst`, written by its `configuration` extension at `builder-inited`): the names that
 * file defines are not known here, so an undefined substitution or target may be one of them (information).
 */
function softenGeneratedIncludes(problems: RstProblem[], parsed: RstDocument, uri: string, project: SphinxProject, ctx: IncludeContext): void {
  if (!problems.some((p) => p.code === 'rst.undefined-substitution' || p.code === 'rst.unknown-target')) return;
  const written: string[] = [];
  for (const b of flatten(parsed).directives) {
    if (b.name !== 'include' && !project.includeDirectives.has(b.name)) continue;
    const arg = includeArgument(b, project.includeDirectives);
    if (!arg || (arg.startsWith('<') && arg.endsWith('>')) || b.options.some((o) => o.name === 'literal' || o.name === 'code')) continue;
    const target = ctx.resolve(uri, arg, uri);
    if (ctx.readFile(target) === undefined && project.generated(target)) written.push(arg);
  }
  if (!written.length) return;
  const files = written.slice(0, 3).join(', ') + (written.length > 3 ? ', ...' : '');
  for (const p of problems) {
    if (p.code !== 'rst.undefined-substitution' && p.code !== 'rst.unknown-target') continue;
    p.code = 'project.generated-include';
    p.message = `${p.message} It may be defined in ${files}, which the build writes before it reads this document.`;
  }
}

/**
 * A project whose conf.py computes `rst_prolog` or `rst_epilog` in a way not read here (seaborn joins one
 * `.. |key| replace::` line per entry of a table it imports onto a literal epilog): a substitution no document
 * defines may be one of those (information, naming the setting). What the readable part defines counts as usual.
 */
function softenComputedPrelude(problems: RstProblem[], settings: readonly string[]): void {
  for (const p of problems) {
    if (p.code !== 'rst.undefined-substitution') continue;
    p.code = 'project.computed-prelude';
    p.message = `${p.message} It may be defined in ${settings.join(' or ')}, which conf.py computes in a way not read here.`;
  }
}

function softenGeneratedTargets(problems: RstProblem[], parsed: RstDocument, project: SphinxProject): void {
  if (!project.targetWriters.size || !problems.some((p) => p.code === 'rst.unknown-target')) return;
  const writers: string[] = [];
  // A domain's directive may be written without its prefix, under `.. default-domain::` (CMake's `signature`).
  const unprefixed = new Map([...project.targetWriters].filter((w) => w.includes(':')).map((w) => [w.slice(w.indexOf(':') + 1), w]));
  for (const b of flatten(parsed).directives) {
    const name = project.targetWriters.has(b.name) ? b.name : unprefixed.get(b.name);
    if (name && !writers.includes(name)) writers.push(name);
  }
  if (!writers.length) return;
  const list = describeDirectives(project, writers);
  for (const p of problems) {
    if (p.code !== 'rst.unknown-target') continue;
    const m = /^Unknown target name: "((?:[^"\\]|\\.)*)"/.exec(p.message);
    p.code = 'project.directive-target';
    p.message = `Unknown target name: "${m ? m[1] : ''}". It may be a title or target that ${list} writes into this document.`;
  }
}
