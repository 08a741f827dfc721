/**
 * "Organize hyperlink targets", as Markdown's "Organize link definitions" (the same code action kind,
 * `source.organizeLinkDefinitions`, so `editor.codeActionsOnSave` can run it on save): the document's external
 * hyperlink targets (`.. _name: https://...`) move to its end, sorted by name, and those no reference uses
 * (`rst.unused-target`) are removed.
 *
 * Only what can move without changing the document's meaning moves: targets at the document's top level (not in
 * a list, a block quote or a directive), named, with a URI. An external target is found by name wherever it
 * stands, but not one that an internal target just before it chains to (`.. _alias:` followed by
 * `.. _name: uri` makes `alias` point to the URI too): that pair stays where it is. Pure; one edit.
 */
import type { Block, TargetBlock } from '../rst/types';
import type { CodeAction, FeatureContext } from './types';

export const ORGANIZE_TARGETS_KIND = 'source.organizeLinkDefinitions';

/** The targets that may move: top-level, named, with a URI, not chained to by an internal target before them. */
function movable(blocks: readonly Block[]): TargetBlock[] {
  const out: TargetBlock[] = [];
  blocks.forEach((b, i) => {
    if (b.kind !== 'target' || b.anonymous || b.uri === undefined || b.indirect !== undefined || !b.refname) return;
    const before = blocks[i - 1];
    if (before?.kind === 'target' && before.uri === undefined && before.indirect === undefined) return;
    out.push(b);
  });
  return out;
}

/**
 * The action for the whole document, when organizing changes it. `unused` holds the start offsets of the
 * targets judged unused (`rst.unused-target`), which are removed rather than moved.
 */
export function organizeTargetsAction(ctx: FeatureContext, uri: string, unused: ReadonlySet<number>): CodeAction | undefined {
  const file = ctx.index.get(uri);
  if (!file) return undefined;
  const { text, doc } = file;
  const targets = movable(doc.blocks);
  if (!targets.length) return undefined;
  const lines = doc.lines;
  const isBlank = (n: number) => n >= 0 && n < lines.length && lines.textStart[n] >= lines.end[n];
  // The lines each target takes (its URI may go on over indented lines), merged where they touch.
  const ranges: { first: number; last: number }[] = [];
  /** A target's last line with text (its URI may go on over indented lines). */
  const lastTextLine = (t: TargetBlock) => {
    let last = t.endLine;
    while (last > t.line && isBlank(last)) last--;
    return last;
  };
  for (const t of targets) {
    const last = lastTextLine(t);
    const prev = ranges[ranges.length - 1];
    if (prev && prev.last + 1 === t.line) prev.last = last;
    else ranges.push({ first: t.line, last });
  }
  // What stays: the text without those lines; a gap left between two blank lines loses one of them.
  let kept = '';
  let from = 0;
  for (const r of ranges) {
    let to = r.last + 1 < lines.length ? lines.start[r.last + 1] : text.length;
    if ((r.first === 0 || isBlank(r.first - 1)) && isBlank(r.last + 1)) to = r.last + 2 < lines.length ? lines.start[r.last + 2] : text.length;
    kept += text.slice(from, lines.start[r.first]);
    from = to;
  }
  kept += text.slice(from);
  const sorted = targets
    .filter((t) => !unused.has(t.start))
    .map((t) => ({ key: t.refname, source: text.slice(t.start, lines.end[lastTextLine(t)]) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = kept.replace(/\s+$/, '');
  const tail = sorted.map((t) => t.source).join(eol);
  const organized = tail ? (body ? `${body}${eol}${eol}${tail}${eol}` : `${tail}${eol}`) : body ? `${body}${eol}` : '';
  if (organized === text) return undefined;
  // One edit, from the first character that changes to the last.
  let start = 0;
  while (start < text.length && start < organized.length && text.charCodeAt(start) === organized.charCodeAt(start)) start++;
  let endOld = text.length;
  let endNew = organized.length;
  while (endOld > start && endNew > start && text.charCodeAt(endOld - 1) === organized.charCodeAt(endNew - 1)) {
    endOld--;
    endNew--;
  }
  return { title: 'Organize hyperlink targets', kind: ORGANIZE_TARGETS_KIND, fixes: -1, edit: { [uri]: [{ start, end: endOld, newText: organized.slice(start, endNew) }] } };
}
