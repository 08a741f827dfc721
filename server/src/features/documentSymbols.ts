import { baseName, safeDecode } from '../common/uri';
import { directiveDiagram } from '../dot/model';
import { dotClusterSymbols } from './dotOutline';
import type { Block, RstDocument, SectionBlock } from '../rst/types';
import { walkBlocks } from '../rst/walk';
import type { FeatureContext, Location } from './types';
import type { RstSymbol } from './types';

export type { RstSymbol } from './types';

const DIAGRAMS = new Set(['graphviz', 'graph', 'digraph']);

/**
 * The outline: the section tree, with each diagram (and its clusters, unless `clusters` is false) and
 * explicit target under its section.
 */
export function documentSymbols(doc: RstDocument, { clusters = true }: { clusters?: boolean } = {}): RstSymbol[] {
  const root: RstSymbol[] = [];
  const stack: { level: number; sym: RstSymbol }[] = [];
  const sections = doc.sections;
  const extentEnd = (s: SectionBlock, i: number) => {
    for (let j = i + 1; j < sections.length; j++) if (sections[j].level <= s.level) return lastNonBlankBefore(doc, sections[j].start);
    return doc.text.trimEnd().length;
  };
  const sectionIndex = new Map(sections.map((s, i) => [s, i]));
  const place = (sym: RstSymbol) => (stack.length ? stack[stack.length - 1].sym.children : root).push(sym);
  walkBlocks(doc.blocks, (b: Block) => {
    if (b.kind === 'section') {
      while (stack.length && stack[stack.length - 1].level >= b.level) stack.pop();
      const sym: RstSymbol = { name: b.title, kind: 'section', range: { start: b.start, end: Math.max(b.end, extentEnd(b, sectionIndex.get(b)!)) }, selection: b.titleSpan, children: [] };
      place(sym);
      stack.push({ level: b.level, sym });
    } else if (b.kind === 'directive' && DIAGRAMS.has(b.name)) {
      const caption = b.options.find((o) => o.name === 'caption')?.value;
      const name = b.options.find((o) => o.name === 'name')?.value;
      const graph = b.name === 'graphviz' ? /^\s*(?:strict\s+)?(?:di)?graph\s+("[^"]*"|[\w.]+)/i.exec(b.content ? doc.text.slice(b.content.start, b.content.end) : '')?.[1] : b.argument;
      const diagram = clusters ? directiveDiagram(doc, b) : undefined;
      place({ name: caption || name || graph || b.argument || b.name, kind: 'diagram', detail: b.name, range: { start: b.start, end: b.end }, selection: b.nameSpan, children: diagram ? dotClusterSymbols(diagram) : [] });
    } else if (b.kind === 'target' && !b.anonymous) {
      place({ name: b.name, kind: 'target', detail: b.uri, range: { start: b.start, end: b.end }, selection: b.nameSpan, children: [] });
    }
  });
  return root;
}

function lastNonBlankBefore(doc: RstDocument, offset: number): number {
  let e = offset;
  while (e > 0 && /\s/.test(doc.text[e - 1])) e--;
  return e;
}

export interface WorkspaceSymbol {
  name: string;
  kind: 'section' | 'label';
  location: Location;
  container?: string;
}

/** Ctrl+T: section titles and labels of every file, filtered by a fuzzy (in-order characters) query. */
export function workspaceSymbols(ctx: FeatureContext, query: string, limit = 500): WorkspaceSymbol[] {
  const q = query.toLowerCase().replace(/\s+/g, '');
  const matches = (s: string) => {
    let i = 0;
    const t = s.toLowerCase();
    for (const ch of t) if (ch === q[i]) i++;
    return i >= q.length;
  };
  const out: WorkspaceSymbol[] = [];
  for (const f of ctx.index.all()) {
    const container = safeDecode(baseName(f.uri));
    for (const s of f.doc.sections) if (matches(s.title)) out.push({ name: s.title, kind: 'section', location: { uri: f.uri, ...s.titleSpan }, container });
    for (const l of f.labels) if (matches(l.name)) out.push({ name: l.name, kind: 'label', location: { uri: f.uri, ...l.span }, container });
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}
