import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { WebSocket } from 'ws';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { befriend, call, login, newUser, type TestUser } from './helpers/http.js';
import { JsonWs, ProtoWs, SseClient, cursorAfter, disposeClients } from './helpers/ws.js';
import { im, toNum } from '../src/proto/codec.js';

const skip = !((await postgresAvailable()) && (await redisAvailable()));
const hasProtoc = spawnSync('protoc', ['--version']).status === 0;
/** Under CI the protoc test must run (and fail loudly without protoc); elsewhere it is skipped. */
const skipProtoc = !hasProtoc && process.env.CI !== 'true' && 'protoc is not installed';

/** Decodes a binary frame with protoc, an implementation independent of protobufjs. */
function protocDecode(bytes: Buffer): string {
  const r = spawnSync('protoc', ['--decode=im.v1.Frame', '-I', 'proto', 'proto/im.proto'], { input: bytes });
  assert.equal(r.status, 0, r.error ? `protoc: ${r.error.message}` : r.stderr.toString());
  return r.stdout.toString();
}

describe('websocket', { skip }, () => {
  let c: Cluster;
  let g0: string;
  let g1: string;
  let a: TestUser;
  let b: TestUser;
  before(async () => {
    c = await startGates(2, { env: { MAX_CONNECTIONS_PER_USER: '4', WS_ALLOWED_ORIGINS: 'http://good.example' } });
    [g0, g1] = c.urls as [string, string];
    a = await newUser(g0, 'wsa');
    b = await newUser(g0, 'wsb');
    await befriend(g0, a, b);
  });
  after(async () => {
    disposeClients();
    await c?.stop();
  });

  it('a JSON sender gets an ack with the seq and a protobuf peer on another gate receives the message; and back', async () => {
    const aws = new JsonWs(g0);
    const ok = await aws.login(a.token);
    assert.equal(ok.userId, a.id);
    assert.equal(ok.deviceId, a.deviceId);
    assert.match(ok.cursor, /^\w+-\d+-\d+$/);
    const bws = new ProtoWs(g1);
    const ack0 = await bws.login(b.token);
    assert.equal(ack0.userId, b.id);

    aws.send({
      op: 'send',
      kind: 'direct',
      to: b.id,
      clientMsgId: 'm-1',
      contentType: 'text',
      content: 'hello over ws',
    });
    const ack = await aws.inbox.find((f) => f.op === 'ack');
    assert.equal(ack.clientMsgId, 'm-1');
    assert.equal(ack.seq, 1);
    assert.match(ack.conversationId, /^d:/);
    assert.equal(typeof ack.createdAt, 'number');

    const got = await bws.inbox.find((f) => f.body === 'event' && f.event.friendMessage?.content === 'hello over ws');
    const m = got.event!.friendMessage!;
    assert.equal(toNum(m.seqId), 1);
    assert.equal(m.from, a.id);
    assert.equal(m.to, b.id);
    assert.equal(m.type, 'text');
    assert.equal(m.conversationId, ack.conversationId);
    assert.equal(m.fromDevice, a.deviceId);
    assert.equal(m.clientMsgId, 'm-1');
    assert.equal(toNum(m.createdAt), ack.createdAt);
    assert.ok(got.event!.cursor);

    bws.send({ friendMessage: { seq: 77, to: a.id, type: 'text', content: 'hello back' } });
    const back = await bws.inbox.find((f) => f.body === 'ack');
    assert.equal(toNum(back.ack!.ack), 77);
    assert.equal(toNum(back.ack!.seqId), 2);
    assert.equal(back.ack!.conversationId, ack.conversationId);
    const e = await aws.event((x) => x.type === 'message' && x.data.content === 'hello back');
    assert.equal(e.data.clientMsgId, '77');
    assert.equal(e.data.seq, 2);
    assert.ok(e.cursor);

    bws.send({ heartbeat: {} });
    await bws.inbox.find((f) => f.body === 'heartbeat');
    aws.send({ op: 'ping' });
    await aws.inbox.find((f) => f.op === 'pong');
    await Promise.all([aws.close(), bws.close()]);
  });

  it('the sending connection does not get its message back live (its ack has the seq); another connection of the same device and a second device do', async () => {
    const tablet = await login(g0, a.username, { deviceId: 'tablet-1' });
    const phone = new JsonWs(g0);
    const start = await phone.login(a.token);
    // A second tab of the same browser: the same device, its own connection (here on another gate).
    const sameDevice = new JsonWs(g1);
    await sameDevice.login(a.token);
    const tab = new JsonWs(g1);
    await tab.login(tablet.token);
    phone.send({
      op: 'send',
      kind: 'direct',
      to: b.id,
      clientMsgId: 'multi-1',
      contentType: 'text',
      content: 'from the phone',
    });
    const ack = await phone.inbox.find((f) => f.op === 'ack');
    const seen = await tab.event((e) => e.type === 'message' && e.data.clientMsgId === 'multi-1');
    assert.equal(seen.data.seq, ack.seq);
    assert.equal(seen.data.fromDevice, a.deviceId);
    const twin = await sameDevice.event((e) => e.type === 'message' && e.data.clientMsgId === 'multi-1');
    assert.equal(twin.data.seq, ack.seq);
    // A REST send of the device has no connection of its own: every connection of the device gets it.
    const rest = await call(g0, 'POST', '/v1/messages', {
      token: a.token,
      body: { kind: 'direct', to: b.id, clientMsgId: 'multi-rest', contentType: 'text', content: 'over REST' },
    });
    await phone.event((e) => e.type === 'message' && e.data.clientMsgId === 'multi-rest');
    await sameDevice.event((e) => e.type === 'message' && e.data.clientMsgId === 'multi-rest');
    assert.deepEqual(
      phone.events().map((e) => e.data.seq),
      [rest.body.seq],
      'the sending connection got only the message it did not send itself',
    );
    await phone.close();

    const again = new JsonWs(g1);
    await again.login(a.token, { cursor: start.cursor });
    const replayed = await again.event((e) => e.type === 'message' && e.data.clientMsgId === 'multi-1');
    assert.equal(replayed.data.seq, ack.seq);
    await Promise.all([again.close(), tab.close(), sameDevice.close()]);
  });

  it('errors answering a send carry its id: clientMsgId in JSON, seq in protobuf, retryAfterMs when rate limited', async () => {
    const stranger = await newUser(g0, 'wsx');
    const aws = new JsonWs(g0);
    await aws.login(a.token);
    aws.send({
      op: 'send',
      kind: 'direct',
      to: stranger.id,
      clientMsgId: 'no-friend',
      contentType: 'text',
      content: 'hi',
    });
    const e1 = await aws.inbox.find((f) => f.op === 'error' && f.clientMsgId === 'no-friend');
    assert.equal(e1.code, 'forbidden');
    aws.send({ op: 'send', kind: 'direct', to: b.id, clientMsgId: 'no-type', content: 'hi' });
    const e2 = await aws.inbox.find((f) => f.op === 'error' && f.clientMsgId === 'no-type');
    assert.equal(e2.code, 'bad_request');
    assert.match(e2.message, /contentType/);

    const pws = new ProtoWs(g0);
    await pws.login(a.token);
    pws.send({ friendMessage: { seq: 5, from: b.id, to: b.id, type: 'text', content: 'spoofed' } });
    const e3 = await pws.inbox.find((f) => f.body === 'error' && toNum(f.error.seq) === 5);
    assert.equal(e3.error!.code, 'forbidden');
    pws.send({ friendMessage: { seq: 6, to: stranger.id, type: 'text', content: 'hi' } });
    const e4 = await pws.inbox.find((f) => f.body === 'error' && toNum(f.error.seq) === 6);
    assert.equal(e4.error!.code, 'forbidden');
    await Promise.all([aws.close(), pws.close()]);

    const limited = await startGates(1, { env: { SEND_RATE_PER_SECOND: '1' } });
    try {
      const x = await newUser(limited.urls[0]!, 'rl1');
      const y = await newUser(limited.urls[0]!, 'rl2');
      await befriend(limited.urls[0]!, x, y);
      const xws = new JsonWs(limited.urls[0]!);
      await xws.login(x.token);
      for (let i = 0; i < 3; i++)
        xws.send({
          op: 'send',
          kind: 'direct',
          to: y.id,
          clientMsgId: `burst-${i}`,
          contentType: 'text',
          content: 'x',
        });
      const rl = await xws.inbox.find((f) => f.op === 'error' && f.code === 'rate_limited');
      assert.match(rl.clientMsgId, /^burst-/);
      assert.ok(rl.retryAfterMs >= 1000);
      await xws.close();
    } finally {
      await limited.stop();
    }
  });

  it('refusals get their close code or error frame and the gate keeps serving everyone else', async () => {
    const bystander = new JsonWs(g0);
    await bystander.login(b.token);

    const noLogin = new JsonWs(g0);
    await noLogin.opened();
    noLogin.send({ op: 'ping' });
    assert.equal((await noLogin.closed).code, 4401);

    const badToken = new JsonWs(g0);
    await badToken.opened();
    badToken.send({ op: 'login', token: 'not-a-token' });
    assert.equal((await badToken.closed).code, 4401);

    const noToken = new ProtoWs(g0);
    await noToken.opened();
    noToken.send({ login: {} });
    assert.equal((await noToken.closed).code, 4401);

    const gone = await login(g0, a.username, { deviceId: 'revoked-device' });
    assert.equal((await call(g0, 'POST', '/v1/auth/logout', { token: gone.token })).status, 204);
    const revoked = new JsonWs(g1);
    await revoked.opened();
    revoked.send({ op: 'login', token: gone.token });
    assert.equal((await revoked.closed).code, 4403);

    const huge = new JsonWs(g0);
    await huge.login(a.token);
    huge.sendRaw('x'.repeat(70 * 1024));
    assert.equal((await huge.closed).code, 1009);

    const pws = new ProtoWs(g1);
    await pws.login(a.token);
    pws.sendRaw(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    const undecodable = await pws.inbox.find((f) => f.body === 'error');
    assert.equal(undecodable.error!.code, 'bad_request');
    pws.sendRaw(JSON.stringify({ op: 'ping' }));
    await pws.inbox.find((f) => f.body === 'error' && /text frames/.test(f.error.message ?? ''));
    pws.send({ ack: { ack: 1 } });
    const serverOnly = await pws.inbox.find((f) => f.body === 'error' && /ack/.test(f.error.message ?? ''));
    assert.equal(serverOnly.error!.code, 'bad_request');
    pws.send({ loginAck: { userId: a.id } });
    await pws.inbox.find((f) => f.body === 'error' && /loginAck/.test(f.error.message ?? ''));
    pws.send({ heartbeat: {} });
    await pws.inbox.find((f) => f.body === 'heartbeat');

    const jws = new JsonWs(g1);
    await jws.login(a.token);
    jws.sendRaw(Buffer.from([1, 2, 3]));
    await jws.inbox.find((f) => f.op === 'error' && /binary/.test(f.message));
    jws.send({ op: 'event', event: {} });
    const e = await jws.inbox.find((f) => f.op === 'error' && /server only/.test(f.message));
    assert.equal(e.code, 'bad_request');
    jws.sendRaw('{not json');
    await jws.inbox.find((f) => f.op === 'error' && /JSON/.test(f.message));
    jws.send({ op: 'login', token: a.token });
    await jws.inbox.find((f) => f.op === 'error' && /already/.test(f.message));

    await assert.rejects(new JsonWs(g0, { protocol: 'chat.v9' }).opened(), /400/);
    await assert.rejects(new JsonWs(g0, { origin: 'http://evil.example' }).opened(), /403/);
    const wrongPath = await new Promise<number>((resolve) => {
      const w = new WebSocket(g0.replace(/^http/, 'ws') + '/v1/nowhere', ['im.v1.json']);
      w.on('error', () => {});
      w.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    });
    assert.equal(wrongPath, 404);
    const good = new JsonWs(g0, { origin: 'http://good.example' });
    await good.login(a.token);
    const plain = new JsonWs(g0, { protocol: null });
    await plain.login(a.token);

    // Everyone else is still served.
    const r = await call(g0, 'POST', '/v1/messages', {
      token: a.token,
      body: { kind: 'direct', to: b.id, clientMsgId: 'after-refusals', contentType: 'text', content: 'still here' },
    });
    assert.equal(r.status, 200);
    await bystander.event((ev) => ev.data.clientMsgId === 'after-refusals');
    bystander.send({ op: 'ping' });
    await bystander.inbox.find((f) => f.op === 'pong');
    await Promise.all([bystander.close(), pws.close(), jws.close(), good.close(), plain.close()]);
  });

  it('an expired cursor at login gets cursor_expired with the head, then events after the head', async () => {
    const ws = new JsonWs(g1);
    const ok = await ws.login(b.token, { cursor: 'lostepoch-1-0' });
    const err = await ws.inbox.find((f) => f.op === 'error');
    assert.equal(err.code, 'cursor_expired');
    assert.equal(err.cursor, ok.cursor);
    await call(g0, 'POST', '/v1/messages', {
      token: a.token,
      body: { kind: 'direct', to: b.id, clientMsgId: 'post-expiry', contentType: 'text', content: 'x' },
    });
    const e = await ws.event((x) => x.data.clientMsgId === 'post-expiry');
    assert.ok(cursorAfter(e.cursor, ok.cursor));
    assert.equal(ws.events().length, 1);
    await ws.close();
  });

  it('read, typing and recall frames reach the other side in both encodings', async () => {
    const aws = new JsonWs(g0);
    await aws.login(a.token);
    const bws = new ProtoWs(g1);
    await bws.login(b.token);
    aws.send({ op: 'send', kind: 'direct', to: b.id, clientMsgId: 'to-recall', contentType: 'text', content: 'oops' });
    const ack = await aws.inbox.find((f) => f.op === 'ack' && f.clientMsgId === 'to-recall');
    await bws.inbox.find((f) => f.body === 'event' && f.event.friendMessage?.clientMsgId === 'to-recall');

    bws.send({ read: { to: a.id, type: im.v1.ReadMessage.Type.FRIEND, seqId: ack.seq } });
    const read = await aws.event((e) => e.type === 'read');
    assert.deepEqual(read.data, { conversationId: ack.conversationId, userId: b.id, seq: ack.seq });

    bws.send({ inputting: { to: a.id } });
    const typing = await aws.event((e) => e.type === 'typing');
    assert.deepEqual(typing.data, { conversationId: ack.conversationId, userId: b.id });
    assert.equal(typing.cursor, undefined);
    aws.send({ op: 'typing', conversationId: ack.conversationId });
    const inputting = await bws.inbox.find((f) => f.body === 'event' && !!f.event.inputting);
    assert.equal(inputting.event!.inputting!.from, a.id);
    assert.equal(inputting.event!.inputting!.to, b.id);
    assert.equal(inputting.event!.cursor, '');

    aws.send({ op: 'recall', conversationId: ack.conversationId, seq: ack.seq });
    const recall = await bws.inbox.find((f) => f.body === 'event' && !!f.event.recall, 5000);
    assert.equal(recall.event!.recall!.by, a.id);
    assert.equal(toNum(recall.event!.recall!.seqId), ack.seq);
    bws.send({ read: { conversationId: ack.conversationId, seqId: ack.seq, from: a.id } });
    const spoof = await bws.inbox.find((f) => f.body === 'error');
    assert.equal(spoof.error!.code, 'forbidden');
    await Promise.all([aws.close(), bws.close()]);
  });

  it('the server’s binary frames decode with protoc', { skip: skipProtoc }, async () => {
    const bws = new ProtoWs(g0);
    await bws.login(b.token);
    const aws = new ProtoWs(g1);
    await aws.login(a.token);
    aws.send({ friendMessage: { seq: 4242, to: b.id, type: 'text', content: 'decoded elsewhere' } });
    const ack = await aws.inbox.find((f) => f.body === 'ack');
    const ev = await bws.inbox.find(
      (f) => f.body === 'event' && f.event.friendMessage?.content === 'decoded elsewhere',
    );
    const login = bws.inbox.items.find((f) => f.body === 'loginAck')!;

    assert.match(protocDecode(login.raw), new RegExp(`loginAck \\{\\s+userId: "${b.id}"`));
    const ackText = protocDecode(ack.raw);
    assert.match(ackText, /ack \{\s+ack: 4242\s+conversationId: "d:/);
    const evText = protocDecode(ev.raw);
    assert.match(evText, /event \{\s+cursor: "\w+-\d+-\d+"/);
    assert.match(
      evText,
      /friendMessage \{\s+seq: 4242\s+seqId: \d+\s+from: "[^"]+"\s+to: "[^"]+"\s+type: "text"\s+content: "decoded elsewhere"/,
    );
    assert.match(evText, /clientMsgId: "4242"/);
    await Promise.all([aws.close(), bws.close()]);
  });

  it('logout closes the WebSocket with 4403 within 1 s on every gate, and the token cannot reconnect', async () => {
    const u = await login(g0, a.username, { deviceId: 'to-log-out' });
    const ws = new ProtoWs(g1);
    await ws.login(u.token);
    const sse = new SseClient(g0, u.token);
    await sse.ready();
    const t0 = Date.now();
    assert.equal((await call(g0, 'POST', '/v1/auth/logout', { token: u.token })).status, 204);
    assert.equal((await ws.closed).code, 4403);
    await sse.errors.find(() => true, 1000, 'the event stream to end');
    assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
    sse.close();
    const again = new JsonWs(g0);
    await assert.rejects(again.login(u.token), /revoked/);
    assert.equal((await again.closed).code, 4403);

    const v = await login(g0, a.username, { deviceId: 'logout-frame' });
    const jws = new JsonWs(g1);
    await jws.login(v.token);
    jws.send({ op: 'logout' });
    assert.equal((await jws.closed).code, 4403);
    assert.equal((await call(g0, 'GET', '/v1/me', { token: v.token })).status, 401);
  });

  it('past MAX_CONNECTIONS_PER_USER a WebSocket gets rate_limited and 4429, an event stream 429', async () => {
    const u = await newUser(g0, 'wslim');
    const open: JsonWs[] = [];
    for (let i = 0; i < 4; i++) {
      const ws = new JsonWs(g1);
      await ws.login(u.token);
      open.push(ws);
    }
    const extra = new JsonWs(g1);
    await extra.opened();
    extra.send({ op: 'login', token: u.token });
    const err = await extra.inbox.find((f) => f.op === 'error');
    assert.equal(err.code, 'rate_limited');
    assert.equal((await extra.closed).code, 4429);
    const sse = await fetch(`${g1}/v1/events?access_token=${u.token}`);
    assert.equal(sse.status, 429);
    assert.equal(((await sse.json()) as { error: string }).error, 'rate_limited');
    // Another gate counts its own connections.
    const other = new JsonWs(g0);
    await other.login(u.token);
    await Promise.all([...open, other].map((w) => w.close()));
  });

  it('a draining gate tells WebSocket clients to reconnect (4503) and ends event streams', async () => {
    const d = await startGates(1);
    try {
      const u = await newUser(d.urls[0]!, 'drain');
      const ws = new JsonWs(d.urls[0]!);
      await ws.login(u.token);
      const pending = new JsonWs(d.urls[0]!);
      await pending.opened();
      const sse = new SseClient(d.urls[0]!, u.token);
      await sse.ready();
      const t0 = Date.now();
      await d.gates[0]!.stop();
      assert.equal((await ws.closed).code, 4503);
      assert.equal((await pending.closed).code, 4503);
      await sse.errors.find(() => true, 1000, 'the event stream to end');
      assert.ok(Date.now() - t0 < 3000);
      sse.close();
    } finally {
      await d.stop();
    }
  });
});
