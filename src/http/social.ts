import { Router } from 'express';
import { z } from 'zod';
import type { Context } from '../context.js';
import * as users from '../store/users.js';
import * as social from '../store/social.js';
import * as groups from '../store/groups.js';
import * as svc from '../services/social.js';
import type {
  BlockedAnswer,
  BlocksAnswer,
  FriendRequestAnswer,
  FriendRequestsAnswer,
  FriendsAnswer,
  GroupAnswer,
  GroupMembersAnswer,
  GroupsAnswer,
  MembersAddedAnswer,
  UserAnswer,
  UsersAnswer,
} from './answers.js';
import { me } from './middleware.js';
import { id, parse, queryInt } from './validate.js';

export const friendRequestBody = z.object({ userId: id, message: z.string().max(500).optional() });
export const blockBody = z.object({ userId: id });
export const groupBody = z.object({
  name: z.string().trim().min(1).max(64),
  memberIds: z.array(id).max(svc.MAX_GROUP_MEMBERS).default([]),
});
export const renameBody = z.object({ name: z.string().trim().min(1).max(64) });
export const membersBody = z.object({ userIds: z.array(id).min(1).max(1000) });
export const membersQuery = z.object({ after: id.optional(), limit: queryInt(1, 200).optional() });
export const searchQuery = z.object({ query: z.string().max(32).default('') });

/** `/v1/me`, `/v1/users`, `/v1/friends`, `/v1/blocks`, `/v1/groups` (all authenticated). */
export function socialRouter(ctx: Context): Router {
  const r = Router();

  r.get('/me', async (req, res) => {
    res.json({ user: await svc.requireUser(ctx, me(req).userId) } satisfies UserAnswer);
  });

  r.get('/users', async (req, res) => {
    const { query } = parse(searchQuery, req.query, 'query');
    res.json({ users: query ? await users.searchUsers(ctx.sql, query, 20) : [] } satisfies UsersAnswer);
  });

  r.get('/users/:id', async (req, res) => {
    res.json({ user: await svc.requireUser(ctx, parse(id, req.params.id, 'id')) } satisfies UserAnswer);
  });

  r.get('/friends', async (req, res) => {
    const ids = await social.listFriendIds(ctx.sql, me(req).userId);
    const [byId, presence] = await Promise.all([users.getUsers(ctx.sql, ids), ctx.presence.get(ids, ctx.now())]);
    const friends = ids.flatMap((fid, i) => {
      const user = byId.get(fid);
      const p = presence[i]!;
      return user ? [{ user, online: p.online, lastSeen: p.lastSeen }] : [];
    });
    res.json({ friends } satisfies FriendsAnswer);
  });

  r.post('/friends/requests', async (req, res) => {
    const body = parse(friendRequestBody, req.body);
    const { request, accepted } = await svc.sendFriendRequest(ctx, me(req).userId, body.userId, body.message ?? '');
    res.status(201).json((accepted ? { request, accepted } : { request }) satisfies FriendRequestAnswer);
  });

  r.get('/friends/requests', async (req, res) => {
    res.json((await social.listFriendRequests(ctx.sql, me(req).userId)) satisfies FriendRequestsAnswer);
  });

  for (const action of ['accept', 'reject'] as const) {
    r.post(`/friends/requests/:id/${action}`, async (req, res) => {
      const request = await svc.answerFriendRequest(
        ctx,
        me(req).userId,
        parse(id, req.params.id, 'id'),
        action === 'accept',
      );
      res.json({ request } satisfies FriendRequestAnswer);
    });
  }

  r.delete('/friends/:userId', async (req, res) => {
    await svc.unfriend(ctx, me(req).userId, parse(id, req.params.userId, 'userId'));
    res.status(204).end();
  });

  r.get('/blocks', async (req, res) => {
    const ids = await social.listBlockedIds(ctx.sql, me(req).userId);
    const byId = await users.getUsers(ctx.sql, ids);
    res.json({ blocks: ids.flatMap((b) => (byId.has(b) ? [{ user: byId.get(b)! }] : [])) } satisfies BlocksAnswer);
  });

  r.post('/blocks', async (req, res) => {
    const { userId } = parse(blockBody, req.body);
    await svc.block(ctx, me(req).userId, userId);
    res.status(201).json({ userId } satisfies BlockedAnswer);
  });

  r.delete('/blocks/:userId', async (req, res) => {
    await svc.unblock(ctx, me(req).userId, parse(id, req.params.userId, 'userId'));
    res.status(204).end();
  });

  r.post('/groups', async (req, res) => {
    const body = parse(groupBody, req.body);
    res
      .status(201)
      .json({ group: await svc.createGroup(ctx, me(req).userId, body.name, body.memberIds) } satisfies GroupAnswer);
  });

  r.get('/groups', async (req, res) => {
    res.json({ groups: await groups.listUserGroups(ctx.sql, me(req).userId) } satisfies GroupsAnswer);
  });

  r.get('/groups/:id', async (req, res) => {
    const { group } = await svc.groupForMember(ctx, parse(id, req.params.id, 'id'), me(req).userId);
    res.json({ group } satisfies GroupAnswer);
  });

  r.patch('/groups/:id', async (req, res) => {
    const { name } = parse(renameBody, req.body);
    res.json({
      group: await svc.renameGroup(ctx, parse(id, req.params.id, 'id'), me(req).userId, name),
    } satisfies GroupAnswer);
  });

  r.get('/groups/:id/members', async (req, res) => {
    const groupId = parse(id, req.params.id, 'id');
    await svc.groupForMember(ctx, groupId, me(req).userId);
    const q = parse(membersQuery, req.query, 'query');
    const limit = q.limit ?? 50;
    const page = await groups.listMembers(ctx.sql, groupId, q.after ?? '', limit);
    const byId = await users.getUsers(
      ctx.sql,
      page.map((m) => m.userId),
    );
    const members = page.flatMap((m) => {
      const user = byId.get(m.userId);
      return user ? [{ user, role: m.role, joinedAt: m.joinedAt }] : [];
    });
    res.json({
      members,
      next: page.length === limit ? page[page.length - 1]!.userId : null,
    } satisfies GroupMembersAnswer);
  });

  r.post('/groups/:id/members', async (req, res) => {
    const { userIds } = parse(membersBody, req.body);
    const added = await svc.addGroupMembers(ctx, parse(id, req.params.id, 'id'), me(req).userId, userIds);
    res.json({ added } satisfies MembersAddedAnswer);
  });

  r.delete('/groups/:id/members/:userId', async (req, res) => {
    await svc.removeGroupMember(
      ctx,
      parse(id, req.params.id, 'id'),
      me(req).userId,
      parse(id, req.params.userId, 'userId'),
    );
    res.status(204).end();
  });
  return r;
}
