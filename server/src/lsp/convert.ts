/**
 * The service's offsets as LSP positions: ranges in open buffers, in the index's text of other documents or in
 * a file's disk text; locations, workspace edits, document symbols and diagnostics.
 */
import {
  CompletionItemKind,
  type Diagnostic,
  DiagnosticSeverity,
  DiagnosticTag,
  type DocumentSymbol,
  type Location as LspLocation,
  type Range,
  SymbolKind,
  type TextDocuments,
  type WorkspaceEdit as LspWorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { RstSymbol } from '../features/documentSymbols';
import type { Location, WorkspaceEdit } from '../features/types';
import type { HgDiagnostic, LanguageService } from '../languageService';
import { buildLineStarts, offsetToPosition } from '../common/lines';

const severityMap = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

export const completionKinds = {
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

export function symbolKind(k: RstSymbol['kind']): SymbolKind {
  return k === 'section' ? SymbolKind.String : k === 'diagram' ? SymbolKind.Object : k === 'cluster' ? SymbolKind.Namespace : SymbolKind.Key;
}

/**
 * A symbol's name as the outline shows it: never empty or blank (LSP and VS Code refuse those): a name of white
 * space only (a DOT graph named `\u00a0`) is shown quoted, a missing one as `(untitled)`.
 */
export function symbolName(name: string): string {
  if (!name) return '(untitled)';
  return name.trim() ? name : `"${name}"`;
}

export function toDocumentSymbol(doc: TextDocument, s: RstSymbol): DocumentSymbol {
  return {
    name: symbolName(s.name),
    detail: s.detail,
    kind: symbolKind(s.kind),
    range: { start: doc.positionAt(s.range.start), end: doc.positionAt(s.range.end) },
    selectionRange: { start: doc.positionAt(s.selection.start), end: doc.positionAt(s.selection.end) },
    children: s.children.map((c) => toDocumentSymbol(doc, c)),
  };
}

export interface ConversionDeps {
  documents: TextDocuments<TextDocument>;
  service: Pick<LanguageService, 'index'>;
  /** A file's text on disk (a file neither open nor indexed). */
  readFile(uri: string): string | undefined;
}

/** The conversions that look up where a URI's text is: the open buffer, the index or the disk. */
export interface Conversions {
  toRange(uri: string, start: number, end: number): Range;
  /**
   * A range in another document as a check saw it: the index's text of that document, which the check's offsets
   * were computed against (an open document typed in since may be ahead of it until its own check indexes it).
   */
  toIndexedRange(uri: string, start: number, end: number): Range;
  toLspLocation(l: Location): LspLocation;
  toLspEdit(edit: WorkspaceEdit): LspWorkspaceEdit;
  /** A diagnostic of `doc`, its related locations in other documents measured in the index's text. */
  toLsp(doc: TextDocument, d: HgDiagnostic): Diagnostic;
}

export function createConversions({ documents, service, readFile }: ConversionDeps): Conversions {
  function toRange(uri: string, start: number, end: number): Range {
    const open = documents.get(uri);
    if (open) return { start: open.positionAt(start), end: open.positionAt(end) };
    const zero = { line: 0, character: 0 };
    if (!service.index.get(uri)) {
      // A file that is neither open nor indexed (pyproject.toml for a quick fix): its text on disk.
      const text = readFile(uri);
      if (text !== undefined) {
        const starts = buildLineStarts(text);
        return { start: offsetToPosition(starts, start), end: offsetToPosition(starts, end) };
      }
    }
    return { start: service.index.position(uri, start) ?? zero, end: service.index.position(uri, end) ?? zero };
  }
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
      ...(d.unnecessary ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    };
  }
  return { toRange, toIndexedRange, toLspLocation, toLspEdit, toLsp };
}
