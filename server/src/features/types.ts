import type { Span } from '../rst/types';
import type { ProjectKnowledge } from '../project/project';
import type { IWorkspace, WorkspaceIndex } from './workspace';

/** A place in a file: offsets into that file's text (the glue turns them into positions). */
export interface Location extends Span {
  uri: string;
}

/** An occurrence of a name in one document (textDocument/documentHighlight): `write` where it is defined, `read` where used. */
export interface Highlight extends Span {
  kind: 'read' | 'write';
}

export interface TextEdit extends Span {
  newText: string;
}

/** Edits per file URI, applied as one undoable change. */
export type WorkspaceEdit = Record<string, TextEdit[]>;

/** What every navigation feature gets: the indexed workspace and the world around it. */
export interface FeatureContext {
  index: WorkspaceIndex;
  ws: IWorkspace;
  /** What each Sphinx project's conf.py and extensions say (absent in tests of a bare workspace). */
  projects?: ProjectKnowledge;
}

export interface CompletionItem {
  label: string;
  kind: 'label' | 'document' | 'directive' | 'option' | 'role' | 'substitution' | 'target' | 'attribute' | 'value' | 'color' | 'node' | 'keyword' | 'file' | 'folder';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText: string;
  /** The text the item replaces: from here to the cursor. */
  replaceStart: number;
  /** `insertText` is a snippet (tab stops, placeholders, choices). */
  snippet?: boolean;
  /** Orders the list (otherwise the label does); `preselect` selects the item first. */
  sortText?: string;
  preselect?: boolean;
  /** Shown beside the label: where the name comes from. */
  labelDescription?: string;
  /** Ask for completion again once inserted (a folder of a path). */
  retrigger?: boolean;
}

export interface RstSymbol {
  name: string;
  kind: 'section' | 'diagram' | 'cluster' | 'target';
  detail?: string;
  /** The whole extent (a section runs to the next section of its level or above). */
  range: Span;
  /** What to select: the title, the directive name, the target name. */
  selection: Span;
  children: RstSymbol[];
}

export interface FoldingRange {
  /** 0-based lines, inclusive. */
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

export interface HoverResult {
  start: number;
  end: number;
  /** Markdown. */
  contents: string;
}

/** A code action: a quick fix, or a refactoring of the code at the cursor. */
export interface CodeAction {
  title: string;
  /**
   * A fix, a refactoring of the code at the cursor (`refactor.extract`: Extract to hyperlink target), or an
   * action on the whole document (`source.organizeLinkDefinitions`: Organize hyperlink targets).
   */
  kind: 'quickfix' | 'refactor.extract' | 'source.organizeLinkDefinitions';
  /** Index into the diagnostics the action fixes (-1: an action on the code itself). */
  fixes: number;
  isPreferred?: boolean;
  edit: WorkspaceEdit;
}
