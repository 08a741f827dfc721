/** The renderer's types: what it is given (RenderOptions), what it returns, and the RenderContext its parts share. */
import type { NameDef, NameUse, NameTable } from '../rst/names';
import type { Block, DirectiveBlock, FootnoteBlock, FootnoteRefInline, Inline, InterpretedInline, RstDocument, SectionBlock, Span, TableBlock } from '../rst/types';

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

/**
 * Where a cross-reference leads: `href` (absent when it is known but has no address here: a `:ref:` into
 * another project's intersphinx inventory), the title it shows, and `inventory`, the intersphinx name of
 * another project's documentation when it leads there.
 */
export interface ResolvedLink {
  href?: string;
  title?: string;
  inventory?: string;
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
  resolveLabel?: (name: string) => ResolvedLink | undefined;
  /**
   * The document a `:doc:` or toctree entry names: the link to it (relative to this document; a `/`-rooted
   * target is rooted at the Sphinx source folder) and its title (its first section title), shown when the
   * entry gives none. Without it, the link is the target as written and the entry shows the target.
   */
  resolveDoc?: (target: string) => ResolvedLink | undefined;
  /** The link to a file a `:download:` names, relative to this document (a `/`-rooted one from the source folder). */
  fileHref?: (target: string) => string | undefined;
  /**
   * Whether a file (`file:` URI) exists: an image named `name.*` is then the file Sphinx's HTML builder picks
   * (the first of SVG, PNG, GIF and JPEG there is). Without it, `name.*` is shown as not found.
   */
  fileExists?: (uri: string) => boolean;
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
   * conf.py's `rst_prolog` and `rst_epilog`, parsed: part of every document in Sphinx, so a substitution
   * the document does not define is looked up there (`|current_release_formal_name|` in openstack-ansible).
   */
  prelude?: RstDocument;
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

export interface RenderResult {
  /** The body HTML. */
  html: string;
  /** The document title (its first section title), '' when it has none. */
  title: string;
  /** `file:` URIs of local resources the HTML refers to through `data-hg-src`. */
  resources: string[];
}

export interface FootnoteInfo {
  id: string;
  display: string;
  refIds: string[];
}

/**
 * What the directive families, the inline renderer and the target collection (each in its own file) see of
 * the renderer: its state and the parts they call back, so that those files import none of each other.
 */
export interface RenderContext {
  readonly doc: RstDocument;
  readonly options: RenderOptions;
  /** The document's file path (from `options.uri`). */
  readonly docPath: string | undefined;
  readonly sections: SectionBlock[];
  readonly blockIds: Map<Block, string>;
  readonly inlineIds: Map<Inline, string>;
  /** refname -> href (`#id` or a URI). */
  readonly targets: Map<string, string | undefined>;
  /** The document's names (rst/names.ts): what every reference, footnote and citation reference means. */
  readonly names: NameTable;
  readonly footnotes: Map<FootnoteBlock, FootnoteInfo>;
  readonly footnoteRefs: Map<FootnoteRefInline, { info?: FootnoteInfo; id: string }>;
  readonly citations: Map<string, { id: string; refIds: string[] }>;
  readonly diagramIndex: Map<DirectiveBlock, number>;
  /** `file:` URIs of the local resources the HTML refers to. */
  readonly resources: Set<string>;
  /** The language of code blocks without one (`.. highlight::`). */
  language: string;
  substitutionDepth: number;
  citationRefCount: number;
  uniqueId(base: string, fallback: string): string;
  /** The link of a use of a name (undefined where the binder does not resolve it, or it leads nowhere). */
  useHref(use: NameUse): string | undefined;
  /** The id of the element rendered for a definition. */
  defId(def: NameDef): string | undefined;
  blocks(blocks: readonly Block[]): string;
  block(b: Block): string;
  lines(b: { line: number; endLine: number }): string;
  lineOf(offset: number): number;
  idAttr(b: Block): string;
  option(b: DirectiveBlock, name: string): string | undefined;
  classes(b: DirectiveBlock, option?: string): string;
  content(b: DirectiveBlock): string;
  inlineSpan(span: Span | undefined, fallback: string): string;
  collect(): void;
  inlines(nodes: readonly Inline[]): string;
  plainText(nodes: readonly Inline[]): string;
  plainHtml(nodes: readonly Inline[]): string;
  link(href: string | undefined, html: string, cls?: string): string;
  inline(n: Inline): string;
  substitution(refname: string, name: string): string;
  /** A substitution the prelude ({@link RenderOptions.prelude}) defines, rendered; undefined when it defines none of that name. */
  preludeSubstitution(refname: string, name: string): string | undefined;
  role(n: InterpretedInline): string;
  directive(b: DirectiveBlock): string;
  box(b: DirectiveBlock, why?: string): string;
  code(text: string, language: string, b: { line: number; endLine: number }, cls: string): string;
  codeBlock(b: DirectiveBlock, rawText: string, language: string): string;
  literalInclude(b: DirectiveBlock): string;
  table(b: TableBlock, caption?: string, extraClass?: string, id?: string): string;
  listTable(b: DirectiveBlock): string;
  csvTable(b: DirectiveBlock): string;
  contents(b: DirectiveBlock): string;
  toctree(b: DirectiveBlock): string;
  alignClass(b: DirectiveBlock): string;
  localPath(ref: string): string | undefined;
  unreadable(ref: string, path: string | undefined): string;
  imageSource(ref: string): string | BlockedResource;
  image(b: DirectiveBlock, extraClass?: string): string;
  figure(b: DirectiveBlock, cls: string): string;
  diagram(b: DirectiveBlock): string;
}
