import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { befriend, call, login, newUser, type TestUser } from './helpers/http.js';
import { JsonWs, ProtoWs, SseClient, cursorAfter, disposeClients } from './helpers/ws.js';
import { toNum } from '../src/proto/codec.js';
import { memoryBroker } from '../src/broker/memory.js';
import type { Broker } from '../src/broker/broker.js';
import type { Context } from '../src/context.js';
import type { DurableEvent, WireEvent } from '../src/events.js';
import { CLOSE } from '../src/errors.js';
import { Delivery, type Sink } from '../src/transports/delivery.js';
import { DEFAULT_LIMITS } from './broker/kit.js';

const skip = !((await postgresAvailable()) && (await redisAvailable()));

/** A long-poll client: polls /v1/sync from a cursor until stopped, collecting events. */
class Poller {
  readonly events: WireEvent[] = [];
  private stopped = false;
  error: unknown;
  readonly done: Promise<void>;

  constructor(
    private base: string,
    private token: string,
    public cursor: string,
  ) {
    this.done = this.run().catch((err: unknown) => {
      this.error = err;
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const r = await call(this.base, 'GET', `/v1/sync?cursor=${encodeURIComponent(this.cursor)}&timeout=1`, {
        token: this.token,
      });
      if (r.status !== 200) throw new Error(`sync answered ${r.status} ${JSON.stringify(r.body)}`);
      this.events.push(...(r.body.events as WireEvent[]));
      this.cursor = r.body.cursor;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }
}

async function until(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const msgKeys = (events: Array<{ type: string; data: any }>) =>
  events.filter((e) => e.type === 'message').map((e) => `${e.data.conversationId}#${e.data.seq}`);

describe('live transports together', { skip }, () => {
  let c: Cluster;
  let g0: string;
  let g1: string;
  let a: TestUser;
  let b: TestUser;
  before(async () => {
    c = await startGates(2);
    [g0, g1] = c.urls as [string, string];
    a = await newUser(g0, 'tra');
    b = await newUser(g0, 'trb');
    await befriend(g0, a, b);
  });
  after(async () => {
    disposeClients();
    await c?.stop();
  });

  it('one conversation over WebSocket/protobuf, SSE and long-poll on two gates: each sees every message once, in order', async (t) => {
    const b2 = await login(g1, b.username, { deviceId: 'b-laptop' });
    const aws = new ProtoWs(g0);
    await aws.login(a.token);
    const bsse = new SseClient(g1, b.token);
    await bsse.ready();
    const head = (await call(g0, 'GET', '/v1/sync', { token: b2.token })).body.cursor as string;
    const poll = new Poller(g0, b2.token, head);
    t.after(() => poll.stop());

    const N = 15;
    const acks: number[] = [];
    const fromA = (async () => {
      for (let i = 1; i <= N; i++) {
        aws.send({ friendMessage: { seq: i, to: b.id, type: 'text', content: `a${i}` } });
        const ack = await aws.inbox.find((f) => f.body === 'ack' && toNum(f.ack.ack) === i);
        acks.push(toNum(ack.ack!.seqId));
      }
    })();
    const fromB = (async () => {
      for (let i = 1; i <= N; i++) {
        const r = await call(g1, 'POST', '/v1/messages', {
          token: b2.token,
          body: { kind: 'direct', to: a.id, clientMsgId: `b${i}`, contentType: 'text', content: `b${i}` },
        });
        assert.equal(r.status, 200);
      }
    })();
    await Promise.all([fromA, fromB]);

    await until(() => msgKeys(bsse.events().map((x) => x.data)).length >= 2 * N, 5000, 'SSE to see every message');
    await until(() => msgKeys(poll.events).length >= 2 * N, 5000, 'long-poll to see every message');
    await until(() => aws.events().filter((e) => e.friendMessage).length >= N, 5000, 'WebSocket to see the other side');
    // Not a wait for anything: a short spell in which no repeat may turn up before the counts below.
    await new Promise((r) => setTimeout(r, 200));
    await poll.stop();
    assert.equal(poll.error, undefined);

    // Presence of a friend connecting may be interleaved; only durable events carry the order.
    const sseEvents = bsse
      .events()
      .map((x) => x.data as WireEvent)
      .filter((e) => e.cursor);
    const polled = poll.events.filter((e) => e.cursor);
    for (const [name, events] of [
      ['sse', sseEvents],
      ['longpoll', polled],
    ] as const) {
      const keys = msgKeys(events);
      assert.equal(keys.length, 2 * N, `${name}: every message`);
      assert.equal(new Set(keys).size, 2 * N, `${name}: no duplicate`);
      const cursors = events.map((e) => e.cursor!);
      assert.ok(
        cursors.every((x, i) => i === 0 || cursorAfter(x, cursors[i - 1]!)),
        `${name}: in inbox order`,
      );
      for (const who of ['a', 'b']) {
        const mine = events
          .filter((e) => e.type === 'message' && e.data.content.startsWith(who))
          .map((e) => e.type === 'message' && e.data.content);
        assert.deepEqual(
          mine,
          Array.from({ length: N }, (_, i) => `${who}${i + 1}`),
          `${name}: ${who}'s messages in order`,
        );
      }
    }
    // Both of b's devices read one inbox: the same events in the same order.
    assert.deepEqual(msgKeys(sseEvents), msgKeys(polled));

    const wsMsgs = aws.events().filter((e) => e.friendMessage);
    assert.deepEqual(
      wsMsgs.map((e) => e.friendMessage!.content),
      Array.from({ length: N }, (_, i) => `b${i + 1}`),
    );
    const seen = [...acks, ...wsMsgs.map((e) => toNum(e.friendMessage!.seqId))].sort((x, y) => x - y);
    assert.deepEqual(
      seen,
      Array.from({ length: 2 * N }, (_, i) => i + 1),
      'a holds every seq once (acks + events)',
    );
    await aws.close();
    bsse.close();
  });

  it('a client cut off mid-stream resumes from its last cursor on another transport and gate: no loss, no duplicate', async () => {
    const ws = new JsonWs(g0);
    await ws.login(b.token);
    const total = 30;
    let sent = 0;
    const sending = (async () => {
      for (let i = 0; i < total; i++) {
        const r = await call(i % 2 ? g0 : g1, 'POST', '/v1/messages', {
          token: a.token,
          body: { kind: 'direct', to: b.id, clientMsgId: `cut-${i}`, contentType: 'text', content: `cut ${i}` },
        });
        assert.equal(r.status, 200);
        sent++;
      }
    })();
    await until(() => ws.events().length >= 8, 5000, 'some events over the WebSocket');
    ws.ws.terminate();
    await ws.closed;
    const got = ws.events();
    const last = got[got.length - 1]!.cursor as string;

    const sse = new SseClient(g1, b.token, { lastEventId: last });
    await sending;
    await until(() => sse.events().length >= total - got.length, 5000, 'the rest over SSE');
    const rest = sse.events().map((x) => x.data);
    const contents = [...got, ...rest].map((e) => e.data.content);
    assert.deepEqual(
      contents,
      Array.from({ length: total }, (_, i) => `cut ${i}`),
    );
    assert.equal(sent, total);
    const sseLast = sse.events().at(-1)!.id;
    sse.close();

    // And on to long-poll on the first gate from SSE's last id: nothing old comes back.
    const empty = await call(g0, 'GET', `/v1/sync?cursor=${sseLast}&timeout=0`, { token: b.token });
    assert.deepEqual(empty.body.events, []);
    await call(g0, 'POST', '/v1/messages', {
      token: a.token,
      body: { kind: 'direct', to: b.id, clientMsgId: 'cut-after', contentType: 'text', content: 'after' },
    });
    const next = await call(g0, 'GET', `/v1/sync?cursor=${sseLast}&timeout=5`, { token: b.token });
    assert.deepEqual(
      next.body.events.map((e: WireEvent) => e.type === 'message' && e.data.content),
      ['after'],
    );
  });

  it('typing reaches the peer on WebSocket and on SSE', async () => {
    const ws = new JsonWs(g0);
    await ws.login(b.token);
    const sse = new SseClient(g1, b.token);
    await sse.ready();
    const conversationId = [a.id, b.id].sort().join(':');
    assert.equal(
      (await call(g1, 'POST', `/v1/conversations/d:${conversationId}/typing`, { token: a.token })).status,
      204,
    );
    const viaWs = await ws.event((e) => e.type === 'typing');
    const viaSse = await sse.inbox.find((x) => x.type === 'typing');
    assert.deepEqual(viaWs.data, { conversationId: `d:${conversationId}`, userId: a.id });
    assert.deepEqual(viaSse.data.data, viaWs.data);
    await ws.close();
    sse.close();
  });
});

/** A sink that records what the session wrote. */
function recordingSink(opts: { acceptUpTo?: number } = {}) {
  const sent: WireEvent[] = [];
  const log: string[] = [];
  const sink: Sink = {
    transport: 'test',
    ready: (cursor) => log.push(`ready ${cursor}`),
    send: (e) => {
      sent.push(e);
      return opts.acceptUpTo === undefined || sent.length < opts.acceptUpTo;
    },
    room: async () => true,
    expired: (head) => log.push(`expired ${head}`),
    kick: () => log.push('kick'),
    close: (code) => log.push(`close ${code}`),
  };
  return { sink, sent, log };
}

const ev = (i: number): DurableEvent => ({ type: 'friend_added', at: i, data: { userId: `u${i}` } });

describe('live session (subscribe, replay, live)', { skip }, () => {
  let c: Cluster;
  before(async () => {
    c = await startGates(1);
  });
  after(async () => {
    disposeClients();
    await c?.stop();
  });

  const brokers: Array<[string, () => Broker]> = [
    ['redis', () => c.brokers[0]!],
    ['memory', () => memoryBroker(DEFAULT_LIMITS)],
  ];
  for (const [name, make] of brokers) {
    it(`${name}: sessions started while events are appended deliver each event after their cursor exactly once, in order`, async () => {
      const broker = make();
      const ctx: Context = { ...c.gates[0]!.ctx, ...broker };
      const user = `sess-${name}-${Date.now()}`;
      const principal = { userId: user, sessionId: 's', deviceId: 'd', expiresAt: Date.now() + 60_000 };
      const cursors: string[] = [];
      const sessions: Array<{
        from: string | null;
        rec: ReturnType<typeof recordingSink>;
        s: Delivery;
        startedAt: number;
      }> = [];
      for (let i = 0; i < 120; i++) {
        const [cur] = await broker.inboxes.append(ev(i), [user]);
        cursors.push(cur!);
        if (i % 10 === 5) {
          // Resume from some earlier cursor (or the head), with tiny pages, while appends go on.
          const from = i % 20 === 5 ? cursors[Math.max(0, i - 13)]! : null;
          const rec = recordingSink();
          const s = new Delivery(ctx, principal, rec.sink, { pageSize: 3 });
          sessions.push({ from, rec, s, startedAt: i });
          void s.start(from);
        }
      }
      // Caught up: the last event delivered, or (a session that started at the head after the last
      // append) ready there with nothing to deliver.
      await until(
        () =>
          sessions.every((x) =>
            x.rec.sent.length > 0
              ? x.rec.sent.at(-1)!.cursor === cursors.at(-1)
              : x.rec.log[0] === `ready ${cursors.at(-1)}`,
          ),
        5000,
        'sessions to catch up',
      );
      for (const { from, rec, s } of sessions) {
        const start = rec.log[0]!.slice('ready '.length);
        if (from !== null) assert.equal(start, from);
        assert.ok(cursors.includes(start));
        const expected = cursors.slice(cursors.indexOf(start) + 1);
        assert.deepEqual(
          rec.sent.map((e) => e.cursor),
          expected,
        );
        s.stop();
      }
      if (broker !== c.brokers[0]) await broker.close();
    });
  }

  it('an inbox lost while a session is live gives expired with the new head, then events go on from it', async () => {
    const ctx = c.gates[0]!.ctx;
    const user = `lost-${Date.now()}`;
    const rec = recordingSink();
    const s = new Delivery(ctx, { userId: user, sessionId: 's', deviceId: 'd', expiresAt: 0 }, rec.sink);
    await ctx.inboxes.append(ev(1), [user]);
    await s.start(null);
    const [before] = await ctx.inboxes.append(ev(2), [user]);
    await until(() => rec.sent.length === 1, 2000, 'the first event');
    await c.brokers[0]!.client.del(`${c.prefix}{u:${user}}:in`, `${c.prefix}{u:${user}}:ep`);
    const [lost] = await ctx.inboxes.append(ev(3), [user]);
    assert.notEqual(lost!.split('-')[0], before!.split('-')[0], 'a new epoch');
    await until(() => rec.log.some((l) => l.startsWith('expired ')), 2000, 'expired');
    const head = rec.log.find((l) => l.startsWith('expired '))!.slice('expired '.length);
    const [after] = await ctx.inboxes.append(ev(4), [user]);
    await until(() => rec.sent.at(-1)?.cursor === after, 2000, 'the event after the head');
    assert.deepEqual(
      rec.sent.map((e) => e.cursor),
      [before, after],
    );
    assert.ok(cursorAfter(after!, head));
    s.stop();
  });

  it('a consumer past its outbound bound is closed with 4429 and unsubscribed', async () => {
    const ctx = c.gates[0]!.ctx;
    const user = `slow-${Date.now()}`;
    const principal = { userId: user, sessionId: 's', deviceId: 'd', expiresAt: Date.now() + 60_000 };
    const rec = recordingSink({ acceptUpTo: 3 });
    const s = new Delivery(ctx, principal, rec.sink);
    await s.start(null);
    for (let i = 0; i < 5; i++) await ctx.inboxes.append(ev(i), [user]);
    await until(() => rec.log.includes(`close ${CLOSE.slowConsumer}`), 2000, 'the slow-consumer close');
    assert.equal(rec.sent.length, 3);
    assert.ok(s.closed);
  });

  it('a kick for its session (or every session) stops it; a kick for another session does not', async () => {
    const ctx = c.gates[0]!.ctx;
    const user = `kick-${Date.now()}`;
    const mk = (sessionId: string) => {
      const rec = recordingSink();
      return { rec, s: new Delivery(ctx, { userId: user, sessionId, deviceId: sessionId, expiresAt: 0 }, rec.sink) };
    };
    const one = mk('one');
    const two = mk('two');
    await Promise.all([one.s.start(null), two.s.start(null)]);
    await ctx.inboxes.publish([user], { kind: 'kick', sessionId: 'one' });
    await until(() => one.rec.log.includes('kick'), 2000, 'the kick');
    assert.ok(!two.rec.log.includes('kick'));
    await ctx.inboxes.publish([user], { kind: 'kick', sessionId: '*' });
    await until(() => two.rec.log.includes('kick'), 2000, 'the kick of every session');
  });
});
