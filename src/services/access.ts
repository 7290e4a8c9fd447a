import type { Logger } from 'pino';
import type { BusMessage, GateBus } from '../broker/bus.js';
import type { Subscription } from '../broker/inbox.js';
import type { Sql } from '../store/db.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import { directConversationId, groupConversationId, parseConversationId, type ConversationRef } from '../ids.js';
import type { ConversationKind } from '../events.js';
import * as groups from '../store/groups.js';
import * as social from '../store/social.js';
import * as users from '../store/users.js';
import { AccessCache } from './access-cache.js';

/** What the store says about a pair of users: friendship, and a block in either direction. */
export interface PairFacts {
  friends: boolean;
  blocked: boolean;
}

/** A conversation the caller takes part in, with every member id (for fan-out and events). */
export interface Membership {
  ref: ConversationRef;
  members: string[];
}

/** How long a cached fact is trusted before it is reloaded, and how long a stale one may stand in while Postgres is away. */
const FRESH_MS = 2000;
const STALE_MS = 300_000;

/**
 * The one rule for who may act in a conversation, for the send pipeline and the conversation routes
 * alike, over facts cached per gate (see AccessCache: fresh for 2 s, a stale one stands in while
 * Postgres does not answer; a change made on any gate drops them on every gate at once, over the gate
 * bus):
 * - a direct conversation is its two users'; sending (and typing) in it needs friendship and no
 *   block either way; reading its history, marking it read or recalling in it needs only to be one of
 *   the two;
 * - a group conversation is its members'; every act needs membership.
 * The services that change friendship, blocks and membership tell this module (`pairChanged`,
 * `groupChanged`); routers never do. A group member who blocked the sender is not a recipient of
 * the sender's group messages or typing notices (they are filtered at fan-out).
 */
export class ConversationAccess {
  private readonly pairs = new AccessCache<PairFacts>(FRESH_MS, STALE_MS);
  private readonly groups = new AccessCache<string[]>(FRESH_MS, STALE_MS);
  private readonly blockers = new AccessCache<ReadonlySet<string>>(FRESH_MS, STALE_MS);

  private sub: Subscription | undefined;

  constructor(
    private readonly sql: Sql,
    private readonly bus: GateBus,
    private readonly log: Logger,
  ) {}

  /**
   * Hears the changes other gates make, and drops everything cached whenever that hearing was broken
   * (what changed meanwhile is unknown).
   */
  async start(): Promise<void> {
    this.sub = await this.bus.subscribe(
      (m) => {
        if (m.kind === 'pair') this.forgetPair(m.a, m.b);
        else if (m.kind === 'group') this.groups.invalidate(m.groupId);
      },
      () => {
        this.pairs.invalidateAll();
        this.groups.invalidateAll();
        this.blockers.invalidateAll();
      },
    );
  }

  stop(): void {
    this.sub?.unsubscribe();
  }

  /** Friendship and blocks between two users. */
  pair(a: string, b: string): Promise<PairFacts> {
    return this.pairs.get(a < b ? `${a}|${b}` : `${b}|${a}`, () => pairFacts(this.sql, a, b));
  }

  /** Every member id of a group (empty: no such group). */
  groupMembers(groupId: string): Promise<string[]> {
    return this.groups.get(`g|${groupId}`, () => groups.memberIds(this.sql, groupId));
  }

  /** Every user who blocked `userId`. */
  blockersOf(userId: string): Promise<ReadonlySet<string>> {
    return this.blockers.get(`b|${userId}`, async () => new Set(await social.blockersOf(this.sql, userId)));
  }

  /**
   * Who may send to `to`: for a direct message, friends with no block either way; for a group, its
   * members. Returns the conversation and its recipients: every member (the sender included, for
   * their other devices), except, in a group, the members who blocked the sender (`all` lists every
   * member of a group, them included).
   */
  async forSend(
    from: string,
    kind: ConversationKind,
    to: string,
  ): Promise<{ conversationId: string; members: string[]; all?: string[] }> {
    if (kind === 'direct') {
      if (to === from) throw badRequest('to: cannot message yourself');
      await this.requireFriends(from, to);
      return { conversationId: directConversationId(from, to), members: [from, to] };
    }
    const members = await this.groupMembers(to);
    if (members.length === 0) throw notFound('no such group');
    if (!members.includes(from)) throw forbidden('not a member of this group');
    const blockers = await this.blockersOf(from);
    return {
      conversationId: groupConversationId(to),
      members: blockers.size === 0 ? members : members.filter((m) => !blockers.has(m)),
      all: members,
    };
  }

  /** 404 for an id that names no conversation, 403 for one the user is not part of. */
  async member(userId: string, conversationId: string): Promise<Membership> {
    const ref = parseConversationId(conversationId);
    if (!ref) throw notFound('no such conversation');
    if (ref.kind === 'direct') {
      if (!ref.users.includes(userId)) throw forbidden('not your conversation');
      return { ref, members: [...ref.users] };
    }
    const members = await this.groupMembers(ref.groupId);
    if (members.length === 0) throw notFound('no such conversation');
    if (!members.includes(userId)) throw forbidden('not a member of this group');
    return { ref, members };
  }

  /**
   * As `member`, for acts that others hear live (typing): in a direct conversation the two must also
   * be friends with no block (as for sending), and in a group `members` leaves out the members who
   * blocked `userId`, as a group message from them does.
   */
  async talker(userId: string, conversationId: string): Promise<Membership> {
    const m = await this.member(userId, conversationId);
    if (m.ref.kind === 'direct') {
      await this.requireFriends(userId, peerOf(m.ref, userId));
      return m;
    }
    const blockers = await this.blockersOf(userId);
    return blockers.size === 0 ? m : { ref: m.ref, members: m.members.filter((u) => !blockers.has(u)) };
  }

  private async requireFriends(from: string, to: string): Promise<void> {
    const facts = await this.pair(from, to);
    if (facts.blocked) throw forbidden('one of you blocked the other');
    if (!facts.friends) {
      if (!(await users.getUser(this.sql, to))) throw notFound('no such user');
      throw forbidden('you can only message friends');
    }
  }

  /**
   * Friendship or a block between `a` and `b` changed: what this gate cached about either goes at
   * once, and every other gate is told. (A gate that does not hear it reloads within FRESH_MS.)
   */
  pairChanged(a: string, b: string): void {
    this.forgetPair(a, b);
    this.tell({ kind: 'pair', a, b });
  }

  /** The membership of a group changed: as pairChanged, for the group. */
  groupChanged(groupId: string): void {
    this.groups.invalidate(groupId);
    this.tell({ kind: 'group', groupId });
  }

  private forgetPair(a: string, b: string): void {
    for (const id of [a, b]) {
      this.pairs.invalidate(id);
      this.blockers.invalidate(id);
    }
  }

  private tell(m: BusMessage): void {
    this.bus
      .publish(m)
      .catch((err: unknown) => this.log.warn({ err: (err as Error).message }, 'access change not broadcast'));
  }
}

/** The other user of a direct conversation. */
export function peerOf(ref: Extract<ConversationRef, { kind: 'direct' }>, userId: string): string {
  return ref.users[0] === userId ? ref.users[1] : ref.users[0];
}

/** Friendship and blocks of a pair in one round trip. */
async function pairFacts(sql: Sql, a: string, b: string): Promise<PairFacts> {
  const rows = await sql<PairFacts[]>`
    select
      exists(select 1 from friendships where user_id = ${a} and friend_id = ${b}) as friends,
      exists(select 1 from blocks where (user_id = ${a} and blocked_id = ${b}) or (user_id = ${b} and blocked_id = ${a})) as blocked`;
  return rows[0]!;
}
