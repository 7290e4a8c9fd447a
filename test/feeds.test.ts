import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Broker } from '../src/broker/broker.js';
import { memoryBroker } from '../src/broker/memory.js';
import { redisBroker } from '../src/broker/redis.js';
import type { Inboxes, Notice } from '../src/broker/inbox.js';
import { Feeds } from '../src/transports/feeds.js';
import { DEFAULT_LIMITS, uid, waitFor } from './broker/kit.js';
import { redisAvailable, testPrefix, TEST_REDIS_URL } from './helpers/stores.js';

const event = (i: number) => ({ type: 'friend_added', at: i, data: { userId: `x${i}` } }) as const;

/**
 * The long-poll's feeds answer reads from memory: every answer must be the broker's own, for every
 * cursor and limit, whether it came from memory or not.
 */
function feedsSuite(name: string, make: () => Promise<{ broker: Broker; cleanup(): Promise<void> }>): void {
  /** Feeds over the inboxes of a fresh broker (or `inboxesOf` it), closed with the broker after `body`. */
  async function withFeeds(
    lingerMs: number,
    body: (broker: Broker, feeds: Feeds) => Promise<void>,
    inboxesOf: (broker: Broker) => Inboxes = (b) => b.inboxes,
  ): Promise<void> {
    const { broker, cleanup } = await make();
    const feeds = new Feeds(inboxesOf(broker), lingerMs);
    try {
      await body(broker, feeds);
    } finally {
      feeds.close();
      await cleanup();
    }
  }

  describe(`Feeds over ${name}`, () => {
    it('answers every cursor and limit as the inbox does, from memory for the recent events', async () => {
      await withFeeds(1000, async (broker, feeds) => {
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
      });
    });

    it("answers a member of large groups from memory, each answer the broker's own", async () => {
      await withFeeds(1000, async (broker, feeds) => {
        const k = largeGroupKit(broker);
        const [g1, g2] = [await k.group(), await k.group()];
        const heard: Notice[] = [];
        const sub = await feeds.subscribe(k.u, (n) => heard.push(n));
        const start = await broker.inboxes.head(k.u);
        // Inbox events and the two groups' messages interleaved, one the member does not get (they
        // blocked its sender) and others after it.
        const steps: Array<() => Promise<unknown>> = [
          () => k.send(g1),
          () => k.inboxEvent(1),
          () => k.send(g2),
          () => k.send(g1),
          () => k.send(g2, [k.u]),
          () => k.send(g2),
          () => k.inboxEvent(2),
          () => k.send(g1),
        ];
        for (const step of steps) await step();
        await waitFor(() => heard.length === steps.length - 1, 'every notice but the excluded one');
        for (const limit of [1, 3, 100]) {
          const memoryBefore = feeds.reads.memory;
          await walkAsBroker(broker, feeds, k.u, start, limit);
          assert.ok(feeds.reads.memory > memoryBefore, `pages of ${limit} were answered from memory`);
        }
        // A cursor the feed did not hand out (the group part of another spelling) is the broker's.
        const broker0 = feeds.reads.broker;
        const foreign = `${start.split('.')[0]}.AAAAA1`;
        assert.deepEqual(await feeds.read(k.u, foreign, 10), await broker.inboxes.read(k.u, foreign, 10));
        assert.equal(feeds.reads.broker, broker0 + 1);
        sub.unsubscribe();
      });
    });

    it('answers as the broker does once the member left a large group: none of its messages, before or after', async () => {
      await withFeeds(1000, async (broker, feeds) => {
        const k = largeGroupKit(broker);
        const g = await k.group();
        const heard: Notice[] = [];
        const sub = await feeds.subscribe(k.u, (n) => heard.push(n));
        const start = await broker.inboxes.head(k.u);
        await k.send(g);
        await waitFor(() => heard.length === 1, 'the first message');
        const afterFirst = (await feeds.read(k.u, start, 10)) as { cursor: string };
        // As the groups service removes a member: the row goes first, then the event is appended; a
        // message sent in between still reaches this gate's channel.
        await broker.groups.leave(g, [k.u]);
        await k.send(g);
        await k.groupEvent(g, 'member_removed');
        await waitFor(() => heard.length === 3, 'the second message and the removal');
        for (const from of [start, afterFirst.cursor]) {
          assert.deepEqual(await feeds.read(k.u, from, 10), await broker.inboxes.read(k.u, from, 10), `after ${from}`);
        }
        await k.inboxEvent(3);
        await waitFor(() => heard.length === 4, 'a later inbox event');
        await walkAsBroker(broker, feeds, k.u, start, 1);
        sub.unsubscribe();
      });
    });

    it('reads the head again when it could not, and then answers from memory again', async () => {
      let failHeads = 0;
      // The broker's inboxes, but a head read fails while `failHeads` counts down.
      const failingHeads = (broker: Broker): Inboxes => ({
        append: (e, users) => broker.inboxes.append(e, users),
        read: (user, after, limit) => broker.inboxes.read(user, after, limit),
        publish: (users, n) => broker.inboxes.publish(users, n),
        subscribe: (user, l) => broker.inboxes.subscribe(user, l),
        merges: (user) => broker.inboxes.merges?.(user) === true,
        head: (user) => (failHeads-- > 0 ? Promise.reject(new Error('the broker is away')) : broker.inboxes.head(user)),
      });
      await withFeeds(
        1000,
        async (broker, feeds) => {
          const k = largeGroupKit(broker);
          const g = await k.group();
          const heard: Notice[] = [];
          const sub = await feeds.subscribe(k.u, (n) => heard.push(n));
          await k.send(g);
          await k.send(g, [k.u]);
          // The next message follows one the member does not get: the feed reads the head, which fails.
          failHeads = 1;
          await k.send(g);
          await waitFor(() => heard.length === 2, 'the messages the member gets');
          for (let i = 0; i < 3; i++) await k.send(g);
          await waitFor(() => heard.length === 5, 'the later messages');
          const head = await broker.inboxes.head(k.u);
          await waitFor(
            () => {
              void feeds.read(k.u, head, 10);
              return feeds.reads.memory > 0;
            },
            'a read from memory after the head was read again',
            5000,
          );
          await k.send(g);
          await waitFor(() => heard.length === 6, 'one more message');
          assert.deepEqual(await feeds.read(k.u, head, 10), await broker.inboxes.read(k.u, head, 10));
          sub.unsubscribe();
        },
        failingHeads,
      );
    });

    it('keeps nothing for a user without listeners, and reads the broker for them', async () => {
      await withFeeds(0, async (broker, feeds) => {
        const u = uid('u');
        const [c] = await broker.inboxes.append(event(1), [u]);
        await broker.inboxes.append(event(2), [u]);
        const before = feeds.reads.memory;
        assert.deepEqual(await feeds.read(u, c!, 10), await broker.inboxes.read(u, c!, 10));
        assert.equal(feeds.reads.memory, before);
      });
    });
  });
}

/** A member `u` of large groups made on `broker`, and what happens to them. */
function largeGroupKit(broker: Broker) {
  const [u, other, sender] = [uid('u'), uid('u'), uid('s')];
  let clock = 1_800_000_000_000;
  return {
    u,
    async group(): Promise<string> {
      const conv = `g:${uid('grp')}`;
      await broker.sequencer.seed(conv, 0);
      await broker.groups.ensure(conv, [u, other]);
      return conv;
    },
    /** A message to the group's stream; `excluded` members do not get it (they blocked the sender). */
    async send(conv: string, excluded: string[] = []): Promise<void> {
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
    },
    inboxEvent: (i: number) => broker.inboxes.append({ ...event(i), at: clock++ }, [u]),
    groupEvent: (conv: string, action: 'member_removed' | 'member_added') =>
      broker.inboxes.append({ type: 'group', at: clock++, data: { groupId: conv.slice(2), action, userIds: [u] } }, [
        u,
      ]),
  };
}

/** Walks as a client does, from each answer's cursor: every answer must be the broker's own. */
async function walkAsBroker(broker: Broker, feeds: Feeds, user: string, start: string, limit: number): Promise<void> {
  let cursor = start;
  for (;;) {
    const mine = await feeds.read(user, cursor, limit);
    assert.deepEqual(mine, await broker.inboxes.read(user, cursor, limit), `after ${cursor}, ${limit} at most`);
    if (mine.kind !== 'events' || mine.events.length === 0) break;
    cursor = mine.cursor;
  }
  assert.equal(cursor, await broker.inboxes.head(user), 'the walk ends at the head');
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
