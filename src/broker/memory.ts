import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { DurableEvent, EphemeralEvent } from '../events.js';
import {
  cursorPosition,
  sendInSteps,
  shardOf,
  type Broker,
  type EphemeralNotice,
  type KickNotice,
  type LogEntry,
  type LogRecord,
  type MessageSend,
  type Notice,
  type NoticeListener,
  type PresenceState,
  type ReadResult,
  type SendOutcome,
  type Sequenced,
  type Subscription,
} from './broker.js';
import { MemoryLogShard } from './memory-log.js';
import { MemoryInbox } from './memory-stream.js';
import { RateLimits } from './rate-limits.js';

export interface MemoryBrokerOptions {
  inboxMaxLen: number;
  inboxMaxAgeMs: number;
  dedupTtlSec: number;
  logShards: number;
}

interface Presence {
  /** Live connections and the time (caller's clock) at which each lapses unless renewed. */
  conns: Map<string, number>;
  /** The user was announced online and not yet announced offline. */
  announced: boolean;
  lastSeen: number | null;
}

/** How often expired dedup records, revocations and lapsed connections are dropped. */
const SWEEP_MS = 60_000;
/** Lapsed connections are kept this long past their expiry, as the Redis presence key's TTL does. */
const PRESENCE_GRACE_MS = 60_000;

/**
 * The broker of the embedded engine: everything in this process's memory, with the semantics of
 * RedisBroker. Each step runs synchronously inside one call, which makes it atomic exactly where a Lua
 * script is atomic in Redis. Everything is lost when the process ends; inboxes then come back with a
 * new epoch, so clients' old cursors read as expired. Implements Broker.
 */
export class MemoryBroker implements Broker {
  readonly kind = 'memory' as const;
  readonly logShards: number;
  private readonly inboxes = new Map<string, MemoryInbox>();
  private readonly listeners = new Map<string, Set<NoticeListener>>();
  private readonly counters = new Map<string, number>();
  /** Dedup records by conversation, device and clientMsgId: the first answer and when it expires (ms). */
  private readonly dedup = new Map<string, { seq: number; createdAt: number; expires: number }>();
  private readonly revoked = new Map<string, number>();
  private readonly presence = new Map<string, Presence>();
  private readonly log: MemoryLogShard[];
  private readonly limits = new RateLimits(
    (name, limit, windowSec) => new RateLimiterMemory({ keyPrefix: `rl:${name}`, points: limit, duration: windowSec }),
  );
  /** Notices not yet delivered; a listener that appends while being notified queues behind, keeping order. */
  private readonly outbox: Array<{ userId: string; notice: Notice }> = [];
  private delivering = false;
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly opts: MemoryBrokerOptions) {
    this.logShards = Math.max(1, opts.logShards);
    this.log = Array.from({ length: this.logShards }, () => new MemoryLogShard());
    this.sweeper = setInterval(() => this.sweep(Date.now()), SWEEP_MS);
    this.sweeper.unref();
  }

  private live(): void {
    if (this.closed) throw new Error('broker closed');
  }

  private inbox(userId: string): MemoryInbox {
    let box = this.inboxes.get(userId);
    if (!box) {
      box = new MemoryInbox(this.opts.inboxMaxLen, this.opts.inboxMaxAgeMs);
      this.inboxes.set(userId, box);
    }
    return box;
  }

  async append(event: DurableEvent, userIds: readonly string[]): Promise<string[]> {
    this.live();
    const json = JSON.stringify(event);
    const now = Date.now();
    return userIds.map((u) => {
      const cursor = this.inbox(u).append(json, now);
      if (this.listeners.has(u)) {
        this.notify(u, { kind: 'event', event: { ...(JSON.parse(json) as DurableEvent), cursor } });
      }
      return cursor;
    });
  }

  async read(userId: string, after: string | null, limit: number): Promise<ReadResult> {
    this.live();
    const pos = after === null ? null : cursorPosition(after);
    if (after !== null && !pos) throw new Error('malformed cursor');
    return this.inbox(userId).read(pos, limit);
  }

  async head(userId: string): Promise<string> {
    this.live();
    return this.inbox(userId).head;
  }

  async subscribe(userId: string, listener: NoticeListener): Promise<Subscription> {
    this.live();
    let set = this.listeners.get(userId);
    if (!set) {
      set = new Set();
      this.listeners.set(userId, set);
    }
    set.add(listener);
    return {
      unsubscribe: () => {
        const s = this.listeners.get(userId);
        if (s && s.delete(listener) && s.size === 0) this.listeners.delete(userId);
      },
    };
  }

  async publish(userIds: readonly string[], notice: EphemeralNotice | KickNotice): Promise<void> {
    this.live();
    const json = notice.kind === 'ephemeral' ? JSON.stringify(notice.event) : '';
    for (const u of userIds) {
      if (!this.listeners.has(u)) continue;
      this.notify(
        u,
        notice.kind === 'kick'
          ? { kind: 'kick', sessionId: notice.sessionId }
          : { kind: 'ephemeral', event: JSON.parse(json) as EphemeralEvent },
      );
    }
  }

  /** Delivers notices synchronously and in order; a throwing listener disturbs neither the caller nor other listeners. */
  private notify(userId: string, notice: Notice): void {
    this.outbox.push({ userId, notice });
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let next = this.outbox.shift(); next; next = this.outbox.shift()) {
        const set = this.listeners.get(next.userId);
        if (!set) continue;
        for (const l of [...set]) {
          if (!set.has(l)) continue;
          try {
            l(next.notice);
          } catch {
            // The transport owns its listener's failures; the append has happened regardless.
          }
        }
      }
    } finally {
      this.delivering = false;
    }
  }

  async sequence(
    conversationId: string,
    deviceId: string,
    clientMsgId: string,
    now: number,
  ): Promise<Sequenced | null> {
    this.live();
    const key = `${conversationId}\u0000${deviceId}\u0000${clientMsgId}`;
    const wall = Date.now();
    const seen = this.dedup.get(key);
    if (seen && seen.expires > wall) return { seq: seen.seq, createdAt: seen.createdAt, fresh: false };
    const last = this.counters.get(conversationId);
    if (last === undefined) return null;
    const seq = last + 1;
    this.counters.set(conversationId, seq);
    this.dedup.set(key, { seq, createdAt: now, expires: wall + this.opts.dedupTtlSec * 1000 });
    return { seq, createdAt: now, fresh: true };
  }

  async sendMessage(send: MessageSend): Promise<SendOutcome> {
    return sendInSteps(this, send);
  }

  async seedSequence(conversationId: string, lastSeq: number): Promise<void> {
    this.live();
    if (!this.counters.has(conversationId)) this.counters.set(conversationId, lastSeq);
  }

  async appendLog(records: readonly LogRecord[]): Promise<void> {
    this.live();
    const now = Date.now();
    const touched = new Set<MemoryLogShard>();
    for (const r of records) {
      const shard = this.log[shardOf(r.shardKey, this.logShards)]!;
      shard.append(JSON.stringify(r), now);
      touched.add(shard);
    }
    for (const shard of touched) shard.wake(now);
  }

  private shard(shard: number): MemoryLogShard {
    const s = this.log[shard];
    if (!s) throw new Error(`no log shard ${shard}`);
    return s;
  }

  async readLog(shard: number, consumer: string, count: number, blockMs: number): Promise<LogEntry[]> {
    this.live();
    return this.shard(shard).read(consumer, count, blockMs, Date.now());
  }

  async claimLog(shard: number, consumer: string, minIdleMs: number, count: number): Promise<LogEntry[]> {
    this.live();
    return this.shard(shard).claim(consumer, minIdleMs, count, Date.now());
  }

  async ackLog(shard: number, ids: readonly string[]): Promise<void> {
    this.live();
    this.shard(shard).ack(ids);
  }

  async logBacklog(): Promise<number> {
    this.live();
    return this.log.reduce((n, s) => n + s.size, 0);
  }

  async revoke(userId: string, sessionId: string, ttlSec: number): Promise<void> {
    this.live();
    this.revoked.set(`${userId}\u0000${sessionId}`, Date.now() + Math.max(1, ttlSec) * 1000);
  }

  async isRevoked(userId: string, sessionId: string): Promise<boolean> {
    this.live();
    const until = this.revoked.get(`${userId}\u0000${sessionId}`);
    return until !== undefined && until > Date.now();
  }

  private presenceOf(userId: string): Presence {
    let p = this.presence.get(userId);
    if (!p) {
      p = { conns: new Map(), announced: false, lastSeen: null };
      this.presence.set(userId, p);
    }
    return p;
  }

  async presenceAdd(userId: string, connId: string, ttlMs: number, now: number): Promise<boolean> {
    this.live();
    const p = this.presenceOf(userId);
    for (const [id, expiry] of p.conns) if (expiry <= now) p.conns.delete(id);
    p.conns.set(connId, now + ttlMs);
    if (p.announced) return false;
    p.announced = true;
    return true;
  }

  async presenceRemove(userId: string, connId: string): Promise<void> {
    this.live();
    this.presence.get(userId)?.conns.delete(connId);
  }

  async presenceSettle(userId: string, now: number): Promise<boolean> {
    this.live();
    const p = this.presence.get(userId);
    if (!p) return false;
    for (const [id, expiry] of p.conns) if (expiry <= now) p.conns.delete(id);
    if (p.conns.size > 0 || !p.announced) return false;
    p.announced = false;
    p.lastSeen = now;
    return true;
  }

  async presenceGet(userIds: readonly string[], now: number): Promise<PresenceState[]> {
    this.live();
    return userIds.map((u) => {
      const p = this.presence.get(u);
      const online = !!p && [...p.conns.values()].some((expiry) => expiry > now);
      return { online, lastSeen: p?.lastSeen ?? null };
    });
  }

  async presenceConnections(userId: string, now: number): Promise<string[]> {
    this.live();
    const p = this.presence.get(userId);
    return p ? [...p.conns].filter(([, expiry]) => expiry > now).map(([id]) => id) : [];
  }

  async consume(key: string, limit: number, windowSec: number, points = 1): Promise<number> {
    this.live();
    return this.limits.consume(key, limit, windowSec, points);
  }

  async ping(): Promise<void> {
    this.live();
  }

  /** Drops what has expired, so memory stays bounded by what is live. */
  private sweep(now: number): void {
    for (const [k, d] of this.dedup) if (d.expires <= now) this.dedup.delete(k);
    for (const [k, until] of this.revoked) if (until <= now) this.revoked.delete(k);
    for (const [u, p] of this.presence) {
      for (const [id, expiry] of p.conns) if (expiry + PRESENCE_GRACE_MS <= now) p.conns.delete(id);
      if (p.conns.size === 0 && !p.announced && p.lastSeen === null) this.presence.delete(u);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweeper);
    for (const s of this.log) s.close();
    this.listeners.clear();
  }
}
