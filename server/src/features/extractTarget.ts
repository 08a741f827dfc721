/**
 * "Extract to hyperlink target", as Markdown's "Extract to link definition": with the cursor on
 * `` `Pacemaker <https://clusterlabs.org>`_ ``, the reference becomes `` `Pacemaker`_ `` and the document ends
 * with `.. _Pacemaker: https://clusterlabs.org`. Every other reference of the document with the same text
 * and URI becomes `` `Pacemaker`_ `` too. A target of that name already there with the same URI is used as it
 * is; with another URI (or an alias) there is no action, since the name would then point to two places.
 * Pure; one edit, undoable as one step.
 */
import type { Block, ReferenceInline } from '../rst/types';
import { flatten } from '../rst/walk';
import type { CodeAction, FeatureContext } from './types';

/** The action for the embedded-URI reference under `range`, if there is one to extract. */
export function extractTargetActions(ctx: FeatureContext, uri: string, range: { start: number; end: number }): CodeAction[] {
  const file = ctx.index.get(uri);
  if (!file) return [];
  const text = file.text;
  const { blocks, inlines } = flatten(file.doc);
  const at = inlines.find((i): i is ReferenceInline => i.kind === 'reference' && i.start <= range.start && range.end <= i.end);
  const parts = at && extractable(text, at);
  if (!at || !parts) return [];
  const name = at.targetName!;
  let defined = false;
  for (const b of blocks) {
    if (b.kind !== 'target' || b.anonymous || b.refname !== name) continue;
    if (b.uri !== at.uri || b.indirect !== undefined) return [];
    defined = true;
  }
  const edits: { start: number; end: number; newText: string }[] = [];
  for (const i of inlines) {
    if (i.kind !== 'reference' || i.targetName !== name) continue;
    if (i.uri !== at.uri) return []; // the same name for an alias or another URI
    const same = extractable(text, i);
    if (same) edits.push({ start: i.start, end: i.end, newText: `\`${same.label}\`_` });
  }
  if (!defined) {
    const label = parts.label.replace(/\s+/g, ' ');
    const written = /[:`]|^_/.test(label) ? `\`${label}\`` : label;
    edits.push({ start: text.length, end: text.length, newText: `${separator(text, file.doc.blocks)}.. _${written}: ${parts.uri}\n` });
  }
  return [{ title: 'Extract to hyperlink target', kind: 'refactor.extract', fixes: -1, edit: { [uri]: edits } }];
}

/**
 * The text and the URI as written in `` `text <uri>`_ ``, when the reference is one to extract: named (`_`,
 * not `__`), with an embedded URI, a text of its own (`` `<uri>`_ `` is named after its URI) and no backquote
 * in it.
 */
function extractable(text: string, r: ReferenceInline): { label: string; uri: string } | undefined {
  if (!r.embedded || r.anonymous || r.uri === undefined || r.targetName === undefined) return undefined;
  const source = text.slice(r.start, r.end);
  if (!source.startsWith('`') || !source.endsWith('>`_')) return undefined;
  // The URI's `<`: the last one not escaped (docutils allows no other inside it).
  let lt = source.length - 3;
  while (lt > 0 && !(source[lt] === '<' && source[lt - 1] !== '\\')) lt--;
  const label = source.slice(1, lt).trimEnd();
  if (!label || label.includes('`')) return undefined;
  return { label, uri: source.slice(lt + 1, source.length - 3).replace(/\s+/g, '') };
}

/** What goes before the new target at the end of the document: a blank line, unless it ends with targets. */
function separator(text: string, top: readonly Block[]): string {
  const afterTargets = top[top.length - 1]?.kind === 'target';
  if (text.endsWith('\n\n') || text === '') return '';
  if (text.endsWith('\n')) return afterTargets ? '' : '\n';
  return afterTargets ? '\n' : '\n\n';
}
