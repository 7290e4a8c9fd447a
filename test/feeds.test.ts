import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Broker } from '../src/broker/broker.js';
import { memoryBroker } from '../src/broker/memory.js';
import { redisBroker } from '../src/broker/redis.js';
import type { Notice } from '../src/broker/inbox.js';
import { Feeds } from '../src/transports/feeds.js';
import { DEFAULT_LIMITS, uid, waitFor } from './broker/kit.js';
import { redisAvailable, testPrefix, TEST_REDIS_URL } from './helpers/stores.js';

const event = (i: number) => ({ type: 'friend_added', at: i, data: { userId: `x${i}` } }) as const;

/**
 * The long-poll's feeds answer reads from memory: every answer must be the broker's own, for every
 * cursor and limit, whether it came from memory or not.
 */
function feedsSuite(name: string, make: () => Promise<{ broker: Broker; cleanup(): Promise<void> }>): void {
  describe(`Feeds over ${name}`, () => {
    it('answers every cursor and limit as the inbox does, from memory for the recent events', async () => {
      const { broker, cleanup } = await make();
      const feeds = new Feeds(broker.inboxes, 1000);
      try {
        const u = uid('u');
        await broker.inboxes.append(event(0), [u]);
        const heard: Notice[] = [];
        const sub = await feeds.subscribe(u, (n) => heard.push(n));
        const start = await broker.inboxes.head(u);
        // More events than a feed keeps: the oldest are read from the broker.
        const cursors = [start];
        for (let i = 1; i <= 50; i++) cursors.push(...(await broker.inboxes.append(event(i), [u])));
        await waitFor(() => heard.length === 50, 'every notice');
        for (const c of cursors)
          for (const limit of [1, 7, 100])
            assert.deepEqual(await feeds.read(u, c, limit), await broker.inboxes.read(u, c, limit));
        assert.ok(feeds.reads.memory > 0, 'recent cursors were answered from memory');
        assert.ok(feeds.reads.broker > 0, 'old cursors were read from the broker');

        // A cursor past the head (from nowhere) is the broker's to answer: expired.
        const last = cursors[cursors.length - 1]!;
        const [epoch, ms] = last.split('-');
        const ahead = `${epoch}-${Number(ms) + 60_000}-0`;
        assert.deepEqual(await feeds.read(u, ahead, 10), await broker.inboxes.read(u, ahead, 10));
        assert.equal((await feeds.read(u, ahead, 10)).kind, 'expired');
        sub.unsubscribe();
      } finally {
        feeds.close();
        await cleanup();
      }
    });

    it('keeps nothing for a user without listeners, and reads the broker for them', async () => {
      const { broker, cleanup } = await make();
      const feeds = new Feeds(broker.inboxes, 0);
      try {
        const u = uid('u');
        const [c] = await broker.inboxes.append(event(1), [u]);
        await broker.inboxes.append(event(2), [u]);
        const before = feeds.reads.memory;
        assert.deepEqual(await feeds.read(u, c!, 10), await broker.inboxes.read(u, c!, 10));
        assert.equal(feeds.reads.memory, before);
      } finally {
        feeds.close();
        await cleanup();
      }
    });
  });
}

feedsSuite('the memory broker', async () => {
  const broker = memoryBroker(DEFAULT_LIMITS);
  return { broker, cleanup: () => broker.close() };
});

const redisUp = await redisAvailable();
feedsSuite('Redis', async () => {
  if (!redisUp) throw new Error('Redis is not answering');
  const p = testPrefix();
  const broker = redisBroker({ url: TEST_REDIS_URL, prefix: p.prefix, ...DEFAULT_LIMITS });
  return {
    broker,
    async cleanup() {
      await broker.close();
      await p.cleanup();
    },
  };
});
