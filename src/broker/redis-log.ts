import {
  DEAD_LETTERS_KEPT,
  shardOf,
  type DeadLetter,
  type LogEntry,
  type LogRecord,
  type PersistenceLog,
} from './log.js';
import type { RedisConnection } from './redis-connection.js';
import { parseDeadLetters, parseEntries } from './redis-codec.js';

const GROUP = 'writers';

type StreamReply = Array<[string, Array<[string, string[]]>]> | null;

/**
 * The persistence log as one Redis Stream per shard, read through the consumer group `writers`
 * (XREADGROUP, XAUTOCLAIM, XACK + XDEL), with a stream of dead letters beside each shard
 * (`<shard key>:dead`, same hash tag) and a sorted set of its writers' liveness (`<shard key>:live`,
 * member the consumer, score when its liveness expires by the Redis clock). Implements PersistenceLog.
 */
export class RedisLog implements PersistenceLog {
  private readonly groupsReady = new Set<number>();

  constructor(
    private readonly redis: RedisConnection,
    readonly shards: number,
  ) {}

  async append(records: readonly LogRecord[]): Promise<void> {
    const { cmd, keys } = this.redis;
    await Promise.all(
      records.map((r) => cmd.xadd(keys.log(shardOf(r.shardKey, this.shards)), '*', 'r', JSON.stringify(r))),
    );
  }

  private async ensureGroup(shard: number): Promise<void> {
    if (this.groupsReady.has(shard)) return;
    try {
      await this.redis.cmd.xgroup('CREATE', this.redis.keys.log(shard), GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!/BUSYGROUP/.test((err as Error).message)) throw err;
    }
    this.groupsReady.add(shard);
  }

  async read(shard: number, consumer: string, count: number, blockMs: number): Promise<LogEntry[]> {
    const { redis } = this;
    if (redis.closed) throw new Error('broker closed'); // else it would open a blocking connection nobody closes
    await this.ensureGroup(shard);
    const key = redis.keys.log(shard);
    try {
      if (blockMs <= 0) {
        // Without BLOCK the read answers at once; BLOCK 0 would wait forever.
        const now = (await redis.cmd.xreadgroup(
          'GROUP',
          GROUP,
          consumer,
          'COUNT',
          count,
          'STREAMS',
          key,
          '>',
        )) as StreamReply;
        return now?.[0] ? parseEntries(now[0][1]) : [];
      }
      if (redis.closed) return [];
      const client = redis.blockingClient(`log:${shard}`);
      const reply = (await redis.untilClosed(
        client.xreadgroup('GROUP', GROUP, consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', key, '>'),
      )) as StreamReply;
      return reply?.[0] ? parseEntries(reply[0][1]) : [];
    } catch (err) {
      // A read blocked when the broker closed ends empty, as a timed-out one does.
      if (redis.closed) return [];
      // The log (and its group) vanished with a flushed Redis: recreate the group on the next call.
      if (/NOGROUP/.test((err as Error).message)) this.groupsReady.delete(shard);
      throw err;
    }
  }

  async claim(shard: number, consumer: string, minIdleMs: number, count: number): Promise<LogEntry[]> {
    await this.ensureGroup(shard);
    const reply = (await this.redis.cmd.xautoclaim(
      this.redis.keys.log(shard),
      GROUP,
      consumer,
      minIdleMs,
      '0-0',
      'COUNT',
      count,
    )) as [string, Array<[string, string[]] | null>];
    return parseEntries(reply[1].filter((e): e is [string, string[]] => e !== null));
  }

  async heartbeat(consumer: string, ttlMs: number): Promise<void> {
    const { cmd, keys } = this.redis;
    const ttl = Math.max(0, Math.floor(ttlMs));
    await Promise.all(
      Array.from({ length: this.shards }, (_, s) => cmd.imHeartbeat(keys.logLiveness(s), consumer, ttl)),
    );
  }

  async claimFromDead(shard: number, consumer: string, count: number): Promise<LogEntry[]> {
    if (count <= 0) return [];
    await this.ensureGroup(shard);
    const { cmd, keys } = this.redis;
    try {
      const reply = (await cmd.imClaimFromDead(
        keys.log(shard),
        keys.logLiveness(shard),
        GROUP,
        consumer,
        count,
      )) as Array<[string, string[]]>;
      return parseEntries(reply);
    } catch (err) {
      if (/NOGROUP/.test((err as Error).message)) this.groupsReady.delete(shard);
      throw err;
    }
  }

  async ack(shard: number, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const { cmd, keys } = this.redis;
    const key = keys.log(shard);
    await Promise.all([cmd.xack(key, GROUP, ...ids), cmd.xdel(key, ...ids)]);
  }

  async backlog(): Promise<number> {
    let total = 0;
    for (let s = 0; s < this.shards; s++) total += await this.redis.cmd.xlen(this.redis.keys.log(s));
    return total;
  }

  async setAside(shard: number, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    // XACK on a log whose group vanished (a flushed Redis) would fail the script half-way.
    await this.ensureGroup(shard);
    const { cmd, keys } = this.redis;
    return cmd.imSetAside(keys.log(shard), keys.deadLetters(shard), GROUP, DEAD_LETTERS_KEPT, ...ids);
  }

  async deadLetters(shard: number, count: number): Promise<DeadLetter[]> {
    if (count <= 0) return [];
    const raw = await this.redis.cmd.xrange(this.redis.keys.deadLetters(shard), '-', '+', 'COUNT', count);
    return parseDeadLetters(raw);
  }

  async deadLetterCount(): Promise<number> {
    let total = 0;
    for (let s = 0; s < this.shards; s++) total += await this.redis.cmd.xlen(this.redis.keys.deadLetters(s));
    return total;
  }
}
