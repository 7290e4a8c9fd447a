import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { embeddedGate, newBroker, startGates, type Cluster } from './helpers/gate.js';
import { call, eventually, login, newUser } from './helpers/http.js';
import { Gate } from '../src/gate.js';
import { createLogger } from '../src/log.js';

/**
 * Postgres is the record of a revoked device session; Redis only carries the news between gates. So
 * a logged-out token stays refused when Redis loses its data, on every gate, old or new, and when the
 * embedded engine restarts.
 */

const skip = !((await postgresAvailable()) && (await redisAvailable()));
const SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

describe('revocation survives the loss of Redis data', { skip }, () => {
  let c: Cluster | undefined;
  const extra: Array<{ gate: Gate; broker: ReturnType<typeof newBroker> }> = [];
  after(async () => {
    for (const e of extra) {
      await e.gate.stop();
      await e.broker.close();
    }
    await c?.stop();
  });

  it('refuses a logged-out token on every gate after every Redis key of the deployment is gone, and on a gate started after', async () => {
    c = await startGates(2);
    const [g0, g1] = c.urls as [string, string];
    const u = await newUser(g0, 'rev');
    const other = await login(g0, u.username, { deviceId: 'other-device' });
    for (const g of [g0, g1]) assert.equal((await call(g, 'GET', '/v1/me', { token: u.token })).status, 200);
    assert.equal((await call(g0, 'POST', '/v1/auth/logout', { token: u.token })).status, 204);
    await eventually(
      async () => (await call(g1, 'GET', '/v1/me', { token: u.token })).status === 401,
      1000,
      'the other gate refusing the token within a second',
    );

    // What FLUSHALL, or a failover to a replica without the data, does to this deployment.
    const keys = await c.brokers[0]!.client.keys(`${c.prefix}*`);
    if (keys.length) await c.brokers[0]!.client.del(...keys);

    for (const g of [g0, g1]) {
      const r = await call(g, 'GET', '/v1/me', { token: u.token });
      assert.equal(r.status, 401, `${g}: ${JSON.stringify(r.body)}`);
      assert.equal((await call(g, 'GET', '/v1/me', { token: other.token })).status, 200, 'the other device is fine');
    }
    const broker = newBroker(c.config, c.prefix);
    const late = new Gate({ config: c.config, sql: c.db.sql, broker, log: createLogger('silent'), jwtSecret: SECRET });
    extra.push({ gate: late, broker });
    const g2 = await late.start(0, '127.0.0.1');
    assert.equal((await call(g2, 'GET', '/v1/me', { token: u.token })).status, 401, 'a gate started after the loss');
    assert.equal((await call(g2, 'GET', '/v1/me', { token: other.token })).status, 200);
  });

  it('refuses a logged-out token after the embedded engine restarts', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'im-revoked-'));
    const start = () => embeddedGate(dir, SECRET);
    try {
      const first = await start();
      const u = await newUser(first.url, 'emb');
      assert.equal((await call(first.url, 'POST', '/v1/auth/logout', { token: u.token })).status, 204);
      await first.gate.stop();
      await first.engine.close();

      const second = await start();
      try {
        const r = await call(second.url, 'GET', '/v1/me', { token: u.token });
        assert.equal(r.status, 401, JSON.stringify(r.body));
      } finally {
        await second.gate.stop();
        await second.engine.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
