import type { ILogger } from './logger';
import { nullLogger } from './logger';
import { defaultSettings, type Settings } from './protocol/settings';
import { parseRst } from './rst/parser';
import { createRegistry, type DirectiveRegistry } from './rst/registry';
import type { DiagnosticProvider, RstDocument } from './rst/types';
import { dotFileFeatures, type DotFileFeatures } from './features/dotFile';
import { codeActions, type CodeAction, type DiagnosticRef } from './features/codeActions';
import { complete, type CompletionItem } from './features/completion';
import { isOnTable, tableEdit, type TableEditResult, type TableOperation } from './features/tables/tableEdit';
import { findDefinitions } from './features/definitions';
import { fileReferences, fileRenameEdits, pastedText, type FileReference, type FileRename, type FileRenameResult } from './features/fileRename';
import { documentLinks, type DocumentLink } from './features/documentLinks';
import { documentSymbols, workspaceSymbols, type RstSymbol, type WorkspaceSymbol } from './features/documentSymbols';
import { foldingRanges, type FoldingRange } from './features/folding';
import { hover, type HoverResult } from './features/hover';
import { documentHighlights, findReferences, prepareRename, rename } from './features/references';
import { navEntries } from './features/navigation';
import { sliced, type CancelToken } from './common/cancel';
import { ReadersCache } from './common/readersCache';
import { selectionRanges } from './features/selectionRanges';
import type { FeatureContext, Highlight, Location, WorkspaceEdit } from './features/types';
import { unusedTargetStarts, workspaceDiagnostics } from './features/workspaceDiagnostics';
import { resolveDeclaredRoles } from './features/declaredRoles';
import { organizeTargetsAction } from './features/organizeTargets';
import { resolveFromFile, resolvePath, summarize, WorkspaceIndex, type IWorkspace } from './features/workspace';
import { isZuulRoleDocument, zuulRoleExtras } from './project/zuulRoles';
import { IncluderMap, collectIncludes, partsRead, type IncludeContext } from './project/includes';
import { autodocTargets, docstringText, findModule, moduleFolders } from './project/autodoc';
import { ProjectKnowledge } from './project/project';
import { offsetToPosition } from './rst/lines';
import type { Span } from './rst/types';
import { createDocumentDiagnostics, type HgDiagnostic, type ITextDocument } from './documentDiagnostics';
import { releaseNoteSections, type NoteLink, type SectionCompletion } from './features/releaseNotes';

export { finishDiagnostics, limitPublished, MAX_PUBLISHED, type HgDiagnostic, type ITextDocument } from './documentDiagnostics';
export type { DiagnosticProvider } from './rst/types';
export { linesParsedInProcess } from './rst/parser';

export interface LanguageServiceOptions {
  logger?: ILogger;
  settings?: () => Settings;
  diagnosticProviders?: DiagnosticProvider[];
  /**
   * The same providers in a form that never waits (the DOT checks with only the layouts Graphviz already
   * has): the first of the two phases of diagnostics.
   */
  fastDiagnosticProviders?: DiagnosticProvider[];
  /** The world for navigation and workspace checks; without it they see only indexed files. */
  workspace?: IWorkspace;
}

/** A workspace that knows of no file beyond what is indexed (tests, single documents). */
const noWorkspace: IWorkspace = { exists: () => false, sourceDir: () => undefined };

export interface LanguageService {
  /** One parse per document version (cached). */
  parse(doc: ITextDocument): RstDocument;
  /** RST structure and reference checks: synchronous, pure. */
  computeRstDiagnostics(doc: ITextDocument): HgDiagnostic[];
  /**
   * A reno release note (`releasenotes/notes/*.yaml`, see features/releaseNotes.ts): its YAML as reno reads it and
   * the reStructuredText of each note as reno writes it into the release notes, in the YAML file's offsets. With
   * `readOthers` false, the other notes of its folder are not read if they were not yet: the findings that need
   * them (a target another note defines, an id another note has) are left out (`readNotes` reads them).
   */
  computeReleaseNoteDiagnostics(doc: ITextDocument, readOthers?: boolean): HgDiagnostic[];
  /** Whether the other notes of a note's folder have been read (true for a file outside a notes folder). */
  notesKnown(uri: string): boolean;
  /** Reads the other notes of a note's folder in slices of a few milliseconds, yielding to the event loop between them. */
  readNotes(uri: string): Promise<void>;
  /** What reno writes of a note into the release notes page, parsed; `lineOf`: the note's line of each line of the page (the preview of a note). */
  releaseNotePage(doc: ITextDocument): { parsed: RstDocument; lineOf: number[]; shiftOf: number[]; source?: string };
  /** A note's named references to targets with web addresses (`` `bug 1`_ ``), in the note's offsets: its document links. */
  releaseNoteLinks(doc: ITextDocument): NoteLink[];
  /** The sections to offer where a note's top-level key is being typed (features/releaseNotes.ts). */
  releaseNoteSections(doc: ITextDocument, offset: number): SectionCompletion[];
  /**
   * The problems inside the files a document includes (`.rst` files too: where one is also checked as a document
   * of its own, the caller keeps those): their RST, with the including document's names in scope, and the
   * workspace checks of the part the document reads, in those files' own offsets. Files for which `skip` is true
   * are left out (`ha-guide lint` checks its inputs as documents of their own, and reports them so).
   */
  includedFileDiagnostics(doc: ITextDocument, skip?: (uri: string) => boolean): { uri: string; text: string; diagnostics: HgDiagnostic[] }[];
  /**
   * The first phase: RST, workspace and DOT checks, with only the Graphviz verdicts already known (cached
   * layouts); never waits for a layout. `computeDiagnostics` is the second, complete phase.
   */
  computeFastDiagnostics(doc: ITextDocument): Promise<HgDiagnostic[]>;
  /** Everything: RST plus the plugged-in providers (DOT, Graphviz). */
  computeDiagnostics(doc: ITextDocument): Promise<HgDiagnostic[]>;
  /** Forget a closed document. */
  close(uri: string): void;
  /** The registry of a document (of its Sphinx project); without a URI, docutils, Sphinx and the settings. */
  registry(uri?: string): DirectiveRegistry;
  /** What is known of each Sphinx project (conf.py, extensions, pyproject.toml). */
  readonly projects: ProjectKnowledge;
  /**
   * The workspace as the projects read it, for what renders a document's links: a file outside every source
   * folder that a document includes has that document's source folder and is read from it (`includedBy`), and
   * the files an extension generates exist.
   */
  readonly projectWorkspace: IWorkspace;
  /**
   * A file on disk changed, was created or deleted (conf.py, pyproject.toml, an extension module, an included
   * file). Returns true when a project's knowledge changed, so open documents should be checked again.
   */
  fileChanged(uri?: string): boolean;
  /**
   * For tests: the kept parses (documents, included files) and the files they read that are noted with the
   * parses that read them (`fileChanged` finds those parses by the file).
   */
  parseCacheSizes(): { documents: number; included: number; readFiles: number };

  // Navigation (offsets into the documents; the glue converts to positions).
  /** Every `.rst` of the workspace: the glue adds disk files, open documents replace them. */
  readonly index: WorkspaceIndex;
  /** Adds or refreshes a document in the index (done by every feature for its document). */
  indexDocument(doc: ITextDocument): void;
  /**
   * A file indexed because a document includes it or documents it (autodoc) changed on disk: indexed again
   * for the same document (a Python module as its docstrings), or dropped when it is gone (`text` undefined).
   */
  reindexIncluded(uri: string, text: string | undefined): void;
  /**
   * Builds, in slices that yield to the event loop, what the workspace-wide features (references, rename)
   * read of every indexed file; throws `Cancelled` (common/cancel.ts) when `token` is cancelled meanwhile.
   * The features then answer from the cache; what was built before a cancellation stays built.
   */
  prepareWorkspace(token: CancelToken): Promise<void>;
  /**
   * Whether the workspace checks of a document, as last computed, looked at one of the names of
   * `WorkspaceIndex.takeChanges` (so the document must be checked again); true for a document never checked.
   */
  usesAny(uri: string, changes: Set<string> | 'all'): boolean;
  /**
   * The document whose buffer's names the last check of a file read as part of it used (a `part.inc`: the
   * document that includes it); undefined for a file read on its own.
   */
  hostRead(uri: string): string | undefined;
  definition(doc: ITextDocument, offset: number): Location[];
  references(doc: ITextDocument, offset: number, includeDeclaration: boolean): Location[];
  /** The occurrences in `doc` of the name at the offset; undefined off a name (the editor then highlights the word). */
  documentHighlights(doc: ITextDocument, offset: number): Highlight[] | undefined;
  prepareRename(doc: ITextDocument, offset: number): { start: number; end: number; placeholder: string } | { error: string } | undefined;
  rename(doc: ITextDocument, offset: number, newName: string): { changes: WorkspaceEdit } | { error: string } | undefined;
  hover(doc: ITextDocument, offset: number): HoverResult | undefined;
  completion(doc: ITextDocument, offset: number): CompletionItem[];
  documentSymbols(doc: ITextDocument): RstSymbol[];
  workspaceSymbols(query: string): WorkspaceSymbol[];
  foldingRanges(doc: ITextDocument): FoldingRange[];
  documentLinks(doc: ITextDocument): DocumentLink[];
  selectionRanges(doc: ITextDocument, offsets: number[]): Span[][];
  codeActions(doc: ITextDocument, diagnostics: DiagnosticRef[], range?: { start: number; end: number }): CodeAction[];
  /** "Organize hyperlink targets" for the whole document (`source.organizeLinkDefinitions`), when it changes anything. */
  organizeTargets(doc: ITextDocument): CodeAction | undefined;
  /** The table at the cursor formatted, converted or reshaped (`features/tables/`), or why it was left alone. */
  tableEdit(doc: ITextDocument, offset: number, op: TableOperation): TableEditResult;
  /** Whether the cursor is on a table the table commands work on. */
  onTable(doc: ITextDocument, offset: number): boolean;
  /** The edits that keep the paths of every indexed document pointing at renamed or moved files and folders. */
  fileRenameEdits(renames: readonly FileRename[]): FileRenameResult;
  /** Every place of the indexed documents that names the file (or a file inside the folder): Find File References. */
  fileReferences(uri: string): FileReference[];
  /**
   * Text copied from `fromUri` as it is pasted into `toUri`: its relative paths written from the new document's
   * folder (Markdown's update links on paste); undefined when nothing changes.
   */
  pastedText(fromUri: string, toUri: string, text: string): string | undefined;
  /** The same navigation features for a standalone `.dot` / `.gv` document (the whole text is one diagram). */
  readonly dotFile: DotFileFeatures;
}

function sameSpans(a: readonly Span[] | undefined, b: readonly Span[] | undefined): boolean {
  return a === b || (!!a && !!b && a.length === b.length && a.every((s, i) => s.start === b[i].start && s.end === b[i].end));
}

export function createLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  const logger = options.logger ?? nullLogger;
  const settings = options.settings ?? (() => defaultSettings);
  const ws = options.workspace ?? noWorkspace;
  /** Parsed documents; `files`: the files their `csv-table :file:` options name (undefined: none). */
  const cache = new ReadersCache<{ version: number; text: string; registry: DirectiveRegistry; doc: RstDocument; files?: string[] }>();
  const readFile = (uri: string): string | undefined => ws.readFile?.(uri);
  /** Files read for included text and CSV tables, until `fileChanged` names them. */
  const fileCache = new Map<string, string | undefined>();
  const readCached = (uri: string): string | undefined => {
    if (!fileCache.has(uri)) {
      if (fileCache.size > 2000) fileCache.clear();
      fileCache.set(uri, readFile(uri));
    }
    return fileCache.get(uri);
  };
  /** The documents including each file: a file outside every source folder is checked in its includer's project. */
  const includers = new IncluderMap();
  /** Per document, the parts of each file it includes in parts only (`partsRead`). */
  const includeParts = new Map<string, Map<string, Span[]>>();
  /** A file outside every source folder -> the document of a project that is a symbolic link to it. */
  const links = new Map<string, string>();
  /**
   * The document the build reads a file as: for a file outside every source folder that a document of a project
   * links to, that document (the same text under the name Sphinx reads it by); else the file itself.
   */
  const asDocument = (doc: ITextDocument): ITextDocument => {
    const link = links.get(doc.uri);
    // The link must still be a document of the index (a deleted link leaves it; it must not come back).
    if (!link || !index.get(link) || ws.linkTarget?.(link) !== doc.uri || projects.project(doc.uri) || !projects.project(link)) return doc;
    return { uri: link, version: doc.version, getText: () => doc.getText() };
  };
  const projects: ProjectKnowledge = new ProjectKnowledge({ readFile, sourceDir: (uri) => ws.sourceDir(uri), confDir: ws.confDir ? (dir) => ws.confDir!(dir) : undefined, isLinkedFolder: ws.isLinkedFolder ? (uri) => ws.isLinkedFolder!(uri) : undefined, listDir: ws.listDir ? (uri) => ws.listDir!(uri) : undefined }, (m) => logger.info(m), (uri): string[] => includers.of(uri).filter((h) => index.get(h) !== undefined));
  const registries = new Map<string, DirectiveRegistry>();
  let registryKey = '';
  let registrySettings: ReturnType<typeof settings> | undefined;

  /** The registry of a document: docutils, Sphinx, the settings, and its project's extensions and language. */
  function registryFor(uri: string, project = projects.project(uri)): DirectiveRegistry {
    const s = settings();
    // The settings' names are compared as text only when the settings object is another one (every parse asks).
    if (s !== registrySettings) {
      registrySettings = s;
      const key = JSON.stringify([s.directives, s.roles]);
      if (key !== registryKey) {
        registries.clear();
        registryKey = key;
        cache.clear();
      }
    }
    // A Zuul role's README outside every project is read as zuul_sphinx's autoroles read it, and so is a
    // fragment of the role's folder that READMEs include (zuulRoles.ts).
    const zuulRole = !project && uri.endsWith('.rst') && isZuulRoleDocument(uri, (u) => ws.exists(u));
    const pkey = project ? project.root + '\u0000' + project.key : zuulRole ? '\u0000zuul-role' : '';
    let reg = registries.get(pkey);
    if (!reg) {
      reg = createRegistry(s.directives, s.roles, project ? project.extras : zuulRole ? zuulRoleExtras() : undefined);
      registries.set(pkey, reg);
    }
    return reg;
  }

  function parse(doc: ITextDocument): RstDocument {
    const project = projects.project(doc.uri);
    const reg = registryFor(doc.uri, project);
    const hit = cache.get(doc.uri);
    const text = doc.getText();
    // A tree whose CSV files changed was dropped by `fileChanged`: a hit needs no read from the disk.
    if (hit && hit.version === doc.version && hit.text === text && hit.registry === reg) return hit.doc;
    const t0 = performance.now();
    const rfc2822 = project?.rfc2822Suffixes.some((s) => doc.uri.endsWith(s));
    const { readTable, files } = tableReader(doc.uri);
    const parsed = parseRst(text, { registry: reg, rfc2822, readFile: readTable });
    logger.debug(`parsed ${doc.uri} v${doc.version} in ${(performance.now() - t0).toFixed(1)} ms`);
    cache.set(doc.uri, { version: doc.version, text, registry: reg, doc: parsed, files: files.length ? files : undefined });
    return parsed;
  }

  /**
   * What a parse reads the file of a `csv-table :file:` with: the path from the folder of the file being parsed
   * (docutils' `current_source`, an included file's own folder), from the source folder when it starts with `/`;
   * `files` collects the files read, so that a change to one drops the parse.
   */
  function tableReader(uri: string): { readTable: (path: string) => string | undefined; files: string[] } {
    const files: string[] = [];
    const readTable = (path: string) => {
      if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return undefined;
      const file = resolveFromFile(projectWs, uri, path);
      files.push(file);
      return readCached(file);
    };
    return { readTable, files };
  }

  /** Included files, parsed with the registry of the document that includes them (cached by text). */
  const includeCache = new ReadersCache<{ text: string; registry: DirectiveRegistry; doc: RstDocument; files?: string[] }>();
  /** The file of each module an autodoc directive names, per project (`root \0 dotted name`); null when none. */
  const moduleFiles = new Map<string, string | null>();
  const includeContext = (registry: DirectiveRegistry, includeDirectives?: ReadonlyMap<string, string | undefined>): IncludeContext => ({
    includeDirectives,
    readFile: readCached,
    resolve: (from, target, document) => {
      // In a Sphinx project, from the document being read (env.relfn2path), nested includes too; else as docutils.
      const uri = resolvePath(projectWs, projects.project(document) ? document : from, target);
      // A file the build writes as another's text (rst.linker's `NEWS (links).rst`): that file is what is read.
      return (!ws.exists(uri) && projects.project(from)?.madeFrom(uri)) || uri;
    },
    parse(uri, text) {
      const hit = includeCache.get(uri);
      if (hit && hit.text === text && hit.registry === registry) return hit.doc;
      const { readTable, files } = tableReader(uri);
      const doc = parseRst(text, { registry, readFile: readTable });
      if (includeCache.size > 2000) includeCache.clear();
      includeCache.set(uri, { text, registry, doc, files: files.length ? files : undefined });
      return doc;
    },
  });

  const index = new WorkspaceIndex(
    (uri, version, text) => parse({ uri, version, getText: () => text }),
    (summary) => {
      // Files a document includes join the index (their labels count, go to definition opens them); an
      // included `.rst` is indexed as a document of its own anyway.
      try {
        const includes = collectIncludes(summary.doc, summary.uri, includeContext(registryFor(summary.uri), projects.project(summary.uri)?.includeDirectives));
        const moved = includers.set(summary.uri, includes.files.map((f) => f.uri));
        const parts = partsRead(includes.files);
        const before = includeParts.get(summary.uri);
        if (parts.size) includeParts.set(summary.uri, parts);
        else includeParts.delete(summary.uri);
        // A file whose parts this document reads changed (`:start-after:` edited): its paths are read again.
        for (const uri of new Set([...(before?.keys() ?? []), ...parts.keys()])) {
          if (!sameSpans(before?.get(uri), parts.get(uri)) && index.get(uri) && projects.hostOf(uri) === summary.uri) index.reproject(uri);
        }
        for (const f of includes.files) if (!index.get(f.uri)) index.set(f.uri, 0, f.fileText, summary.includedFrom ?? summary.uri);
        // A file outside every source folder that this document now includes (or no longer does), indexed
        // before with another project: read again as its new project reads it.
        // So are the towncrier fragments of such a file (its news file): they are read as it is.
        for (const uri of moved.flatMap((m) => [m, ...projects.fragmentsOf(m)])) {
          const f = index.get(uri);
          // A file of the source folder that is no document: its paths follow its includer (`includedBy`).
          if (f && (f.project !== projects.sourceDir(uri) || projects.hostOf(uri) !== undefined)) index.reproject(uri);
        }
      } catch (e) {
        logger.error(`indexing the includes of ${summary.uri} failed: ${e instanceof Error ? e.stack : String(e)}`);
      }
      // A document that is a symbolic link to a file of the repository (`doc/source/HACKING.rst ->
      // ../../HACKING.rst`): that file, opened itself, is checked as this document (`asDocument`).
      const target = ws.linkTarget?.(summary.uri);
      if (target && target !== summary.uri) links.set(target, summary.uri);
      // The Python modules its autodoc directives document: their docstrings' labels count, as they do in
      // the build (indexed as the docstrings alone, at their places in the `.py` file).
      try {
        const targets = autodocTargets(summary.doc);
        const project = targets.length ? projects.project(summary.uri) : undefined;
        if (project) {
          for (const dotted of targets) {
            // Found once per project and name (a keystroke in the document reads no file): null for none.
            const key = project.root + '\u0000' + dotted;
            let uri = moduleFiles.get(key);
            if (uri === undefined) {
              uri = findModule(dotted, moduleFolders(project.root, project.conf.sysPath), readFile)?.uri ?? null;
              moduleFiles.set(key, uri);
            }
            if (uri === null || index.get(uri)) continue;
            const text = readFile(uri);
            if (text !== undefined) index.set(uri, 0, docstringText(text), summary.includedFrom ?? summary.uri);
          }
        }
      } catch (e) {
        logger.error(`indexing the modules ${summary.uri} documents failed: ${e instanceof Error ? e.stack : String(e)}`);
      }
    },
    // A document's project is its Sphinx source folder: the conf.py folder, or one of sphinx-multiproject's.
    (uri) => projects.sourceDir(uri),
  );
  const projectWs: IWorkspace = {
    exists: (uri) => ws.exists(uri) || !!projects.project(uri)?.generated(uri),
    sourceDir: (uri) => projects.sourceDir(uri),
    readFile: ws.readFile ? (uri) => ws.readFile!(uri) : undefined,
    isOutside: ws.isOutside ? (uri) => ws.isOutside!(uri) : undefined,
    listDir: ws.listDir ? (uri) => ws.listDir!(uri) : undefined,
    includedBy: (uri) => projects.hostOf(uri),
    includedParts: (uri, host = projects.hostOf(uri)) => {
      return host === undefined ? undefined : includeParts.get(host)?.get(uri);
    },
  };
  const ctx: FeatureContext = { index, ws: projectWs, projects };
  const indexDocument = (doc: ITextDocument) => {
    index.set(doc.uri, doc.version, doc.getText());
  };
  const providers: DiagnosticProvider[] = [...(options.diagnosticProviders ?? [])];
  const fastProviders: DiagnosticProvider[] = [...(options.fastDiagnosticProviders ?? options.diagnosticProviders ?? [])];
  /** The names of the index each document's workspace checks looked at, as last computed. */
  const uses = new Map<string, Set<string>>();
  const checkWorkspace = (uri: string) => {
    const used = new Set<string>();
    const out = workspaceDiagnostics(ctx, uri, used);
    uses.set(uri, used);
    return out;
  };
  if (options.workspace) {
    providers.push((_doc, uri) => checkWorkspace(uri));
    fastProviders.push((_doc, uri) => checkWorkspace(uri));
  }
  const diagnostics = createDocumentDiagnostics({ logger, settings, projects, parse, registryFor, includeContext, indexDocument, indexedTree: (uri) => index.get(uri)?.doc, workspaceProblems: (uri) => (options.workspace && index.get(uri) ? workspaceDiagnostics(ctx, uri, new Set()) : []), declaredRoles: options.workspace ? (uri, problems, host) => resolveDeclaredRoles(ctx, uri, problems, (host === undefined ? uses.get(uri) : undefined) ?? new Set(), host) : undefined, providers, fastProviders, readFile, listDir: ws.listDir ? (uri) => ws.listDir!(uri) : undefined });

  return {
    parse,
    index,
    projectWorkspace: projectWs,
    indexDocument,
    reindexIncluded(uri, text) {
      const old = index.get(uri);
      if (text === undefined) index.delete(uri);
      else index.set(uri, 0, uri.endsWith('.py') ? docstringText(text) : text, old?.includedFrom);
    },
    prepareWorkspace: (token) => sliced([...ctx.index.all()], token, (f) => void navEntries(f, ctx.ws)),
    usesAny(uri, changes) {
      const used = uses.get(uri);
      if (!used || changes === 'all') return true;
      if (changes.size < used.size) {
        for (const c of changes) if (used.has(c)) return true;
      } else {
        for (const u of used) if (changes.has(u)) return true;
      }
      return false;
    },
    projects,
    fileChanged(uri) {
      diagnostics.forget();
      diagnostics.notesChanged(uri);
      moduleFiles.clear(); // a module may have come or gone
      if (uri === undefined) {
        fileCache.clear();
        includeCache.clear();
      } else {
        fileCache.delete(uri);
        includeCache.delete(uri);
      }
      // A document or included file whose csv-table reads the file is parsed again (found by the file).
      cache.dropReaders(uri);
      includeCache.dropReaders(uri);
      if (uri === undefined || /\/(conf\.py|pyproject\.toml|setup\.cfg)$|\.py$/.test(uri)) {
        if (projects.invalidate(uri)) {
          registries.clear();
          cache.clear();
          return true;
        }
      }
      return false;
    },
    computeRstDiagnostics: diagnostics.computeRstDiagnostics,
    computeReleaseNoteDiagnostics: diagnostics.computeReleaseNoteDiagnostics,
    notesKnown: diagnostics.notesKnown,
    readNotes: diagnostics.readNotes,
    releaseNotePage: diagnostics.releaseNotePage,
    releaseNoteLinks: diagnostics.releaseNoteLinks,
    releaseNoteSections: (doc, offset) => releaseNoteSections(doc.getText(), offset, diagnostics.renoConfigFor(doc.uri)),
    includedFileDiagnostics: diagnostics.includedFileDiagnostics,
    hostRead: diagnostics.hostRead,
    computeFastDiagnostics: (doc) => diagnostics.computeFastDiagnostics(asDocument(doc)),
    computeDiagnostics: (doc) => diagnostics.computeDiagnostics(asDocument(doc)),
    parseCacheSizes: () => ({ documents: cache.size, included: includeCache.size, readFiles: cache.readFiles + includeCache.readFiles }),
    close(uri) {
      cache.delete(uri);
      diagnostics.close(uri);
      uses.delete(uri);
    },
    registry: (uri) => (uri ? registryFor(uri) : createRegistry(settings().directives, settings().roles)),
    definition(doc, offset) {
      indexDocument(doc);
      return findDefinitions(ctx, doc.uri, offset);
    },
    references(doc, offset, includeDeclaration) {
      indexDocument(doc);
      return findReferences(ctx, doc.uri, offset, includeDeclaration);
    },
    documentHighlights(doc, offset) {
      indexDocument(doc);
      return documentHighlights(ctx, doc.uri, offset);
    },
    prepareRename(doc, offset) {
      indexDocument(doc);
      return prepareRename(ctx, doc.uri, offset);
    },
    rename(doc, offset, newName) {
      indexDocument(doc);
      return rename(ctx, doc.uri, offset, newName);
    },
    hover(doc, offset) {
      indexDocument(doc);
      return hover(ctx, doc.uri, offset, registryFor(doc.uri));
    },
    completion(doc, offset) {
      indexDocument(doc);
      return complete(ctx, registryFor(doc.uri), doc.uri, offset, { paths: settings().suggest.paths.enabled });
    },
    documentSymbols(doc) {
      return documentSymbols(parse(doc));
    },
    workspaceSymbols(query) {
      return workspaceSymbols(ctx, query);
    },
    foldingRanges(doc) {
      const parsed = parse(doc);
      return foldingRanges(parsed, (o) => offsetToPosition(parsed.lines.start, o).line);
    },
    documentLinks(doc) {
      indexDocument(doc);
      return documentLinks(ctx, doc.uri);
    },
    selectionRanges(doc, offsets) {
      const parsed = parse(doc);
      return offsets.map((o) => selectionRanges(parsed, o));
    },
    codeActions(doc, diagnostics, range) {
      indexDocument(doc);
      return codeActions(ctx, doc.uri, diagnostics, range);
    },
    organizeTargets(doc) {
      indexDocument(doc);
      return organizeTargetsAction(ctx, doc.uri, unusedTargetStarts(ctx, doc.uri));
    },
    tableEdit(doc, offset, op) {
      return tableEdit(parse(doc), registryFor(doc.uri), offset, op);
    },
    onTable(doc, offset) {
      return isOnTable(parse(doc), offset);
    },
    fileRenameEdits: (renames) => fileRenameEdits(ctx, renames),
    fileReferences: (uri) => fileReferences(ctx, uri),
    pastedText(fromUri, toUri, text) {
      // The copied text read as a document of its own where it was written (its registry, its folder).
      const snippet = summarize(fromUri, 0, parseRst(text, { registry: registryFor(fromUri) }));
      return pastedText(ctx, snippet, toUri);
    },
    dotFile: dotFileFeatures,
  };
}
