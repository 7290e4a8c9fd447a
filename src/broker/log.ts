import type { Message } from '../events.js';

/** Dead letters kept per shard; beyond it the oldest go (each was logged and counted when set aside). */
export const DEAD_LETTERS_KEPT = 10_000;

/**
 * The persistence log: what gates hand to the writers that store it in Postgres.
 *
 * - `append` adds records to a sharded log; one shard key (a conversation or a user) always maps to
 *   one shard, so its records are read in append order.
 * - Writers read through one consumer group: an entry is delivered to one consumer as new, stays
 *   pending until `ack`, and `claim` hands entries pending longer than a bound to another consumer
 *   (the first is presumed dead). Acknowledged entries are deleted.
 * - A consumer that says it is alive (`heartbeat`) keeps its pending entries until its liveness
 *   lapses; then (or at once, for a consumer that never said it was alive) `claimFromDead` hands them
 *   to a live consumer without waiting for them to go idle. Liveness is timed by the broker's clock,
 *   so the clocks of the writers' hosts do not matter.
 * - When the promise of `append` resolves the records are in the broker. What is lost with Redis data
 *   here is lost for Postgres too: the durability window of Redis is that of the whole pipeline.
 * - An entry a writer cannot store (it does not decode) is not acknowledged away: `setAside` moves it
 *   to its shard's dead letters, copy first, then acknowledged and deleted, in one atomic step, so it
 *   is never gone unseen. Dead letters stay for operators (`deadLetters`), up to DEAD_LETTERS_KEPT per shard.
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

  /**
   * Records `consumer` as alive for the next `ttlMs` (0: gone now), in every shard. A writer calls it
   * before its first read and then well within `ttlMs`, for as long as it runs.
   */
  heartbeat(consumer: string, ttlMs: number): Promise<void>;

  /**
   * Takes over, for `consumer`, up to `count` entries of a shard pending with other consumers whose
   * liveness lapsed or who have no liveness record, however briefly they were pending; in id order.
   * A dead consumer left holding nothing is forgotten (its liveness record and its place in the group).
   */
  claimFromDead(shard: number, consumer: string, count: number): Promise<LogEntry[]>;

  /** Acknowledges and deletes processed entries of a shard. */
  ack(shard: number, ids: readonly string[]): Promise<void>;

  /** Entries not yet acknowledged (pending or not yet read), over all shards. */
  backlog(): Promise<number>;

  /**
   * Moves entries of a shard to its dead letters (their payload as stored), then acknowledges and
   * deletes them, atomically. Ids no longer in the log (acknowledged, set aside already, unknown)
   * are skipped. Resolves with the number moved.
   */
  setAside(shard: number, ids: readonly string[]): Promise<number>;

  /** The oldest `count` dead letters of a shard, in the order they were set aside. */
  deadLetters(shard: number, count: number): Promise<DeadLetter[]>;

  /** Dead letters held, over all shards. */
  deadLetterCount(): Promise<number>;
}

/** A log entry set aside instead of stored. */
export interface DeadLetter {
  /** The id the entry had in the log. */
  id: string;
  /** Its payload, as the log held it. */
  raw: string;
  /** When it was set aside (ms since the epoch, by the broker's clock). */
  at: number;
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

/** The audit record of a log entry. */
export type AuditRecord = Extract<LogRecord, { t: 'audit' }>;

export interface LogEntry {
  id: string;
  /** null for an entry that does not decode to a record (decodeLogRecord): the writer sets it aside. */
  record: LogRecord | null;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrNull = (v: unknown): boolean => v === null || typeof v === 'string';
const isInteger = (v: unknown): boolean => Number.isSafeInteger(v);

/**
 * The record a log payload holds, or null when it holds none: not JSON, or JSON of another shape.
 * Checked field by field rather than with a zod schema: every entry of every batch passes here, and
 * a record of the wrong shape would otherwise fail its batch on every retry and stall its shard.
 */
export function decodeLogRecord(text: string): LogRecord | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  if (!isString(r.shardKey)) return null;
  if (r.t === 'msg') return isMessage(r.m) ? (v as LogRecord) : null;
  if (r.t !== 'audit') return null;
  const ok =
    isString(r.id) &&
    isString(r.userId) &&
    isStringOrNull(r.deviceId) &&
    isString(r.kind) &&
    isStringOrNull(r.transport) &&
    isStringOrNull(r.gate) &&
    isStringOrNull(r.remoteAddr) &&
    isInteger(r.at);
  return ok ? (v as LogRecord) : null;
}

function isMessage(v: unknown): v is Message {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  return (
    isString(m.conversationId) &&
    isInteger(m.seq) &&
    (m.kind === 'direct' || m.kind === 'group') &&
    isString(m.from) &&
    isString(m.to) &&
    isString(m.fromDevice) &&
    isString(m.clientMsgId) &&
    isString(m.contentType) &&
    isString(m.content) &&
    isInteger(m.createdAt) &&
    (m.recalled === undefined || typeof m.recalled === 'boolean')
  );
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
