import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { metricReaches, startGates, type Cluster } from './helpers/gate.js';
import { befriend, call, eventually, newUser, type Reply, type TestUser } from './helpers/http.js';
import { JsonWs, SseClient, disposeClients } from './helpers/ws.js';
import { assertContractAnswer } from './helpers/hostile.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { Gate } from '../src/gate.js';
import { createLogger } from '../src/log.js';

/**
 * The limits a public deployment needs, each set low from its environment variable and each shown
 * to refuse with its contract code: sends per user per second, auth attempts, live connections and
 * held polls per user, request body and upload size, WebSocket frame size and queue, the WebSocket
 * Origin allow-list and CORS for the HTTP API.
 */

const skip = !((await postgresAvailable()) && (await redisAvailable()));
const APP = 'http://app.example';
const EVIL = 'http://evil.example';

describe('limits', { skip }, () => {
  let c: Cluster;
  let base: string;
  let a: TestUser;
  let b: TestUser;

  before(async () => {
    c = await startGates(1, {
      env: {
        SEND_RATE_PER_SECOND: '5',
        MAX_CONNECTIONS_PER_USER: '2',
        MAX_POLLS_PER_USER: '2',
        MAX_BODY_BYTES: '2048',
        MAX_UPLOAD_BYTES: '4096',
        AUTH_RATE_PER_MINUTE: '4',
        WS_ALLOWED_ORIGINS: APP,
        CORS_ORIGINS: APP,
      },
    });
    base = c.urls[0]!;
    a = await newUser(base, 'la');
    b = await newUser(base, 'lb');
    await befriend(base, a, b);
  });

  after(async () => {
    disposeClients();
    await c?.stop();
  });

  const msg = (i: number | string) => ({
    kind: 'direct',
    to: b.id,
    clientMsgId: `lim-${i}`,
    contentType: 'text',
    content: 'x',
  });

  it('SEND_RATE_PER_SECOND: past it a send is 429 rate_limited with Retry-After (HTTP) or an error frame with retryAfterMs (WebSocket), shared by both', async () => {
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) => call(base, 'POST', '/v1/messages', { token: a.token, body: msg(`h${i}`) })),
    );
    const limited = replies.filter((r) => r.status === 429);
    assert.ok(
      replies.filter((r) => r.status === 200).length <= 5 * 2,
      'at most the budget of the one or two windows the burst spans',
    );
    assert.ok(limited.length >= 2, `some sends refused: ${replies.map((r) => r.status)}`);
    for (const r of limited) {
      assertContractAnswer(r, 'rate limited send');
      assert.equal(r.body.error, 'rate_limited');
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
    }

    // One budget for both ways of sending: spend a window's budget partly over HTTP and partly over
    // the WebSocket, and both then refuse. The window opens with its first accepted send and lasts
    // a second; a round that took too long to tell (a loaded machine) is run again.
    const ws = new JsonWs(base);
    await ws.login(a.token);
    const overWs = async (id: string) => {
      ws.send({ op: 'send', ...msg(id) });
      return ws.inbox.find((f) => (f.op === 'ack' || f.op === 'error') && f.clientMsgId === `lim-${id}`);
    };
    const overHttp = (id: string) => call(base, 'POST', '/v1/messages', { token: a.token, body: msg(id) });
    let n = 0;
    let refusedOverHttp: Reply | undefined;
    try {
      for (let round = 0; !refusedOverHttp; round++) {
        assert.ok(round < 5, 'a round fitted in one window');
        // Spend what is left of the current window, so the next accepted send opens a new one.
        await eventually(async () => (await overHttp(`spend${n++}`)).status === 429, 5000, 'a spent window');
        let opened = 0;
        await eventually(
          async () => {
            opened = Date.now();
            return (await overHttp(`open${n++}`)).status === 200;
          },
          5000,
          'the budget to come back',
        );
        const rest = [];
        for (let i = 0; i < 4; i++) rest.push(await overWs(`rest${n++}`));
        const http = await overHttp(`over${n++}`);
        const frame = await overWs(`over${n++}`);
        if (Date.now() - opened > 800) continue;
        assert.deepEqual(
          rest.map((f) => f.op),
          ['ack', 'ack', 'ack', 'ack'],
          'the rest of the budget, over the WebSocket',
        );
        assert.equal(http.status, 429, 'HTTP finds the budget spent');
        assertContractAnswer(http, 'a send over HTTP past the shared budget');
        assert.equal(frame.op, 'error');
        assert.equal(frame.code, 'rate_limited', 'and so does the WebSocket');
        assert.match(frame.clientMsgId, /^lim-over/);
        assert.ok(frame.retryAfterMs >= 1000);
        refusedOverHttp = http;
      }
    } finally {
      await ws.close();
    }
    // Retry-After is the promise: once it has passed, a send is accepted again.
    await new Promise((r) => setTimeout(r, Number(refusedOverHttp!.headers.get('retry-after')) * 1000));
    assert.equal((await overHttp('later')).status, 200, 'the budget comes back after Retry-After');
  });

  it('AUTH_RATE_PER_MINUTE: repeated logins for one username are refused with 429', async () => {
    const statuses: number[] = [];
    const name = `nobody${Date.now().toString(36)}`;
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await call(base, 'POST', '/v1/auth/login', { body: { username: name, password: 'wrong password' } })).status,
      );
    assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429]);
    const r = await call(base, 'POST', '/v1/auth/login', {
      body: { username: name.toUpperCase(), password: 'wrong password' },
    });
    assert.equal(r.status, 429, 'counted per username whatever its case');
    assertContractAnswer(r, 'a login past the limit');
  });

  it('MAX_CONNECTIONS_PER_USER: one more WebSocket gets rate_limited then 4429, one more event stream 429; a freed slot is usable again', async () => {
    const first = new JsonWs(base);
    const second = new JsonWs(base);
    await first.login(a.token);
    await second.login(a.token);
    const third = new JsonWs(base);
    await third.opened();
    third.send({ op: 'login', token: a.token });
    assert.equal((await third.inbox.find((f) => f.op === 'error')).code, 'rate_limited');
    assert.equal((await third.closed).code, 4429);
    const sse = await fetch(`${base}/v1/events?access_token=${a.token}`);
    assert.equal(sse.status, 429);
    assertContractAnswer({ status: sse.status, body: await sse.json(), headers: sse.headers }, 'a third stream');
    // Another user is not affected.
    const other = new JsonWs(base);
    await other.login(b.token);
    await first.close();
    // The slot is free once the gate has seen the close: second (a) and other (b) are left.
    await metricReaches(c.gates[0]!, 'im_connections', 2, { labels: { transport: 'ws' } });
    const s = new SseClient(base, a.token);
    await s.ready();
    s.close();
    await Promise.all([second.close(), other.close()]);
  });

  it('MAX_POLLS_PER_USER: one more held long-poll is 429; once one returns the next is held again', async () => {
    const head = (await call(base, 'GET', '/v1/sync', { token: a.token })).body.cursor as string;
    const hold = (ac: AbortController) =>
      fetch(`${base}/v1/sync?cursor=${head}&timeout=5`, {
        headers: { authorization: `Bearer ${a.token}` },
        signal: ac.signal,
      }).catch(() => null);
    const acs = [new AbortController(), new AbortController()];
    const held = acs.map(hold);
    const gate = c.gates[0]!;
    await metricReaches(gate, 'im_held_polls', 2);
    const third = await call(base, 'GET', `/v1/sync?cursor=${head}&timeout=5`, { token: a.token });
    assert.equal(third.status, 429);
    assertContractAnswer(third, 'a third poll');
    acs[0]!.abort();
    await held[0];
    await metricReaches(gate, 'im_held_polls', 1);
    const ac = new AbortController();
    const again = hold(ac);
    await metricReaches(gate, 'im_held_polls', 2);
    const fourth = await call(base, 'GET', `/v1/sync?cursor=${head}&timeout=0`, { token: a.token });
    assert.equal(fourth.status, 429, 'still two held');
    ac.abort();
    acs[1]!.abort();
    await Promise.all([again, held[1]]);
  });

  it('MAX_BODY_BYTES and MAX_UPLOAD_BYTES: a larger body is 413 too_large', async () => {
    const big = await call(base, 'POST', '/v1/groups', {
      token: a.token,
      body: { name: 'g', memberIds: [], pad: 'x'.repeat(3000) },
    });
    assert.equal(big.status, 413);
    assertContractAnswer(big, 'a body over MAX_BODY_BYTES');
    const fd = new FormData();
    fd.append('file', new Blob([new Uint8Array(5000)]), 'f.bin');
    const up = await fetch(`${base}/v1/files`, {
      method: 'POST',
      body: fd,
      headers: { authorization: `Bearer ${a.token}` },
    });
    assert.equal(up.status, 413);
    assertContractAnswer(
      { status: up.status, body: await up.json(), headers: up.headers },
      'an upload over MAX_UPLOAD_BYTES',
    );
  });

  it('WebSocket frames: over 64 KiB closes with 1009; more than 64 frames waiting are refused with rate_limited', async () => {
    const ws = new JsonWs(base);
    await ws.login(b.token);
    for (let i = 0; i < 400; i++) ws.send({ op: 'read', conversationId: `d:${[a.id, b.id].sort().join(':')}`, seq: 1 });
    const e = await ws.inbox.find(
      (f) => f.op === 'error' && f.code === 'rate_limited',
      5000,
      'a refusal of a queued frame',
    );
    assert.match(e.message, /too many frames/);
    ws.sendRaw(JSON.stringify({ op: 'ping', pad: 'x'.repeat(65 * 1024) }));
    assert.equal((await ws.closed).code, 1009);
  });

  it('WS_ALLOWED_ORIGINS: an upgrade from another origin is 403; the listed origin and clients without an Origin get in', async () => {
    await assert.rejects(new JsonWs(base, { origin: EVIL }).opened(), /403/);
    const ok = new JsonWs(base, { origin: APP });
    await ok.login(b.token);
    const native = new JsonWs(base);
    await native.login(b.token);
    await Promise.all([ok.close(), native.close()]);
  });

  it('CORS_ORIGINS: a listed origin gets preflights answered and Access-Control-Allow-Origin on answers and errors; others get neither', async () => {
    const preflight = (origin: string, method = 'POST') =>
      fetch(`${base}/v1/messages`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': method,
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    const ok = await preflight(APP);
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), APP);
    assert.match(ok.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match(ok.headers.get('access-control-allow-headers') ?? '', /Authorization/i);
    assert.match(ok.headers.get('vary') ?? '', /Origin/);
    assert.equal(ok.headers.get('access-control-allow-credentials'), null, 'tokens are headers, not cookies');
    const evil = await preflight(EVIL);
    assert.equal(evil.status, 403);
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    assertContractAnswer(
      { status: evil.status, body: await evil.json(), headers: evil.headers },
      'a preflight from an unlisted origin',
    );

    const get = await fetch(`${base}/v1/me`, { headers: { origin: APP, authorization: `Bearer ${a.token}` } });
    assert.equal(get.status, 200);
    assert.equal(get.headers.get('access-control-allow-origin'), APP);
    assert.match(get.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
    const denied = await fetch(`${base}/v1/me`, { headers: { origin: APP } });
    assert.equal(denied.status, 401);
    assert.equal(denied.headers.get('access-control-allow-origin'), APP, 'a browser may read the error');
    const foreign = await fetch(`${base}/v1/me`, { headers: { origin: EVIL, authorization: `Bearer ${a.token}` } });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);

    // Without CORS_ORIGINS there are no CORS headers at all (same origin only).
    const plain = new Gate({
      config: { ...c.config, CORS_ORIGINS: [], WRITER: 'off' },
      sql: c.db.sql,
      broker: c.brokers[0]!,
      log: createLogger('silent'),
      jwtSecret: 'x'.repeat(40),
    });
    const url = await plain.start(0, '127.0.0.1');
    try {
      const p = await fetch(`${url}/v1/me`, {
        method: 'OPTIONS',
        headers: { origin: APP, 'access-control-request-method': 'GET' },
      });
      assert.equal(p.headers.get('access-control-allow-origin'), null);
      const g = await fetch(`${url}/v1/me`, { headers: { origin: APP } });
      assert.equal(g.headers.get('access-control-allow-origin'), null);
    } finally {
      await plain.stop();
    }
  });

  it('every limit is validated at start with a message naming the variable', () => {
    const bad: Record<string, string> = {
      SEND_RATE_PER_SECOND: '0',
      MAX_CONNECTIONS_PER_USER: '-1',
      MAX_POLLS_PER_USER: 'many',
      NOTICE_LINGER_MS: '-1',
      MAX_BODY_BYTES: '1.5',
      CORS_ORIGINS: 'app.example',
      AUTH_RATE_PER_MINUTE: '0',
      MAX_UPLOAD_BYTES: 'lots',
      UPLOAD_QUOTA_BYTES: '-5',
    };
    for (const [k, v] of Object.entries(bad)) {
      assert.throws(
        () => loadConfig({ [k]: v }),
        (err: unknown) => err instanceof ConfigError && err.message.includes(k),
        `${k}=${v}`,
      );
    }
    assert.deepEqual(loadConfig({ CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).CORS_ORIGINS, [
      'https://a.example',
      'http://localhost:5173',
    ]);
    assert.deepEqual(loadConfig({ CORS_ORIGINS: '*' }).CORS_ORIGINS, ['*']);
    assert.deepEqual(loadConfig({}).CORS_ORIGINS, []);
  });
});
