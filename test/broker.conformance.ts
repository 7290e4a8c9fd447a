import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cursorPosition, isAfter, shardOf, type Broker, type LogRecord, type Notice } from '../src/broker/broker.js';
import type { DurableEvent, EphemeralEvent, Message } from '../src/events.js';

/** The bounds a broker under test is built with; the suite passes them to the factory. */
export interface BrokerLimits {
  inboxMaxLen: number;
  inboxMaxAgeMs: number;
  dedupTtlSec: number;
  logShards: number;
}

export interface BrokerUnderTest {
  broker: Broker;
  /** Closes the broker (again, if a test closed it already) and deletes whatever it stored. */
  cleanup(): Promise<void>;
}

export type BrokerFactory = (limits: BrokerLimits) => Promise<BrokerUnderTest>;

export interface ConformanceOptions {
  /** Skips the whole suite (a reason string is shown in the report). */
  skip?: boolean | string;
}

export const DEFAULT_LIMITS: BrokerLimits = {
  inboxMaxLen: 1000,
  inboxMaxAgeMs: 3_600_000,
  dedupTtlSec: 60,
  logShards: 4,
};

const uid = (what: string) => `${what}${randomBytes(5).toString('hex')}`;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

function message(i: number, conversationId = 'd:a:b'): Message {
  return {
    conversationId,
    seq: i,
    kind: 'direct',
    from: 'a',
    to: 'b',
    fromDevice: 'dev1',
    clientMsgId: `m${i}`,
    contentType: 'text',
    content: `hello ${i}`,
    createdAt: 1_700_000_000_000 + i,
  };
}

const event = (i: number): DurableEvent => ({ type: 'message', at: 1_700_000_000_000 + i, data: message(i) });
const seqsOf = (events: ReadonlyArray<{ data: unknown }>) => events.map((e) => (e.data as Message).seq);
const pos = (cursor: string) => {
  const p = cursorPosition(cursor);
  assert.ok(p, `well-formed cursor: ${cursor}`);
  return p;
};

/** Appends events 1..n to one inbox, in order, and returns their cursors. */
async function appendMany(b: Broker, userId: string, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) out.push(...(await b.append(event(i), [userId])));
  return out;
}

/** Everything a consumer reads from every shard right now (waits 1 ms per empty shard). */
async function drainLog(b: Broker, consumer: string) {
  const out: Array<{ shard: number; id: string; record: LogRecord | null }> = [];
  for (let s = 0; s < b.logShards; s++) {
    for (const e of await b.readLog(s, consumer, 1000, 1)) out.push({ shard: s, ...e });
  }
  return out;
}

/**
 * The Broker contract (see src/broker/broker.ts), run against one implementation. Tests share one
 * broker and use their own user, conversation and session ids; tests that need other bounds, an empty
 * log or a closed broker make their own through the factory.
 */
export function brokerConformance(name: string, factory: BrokerFactory, opts: ConformanceOptions = {}): void {
  describe(`Broker contract: ${name}`, { skip: opts.skip ?? false, concurrency: true }, () => {
    let b: Broker;
    const made: BrokerUnderTest[] = [];
    const make = async (limits: Partial<BrokerLimits> = {}) => {
      const t = await factory({ ...DEFAULT_LIMITS, ...limits });
      made.push(t);
      return t.broker;
    };

    before(async () => {
      b = await make();
    });
    after(async () => {
      await Promise.all(made.map((t) => t.cleanup()));
    });

    describe('inboxes', { concurrency: true }, () => {
      it('reads back events of one inbox in append order with strictly increasing cursors', async () => {
        const u = uid('u');
        const cursors = await appendMany(b, u, 10);
        for (let i = 1; i < cursors.length; i++) assert.ok(isAfter(pos(cursors[i]!), pos(cursors[i - 1]!)));
        const r = await b.read(u, cursors[0]!, 100);
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
        const head = await b.head(u);
        const cursors = (await Promise.all(Array.from({ length: 20 }, (_, i) => b.append(event(i + 1), [u])))).flat();
        for (let i = 1; i < cursors.length; i++) assert.ok(isAfter(pos(cursors[i]!), pos(cursors[i - 1]!)));
        const r = await b.read(u, head, 100);
        assert.ok(r.kind === 'events');
        assert.deepEqual(
          seqsOf(r.events),
          Array.from({ length: 20 }, (_, i) => i + 1),
        );
      });

      it('returns one cursor per listed user, each in that user’s inbox', async () => {
        const [u1, u2] = [uid('u'), uid('u')];
        const cursors = await b.append(event(1), [u1, u2]);
        assert.equal(cursors.length, 2);
        assert.equal(await b.head(u1), cursors[0]);
        assert.equal(await b.head(u2), cursors[1]);
      });

      it('reads after a cursor exactly the events appended later', async () => {
        const u = uid('u');
        const cursors = await appendMany(b, u, 5);
        const r = await b.read(u, cursors[1]!, 100);
        assert.ok(r.kind === 'events');
        assert.deepEqual(seqsOf(r.events), [3, 4, 5]);
        const none = await b.read(u, cursors[4]!, 100);
        assert.deepEqual(none, { kind: 'events', events: [], cursor: cursors[4] });
      });

      it('gives an empty inbox a head that later appends come after', async () => {
        const u = uid('u');
        const head = await b.head(u);
        assert.ok(cursorPosition(head));
        assert.equal(await b.head(u), head, 'the head is stable while nothing is appended');
        assert.deepEqual(await b.read(u, null, 10), { kind: 'events', events: [], cursor: head });
        assert.deepEqual(await b.read(u, head, 10), { kind: 'events', events: [], cursor: head });
        const [c] = await b.append(event(1), [u]);
        assert.equal(pos(c!).epoch, pos(head).epoch);
        assert.ok(isAfter(pos(c!), pos(head)));
        const r = await b.read(u, head, 10);
        assert.ok(r.kind === 'events');
        assert.deepEqual(seqsOf(r.events), [1]);
        assert.equal(r.cursor, c);
      });

      it('returns at most limit events and a cursor to continue from', async () => {
        const u = uid('u');
        const cursors = await appendMany(b, u, 5);
        const r1 = await b.read(u, cursors[0]!, 2);
        assert.ok(r1.kind === 'events');
        assert.deepEqual(seqsOf(r1.events), [2, 3]);
        assert.equal(r1.cursor, cursors[2]);
        const r2 = await b.read(u, r1.cursor, 2);
        assert.ok(r2.kind === 'events');
        assert.deepEqual(seqsOf(r2.events), [4, 5]);
      });

      it('rejects a malformed cursor', async () => {
        const u = uid('u');
        for (const bad of ['', 'garbage', 'abc-1', 'abc-x-1', 'a b-1-1', `${'e'.repeat(40)}-1-1`]) {
          await assert.rejects(b.read(u, bad, 10), Error, `cursor ${JSON.stringify(bad)}`);
        }
      });

      it('answers a cursor of another epoch with expired and the head', async () => {
        const u = uid('u');
        const [c] = await b.append(event(1), [u]);
        const p = pos(c!);
        const other = `${p.epoch === 'zzzz' ? 'yyyy' : 'zzzz'}-${p.ms}-${p.n}`;
        assert.deepEqual(await b.read(u, other, 10), { kind: 'expired', head: c });
      });

      it('answers a cursor ahead of the head with expired', async () => {
        const u = uid('u');
        const [c] = await b.append(event(1), [u]);
        const p = pos(c!);
        assert.deepEqual(await b.read(u, `${p.epoch}-${p.ms + 60_000}-0`, 10), { kind: 'expired', head: c });
        assert.deepEqual(await b.read(u, `${p.epoch}-${p.ms}-${p.n + 1}`, 10), { kind: 'expired', head: c });
      });

      it('expires cursors of an inbox the broker lost (a new broker over fresh storage)', async () => {
        const u = uid('u');
        const [c] = await b.append(event(1), [u]);
        const other = await make();
        const r = await other.read(u, c!, 10);
        assert.equal(r.kind, 'expired');
        if (r.kind !== 'expired') return;
        assert.notEqual(pos(r.head).epoch, pos(c!).epoch);
        assert.equal(await other.head(u), r.head);
      });

      it('expires a cursor older than what the length bound trimmed, keeps recent ones exact', async () => {
        // Redis trims whole stream nodes (about 100 entries), so append well past the bound.
        const t = await make({ inboxMaxLen: 10 });
        const u = uid('u');
        const cursors = (await Promise.all(Array.from({ length: 300 }, (_, i) => t.append(event(i + 1), [u])))).flat();
        const last = cursors[299]!;
        assert.deepEqual(await t.read(u, cursors[0]!, 10), { kind: 'expired', head: last });
        const r = await t.read(u, cursors[297]!, 10);
        assert.ok(r.kind === 'events');
        assert.deepEqual(seqsOf(r.events), [299, 300]);
        const all = await t.read(u, cursors[289]!, 1000);
        assert.ok(all.kind === 'events', 'the 10 newest events are always kept');
        assert.equal(all.events.length, 10);
      });

      it('expires a cursor older than what the age bound trimmed', async () => {
        const t = await make({ inboxMaxAgeMs: 300 });
        const u = uid('u');
        const old = (await Promise.all(Array.from({ length: 150 }, (_, i) => t.append(event(i + 1), [u])))).flat();
        await sleep(400);
        const [fresh] = await t.append(event(151), [u]);
        assert.deepEqual(await t.read(u, old[0]!, 10), { kind: 'expired', head: fresh });
        const r = await t.read(u, fresh!, 10);
        assert.deepEqual(r, { kind: 'events', events: [], cursor: fresh });
      });
    });

    describe('notices', { concurrency: true }, () => {
      it('notifies a subscriber of each appended event with its cursor', async () => {
        const u = uid('u');
        const got: Notice[] = [];
        const sub = await b.subscribe(u, (n) => got.push(n));
        const [c] = await b.append(event(7), [u]);
        await waitFor(() => got.length === 1, 'the notice');
        assert.deepEqual(got[0], { kind: 'event', event: { ...event(7), cursor: c } });
        sub.unsubscribe();
      });

      it('gives subscribe-then-read a gap-free stream while appends run concurrently', async () => {
        const u = uid('u');
        const start = await b.head(u);
        const n = 40;
        const appending = (async () => {
          for (let i = 1; i <= n; i++) await b.append(event(i), [u]);
        })();
        await sleep(1);
        const live: Notice[] = [];
        const sub = await b.subscribe(u, (x) => live.push(x));
        const r = await b.read(u, start, 1000);
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
        const s1 = await b.subscribe(u, (x) => gone.push(x));
        const s2 = await b.subscribe(u, (x) => kept.push(x));
        s1.unsubscribe();
        await b.append(event(1), [u]);
        await waitFor(() => kept.length === 1, 'the remaining listener');
        s2.unsubscribe();
        await b.append(event(2), [u]);
        await b.publish([u], { kind: 'kick', sessionId: 's' });
        // A fresh listener hears event 3, so whatever was published before it has been dispatched by
        // then. (It may hear some of that too: a channel may still be subscribed when it comes.)
        const probe: Notice[] = [];
        const s3 = await b.subscribe(u, (x) => probe.push(x));
        const [c3] = await b.append(event(3), [u]);
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
        const subs = await Promise.all([u1, u2, u3].map((u) => b.subscribe(u, (x) => got.get(u)!.push(x))));
        const typing: EphemeralEvent = { type: 'typing', at: 5, data: { conversationId: 'd:a:b', userId: u3 } };
        await b.publish([u1, u2], { kind: 'ephemeral', event: typing });
        await b.publish([u2], { kind: 'kick', sessionId: 'sess-1' });
        await waitFor(() => got.get(u2)!.length === 2 && got.get(u1)!.length === 1, 'the notices');
        assert.deepEqual(got.get(u1), [{ kind: 'ephemeral', event: typing }]);
        assert.deepEqual(got.get(u2), [
          { kind: 'ephemeral', event: typing },
          { kind: 'kick', sessionId: 'sess-1' },
        ]);
        assert.deepEqual(got.get(u3), []);
        assert.equal((await b.read(u1, null, 10)).kind, 'events');
        assert.equal(pos(await b.head(u1)).ms, 0, 'live notices are not stored in the inbox');
        for (const s of subs) s.unsubscribe();
      });

      it('keeps appending and notifying when a listener throws', async () => {
        const u = uid('u');
        const got: Notice[] = [];
        const s1 = await b.subscribe(u, () => {
          throw new Error('listener failure');
        });
        const s2 = await b.subscribe(u, (x) => got.push(x));
        const cursors = await b.append(event(1), [u]);
        assert.equal(cursors.length, 1);
        await waitFor(() => got.length === 1, 'the other listener');
        s1.unsubscribe();
        s2.unsubscribe();
      });
    });

    describe('sequencing', { concurrency: true }, () => {
      it('answers null for a conversation whose counter was never seeded', async () => {
        assert.equal(await b.sequence(uid('c'), 'd1', 'm1', 1), null);
      });

      it('numbers fresh messages 1, 2, 3 after seeding 0', async () => {
        const c = uid('c');
        await b.seedSequence(c, 0);
        const got = [
          await b.sequence(c, 'd1', 'm1', 100),
          await b.sequence(c, 'd1', 'm2', 200),
          await b.sequence(c, 'd1', 'm3', 300),
        ];
        assert.deepEqual(got, [
          { seq: 1, createdAt: 100, fresh: true },
          { seq: 2, createdAt: 200, fresh: true },
          { seq: 3, createdAt: 300, fresh: true },
        ]);
      });

      it('gives a repeated (device, clientMsgId) its original seq and createdAt, not fresh', async () => {
        const c = uid('c');
        await b.seedSequence(c, 0);
        await b.sequence(c, 'd1', 'm1', 100);
        await b.sequence(c, 'd1', 'm2', 200);
        assert.deepEqual(await b.sequence(c, 'd1', 'm1', 999), { seq: 1, createdAt: 100, fresh: false });
        assert.deepEqual(
          await b.sequence(c, 'd2', 'm1', 300),
          { seq: 3, createdAt: 300, fresh: true },
          'another device, same id',
        );
      });

      it('continues from the seeded value and never lets a later seed move the counter', async () => {
        const c = uid('c');
        await b.seedSequence(c, 41);
        assert.equal((await b.sequence(c, 'd1', 'm1', 1))?.seq, 42);
        await b.seedSequence(c, 0);
        assert.equal((await b.sequence(c, 'd1', 'm2', 1))?.seq, 43, 'a lower seed does not lower it');
        await b.seedSequence(c, 100);
        assert.equal((await b.sequence(c, 'd1', 'm3', 1))?.seq, 44, 'an existing counter is left alone');
      });

      it('hands out distinct seqs to concurrent messages', async () => {
        const c = uid('c');
        await b.seedSequence(c, 0);
        const got = await Promise.all(Array.from({ length: 30 }, (_, i) => b.sequence(c, `d${i % 3}`, `m${i}`, i)));
        assert.deepEqual(
          got.map((g) => g!.seq).sort((x, y) => x - y),
          Array.from({ length: 30 }, (_, i) => i + 1),
        );
      });

      it('forgets a dedup record after its TTL and sequences the repeat anew', async () => {
        const t = await make({ dedupTtlSec: 1 });
        const c = uid('c');
        await t.seedSequence(c, 0);
        assert.equal((await t.sequence(c, 'd1', 'm1', 1))?.seq, 1);
        await sleep(1100);
        assert.deepEqual(await t.sequence(c, 'd1', 'm1', 2), { seq: 2, createdAt: 2, fresh: true });
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
        const out = await t.sendMessage({ draft: draft(c, 'm1'), recipients: [u], now: 5, rate: rate(uid('r')) });
        assert.deepEqual(out, { kind: 'unseeded' });
        assert.equal(await t.logBacklog(), 0);
        const r = await t.read(u, `${pos(await t.head(u)).epoch}-0-0`, 10);
        assert.ok(r.kind === 'events' && r.events.length === 0);
      });

      it('numbers the message, logs it and appends it to every recipient with a notice, all exactly', async () => {
        const t = await make();
        const c = uid('d:');
        const users = [uid('u'), uid('u')];
        const heard: Notice[] = [];
        const sub = await t.subscribe(users[1]!, (n) => heard.push(n));
        const starts = await Promise.all(users.map((u) => t.head(u)));
        await t.seedSequence(c, 6);
        const out = await t.sendMessage({ draft: draft(c, 'm1'), recipients: users, now: 1234, rate: rate(uid('r')) });
        assert.deepEqual(out, { kind: 'sent', seq: 7, createdAt: 1234, fresh: true });
        const m: Message = { ...draft(c, 'm1'), seq: 7, createdAt: 1234 };
        const want = { type: 'message', at: 1234, data: m };
        for (const [i, u] of users.entries()) {
          const r = await t.read(u, starts[i]!, 10);
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
        const got = await t.readLog(shardOf(c, t.logShards), 'w1', 10, 100);
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
        const start = await t.head(u);
        await t.seedSequence(c, 0);
        await t.sendMessage({ draft: draft(c, 'm1'), recipients: [u], now: 10, rate: null });
        await t.sendMessage({ draft: draft(c, 'm2'), recipients: [u], now: 20, rate: null });
        const again = await t.sendMessage({ draft: draft(c, 'm1'), recipients: [u], now: 30, rate: null });
        assert.deepEqual(again, { kind: 'sent', seq: 1, createdAt: 10, fresh: false });
        const r = await t.read(u, start, 10);
        assert.ok(r.kind === 'events');
        assert.deepEqual(seqsOf(r.events), [1, 2, 1]);
        assert.equal(await t.logBacklog(), 3);
      });

      it('refuses over the budget without spending a seq, sharing the budget with consume', async () => {
        const t = await make();
        const c = uid('d:');
        const u = uid('u');
        const key = uid('send:');
        await t.seedSequence(c, 0);
        assert.equal(await t.consume(key, 3, 10), 0);
        for (let i = 1; i <= 2; i++) {
          const out = await t.sendMessage({ draft: draft(c, `m${i}`), recipients: [u], now: i, rate: rate(key, 3) });
          assert.equal(out.kind === 'sent' && out.seq, i);
        }
        const refused = await t.sendMessage({ draft: draft(c, 'm3'), recipients: [u], now: 3, rate: rate(key, 3) });
        assert.equal(refused.kind, 'rate_limited');
        assert.ok(refused.kind === 'rate_limited' && refused.waitMs > 0 && refused.waitMs <= 10_000);
        const later = await t.sendMessage({ draft: draft(c, 'm3'), recipients: [u], now: 4, rate: null });
        assert.deepEqual(later, { kind: 'sent', seq: 3, createdAt: 4, fresh: true }, 'the refused send took no seq');
      });

      it('keeps inboxes within the age bound while messages keep coming', async () => {
        const t = await make({ inboxMaxAgeMs: 300 });
        const c = uid('d:');
        const u = uid('u');
        const start = await t.head(u);
        await t.seedSequence(c, 0);
        // Enough that Redis's approximate trim (whole stream nodes of 100 entries) removes some.
        await Promise.all(
          Array.from({ length: 150 }, (_, i) =>
            t.sendMessage({ draft: draft(c, `old${i}`), recipients: [u], now: i, rate: null }),
          ),
        );
        await sleep(400);
        for (let i = 1; i <= 8; i++)
          await t.sendMessage({ draft: draft(c, `new${i}`), recipients: [u], now: 10 + i, rate: null });
        assert.equal((await t.read(u, start, 100)).kind, 'expired', 'a cursor from before the old messages');
      });

      it('starts a fresh budget window once the last one ended', async () => {
        const t = await make();
        const c = uid('d:');
        const u = uid('u');
        const r = { key: uid('send:'), limit: 2, windowSec: 1 };
        await t.seedSequence(c, 0);
        for (let i = 1; i <= 2; i++)
          assert.equal(
            (await t.sendMessage({ draft: draft(c, `a${i}`), recipients: [u], now: i, rate: r })).kind,
            'sent',
          );
        const refused = await t.sendMessage({ draft: draft(c, 'a3'), recipients: [u], now: 3, rate: r });
        assert.ok(refused.kind === 'rate_limited' && refused.waitMs > 0 && refused.waitMs <= 1000);
        await sleep(refused.waitMs + 50);
        assert.equal((await t.sendMessage({ draft: draft(c, 'a3'), recipients: [u], now: 4, rate: r })).kind, 'sent');
      });

      it('reaches every member of a large group', async () => {
        const t = await make();
        const c = uid('g:');
        const users = Array.from({ length: 90 }, () => uid('u'));
        const starts = await Promise.all(users.map((u) => t.head(u)));
        await t.seedSequence(c, 0);
        const out = await t.sendMessage({
          draft: { ...draft(c, 'm1', 'x'), kind: 'group', to: 'grp' },
          recipients: users,
          now: 9,
          rate: null,
        });
        assert.equal(out.kind, 'sent');
        const reads = await Promise.all(users.map((u, i) => t.read(u, starts[i]!, 10)));
        for (const r of reads)
          assert.ok(r.kind === 'events' && r.events.length === 1 && (r.events[0]!.data as Message).seq === 1);
      });
    });

    describe('persistence log', { concurrency: true }, () => {
      const rec = (i: number, conv = 'd:a:b'): LogRecord => ({ t: 'msg', shardKey: conv, m: message(i, conv) });

      it('delivers appended records, keeps them until acknowledged, then deletes them', async () => {
        const t = await make();
        const conv = uid('d:');
        const shard = shardOf(conv, t.logShards);
        await t.appendLog([rec(1, conv), rec(2, conv), rec(3, conv)]);
        assert.equal(await t.logBacklog(), 3);
        const got = await t.readLog(shard, 'w1', 10, 100);
        assert.deepEqual(
          got.map((e) => e.record),
          [rec(1, conv), rec(2, conv), rec(3, conv)],
        );
        assert.equal(await t.logBacklog(), 3, 'read but unacknowledged entries still count');
        assert.deepEqual(await t.readLog(shard, 'w2', 10, 1), [], 'a delivered entry is not delivered again as new');
        await t.ackLog(
          shard,
          got.map((e) => e.id),
        );
        assert.equal(await t.logBacklog(), 0);
        assert.deepEqual(await t.claimLog(shard, 'w2', 0, 10), [], 'acknowledged entries cannot be claimed');
      });

      it('reads at most count entries per call', async () => {
        const t = await make();
        const conv = uid('d:');
        const shard = shardOf(conv, t.logShards);
        await t.appendLog([1, 2, 3, 4, 5].map((i) => rec(i, conv)));
        const a = await t.readLog(shard, 'w1', 2, 1);
        const c = await t.readLog(shard, 'w1', 10, 1);
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
        await t.appendLog(records.slice(0, 25));
        await t.appendLog(records.slice(25));
        const got = await drainLog(t, 'w1');
        assert.equal(got.length, 50);
        for (const c of convs) {
          const mine = got.filter((e) => e.record?.shardKey === c);
          assert.ok(
            mine.every((e) => e.shard === shardOf(c, t.logShards)),
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
        const shard = shardOf(conv, t.logShards);
        await t.appendLog([rec(1, conv), rec(2, conv)]);
        const first = await t.readLog(shard, 'dead', 10, 1);
        assert.equal(first.length, 2);
        assert.deepEqual(await t.claimLog(shard, 'w2', 60_000, 10), [], 'not idle long enough');
        await sleep(80);
        const claimed = await t.claimLog(shard, 'w2', 50, 10);
        assert.deepEqual(claimed, first);
        assert.deepEqual(await t.claimLog(shard, 'w3', 50, 10), [], 'a claim restarts the idle time');
        await t.ackLog(
          shard,
          claimed.map((e) => e.id),
        );
        assert.equal(await t.logBacklog(), 0);
      });

      it('wakes a blocked readLog when a record is appended', async () => {
        const t = await make();
        const conv = uid('d:');
        const shard = shardOf(conv, t.logShards);
        const started = Date.now();
        const waiting = t.readLog(shard, 'w1', 10, 3000);
        await sleep(50);
        await t.appendLog([rec(1, conv)]);
        const got = await waiting;
        assert.deepEqual(
          got.map((e) => e.record),
          [rec(1, conv)],
        );
        assert.ok(Date.now() - started < 1500, `woken, not timed out (${Date.now() - started} ms)`);
      });

      it('returns no entries after blockMs when nothing is appended, and at once with blockMs 0', async () => {
        const t = await make();
        let started = Date.now();
        assert.deepEqual(await t.readLog(0, 'w1', 10, 150), []);
        const waited = Date.now() - started;
        assert.ok(waited >= 120 && waited < 1500, `waited ${waited} ms`);
        started = Date.now();
        assert.deepEqual(await t.readLog(0, 'w1', 10, 0), []);
        assert.ok(Date.now() - started < 1000, 'blockMs 0 does not wait');
      });

      it('keeps answering other calls while a readLog is blocked', async () => {
        const t = await make();
        let blocked = true;
        const waiting = t.readLog(0, 'w1', 10, 5000).finally(() => (blocked = false));
        await sleep(20);
        await t.ping();
        await t.append(event(1), [uid('u')]);
        await t.sequence(uid('c'), 'd', 'm', 1);
        assert.ok(blocked, 'the other calls were answered while the read was still blocked');
        await t.close();
        assert.deepEqual(await waiting, []);
      });

      it('releases a blocked readLog with no entries when the broker closes', async () => {
        const t = await make();
        await t.ping();
        const waiting = t.readLog(0, 'w1', 10, 5000);
        await sleep(30);
        await t.close();
        const outcome = await Promise.race([waiting.then((e) => e), sleep(1500).then(() => 'still blocked' as const)]);
        assert.deepEqual(outcome, []);
      });
    });

    describe('revocation', { concurrency: true }, () => {
      it('reports a revoked session as revoked, and only that session of that user', async () => {
        const [u, v] = [uid('u'), uid('u')];
        await b.revoke(u, 's1', 60);
        assert.equal(await b.isRevoked(u, 's1'), true);
        assert.equal(await b.isRevoked(u, 's2'), false);
        assert.equal(await b.isRevoked(v, 's1'), false);
      });

      it('forgets a revocation after its TTL', async () => {
        const u = uid('u');
        await b.revoke(u, 's1', 1);
        assert.equal(await b.isRevoked(u, 's1'), true);
        await sleep(1100);
        assert.equal(await b.isRevoked(u, 's1'), false);
      });
    });

    describe('presence', { concurrency: true }, () => {
      it('announces online on the first connection and offline after the last one settles', async () => {
        const u = uid('u');
        const now = Date.now();
        assert.deepEqual(await b.presenceGet([u], now), [{ online: false, lastSeen: null }]);
        assert.equal(await b.presenceAdd(u, 'c1', 30_000, now), true, 'first connection');
        assert.equal(await b.presenceAdd(u, 'c2', 30_000, now), false, 'second connection');
        assert.equal(await b.presenceAdd(u, 'c1', 30_000, now + 1), false, 'renewal');
        await b.presenceRemove(u, 'c1');
        assert.equal(await b.presenceSettle(u, now + 2), false, 'a connection remains');
        assert.deepEqual(await b.presenceGet([u], now + 2), [{ online: true, lastSeen: null }]);
        await b.presenceRemove(u, 'c2');
        assert.equal(await b.presenceSettle(u, now + 3), true, 'the last one left');
        assert.deepEqual(await b.presenceGet([u], now + 3), [{ online: false, lastSeen: now + 3 }]);
        assert.equal(await b.presenceSettle(u, now + 4), false, 'announced offline once');
        assert.equal(await b.presenceAdd(u, 'c3', 30_000, now + 5), true, 'back online');
        assert.deepEqual(await b.presenceGet([u], now + 5), [{ online: true, lastSeen: now + 3 }]);
      });

      it('treats a connection not renewed within its ttl as gone', async () => {
        const u = uid('u');
        const now = Date.now();
        assert.equal(await b.presenceAdd(u, 'c1', 1000, now), true);
        assert.deepEqual(await b.presenceGet([u], now + 999), [{ online: true, lastSeen: null }]);
        assert.deepEqual(await b.presenceGet([u], now + 1000), [{ online: false, lastSeen: null }]);
        assert.equal(await b.presenceSettle(u, now + 2000), true);
      });

      it('never announces offline a user who was not announced online', async () => {
        const u = uid('u');
        assert.equal(await b.presenceSettle(u, Date.now()), false);
        await b.presenceRemove(u, 'nope');
        assert.deepEqual(await b.presenceGet([u], Date.now()), [{ online: false, lastSeen: null }]);
      });

      it('answers presenceGet for several users in order', async () => {
        const [u1, u2, u3] = [uid('u'), uid('u'), uid('u')];
        const now = Date.now();
        await b.presenceAdd(u2, 'c', 30_000, now);
        await b.presenceAdd(u3, 'c', 30_000, now);
        await b.presenceRemove(u3, 'c');
        await b.presenceSettle(u3, now + 7);
        assert.deepEqual(await b.presenceGet([u1, u2, u3], now + 8), [
          { online: false, lastSeen: null },
          { online: true, lastSeen: null },
          { online: false, lastSeen: now + 7 },
        ]);
      });
    });

    describe('rate limits and liveness', { concurrency: true }, () => {
      it('allows limit points per window, then answers the wait in ms', async () => {
        const key = uid('k');
        for (let i = 0; i < 3; i++) assert.equal(await b.consume(key, 3, 10), 0);
        const wait = await b.consume(key, 3, 10);
        assert.ok(wait > 0 && wait <= 10_000, `wait ${wait}`);
        assert.equal(await b.consume(uid('k'), 3, 10), 0, 'other keys have their own counter');
      });

      it('takes several points at once', async () => {
        const key = uid('k');
        assert.equal(await b.consume(key, 5, 10, 5), 0);
        assert.ok((await b.consume(key, 5, 10, 1)) > 0);
      });

      it('answers ping while open and rejects it once closed', async () => {
        const t = await make();
        await t.ping();
        await t.close();
        await assert.rejects(t.ping());
      });
    });
  });
}
