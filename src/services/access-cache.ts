/** How long a caller waits for a reload when a stale entry could answer instead. */
const STALE_WAIT_MS = 200;
const LATE = Symbol('late');

/**
 * A small cache of authorization facts for the send hot path (friendship + blocks of a pair, the
 * member list of a group). An entry is trusted for `freshMs`; after that it is reloaded, and if the
 * reload fails or does not answer within 200 ms because Postgres is down (a pool waiting to
 * reconnect holds a query for seconds rather than failing it), an entry up to `staleMs` old is used
 * instead while the reload goes on, also by everyone who asks meanwhile: a Postgres outage neither
 * stops nor slows conversations that were active. One reload per key at a time. Changes made on
 * this gate (block, unfriend, membership) drop the affected entries at once; other gates see them
 * within `freshMs`.
 */
export class AccessCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();
  private readonly loading = new Map<string, Promise<V>>();

  constructor(
    private readonly freshMs: number,
    private readonly staleMs: number,
    private readonly maxEntries = 50_000,
  ) {}

  async get(key: string, load: () => Promise<V>, now = Date.now()): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.freshMs) return hit.value;
    const usable = hit !== undefined && now - hit.at < this.staleMs;
    // Someone already waits on a reload of this key (or gave up on it): answer from the entry.
    if (usable && this.loading.has(key)) return hit.value;
    const reload = this.reload(key, load, now);
    if (!usable) return reload;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof LATE>((r) => (timer = setTimeout(() => r(LATE), STALE_WAIT_MS)));
    try {
      const v = await Promise.race([reload, late]);
      return v === LATE ? hit.value : v;
    } catch {
      return hit.value;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The reload of `key` in flight, or a new one; its result is kept unless the key was invalidated meanwhile. */
  private reload(key: string, load: () => Promise<V>, now: number): Promise<V> {
    const running = this.loading.get(key);
    if (running) return running;
    const p: Promise<V> = load()
      .then((value) => {
        if (this.loading.get(key) === p) this.set(key, value, now);
        return value;
      })
      .finally(() => {
        if (this.loading.get(key) === p) this.loading.delete(key);
      });
    p.catch(() => {}); // a caller answered from the stale entry does not await it
    this.loading.set(key, p);
    return p;
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

  /** Forgets every entry (facts may have changed unseen). */
  invalidateAll(): void {
    this.entries.clear();
    this.loading.clear();
  }

  /** Forgets every entry whose key contains `part` (a user or group id). */
  invalidate(part: string): void {
    for (const k of this.entries.keys()) if (k.includes(part)) this.entries.delete(k);
    for (const k of this.loading.keys()) if (k.includes(part)) this.loading.delete(k);
  }
}
