import type { RstProblem } from '../rst/types';
import { checkDotSemantics } from './checks';
import { parseDot, type ParsedDot } from './dotParser';
import { layoutProblems, parseGraphvizMessage, withoutImages } from './graphvizErrors';
import type { IGraphvizLayout, LayoutResult } from './layout';
import type { DotSource } from './source';

export interface DotCheckResult {
  parsed: ParsedDot;
  /** Problems in host offsets. */
  problems: RstProblem[];
}

/** Syntax and semantic checks of one diagram, synchronous, positions in the host file. */
export function checkDotSource(source: DotSource): DotCheckResult {
  const parsed = parseDot(source.parserText);
  const problems: RstProblem[] = [];
  for (const p of [...parsed.problems, ...checkDotSemantics(parsed)]) {
    const start = source.toHost(p.start);
    problems.push({ ...p, start, end: Math.max(start, source.toHost(p.end)) });
  }
  return { parsed, problems };
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
  const own = checkDotSource(source);
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
  return { ...own, problems: [...own.problems, ...layoutProblems(source, result, own.parsed, own.problems, { imagesOnly })], layout: result };
}
