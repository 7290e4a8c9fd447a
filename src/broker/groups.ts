import { withCursor, type DurableEvent } from '../events.js';
import { groupConversationId } from '../ids.js';
import { baseOf, formatCursor, groupTag, parseCursor } from './cursor.js';
import type {
  EphemeralNotice,
  GroupPlace,
  Inboxes,
  KickNotice,
  Notice,
  NoticeListener,
  ReadResult,
  Subscription,
} from './inbox.js';

/**
 * Large groups: fan-out on read.
 *
 * A group message to more than GROUP_FANOUT_LIMIT recipients is not written into every member's inbox:
 * it is appended once to the group's own stream (keys of the conversation's hash tag), under its seq,
 * and announced once on the group's channel. Each member has a membership row per such group
 * (`join`: the seq the member starts after); the member's reads merge the inbox with the streams of
 * their rows, and the cursor carries a position per group (cursor.ts).
 *
 * - `append` keeps entries in seq order; an entry whose seq the stream already holds is not added again.
 * - `read` answers the entries after a seq, or `expired` when trimming removed some after it.
 * - A subscriber hears every entry appended after `subscribe` resolved, with the seq of the entry
 *   before it (`prev`), so a reader can tell it missed one.
 * - `join` sets a row only where none exists (a member keeps their place across a threshold switch);
 *   `leave` removes it at once. `ensure` gives every listed member a row once per group (the first
 *   large-group message, and the service when a group grows past the limit); after it, `followed` is
 *   true and members who join later need a row of their own. A message is put in a stream only while
 *   its group is followed (`sequencer.send` answers `unfollowed` otherwise), so no member lacks a row.
 * - A cursor has room for MAX_STREAM_GROUPS positions (80 characters in all): a member of more large
 *   groups gets a row of the kind `INBOX_COPIES` for the others, and the messages of those groups are
 *   written into their inbox as well (`append` answers who they are), as for a small group.
 */
export interface GroupStreams {
  /** Appends the entry; answers the members who get the group's messages in their inbox (INBOX_COPIES). */
  append(entry: GroupEntry): Promise<string[]>;
  read(conversationId: string, afterSeq: number, limit: number): Promise<GroupRead>;
  /** The last seq each stream holds (0 for none). */
  last(conversationIds: readonly string[]): Promise<number[]>;
  join(conversationId: string, userIds: readonly string[]): Promise<void>;
  leave(conversationId: string, userIds: readonly string[]): Promise<void>;
  /**
   * Rows for all `members` unless the group's members were given rows before; true when this call
   * made them (the caller then tells the members' live subscriptions: `ROWS_CHANGED`).
   */
  ensure(conversationId: string, members: readonly string[]): Promise<boolean>;
  /** True once `ensure` ran for the group. */
  followed(conversationId: string): Promise<boolean>;
  /** The user's stream rows (not INBOX_COPIES ones): conversation id → the seq they start after. */
  memberships(userId: string): Promise<Map<string, number>>;
  subscribe(conversationId: string, listener: (n: GroupNotice) => void): Promise<Subscription>;
}

/**
 * A kick notice with this session id tells a user's live subscriptions that their rows changed (a
 * group they are in became followed), so they follow its channel. No session has an empty id, and
 * the subscriptions here never pass it on.
 */
export const ROWS_CHANGED = '';

/** Tells the live subscriptions of `userIds` to reload their rows. */
export function rowsChanged(inboxes: Pick<Inboxes, 'publish'>, userIds: readonly string[]): Promise<void> {
  return inboxes.publish(userIds, { kind: 'kick', sessionId: ROWS_CHANGED });
}

/**
 * The group a `group` event adds `userId` to or removes them from (its conversation id, and whether
 * it is a removal), or null when the event does not change that user's membership. Which large groups
 * the user's reads merge, and so their cursors and live channels, follow from these events.
 */
export function membershipChange(e: DurableEvent, userId: string): { conversationId: string; removed: boolean } | null {
  if (e.type !== 'group' || e.data.action === 'renamed' || !e.data.userIds?.includes(userId)) return null;
  return { conversationId: groupConversationId(e.data.groupId), removed: e.data.action === 'member_removed' };
}

/** Large groups whose positions one cursor carries; a member's further large groups come by inbox. */
export const MAX_STREAM_GROUPS = 4;

/** The row of a member who gets the group's messages in their inbox. */
export const INBOX_COPIES = -1;

export interface GroupEntry {
  conversationId: string;
  seq: number;
  event: DurableEvent;
  /** Members who do not get it (they blocked the sender). */
  excluded: readonly string[];
}

export type GroupRead = { kind: 'entries'; entries: GroupEntry[] } | { kind: 'expired' };

export interface GroupNotice {
  entry: GroupEntry;
  prev: number;
}

/**
 * The inboxes gates use: the per-user inboxes (fan-out on write) merged with the large-group streams
 * of each user's rows. A user in no large group sees exactly the inbox below, cursors included.
 */
export class LargeGroupInboxes implements Inboxes {
  /** Users whose rows were last seen non-empty here (see `merges`). */
  private readonly withRows = new Set<string>();

  constructor(
    private readonly inboxes: Inboxes,
    private readonly streams: GroupStreams,
  ) {}

  /** `rowsOf`, bound once for every subscription. */
  private readonly rowsOfUser = (userId: string) => this.rowsOf(userId);

  merges(userId: string): boolean {
    return this.withRows.has(userId);
  }

  /** The user's rows, noting whether they have any. */
  private async rowsOf(userId: string): Promise<Map<string, number>> {
    const rows = await this.streams.memberships(userId);
    if (rows.size > 0) this.withRows.add(userId);
    else this.withRows.delete(userId);
    return rows;
  }

  append(event: DurableEvent, userIds: readonly string[]): Promise<string[]> {
    return this.inboxes.append(event, userIds);
  }

  publish(userIds: readonly string[], notice: EphemeralNotice | KickNotice): Promise<void> {
    return this.inboxes.publish(userIds, notice);
  }

  async head(userId: string): Promise<string> {
    // Both asked at once; a user in no large group costs no further step (as few as the inbox alone).
    const [base, rows] = await Promise.all([this.inboxes.head(userId), this.rowsOf(userId)]);
    return rows.size === 0 ? base : this.headOf(base, rows);
  }

  private async headOf(base: string, rows: Map<string, number>): Promise<string> {
    if (rows.size === 0) return base;
    const ids = [...rows.keys()];
    const last = await this.streams.last(ids);
    const groups = new Map<string, number>();
    ids.forEach((id, i) => {
      const from = rows.get(id)!;
      if (last[i]! > from) groups.set(groupTag(id), last[i]!);
    });
    return formatCursor(baseOf(base), groups);
  }

  async read(userId: string, after: string | null, limit: number): Promise<ReadResult> {
    const cur = after === null ? null : parseCursor(after);
    if (after !== null && !cur) throw new Error('malformed cursor');
    const [first, rows] = await Promise.all([
      this.inboxes.read(userId, cur ? cur.base : null, limit),
      this.rowsOf(userId),
    ]);
    if (first.kind === 'expired') return { kind: 'expired', head: await this.headOf(first.head, rows) };
    if (!cur) return { kind: 'events', events: [], cursor: await this.headOf(first.cursor, rows) };
    if (rows.size === 0) return first;

    // Each group's position: the cursor's, never before the member's row.
    const ids = [...rows.keys()];
    const pos = new Map<string, number>();
    for (const id of ids) pos.set(id, Math.max(cur.groups.get(groupTag(id)) ?? 0, rows.get(id)!));
    const reads = await Promise.all(ids.map((id) => this.streams.read(id, pos.get(id)!, limit)));
    if (reads.some((r) => r.kind === 'expired')) {
      return { kind: 'expired', head: await this.headOf(await this.inboxes.head(userId), rows) };
    }
    // Merge the sources head by head, earliest first (the inbox on a tie): each keeps its own order,
    // whatever the times within it, so what is taken is a prefix of every source.
    const queues: Array<Array<{ at: number; inbox?: DurableEvent & { cursor: string }; group?: GroupEntry }>> = [
      first.events.map((e) => ({ at: e.at, inbox: e })),
    ];
    for (const r of reads) if (r.kind === 'entries') queues.push(r.entries.map((g) => ({ at: g.event.at, group: g })));
    const heads = queues.map(() => 0);
    let base = cur.base;
    let inboxTaken = 0;
    const events: Array<DurableEvent & { cursor: string }> = [];
    const cursorNow = () => {
      const groups = new Map<string, number>();
      for (const id of ids) if (pos.get(id)! > rows.get(id)!) groups.set(groupTag(id), pos.get(id)!);
      return formatCursor(base, groups);
    };
    // Items past `limit` stay for the next read.
    let count = 0;
    while (count < limit) {
      let q = -1;
      for (let i = 0; i < queues.length; i++) {
        const h = queues[i]![heads[i]!];
        if (h && (q < 0 || h.at < queues[q]![heads[q]!]!.at)) q = i;
      }
      if (q < 0) break;
      const it = queues[q]![heads[q]!++]!;
      if (it.inbox) {
        base = baseOf(it.inbox.cursor);
        inboxTaken++;
        count++;
        events.push({ ...it.inbox, cursor: cursorNow() });
      } else {
        const g = it.group!;
        pos.set(g.conversationId, g.seq);
        if (g.excluded.includes(userId)) continue;
        count++;
        events.push({ ...g.event, cursor: cursorNow() });
      }
    }
    // Every inbox entry read was taken: the inbox part moves as the read said (past undecodable ones too).
    if (inboxTaken === first.events.length) base = baseOf(first.cursor);
    return { kind: 'events', events, cursor: cursorNow() };
  }

  async subscribe(userId: string, listener: NoticeListener): Promise<Subscription> {
    const sub = new MemberSubscription(this.streams, userId, listener, this.rowsOfUser);
    try {
      await sub.start(this.inboxes);
    } catch (err) {
      sub.unsubscribe();
      throw err;
    }
    return sub;
  }
}

/** Each entry's event with an empty cursor, made once for every member the entry reaches on this gate. */
const blanks = new WeakMap<GroupEntry, DurableEvent & { cursor: string }>();

/** The event of `entry` as a notice carries it (cursor '': the delivery places it by its group). Never mutated. */
function blankCursor(entry: GroupEntry): DurableEvent & { cursor: string } {
  let e = blanks.get(entry);
  if (e === undefined) blanks.set(entry, (e = withCursor(entry.event, '')));
  return e;
}

/** The rows of a subscription whose user has none; never written to. */
const NO_ROWS: Map<string, number> = new Map();

/**
 * One listener's subscription: the user's own notices, and the channels of the user's large groups.
 * Group notices reach the listener only while the user's row stands: a `group` event that removes the
 * user drops the group at once; one that names a group not yet followed reloads the rows.
 */
class MemberSubscription implements Subscription {
  /** The user's rows (shared and empty until the user has some: most subscriptions never do). */
  private rows: Map<string, number> = NO_ROWS;
  /** The group channels followed, made when the first one is. */
  private groupSubs: Map<string, Subscription> | null = null;
  private own: Subscription | undefined;
  private closed = false;
  private reloading: Promise<void> | null = null;
  /** Rows must be read again once the read under way is done (they changed meanwhile). */
  private reloadAgain = false;
  /** Counts the user's removals heard: rows read before one are stale. */
  private removals = 0;

  constructor(
    private readonly streams: GroupStreams,
    private readonly userId: string,
    private readonly listener: NoticeListener,
    private readonly rowsOf: (userId: string) => Promise<Map<string, number>>,
  ) {}

  async start(inboxes: Inboxes): Promise<void> {
    const rowsP = this.rowsOf(this.userId);
    rowsP.catch(() => {}); // answered below, after the subscription
    const own = await inboxes.subscribe(this.userId, (n) => this.onOwn(n));
    const rows = await rowsP.catch((err: unknown) => {
      own.unsubscribe();
      throw err;
    });
    if (this.closed) {
      own.unsubscribe();
      return;
    }
    if (rows.size > 0) await this.follow(rows);
    if (this.closed) own.unsubscribe();
    else this.own = own;
  }

  /** Follows exactly the groups of `rows`: subscribes to the new ones, drops the others. */
  private async follow(rows: Map<string, number>): Promise<void> {
    if (this.closed) return;
    this.rows = rows;
    for (const [id, s] of this.groupSubs ?? []) {
      if (!rows.has(id)) {
        s.unsubscribe();
        this.groupSubs!.delete(id);
      }
    }
    const fresh = [...rows.keys()].filter((id) => !this.groupSubs?.has(id));
    const started = this.own !== undefined;
    await Promise.all(
      fresh.map(async (id) => {
        const s = await this.streams.subscribe(id, (n) => this.onGroup(n));
        if (this.closed || !this.rows.has(id) || this.groupSubs?.has(id)) {
          s.unsubscribe();
          return;
        }
        (this.groupSubs ??= new Map()).set(id, s);
        // A group followed after the start (the user joined it meanwhile): what its stream got before
        // the channel was live goes out now (the delivery drops what it already has).
        if (started) await this.catchUp(id, rows.get(id)!);
      }),
    );
  }

  private async catchUp(conversationId: string, from: number): Promise<void> {
    const r = await this.streams.read(conversationId, from, 500);
    if (r.kind === 'expired') return;
    let prev = from;
    for (const entry of r.entries) {
      this.onGroup({ entry, prev });
      prev = entry.seq;
    }
  }

  private onOwn(n: Notice): void {
    if (n.kind === 'kick' && n.sessionId === ROWS_CHANGED) {
      this.reload();
      return;
    }
    if (n.kind === 'event' && n.event.type === 'group') {
      const change = membershipChange(n.event, this.userId);
      const id = groupConversationId(n.event.data.groupId);
      if (change?.removed) {
        this.removals++;
        if (this.rows !== NO_ROWS) this.rows.delete(id);
        this.groupSubs?.get(id)?.unsubscribe();
        this.groupSubs?.delete(id);
      } else if (n.event.data.action !== 'renamed' && !this.rows.has(id)) {
        this.reload();
      }
    }
    this.listener(n);
  }

  private reload(): void {
    if (this.reloading) {
      this.reloadAgain = true;
      return;
    }
    const removals = this.removals;
    this.reloading = this.rowsOf(this.userId)
      .then((rows) => {
        // Rows read before a removal was heard may still hold that group: read them again instead.
        if (removals !== this.removals) this.reloadAgain = true;
        else return this.follow(rows);
      })
      .catch(() => {})
      .finally(() => {
        this.reloading = null;
        if (this.reloadAgain && !this.closed) {
          this.reloadAgain = false;
          this.reload();
        }
      });
  }

  private onGroup(n: GroupNotice): void {
    const { entry } = n;
    const from = this.rows.get(entry.conversationId);
    if (this.closed || from === undefined || entry.seq <= from || entry.excluded.includes(this.userId)) return;
    const group: GroupPlace = { conversationId: entry.conversationId, seq: entry.seq, prev: n.prev, from };
    this.listener({ kind: 'event', event: blankCursor(entry), group });
  }

  unsubscribe(): void {
    this.closed = true;
    this.own?.unsubscribe();
    this.own = undefined;
    for (const s of this.groupSubs?.values() ?? []) s.unsubscribe();
    this.groupSubs = null;
  }
}
