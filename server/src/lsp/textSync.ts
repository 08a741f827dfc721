/** Document text as the client sends it, and small conversions of the LSP glue. */
import type { Range } from 'vscode-languageserver';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { isObject, isRange, isString } from './params';

/** An error with its stack, for the log. */
export function describeError(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

/** LSP wants a completion's edit on one line: a range that would start on an earlier line starts at the cursor. */
export function oneLine(r: Range): Range {
  return r.start.line === r.end.line ? r : { start: r.end, end: r.end };
}

/**
 * Applies a `didChange`'s changes. Malformed changes are reported and skipped. The library's incremental
 * update (vscode-languageserver-textdocument 1.0.12) keeps its line table wrong when an edit makes a `\r`
 * and a `\n` meet as one `\r\n` line break; such a change re-reads the line table from the whole text.
 */
export function applyChanges(doc: TextDocument, changes: readonly TextDocumentContentChangeEvent[], version: number, error: (message: string) => void): TextDocument {
  for (const c of changes) {
    if (!isObject(c) || !isString(c.text) || ('range' in c && c.range !== undefined && !isRange(c.range))) {
      error(`ignored a malformed change of ${doc.uri} (the document may be out of step with the editor)`);
      continue;
    }
    if (!('range' in c) || c.range === undefined) {
      TextDocument.update(doc, [{ text: c.text }], version);
      continue;
    }
    const start = Math.min(doc.offsetAt(c.range.start), doc.offsetAt(c.range.end));
    TextDocument.update(doc, [c], version);
    const text = doc.getText();
    const end = start + c.text.length;
    const joins = (at: number) => text.charCodeAt(at - 1) === 13 && text.charCodeAt(at) === 10;
    if (joins(start) || joins(end)) TextDocument.update(doc, [{ text }], version);
  }
  TextDocument.update(doc, [], version);
  return doc;
}
