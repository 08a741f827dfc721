/** `code-block` (and its aliases), `literalinclude`, and the highlighted `<pre>` they share (`highlight` sets the default language). */
import type { DirectiveBlock } from '../../rst/types';
import type { RenderContext } from '../context';
import { escapeHtml, highlightLines } from '../highlight';
import { attr, classList } from '../html';

export function codeHtml(r: RenderContext, text: string, language: string, b: { line: number; endLine: number }, cls: string): string {
  const lines = highlightLines(text, language || undefined);
  const lang = language ? ` class="language-${attr(language.toLowerCase())}"` : '';
  return `<pre class="${cls}"${r.lines(b)}><code${lang}>${lines.join('\n')}</code></pre>\n`;
}

export function codeBlockHtml(r: RenderContext, b: DirectiveBlock, rawText: string, language: string): string {
  let text = rawText;
  const dedent = r.option(b, 'dedent');
  if (dedent !== undefined) {
    const n = dedent.trim() === '' ? Math.min(...text.split('\n').filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length)) : Number(dedent);
    if (Number.isFinite(n) && n > 0) text = text.split('\n').map((l) => l.slice(Math.min(n, /^ */.exec(l)![0].length))).join('\n');
  }
  const lines = highlightLines(text, language || undefined);
  const numbered = b.options.some((o) => o.name === 'linenos' || o.name === 'number-lines');
  const first = Number(r.option(b, 'lineno-start') ?? r.option(b, 'number-lines') ?? '1') || 1;
  const emphasized = parseLineSpec(r.option(b, 'emphasize-lines') ?? '');
  const contentLine = b.content?.firstLine;
  const body = lines
    .map((l, k) => {
      const attrs = [
        'class="' + classList('hg-code-line', emphasized.has(k + 1) && 'hg-emphasized') + '"',
        numbered ? `data-n="${first + k}"` : '',
        contentLine !== undefined ? `data-line="${contentLine + k}"` : '',
      ].filter(Boolean);
      return `<span ${attrs.join(' ')}>${l}</span>`;
    })
    .join('\n');
  const caption = r.option(b, 'caption');
  const lang = language ? ` class="language-${attr(language.toLowerCase())}"` : '';
  return (
    `<div class="${classList('hg-code', numbered && 'hg-numbered', r.classes(b))}"${r.idAttr(b)}${r.lines(b)}>\n` +
    (caption ? `<div class="hg-code-caption">${escapeHtml(caption)}</div>\n` : '') +
    `<pre><code${lang}>${body}</code></pre>\n</div>\n`
  );
}

export function literalIncludeHtml(r: RenderContext, b: DirectiveBlock): string {
  const file = r.localPath(b.argument.trim());
  const text = file && r.options.readFile ? r.options.readFile(file) : undefined;
  if (text === undefined) return r.box(b, r.unreadable(b.argument.trim(), file));
  return r.codeBlock(b, text.replace(/\r\n?/g, '\n').replace(/\n$/, ''), r.option(b, 'language') ?? '');
}

/** `emphasize-lines` syntax: `1,3-5`. */
function parseLineSpec(spec: string): Set<number> {
  const out = new Set<number>();
  for (const part of spec.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    for (let k = a; k <= Math.min(b, a + 10000); k++) out.add(k);
  }
  return out;
}
