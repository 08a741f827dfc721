/** docutils' Body.patterns, applied to the text at the margin (sticky: run with `at`, no slicing). */
export const RE = {
  bullet: /[-+*\u2022\u2023\u2043]([ \t]+|$)/my,
  enumerator: /(?:(\d+|[a-z]|[A-Z]|[ivxlcdm]+|[IVXLCDM]+|#)\.|\((\d+|[a-z]|[A-Z]|[ivxlcdm]+|[IVXLCDM]+|#)\)|(\d+|[a-z]|[A-Z]|[ivxlcdm]+|[IVXLCDM]+|#)\))([ \t]+|$)/my,
  fieldMarker: /:(?![: ])((?:[^:\\\r\n]|\\.|:(?!([ `]|$)))*)(?<! ):([ \t]+|$)/my,
  optionMarker:
    /((?:-|\+)[a-zA-Z0-9]|(?:--|\/)[a-zA-Z0-9][a-zA-Z0-9_-]*)(?:(?: |=)(?:[a-zA-Z][a-zA-Z0-9_-]*|<[^<>\r\n]+>))?(?:, (?:(?:-|\+)[a-zA-Z0-9]|(?:--|\/)[a-zA-Z0-9][a-zA-Z0-9_-]*)(?:(?: |=)(?:[a-zA-Z][a-zA-Z0-9_-]*|<[^<>\r\n]+>))?)*( {2}[ \t]*|\t[ \t]*| ?$)/my,
  doctest: />>>([ \t]+|$)/my,
  lineBlock: /\|([ \t]+|$)/my,
  gridTop: /\+-[-+]+-\+[ \t]*$/my,
  simpleTop: /=+([ \t]+=+)+[ \t]*$/my, // tabs too: docutils expands them before it looks for tables
  explicit: /\.\.([ \t]+|$)/my,
  anonymous: /__([ \t]+|$)/my,
  line: /([!-/:-@[-`{-~])\1*[ \t]*$/my,
};

export const WHITE = /\s/;

export const RE_ALL = Object.values(RE);

/** Runs a sticky pattern at `offset` of `text` (no slicing: `$` is the end of the line). */
export function at(re: RegExp, text: string, offset: number): RegExpExecArray | null {
  re.lastIndex = offset;
  return re.exec(text);
}

/** Whether a sticky pattern matches at `offset` of `text` (no match array is made). */
export function is(re: RegExp, text: string, offset: number): boolean {
  re.lastIndex = offset;
  return re.test(text);
}

/** docutils' bullet characters: `-`, `+`, `*`, `•`, `‣`, `⁃`. */
export function isBulletChar(c: number): boolean {
  return c === 45 || c === 43 || c === 42 || c === 0x2022 || c === 0x2023 || c === 0x2043;
}
