import type { MemoryLife } from './memory-life.js';
import type { PresenceState, PresenceTracker } from './presence.js';

interface Presence {
  /** Live connections and the time (caller's clock) at which each lapses unless renewed. */
  conns: Map<string, number>;
  /** The user was announced online and not yet announced offline. */
  announced: boolean;
  lastSeen: number | null;
}

/** How often lapsed connections are dropped. */
const SWEEP_MS = 60_000;
/** Lapsed connections are kept this long past their expiry, as the Redis presence key's TTL does. */
const LAPSED_KEEP_MS = 60_000;

/** Presence in this process's memory. Implements PresenceTracker. */
export class MemoryPresence implements PresenceTracker {
  private readonly presence = new Map<string, Presence>();

  constructor(private readonly life: MemoryLife) {
    const sweeper = setInterval(() => this.sweep(Date.now()), SWEEP_MS);
    sweeper.unref();
    life.onClose(() => clearInterval(sweeper));
  }

  private of(userId: string): Presence {
    let p = this.presence.get(userId);
    if (!p) {
      p = { conns: new Map(), announced: false, lastSeen: null };
      this.presence.set(userId, p);
    }
    return p;
  }

  async add(userId: string, connId: string, ttlMs: number, now: number): Promise<boolean> {
    this.life.check();
    const p = this.of(userId);
    for (const [id, expiry] of p.conns) if (expiry <= now) p.conns.delete(id);
    p.conns.set(connId, now + ttlMs);
    if (p.announced) return false;
    p.announced = true;
    return true;
  }

  async remove(userId: string, connId: string): Promise<void> {
    this.life.check();
    this.presence.get(userId)?.conns.delete(connId);
  }

  async settle(userId: string, now: number): Promise<boolean> {
    this.life.check();
    const p = this.presence.get(userId);
    if (!p) return false;
    for (const [id, expiry] of p.conns) if (expiry <= now) p.conns.delete(id);
    if (p.conns.size > 0 || !p.announced) return false;
    p.announced = false;
    p.lastSeen = now;
    return true;
  }

  async get(userIds: readonly string[], now: number): Promise<PresenceState[]> {
    this.life.check();
    return userIds.map((u) => {
      const p = this.presence.get(u);
      const online = !!p && [...p.conns.values()].some((expiry) => expiry > now);
      return { online, lastSeen: p?.lastSeen ?? null };
    });
  }

  async connections(userId: string, now: number): Promise<string[]> {
    this.life.check();
    const p = this.presence.get(userId);
    return p ? [...p.conns].filter(([, expiry]) => expiry > now).map(([id]) => id) : [];
  }

  /** Drops what has lapsed, so memory stays bounded by what is live. */
  private sweep(now: number): void {
    for (const [u, p] of this.presence) {
      for (const [id, expiry] of p.conns) if (expiry + LAPSED_KEEP_MS <= now) p.conns.delete(id);
      if (p.conns.size === 0 && !p.announced && p.lastSeen === null) this.presence.delete(u);
    }
  }
}
