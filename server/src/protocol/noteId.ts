/**
 * A new id for a reno release note: 16 random hex digits, as `reno new` appends to a note's name. Shared by the
 * client's **New Release Note** and the server's quick fix that gives a note a new id (`crypto` of Node 20 and of
 * browsers).
 */
export function newNoteId(): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
}
