import { readFileOrUndefined } from './nodeWorkspace';
import { pathToUri, toPath } from './common/uri';
import type { IGraphvizLayout } from './dot/layout';
import { GraphvizService, type GraphvizServiceOptions } from './graphviz/service';
import { createHostLanguageService, type HostLanguageService } from './hostService';
import type { LanguageServiceOptions } from './languageService';

export interface NodeLanguageServiceOptions extends LanguageServiceOptions {
  /** Graphviz worker options (timeout per layout, default 5 s; cache size). `false` turns Graphviz off. */
  graphviz?: GraphvizServiceOptions | false;
  /**
   * Lay diagrams out with this instead of a Graphviz worker of its own (the CLI's lint workers ask the one
   * Graphviz worker of the main thread). Takes precedence over `graphviz`.
   */
  layout?: IGraphvizLayout;
}

export interface NodeLanguageService extends HostLanguageService {
  /** The Graphviz worker thread (shared with the preview); undefined when turned off. */
  readonly graphviz: GraphvizService | undefined;
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
  const service = createHostLanguageService(options, graphviz, layout, { readFile: readFileOrUndefined, sourceDir });
  return { ...service, graphviz };
}
