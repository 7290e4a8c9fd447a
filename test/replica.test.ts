import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../src/log.js';
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { replicaSkip, startReplica, type Replica } from './helpers/replica.js';
import { befriend, call, eventually, newUser, type TestUser } from './helpers/http.js';
import { connectDb, type Sql } from '../src/store/db.js';
import { historyPage } from '../src/store/messages.js';
import { loadConfig } from '../src/config.js';
import { openEngine } from '../src/engine.js';
import type { Gate } from '../src/gate.js';

const stores = (await postgresAvailable()) && (await redisAvailable());
const noReplica = stores ? await replicaSkip() : 'Postgres or Redis does not answer';

/** How many reads of `read` the gate answered from `source` so far. */
async function reads(gate: Gate, read: 'history' | 'conversations', source: 'replica' | 'primary'): Promise<number> {
  const m = await gate.ctx.metrics.dbReads.get();
  return m.values.find((v) => v.labels.read === read && v.labels.source === source)?.value ?? 0;
}

/** Runs `f` and says where the gate read for it. */
async function readFrom<T>(gate: Gate, read: 'history' | 'conversations', f: () => Promise<T>) {
  const [r0, p0] = [await reads(gate, read, 'replica'), await reads(gate, read, 'primary')];
  const value = await f();
  const [r1, p1] = [await reads(gate, read, 'replica'), await reads(gate, read, 'primary')];
  assert.equal(r1 - r0 + (p1 - p0), 1, 'one read');
  return { value, source: r1 > r0 ? 'replica' : 'primary' };
}

const dbName = (url: string) => new URL(url).pathname.slice(1);

describe('history and conversation lists from a streaming replica', { skip: noReplica }, () => {
  let replica: Replica;
  let c: Cluster;
  let g: string;
  let gate: Gate;
  let a: TestUser;
  let b: TestUser;
  let replicaSql: Sql;
  let conv: string;
  before(async () => {
    replica = await startReplica();
    c = await startGates(1, {
      replica: (db) => (replicaSql = connectDb(replica.url(dbName(db.url)), { max: 4 })),
    });
    g = c.urls[0]!;
    gate = c.gates[0]!;
    a = await newUser(g, 'repa');
    b = await newUser(g, 'repb');
    await befriend(g, a, b);
  });
  after(async () => {
    await c?.stop();
    await replica?.stop();
  });

  const send = async (from: TestUser, to: TestUser, content: string) => {
    const r = await call(g, 'POST', '/v1/messages', {
      token: from.token,
      body: { kind: 'direct', to: to.id, clientMsgId: `m-${content}`, contentType: 'text', content },
    });
    assert.equal(r.status, 200);
    conv = r.body.conversationId;
    return r.body.seq as number;
  };
  const stored = (conversationId: string, seq: number) =>
    eventually(async () => (await historyPage(c.db.sql, conversationId, { limit: 1 })).lastSeq >= seq, 10_000);
  const history = async (conversationId: string, query = '') => {
    const r = await call(g, 'GET', `/v1/conversations/${encodeURIComponent(conversationId)}/messages?${query}`, {
      token: b.token,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return (r.body.messages as { seq: number }[]).map((m) => m.seq);
  };
  const conversations = async (u: TestUser) => {
    const r = await call(g, 'GET', '/v1/conversations', { token: u.token });
    assert.equal(r.status, 200);
    return r.body.conversations as { id: string; lastSeq: number }[];
  };

  it('reads go to the replica when it holds what they need', async () => {
    for (let i = 1; i <= 5; i++) await send(a, b, `first ${i}`);
    await stored(conv, 5);
    await replica.caughtUp();
    assert.deepEqual(await readFrom(gate, 'history', () => history(conv)), {
      value: [1, 2, 3, 4, 5],
      source: 'replica',
    });
    // The list waits for the replica to replay the primary's whole WAL position, which on a busy server
    // (other databases write too) may take longer than the wait: every answer is right, and once the
    // replica keeps up, it is the replica's.
    const list = await eventually(async () => {
      const r = await readFrom(gate, 'conversations', () => conversations(b));
      assert.deepEqual(
        r.value.map((x) => [x.id, x.lastSeq]),
        [[conv, 5]],
      );
      return r.source === 'replica' && r;
    }, 30_000);
    assert.equal(list.source, 'replica');
  });

  it('a lagging replica does not lose a message from a page: what it lacks is read on the primary', async () => {
    const head = (await call(g, 'GET', '/v1/sync', { token: b.token })).body.cursor as string;
    await replica.pauseReplay();
    try {
      const seqs = [await send(a, b, 'late 6'), await send(a, b, 'late 7'), await send(a, b, 'late 8')];
      assert.deepEqual(seqs, [6, 7, 8]);
      // b has them live (a long-poll), and the primary has stored them; the paused replica has not.
      const live = await call(g, 'GET', `/v1/sync?cursor=${head}&timeout=5`, { token: b.token });
      assert.deepEqual(
        (live.body.events as { data: { seq: number } }[]).map((e) => e.data.seq),
        [6, 7, 8],
      );
      await stored(conv, 8);
      const behind = await historyPage(replicaSql, conv, { limit: 50 });
      assert.deepEqual([behind.lastSeq, behind.messages.length], [5, 5], 'the replica really is behind');

      assert.deepEqual(await readFrom(gate, 'history', () => history(conv)), {
        value: [1, 2, 3, 4, 5, 6, 7, 8],
        source: 'primary',
      });
      assert.deepEqual(await readFrom(gate, 'history', () => history(conv, 'minSeq=8&limit=2')), {
        value: [7, 8],
        source: 'primary',
      });
      assert.deepEqual(await readFrom(gate, 'history', () => history(conv, 'after=5')), {
        value: [6, 7, 8],
        source: 'primary',
      });
      // Pages the replica does hold whole are still read there.
      assert.deepEqual(await readFrom(gate, 'history', () => history(conv, 'before=4')), {
        value: [1, 2, 3],
        source: 'replica',
      });
      assert.deepEqual(await readFrom(gate, 'history', () => history(conv, 'after=1&limit=3')), {
        value: [2, 3, 4],
        source: 'replica',
      });
      assert.deepEqual(await readFrom(gate, 'history', () => history(conv, 'minSeq=5&limit=2')), {
        value: [4, 5],
        source: 'replica',
      });

      // A conversation that began while the replica lags is in the list, read on the primary.
      const d = await newUser(g, 'repd');
      await befriend(g, d, b);
      await send(d, b, 'new conversation');
      await stored(conv, 1);
      const list = await readFrom(gate, 'conversations', () => conversations(b));
      assert.equal(list.source, 'primary');
      assert.deepEqual(list.value.map((x) => x.lastSeq).sort(), [1, 8]);
    } finally {
      await replica.resumeReplay();
    }
    await replica.caughtUp();
    assert.deepEqual(await readFrom(gate, 'history', () => history(conv)), { value: [1], source: 'replica' });
    await eventually(
      async () => (await readFrom(gate, 'conversations', () => conversations(b))).source === 'replica',
      30_000,
    );
  });

  it('DATABASE_READ_URL gives the engine a pool on the replica', async () => {
    const config = loadConfig({
      DATABASE_URL: c.db.url,
      DATABASE_READ_URL: replica.url(dbName(c.db.url)),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: `${c.prefix}engine:`,
    });
    const engine = await openEngine(config, createLogger('silent'));
    try {
      assert.ok(engine.replica);
      const [r] = await engine.replica`select pg_is_in_recovery() as standby`;
      assert.equal(r?.standby, true);
      assert.match(engine.description, /reads: replica postgres:\/\/postgres@127\.0\.0\.1:\d+\//);
    } finally {
      await engine.close();
    }
  });
});

describe('a replica that is down', { skip: !stores }, () => {
  let c: Cluster;
  before(async () => {
    // A port nothing listens on.
    c = await startGates(1, { replica: () => connectDb('postgres://postgres@127.0.0.1:9/nowhere', { max: 1 }) });
  });
  after(async () => c?.stop());

  it('costs a logged error per read, never an answer: history and lists come from the primary', async () => {
    const g = c.urls[0]!;
    const a = await newUser(g, 'downa');
    const b = await newUser(g, 'downb');
    await befriend(g, a, b);
    const sent = await call(g, 'POST', '/v1/messages', {
      token: a.token,
      body: { kind: 'direct', to: b.id, clientMsgId: 'x', contentType: 'text', content: 'hi' },
    });
    const conv = sent.body.conversationId as string;
    await eventually(async () => (await historyPage(c.db.sql, conv, { limit: 1 })).lastSeq === 1, 10_000);
    const page = await call(g, 'GET', `/v1/conversations/${encodeURIComponent(conv)}/messages`, { token: b.token });
    assert.deepEqual([page.status, page.body.messages.map((m: { seq: number }) => m.seq)], [200, [1]]);
    const list = await call(g, 'GET', '/v1/conversations', { token: b.token });
    assert.deepEqual([list.status, list.body.conversations.length], [200, 1]);
    const gate = c.gates[0]!;
    assert.equal(await reads(gate, 'history', 'primary'), 1);
    assert.equal(await reads(gate, 'conversations', 'primary'), 1);
    assert.equal((await gate.ctx.metrics.replicaErrors.get()).values[0]?.value, 2);
  });

  it('DATABASE_READ_URL needs DATABASE_URL', () => {
    assert.throws(
      () => loadConfig({ DATABASE_READ_URL: 'postgres://replica/db' }),
      /DATABASE_READ_URL: a replica needs its primary in DATABASE_URL/,
    );
  });
});
