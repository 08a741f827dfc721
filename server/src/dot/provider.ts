import { fileUriToPath } from '../common/uri';
import { derived, derivedKey } from '../rst/derived';
import type { Block, DiagnosticProvider, DirectiveBlock, RstDocument, RstProblem, Span } from '../rst/types';
import { layoutEngines } from './catalog';
import { checkDotSource, checkDotSourceWithLayout } from './check';
import { registerDotCodes } from './codes';
import type { IGraphvizLayout } from './layout';
import { dotFileSource, embeddedSource, type DotSource } from './source';

/** The directives of `sphinx.ext.graphviz`. */
export const GRAPHVIZ_DIRECTIVES: ReadonlySet<string> = new Set(['graphviz', 'graph', 'digraph']);

export interface DotProviderOptions {
  /** Graphviz, for its own errors (and timeouts); without it only our checks run. */
  graphviz?: IGraphvizLayout;
  /** Reads a file for the `.. graphviz:: file.dot` form and to find `conf.py`; undefined when it cannot. */
  readFile?: (path: string) => string | undefined;
  /**
   * The Sphinx source directory of a document (a path), from the project knowledge that already found its
   * conf.py: then a `/`-rooted file argument costs no conf.py look-up per check.
   */
  sourceDir?: (docPath: string) => string | undefined;
  /**
   * The document the build reads a directive of `uri` at offset `at` as part of, when that is another (a file a
   * document includes that no build reads on its own): Sphinx reads a relative `.. graphviz:: file.dot` from
   * that document's folder (`env.relfn2path`). Undefined: the file's own.
   */
  buildDocument?: (uri: string, at: number) => string | undefined;
}

/** The directives found in each tree: a tree never changes once parsed, and several features ask per keystroke. */
const GRAPHVIZ = derivedKey<readonly DirectiveBlock[]>('graphviz directives');

/**
 * Every graphviz/graph/digraph directive of a document, nested ones included, in document order. The list is
 * kept for the tree (the DOT checks, the check that decides whether a document waits for layouts, the preview
 * and the code lenses all ask): callers read it, never change it.
 */
export function findGraphvizDirectives(doc: RstDocument): readonly DirectiveBlock[] {
  return derived(doc, GRAPHVIZ, () => graphvizDirectivesOf(doc));
}

function graphvizDirectivesOf(doc: RstDocument): readonly DirectiveBlock[] {
  const out: DirectiveBlock[] = [];
  const walk = (blocks: readonly Block[], depth: number) => {
    if (depth > 500) return;
    for (const b of blocks) {
      switch (b.kind) {
        case 'directive':
          if (GRAPHVIZ_DIRECTIVES.has(b.name)) out.push(b);
          if (b.body) walk(b.body, depth + 1);
          break;
        case 'bulletList':
        case 'enumList':
        case 'optionList':
        case 'definitionList':
        case 'fieldList':
          for (const item of b.items) walk(item.body, depth + 1);
          break;
        case 'blockQuote':
        case 'footnote':
        case 'citation':
          walk(b.body, depth + 1);
          break;
        case 'table':
          for (const cell of b.cells) walk(cell.body, depth + 1);
          break;
        case 'substitutionDef':
          if (b.directive && GRAPHVIZ_DIRECTIVES.has(b.directive.name)) out.push(b.directive);
          break;
        default:
          break;
      }
    }
  };
  walk(doc.blocks, 0);
  return out;
}

/** The DOT of a directive with content, as Sphinx builds it; undefined for the file form or no content. */
export function directiveDotSource(doc: RstDocument, d: DirectiveBlock): DotSource | undefined {
  const content = d.content ? { firstLine: d.content.firstLine, lastLine: d.content.lastLine, indent: d.content.indent } : undefined;
  if (d.name === 'graphviz') {
    if (!content) return undefined;
    return embeddedSource(doc.text, doc.lines, content, d.nameSpan);
  }
  const name = d.argument.trim();
  if (name === '' || /\s/.test(name)) return undefined; // the RST checks report the argument
  const directiveLineEnd = doc.lines.end[d.line] ?? d.nameSpan.end;
  return embeddedSource(
    doc.text,
    doc.lines,
    content,
    d.nameSpan,
    { keyword: d.name as 'graph' | 'digraph', name, nameSpan: d.argumentSpan ?? d.nameSpan },
    directiveLineEnd,
  );
}

/**
 * The engine a directive asks for: `:layout:`, else the basename of `:graphviz_dot:` when it names an engine,
 * else `dot`. `problem` is set when `:layout:` names no engine (Sphinx's dot run would fail).
 */
export function directiveEngine(d: DirectiveBlock): { engine: string; problem?: RstProblem } {
  const engines = layoutEngines();
  const layout = d.options.find((o) => o.name === 'layout');
  if (layout) {
    const v = layout.value.trim();
    if (engines.includes(v)) return { engine: v };
    return {
      engine: 'dot',
      problem: {
        ...(v ? layout.valueSpan : layout.nameSpan),
        code: 'sphinx.graphviz-unknown-layout',
        message: `Unknown Graphviz layout engine "${v}" (one of ${engines.join(', ')})`,
      },
    };
  }
  const cmd = d.options.find((o) => o.name === 'graphviz_dot');
  if (cmd) {
    const base = cmd.value.trim().split(/[\\/]/).pop()?.replace(/\.exe$/i, '') ?? '';
    if (engines.includes(base)) return { engine: base };
  }
  return { engine: 'dot' };
}

/** What a graphviz directive draws: DOT in the document, a file, or nothing (with the problem that says why). */
type Drawn = { kind: 'inline'; source: DotSource } | { kind: 'file'; argument: string } | { kind: 'none'; problem?: RstProblem };

/** Sphinx's rules for what a `graphviz`, `graph` or `digraph` directive draws. */
function diagramOf(doc: RstDocument, d: DirectiveBlock): Drawn {
  if (d.name === 'graphviz') {
    const argument = d.argument.trim();
    const hasContent = d.content !== undefined;
    if (argument && hasContent) {
      return { kind: 'none', problem: { ...(d.argumentSpan ?? d.nameSpan), code: 'sphinx.graphviz-content-and-file', message: 'Graphviz directive cannot have both content and a filename argument' } };
    }
    if (!argument && !hasContent) return { kind: 'none', problem: { ...d.nameSpan, code: 'sphinx.graphviz-no-content', message: 'Ignoring "graphviz" directive without content.' } };
    // DOT written on the directive line is no file name: the RST checks report it.
    if (argument) return /\s/.test(argument) ? { kind: 'none' } : { kind: 'file', argument };
  }
  const source = directiveDotSource(doc, d);
  return source ? { kind: 'inline', source } : { kind: 'none' };
}

/**
 * The DOT checks of an RST document as a diagnostic provider: Sphinx's graphviz directive semantics,
 * DOT syntax and semantics at exact positions, and Graphviz's own verdict.
 */
export function createDotDiagnosticProvider(options: DotProviderOptions = {}): DiagnosticProvider {
  registerDotCodes();
  return async (doc: RstDocument, uri: string) => {
    const problems: RstProblem[] = [];
    const pending: Promise<RstProblem[]>[] = [];
    let index = 0;
    for (const d of findGraphvizDirectives(doc)) {
      const key = `${uri}#${index++}`;
      const { engine, problem: engineProblem } = directiveEngine(d);
      if (engineProblem) problems.push(engineProblem);
      const layout = options.graphviz && !engineProblem ? { graphviz: options.graphviz, engine, key } : undefined;

      const drawn = diagramOf(doc, d);
      if (drawn.kind === 'none') {
        if (drawn.problem) problems.push(drawn.problem);
      } else if (drawn.kind === 'file') {
        pending.push(checkExternalFile(uri, drawn.argument, d.argumentSpan ?? d.nameSpan, options, layout));
      } else if (layout) pending.push(checkDotSourceWithLayout(drawn.source, layout).then((r) => r.problems));
      else problems.push(...checkDotSource(drawn.source, engine).problems);
    }
    for (const p of await Promise.all(pending)) problems.push(...p);
    return problems;
  };
}

/**
 * Asks Graphviz for the layouts a document's diagrams will need, without waiting for them, so that a worker
 * lays them out while the caller goes on (`ha-guide lint` parses the rest of the project meanwhile). The
 * requests are exactly those of the provider's checks (same text, same engine) and carry no key, so the
 * checks' own requests join them or find them cached. Diagrams in files are left to the checks. Returns how
 * many layouts were asked for.
 */
export function prefetchLayouts(doc: RstDocument, graphviz: IGraphvizLayout, limit = Infinity): number {
  let asked = 0;
  for (const d of findGraphvizDirectives(doc)) {
    if (asked >= limit) break;
    const drawn = diagramOf(doc, d);
    if (drawn.kind !== 'inline') continue;
    const { engine, problem } = directiveEngine(d);
    // As in checkDotSourceWithLayout: no layout for an unknown engine or an empty diagram.
    if (problem || drawn.source.graphvizText.trim() === '') continue;
    void graphviz.layout(drawn.source.graphvizText, engine);
    asked++;
  }
  return asked;
}

async function checkExternalFile(
  uri: string,
  argument: string,
  at: Span,
  options: DotProviderOptions,
  layout: { graphviz: IGraphvizLayout; engine: string; key: string } | undefined,
): Promise<RstProblem[]> {
  const readFile = options.readFile;
  const docPath = fileUriToPath(options.buildDocument?.(uri, at.start) ?? uri);
  if (!readFile || docPath === undefined) return [];
  // With the project layer's answer there is no conf.py search here (no file reads per keystroke for it).
  const root = argument.startsWith('/') && options.sourceDir ? options.sourceDir(docPath) : undefined;
  const path = root !== undefined ? joinPath(root, argument.slice(1)) : resolveGraphvizFile(docPath, argument, readFile, options.sourceDir ? null : undefined);
  const text = readFile(path);
  if (text === undefined) {
    return [{ ...at, code: 'sphinx.graphviz-file-not-found', message: `External Graphviz file '${argument}' not found or reading it failed`, data: { path } }];
  }
  const source = dotFileSource(text);
  const result = await checkDotSourceWithLayout(source, layout && { ...layout, key: `${layout.key}:${path}` });
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return result.problems.map((p) => {
    const line = source.hostLine(p.start);
    const col = p.start - starts[line];
    return { ...at, code: p.code, message: `${argument}:${line + 1}:${col + 1}: ${p.message}`, data: { ...p.data, path, start: p.start, end: p.end } };
  });
}

/**
 * Where Sphinx looks for a graphviz file: a leading `/` is relative to the source directory (the one
 * holding `conf.py`, searched upwards from the document, unless `sourceDir` gives it or, `null`, says there
 * is none), anything else relative to the document.
 */
export function resolveGraphvizFile(docPath: string, argument: string, readFile: (path: string) => string | undefined, sourceDir?: string | null): string {
  const docDir = dirname(docPath);
  if (argument.startsWith('/')) {
    if (typeof sourceDir === 'string') return joinPath(sourceDir, argument.slice(1));
    let dir = docDir;
    // `null`: the caller knows there is no conf.py (its project layer looked), so only the fallback below.
    for (let i = 0; i < 64 && sourceDir !== null; i++) {
      if (readFile(joinPath(dir, 'conf.py')) !== undefined) return joinPath(dir, argument.slice(1));
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    // No conf.py (a partial checkout): the nearest ancestor where the file exists.
    for (let d = docDir, i = 0; i < 64; i++) {
      const candidate = joinPath(d, argument.slice(1));
      if (readFile(candidate) !== undefined) return candidate;
      const up = dirname(d);
      if (up === d) break;
      d = up;
    }
    return joinPath(docDir, argument.slice(1));
  }
  return joinPath(docDir, argument);
}

export { fileUriToPath };

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  if (/^[a-zA-Z]:$/.test(p.slice(0, i))) return p.slice(0, i + 1);
  return p.slice(0, i);
}

/** Joins and normalises `.` and `..` segments (forward slashes). */
export function joinPath(dir: string, rel: string): string {
  const abs = rel.startsWith('/') ? rel : `${dir.replace(/\/$/, '')}/${rel}`;
  const prefixMatch = /^([a-zA-Z]:)?\/*/.exec(abs);
  const prefix = prefixMatch ? prefixMatch[0] : '';
  const out: string[] = [];
  for (const seg of abs.slice(prefix.length).split(/[\\/]+/)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!prefix) out.push('..');
    } else out.push(seg);
  }
  return prefix + out.join('/');
}
