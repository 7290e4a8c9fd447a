import type { GroupStreams } from './groups.js';
import type { Inboxes } from './inbox.js';
import type { PersistenceLog } from './log.js';
import { shardOf } from './log.js';
import { jsonPieces, messageEvent, messageRecord, numbered } from './message-json.js';
import { excludedArg } from './redis-groups.js';
import type { RateLimits } from './rate-limits.js';
import type { RedisConnection } from './redis-connection.js';
import { freshEpoch, minInboxId } from './redis-inbox.js';
import {
  appendCopies,
  sendInSteps,
  type MessageSend,
  type SendOutcome,
  type SendParts,
  type Sequenced,
  type Sequencer,
} from './sequencer.js';

/** Recipients appended inside the send script; a larger group's inboxes follow in their own appends. */
const SEND_SCRIPT_RECIPIENTS = 64;

export interface RedisSequencerOptions {
  dedupTtlSec: number;
  inboxMaxLen: number;
  inboxMaxAgeMs: number;
}

/**
 * Sequencing on Redis: a counter per conversation and a dedup record per (device, clientMsgId). On a
 * single node `send` is one Lua script over the rate counter, the conversation's keys, its log shard
 * and the recipients' inboxes (so one round trip); on a Cluster those keys live on different slots
 * and it runs as its steps. Implements Sequencer.
 */
export class RedisSequencer implements Sequencer {
  private readonly parts: SendParts;

  constructor(
    private readonly redis: RedisConnection,
    private readonly log: PersistenceLog,
    private readonly inboxes: Inboxes,
    private readonly rateLimits: RateLimits,
    private readonly opts: RedisSequencerOptions,
    private readonly groups: GroupStreams,
  ) {
    this.parts = { sequencer: this, inboxes, log, rateLimits, groups };
  }

  async sequence(
    conversationId: string,
    deviceId: string,
    clientMsgId: string,
    now: number,
  ): Promise<Sequenced | null> {
    const { cmd, keys } = this.redis;
    const [status, value] = await cmd.imSequence(
      keys.conv(conversationId, 'seq'),
      keys.conv(conversationId, `m:${deviceId}:${clientMsgId}`),
      now,
      this.opts.dedupTtlSec,
    );
    if (status === -1 || !value) return null;
    const [seq, createdAt] = value.split(':').map(Number) as [number, number];
    return { seq, createdAt, fresh: status === 1 };
  }

  async last(conversationId: string): Promise<number | null> {
    const v = await this.redis.cmd.get(this.redis.keys.conv(conversationId, 'seq'));
    return v === null ? null : Number(v);
  }

  async seed(conversationId: string, lastSeq: number): Promise<void> {
    await this.redis.cmd.set(this.redis.keys.conv(conversationId, 'seq'), String(lastSeq), 'NX');
  }

  async send(send: MessageSend): Promise<SendOutcome> {
    if (send.stream) return this.sendToStream(send, send.stream.excluded);
    // On a Cluster the user's, the conversation's and the log's keys live on different slots.
    if (this.redis.sharded) return sendInSteps(this.parts, send);
    const { cmd, keys } = this.redis;
    const { draft, recipients, now, rate } = send;
    const inline = recipients.length <= SEND_SCRIPT_RECIPIENTS ? recipients : [];
    const scriptKeys = [
      keys.rate(rate?.key ?? '', rate?.limit ?? 0, rate?.windowSec ?? 0),
      keys.conv(draft.conversationId, 'seq'),
      keys.conv(draft.conversationId, `m:${draft.fromDevice}:${draft.clientMsgId}`),
      keys.log(shardOf(draft.conversationId, this.log.shards)),
    ];
    for (const u of inline) scriptKeys.push(keys.user(u, 'in'), keys.user(u, 'ep'), keys.user(u, 'n'));
    const p = jsonPieces(draft);
    const [status, value] = await cmd.imSend(
      scriptKeys.length,
      ...scriptKeys,
      now,
      this.opts.dedupTtlSec,
      rate?.limit ?? 0,
      (rate?.windowSec ?? 0) * 1000,
      ...p.message,
      p.record,
      this.opts.inboxMaxLen,
      minInboxId(this.opts.inboxMaxAgeMs),
      'PUBLISH',
      freshEpoch(),
    );
    if (status === -2) return { kind: 'rate_limited', waitMs: Math.max(1, Number(value)) };
    if (status === -1 || typeof value !== 'string') return { kind: 'unseeded' };
    const [seq, createdAt] = value.split(':').map(Number) as [number, number];
    if (inline.length < recipients.length) {
      await this.inboxes.append(messageEvent(numbered(draft, seq, createdAt)), recipients);
    }
    return { kind: 'sent', seq, createdAt, fresh: status === 1 };
  }

  /**
   * A large group's message: one script for rate, dedup + sequence, log and the group's stream on a
   * single node; on a Cluster the rate point first, then the script on the conversation's slot (dedup,
   * sequence and stream, atomic, so the stream is always in seq order), then the log record.
   */
  private async sendToStream(send: MessageSend, excluded: readonly string[]): Promise<SendOutcome> {
    const { cmd, keys, sharded } = this.redis;
    const { draft, now, rate } = send;
    const conv = draft.conversationId;
    if (sharded && rate) {
      if (!(await this.groups.followed(conv))) return { kind: 'unfollowed' };
      const waitMs = await this.rateLimits.consume(rate.key, rate.limit, rate.windowSec);
      if (waitMs > 0) return { kind: 'rate_limited', waitMs };
    }
    const seqKey = keys.conv(conv, 'seq');
    const p = jsonPieces(draft);
    const [status, value, ...copies] = await cmd.imSendStream(
      sharded ? seqKey : keys.rate(rate?.key ?? '', rate?.limit ?? 0, rate?.windowSec ?? 0),
      seqKey,
      keys.conv(conv, `m:${draft.fromDevice}:${draft.clientMsgId}`),
      sharded ? seqKey : keys.log(shardOf(conv, this.log.shards)),
      keys.conv(conv, 'gs'),
      keys.conv(conv, 'gn'),
      keys.conv(conv, 'gm'),
      keys.conv(conv, 'gi'),
      keys.conv(conv, 'gt'),
      now,
      this.opts.dedupTtlSec,
      sharded ? 0 : (rate?.limit ?? 0),
      (rate?.windowSec ?? 0) * 1000,
      ...p.message,
      p.record,
      this.opts.inboxMaxLen,
      sharded ? 'SPUBLISH' : 'PUBLISH',
      excludedArg(excluded),
      sharded ? '0' : '1',
    );
    if (status === -3) return { kind: 'unfollowed' };
    if (status === -2) return { kind: 'rate_limited', waitMs: Math.max(1, Number(value)) };
    if (status === -1 || typeof value !== 'string') return { kind: 'unseeded' };
    const [seq, createdAt] = value.split(':').map(Number) as [number, number];
    const m = numbered(draft, seq, createdAt);
    await Promise.all([
      sharded ? this.log.append([messageRecord(m)]) : undefined,
      appendCopies(this.inboxes, messageEvent(m), copies.map(String), excluded),
    ]);
    return { kind: 'sent', seq, createdAt, fresh: status === 1 };
  }
}
