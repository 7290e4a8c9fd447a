import type { Context } from '../context.js';
import type { DurableEvent, FriendRequest, GroupAction, User } from '../events.js';
import { conflict, forbidden, notFound, badRequest } from '../errors.js';
import { groupConversationId, newId } from '../ids.js';
import * as users from '../store/users.js';
import * as social from '../store/social.js';
import * as groups from '../store/groups.js';
import { rowsChanged } from '../broker/groups.js';

/** Appends a durable event to the listed inboxes. */
export async function deliver(ctx: Context, userIds: readonly string[], event: DurableEvent): Promise<void> {
  if (userIds.length) await ctx.inboxes.append(event, userIds);
}

export async function requireUser(ctx: Context, id: string): Promise<User> {
  const u = await users.getUser(ctx.sql, id);
  if (!u) throw notFound('no such user');
  return u;
}

/**
 * Asks `to` for friendship. When `to` already asked `from`, the two become friends at once: both get
 * `friend_added` and neither request stays pending (`accepted` is then true).
 */
export async function sendFriendRequest(
  ctx: Context,
  from: string,
  to: string,
  message: string,
): Promise<{ request: FriendRequest; accepted: boolean }> {
  if (from === to) throw badRequest('userId: cannot befriend yourself');
  await requireUser(ctx, to);
  if (await social.hasBlocked(ctx.sql, to, from)) throw forbidden('this user does not accept your requests');
  if (await social.areFriends(ctx.sql, from, to)) throw conflict('already friends');
  const mayAccept = !(await social.blockedEitherWay(ctx.sql, from, to));
  const r = await social.requestFriendship(
    ctx.sql,
    { id: newId(), from, to, message, createdAt: ctx.now() },
    mayAccept,
  );
  if (r.kind === 'pending') throw conflict('a request to this user is already pending');
  if (r.kind === 'refused') throw forbidden('one of you blocked the other');
  if (r.kind === 'created') {
    await deliver(ctx, [to], { type: 'friend_request', at: r.request.createdAt, data: { request: r.request } });
    return { request: r.request, accepted: false };
  }
  await befriended(ctx, from, to);
  return { request: r.request, accepted: true };
}

/** Tells both users they are friends now. */
async function befriended(ctx: Context, a: string, b: string): Promise<void> {
  ctx.access.pairChanged(a, b);
  const at = ctx.now();
  await Promise.all([
    deliver(ctx, [a], { type: 'friend_added', at, data: { userId: b } }),
    deliver(ctx, [b], { type: 'friend_added', at, data: { userId: a } }),
  ]);
}

export async function answerFriendRequest(
  ctx: Context,
  userId: string,
  requestId: string,
  accept: boolean,
): Promise<FriendRequest> {
  const existing = await social.getFriendRequest(ctx.sql, requestId);
  if (!existing || existing.to !== userId) throw notFound('no such friend request');
  if (existing.status !== 'pending') throw conflict(`the request was already ${existing.status}`);
  if (accept && (await social.blockedEitherWay(ctx.sql, existing.from, existing.to)))
    throw forbidden('one of you blocked the other');
  const r = await social.resolveFriendRequest(ctx.sql, requestId, userId, accept, ctx.now());
  if (!r) throw conflict('the request is no longer pending');
  if (accept) await befriended(ctx, r.from, r.to);
  return r;
}

export async function unfriend(ctx: Context, userId: string, friendId: string): Promise<void> {
  if (!(await social.removeFriend(ctx.sql, userId, friendId))) throw notFound('not a friend');
  ctx.access.pairChanged(userId, friendId);
  const at = ctx.now();
  await Promise.all([
    deliver(ctx, [userId], { type: 'friend_removed', at, data: { userId: friendId } }),
    deliver(ctx, [friendId], { type: 'friend_removed', at, data: { userId } }),
  ]);
}

export async function block(ctx: Context, userId: string, blockedId: string): Promise<void> {
  if (userId === blockedId) throw badRequest('userId: cannot block yourself');
  await requireUser(ctx, blockedId);
  await social.addBlock(ctx.sql, userId, blockedId, ctx.now());
  ctx.access.pairChanged(userId, blockedId);
}

export async function unblock(ctx: Context, userId: string, blockedId: string): Promise<void> {
  if (!(await social.removeBlock(ctx.sql, userId, blockedId))) throw notFound('not blocked');
  ctx.access.pairChanged(userId, blockedId);
}

async function groupEvent(
  ctx: Context,
  to: readonly string[],
  groupId: string,
  action: GroupAction,
  userIds?: string[],
): Promise<void> {
  await deliver(ctx, to, { type: 'group', at: ctx.now(), data: { groupId, action, ...(userIds ? { userIds } : {}) } });
}

export const MAX_GROUP_MEMBERS = 5000;

/**
 * Who may be put in a group, by whom: the adder's own friends only, and never someone who blocked
 * the adder (ids that name no user are left out, as they always were). The store checks it in the
 * transaction that adds them; this is the refusal when some may not be added.
 */
function refuseUnaddable({ notFriends, blockedAdder }: social.Unaddable, field: string): never {
  if (blockedAdder.length) throw forbidden(`${field}: ${blockedAdder.join(', ')}: these users do not accept you`);
  throw forbidden(`${field}: ${notFriends.join(', ')}: you can only add your friends`);
}

export async function createGroup(ctx: Context, ownerId: string, name: string, memberIds: string[]) {
  if (memberIds.length + 1 > MAX_GROUP_MEMBERS)
    throw badRequest(`memberIds: a group has at most ${MAX_GROUP_MEMBERS} members`);
  const made = await groups.createGroup(ctx.sql, {
    id: newId(),
    name,
    ownerId,
    memberIds,
    createdAt: ctx.now(),
  });
  if ('refused' in made) refuseUnaddable(made.refused, 'memberIds');
  const { group, memberIds: members } = made;
  await followIfLarge(ctx, group.id, members, members);
  await groupEvent(ctx, members, group.id, 'created', members);
  return group;
}

/** The group, when `userId` is a member; 404 for a group that does not exist, 403 for a non-member. */
export async function groupForMember(ctx: Context, groupId: string, userId: string) {
  const group = await groups.getGroup(ctx.sql, groupId);
  if (!group) throw notFound('no such group');
  const role = await groups.memberRole(ctx.sql, groupId, userId);
  if (!role) throw forbidden('not a member of this group');
  return { group, role };
}

export async function addGroupMembers(ctx: Context, groupId: string, by: string, userIds: string[]): Promise<string[]> {
  const { group, role } = await groupForMember(ctx, groupId, by);
  if (role === 'member') throw forbidden('only the owner or an admin adds members');
  if (group.memberCount + userIds.length > MAX_GROUP_MEMBERS)
    throw badRequest(`userIds: a group has at most ${MAX_GROUP_MEMBERS} members`);
  const members = new Set(await groups.memberIds(ctx.sql, groupId));
  const r = await groups.addMembers(ctx.sql, groupId, by, userIds, ctx.now());
  if ('refused' in r) refuseUnaddable(r.refused, 'userIds');
  const { added } = r;
  if (added.length) await followIfLarge(ctx, groupId, [...members, ...added], added);
  ctx.access.groupChanged(groupId);
  if (added.length) await groupEvent(ctx, await groups.memberIds(ctx.sql, groupId), groupId, 'member_added', added);
  return added;
}

/**
 * Fan-out on read (GROUP_FANOUT_LIMIT): once a group has more members than the limit, every member
 * reads its stream (a row each, `ensure`; the first large-group send does the same for the members its
 * gate knows), and members who join a group so followed get a row from their join on. Rows are kept
 * when the group shrinks again: a gate that still counts the old members may put a message in the
 * stream, and its readers still find it. Only leaving removes a row.
 */
async function followIfLarge(ctx: Context, groupId: string, members: readonly string[], added: readonly string[]) {
  const conv = groupConversationId(groupId);
  if (members.length > ctx.config.GROUP_FANOUT_LIMIT && (await ctx.groups.ensure(conv, members)))
    await rowsChanged(ctx.inboxes, members);
  if (await ctx.groups.followed(conv)) await ctx.groups.join(conv, added);
}

/** Renames a group (owner or admin); every member gets a `renamed` group event. */
export async function renameGroup(ctx: Context, groupId: string, by: string, name: string) {
  const { role } = await groupForMember(ctx, groupId, by);
  if (role === 'member') throw forbidden('only the owner or an admin renames the group');
  const group = await groups.renameGroup(ctx.sql, groupId, name);
  if (!group) throw notFound('no such group');
  await groupEvent(ctx, await groups.memberIds(ctx.sql, groupId), groupId, 'renamed');
  return group;
}

/** Leave (self) or remove (owner/admin; an admin cannot remove the owner or another admin). */
export async function removeGroupMember(ctx: Context, groupId: string, by: string, userId: string): Promise<void> {
  const { group, role } = await groupForMember(ctx, groupId, by);
  if (by !== userId) {
    if (role === 'member') throw forbidden('only the owner or an admin removes members');
    const target = await groups.memberRole(ctx.sql, groupId, userId);
    if (!target) throw notFound('not a member of this group');
    if (role === 'admin' && target !== 'member') throw forbidden('an admin removes members only');
  } else if (role === 'owner' && group.memberCount > 1) {
    throw conflict('the owner cannot leave a group that has other members');
  }
  const before = await groups.memberIds(ctx.sql, groupId);
  if (!(await groups.removeMember(ctx.sql, groupId, userId))) throw notFound('not a member of this group');
  // Before anyone is told: no read after this answers from the group's stream for the removed member.
  await ctx.groups.leave(groupConversationId(groupId), [userId]);
  ctx.access.groupChanged(groupId);
  await groupEvent(ctx, before, groupId, 'member_removed', [userId]);
}
