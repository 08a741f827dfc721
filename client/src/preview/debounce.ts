/**
 * How long a render waits after a keystroke, from what the last one cost: none while renders take under a
 * frame (the preview follows typing at once; a render in flight already coalesces what comes meanwhile), then
 * as long as the last render took, at most {@link PREVIEW_MAX_DEBOUNCE_MS}, so large documents are not
 * rendered for every character of a burst of typing.
 */
export function previewDebounceMs(lastRequestMs: number): number {
  return lastRequestMs < PREVIEW_INSTANT_MS ? 0 : Math.min(Math.round(lastRequestMs), PREVIEW_MAX_DEBOUNCE_MS);
}
export const PREVIEW_INSTANT_MS = 16;
export const PREVIEW_MAX_DEBOUNCE_MS = 300;
