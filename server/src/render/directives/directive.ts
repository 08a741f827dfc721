/**
 * A directive to HTML: the dispatch to each family's file, and the directives that only wrap their body
 * (admonitions, version notes, topic and sidebar, rubric, containers, raw shown as text); any other is a labelled box.
 */
import { GRAPHVIZ_DIRECTIVES } from '../../dot/provider';
import type { DirectiveBlock, TableBlock } from '../../rst/types';
import type { RenderContext } from '../context';
import { escapeHtml } from '../highlight';
import { ADMONITIONS, attr, classList, CONTAINERS, INVISIBLE, makeId, VERSION_LABELS } from '../html';

export function directiveHtml(r: RenderContext, b: DirectiveBlock): string {
  const name = b.name;
  if (GRAPHVIZ_DIRECTIVES.has(name)) return r.diagram(b);
  if (name === 'highlight') {
    r.language = b.argument.trim();
    return '';
  }
  if (INVISIBLE.has(name)) return '';
  const id = r.idAttr(b);
  const cls = r.classes(b);
  const admonition = ADMONITIONS[name];
  if (admonition !== undefined || name === 'admonition') {
    const title = name === 'admonition' ? r.inlineSpan(b.argumentSpan, b.argument) : escapeHtml(admonition);
    const kind = name === 'admonition' ? 'admonition' : name;
    // `.. seealso:: text` takes its text as the argument.
    const argumentText = name !== 'admonition' && b.argument ? `<p${r.lines({ line: b.line, endLine: b.line })}>${r.inlineSpan(b.argumentSpan, b.argument)}</p>\n` : '';
    return (
      `<div class="${classList('hg-admonition', `hg-admonition-${kind}`, cls)}"${id}${r.lines(b)}>\n` +
      `<p class="hg-admonition-title">${title}</p>\n${argumentText}${r.blocks(b.body ?? [])}</div>\n`
    );
  }
  const version = VERSION_LABELS[name];
  if (version !== undefined) {
    const m = /^(\S+)\s*([\s\S]*)$/.exec(b.argument.trim());
    const label = `${version} ${m ? m[1] : b.argument}`;
    const note = m && m[2] ? ` ${escapeHtml(m[2].replace(/\s+/g, ' '))}` : '';
    return (
      `<div class="${classList('hg-versionmodified', `hg-${name}`)}"${id}${r.lines(b)}>\n` +
      `<p><span class="hg-versionmodified-label">${escapeHtml(label)}:</span>${note}</p>\n${r.blocks(b.body ?? [])}</div>\n`
    );
  }
  switch (name) {
    case 'topic':
    case 'sidebar': {
      const subtitle = r.option(b, 'subtitle');
      return (
        `<aside class="${classList(`hg-${name}`, cls)}"${id}${r.lines(b)}>\n` +
        (b.argument ? `<p class="hg-topic-title">${r.inlineSpan(b.argumentSpan, b.argument)}</p>\n` : '') +
        (subtitle ? `<p class="hg-topic-subtitle">${escapeHtml(subtitle)}</p>\n` : '') +
        `${r.blocks(b.body ?? [])}</aside>\n`
      );
    }
    case 'rubric':
      return `<p class="${classList('hg-rubric', cls)}"${id}${r.lines(b)}>${r.inlineSpan(b.argumentSpan, b.argument)}</p>\n`;
    case 'centered':
      return `<p class="hg-centered"${id}${r.lines(b)}><strong>${r.inlineSpan(b.argumentSpan, b.argument)}</strong></p>\n`;
    case 'epigraph':
    case 'highlights':
    case 'pull-quote':
      return `<blockquote class="hg-${name}"${id}${r.lines(b)}>\n${r.blocks(b.body ?? [])}</blockquote>\n`;
    case 'code':
    case 'code-block':
    case 'sourcecode':
      return r.codeBlock(b, r.content(b), b.argument.trim() || r.language);
    case 'doctest':
    case 'testcode':
      return r.codeBlock(b, r.content(b), 'python');
    case 'testoutput':
      return r.codeBlock(b, r.content(b), '');
    case 'parsed-literal':
      return `<pre class="${classList('hg-literal hg-parsed-literal', cls)}"${id}${r.lines(b)}><code>${parsedLiteralHtml(r, b)}</code></pre>\n`;
    case 'math':
      return `<div class="${classList('hg-math', cls)}"${id}${r.lines(b)}><pre>${escapeHtml(r.content(b) || b.argument)}</pre></div>\n`;
    case 'table': {
      const table = b.body?.find((x): x is TableBlock => x.kind === 'table');
      if (!table) return r.box(b);
      const caption = b.argument ? r.inlineSpan(b.argumentSpan, b.argument) : undefined;
      return r.table(table, caption, cls, r.blockIds.get(b));
    }
    case 'list-table':
      return r.listTable(b);
    case 'csv-table':
      return r.csvTable(b);
    case 'contents':
      return r.contents(b);
    case 'raw':
      return (
        `<div class="hg-raw"${id}${r.lines(b)}>\n<div class="hg-directive-label">raw ${escapeHtml(b.argument.trim())}: shown as text, never run</div>\n` +
        `<pre>${escapeHtml(r.content(b))}</pre>\n</div>\n`
      );
    case 'image':
      return `<div class="${classList('hg-image', r.alignClass(b), cls)}"${id}${r.lines(b)}>${r.image(b)}</div>\n`;
    case 'figure':
      return r.figure(b, cls);
    case 'toctree':
      return r.toctree(b);
    case 'literalinclude':
      return r.literalInclude(b);
    default:
      if (CONTAINERS.has(name)) {
        const extra = name === 'class' || name === 'rst-class' ? b.argument.split(/\s+/).map(makeId).join(' ') : '';
        return `<div class="${classList(`hg-${name}`, cls, extra)}"${id}${r.lines(b)}>\n${r.blocks(b.body ?? [])}</div>\n`;
      }
      return r.box(b);
  }
}

/** An unknown (or not rendered) directive: a labelled box with its content. */
export function boxHtml(r: RenderContext, b: DirectiveBlock, why?: string): string {
  const lineEnd = r.doc.lines.end[b.line];
  const head = lineEnd !== undefined ? r.doc.text.slice(r.doc.text.lastIndexOf('..', b.nameSpan.start), lineEnd).trim() : `.. ${b.name}::`;
  const body = b.body && b.body.length ? r.blocks(b.body) : b.content ? `<pre>${escapeHtml(r.content(b))}</pre>\n` : '';
  return (
    `<div class="hg-directive hg-directive-${attr(makeId(b.name) || 'unknown')}"${r.idAttr(b)}${r.lines(b)}>\n` +
    `<div class="hg-directive-label">${escapeHtml(head)}</div>\n${why ? `<p class="hg-blocked-why">${escapeHtml(why)}</p>\n` : ''}${body}</div>\n`
  );
}

/**
 * A parsed literal's inline markup as preformatted HTML: the text of its lines without the content's
 * indentation (docutils dedents the content before reading it), markup rendered.
 */
function parsedLiteralHtml(r: RenderContext, b: DirectiveBlock): string {
  const nodes = b.contentInlines;
  if (!nodes) return escapeHtml(r.content(b));
  const indent = b.content?.indent ?? 0;
  let out = '';
  for (const n of nodes) {
    if ((n.kind === 'text' || n.kind === 'emphasis' || n.kind === 'strong' || n.kind === 'literal') && n.text.includes('\n')) {
      out += r.inline({ ...n, text: dedentAfterBreaks(n.text, indent) });
    } else {
      out += r.inline(n);
    }
  }
  return out;
}

/** `text` with up to `indent` columns of white space removed after each line break. */
function dedentAfterBreaks(text: string, indent: number): string {
  return text.replace(/\n[ \t]*/g, (ws) => {
    let col = 0;
    let i = 1;
    while (i < ws.length && col < indent) {
      col = ws.charCodeAt(i) === 9 ? col + 8 - (col % 8) : col + 1;
      i++;
    }
    return '\n' + ws.slice(i);
  });
}
