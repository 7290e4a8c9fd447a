import type { Message } from '../events.js';

/**
 * The persistence log: what gates hand to the writers that store it in Postgres.
 *
 * - `append` adds records to a sharded log; one shard key (a conversation or a user) always maps to
 *   one shard, so its records are read in append order.
 * - Writers read through one consumer group: an entry is delivered to one consumer as new, stays
 *   pending until `ack`, and `claim` hands entries pending longer than a bound to another consumer
 *   (the first is presumed dead). Acknowledged entries are deleted.
 * - When the promise of `append` resolves the records are in the broker. What is lost with Redis data
 *   here is lost for Postgres too: the durability window of Redis is that of the whole pipeline.
 */
export interface PersistenceLog {
  /** The number of shards. */
  readonly shards: number;

  /** Adds records, each to the shard of its `shardKey`. */
  append(records: readonly LogRecord[]): Promise<void>;

  /** Reads up to `count` new entries of one shard for `consumer`, waiting up to `blockMs` when none. */
  read(shard: number, consumer: string, count: number, blockMs: number): Promise<LogEntry[]>;

  /** Takes over up to `count` entries of a shard pending for longer than `minIdleMs` (a dead writer's). */
  claim(shard: number, consumer: string, minIdleMs: number, count: number): Promise<LogEntry[]>;

  /** Acknowledges and deletes processed entries of a shard. */
  ack(shard: number, ids: readonly string[]): Promise<void>;

  /** Entries not yet acknowledged (pending or not yet read), over all shards. */
  backlog(): Promise<number>;
}

/** A record for the writer. `shardKey` picks the shard (a conversation id or a user id). */
export type LogRecord =
  | { t: 'msg'; shardKey: string; m: Message }
  | {
      t: 'audit';
      shardKey: string;
      id: string;
      userId: string;
      deviceId: string | null;
      kind: string;
      transport: string | null;
      gate: string | null;
      remoteAddr: string | null;
      at: number;
    };

export interface LogEntry {
  id: string;
  /** null for an entry that does not decode: the writer acknowledges and skips it. */
  record: LogRecord | null;
}

/** The shard of the persistence log for a key (FNV-1a; stable across processes and languages). */
export function shardOf(key: string, shards: number): number {
  if (shards <= 1) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}
