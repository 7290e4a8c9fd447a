import {
  DEAD_LETTERS_KEPT,
  decodeLogRecord,
  shardOf,
  type DeadLetter,
  type LogEntry,
  type LogRecord,
  type PersistenceLog,
} from './log.js';
import type { MemoryLife } from './memory-life.js';
import { ZERO_ID, compareId, idString, nextId, type StreamId } from './memory-stream.js';

interface LogItem {
  id: string;
  sid: StreamId;
  json: string;
}

interface Waiter {
  consumer: string;
  count: number;
  resolve(entries: LogEntry[]): void;
  timer: NodeJS.Timeout;
}

const decode = (item: LogItem): LogEntry => ({ id: item.id, record: decodeLogRecord(item.json) });

/**
 * One shard of the persistence log with a single consumer group, like a Redis Stream read with
 * XREADGROUP: each entry is delivered once as new, then stays pending (owned by a consumer, with the
 * time of its delivery) until acknowledged, and can be claimed by another consumer once idle long enough.
 */
export class MemoryLogShard {
  private last: StreamId = ZERO_ID;
  /** Every entry not yet acknowledged, in id order (insertion order of the Map). */
  private readonly items = new Map<string, LogItem>();
  /** Entries never delivered, oldest first; acknowledged ones are skipped lazily. */
  private fresh: LogItem[] = [];
  private freshStart = 0;
  private readonly pending = new Map<string, { consumer: string; since: number }>();
  private waiters: Waiter[] = [];
  /** Entries set aside, oldest first, at most DEAD_LETTERS_KEPT. */
  private dead: DeadLetter[] = [];

  /** Entries not yet acknowledged (pending or never read). */
  get size(): number {
    return this.items.size;
  }

  append(json: string, now: number): void {
    this.last = nextId(this.last, now);
    const item: LogItem = { id: idString(this.last), sid: this.last, json };
    this.items.set(item.id, item);
    this.fresh.push(item);
  }

  /** Hands new entries to blocked readers, first come first served. */
  wake(now: number): void {
    while (this.waiters.length > 0) {
      const w = this.waiters[0]!;
      const got = this.take(w.consumer, w.count, now);
      if (got.length === 0) return;
      this.waiters.shift();
      clearTimeout(w.timer);
      w.resolve(got);
    }
  }

  private take(consumer: string, count: number, now: number): LogEntry[] {
    const out: LogEntry[] = [];
    let i = this.freshStart;
    for (; i < this.fresh.length && out.length < count; i++) {
      const item = this.fresh[i]!;
      if (!this.items.has(item.id)) continue;
      this.pending.set(item.id, { consumer, since: now });
      out.push(decode(item));
    }
    this.freshStart = i;
    if (i > 64 && i * 2 > this.fresh.length) {
      this.fresh = this.fresh.slice(i);
      this.freshStart = 0;
    }
    return out;
  }

  /** New entries for `consumer`; when there are none, waits up to `blockMs` for an append. */
  read(consumer: string, count: number, blockMs: number, now: number): Promise<LogEntry[]> {
    const got = this.take(consumer, count, now);
    if (got.length > 0 || blockMs <= 0 || count <= 0) return Promise.resolve(got);
    return new Promise((resolve) => {
      const w: Waiter = {
        consumer,
        count,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((x) => x !== w);
          resolve([]);
        }, blockMs),
      };
      this.waiters.push(w);
    });
  }

  /** Moves entries pending for at least `minIdleMs` to `consumer`, oldest id first. */
  claim(consumer: string, minIdleMs: number, count: number, now: number): LogEntry[] {
    const idle = [...this.pending]
      .filter(([, p]) => now - p.since >= minIdleMs)
      .map(([id]) => this.items.get(id)!)
      .sort((a, b) => compareId(a.sid, b.sid))
      .slice(0, Math.max(0, count));
    for (const item of idle) this.pending.set(item.id, { consumer, since: now });
    return idle.map(decode);
  }

  /**
   * Moves up to `count` entries pending with consumers other than `consumer` that `dead` names to
   * `consumer`, whatever their idle time, in id order.
   */
  claimFromDead(consumer: string, dead: (owner: string) => boolean, count: number, now: number): LogEntry[] {
    const taken = [...this.pending]
      .filter(([, p]) => p.consumer !== consumer && dead(p.consumer))
      .map(([id]) => this.items.get(id)!)
      .sort((a, b) => compareId(a.sid, b.sid))
      .slice(0, Math.max(0, count));
    for (const item of taken) this.pending.set(item.id, { consumer, since: now });
    return taken.map(decode);
  }

  /** Whether `consumer` holds pending entries in this shard. */
  holds(consumer: string): boolean {
    for (const p of this.pending.values()) if (p.consumer === consumer) return true;
    return false;
  }

  /** Acknowledges and deletes entries (unknown ids are ignored). */
  ack(ids: readonly string[]): void {
    for (const id of ids) {
      this.items.delete(id);
      this.pending.delete(id);
    }
  }

  /** Moves entries still in the log to the dead letters, then deletes them; returns how many moved. */
  setAside(ids: readonly string[], now: number): number {
    let moved = 0;
    for (const id of ids) {
      const item = this.items.get(id);
      if (!item) continue;
      this.dead.push({ id, raw: item.json, at: now });
      this.ack([id]);
      moved++;
    }
    if (this.dead.length > DEAD_LETTERS_KEPT) this.dead = this.dead.slice(-DEAD_LETTERS_KEPT);
    return moved;
  }

  /** The oldest `count` dead letters. */
  deadLetters(count: number): DeadLetter[] {
    return this.dead.slice(0, Math.max(0, count)).map((d) => ({ ...d }));
  }

  get deadCount(): number {
    return this.dead.length;
  }

  /** Releases every blocked reader with no entries. */
  close(): void {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve([]);
    }
    this.waiters = [];
  }
}

/** The persistence log in this process's memory: one MemoryLogShard per shard. Implements PersistenceLog. */
export class MemoryLog implements PersistenceLog {
  readonly shards: number;
  private readonly log: MemoryLogShard[];
  /** When each consumer's liveness expires (ms since the epoch); one record covers every shard. */
  private readonly alive = new Map<string, number>();

  constructor(
    private readonly life: MemoryLife,
    shards: number,
  ) {
    this.shards = Math.max(1, shards);
    this.log = Array.from({ length: this.shards }, () => new MemoryLogShard());
    life.onClose(() => {
      for (const s of this.log) s.close();
    });
  }

  private shard(shard: number): MemoryLogShard {
    const s = this.log[shard];
    if (!s) throw new Error(`no log shard ${shard}`);
    return s;
  }

  async append(records: readonly LogRecord[]): Promise<void> {
    this.life.check();
    const now = Date.now();
    const touched = new Set<MemoryLogShard>();
    for (const r of records) {
      const shard = this.log[shardOf(r.shardKey, this.shards)]!;
      shard.append(JSON.stringify(r), now);
      touched.add(shard);
    }
    for (const shard of touched) shard.wake(now);
  }

  async read(shard: number, consumer: string, count: number, blockMs: number): Promise<LogEntry[]> {
    this.life.check();
    return this.shard(shard).read(consumer, count, blockMs, Date.now());
  }

  async claim(shard: number, consumer: string, minIdleMs: number, count: number): Promise<LogEntry[]> {
    this.life.check();
    return this.shard(shard).claim(consumer, minIdleMs, count, Date.now());
  }

  async heartbeat(consumer: string, ttlMs: number): Promise<void> {
    this.life.check();
    this.alive.set(consumer, Date.now() + Math.max(0, Math.floor(ttlMs)));
  }

  async claimFromDead(shard: number, consumer: string, count: number): Promise<LogEntry[]> {
    this.life.check();
    const now = Date.now();
    const dead = (owner: string) => (this.alive.get(owner) ?? -Infinity) <= now;
    const entries = this.shard(shard).claimFromDead(consumer, dead, count, now);
    // A dead consumer's record goes once it holds nothing in any shard.
    for (const [owner, until] of this.alive)
      if (until <= now && owner !== consumer && !this.log.some((s) => s.holds(owner))) this.alive.delete(owner);
    return entries;
  }

  async ack(shard: number, ids: readonly string[]): Promise<void> {
    this.life.check();
    this.shard(shard).ack(ids);
  }

  async backlog(): Promise<number> {
    this.life.check();
    return this.log.reduce((n, s) => n + s.size, 0);
  }

  async setAside(shard: number, ids: readonly string[]): Promise<number> {
    this.life.check();
    return this.shard(shard).setAside(ids, Date.now());
  }

  async deadLetters(shard: number, count: number): Promise<DeadLetter[]> {
    this.life.check();
    return this.shard(shard).deadLetters(count);
  }

  async deadLetterCount(): Promise<number> {
    this.life.check();
    return this.log.reduce((n, s) => n + s.deadCount, 0);
  }
}
