import { codeInfo } from './codes';
import type { ILogger } from './logger';
import { nullLogger } from './logger';
import { defaultSettings, type Settings } from './protocol/settings';
import { parseRst } from './rst/parser';
import { createRegistry, type DirectiveRegistry } from './rst/registry';
import type { RstDocument, RstProblem, Severity } from './rst/types';
import { checkDocument } from './rst/checks';

/** A document as the service sees it: the unsaved buffer, never the disk. */
export interface ITextDocument {
  readonly uri: string;
  readonly version: number;
  getText(): string;
}

/** A diagnostic with offsets into the document text and its final severity. */
export interface HgDiagnostic {
  code: string;
  message: string;
  severity: Severity;
  source: 'rst' | 'dot' | 'sphinx';
  start: number;
  end: number;
  related?: { uri?: string; start: number; end: number; message: string }[];
  data?: Record<string, unknown>;
}

/**
 * Extra diagnostics computed from a parsed document (the DOT checks plug in here). May be async:
 * Graphviz layout runs off the main thread.
 */
export type DiagnosticProvider = (doc: RstDocument, uri: string) => RstProblem[] | Promise<RstProblem[]>;

export interface LanguageServiceOptions {
  logger?: ILogger;
  settings?: () => Settings;
  diagnosticProviders?: DiagnosticProvider[];
}

export interface LanguageService {
  /** One parse per document version (cached). */
  parse(doc: ITextDocument): RstDocument;
  /** RST structure and reference checks: synchronous, pure. */
  computeRstDiagnostics(doc: ITextDocument): HgDiagnostic[];
  /** Everything: RST plus the plugged-in providers (DOT, Graphviz). */
  computeDiagnostics(doc: ITextDocument): Promise<HgDiagnostic[]>;
  /** Forget a closed document. */
  close(uri: string): void;
  registry(): DirectiveRegistry;
}

export function createLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  const logger = options.logger ?? nullLogger;
  const settings = options.settings ?? (() => defaultSettings);
  const cache = new Map<string, { version: number; text: string; doc: RstDocument }>();
  let registryKey = '';
  let registry = createRegistry([], []);

  function currentRegistry(): DirectiveRegistry {
    const s = settings();
    const key = JSON.stringify([s.directives, s.roles]);
    if (key !== registryKey) {
      registry = createRegistry(s.directives, s.roles);
      registryKey = key;
      cache.clear();
    }
    return registry;
  }

  function parse(doc: ITextDocument): RstDocument {
    const reg = currentRegistry();
    const hit = cache.get(doc.uri);
    const text = doc.getText();
    if (hit && hit.version === doc.version && hit.text === text) return hit.doc;
    const t0 = performance.now();
    const parsed = parseRst(text, { registry: reg });
    logger.debug(`parsed ${doc.uri} v${doc.version} in ${(performance.now() - t0).toFixed(1)} ms`);
    cache.set(doc.uri, { version: doc.version, text, doc: parsed });
    return parsed;
  }

  function finish(problems: RstProblem[], text: string): HgDiagnostic[] {
    const overrides = settings().diagnostics.severity;
    const out: HgDiagnostic[] = [];
    const seen = new Set<string>();
    for (const p of problems) {
      const info = codeInfo(p.code);
      const sev = overrides[p.code] ?? info?.severity ?? 'error';
      if (sev === 'off') continue;
      const start = clamp(p.start, 0, text.length);
      const end = clamp(Math.max(p.end, p.start), start, text.length);
      const key = `${p.code}\u0000${start}\u0000${end}\u0000${p.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        code: p.code,
        message: p.message,
        severity: sev,
        source: info?.source ?? (p.code.startsWith('dot.') ? 'dot' : p.code.startsWith('sphinx.') ? 'sphinx' : 'rst'),
        start,
        end,
        related: p.related?.map((r) => ({ start: clamp(r.start, 0, text.length), end: clamp(r.end, 0, text.length), message: r.message })),
        data: p.data,
      });
    }
    out.sort((a, b) => a.start - b.start || a.end - b.end);
    return out;
  }

  function rstProblems(doc: ITextDocument): { parsed: RstDocument; problems: RstProblem[] } {
    const parsed = parse(doc);
    return { parsed, problems: [...parsed.problems, ...checkDocument(parsed, currentRegistry())] };
  }

  return {
    parse,
    computeRstDiagnostics(doc) {
      const { parsed, problems } = rstProblems(doc);
      return finish(problems, parsed.text);
    },
    async computeDiagnostics(doc) {
      const { parsed, problems } = rstProblems(doc);
      for (const provider of options.diagnosticProviders ?? []) {
        try {
          problems.push(...(await provider(parsed, doc.uri)));
        } catch (e) {
          logger.error(`diagnostic provider failed on ${doc.uri}: ${e instanceof Error ? e.stack : String(e)}`);
        }
      }
      return finish(problems, parsed.text);
    },
    close(uri) {
      cache.delete(uri);
    },
    registry: currentRegistry,
  };
}

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(Math.max(n, lo), hi) : lo;
}
