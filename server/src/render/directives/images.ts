/** `image` and `figure`: local files through the host's resolveResource, remote ones refused with a reason. */
import { joinPath, resolveGraphvizFile } from '../../dot/provider';
import { normalizeName } from '../../rst/text';
import type { DirectiveBlock } from '../../rst/types';
import type { BlockedResource, RenderContext } from '../context';
import { escapeHtml } from '../highlight';
import { attr, classList, makeId, REMOTE_NOT_LOADED, safeHref } from '../html';

export function alignClassOf(r: RenderContext, b: DirectiveBlock): string {
  const align = r.option(b, 'align')?.trim();
  return align ? `hg-align-${makeId(align)}` : '';
}

/** Absolute path of a document-relative (or source-root relative `/x`) reference, as Sphinx resolves it. */
export function localPathOf(r: RenderContext, ref: string): string | undefined {
  if (!r.docPath || !ref) return undefined;
  if (r.options.readFile) return resolveGraphvizFile(r.docPath, ref, r.options.readFile);
  return joinPath(r.docPath.replace(/\/[^/]*$/, ''), ref.replace(/^\//, ''));
}

/**
 * Why a file a directive names is not shown: the host's reason when it refuses the file (outside the
 * project), else not found.
 */
export function unreadableHtml(r: RenderContext, ref: string, path: string | undefined): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return `Not shown: ${ref} is not a file; the preview fetches nothing.`;
  const answer = path ? r.options.resolveResource?.(pathToFileUri(path)) : undefined;
  if (answer && typeof answer !== 'string') return answer.blocked;
  return `Not shown: ${ref} was not found or could not be read.`;
}

/** The image types of Sphinx's HTML builder, in its order of preference (`supported_image_types`). */
const HTML_IMAGE_SUFFIXES = ['svg', 'png', 'gif', 'jpg', 'jpeg'];

/** `src` (or `data-hg-src`) of an image reference, or why it is not loaded. */
export function imageSourceOf(r: RenderContext, ref: string): string | BlockedResource {
  const uri = ref.replace(/\s+/g, '');
  if (/^https?:\/\//i.test(uri)) {
    const answer = r.options.resolveResource?.(uri);
    if (typeof answer === 'string') return /^https?:\/\//i.test(answer) ? ` src="${attr(answer)}"` : { blocked: REMOTE_NOT_LOADED };
    return answer ?? { blocked: REMOTE_NOT_LOADED };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) return ''; // data:, javascript:, file: ... never loaded
  let path = r.localPath(uri);
  if (!path) return '';
  if (path.endsWith('.*') && r.options.fileExists) {
    // Sphinx's `name.*`: the HTML builder's first supported format that exists.
    const stem = path.slice(0, -1);
    path = HTML_IMAGE_SUFFIXES.map((x) => stem + x).find((p) => r.options.fileExists!(pathToFileUri(p))) ?? path;
  }
  const fileUri = pathToFileUri(path);
  const resolved = r.options.resolveResource?.(fileUri);
  if (typeof resolved === 'string') return ` src="${attr(resolved)}"`;
  if (resolved) return resolved;
  r.resources.add(fileUri);
  return ` data-hg-src="${attr(fileUri)}"`;
}

export function imageHtml(r: RenderContext, b: DirectiveBlock, extraClass?: string): string {
  const alt = r.option(b, 'alt') ?? b.argument.trim();
  const dims = ['width', 'height']
    .map((d) => {
      const v = r.option(b, d)?.trim();
      const m = v ? /^(\d+(?:\.\d+)?)(px|%)?$/.exec(v) : null;
      return m ? ` ${d}="${attr(m[2] === '%' ? `${m[1]}%` : String(Math.round(Number(m[1]))))}"` : '';
    })
    .join('');
  const source = r.imageSource(b.argument);
  // A refused image: a placeholder keeps its alt text and address visible and says why (nothing loads).
  const img =
    typeof source === 'string'
      ? `<img${source} alt="${attr(alt)}"${dims}${extraClass ? ` class="${extraClass}"` : ''}>`
      : `<span class="${classList('hg-blocked', /^https?:\/\//i.test(b.argument.trim()) && 'hg-blocked-remote', extraClass)}" role="img" aria-label="${attr(alt)}" data-hg-blocked="${attr(b.argument.replace(/\s+/g, ''))}">` +
        `<span class="hg-blocked-alt">${escapeHtml(alt)}</span> ` +
        (alt === b.argument.replace(/\s+/g, '') ? '' : `<span class="hg-blocked-url">${escapeHtml(b.argument.replace(/\s+/g, ''))}</span> `) +
        `<span class="hg-blocked-why">${escapeHtml(source.blocked)}</span></span>`;
  const target = r.option(b, 'target');
  if (target) {
    const href = /_$/.test(target.trim()) ? r.targets.get(normalizeName(target.trim().replace(/`?_$/, '').replace(/^`/, ''))) : safeHref(target.trim());
    if (href) return `<a href="${attr(href)}">${img}</a>`;
  }
  return img;
}

export function figureHtml(r: RenderContext, b: DirectiveBlock, cls: string): string {
  const [caption, ...legend] = b.body ?? [];
  const captionHtml = caption && caption.kind === 'paragraph' ? `<figcaption${r.lines(caption)}>${r.inlines(caption.inlines)}</figcaption>\n` : caption ? r.block(caption) : '';
  const legendHtml = legend.length ? `<div class="hg-legend">${r.blocks(legend)}</div>\n` : '';
  return (
    `<figure class="${classList('hg-figure', r.alignClass(b), cls, r.classes(b, 'figclass'))}"${r.idAttr(b)}${r.lines(b)}>\n` +
    `${r.image(b)}\n${captionHtml}${legendHtml}</figure>\n`
  );
}

/** A `file:` URI of an absolute path (forward slashes; `c:/x` on Windows). A lone surrogate becomes U+FFFD. */
function pathToFileUri(p: string): string {
  const withSlash = (/^[a-zA-Z]:/.test(p) ? `/${p}` : p).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return `file://${withSlash.split('/').map(encodeURIComponent).join('/').replace(/^\/([a-zA-Z])%3A/, '/$1:')}`;
}
