/**
 * Facts that later passes derive from a parsed tree (its flat lists, its name table, its diagrams), computed
 * on first use and kept on the tree itself, so that they live and die with it.
 *
 * Not a `WeakMap` keyed by the tree: V8's young-generation collector treats the values of a `WeakMap` as
 * live until the next full collection, so every tree that went through such a cache was copied by each
 * minor collection and promoted to the old generation, keystroke after keystroke. Typing 3,000 keystrokes
 * into nova's admin/scheduling.rst spent 0.9-1.0 s of 4.8 s in the collector with 20 full collections; with
 * the facts on the tree, 0.17-0.19 s of 2.9-3.4 s and none.
 *
 * The facts hang off a non-enumerable symbol property, so a tree still compares, serialises and clones as
 * it did (`assert.deepStrictEqual`, `JSON.stringify`, `structuredClone` skip it).
 */

/** Names one kind of fact; `T` is the type of its value. */
export interface DerivedKey<T> {
  readonly name: string;
  /** Carries `T` for the type checker only. */
  readonly __type?: T;
}

export function derivedKey<T>(name: string): DerivedKey<T> {
  return { name };
}

const FACTS = Symbol('derived facts');

type Holder = { [FACTS]?: Map<DerivedKey<unknown>, unknown> };

/**
 * Gives a new tree its (empty) place for facts, so that every tree the parser makes has the same shape from
 * the start: one added later would give trees two shapes, and every read of `doc.blocks` two cases.
 */
export function withDerivedSlot<T extends object>(tree: T): T {
  Object.defineProperty(tree, FACTS, { value: undefined, writable: true });
  return tree;
}

/**
 * The fact `key` of `tree`: computed by `compute` on first use, then kept with the tree. A tree that cannot
 * take a property (frozen) gets it computed each time.
 */
export function derived<T>(tree: object, key: DerivedKey<T>, compute: () => T): T {
  let facts = (tree as Holder)[FACTS];
  if (facts === undefined) {
    if (!Object.hasOwn(tree, FACTS) && !Object.isExtensible(tree)) return compute();
    facts = new Map();
    Object.defineProperty(tree, FACTS, { value: facts, writable: true });
  }
  if (facts.has(key)) return facts.get(key) as T;
  const value = compute();
  facts.set(key, value);
  return value;
}
