import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { befriend, call, eventually, login, newUser } from './helpers/http.js';
import { JsonWs, disposeClients } from './helpers/ws.js';

const skip = !((await postgresAvailable()) && (await redisAvailable()));

describe('device sessions and audit records', { skip }, () => {
  let c: Cluster;
  let g0: string;
  let g1: string;
  before(async () => {
    c = await startGates(2);
    [g0, g1] = c.urls as [string, string];
  });
  after(async () => {
    disposeClients();
    await c?.stop();
  });

  it('lists the devices, shows a second device online while it holds a WebSocket, and revoking it closes the socket with 4403', async () => {
    const laptop = await newUser(g0, 'dev', { deviceId: 'laptop', deviceName: 'Laptop' });
    const phone = await login(g0, laptop.username, { deviceId: 'phone', deviceName: 'Phone' });
    const ws = new JsonWs(g1);
    await ws.login(phone.token);

    const listed = await eventually(
      async () => {
        const r = await call(g0, 'GET', '/v1/me/sessions', { token: laptop.token });
        const p = r.body.sessions.find((s: { deviceId: string }) => s.deviceId === 'phone');
        return p?.online && r.body.sessions;
      },
      3000,
      'phone online',
    );
    assert.deepEqual(
      listed
        .map((s: { deviceId: string; deviceName: string; current: boolean; online: boolean }) => [
          s.deviceId,
          s.deviceName,
          s.current,
          s.online,
        ])
        .sort(),
      [
        ['laptop', 'Laptop', true, false],
        ['phone', 'Phone', false, true],
      ],
    );
    for (const s of listed) assert.ok(s.createdAt > 0 && s.lastSeenAt >= s.createdAt);

    const started = Date.now();
    assert.equal((await call(g0, 'DELETE', '/v1/me/sessions/phone', { token: laptop.token })).status, 204);
    const closed = await ws.closed;
    assert.equal(closed.code, 4403);
    assert.ok(Date.now() - started < 1000, 'closed within a second');
    assert.equal((await call(g1, 'GET', '/v1/me', { token: phone.token })).status, 401);
    assert.equal(
      (await call(g1, 'POST', '/v1/auth/refresh', { body: { refreshToken: phone.refreshToken } })).status,
      401,
    );
    assert.equal((await call(g0, 'DELETE', '/v1/me/sessions/phone', { token: laptop.token })).status, 404);
    const after = await call(g0, 'GET', '/v1/me/sessions', { token: laptop.token });
    assert.deepEqual(
      after.body.sessions.map((s: { deviceId: string }) => s.deviceId),
      ['laptop'],
    );
  });

  it("another user's device id is 404, never a hint that it exists", async () => {
    const a = await newUser(g0, 'own', { deviceId: 'shared-name' });
    const b = await newUser(g0, 'other', { deviceId: 'b-phone' });
    assert.equal((await call(g0, 'DELETE', '/v1/me/sessions/b-phone', { token: a.token })).status, 404);
    assert.equal((await call(g0, 'DELETE', '/v1/me/sessions/never-existed', { token: a.token })).status, 404);
    assert.equal((await call(g0, 'GET', '/v1/me', { token: b.token })).status, 200);
    assert.equal((await call(g0, 'GET', '/v1/me/sessions')).status, 401);
  });

  it('records logins, connections and revocations of both devices, in order, through the writer', async () => {
    const first = await newUser(g0, 'aud', { deviceId: 'd1' });
    const second = await login(g0, first.username, { deviceId: 'd2' });
    const ws = new JsonWs(g1);
    await ws.login(second.token);
    await ws.close();
    assert.equal((await call(g0, 'DELETE', '/v1/me/sessions/d2', { token: first.token })).status, 204);
    assert.equal((await call(g0, 'POST', '/v1/auth/logout', { token: first.token })).status, 204);
    const rows = await eventually(
      async () => {
        const r = await c.db.sql<{ device_id: string; kind: string; transport: string | null; gate: string | null }[]>`
        select device_id, kind, transport, gate from audit_log where user_id = ${first.id} order by at, kind`;
        return r.length >= 6 && r;
      },
      5000,
      'audit rows',
    );
    const seq = rows.map((r) => `${r.device_id}:${r.kind}${r.transport ? `:${r.transport}` : ''}`);
    assert.deepEqual(
      seq.filter((s) => s.startsWith('d1')),
      ['d1:login', 'd1:logout'],
    );
    assert.deepEqual(
      seq.filter((s) => s.startsWith('d2')),
      ['d2:login', 'd2:connect:ws', 'd2:disconnect:ws', 'd2:revoked'],
    );
    assert.ok(
      rows.every((r) => r.gate),
      'each record names its gate',
    );
  });
});

describe('the word filter step', { skip }, () => {
  let c: Cluster;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'im-words-'));
    const file = path.join(dir, 'words.txt');
    await writeFile(file, '# banned words\nforbidden\nvery bad phrase\n');
    c = await startGates(1, { env: { WORD_FILTER_FILE: file } });
  });
  after(async () => {
    disposeClients();
    await c?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('rejects a listed word over REST and WebSocket alike; nothing reaches an inbox or Postgres', async () => {
    const base = c.urls[0]!;
    const a = await newUser(base, 'wf');
    const b = await newUser(base, 'wg');
    await befriend(base, a, b);
    const head = (await call(base, 'GET', '/v1/sync', { token: b.token })).body.cursor;
    const rest = await call(base, 'POST', '/v1/messages', {
      token: a.token,
      body: { kind: 'direct', to: b.id, clientMsgId: 'f1', contentType: 'text', content: 'this is FORBIDDEN.' },
    });
    assert.equal(rest.status, 403);
    assert.equal(rest.body.error, 'forbidden');
    assert.match(rest.body.message, /content filter/);
    const ws = new JsonWs(base);
    await ws.login(a.token);
    ws.send({
      op: 'send',
      kind: 'direct',
      to: b.id,
      clientMsgId: 'f2',
      contentType: 'text',
      content: 'a very bad phrase here',
    });
    const err = await ws.inbox.find((f) => f.op === 'error');
    assert.equal(err.code, 'forbidden');
    assert.equal(err.clientMsgId, 'f2');
    // Words that only contain a listed word pass.
    const ok = await call(base, 'POST', '/v1/messages', {
      token: a.token,
      body: { kind: 'direct', to: b.id, clientMsgId: 'f3', contentType: 'text', content: 'unforbiddenness is fine' },
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.seq, 1, 'refused messages spent no seq');
    const events = await call(base, 'GET', `/v1/sync?cursor=${head}&timeout=0`, { token: b.token });
    assert.deepEqual(
      events.body.events
        .filter((e: { type: string }) => e.type === 'message')
        .map((e: { data: { clientMsgId: string } }) => e.data.clientMsgId),
      ['f3'],
    );
    await eventually(async () => (await c.db.sql`select 1 from messages where client_msg_id = 'f3'`).length === 1);
    assert.equal((await c.db.sql`select 1 from messages where client_msg_id in ('f1', 'f2')`).length, 0);
  });
});
