/**
 * A map that keeps the most recently used entries: `get` marks an entry as used, `set` adds one and drops
 * the least recently used ones while there are more than `capacity` entries, or, with a `weight`, while the
 * weights add up to more than `maxWeight` (the entry just set stays, however heavy).
 */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();
  private total = 0;

  constructor(
    private readonly capacity: number,
    private readonly weight?: (key: K, value: V) => number,
    private readonly maxWeight = Infinity,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** The value of `key`, now the most recently used entry. */
  get(key: K): V | undefined {
    if (!this.map.has(key)) return undefined;
    const v = this.map.get(key) as V;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  /** The value of `key` without marking it as used. */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): this {
    this.delete(key);
    this.map.set(key, value);
    if (this.weight) this.total += this.weight(key, value);
    for (const [k, v] of this.map) {
      if (this.map.size <= this.capacity && this.total <= this.maxWeight) break;
      if (k === key && this.map.size <= this.capacity) continue; // the newest entry stays when it alone is too heavy
      this.map.delete(k);
      if (this.weight) this.total -= this.weight(k, v);
    }
    return this;
  }

  delete(key: K): boolean {
    if (!this.map.has(key)) return false;
    if (this.weight) this.total -= this.weight(key, this.map.get(key) as V);
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }

  keys(): IterableIterator<K> {
    return this.map.keys();
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }
}
