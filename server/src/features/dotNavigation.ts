import type { Highlight, Location, TextEdit, WorkspaceEdit } from './types';
import { assignmentAt, definitionsOfNode, fromHost, hostSpan, mentionAt, quoteId, writeId, type DotDiagram, type NodeMention } from '../dot/model';

/**
 * Go to definition, references and rename of node IDs within one diagram. A node's definition is its
 * node statement (`a [shape=box]`, `a;`), or its first appearance when it has none; `a`, `"a"` and
 * `"a" + ""` are the same node. Results are host offsets (the `.rst` or `.dot` file).
 */

function nodeAt(diagram: DotDiagram, hostOffset: number): NodeMention | undefined {
  return mentionAt(diagram.model, fromHost(diagram.source, hostOffset));
}

function location(diagram: DotDiagram, uri: string, m: NodeMention): Location {
  return { uri, ...hostSpan(diagram.source, m) };
}

/** The node statements of the node at the offset (or its first appearance); [] elsewhere in the diagram. */
export function dotDefinitions(diagram: DotDiagram, uri: string, hostOffset: number): Location[] {
  const m = nodeAt(diagram, hostOffset);
  return m ? definitionsOfNode(diagram.model, m.key).map((d) => location(diagram, uri, d)) : [];
}

/** Every mention of the node at the offset, in text order; without the definitions unless asked for. */
export function dotReferences(diagram: DotDiagram, uri: string, hostOffset: number, includeDeclaration: boolean): Location[] {
  const m = nodeAt(diagram, hostOffset);
  if (!m) return [];
  const defs = new Set(definitionsOfNode(diagram.model, m.key));
  return (diagram.model.byKey.get(m.key) ?? []).filter((x) => includeDeclaration || !defs.has(x)).map((x) => location(diagram, uri, x));
}

/** Every mention of the node at the offset, its node statements (or first appearance) as `write`; undefined off a node ID. */
export function dotHighlights(diagram: DotDiagram, hostOffset: number): Highlight[] | undefined {
  const m = nodeAt(diagram, hostOffset);
  if (!m) return undefined;
  const defs = new Set(definitionsOfNode(diagram.model, m.key));
  return (diagram.model.byKey.get(m.key) ?? []).map((x) => ({ ...hostSpan(diagram.source, x), kind: defs.has(x) ? 'write' : 'read' }));
}

export function dotPrepareRename(diagram: DotDiagram, hostOffset: number): { start: number; end: number; placeholder: string } | { error: string } | undefined {
  const offset = fromHost(diagram.source, hostOffset);
  const m = mentionAt(diagram.model, offset);
  if (m) return { ...hostSpan(diagram.source, m), placeholder: m.key };
  if (assignmentAt(diagram.model, offset)) return { error: 'Only node IDs can be renamed inside a diagram.' };
  return undefined;
}

/**
 * Renames a node everywhere in its diagram as one edit. A quoted mention stays quoted; a bare one stays
 * bare when the new name is a valid DOT ID and is quoted otherwise.
 */
export function dotRename(diagram: DotDiagram, uri: string, hostOffset: number, newName: string): { changes: WorkspaceEdit } | { error: string } | undefined {
  const m = nodeAt(diagram, hostOffset);
  if (!m) {
    const why = dotPrepareRename(diagram, hostOffset);
    return why && 'error' in why ? why : undefined;
  }
  if (newName === '') return { error: 'The new name is empty.' };
  if (/[\r\n]/.test(newName)) return { error: 'A node name cannot contain a line break here.' };
  if (newName !== m.key && diagram.model.byKey.has(newName)) {
    return { error: `A node named "${newName}" already exists in this diagram: renaming would merge the two nodes.` };
  }
  const edits: TextEdit[] = (diagram.model.byKey.get(m.key) ?? []).map((x) => ({
    ...hostSpan(diagram.source, x),
    newText: x.quoted ? quoteId(newName) : writeId(newName),
  }));
  return { changes: { [uri]: edits.sort((a, b) => a.start - b.start) } };
}
