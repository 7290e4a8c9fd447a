import type { Context } from '../context.js';
import {
  cursorPosition,
  isAfter,
  type CursorPosition,
  type GroupPlace,
  type Notice,
  type ReadResult,
  type Subscription,
} from '../broker/inbox.js';
import { formatCursor, groupTag, parseCursor, type VectorCursor } from '../broker/cursor.js';
import { membershipChange } from '../broker/groups.js';
import { withCursor, type DurableEvent, type WireEvent } from '../events.js';
import type { Principal } from '../services/auth.js';
import { CLOSE } from '../errors.js';

/**
 * Where a delivery writes. One per connection; the transport decides how each call looks on
 * its wire (a frame, an SSE event, a close code).
 */
export interface Sink {
  /** A label for metrics and audit records. */
  readonly transport: string;
  /** The delivery is live from `cursor`: every durable event after it follows, with no gap. */
  ready(cursor: string): void;
  /** Writes one event; false when the connection's outbound bound is passed (the delivery then closes it). */
  send(event: WireEvent): boolean;
  /** Resolves true once the outbound queue has room again (backpressure.ts), false when the connection is gone or it did not in time. */
  room(): Promise<boolean>;
  /** The cursor was older than the inbox (or of a lost inbox): the delivery goes on from `head`. */
  expired(head: string): void;
  /** The device session was revoked. */
  kick(): void;
  /** Ends the connection with a close code from CLOSE (transports without codes just end it). */
  close(code: number, reason: string): void;
}

/**
 * The clientMsgIds a connection sent over itself lately: two generations of at most SENT_KEPT each,
 * the older dropped whole when the newer is full. A send's own notice comes back within moments of
 * its ack, so a few dozen cover it; one that slips past is dropped by the client as a duplicate.
 */
export class SentIds {
  private current = new Set<string>();
  private previous: Set<string> | null = null;

  add(clientMsgId: string): void {
    if (this.current.size >= SENT_KEPT) {
      this.previous = this.current;
      this.current = new Set();
    }
    this.current.add(clientMsgId);
  }

  has(clientMsgId: string): boolean {
    return this.current.has(clientMsgId) || this.previous?.has(clientMsgId) === true;
  }
}

const SENT_KEPT = 32;

/**
 * A message this connection sent itself: not pushed back to it live (its ack carried the seq).
 * Every other connection gets it, the same device's other connections (tabs) included, and a replay
 * after a cursor still carries it. `sent` is undefined for a connection that never sent (an event
 * stream, a held poll: their device sends over REST), so for them the check is one comparison.
 */
export function isOwnMessage(e: DurableEvent, p: Principal, sent: SentIds | undefined): boolean {
  return (
    sent !== undefined &&
    e.type === 'message' &&
    e.data.fromDevice === p.deviceId &&
    e.data.from === p.userId &&
    sent.has(e.data.clientMsgId)
  );
}

export interface DeliveryOptions {
  /** Events per replay read. */
  pageSize?: number;
  /** Notices held while replaying; past this the client is closed as a slow consumer. */
  maxBuffered?: number;
}

type Phase = 'new' | 'catching-up' | 'live' | 'closed';

/**
 * One client's view of its inbox, shared by every live transport.
 *
 * Gap-free and duplicate-free by the broker's contract: subscribe first, then read after the cursor
 * page by page until caught up, while notices that arrive meanwhile are held; then the held notices
 * whose cursor is after the last delivered one go out, and from then on every notice goes out as it
 * comes, again only when its cursor is after the last one. A message sent over this very connection
 * is not sent back to it live (its ack carried the seq), but replay includes it.
 */
export class Delivery {
  private phase: Phase = 'new';
  private sub: Subscription | undefined;
  /** Notices that arrived while catching up (made when the first one does). */
  private held: Notice[] | null = null;
  /** `lastCursor` parsed; undefined until needed, so an idle delivery keeps only the cursor string. */
  private lastPos: CursorPosition | null | undefined = null;
  private lastCursor = '';
  /** What the connection sent over itself (made at its first send). */
  private sent: SentIds | undefined;
  private readonly pageSize: number;
  private readonly maxBuffered: number;

  constructor(
    private readonly ctx: Context,
    readonly principal: Principal,
    private readonly sink: Sink,
    opts: DeliveryOptions = {},
  ) {
    this.pageSize = opts.pageSize ?? 200;
    this.maxBuffered = opts.maxBuffered ?? 5000;
  }

  /** The last cursor delivered (or started from). */
  get cursor(): string {
    return this.lastCursor;
  }

  get closed(): boolean {
    return this.phase === 'closed';
  }

  /** Subscribes to the user's notices; may be called before `start` to fail early (before a stream begins). */
  async subscribe(): Promise<void> {
    if (this.sub || this.phase === 'closed') return;
    const sub = await this.ctx.inboxes.subscribe(this.principal.userId, (n) => this.onNotice(n));
    if (this.closed) sub.unsubscribe();
    else this.sub = sub;
  }

  /**
   * Starts delivering: from `cursor` (replay, then live), or from the head when null. Reports the
   * start cursor through `sink.ready`, and an expired cursor through `sink.expired`. Rejects when a
   * store fails; the caller then closes the connection.
   */
  async start(cursor: string | null): Promise<void> {
    await this.subscribe();
    if (this.phase !== 'new') return;
    this.phase = 'catching-up';
    const { inboxes } = this.ctx;
    const userId = this.principal.userId;
    if (cursor === null) {
      const head = await inboxes.head(userId);
      if (this.closed) return;
      this.moveTo(head);
      this.sink.ready(head);
    } else {
      const first: ReadResult = cursorPosition(cursor)
        ? await inboxes.read(userId, cursor, this.pageSize)
        : { kind: 'expired', head: await inboxes.head(userId) };
      if (this.closed) return;
      if (first.kind === 'expired') {
        this.moveTo(first.head);
        this.sink.ready(first.head);
        this.sink.expired(first.head);
      } else {
        this.moveTo(cursor);
        this.sink.ready(cursor);
        if (!(await this.replay(first))) return;
      }
    }
    this.goLive();
  }

  /** Notes a send over this connection before it is made, so its own notice is not pushed back. */
  sending(clientMsgId: string): void {
    (this.sent ??= new SentIds()).add(clientMsgId);
  }

  /** Stops delivering and unsubscribes. Idempotent. */
  stop(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.held = null;
    this.sub?.unsubscribe();
    this.sub = undefined;
  }

  /** Delivers `first` and further pages until caught up. False when the delivery ended meanwhile. */
  private async replay(first: ReadResult): Promise<boolean> {
    let r = first;
    for (;;) {
      if (this.closed) return false;
      if (r.kind === 'expired') {
        this.moveTo(r.head);
        this.sink.expired(r.head);
        return true;
      }
      for (const e of r.events) if (!this.deliverDurable(e)) return false;
      const pos = cursorPosition(r.cursor);
      const last = this.last();
      // Entries that did not decode are skipped, but the cursor still moves past them (and past a
      // large group's entries this user does not get); a read never answers a cursor behind its own.
      if (pos && last && pos.epoch === last.epoch && !isAfter(last, pos) && r.cursor !== this.lastCursor)
        this.moveTo(r.cursor, pos);
      if (r.events.length < this.pageSize) return true;
      if (!(await this.sink.room())) return this.slow();
      if (this.closed) return false;
      r = await this.ctx.inboxes.read(this.principal.userId, this.lastCursor, this.pageSize);
    }
  }

  private goLive(): void {
    if (this.closed) return;
    this.phase = 'live';
    const held = this.held;
    this.held = null;
    if (!held) return;
    for (const n of held) {
      if (this.phase !== 'live') {
        // A resync began while flushing: what is left waits for it.
        (this.held ??= []).push(n);
        continue;
      }
      this.handle(n);
    }
  }

  private onNotice(n: Notice): void {
    if (this.phase === 'closed') return;
    if (n.kind === 'kick') {
      if (n.sessionId === this.principal.sessionId || n.sessionId === '*') {
        this.stop();
        this.sink.kick();
      }
      return;
    }
    if (this.phase !== 'live') {
      const held = (this.held ??= []);
      if (held.length >= this.maxBuffered) {
        this.slow();
        return;
      }
      held.push(n);
      return;
    }
    this.handle(n);
  }

  private handle(n: Notice): void {
    if (n.kind === 'kick') return this.onNotice(n);
    if (n.kind === 'ephemeral') {
      if (!this.sink.send(n.event)) this.slow();
      return;
    }
    if (n.group) {
      this.deliverGroup(n.event, n.group);
      return;
    }
    const pos = cursorPosition(n.event.cursor);
    const last = this.last();
    if (!pos || !last) return;
    if (pos.epoch !== last.epoch) {
      // The inbox was lost and made anew (or this is a stray notice of an older epoch): the broker
      // says which. The notice itself is not kept: a new epoch answers the read with `expired` and
      // its head, which the client reloads from; a stale one is rightly dropped.
      this.resync();
      return;
    }
    this.deliverDurable(n.event);
  }

  /**
   * Sends one durable event unless it is not after the last one, or was sent over this connection.
   * Its cursor is the inbox position of a live notice, or a whole cursor (with large-group positions)
   * from a read; a live notice keeps the group positions of the last cursor.
   */
  private deliverDurable(e: DurableEvent & { cursor: string }): boolean {
    const pos = cursorPosition(e.cursor);
    const last = this.last();
    if (!pos || !last || pos.epoch !== last.epoch) return true;
    let cursor = e.cursor;
    if (!isAfter(pos, last)) {
      // Not a later inbox event: only a read's large-group entry (same inbox part, a group moved on) is new.
      if (isAfter(last, pos) || !e.cursor.includes('.') || !groupsAhead(parseCursor(e.cursor), this.vector()))
        return true;
    } else if (!e.cursor.includes('.') && this.lastCursor.includes('.')) {
      const groups = this.vector()?.groups ?? new Map<string, number>();
      // Leaving a group takes its position out of the cursor, as a read after the removal spells it.
      const change = membershipChange(e, this.principal.userId);
      if (change?.removed) groups.delete(groupTag(change.conversationId));
      cursor = formatCursor(e.cursor, groups);
    }
    this.moveTo(cursor, pos);
    if (this.phase === 'live' && isOwnMessage(e, this.principal, this.sent)) return true;
    if (this.sink.send(cursor === e.cursor ? e : withCursor(e, cursor))) return true;
    return this.slow();
  }

  /**
   * A large group's message heard live: sent when it follows the last position in its group (the
   * member's start when the cursor has none); one already delivered is dropped; when one before it
   * was missed (a broken channel, a member who joined a moment ago), the inbox and streams are read
   * again from the last cursor.
   */
  private deliverGroup(e: DurableEvent, place: GroupPlace): void {
    const v = this.vector();
    if (!v) return;
    const tag = groupTag(place.conversationId);
    const at = v.groups.get(tag) ?? place.from;
    if (place.seq <= at) return;
    if (place.prev > at) {
      this.resync();
      return;
    }
    const groups = new Map(v.groups).set(tag, place.seq);
    const cursor = formatCursor(v.base, groups);
    this.moveTo(cursor);
    const event = withCursor(e, cursor);
    if (isOwnMessage(event, this.principal, this.sent)) return;
    if (!this.sink.send(event)) this.slow();
  }

  /** The last cursor with its large-group positions. */
  private vector(): VectorCursor | null {
    return parseCursor(this.lastCursor);
  }

  private resync(): void {
    this.phase = 'catching-up';
    this.ctx.inboxes
      .read(this.principal.userId, this.lastCursor, this.pageSize)
      .then((r) => this.replay(r))
      .then((ok) => {
        if (ok) this.goLive();
      })
      .catch((err: unknown) => {
        if (this.closed) return;
        this.ctx.log.warn({ err: (err as Error).message }, 'live delivery resync failed');
        this.stop();
        this.sink.close(CLOSE.reconnect, 'the inbox is unavailable; reconnect and resume from your cursor');
      });
  }

  /** Moves the last cursor; `pos` is its parsed form when the caller has it (otherwise parsed when needed). */
  private moveTo(cursor: string, pos?: CursorPosition | null): void {
    this.lastCursor = cursor;
    this.lastPos = pos;
  }

  /** The position of the last cursor (null when it has none). */
  private last(): CursorPosition | null {
    if (this.lastPos === undefined) this.lastPos = cursorPosition(this.lastCursor);
    return this.lastPos;
  }

  private slow(): false {
    if (!this.closed) {
      this.stop();
      this.sink.close(CLOSE.slowConsumer, 'too far behind; reconnect and resume from your last cursor');
    }
    return false;
  }
}

/** True when `a` has some large-group position beyond `b`'s (a position `b` lacks counts as 0). */
function groupsAhead(a: VectorCursor | null, b: VectorCursor | null): boolean {
  if (!a || !b) return false;
  for (const [tag, seq] of a.groups) if (seq > (b.groups.get(tag) ?? 0)) return true;
  return false;
}
