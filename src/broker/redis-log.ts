import { shardOf, type LogEntry, type LogRecord, type PersistenceLog } from './log.js';
import type { RedisConnection } from './redis-connection.js';
import { parseEntries } from './redis-codec.js';

const GROUP = 'writers';

type StreamReply = Array<[string, Array<[string, string[]]>]> | null;

/**
 * The persistence log as one Redis Stream per shard, read through the consumer group `writers`
 * (XREADGROUP, XAUTOCLAIM, XACK + XDEL). Implements PersistenceLog.
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
}
