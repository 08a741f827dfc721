/**
 * The RST document model. Every node keeps offsets into the original text (UTF-16 code units,
 * `start` inclusive, `end` exclusive), so diagnostics, navigation and the preview need no remapping.
 */

export interface Span {
  start: number;
  end: number;
}

/**
 * The physical lines of a document, in typed arrays (16 bytes a line, where an object per line took 80):
 * the parse cache and the workspace index keep one per file. Line `n` runs from `start[n]` to `end[n]`
 * (before its line break); it is blank when `textStart[n] >= end[n]`.
 */
export interface LineTable {
  readonly length: number;
  /** Offset of the first character of each line. */
  readonly start: Int32Array;
  /** Offset just past the last character, before the line break. */
  readonly end: Int32Array;
  /** Offset of the first non-blank character (== end for blank lines). */
  readonly textStart: Int32Array;
  /** Indentation in columns, tabs expanded to the next multiple of 8 (as docutils does). */
  readonly indent: Int32Array;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A problem found while parsing or checking, before configuration decides its final severity. */
export interface RstProblem extends Span {
  /** Stable code, for example `rst.title-underline-too-short`. */
  code: string;
  message: string;
  /** Other places that explain this one (the first definition of a duplicate, ...). */
  related?: { uri?: string; start: number; end: number; message: string }[];
  /** Data for quick fixes (a suggested name, ...). */
  data?: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Inline nodes
// ---------------------------------------------------------------------------------------------

/** Plain text between markup. `text` has backslash escapes removed. */
export interface TextInline extends Span {
  kind: 'text';
  text: string;
}

/** `*emphasis*`, `**strong**`, ``` ``literal`` ```. `text` is the content between the delimiters. */
export interface StyledInline extends Span {
  kind: 'emphasis' | 'strong' | 'literal';
  text: string;
  contentSpan: Span;
}

/** Interpreted text: `` :role:`text` ``, `` `text`:role: `` or `` `text` `` (default role). */
export interface InterpretedInline extends Span {
  kind: 'interpreted';
  /** The role name as written (lower-cased), undefined for the default role. */
  role?: string;
  roleSpan?: Span;
  text: string;
  contentSpan: Span;
}

/**
 * A hyperlink reference.
 * - `` `name`_ `` and `name_`: named, `refname` set.
 * - `` `text <https://x>`_ ``: embedded URI, `uri` set (and a target named `text` is defined).
 * - `` `text <name_>`_ ``: embedded alias, `refname` is the alias.
 * - `` `name`__ `` / `name__`: anonymous.
 */
export interface ReferenceInline extends Span {
  kind: 'reference';
  /** The visible text. */
  text: string;
  /** Normalised reference name (lower-cased, white space folded), when it refers by name. */
  refname?: string;
  /** Span of the name inside the source (for rename, definition). */
  nameSpan: Span;
  uri?: string;
  /**
   * True when the reference needs an anonymous target (`` `name`__ ``, `name__`); `` `text <uri>`__ ``
   * and `` `text <alias_>`__ `` resolve by themselves and are not anonymous in this sense.
   */
  anonymous: boolean;
  /** True for `` `text <...>`_ `` forms. */
  embedded: boolean;
  /**
   * Normalised name of the target that `` `text <uri>`_ `` and `` `text <alias_>`_ `` also define
   * (named after the text); undefined for the other forms, including the anonymous `__` ones.
   */
  targetName?: string;
}

/** An inline internal target: `` _`name` ``. */
export interface InlineTargetInline extends Span {
  kind: 'inlineTarget';
  name: string;
  refname: string;
  nameSpan: Span;
}

/** `[1]_`, `[#]_`, `[#label]_`, `[*]_`. */
export interface FootnoteRefInline extends Span {
  kind: 'footnoteRef';
  label: string;
  labelSpan: Span;
}

/** `[CIT2002]_`. */
export interface CitationRefInline extends Span {
  kind: 'citationRef';
  label: string;
  refname: string;
  labelSpan: Span;
}

/** `|name|`, `|name|_`, `|name|__`. */
export interface SubstitutionRefInline extends Span {
  kind: 'substitutionRef';
  name: string;
  /** Normalised name used for lookup. */
  refname: string;
  nameSpan: Span;
  /** `|name|_` also refers to a target of the same name. */
  reference: 'none' | 'named' | 'anonymous';
}

/** A standalone URI or e-mail address. */
export interface UriInline extends Span {
  kind: 'uri';
  uri: string;
}

export type Inline =
  | TextInline
  | StyledInline
  | InterpretedInline
  | ReferenceInline
  | InlineTargetInline
  | FootnoteRefInline
  | CitationRefInline
  | SubstitutionRefInline
  | UriInline;

export interface InlineResult {
  nodes: Inline[];
  problems: RstProblem[];
}

// ---------------------------------------------------------------------------------------------
// Block nodes
// ---------------------------------------------------------------------------------------------

interface BlockBase extends Span {
  /** 0-based line of `start`. */
  line: number;
  /** 0-based last line (inclusive). */
  endLine: number;
}

export interface SectionBlock extends BlockBase {
  kind: 'section';
  title: string;
  titleSpan: Span;
  titleInlines: Inline[];
  /** 1-based level, by order of first appearance of each adornment style. */
  level: number;
  /** The adornment style, for example `=` or `=/=` for overline + underline. */
  style: string;
  /** Normalised implicit target name. */
  refname: string;
}

export interface TransitionBlock extends BlockBase {
  kind: 'transition';
}

export interface ParagraphBlock extends BlockBase {
  kind: 'paragraph';
  inlines: Inline[];
  /** Ends with `::`, so the next indented block is literal. */
  literalNext: boolean;
}

export interface ListItem extends BlockBase {
  /** The bullet, the enumerator, the term / field name / option text. */
  marker: string;
  markerSpan: Span;
  body: Block[];
}

export interface BulletListBlock extends BlockBase {
  kind: 'bulletList';
  bullet: string;
  items: ListItem[];
}

export interface EnumListBlock extends BlockBase {
  kind: 'enumList';
  /** `arabic`, `loweralpha`, `upperalpha`, `lowerroman`, `upperroman`, `auto`. */
  enumType: string;
  startValue: number;
  items: ListItem[];
}

export interface DefinitionItem extends BlockBase {
  term: string;
  termSpan: Span;
  termInlines: Inline[];
  classifiers: string[];
  body: Block[];
}

export interface DefinitionListBlock extends BlockBase {
  kind: 'definitionList';
  items: DefinitionItem[];
}

export interface FieldItem extends BlockBase {
  name: string;
  nameSpan: Span;
  nameInlines: Inline[];
  body: Block[];
}

export interface FieldListBlock extends BlockBase {
  kind: 'fieldList';
  items: FieldItem[];
  /** An RFC 2822 header (a PEP's `PEP: 8` lines, see `rfc2822FieldList`): its names are plain text. */
  rfc2822?: true;
}

export interface OptionListBlock extends BlockBase {
  kind: 'optionList';
  items: ListItem[];
}

export interface LiteralBlock extends BlockBase {
  kind: 'literal';
  /** The text with the common indentation removed (or the quote characters kept for quoted blocks). */
  text: string;
  quoted: boolean;
}

export interface LineBlockLine extends Span {
  indent: number;
  inlines: Inline[];
}

export interface LineBlockBlock extends BlockBase {
  kind: 'lineBlock';
  lines: LineBlockLine[];
}

export interface BlockQuoteBlock extends BlockBase {
  kind: 'blockQuote';
  body: Block[];
  attribution?: { span: Span; inlines: Inline[] };
}

export interface DoctestBlock extends BlockBase {
  kind: 'doctest';
  text: string;
}

export interface TableCell extends Span {
  /** 0-based row / column in the grid, with spans. */
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  header: boolean;
  body: Block[];
}

export interface TableBlock extends BlockBase {
  kind: 'table';
  /** `csv` for the cells of a `csv-table` directive (each cell's text after CSV unquoting, parsed as RST). */
  tableType: 'grid' | 'simple' | 'csv';
  cells: TableCell[];
  columns: number;
  headerRows: number;
}

export interface CommentBlock extends BlockBase {
  kind: 'comment';
  text: string;
}

export interface FootnoteBlock extends BlockBase {
  kind: 'footnote';
  /** `1`, `#`, `#label`, `*`. */
  label: string;
  labelSpan: Span;
  body: Block[];
}

export interface CitationBlock extends BlockBase {
  kind: 'citation';
  label: string;
  refname: string;
  labelSpan: Span;
  body: Block[];
}

/**
 * A hyperlink target:
 * - `.. _name: https://uri` (external, `uri` set),
 * - `.. _name: other_` (indirect, `refname` of the other target in `indirect`),
 * - `.. _name:` (internal: points at the next element),
 * - `.. __: https://uri` / `__ https://uri` (anonymous).
 */
export interface TargetBlock extends BlockBase {
  kind: 'target';
  name: string;
  /** Normalised name, '' for anonymous targets. */
  refname: string;
  nameSpan: Span;
  anonymous: boolean;
  uri?: string;
  uriSpan?: Span;
  indirect?: string;
}

export interface SubstitutionDefBlock extends BlockBase {
  kind: 'substitutionDef';
  name: string;
  refname: string;
  nameSpan: Span;
  /** The embedded directive (`image`, `replace`, `unicode`, `date`, ...). */
  directive?: DirectiveBlock;
  /**
   * True when docutils discards the definition (no contents, text instead of a directive, an unknown
   * directive, a directive that fails or that makes no inline element): the name is then not defined.
   */
  invalid?: boolean;
}

export interface DirectiveOption extends Span {
  name: string;
  nameSpan: Span;
  value: string;
  valueSpan: Span;
}

export interface DirectiveContent extends Span {
  /** 0-based first and last (inclusive) lines of the content, blank lines at the end excluded. */
  firstLine: number;
  lastLine: number;
  /** Columns of indentation removed from each content line. */
  indent: number;
}

export interface DirectiveBlock extends BlockBase {
  kind: 'directive';
  /** Directive name as written, lower-cased (docutils is case-insensitive). */
  name: string;
  nameSpan: Span;
  /** An unknown directive: its text is kept (`content`) but not interpreted. */
  unknown?: true;
  /**
   * A directive known by name only (declared in settings or pyproject.toml, or an extension's whose content
   * rules are not known): its content is kept but not read, although Sphinx may read it as RST.
   */
  opaque?: true;
  /** The argument text (lines joined with `\n`), '' when none. */
  argument: string;
  argumentSpan?: Span;
  /** The argument's inline markup, for directives whose argument is text (admonition titles, `seealso`, ...). */
  argumentInlines?: Inline[];
  /** The content's inline markup, for a `parsed-literal` (its text is the content, markup read). */
  contentInlines?: Inline[];
  options: DirectiveOption[];
  content?: DirectiveContent;
  /**
   * The content parsed as RST, for directives whose content is RST (admonitions, `only`, ...). For a
   * `glossary`, one definition list (one item per term; the last term of an entry holds its definition);
   * for a `csv-table` with content, one table of the CSV cells; for a `line-block`, one line block.
   */
  body?: Block[];
  /** The terms of a `glossary` (Sphinx's own line-based reading of its content), in order. */
  glossaryTerms?: GlossaryTerm[];
}

/** One term line of a `glossary`. */
export interface GlossaryTerm {
  /** The term's text without its ` : classifier` part and without markup (what Sphinx registers: ``` ``x`` ``` is `x`). */
  name: string;
  span: Span;
  inlines: Inline[];
  /** The first classifier (Sphinx's index key), when the line has ` : classifier`. */
  classifier?: string;
  /** 0-based index of the glossary entry (terms of one entry share a definition). */
  entry: number;
}

export type Block =
  | SectionBlock
  | TransitionBlock
  | ParagraphBlock
  | BulletListBlock
  | EnumListBlock
  | DefinitionListBlock
  | FieldListBlock
  | OptionListBlock
  | LiteralBlock
  | LineBlockBlock
  | BlockQuoteBlock
  | DoctestBlock
  | TableBlock
  | CommentBlock
  | FootnoteBlock
  | CitationBlock
  | TargetBlock
  | SubstitutionDefBlock
  | DirectiveBlock;

export interface RstDocument {
  text: string;
  lines: LineTable;
  /** Top-level blocks in order; sections are flat, with `level`. */
  blocks: Block[];
  /** All sections in document order. */
  sections: SectionBlock[];
  problems: RstProblem[];
  /**
   * A piece of the document as the build reads it, where an extension replaced tokens in the text before it was
   * parsed (`SourceRead`); undefined where a value only the build knows stands in it (`partly`: its token left as
   * written). Absent: the text is the build's.
   */
  asBuilt?: (piece: string, partly?: boolean) => string | undefined;
}

/**
 * Extra diagnostics computed from a parsed document (the DOT checks plug in here). May be async:
 * Graphviz layout runs off the main thread.
 */
export type DiagnosticProvider = (doc: RstDocument, uri: string) => RstProblem[] | Promise<RstProblem[]>;
