/** `graphviz`, `graph`, `digraph`: the diagram as renderPreview.ts laid it out, with its error or pending state. */
import type { DirectiveBlock } from '../../rst/types';
import type { DiagramView, RenderContext } from '../context';
import { escapeHtml } from '../highlight';
import { attr, classList, makeId } from '../html';

export function diagramHtml(r: RenderContext, b: DirectiveBlock): string {
  const view: DiagramView = r.options.diagrams?.get(b) ?? { state: 'pending', stale: false };
  const align = r.option(b, 'align')?.trim();
  const classes = classList(
    'hg-diagram',
    align && `hg-align-${makeId(align)}`,
    r.classes(b),
    view.state === 'error' && 'hg-diagram-error',
    view.state === 'pending' && 'hg-diagram-pending',
    view.stale && 'hg-diagram-stale',
  );
  const alt = r.option(b, 'alt');
  const captionOption = b.options.find((o) => o.name === 'caption');
  const caption = captionOption ? `<figcaption>${r.inlineSpan(captionOption.valueSpan, captionOption.value)}</figcaption>\n` : '';
  const interactive = r.options.interactive && view.key !== undefined;
  const index = r.diagramIndex.get(b);
  const diagramName = r.blockIds.get(b) ?? `diagram-${(index ?? 0) + 1}`;
  const context = interactive
    ? ` data-vscode-context="${attr(JSON.stringify({ webviewSection: 'diagram', diagramKey: view.key, diagramName, preventDefaultContextMenuItems: true }))}"`
    : '';
  const tools = interactive
    ? '<div class="hg-diagram-tools">' +
      '<button type="button" data-action="open" title="Open this diagram in its own panel: zoom, pan, search its nodes">Open</button>' +
      '<button type="button" data-action="copy-svg" title="Copy the SVG of this diagram">Copy SVG</button>' +
      '<button type="button" data-action="export-svg" title="Save this diagram as SVG">SVG</button>' +
      '<button type="button" data-action="export-png" title="Save this diagram as PNG">PNG</button>' +
      '</div>\n'
    : '';
  const message = view.message
    ? `<div class="hg-diagram-message${view.state === 'error' ? ' hg-diagram-message-error' : ''}" role="${view.state === 'error' ? 'alert' : 'note'}">${escapeHtml(view.message)}</div>\n`
    : '';
  const svg =
    view.key !== undefined
      ? `<div class="hg-diagram-svg" data-key="${attr(view.key)}" role="img"${alt ? ` aria-label="${attr(alt)}"` : ''}>${r.options.inlineDiagrams && view.svg ? view.svg : ''}</div>\n`
      : view.state === 'pending'
        ? '<div class="hg-diagram-placeholder">Laying out the diagram\u2026</div>\n'
        : '';
  const base = view.dotBase !== undefined ? ` data-dot-base="${view.dotBase}"` : '';
  const file = view.dotFile !== undefined ? ` data-dot-file="${attr(view.dotFile)}"` : '';
  return (
    `<figure class="${classes}"${r.idAttr(b)}${r.lines(b)}${index !== undefined ? ` data-diagram="${index}"` : ''}${base}${file}${context}>\n` +
    `${tools}${message}${svg}${caption}</figure>\n`
  );
}

