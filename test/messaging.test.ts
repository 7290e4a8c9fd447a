import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deleteKeys, postgresAvailable, redisAvailable } from './helpers/stores.js';
import { metricOf, metricReaches, noticeChannelLive, startGates, type Cluster } from './helpers/gate.js';
import { befriend, call, eventually, login, newUser, type TestUser } from './helpers/http.js';

const skip = !((await postgresAvailable()) && (await redisAvailable()));

async function head(base: string, u: TestUser): Promise<string> {
  return (await call(base, 'GET', '/v1/sync', { token: u.token })).body.cursor;
}

async function send(base: string, u: TestUser, body: Record<string, unknown>) {
  return call(base, 'POST', '/v1/messages', {
    token: u.token,
    body: { kind: 'direct', contentType: 'text', clientMsgId: `c${Math.random()}`, ...body },
  });
}

describe('messaging core', { skip }, () => {
  let c: Cluster;
  let g1: string;
  let g2: string;
  before(async () => {
    c = await startGates(2);
    [g1, g2] = c.urls as [string, string];
  });
  after(async () => c?.stop());

  it('a poll held on one gate is woken by a send on the other', async () => {
    const a = await newUser(g1, 'pa');
    const b = await newUser(g1, 'pb');
    await befriend(g1, a, b);
    const cursor = await head(g2, b);
    const started = Date.now();
    const poll = call(g2, 'GET', `/v1/sync?cursor=${cursor}&timeout=20`, { token: b.token });
    await metricReaches(c.gates[1]!, 'im_held_polls', 1);
    const sent = await send(g1, a, { to: b.id, content: 'hello over two gates' });
    assert.equal(sent.status, 200);
    const got = await poll;
    assert.ok(Date.now() - started < 5000, 'the poll returned on the event, not the timeout');
    assert.equal(got.status, 200);
    assert.equal(got.body.events.length, 1);
    const ev = got.body.events[0];
    assert.equal(ev.type, 'message');
    assert.equal(ev.data.content, 'hello over two gates');
    assert.equal(ev.data.seq, sent.body.seq);
    assert.equal(ev.data.conversationId, sent.body.conversationId);
    assert.equal(ev.cursor, got.body.cursor);
    // Nothing new: a timeout returns the same cursor and no events.
    const idle = await call(g1, 'GET', `/v1/sync?cursor=${got.body.cursor}&timeout=1`, { token: b.token });
    assert.deepEqual(idle.body, { cursor: got.body.cursor, events: [] });
  });

  it('a REST send wakes every held poll of the user, the sending device’s own included (another tab may hold it)', async () => {
    const a = await newUser(g1, 'own');
    const aPhone = await login(g1, a.username, { deviceId: 'phone' });
    const b = await newUser(g1, 'ownpeer');
    await befriend(g1, a, b);
    const [mine, phone] = await Promise.all([head(g2, a), head(g2, aPhone)]);
    const held = async () => (await c.gates[1]!.ctx.metrics.heldPolls.get()).values[0]?.value ?? 0;
    const before = await held();
    const started = Date.now();
    const ownPoll = call(g2, 'GET', `/v1/sync?cursor=${mine}&timeout=20`, { token: a.token });
    const phonePoll = call(g2, 'GET', `/v1/sync?cursor=${phone}&timeout=20`, { token: aPhone.token });
    // Both polls are held once the gate counts them.
    await eventually(async () => (await held()) === before + 2, 5000, 'two held polls');
    const sent = await send(g1, a, { to: b.id, content: 'from the laptop' });
    assert.equal(sent.status, 200);
    for (const [who, poll] of [
      ['the sending device', ownPoll],
      ['the other device', phonePoll],
    ] as const) {
      const got = await poll;
      assert.deepEqual(
        got.body.events.map((e: { data: { seq: number } }) => e.data.seq),
        [sent.body.seq],
        `${who} hears it at once`,
      );
    }
    assert.ok(Date.now() - started < 15_000, 'woken by the message, not the timeout');
  });

  it('a retry with the same clientMsgId gets the same seq and stores one row', async () => {
    const a = await newUser(g1, 'ra');
    const b = await newUser(g1, 'rb');
    await befriend(g1, a, b);
    const body = { to: b.id, clientMsgId: 'retry-1', content: 'once' };
    const first = await send(g1, a, body);
    const second = await send(g2, a, body);
    assert.equal(first.status, 200);
    assert.deepEqual(second.body, first.body);
    const next = await send(g1, a, { to: b.id, content: 'twice' });
    assert.equal(next.body.seq, first.body.seq + 1);
    await eventually(
      async () => {
        const rows = await c.db
          .sql`select seq from messages where conversation_id = ${first.body.conversationId} order by seq`;
        return rows.length === 2 && rows;
      },
      5000,
      'both messages in Postgres',
    );
    const rows = await c.db.sql`select count(*)::int as n from messages where client_msg_id = 'retry-1'`;
    assert.equal(rows[0]!.n, 1);
    const hist = await call(g2, 'GET', `/v1/conversations/${first.body.conversationId}/messages`, { token: b.token });
    assert.deepEqual(
      hist.body.messages.map((m: { content: string }) => m.content),
      ['once', 'twice'],
    );
  });

  it("a group message reaches every member and the sender's other device; a non-member is refused", async () => {
    const owner = await newUser(g1, 'go');
    const ownerPhone = await login(g1, owner.username, { deviceId: 'phone' });
    const members = await Promise.all([newUser(g1, 'gm1'), newUser(g1, 'gm2')]);
    const outsider = await newUser(g1, 'gout');
    for (const m of members) await befriend(g1, owner, m);
    const group = (
      await call(g1, 'POST', '/v1/groups', {
        token: owner.token,
        body: { name: 'all', memberIds: members.map((m) => m.id) },
      })
    ).body.group;
    const cursors = await Promise.all([ownerPhone, ...members].map((u) => head(g2, u)));
    const sent = await send(g1, owner, { kind: 'group', to: group.id, content: 'to the group' });
    assert.equal(sent.status, 200);
    assert.equal(sent.body.conversationId, `g:${group.id}`);
    const seen = await Promise.all(
      [ownerPhone, ...members].map((u, i) =>
        call(g2, 'GET', `/v1/sync?cursor=${cursors[i]}&timeout=5`, { token: u.token }),
      ),
    );
    for (const r of seen) {
      const msgs = r.body.events.filter((e: { type: string }) => e.type === 'message');
      assert.equal(msgs.length, 1);
      assert.equal(msgs[0].data.content, 'to the group');
      assert.equal(msgs[0].data.kind, 'group');
    }
    const refused = await send(g1, outsider, { kind: 'group', to: group.id, content: 'let me in' });
    assert.equal(refused.status, 403);
    assert.equal((await send(g1, outsider, { kind: 'group', to: 'no-such-group', content: 'x' })).status, 404);
  });

  it('refuses blocked senders, strangers, oversized content, bad fields and unknown conversations', async () => {
    const a = await newUser(g1, 'xa');
    const b = await newUser(g1, 'xb');
    const stranger = await newUser(g1, 'xs');
    await befriend(g1, a, b);
    assert.equal((await send(g1, stranger, { to: a.id, content: 'hi' })).status, 403);
    assert.equal((await send(g1, a, { to: 'nobody-here', content: 'hi' })).status, 404);
    assert.equal((await send(g1, a, { to: a.id, content: 'me' })).status, 400);
    const big = await send(g1, a, { to: b.id, content: 'x'.repeat(17 * 1024) });
    assert.equal(big.status, 413);
    const noId = await call(g1, 'POST', '/v1/messages', {
      token: a.token,
      body: { kind: 'direct', to: b.id, contentType: 'text', content: 'x' },
    });
    assert.equal(noId.status, 400);
    assert.match(noId.body.message, /clientMsgId/);
    assert.equal((await send(g1, a, { to: b.id, contentType: 'BAD TYPE', content: 'x' })).status, 400);
    assert.equal((await send(g1, a, { kind: 'channel', to: b.id, content: 'x' })).status, 400);
    await call(g1, 'POST', '/v1/blocks', { token: b.token, body: { userId: a.id } });
    const blocked = await send(g1, a, { to: b.id, content: 'still there?' });
    assert.equal(blocked.status, 403);
    assert.equal((await call(g1, 'GET', '/v1/conversations/x:1/messages', { token: a.token })).status, 404);
    const other = `d:${[b.id, stranger.id].sort().join(':')}`;
    assert.equal((await call(g1, 'GET', `/v1/conversations/${other}/messages`, { token: a.token })).status, 403);
    assert.equal((await call(g1, 'GET', `/v1/sync?cursor=garbage`, { token: a.token })).status, 400);
    assert.equal(
      (await call(g1, 'GET', `/v1/sync?cursor=${await head(g1, a)}&timeout=999`, { token: a.token })).status,
      400,
    );
  });

  it('conversations list last message, unread and read marker; read receipts reach the other side and only move forward', async () => {
    const a = await newUser(g1, 'ca');
    const b = await newUser(g1, 'cb');
    await befriend(g1, a, b);
    for (let i = 1; i <= 3; i++) await send(g1, a, { to: b.id, content: `m${i}` });
    const conv = await eventually(
      async () => {
        const list = (await call(g2, 'GET', '/v1/conversations', { token: b.token })).body.conversations;
        return list[0]?.lastSeq === 3 && list[0];
      },
      5000,
      'conversation in Postgres',
    );
    assert.equal(conv.kind, 'direct');
    assert.equal(conv.peer.id, a.id);
    assert.equal(conv.unread, 3);
    assert.equal(conv.lastMessage.content, 'm3');
    const aCursor = await head(g1, a);
    assert.equal(
      (await call(g2, 'POST', `/v1/conversations/${conv.id}/read`, { token: b.token, body: { seq: 2 } })).status,
      204,
    );
    assert.equal(
      (await call(g2, 'POST', `/v1/conversations/${conv.id}/read`, { token: b.token, body: { seq: 1 } })).status,
      204,
    );
    assert.equal(
      (await call(g2, 'POST', `/v1/conversations/${conv.id}/read`, { token: b.token, body: { seq: 'x' } })).status,
      400,
    );
    const receipts = await call(g1, 'GET', `/v1/sync?cursor=${aCursor}&timeout=2`, { token: a.token });
    assert.deepEqual(
      receipts.body.events.map((e: { type: string; data: { seq: number } }) => [e.type, e.data.seq]),
      [['read', 2]],
    );
    const after = (await call(g2, 'GET', '/v1/conversations', { token: b.token })).body.conversations[0];
    assert.equal(after.readSeq, 2);
    assert.equal(after.unread, 1);
    // The sender's own messages count as read by the sender.
    assert.equal((await call(g1, 'GET', '/v1/conversations', { token: a.token })).body.conversations[0].unread, 0);
  });

  it('conversations carry the peer’s read marker (peerReadSeq) and, in groups, the other members’ markers, highest first', async () => {
    const a = await newUser(g1, 'pa');
    const b = await newUser(g1, 'pb');
    const m = await newUser(g1, 'pm');
    await befriend(g1, a, b);
    await befriend(g1, a, m);
    for (let i = 1; i <= 3; i++) await send(g1, a, { to: b.id, content: `d${i}` });
    const direct = `d:${[a.id, b.id].sort().join(':')}`;
    const listOf = async (u: TestUser, id: string) =>
      (await call(g2, 'GET', '/v1/conversations', { token: u.token })).body.conversations.find(
        (x: { id: string }) => x.id === id,
      );
    await eventually(async () => (await listOf(a, direct))?.lastSeq === 3, 5000, 'the chat in Postgres');
    assert.equal((await listOf(a, direct)).peerReadSeq, 0, 'nothing read yet');
    await call(g2, 'POST', `/v1/conversations/${direct}/read`, { token: b.token, body: { seq: 2 } });
    assert.equal((await listOf(a, direct)).peerReadSeq, 2);
    // Sending moved the sender's own marker: the reader's list shows the sender has read its own messages.
    assert.equal((await listOf(b, direct)).peerReadSeq, 3);
    assert.equal((await listOf(a, direct)).readMarkers, undefined);

    const group = (
      await call(g1, 'POST', '/v1/groups', { token: a.token, body: { name: 'reads', memberIds: [b.id, m.id] } })
    ).body.group;
    const gid = `g:${group.id}`;
    for (let i = 1; i <= 2; i++) await send(g1, a, { kind: 'group', to: group.id, content: `g${i}` });
    await eventually(async () => (await listOf(a, gid))?.lastSeq === 2, 5000, 'the group chat in Postgres');
    await call(g2, 'POST', `/v1/conversations/${gid}/read`, { token: m.token, body: { seq: 1 } });
    await call(g2, 'POST', `/v1/conversations/${gid}/read`, { token: b.token, body: { seq: 2 } });
    const mine = await listOf(a, gid);
    assert.deepEqual(mine.readMarkers, [
      { userId: b.id, seq: 2 },
      { userId: m.id, seq: 1 },
    ]);
    assert.equal(mine.peerReadSeq, undefined);
    assert.deepEqual((await listOf(m, gid)).readMarkers, [
      ...[
        { userId: a.id, seq: 2 },
        { userId: b.id, seq: 2 },
      ].sort((x, y) => (x.userId < y.userId ? -1 : 1)),
    ]);
  });

  it('history pages with before/after/limit', async () => {
    const a = await newUser(g1, 'ha');
    const b = await newUser(g1, 'hb');
    await befriend(g1, a, b);
    let conv = '';
    for (let i = 1; i <= 7; i++) conv = (await send(g1, a, { to: b.id, content: `h${i}` })).body.conversationId;
    await eventually(
      async () =>
        (await call(g1, 'GET', `/v1/conversations/${conv}/messages`, { token: a.token })).body.messages.length === 7,
    );
    const latest = await call(g1, 'GET', `/v1/conversations/${conv}/messages?limit=3`, { token: a.token });
    assert.deepEqual(
      latest.body.messages.map((m: { seq: number }) => m.seq),
      [5, 6, 7],
    );
    const older = await call(g1, 'GET', `/v1/conversations/${conv}/messages?limit=3&before=5`, { token: a.token });
    assert.deepEqual(
      older.body.messages.map((m: { seq: number }) => m.seq),
      [2, 3, 4],
    );
    const newer = await call(g1, 'GET', `/v1/conversations/${conv}/messages?after=5`, { token: a.token });
    assert.deepEqual(
      newer.body.messages.map((m: { seq: number }) => m.seq),
      [6, 7],
    );
    assert.equal(
      (await call(g1, 'GET', `/v1/conversations/${conv}/messages?limit=201`, { token: a.token })).status,
      400,
    );
  });

  it('recall: only the sender, within the window; everyone gets a recall event and history shows it recalled', async () => {
    const a = await newUser(g1, 'rca');
    const b = await newUser(g1, 'rcb');
    await befriend(g1, a, b);
    const cursor = await head(g1, b);
    const sent = (await send(g1, a, { to: b.id, content: 'oops' })).body;
    const path = `/v1/conversations/${sent.conversationId}/messages/${sent.seq}/recall`;
    assert.equal((await call(g2, 'POST', path, { token: b.token })).status, 403);
    assert.equal((await call(g2, 'POST', path, { token: a.token })).status, 200);
    assert.equal(
      (await call(g2, 'POST', `/v1/conversations/${sent.conversationId}/messages/99/recall`, { token: a.token }))
        .status,
      404,
    );
    const hist = await call(g1, 'GET', `/v1/conversations/${sent.conversationId}/messages`, { token: b.token });
    assert.equal(hist.body.messages[0].recalled, true);
    assert.equal(hist.body.messages[0].content, '');
    const evs = await call(g1, 'GET', `/v1/sync?cursor=${cursor}&timeout=0`, { token: b.token });
    assert.deepEqual(
      evs.body.events.map((e: { type: string }) => e.type),
      ['message', 'recall'],
    );
  });

  it('recall after the window is refused', async () => {
    const short = await startGates(1, { env: { RECALL_WINDOW: '1' } });
    try {
      const base = short.urls[0]!;
      const a = await newUser(base, 'wa');
      const b = await newUser(base, 'wb');
      await befriend(base, a, b);
      const sent = (await send(base, a, { to: b.id, content: 'late' })).body;
      await new Promise((r) => setTimeout(r, 1200));
      const r = await call(base, 'POST', `/v1/conversations/${sent.conversationId}/messages/${sent.seq}/recall`, {
        token: a.token,
      });
      assert.equal(r.status, 403);
    } finally {
      await short.stop();
    }
  });

  it('typing is live-only: a held poll gets it, a later replay does not', async () => {
    const a = await newUser(g1, 'ta');
    const b = await newUser(g1, 'tb');
    await befriend(g1, a, b);
    const cursor = await head(g2, b);
    const conv = `d:${[a.id, b.id].sort().join(':')}`;
    const poll = call(g2, 'GET', `/v1/sync?cursor=${cursor}&timeout=10`, { token: b.token });
    // A typing event is published once: it reaches the poll only when the poll is held and the
    // gate's subscription to b's notices is in place.
    await metricReaches(c.gates[1]!, 'im_held_polls', 1);
    await noticeChannelLive(c, b.id);
    assert.equal((await call(g1, 'POST', `/v1/conversations/${conv}/typing`, { token: a.token })).status, 204);
    const got = await poll;
    assert.deepEqual(
      got.body.events.map((e: { type: string; cursor?: string }) => [e.type, e.cursor]),
      [['typing', undefined]],
    );
    assert.equal(got.body.cursor, cursor);
    const replay = await call(g2, 'GET', `/v1/sync?cursor=${cursor}&timeout=0`, { token: b.token });
    assert.deepEqual(replay.body.events, []);
  });

  it('a held poll is released when its client goes away', async () => {
    const a = await newUser(g1, 'gone');
    const cursor = await head(g1, a);
    const ac = new AbortController();
    const p = fetch(`${g1}/v1/sync?cursor=${cursor}&timeout=30`, {
      headers: { authorization: `Bearer ${a.token}` },
      signal: ac.signal,
    }).catch(() => null);
    await eventually(
      async () => (await c.gates[0]!.ctx.metrics.heldPolls.get()).values[0]?.value === 1,
      2000,
      'poll held',
    );
    ac.abort();
    await p;
    await eventually(
      async () => (await c.gates[0]!.ctx.metrics.heldPolls.get()).values[0]?.value === 0,
      2000,
      'poll released',
    );
  });

  it('after Redis loses its data, history comes from Postgres, seq continues, and old cursors expire', async () => {
    const a = await newUser(g1, 'la');
    const b = await newUser(g1, 'lb');
    await befriend(g1, a, b);
    const cursor = await head(g1, b);
    let last = { seq: 0, conversationId: '' };
    for (let i = 0; i < 3; i++)
      last = (await send(g1, a, { to: b.id, content: `before ${i}`, clientMsgId: `before-${i}` })).body;
    await eventually(
      async () => (await c.db.sql`select 1 from messages where conversation_id = ${last.conversationId}`).length === 3,
      5000,
      'persisted',
    );
    // Lose everything under this test run's prefix (as a flushed Redis would).
    await deleteKeys(c.prefix);
    // A retry of a stored message gets its seq back from Postgres, as the dedup record it lost would have given.
    const retry = await send(g2, a, { to: b.id, content: 'before 1', clientMsgId: 'before-1' });
    assert.equal(retry.status, 200);
    assert.equal(retry.body.seq, 2);
    const after = await send(g2, a, { to: b.id, content: 'after the loss' });
    assert.equal(after.status, 200);
    assert.equal(after.body.seq, last.seq + 1);
    const expired = await call(g2, 'GET', `/v1/sync?cursor=${cursor}`, { token: b.token });
    assert.equal(expired.status, 410);
    assert.equal(expired.body.error, 'cursor_expired');
    assert.ok(expired.body.cursor && expired.body.cursor !== cursor);
    const hist = await eventually(
      async () => {
        const h = await call(g1, 'GET', `/v1/conversations/${last.conversationId}/messages`, { token: b.token });
        return h.body.messages.length === 4 && h;
      },
      5000,
      'history',
    );
    assert.deepEqual(
      hist.body.messages.map((m: { seq: number }) => m.seq),
      [1, 2, 3, 4],
    );
  });

  it('a failing Postgres insert loses nothing and doubles nothing: the writer retries the batch', async () => {
    const a = await newUser(g1, 'wfa');
    const b = await newUser(g1, 'wfb');
    await befriend(g1, a, b);
    // Make the next inserts fail until the trigger is dropped.
    await c.db.sql.unsafe(`
      create or replace function fail_insert() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$;
      create trigger fail_messages before insert on messages for each row execute function fail_insert();`);
    const writerGate = c.gates[0]!;
    const errorsBefore = await metricOf(writerGate, 'im_writer_errors_total');
    const sent: Array<{ conversationId: string; seq: number }> = [];
    for (let i = 0; i < 5; i++)
      sent.push((await send(g1, a, { to: b.id, clientMsgId: `wf-${i}`, content: `w${i}` })).body);
    await send(g2, a, { to: b.id, clientMsgId: 'wf-0', content: 'w0' }); // a retry while the writer is failing
    // The writer has met the failure (more than once: it retries), and stored nothing meanwhile.
    await metricReaches(writerGate, 'im_writer_errors_total', (n) => n >= errorsBefore + 2);
    assert.equal(
      (await c.db.sql`select count(*)::int as n from messages where conversation_id = ${sent[0]!.conversationId}`)[0]!
        .n,
      0,
    );
    await c.db.sql.unsafe('drop trigger fail_messages on messages');
    await eventually(
      async () => {
        const rows = await c.db.sql<
          { seq: number }[]
        >`select seq from messages where conversation_id = ${sent[0]!.conversationId} order by seq`;
        return rows.length === 5 && rows;
      },
      10_000,
      'writer caught up',
    );
    // Nothing left in the log that could still add a row.
    await eventually(async () => (await c.brokers[0]!.persistence.backlog()) === 0, 5000, 'the log drained');
    const rows = await c.db.sql<
      { seq: number }[]
    >`select seq from messages where conversation_id = ${sent[0]!.conversationId} order by seq`;
    assert.deepEqual(
      rows.map((r) => r.seq),
      [1, 2, 3, 4, 5],
    );
  });
});
