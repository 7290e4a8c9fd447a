import type { DurableEvent, EphemeralEvent, Message } from '../events.js';

/**
 * The broker: per-user inboxes, their live notifications, per-conversation sequencing, the
 * persistence log, revocations, presence and rate-limit counters. Every gate and writer shares one
 * broker; nothing a gate keeps in memory is needed by another gate.
 *
 * Inboxes
 * - Each user has one ordered inbox. `append` adds an event to every listed inbox; within one inbox
 *   events are totally ordered and a later append has a greater cursor. Across inboxes there is no order.
 * - Appending to an inbox and notifying that user's subscribers is one atomic step: a subscriber that
 *   was subscribed before the append resolved hears about it, and `read` after the append sees it.
 *   A subscriber therefore gets a gap-free stream by subscribing first, then reading after its
 *   cursor, then dropping notices whose cursor is not greater than the last one it delivered.
 * - A cursor is `<epoch>-<ms>-<n>`: the inbox's epoch and a position in it. Events after a cursor are
 *   exactly those appended later. An inbox has an epoch, created with it; when the broker loses the
 *   inbox (Redis flushed or failed over without the data, the memory broker restarted), the next use
 *   makes a new epoch, and every older cursor reads as `expired` with the new head. The same happens
 *   to a cursor older than what trimming (length or age bound) left in the inbox. Nothing is skipped silently.
 * - When the promise of `append` resolves, the events are in the broker (Redis: in memory, durable
 *   per its persistence settings). A crash before it resolves may leave the event in some inboxes and
 *   not others; the sender's retry (same clientMsgId, same seq) repairs that, and readers drop
 *   duplicates by (conversationId, seq).
 *
 * Sequencing
 * - `sequence` is atomic per conversation: the same (device, clientMsgId) always yields the same seq
 *   while its dedup record lives (`DEDUP_TTL`); otherwise the next seq. When the counter is missing
 *   (never used, or lost) it answers `null` and the caller seeds it from Postgres with `seedSequence`,
 *   which only sets a counter that is still missing, so seq never goes backwards.
 *
 * Persistence log
 * - `appendLog` adds records to a sharded log; one conversation always maps to one shard, so its
 *   records are read in append order. Writers read through a consumer group: an entry is delivered
 *   to one consumer, stays pending until `ackLog`, and `claimLog` hands entries pending longer than
 *   a bound to another consumer. Acknowledged entries are deleted. What is lost with Redis data here is
 *   lost for Postgres too: the durability window of Redis is that of the whole pipeline.
 */
export interface Broker {
  /** `redis` or `memory`, for logs and metrics. */
  readonly kind: 'redis' | 'memory';

  /** Appends `event` to each user's inbox and notifies their subscribers. Returns one cursor per user, in order. */
  append(event: DurableEvent, userIds: readonly string[]): Promise<string[]>;

  /** Events after `after` (null: none, just the head), at most `limit`, or `expired` with the head. */
  read(userId: string, after: string | null, limit: number): Promise<ReadResult>;

  /** The head cursor of the inbox (creating its epoch when the inbox is new or was lost). */
  head(userId: string): Promise<string>;

  /** Starts delivering the user's notices to `listener`; resolves once the subscription is live. */
  subscribe(userId: string, listener: NoticeListener): Promise<Subscription>;

  /** Sends a live-only notice (an ephemeral event or a kick) to the subscribers of each user. */
  publish(userIds: readonly string[], notice: EphemeralNotice | KickNotice): Promise<void>;

  /** Dedup + next seq for a message; null when the counter must be seeded first. */
  sequence(conversationId: string, deviceId: string, clientMsgId: string, now: number): Promise<Sequenced | null>;

  /**
   * One message's whole trip through the broker: takes a point of the sender's `rate` budget (as
   * `consume`), then dedup + sequence (as `sequence`), then appends the message to the persistence
   * log and to each recipient's inbox with their notices (as `appendLog` + `append`). A repeated
   * (device, clientMsgId) gets its original seq and is appended again (readers and the writer drop
   * the duplicate). Nothing is sequenced or appended when the budget is spent (`rate_limited`) or
   * the counter is missing (`unseeded`: seed it and call again, without `rate`, the point is taken).
   * On a single Redis node this is one script, so one round trip; where keys live on different
   * nodes (Redis Cluster) it is the same steps in order, each atomic on its own slot. A crash
   * half-way leaves what the steps above leave; the client's retry repairs it.
   */
  sendMessage(send: MessageSend): Promise<SendOutcome>;

  /** Sets the conversation's counter to `lastSeq` unless it exists already. */
  seedSequence(conversationId: string, lastSeq: number): Promise<void>;

  /** Adds records to the persistence log, each to the shard of its `shardKey`. */
  appendLog(records: readonly LogRecord[]): Promise<void>;

  /** Reads up to `count` new entries of one shard for `consumer`, waiting up to `blockMs` when none. */
  readLog(shard: number, consumer: string, count: number, blockMs: number): Promise<LogEntry[]>;

  /** Takes over up to `count` entries of a shard pending for longer than `minIdleMs` (a dead writer's). */
  claimLog(shard: number, consumer: string, minIdleMs: number, count: number): Promise<LogEntry[]>;

  /** Acknowledges and deletes processed entries of a shard. */
  ackLog(shard: number, ids: readonly string[]): Promise<void>;

  /** Entries in the log not yet acknowledged (pending or not yet read), over all shards. */
  logBacklog(): Promise<number>;

  /** The number of log shards. */
  readonly logShards: number;

  /** Marks a device session revoked for `ttlSec` seconds (the access token lifetime). */
  revoke(userId: string, sessionId: string, ttlSec: number): Promise<void>;

  /** Whether the device session was revoked (and the mark has not expired). */
  isRevoked(userId: string, sessionId: string): Promise<boolean>;

  /** Registers a live connection; true when the user had no live connection and was not announced online. */
  presenceAdd(userId: string, connId: string, ttlMs: number, now: number): Promise<boolean>;

  /** Forgets a live connection. */
  presenceRemove(userId: string, connId: string): Promise<void>;

  /** After the grace period: true (and records lastSeen) when the user has no live connection but was announced online. */
  presenceSettle(userId: string, now: number): Promise<boolean>;

  /** Online state and last-seen time of each user, in order. */
  presenceGet(userIds: readonly string[], now: number): Promise<PresenceState[]>;

  /** Ids of the user's live connections (as given to presenceAdd). */
  presenceConnections(userId: string, now: number): Promise<string[]>;

  /**
   * Takes `points` from a fixed-window counter named `key` with `limit` points per `windowSec`.
   * Returns 0 when allowed, else the milliseconds until the window resets.
   */
  consume(key: string, limit: number, windowSec: number, points?: number): Promise<number>;

  /** Resolves when the broker answers; rejects when it does not. */
  ping(): Promise<void>;

  /** Closes connections; pending subscriptions end. */
  close(): Promise<void>;
}

export type ReadResult =
  | { kind: 'events'; events: Array<DurableEvent & { cursor: string }>; cursor: string }
  | { kind: 'expired'; head: string };

/** What a subscriber hears about its user. */
export type Notice = EventNotice | EphemeralNotice | KickNotice;

/** A durable event was appended to the inbox. */
export interface EventNotice {
  kind: 'event';
  event: DurableEvent & { cursor: string };
}

/** A live-only event (typing, presence). */
export interface EphemeralNotice {
  kind: 'ephemeral';
  event: EphemeralEvent;
}

/** A device session (or, with `sessionId: '*'`, every session of the user) must be disconnected. */
export interface KickNotice {
  kind: 'kick';
  sessionId: string;
}

export type NoticeListener = (notice: Notice) => void;

export interface Subscription {
  unsubscribe(): void;
}

export interface Sequenced {
  seq: number;
  createdAt: number;
  /** False when this (device, clientMsgId) was sequenced before: seq and createdAt are the original ones. */
  fresh: boolean;
}

/** A message before the broker numbered it. */
export type MessageDraft = Omit<Message, 'seq' | 'createdAt' | 'recalled'>;

/** A fixed-window budget, as `consume` takes it. */
export interface RateBudget {
  key: string;
  limit: number;
  windowSec: number;
}

export interface MessageSend {
  draft: MessageDraft;
  /** Every user whose inbox gets the message (the sender's own too, for their other devices). */
  recipients: readonly string[];
  /** createdAt of a fresh message. */
  now: number;
  /** The sender's budget, or null when it was already taken (the call after seeding). */
  rate: RateBudget | null;
}

export type SendOutcome =
  ({ kind: 'sent' } & Sequenced) | { kind: 'rate_limited'; waitMs: number } | { kind: 'unseeded' };

/** The stored form of a sequenced draft (field order as the rest of the code writes messages). */
export function numbered(d: MessageDraft, seq: number, createdAt: number): Message {
  return {
    conversationId: d.conversationId,
    seq,
    kind: d.kind,
    from: d.from,
    to: d.to,
    fromDevice: d.fromDevice,
    clientMsgId: d.clientMsgId,
    contentType: d.contentType,
    content: d.content,
    createdAt,
  };
}

/**
 * `sendMessage` as its steps, one after the other: for a broker (or a mode of one) whose keys
 * cannot all be reached by one atomic step.
 */
export async function sendInSteps(b: Broker, s: MessageSend): Promise<SendOutcome> {
  if (s.rate) {
    const waitMs = await b.consume(s.rate.key, s.rate.limit, s.rate.windowSec);
    if (waitMs > 0) return { kind: 'rate_limited', waitMs };
  }
  const seqd = await b.sequence(s.draft.conversationId, s.draft.fromDevice, s.draft.clientMsgId, s.now);
  if (!seqd) return { kind: 'unseeded' };
  const m = numbered(s.draft, seqd.seq, seqd.createdAt);
  await Promise.all([
    b.appendLog([{ t: 'msg', shardKey: m.conversationId, m }]),
    b.append({ type: 'message', at: m.createdAt, data: m }, s.recipients),
  ]);
  return { kind: 'sent', ...seqd };
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

export interface PresenceState {
  online: boolean;
  lastSeen: number | null;
}

/** Compares two cursors of the same epoch by position; cursors are `<epoch>-<ms>-<n>`. */
export function cursorPosition(cursor: string): { epoch: string; ms: number; n: number } | null {
  const m = /^([A-Za-z0-9_]{1,32})-(\d{1,16})-(\d{1,16})$/.exec(cursor);
  if (!m) return null;
  return { epoch: m[1]!, ms: Number(m[2]), n: Number(m[3]) };
}

/** True when position a is after position b. */
export function isAfter(a: { ms: number; n: number }, b: { ms: number; n: number }): boolean {
  return a.ms > b.ms || (a.ms === b.ms && a.n > b.n);
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
