/**
 * A map of cached results (parses) that keeps, for each file a result read (a `csv-table :file:`), the keys of
 * the results that read it: a change to that file finds its results directly instead of looking at every one.
 * The index follows the entries: a key set again or deleted leaves no key under the files its old entry read.
 */
export class ReadersCache<E extends { files?: readonly string[] }> {
  private readonly entries = new Map<string, E>();
  /** File URI -> the keys of the entries that read it. */
  private readonly readers = new Map<string, Set<string>>();

  get size(): number {
    return this.entries.size;
  }

  get(key: string): E | undefined {
    return this.entries.get(key);
  }

  set(key: string, entry: E): void {
    this.delete(key);
    this.entries.set(key, entry);
    for (const file of entry.files ?? []) {
      let keys = this.readers.get(file);
      if (!keys) this.readers.set(file, (keys = new Set()));
      keys.add(key);
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const file of entry.files ?? []) {
      const keys = this.readers.get(file);
      if (!keys) continue;
      keys.delete(key);
      if (!keys.size) this.readers.delete(file);
    }
  }

  clear(): void {
    this.entries.clear();
    this.readers.clear();
  }

  /** Drops the entries that read the file; without a file, every entry that read any. */
  dropReaders(file?: string): void {
    const keys = file === undefined ? [...this.readers.values()].flatMap((k) => [...k]) : [...(this.readers.get(file) ?? [])];
    for (const key of keys) this.delete(key);
  }

  /** How many files have readers kept (for tests: it stays as small as the entries' files). */
  get readFiles(): number {
    return this.readers.size;
  }
}
