import type { Span } from '../rst/types';
import type { ProjectKnowledge } from '../project/project';
import type { IWorkspace, WorkspaceIndex } from './workspace';

/** A place in a file: offsets into that file's text (the glue turns them into positions). */
export interface Location extends Span {
  uri: string;
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
