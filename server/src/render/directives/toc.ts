/** `contents` (the local table of contents) and `toctree` (its entries as links). */
import type { DirectiveBlock } from '../../rst/types';
import type { RenderContext } from '../context';
import { escapeHtml } from '../highlight';
import { attr, classList, safeHref } from '../html';

export function contentsHtml(r: RenderContext, b: DirectiveBlock): string {
  const depth = Number(r.option(b, 'depth') ?? '') || Infinity;
  const local = b.options.some((o) => o.name === 'local');
  let sections = r.sections.filter((s) => s.start > b.start || !local);
  let base = 0;
  if (local) {
    const parent = [...r.sections].reverse().find((s) => s.start < b.start);
    base = parent ? parent.level : 0;
    const end = sections.findIndex((s) => s.level <= base);
    if (end >= 0) sections = sections.slice(0, end);
  } else if (r.sections.filter((s) => s.level === 1).length === 1 && r.sections[0]?.level === 1) {
    // The document title is not part of its own table of contents.
    sections = sections.filter((s) => s !== r.sections[0]);
    base = 1;
  }
  sections = sections.filter((s) => s.level - base <= depth);
  const title = b.argument ? r.inlineSpan(b.argumentSpan, b.argument) : 'Contents';
  let html = '';
  let open = 0;
  const levels: number[] = [];
  for (const s of sections) {
    while (levels.length && levels[levels.length - 1] > s.level) {
      html += '</li></ul>';
      levels.pop();
      open--;
    }
    if (levels.length && levels[levels.length - 1] === s.level) html += '</li>';
    else {
      html += '<ul>';
      levels.push(s.level);
      open++;
    }
    html += `<li><a href="#${attr(r.blockIds.get(s) ?? '')}">${r.plainHtml(s.titleInlines)}</a>`;
  }
  while (open-- > 0) html += '</li></ul>';
  return `<nav class="${classList('hg-contents', r.classes(b))}"${r.idAttr(b)}${r.lines(b)}>\n<p class="hg-topic-title">${title}</p>\n${html}\n</nav>\n`;
}

export function toctreeHtml(r: RenderContext, b: DirectiveBlock): string {
  const caption = r.option(b, 'caption');
  if (b.options.some((o) => o.name === 'hidden')) return '';
  const entries = r.content(b)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('..'));
  const first = b.content?.firstLine ?? b.line;
  const rawLines = r.content(b).split('\n');
  const items = entries.map((e) => {
    const m = /^(.*?)\s*<([^<>]+)>$/.exec(e);
    const title = m && m[1] ? m[1] : undefined;
    const target = m ? m[2] : e;
    const line = first + Math.max(0, rawLines.findIndex((l) => l.trim() === e));
    if (/[*?[]/.test(target) || target === 'self') return `<li data-line="${line}">${escapeHtml(title ?? target)}</li>`;
    const external = /^[a-z][a-z0-9+.-]*:/i.test(target);
    const found = external ? undefined : r.options.resolveDoc?.(target);
    const href = external ? safeHref(target) : (found?.href ?? `${target.replace(/^\//, '')}.rst`);
    // A document's entry shows its title, as Sphinx's toctree does, when the workspace knows it.
    const shown = title ?? found?.title ?? target;
    return `<li data-line="${line}">${href ? `<a class="hg-doc" href="${attr(href)}">${escapeHtml(shown)}</a>` : escapeHtml(shown)}</li>`;
  });
  return (
    `<nav class="hg-toctree"${r.idAttr(b)}${r.lines(b)}>\n` +
    (caption ? `<p class="hg-toctree-caption">${escapeHtml(caption)}</p>\n` : '') +
    `<ul>\n${items.join('\n')}\n</ul>\n</nav>\n`
  );
}
