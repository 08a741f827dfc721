/**
 * The preview of a document: the parsed document rendered to HTML (render.ts) with every diagram laid out by
 * the same Graphviz service (and cache) as the diagnostics, sanitised, and linked back to its DOT.
 *
 * - One layout per distinct diagram: layouts are requested with the exact text Sphinx would render, so an
 *   unchanged diagram is a cache hit, shared with the diagnostics; a diagram being typed supersedes its own
 *   older waiting layout (key `uri#index:preview`).
 * - A broken diagram keeps its last good drawing (dimmed, under the error) for as long as this renderer lives.
 * - Slow diagrams do not hold the text back: after `waitMs` the preview is returned with those diagrams
 *   `pending` (and `pending > 0`), and the caller asks again to get them.
 * Pure: Graphviz and files come in through interfaces.
 */
import { syntaxKind, type EdgeSourceOrTarget, type Statement, type SyntaxNode } from 'dot-language-support';
import { skipTrivia } from '../dot/trivia';
import { wellFormed } from '../rst/text';
import { checkDotSource } from '../dot/check';
import { identifierText } from '../dot/checks';
import { parseDot, type ParsedDot } from '../dot/dotParser';
import { layoutProblems } from '../dot/graphvizErrors';
import type { IGraphvizLayout, LayoutResult } from '../dot/layout';
import { directiveDotSource, directiveEngine, fileUriToPath, findGraphvizDirectives, resolveGraphvizFile } from '../dot/provider';
import { dotFileSource, type DotSource } from '../dot/source';
import type { DirectiveBlock, RstDocument } from '../rst/types';
import { renderDocument, type DiagramView, type RenderOptions } from './render';
import { sanitizeSvg } from './renderSvg';

export interface PreviewRendererOptions {
  /** Graphviz; without it diagrams show as pending. */
  graphviz?: IGraphvizLayout;
  /** Reads a file (the `.. graphviz:: file.dot` form, `literalinclude`, the `conf.py` search). */
  readFile?: (path: string) => string | undefined;
  /** A label of another document of the project, for `:ref:` (see {@link RenderOptions.resolveLabel}). */
  resolveLabel?: (name: string, fromUri: string) => { href: string; title?: string } | undefined;
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
}

export interface PreviewRender {
  html: string;
  title: string;
  /** Sanitised SVG by key, for the diagram containers of the HTML (`data-key`). */
  diagrams: Record<string, string>;
  /** `file:` URIs the HTML refers to with `data-hg-src` (images), for the host to map. */
  resources: string[];
  /** Diagrams still being laid out: ask again for them. */
  pending: number;
  /** Diagrams that failed (no drawing of the current text). */
  errors: number;
}

interface Drawn {
  key: string;
  svg: string;
}

/** Lays out, sanitises and keys the diagrams of documents; remembers each diagram's last good drawing. */
export class RstPreviewRenderer {
  private readonly lastGood = new Map<string, Drawn>();
  /** Sanitised drawings by raw SVG + DOT text (the annotation depends on both). */
  private readonly drawn = new Map<string, Drawn>();
  private readonly parsedDot = new Map<string, ParsedDot>();

  constructor(private readonly options: PreviewRendererOptions = {}) {}

  async render(doc: RstDocument, request: PreviewRequest): Promise<PreviewRender> {
    const directives = findGraphvizDirectives(doc);
    const views = new Map<DirectiveBlock, DiagramView>();
    const deadline = request.waitMs !== undefined && Number.isFinite(request.waitMs) ? delay(Math.max(0, request.waitMs)) : undefined;
    await Promise.all(
      directives.map(async (d, index) => {
        views.set(d, await this.diagram(doc, d, `${request.uri}#${index}`, request.uri, deadline));
      }),
    );
    // Keep document order in the map (render.ts numbers diagrams from it).
    const ordered = new Map<DirectiveBlock, DiagramView>(directives.map((d) => [d, views.get(d)!]));
    const rendered = renderDocument(doc, {
      uri: request.uri,
      diagrams: ordered,
      inlineDiagrams: request.inlineDiagrams,
      interactive: request.interactive,
      readFile: this.options.readFile,
      resolveLabel: this.options.resolveLabel && ((name) => this.options.resolveLabel!(name, request.uri)),
      resolveResource: request.resolveResource,
      now: request.now,
    });
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

  /** Forgets the last good drawings of a closed document. */
  forget(uri: string): void {
    for (const k of [...this.lastGood.keys()]) if (k.startsWith(`${uri}#`)) this.lastGood.delete(k);
  }

  private async diagram(doc: RstDocument, d: DirectiveBlock, id: string, uri: string, deadline: Promise<'timeout'> | undefined): Promise<DiagramView> {
    const found = this.source(doc, d, uri);
    const last = this.lastGood.get(id);
    const failed = (message: string): DiagramView => ({ state: 'error', stale: !!last, key: last?.key, svg: last?.svg, message, dotBase: found.base, dotFile: found.file });
    if ('error' in found) return failed(found.error);
    const { source, base, file } = found;
    const { engine, problem } = directiveEngine(d);
    if (problem) return failed(problem.message);
    if (source.graphvizText.trim() === '') return failed('The diagram is empty.');
    const graphviz = this.options.graphviz;
    if (!graphviz) return { state: 'pending', stale: !!last, key: last?.key, svg: last?.svg, dotBase: base, dotFile: file };

    let result: LayoutResult | 'timeout';
    try {
      const layout = graphviz.layout(source.graphvizText, engine, { key: `${id}:preview` });
      result = deadline ? await Promise.race([layout, deadline]) : await layout;
    } catch (e) {
      result = { status: 'crash', error: e instanceof Error ? e.message : String(e) };
    }
    if (result === 'timeout' || result.status === 'superseded') {
      return { state: 'pending', stale: !!last, key: last?.key, svg: last?.svg, dotBase: base, dotFile: file };
    }
    if (result.status === 'ok' && result.svg) {
      const drawn = this.sanitized(result.svg, source, doc, base, file !== undefined);
      if (drawn) {
        this.lastGood.set(id, drawn);
        const note = result.error ? `Graphviz: ${firstLine(result.error)}` : undefined;
        return { state: 'ok', stale: false, key: drawn.key, svg: drawn.svg, message: note, dotBase: base, dotFile: file };
      }
      return failed('Graphviz produced no drawing.');
    }
    return failed(this.errorMessage(doc, source, result, file !== undefined));
  }

  /** The DOT of a directive (or its file), and where its lines count from. */
  private source(doc: RstDocument, d: DirectiveBlock, uri: string): { source: DotSource; base: number; file?: string } | { error: string; base?: number; file?: string } {
    const base = d.content?.firstLine ?? d.line;
    if (d.name === 'graphviz') {
      const argument = d.argument.trim();
      if (argument && d.content) return { error: 'A graphviz directive cannot have both content and a file name argument.', base };
      if (!argument && !d.content) return { error: 'The graphviz directive has no content.', base };
      if (argument) {
        const docPath = fileUriToPath(uri);
        const readFile = this.options.readFile;
        if (/\s/.test(argument) || !docPath || !readFile) return { error: `The external Graphviz file '${argument}' cannot be read here.`, base };
        const path = resolveGraphvizFile(docPath, argument, readFile);
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
    if (hit) {
      this.drawn.delete(cacheKey);
      this.drawn.set(cacheKey, hit);
      return hit;
    }
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
    while (this.drawn.size > 256) this.drawn.delete(this.drawn.keys().next().value!);
    return drawn;
  }

  private parse(text: string): ParsedDot {
    const hit = this.parsedDot.get(text);
    if (hit) return hit;
    const parsed = parseDot(text);
    this.parsedDot.set(text, parsed);
    while (this.parsedDot.size > 128) this.parsedDot.delete(this.parsedDot.keys().next().value!);
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
  const hostLineStart = (line: number) => (fileLineStarts ? fileLineStarts[line] : (doc.lines[line]?.start ?? 0));
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
  let lo = 0;
  let hi = doc.lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (doc.lines[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
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
