import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { befriend, call, eventually, newUser, type TestUser } from './helpers/http.js';
import { JsonWs, disposeClients, type JsonFrame } from './helpers/ws.js';
import { connectDb } from '../src/store/db.js';

/**
 * Who may write into whose inbox: read markers and typing need a conversation the caller is part of
 * (and, for typing in a direct chat, friendship), group membership follows friendship and blocks,
 * and a member who blocked another no longer receives that member's group messages or typing.
 */

const skip = !((await postgresAvailable()) && (await redisAvailable()));

/** The durable events of `u`'s inbox after `cursor` (a long-poll that answers at once). */
async function inbox(base: string, u: TestUser, cursor: string): Promise<Array<{ type: string; data: any }>> {
  const r = await call(base, 'GET', `/v1/sync?cursor=${encodeURIComponent(cursor)}&timeout=0&limit=500`, {
    token: u.token,
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.events;
}

async function head(base: string, u: TestUser): Promise<string> {
  return (await call(base, 'GET', '/v1/sync', { token: u.token })).body.cursor;
}

async function send(base: string, from: TestUser, kind: 'direct' | 'group', to: string, id: string) {
  const r = await call(base, 'POST', '/v1/messages', {
    token: from.token,
    body: { kind, to, clientMsgId: id, contentType: 'text', content: id },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as { conversationId: string; seq: number };
}

describe('read markers and typing', { skip }, () => {
  let c: Cluster;
  let base: string;
  let a: TestUser;
  let b: TestUser;
  let stranger: TestUser;
  let exFriend: TestUser;
  let direct: string;
  let exChat: string;

  before(async () => {
    c = await startGates(1, { env: { READ_RATE_PER_SECOND: '12', TYPING_RATE_PER_SECOND: '6' } });
    base = c.urls[0]!;
    [a, b, stranger, exFriend] = [
      await newUser(base, 'tra'),
      await newUser(base, 'trb'),
      await newUser(base, 'trs'),
      await newUser(base, 'trx'),
    ];
    await befriend(base, a, b);
    await befriend(base, a, exFriend);
    direct = (await send(base, b, 'direct', a.id, 'b1')).conversationId;
    await send(base, b, 'direct', a.id, 'b2');
    exChat = (await send(base, exFriend, 'direct', a.id, 'x1')).conversationId;
    assert.equal((await call(base, 'DELETE', `/v1/friends/${exFriend.id}`, { token: a.token })).status, 204);
  });

  after(async () => {
    disposeClients();
    await c?.stop();
  });

  const dm = (x: string, y: string) => (x < y ? `d:${x}:${y}` : `d:${y}:${x}`);

  it('refuses a read marker on a direct conversation that was never started, and stores nothing for it', async () => {
    const before = await head(base, stranger);
    for (const peer of [stranger.id, 'madeUpUserId0123']) {
      const r = await call(base, 'POST', `/v1/conversations/${dm(a.id, peer)}/read`, {
        token: a.token,
        body: { seq: 1 },
      });
      assert.equal(r.status, 404, JSON.stringify(r.body));
      assert.equal(r.body.error, 'not_found');
    }
    assert.deepEqual(await inbox(base, stranger, before), [], 'nothing appended to the stranger’s inbox');
    const rows = await c.db.sql`select count(*)::int as n from read_markers where user_id = ${a.id}`;
    assert.equal(rows[0]!.n, 0, 'no read marker row for a conversation that does not exist');
    const keys = await c.brokers[0]!.client.keys(`${c.prefix}{u:madeUpUserId0123}*`);
    assert.deepEqual(keys, [], 'no Redis key for a made-up user');
  });

  it('refuses a read marker past the conversation’s last message', async () => {
    const r = await call(base, 'POST', `/v1/conversations/${direct}/read`, { token: a.token, body: { seq: 3 } });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error, 'bad_request');
  });

  it('appends one read event for a marker that moves, none for one that does not', async () => {
    const from = await head(base, b);
    for (let i = 0; i < 3; i++) {
      const r = await call(base, 'POST', `/v1/conversations/${direct}/read`, { token: a.token, body: { seq: 1 } });
      assert.equal(r.status, 204, JSON.stringify(r.body));
    }
    const reads = (await inbox(base, b, from)).filter((e) => e.type === 'read');
    assert.deepEqual(
      reads.map((e) => e.data),
      [{ conversationId: direct, userId: a.id, seq: 1 }],
    );
  });

  it('keeps read markers on a conversation whose users are no longer friends, but refuses typing there', async () => {
    const read = await call(base, 'POST', `/v1/conversations/${exChat}/read`, { token: a.token, body: { seq: 1 } });
    assert.equal(read.status, 204, JSON.stringify(read.body));
    for (const who of [a, exFriend]) {
      const r = await call(base, 'POST', `/v1/conversations/${exChat}/typing`, { token: who.token });
      assert.equal(r.status, 403, JSON.stringify(r.body));
    }
  });

  it('refuses typing towards a stranger', async () => {
    const r = await call(base, 'POST', `/v1/conversations/${dm(a.id, stranger.id)}/typing`, { token: a.token });
    assert.equal(r.status, 403, JSON.stringify(r.body));
  });

  it('refuses a WebSocket read frame for a conversation that was never started', async () => {
    const ws = new JsonWs(base);
    await ws.login(a.token);
    ws.send({ op: 'read', conversationId: dm(a.id, stranger.id), seq: 1 });
    const err = await ws.inbox.find((f) => f.op === 'error');
    assert.equal(err.code, 'not_found');
    await ws.close();
  });

  it('limits read markers and typing per user and second', async () => {
    const [x, y] = [await newUser(base, 'trl'), await newUser(base, 'trm')];
    await befriend(base, x, y);
    const chat = (await send(base, y, 'direct', x.id, 'y1')).conversationId;
    const reads = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const r = await call(base, 'POST', `/v1/conversations/${chat}/read`, { token: x.token, body: { seq: 1 } });
        return r.status;
      }),
    );
    assert.ok(reads.includes(204), `some are taken: ${reads.join(',')}`);
    assert.ok(reads.includes(429), `a read marker beyond READ_RATE_PER_SECOND is refused: ${reads.join(',')}`);
    const typing = await Promise.all(
      Array.from({ length: 12 }, async () => {
        return (await call(base, 'POST', `/v1/conversations/${chat}/typing`, { token: y.token })).status;
      }),
    );
    assert.ok(typing.includes(204), `some are taken: ${typing.join(',')}`);
    assert.ok(typing.includes(429), `typing beyond TYPING_RATE_PER_SECOND is refused: ${typing.join(',')}`);
    assert.ok(
      typing.filter((st) => st === 204).length <= 6 * 2,
      'at most the budget of the windows the burst spans is taken',
    );
  });
});

describe('groups, friendship and blocks', { skip }, () => {
  let c: Cluster;
  let base: string;
  let owner: TestUser;
  let friend: TestUser;
  let other: TestUser;
  let stranger: TestUser;
  let blocker: TestUser;

  before(async () => {
    c = await startGates(1);
    base = c.urls[0]!;
    [owner, friend, other, stranger, blocker] = [
      await newUser(base, 'tgo'),
      await newUser(base, 'tgf'),
      await newUser(base, 'tgt'),
      await newUser(base, 'tgs'),
      await newUser(base, 'tgb'),
    ];
    await befriend(base, owner, friend);
    await befriend(base, owner, other);
    await befriend(base, owner, blocker);
    assert.equal(
      (await call(base, 'POST', '/v1/blocks', { token: blocker.token, body: { userId: owner.id } })).status,
      201,
    );
  });

  after(async () => {
    disposeClients();
    await c?.stop();
  });

  it('creating a group with a user who is not the creator’s friend is refused, and creates nothing', async () => {
    const r = await call(base, 'POST', '/v1/groups', {
      token: owner.token,
      body: { name: 'g', memberIds: [friend.id, stranger.id] },
    });
    assert.equal(r.status, 403, JSON.stringify(r.body));
    assert.match(r.body.message, /friend/);
    const groups = await call(base, 'GET', '/v1/groups', { token: friend.token });
    assert.deepEqual(groups.body.groups, []);
  });

  it('nobody adds a user who blocked them, even a friend', async () => {
    const create = await call(base, 'POST', '/v1/groups', {
      token: owner.token,
      body: { name: 'g', memberIds: [blocker.id] },
    });
    assert.equal(create.status, 403, JSON.stringify(create.body));
    const g = (
      await call(base, 'POST', '/v1/groups', { token: owner.token, body: { name: 'g', memberIds: [friend.id] } })
    ).body.group.id;
    const add = await call(base, 'POST', `/v1/groups/${g}/members`, {
      token: owner.token,
      body: { userIds: [blocker.id] },
    });
    assert.equal(add.status, 403, JSON.stringify(add.body));
  });

  it('an admin adds only their own friends; a user who left comes back only through a friend', async () => {
    const [admin, adminsFriend] = [await newUser(base, 'tga'), await newUser(base, 'tgaf')];
    await befriend(base, owner, admin);
    await befriend(base, admin, adminsFriend);
    const g = (
      await call(base, 'POST', '/v1/groups', {
        token: owner.token,
        body: { name: 'g', memberIds: [friend.id, admin.id] },
      })
    ).body.group.id;
    const byStranger = await call(base, 'POST', `/v1/groups/${g}/members`, {
      token: owner.token,
      body: { userIds: [stranger.id] },
    });
    assert.equal(byStranger.status, 403, JSON.stringify(byStranger.body));

    // The API has no route that makes an admin; the store does.
    await c.db.sql`update group_members set role = 'admin' where group_id = ${g} and user_id = ${admin.id}`;
    const members = async () =>
      (await call(base, 'GET', `/v1/groups/${g}/members`, { token: owner.token })).body.members
        .map((m: { user: { id: string }; role: string }) => `${m.user.id}:${m.role}`)
        .sort();
    const before = await members();
    assert.ok(before.includes(`${admin.id}:admin`));
    // The owner's friends are not the admin's: the adder's own friendship is what counts.
    for (const who of [other, stranger]) {
      const refused = await call(base, 'POST', `/v1/groups/${g}/members`, {
        token: admin.token,
        body: { userIds: [who.id] },
      });
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.equal(refused.body.error, 'forbidden');
      assert.match(refused.body.message, new RegExp(`${who.id}.*friends`));
    }
    assert.deepEqual(await members(), before, 'a refused add adds nobody');
    const byAdmin = await call(base, 'POST', `/v1/groups/${g}/members`, {
      token: admin.token,
      body: { userIds: [adminsFriend.id] },
    });
    assert.equal(byAdmin.status, 200, JSON.stringify(byAdmin.body));
    assert.deepEqual(byAdmin.body.added, [adminsFriend.id], 'the admin’s friend joins, though not the owner’s');

    assert.equal(
      (await call(base, 'DELETE', `/v1/groups/${g}/members/${friend.id}`, { token: friend.token })).status,
      204,
    );
    assert.equal((await call(base, 'DELETE', `/v1/friends/${friend.id}`, { token: owner.token })).status, 204);
    const again = await call(base, 'POST', `/v1/groups/${g}/members`, {
      token: owner.token,
      body: { userIds: [friend.id] },
    });
    assert.equal(again.status, 403, 'no friendship, no re-adding');
    await befriend(base, owner, friend);
    const back = await call(base, 'POST', `/v1/groups/${g}/members`, {
      token: owner.token,
      body: { userIds: [friend.id] },
    });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.deepEqual(back.body.added, [friend.id]);
  });

  it('a block answered while an add is under way is seen by that add: the add is refused, or the block waits for it', async () => {
    const [x, y] = [await newUser(base, 'tgx'), await newUser(base, 'tgy')];
    await befriend(base, owner, x);
    await befriend(base, owner, y);
    const g = (await call(base, 'POST', '/v1/groups', { token: owner.token, body: { name: 'g', memberIds: [x.id] } }))
      .body.group.id;
    // Another connection holds the group's row, so the add stops at its insert (a member row's foreign
    // key needs it) and stays under way while y blocks the owner.
    const hold = connectDb(c.db.url, { max: 1 });
    const held = await hold.reserve();
    await held`begin`;
    await held`select 1 from groups where id = ${g} for update`;
    const lockWaits = async () =>
      (
        await c.db.sql<{ n: number }[]>`
          select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`
      )[0]!.n;
    const add = call(base, 'POST', `/v1/groups/${g}/members`, { token: owner.token, body: { userIds: [y.id] } });
    await eventually(async () => (await lockWaits()) === 1, 5000, 'the add waiting for the group’s row');
    let blockAnswered = false;
    const block = call(base, 'POST', '/v1/blocks', { token: y.token, body: { userId: owner.id } }).then((r) => {
      blockAnswered = true;
      return r;
    });
    await eventually(
      async () => blockAnswered || (await lockWaits()) === 2,
      5000,
      'the block answered, or waiting for the add',
    );
    const answeredFirst = blockAnswered;
    await held`rollback`;
    held.release();
    await hold.end();
    const [added, blocked] = await Promise.all([add, block]);
    assert.equal(blocked.status, 201, JSON.stringify(blocked.body));
    if (answeredFirst) assert.equal(added.status, 403, 'the add ran past a block already answered');
    else assert.deepEqual(added.body.added, [y.id], 'the block came after the add');
  });

  it('a member who blocks another stops receiving that member’s group messages; others still do', async () => {
    const g = (
      await call(base, 'POST', '/v1/groups', {
        token: owner.token,
        body: { name: 'g', memberIds: [friend.id, other.id] },
      })
    ).body.group.id;
    assert.equal(
      (await call(base, 'POST', '/v1/blocks', { token: friend.token, body: { userId: other.id } })).status,
      201,
    );
    const [fHead, oHead] = [await head(base, friend), await head(base, owner)];
    await send(base, other, 'group', g, 'from-blocked');
    await send(base, owner, 'group', g, 'from-owner');
    await eventually(async () => (await inbox(base, owner, oHead)).length === 2, 3000, 'the owner has both');
    const seen = (await inbox(base, friend, fHead)).filter((e) => e.type === 'message').map((e) => e.data.clientMsgId);
    assert.deepEqual(seen, ['from-owner'], 'the blocked member’s message is not delivered to the blocker');
    // Unblocking restores delivery.
    assert.equal((await call(base, 'DELETE', `/v1/blocks/${other.id}`, { token: friend.token })).status, 204);
    const fHead2 = await head(base, friend);
    await send(base, other, 'group', g, 'after-unblock');
    const after = (await inbox(base, friend, fHead2))
      .filter((e) => e.type === 'message')
      .map((e) => e.data.clientMsgId);
    assert.deepEqual(after, ['after-unblock']);
  });

  it('typing in a group reaches the members, but not one who blocked the typist (REST and WebSocket frame)', async () => {
    const [ta, tb, tc] = [await newUser(base, 'tya'), await newUser(base, 'tyb'), await newUser(base, 'tyc')];
    await befriend(base, ta, tb);
    await befriend(base, ta, tc);
    const g = (
      await call(base, 'POST', '/v1/groups', { token: ta.token, body: { name: 'g', memberIds: [tb.id, tc.id] } })
    ).body.group.id;
    const conv = `g:${g}`;
    assert.equal((await call(base, 'POST', '/v1/blocks', { token: tc.token, body: { userId: ta.id } })).status, 201);
    const [wa, wb, wc] = [new JsonWs(base), new JsonWs(base), new JsonWs(base)];
    await Promise.all([wa.login(ta.token), wb.login(tb.token), wc.login(tc.token)]);
    const typingOf = (who: TestUser) => (e: JsonFrame) =>
      e.type === 'typing' && e.data.conversationId === conv && e.data.userId === who.id;

    // A types over REST (answered once every notice is published), then with a frame; the pong that
    // follows it says the frame was handled. B hears both.
    assert.equal((await call(base, 'POST', `/v1/conversations/${conv}/typing`, { token: ta.token })).status, 204);
    wa.send({ op: 'typing', conversationId: conv });
    wa.send({ op: 'ping' });
    await wa.inbox.find((f) => f.op === 'pong', 3000, 'the pong after the typing frame');
    assert.deepEqual(
      wa.inbox.items.filter((f) => f.op === 'error'),
      [],
      'the typing frame is accepted',
    );
    await eventually(async () => wb.events().filter(typingOf(ta)).length === 2, 3000, 'B hears both of A’s notices');

    // B types after both of A's notices went out: C hears B's, and nothing of A's came before it.
    assert.equal((await call(base, 'POST', `/v1/conversations/${conv}/typing`, { token: tb.token })).status, 204);
    await wc.event(typingOf(tb));
    assert.deepEqual(wc.events().filter(typingOf(ta)), [], 'the blocker does not hear the blocked typist');
    await Promise.all([wa.close(), wb.close(), wc.close()]);
  });
});
