/** Parameters from the client are checked before use: a client may send anything. */
import type { FileEvent } from 'vscode-languageserver';

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}
export function isString(x: unknown): x is string {
  return typeof x === 'string';
}
export function isIndex(x: unknown): boolean {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0;
}
export function isPosition(x: unknown): boolean {
  return isObject(x) && isIndex(x.line) && isIndex(x.character);
}
export function isRange(x: unknown): boolean {
  return isObject(x) && isPosition(x.start) && isPosition(x.end);
}
/** `{ textDocument: { uri: string } }`. */
export function onDocument(p: unknown): boolean {
  return isObject(p) && isObject(p.textDocument) && isString(p.textDocument.uri);
}
/** `{ textDocument: { uri: string }, position: Position }`. */
export function atPosition(p: unknown): boolean {
  return onDocument(p) && isPosition((p as { position?: unknown }).position);
}
/** The URIs of a list of `{ uri }` (workspace folders), the malformed ones left out. */
export function uris(list: unknown): string[] {
  return Array.isArray(list) ? list.map((f: unknown) => (isObject(f) ? f.uri : undefined)).filter(isString) : [];
}

/** The well-formed changes of a `workspace/didChangeWatchedFiles` notification; the others are reported. */
export function watchedChanges(e: unknown, warn: (message: string) => void): FileEvent[] {
  const changes = isObject(e) && Array.isArray(e.changes) ? (e.changes as unknown[]) : [];
  const valid = changes.filter((c): c is FileEvent => isObject(c) && isString(c.uri) && typeof c.type === 'number');
  if (valid.length !== changes.length || !isObject(e) || !Array.isArray(e.changes)) warn(`ignored ${Math.max(changes.length - valid.length, 1)} malformed file change(s)`);
  return valid;
}
