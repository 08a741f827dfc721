/**
 * Patches the live DOM towards freshly rendered HTML instead of replacing it, so scroll position, focus,
 * selection and unchanged diagrams stay as they are. Nodes equal to their new version are kept; inserted
 * and removed blocks are found by looking a little ahead; other nodes of the same kind are updated in place
 * (attributes, then children).
 */

export interface MorphHooks {
  /** True to leave an element's children alone (a diagram whose drawing did not change). */
  keepChildren(current: Element, next: Element): boolean;
  /** Attributes set on the page at run time that the new HTML does not carry (kept). */
  keepAttribute(current: Element, name: string): boolean;
}

const LOOKAHEAD = 24;

/** Makes `current`'s children match `next`'s. `next`'s nodes are moved into `current` where they are new. */
export function morphChildren(current: Node, next: Node, hooks: MorphHooks): void {
  const incoming = Array.from(next.childNodes);
  let cursor: ChildNode | null = current.firstChild;
  for (let k = 0; k < incoming.length; k++) {
    const n = incoming[k];
    if (!cursor) {
      current.appendChild(n);
      continue;
    }
    if (cursor.isEqualNode(n)) {
      cursor = cursor.nextSibling;
      continue;
    }
    // Removed nodes: a later current node equals the incoming one.
    const match = findAhead(cursor, n);
    if (match) {
      while (cursor && cursor !== match) {
        const gone: ChildNode = cursor;
        cursor = cursor.nextSibling;
        gone.remove();
      }
      cursor = match.nextSibling;
      continue;
    }
    // Inserted nodes: the current node equals a later incoming one.
    if (appearsLater(incoming, k + 1, cursor)) {
      current.insertBefore(n, cursor);
      continue;
    }
    if (sameKind(cursor, n)) {
      morphNode(cursor, n, hooks);
      cursor = cursor.nextSibling;
      continue;
    }
    const replaced: ChildNode = cursor;
    cursor = cursor.nextSibling;
    current.insertBefore(n, replaced);
    replaced.remove();
  }
  while (cursor) {
    const gone: ChildNode = cursor;
    cursor = cursor.nextSibling;
    gone.remove();
  }
}

function findAhead(from: ChildNode, n: Node): ChildNode | undefined {
  let c = from.nextSibling;
  for (let i = 0; c && i < LOOKAHEAD; i++, c = c.nextSibling) if (c.isEqualNode(n)) return c;
  return undefined;
}

function appearsLater(incoming: Node[], from: number, node: Node): boolean {
  for (let i = from; i < incoming.length && i < from + LOOKAHEAD; i++) if (incoming[i].isEqualNode(node)) return true;
  return false;
}

/** Same node type, same tag, same first class (a paragraph is not patched into a diagram). */
function sameKind(a: Node, b: Node): boolean {
  if (a.nodeType !== b.nodeType) return false;
  if (a.nodeType !== 1) return true;
  const x = a as Element;
  const y = b as Element;
  return x.tagName === y.tagName && (x.classList[0] ?? '') === (y.classList[0] ?? '');
}

function morphNode(current: Node, next: Node, hooks: MorphHooks): void {
  if (current.nodeType !== 1) {
    if (current.nodeValue !== next.nodeValue) current.nodeValue = next.nodeValue;
    return;
  }
  const el = current as Element;
  const to = next as Element;
  for (const a of Array.from(el.attributes)) {
    if (!to.hasAttribute(a.name) && !hooks.keepAttribute(el, a.name)) el.removeAttribute(a.name);
  }
  for (const a of Array.from(to.attributes)) {
    if (el.getAttribute(a.name) !== a.value) el.setAttribute(a.name, a.value);
  }
  if (hooks.keepChildren(el, to)) return;
  morphChildren(el, to, hooks);
}
