/**
 * What a link clicked in the preview points at (pure: unit-tested without VS Code). The renderer writes links
 * to other documents as paths relative to the document, a `:ref:` to a label elsewhere with `#L<line>`.
 */
import { EXTERNAL_LINK } from '../../../server/src/protocol/linkSchemes';

export type PreviewLink =
  | { kind: 'external'; href: string }
  | { kind: 'ignored' }
  | { kind: 'file'; path: string; /** 0-based line of `#L<n>`. */ line?: number; /** Another fragment: an element id. */ fragment?: string };

export function parseLink(href: string): PreviewLink {
  if (EXTERNAL_LINK.test(href)) return { kind: 'external', href };
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return { kind: 'ignored' }; // nothing else leaves the preview
  const hash = href.indexOf('#');
  const file = hash < 0 ? href : href.slice(0, hash);
  const fragment = hash < 0 ? '' : href.slice(hash + 1);
  let path: string;
  try {
    path = decodeURIComponent(file);
  } catch {
    path = file;
  }
  const line = /^L(\d+)$/.exec(fragment);
  if (line) return { kind: 'file', path, line: Math.max(Number(line[1]) - 1, 0) };
  if (!fragment) return { kind: 'file', path };
  let id: string;
  try {
    id = decodeURIComponent(fragment);
  } catch {
    id = fragment;
  }
  return { kind: 'file', path, fragment: id };
}

/** Whether the preview can show a file itself (a reStructuredText document) rather than hand it to an editor. */
export function isPreviewable(path: string): boolean {
  return /\.(?:rst|rest)$/i.test(path);
}
