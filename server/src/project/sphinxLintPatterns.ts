/**
 * What sphinx-lint's checks share (`sphinxlint/rst.py` of sphinx-lint 1.0.2, written for JavaScript): a role's
 * name, where a role may start, the punctuation allowed around inline markup; how a finding is reported; where a
 * line ends.
 */

/** A backquote, inside the raw patterns. */
export const B = '`';
/** A word character of Python's `regex` module (sphinx-lint's `\w`). */
export const W = String.raw`[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_C}]`;
/** A role's name as sphinx-lint writes it (`SIMPLENAME`): words without underscores joined by one of `-._+:`. */
export const SIMPLE_NAME = String.raw`(?:(?!_)${W})+(?:[-._+:](?:(?!_)${W})+)*`;
/** A role's name between its colons (`ROLE_TAG`). */
export const ROLE_TAG = `:${SIMPLE_NAME}:`;
/** A role's start as sphinx-lint knows it (`ROLE_HEAD`): at the text's start or after white space or one of `(/'{[*-`. */
export const ROLE_HEAD = String.raw`(?:^|(?<=[\s(/'{\[*-]))${ROLE_TAG}`;
/** What may stand right before inline markup, white space and the text's start aside. */
export const BEFORE_MARKUP = String.raw`[-:/'"<(\[{]|[\p{Ps}\p{Pi}\p{Pf}\p{Pd}\p{Po}]`;
/** What may stand right after inline markup, white space and the text's end aside. */
export const AFTER_MARKUP = String.raw`[-.,:;!?/'")\]}>]|[\p{Pe}\p{Pi}\p{Pf}\p{Pd}\p{Po}]`;

/** Reports a finding of the check `name` over `[start, end)` of the document. */
export type Report = (name: string, start: number, end: number, message: string) => void;

/** Where line `n` (of lines starting at `starts`) ends, before its `\n`, `\r\n` or `\r`. */
export function lineEnd(text: string, starts: readonly number[], n: number): number {
  const from = starts[n];
  let end = n + 1 < starts.length ? starts[n + 1] : text.length;
  if (end > from && text.charCodeAt(end - 1) === 10) end--;
  if (end > from && text.charCodeAt(end - 1) === 13) end--;
  return end;
}
