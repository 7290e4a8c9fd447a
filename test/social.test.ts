import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { befriend, call, newUser } from './helpers/http.js';

const skip = !((await postgresAvailable()) && (await redisAvailable()));

describe('people, friends, blocks and groups', { skip }, () => {
  let c: Cluster;
  let base: string;
  before(async () => {
    c = await startGates(1);
    base = c.urls[0]!;
  });
  after(async () => c?.stop());

  it('reads me, a user by id and searches by username prefix', async () => {
    const a = await newUser(base, 'findme');
    assert.equal((await call(base, 'GET', '/v1/me', { token: a.token })).body.user.id, a.id);
    assert.equal((await call(base, 'GET', `/v1/users/${a.id}`, { token: a.token })).body.user.username, a.username);
    assert.equal((await call(base, 'GET', '/v1/users/nobody-at-all', { token: a.token })).status, 404);
    const found = await call(base, 'GET', `/v1/users?query=${a.username.slice(0, 8).toUpperCase()}`, {
      token: a.token,
    });
    assert.ok(found.body.users.some((u: { id: string }) => u.id === a.id));
    const pct = await call(base, 'GET', '/v1/users?query=%25', { token: a.token });
    assert.deepEqual(pct.body.users, []);
  });

  it('friend request, accept and remove, with events in both inboxes', async () => {
    const a = await newUser(base, 'fa');
    const b = await newUser(base, 'fb');
    const headB = (await call(base, 'GET', '/v1/sync', { token: b.token })).body.cursor;
    const headA = (await call(base, 'GET', '/v1/sync', { token: a.token })).body.cursor;
    const req = await call(base, 'POST', '/v1/friends/requests', {
      token: a.token,
      body: { userId: b.id, message: 'hi' },
    });
    assert.equal(req.status, 201);
    assert.equal(req.body.request.message, 'hi');
    const again = await call(base, 'POST', '/v1/friends/requests', { token: a.token, body: { userId: b.id } });
    assert.equal(again.status, 409);
    const lists = await call(base, 'GET', '/v1/friends/requests', { token: b.token });
    assert.equal(lists.body.incoming[0].id, req.body.request.id);
    // Only the addressee answers a request.
    assert.equal(
      (await call(base, 'POST', `/v1/friends/requests/${req.body.request.id}/accept`, { token: a.token })).status,
      404,
    );
    assert.equal(
      (await call(base, 'POST', `/v1/friends/requests/${req.body.request.id}/accept`, { token: b.token })).status,
      200,
    );
    assert.equal(
      (await call(base, 'POST', `/v1/friends/requests/${req.body.request.id}/reject`, { token: b.token })).status,
      409,
    );
    const friends = await call(base, 'GET', '/v1/friends', { token: a.token });
    assert.deepEqual(
      friends.body.friends.map((f: { user: { id: string } }) => f.user.id),
      [b.id],
    );
    // b asked for its head by long-poll a moment ago: a polling device counts as online.
    assert.equal(friends.body.friends[0].online, true);
    const evB = await call(base, 'GET', `/v1/sync?cursor=${headB}&timeout=0`, { token: b.token });
    assert.deepEqual(
      evB.body.events.map((e: { type: string }) => e.type),
      ['friend_request', 'friend_added'],
    );
    assert.equal(evB.body.events[1].data.userId, a.id);
    const evA = await call(base, 'GET', `/v1/sync?cursor=${headA}&timeout=0`, { token: a.token });
    assert.deepEqual(
      evA.body.events.map((e: { type: string; data: { userId: string } }) => [e.type, e.data.userId]),
      [['friend_added', b.id]],
    );
    assert.equal((await call(base, 'DELETE', `/v1/friends/${b.id}`, { token: a.token })).status, 204);
    assert.equal((await call(base, 'DELETE', `/v1/friends/${b.id}`, { token: a.token })).status, 404);
    const after = await call(base, 'GET', `/v1/sync?cursor=${evB.body.cursor}&timeout=0`, { token: b.token });
    assert.deepEqual(
      after.body.events.map((e: { type: string }) => e.type),
      ['friend_removed'],
    );
  });

  it('mutual friend requests make friends: the second request accepts the first, both get friend_added, none stays pending', async () => {
    const a = await newUser(base, 'mutA');
    const b = await newUser(base, 'mutB');
    const headA = (await call(base, 'GET', '/v1/sync', { token: a.token })).body.cursor;
    const headB = (await call(base, 'GET', '/v1/sync', { token: b.token })).body.cursor;
    const first = await call(base, 'POST', '/v1/friends/requests', { token: a.token, body: { userId: b.id } });
    assert.equal(first.status, 201);
    const second = await call(base, 'POST', '/v1/friends/requests', { token: b.token, body: { userId: a.id } });
    assert.equal(second.status, 201);
    assert.equal(second.body.accepted, true);
    assert.equal(second.body.request.from, b.id);
    assert.equal(second.body.request.to, a.id);
    for (const [me, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const friends = await call(base, 'GET', '/v1/friends', { token: me.token });
      assert.deepEqual(
        friends.body.friends.map((f: { user: { id: string } }) => f.user.id),
        [other.id],
      );
      assert.deepEqual((await call(base, 'GET', '/v1/friends/requests', { token: me.token })).body, {
        incoming: [],
        outgoing: [],
      });
    }
    const evA = await call(base, 'GET', `/v1/sync?cursor=${headA}&timeout=0`, { token: a.token });
    assert.deepEqual(
      evA.body.events.map((e: { type: string; data: { userId?: string } }) => [e.type, e.data.userId]),
      [['friend_added', b.id]],
    );
    const evB = await call(base, 'GET', `/v1/sync?cursor=${headB}&timeout=0`, { token: b.token });
    assert.deepEqual(
      evB.body.events.map((e: { type: string }) => e.type),
      ['friend_request', 'friend_added'],
    );
    assert.equal(
      (await call(base, 'POST', `/v1/friends/requests/${first.body.request.id}/accept`, { token: b.token })).status,
      409,
      'the first request is closed',
    );
    assert.equal(
      (await call(base, 'POST', '/v1/friends/requests', { token: a.token, body: { userId: b.id } })).status,
      409,
    );
  });

  it('friend requests crossing at the same moment make friends; a mutual request is refused while one blocks the other', async () => {
    const a = await newUser(base, 'crossA');
    const b = await newUser(base, 'crossB');
    const both = await Promise.all([
      call(base, 'POST', '/v1/friends/requests', { token: a.token, body: { userId: b.id } }),
      call(base, 'POST', '/v1/friends/requests', { token: b.token, body: { userId: a.id } }),
    ]);
    assert.deepEqual(both.map((r) => [r.status, r.body.accepted === true]).sort(), [
      [201, false],
      [201, true],
    ]);
    assert.equal((await call(base, 'GET', '/v1/friends', { token: a.token })).body.friends.length, 1);

    const c1 = await newUser(base, 'blkA');
    const c2 = await newUser(base, 'blkB');
    assert.equal(
      (await call(base, 'POST', '/v1/friends/requests', { token: c1.token, body: { userId: c2.id } })).status,
      201,
    );
    await call(base, 'POST', '/v1/blocks', { token: c2.token, body: { userId: c1.id } });
    const refused = await call(base, 'POST', '/v1/friends/requests', { token: c2.token, body: { userId: c1.id } });
    assert.equal(refused.status, 403);
    assert.equal((await call(base, 'GET', '/v1/friends', { token: c2.token })).body.friends.length, 0);
  });

  it('a blocked user cannot send a friend request (403), and unblocking allows it again', async () => {
    const a = await newUser(base, 'blocker');
    const b = await newUser(base, 'blocked');
    assert.equal((await call(base, 'POST', '/v1/blocks', { token: a.token, body: { userId: b.id } })).status, 201);
    assert.deepEqual(
      (await call(base, 'GET', '/v1/blocks', { token: a.token })).body.blocks.map(
        (x: { user: { id: string } }) => x.user.id,
      ),
      [b.id],
    );
    const r = await call(base, 'POST', '/v1/friends/requests', { token: b.token, body: { userId: a.id } });
    assert.equal(r.status, 403);
    assert.equal(r.body.error, 'forbidden');
    assert.equal((await call(base, 'DELETE', `/v1/blocks/${b.id}`, { token: a.token })).status, 204);
    assert.equal((await call(base, 'DELETE', `/v1/blocks/${b.id}`, { token: a.token })).status, 404);
    assert.equal(
      (await call(base, 'POST', '/v1/friends/requests', { token: b.token, body: { userId: a.id } })).status,
      201,
    );
    assert.equal((await call(base, 'POST', '/v1/blocks', { token: a.token, body: { userId: a.id } })).status, 400);
    assert.equal(
      (await call(base, 'POST', '/v1/friends/requests', { token: a.token, body: { userId: 'no-such-user' } })).status,
      404,
    );
  });

  it('groups: create, list, members paged, add by owner only, remove, leave; non-members are refused', async () => {
    const owner = await newUser(base, 'owner');
    const m1 = await newUser(base, 'm1');
    const m2 = await newUser(base, 'm2');
    const outsider = await newUser(base, 'out');
    await befriend(base, owner, m1);
    await befriend(base, owner, m2);
    const created = await call(base, 'POST', '/v1/groups', {
      token: owner.token,
      body: { name: 'Team', memberIds: [m1.id, m1.id, 'ghost-user'] },
    });
    assert.equal(created.status, 201);
    const g = created.body.group;
    assert.equal(g.memberCount, 2);
    assert.equal(g.ownerId, owner.id);
    assert.equal((await call(base, 'GET', `/v1/groups/${g.id}`, { token: outsider.token })).status, 403);
    assert.equal((await call(base, 'GET', `/v1/groups/${g.id}/members`, { token: outsider.token })).status, 403);
    assert.equal((await call(base, 'GET', '/v1/groups/nope', { token: owner.token })).status, 404);
    assert.equal(
      (await call(base, 'POST', `/v1/groups/${g.id}/members`, { token: m1.token, body: { userIds: [m2.id] } })).status,
      403,
    );
    assert.equal(
      (await call(base, 'POST', `/v1/groups/${g.id}/members`, { token: owner.token, body: { userIds: [m2.id] } }))
        .status,
      200,
    );
    const page1 = await call(base, 'GET', `/v1/groups/${g.id}/members?limit=2`, { token: m1.token });
    assert.equal(page1.body.members.length, 2);
    assert.ok(page1.body.next);
    const page2 = await call(base, 'GET', `/v1/groups/${g.id}/members?limit=2&after=${page1.body.next}`, {
      token: m1.token,
    });
    const all = [...page1.body.members, ...page2.body.members].map((m: { user: { id: string } }) => m.user.id).sort();
    assert.deepEqual(all, [owner.id, m1.id, m2.id].sort());
    assert.equal(page2.body.next, null);
    assert.equal((await call(base, 'GET', `/v1/groups/${g.id}/members?limit=999`, { token: m1.token })).status, 400);
    assert.equal((await call(base, 'DELETE', `/v1/groups/${g.id}/members/${m2.id}`, { token: m1.token })).status, 403);
    assert.equal(
      (await call(base, 'DELETE', `/v1/groups/${g.id}/members/${m2.id}`, { token: owner.token })).status,
      204,
    );
    assert.equal((await call(base, 'DELETE', `/v1/groups/${g.id}/members/${m1.id}`, { token: m1.token })).status, 204);
    assert.equal((await call(base, 'GET', `/v1/groups/${g.id}`, { token: m1.token })).status, 403);
    assert.deepEqual(
      (await call(base, 'GET', '/v1/groups', { token: owner.token })).body.groups.map((x: { id: string }) => x.id),
      [g.id],
    );
    assert.equal((await call(base, 'GET', `/v1/groups/${g.id}`, { token: owner.token })).body.group.memberCount, 1);
  });

  it('groups: the owner renames a group and every member gets a renamed event; members, outsiders and bad names are refused', async () => {
    const owner = await newUser(base, 'rnowner');
    const m = await newUser(base, 'rnmember');
    const outsider = await newUser(base, 'rnout');
    await befriend(base, owner, m);
    const g = (await call(base, 'POST', '/v1/groups', { token: owner.token, body: { name: 'Old', memberIds: [m.id] } }))
      .body.group;
    const head = (await call(base, 'GET', '/v1/sync', { token: m.token })).body.cursor;
    const renamed = await call(base, 'PATCH', `/v1/groups/${g.id}`, {
      token: owner.token,
      body: { name: ' New name ' },
    });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.group.name, 'New name');
    assert.equal(renamed.body.group.memberCount, 2);
    assert.equal((await call(base, 'GET', `/v1/groups/${g.id}`, { token: m.token })).body.group.name, 'New name');
    const ev = await call(base, 'GET', `/v1/sync?cursor=${head}&timeout=0`, { token: m.token });
    assert.deepEqual(
      ev.body.events.map((e: { type: string; data: { action: string } }) => [e.type, e.data.action]),
      [['group', 'renamed']],
    );
    const as = (token: string, body: unknown, id = g.id) => call(base, 'PATCH', `/v1/groups/${id}`, { token, body });
    assert.equal((await as(m.token, { name: 'Mine now' })).status, 403);
    assert.equal((await as(outsider.token, { name: 'Mine now' })).status, 403);
    assert.equal((await as(owner.token, { name: 'x' }, 'no-such-group')).status, 404);
    assert.equal((await as(owner.token, { name: '   ' })).status, 400);
    assert.equal((await as(owner.token, { name: 'y'.repeat(65) })).status, 400);
  });

  it('members get a group event when a group is created', async () => {
    const owner = await newUser(base, 'gowner');
    const m = await newUser(base, 'gmember');
    await befriend(base, owner, m);
    const head = (await call(base, 'GET', '/v1/sync', { token: m.token })).body.cursor;
    const g = (await call(base, 'POST', '/v1/groups', { token: owner.token, body: { name: 'G', memberIds: [m.id] } }))
      .body.group;
    const ev = await call(base, 'GET', `/v1/sync?cursor=${head}&timeout=0`, { token: m.token });
    assert.deepEqual(
      ev.body.events.map((e: { type: string; data: { groupId: string; action: string } }) => [
        e.type,
        e.data.groupId,
        e.data.action,
      ]),
      [['group', g.id, 'created']],
    );
  });
});
