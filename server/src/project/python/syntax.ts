import type { SyntaxNode } from '@lezer/common';

/**
 * Small helpers over the `@lezer/python` tree.
 */

// ---------------------------------------------------------------------------------------------------
// Tree helpers

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

/** Splits nodes at top-level commas. */
export function splitItems(nodes: readonly SyntaxNode[]): { items: SyntaxNode[][]; comma: boolean } {
  const items: SyntaxNode[][] = [];
  let cur: SyntaxNode[] = [];
  let comma = false;
  for (const n of nodes) {
    if (n.name === ',') {
      comma = true;
      items.push(cur);
      cur = [];
    } else cur.push(n);
  }
  if (cur.length) items.push(cur);
  return { items: items.filter((i) => i.length > 0), comma };
}

/** The nodes between an opening and a closing bracket token. */
export function inner(node: SyntaxNode): SyntaxNode[] {
  const k = children(node);
  if (k.length && ['(', '[', '{'].includes(k[0].name)) k.shift();
  if (k.length && [')', ']', '}'].includes(k[k.length - 1].name)) k.pop();
  return k;
}

export const hasError = (nodes: readonly SyntaxNode[]) => nodes.some((n) => n.type.isError);
