/**
 * Patches the live DOM towards freshly rendered HTML instead of replacing it, so scroll position, focus,
 * selection and unchanged diagrams stay as they are.
 *
 * Children are aligned by content, not by position: two elements with the same tag, class and text are
 * the same block even when their `data-line` moved (text was added above), and are only patched. Inserted
 * and removed blocks are found by looking a little ahead on both sides; an edited block is patched in place
 * when it is of the same kind, replaced otherwise. A diagram is identified by the key of its drawing.
 */

export interface MorphHooks {
  /** True to leave an element's children alone (a diagram whose drawing did not change). */
  keepChildren(current: Element, next: Element): boolean;
  /** Attributes set on the page at run time that the new HTML does not carry (kept). */
  keepAttribute(current: Element, name: string): boolean;
}

const LOOKAHEAD = 32;

/** Makes `current`'s children match `next`'s. `next`'s nodes are moved into `current` where they are new. */
export function morphChildren(current: Node, next: Node, hooks: MorphHooks): void {
  const keys = new Map<Node, string>();
  const key = (n: Node) => {
    let k = keys.get(n);
    if (k === undefined) {
      k = contentKey(n);
      keys.set(n, k);
    }
    return k;
  };
  const incoming = Array.from(next.childNodes);
  let cursor: ChildNode | null = current.firstChild;
  for (let i = 0; i < incoming.length; i++) {
    const n = incoming[i];
    if (!cursor) {
      current.appendChild(n);
      continue;
    }
    if (cursor.isEqualNode(n)) {
      cursor = cursor.nextSibling;
      continue;
    }
    if (key(cursor) === key(n)) {
      morphNode(cursor, n, hooks);
      cursor = cursor.nextSibling;
      continue;
    }
    const cursorNeededLater = appearsLater(incoming, i + 1, key(cursor), key);
    // Removed blocks: a later current node is this one, and the current one is not needed further on.
    const match = cursorNeededLater ? undefined : findAhead(cursor, key(n), key);
    if (match) {
      while (cursor && cursor !== match) {
        const gone: ChildNode = cursor;
        cursor = cursor.nextSibling;
        gone.remove();
      }
      morphNode(match, n, hooks);
      cursor = match.nextSibling;
      continue;
    }
    // An inserted block: the current node comes later in the new content.
    if (cursorNeededLater) {
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

/**
 * What a node says, independent of where it is: text for text, tag + class + text for elements, and for a
 * diagram the key of its drawing and its caption (its SVG text is not part of the new, empty container).
 */
function contentKey(n: Node): string {
  if (n.nodeType === 3) return `#text ${n.nodeValue}`;
  if (n.nodeType !== 1) return `#${n.nodeType}`;
  const el = n as Element;
  if (el.classList.contains('hg-diagram-svg')) return `drawing ${el.getAttribute('data-key')}`;
  if (el.classList.contains('hg-diagram')) {
    const drawing = el.querySelector('.hg-diagram-svg')?.getAttribute('data-key') ?? '';
    const words = [...el.querySelectorAll('figcaption, .hg-diagram-message, .hg-diagram-placeholder')].map((x) => x.textContent).join('|');
    return `figure ${el.getAttribute('class')} ${drawing} ${words}`;
  }
  if (el.querySelector('.hg-diagram')) return `${el.tagName} ${el.getAttribute('class') ?? ''} (with diagrams)`;
  return `${el.tagName} ${el.getAttribute('class') ?? ''} ${el.textContent}`;
}

function findAhead(from: ChildNode, k: string, key: (n: Node) => string): ChildNode | undefined {
  let c = from.nextSibling;
  for (let i = 0; c && i < LOOKAHEAD; i++, c = c.nextSibling) if (key(c) === k) return c;
  return undefined;
}

function appearsLater(incoming: Node[], from: number, k: string, key: (n: Node) => string): boolean {
  for (let i = from; i < incoming.length && i < from + LOOKAHEAD; i++) if (key(incoming[i]) === k) return true;
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
