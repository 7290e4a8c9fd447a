import type { Sql } from './db.js';
import { lockPairs, notAddableBy, type Unaddable } from './social.js';

export type Role = 'owner' | 'admin' | 'member';

export interface Group {
  id: string;
  name: string;
  ownerId: string;
  memberCount: number;
  createdAt: number;
}

interface GroupRow {
  id: string;
  name: string;
  owner_id: string;
  member_count: number;
  created_at: number;
}

const toGroup = (r: GroupRow): Group => ({
  id: r.id,
  name: r.name,
  ownerId: r.owner_id,
  memberCount: r.member_count,
  createdAt: r.created_at,
});

/**
 * Creates a group with its owner and members (ids that exist; duplicates ignored), when the owner may
 * add every one of them (see `notAddableBy`); otherwise creates nothing and says who may not be
 * added. The check and the inserts are one transaction under the pairs' locks, so a block or an
 * unfriending of the owner cannot slip in between.
 */
export async function createGroup(
  sql: Sql,
  g: { id: string; name: string; ownerId: string; memberIds: string[]; createdAt: number },
): Promise<{ group: Group; memberIds: string[] } | { refused: Unaddable }> {
  return sql.begin(async (tx) => {
    const others = [...new Set(g.memberIds)].filter((id) => id !== g.ownerId);
    await lockPairs(tx, g.ownerId, others);
    const refused = await notAddableBy(tx, g.ownerId, others);
    if (refused.notFriends.length || refused.blockedAdder.length) return { refused };
    await tx`insert into groups (id, name, owner_id, member_count, created_at) values (${g.id}, ${g.name}, ${g.ownerId}, 0, ${g.createdAt})`;
    await tx`insert into group_members (group_id, user_id, role, joined_at) values (${g.id}, ${g.ownerId}, 'owner', ${g.createdAt})`;
    const added = others.length
      ? await tx<{ user_id: string }[]>`
          insert into group_members (group_id, user_id, role, joined_at)
          select ${g.id}, u.id, 'member', ${g.createdAt} from users u where u.id = any(${tx.array(others)})
          on conflict do nothing returning user_id`
      : [];
    const rows = await tx<GroupRow[]>`
      update groups set member_count = ${1 + added.length} where id = ${g.id} returning *`;
    return { group: toGroup(rows[0]!), memberIds: [g.ownerId, ...added.map((r) => r.user_id)] };
  });
}

export async function getGroup(sql: Sql, id: string): Promise<Group | null> {
  const rows = await sql<GroupRow[]>`select * from groups where id = ${id}`;
  return rows[0] ? toGroup(rows[0]) : null;
}

export async function listUserGroups(sql: Sql, userId: string): Promise<Group[]> {
  const rows = await sql<GroupRow[]>`
    select g.* from groups g join group_members m on m.group_id = g.id
    where m.user_id = ${userId} order by g.created_at desc limit 1000`;
  return rows.map(toGroup);
}

/** Renames a group; returns it, or null when there is no such group. */
export async function renameGroup(sql: Sql, id: string, name: string): Promise<Group | null> {
  const rows = await sql<GroupRow[]>`update groups set name = ${name} where id = ${id} returning *`;
  return rows[0] ? toGroup(rows[0]) : null;
}

/** The member's role, or null when not a member. */
export async function memberRole(sql: Sql, groupId: string, userId: string): Promise<Role | null> {
  const rows = await sql<
    { role: Role }[]
  >`select role from group_members where group_id = ${groupId} and user_id = ${userId}`;
  return rows[0]?.role ?? null;
}

/** Members in user-id order, after `after`, at most `limit`. */
export async function listMembers(
  sql: Sql,
  groupId: string,
  after: string,
  limit: number,
): Promise<Array<{ userId: string; role: Role; joinedAt: number }>> {
  const rows = await sql<{ user_id: string; role: Role; joined_at: number }[]>`
    select user_id, role, joined_at from group_members
    where group_id = ${groupId} and user_id > ${after} order by user_id limit ${limit}`;
  return rows.map((r) => ({ userId: r.user_id, role: r.role, joinedAt: r.joined_at }));
}

/** Every member id (fan-out). */
export async function memberIds(sql: Sql, groupId: string): Promise<string[]> {
  const rows = await sql<{ user_id: string }[]>`select user_id from group_members where group_id = ${groupId}`;
  return rows.map((r) => r.user_id);
}

/**
 * Adds existing users as members, when `adder` may add every one who is not a member yet (see
 * `notAddableBy`); returns the ids actually added, or, adding nobody, who may not be added. The check
 * and the insert are one transaction under the pairs' locks, so a block or an unfriending of the
 * adder cannot slip in between; the insert repeats the check, so a member who leaves meanwhile is not
 * put back unchecked.
 */
export async function addMembers(
  sql: Sql,
  groupId: string,
  adder: string,
  userIds: string[],
  now: number,
): Promise<{ added: string[] } | { refused: Unaddable }> {
  return sql.begin(async (tx) => {
    const ids = [...new Set(userIds)].filter((id) => id !== adder);
    await lockPairs(tx, adder, ids);
    const members = new Set(
      (
        await tx<{ user_id: string }[]>`
          select user_id from group_members where group_id = ${groupId} and user_id = any(${tx.array(ids)})`
      ).map((r) => r.user_id),
    );
    const refused = await notAddableBy(
      tx,
      adder,
      ids.filter((id) => !members.has(id)),
    );
    if (refused.notFriends.length || refused.blockedAdder.length) return { refused };
    const added = ids.length
      ? await tx<{ user_id: string }[]>`
          insert into group_members (group_id, user_id, role, joined_at)
          select ${groupId}, u.id, 'member', ${now} from users u
          where u.id = any(${tx.array(ids)})
            and exists(select 1 from friendships f where f.user_id = ${adder} and f.friend_id = u.id)
            and not exists(select 1 from blocks b where b.user_id = u.id and b.blocked_id = ${adder})
          on conflict do nothing returning user_id`
      : [];
    if (added.length) await tx`update groups set member_count = member_count + ${added.length} where id = ${groupId}`;
    return { added: added.map((r) => r.user_id) };
  });
}

/** Removes a member; false when not a member. */
export async function removeMember(sql: Sql, groupId: string, userId: string): Promise<boolean> {
  return sql.begin(async (tx) => {
    const rows = await tx`delete from group_members where group_id = ${groupId} and user_id = ${userId} returning 1`;
    if (!rows.length) return false;
    await tx`update groups set member_count = member_count - 1 where id = ${groupId}`;
    return true;
  });
}
