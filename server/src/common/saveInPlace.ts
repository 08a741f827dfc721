/**
 * An editor that saves in place truncates the file, then writes it: a change read in between finds it
 * empty. An empty read after a non-empty text is taken only when no further change comes within this many
 * milliseconds (on a busy machine the two steps can be far apart). `ha-guide preview` and the language
 * server both wait so: showing the empty document would replace every drawing on the page, and indexing it
 * would drop its labels (every reference to them reported unknown until the next change).
 */
export const EMPTY_SETTLE_MS = 300;
