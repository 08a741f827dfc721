/**
 * Source line <-> vertical offset in the preview, for scroll sync and double-click to source. Pure (no DOM):
 * the page measures its `data-line` elements and hands the numbers in, so this is unit-tested on its own.
 */

/** One measured element: the source lines it renders and where it is on the page. */
export interface LineEntry {
  /** First source line (0-based). */
  line: number;
  /** Last source line (inclusive). */
  endLine: number;
  /** Top, in page coordinates. */
  top: number;
  height: number;
}

export class SourceLineMap {
  /** By line, then by position (inner elements after their containers when they start on the same line). */
  private readonly byLine: LineEntry[];
  /** By top, then by height descending. */
  private readonly byTop: LineEntry[];

  constructor(entries: readonly LineEntry[]) {
    const valid = entries.filter((e) => Number.isFinite(e.line) && Number.isFinite(e.top) && e.height >= 0 && e.line >= 0);
    const clean = valid.map((e) => ({ ...e, endLine: Number.isFinite(e.endLine) && e.endLine >= e.line ? e.endLine : e.line }));
    this.byLine = [...clean].sort((a, b) => a.line - b.line || a.top - b.top || b.height - a.height);
    this.byTop = [...clean].sort((a, b) => a.top - b.top || b.height - a.height);
  }

  get size(): number {
    return this.byLine.length;
  }

  /**
   * Where `line` (fractional lines allowed) is on the page: inside the innermost element that starts at or
   * before it and covers it, in proportion to its height; between two elements, interpolated over the gap.
   */
  offsetForLine(line: number): number | undefined {
    const entries = this.byLine;
    if (entries.length === 0 || !Number.isFinite(line)) return undefined;
    // The last entry whose first line is <= line.
    let lo = 0;
    let hi = entries.length - 1;
    let prevIndex = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (entries[mid].line <= line) {
        prevIndex = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (prevIndex < 0) return entries[0].top;
    // Among the entries at or before `line`, the innermost one covering it (the latest start wins).
    // Sorted by line, then top, then height descending: walking back, the first that covers is the innermost.
    let covering: LineEntry | undefined;
    for (let k = prevIndex; k >= 0 && k >= prevIndex - 512; k--) {
      if (line < entries[k].endLine + 1) {
        covering = entries[k];
        break;
      }
    }
    if (covering) {
      const span = covering.endLine + 1 - covering.line;
      return covering.top + (covering.height * (line - covering.line)) / span;
    }
    const prev = entries[prevIndex];
    // Sorted by line: the entry after the last one starting at or before `line` is the next one (no copy of the rest).
    const next = entries[prevIndex + 1] as LineEntry | undefined;
    const prevBottom = prev.top + prev.height;
    if (!next) return prevBottom;
    const gapLines = next.line - (prev.endLine + 1);
    const fraction = gapLines > 0 ? (line - (prev.endLine + 1)) / gapLines : 0;
    return prevBottom + Math.max(0, next.top - prevBottom) * Math.min(Math.max(fraction, 0), 1);
  }

  /**
   * The scroll position that shows `line` at the top of the page: the page's own top (0) for a line at or before
   * the first element, so that the editor at line 1 shows the page from its start (its top padding and the first
   * heading's margin included), else {@link offsetForLine}.
   */
  scrollTopForLine(line: number): number | undefined {
    if (this.byLine.length === 0 || !Number.isFinite(line)) return undefined;
    if (line <= this.byLine[0].line) return 0;
    return this.offsetForLine(line);
  }

  /**
   * The source line at page offset `y` (fractional): from the innermost element containing `y`, in
   * proportion; in a gap, interpolated between the element above and the one below.
   */
  lineForOffset(y: number): number | undefined {
    const entries = this.byTop;
    if (entries.length === 0 || !Number.isFinite(y)) return undefined;
    let containing: LineEntry | undefined;
    let above: LineEntry | undefined;
    let below: LineEntry | undefined;
    for (const e of entries) {
      if (e.top > y) {
        below = e;
        break;
      }
      if (y < e.top + e.height) {
        if (!containing || e.height <= containing.height) containing = e;
      } else if (!above || e.top + e.height > above.top + above.height || (e.top + e.height === above.top + above.height && e.endLine > above.endLine)) above = e;
    }
    if (containing) {
      const span = containing.endLine + 1 - containing.line;
      const fraction = containing.height > 0 ? (y - containing.top) / containing.height : 0;
      return containing.line + span * fraction;
    }
    if (!above) return below ? below.line : 0;
    const from = above.endLine + 1;
    if (!below) return from;
    const gap = below.top - (above.top + above.height);
    const fraction = gap > 0 ? (y - (above.top + above.height)) / gap : 0;
    return from + Math.max(0, below.line - from) * fraction;
  }
}
