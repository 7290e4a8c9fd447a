import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { redisBroker, type RedisBroker, type RedisBrokerOptions } from '../../src/broker/redis.js';
import { cursorPosition, type Notice } from '../../src/broker/inbox.js';
import type { DurableEvent } from '../../src/events.js';
import { brokerConformance, DEFAULT_LIMITS } from '../broker/conformance.js';
import { redisAvailable, testPrefix, TEST_REDIS_URL } from '../helpers/stores.js';
import { keySlot } from '../../src/broker/slot.js';
import { redisBinariesPresent, REDIS_SERVER, startRedisCluster, type RedisCluster } from './redis-cluster.js';

// Skipped without the binary, except under CI=true where that fails the run.
if (!redisBinariesPresent() && process.env.CI === 'true') throw new Error(`${REDIS_SERVER} is required under CI=true`);
const skip = redisBinariesPresent() ? false : `${REDIS_SERVER} not found`;

// One cluster for the file, with a replica per master so a master can fail over.
const rc: RedisCluster | undefined = skip
  ? undefined
  : await startRedisCluster({ masters: 3, replicas: 1, nodeTimeoutMs: 1000 });
after(async () => rc?.stop());

const uid = (what: string) => `${what}${randomBytes(5).toString('hex')}`;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const event = (i: number): DurableEvent => ({ type: 'friend_added', at: i, data: { userId: `x${i}` } });

/** The key prefix each broker of this file was made with. */
const prefixes = new WeakMap<RedisBroker, string>();
const prefixOf = (b: RedisBroker): string => prefixes.get(b)!;

function clusterBroker(limits = DEFAULT_LIMITS, extra: Partial<RedisBrokerOptions> = {}): RedisBroker {
  const prefix = `imc:${randomBytes(4).toString('hex')}:`;
  const b = redisBroker({
    clusterNodes: rc!.nodes.map((n) => ({ host: n.host, port: n.port })),
    prefix,
    ...limits,
    ...extra,
  });
  prefixes.set(b, extra.prefix ?? prefix);
  return b;
}

/** Every key under `pattern` on every master, with the node it lives on. */
async function keysOnMasters(pattern: string): Promise<Array<{ key: string; port: number; slot: number }>> {
  const out: Array<{ key: string; port: number; slot: number }> = [];
  for (const n of rc!.nodes.filter((x) => x.proc)) {
    const r = new Redis({ host: n.host, port: n.port, maxRetriesPerRequest: 1 });
    try {
      if (!/role:master/.test(await r.info('replication'))) continue;
      for (const key of await r.keys(pattern))
        out.push({ key, port: n.port, slot: Number(await r.cluster('KEYSLOT', key)) });
    } finally {
      r.disconnect();
    }
  }
  return out;
}

/** Collects the notices of one user. */
async function listen(b: RedisBroker, userId: string) {
  const got: Notice[] = [];
  const sub = await b.inboxes.subscribe(userId, (n) => got.push(n));
  const cursors = () => got.flatMap((n) => (n.kind === 'event' ? [n.event.cursor] : []));
  return { got, sub, cursors };
}

async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

brokerConformance(
  'RedisBroker on a 3-master Redis Cluster',
  async (limits) => {
    const broker = clusterBroker(limits);
    return { broker, cleanup: () => broker.close() };
  },
  { skip },
);

describe('RedisBroker in cluster mode', { skip }, () => {
  let b: RedisBroker;
  before(() => {
    b = clusterBroker();
  });
  after(async () => b?.close());

  it('keeps every key of one user, one conversation and one log shard on one slot, and spreads users over the masters', async () => {
    const users = Array.from({ length: 24 }, () => uid('u'));
    for (const u of users) {
      await b.inboxes.append(event(1), [u]);
      await b.presence.add(u, 'conn1', 60_000, Date.now());
      await b.presence.settle(u, Date.now() + 120_000);
    }
    const conv = `d:${users[0]}:${users[1]}`;
    await b.sequencer.seed(conv, 0);
    await b.sequencer.sequence(conv, 'dev1', 'm1', Date.now());
    await b.persistence.append([
      {
        t: 'msg',
        shardKey: conv,
        m: {
          conversationId: conv,
          seq: 1,
          kind: 'direct',
          from: 'a',
          to: 'b',
          fromDevice: 'd',
          clientMsgId: 'm1',
          contentType: 'text',
          content: 'x',
          createdAt: 1,
        },
      },
    ]);
    await b.rateLimits.consume('send:someone', 10, 600);

    const prefix = prefixOf(b);
    const masters = new Set<number>();
    for (const u of users) {
      const keys = await keysOnMasters(`${prefix}{u:${u}}:*`);
      assert.ok(keys.length >= 3, `inbox, epoch and presence keys of ${u}: ${JSON.stringify(keys)}`);
      assert.equal(new Set(keys.map((k) => k.slot)).size, 1, `one slot for ${u}`);
      masters.add(keys[0]!.port);
    }
    assert.equal(masters.size, 3, 'users land on every master');
    const convKeys = await keysOnMasters(`${prefix}{c:${conv}}:*`);
    assert.equal(convKeys.length, 2, 'counter and dedup record');
    assert.equal(new Set(convKeys.map((k) => k.slot)).size, 1);
    const logKeys = await keysOnMasters(`${prefix}{log:*`);
    assert.equal(logKeys.length, 1);
    const rl = await keysOnMasters(`${prefix}rl:*`);
    assert.equal(rl.length, 1, 'a rate-limit counter is one key');
  });

  it('computes the hash slot of a key as the cluster does', async () => {
    const keys = [
      'foo',
      '',
      'a{}b',
      '{}',
      '{user1000}.following',
      'im:{u:Th_XBh5qsZgfAH0L}:n',
      'x{c:d:a:b}:seq',
      'k{ü}',
      '{a}{b}',
      ...Array.from({ length: 50 }, () => uid('k')),
    ];
    for (const key of keys) assert.equal(keySlot(key), Number(await (b.client as Redis).cluster('KEYSLOT', key)), key);
  });

  it('spreads the log shards over the masters and lets two writers share and hand over one shard', async () => {
    const w = clusterBroker({ ...DEFAULT_LIMITS, logShards: 8 });
    try {
      const prefix = prefixOf(w);
      const rec = (i: number) => ({
        t: 'msg' as const,
        shardKey: `g:conv${i}`,
        m: {
          conversationId: `g:conv${i}`,
          seq: 1,
          kind: 'group' as const,
          from: 'a',
          to: 'g',
          fromDevice: 'd',
          clientMsgId: `m${i}`,
          contentType: 'text',
          content: 'x',
          createdAt: 1,
        },
      });
      await w.persistence.append(Array.from({ length: 40 }, (_, i) => rec(i)));
      const keys = await keysOnMasters(`${prefix}{log:*`);
      assert.ok(new Set(keys.map((k) => k.port)).size >= 2, 'log shards on more than one master');
      assert.equal(await w.persistence.backlog(), 40);
      // Writer A reads every shard (blocking reads, one connection per shard) and dies before acking.
      let taken = 0;
      for (let s = 0; s < 8; s++) taken += (await w.persistence.read(s, 'writer-a', 100, 20)).length;
      assert.equal(taken, 40);
      await sleep(60);
      let claimed = 0;
      for (let s = 0; s < 8; s++) {
        const got = await w.persistence.claim(s, 'writer-b', 50, 100);
        claimed += got.length;
        await w.persistence.ack(
          s,
          got.map((e) => e.id),
        );
      }
      assert.equal(claimed, 40, 'writer B took over all of A’s pending entries');
      assert.equal(await w.persistence.backlog(), 0);
    } finally {
      await w.close();
    }
  });

  it('delivers, after its subscriber connection was cut, what was appended while it was down', async () => {
    const u = uid('cut');
    const l = await listen(b, u);
    const [c1] = await b.inboxes.append(event(1), [u]);
    await until(() => l.cursors().includes(c1!), 'the first notice');
    const slot = Number(await (b.client as Redis).cluster('KEYSLOT', `x{u:${u}}`));
    const owner = await rc!.masterOf(slot);
    const admin = new Redis({ host: owner.host, port: owner.port });
    try {
      // Cut the sharded subscriber connections on that node, then append at once: pub/sub drops
      // that notice, the broker must find the event on its own once it has resubscribed.
      await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
      const [c2] = await b.inboxes.append(event(2), [u]);
      await until(() => l.cursors().includes(c2!), 'the event appended while the subscription was down');
      const [c3] = await b.inboxes.append(event(3), [u]);
      await until(() => l.cursors().includes(c3!), 'live notices again');
      const order = l.cursors().filter((c, i, all) => all.indexOf(c) === i);
      assert.deepEqual(order, [c1, c2, c3], 'first arrivals in append order');
    } finally {
      admin.disconnect();
      l.sub.unsubscribe();
    }
  });

  it('keeps notifying a subscriber after the master of its slot fails over to the replica', async () => {
    const u = uid('fo');
    const l = await listen(b, u);
    const [c1] = await b.inboxes.append(event(1), [u]);
    await until(() => l.cursors().includes(c1!), 'the first notice');
    const slot = Number(await (b.client as Redis).cluster('KEYSLOT', `x{u:${u}}`));
    const owner = await rc!.masterOf(slot);
    // A user on another master keeps hearing at once while this one is down.
    let other = uid('fo');
    while ((await rc!.masterOf(Number(await (b.client as Redis).cluster('KEYSLOT', `x{u:${other}}`)))) === owner)
      other = uid('fo');
    const lo = await listen(b, other);
    const t0 = Date.now();
    rc!.kill(rc!.nodes.indexOf(owner));
    await sleep(100);
    const tOther = Date.now();
    const [co] = await b.inboxes.append(event(1), [other]);
    await until(() => lo.cursors().includes(co!), 'a notice for a user on a healthy master', 1000);
    const otherMs = Date.now() - tOther;
    lo.sub.unsubscribe();
    // Appends fail (503 to a client) until the replica is promoted and the client has the new map.
    let c2: string | undefined;
    await until(
      async () => {
        c2 = (await b.inboxes.append(event(2), [u]).catch(() => [undefined]))[0];
        return c2 !== undefined;
      },
      'an append after the failover',
      20_000,
    );
    const failoverMs = Date.now() - t0;
    await until(() => l.cursors().includes(c2!), 'the notice of the first append after the failover');
    const [c3] = await b.inboxes.append(event(3), [u]);
    await until(() => l.cursors().includes(c3!), 'live notices from the promoted master');
    assert.equal(cursorPosition(c3!)!.epoch, cursorPosition(c1!)!.epoch, 'the replica had the inbox: same epoch');
    const r = await b.inboxes.read(u, c1!, 10);
    assert.equal(r.kind, 'events');
    console.log(
      `# failover of one master took ${failoverMs} ms until appends succeeded again; a user on another master heard an append ${otherMs} ms after it was made, during the outage`,
    );
    await rc!.restart(rc!.nodes.indexOf(owner));
    l.sub.unsubscribe();
  });
});

describe('RedisBroker on one node', { skip: !(await redisAvailable()) && 'Redis does not answer' }, () => {
  it('delivers, after its subscriber connection was cut, what was appended while it was down', async () => {
    const { prefix, cleanup } = testPrefix();
    const name = `imt-cut-${randomBytes(4).toString('hex')}`;
    const b = redisBroker({ url: TEST_REDIS_URL, prefix, name, ...DEFAULT_LIMITS });
    const admin = new Redis(TEST_REDIS_URL);
    try {
      const u = uid('cut');
      const l = await listen(b, u);
      const [c1] = await b.inboxes.append(event(1), [u]);
      await until(() => l.cursors().includes(c1!), 'the first notice');
      // Only this broker's subscriber connection: other suites share this Redis.
      const list = (await admin.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
      const ids = list
        .split('\n')
        .filter((line) => line.includes(`name=${name} `))
        .map((line) => /id=(\d+)/.exec(line)![1]!);
      assert.equal(ids.length, 1);
      await admin.call('CLIENT', 'KILL', 'ID', ids[0]!);
      const [c2] = await b.inboxes.append(event(2), [u]);
      await until(() => l.cursors().includes(c2!), 'the event appended while the subscription was down', 10_000);
      const [c3] = await b.inboxes.append(event(3), [u]);
      await until(() => l.cursors().includes(c3!), 'live notices again');
      assert.deepEqual(
        l.cursors().filter((c, i, all) => all.indexOf(c) === i),
        [c1, c2, c3],
      );
    } finally {
      admin.disconnect();
      await b.close();
      await cleanup();
    }
  });
});
