import type { CompletionItem, FoldingRange, Highlight, HoverResult, Location, RstSymbol, WorkspaceEdit } from './types';
import { dotFileDiagram } from '../dot/model';
import { completeDot } from './dotCompletion';
import { hoverDot } from './dotHover';
import { dotDefinitions, dotHighlights, dotPrepareRename, dotReferences, dotRename } from './dotNavigation';
import { dotFileSymbols, dotFoldingRanges } from './dotOutline';

/** A document as these features see it (the language service's `ITextDocument`). */
interface DotDocument {
  readonly uri: string;
  getText(): string;
}

/** The navigation features of a standalone `.dot` / `.gv` document, with the language service's signatures. */
export interface DotFileFeatures {
  definition(doc: DotDocument, offset: number): Location[];
  references(doc: DotDocument, offset: number, includeDeclaration: boolean): Location[];
  documentHighlights(doc: DotDocument, offset: number): Highlight[] | undefined;
  prepareRename(doc: DotDocument, offset: number): { start: number; end: number; placeholder: string } | { error: string } | undefined;
  rename(doc: DotDocument, offset: number, newName: string): { changes: WorkspaceEdit } | { error: string } | undefined;
  hover(doc: DotDocument, offset: number): HoverResult | undefined;
  completion(doc: DotDocument, offset: number): CompletionItem[];
  documentSymbols(doc: DotDocument): RstSymbol[];
  foldingRanges(doc: DotDocument): FoldingRange[];
}

/** The whole file is one diagram; its model is cached by text, so one parse per version. */
export const dotFileFeatures: DotFileFeatures = {
  definition: (doc, offset) => dotDefinitions(dotFileDiagram(doc.getText()), doc.uri, offset),
  references: (doc, offset, includeDeclaration) => dotReferences(dotFileDiagram(doc.getText()), doc.uri, offset, includeDeclaration),
  documentHighlights: (doc, offset) => dotHighlights(dotFileDiagram(doc.getText()), offset),
  prepareRename: (doc, offset) => dotPrepareRename(dotFileDiagram(doc.getText()), offset),
  rename: (doc, offset, newName) => dotRename(dotFileDiagram(doc.getText()), doc.uri, offset, newName),
  hover: (doc, offset) => hoverDot(dotFileDiagram(doc.getText()), offset),
  completion: (doc, offset) => completeDot(dotFileDiagram(doc.getText()), offset),
  documentSymbols: (doc) => dotFileSymbols(dotFileDiagram(doc.getText())),
  foldingRanges(doc) {
    const diagram = dotFileDiagram(doc.getText());
    return dotFoldingRanges(diagram, (o) => diagram.source.hostLine(o));
  },
};
