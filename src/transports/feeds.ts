import { withCursor, type DurableEvent } from '../events.js';
import { baseOf, formatCursor, groupTag, parseCursor } from '../broker/cursor.js';
import { membershipChange } from '../broker/groups.js';
import {
  cursorPosition,
  isAfter,
  type CursorPosition,
  type GroupPlace,
  type Inboxes,
  type Notice,
  type NoticeListener,
  type ReadResult,
  type Subscription,
} from '../broker/inbox.js';
import { valuesOf, withOne, withoutOne, type OneOrSet } from '../one-or-set.js';
import { TimeoutQueue } from '../timeout-queue.js';

type Stored = DurableEvent & { cursor: string };

/** The group positions of a feed in no large group (shared, never written to). */
const NO_GROUPS: ReadonlyMap<string, number> = new Map();

/** Most recent events a feed keeps; older ones are read from the broker. */
const RECENT_MAX = 32;
/** How long a feed keeps an event; a poll comes back within milliseconds of its answer. */
const RECENT_MS = 30_000;
/** How long a feed whose head could not be read waits before reading it again. */
const RESTART_RETRY_MS = 1000;

/**
 * What one gate hears about one user: one broker subscription shared by every poll, stream and
 * WebSocket of the user on this gate, and the user's most recent durable events, so that a poll (or a
 * reconnecting stream) after a recent cursor is answered from memory rather than from the broker.
 *
 * The recent events are exactly those after `from`: once the broker subscription is live, the head
 * of the inbox is read, and every event appended after that head is notified (the Inboxes contract),
 * in order. An event of another epoch (the inbox was lost) clears them, and the head is read again.
 * What no longer fits is dropped from the front, and `from` moves to the last event dropped.
 *
 * A member of large groups (broker/groups.ts) reads their streams beside the inbox, and a cursor then
 * carries a position per group. The feed follows those too: the head gives them, and each group
 * message heard moves its group's position when it follows the one before (`GroupPlace.prev`; a gap,
 * such as a message the member does not get, reads the head again). Every kept event carries the whole
 * cursor after it, spelled as a read spells it (cursor.ts), and such a feed answers a read from memory
 * only for a cursor it handed out itself (the `from` cursor, or a kept event's): the events after it
 * are exactly those heard since.
 */
class Feed {
  listeners: OneOrSet<NoticeListener> | undefined;
  sub: Subscription | undefined;
  /** Resolves once the broker subscription is live and `from` is known (or failed). */
  ready: Promise<void> | undefined;
  /** Recent events have every event after this position (null: not known, read the broker). */
  from: CursorPosition | null = null;
  recent: Stored[] = [];
  /** The position of each recent event (parsed once). */
  positions: CursorPosition[] = [];
  /** When each recent event was heard (Date.now()). */
  heardAt: number[] = [];
  /** Notices that came while `from` was being read: kept until it is known. */
  early: Array<{ event: Stored; group: GroupPlace | undefined }> | null = null;
  /** Position of the last event kept (or of `from` when none is). */
  last: CursorPosition | null = null;
  /** The whole cursor of `from` (with large-group positions). */
  fromCursor = '';
  /** The inbox part and the large-group positions after the last event kept. */
  lastBase = '';
  lastGroups: ReadonlyMap<string, number> = NO_GROUPS;
  /** True once the feed has followed a large group: reads are then answered by cursor, not by position. */
  grouped = false;
  /** Counts the head reads begun: only the latest one's answer makes the feed live. */
  resyncs = 0;

  constructor(readonly userId: string) {}
}

/**
 * The gate's feeds, one per user with a listener here (kept a while after the last one left, so a
 * long-poll client's next poll finds it). Delivery order, the kicks and ephemeral events pass through
 * unchanged; only durable events are remembered.
 */
export class Feeds {
  private readonly feeds = new Map<string, Feed>();
  private readonly idle: TimeoutQueue<Feed>;
  /** Reads answered from memory and from the broker, since the start. */
  readonly reads = { memory: 0, broker: 0 };

  /** `lingerMs`: how long a user's feed outlives its last listener (the broker's NOTICE_LINGER_MS). */
  constructor(
    private readonly inboxes: Inboxes,
    lingerMs: number,
  ) {
    this.idle = new TimeoutQueue(lingerMs, (f) => this.drop(f));
  }

  /** Delivers the user's notices to `listener`; resolves once they are live (the broker subscription is). */
  async subscribe(userId: string, listener: NoticeListener): Promise<Subscription> {
    const f = this.open(userId);
    f.listeners = withOne(f.listeners, listener);
    try {
      await f.ready;
    } catch (err) {
      this.remove(f, listener);
      throw err;
    }
    return { unsubscribe: () => this.remove(f, listener) };
  }

  /**
   * Events of the user's inbox after `after`, at most `limit`: from memory when this gate's feed of
   * the user holds everything after `after`, else from the broker (as Inboxes.read).
   */
  async read(userId: string, after: string, limit: number): Promise<ReadResult> {
    const f = this.feeds.get(userId);
    if (f?.from) {
      // A member of a large group reads its streams too (a cursor with group positions, see
      // broker/groups.ts): only a cursor this feed handed out is known to have nothing else after it.
      if (f.grouped || after.includes('.') || this.inboxes.merges?.(userId) === true) {
        const i = keptAfter(f, after);
        if (i >= 0) {
          this.reads.memory++;
          const events = f.recent.slice(i, i + limit);
          return { kind: 'events', events, cursor: events.length ? events[events.length - 1]!.cursor : after };
        }
      } else {
        const pos = cursorPosition(after);
        if (pos && this.covers(f, pos)) {
          this.reads.memory++;
          return { kind: 'events', ...recentAfter(f, pos, after, limit) };
        }
      }
    }
    this.reads.broker++;
    return this.inboxes.read(userId, after, limit);
  }

  /** True when the feed is live and holds every event after `pos`, and knows of none it has not got. */
  private covers(f: Feed, pos: CursorPosition): boolean {
    const from = f.from!;
    if (pos.epoch !== from.epoch || isAfter(from, pos)) return false;
    // A cursor past the last event heard comes from a notice still on its way here (or from nowhere).
    return !isAfter(pos, f.last ?? from);
  }

  /** The feed of a user, made (and its broker subscription started) when there is none. */
  private open(userId: string): Feed {
    let f = this.feeds.get(userId);
    if (f) {
      this.idle.delete(f);
      return f;
    }
    f = new Feed(userId);
    this.feeds.set(userId, f);
    const feed = f;
    f.ready = (async () => {
      feed.sub = await this.inboxes.subscribe(userId, (n) => this.onNotice(feed, n));
      if (this.feeds.get(userId) !== feed) return feed.sub.unsubscribe();
      await this.resync(feed);
    })();
    f.ready.catch(() => {
      if (this.feeds.get(userId) === feed) this.feeds.delete(userId);
    });
    return f;
  }

  /** Reads the head: every event after it will be notified, so from there the feed is whole. */
  private async resync(f: Feed): Promise<void> {
    const resync = ++f.resyncs;
    f.from = null;
    f.recent = [];
    f.positions = [];
    f.heardAt = [];
    f.early ??= [];
    let headCursor: string;
    try {
      headCursor = await this.inboxes.head(f.userId);
    } catch (err) {
      // Not live, and hearing nothing until a head is read again (`restart`).
      if (resync === f.resyncs) f.early = null;
      throw err;
    }
    // A later head read began meanwhile: it takes the notices kept aside, and the feed.
    if (resync !== f.resyncs) return;
    const head = cursorPosition(headCursor);
    const early = f.early ?? [];
    f.early = null;
    if (!head) return;
    const groups = parseCursor(headCursor)!.groups;
    f.from = head;
    f.last = head;
    f.fromCursor = headCursor;
    f.lastBase = baseOf(headCursor);
    f.lastGroups = groups.size ? groups : NO_GROUPS;
    if (groups.size) f.grouped = true;
    for (const e of early) this.keep(f, e.event, e.group);
  }

  /** Reads the head again; until then the feed answers nothing from memory. A failed read is tried again. */
  private restart(f: Feed): void {
    this.resync(f).catch(() => {
      if (f.early !== null || this.feeds.get(f.userId) !== f) return;
      setTimeout(() => {
        if (this.feeds.get(f.userId) === f && f.from === null && f.early === null) this.restart(f);
      }, RESTART_RETRY_MS).unref();
    });
  }

  private onNotice(f: Feed, n: Notice): void {
    if (n.kind === 'event') {
      if (f.early) f.early.push({ event: n.event, group: n.group });
      else if (f.from) this.keep(f, n.event, n.group);
    }
    for (const l of valuesOf(f.listeners)) l(n);
  }

  /**
   * Adds a notified event to the recent ones, in order, with the whole cursor after it; a new epoch
   * starts the feed over, and so does a large-group message that does not follow its group's last one.
   */
  private keep(f: Feed, e: Stored, group?: GroupPlace): void {
    const last = f.last;
    // Not live (the head is being read again): what comes in meanwhile waits in `early`.
    if (!f.from || !last) return;
    let pos: CursorPosition;
    let base = f.lastBase;
    let groups = f.lastGroups;
    if (group) {
      const tag = groupTag(group.conversationId);
      const at = groups.get(tag) ?? group.from;
      if (group.seq <= at) return;
      if (group.prev > at) return this.restart(f);
      groups = new Map(groups).set(tag, group.seq);
      f.grouped = true;
      pos = last;
    } else {
      const p = cursorPosition(e.cursor);
      if (!p) return;
      // The inbox was lost and made anew: read its head again (the listeners resync on their own).
      if (p.epoch !== last.epoch) return this.restart(f);
      if (!isAfter(p, last)) return;
      // The user joined or left a group: which large groups their reads merge may have changed (a read
      // after leaving one drops its messages, even those before), so the feed starts from the head.
      if (membershipChange(e, f.userId)) return this.restart(f);
      pos = p;
      base = baseOf(e.cursor);
    }
    const cursor = groups.size ? formatCursor(base, groups) : base;
    const now = Date.now();
    f.recent.push(cursor === e.cursor ? e : withCursor(e, cursor));
    f.positions.push(pos);
    f.heardAt.push(now);
    f.last = pos;
    f.lastBase = base;
    f.lastGroups = groups;
    while (f.recent.length > RECENT_MAX || now - f.heardAt[0]! > RECENT_MS) {
      f.fromCursor = f.recent.shift()!.cursor;
      f.heardAt.shift();
      f.from = f.positions.shift()!;
    }
  }

  private remove(f: Feed, listener: NoticeListener): void {
    const rest = withoutOne(f.listeners, listener);
    if (rest === false) return;
    f.listeners = rest;
    if (rest === undefined && this.feeds.get(f.userId) === f) this.idle.add(f);
  }

  private drop(f: Feed): void {
    if (f.listeners !== undefined || this.feeds.get(f.userId) !== f) return;
    this.feeds.delete(f.userId);
    f.sub?.unsubscribe();
  }

  /** Drops every feed (the gate stops). */
  close(): void {
    this.idle.clear();
    for (const f of this.feeds.values()) f.sub?.unsubscribe();
    this.feeds.clear();
  }
}

/** Where the kept events after `after` begin when `after` is a cursor the feed handed out, else -1. */
function keptAfter(f: Feed, after: string): number {
  // The cursor is usually the last event handed out: look from the end.
  for (let i = f.recent.length - 1; i >= 0; i--) if (f.recent[i]!.cursor === after) return i + 1;
  return after === f.fromCursor ? 0 : -1;
}

/** The kept events after `after` (which the feed covers), at most `limit`, and the cursor to go on from. */
function recentAfter(f: Feed, pos: CursorPosition, after: string, limit: number): { events: Stored[]; cursor: string } {
  let i = f.recent.length;
  // The cursor is usually the last event handed out: look from the end.
  while (i > 0 && isAfter(f.positions[i - 1]!, pos)) i--;
  const events = f.recent.slice(i, i + limit);
  return { events, cursor: events.length ? events[events.length - 1]!.cursor : after };
}
