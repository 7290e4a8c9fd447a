import type { DurableEvent, EphemeralEvent } from '../events.js';

/**
 * Per-user inboxes and their live notices: the history and pub/sub half of the broker.
 *
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
 * - `publish` sends live-only notices: nothing is stored, and a subscriber that is not subscribed at
 *   that moment never hears them.
 */
export interface Inboxes {
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

  /**
   * True when a read of the user may hold more than the user's own inbox (they are in a large group,
   * groups.ts), as far as this process knows: such reads cannot be answered from the inbox's notices
   * alone. Absent: never.
   */
  merges?(userId: string): boolean;
}

/** The bounds of every inbox. */
export interface InboxLimits {
  /** Events kept per inbox; older ones are trimmed (and cursors before them expire). */
  inboxMaxLen: number;
  /** Age bound of inbox events, in milliseconds. */
  inboxMaxAgeMs: number;
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
  /**
   * Set on a message from a large group's stream (groups.ts): its cursor is then '' and the delivery
   * places it by these instead. Absent on inbox events.
   */
  group?: GroupPlace;
}

/** Where a large-group message sits in its group's stream, and where the listening member started it. */
export interface GroupPlace {
  conversationId: string;
  seq: number;
  /** The seq of the stream entry before it (0: none): a reader at an earlier position missed one. */
  prev: number;
  /** The member's starting position in that stream (messages after it are theirs). */
  from: number;
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

/** A cursor taken apart: its inbox's epoch and its position (a stream id `<ms>-<n>`). */
export interface CursorPosition {
  epoch: string;
  ms: number;
  n: number;
}

/**
 * The inbox position of a cursor `<epoch>-<ms>-<n>` (and any large-group part, see cursor.ts), or null
 * when the string is not shaped like one.
 */
export function cursorPosition(cursor: string): CursorPosition | null {
  const m = /^([A-Za-z0-9_]{1,32})-(\d{1,16})-(\d{1,16})(?:\.[A-Za-z0-9]{5}[0-9a-z]{1,11})*$/.exec(cursor);
  if (!m) return null;
  return { epoch: m[1]!, ms: Number(m[2]), n: Number(m[3]) };
}

/** True when position a is after position b (positions of one epoch). */
export function isAfter(a: { ms: number; n: number }, b: { ms: number; n: number }): boolean {
  return a.ms > b.ms || (a.ms === b.ms && a.n > b.n);
}
