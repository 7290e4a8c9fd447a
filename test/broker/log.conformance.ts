import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { shardOf, type LogRecord } from '../../src/broker/log.js';
import type { Message } from '../../src/events.js';
import { brokers, uid, sleep, message, event, drainLog, type BrokerFactory, type ConformanceOptions } from './kit.js';

/** The PersistenceLog contract (src/broker/log.ts): shards, consumer group, claims, liveness, blocking reads. */
export function logConformance(name: string, factory: BrokerFactory, opts: ConformanceOptions = {}): void {
  describe(`PersistenceLog contract: ${name}`, { skip: opts.skip ?? false, concurrency: true }, () => {
    const { make } = brokers(factory);

    describe('persistence log', { concurrency: true }, () => {
      const rec = (i: number, conv = 'd:a:b'): LogRecord => ({ t: 'msg', shardKey: conv, m: message(i, conv) });

      it('delivers appended records, keeps them until acknowledged, then deletes them', async () => {
        const t = await make();
        const conv = uid('d:');
        const shard = shardOf(conv, t.persistence.shards);
        await t.persistence.append([rec(1, conv), rec(2, conv), rec(3, conv)]);
        assert.equal(await t.persistence.backlog(), 3);
        const got = await t.persistence.read(shard, 'w1', 10, 100);
        assert.deepEqual(
          got.map((e) => e.record),
          [rec(1, conv), rec(2, conv), rec(3, conv)],
        );
        assert.equal(await t.persistence.backlog(), 3, 'read but unacknowledged entries still count');
        assert.deepEqual(
          await t.persistence.read(shard, 'w2', 10, 1),
          [],
          'a delivered entry is not delivered again as new',
        );
        await t.persistence.ack(
          shard,
          got.map((e) => e.id),
        );
        assert.equal(await t.persistence.backlog(), 0);
        assert.deepEqual(await t.persistence.claim(shard, 'w2', 0, 10), [], 'acknowledged entries cannot be claimed');
      });

      it('reads at most count entries per call', async () => {
        const t = await make();
        const conv = uid('d:');
        const shard = shardOf(conv, t.persistence.shards);
        await t.persistence.append([1, 2, 3, 4, 5].map((i) => rec(i, conv)));
        const a = await t.persistence.read(shard, 'w1', 2, 1);
        const c = await t.persistence.read(shard, 'w1', 10, 1);
        assert.deepEqual(
          [...a, ...c].map((e) => (e.record as { m: Message }).m.seq),
          [1, 2, 3, 4, 5],
        );
        assert.equal(a.length, 2);
      });

      it('keeps the records of one shard key in one shard, in append order', async () => {
        const t = await make();
        const convs = [uid('d:'), uid('d:'), uid('g:'), uid('g:'), uid('d:')];
        const records: LogRecord[] = [];
        for (let i = 1; i <= 10; i++) for (const c of convs) records.push(rec(i, c));
        await t.persistence.append(records.slice(0, 25));
        await t.persistence.append(records.slice(25));
        const got = await drainLog(t, 'w1');
        assert.equal(got.length, 50);
        for (const c of convs) {
          const mine = got.filter((e) => e.record?.shardKey === c);
          assert.ok(
            mine.every((e) => e.shard === shardOf(c, t.persistence.shards)),
            `one shard for ${c}`,
          );
          assert.deepEqual(
            mine.map((e) => (e.record as { m: Message }).m.seq),
            [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
          );
        }
      });

      it('lets another consumer claim entries left pending longer than minIdle', async () => {
        const t = await make();
        const conv = uid('d:');
        const shard = shardOf(conv, t.persistence.shards);
        await t.persistence.append([rec(1, conv), rec(2, conv)]);
        const first = await t.persistence.read(shard, 'dead', 10, 1);
        assert.equal(first.length, 2);
        assert.deepEqual(await t.persistence.claim(shard, 'w2', 60_000, 10), [], 'not idle long enough');
        // Bounds far apart from the steps between them: on a loaded machine (a Cluster, two test files
        // at once) two commands in a row have taken more than 50 ms.
        await sleep(400);
        const claimed = await t.persistence.claim(shard, 'w2', 300, 10);
        assert.deepEqual(claimed, first);
        assert.deepEqual(await t.persistence.claim(shard, 'w3', 300, 10), [], 'a claim restarts the idle time');
        await t.persistence.ack(
          shard,
          claimed.map((e) => e.id),
        );
        assert.equal(await t.persistence.backlog(), 0);
      });

      it('hands the entries of a writer whose liveness lapsed to a live one at once, not after they went idle', async () => {
        const t = await make();
        const conv = uid('d:');
        const shard = shardOf(conv, t.persistence.shards);
        const [dying, live] = [uid('dying-'), uid('live-')];
        await t.persistence.heartbeat(dying, 60_000);
        await t.persistence.heartbeat(live, 60_000);
        await t.persistence.append([rec(1, conv), rec(2, conv), rec(3, conv)]);
        const held = await t.persistence.read(shard, dying, 10, 0);
        assert.equal(held.length, 3);
        assert.deepEqual(await t.persistence.claimFromDead(shard, live, 10), [], 'not while the holder is alive');
        // Its last heartbeat: alive for 100 ms more, then never heard of again.
        await t.persistence.heartbeat(dying, 100);
        const until = Date.now() + 5000;
        let claimed: Awaited<ReturnType<typeof t.persistence.claimFromDead>> = [];
        while (claimed.length === 0 && Date.now() < until) {
          claimed = await t.persistence.claimFromDead(shard, live, 10);
          if (claimed.length === 0) await sleep(20);
        }
        assert.deepEqual(claimed, held, 'every entry it held, in id order, once its liveness lapsed');
        assert.deepEqual(await t.persistence.claimFromDead(shard, uid('other-'), 10), [], 'now held by a live writer');
        assert.deepEqual(await t.persistence.claim(shard, uid('other-'), 60_000, 10), [], 'and not idle: just claimed');
        await t.persistence.ack(
          shard,
          claimed.map((e) => e.id),
        );
        assert.equal(await t.persistence.backlog(), 0);
        assert.deepEqual(
          await t.persistence.claimFromDead(shard, live, 10),
          [],
          'acknowledged entries are not claimed',
        );
      });

      it('treats a writer that never sent a heartbeat as dead, and never takes the caller’s own entries', async () => {
        const t = await make();
        const conv = uid('d:');
        const shard = shardOf(conv, t.persistence.shards);
        const [silent, live] = [uid('silent-'), uid('live-')];
        await t.persistence.append([rec(1, conv), rec(2, conv)]);
        const held = await t.persistence.read(shard, silent, 10, 0);
        assert.equal(held.length, 2);
        assert.deepEqual(await t.persistence.claimFromDead(shard, silent, 10), [], 'its own entries');
        assert.deepEqual(await t.persistence.claimFromDead(shard, live, 10), held);
      });

      it('takes a writer’s entries in every shard at once after a heartbeat of 0', async () => {
        const t = await make();
        const [leaving, live] = [uid('leaving-'), uid('live-')];
        await t.persistence.heartbeat(leaving, 60_000);
        const convs = Array.from({ length: 12 }, () => uid('d:'));
        await t.persistence.append(convs.map((c) => rec(1, c)));
        // Reads without blocking (blockMs 0): no blocking connection per shard is opened.
        const held: Array<{ shard: number; id: string }> = [];
        for (let s = 0; s < t.persistence.shards; s++)
          for (const e of await t.persistence.read(s, leaving, 100, 0)) held.push({ shard: s, id: e.id });
        assert.equal(held.length, 12);
        const shards = [...new Set(held.map((e) => e.shard))];
        assert.ok(shards.length > 1, 'entries in more than one shard');
        for (const s of shards)
          assert.deepEqual(await t.persistence.claimFromDead(s, live, 100), [], `alive: shard ${s}`);
        await t.persistence.heartbeat(leaving, 0);
        const claimed: string[] = [];
        for (const s of shards) claimed.push(...(await t.persistence.claimFromDead(s, live, 100)).map((e) => e.id));
        assert.deepEqual(claimed.sort(), held.map((e) => e.id).sort());
      });

      it('takes at most count entries per call, over several dead writers, oldest first', async () => {
        const t = await make();
        const conv = uid('d:');
        const shard = shardOf(conv, t.persistence.shards);
        const [d1, d2, live] = [uid('d1-'), uid('d2-'), uid('live-')];
        await t.persistence.heartbeat(live, 60_000);
        await t.persistence.append([1, 2, 3, 4, 5].map((i) => rec(i, conv)));
        const a = await t.persistence.read(shard, d1, 2, 0);
        const b = await t.persistence.read(shard, d2, 3, 0);
        const all = [...a, ...b];
        assert.equal(all.length, 5);
        const first = await t.persistence.claimFromDead(shard, live, 3);
        assert.deepEqual(first, all.slice(0, 3));
        const rest = await t.persistence.claimFromDead(shard, live, 3);
        assert.deepEqual(rest, all.slice(3));
        assert.deepEqual(await t.persistence.claimFromDead(shard, live, 3), []);
        assert.deepEqual(await t.persistence.claimFromDead(shard, live, 0), []);
        // A writer found dead that reads again, and says it is alive again, keeps what it reads.
        await t.persistence.append([rec(6, conv)]);
        await t.persistence.heartbeat(d1, 60_000);
        const again = await t.persistence.read(shard, d1, 10, 0);
        assert.equal(again.length, 1);
        assert.deepEqual(await t.persistence.claimFromDead(shard, live, 10), []);
      });

      it('sets entries aside: they leave the log and are kept, payload and all, in their shard’s dead letters', async () => {
        const t = await make();
        const conv = uid('d:');
        const shard = shardOf(conv, t.persistence.shards);
        await t.persistence.append([rec(1, conv), rec(2, conv), rec(3, conv)]);
        const got = await t.persistence.read(shard, 'w1', 10, 1);
        assert.equal(got.length, 3);
        const before = Date.now();
        assert.equal(await t.persistence.setAside(shard, [got[1]!.id]), 1);
        assert.equal(await t.persistence.backlog(), 2, 'the entry set aside no longer counts');
        await sleep(5);
        assert.deepEqual(
          (await t.persistence.claim(shard, 'w2', 0, 10)).map((e) => e.id),
          [got[0]!.id, got[2]!.id],
          'nor can it be claimed',
        );
        const dead = await t.persistence.deadLetters(shard, 10);
        assert.equal(dead.length, 1);
        assert.equal(dead[0]!.id, got[1]!.id, 'the dead letter names the entry it was');
        assert.deepEqual(JSON.parse(dead[0]!.raw), rec(2, conv), 'with the payload as it was stored');
        assert.ok(dead[0]!.at >= before - 5000 && dead[0]!.at <= Date.now() + 5000, `set aside now (${dead[0]!.at})`);
        assert.equal(await t.persistence.deadLetterCount(), 1);
        for (let s = 0; s < t.persistence.shards; s++)
          if (s !== shard) assert.deepEqual(await t.persistence.deadLetters(s, 10), [], `none in shard ${s}`);
      });

      it('sets aside only entries still in the log: acknowledged, unknown and already set aside ids are skipped', async () => {
        const t = await make();
        const conv = uid('d:');
        const shard = shardOf(conv, t.persistence.shards);
        await t.persistence.append([rec(1, conv), rec(2, conv), rec(3, conv)]);
        const got = await t.persistence.read(shard, 'w1', 10, 1);
        await t.persistence.ack(shard, [got[0]!.id]);
        assert.equal(await t.persistence.setAside(shard, []), 0);
        assert.equal(await t.persistence.setAside(shard, [got[0]!.id, '1-1', got[1]!.id]), 1);
        assert.equal(await t.persistence.setAside(shard, [got[1]!.id]), 0, 'a second time');
        assert.deepEqual(
          (await t.persistence.deadLetters(shard, 10)).map((d) => d.id),
          [got[1]!.id],
        );
        assert.equal(await t.persistence.backlog(), 1);
      });

      it('lists dead letters in the order they were set aside, at most count of them', async () => {
        const t = await make();
        const conv = uid('d:');
        const shard = shardOf(conv, t.persistence.shards);
        await t.persistence.append([1, 2, 3, 4].map((i) => rec(i, conv)));
        const got = await t.persistence.read(shard, 'w1', 10, 1);
        await t.persistence.setAside(shard, [got[3]!.id]);
        await t.persistence.setAside(shard, [got[0]!.id, got[2]!.id]);
        assert.deepEqual(
          (await t.persistence.deadLetters(shard, 10)).map((d) => (JSON.parse(d.raw) as { m: Message }).m.seq),
          [4, 1, 3],
        );
        assert.deepEqual(
          (await t.persistence.deadLetters(shard, 2)).map((d) => d.id),
          [got[3]!.id, got[0]!.id],
        );
        assert.equal(await t.persistence.deadLetterCount(), 3);
      });

      it('wakes a blocked read when a record is appended', async () => {
        const t = await make();
        const conv = uid('d:');
        const shard = shardOf(conv, t.persistence.shards);
        // Connected first (a Cluster client learns the slots on its first command), so the time
        // measured is the read's; the bounds are wide apart so that a busy machine cannot blur them.
        await t.ping();
        const started = Date.now();
        const waiting = t.persistence.read(shard, 'w1', 10, 20_000);
        await sleep(50);
        await t.persistence.append([rec(1, conv)]);
        const got = await waiting;
        assert.deepEqual(
          got.map((e) => e.record),
          [rec(1, conv)],
        );
        assert.ok(Date.now() - started < 10_000, `woken, not timed out (${Date.now() - started} ms)`);
      });

      it('returns no entries after blockMs when nothing is appended, and at once with blockMs 0', async () => {
        const t = await make();
        await t.ping();
        let started = Date.now();
        assert.deepEqual(await t.persistence.read(0, 'w1', 10, 150), []);
        const waited = Date.now() - started;
        assert.ok(waited >= 120 && waited < 10_000, `waited ${waited} ms`);
        // A read that blocked would wait this long: one that does not returns long before.
        started = Date.now();
        assert.deepEqual(await t.persistence.read(0, 'w1', 10, 0), []);
        assert.ok(Date.now() - started < 5000, 'blockMs 0 does not wait');
      });

      it('keeps answering other calls while a read is blocked', async () => {
        const t = await make();
        let blocked = true;
        const waiting = t.persistence.read(0, 'w1', 10, 5000).finally(() => (blocked = false));
        await sleep(20);
        await t.ping();
        await t.inboxes.append(event(1), [uid('u')]);
        await t.sequencer.sequence(uid('c'), 'd', 'm', 1);
        assert.ok(blocked, 'the other calls were answered while the read was still blocked');
        await t.close();
        assert.deepEqual(await waiting, []);
      });

      it('releases a blocked read with no entries when the broker closes', async () => {
        const t = await make();
        await t.ping();
        const waiting = t.persistence.read(0, 'w1', 10, 5000);
        await sleep(30);
        await t.close();
        const outcome = await Promise.race([waiting.then((e) => e), sleep(1500).then(() => 'still blocked' as const)]);
        assert.deepEqual(outcome, []);
      });
    });
  });
}
