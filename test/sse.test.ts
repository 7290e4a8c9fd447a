import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { befriend, call, login, newUser, type TestUser } from './helpers/http.js';
import { RawSse, SseClient, cursorAfter, disposeClients } from './helpers/ws.js';

const skip = !((await postgresAvailable()) && (await redisAvailable()));

describe('server-sent events', { skip }, () => {
  let c: Cluster;
  let g0: string;
  let g1: string;
  let a: TestUser;
  let b: TestUser;
  let n = 0;
  const send = (from: TestUser, to: TestUser, content: string, base = g0) =>
    call(base, 'POST', '/v1/messages', {
      token: from.token,
      body: { kind: 'direct', to: to.id, clientMsgId: `sse-${n++}`, contentType: 'text', content },
    });

  before(async () => {
    c = await startGates(2);
    [g0, g1] = c.urls as [string, string];
    a = await newUser(g0, 'ssea');
    b = await newUser(g0, 'sseb');
    await befriend(g0, a, b);
  });
  after(async () => {
    disposeClients();
    await c?.stop();
  });

  it('refuses a missing or bad token with 401 JSON before any stream starts', async () => {
    for (const q of ['', '?access_token=garbage']) {
      const r = await fetch(`${g0}/v1/events${q}`);
      assert.equal(r.status, 401);
      assert.match(r.headers.get('content-type') ?? '', /application\/json/);
      assert.equal(((await r.json()) as { error: string }).error, 'unauthorized');
    }
    const header = await fetch(`${g0}/v1/events`, { headers: { authorization: `Bearer ${b.token}` } });
    assert.equal(header.status, 200);
    await header.body?.cancel();
  });

  it('writes durable events as id/event/data with the full event JSON, live-only ones without an id', async () => {
    const s = await RawSse.open(`${g1}/v1/events?access_token=${b.token}`);
    assert.equal(s.status, 200);
    const [first] = await s.until((bl) => bl.some((x) => x.event === 'ready'));
    const ready = s.blocks().find((x) => x.event === 'ready')!;
    assert.ok(
      s.blocks().some((x) => x.retry === '2000'),
      'a retry field for EventSource',
    );
    assert.ok(first);
    assert.equal(JSON.parse(ready.data!).cursor, ready.id);
    const sent = await send(a, b, 'over sse');
    const conversationId: string = sent.body.conversationId;
    assert.equal(
      (await call(g0, 'POST', `/v1/conversations/${conversationId}/typing`, { token: a.token })).status,
      204,
    );
    const blocks = await s.until((bl) => bl.some((x) => x.event === 'message') && bl.some((x) => x.event === 'typing'));
    const msg = blocks.find((x) => x.event === 'message')!;
    const event = JSON.parse(msg.data!);
    assert.equal(msg.id, event.cursor);
    assert.equal(event.type, 'message');
    assert.equal(typeof event.at, 'number');
    assert.equal(event.data.content, 'over sse');
    assert.equal(event.data.seq, sent.body.seq);
    assert.ok(cursorAfter(event.cursor, ready.id!));
    const typing = blocks.find((x) => x.event === 'typing')!;
    assert.equal(typing.id, undefined);
    assert.deepEqual(JSON.parse(typing.data!).data, { conversationId, userId: a.id });
    await s.close();
  });

  it('a stream ticket opens one stream on any gate, once, instead of the access token in the URL', async () => {
    const t = await call(g0, 'POST', '/v1/events/ticket', { token: b.token });
    assert.equal(t.status, 200);
    assert.match(t.body.ticket, /^[A-Za-z0-9_-]{40,}$/);
    assert.equal(t.body.expiresIn, 30);
    const s = new SseClient(g1, '', { ticket: t.body.ticket });
    await s.ready();
    await send(a, b, 'via a ticket');
    await s.inbox.find((x) => x.data?.data?.content === 'via a ticket');
    s.close();
    const refusedWith = async (q: string) => {
      const r = await fetch(`${g0}/v1/events?${q}`);
      assert.match(r.headers.get('content-type') ?? '', /application\/json/);
      return [r.status, ((await r.json()) as { error: string }).error];
    };
    assert.deepEqual(await refusedWith(`ticket=${t.body.ticket}`), [401, 'unauthorized'], 'a used ticket');
    assert.deepEqual(await refusedWith('ticket=not-a-ticket'), [401, 'unauthorized']);
    // A ticket wins over a token next to it, refused or not.
    assert.deepEqual(await refusedWith(`ticket=nope&access_token=${b.token}`), [401, 'unauthorized']);
    assert.equal((await call(g0, 'POST', '/v1/events/ticket')).status, 401);

    const stale = await call(g0, 'POST', '/v1/events/ticket', { token: b.token });
    await c.db.sql`update stream_tickets set expires_at = 0`;
    assert.deepEqual(await refusedWith(`ticket=${stale.body.ticket}`), [401, 'unauthorized'], 'an expired ticket');

    const device = await login(g0, b.username, { deviceId: 'ticket-device' });
    const revoked = await call(g0, 'POST', '/v1/events/ticket', { token: device.token });
    assert.equal((await call(g0, 'POST', '/v1/auth/logout', { token: device.token })).status, 204);
    assert.deepEqual(await refusedWith(`ticket=${revoked.body.ticket}`), [401, 'unauthorized'], 'a logged-out session');
  });

  it('replays after ?cursor=, Last-Event-ID wins over it, then goes on live', async () => {
    const head = (await call(g0, 'GET', '/v1/sync', { token: b.token })).body.cursor as string;
    for (const t of ['r1', 'r2', 'r3']) await send(a, b, t);
    const all = new SseClient(g0, b.token, { cursor: head });
    await all.inbox.find((x) => x.data?.data?.content === 'r3');
    assert.deepEqual(
      all.events().map((e) => e.data.data.content),
      ['r1', 'r2', 'r3'],
    );
    assert.equal(all.events()[1]!.id, all.events()[1]!.data.cursor);

    const second = all.events()[1]!.id;
    const resumed = new SseClient(g1, b.token, { cursor: head, lastEventId: second });
    await resumed.ready();
    await send(a, b, 'r4');
    await resumed.inbox.find((x) => x.data?.data?.content === 'r4');
    await all.inbox.find((x) => x.data?.data?.content === 'r4');
    assert.deepEqual(
      resumed.events().map((e) => e.data.data.content),
      ['r3', 'r4'],
    );
    assert.deepEqual(
      all.events().map((e) => e.data.data.content),
      ['r1', 'r2', 'r3', 'r4'],
    );
    all.close();
    resumed.close();
  });

  it('an expired cursor gives one cursor_expired event with the head, then the stream goes on from the head', async () => {
    const s = new SseClient(g1, b.token, { cursor: 'vanished-1-0' });
    const expired = await s.inbox.find((x) => x.type === 'cursor_expired');
    assert.equal(expired.id, expired.data.cursor);
    assert.match(expired.data.cursor, /^\w+-\d+-\d+$/);
    await send(a, b, 'after expiry');
    const e = await s.inbox.find((x) => x.data?.data?.content === 'after expiry');
    assert.ok(cursorAfter(e.id, expired.data.cursor));
    assert.deepEqual(
      s.events().map((x) => x.data.data.content),
      ['after expiry'],
    );
    assert.equal(s.inbox.items.filter((x) => x.type === 'cursor_expired').length, 1);
    s.close();
  });

  it('a REST send reaches every event stream of the user live, those of the sending device included', async () => {
    const other = await login(g0, a.username, { deviceId: 'sse-tablet' });
    const mine = new SseClient(g0, a.token);
    const theirs = new SseClient(g1, other.token);
    await Promise.all([mine.ready(), theirs.ready()]);
    await send(a, b, 'my own');
    await send(b, a, 'from b');
    await theirs.inbox.find((x) => x.data?.data?.content === 'from b');
    await mine.inbox.find((x) => x.data?.data?.content === 'from b');
    assert.deepEqual(
      theirs.events().map((x) => x.data.data.content),
      ['my own', 'from b'],
    );
    assert.deepEqual(
      mine.events().map((x) => x.data.data.content),
      ['my own', 'from b'],
    );
    mine.close();
    theirs.close();
  });

  it('EventSource reconnects on its own after a cut connection and resumes from its last id without loss or duplicate', async () => {
    // A TCP proxy in front of a gate: cutting its sockets is a network failure the client sees.
    const target = new URL(g0);
    const sockets = new Set<net.Socket>();
    const proxy = net.createServer((client) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const es = new SseClient(base, b.token);
      await es.ready();
      await send(a, b, 'before the cut');
      await es.inbox.find((x) => x.data?.data?.content === 'before the cut');
      for (const s of sockets) s.destroy();
      await es.errors.find(() => true, 2000, 'the cut to be noticed');
      await send(a, b, 'during the cut 1');
      await send(a, b, 'during the cut 2');
      await es.inbox.find((x) => x.data?.data?.content === 'during the cut 2', 6000);
      await send(a, b, 'after the cut');
      await es.inbox.find((x) => x.data?.data?.content === 'after the cut');
      assert.deepEqual(
        es.events().map((x) => x.data.data.content),
        ['before the cut', 'during the cut 1', 'during the cut 2', 'after the cut'],
      );
      es.close();
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => proxy.close(r));
    }
  });

  it('a logged-out device’s stream ends within 1 s and its reconnect is refused', async () => {
    const dev = await login(g0, b.username, { deviceId: 'sse-logout' });
    const s = await RawSse.open(`${g1}/v1/events?access_token=${dev.token}`);
    await s.until((bl) => bl.some((x) => x.event === 'ready'));
    const t0 = Date.now();
    assert.equal((await call(g0, 'POST', '/v1/auth/logout', { token: dev.token })).status, 204);
    await s.until(() => s.ended, 1000);
    assert.ok(Date.now() - t0 < 1000);
    assert.ok(s.blocks().some((x) => x.comment !== undefined && /revoked/.test(x.comment)));
    const again = await fetch(`${g1}/v1/events?access_token=${dev.token}`);
    assert.equal(again.status, 401);
    await s.close();
  });
});
