/**
 * Remembers the most recent `capacity` keys (insertion order, oldest forgotten first). Used to drop
 * messages the client already holds — by `(conversationId, seq)` — and durable events already
 * processed — by cursor — when a resume or a transport switch replays them.
 */
export class RecentSet {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Adds `key`; returns false when it was already there. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.values().next();
      if (!oldest.done) this.keys.delete(oldest.value);
    }
    return true;
  }

  clear(): void {
    this.keys.clear();
  }
}

/** The dedup key of a message. */
export const messageKey = (conversationId: string, seq: number) => `${conversationId}#${seq}`;
