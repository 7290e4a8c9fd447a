import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeEvent, jsonTextOf, withCursor, type WireEvent } from '../src/events.js';
import { EncodeCache } from '../src/transports/frames.js';
import { memoryBroker } from '../src/broker/memory.js';
import { redisBroker } from '../src/broker/redis.js';
import { cursorPosition } from '../src/broker/inbox.js';
import type { LogRecord } from '../src/broker/log.js';
import { brokerConformance, DEFAULT_LIMITS } from './broker/conformance.js';
import { redisAvailable, testPrefix, TEST_REDIS_URL } from './helpers/stores.js';
import { eventually } from './helpers/http.js';

brokerConformance('MemoryBroker', async (limits) => {
  const broker = memoryBroker(limits);
  return { broker, cleanup: () => broker.close() };
});

describe('MemoryBroker specifics', () => {
  const limits = { ...DEFAULT_LIMITS };
  const event = (i: number) => ({ type: 'friend_added', at: i, data: { userId: `x${i}` } }) as const;

  it('keeps inbox cursors and log ids increasing when the clock goes backwards', async (t) => {
    const broker = memoryBroker({ ...limits, logShards: 1 });
    let now = 1_000_000;
    t.mock.method(Date, 'now', () => now);
    const [c1] = await broker.inboxes.append(event(1), ['u']);
    now -= 5000;
    const [c2] = await broker.inboxes.append(event(2), ['u']);
    const [c3] = await broker.inboxes.append(event(3), ['u']);
    const [p1, p2, p3] = [c1, c2, c3].map((c) => cursorPosition(c!)!);
    assert.ok(p2!.ms === p1!.ms && p2!.n === p1!.n + 1 && p3!.n === p2!.n + 1);
    const rec = (i: number): LogRecord => ({
      t: 'msg',
      shardKey: 'c',
      m: {
        conversationId: 'c',
        seq: i,
        kind: 'direct',
        from: 'a',
        to: 'b',
        fromDevice: 'd',
        clientMsgId: `m${i}`,
        contentType: 'text',
        content: '',
        createdAt: i,
      },
    });
    now = 2_000_000;
    await broker.persistence.append([rec(1)]);
    now -= 5000;
    await broker.persistence.append([rec(2)]);
    const ids = (await broker.persistence.read(0, 'w', 10, 0)).map((e) => e.id);
    assert.deepEqual(ids, ['2000000-0', '2000000-1']);
    await broker.close();
  });

  it('has notified subscribers by the time append resolves, in order even when a listener appends', async () => {
    const broker = memoryBroker(limits);
    const seen: string[] = [];
    await broker.inboxes.subscribe('u', (n) => {
      if (n.kind === 'event' && n.event.at === 1) void broker.inboxes.append(event(2), ['u']);
    });
    await broker.inboxes.subscribe('u', (n) => {
      if (n.kind === 'event') seen.push(n.event.cursor);
    });
    const [c1] = await broker.inboxes.append(event(1), ['u']);
    assert.equal(seen.length, 2, 'both notices delivered before append resolved');
    assert.equal(seen[0], c1);
    assert.ok(
      cursorPosition(seen[1]!)!.n > cursorPosition(seen[0]!)!.n ||
        cursorPosition(seen[1]!)!.ms > cursorPosition(seen[0]!)!.ms,
    );
    await broker.close();
  });

  it('rejects calls after close', async () => {
    const broker = memoryBroker(limits);
    await broker.close();
    await assert.rejects(broker.inboxes.append(event(1), ['u']));
    await assert.rejects(broker.persistence.read(0, 'w', 1, 1000));
  });
});

// Under CI=true an unreachable Redis throws here and fails the run instead of skipping.
const redisUp = await redisAvailable();

function redisUnderTest(limits = DEFAULT_LIMITS) {
  const p = testPrefix();
  const broker = redisBroker({ url: TEST_REDIS_URL, prefix: p.prefix, ...limits });
  return {
    broker,
    prefix: p.prefix,
    async cleanup() {
      await broker.close();
      await p.cleanup();
    },
  };
}

brokerConformance('RedisBroker', async (limits) => redisUnderTest(limits), {
  skip: !redisUp && 'Redis does not answer',
});

describe('RedisBroker when Redis loses data', { skip: !redisUp && 'Redis does not answer' }, () => {
  const made: Array<ReturnType<typeof redisUnderTest>> = [];
  after(async () => {
    await Promise.all(made.map((t) => t.cleanup()));
  });

  it('expires an old cursor once the user’s keys are gone, under a new epoch', async () => {
    const t = redisUnderTest();
    made.push(t);
    const { broker, prefix } = t;
    const event = { type: 'friend_added', at: 1, data: { userId: 'x' } } as const;
    const [c1] = await broker.inboxes.append(event, ['alice']);
    const [c2] = await broker.inboxes.append(event, ['bob']);
    // What a flush or a failover without the data does to one user: every key under its hash tag vanishes.
    const keys = await broker.client.keys(`${prefix}{u:alice}:*`);
    assert.ok(keys.length > 0);
    await broker.client.del(...keys);

    const r = await broker.inboxes.read('alice', c1!, 10);
    assert.equal(r.kind, 'expired');
    if (r.kind !== 'expired') return;
    assert.notEqual(cursorPosition(r.head)!.epoch, cursorPosition(c1!)!.epoch);
    const [c3] = await broker.inboxes.append(event, ['alice']);
    assert.equal(cursorPosition(c3!)!.epoch, cursorPosition(r.head)!.epoch, 'new events continue in the new epoch');
    assert.equal((await broker.inboxes.read('alice', c1!, 10)).kind, 'expired', 'the old cursor stays expired');
    assert.deepEqual(
      await broker.inboxes.read('bob', c2!, 10),
      { kind: 'events', events: [], cursor: c2 },
      'other users are untouched',
    );
  });

  it('recovers the log consumer group after the log is lost', async () => {
    const t = redisUnderTest({ ...DEFAULT_LIMITS, logShards: 1 });
    made.push(t);
    const { broker, prefix } = t;
    const rec: LogRecord = {
      t: 'msg',
      shardKey: 'd:a:b',
      m: {
        conversationId: 'd:a:b',
        seq: 1,
        kind: 'direct',
        from: 'a',
        to: 'b',
        fromDevice: 'd',
        clientMsgId: 'm1',
        contentType: 'text',
        content: 'hi',
        createdAt: 1,
      },
    };
    await broker.persistence.append([rec]);
    assert.equal((await broker.persistence.read(0, 'w', 10, 10)).length, 1);
    await broker.client.del(`${prefix}{log:0}`);
    await broker.persistence.read(0, 'w', 10, 10).catch(() => []);
    await broker.persistence.append([rec]);
    const got = await broker.persistence.read(0, 'w', 10, 10);
    assert.deepEqual(
      got.map((e) => e.record),
      [rec],
    );
  });
});

describe('RedisBroker notice channels', { skip: !redisUp && 'Redis does not answer' }, () => {
  it('keeps a user’s channel for a while after its last listener left, reuses it meanwhile, then unsubscribes it', async () => {
    const p = testPrefix();
    const broker = redisBroker({ url: TEST_REDIS_URL, prefix: p.prefix, ...DEFAULT_LIMITS, noticeLingerMs: 400 });
    try {
      const channel = `${p.prefix}{u:linger}:n`;
      const subscribers = async () => Number(((await broker.client.pubsub('NUMSUB', channel)) as [string, number])[1]);
      const event = { type: 'friend_added', at: 1, data: { userId: 'x' } } as const;
      const first = await broker.inboxes.subscribe('linger', () => {});
      assert.equal(await subscribers(), 1);
      first.unsubscribe();
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(await subscribers(), 1, 'still subscribed while it lingers');

      // A listener that comes back meanwhile hears what is appended, on the same subscription.
      const heard: string[] = [];
      const again = await broker.inboxes.subscribe('linger', (n) => {
        if (n.kind === 'event') heard.push(n.event.cursor);
      });
      const [cursor] = await broker.inboxes.append(event, ['linger']);
      await eventually(async () => heard.length === 1, 2000, 'the notice');
      assert.deepEqual(heard, [cursor]);
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(await subscribers(), 1, 'a channel with a listener is never dropped');

      again.unsubscribe();
      const left = performance.now();
      await eventually(async () => (await subscribers()) === 0, 3000, 'the channel unsubscribed');
      assert.ok(performance.now() - left >= 350, 'not before the linger is over');
    } finally {
      await broker.close();
      await p.cleanup();
    }
  });

  it('drops a lingering channel at once when the subscriber connection breaks, and still repairs the users with listeners', async () => {
    const p = testPrefix();
    const name = `linger-break-${process.pid}-${Date.now()}`;
    const broker = redisBroker({
      url: TEST_REDIS_URL,
      name,
      prefix: p.prefix,
      ...DEFAULT_LIMITS,
      noticeLingerMs: 60_000,
    });
    try {
      const subscribers = async (user: string) =>
        Number(((await broker.client.pubsub('NUMSUB', `${p.prefix}{u:${user}}:n`)) as [string, number])[1]);
      const event = { type: 'friend_added', at: 1, data: { userId: 'x' } } as const;
      (await broker.inboxes.subscribe('gone', () => {})).unsubscribe();
      const heard: string[] = [];
      const live = await broker.inboxes.subscribe('here', (n) => {
        if (n.kind === 'event') heard.push(n.event.cursor);
      });
      assert.deepEqual([await subscribers('gone'), await subscribers('here')], [1, 1]);

      // Cut this broker's subscriber connection (found by its name; nobody else's is touched).
      const clients = String(await broker.client.client('LIST')).split('\n');
      const ids = clients
        .filter((l) => l.includes(` name=${name} `) && !/ sub=0 /.test(l))
        .map((l) => /id=(\d+)/.exec(l)![1]!);
      assert.equal(ids.length, 1, 'one subscriber connection');
      await broker.client.client('KILL', 'ID', ids[0]!);

      // Once the client has resubscribed (every channel it had, in one command), the lingering
      // channel goes at once rather than after its minute.
      await eventually(async () => (await subscribers('here')) === 1, 10_000, 'the live channel subscribed again');
      await eventually(async () => (await subscribers('gone')) === 0, 3000, 'the lingering channel dropped');
      const [cursor] = await broker.inboxes.append(event, ['here']);
      await eventually(async () => heard.includes(cursor!), 5000, 'the live listener still hears');
      live.unsubscribe();
    } finally {
      await broker.close();
      await p.cleanup();
    }
  });
});

describe('RedisBroker gate bus', { skip: !redisUp && 'Redis does not answer' }, () => {
  it('tells its listeners to resync when the subscriber connection broke, and delivers again after', async () => {
    const p = testPrefix();
    const name = `bus-break-${process.pid}-${Date.now()}`;
    const broker = redisBroker({ url: TEST_REDIS_URL, name, prefix: p.prefix, ...DEFAULT_LIMITS });
    try {
      const heard: string[] = [];
      let live = 0;
      await broker.bus.subscribe(
        (m) => {
          if (m.kind === 'group') heard.push(m.groupId);
        },
        () => live++,
      );
      assert.equal(live, 1);
      await broker.bus.publish({ kind: 'group', groupId: 'before' });
      await eventually(async () => heard.includes('before'), 2000, 'the first message');
      const clients = String(await broker.client.client('LIST')).split('\n');
      const ids = clients
        .filter((l) => l.includes(` name=${name} `) && !/ sub=0 /.test(l))
        .map((l) => /id=(\d+)/.exec(l)![1]!);
      assert.equal(ids.length, 1, 'one subscriber connection');
      await broker.client.client('KILL', 'ID', ids[0]!);
      await eventually(async () => live === 2, 10_000, 'told to resync once the connection is back');
      await broker.bus.publish({ kind: 'group', groupId: 'after' });
      await eventually(async () => heard.includes('after'), 2000, 'a message published after the repair');
    } finally {
      await broker.close();
      await p.cleanup();
    }
  });
});

describe('event JSON text', () => {
  it('is JSON.stringify of the decoded event with its cursor, for any event the broker stores', () => {
    fc.assert(
      fc.property(
        fc.record({ type: fc.string(), at: fc.integer(), data: fc.dictionary(fc.string(), fc.jsonValue()) }),
        fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
        (stored, cursor) => {
          const text = JSON.stringify(stored);
          const event = decodeEvent<object>(text, cursor);
          const plain = JSON.parse(text) as object;
          assert.deepEqual(event, cursor === undefined ? plain : { ...plain, cursor });
          assert.equal(jsonTextOf(event), JSON.stringify(event));
        },
      ),
    );
  });

  it('is JSON.stringify of the event after withCursor gives it another cursor, once or twice', () => {
    fc.assert(
      fc.property(
        fc.record({ type: fc.string(), at: fc.integer(), data: fc.dictionary(fc.string(), fc.jsonValue()) }),
        fc.option(fc.string(), { nil: undefined }),
        fc.string(),
        fc.string(),
        (stored, cursor, next, last) => {
          const text = JSON.stringify(stored);
          const event = decodeEvent<{ cursor?: string }>(text, cursor);
          const once = withCursor(event, next);
          assert.deepEqual(once, { ...(JSON.parse(text) as object), cursor: next });
          assert.equal(jsonTextOf(once), JSON.stringify(once));
          const twice = withCursor(once, last);
          assert.equal(jsonTextOf(twice), JSON.stringify(twice));
          assert.equal(event.cursor, cursor, 'the event itself keeps its cursor');
        },
      ),
    );
  });

  it('keeps no text for what is not an object, and the encoder then serialises the event itself', () => {
    assert.equal(jsonTextOf(decodeEvent<object>('[1,2]', 'c')), undefined);
    const cache = new EncodeCache();
    const made = { type: 'typing', at: 1, data: { userId: 'u' } } as const;
    assert.equal(cache.json(made as WireEvent), JSON.stringify(made));
  });
});
