import { LruMap } from '../common/lru';
import type { RstProblem } from '../rst/types';
import { checkDotSemantics } from './checks';
import { parseDot, type DotProblem, type ParsedDot } from './dotParser';
import { layoutProblems, parseGraphvizMessage, withoutImages } from './graphvizErrors';
import type { IGraphvizLayout, LayoutResult } from './layout';
import type { DotSource } from './source';

export interface DotCheckResult {
  /** Our parse of the diagram (parsed on first use: the problems alone come from the check cache). */
  readonly parsed: ParsedDot;
  /** Problems in host offsets. */
  problems: RstProblem[];
}

/**
 * The syntax and semantic problems of a diagram by its text (in the parser's offsets): they depend on
 * nothing else (the catalog is fixed, severities are applied later), so a keystroke anywhere in a
 * document re-checks only the diagram whose text changed. LRU, a few hundred entries of small arrays,
 * independent of the parse cache (which keeps whole syntax trees, so it is smaller).
 */
const CHECK_CACHE_SIZE = 1024;
/** The keys are whole diagram texts: at most this many characters of them. */
const CHECK_CACHE_CHARS = 4_000_000;
const checkCache = new LruMap<string, readonly DotProblem[]>(CHECK_CACHE_SIZE, (text) => text.length, CHECK_CACHE_CHARS);
const checkCounters = { runs: 0, hits: 0 };

/** How often the DOT checks ran and how often their cache answered (a counter for tests). */
export function dotCheckStats(): { runs: number; hits: number } {
  return { ...checkCounters };
}

function checksOf(parserText: string): readonly DotProblem[] {
  const hit = checkCache.get(parserText);
  if (hit) {
    checkCounters.hits++;
    return hit;
  }
  checkCounters.runs++;
  const parsed = parseDot(parserText);
  const problems = [...parsed.problems, ...checkDotSemantics(parsed)];
  checkCache.set(parserText, problems);
  return problems;
}

/** The checks that hold for one layout engine only (the dot engine's orthogonal edges). */
const DOT_ENGINE_ONLY = 'dot.ortho-edge-label';

/**
 * Syntax and semantic checks of one diagram, synchronous, positions in the host file. `engine`: the layout
 * engine the diagram is drawn with (a directive's `:layout:`), which a few checks depend on.
 */
export function checkDotSource(source: DotSource, engine = 'dot'): DotCheckResult {
  const problems: RstProblem[] = [];
  for (const p of checksOf(source.parserText)) {
    if (engine !== 'dot' && p.code === DOT_ENGINE_ONLY) continue;
    const start = source.toHost(p.start);
    problems.push({ ...p, start, end: Math.max(start, source.toHost(p.end)) });
  }
  let parsed: ParsedDot | undefined;
  return {
    get parsed() {
      return (parsed ??= parseDot(source.parserText));
    },
    problems,
  };
}

export interface DotLayoutCheck {
  graphviz: IGraphvizLayout;
  engine: string;
  key?: string;
}

/**
 * Everything for one diagram: our checks, then Graphviz's verdict on the exact text Sphinx would render.
 * Resolves with the layout too (for a preview that wants the SVG).
 */
export async function checkDotSourceWithLayout(source: DotSource, layout: DotLayoutCheck | undefined): Promise<DotCheckResult & { layout?: LayoutResult }> {
  const own = checkDotSource(source, layout?.engine);
  if (!layout || source.graphvizText.trim() === '') return own;
  let result: LayoutResult;
  try {
    result = await layout.graphviz.layout(source.graphvizText, layout.engine, { key: layout.key });
  } catch (e) {
    result = { status: 'crash', error: e instanceof Error ? e.message : String(e) };
  }
  // Wasm Graphviz sees no image files, and says only "in label of node a" about an IMG it cannot open:
  // the same diagram without its IMG tags tells whether anything else is wrong with the labels.
  let imagesOnly = false;
  if (result.error && parseGraphvizMessage(result.error).kind === 'html-label') {
    const plain = withoutImages(source.graphvizText);
    if (plain !== source.graphvizText) {
      try {
        const again = await layout.graphviz.layout(plain, layout.engine, { key: layout.key === undefined ? undefined : `${layout.key}:without-images` });
        imagesOnly = again.status === 'ok' && !again.error;
      } catch {
        imagesOnly = false;
      }
    }
  }
  // Our parse is needed only to place Graphviz's own errors.
  const extra = result.error || result.status !== 'ok' ? layoutProblems(source, result, result.error ? own.parsed : undefined, own.problems, { imagesOnly }) : [];
  return {
    get parsed() {
      return own.parsed;
    },
    problems: [...own.problems, ...extra],
    layout: result,
  };
}
