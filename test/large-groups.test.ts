import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { metricOf, startGates, type Cluster } from './helpers/gate.js';
import { befriend, call, eventually, newUser, type TestUser } from './helpers/http.js';
import { JsonWs, SseClient, disposeClients, type JsonFrame } from './helpers/ws.js';
import { groupTag } from '../src/broker/cursor.js';

const skip = !((await postgresAvailable()) && (await redisAvailable()));

/** Polls held on gate `i`. */
const heldPolls = (c: Cluster, i: number) => metricOf(c.gates[i]!, 'im_held_polls');

/** Message seqs of one conversation among `events`, in delivery order. */
function seqsOf(events: Array<{ type: string; data: any }>, conversationId: string): number[] {
  return events.filter((e) => e.type === 'message' && e.data.conversationId === conversationId).map((e) => e.data.seq);
}

describe('large groups: fan-out on read above GROUP_FANOUT_LIMIT', { skip }, () => {
  let c: Cluster;
  let g0: string;
  let g1: string;
  let owner: TestUser;
  let a: TestUser;
  let b: TestUser;
  let d: TestUser;
  let groupId: string;
  let conv: string;
  let n = 0;
  const send = async (content: string, base = g0) => {
    const r = await call(base, 'POST', '/v1/messages', {
      token: owner.token,
      body: { kind: 'group', to: groupId, clientMsgId: `lg-${n++}`, contentType: 'text', content },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as { seq: number };
  };
  const sync = async (u: TestUser, cursor: string, timeout = 0, base = g1) => {
    const r = await call(base, 'GET', `/v1/sync?cursor=${encodeURIComponent(cursor)}&timeout=${timeout}`, {
      token: u.token,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as { cursor: string; events: Array<{ type: string; data: any; cursor: string }> };
  };
  /** Everything after `cursor`, page by page, and the last cursor. */
  const drain = async (u: TestUser, cursor: string) => {
    const all: Array<{ type: string; data: any; cursor: string }> = [];
    for (;;) {
      const r = await sync(u, cursor);
      all.push(...r.events);
      if (r.events.length === 0) return { events: all, cursor: r.cursor };
      cursor = r.cursor;
    }
  };
  const streamLength = () => c.brokers[0]!.client.xlen(`${c.prefix}{c:${conv}}:gs`);

  before(async () => {
    c = await startGates(2, { env: { GROUP_FANOUT_LIMIT: '3' } });
    [g0, g1] = c.urls as [string, string];
    owner = await newUser(g0, 'lgo');
    a = await newUser(g0, 'lga');
    b = await newUser(g0, 'lgb');
    d = await newUser(g0, 'lgd');
    for (const u of [a, b, d]) await befriend(g0, owner, u);
  });
  after(async () => {
    disposeClients();
    await c?.stop();
  });

  it('delivers across both switches, over sync, SSE and WebSocket, each message once and in order', async () => {
    const created = await call(g0, 'POST', '/v1/groups', {
      token: owner.token,
      body: { name: 'big', memberIds: [a.id, b.id] },
    });
    assert.equal(created.status, 201);
    groupId = created.body.group.id;
    conv = `g:${groupId}`;
    const start = (await sync(a, (await call(g1, 'GET', '/v1/sync', { token: a.token })).body.cursor)).cursor;
    const sse = new SseClient(g1, b.token);
    await sse.ready();
    const ws = new JsonWs(g0);
    await ws.login(a.token, { cursor: start });

    // Three members: fan-out on write.
    await send('small 1');
    assert.equal(await streamLength(), 0);

    // A fourth member: the group is large; its messages live once in the group's stream.
    const add = await call(g0, 'POST', `/v1/groups/${groupId}/members`, {
      token: owner.token,
      body: { userIds: [d.id] },
    });
    assert.deepEqual(add.body.added, [d.id]);
    const dWs = new JsonWs(g1);
    await dWs.login(d.token);
    for (let i = 2; i <= 6; i++) await send(`large ${i}`, i % 2 ? g0 : g1);
    assert.equal(await streamLength(), 5);

    // Back to three members: fan-out on write again.
    const rm = await call(g0, 'DELETE', `/v1/groups/${groupId}/members/${d.id}`, { token: owner.token });
    assert.equal(rm.status, 204);
    await eventually(
      async () => (await call(g1, 'GET', `/v1/groups/${groupId}`, { token: a.token })).body.group.memberCount === 3,
    );
    // Both gates count three members again (the change reached the other gate over the bus).
    await send('small 7', g0);
    await send('small 8', g1);
    assert.equal(await streamLength(), 5);

    const expected = [1, 2, 3, 4, 5, 6, 7, 8];
    const polled = await drain(a, start);
    assert.deepEqual(seqsOf(polled.events, conv), expected, 'long-poll');
    // Every event's cursor resumes exactly after it.
    const mid = polled.events.findIndex((e) => e.type === 'message' && e.data.seq === 4);
    assert.deepEqual(seqsOf((await drain(a, polled.events[mid]!.cursor)).events, conv), [5, 6, 7, 8]);
    assert.deepEqual((await sync(a, polled.cursor)).events, []);

    await eventually(
      async () =>
        seqsOf(
          sse.events().map((x) => x.data as any),
          conv,
        ).length >= 8,
      5000,
      'SSE',
    );
    assert.deepEqual(
      seqsOf(
        sse.events().map((x) => x.data as any),
        conv,
      ),
      expected,
      'SSE',
    );
    await ws.event((e: JsonFrame) => e.type === 'message' && e.data.seq === 8);
    assert.deepEqual(seqsOf(ws.events() as any, conv), expected, 'WebSocket');

    // The member who joined sees messages from the join on, and nothing after leaving.
    await dWs.event((e: JsonFrame) => e.type === 'group' && e.data.action === 'member_removed');
    assert.deepEqual(seqsOf(dWs.events() as any, conv), [2, 3, 4, 5, 6]);

    // An SSE stream resumed from a mid-stream id (with its group positions) continues exactly.
    const at = sse.events().find((x) => (x.data as any).type === 'message' && (x.data as any).data.seq === 3)!;
    const again = new SseClient(g0, b.token, { lastEventId: at.id });
    await again.ready();
    await eventually(
      async () =>
        seqsOf(
          again.events().map((x) => x.data as any),
          conv,
        ).length >= 5,
      5000,
      'resume',
    );
    assert.deepEqual(
      seqsOf(
        again.events().map((x) => x.data as any),
        conv,
      ),
      [4, 5, 6, 7, 8],
    );
  });

  it('stops a removed member at once: no read or held poll delivers a later message', async () => {
    const created = await call(g0, 'POST', '/v1/groups', {
      token: owner.token,
      body: { name: 'big2', memberIds: [a.id, b.id, d.id] },
    });
    const gid = created.body.group.id as string;
    const cv = `g:${gid}`;
    const head = (await call(g1, 'GET', '/v1/sync', { token: b.token })).body.cursor as string;
    const aHead = (await call(g1, 'GET', '/v1/sync', { token: a.token })).body.cursor as string;
    const first = await call(g0, 'POST', '/v1/messages', {
      token: owner.token,
      body: { kind: 'group', to: gid, clientMsgId: `rm-1`, contentType: 'text', content: 'before' },
    });
    assert.equal(first.status, 200);
    const seen = await drain(b, head);
    assert.deepEqual(seqsOf(seen.events, cv), [1]);
    const ws = new JsonWs(g1);
    await ws.login(b.token, { cursor: seen.cursor });

    const rm = await call(g0, 'DELETE', `/v1/groups/${gid}/members/${b.id}`, { token: owner.token });
    assert.equal(rm.status, 204);
    const removed = await drain(b, seen.cursor);
    assert.ok(removed.events.some((e) => e.type === 'group' && e.data.action === 'member_removed'));
    const gone = (await ws.event((e: JsonFrame) => e.type === 'group' && e.data.action === 'member_removed')) as {
      cursor: string;
    };
    // The group's position leaves the cursor with the member, over the socket as in a read.
    assert.ok(seen.cursor.includes(`.${groupTag(cv)}`), seen.cursor);
    assert.ok(!gone.cursor.includes(`.${groupTag(cv)}`), gone.cursor);
    assert.ok(!removed.cursor.includes(`.${groupTag(cv)}`), removed.cursor);

    // A poll held across the next message answers without it (the poll ends by its timeout).
    const held = sync(b, removed.cursor, 1, g1);
    const second = await call(g0, 'POST', '/v1/messages', {
      token: owner.token,
      body: { kind: 'group', to: gid, clientMsgId: `rm-2`, contentType: 'text', content: 'after' },
    });
    assert.equal(second.body.seq, 2);
    assert.deepEqual(seqsOf((await held).events, cv), []);
    // Nor does any later read, from any cursor (the removed member's row is gone).
    assert.ok(!seqsOf((await drain(b, head)).events, cv).includes(2));
    // A member still in the group got it; the removed member's socket did not.
    assert.deepEqual(seqsOf((await drain(a, aHead)).events, cv), [1, 2]);
    const dSeen = await eventually(async () => {
      const r = await call(g1, 'GET', `/v1/conversations/${encodeURIComponent(cv)}/messages`, { token: d.token });
      return r.body.messages?.length === 2 ? r.body.messages : null;
    });
    assert.equal(dSeen.length, 2);
    assert.deepEqual(seqsOf(ws.events() as any, cv), []);
  });

  it('wakes a held poll with a large-group message, on the gate that holds it', async () => {
    const created = await call(g0, 'POST', '/v1/groups', {
      token: owner.token,
      body: { name: 'big3', memberIds: [a.id, b.id, d.id] },
    });
    const gid = created.body.group.id as string;
    // The head after the group exists, read on the gate that will hold the polls.
    let cursor = (await call(g1, 'GET', '/v1/sync', { token: a.token })).body.cursor as string;
    for (let i = 1; i <= 3; i++) {
      const held = sync(a, cursor, 10, g1);
      // Held once the poll's subscription is live on g1 (then no message can slip past it).
      await eventually(async () => (await heldPolls(c, 1)) > 0, 5000, 'the poll held');
      const sent = await call(g0, 'POST', '/v1/messages', {
        token: owner.token,
        body: { kind: 'group', to: gid, clientMsgId: `held-${i}`, contentType: 'text', content: `held ${i}` },
      });
      assert.equal(sent.status, 200);
      const r = await held;
      assert.deepEqual(seqsOf(r.events, `g:${gid}`), [i]);
      cursor = r.cursor;
    }
  });
});
