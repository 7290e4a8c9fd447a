/**
 * Remembers recent keys, oldest forgotten first. Used to drop
 * messages the client already holds — by `(conversationId, seq)` — and durable events already
 * processed — by cursor — when a resume or a transport switch replays them.
 */
export class RecentSet {
  /** Keys added since the last turnover, and those of the generation before. */
  private current = new Set<string>();
  private previous = new Set<string>();
  private readonly generation: number;

  /**
   * Remembers at least `capacity` keys and at most twice that: two generations of `capacity` keys
   * each, the older dropped whole when the newer is full (constant time per add, where evicting one
   * key at a time from the front of a Set walks over the holes deletions leave there).
   */
  constructor(capacity = 10_000) {
    this.generation = Math.max(1, capacity);
  }

  has(key: string): boolean {
    return this.current.has(key) || this.previous.has(key);
  }

  /** Adds `key`; returns false when it was already there. */
  add(key: string): boolean {
    if (this.has(key)) return false;
    if (this.current.size >= this.generation) {
      this.previous = this.current;
      this.current = new Set();
    }
    this.current.add(key);
    return true;
  }

  clear(): void {
    this.current.clear();
    this.previous.clear();
  }
}

/** The dedup key of a message. */
export const messageKey = (conversationId: string, seq: number) => `${conversationId}#${seq}`;
