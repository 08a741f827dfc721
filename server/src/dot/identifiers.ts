import { syntaxKind, type Identifier } from 'dot-language-support';

/** The text of an identifier: quotes removed and `+` concatenations joined; HTML labels keep their markup. */
export function identifierText(id: Identifier | undefined): string | undefined {
  if (!id) return undefined;
  switch (id.kind) {
    case syntaxKind.TextIdentifier:
    case syntaxKind.NumericIdentifier:
      return id.text;
    case syntaxKind.QuotedTextIdentifier:
      return (id.values ?? []).map((v) => unescapeQuoted(v.text ?? '')).join('');
    case syntaxKind.HtmlIdentifier:
      return id.htmlContent;
  }
  return undefined;
}

/** In DOT strings only `\"` is an escape; a backslash before a line break continues the line. */
function unescapeQuoted(s: string): string {
  return s.replace(/\\"/g, '"').replace(/\\\r?\n/g, '');
}
