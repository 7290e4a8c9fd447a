import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Broker } from '../../src/broker/broker.js';
import type { BrokerFault } from '../../src/broker/faults.js';
import { cursorPosition, isAfter, type Notice } from '../../src/broker/inbox.js';
import type { EphemeralEvent, Message } from '../../src/events.js';
import {
  brokers,
  uid,
  sleep,
  waitFor,
  event,
  seqsOf,
  pos,
  appendMany,
  type BrokerFactory,
  type ConformanceOptions,
} from './kit.js';

/** The Inboxes contract (src/broker/inbox.ts): order, cursors, epochs, bounds, and notices. */
export function inboxConformance(name: string, factory: BrokerFactory, opts: ConformanceOptions = {}): void {
  describe(`Inboxes contract: ${name}`, { skip: opts.skip ?? false, concurrency: true }, () => {
    const { shared, make } = brokers(factory);
    let b: Broker;
    before(() => {
      b = shared();
    });

    describe('inboxes', { concurrency: true }, () => {
      it('reads back events of one inbox in append order with strictly increasing cursors', async () => {
        const u = uid('u');
        const cursors = await appendMany(b, u, 10);
        for (let i = 1; i < cursors.length; i++) assert.ok(isAfter(pos(cursors[i]!), pos(cursors[i - 1]!)));
        const r = await b.inboxes.read(u, cursors[0]!, 100);
        assert.equal(r.kind, 'events');
        if (r.kind !== 'events') return;
        assert.deepEqual(seqsOf(r.events), [2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert.deepEqual(
          r.events.map((e) => e.cursor),
          cursors.slice(1),
        );
        assert.equal(r.cursor, cursors[9]);
        assert.deepEqual(r.events[0], { ...event(2), cursor: cursors[1] });
      });

      it('gives concurrent appends to one inbox increasing cursors in call order', async () => {
        const u = uid('u');
        const head = await b.inboxes.head(u);
        const cursors = (
          await Promise.all(Array.from({ length: 20 }, (_, i) => b.inboxes.append(event(i + 1), [u])))
        ).flat();
        for (let i = 1; i < cursors.length; i++) assert.ok(isAfter(pos(cursors[i]!), pos(cursors[i - 1]!)));
        const r = await b.inboxes.read(u, head, 100);
        assert.ok(r.kind === 'events');
        assert.deepEqual(
          seqsOf(r.events),
          Array.from({ length: 20 }, (_, i) => i + 1),
        );
      });

      it('returns one cursor per listed user, each in that user’s inbox', async () => {
        const [u1, u2] = [uid('u'), uid('u')];
        const cursors = await b.inboxes.append(event(1), [u1, u2]);
        assert.equal(cursors.length, 2);
        assert.equal(await b.inboxes.head(u1), cursors[0]);
        assert.equal(await b.inboxes.head(u2), cursors[1]);
      });

      it('reads after a cursor exactly the events appended later', async () => {
        const u = uid('u');
        const cursors = await appendMany(b, u, 5);
        const r = await b.inboxes.read(u, cursors[1]!, 100);
        assert.ok(r.kind === 'events');
        assert.deepEqual(seqsOf(r.events), [3, 4, 5]);
        const none = await b.inboxes.read(u, cursors[4]!, 100);
        assert.deepEqual(none, { kind: 'events', events: [], cursor: cursors[4] });
      });

      it('gives an empty inbox a head that later appends come after', async () => {
        const u = uid('u');
        const head = await b.inboxes.head(u);
        assert.ok(cursorPosition(head));
        assert.equal(await b.inboxes.head(u), head, 'the head is stable while nothing is appended');
        assert.deepEqual(await b.inboxes.read(u, null, 10), { kind: 'events', events: [], cursor: head });
        assert.deepEqual(await b.inboxes.read(u, head, 10), { kind: 'events', events: [], cursor: head });
        const [c] = await b.inboxes.append(event(1), [u]);
        assert.equal(pos(c!).epoch, pos(head).epoch);
        assert.ok(isAfter(pos(c!), pos(head)));
        const r = await b.inboxes.read(u, head, 10);
        assert.ok(r.kind === 'events');
        assert.deepEqual(seqsOf(r.events), [1]);
        assert.equal(r.cursor, c);
      });

      it('returns at most limit events and a cursor to continue from', async () => {
        const u = uid('u');
        const cursors = await appendMany(b, u, 5);
        const r1 = await b.inboxes.read(u, cursors[0]!, 2);
        assert.ok(r1.kind === 'events');
        assert.deepEqual(seqsOf(r1.events), [2, 3]);
        assert.equal(r1.cursor, cursors[2]);
        const r2 = await b.inboxes.read(u, r1.cursor, 2);
        assert.ok(r2.kind === 'events');
        assert.deepEqual(seqsOf(r2.events), [4, 5]);
      });

      it('rejects a malformed cursor', async () => {
        const u = uid('u');
        for (const bad of ['', 'garbage', 'abc-1', 'abc-x-1', 'a b-1-1', `${'e'.repeat(40)}-1-1`]) {
          await assert.rejects(b.inboxes.read(u, bad, 10), Error, `cursor ${JSON.stringify(bad)}`);
        }
      });

      it('answers a cursor of another epoch with expired and the head', async () => {
        const u = uid('u');
        const [c] = await b.inboxes.append(event(1), [u]);
        const p = pos(c!);
        const other = `${p.epoch === 'zzzz' ? 'yyyy' : 'zzzz'}-${p.ms}-${p.n}`;
        assert.deepEqual(await b.inboxes.read(u, other, 10), { kind: 'expired', head: c });
      });

      it('answers a cursor ahead of the head with expired', async () => {
        const u = uid('u');
        const [c] = await b.inboxes.append(event(1), [u]);
        const p = pos(c!);
        assert.deepEqual(await b.inboxes.read(u, `${p.epoch}-${p.ms + 60_000}-0`, 10), { kind: 'expired', head: c });
        assert.deepEqual(await b.inboxes.read(u, `${p.epoch}-${p.ms}-${p.n + 1}`, 10), { kind: 'expired', head: c });
      });

      it('expires cursors of an inbox the broker lost (a new broker over fresh storage)', async () => {
        const u = uid('u');
        const [c] = await b.inboxes.append(event(1), [u]);
        const other = await make();
        const r = await other.inboxes.read(u, c!, 10);
        assert.equal(r.kind, 'expired');
        if (r.kind !== 'expired') return;
        assert.notEqual(pos(r.head).epoch, pos(c!).epoch);
        assert.equal(await other.inboxes.head(u), r.head);
      });

      it('expires a cursor older than what the length bound trimmed, keeps recent ones exact', async () => {
        // Redis trims whole stream nodes (about 100 entries), so append well past the bound.
        const t = await make({ inboxMaxLen: 10 });
        const u = uid('u');
        const cursors = (
          await Promise.all(Array.from({ length: 300 }, (_, i) => t.inboxes.append(event(i + 1), [u])))
        ).flat();
        const last = cursors[299]!;
        assert.deepEqual(await t.inboxes.read(u, cursors[0]!, 10), { kind: 'expired', head: last });
        const r = await t.inboxes.read(u, cursors[297]!, 10);
        assert.ok(r.kind === 'events');
        assert.deepEqual(seqsOf(r.events), [299, 300]);
        const all = await t.inboxes.read(u, cursors[289]!, 1000);
        assert.ok(all.kind === 'events', 'the 10 newest events are always kept');
        assert.equal(all.events.length, 10);
      });

      it('expires a cursor older than what the age bound trimmed', async () => {
        const t = await make({ inboxMaxAgeMs: 300 });
        const u = uid('u');
        const old = (
          await Promise.all(Array.from({ length: 150 }, (_, i) => t.inboxes.append(event(i + 1), [u])))
        ).flat();
        await sleep(400);
        const [fresh] = await t.inboxes.append(event(151), [u]);
        assert.deepEqual(await t.inboxes.read(u, old[0]!, 10), { kind: 'expired', head: fresh });
        const r = await t.inboxes.read(u, fresh!, 10);
        assert.deepEqual(r, { kind: 'events', events: [], cursor: fresh });
      });
    });

    describe('notices', { concurrency: true }, () => {
      it('notifies a subscriber of each appended event with its cursor', async () => {
        const u = uid('u');
        const got: Notice[] = [];
        const sub = await b.inboxes.subscribe(u, (n) => got.push(n));
        const [c] = await b.inboxes.append(event(7), [u]);
        await waitFor(() => got.length === 1, 'the notice');
        assert.deepEqual(got[0], { kind: 'event', event: { ...event(7), cursor: c } });
        sub.unsubscribe();
      });

      it('gives subscribe-then-read a gap-free stream while appends run concurrently', async () => {
        const u = uid('u');
        const start = await b.inboxes.head(u);
        const n = 40;
        const appending = (async () => {
          for (let i = 1; i <= n; i++) await b.inboxes.append(event(i), [u]);
        })();
        await sleep(1);
        const live: Notice[] = [];
        const sub = await b.inboxes.subscribe(u, (x) => live.push(x));
        const r = await b.inboxes.read(u, start, 1000);
        assert.ok(r.kind === 'events');
        await appending;
        const delivered = [...r.events];
        let last = r.cursor;
        // What the read missed was appended after it began, so after the subscription: it is notified.
        if (seqsOf(r.events).at(-1) !== n) {
          await waitFor(
            () => live.some((x) => x.kind === 'event' && (x.event.data as Message).seq === n),
            'the last notice',
          );
        }
        for (const x of live) {
          if (x.kind !== 'event' || !isAfter(pos(x.event.cursor), pos(last))) continue;
          delivered.push(x.event);
          last = x.event.cursor;
        }
        assert.deepEqual(
          seqsOf(delivered),
          Array.from({ length: n }, (_, i) => i + 1),
        );
        sub.unsubscribe();
      });

      it('stops notifying a listener once it unsubscribes, others still hear', async () => {
        const u = uid('u');
        const gone: Notice[] = [];
        const kept: Notice[] = [];
        const s1 = await b.inboxes.subscribe(u, (x) => gone.push(x));
        const s2 = await b.inboxes.subscribe(u, (x) => kept.push(x));
        s1.unsubscribe();
        await b.inboxes.append(event(1), [u]);
        await waitFor(() => kept.length === 1, 'the remaining listener');
        s2.unsubscribe();
        await b.inboxes.append(event(2), [u]);
        await b.inboxes.publish([u], { kind: 'kick', sessionId: 's' });
        // A fresh listener hears event 3, so whatever was published before it has been dispatched by
        // then. (It may hear some of that too: a channel may still be subscribed when it comes.)
        const probe: Notice[] = [];
        const s3 = await b.inboxes.subscribe(u, (x) => probe.push(x));
        const [c3] = await b.inboxes.append(event(3), [u]);
        await waitFor(() => probe.some((x) => x.kind === 'event' && x.event.cursor === c3), 'a fresh listener');
        assert.equal(gone.length, 0);
        assert.equal(kept.length, 1);
        s3.unsubscribe();
      });

      it('delivers ephemeral events and kicks to the subscribers of each listed user', async () => {
        const [u1, u2, u3] = [uid('u'), uid('u'), uid('u')];
        const got = new Map<string, Notice[]>([
          [u1, []],
          [u2, []],
          [u3, []],
        ]);
        const subs = await Promise.all([u1, u2, u3].map((u) => b.inboxes.subscribe(u, (x) => got.get(u)!.push(x))));
        const typing: EphemeralEvent = { type: 'typing', at: 5, data: { conversationId: 'd:a:b', userId: u3 } };
        await b.inboxes.publish([u1, u2], { kind: 'ephemeral', event: typing });
        await b.inboxes.publish([u2], { kind: 'kick', sessionId: 'sess-1' });
        await waitFor(() => got.get(u2)!.length === 2 && got.get(u1)!.length === 1, 'the notices');
        assert.deepEqual(got.get(u1), [{ kind: 'ephemeral', event: typing }]);
        assert.deepEqual(got.get(u2), [
          { kind: 'ephemeral', event: typing },
          { kind: 'kick', sessionId: 'sess-1' },
        ]);
        assert.deepEqual(got.get(u3), []);
        assert.equal((await b.inboxes.read(u1, null, 10)).kind, 'events');
        assert.equal(pos(await b.inboxes.head(u1)).ms, 0, 'live notices are not stored in the inbox');
        for (const s of subs) s.unsubscribe();
      });

      it('keeps appending and notifying when a listener throws, and reports each throw to its fault watchers', async () => {
        const t = await make();
        const u = uid('u');
        const got: Notice[] = [];
        const faults: BrokerFault[] = [];
        const unwatch = t.onFault((f) => faults.push(f));
        t.onFault(() => {
          throw new Error('a watcher that fails itself');
        });
        const failure = new Error('listener failure');
        const s1 = await t.inboxes.subscribe(u, () => {
          throw failure;
        });
        const s2 = await t.inboxes.subscribe(u, (x) => got.push(x));
        const cursors = await t.inboxes.append(event(1), [u]);
        assert.equal(cursors.length, 1);
        await waitFor(() => got.length === 1 && faults.length === 1, 'the other listener and the report');
        assert.deepEqual(faults[0], { kind: 'listener', userId: u, error: failure });
        await t.inboxes.publish([u], { kind: 'kick', sessionId: 's1' });
        await waitFor(() => got.length === 2 && faults.length === 2, 'the kick and its report');
        unwatch();
        await t.inboxes.append(event(2), [u]);
        await waitFor(() => got.length === 3, 'the third notice');
        assert.equal(faults.length, 2, 'a watcher that stopped hears no more');
        s1.unsubscribe();
        s2.unsubscribe();
      });
    });
  });
}
