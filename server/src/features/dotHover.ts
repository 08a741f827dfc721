import type { HoverResult } from './types';
import { ATTRIBUTE_VALUES, ENUM_TYPES } from '../dot/attributeData';
import { attributeFact, contextLabel, usedByLabel, type AttributeFact } from '../dot/catalog';
import { assignmentAt, definitionsOfNode, fromHost, hostSpan, mentionAt, type DotDiagram } from '../dot/model';

const GRAPHVIZ_SITE = 'https://graphviz.org';

/**
 * What the Graphviz documentation says about an attribute, as Markdown: its description, types, default,
 * what it applies to, the engines it is for, and a link to its page. The facts come from the Graphviz
 * website source (EPL-1.0), so the text says where it is from and under which licence.
 */
export function attributeMarkdown(fact: AttributeFact): string {
  const description = fact.description
    .replace(/<\/?code>/g, '')
    .replace(/\]\((\/[^)]*)\)/g, (_m, path: string) => `](${GRAPHVIZ_SITE}${path})`);
  const facts = [
    `Type: ${fact.types.map((t) => '`' + t + '`').join(' or ')}`,
    fact.default !== undefined ? `Default: \`${fact.default.replace(/`/g, "'")}\`` : undefined,
    `Applies to: ${usedByLabel(fact)}`,
    fact.engines?.length ? `Engines: ${fact.engines.join(', ')}` : undefined,
  ].filter((x) => x !== undefined);
  const source = description
    ? `[Graphviz documentation](${GRAPHVIZ_SITE}/docs/attrs/${encodeURIComponent(fact.name)}/) (EPL-1.0)`
    : 'Graphviz attribute (not in the documentation this catalog was taken from)';
  return [`**${fact.name}**${description ? ` — ${description}` : ''}`, facts.join(' · '), source].join('\n\n');
}

/** The values an attribute documents as a closed set, when it has one. */
function enumeration(fact: AttributeFact): string[] | undefined {
  const values = ATTRIBUTE_VALUES[fact.name] ?? fact.types.flatMap((t) => (t === 'bool' ? [] : (ENUM_TYPES[t] ?? [])));
  const list = values.filter((v) => v !== '');
  return list.length ? list : undefined;
}

/**
 * Hover inside a diagram: an attribute name shows its documentation; a value shows its attribute and,
 * for an enumerated attribute, the valid values; a node ID shows where it is declared and how often used.
 */
export function hoverDot(diagram: DotDiagram, hostOffset: number): HoverResult | undefined {
  const { source, model } = diagram;
  const offset = fromHost(source, hostOffset);
  const a = assignmentAt(model, offset);
  if (a) {
    const fact = attributeFact(a.assignment.name);
    if (!fact) return undefined;
    if (a.part === 'name') {
      return { ...hostSpan(source, a.assignment.nameSpan), contents: `${attributeMarkdown(fact)}\n\nSet here on ${contextLabel(a.assignment.context)}.` };
    }
    const values = enumeration(fact);
    const line = `\`${fact.name}\` = \`${(a.assignment.value ?? '').replace(/`/g, "'")}\`${values ? ` (one of ${values.map((v) => '`' + v + '`').join(', ')})` : ''}`;
    return { ...hostSpan(source, a.assignment.valueSpan!), contents: `${line}\n\n${attributeMarkdown(fact)}` };
  }
  const m = mentionAt(model, offset);
  if (m) {
    const uses = model.byKey.get(m.key)?.length ?? 1;
    const def = definitionsOfNode(model, m.key)[0];
    const where = def ? `, ${def.explicit ? 'declared' : 'first used'} on line ${source.hostLine(source.toHost(def.start)) + 1}` : '';
    return { ...hostSpan(source, m), contents: `Node \`${m.key.replace(/`/g, "'")}\`${where}; ${uses} ${uses === 1 ? 'mention' : 'mentions'} in this diagram` };
  }
  return undefined;
}
