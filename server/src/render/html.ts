/** Small HTML helpers and the tables of directive names the renderer shares (ids, safe links, classes). */
import { EXTERNAL_LINK } from '../protocol/linkSchemes';
import { escapeHtml } from './highlight';

/** Shown for a remote image when the host says nothing about it. */
export const REMOTE_NOT_LOADED = 'Remote image not loaded: the preview contacts no remote host.';

export const ADMONITIONS: Record<string, string> = {
  attention: 'Attention',
  caution: 'Caution',
  danger: 'Danger',
  error: 'Error',
  hint: 'Hint',
  important: 'Important',
  note: 'Note',
  tip: 'Tip',
  warning: 'Warning',
  seealso: 'See also',
  todo: 'Todo',
};

export const VERSION_LABELS: Record<string, string> = {
  versionadded: 'New in version',
  versionchanged: 'Changed in version',
  deprecated: 'Deprecated since version',
  versionremoved: 'Removed in version',
};

/** Directives that produce nothing visible. */
export const INVISIBLE = new Set([
  'sectnum',
  'section-numbering',
  'header',
  'footer',
  'target-notes',
  'meta',
  'title',
  'default-role',
  'role',
  'index',
  'tabularcolumns',
  'sectionauthor',
  'moduleauthor',
  'codeauthor',
  'default-domain',
  'currentmodule',
  'todolist',
  'replace',
  'unicode',
  'date',
  'testsetup',
  'testcleanup',
  'highlight',
]);

/** Directives whose RST body is shown as it is, in a container. */
export const CONTAINERS = new Set(['compound', 'container', 'only', 'ifconfig', 'class', 'rst-class', 'hlist', 'acks', 'glossary', 'line-block']);

/** Substitutions Sphinx defines from conf.py. */
export const SPHINX_SUBSTITUTIONS = new Set(['version', 'release', 'today']);

export const FOOTNOTE_SYMBOLS = ['*', '\u2020', '\u2021', '\u00a7', '\u00b6', '#', '\u2660', '\u2665', '\u2666', '\u2663'];

/** docutils' `make_id`: lower case ASCII letters, digits and hyphens, starting with a letter. */
export function makeId(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
  return ascii
    .toLowerCase()
    .split(/\s+/)
    .join(' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[-0-9]+|-+$/g, '');
}

/** A link target kept in HTML: http(s), mailto, ftp, in-page fragments and relative references. */
export function safeHref(uri: string | undefined): string | undefined {
  if (uri === undefined) return undefined;
  // Browsers drop control characters and surrounding spaces from URLs: judge what they would load.
  const u = uri
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .trim()
    .replace(/ /g, '%20');
  if (u === '') return undefined;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(u);
  if (!scheme) return u; // relative (or a fragment)
  return EXTERNAL_LINK.test(u) ? u : undefined;
}

export function attr(s: string): string {
  return escapeHtml(s);
}

export function classList(...parts: (string | undefined | false)[]): string {
  return parts.filter(Boolean).join(' ');
}
