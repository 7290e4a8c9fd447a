import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { call, newUser, eventually } from './helpers/http.js';
import { loadConfig } from '../src/config.js';

const skip = !((await postgresAvailable()) && (await redisAvailable()));
/** The reuse grace of this suite's gates: long enough for a second call, short enough to wait out. */
const GRACE_MS = 1500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('auth', { skip }, () => {
  let c: Cluster;
  let base: string;
  before(async () => {
    c = await startGates(2, { env: { REFRESH_REUSE_GRACE_MS: String(GRACE_MS) } });
    base = c.urls[0]!;
  });
  after(async () => c?.stop());

  it('registers, refuses a duplicate username (any case) with 409 and a weak password with 400', async () => {
    const r = await call(base, 'POST', '/v1/auth/register', {
      body: { username: 'Dup_User1', password: 'long enough pw', displayName: 'Dup' },
    });
    assert.equal(r.status, 201);
    assert.deepEqual(Object.keys(r.body.user).sort(), ['displayName', 'id', 'username']);
    const dup = await call(base, 'POST', '/v1/auth/register', {
      body: { username: 'dup_user1', password: 'long enough pw' },
    });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error, 'conflict');
    const weak = await call(base, 'POST', '/v1/auth/register', { body: { username: 'weakling', password: 'short' } });
    assert.equal(weak.status, 400);
    assert.match(weak.body.message, /password/);
    const badName = await call(base, 'POST', '/v1/auth/register', {
      body: { username: 'a b', password: 'long enough pw' },
    });
    assert.equal(badName.status, 400);
    assert.match(badName.body.message, /username/);
  });

  it('answers malformed bodies with 400 bad_request naming the field, never 500', async () => {
    const bad = await call(base, 'POST', '/v1/auth/register', { raw: '{"username": ' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'bad_request');
    const wrongType = await call(base, 'POST', '/v1/auth/login', { body: { username: 42, password: [] } });
    assert.equal(wrongType.status, 400);
    assert.match(wrongType.body.message, /username/);
    const huge = await call(base, 'POST', '/v1/auth/register', {
      body: { username: 'x'.repeat(200_000), password: 'p' },
    });
    assert.equal(huge.status, 413);
    assert.equal(huge.body.error, 'too_large');
  });

  it('logs in with gates and deviceId; a wrong password is 401', async () => {
    const u = await newUser(base, 'login');
    const r = await call(base, 'POST', '/v1/auth/login', {
      body: { username: u.username, password: 'correct horse battery', deviceId: 'my-phone', deviceName: 'Phone' },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.deviceId, 'my-phone');
    assert.equal(r.body.expiresIn, 900);
    assert.deepEqual(r.body.gates[0].transports, ['ws', 'sse', 'longpoll']);
    const wrong = await call(base, 'POST', '/v1/auth/login', {
      body: { username: u.username, password: 'not the password' },
    });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error, 'unauthorized');
    const nobody = await call(base, 'POST', '/v1/auth/login', {
      body: { username: 'nobody-here', password: 'whatever123' },
    });
    assert.equal(nobody.status, 401);
  });

  it('refuses forged, expired and alg:none tokens', async () => {
    const u = await newUser(base, 'forge');
    const claims = jwt.decode(u.token) as jwt.JwtPayload;
    const forged = jwt.sign({ sid: claims.sid, did: claims.did }, 'another-secret-another-secret-another', {
      subject: u.id,
      expiresIn: 60,
    });
    const none = jwt.sign(
      { sid: claims.sid, did: claims.did, sub: u.id, exp: Math.floor(Date.now() / 1000) + 60 },
      '',
      { algorithm: 'none' },
    );
    const expired = jwt.sign(
      { sid: claims.sid, did: claims.did, exp: Math.floor(Date.now() / 1000) - 10 },
      'test-secret-that-is-long-enough-for-hs256-signing',
      { subject: u.id },
    );
    for (const token of [forged, none, expired, 'garbage', u.token.slice(0, -2) + 'xx']) {
      const r = await call(base, 'GET', '/v1/me', { token });
      assert.equal(r.status, 401, token);
    }
    assert.equal((await call(base, 'GET', '/v1/me')).status, 401);
    assert.equal((await call(base, 'GET', '/v1/me', { token: u.token })).status, 200);
  });

  it('a logged-out device is refused at once on every gate', async () => {
    const u = await newUser(base, 'logout');
    assert.equal((await call(c.urls[1]!, 'GET', '/v1/me', { token: u.token })).status, 200);
    assert.equal((await call(base, 'POST', '/v1/auth/logout', { token: u.token })).status, 204);
    assert.equal((await call(c.urls[1]!, 'GET', '/v1/me', { token: u.token })).status, 401);
    assert.equal(
      (await call(base, 'POST', '/v1/auth/refresh', { body: { refreshToken: u.refreshToken } })).status,
      401,
    );
  });

  it('logout-all revokes every device of the user', async () => {
    const u = await newUser(base, 'all');
    const second = await call(base, 'POST', '/v1/auth/login', {
      body: { username: u.username, password: 'correct horse battery', deviceId: 'tablet' },
    });
    assert.equal((await call(base, 'POST', '/v1/auth/logout-all', { token: u.token })).status, 204);
    assert.equal((await call(c.urls[1]!, 'GET', '/v1/me', { token: second.body.accessToken })).status, 401);
    assert.equal((await call(base, 'GET', '/v1/me', { token: u.token })).status, 401);
  });

  it('refresh rotates; reusing a rotated refresh token after the grace kills the device session', async () => {
    const u = await newUser(base, 'rotate');
    const r1 = await call(base, 'POST', '/v1/auth/refresh', { body: { refreshToken: u.refreshToken } });
    assert.equal(r1.status, 200);
    assert.notEqual(r1.body.refreshToken, u.refreshToken);
    assert.equal((await call(base, 'GET', '/v1/me', { token: r1.body.accessToken })).status, 200);
    // Time passing is what this test is about: the grace must be over.
    await sleep(GRACE_MS + 200);
    const reuse = await call(base, 'POST', '/v1/auth/refresh', { body: { refreshToken: u.refreshToken } });
    assert.equal(reuse.status, 401);
    // The thief's reuse revoked the session: the legitimate new tokens die too.
    assert.equal((await call(base, 'GET', '/v1/me', { token: r1.body.accessToken })).status, 401);
    assert.equal(
      (await call(base, 'POST', '/v1/auth/refresh', { body: { refreshToken: r1.body.refreshToken } })).status,
      401,
    );
    assert.equal((await call(base, 'POST', '/v1/auth/refresh', { body: { refreshToken: 'not-a-token' } })).status, 401);
  });

  it('a just-rotated refresh token is answered with the same new pair during the grace, on any gate', async () => {
    const u = await newUser(base, 'grace');
    const body = { refreshToken: u.refreshToken };
    const first = await call(base, 'POST', '/v1/auth/refresh', { body });
    assert.equal(first.status, 200);
    // A second tab presents the same token a moment later, through another gate.
    const second = await call(c.urls[1]!, 'POST', '/v1/auth/refresh', { body });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.equal(second.body.refreshToken, first.body.refreshToken);
    assert.equal(second.body.accessToken, first.body.accessToken);
    assert.ok(second.body.expiresIn > 0 && second.body.expiresIn <= first.body.expiresIn);
    assert.equal((await call(base, 'GET', '/v1/me', { token: first.body.accessToken })).status, 200);
    // The new pair is kept only sealed: neither token appears in the database in the clear.
    const rows = await c.db.sql<{ next_pair: string | null }[]>`
      select u.next_pair from used_refresh_tokens u join device_sessions s on s.id = u.session_id
      join users x on x.id = s.user_id where x.username = ${u.username}`;
    assert.equal(rows.length, 1);
    assert.ok(rows[0]!.next_pair);
    assert.ok(!rows[0]!.next_pair.includes(first.body.refreshToken.split('.')[1]));
    assert.ok(!rows[0]!.next_pair.includes(first.body.accessToken.split('.')[1]));
    // The pair the session moves on to is refreshed normally and the session lives on.
    const next = await call(base, 'POST', '/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    assert.equal(next.status, 200);
    assert.equal((await call(base, 'GET', '/v1/me', { token: next.body.accessToken })).status, 200);
  });

  it('the grace ends when the pair it would hand out was rotated again: reuse then is theft', async () => {
    const u = await newUser(base, 'graceover');
    const first = await call(base, 'POST', '/v1/auth/refresh', { body: { refreshToken: u.refreshToken } });
    const next = await call(base, 'POST', '/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    assert.equal(next.status, 200);
    // Still within the grace in time, but the pair of the first rotation is no longer current.
    const stale = await call(base, 'POST', '/v1/auth/refresh', { body: { refreshToken: u.refreshToken } });
    assert.equal(stale.status, 401);
    assert.equal((await call(base, 'GET', '/v1/me', { token: next.body.accessToken })).status, 401);
  });

  it('a refresh token reused after the grace revokes the session; REFRESH_REUSE_GRACE_MS=0 has no grace', async () => {
    const u = await newUser(base, 'late');
    const first = await call(base, 'POST', '/v1/auth/refresh', { body: { refreshToken: u.refreshToken } });
    await sleep(GRACE_MS + 200);
    const late = await call(c.urls[1]!, 'POST', '/v1/auth/refresh', { body: { refreshToken: u.refreshToken } });
    assert.equal(late.status, 401);
    assert.equal((await call(base, 'GET', '/v1/me', { token: first.body.accessToken })).status, 401);

    const strict = await startGates(1, { env: { REFRESH_REUSE_GRACE_MS: '0' } });
    try {
      const v = await newUser(strict.urls[0]!, 'strict');
      const body = { refreshToken: v.refreshToken };
      assert.equal((await call(strict.urls[0]!, 'POST', '/v1/auth/refresh', { body })).status, 200);
      assert.equal((await call(strict.urls[0]!, 'POST', '/v1/auth/refresh', { body })).status, 401);
    } finally {
      await strict.stop();
    }
    assert.throws(() => loadConfig({ REFRESH_REUSE_GRACE_MS: '-1' }), /REFRESH_REUSE_GRACE_MS/);
  });

  it('rate limits login per username with 429 and Retry-After', async () => {
    const limited = await startGates(1, { env: { AUTH_RATE_PER_MINUTE: '3' } });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const r = await call(limited.urls[0]!, 'POST', '/v1/auth/login', {
          body: { username: 'victim', password: 'guess-' + i },
        });
        statuses.push(r.status);
        if (r.status === 429) retryAfter = r.headers.get('retry-after');
      }
      assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
      assert.ok(Number(retryAfter) >= 1);
    } finally {
      await limited.stop();
    }
  });

  it('serves health, readiness and Prometheus metrics', async () => {
    assert.equal((await call(base, 'GET', '/healthz')).status, 200);
    assert.equal((await call(base, 'GET', '/readyz')).status, 200);
    const m = await fetch(base + '/metrics');
    assert.match(await m.text(), /im_http_requests_total/);
    await eventually(async () => (await call(base, 'GET', '/v1/nowhere')).status === 401, 1000);
  });
});
