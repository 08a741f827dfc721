import fs from 'node:fs';
import { pathToUri, toPath } from './common/uri';
import type { IGraphvizLayout } from './dot/layout';
import { createDotDiagnosticProvider } from './dot/provider';
import { GraphvizService, type GraphvizServiceOptions } from './graphviz/service';
import { checkDotSourceWithLayout } from './dot/check';
import { dotFileSource } from './dot/source';
import { createLanguageService, finishDiagnostics, type HgDiagnostic, type ITextDocument, type LanguageService, type LanguageServiceOptions } from './languageService';
import { defaultSettings } from './protocol/settings';

export interface NodeLanguageServiceOptions extends LanguageServiceOptions {
  /** Graphviz worker options (timeout per layout, default 5 s; cache size). `false` turns Graphviz off. */
  graphviz?: GraphvizServiceOptions | false;
  /**
   * Lay diagrams out with this instead of a Graphviz worker of its own (the CLI's lint workers ask the one
   * Graphviz worker of the main thread). Takes precedence over `graphviz`.
   */
  layout?: IGraphvizLayout;
}

export interface NodeLanguageService extends LanguageService {
  /** The Graphviz worker (shared with the preview); undefined when turned off. */
  readonly graphviz: GraphvizService | undefined;
  /** Ends the Graphviz worker thread. The LSP server calls it on shutdown, the CLI when it is done. */
  dispose(): void;
  /** Diagnostics of a standalone `.dot` / `.gv` document: our checks plus Graphviz's layout. */
  computeDotFileDiagnostics(doc: ITextDocument): Promise<HgDiagnostic[]>;
}

/** Reads a file for the DOT checks (`.. graphviz:: file.dot`, `conf.py`); undefined when unreadable. */
function readFileOrUndefined(p: string): string | undefined {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The language service as the Node processes (LSP server, CLI) use it: the pure core plus the
 * providers that need Node (Graphviz in a worker thread). One place, so both get the same checks.
 */
export function createNodeLanguageService(options: NodeLanguageServiceOptions = {}): NodeLanguageService {
  const graphviz = options.graphviz === false || options.layout ? undefined : new GraphvizService({ logger: options.logger, ...(options.graphviz ?? {}) });
  const layout: IGraphvizLayout | undefined = options.layout ?? graphviz;
  const ws = options.workspace;
  const sourceDir = ws
    ? (docPath: string) => {
        const dir = ws.sourceDir(pathToUri(docPath));
        return dir ? toPath(dir) : undefined;
      }
    : undefined;
  const dot = createDotDiagnosticProvider({ graphviz: layout, readFile: readFileOrUndefined, sourceDir });
  // The first phase of diagnostics: Graphviz's verdicts only where it already has them (an unchanged diagram
  // keeps its layout error at once), nothing laid out.
  const cachedOnly: IGraphvizLayout | undefined = graphviz && {
    layout: async (text, engine) => graphviz.cached(text, engine) ?? { status: 'superseded' },
  };
  const dotFast = createDotDiagnosticProvider({ graphviz: cachedOnly, readFile: readFileOrUndefined, sourceDir });
  const service = createLanguageService({
    ...options,
    diagnosticProviders: [...(options.diagnosticProviders ?? []), dot],
    fastDiagnosticProviders: [...(options.diagnosticProviders ?? []), dotFast],
  });
  return {
    ...service,
    graphviz,
    dispose() {
      graphviz?.dispose();
    },
    async computeDotFileDiagnostics(doc) {
      const text = doc.getText();
      const result = await checkDotSourceWithLayout(dotFileSource(text), layout ? { graphviz: layout, engine: 'dot' } : undefined);
      return finishDiagnostics(result.problems, text, (options.settings?.() ?? defaultSettings).diagnostics.severity);
    },
  };
}
