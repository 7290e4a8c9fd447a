import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Broker } from '../../src/broker/broker.js';
import type { Notice } from '../../src/broker/inbox.js';
import { shardOf } from '../../src/broker/log.js';
import type { Message } from '../../src/events.js';
import { brokers, uid, sleep, waitFor, seqsOf, pos, type BrokerFactory, type ConformanceOptions } from './kit.js';

/** The Sequencer contract (src/broker/sequencer.ts): dedup, seq, and a message's one-step send. */
export function sequencerConformance(name: string, factory: BrokerFactory, opts: ConformanceOptions = {}): void {
  describe(`Sequencer contract: ${name}`, { skip: opts.skip ?? false, concurrency: true }, () => {
    const { shared, make } = brokers(factory);
    let b: Broker;
    before(() => {
      b = shared();
    });

    describe('sequencing', { concurrency: true }, () => {
      it('answers null for a conversation whose counter was never seeded', async () => {
        assert.equal(await b.sequencer.sequence(uid('c'), 'd1', 'm1', 1), null);
      });

      it('numbers fresh messages 1, 2, 3 after seeding 0', async () => {
        const c = uid('c');
        await b.sequencer.seed(c, 0);
        const got = [
          await b.sequencer.sequence(c, 'd1', 'm1', 100),
          await b.sequencer.sequence(c, 'd1', 'm2', 200),
          await b.sequencer.sequence(c, 'd1', 'm3', 300),
        ];
        assert.deepEqual(got, [
          { seq: 1, createdAt: 100, fresh: true },
          { seq: 2, createdAt: 200, fresh: true },
          { seq: 3, createdAt: 300, fresh: true },
        ]);
      });

      it('gives a repeated (device, clientMsgId) its original seq and createdAt, not fresh', async () => {
        const c = uid('c');
        await b.sequencer.seed(c, 0);
        await b.sequencer.sequence(c, 'd1', 'm1', 100);
        await b.sequencer.sequence(c, 'd1', 'm2', 200);
        assert.deepEqual(await b.sequencer.sequence(c, 'd1', 'm1', 999), { seq: 1, createdAt: 100, fresh: false });
        assert.deepEqual(
          await b.sequencer.sequence(c, 'd2', 'm1', 300),
          { seq: 3, createdAt: 300, fresh: true },
          'another device, same id',
        );
      });

      it('tells the last seq handed out, and null for a counter that is missing', async () => {
        const c = uid('c');
        assert.equal(await b.sequencer.last(c), null);
        await b.sequencer.seed(c, 4);
        assert.equal(await b.sequencer.last(c), 4);
        await b.sequencer.sequence(c, 'd1', 'm1', 1);
        assert.equal(await b.sequencer.last(c), 5);
        await b.sequencer.sequence(c, 'd1', 'm1', 2);
        assert.equal(await b.sequencer.last(c), 5, 'a repeat takes no seq');
      });

      it('continues from the seeded value and never lets a later seed move the counter', async () => {
        const c = uid('c');
        await b.sequencer.seed(c, 41);
        assert.equal((await b.sequencer.sequence(c, 'd1', 'm1', 1))?.seq, 42);
        await b.sequencer.seed(c, 0);
        assert.equal((await b.sequencer.sequence(c, 'd1', 'm2', 1))?.seq, 43, 'a lower seed does not lower it');
        await b.sequencer.seed(c, 100);
        assert.equal((await b.sequencer.sequence(c, 'd1', 'm3', 1))?.seq, 44, 'an existing counter is left alone');
      });

      it('hands out distinct seqs to concurrent messages', async () => {
        const c = uid('c');
        await b.sequencer.seed(c, 0);
        const got = await Promise.all(
          Array.from({ length: 30 }, (_, i) => b.sequencer.sequence(c, `d${i % 3}`, `m${i}`, i)),
        );
        assert.deepEqual(
          got.map((g) => g!.seq).sort((x, y) => x - y),
          Array.from({ length: 30 }, (_, i) => i + 1),
        );
      });

      it('forgets a dedup record after its TTL and sequences the repeat anew', async () => {
        const t = await make({ dedupTtlSec: 1 });
        const c = uid('c');
        await t.sequencer.seed(c, 0);
        assert.equal((await t.sequencer.sequence(c, 'd1', 'm1', 1))?.seq, 1);
        await sleep(1100);
        assert.deepEqual(await t.sequencer.sequence(c, 'd1', 'm1', 2), { seq: 2, createdAt: 2, fresh: true });
      });
    });

    describe('sending a message', { concurrency: true }, () => {
      const draft = (conversationId: string, clientMsgId: string, content = 'hi "there"\n\u2603 \\ </script>') => ({
        conversationId,
        kind: 'direct' as const,
        from: 'ua',
        to: 'ub',
        fromDevice: 'dev1',
        clientMsgId,
        contentType: 'text',
        content,
      });
      const rate = (key: string, limit = 100) => ({ key, limit, windowSec: 10 });

      it('answers unseeded for a conversation without a counter and appends nothing', async () => {
        const t = await make();
        const c = uid('d:');
        const u = uid('u');
        const out = await t.sequencer.send({ draft: draft(c, 'm1'), recipients: [u], now: 5, rate: rate(uid('r')) });
        assert.deepEqual(out, { kind: 'unseeded' });
        assert.equal(await t.persistence.backlog(), 0);
        const r = await t.inboxes.read(u, `${pos(await t.inboxes.head(u)).epoch}-0-0`, 10);
        assert.ok(r.kind === 'events' && r.events.length === 0);
      });

      it('numbers the message, logs it and appends it to every recipient with a notice, all exactly', async () => {
        const t = await make();
        const c = uid('d:');
        const users = [uid('u'), uid('u')];
        const heard: Notice[] = [];
        const sub = await t.inboxes.subscribe(users[1]!, (n) => heard.push(n));
        const starts = await Promise.all(users.map((u) => t.inboxes.head(u)));
        await t.sequencer.seed(c, 6);
        const out = await t.sequencer.send({
          draft: draft(c, 'm1'),
          recipients: users,
          now: 1234,
          rate: rate(uid('r')),
        });
        assert.deepEqual(out, { kind: 'sent', seq: 7, createdAt: 1234, fresh: true });
        const m: Message = { ...draft(c, 'm1'), seq: 7, createdAt: 1234 };
        const want = { type: 'message', at: 1234, data: m };
        for (const [i, u] of users.entries()) {
          const r = await t.inboxes.read(u, starts[i]!, 10);
          assert.ok(r.kind === 'events');
          assert.deepEqual(
            r.events.map(({ cursor: _, ...e }) => e),
            [want],
          );
        }
        await waitFor(() => heard.length === 1, 'the notice');
        const n = heard[0]!;
        assert.ok(n.kind === 'event');
        const { cursor: _c, ...heardEvent } = n.event;
        assert.deepEqual(heardEvent, want);
        const got = await t.persistence.read(shardOf(c, t.persistence.shards), 'w1', 10, 100);
        assert.deepEqual(
          got.map((e) => e.record),
          [{ t: 'msg', shardKey: c, m }],
        );
        sub.unsubscribe();
      });

      it('gives a repeat its original seq and createdAt, not fresh, and appends it again', async () => {
        const t = await make();
        const c = uid('d:');
        const u = uid('u');
        const start = await t.inboxes.head(u);
        await t.sequencer.seed(c, 0);
        await t.sequencer.send({ draft: draft(c, 'm1'), recipients: [u], now: 10, rate: null });
        await t.sequencer.send({ draft: draft(c, 'm2'), recipients: [u], now: 20, rate: null });
        const again = await t.sequencer.send({ draft: draft(c, 'm1'), recipients: [u], now: 30, rate: null });
        assert.deepEqual(again, { kind: 'sent', seq: 1, createdAt: 10, fresh: false });
        const r = await t.inboxes.read(u, start, 10);
        assert.ok(r.kind === 'events');
        assert.deepEqual(seqsOf(r.events), [1, 2, 1]);
        assert.equal(await t.persistence.backlog(), 3);
      });

      it('refuses over the budget without spending a seq, sharing the budget with consume', async () => {
        const t = await make();
        const c = uid('d:');
        const u = uid('u');
        const key = uid('send:');
        await t.sequencer.seed(c, 0);
        assert.equal(await t.rateLimits.consume(key, 3, 10), 0);
        for (let i = 1; i <= 2; i++) {
          const out = await t.sequencer.send({ draft: draft(c, `m${i}`), recipients: [u], now: i, rate: rate(key, 3) });
          assert.equal(out.kind === 'sent' && out.seq, i);
        }
        const refused = await t.sequencer.send({ draft: draft(c, 'm3'), recipients: [u], now: 3, rate: rate(key, 3) });
        assert.equal(refused.kind, 'rate_limited');
        assert.ok(refused.kind === 'rate_limited' && refused.waitMs > 0 && refused.waitMs <= 10_000);
        const later = await t.sequencer.send({ draft: draft(c, 'm3'), recipients: [u], now: 4, rate: null });
        assert.deepEqual(later, { kind: 'sent', seq: 3, createdAt: 4, fresh: true }, 'the refused send took no seq');
      });

      it('keeps inboxes within the age bound while messages keep coming', async () => {
        const t = await make({ inboxMaxAgeMs: 300 });
        const c = uid('d:');
        const u = uid('u');
        const start = await t.inboxes.head(u);
        await t.sequencer.seed(c, 0);
        // Enough that Redis's approximate trim (whole stream nodes of 100 entries) removes some.
        await Promise.all(
          Array.from({ length: 150 }, (_, i) =>
            t.sequencer.send({ draft: draft(c, `old${i}`), recipients: [u], now: i, rate: null }),
          ),
        );
        await sleep(400);
        for (let i = 1; i <= 8; i++)
          await t.sequencer.send({ draft: draft(c, `new${i}`), recipients: [u], now: 10 + i, rate: null });
        assert.equal((await t.inboxes.read(u, start, 100)).kind, 'expired', 'a cursor from before the old messages');
      });

      it('starts a fresh budget window once the last one ended', async () => {
        const t = await make();
        const c = uid('d:');
        const u = uid('u');
        const r = { key: uid('send:'), limit: 2, windowSec: 1 };
        await t.sequencer.seed(c, 0);
        for (let i = 1; i <= 2; i++)
          assert.equal(
            (await t.sequencer.send({ draft: draft(c, `a${i}`), recipients: [u], now: i, rate: r })).kind,
            'sent',
          );
        const refused = await t.sequencer.send({ draft: draft(c, 'a3'), recipients: [u], now: 3, rate: r });
        assert.ok(refused.kind === 'rate_limited' && refused.waitMs > 0 && refused.waitMs <= 1000);
        await sleep(refused.waitMs + 50);
        assert.equal(
          (await t.sequencer.send({ draft: draft(c, 'a3'), recipients: [u], now: 4, rate: r })).kind,
          'sent',
        );
      });

      it('reaches every member of a large group', async () => {
        const t = await make();
        const c = uid('g:');
        const users = Array.from({ length: 90 }, () => uid('u'));
        const starts = await Promise.all(users.map((u) => t.inboxes.head(u)));
        await t.sequencer.seed(c, 0);
        const out = await t.sequencer.send({
          draft: { ...draft(c, 'm1', 'x'), kind: 'group', to: 'grp' },
          recipients: users,
          now: 9,
          rate: null,
        });
        assert.equal(out.kind, 'sent');
        const reads = await Promise.all(users.map((u, i) => t.inboxes.read(u, starts[i]!, 10)));
        for (const r of reads)
          assert.ok(r.kind === 'events' && r.events.length === 1 && (r.events[0]!.data as Message).seq === 1);
      });
    });
  });
}
