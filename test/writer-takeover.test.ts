import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { loadConfig } from '../src/config.js';
import { shardOf } from '../src/broker/log.js';
import { launch, startScaleOut, scaleOutSkip, waitReady, type Proc, type ScaleOut } from './helpers/cluster.js';
import {
  createTestDb,
  postgresAvailable,
  redisAvailable,
  testPrefix,
  TEST_PG_URL,
  TEST_REDIS_URL,
  type TestDb,
} from './helpers/stores.js';
import { befriend, call, eventually, newUser } from './helpers/http.js';
import { freePort } from './cluster/redis-cluster.js';
import { PgProxy } from './chaos/pg-proxy.js';

/**
 * A gate killed with -9 while its inline writer holds log entries it read but could not store yet
 * (its Postgres connection is cut, so it keeps retrying): the writer of another gate takes them over
 * as soon as the dead writer's liveness lapses, and history on the other gate is complete within
 * seconds, with nothing stored twice and no gap. Default writer settings throughout (WRITER=inline,
 * WRITER_CLAIM_IDLE_MS, WRITER_LIVENESS_TTL_MS, LOG_SHARDS), on one Redis and on a Redis Cluster.
 */

const DEFAULTS = loadConfig({});
/** How soon after the kill history must be complete. */
const HISTORY_COMPLETE_WITHIN_MS = 5000;

interface Deployment {
  /** The gate whose writer is made to hold entries (its Postgres goes through `proxy`), and the other. */
  victim: Proc;
  survivor: Proc;
  proxy: PgProxy;
  db: TestDb;
  /** The key prefix of the deployment's Redis keys. */
  prefix: string;
  redis: Redis | Cluster;
  stop(): Promise<void>;
}

function pgTarget(): { host: string; port: number } {
  const u = new URL(TEST_PG_URL);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 5432) };
}

/** Two gate processes with inline writers on the shared Redis (a key prefix of their own) and a fresh database. */
async function singleRedis(): Promise<Deployment> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'im-takeover-'));
  const { prefix, cleanup } = testPrefix();
  const db = await createTestDb();
  const proxy = new PgProxy(pgTarget(), await freePort());
  await proxy.restore();
  const redis = new Redis(TEST_REDIS_URL);
  const procs: Proc[] = [];
  const env = {
    HOST: '127.0.0.1',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    WRITER: 'inline',
    JWT_SECRET: 'takeover-test-secret-long-enough-for-hs256',
    DATA_DIR: path.join(dir, 'data'),
    LOG_LEVEL: 'info',
    AUTH_RATE_PER_MINUTE: '10000',
    SEND_RATE_PER_SECOND: '10000',
  };
  const stop = async () => {
    for (const p of procs) p.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    redis.disconnect();
    await proxy.close();
    await cleanup();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const gate = async (name: string, databaseUrl: string) => {
      const port = await freePort();
      const p = launch('gate', name, dir, { ...env, DATABASE_URL: databaseUrl, PORT: String(port) }, port, false);
      procs.push(p);
      await waitReady(p);
      return p;
    };
    const [victim, survivor] = await Promise.all([gate('victim', proxy.url(db.url)), gate('survivor', db.url)]);
    return { victim, survivor, proxy, db, prefix, redis, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The same two gates on a 3-master Redis Cluster (the scale-out helper, writer settings at their defaults). */
async function redisCluster(): Promise<Deployment> {
  const s: ScaleOut = await startScaleOut({
    gates: 1,
    writers: 0,
    env: {
      WRITER: 'inline',
      LOG_SHARDS: String(DEFAULTS.LOG_SHARDS),
      WRITER_CLAIM_IDLE_MS: String(DEFAULTS.WRITER_CLAIM_IDLE_MS),
    },
  });
  const proxy = new PgProxy(pgTarget(), await freePort());
  let redis: Cluster | undefined;
  try {
    await proxy.restore();
    const victim = await s.startGate({ DATABASE_URL: proxy.url(s.db.url) });
    redis = new Cluster(s.redis.nodes.map((n) => ({ host: n.host, port: n.port })));
    const r = redis;
    return {
      victim,
      survivor: s.gates[0]!,
      proxy,
      db: s.db,
      prefix: DEFAULTS.REDIS_PREFIX,
      redis: r,
      async stop() {
        r.disconnect();
        await proxy.close();
        await s.stop();
      },
    };
  } catch (err) {
    redis?.disconnect();
    await proxy.close();
    await s.stop();
    throw err;
  }
}

async function takeover(d: Deployment): Promise<void> {
  const { victim, survivor } = d;
  const a = await newUser(survivor.url, 'tka');
  const b = await newUser(survivor.url, 'tkb');
  await befriend(survivor.url, a, b);
  let n = 0;
  const send = async (base: string) => {
    const i = ++n;
    const r = await call(base, 'POST', '/v1/messages', {
      token: a.token,
      body: { kind: 'direct', to: b.id, clientMsgId: `m${i}`, contentType: 'text', content: `hello ${i}` },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as { conversationId: string; seq: number };
  };
  const history = async (base: string, conv: string) => {
    const r = await call(base, 'GET', `/v1/conversations/${encodeURIComponent(conv)}/messages?limit=200`, {
      token: b.token,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return (r.body.messages as Array<{ seq: number }>).map((m) => m.seq);
  };

  // Messages go in through the survivor: whichever writer is blocked reading the shard gets them,
  // whatever gate sent them. (Through the victim a send would need its own Postgres whenever its
  // cached friendship of the pair was dropped, as a late broadcast or a bus resync may do.)
  const first = await send(survivor.url);
  const conv = first.conversationId;
  await eventually(async () => (await history(survivor.url, conv)).length === 1, 10_000, 'the first message stored');

  // The victim's writer now cannot store: what it reads stays pending with it.
  await d.proxy.cut();
  const key = `${d.prefix}{log:${shardOf(conv, DEFAULTS.LOG_SHARDS)}}`;
  const heldByVictim = async () => {
    const [, , , owners] = (await d.redis.xpending(key, 'writers')) as [number, unknown, unknown, [string, string][]];
    const mine = (owners ?? []).find(([name]) => name.includes(`-${victim.pid}-`));
    return Number(mine?.[1] ?? 0);
  };
  // Both writers read the shard: send in small rounds until the victim's holds some.
  for (let round = 0; (await heldByVictim()) === 0; round++) {
    assert.ok(round < 40, 'the victim’s writer read some of the messages');
    await Promise.all(Array.from({ length: 3 }, () => send(survivor.url)));
  }
  for (let i = 0; i < 5; i++) await send(survivor.url);
  const held = await heldByVictim();
  const sent = Array.from({ length: n }, (_, i) => i + 1);
  assert.ok((await history(survivor.url, conv)).length < n, 'messages the victim holds are not stored yet');

  victim.kill('SIGKILL');
  await victim.exited;
  const killedAt = Date.now();
  const seen = await eventually(
    async () => {
      const seqs = await history(survivor.url, conv);
      return seqs.length === n && seqs;
    },
    HISTORY_COMPLETE_WITHIN_MS,
    `history complete within ${HISTORY_COMPLETE_WITHIN_MS} ms of the kill (${held} entries held by the killed writer)`,
  ).catch(async (err: Error) => {
    const have = new Set(await history(survivor.url, conv));
    const missing = sent.filter((s) => !have.has(s));
    const takeovers = survivor.lines.filter((l) => /took over|liveness|writer:/.test(l)).slice(-5);
    throw new Error(
      `${err.message}; after ${Date.now() - killedAt} ms still missing seqs ${missing.join(', ')}; the survivor logged:\n${takeovers.join('\n')}`,
    );
  });
  console.log(
    `${n} messages, ${held} held by the killed gate's writer; history complete ${Date.now() - killedAt} ms after the kill`,
  );
  assert.deepEqual(seen, sent, 'every message, in order, no gap');
  const [row] = await d.db.sql<{ rows: number; ids: number }[]>`
    select count(*)::int as rows, count(distinct client_msg_id)::int as ids from messages where conversation_id = ${conv}`;
  assert.deepEqual(row, { rows: n, ids: n }, 'nothing stored twice');
}

const singleSkip = !((await postgresAvailable()) && (await redisAvailable())) && 'Redis and Postgres are needed';

describe('a gate killed with -9 while its writer holds log entries: one Redis', { skip: singleSkip }, () => {
  let d: Deployment;
  before(async () => {
    d = await singleRedis();
  });
  after(async () => d?.stop());

  it(
    'another gate’s writer takes them over: history is complete within seconds, nothing twice',
    { timeout: 90_000 },
    () => takeover(d),
  );
});

describe(
  'a gate killed with -9 while its writer holds log entries: Redis Cluster',
  { skip: await scaleOutSkip() },
  () => {
    let d: Deployment;
    before(async () => {
      d = await redisCluster();
    });
    after(async () => d?.stop());

    it(
      'another gate’s writer takes them over: history is complete within seconds, nothing twice',
      { timeout: 90_000 },
      () => takeover(d),
    );
  },
);
