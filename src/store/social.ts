import type { Sql, Tx } from './db.js';
import type { FriendRequest } from '../events.js';

interface RequestRow {
  id: string;
  from_user: string;
  to_user: string;
  message: string;
  created_at: number;
  status: string;
}

const toRequest = (r: RequestRow): FriendRequest => ({
  id: r.id,
  from: r.from_user,
  to: r.to_user,
  message: r.message,
  createdAt: r.created_at,
});

export async function areFriends(sql: Sql, a: string, b: string): Promise<boolean> {
  const rows = await sql`select 1 from friendships where user_id = ${a} and friend_id = ${b}`;
  return rows.length > 0;
}

/** True when either user blocked the other. */
export async function blockedEitherWay(sql: Sql, a: string, b: string): Promise<boolean> {
  const rows = await sql`
    select 1 from blocks where (user_id = ${a} and blocked_id = ${b}) or (user_id = ${b} and blocked_id = ${a}) limit 1`;
  return rows.length > 0;
}

/** The advisory lock of a pair of users, the same whichever of the two is named first. */
const pairLockKey = (a: string, b: string) => (a < b ? `friends:${a}:${b}` : `friends:${b}:${a}`);

/**
 * Takes the transaction's lock on each pair of `a` and one of `others`. What can make one of a pair
 * no longer addable to a group by the other (ending their friendship, a block) holds the pair's lock,
 * as asking for friendship does, so neither happens to these pairs until the transaction ends. The
 * locks are taken in one order (of their keys), so two transactions that share pairs wait for each
 * other instead of deadlocking.
 */
export async function lockPairs(tx: Tx, a: string, others: readonly string[]): Promise<void> {
  const keys = [...new Set(others)].filter((id) => id !== a).map((id) => pairLockKey(a, id));
  if (keys.length === 0) return;
  await tx`
    select pg_advisory_xact_lock(k) from (
      select distinct hashtextextended(key, 0) as k from unnest(${tx.array(keys)}::text[]) as key order by k
    ) as ordered`;
}

/** Who of the ids may not be put in a group by the adder, and why. */
export interface Unaddable {
  notFriends: string[];
  blockedAdder: string[];
}

/**
 * Of `userIds` (existing users only), those `adder` may not put in a group: the ones who are not the
 * adder's friends, and the ones who blocked the adder. Run it in the transaction that adds them,
 * after `lockPairs` for the same ids, so the answer still holds when they are inserted.
 */
export async function notAddableBy(tx: Tx, adder: string, userIds: readonly string[]): Promise<Unaddable> {
  if (userIds.length === 0) return { notFriends: [], blockedAdder: [] };
  const rows = await tx<{ id: string; friend: boolean; blocked: boolean }[]>`
    select u.id,
      exists(select 1 from friendships f where f.user_id = ${adder} and f.friend_id = u.id) as friend,
      exists(select 1 from blocks b where b.user_id = u.id and b.blocked_id = ${adder}) as blocked
    from users u where u.id = any(${tx.array([...userIds])})`;
  return {
    notFriends: rows.filter((r) => !r.friend).map((r) => r.id),
    blockedAdder: rows.filter((r) => r.blocked).map((r) => r.id),
  };
}

/** Every user who blocked `userId`. */
export async function blockersOf(sql: Sql, userId: string): Promise<string[]> {
  const rows = await sql<{ user_id: string }[]>`select user_id from blocks where blocked_id = ${userId}`;
  return rows.map((r) => r.user_id);
}

/** True when `blocker` blocked `blocked`. */
export async function hasBlocked(sql: Sql, blocker: string, blocked: string): Promise<boolean> {
  const rows = await sql`select 1 from blocks where user_id = ${blocker} and blocked_id = ${blocked}`;
  return rows.length > 0;
}

/** What asking someone for friendship did. */
export type RequestOutcome =
  /** A pending request was made. */
  | { kind: 'created'; request: FriendRequest }
  /** The other user's pending request to the asker was accepted: they are friends; `request` is the asker's, closed. */
  | { kind: 'accepted'; request: FriendRequest }
  /** The asker already has a pending request to that user. */
  | { kind: 'pending' }
  /** The other user has a pending request to the asker, but `mayAccept` was false. */
  | { kind: 'refused' };

/**
 * Asks `r.to` for friendship. When `r.to` has a pending request to `r.from`, that request is accepted
 * instead (friendship both ways, and the asker's own request is stored already accepted). One
 * transaction under a lock on the pair, so two requests crossing at the same moment also end as friends.
 */
export async function requestFriendship(sql: Sql, r: FriendRequest, mayAccept: boolean): Promise<RequestOutcome> {
  return sql.begin(async (tx) => {
    await lockPairs(tx, r.from, [r.to]);
    const theirs = await tx<RequestRow[]>`
      select * from friend_requests where from_user = ${r.to} and to_user = ${r.from} and status = 'pending'`;
    if (theirs[0]) {
      if (!mayAccept) return { kind: 'refused' } as const;
      await tx`update friend_requests set status = 'accepted' where id = ${theirs[0].id}`;
      await tx`
        insert into friendships (user_id, friend_id, created_at)
        values (${r.from}, ${r.to}, ${r.createdAt}), (${r.to}, ${r.from}, ${r.createdAt})
        on conflict do nothing`;
      const mine = await tx<RequestRow[]>`
        insert into friend_requests (id, from_user, to_user, message, created_at, status)
        values (${r.id}, ${r.from}, ${r.to}, ${r.message}, ${r.createdAt}, 'accepted') returning *`;
      return { kind: 'accepted', request: toRequest(mine[0]!) } as const;
    }
    const rows = await tx<RequestRow[]>`
      insert into friend_requests (id, from_user, to_user, message, created_at)
      values (${r.id}, ${r.from}, ${r.to}, ${r.message}, ${r.createdAt})
      on conflict do nothing returning *`;
    return rows[0] ? ({ kind: 'created', request: toRequest(rows[0]) } as const) : ({ kind: 'pending' } as const);
  });
}

export async function listFriendRequests(
  sql: Sql,
  userId: string,
): Promise<{ incoming: FriendRequest[]; outgoing: FriendRequest[] }> {
  const rows = await sql<RequestRow[]>`
    select * from friend_requests where status = 'pending' and (to_user = ${userId} or from_user = ${userId})
    order by created_at desc limit 500`;
  return {
    incoming: rows.filter((r) => r.to_user === userId).map(toRequest),
    outgoing: rows.filter((r) => r.from_user === userId).map(toRequest),
  };
}

export async function getFriendRequest(sql: Sql, id: string): Promise<(FriendRequest & { status: string }) | null> {
  const rows = await sql<RequestRow[]>`select * from friend_requests where id = ${id}`;
  return rows[0] ? { ...toRequest(rows[0]), status: rows[0].status } : null;
}

/**
 * Resolves a pending request addressed to `userId`. On accept the friendship is stored both ways,
 * and a pending request in the other direction is settled too. Returns the request, or null when it
 * was not pending for this user.
 */
export async function resolveFriendRequest(
  sql: Sql,
  id: string,
  userId: string,
  accept: boolean,
  now: number,
): Promise<FriendRequest | null> {
  return sql.begin(async (tx) => {
    const rows = await tx<RequestRow[]>`
      update friend_requests set status = ${accept ? 'accepted' : 'rejected'}
      where id = ${id} and to_user = ${userId} and status = 'pending' returning *`;
    const r = rows[0];
    if (!r) return null;
    if (accept) {
      await tx`
        insert into friendships (user_id, friend_id, created_at)
        values (${r.from_user}, ${r.to_user}, ${now}), (${r.to_user}, ${r.from_user}, ${now})
        on conflict do nothing`;
      await tx`
        update friend_requests set status = 'accepted'
        where from_user = ${r.to_user} and to_user = ${r.from_user} and status = 'pending'`;
    }
    return toRequest(r);
  });
}

/**
 * Removes a friendship both ways; false when there was none. Under the pair's lock, so a group add
 * by either of them that already checked the friendship finishes first.
 */
export async function removeFriend(sql: Sql, a: string, b: string): Promise<boolean> {
  return sql.begin(async (tx) => {
    await lockPairs(tx, a, [b]);
    const rows = await tx`
      delete from friendships where (user_id = ${a} and friend_id = ${b}) or (user_id = ${b} and friend_id = ${a}) returning 1`;
    return rows.length > 0;
  });
}

export async function listFriendIds(sql: Sql, userId: string): Promise<string[]> {
  const rows = await sql<{ friend_id: string }[]>`
    select friend_id from friendships where user_id = ${userId} order by created_at limit 5000`;
  return rows.map((r) => r.friend_id);
}

/** Adds a block; under the pair's lock, as `removeFriend`. */
export async function addBlock(sql: Sql, userId: string, blockedId: string, now: number): Promise<void> {
  await sql.begin(async (tx) => {
    await lockPairs(tx, userId, [blockedId]);
    await tx`insert into blocks (user_id, blocked_id, created_at) values (${userId}, ${blockedId}, ${now}) on conflict do nothing`;
  });
}

export async function removeBlock(sql: Sql, userId: string, blockedId: string): Promise<boolean> {
  const rows = await sql`delete from blocks where user_id = ${userId} and blocked_id = ${blockedId} returning 1`;
  return rows.length > 0;
}

export async function listBlockedIds(sql: Sql, userId: string): Promise<string[]> {
  const rows = await sql<{ blocked_id: string }[]>`
    select blocked_id from blocks where user_id = ${userId} order by created_at limit 5000`;
  return rows.map((r) => r.blocked_id);
}
