/**
 * Values read from the server and kept for a while: one read per key at a time, the
 * least recently read entry dropped first past `maxEntries`. A failed read is not kept.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  private readonly loading = new Map<string, Promise<V>>();

  constructor(
    private readonly load: (key: string) => Promise<V>,
    /** How long a value stays fresh; a function for values that keep for different times. */
    private readonly ttlMs: number | ((value: V) => number),
    private readonly maxEntries = 10_000,
  ) {}

  /** The value, from the cache while it is fresh. */
  get(key: string): Promise<V> {
    const cached = this.entries.get(key);
    if (cached && cached.until > Date.now()) return Promise.resolve(cached.value);
    return this.refresh(key);
  }

  /** Reads the value now (joining a read already under way). */
  refresh(key: string): Promise<V> {
    const pending = this.loading.get(key);
    if (pending) return pending;
    const read = this.read(key).finally(() => this.loading.delete(key));
    this.loading.set(key, read);
    return read;
  }

  private async read(key: string): Promise<V> {
    const value = await this.load(key);
    // Re-inserting keeps the map in least-recently-read order, so the oldest goes first.
    this.entries.delete(key);
    const ttl = typeof this.ttlMs === "number" ? this.ttlMs : this.ttlMs(value);
    this.entries.set(key, { value, until: Date.now() + ttl });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
