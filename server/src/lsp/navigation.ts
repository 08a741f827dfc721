/**
 * The language feature requests: look the document up, call the service, convert offsets to positions.
 * Definition, references, rename, hover, completion, symbols, folding, links, selection ranges, code actions
 * (with the table handlers of tables.ts), paths that follow renamed files, and the preview.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  type Connection,
  type Diagnostic,
  DocumentHighlightKind,
  FoldingRangeKind,
  InsertTextFormat,
  LSPErrorCodes,
  ResponseError,
  type SelectionRange,
  SymbolKind,
  type TextDocuments,
  type CodeActionParams,
  type DocumentLinkParams,
  type DocumentSymbolParams,
  type FoldingRangeParams,
  type ReferenceParams,
  type RenameFilesParams,
  type RenameParams,
  type SelectionRangeParams,
  type TextDocumentChangeEvent,
  type TextDocumentPositionParams,
  type WorkspaceSymbolParams,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CancelToken } from '../common/cancel';
import type { ServerHost } from '../host';
import type { HostLanguageService } from '../hostService';
import type { ILogger } from '../logger';
import { renderForPreview } from '../preview/previewRequest';
import { previewSecurity } from '../preview/security';
import { Methods, type FileReferencesParams, type PastedTextParams, type PastedTextResult, type PreviewParams } from '../protocol/requests';
import { completionKinds, symbolName, toDocumentSymbol, type Conversions } from './convert';
import type { GlueState, NotificationWrapper, RequestWrapper } from './glue';
import { atPosition, isObject, isPosition, isRange, isString, onDocument } from './params';
import { registerTableHandlers } from './tables';
import { oneLine } from './textSync';
import { ORGANIZE_TARGETS_KIND } from '../features/organizeTargets';
import { isOtherLanguage, isReleaseNoteDocument } from './documentKinds';
import { noteKind, releaseNoteActions } from '../features/releaseNotes';
import { safeDecode } from '../common/uri';
import { newNoteId } from '../protocol/noteId';

export interface NavigationDeps {
  connection: Connection;
  host: ServerHost;
  documents: TextDocuments<TextDocument>;
  service: HostLanguageService;
  state: GlueState;
  logger: ILogger;
  request: RequestWrapper;
  notification: NotificationWrapper;
  convert: Conversions;
  /** Settles when the first indexing of the workspace folders ends. */
  initialIndex: Promise<void>;
  /** Disk reads of documents just closed (requests answering with places in other documents wait for them). */
  rereads: ReadonlySet<Promise<void>>;
}

/**
 * Registers the feature requests, the table handlers and the preview, and a didClose listener that lets the
 * preview forget a closed document (after the checks' own didClose listener).
 */
export function registerNavigationHandlers({ connection, host, documents, service, state, logger, request, notification, convert, initialIndex, rereads }: NavigationDeps): void {
  const { toRange, toLspLocation, toLspEdit } = convert;
  /**
   * An open document the language features work on: reStructuredText or DOT. A project's conf.py is open
   * only for its hover (what could not be read statically).
   */
  const docOf = (uri: string) => {
    const d = documents.get(uri);
    return d && !isOtherLanguage(d) ? d : undefined;
  };
  /**
   * Cross-file answers (workspace symbols, references, rename, definition) convert offsets of other open
   * documents with those documents' current text: index them as they are now (a no-op when unchanged), so an
   * edit not yet checked never yields ranges from an older version.
   */
  function syncOpenDocuments() {
    for (const d of documents.all()) if (d.languageId !== 'dot' && !isOtherLanguage(d)) service.indexDocument(d);
    return service;
  }
  /**
   * What a request that answers with places in other documents waits for: the first indexing, and the disk
   * text of every document just closed. Until its disk read lands, the index holds a closed document as its
   * last check saw it (edits typed after that check and before the close were never checked), a text that
   * exists nowhere: ranges measured in it point at the wrong lines.
   */
  async function indexSettled() {
    await initialIndex;
    while (rereads.size) await Promise.allSettled(rereads);
  }
  /** The open documents indexed, then what workspace-wide features read of every document, in cancellable slices. */
  async function prepareWorkspace(method: string, token: CancelToken) {
    logger.debug(`${method}: reading the entries of the workspace's documents`);
    await syncOpenDocuments().prepareWorkspace(token);
  }
  /** Links, selection ranges and quick fixes apply to reStructuredText documents only. */
  const rstDoc = (uri: string) => {
    const d = documents.get(uri);
    return d && d.languageId !== 'dot' && !isOtherLanguage(d) ? d : undefined;
  };
  /**
   * The document a request names, pinned at the version the request arrived for. A handler that waits (for the
   * first index, or for the workspace's documents in slices) may resume after edits to it: its position then
   * names another place in the new text, and its answer would be ranges in neither version. `now()` gives the
   * document when its version is unchanged and otherwise answers ContentModified, as LSP asks (the client
   * drops the answer and asks again).
   */
  function pin(uri: string, method: string) {
    const version = docOf(uri)?.version;
    return {
      now: () => {
        const d = docOf(uri);
        if (d?.version !== version) {
          logger.debug(`${method}: ${uri} changed from version ${version ?? 'closed'} to ${d?.version ?? 'closed'} while the request waited`);
          throw new ResponseError(LSPErrorCodes.ContentModified, `${method}: the document changed while the request waited`);
        }
        return d;
      },
    };
  }
  /** The other navigation features: the RST ones (DOT inside diagrams included), or the DOT ones for a `.dot` document. */
  const nav = (doc: TextDocument) => (doc.languageId === 'dot' ? service.dotFile : service);
  connection.onDefinition(request('textDocument/definition', atPosition, async ({ textDocument, position }: TextDocumentPositionParams) => {
    const pinned = pin(textDocument.uri, 'textDocument/definition');
    await indexSettled();
    syncOpenDocuments();
    const doc = pinned.now();
    return doc ? nav(doc).definition(doc, doc.offsetAt(position)).map(toLspLocation) : null;
  }));
  connection.onReferences(request('textDocument/references', (p) => atPosition(p) && isObject((p as { context?: unknown }).context), async ({ textDocument, position, context }: ReferenceParams, token) => {
    const pinned = pin(textDocument.uri, 'textDocument/references');
    await indexSettled();
    await prepareWorkspace('textDocument/references', token);
    const doc = pinned.now();
    return doc ? nav(doc).references(doc, doc.offsetAt(position), !!context.includeDeclaration).map(toLspLocation) : null;
  }));
  // Only the document itself is read: no wait for the workspace, so the highlight follows the cursor at once.
  // With `haGuide.occurrencesHighlight.enabled` off, no answer: VS Code's word highlight marks the word instead.
  connection.onDocumentHighlight(request('textDocument/documentHighlight', atPosition, async ({ textDocument, position }: TextDocumentPositionParams) => {
    await state.settingsRead; // its setting decides whether there is an answer
    if (!state.settings.occurrencesHighlight.enabled) return null;
    const doc = docOf(textDocument.uri);
    const highlights = doc && nav(doc).documentHighlights(doc, doc.offsetAt(position));
    if (!doc || !highlights) return null;
    return highlights.map((h) => ({ range: toRange(doc.uri, h.start, h.end), kind: h.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
  }));
  connection.onPrepareRename(request('textDocument/prepareRename', atPosition, async ({ textDocument, position }: TextDocumentPositionParams, token) => {
    const pinned = pin(textDocument.uri, 'textDocument/prepareRename');
    await indexSettled();
    await prepareWorkspace('textDocument/prepareRename', token);
    const doc = pinned.now();
    const r = doc && nav(doc).prepareRename(doc, doc.offsetAt(position));
    if (!doc || !r) return null;
    if ('error' in r) throw new ResponseError(LSPErrorCodes.RequestFailed, r.error);
    return { range: toRange(doc.uri, r.start, r.end), placeholder: r.placeholder };
  }));
  connection.onRenameRequest(request('textDocument/rename', (p) => atPosition(p) && isString((p as { newName?: unknown }).newName), async ({ textDocument, position, newName }: RenameParams, token) => {
    const pinned = pin(textDocument.uri, 'textDocument/rename');
    await indexSettled();
    await prepareWorkspace('textDocument/rename', token);
    const doc = pinned.now();
    const r = doc && nav(doc).rename(doc, doc.offsetAt(position), newName);
    if (!doc || !r) return null;
    if ('error' in r) throw new ResponseError(LSPErrorCodes.RequestFailed, r.error);
    return toLspEdit(r.changes);
  }));
  connection.onHover(request('textDocument/hover', atPosition, async ({ textDocument, position }: TextDocumentPositionParams) => {
    const pinned = pin(textDocument.uri, 'textDocument/hover');
    if (documents.get(textDocument.uri)?.languageId !== 'python') await indexSettled();
    if (documents.get(textDocument.uri)?.languageId === 'python') {
      service.projects.project(textDocument.uri); // read the project of this conf.py if nothing has yet
      const notes = service.projects.notesFor(textDocument.uri).filter((n) => n.line === position.line);
      return notes.length ? { contents: { kind: 'markdown' as const, value: notes.map((n) => `HA Guide Studio read this file without running it: ${n.message}`).join('\n\n') } } : null;
    }
    const doc = pinned.now();
    const h = doc && nav(doc).hover(doc, doc.offsetAt(position));
    return doc && h ? { contents: { kind: 'markdown' as const, value: h.contents }, range: toRange(doc.uri, h.start, h.end) } : null;
  }));
  connection.onCompletion(request('textDocument/completion', atPosition, async ({ textDocument, position }: TextDocumentPositionParams) => {
    await state.settingsRead; // haGuide.suggest.paths.enabled, the directives and roles of the settings
    const note = documents.get(textDocument.uri);
    if (note && isReleaseNoteDocument(note)) {
      // A release note: the sections reno knows that the file does not have yet, where a top-level key is typed.
      const at = note.offsetAt(position);
      return service.releaseNoteSections(note, at).map((c, i) => ({
        label: c.name,
        kind: CompletionItemKind.Property,
        detail: c.title,
        textEdit: { range: { start: note.positionAt(c.replaceStart), end: position }, newText: c.snippet },
        insertTextFormat: InsertTextFormat.Snippet,
        sortText: String(i).padStart(3, '0'),
      }));
    }
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
    (await indexSettled(), syncOpenDocuments()).workspaceSymbols(query).map((s) => ({
      name: symbolName(s.name),
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
    // A reno note: its named references open the addresses of their targets, as Markdown's reference links do.
    const note = documents.get(textDocument.uri);
    if (note && isReleaseNoteDocument(note)) return service.releaseNoteLinks(note).map((l) => ({ range: toRange(note.uri, l.start, l.end), target: l.target, tooltip: 'Follow link' }));
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
    // A release note's quick fixes (its section's name, its file's name).
    const note = documents.get(textDocument.uri);
    const kind = note && noteKind(note.uri);
    if (note && (kind === 'note' || (kind === 'ignored' && !service.projects.project(note.uri)))) return releaseNoteFixes(note, context.diagnostics);
    const pinned = pin(textDocument.uri, 'textDocument/codeAction');
    await indexSettled();
    const doc = pinned.now() && rstDoc(textDocument.uri);
    if (!doc) return null;
    const ours = context.diagnostics.filter((d) => isObject(d) && isRange(d.range) && typeof d.code === 'string' && /^(rst|dot|sphinx)\./.test(d.code));
    const actions = service.codeActions(
      doc,
      ours.map((d) => ({ code: String(d.code), message: d.message, start: doc.offsetAt(d.range.start), end: doc.offsetAt(d.range.end), data: d.data as Record<string, unknown> | undefined })),
      { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) },
    );
    // Organize hyperlink targets, when asked for by its kind or a kind above it (the Source Action menu,
    // `editor.codeActionsOnSave`), as Markdown's Organize link definitions; never in the light bulb.
    const only = Array.isArray(context.only) ? context.only.filter((k): k is string => typeof k === 'string') : [];
    if (only.some((k) => ORGANIZE_TARGETS_KIND === k || ORGANIZE_TARGETS_KIND.startsWith(`${k}.`))) {
      const organize = service.organizeTargets(doc);
      if (organize) actions.push(organize);
    }
    const fixes = actions.map((a) => ({
      title: a.title,
      kind: a.kind === 'refactor.extract' ? CodeActionKind.RefactorExtract : a.kind === ORGANIZE_TARGETS_KIND ? ORGANIZE_TARGETS_KIND : CodeActionKind.QuickFix,
      diagnostics: a.fixes >= 0 ? [ours[a.fixes]] : undefined,
      isPreferred: a.isPreferred,
      edit: toLspEdit(a.edit),
    }));
    return [...fixes, ...tables.actions(doc, range.start)];
  }));
  /** The quick fixes of a release note's problems: an edit of its text, or its file renamed in its folder. */
  function releaseNoteFixes(doc: TextDocument, diagnostics: unknown[]) {
    const ours = diagnostics.filter((d): d is Diagnostic => isObject(d) && isRange(d.range) && typeof d.code === 'string' && d.code.startsWith('reno.'));
    const slash = doc.uri.lastIndexOf('/');
    const name = safeDecode(doc.uri.slice(slash + 1));
    const refs = ours.map((d) => ({ code: String(d.code), start: doc.offsetAt(d.range.start), end: doc.offsetAt(d.range.end), data: isObject(d.data) ? (d.data as Record<string, unknown>) : undefined }));
    return releaseNoteActions(name, refs, newNoteId).map((a) => ({
      title: a.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [ours[a.fixes]],
      isPreferred: true,
      edit: a.edit
        ? { changes: { [doc.uri]: [{ range: { start: doc.positionAt(a.edit.start), end: doc.positionAt(a.edit.end) }, newText: a.edit.newText }] } }
        : { documentChanges: [{ kind: 'rename' as const, oldUri: doc.uri, newUri: doc.uri.slice(0, slash + 1) + encodeURIComponent(a.rename!) }] },
    }));
  }
  // Tables (features/tables/): the commands, their code actions and realignment as `|` is typed.
  const tables = registerTableHandlers({ connection, service, rstDoc, toRange, request });
  const validRenames = (p: unknown) => isObject(p) && Array.isArray(p.files) && p.files.every((f) => isObject(f) && isString(f.oldUri) && isString(f.newUri));
  connection.workspace.onWillRenameFiles(request('workspace/willRenameFiles', validRenames, async ({ files }: RenameFilesParams) => {
    await indexSettled(); // a buffer just closed: its disk text, not the closed buffer's
    const r = syncOpenDocuments().fileRenameEdits(files);
    for (const s of r.skipped) logger.warn(`${s.uri}: ${s.reason}; left as written`);
    return Object.keys(r.changes).length ? toLspEdit(r.changes) : null;
  }));
  // Find File References: the paths that name a file or folder, in every indexed document.
  connection.onRequest(
    Methods.fileReferences,
    request(Methods.fileReferences, (p: unknown) => isObject(p) && isString(p.uri), async ({ uri }: FileReferencesParams) => {
      await indexSettled();
      return syncOpenDocuments().fileReferences(uri).map(toLspLocation);
    }),
  );
  // Paste into another document: the copied text's relative paths written from the new document's folder
  // (Markdown's updateLinksOnPaste). Null when nothing changes; text past 1 MB is pasted as it is.
  connection.onRequest(
    Methods.pastedText,
    request(
      Methods.pastedText,
      (p: unknown) => isObject(p) && isString(p.fromUri) && isString(p.toUri) && isString(p.text),
      async ({ fromUri, toUri, text }: PastedTextParams): Promise<PastedTextResult | null> => {
        if (text.length > 1_000_000) return null;
        await indexSettled();
        const pasted = syncOpenDocuments().pastedText(fromUri, toUri, text);
        return pasted === undefined ? null : { text: pasted };
      },
    ),
  );
  // Live preview: the document rendered as HTML + SVG (one parse, the diagnostics' Graphviz cache).
  const previewRenderer = host.createPreviewRenderer(service);
  const validPreview = (p: unknown) =>
    isObject(p) && isString(p.uri) && (p.text === undefined || isString(p.text)) && (p.waitMs === undefined || typeof p.waitMs === 'number') && (p.security === undefined || isString(p.security));
  connection.onRequest(
    Methods.preview,
    request(Methods.preview, validPreview, (p: PreviewParams) =>
      renderForPreview(service, previewRenderer, documents.get(p.uri), p, { resolveResource: host.previewResourcePolicy(state.folders, p.uri, previewSecurity(p.security)) }),
    ),
  );
  documents.onDidClose(notification('textDocument/didClose', (e: TextDocumentChangeEvent<TextDocument>) => previewRenderer.forget(e.document.uri)));
}
