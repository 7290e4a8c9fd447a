/**
 * A small cache of authorization facts for the send hot path (friendship + blocks of a pair, the
 * member list of a group). An entry is trusted for `freshMs`; after that it is reloaded, and if the
 * reload fails because Postgres is down, an entry up to `staleMs` old is used instead, so a short
 * Postgres outage does not stop conversations that were active. Changes made on this gate (block,
 * unfriend, membership) drop the affected entries at once; other gates see them within `freshMs`.
 */
export class AuthzCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();

  constructor(
    private readonly freshMs: number,
    private readonly staleMs: number,
    private readonly maxEntries = 50_000,
  ) {}

  async get(key: string, load: () => Promise<V>, now = Date.now()): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.freshMs) return hit.value;
    try {
      const value = await load();
      this.set(key, value, now);
      return value;
    } catch (err) {
      if (hit && now - hit.at < this.staleMs) return hit.value;
      throw err;
    }
  }

  private set(key: string, value: V, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: now });
    if (this.entries.size > this.maxEntries) {
      // Maps iterate in insertion order: the first key is the least recently loaded.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** Forgets every entry whose key contains `part` (a user or group id). */
  invalidate(part: string): void {
    for (const k of this.entries.keys()) if (k.includes(part)) this.entries.delete(k);
  }

  clear(): void {
    this.entries.clear();
  }
}
