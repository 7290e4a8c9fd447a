import type { DurableEvent, Message } from '../events.js';
import type { GroupStreams } from './groups.js';
import type { Inboxes } from './inbox.js';
import type { PersistenceLog } from './log.js';
import type { RateBudget, RateLimits } from './rate-limits.js';
import { messageEvent, messageRecord, numbered, type MessageDraft } from './message-json.js';

/**
 * Per-conversation sequencing, and a message's whole trip through the broker.
 *
 * - `sequence` is atomic per conversation: the same (device, clientMsgId) always yields the same seq
 *   while its dedup record lives (`DEDUP_TTL`); otherwise the next seq. When the counter is missing
 *   (never used, or lost) it answers `null` and the caller seeds it from Postgres with `seed`, which
 *   only sets a counter that is still missing, so seq never goes backwards.
 * - `send` takes a point of the sender's `rate` budget (as RateLimits.consume), then dedup + sequence
 *   (as `sequence`), then appends the message to the persistence log and to each recipient's inbox
 *   with their notices (as PersistenceLog.append + Inboxes.append). A repeated (device, clientMsgId)
 *   gets its original seq and is appended again (readers and the writer drop the duplicate). Nothing
 *   is sequenced or appended when the budget is spent (`rate_limited`) or the counter is missing
 *   (`unseeded`: seed it and call again, without `rate`, the point is taken).
 * - On a single Redis node `send` is one script, so one round trip; where keys live on different
 *   nodes (Redis Cluster) it is the same steps in order, each atomic on its own slot. A crash half-way
 *   leaves what the steps above leave; the client's retry repairs it.
 */
export interface Sequencer {
  /** Dedup + next seq for a message; null when the counter must be seeded first. */
  sequence(conversationId: string, deviceId: string, clientMsgId: string, now: number): Promise<Sequenced | null>;

  /** The conversation's last seq handed out, or null when its counter is missing (never used, or lost). */
  last(conversationId: string): Promise<number | null>;

  /** Sets the conversation's counter to `lastSeq` unless it exists already. */
  seed(conversationId: string, lastSeq: number): Promise<void>;

  /** Rate point + dedup + sequence + log + inbox appends of one message. */
  send(send: MessageSend): Promise<SendOutcome>;
}

export interface Sequenced {
  seq: number;
  createdAt: number;
  /** False when this (device, clientMsgId) was sequenced before: seq and createdAt are the original ones. */
  fresh: boolean;
}

export interface MessageSend {
  draft: MessageDraft;
  /** Every user whose inbox gets the message (the sender's own too, for their other devices). */
  recipients: readonly string[];
  /** createdAt of a fresh message. */
  now: number;
  /** The sender's budget, or null when it was already taken (the call after seeding). */
  rate: RateBudget | null;
  /**
   * Set for a large group (fan-out on read, groups.ts): the message goes once to the group's stream
   * instead of into the inboxes of `recipients`; `excluded` are the members who do not get it.
   */
  stream?: { excluded: readonly string[] };
}

export type SendOutcome =
  | ({ kind: 'sent' } & Sequenced)
  | { kind: 'rate_limited'; waitMs: number }
  | { kind: 'unseeded' }
  /** A large group's message while the group is not followed (GroupStreams.ensure first); nothing was done. */
  | { kind: 'unfollowed' };

/** The parts `sendInSteps` drives. */
export interface SendParts {
  sequencer: Pick<Sequencer, 'sequence'>;
  inboxes: Pick<Inboxes, 'append'>;
  log: Pick<PersistenceLog, 'append'>;
  rateLimits: Pick<RateLimits, 'consume'>;
  groups: Pick<GroupStreams, 'append' | 'followed'>;
}

/**
 * `send` as its steps, one after the other: for a broker (or a mode of one) whose keys cannot all
 * be reached by one atomic step.
 */
export async function sendInSteps(parts: SendParts, s: MessageSend): Promise<SendOutcome> {
  if (s.stream && !(await parts.groups.followed(s.draft.conversationId))) return { kind: 'unfollowed' };
  if (s.rate) {
    const waitMs = await parts.rateLimits.consume(s.rate.key, s.rate.limit, s.rate.windowSec);
    if (waitMs > 0) return { kind: 'rate_limited', waitMs };
  }
  const seqd = await parts.sequencer.sequence(s.draft.conversationId, s.draft.fromDevice, s.draft.clientMsgId, s.now);
  if (!seqd) return { kind: 'unseeded' };
  const m: Message = numbered(s.draft, seqd.seq, seqd.createdAt);
  const stream = s.stream;
  const event = messageEvent(m);
  const delivered = stream
    ? parts.groups
        .append({ conversationId: m.conversationId, seq: m.seq, event, excluded: stream.excluded })
        .then((copies) => appendCopies(parts.inboxes, event, copies, stream.excluded))
    : parts.inboxes.append(event, s.recipients);
  await Promise.all([parts.log.append([messageRecord(m)]), delivered]);
  return { kind: 'sent', ...seqd };
}

/** A large group's message into the inboxes of the members who get it there (INBOX_COPIES rows). */
export async function appendCopies(
  inboxes: Pick<Inboxes, 'append'>,
  event: DurableEvent,
  copies: readonly string[],
  excluded: readonly string[],
): Promise<void> {
  const to = excluded.length ? copies.filter((u) => !excluded.includes(u)) : copies;
  if (to.length) await inboxes.append(event, to);
}
