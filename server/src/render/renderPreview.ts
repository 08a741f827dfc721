/**
 * The preview of a document: the parsed document rendered to HTML (render.ts) with every diagram laid out by
 * the same Graphviz service (and cache) as the diagnostics, sanitised, and linked back to its DOT.
 *
 * - One layout per distinct diagram: layouts are requested with the exact text Sphinx would render, so an
 *   unchanged diagram is a cache hit, shared with the diagnostics; a diagram being typed supersedes its own
 *   older waiting layout (key `uri#identity:preview`).
 * - A broken diagram keeps its last good drawing (dimmed, under the error) for as long as this renderer lives,
 *   found by the diagram's identity (diagramIdentity.ts: its anchor, graph name and ordinal), not its position.
 * - Slow diagrams do not hold the text back: after `waitMs` the preview is returned with those diagrams
 *   `pending` (and `pending > 0`), and the caller asks again to get them.
 * Pure: Graphviz and files come in through interfaces.
 */
import { syntaxKind, type EdgeSourceOrTarget, type Statement, type SyntaxNode } from 'dot-language-support';
import { skipTrivia } from '../dot/trivia';
import { wellFormed } from '../rst/text';
import { checkDotSource } from '../dot/check';
import { identifierText } from '../dot/identifiers';
import { parseDot, type ParsedDot } from '../dot/dotParser';
import { layoutProblems } from '../dot/graphvizErrors';
import type { IGraphvizLayout, LayoutResult } from '../dot/layout';
import { directiveDotSource, directiveEngine, fileUriToPath, findGraphvizDirectives, resolveGraphvizFile } from '../dot/provider';
import { dotFileSource, type DotSource } from '../dot/source';
import type { DirectiveBlock, RstDocument } from '../rst/types';
import { renderDocumentInParts, type DiagramView, type RenderOptions } from './render';
import type { ResolvedLink } from './context';
import { sanitizeSvg } from './renderSvg';
import { diagramIdentities } from './diagramIdentity';
import { lineIndex } from '../common/lines';
import { LruMap } from '../common/lru';
import type { PreviewResult } from '../protocol/requests';
import { nextTask } from '../common/cancel';

export interface PreviewRendererOptions {
  /** Graphviz; without it diagrams show as pending. */
  graphviz?: IGraphvizLayout;
  /** Reads a file (the `.. graphviz:: file.dot` form, `literalinclude`, the `conf.py` search). */
  readFile?: (path: string) => string | undefined;
  /** The Sphinx source directory of a document path (the project layer's, so no conf.py search per render). */
  sourceDir?: (docPath: string) => string | undefined;
  /** Layouts handed to Graphviz at once (default {@link DEFAULT_LAYOUTS_IN_FLIGHT}); the rest wait, cancellable. */
  layoutsInFlight?: number;
  /** A label of another document of the project, for `:ref:` (see {@link RenderOptions.resolveLabel}). */
  resolveLabel?: (name: string, fromUri: string) => ResolvedLink | undefined;
  /** The document a `:doc:` or toctree entry names (see {@link RenderOptions.resolveDoc}). */
  resolveDoc?: (target: string, fromUri: string) => ResolvedLink | undefined;
  /** The link to a file a `:download:` names (see {@link RenderOptions.fileHref}). */
  fileHref?: (target: string, fromUri: string) => string | undefined;
  /** Whether a file exists (see {@link RenderOptions.fileExists}). */
  fileExists?: (uri: string) => boolean;
  /**
   * The document the build reads the file `uri` as part of at offset `at`, when that is another (a `part.inc`:
   * the document including it); `.. graphviz:: file.dot` is read from that document's folder, as the checks read it.
   */
  buildDocument?: (uri: string, at: number) => string | undefined;
}

export interface PreviewRequest {
  uri: string;
  /** Diagram buttons and VS Code context-menu data (the live preview); off for a static page. */
  interactive?: boolean;
  /** SVG inside the HTML (a self-contained page) rather than in {@link PreviewRender.diagrams}. */
  inlineDiagrams?: boolean;
  /** Milliseconds to wait for layouts before answering with pending diagrams. Default: wait for all. */
  waitMs?: number;
  resolveResource?: RenderOptions['resolveResource'];
  now?: Date;
  highlightLanguage?: string;
  /** The project's `rst_prolog` / `rst_epilog`, parsed (see {@link RenderOptions.prelude}). */
  prelude?: RenderOptions['prelude'];
}

/** A rendered preview: what the `haGuide/preview` answer holds besides the document's URI and version. */
export type PreviewRender = Omit<PreviewResult, 'uri' | 'version'>;

interface Drawn {
  key: string;
  svg: string;
}

/** Layouts the preview has in the Graphviz service, and what became of those it queued (for tests and logs). */
export interface PreviewLayoutStats {
  /** Layouts handed to Graphviz and not yet answered. */
  inFlight: number;
  /** The most ever in flight at once (never above the bound). */
  maxInFlight: number;
  /** Layouts handed to Graphviz. */
  started: number;
  /** Queued layouts dropped because a newer render of the same document came. */
  cancelled: number;
  /** Layouts waiting in the preview's queue. */
  queued: number;
}

interface QueuedLayout {
  uri: string;
  text: string;
  engine: string;
  key: string;
  resolve(r: LayoutResult): void;
}

/** A diagram whose drawing depends on a layout: what its view needs once the layout is known. */
interface Waiting {
  d: DirectiveBlock;
  id: string;
  source: DotSource;
  base: number;
  file?: string;
  layoutKey: string;
}

/** Milliseconds of work between two yields to the event loop (other requests run in between). */
const SLICE_MS = 15;
/** Source characters of top-level blocks rendered per step. */
const PART_CHARS = 16 * 1024;
/** Layouts the preview hands to Graphviz at once; the rest wait in its own queue, cancellable. */
export const DEFAULT_LAYOUTS_IN_FLIGHT = 2;

/** Lays out, sanitises and keys the diagrams of documents; remembers each diagram's last good drawing. */
export class RstPreviewRenderer {
  private readonly lastGood = new Map<string, Drawn>();
  /** Sanitised drawings by raw SVG + DOT text (the annotation depends on both). */
  private readonly drawn = new LruMap<string, Drawn>(256);
  private readonly parsedDot = new LruMap<string, ParsedDot>(128);
  private queue: QueuedLayout[] = [];
  private queueHead = 0;
  private readonly maxInFlight: number;
  private readonly counters = { inFlight: 0, maxInFlight: 0, started: 0, cancelled: 0 };

  constructor(private readonly options: PreviewRendererOptions = {}) {
    this.maxInFlight = Math.max(1, options.layoutsInFlight ?? DEFAULT_LAYOUTS_IN_FLIGHT);
  }

  /** The preview's layouts: in flight, queued, cancelled (a counter for tests). */
  layoutStats(): PreviewLayoutStats {
    return { ...this.counters, queued: this.queue.length - this.queueHead };
  }

  /**
   * Renders a document. Work is done in slices (other requests of the host run in between): the diagrams'
   * sources, then the HTML in parts of top-level blocks. Each distinct diagram text is laid out once; layouts
   * go through the preview's queue, at most `layoutsInFlight` at a time, and a newer render of the same URI
   * drops the layouts the older one still had waiting. What is not laid out by `waitMs` is `pending`.
   */
  async render(doc: RstDocument, request: PreviewRequest): Promise<PreviewRender> {
    this.cancelQueued(request.uri);
    const slicer = new Slicer();
    const directives = findGraphvizDirectives(doc);
    const views = new Map<DirectiveBlock, DiagramView>();
    const deadline = request.waitMs !== undefined && Number.isFinite(request.waitMs) ? delay(Math.max(0, request.waitMs)) : undefined;
    /** One layout per distinct (engine, text); its result once known. */
    const layouts = new Map<string, Promise<LayoutResult>>();
    const settled = new Map<string, LayoutResult>();
    const waiting: Waiting[] = [];
    const identities = diagramIdentities(doc, directives);
    for (let index = 0; index < directives.length; index++) {
      await slicer.maybeYield();
      const d = directives[index];
      const id = `${request.uri}#${identities[index]}`;
      const prepared = this.prepare(doc, d, id, request.uri);
      if ('view' in prepared) {
        views.set(d, prepared.view);
        continue;
      }
      const { source, base, file, engine } = prepared;
      const layoutKey = `${engine}\u0000${source.graphvizText}`;
      if (!layouts.has(layoutKey)) {
        const p = this.layout(request.uri, source.graphvizText, engine, `${id}:preview`);
        layouts.set(layoutKey, p);
        void p.then((r) => settled.set(layoutKey, r));
      }
      waiting.push({ d, id, source, base, file, layoutKey });
    }
    const all = Promise.all(layouts.values());
    if (deadline) await Promise.race([all, deadline]);
    else await all;
    await Promise.resolve(); // the `settled` callbacks of layouts that ended with `all`
    // The same text drawn once per render: thousands of copies of a diagram cost one sanitising.
    const drawnOnce = new Map<string, Drawn | undefined>();
    for (const w of waiting) {
      await slicer.maybeYield();
      views.set(w.d, this.view(doc, w, settled.get(w.layoutKey), drawnOnce));
    }
    // Keep document order in the map (render.ts numbers diagrams from it).
    const ordered = new Map<DirectiveBlock, DiagramView>(directives.map((d) => [d, views.get(d)!]));
    const parts = renderDocumentInParts(
      doc,
      {
        uri: request.uri,
        diagrams: ordered,
        inlineDiagrams: request.inlineDiagrams,
        interactive: request.interactive,
        readFile: this.options.readFile,
        resolveLabel: this.options.resolveLabel && ((name) => this.options.resolveLabel!(name, request.uri)),
        resolveDoc: this.options.resolveDoc && ((target) => this.options.resolveDoc!(target, request.uri)),
        fileHref: this.options.fileHref && ((target) => this.options.fileHref!(target, request.uri)),
        fileExists: this.options.fileExists,
        resolveResource: request.resolveResource,
        now: request.now,
        highlightLanguage: request.highlightLanguage,
        prelude: request.prelude,
      },
      PART_CHARS,
    );
    let step = parts.next();
    while (!step.done) {
      await slicer.maybeYield();
      step = parts.next();
    }
    const rendered = step.value;
    const diagrams: Record<string, string> = {};
    let pending = 0;
    let errors = 0;
    for (const v of ordered.values()) {
      if (v.key !== undefined && v.svg !== undefined && !request.inlineDiagrams) diagrams[v.key] = v.svg;
      if (v.state === 'pending') pending++;
      if (v.state === 'error') errors++;
    }
    return { html: rendered.html, title: rendered.title, diagrams, resources: rendered.resources, pending, errors };
  }

  /** Forgets the last good drawings of a closed document, and drops its waiting layouts. */
  forget(uri: string): void {
    this.cancelQueued(uri);
    for (const k of [...this.lastGood.keys()]) if (k.startsWith(`${uri}#`)) this.lastGood.delete(k);
  }

  /** A layout through the preview's queue; a cached one at once. */
  private layout(uri: string, text: string, engine: string, key: string): Promise<LayoutResult> {
    const graphviz = this.options.graphviz!;
    const known = graphviz.cached?.(text, engine);
    if (known && known.status !== 'timeout') return Promise.resolve(known);
    return new Promise<LayoutResult>((resolve) => {
      this.queue.push({ uri, text, engine, key, resolve });
      this.pump();
    });
  }

  private pump(): void {
    const graphviz = this.options.graphviz;
    while (graphviz && this.counters.inFlight < this.maxInFlight && this.queueHead < this.queue.length) {
      const job = this.queue[this.queueHead++];
      if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.queueHead);
        this.queueHead = 0;
      }
      this.counters.inFlight++;
      this.counters.started++;
      this.counters.maxInFlight = Math.max(this.counters.maxInFlight, this.counters.inFlight);
      const done = (r: LayoutResult) => {
        this.counters.inFlight--;
        job.resolve(r);
        this.pump();
      };
      let p: Promise<LayoutResult>;
      try {
        p = graphviz.layout(job.text, job.engine, { key: job.key });
      } catch (e) {
        p = Promise.resolve({ status: 'crash', error: e instanceof Error ? e.message : String(e) });
      }
      p.then(done, (e: unknown) => done({ status: 'crash', error: e instanceof Error ? e.message : String(e) }));
    }
  }

  /** Drops the layouts of `uri` still waiting in the queue (a newer render asks again for what it needs). */
  private cancelQueued(uri: string): void {
    const kept: QueuedLayout[] = [];
    const dropped: QueuedLayout[] = [];
    for (let i = this.queueHead; i < this.queue.length; i++) (this.queue[i].uri === uri ? dropped : kept).push(this.queue[i]);
    if (dropped.length === 0) return;
    this.queue = kept;
    this.queueHead = 0;
    this.counters.cancelled += dropped.length;
    for (const job of dropped) job.resolve({ status: 'superseded' });
  }

  /** A directive's DOT and engine, or its view when it cannot be laid out (an error, no Graphviz). */
  private prepare(
    doc: RstDocument,
    d: DirectiveBlock,
    id: string,
    uri: string,
  ): { view: DiagramView } | { source: DotSource; base: number; file?: string; engine: string } {
    const found = this.source(doc, d, uri);
    const last = this.lastGood.get(id);
    const failed = (message: string): { view: DiagramView } => ({
      view: { state: 'error', stale: !!last, key: last?.key, svg: last?.svg, message, dotBase: found.base, dotFile: found.file },
    });
    if ('error' in found) return failed(found.error);
    const { source, base, file } = found;
    const { engine, problem } = directiveEngine(d);
    if (problem) return failed(problem.message);
    if (source.graphvizText.trim() === '') return failed('The diagram is empty.');
    if (!this.options.graphviz) return { view: { state: 'pending', stale: !!last, key: last?.key, svg: last?.svg, dotBase: base, dotFile: file } };
    return { source, base, file, engine };
  }

  /** The view of a diagram from its layout (undefined: not laid out yet). */
  private view(doc: RstDocument, w: Waiting, result: LayoutResult | undefined, drawnOnce: Map<string, Drawn | undefined>): DiagramView {
    const { source, base, file, id } = w;
    const last = this.lastGood.get(id);
    if (result === undefined || result.status === 'superseded') {
      return { state: 'pending', stale: !!last, key: last?.key, svg: last?.svg, message: last ? undefined : 'Not laid out yet.', dotBase: base, dotFile: file };
    }
    if (result.status === 'ok' && result.svg) {
      const once = `${w.layoutKey}\u0000${file !== undefined}`;
      const drawn = drawnOnce.has(once) ? drawnOnce.get(once) : this.sanitized(result.svg, source, doc, base, file !== undefined);
      drawnOnce.set(once, drawn);
      if (drawn) {
        this.lastGood.set(id, drawn);
        const note = result.error ? `Graphviz: ${firstLine(result.error)}` : undefined;
        return { state: 'ok', stale: false, key: drawn.key, svg: drawn.svg, message: note, dotBase: base, dotFile: file };
      }
    }
    const message = result.status === 'ok' ? 'Graphviz produced no drawing.' : this.errorMessage(doc, source, result, file !== undefined);
    return { state: 'error', stale: !!last, key: last?.key, svg: last?.svg, message, dotBase: base, dotFile: file };
  }

  /** The DOT of a directive (or its file), and where its lines count from. */
  private source(doc: RstDocument, d: DirectiveBlock, uri: string): { source: DotSource; base: number; file?: string } | { error: string; base?: number; file?: string } {
    const base = d.content?.firstLine ?? d.line;
    if (d.name === 'graphviz') {
      const argument = d.argument.trim();
      if (argument && d.content) return { error: 'A graphviz directive cannot have both content and a file name argument.', base };
      if (!argument && !d.content) return { error: 'The graphviz directive has no content.', base };
      if (argument) {
        const docPath = fileUriToPath(this.options.buildDocument?.(uri, d.start) ?? uri);
        const readFile = this.options.readFile;
        if (/\s/.test(argument) || !docPath || !readFile) return { error: `The external Graphviz file '${argument}' cannot be read here.`, base };
        const sourceDir = this.options.sourceDir;
        const path = resolveGraphvizFile(docPath, argument, readFile, sourceDir ? (sourceDir(docPath) ?? null) : undefined);
        const text = readFile(path);
        const file = `file://${path.startsWith('/') ? '' : '/'}${path.split('/').map((s) => encodeURIComponent(wellFormed(s))).join('/').replace(/^\/([a-zA-Z])%3A/, '/$1:')}`;
        if (text === undefined) return { error: `External Graphviz file '${argument}' not found or reading it failed.`, base };
        return { source: dotFileSource(text), base: 0, file };
      }
    }
    const source = directiveDotSource(doc, d);
    if (!source) return { error: `The ${d.name} directive needs a graph name as its argument.`, base };
    return { source, base };
  }

  private errorMessage(doc: RstDocument, source: DotSource, result: LayoutResult, external: boolean): string {
    const own = checkDotSource(source);
    const problems = layoutProblems(source, result, own.parsed, own.problems);
    const blocking = problems[0] ?? own.problems.find((p) => p.code === 'dot.syntax');
    if (!blocking) return `Graphviz could not draw this diagram${result.error ? `: ${firstLine(result.error)}` : '.'}`;
    if (external) return blocking.message;
    const line = lineOf(doc, blocking.start) + 1;
    return `Line ${line}: ${blocking.message}`;
  }

  private sanitized(raw: string, source: DotSource, doc: RstDocument, base: number, external: boolean): Drawn | undefined {
    const cacheKey = `${raw}\u0000${source.parserText}\u0000${external}`;
    const hit = this.drawn.get(cacheKey);
    if (hit) return hit;
    const parsed = this.parse(source.parserText);
    const statements = statementIndex(parsed, source, doc, base, external);
    const svg = sanitizeSvg(raw, {
      idPrefix: `hg-${hash(raw)}-`,
      annotate: (kind, title) => {
        const at = statements.get(`${kind}\u0000${title}`) ?? (kind === 'edge' ? statements.get(`edge\u0000${title.replace(/:[^-]*?(?=->|--|$)/g, '')}`) : undefined);
        if (!at) return undefined;
        return { 'data-dot-line': String(at.line), 'data-dot-character': String(at.character), 'data-dot-end-line': String(at.endLine), 'data-dot-end-character': String(at.endCharacter) };
      },
    });
    if (svg === undefined) return undefined;
    const drawn = { key: hash(svg), svg };
    this.drawn.set(cacheKey, drawn);
    return drawn;
  }

  private parse(text: string): ParsedDot {
    const hit = this.parsedDot.get(text);
    if (hit) return hit;
    const parsed = parseDot(text);
    this.parsedDot.set(text, parsed);
    return parsed;
  }
}

interface StatementAt {
  /** Line relative to the diagram's base (the first content line), or in the file for the file form. */
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}

/**
 * Where each node, edge and subgraph that Graphviz titles in its SVG is written: node -> its first node
 * statement (else its first use in an edge), `a->b` -> the edge statement that makes it, subgraph -> its
 * statement. Lines are relative to the diagram, so the SVG does not change when text above it does.
 */
function statementIndex(parsed: ParsedDot, source: DotSource, doc: RstDocument, base: number, external: boolean): Map<string, StatementAt> {
  const out = new Map<string, StatementAt>();
  const graph = parsed.file?.graph;
  if (!graph) return out;
  const text = parsed.text;
  const fileLineStarts = external ? lineStartsOf(text) : undefined;
  const hostLineStart = (line: number) => (fileLineStarts ? fileLineStarts[line] : (doc.lines.start[line] ?? 0));
  const at = (n: SyntaxNode, end = n.end): StatementAt => {
    const start = source.toHost(skipTrivia(text, n.pos));
    const stop = source.toHost(Math.max(end, n.pos));
    const line = source.hostLine(start);
    const endLine = source.hostLine(stop);
    return { line: line - base, character: start - hostLineStart(line), endLine: endLine - base, endCharacter: stop - hostLineStart(endLine) };
  };
  const op = graph.kind === syntaxKind.DirectedGraph ? '->' : '--';
  const setOnce = (key: string, v: StatementAt) => {
    if (!out.has(key)) out.set(key, v);
  };
  const namesOf = (e: EdgeSourceOrTarget | undefined, depth: number): string[] => {
    if (!e || depth > 200) return [];
    if (e.kind === syntaxKind.NodeId) {
      const name = identifierText(e.id);
      return name === undefined ? [] : [name];
    }
    const names: string[] = [];
    for (const s of e.statements ?? []) {
      if (s.kind === syntaxKind.NodeStatement) {
        const name = s.id ? identifierText(s.id.id) : undefined;
        if (name !== undefined) names.push(name);
      } else if (s.kind === syntaxKind.EdgeStatement) {
        names.push(...namesOf(s.source, depth + 1));
        for (const r of s.rhs ?? []) names.push(...namesOf(r.target, depth + 1));
      } else if (s.kind === syntaxKind.SubGraphStatement && s.subgraph) names.push(...namesOf(s.subgraph, depth + 1));
    }
    return names;
  };
  const endpointUses: [string, StatementAt][] = [];
  const visit = (statements: readonly Statement[] | undefined, depth: number) => {
    if (!statements || depth > 200) return;
    for (const s of statements) {
      switch (s.kind) {
        case syntaxKind.NodeStatement: {
          const name = s.id ? identifierText(s.id.id) : undefined;
          if (name !== undefined) setOnce(`node\u0000${name}`, at(s));
          break;
        }
        case syntaxKind.EdgeStatement: {
          const where = at(s);
          const ends = [s.source, ...(s.rhs ?? []).map((r) => r.target)];
          for (let k = 0; k + 1 < ends.length; k++) {
            for (const a of namesOf(ends[k], depth)) for (const b of namesOf(ends[k + 1], depth)) setOnce(`edge\u0000${a}${op}${b}`, where);
          }
          for (const e of ends) {
            if (e?.kind === syntaxKind.NodeId) {
              const name = identifierText(e.id);
              if (name !== undefined) endpointUses.push([name, at(e)]);
            } else if (e?.kind === syntaxKind.SubGraph) {
              const name = identifierText(e.id);
              if (name !== undefined) setOnce(`cluster\u0000${name}`, at(e));
              visit(e.statements, depth + 1);
            }
          }
          break;
        }
        case syntaxKind.SubGraphStatement: {
          const sg = s.subgraph;
          if (!sg) break;
          const name = identifierText(sg.id);
          if (name !== undefined) setOnce(`cluster\u0000${name}`, at(s, sg.id ? sg.id.end : s.end));
          visit(sg.statements, depth + 1);
          break;
        }
        default:
          break;
      }
    }
  };
  visit(graph.statements, 0);
  for (const [name, where] of endpointUses) setOnce(`node\u0000${name}`, where);
  const graphName = identifierText(graph.id);
  if (graphName !== undefined) setOnce(`graph\u0000${graphName}`, at(graph, graph.id ? graph.id.end : graph.pos));
  return out;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineOf(doc: RstDocument, offset: number): number {
  return Math.max(0, lineIndex(doc.lines.length, (i) => doc.lines.start[i], offset));
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

/** Yields to the event loop once a slice of work has taken {@link SLICE_MS}. */
class Slicer {
  private since = Date.now();
  async maybeYield(): Promise<void> {
    if (Date.now() - this.since < SLICE_MS) return;
    await nextTask();
    this.since = Date.now();
  }
}

function delay(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve('timeout'), ms);
    (t as { unref?: () => void }).unref?.();
  });
}

/** FNV-1a (32 bit) of a string with its length: a short, stable key for a drawing. */
export function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${(h >>> 0).toString(16).padStart(8, '0')}${s.length.toString(16)}`;
}
