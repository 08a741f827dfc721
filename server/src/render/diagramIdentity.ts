/**
 * Which diagram is which across edits: a diagram is known by its content and its place, not by its position
 * in the document, so that the preview's last good drawing of a broken diagram stays with that diagram when
 * another diagram is inserted, removed or moved elsewhere.
 *
 * The identity is the nearest stable anchor (the directive's own `:name:` or `:caption:`, else the label or
 * section title above it), the graph's name (the `digraph name {` of the DOT, the argument of
 * `.. digraph:: name`, or the file of `.. graphviz:: file.dot`), and the diagram's ordinal among the diagrams
 * with the same anchor and name.
 */
import type { DirectiveBlock, RstDocument } from '../rst/types';
import { flatten } from '../rst/walk';

/** `strict`? `graph`/`digraph`, then an optional ID (quoted or bare), at the start of the DOT text. */
const GRAPH_HEADER = /^\s*(?:strict\s+)?(?:di)?graph\s+("(?:[^"\\]|\\.)*"|[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*|-?(?:\.\d+|\d+(?:\.\d*)?))?/i;

/** The stable identities of `directives` (in document order) of `doc`, one string per directive, all distinct. */
export function diagramIdentities(doc: RstDocument, directives: readonly DirectiveBlock[]): string[] {
  const anchors = anchorsByLine(doc);
  const seen = new Map<string, number>();
  return directives.map((d) => {
    const own = option(d, 'name') ?? option(d, 'caption');
    const anchor = own !== undefined ? `=${own}` : anchorAbove(anchors, d.line);
    const base = `${anchor}\u0000${graphName(doc, d)}`;
    const ordinal = seen.get(base) ?? 0;
    seen.set(base, ordinal + 1);
    return `${base}\u0000${ordinal}`;
  });
}

interface Anchor {
  line: number;
  text: string;
}

/** Section titles and labels (`.. _name:`), sorted by line. */
function anchorsByLine(doc: RstDocument): Anchor[] {
  const out: Anchor[] = [];
  for (const b of flatten(doc).blocks) {
    if (b.kind === 'section') out.push({ line: b.line, text: `#${b.refname}` });
    else if (b.kind === 'target' && !b.anonymous && b.uri === undefined && b.indirect === undefined) out.push({ line: b.line, text: `_${b.refname}` });
  }
  return out.sort((a, b) => a.line - b.line);
}

/** The text of the last anchor before `line` ('' at the top of the document). */
function anchorAbove(anchors: readonly Anchor[], line: number): string {
  let lo = 0;
  let hi = anchors.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (anchors[mid].line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? anchors[lo - 1].text : '';
}

function option(d: DirectiveBlock, name: string): string | undefined {
  const o = d.options.find((x) => x.name === name);
  const v = o?.value.trim();
  return v ? v : undefined;
}

/** The graph's name: the argument of `graph`/`digraph`, the file of `graphviz`, else the DOT header's ID. */
function graphName(doc: RstDocument, d: DirectiveBlock): string {
  const argument = d.argument.trim();
  if (argument) return argument;
  if (!d.content) return '';
  const first = doc.text.slice(d.content.start, Math.min(d.content.end, d.content.start + 4096));
  const m = GRAPH_HEADER.exec(first);
  return m?.[1] ?? '';
}
