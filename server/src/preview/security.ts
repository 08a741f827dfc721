/**
 * The preview's security levels, as VS Code's Markdown preview has them. `strict` (the default): nothing in
 * the page contacts a remote host (a remote image is a placeholder with its alt text and URL, and the page's
 * CSP forbids remote images anyway, so a missed path cannot fetch: a tracking pixel stays silent).
 * `allowRemote`: https images load (CSP `img-src https:`); plain http images never do.
 *
 * Pure: the hosts (the editor preview, `ha-guide preview`, `ha-guide render`) give the level and the hint
 * that tells the reader how to change it.
 */
import type { ResourceAnswer } from '../render/render';

export type { BlockedResource, ResourceAnswer } from '../render/render';

export type PreviewSecurity = 'strict' | 'allowRemote';


/** The level a setting value names; anything else is `strict`. */
export function previewSecurity(value: unknown): PreviewSecurity {
  return value === 'allowRemote' ? 'allowRemote' : 'strict';
}

/** True for an http(s) URL: the only remote references the renderer keeps. */
export function isRemoteUrl(uri: string): boolean {
  return /^https?:\/\//i.test(uri);
}

/**
 * The answer for a remote image under a security level. `hint` says how to allow remote content in this
 * host (a command in the editor, `--allow-remote` on the command line).
 */
export function remoteImage(url: string, security: PreviewSecurity, hint: string): ResourceAnswer {
  if (security === 'allowRemote' && /^https:\/\//i.test(url)) return url;
  if (security === 'allowRemote') return { blocked: 'Insecure (http) image not loaded: only https images load, even with remote content allowed.' };
  return { blocked: `Remote image not loaded: this page contacts no remote host (${hint}).` };
}

/** The reason shown for a local file whose real path lies outside the project. */
export const OUTSIDE_PROJECT =
  'Not shown: the file lies outside the project (through ../, an absolute path or a symbolic link), and the preview reads nothing outside it.';

/** How to allow remote content, per host. */
export const SECURITY_HINTS = {
  editor: 'HA Guide: Change Preview Security Settings allows it for this workspace',
  cli: 'run with --allow-remote to load https images',
} as const;
