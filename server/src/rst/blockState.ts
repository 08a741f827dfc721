/**
 * What the block constructs parsed outside the parser class (sections, paragraphs, lists, explicit markup,
 * tables) may use of the parser's state: the text, its line table, the problems list and the few operations on
 * nested lines. The parser implements it; `sections.ts`, `paragraphs.ts`, `lists.ts`, `explicit.ts` and
 * `tables.ts` import only this, so the parser imports them without a circle.
 */
import type { DirectiveRegistry } from './registry';
import type { Block, Inline, LineTable, RstProblem, Span } from './types';

/**
 * One line as a nested construct sees it: its margin (where the construct's text starts after the
 * enclosing indentation is removed) and its indentation relative to that margin.
 */
export interface VLine {
  /** 0-based document line. */
  n: number;
  /** Offset of the margin (or of the line end when the line is shorter). */
  start: number;
  end: number;
  /** Offset of the first non-blank character. */
  textStart: number;
  /** Absolute (tab-expanded) column of the margin. */
  mcol: number;
  /** Columns from the margin to the first non-blank character. */
  indent: number;
  blank: boolean;
}

/** An indented block taken from a list of lines, as docutils' `get_indented` returns it. */
export interface IndentedBlock {
  lines: VLine[];
  /** Index in the parent list just past the block. */
  next: number;
  /** True when the block ended at a blank line or at the end of the input. */
  blankFinish: boolean;
}

export interface BlockState {
  readonly text: string;
  readonly registry: DirectiveRegistry;
  readonly lines: LineTable;
  readonly problems: RstProblem[];
  /** The domain the last `.. default-domain::` set (undefined: conf.py's `primary_domain`, in the registry). */
  defaultDomain?: string;
  /** The text of the file a directive's `:file:` option names, as written (`ParseOptions.readFile`). */
  readonly readFile?: (path: string) => string | undefined;
  /** A piece of the text as the build reads it, where an extension rewrites the text first (`RstDocument.asBuilt`). */
  readonly asBuilt?: (piece: string, partly?: boolean) => string | undefined;
  problem(code: string, message: string, span: Span, extra?: Partial<RstProblem>): void;
  inline(start: number, end: number, lines?: VLine[], from?: number, to?: number): Inline[];
  /** Blocks of a text made of pieces of the document (`from[i]`..`to[i]`), with offsets mapped back. */
  parseMapped(text: string, from: readonly number[], to: readonly number[]): Block[];
  lineSpan(l: VLine): Span;
  /** The text of a line from its margin to its end. */
  lineText(l: VLine): string;
  /** docutils' "<construct> ends without a blank line; unexpected unindent." when `next` is a non-blank line. */
  unindentWarning(construct: string, next: VLine | undefined): void;
  shift(l: VLine, cols: number): VLine;
  /** A line whose margin starts at `offset` (the first line of a list item, after its marker). */
  startingAt(l: VLine, offset: number): VLine;
  indented(L: VLine[], from: number, firstOffset?: number, blockIndent?: number, untilBlank?: boolean): IndentedBlock;
  blockSpan(lines: VLine[], head?: VLine): { start: number; end: number; line: number; endLine: number };
  parseBody(L: VLine[], matchTitles: boolean): Block[];
  /**
   * A directive's content parsed with titles as Sphinx's `nested_parse_with_titles` does: title styles of their
   * own inside (the document's are put back after), the sections placed under the current one; with
   * `raiseToKnownStyle` (the `only` directive), sections whose first style the document already uses are placed
   * at that style's level instead.
   */
  parseNestedTitles(L: VLine[], raiseToKnownStyle: boolean): Block[];
}
