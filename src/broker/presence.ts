/**
 * Who is online: each user's live connections (on every gate), each with an expiry its gate
 * renews, and whether the user was announced online. A gate that dies stops renewing, and its
 * connections lapse. Announcing is the caller's: `add` and `settle` only say when to.
 */
export interface PresenceTracker {
  /** Registers a live connection; true when the user had no live connection and was not announced online. */
  add(userId: string, connId: string, ttlMs: number, now: number): Promise<boolean>;

  /** Forgets a live connection. */
  remove(userId: string, connId: string): Promise<void>;

  /** After the grace period: true (and records lastSeen) when the user has no live connection but was announced online. */
  settle(userId: string, now: number): Promise<boolean>;

  /** Online state and last-seen time of each user, in order. */
  get(userIds: readonly string[], now: number): Promise<PresenceState[]>;

  /** Ids of the user's live connections (as given to add). */
  connections(userId: string, now: number): Promise<string[]>;
}

export interface PresenceState {
  online: boolean;
  lastSeen: number | null;
}
