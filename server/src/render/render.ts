/**
 * reStructuredText to HTML for the preview and `ha-guide render`, from the parsed {@link RstDocument}:
 * no second parse, no Graphviz here (diagrams come in laid out and sanitised, see renderPreview.ts).
 *
 * - Every block element carries `data-line` (0-based source line; `data-line-end` when it spans more),
 *   which the preview uses for scroll sync and double-click to source.
 * - Nothing from the document is ever emitted unescaped: text and attributes are escaped, `.. raw:: html`
 *   is shown as text, links keep only http(s), mailto, ftp, in-page and relative targets.
 * - Pure: files (`literalinclude`, the `conf.py` search for `/images`) come through `readFile`, local
 *   resources through `resolveResource`.
 */
import { lineOfOffset } from '../common/lines';
import { fileUriToPath } from '../dot/provider';
import { expandTabs } from '../dot/source';
import { parseInline } from '../rst/inline';
import { bindNames, type NameDef, type NameTable, type NameUse } from '../rst/names';
import type { Block, CitationBlock, DirectiveBlock, FootnoteBlock, FootnoteRefInline, Inline, InterpretedInline, ListItem, RstDocument, SectionBlock, Span, TableBlock } from '../rst/types';
import type { BlockedResource, FootnoteInfo, RenderContext, RenderOptions, RenderResult } from './context';
import { codeBlockHtml, codeHtml, literalIncludeHtml } from './directives/code';
import { diagramHtml } from './directives/diagrams';
import { boxHtml, directiveHtml } from './directives/directive';
import { alignClassOf, figureHtml, imageHtml, imageSourceOf, localPathOf, unreadableHtml } from './directives/images';
import { csvTableHtml, listTableHtml, tableHtml } from './directives/tables';
import { contentsHtml, toctreeHtml } from './directives/toc';
import { escapeHtml } from './highlight';
import { attr, makeId } from './html';
import { inlineHtml, inlinesHtml, linkHtml, plainHtml, plainTextOf, roleHtml, substitutionHtml } from './inlines';
import { collectTargets, defId, useHref } from './targets';

/** Renders a parsed document to HTML. Never throws on any document. */
export function renderDocument(doc: RstDocument, options: RenderOptions = {}): RenderResult {
  return new RstHtmlRenderer(doc, options).run();
}

/** A document's HTML with the table its links came from. */
export interface LinkedRender extends RenderResult {
  /** The href the HTML gives a use of a name (a reference, `|x|_`, `|x|__`, a footnote or citation reference). */
  useHref(use: NameUse): string | undefined;
  /** The id of the element the HTML renders for a definition. */
  defId(def: NameDef): string | undefined;
}

/** {@link renderDocument}, with where each reference links and each definition's element id (the name binder's view of the page). */
export function renderLinked(doc: RstDocument, options: RenderOptions = {}): LinkedRender {
  const r = new RstHtmlRenderer(doc, options);
  const result = r.run();
  return { ...result, useHref: (use) => r.useHref(use), defId: (def) => r.defId(def) };
}

/**
 * The same HTML as {@link renderDocument}, produced in steps: each `next()` renders top-level blocks of about
 * `partChars` characters of source, so a host can let other work run between steps of a huge document.
 */
export function renderDocumentInParts(doc: RstDocument, options: RenderOptions, partChars: number): Generator<void, RenderResult, void> {
  return new RstHtmlRenderer(doc, options).runInParts(partChars);
}

class RstHtmlRenderer implements RenderContext {
  readonly ids = new Set<string>();
  readonly nextSuffix = new Map<string, number>();
  readonly blockIds = new Map<Block, string>();
  readonly inlineIds = new Map<Inline, string>();
  /** refname -> href (`#id` or a URI). */
  readonly targets = new Map<string, string | undefined>();
  readonly footnotes = new Map<FootnoteBlock, FootnoteInfo>();
  readonly footnoteRefs = new Map<FootnoteRefInline, { info?: FootnoteInfo; id: string }>();
  readonly citations = new Map<string, { id: string; refIds: string[] }>();
  readonly sections: SectionBlock[];
  readonly names: NameTable;
  readonly diagramIndex = new Map<DirectiveBlock, number>();
  readonly resources = new Set<string>();
  readonly docPath: string | undefined;
  language = '';
  substitutionDepth = 0;
  citationRefCount = 0;

  constructor(
    readonly doc: RstDocument,
    readonly options: RenderOptions,
  ) {
    this.docPath = options.uri ? fileUriToPath(options.uri) : undefined;
    this.language = options.highlightLanguage ?? '';
    this.sections = doc.sections;
    this.names = bindNames(doc);
  }

  *runInParts(partChars: number): Generator<void, RenderResult, void> {
    this.collect();
    yield;
    const parts: string[] = [];
    let html: string;
    try {
      const blocks = this.doc.blocks;
      let from = 0;
      while (from < blocks.length) {
        const start = this.doc.lines.start[blocks[from].line] ?? 0;
        let to = from + 1;
        while (to < blocks.length && (this.doc.lines.start[blocks[to].line] ?? 0) - start < partChars) to++;
        parts.push(this.blocks(blocks.slice(from, to)));
        from = to;
        if (from < blocks.length) yield;
      }
      html = parts.join('');
    } catch (e) {
      html = `<div class="hg-render-error" role="alert">The preview could not render this document: ${escapeHtml(e instanceof Error ? e.message : String(e))}</div>`;
    }
    const title = this.sections[0] ? this.plainText(this.sections[0].titleInlines) : '';
    return { html, title, resources: [...this.resources] };
  }

  run(): RenderResult {
    this.collect();
    let html: string;
    try {
      html = this.blocks(this.doc.blocks);
    } catch (e) {
      // A renderer bug must not blank the preview: say so where the content would be.
      html = `<div class="hg-render-error" role="alert">The preview could not render this document: ${escapeHtml(e instanceof Error ? e.message : String(e))}</div>`;
    }
    const title = this.sections[0] ? this.plainText(this.sections[0].titleInlines) : '';
    return { html, title, resources: [...this.resources] };
  }

  // -------------------------------------------------------------------------------------------
  // Pass 1: ids, targets, footnote numbers, substitutions
  // -------------------------------------------------------------------------------------------

  /**
   * `base`, or `base-N` with the smallest free N. The next N to try is kept per base (ids are never
   * freed, so every smaller N is still taken): 10,000 sections of one title stay linear.
   */
  uniqueId(base: string, fallback: string): string {
    let id = base || fallback;
    if (this.ids.has(id)) {
      let n = this.nextSuffix.get(id) ?? 1;
      while (this.ids.has(`${id}-${n}`)) n++;
      this.nextSuffix.set(id, n + 1);
      id = `${id}-${n}`;
    }
    this.ids.add(id);
    return id;
  }

  blocks(blocks: readonly Block[]): string {
    let out = '';
    for (const b of blocks) out += this.block(b);
    return out;
  }

  /** ` data-line="n"` (and `data-line-end` when the block spans lines). */
  lines(b: { line: number; endLine: number }): string {
    return b.endLine > b.line ? ` data-line="${b.line}" data-line-end="${b.endLine}"` : ` data-line="${b.line}"`;
  }

  lineOf(offset: number): number {
    return lineOfOffset(this.doc.lines.start, offset);
  }

  idAttr(b: Block): string {
    const id = this.blockIds.get(b);
    return id ? ` id="${attr(id)}"` : '';
  }

  block(b: Block): string {
    switch (b.kind) {
      case 'section': {
        const level = Math.min(Math.max(b.level, 1), 6);
        return `<h${level}${this.idAttr(b)}${this.lines(b)}>${this.inlines(b.titleInlines)}</h${level}>\n`;
      }
      case 'transition':
        return `<hr${this.lines(b)}>\n`;
      case 'paragraph': {
        // As docutils: `Text::` and `**Text**::` show as `Text:`, `Text ::` as `Text` (the literal block follows).
        let inlines = b.inlines;
        const last = inlines[inlines.length - 1];
        if (b.literalNext && last?.kind === 'text' && last.text.endsWith('::')) {
          const text = /\s::$/.test(last.text) ? last.text.replace(/\s*::$/, '') : last.text.slice(0, -1);
          inlines = [...inlines.slice(0, -1), { ...last, text }];
        }
        return `<p${this.lines(b)}>${this.inlines(inlines)}</p>\n`;
      }
      case 'bulletList':
        return `<ul${this.lines(b)}>\n${b.items.map((i) => this.listItem(i)).join('')}</ul>\n`;
      case 'enumList': {
        const type = { arabic: '1', loweralpha: 'a', upperalpha: 'A', lowerroman: 'i', upperroman: 'I' }[b.enumType] ?? '1';
        const start = b.startValue !== 1 ? ` start="${b.startValue}"` : '';
        return `<ol type="${type}"${start}${this.lines(b)}>\n${b.items.map((i) => this.listItem(i)).join('')}</ol>\n`;
      }
      case 'definitionList':
        return (
          `<dl${this.lines(b)}>\n` +
          b.items
            .map((i) => {
              const classifiers = i.classifiers.map((c) => ` <span class="hg-classifier">${escapeHtml(c)}</span>`).join('');
              return `<dt${this.lines({ line: i.line, endLine: i.line })}>${this.inlines(i.termInlines)}${classifiers}</dt>\n<dd>${this.blocks(i.body)}</dd>\n`;
            })
            .join('') +
          '</dl>\n'
        );
      case 'fieldList':
        return (
          `<dl class="hg-field-list"${this.lines(b)}>\n` +
          b.items.map((i) => `<dt${this.lines({ line: i.line, endLine: i.line })}>${this.inlines(i.nameInlines)}</dt>\n<dd>${this.blocks(i.body)}</dd>\n`).join('') +
          '</dl>\n'
        );
      case 'optionList':
        return (
          `<table class="hg-option-list"${this.lines(b)}>\n<tbody>\n` +
          b.items
            .map((i) => `<tr${this.lines(i)}><td class="hg-option"><kbd>${escapeHtml(i.marker)}</kbd></td><td>${this.blocks(i.body)}</td></tr>\n`)
            .join('') +
          '</tbody>\n</table>\n'
        );
      case 'literal':
        return this.code(b.text, this.language, b, 'hg-literal');
      case 'doctest':
        return this.code(b.text, 'pycon', b, 'hg-doctest');
      case 'lineBlock': {
        const min = Math.min(...b.lines.map((l) => l.indent));
        return (
          `<div class="hg-line-block"${this.lines(b)}>\n` +
          b.lines
            .map((l) => {
              const depth = Math.min(Math.max(l.indent - min, 0), 8);
              const line = this.lineOf(l.start);
              return `<div class="hg-line${depth ? ` hg-indent-${depth}` : ''}" data-line="${line}">${this.inlines(l.inlines) || '<br>'}</div>\n`;
            })
            .join('') +
          '</div>\n'
        );
      }
      case 'blockQuote': {
        const attribution = b.attribution
          ? `<p class="hg-attribution" data-line="${this.lineOf(b.attribution.span.start)}">\u2014 ${this.inlines(b.attribution.inlines)}</p>\n`
          : '';
        return `<blockquote${this.lines(b)}>\n${this.blocks(b.body)}${attribution}</blockquote>\n`;
      }
      case 'table':
        return this.table(b);
      case 'comment':
      case 'substitutionDef':
        return '';
      case 'target':
        return this.blockIds.has(b) ? `<div class="hg-target"${this.idAttr(b)}></div>\n` : '';
      case 'footnote': {
        const info = this.footnotes.get(b);
        const label = info ? this.backlinked(`[${info.display}]`, info.refIds) : `[${escapeHtml(b.label)}]`;
        return `<aside class="hg-footnote"${this.idAttr(b)}${this.lines(b)}>\n<span class="hg-label">${label}</span>\n<div class="hg-note-body">${this.blocks(b.body)}</div>\n</aside>\n`;
      }
      case 'citation':
        return this.citation(b);
      case 'directive':
        return this.directive(b);
    }
  }

  backlinked(label: string, refIds: string[]): string {
    if (refIds.length === 0) return escapeHtml(label);
    return `<a class="hg-backref" href="#${attr(refIds[0])}">${escapeHtml(label)}</a>`;
  }

  citation(b: CitationBlock): string {
    const c = this.citations.get(b.refname);
    const label = c ? this.backlinked(`[${b.label}]`, c.refIds) : escapeHtml(`[${b.label}]`);
    return `<aside class="hg-citation"${this.idAttr(b)}${this.lines(b)}>\n<span class="hg-label">${label}</span>\n<div class="hg-note-body">${this.blocks(b.body)}</div>\n</aside>\n`;
  }

  listItem(i: ListItem): string {
    return `<li${this.lines(i)}>${this.blocks(i.body)}</li>\n`;
  }

  option(b: DirectiveBlock, name: string): string | undefined {
    return b.options.find((o) => o.name === name)?.value;
  }

  /** `:class:` values as CSS classes (docutils' class_option: make_id of each). */
  classes(b: DirectiveBlock, option = 'class'): string {
    const v = this.option(b, option);
    if (!v) return '';
    return v
      .split(/\s+/)
      .map(makeId)
      .filter(Boolean)
      .join(' ');
  }

  /** The directive's content lines, dedented as docutils does. */
  content(b: DirectiveBlock): string {
    const c = b.content;
    if (!c) return '';
    const out: string[] = [];
    for (let n = c.firstLine; n <= c.lastLine; n++) {
      if (!(n >= 0 && n < this.doc.lines.length)) break;
      const expanded = expandTabs(this.doc.text.slice(this.doc.lines.start[n], this.doc.lines.end[n])).trimEnd();
      out.push(expanded.length <= c.indent ? '' : expanded.slice(c.indent));
    }
    return out.join('\n');
  }

  /** Inline markup of an argument or option value, parsed where it stands in the document. */
  inlineSpan(span: Span | undefined, fallback: string): string {
    if (!span || span.end <= span.start) return escapeHtml(fallback);
    return this.inlines(parseInline(this.doc.text, span.start, span.end).nodes);
  }

  // The directive families and the inline renderer (their own files), called back through RenderContext.
  collect(): void {
    return collectTargets(this);
  }

  useHref(use: NameUse): string | undefined {
    return useHref(this, use);
  }

  defId(def: NameDef): string | undefined {
    return defId(this, def);
  }

  inlines(nodes: readonly Inline[]): string {
    return inlinesHtml(this, nodes);
  }

  plainText(nodes: readonly Inline[]): string {
    return plainTextOf(this, nodes);
  }

  plainHtml(nodes: readonly Inline[]): string {
    return plainHtml(this, nodes);
  }

  link(href: string | undefined, html: string, cls = 'hg-reference'): string {
    return linkHtml(this, href, html, cls);
  }

  inline(n: Inline): string {
    return inlineHtml(this, n);
  }

  substitution(refname: string, name: string): string {
    return substitutionHtml(this, refname, name);
  }

  /** The prelude's own renderer: its names, ids and offsets are those of the prelude's text. */
  private preludeRenderer: RstHtmlRenderer | undefined;

  preludeSubstitution(refname: string, name: string): string | undefined {
    const prelude = this.options.prelude;
    if (!prelude || this.substitutionDepth > 8) return undefined;
    if (!this.preludeRenderer) {
      this.preludeRenderer = new RstHtmlRenderer(prelude, { ...this.options, prelude: undefined, diagrams: undefined });
      this.preludeRenderer.collect();
    }
    const r = this.preludeRenderer;
    if (!r.names.substitution(name, refname)) return undefined;
    r.substitutionDepth = this.substitutionDepth;
    const html = r.substitution(refname, name);
    for (const x of r.resources) this.resources.add(x); // an image substitution's file, for the host to load
    return html;
  }

  role(n: InterpretedInline): string {
    return roleHtml(this, n);
  }

  directive(b: DirectiveBlock): string {
    return directiveHtml(this, b);
  }

  box(b: DirectiveBlock, why?: string): string {
    return boxHtml(this, b, why);
  }

  code(text: string, language: string, b: { line: number; endLine: number }, cls: string): string {
    return codeHtml(this, text, language, b, cls);
  }

  codeBlock(b: DirectiveBlock, rawText: string, language: string): string {
    return codeBlockHtml(this, b, rawText, language);
  }

  literalInclude(b: DirectiveBlock): string {
    return literalIncludeHtml(this, b);
  }

  table(b: TableBlock, caption?: string, extraClass?: string, id?: string): string {
    return tableHtml(this, b, caption, extraClass, id);
  }

  listTable(b: DirectiveBlock): string {
    return listTableHtml(this, b);
  }

  csvTable(b: DirectiveBlock): string {
    return csvTableHtml(this, b);
  }

  contents(b: DirectiveBlock): string {
    return contentsHtml(this, b);
  }

  toctree(b: DirectiveBlock): string {
    return toctreeHtml(this, b);
  }

  alignClass(b: DirectiveBlock): string {
    return alignClassOf(this, b);
  }

  localPath(ref: string): string | undefined {
    return localPathOf(this, ref);
  }

  unreadable(ref: string, path: string | undefined): string {
    return unreadableHtml(this, ref, path);
  }

  imageSource(ref: string): string | BlockedResource {
    return imageSourceOf(this, ref);
  }

  image(b: DirectiveBlock, extraClass?: string): string {
    return imageHtml(this, b, extraClass);
  }

  figure(b: DirectiveBlock, cls: string): string {
    return figureHtml(this, b, cls);
  }

  diagram(b: DirectiveBlock): string {
    return diagramHtml(this, b);
  }
}

export type { BlockedResource, DiagramView, RenderOptions, RenderResult, ResourceAnswer } from './context';
export { makeId, safeHref } from './html';
export { unicodeText } from './inlines';
export { parseCsv } from './directives/tables';
