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
import { GRAPHVIZ_DIRECTIVES, fileUriToPath, findGraphvizDirectives, joinPath, resolveGraphvizFile } from '../dot/provider';
import { expandTabs } from '../dot/source';
import { parseInline } from '../rst/inline';
import { normalizeName } from '../rst/text';
import type {
  Block,
  CitationBlock,
  DirectiveBlock,
  FootnoteBlock,
  FootnoteRefInline,
  Inline,
  InterpretedInline,
  ListItem,
  ReferenceInline,
  RstDocument,
  SectionBlock,
  Span,
  SubstitutionDefBlock,
  TableBlock,
  TableCell,
} from '../rst/types';
import { flatten } from '../rst/walk';
import { escapeHtml, highlightLines } from './highlight';
import { remoteTableMessage } from '../features/remoteContent';

/** One diagram as the renderer shows it (laid out by renderPreview.ts). */
export interface DiagramView {
  /** Key of the SVG shown (a hash of it); undefined when there is nothing to show. */
  key?: string;
  /** The sanitised SVG for `key`. */
  svg?: string;
  /** `ok`: drawn; `error`: Graphviz failed (the SVG, when any, is the last good one); `pending`: still laying out. */
  state: 'ok' | 'error' | 'pending';
  /** The SVG is an older, last good drawing of this diagram. */
  stale: boolean;
  /** What went wrong (`error`), or Graphviz's note on a drawing it still produced (`ok`). */
  message?: string;
  /**
   * The 0-based document line that the SVG's `data-dot-line` values count from (the SVG itself holds lines
   * relative to the diagram, so an edit above a diagram leaves its SVG, and its key, unchanged).
   */
  dotBase?: number;
  /** For the file form (`.. graphviz:: file.dot`): the `file:` URI the lines refer to. */
  dotFile?: string;
}

export interface RenderOptions {
  /** The document's URI: relative images and included files resolve against it. */
  uri?: string;
  /** Laid-out diagrams by directive; a graphviz directive missing here renders as pending. */
  diagrams?: ReadonlyMap<DirectiveBlock, DiagramView>;
  /** Put each SVG inside its container (a self-contained page) instead of leaving it to the preview script. */
  inlineDiagrams?: boolean;
  /** Add the preview's diagram buttons (copy, export) and VS Code's context menu data. */
  interactive?: boolean;
  /** Reads a file (absolute path); undefined when it cannot. */
  readFile?: (path: string) => string | undefined;
  /**
   * A Sphinx label defined in another document of the project: the link to it (relative to this document)
   * and the title it names. Without it, such a `:ref:` renders as unresolved text.
   */
  resolveLabel?: (name: string) => { href: string; title?: string } | undefined;
  /**
   * The `src` of an image in this host. For a local file (`file:` URI): a string is its `src`, undefined
   * leaves it to the preview host (the element gets `data-hg-src` and the URI is listed in
   * {@link RenderResult.resources}). For a remote image (an http(s) URL): a string is its `src`, anything else
   * leaves it unloaded. `{ blocked }` (either kind) shows a placeholder with the reason, the alt text and the
   * address instead of the image. Without this function no remote image is loaded. It is also asked about
   * a file a directive names that could not be read (`literalinclude`, `csv-table :file:`): a `{ blocked }`
   * answer is the reason shown.
   */
  resolveResource?: (uri: string) => ResourceAnswer;
  /** For `.. |today| date::` (default: now). */
  now?: Date;
  /**
   * The language of literal blocks (`::`) and of code blocks without one until a `.. highlight::` directive:
   * the project's `highlight_language` (Sphinx's default, `default`, highlights as Python). Undefined: none.
   */
  highlightLanguage?: string;
}

/** A resource the host will not load, with the reason its placeholder shows. */
export interface BlockedResource {
  blocked: string;
}

/** What a host answers for an image: its `src`, a refusal, or undefined (see {@link RenderOptions.resolveResource}). */
export type ResourceAnswer = string | BlockedResource | undefined;

/** Shown for a remote image when the host says nothing about it. */
const REMOTE_NOT_LOADED = 'Remote image not loaded: the preview contacts no remote host.';

export interface RenderResult {
  /** The body HTML. */
  html: string;
  /** The document title (its first section title), '' when it has none. */
  title: string;
  /** `file:` URIs of local resources the HTML refers to through `data-hg-src`. */
  resources: string[];
}

const ADMONITIONS: Record<string, string> = {
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

const VERSION_LABELS: Record<string, string> = {
  versionadded: 'New in version',
  versionchanged: 'Changed in version',
  deprecated: 'Deprecated since version',
  versionremoved: 'Removed in version',
};

/** Directives that produce nothing visible. */
const INVISIBLE = new Set([
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
const CONTAINERS = new Set(['compound', 'container', 'only', 'ifconfig', 'class', 'rst-class', 'hlist', 'acks', 'glossary', 'line-block']);

/** Substitutions Sphinx defines from conf.py. */
const SPHINX_SUBSTITUTIONS = new Set(['version', 'release', 'today']);

const FOOTNOTE_SYMBOLS = ['*', '\u2020', '\u2021', '\u00a7', '\u00b6', '#', '\u2660', '\u2665', '\u2666', '\u2663'];

/** Renders a parsed document to HTML. Never throws on any document. */
export function renderDocument(doc: RstDocument, options: RenderOptions = {}): RenderResult {
  return new RstHtmlRenderer(doc, options).run();
}

/**
 * The same HTML as {@link renderDocument}, produced in steps: each `next()` renders top-level blocks of about
 * `partChars` characters of source, so a host can let other work run between steps of a huge document.
 */
export function renderDocumentInParts(doc: RstDocument, options: RenderOptions, partChars: number): Generator<void, RenderResult, void> {
  return new RstHtmlRenderer(doc, options).runInParts(partChars);
}

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
  return /^(?:https?|mailto|ftp)$/i.test(scheme[1]) ? u : undefined;
}

function attr(s: string): string {
  return escapeHtml(s);
}

function classList(...parts: (string | undefined | false)[]): string {
  return parts.filter(Boolean).join(' ');
}

interface FootnoteInfo {
  id: string;
  display: string;
  refIds: string[];
}

class RstHtmlRenderer {
  private readonly ids = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();
  private readonly blockIds = new Map<Block, string>();
  private readonly inlineIds = new Map<Inline, string>();
  /** refname -> href (`#id` or a URI). */
  private readonly targets = new Map<string, string | undefined>();
  private readonly anonymousHrefs = new Map<ReferenceInline, string | undefined>();
  private readonly footnotes = new Map<FootnoteBlock, FootnoteInfo>();
  private readonly footnoteRefs = new Map<FootnoteRefInline, { info?: FootnoteInfo; id: string }>();
  private readonly citations = new Map<string, { id: string; refIds: string[] }>();
  private readonly substitutions = new Map<string, SubstitutionDefBlock>();
  private readonly sections: SectionBlock[];
  private readonly diagramIndex = new Map<DirectiveBlock, number>();
  private readonly resources = new Set<string>();
  private readonly docPath: string | undefined;
  private language = '';
  private substitutionDepth = 0;
  private citationRefCount = 0;

  constructor(
    private readonly doc: RstDocument,
    private readonly options: RenderOptions,
  ) {
    this.docPath = options.uri ? fileUriToPath(options.uri) : undefined;
    this.language = options.highlightLanguage ?? '';
    this.sections = doc.sections;
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
        const start = this.doc.lines[blocks[from].line]?.start ?? 0;
        let to = from + 1;
        while (to < blocks.length && (this.doc.lines[blocks[to].line]?.start ?? 0) - start < partChars) to++;
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
  private uniqueId(base: string, fallback: string): string {
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

  private collect(): void {
    const flat = flatten(this.doc.blocks);
    findGraphvizDirectives(this.doc).forEach((d, i) => this.diagramIndex.set(d, i));
    // Implicit targets (sections) first, explicit ones override them.
    for (const s of this.sections) {
      const id = this.uniqueId(makeId(s.refname), 'section');
      this.blockIds.set(s, id);
      if (!this.targets.has(s.refname)) this.targets.set(s.refname, `#${id}`);
    }
    const indirect: [string, string][] = [];
    const anonymousTargets: (string | undefined)[] = [];
    let autoNumber = 0;
    const usedNumbers = new Set<number>();
    const autoFootnotes: FootnoteBlock[] = [];
    const symbolFootnotes: FootnoteBlock[] = [];
    for (const b of flat.blocks) {
      if (b.kind === 'footnote' && /^\d+$/.test(b.label)) usedNumbers.add(Number(b.label));
    }
    for (const b of flat.blocks) {
      switch (b.kind) {
        case 'target':
          if (b.anonymous) {
            anonymousTargets.push(b.uri !== undefined ? safeHref(b.uri) : b.indirect !== undefined ? `\u0000${b.indirect}` : undefined);
          } else if (b.uri !== undefined) {
            this.targets.set(b.refname, safeHref(b.uri));
          } else if (b.indirect !== undefined) {
            indirect.push([b.refname, b.indirect]);
          } else {
            const id = this.uniqueId(makeId(b.name), 'target');
            this.blockIds.set(b, id);
            this.targets.set(b.refname, `#${id}`);
          }
          break;
        case 'directive': {
          const name = b.options.find((o) => o.name === 'name')?.value.trim();
          if (name) {
            const id = this.uniqueId(makeId(name), 'figure');
            this.blockIds.set(b, id);
            this.targets.set(normalizeName(name), `#${id}`);
          }
          break;
        }
        case 'citation': {
          const id = this.uniqueId(makeId(b.label), 'citation');
          this.blockIds.set(b, id);
          this.citations.set(b.refname, { id, refIds: [] });
          this.targets.set(b.refname, `#${id}`);
          break;
        }
        case 'footnote': {
          let display: string;
          if (/^\d+$/.test(b.label)) display = String(Number(b.label));
          else if (b.label === '*') {
            const k = symbolFootnotes.length;
            symbolFootnotes.push(b);
            display = FOOTNOTE_SYMBOLS[k % FOOTNOTE_SYMBOLS.length].repeat(Math.floor(k / FOOTNOTE_SYMBOLS.length) + 1);
          } else {
            do autoNumber++;
            while (usedNumbers.has(autoNumber));
            display = String(autoNumber);
            if (b.label === '#') autoFootnotes.push(b);
          }
          const id = this.uniqueId(/^\d+$/.test(display) ? `footnote-${display}` : `footnote-symbol-${symbolFootnotes.length}`, 'footnote');
          this.blockIds.set(b, id);
          this.footnotes.set(b, { id, display, refIds: [] });
          if (b.label.startsWith('#') && b.label.length > 1) this.targets.set(normalizeName(b.label.slice(1)), `#${id}`);
          break;
        }
        case 'substitutionDef':
          if (!this.substitutions.has(b.refname)) this.substitutions.set(b.refname, b);
          break;
        default:
          break;
      }
    }
    for (const i of flat.inlines) {
      if (i.kind === 'inlineTarget') {
        const id = this.uniqueId(makeId(i.name), 'target');
        this.inlineIds.set(i, id);
        if (!this.targets.has(i.refname) || this.targets.get(i.refname)?.startsWith('#')) this.targets.set(i.refname, `#${id}`);
      } else if (i.kind === 'reference' && i.targetName && i.uri !== undefined && !this.targets.has(i.targetName)) {
        this.targets.set(i.targetName, safeHref(i.uri));
      }
    }
    const resolve = (name: string): string | undefined => {
      let n = name;
      for (let hops = 0; hops < 20; hops++) {
        const next = indirect.find(([r]) => r === n);
        if (!next) return this.targets.get(n);
        n = normalizeName(next[1]);
      }
      return undefined;
    };
    for (const [refname] of indirect) this.targets.set(refname, resolve(refname));

    // Anonymous references take the anonymous targets in order.
    let anon = 0;
    let autoRef = 0;
    let symbolRef = 0;
    for (const i of flat.inlines) {
      if (i.kind === 'reference' && i.anonymous && !i.embedded) {
        const t = anonymousTargets[anon++];
        this.anonymousHrefs.set(i, t?.startsWith('\u0000') ? resolve(normalizeName(t.slice(1))) : t);
      } else if (i.kind === 'footnoteRef') {
        let fn: FootnoteBlock | undefined;
        if (i.label === '#') fn = autoFootnotes[autoRef++];
        else if (i.label === '*') fn = symbolFootnotes[symbolRef++];
        else for (const [b] of this.footnotes) if (b.label === i.label || (/^\d+$/.test(i.label) && b.label === String(Number(i.label)))) fn = b;
        const info = fn ? this.footnotes.get(fn) : undefined;
        const id = this.uniqueId(`footnote-reference-${this.footnoteRefs.size + 1}`, 'footnote-reference');
        info?.refIds.push(id);
        this.footnoteRefs.set(i, { info, id });
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Blocks
  // -------------------------------------------------------------------------------------------

  private blocks(blocks: readonly Block[]): string {
    let out = '';
    for (const b of blocks) out += this.block(b);
    return out;
  }

  /** ` data-line="n"` (and `data-line-end` when the block spans lines). */
  private lines(b: { line: number; endLine: number }): string {
    return b.endLine > b.line ? ` data-line="${b.line}" data-line-end="${b.endLine}"` : ` data-line="${b.line}"`;
  }

  private lineOf(offset: number): number {
    const lines = this.doc.lines;
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(0, lo);
  }

  private idAttr(b: Block): string {
    const id = this.blockIds.get(b);
    return id ? ` id="${attr(id)}"` : '';
  }

  private block(b: Block): string {
    switch (b.kind) {
      case 'section': {
        const level = Math.min(Math.max(b.level, 1), 6);
        return `<h${level}${this.idAttr(b)}${this.lines(b)}>${this.inlines(b.titleInlines)}</h${level}>\n`;
      }
      case 'transition':
        return `<hr${this.lines(b)}>\n`;
      case 'paragraph': {
        // `Text::` shows as `Text:`, a lone `::` disappears (the literal block follows).
        let inlines = b.inlines;
        const last = inlines[inlines.length - 1];
        if (b.literalNext && last?.kind === 'text' && last.text.endsWith('::')) {
          const text = /\s::$/.test(last.text) || last.text === '::' ? last.text.replace(/\s*::$/, '') : last.text.slice(0, -1);
          inlines = [...inlines.slice(0, -1), { ...last, text }];
          if (inlines.length === 1 && text === '') return '';
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

  private backlinked(label: string, refIds: string[]): string {
    if (refIds.length === 0) return escapeHtml(label);
    return `<a class="hg-backref" href="#${attr(refIds[0])}">${escapeHtml(label)}</a>`;
  }

  private citation(b: CitationBlock): string {
    const c = this.citations.get(b.refname);
    const label = c ? this.backlinked(`[${b.label}]`, c.refIds) : escapeHtml(`[${b.label}]`);
    return `<aside class="hg-citation"${this.idAttr(b)}${this.lines(b)}>\n<span class="hg-label">${label}</span>\n<div class="hg-note-body">${this.blocks(b.body)}</div>\n</aside>\n`;
  }

  private listItem(i: ListItem): string {
    return `<li${this.lines(i)}>${this.blocks(i.body)}</li>\n`;
  }

  private table(b: TableBlock, caption?: string, extraClass?: string, id?: string): string {
    const rows = new Map<number, TableCell[]>();
    for (const c of b.cells) {
      const row = rows.get(c.row) ?? [];
      row.push(c);
      rows.set(c.row, row);
    }
    const order = [...rows.keys()].sort((x, y) => x - y);
    const head: string[] = [];
    const body: string[] = [];
    for (const r of order) {
      const cells = rows.get(r)!.sort((x, y) => x.col - y.col);
      const header = cells.every((c) => c.header) || r < b.headerRows;
      const tag = header ? 'th' : 'td';
      const line = this.lineOf(cells[0].start);
      const html = cells
        .map((c) => {
          const span = (c.colSpan > 1 ? ` colspan="${c.colSpan}"` : '') + (c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : '');
          return `<${tag}${span}>${this.blocks(c.body)}</${tag}>`;
        })
        .join('');
      (header ? head : body).push(`<tr data-line="${line}">${html}</tr>\n`);
    }
    return (
      `<table class="${classList('hg-table', extraClass)}"${id ? ` id="${attr(id)}"` : ''}${this.lines(b)}>\n` +
      (caption ? `<caption>${caption}</caption>\n` : '') +
      (head.length ? `<thead>\n${head.join('')}</thead>\n` : '') +
      `<tbody>\n${body.join('')}</tbody>\n</table>\n`
    );
  }

  // -------------------------------------------------------------------------------------------
  // Directives
  // -------------------------------------------------------------------------------------------

  private option(b: DirectiveBlock, name: string): string | undefined {
    return b.options.find((o) => o.name === name)?.value;
  }

  /** `:class:` values as CSS classes (docutils' class_option: make_id of each). */
  private classes(b: DirectiveBlock, option = 'class'): string {
    const v = this.option(b, option);
    if (!v) return '';
    return v
      .split(/\s+/)
      .map(makeId)
      .filter(Boolean)
      .join(' ');
  }

  /** The directive's content lines, dedented as docutils does. */
  private content(b: DirectiveBlock): string {
    const c = b.content;
    if (!c) return '';
    const out: string[] = [];
    for (let n = c.firstLine; n <= c.lastLine; n++) {
      const l = this.doc.lines[n];
      if (!l) break;
      const expanded = expandTabs(this.doc.text.slice(l.start, l.end)).trimEnd();
      out.push(expanded.length <= c.indent ? '' : expanded.slice(c.indent));
    }
    return out.join('\n');
  }

  /** Inline markup of an argument or option value, parsed where it stands in the document. */
  private inlineSpan(span: Span | undefined, fallback: string): string {
    if (!span || span.end <= span.start) return escapeHtml(fallback);
    return this.inlines(parseInline(this.doc.text, span.start, span.end).nodes);
  }

  private directive(b: DirectiveBlock): string {
    const name = b.name;
    if (GRAPHVIZ_DIRECTIVES.has(name)) return this.diagram(b);
    if (name === 'highlight') {
      this.language = b.argument.trim();
      return '';
    }
    if (INVISIBLE.has(name)) return '';
    const id = this.idAttr(b);
    const cls = this.classes(b);
    const admonition = ADMONITIONS[name];
    if (admonition !== undefined || name === 'admonition') {
      const title = name === 'admonition' ? this.inlineSpan(b.argumentSpan, b.argument) : escapeHtml(admonition);
      const kind = name === 'admonition' ? 'admonition' : name;
      // `.. seealso:: text` takes its text as the argument.
      const argumentText = name !== 'admonition' && b.argument ? `<p${this.lines({ line: b.line, endLine: b.line })}>${this.inlineSpan(b.argumentSpan, b.argument)}</p>\n` : '';
      return (
        `<div class="${classList('hg-admonition', `hg-admonition-${kind}`, cls)}"${id}${this.lines(b)}>\n` +
        `<p class="hg-admonition-title">${title}</p>\n${argumentText}${this.blocks(b.body ?? [])}</div>\n`
      );
    }
    const version = VERSION_LABELS[name];
    if (version !== undefined) {
      const m = /^(\S+)\s*([\s\S]*)$/.exec(b.argument.trim());
      const label = `${version} ${m ? m[1] : b.argument}`;
      const note = m && m[2] ? ` ${escapeHtml(m[2].replace(/\s+/g, ' '))}` : '';
      return (
        `<div class="${classList('hg-versionmodified', `hg-${name}`)}"${id}${this.lines(b)}>\n` +
        `<p><span class="hg-versionmodified-label">${escapeHtml(label)}:</span>${note}</p>\n${this.blocks(b.body ?? [])}</div>\n`
      );
    }
    switch (name) {
      case 'topic':
      case 'sidebar': {
        const subtitle = this.option(b, 'subtitle');
        return (
          `<aside class="${classList(`hg-${name}`, cls)}"${id}${this.lines(b)}>\n` +
          (b.argument ? `<p class="hg-topic-title">${this.inlineSpan(b.argumentSpan, b.argument)}</p>\n` : '') +
          (subtitle ? `<p class="hg-topic-subtitle">${escapeHtml(subtitle)}</p>\n` : '') +
          `${this.blocks(b.body ?? [])}</aside>\n`
        );
      }
      case 'rubric':
        return `<p class="${classList('hg-rubric', cls)}"${id}${this.lines(b)}>${this.inlineSpan(b.argumentSpan, b.argument)}</p>\n`;
      case 'centered':
        return `<p class="hg-centered"${id}${this.lines(b)}><strong>${this.inlineSpan(b.argumentSpan, b.argument)}</strong></p>\n`;
      case 'epigraph':
      case 'highlights':
      case 'pull-quote':
        return `<blockquote class="hg-${name}"${id}${this.lines(b)}>\n${this.blocks(b.body ?? [])}</blockquote>\n`;
      case 'code':
      case 'code-block':
      case 'sourcecode':
        return this.codeBlock(b, this.content(b), b.argument.trim() || this.language);
      case 'doctest':
      case 'testcode':
        return this.codeBlock(b, this.content(b), 'python');
      case 'testoutput':
        return this.codeBlock(b, this.content(b), '');
      case 'parsed-literal':
        return this.code(this.content(b), '', b, classList('hg-literal hg-parsed-literal', cls));
      case 'math':
        return `<div class="${classList('hg-math', cls)}"${id}${this.lines(b)}><pre>${escapeHtml(this.content(b) || b.argument)}</pre></div>\n`;
      case 'table': {
        const table = b.body?.find((x): x is TableBlock => x.kind === 'table');
        if (!table) return this.box(b);
        const caption = b.argument ? this.inlineSpan(b.argumentSpan, b.argument) : undefined;
        return this.table(table, caption, cls, this.blockIds.get(b));
      }
      case 'list-table':
        return this.listTable(b);
      case 'csv-table':
        return this.csvTable(b);
      case 'contents':
        return this.contents(b);
      case 'raw':
        return (
          `<div class="hg-raw"${id}${this.lines(b)}>\n<div class="hg-directive-label">raw ${escapeHtml(b.argument.trim())}: shown as text, never run</div>\n` +
          `<pre>${escapeHtml(this.content(b))}</pre>\n</div>\n`
        );
      case 'image':
        return `<div class="${classList('hg-image', this.alignClass(b), cls)}"${id}${this.lines(b)}>${this.image(b)}</div>\n`;
      case 'figure':
        return this.figure(b, cls);
      case 'toctree':
        return this.toctree(b);
      case 'literalinclude':
        return this.literalInclude(b);
      default:
        if (CONTAINERS.has(name)) {
          const extra = name === 'class' || name === 'rst-class' ? b.argument.split(/\s+/).map(makeId).join(' ') : '';
          return `<div class="${classList(`hg-${name}`, cls, extra)}"${id}${this.lines(b)}>\n${this.blocks(b.body ?? [])}</div>\n`;
        }
        return this.box(b);
    }
  }

  /** An unknown (or not rendered) directive: a labelled box with its content. */
  private box(b: DirectiveBlock, why?: string): string {
    const line = this.doc.lines[b.line];
    const head = line ? this.doc.text.slice(this.doc.text.lastIndexOf('..', b.nameSpan.start), line.end).trim() : `.. ${b.name}::`;
    const body = b.body && b.body.length ? this.blocks(b.body) : b.content ? `<pre>${escapeHtml(this.content(b))}</pre>\n` : '';
    return (
      `<div class="hg-directive hg-directive-${attr(makeId(b.name) || 'unknown')}"${this.idAttr(b)}${this.lines(b)}>\n` +
      `<div class="hg-directive-label">${escapeHtml(head)}</div>\n${why ? `<p class="hg-blocked-why">${escapeHtml(why)}</p>\n` : ''}${body}</div>\n`
    );
  }

  private code(text: string, language: string, b: { line: number; endLine: number }, cls: string): string {
    const lines = highlightLines(text, language || undefined);
    const lang = language ? ` class="language-${attr(language.toLowerCase())}"` : '';
    return `<pre class="${cls}"${this.lines(b)}><code${lang}>${lines.join('\n')}</code></pre>\n`;
  }

  private codeBlock(b: DirectiveBlock, rawText: string, language: string): string {
    let text = rawText;
    const dedent = this.option(b, 'dedent');
    if (dedent !== undefined) {
      const n = dedent.trim() === '' ? Math.min(...text.split('\n').filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length)) : Number(dedent);
      if (Number.isFinite(n) && n > 0) text = text.split('\n').map((l) => l.slice(Math.min(n, /^ */.exec(l)![0].length))).join('\n');
    }
    const lines = highlightLines(text, language || undefined);
    const numbered = b.options.some((o) => o.name === 'linenos' || o.name === 'number-lines');
    const first = Number(this.option(b, 'lineno-start') ?? this.option(b, 'number-lines') ?? '1') || 1;
    const emphasized = parseLineSpec(this.option(b, 'emphasize-lines') ?? '');
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
    const caption = this.option(b, 'caption');
    const lang = language ? ` class="language-${attr(language.toLowerCase())}"` : '';
    return (
      `<div class="${classList('hg-code', numbered && 'hg-numbered', this.classes(b))}"${this.idAttr(b)}${this.lines(b)}>\n` +
      (caption ? `<div class="hg-code-caption">${escapeHtml(caption)}</div>\n` : '') +
      `<pre><code${lang}>${body}</code></pre>\n</div>\n`
    );
  }

  private literalInclude(b: DirectiveBlock): string {
    const file = this.localPath(b.argument.trim());
    const text = file && this.options.readFile ? this.options.readFile(file) : undefined;
    if (text === undefined) return this.box(b, this.unreadable(b.argument.trim(), file));
    return this.codeBlock(b, text.replace(/\r\n?/g, '\n').replace(/\n$/, ''), this.option(b, 'language') ?? '');
  }

  private listTable(b: DirectiveBlock): string {
    const list = b.body?.find((x) => x.kind === 'bulletList');
    if (!list || list.kind !== 'bulletList') return this.box(b);
    const headerRows = Number(this.option(b, 'header-rows') ?? '0') || 0;
    const stubs = Number(this.option(b, 'stub-columns') ?? '0') || 0;
    const rows = list.items.map((item, r) => {
      const inner = item.body.find((x) => x.kind === 'bulletList');
      const cells = inner && inner.kind === 'bulletList' ? inner.items : [];
      const html = cells
        .map((c, k) => {
          const tag = r < headerRows || k < stubs ? 'th' : 'td';
          return `<${tag}>${this.blocks(c.body)}</${tag}>`;
        })
        .join('');
      return `<tr${this.lines(item)}>${html}</tr>\n`;
    });
    const caption = b.argument ? `<caption>${this.inlineSpan(b.argumentSpan, b.argument)}</caption>\n` : '';
    return (
      `<table class="${classList('hg-table', this.classes(b))}"${this.idAttr(b)}${this.lines(b)}>\n${caption}` +
      (headerRows ? `<thead>\n${rows.slice(0, headerRows).join('')}</thead>\n` : '') +
      `<tbody>\n${rows.slice(headerRows).join('')}</tbody>\n</table>\n`
    );
  }

  private csvTable(b: DirectiveBlock): string {
    const delimOption = this.option(b, 'delim');
    const delim = delimOption === undefined ? ',' : delimOption === 'tab' ? '\t' : delimOption === 'space' ? ' ' : delimOption.trim()[0] ?? ',';
    const quote = this.option(b, 'quote')?.trim()[0] ?? '"';
    const escape = this.option(b, 'escape')?.trim()[0];
    const keepSpace = b.options.some((o) => o.name === 'keepspace');
    let text = this.content(b);
    const url = this.option(b, 'url');
    if (url !== undefined) return this.box(b, remoteTableMessage(url.trim()));
    const file = this.option(b, 'file');
    if (file !== undefined) {
      const p = this.localPath(file.trim());
      const read = p && this.options.readFile ? this.options.readFile(p) : undefined;
      if (read === undefined) return this.box(b, this.unreadable(file.trim(), p));
      text = read;
    }
    const header = this.option(b, 'header');
    const headRows = header !== undefined ? parseCsv(header, delim, quote, escape, keepSpace) : [];
    const bodyRows = parseCsv(text, delim, quote, escape, keepSpace);
    const headerRows = Number(this.option(b, 'header-rows') ?? '0') || 0;
    const stubs = Number(this.option(b, 'stub-columns') ?? '0') || 0;
    const all = [...headRows, ...bodyRows];
    const nHead = headRows.length + headerRows;
    const firstLine = b.content?.firstLine ?? b.line;
    const row = (cells: string[], r: number) => {
      const html = cells
        .map((cell, k) => {
          const tag = r < nHead || k < stubs ? 'th' : 'td';
          return `<${tag}>${this.inlines(parseInline(cell, 0, cell.length).nodes)}</${tag}>`;
        })
        .join('');
      const line = r >= headRows.length ? firstLine + (r - headRows.length) : b.line;
      return `<tr data-line="${line}">${html}</tr>\n`;
    };
    const rows = all.map(row);
    const caption = b.argument ? `<caption>${this.inlineSpan(b.argumentSpan, b.argument)}</caption>\n` : '';
    return (
      `<table class="${classList('hg-table', this.classes(b))}"${this.idAttr(b)}${this.lines(b)}>\n${caption}` +
      (nHead ? `<thead>\n${rows.slice(0, nHead).join('')}</thead>\n` : '') +
      `<tbody>\n${rows.slice(nHead).join('')}</tbody>\n</table>\n`
    );
  }

  private contents(b: DirectiveBlock): string {
    const depth = Number(this.option(b, 'depth') ?? '') || Infinity;
    const local = b.options.some((o) => o.name === 'local');
    let sections = this.sections.filter((s) => s.start > b.start || !local);
    let base = 0;
    if (local) {
      const parent = [...this.sections].reverse().find((s) => s.start < b.start);
      base = parent ? parent.level : 0;
      const end = sections.findIndex((s) => s.level <= base);
      if (end >= 0) sections = sections.slice(0, end);
    } else if (this.sections.filter((s) => s.level === 1).length === 1 && this.sections[0]?.level === 1) {
      // The document title is not part of its own table of contents.
      sections = sections.filter((s) => s !== this.sections[0]);
      base = 1;
    }
    sections = sections.filter((s) => s.level - base <= depth);
    const title = b.argument ? this.inlineSpan(b.argumentSpan, b.argument) : 'Contents';
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
      html += `<li><a href="#${attr(this.blockIds.get(s) ?? '')}">${this.plainHtml(s.titleInlines)}</a>`;
    }
    while (open-- > 0) html += '</li></ul>';
    return `<nav class="${classList('hg-contents', this.classes(b))}"${this.idAttr(b)}${this.lines(b)}>\n<p class="hg-topic-title">${title}</p>\n${html}\n</nav>\n`;
  }

  private toctree(b: DirectiveBlock): string {
    const caption = this.option(b, 'caption');
    if (b.options.some((o) => o.name === 'hidden')) return '';
    const entries = this.content(b)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('..'));
    const first = b.content?.firstLine ?? b.line;
    const rawLines = this.content(b).split('\n');
    const items = entries.map((e) => {
      const m = /^(.*?)\s*<([^<>]+)>$/.exec(e);
      const title = m && m[1] ? m[1] : undefined;
      const target = m ? m[2] : e;
      const line = first + Math.max(0, rawLines.findIndex((l) => l.trim() === e));
      if (/[*?[]/.test(target) || target === 'self') return `<li data-line="${line}">${escapeHtml(title ?? target)}</li>`;
      const href = /^[a-z][a-z0-9+.-]*:/i.test(target) ? safeHref(target) : `${target.replace(/^\//, '')}.rst`;
      return `<li data-line="${line}">${href ? `<a class="hg-doc" href="${attr(href)}">${escapeHtml(title ?? target)}</a>` : escapeHtml(title ?? target)}</li>`;
    });
    return (
      `<nav class="hg-toctree"${this.idAttr(b)}${this.lines(b)}>\n` +
      (caption ? `<p class="hg-toctree-caption">${escapeHtml(caption)}</p>\n` : '') +
      `<ul>\n${items.join('\n')}\n</ul>\n</nav>\n`
    );
  }

  private alignClass(b: DirectiveBlock): string {
    const align = this.option(b, 'align')?.trim();
    return align ? `hg-align-${makeId(align)}` : '';
  }

  /** Absolute path of a document-relative (or source-root relative `/x`) reference, as Sphinx resolves it. */
  private localPath(ref: string): string | undefined {
    if (!this.docPath || !ref) return undefined;
    if (this.options.readFile) return resolveGraphvizFile(this.docPath, ref, this.options.readFile);
    return joinPath(this.docPath.replace(/\/[^/]*$/, ''), ref.replace(/^\//, ''));
  }

  /**
   * Why a file a directive names is not shown: the host's reason when it refuses the file (outside the
   * project), else not found.
   */
  private unreadable(ref: string, path: string | undefined): string {
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return `Not shown: ${ref} is not a file; the preview fetches nothing.`;
    const answer = path ? this.options.resolveResource?.(pathToFileUri(path)) : undefined;
    if (answer && typeof answer !== 'string') return answer.blocked;
    return `Not shown: ${ref} was not found or could not be read.`;
  }

  /** `src` (or `data-hg-src`) of an image reference, or why it is not loaded. */
  private imageSource(ref: string): string | BlockedResource {
    const uri = ref.replace(/\s+/g, '');
    if (/^https?:\/\//i.test(uri)) {
      const answer = this.options.resolveResource?.(uri);
      if (typeof answer === 'string') return /^https?:\/\//i.test(answer) ? ` src="${attr(answer)}"` : { blocked: REMOTE_NOT_LOADED };
      return answer ?? { blocked: REMOTE_NOT_LOADED };
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) return ''; // data:, javascript:, file: ... never loaded
    const path = this.localPath(uri);
    if (!path) return '';
    const fileUri = pathToFileUri(path);
    const resolved = this.options.resolveResource?.(fileUri);
    if (typeof resolved === 'string') return ` src="${attr(resolved)}"`;
    if (resolved) return resolved;
    this.resources.add(fileUri);
    return ` data-hg-src="${attr(fileUri)}"`;
  }

  private image(b: DirectiveBlock, extraClass?: string): string {
    const alt = this.option(b, 'alt') ?? b.argument.trim();
    const dims = ['width', 'height']
      .map((d) => {
        const v = this.option(b, d)?.trim();
        const m = v ? /^(\d+(?:\.\d+)?)(px|%)?$/.exec(v) : null;
        return m ? ` ${d}="${attr(m[2] === '%' ? `${m[1]}%` : String(Math.round(Number(m[1]))))}"` : '';
      })
      .join('');
    const source = this.imageSource(b.argument);
    // A refused image: a placeholder keeps its alt text and address visible and says why (nothing loads).
    const img =
      typeof source === 'string'
        ? `<img${source} alt="${attr(alt)}"${dims}${extraClass ? ` class="${extraClass}"` : ''}>`
        : `<span class="${classList('hg-blocked', /^https?:\/\//i.test(b.argument.trim()) && 'hg-blocked-remote', extraClass)}" role="img" aria-label="${attr(alt)}" data-hg-blocked="${attr(b.argument.replace(/\s+/g, ''))}">` +
          `<span class="hg-blocked-alt">${escapeHtml(alt)}</span> ` +
          (alt === b.argument.replace(/\s+/g, '') ? '' : `<span class="hg-blocked-url">${escapeHtml(b.argument.replace(/\s+/g, ''))}</span> `) +
          `<span class="hg-blocked-why">${escapeHtml(source.blocked)}</span></span>`;
    const target = this.option(b, 'target');
    if (target) {
      const href = /_$/.test(target.trim()) ? this.targets.get(normalizeName(target.trim().replace(/`?_$/, '').replace(/^`/, ''))) : safeHref(target.trim());
      if (href) return `<a href="${attr(href)}">${img}</a>`;
    }
    return img;
  }

  private figure(b: DirectiveBlock, cls: string): string {
    const [caption, ...legend] = b.body ?? [];
    const captionHtml = caption && caption.kind === 'paragraph' ? `<figcaption${this.lines(caption)}>${this.inlines(caption.inlines)}</figcaption>\n` : caption ? this.block(caption) : '';
    const legendHtml = legend.length ? `<div class="hg-legend">${this.blocks(legend)}</div>\n` : '';
    return (
      `<figure class="${classList('hg-figure', this.alignClass(b), cls, this.classes(b, 'figclass'))}"${this.idAttr(b)}${this.lines(b)}>\n` +
      `${this.image(b)}\n${captionHtml}${legendHtml}</figure>\n`
    );
  }

  private diagram(b: DirectiveBlock): string {
    const view: DiagramView = this.options.diagrams?.get(b) ?? { state: 'pending', stale: false };
    const align = this.option(b, 'align')?.trim();
    const classes = classList(
      'hg-diagram',
      align && `hg-align-${makeId(align)}`,
      this.classes(b),
      view.state === 'error' && 'hg-diagram-error',
      view.state === 'pending' && 'hg-diagram-pending',
      view.stale && 'hg-diagram-stale',
    );
    const alt = this.option(b, 'alt');
    const captionOption = b.options.find((o) => o.name === 'caption');
    const caption = captionOption ? `<figcaption>${this.inlineSpan(captionOption.valueSpan, captionOption.value)}</figcaption>\n` : '';
    const interactive = this.options.interactive && view.key !== undefined;
    const index = this.diagramIndex.get(b);
    const diagramName = this.blockIds.get(b) ?? `diagram-${(index ?? 0) + 1}`;
    const context = interactive
      ? ` data-vscode-context="${attr(JSON.stringify({ webviewSection: 'diagram', diagramKey: view.key, diagramName, preventDefaultContextMenuItems: true }))}"`
      : '';
    const tools = interactive
      ? '<div class="hg-diagram-tools">' +
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
        ? `<div class="hg-diagram-svg" data-key="${attr(view.key)}" role="img"${alt ? ` aria-label="${attr(alt)}"` : ''}>${this.options.inlineDiagrams && view.svg ? view.svg : ''}</div>\n`
        : view.state === 'pending'
          ? '<div class="hg-diagram-placeholder">Laying out the diagram\u2026</div>\n'
          : '';
    const base = view.dotBase !== undefined ? ` data-dot-base="${view.dotBase}"` : '';
    const file = view.dotFile !== undefined ? ` data-dot-file="${attr(view.dotFile)}"` : '';
    return (
      `<figure class="${classes}"${this.idAttr(b)}${this.lines(b)}${index !== undefined ? ` data-diagram="${index}"` : ''}${base}${file}${context}>\n` +
      `${tools}${message}${svg}${caption}</figure>\n`
    );
  }

  // -------------------------------------------------------------------------------------------
  // Inlines
  // -------------------------------------------------------------------------------------------

  private inlines(nodes: readonly Inline[]): string {
    let out = '';
    for (const n of nodes) out += this.inline(n);
    return out;
  }

  /** The text of inline nodes, markup dropped (for the page title). */
  private plainText(nodes: readonly Inline[]): string {
    return nodes
      .map((n) => {
        switch (n.kind) {
          case 'uri':
            return this.doc.text.slice(n.start, n.end);
          case 'footnoteRef':
          case 'citationRef':
            return '';
          case 'substitutionRef':
            return n.name;
          case 'inlineTarget':
            return n.name;
          default:
            return n.text;
        }
      })
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
  }

  /** Inline HTML without links (for tables of contents, where the whole entry is a link). */
  private plainHtml(nodes: readonly Inline[]): string {
    return escapeHtml(this.plainText(nodes));
  }

  private link(href: string | undefined, html: string, cls = 'hg-reference'): string {
    if (href === undefined) return `<span class="${cls} hg-unresolved">${html}</span>`;
    const external = /^[a-z][a-z0-9+.-]*:/i.test(href);
    return `<a class="${cls}${external ? ' hg-external' : ''}" href="${attr(href)}">${html}</a>`;
  }

  private inline(n: Inline): string {
    switch (n.kind) {
      case 'text':
        return escapeHtml(n.text);
      case 'emphasis':
        return `<em>${escapeHtml(n.text)}</em>`;
      case 'strong':
        return `<strong>${escapeHtml(n.text)}</strong>`;
      case 'literal':
        return `<code class="hg-literal-text">${escapeHtml(n.text)}</code>`;
      case 'interpreted':
        return this.role(n);
      case 'reference': {
        let href: string | undefined;
        if (n.uri !== undefined) href = safeHref(n.uri);
        else if (n.anonymous && !n.embedded) href = this.anonymousHrefs.get(n);
        else if (n.refname !== undefined) href = this.targets.get(n.refname);
        return this.link(href, escapeHtml(n.text));
      }
      case 'inlineTarget': {
        const id = this.inlineIds.get(n);
        return `<span class="hg-target"${id ? ` id="${attr(id)}"` : ''}>${escapeHtml(n.name)}</span>`;
      }
      case 'footnoteRef': {
        const ref = this.footnoteRefs.get(n);
        const label = ref?.info ? ref.info.display : n.label;
        return `<a class="hg-footnote-reference"${ref ? ` id="${attr(ref.id)}"` : ''}${ref?.info ? ` href="#${attr(ref.info.id)}"` : ''}>[${escapeHtml(label)}]</a>`;
      }
      case 'citationRef': {
        const c = this.citations.get(n.refname);
        const id = `citation-reference-${++this.citationRefCount}`;
        c?.refIds.push(id);
        return `<a class="hg-citation-reference" id="${id}"${c ? ` href="#${attr(c.id)}"` : ''}>[${escapeHtml(n.label)}]</a>`;
      }
      case 'substitutionRef': {
        const html = this.substitution(n.refname, n.name);
        if (n.reference === 'named') return this.link(this.targets.get(n.refname), html);
        return html;
      }
      case 'uri': {
        const display = this.doc.text.slice(n.start, n.end);
        return this.link(safeHref(n.uri), escapeHtml(display));
      }
    }
  }

  private substitution(refname: string, name: string): string {
    const def = this.substitutions.get(refname);
    const d = def?.directive;
    if (!d && SPHINX_SUBSTITUTIONS.has(refname)) {
      if (refname === 'today') return escapeHtml(strftime('%B %d, %Y', this.options.now ?? new Date()));
      return `<span class="hg-substitution" title="Set by Sphinx from conf.py">|${escapeHtml(name)}|</span>`;
    }
    if (!d || this.substitutionDepth > 8) return `<span class="hg-substitution hg-unresolved">|${escapeHtml(name)}|</span>`;
    this.substitutionDepth++;
    try {
      switch (d.name) {
        case 'replace': {
          const body = d.body ?? [];
          return body.map((p) => (p.kind === 'paragraph' ? this.inlines(p.inlines) : '')).join(' ');
        }
        case 'unicode':
          return escapeHtml(unicodeText(d.argument));
        case 'image':
          return this.image(d, 'hg-inline-image');
        case 'date':
          return escapeHtml(strftime(d.argument.trim() || '%Y-%m-%d', this.options.now ?? new Date()));
        default:
          return `<span class="hg-substitution">${escapeHtml(name)}</span>`;
      }
    } finally {
      this.substitutionDepth--;
    }
  }

  private role(n: InterpretedInline): string {
    const role = n.role ?? 'title-reference';
    const text = n.text;
    const explicit = /^([\s\S]*?)\s*<([^<>]+)>$/.exec(text);
    const title = explicit && explicit[1] ? explicit[1] : undefined;
    const target = explicit ? explicit[2] : text;
    switch (role) {
      case 'emphasis':
        return `<em>${escapeHtml(text)}</em>`;
      case 'strong':
        return `<strong>${escapeHtml(text)}</strong>`;
      case 'literal':
      case 'code':
        return `<code class="hg-literal-text">${escapeHtml(text)}</code>`;
      case 'sub':
      case 'subscript':
        return `<sub>${escapeHtml(text)}</sub>`;
      case 'sup':
      case 'superscript':
        return `<sup>${escapeHtml(text)}</sup>`;
      case 'title-reference':
      case 'title':
      case 't':
        return `<cite>${escapeHtml(text)}</cite>`;
      case 'math':
        return `<code class="hg-math">${escapeHtml(text)}</code>`;
      case 'pep':
      case 'pep-reference': {
        const num = /^\d+/.exec(text)?.[0];
        return num ? this.link(`https://peps.python.org/pep-${num.padStart(4, '0')}/`, `PEP ${escapeHtml(String(Number(num)))}`) : escapeHtml(text);
      }
      case 'rfc':
      case 'rfc-reference': {
        const num = /^\d+/.exec(text)?.[0];
        return num ? this.link(`https://datatracker.ietf.org/doc/html/rfc${num}`, `RFC ${escapeHtml(num)}`) : escapeHtml(text);
      }
      case 'abbr':
      case 'abbreviation':
      case 'ab':
      case 'acronym':
      case 'ac': {
        const m = /^([\s\S]*?)\s*\(([\s\S]*)\)$/.exec(text);
        return m ? `<abbr title="${attr(m[2])}">${escapeHtml(m[1])}</abbr>` : `<abbr>${escapeHtml(text)}</abbr>`;
      }
      case 'kbd':
        return `<kbd>${escapeHtml(text)}</kbd>`;
      case 'dfn':
        return `<dfn>${escapeHtml(text)}</dfn>`;
      case 'guilabel':
        return `<span class="hg-guilabel">${escapeHtml(text.replace(/&(.)/g, '$1'))}</span>`;
      case 'menuselection':
        return `<span class="hg-menuselection">${escapeHtml(text.replace(/&(.)/g, '$1').replace(/\s*-->\s*/g, ' \u2023 '))}</span>`;
      case 'ref':
      case 'numref': {
        const name = normalizeName(target.replace(/^~/, ''));
        const local = this.targets.get(name);
        const section = local?.startsWith('#') ? this.sections.find((s) => `#${this.blockIds.get(s)}` === local) : undefined;
        const other = local === undefined ? this.options.resolveLabel?.(name) : undefined;
        const label = title ?? (section ? this.plainText(section.titleInlines) : (other?.title ?? target));
        return this.link(local ?? other?.href, escapeHtml(label), 'hg-reference hg-xref');
      }
      case 'doc': {
        const doc = target.replace(/\.rst$/, '');
        const href = /^[a-z][a-z0-9+.-]*:/i.test(doc) ? undefined : `${doc.replace(/^\//, '')}.rst`;
        return this.link(href, escapeHtml(title ?? doc), 'hg-reference hg-doc');
      }
      case 'download': {
        const href = safeHref(target);
        return this.link(href, `<code class="hg-literal-text">${escapeHtml(title ?? target)}</code>`, 'hg-reference hg-download');
      }
      case 'term':
        return `<span class="hg-term">${escapeHtml(title ?? target)}</span>`;
      case 'samp':
      case 'file':
      case 'command':
      case 'program':
      case 'option':
      case 'envvar':
      case 'makevar':
      case 'mimetype':
      case 'regexp':
      case 'mailheader':
      case 'newsgroup':
      case 'manpage':
      case 'token':
      case 'keyword':
        return `<code class="hg-literal-text hg-role-${role}">${escapeHtml(title ?? text)}</code>`;
      default: {
        // Cross-references of the Python (or another) domain: show the name as code.
        if (/^(?:[a-z]+:)?(?:mod|func|data|const|class|meth|attr|exc|obj|any|confval)$/.test(role)) {
          const shown = title ?? (target.startsWith('~') ? target.slice(1).split('.').pop()! : target.replace(/^[!.]/, ''));
          return `<code class="hg-literal-text hg-xref">${escapeHtml(shown)}</code>`;
        }
        return `<span class="hg-role hg-role-${attr(makeId(role) || 'unknown')}">${escapeHtml(text)}</span>`;
      }
    }
  }
}

/** A `file:` URI of an absolute path (forward slashes; `c:/x` on Windows). A lone surrogate becomes U+FFFD. */
function pathToFileUri(p: string): string {
  const withSlash = (/^[a-zA-Z]:/.test(p) ? `/${p}` : p).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return `file://${withSlash.split('/').map(encodeURIComponent).join('/').replace(/^\/([a-zA-Z])%3A/, '/$1:')}`;
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

/** docutils' `unicode` directive: code points in several notations, other text as it is. */
export function unicodeText(argument: string): string {
  const body = argument.replace(/\s\.\.\s[\s\S]*$/, ''); // a comment after ` .. `
  return body
    .split(/\s+/)
    .filter(Boolean)
    .map((tok) => {
      const m = /^(?:0x|x|\\x|U\+|u|\\u|&#x)([0-9a-f]+);?$/i.exec(tok) ?? /^&#(\d+);$/.exec(tok);
      if (m) {
        const code = tok.startsWith('&#') && !/^&#x/i.test(tok) ? Number(m[1]) : parseInt(m[1], 16);
        if (Number.isFinite(code) && code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
      }
      if (/^\d+$/.test(tok)) {
        const code = Number(tok);
        if (code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
      }
      return tok;
    })
    .join('');
}

function strftime(format: string, d: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  return format.replace(/%([YmdHMSBbAaejy%])/g, (_, c: string) => {
    switch (c) {
      case 'Y':
        return String(d.getFullYear());
      case 'y':
        return pad(d.getFullYear() % 100);
      case 'm':
        return pad(d.getMonth() + 1);
      case 'd':
        return pad(d.getDate());
      case 'e':
        return String(d.getDate());
      case 'H':
        return pad(d.getHours());
      case 'M':
        return pad(d.getMinutes());
      case 'S':
        return pad(d.getSeconds());
      case 'B':
        return months[d.getMonth()];
      case 'b':
        return months[d.getMonth()].slice(0, 3);
      case 'A':
        return days[d.getDay()];
      case 'a':
        return days[d.getDay()].slice(0, 3);
      case 'j':
        return pad(Math.floor((d.getTime() - new Date(d.getFullYear(), 0, 1).getTime()) / 86400000) + 1, 3);
      default:
        return '%';
    }
  });
}

/** Python's csv reader, enough for `csv-table`: quotes, doubled quotes, an escape character, a delimiter. */
export function parseCsv(text: string, delim: string, quote: string, escape: string | undefined, keepSpace: boolean): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  let i = 0;
  const n = text.length;
  const endCell = () => {
    row.push(wasQuoted || keepSpace ? cell : cell.trim());
    cell = '';
    wasQuoted = false;
  };
  while (i < n) {
    const c = text[i];
    if (escape && c === escape && i + 1 < n) {
      cell += text[i + 1];
      i += 2;
      continue;
    }
    if (quoted) {
      if (c === quote) {
        if (text[i + 1] === quote) {
          cell += quote;
          i += 2;
          continue;
        }
        quoted = false;
      } else cell += c;
      i++;
      continue;
    }
    if (c === quote && cell.trim() === '') {
      quoted = true;
      wasQuoted = true;
      cell = '';
    } else if (c === delim) endCell();
    else if (c === '\n') {
      endCell();
      if (row.some((x) => x !== '') || row.length > 1) rows.push(row);
      row = [];
    } else if (c !== '\r') cell += c;
    i++;
  }
  endCell();
  if (row.some((x) => x !== '') || row.length > 1) rows.push(row);
  return rows;
}
