import type { IGraphvizLayout } from './dot/layout';
import { createDotDiagnosticProvider, findGraphvizDirectives } from './dot/provider';
import { checkDotSourceWithLayout } from './dot/check';
import { dotFileSource } from './dot/source';
import type { GraphvizQueue } from './graphviz/queue';
import { createLanguageService, finishDiagnostics, type HgDiagnostic, type ITextDocument, type LanguageService, type LanguageServiceOptions } from './languageService';
import { defaultSettings } from './protocol/settings';
import { buildDocumentOf } from './features/workspace';

/**
 * conf.py's root document as Sphinx reads it (project/confpy.ts), for the web host's workspace, whose layer
 * (browser/) reaches the project layer only through this file: `sourceBelow` looks for that document.
 */
export { confRootDoc } from './project/confpy';
/** The builds of a folder's noxfile.py and tox.ini that read conf.py from another folder (project/sphinxBuilds.ts), for the web host's workspace too. */
export { confElsewhereBuilds } from './project/sphinxBuilds';

/** The language service with Graphviz behind it, as a server host (Node, or the web worker) gives it to the LSP glue. */
export interface HostLanguageService extends LanguageService {
  /** The Graphviz queue (shared with the preview); undefined when turned off. */
  readonly graphviz: GraphvizQueue | undefined;
  /** Ends the Graphviz worker. The LSP server calls it on shutdown, the CLI when it is done. */
  dispose(): void;
  /** Diagnostics of a standalone `.dot` / `.gv` document: our checks plus Graphviz's layout. */
  computeDotFileDiagnostics(doc: ITextDocument): Promise<HgDiagnostic[]>;
  /**
   * False when the complete phase of a version's diagnostics can only repeat its fast phase: the document has
   * no diagram to lay out (the two phases differ only in the DOT provider, which then finds nothing).
   */
  hasLayouts(doc: ITextDocument): boolean;
}

/** Where the DOT checks read a `.. graphviz:: file.dot` (by path) and find a document's source folder. */
export interface DiagramFiles {
  readFile(path: string): string | undefined;
  sourceDir?: (docPath: string) => string | undefined;
}

/**
 * The pure core plus the DOT diagnostics with Graphviz's verdicts: the full check lays diagrams out with
 * `layout`; the first, fast phase takes Graphviz's verdicts only where `graphviz`'s cache already has them
 * (an unchanged diagram keeps its layout error at once), nothing laid out.
 */
export function createHostLanguageService(options: LanguageServiceOptions, graphviz: GraphvizQueue | undefined, layout: IGraphvizLayout | undefined, files: DiagramFiles): HostLanguageService {
  // The service is made with these providers; they ask it, once made, which document reads an included file.
  const made: { service?: LanguageService } = {};
  const buildDocument = (uri: string, at: number) => (made.service ? buildDocumentOf(made.service.projectWorkspace, uri, at) : undefined);
  const dot = createDotDiagnosticProvider({ graphviz: layout, readFile: files.readFile, sourceDir: files.sourceDir, buildDocument });
  const cachedOnly: IGraphvizLayout | undefined = graphviz && {
    layout: async (text, engine) => graphviz.cached(text, engine) ?? { status: 'superseded' },
  };
  const dotFast = createDotDiagnosticProvider({ graphviz: cachedOnly, readFile: files.readFile, sourceDir: files.sourceDir, buildDocument });
  const service = createLanguageService({
    ...options,
    diagnosticProviders: [...(options.diagnosticProviders ?? []), dot],
    fastDiagnosticProviders: [...(options.diagnosticProviders ?? []), dotFast],
  });
  made.service = service;
  return {
    ...service,
    graphviz,
    dispose() {
      graphviz?.dispose();
    },
    hasLayouts: (doc) => findGraphvizDirectives(service.parse(doc)).length > 0,
    async computeDotFileDiagnostics(doc) {
      const text = doc.getText();
      const result = await checkDotSourceWithLayout(dotFileSource(text), layout ? { graphviz: layout, engine: 'dot' } : undefined);
      return finishDiagnostics(result.problems, text, (options.settings?.() ?? defaultSettings).diagnostics.severity);
    },
  };
}
