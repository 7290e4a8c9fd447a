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

    it("answers a member of large groups from memory, each answer the broker's own", async () => {
      const { broker, cleanup } = await make();
      const feeds = new Feeds(broker.inboxes, 1000);
      try {
        const [u, other, sender] = [uid('u'), uid('u'), uid('s')];
        let clock = 1_800_000_000_000;
        const group = async () => {
          const conv = `g:${uid('grp')}`;
          await broker.sequencer.seed(conv, 0);
          await broker.groups.ensure(conv, [u, other]);
          return conv;
        };
        const [g1, g2] = [await group(), await group()];
        const send = async (conv: string, excluded: string[] = []) => {
          const id = uid('m');
          const out = await broker.sequencer.send({
            draft: {
              conversationId: conv,
              kind: 'group',
              from: sender,
              to: conv.slice(2),
              fromDevice: 'dev',
              clientMsgId: id,
              contentType: 'text',
              content: id,
            },
            recipients: [u, other].filter((m) => !excluded.includes(m)),
            now: clock++,
            rate: null,
            stream: { excluded },
          });
          assert.equal(out.kind, 'sent');
        };
        const heard: Notice[] = [];
        const sub = await feeds.subscribe(u, (n) => heard.push(n));
        const start = await broker.inboxes.head(u);
        // Inbox events and the two groups' messages interleaved, one the member does not get (they
        // blocked its sender) and others after it.
        const steps: Array<() => Promise<unknown>> = [
          () => send(g1),
          () => broker.inboxes.append({ ...event(1), at: clock++ }, [u]),
          () => send(g2),
          () => send(g1),
          () => send(g2, [u]),
          () => send(g2),
          () => broker.inboxes.append({ ...event(2), at: clock++ }, [u]),
          () => send(g1),
        ];
        for (const step of steps) await step();
        await waitFor(() => heard.length === steps.length - 1, 'every notice but the excluded one');
        // Walk as a client does, from each answer's cursor, with each page size: every answer is the
        // broker's, and the cursors handed out are answered from memory.
        for (const limit of [1, 3, 100]) {
          let cursor = start;
          const memoryBefore = feeds.reads.memory;
          for (;;) {
            const mine = await feeds.read(u, cursor, limit);
            assert.deepEqual(mine, await broker.inboxes.read(u, cursor, limit), `after ${cursor}, ${limit} at most`);
            if (mine.kind !== 'events' || mine.events.length === 0) break;
            cursor = mine.cursor;
          }
          assert.equal(cursor, await broker.inboxes.head(u), 'the walk ends at the head');
          assert.ok(feeds.reads.memory > memoryBefore, `pages of ${limit} were answered from memory`);
        }
        // A cursor the feed did not hand out (the group part of another spelling) is the broker's.
        const broker0 = feeds.reads.broker;
        const foreign = `${start.split('.')[0]}.AAAAA1`;
        assert.deepEqual(await feeds.read(u, foreign, 10), await broker.inboxes.read(u, foreign, 10));
        assert.equal(feeds.reads.broker, broker0 + 1);
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
