import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from './helpers/stores.js';
import { PgProxy } from './chaos/pg-proxy.js';
import { freePort } from './cluster/redis-cluster.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { befriend, call, eventually, newUser, type Reply, type TestUser } from './helpers/http.js';

const skip = !((await postgresAvailable()) && (await redisAvailable()));

const ORIGIN = 'https://chat.example';
/** A header that makes the hot path leave a request to the express stack (it leaves any Content-Encoding). */
const VIA_EXPRESS = { 'content-encoding': 'identity' };

/** What must agree between the two paths: status, body (minus what differs per message) and the contract's headers. */
function answerOf(r: Reply): unknown {
  const body = r.body as Record<string, unknown> | undefined;
  const { seq: _seq, createdAt: _createdAt, cursor: _cursor, ...rest } = body && typeof body === 'object' ? body : {};
  return {
    status: r.status,
    body: body && typeof body === 'object' ? rest : body,
    type: r.headers.get('content-type'),
    allowOrigin: r.headers.get('access-control-allow-origin'),
    expose: r.headers.get('access-control-expose-headers'),
    vary: r.headers.get('vary'),
    retryAfter: r.headers.get('retry-after'),
  };
}

/**
 * `POST /v1/messages` and `GET /v1/sync` are served before the express stack; the express routes stay
 * for what that path leaves. Both must give the same answers to the same requests, refusals included.
 */
describe('the hot routes answer as the express routes do', { skip }, () => {
  let c: Cluster;
  let base: string;
  let a: TestUser;
  let b: TestUser;
  before(async () => {
    c = await startGates(1, { env: { CORS_ORIGINS: ORIGIN, MAX_BODY_BYTES: '2048', SEND_RATE_PER_SECOND: '1000' } });
    base = c.urls[0]!;
    a = await newUser(base, 'hra');
    b = await newUser(base, 'hrb');
    await befriend(base, a, b);
  });
  after(async () => c?.stop());

  let n = 0;
  const sendBoth = async (opts: { token?: string; raw?: string; body?: unknown; headers?: Record<string, string> }) => {
    const hot = await call(base, 'POST', '/v1/messages', opts);
    const slow = await call(base, 'POST', '/v1/messages', { ...opts, headers: { ...opts.headers, ...VIA_EXPRESS } });
    return { hot, slow };
  };
  const message = () => ({ kind: 'direct', to: b.id, clientMsgId: `m${++n}`, contentType: 'text', content: 'hi' });

  it('POST /v1/messages: a send, and every refusal', async () => {
    const cases: Array<[string, Parameters<typeof sendBoth>[0]]> = [
      ['no token', { body: message() }],
      ['a bad token', { token: 'nope', body: message() }],
      ['not JSON', { token: a.token, raw: '{"conversationId":' }],
      ['an empty body', { token: a.token, raw: '' }],
      ['a JSON array', { token: a.token, raw: '[1,2]' }],
      ['too large', { token: a.token, body: { ...message(), content: 'x'.repeat(4096) } }],
      ['a stranger', { token: a.token, body: { ...message(), to: 'unobody0000' } }],
      ['a cross-origin request', { token: a.token, body: { ...message(), content: '' }, headers: { origin: ORIGIN } }],
      ['an unlisted origin', { token: a.token, body: { kind: 1 }, headers: { origin: 'https://evil.example' } }],
    ];
    for (const [what, opts] of cases) {
      const { hot, slow } = await sendBoth(opts);
      assert.ok(hot.status >= 400, `${what}: refused (${hot.status})`);
      assert.deepEqual(answerOf(hot), answerOf(slow), what);
    }
    // Accepted sends: both stored, the same answer but for seq and time.
    const m1 = message();
    const m2 = message();
    const hot = await call(base, 'POST', '/v1/messages', { token: a.token, body: m1, headers: { origin: ORIGIN } });
    const slow = await call(base, 'POST', '/v1/messages', {
      token: a.token,
      body: m2,
      headers: { origin: ORIGIN, ...VIA_EXPRESS },
    });
    assert.equal(hot.status, 200);
    assert.equal(hot.body.seq + 1, slow.body.seq);
    assert.deepEqual(answerOf(hot), answerOf(slow));
    assert.equal(hot.headers.get('access-control-allow-origin'), ORIGIN);
    // Which path answered shows in a header only express adds: both were exercised.
    assert.equal(hot.headers.get('etag'), null, 'answered before the express stack');
    assert.ok(slow.headers.get('etag'), 'answered by the express route');
  });

  it('GET /v1/sync: the head, events after a cursor, and every refusal', async () => {
    const hotHead = await call(base, 'GET', '/v1/sync', { token: b.token });
    const slowHead = await call(base, 'GET', '/v1/sync/', { token: b.token });
    assert.equal(hotHead.status, 200);
    assert.equal(hotHead.body.cursor, slowHead.body.cursor);
    const cursor = encodeURIComponent(hotHead.body.cursor as string);
    await call(base, 'POST', '/v1/messages', { token: a.token, body: message() });
    const hot = await call(base, 'GET', `/v1/sync?cursor=${cursor}&timeout=0`, { token: b.token });
    const slow = await call(base, 'GET', `/v1/sync/?cursor=${cursor}&timeout=0`, { token: b.token });
    assert.equal(hot.body.events.length, 1);
    assert.deepEqual(hot.body, slow.body);
    // The query token is allowed here, as on the express route.
    const byQuery = await call(base, 'GET', `/v1/sync?cursor=${cursor}&timeout=0&access_token=${b.token}`);
    assert.deepEqual(byQuery.body, hot.body);

    for (const [what, query, token] of [
      ['no token', `cursor=${cursor}`, undefined],
      ['a malformed cursor', 'cursor=nope', b.token],
      ['a timeout out of range', `cursor=${cursor}&timeout=600`, b.token],
      ['a limit out of range', `cursor=${cursor}&limit=0`, b.token],
      ['a cursor from nowhere', 'cursor=zzzz-99999999999999-0', b.token],
    ] as const) {
      const h = await call(base, 'GET', `/v1/sync?${query}`, { token, headers: { origin: ORIGIN } });
      const s = await call(base, 'GET', `/v1/sync/?${query}`, { token, headers: { origin: ORIGIN } });
      assert.ok(h.status >= 400, `${what}: refused (${h.status})`);
      assert.deepEqual(answerOf(h), answerOf(s), what);
    }
  });
});

/**
 * A gate whose Redis goes away refuses the hot routes as the express routes do: 503 `unavailable`
 * with Retry-After, and it serves again once Redis is back, without a restart.
 */
describe('the hot routes while Redis is unreachable', { skip }, () => {
  let c: Cluster;
  let base: string;
  let proxy: PgProxy;
  let a: TestUser;
  let b: TestUser;
  before(async () => {
    const target = new URL(TEST_REDIS_URL);
    proxy = new PgProxy({ host: target.hostname, port: Number(target.port || 6379) }, await freePort());
    await proxy.restore();
    c = await startGates(1, { env: { WRITER: 'off' }, redisUrl: proxy.url(TEST_REDIS_URL) });
    base = c.urls[0]!;
    a = await newUser(base, 'hda');
    b = await newUser(base, 'hdb');
    await befriend(base, a, b);
  });
  after(async () => {
    await proxy?.restore();
    await c?.stop();
    await proxy?.close();
  });

  it('answers POST /v1/messages and GET /v1/sync with 503 and Retry-After, on both paths, then serves again', async () => {
    let n = 0;
    const body = () => ({ kind: 'direct', to: b.id, clientMsgId: `down${++n}`, contentType: 'text', content: 'hi' });
    await proxy.cut();
    const hot = await call(base, 'POST', '/v1/messages', { token: a.token, body: body() });
    const slow = await call(base, 'POST', '/v1/messages', { token: a.token, body: body(), headers: VIA_EXPRESS });
    for (const r of [hot, slow]) {
      assert.equal(r.status, 503, JSON.stringify(r.body));
      assert.equal(r.body.error, 'unavailable');
      assert.ok(Number(r.headers.get('retry-after')) > 0);
    }
    const head = await call(base, 'GET', '/v1/sync', { token: b.token });
    assert.equal(head.status, 503, JSON.stringify(head.body));
    assert.equal(head.body.error, 'unavailable');

    await proxy.restore();
    const back = await eventually(
      async () => {
        const r = await call(base, 'POST', '/v1/messages', { token: a.token, body: body() });
        return r.status === 200 ? r : undefined;
      },
      15_000,
      'a send once Redis is back',
    );
    assert.ok(back.body.seq >= 1);
    assert.equal((await call(base, 'GET', '/v1/sync', { token: b.token })).status, 200);
  });
});
