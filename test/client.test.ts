import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { EventSource } from 'eventsource';
import { closeAction } from '../client/transports/ws.js';
import { RecentSet } from '../client/dedup.js';
import { Outbox } from '../client/outbox.js';
import { Auth } from '../client/session.js';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { befriend, call, eventually, newUser, type TestUser } from './helpers/http.js';
import {
  Backoff,
  ImClient,
  ImError,
  directConversationId,
  newClientMsgId,
  type ClientOptions,
  type CursorStore,
  type Message,
  type Session,
  type SessionStore,
  type TabSync,
  type TransportName,
  type TransportStatus,
  type WebSocketCtor,
  type WireEvent,
} from '../client/index.js';

const skip = !((await postgresAvailable()) && (await redisAvailable()));

/** A client for an already logged-in test user, with short reconnect delays. */
function clientFor(base: string, u: TestUser, opts: Partial<ClientOptions> = {}): ImClient {
  return new ImClient({
    baseUrl: base,
    session: {
      accessToken: u.token,
      refreshToken: u.refreshToken,
      deviceId: u.deviceId,
      expiresAt: Date.now() + 10 * 60_000,
      user: { id: u.id, username: u.username, displayName: u.username },
    },
    WebSocket,
    EventSource,
    backoff: { baseMs: 50, maxMs: 400 },
    ...opts,
  });
}

function memoryCursor(initial: string | null = null): CursorStore & { value: string | null } {
  const store = { value: initial, get: () => store.value, set: (c: string) => void (store.value = c) };
  return store;
}

/** Every message event a client emits, in order. */
function messagesOf(c: ImClient): Message[] {
  const out: Message[] = [];
  c.on('message', (e) => out.push(e.data));
  return out;
}

function eventsOf(c: ImClient): WireEvent[] {
  const out: WireEvent[] = [];
  c.on('event', (e) => out.push(e));
  return out;
}

async function live(c: ImClient, t: TransportName, ms = 8000): Promise<void> {
  await eventually(async () => c.transport === t, ms, `${t} live (now ${c.transport})`);
}

async function friends(base: string, tag: string): Promise<[TestUser, TestUser, string]> {
  const a = await newUser(base, `${tag}a`);
  const b = await newUser(base, `${tag}b`);
  await befriend(base, a, b);
  return [a, b, directConversationId(a.id, b.id)];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Two tabs of one origin (`origin`, `stores`) on a gate that allows no refresh-token reuse: the first
 * logs in, the second opens with the stored session, both refresh at the same moment (as their timers
 * do), and exactly one refresh request goes out, both tabs ending with its tokens and working. Then
 * `more` runs with both tabs and the refresh counter.
 */
async function twoTabsRefreshing(
  tag: string,
  origin: () => TabSync,
  stores: () => SessionStore,
  more: (tab1: ImClient, tab2: ImClient, refreshes: { presented: number }, userId: string) => Promise<void>,
): Promise<void> {
  const strict = await startGates(1, { env: { REFRESH_REUSE_GRACE_MS: '0' } });
  const base = strict.urls[0]!;
  const u = await newUser(base, tag);
  const refreshes = refreshCounter();
  const tab = () =>
    clientFor(base, u, { session: undefined, sessionStore: stores(), tabs: origin(), fetch: refreshes.fetch });
  const tab1 = tab();
  let tab2: ImClient | undefined;
  try {
    await tab1.login(u.username, 'correct horse battery', { deviceId: 'one-browser' });
    tab2 = tab();
    assert.deepEqual(await Promise.all([tab1.refresh(), tab2.refresh()]), [true, true]);
    assert.equal(refreshes.presented, 1, 'one refresh request between the two tabs');
    assert.equal(tab2.session?.refreshToken, tab1.session?.refreshToken);
    assert.equal((await tab1.api.me()).user.id, u.id);
    assert.equal((await tab2.api.me()).user.id, u.id);
    await more(tab1, tab2, refreshes, u.id);
  } finally {
    tab1.close();
    tab2?.close();
    await strict.stop();
  }
}

/** A fetch that counts the refresh requests it passes on. */
function refreshCounter(): { presented: number; fetch: typeof fetch } {
  const counter = {
    presented: 0,
    fetch: ((input, init) => {
      if (String(input).endsWith('/v1/auth/refresh')) counter.presented++;
      return fetch(input, init);
    }) as typeof fetch,
  };
  return counter;
}

/**
 * Tabs of one origin in one process: one shared lock (a promise chain) and one message bus, whose
 * messages arrive at once, or `delayMs` later (after the sender let go of the lock, as in a browser).
 */
function oneOrigin(delayMs?: number): () => TabSync {
  let chain: Promise<unknown> = Promise.resolve();
  let holders = 0;
  type Listener = Parameters<TabSync['listen']>[0];
  const bus = new Set<Listener>();
  return () => {
    const mine = new Set<Listener>();
    return {
      exclusive<T>(fn: (waited: boolean) => Promise<T>): Promise<T> {
        const waited = holders > 0;
        holders++;
        const run = chain.then(() => fn(waited)).finally(() => holders--);
        chain = run.catch(() => undefined);
        return run;
      },
      announce(session) {
        const send = () => [...bus].filter((l) => !mine.has(l)).forEach((l) => l(session));
        if (delayMs === undefined) send();
        else setTimeout(send, delayMs);
      },
      listen(fn) {
        bus.add(fn);
        mine.add(fn);
        return () => (bus.delete(fn), mine.delete(fn));
      },
      close: () => mine.forEach((l) => bus.delete(l)),
    };
  };
}

/** One session store shared by the tabs of an origin (localStorage in a browser). */
function sharedStore(): SessionStore & { value: Session | null } {
  const store = {
    value: null as Session | null,
    get: () => store.value,
    set: (s: Session | null) => void (store.value = s),
  };
  return store;
}

/**
 * Chromium's localStorage as the tabs of an origin see it: each tab reads its own copy, which learns
 * another tab's write `lagMs` later. Each call makes one tab's view (the first one's write is known).
 */
function laggingStore(lagMs: number): () => SessionStore {
  const views = new Set<{ value: Session | null }>();
  let last: Session | null = null;
  return () => {
    const view = { value: last };
    views.add(view);
    return {
      get: () => view.value,
      set(s) {
        last = s;
        view.value = s;
        for (const other of views) if (other !== view) setTimeout(() => (other.value = s), lagMs);
      },
    };
  };
}

/** A WebSocket that fails to connect while `down()` says so, and is the real one otherwise. */
function flakyWebSocket(down: () => boolean): WebSocketCtor {
  function Flaky(url: string, protocols?: string | string[]) {
    if (!down()) return new WebSocket(url, protocols);
    const closeListeners: ((ev: unknown) => void)[] = [];
    setTimeout(() => closeListeners.forEach((l) => l({ code: 1006, reason: '' })), 5);
    return {
      readyState: 3,
      protocol: '',
      send() {},
      close() {},
      addEventListener(type: string, l: (ev: unknown) => void) {
        if (type === 'close') closeListeners.push(l);
      },
    };
  }
  return Flaky as unknown as WebSocketCtor;
}
const seqs = (ms: Message[]) => ms.map((m) => m.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('client library against real gates', { skip }, () => {
  let c: Cluster;
  let g1: string;
  let g2: string;
  const clients: ImClient[] = [];
  const track = (cl: ImClient) => (clients.push(cl), cl);
  before(async () => {
    c = await startGates(2);
    [g1, g2] = c.urls as [string, string];
  });
  after(async () => {
    for (const cl of clients) cl.close();
    await c?.stop();
  });

  for (const t of ['longpoll', 'sse', 'ws'] as const) {
    describe(`over ${t}`, () => {
      it('receives messages in order, typing and read receipts; its own sends are acknowledged with their seq', async () => {
        const [a, b, conv] = await friends(g1, `d${t}`);
        const cb = track(clientFor(g2, b, { transport: t }));
        const cbMsgs = messagesOf(cb);
        const cbEvents = eventsOf(cb);
        cb.start();
        await live(cb, t);
        const ca = track(clientFor(g1, a, { transport: 'longpoll' }));
        const caEvents = eventsOf(ca);
        ca.start();
        await live(ca, 'longpoll');

        const acks = [];
        for (let i = 1; i <= 3; i++)
          acks.push(await ca.send({ kind: 'direct', to: b.id, contentType: 'text', content: `hi ${i}` }));
        assert.deepEqual(
          acks.map((x) => x.seq),
          [1, 2, 3],
        );
        assert.ok(acks.every((x) => x.conversationId === conv));
        await eventually(async () => cbMsgs.length >= 3, 5000, 'three messages');
        assert.deepEqual(
          cbMsgs.map((m) => [m.seq, m.content, m.from]),
          [
            [1, 'hi 1', a.id],
            [2, 'hi 2', a.id],
            [3, 'hi 3', a.id],
          ],
        );

        // Typing is live-only: one sent while no poll is held is lost, so keep typing, as a user does.
        await eventually(
          async () => {
            await ca.typing(conv);
            await sleep(150);
            return cbEvents.some((e) => e.type === 'typing' && e.data.userId === a.id);
          },
          5000,
          'typing',
        );

        await cb.markRead(conv, 3);
        await eventually(
          async () => caEvents.some((e) => e.type === 'read' && e.data.userId === b.id && e.data.seq === 3),
          5000,
          'read receipt',
        );

        const reply = await cb.send({ kind: 'direct', to: a.id, contentType: 'text', content: 'back at you' });
        assert.equal(reply.seq, 4);
        await eventually(
          async () =>
            caEvents.some((e) => e.type === 'message' && e.data.seq === 4 && e.data.content === 'back at you'),
          5000,
          'reply',
        );
        assert.equal(cb.transport, t);
      });

      it('reconnects mid-stream and resumes from its cursor with no loss and no duplicate', async () => {
        const [a, b] = await friends(g1, `r${t}`);
        const cursor = memoryCursor();
        const cb = track(clientFor(g2, b, { transport: t, cursorStore: cursor, gates: [g1] }));
        const got = messagesOf(cb);
        cb.start();
        await live(cb, t);
        const total = 40;
        for (let i = 1; i <= total; i++) {
          const r = await call(i % 2 ? g1 : g2, 'POST', '/v1/messages', {
            token: a.token,
            body: { kind: 'direct', to: b.id, clientMsgId: `r${i}`, contentType: 'text', content: `n${i}` },
          });
          assert.equal(r.status, 200);
          if (i % 8 === 0) cb.reconnect();
          if (i === 20) cb.stop();
          if (i === 26) cb.start();
          if (i % 5 === 0) await sleep(20);
        }
        await eventually(async () => got.length >= total, 10_000, `all ${total} messages (have ${got.length})`);
        // Not a wait for anything: a repeat would come right behind, so a short spell without one
        // is what "no duplicate" can mean here.
        await sleep(200);
        assert.deepEqual(seqs(got), range(1, total));
        assert.deepEqual(
          got.map((m) => m.content),
          range(1, total).map((i) => `n${i}`),
        );

        // A new client with the stored cursor (a page reload) gets only what came after it.
        cb.close();
        const again = track(clientFor(g1, b, { transport: t, cursorStore: memoryCursor(cursor.value) }));
        const later = messagesOf(again);
        again.start();
        await live(again, t);
        await call(g1, 'POST', '/v1/messages', {
          token: a.token,
          body: { kind: 'direct', to: b.id, clientMsgId: 'after-reload', contentType: 'text', content: 'fresh' },
        });
        await eventually(async () => later.length >= 1, 5000, 'the message after the reload');
        // A short spell in which nothing from before the stored cursor may turn up.
        await sleep(200);
        assert.deepEqual(seqs(later), [total + 1]);
      });

      it('a send whose answer is lost is retried with the same clientMsgId: same seq, one message', async () => {
        const [a, b, conv] = await friends(g1, `i${t}`);
        let lost = 0;
        const opts: Partial<ClientOptions> = { transport: t };
        if (t === 'ws') {
          // The first ack never reaches the client and the socket dies right after it was sent.
          opts.WebSocket = class extends WebSocket {
            constructor(url: string, protocols?: string | string[]) {
              super(url, protocols);
              const emit = this.emit.bind(this);
              this.emit = (name: string | symbol, ...args: unknown[]) => {
                if (name === 'message' && lost === 0 && String(args[0]).includes('"op":"ack"')) {
                  lost++;
                  this.terminate();
                  return true;
                }
                return emit(name, ...args);
              };
            }
          } as unknown as WebSocketCtor;
        } else {
          // The first POST /v1/messages reaches the server, but its answer is lost on the way back.
          opts.fetch = async (input, init) => {
            const res = await fetch(input, init);
            if (String(input).endsWith('/v1/messages') && init?.method === 'POST' && lost === 0) {
              lost++;
              throw new TypeError('fetch failed');
            }
            return res;
          };
        }
        const ca = track(clientFor(g1, a, opts));
        ca.start();
        await live(ca, t);
        const ack = await ca.send({
          kind: 'direct',
          to: b.id,
          contentType: 'text',
          content: 'exactly once',
          clientMsgId: `once-${t}`,
        });
        assert.equal(lost, 1, 'the first answer was lost');
        assert.equal(ack.seq, 1);
        assert.equal(ack.clientMsgId, `once-${t}`);
        // Sending the same clientMsgId again (e.g. a user pressing retry) is also answered with the same seq.
        const dup = await ca.send({
          kind: 'direct',
          to: b.id,
          contentType: 'text',
          content: 'exactly once',
          clientMsgId: `once-${t}`,
        });
        assert.equal(dup.seq, 1);
        const next = await ca.send({ kind: 'direct', to: b.id, contentType: 'text', content: 'second' });
        assert.equal(next.seq, 2);
        const hist = await eventually(
          async () => {
            const r = await call(g2, 'GET', `/v1/conversations/${conv}/messages`, { token: b.token });
            return r.body.messages.length >= 2 && (r.body.messages as Message[]);
          },
          5000,
          'history',
        );
        assert.deepEqual(
          hist.map((m) => [m.seq, m.content]),
          [
            [1, 'exactly once'],
            [2, 'second'],
          ],
        );
      });

      it('an expired cursor emits reset and the stream goes on from the head', async () => {
        const [a, b] = await friends(g1, `e${t}`);
        const cursor = memoryCursor('gone0epoch-1-0');
        const cb = track(clientFor(g1, b, { transport: t, cursorStore: cursor }));
        const resets: string[] = [];
        cb.on('reset', (r) => resets.push(r.cursor));
        const got = messagesOf(cb);
        cb.start();
        await eventually(async () => resets.length === 1, 5000, 'reset');
        assert.notEqual(cursor.value, 'gone0epoch-1-0');
        await live(cb, t);
        await call(g1, 'POST', '/v1/messages', {
          token: a.token,
          body: { kind: 'direct', to: b.id, clientMsgId: 'x1', contentType: 'text', content: 'after reset' },
        });
        await eventually(async () => got.length === 1, 5000, 'a message after the reset');
        assert.equal(got[0]!.content, 'after reset');
        assert.equal(resets.length, 1);
      });
    });
  }

  it('falls back from a WebSocket that cannot connect to the next transport, and sends still go through', async () => {
    const [a, b] = await friends(g1, 'fb');
    const broken = class {
      readonly readyState = 3;
      readonly protocol = '';
      private closeListeners: ((ev: unknown) => void)[] = [];
      constructor() {
        setTimeout(() => this.closeListeners.forEach((l) => l({ code: 1006, reason: '' })), 5);
      }
      send() {}
      close() {}
      addEventListener(type: string, l: (ev: unknown) => void) {
        if (type === 'close') this.closeListeners.push(l);
      }
    };
    const ca = track(clientFor(g1, a, { WebSocket: broken }));
    const states: string[] = [];
    ca.on('transport', (s) => states.push(s.state));
    ca.start();
    await live(ca, 'sse');
    assert.ok(!states.includes('ws'));
    const ack = await ca.send({ kind: 'direct', to: b.id, contentType: 'text', content: 'via REST' });
    assert.equal(ack.seq, 1);
    // Forcing a transport is honoured at once, and auto can be restored.
    ca.setTransport('longpoll');
    await live(ca, 'longpoll');
    assert.equal(ca.transportMode, 'longpoll');
  });

  it('switching transport mid-stream loses and repeats nothing', async () => {
    const [a, b] = await friends(g1, 'sw');
    const usable: TransportName[] = ['ws', 'sse', 'longpoll'];
    const cb = track(clientFor(g2, b, { transport: usable[0] }));
    const got = messagesOf(cb);
    cb.start();
    await live(cb, usable[0]!);
    for (let i = 1; i <= 30; i++) {
      await call(g1, 'POST', '/v1/messages', {
        token: a.token,
        body: { kind: 'direct', to: b.id, clientMsgId: `s${i}`, contentType: 'text', content: `s${i}` },
      });
      if (i % 7 === 0) cb.setTransport(usable[(i / 7) % usable.length]!);
    }
    await eventually(async () => got.length >= 30, 10_000, 'thirty messages');
    // A short spell in which no repeat may turn up.
    await sleep(200);
    assert.deepEqual(seqs(got), range(1, 30));
  });

  it('auto goes back to WebSocket when it answers again after an outage, probing in the background with the probe in its status', async () => {
    const [a, b] = await friends(g1, 'probe');
    let down = true;
    const cb = track(clientFor(g1, b, { WebSocket: flakyWebSocket(() => down), probe: { baseMs: 150, maxMs: 600 } }));
    const statuses: TransportStatus[] = [];
    cb.on('transport', (s) => statuses.push(s));
    const got = messagesOf(cb);
    cb.start();
    await eventually(async () => cb.transport === 'sse' || cb.transport === 'longpoll', 8000, 'a fallback');
    const fallback = cb.transport;
    await eventually(
      async () => statuses.some((s) => s.state === fallback && s.probe?.transport === 'ws'),
      5000,
      'a probe of WebSocket in the status',
    );
    const send = (i: number) =>
      call(g1, 'POST', '/v1/messages', {
        token: a.token,
        body: { kind: 'direct', to: b.id, clientMsgId: `p${i}`, contentType: 'text', content: `p${i}` },
      });
    for (let i = 1; i <= 3; i++) await send(i);
    // Several probes fail while the outage lasts; the fallback keeps serving.
    await eventually(
      async () => statuses.filter((s) => s.probe?.state === 'trying').length >= 2,
      5000,
      'probes during the outage',
    );
    assert.equal(cb.transport, fallback);
    down = false;
    await live(cb, 'ws', 8000);
    for (let i = 4; i <= 6; i++) await send(i);
    await eventually(async () => got.length >= 6, 5000, 'six messages');
    await sleep(200);
    assert.deepEqual(seqs(got), range(1, 6));
    assert.equal(statuses.at(-1)?.probe, undefined, 'no probe once on the best transport');
    assert.ok(
      !statuses.some((s, i) => i > 0 && s.state === 'offline' && statuses[i - 1]!.state === fallback && down === false),
      'the switch back does not go offline in between',
    );
  });

  for (const t of ['sse', 'longpoll'] as const) {
    it(`a REST send whose own message comes over ${t} before its answer resolves once, is not emitted twice, and reaches the other tab of the device`, async () => {
      const [a, b, conv] = await friends(g1, `own${t}`);
      let acked = false;
      let answeredAfterAck: boolean | undefined;
      const tab1 = track(
        clientFor(g1, a, {
          transport: t,
          // The POST's answer is held back until the message came over the stream (or 3 s passed).
          fetch: async (input, init) => {
            const res = await fetch(input, init);
            if (String(input).endsWith('/v1/messages') && init?.method === 'POST') {
              await eventually(async () => acked, 3000).catch(() => undefined);
              answeredAfterAck ??= acked;
            }
            return res;
          },
        }),
      );
      const tab2 = track(clientFor(g1, a, { transport: t }));
      const acks: string[] = [];
      tab1.on('ack', (x) => {
        acks.push(x.clientMsgId);
        acked = true;
      });
      const own = messagesOf(tab1);
      const other = messagesOf(tab2);
      tab1.start();
      tab2.start();
      await Promise.all([live(tab1, t), live(tab2, t)]);
      const ack = await tab1.send({
        kind: 'direct',
        to: b.id,
        contentType: 'text',
        content: 'mine',
        clientMsgId: 'own-1',
      });
      // The stream's copy settled the send; the held POST answers after it.
      await eventually(async () => answeredAfterAck !== undefined, 5000, 'the POST answered');
      assert.equal(answeredAfterAck, true, 'the message came over the stream before the POST was answered');
      assert.equal(ack.seq, 1);
      assert.equal(ack.conversationId, conv);
      await eventually(async () => other.length === 1, 5000, 'the other tab shows it');
      assert.equal(other[0]!.clientMsgId, 'own-1');
      await sleep(300);
      assert.deepEqual(acks, ['own-1'], 'one ack');
      assert.deepEqual(own, [], 'the sending tab holds it from its ack, not as a second message');
    });
  }

  it('two tabs of one origin refresh once between them: one presents the refresh token, the other takes its tokens', async () => {
    const store = sharedStore();
    await twoTabsRefreshing(
      'tabs',
      oneOrigin(),
      () => store,
      async (tab1, tab2, refreshes, userId) => {
        // A refresh by one tab reaches the other without a request of its own.
        assert.equal(await tab1.refresh(), true);
        assert.equal(refreshes.presented, 2);
        await eventually(async () => tab2.session?.refreshToken === tab1.session?.refreshToken, 2000, 'adopted');
        assert.equal((await tab1.api.me()).user.id, userId);
        assert.equal((await tab2.api.me()).user.id, userId);
      },
    );
  });

  it("a tab whose turn comes after another's refresh takes that tab's announced tokens while its store still shows the old ones", async () => {
    // The announcement arrives 20 ms after the lock is let go, the store's news 500 ms after the write.
    await twoTabsRefreshing('lag', oneOrigin(20), laggingStore(500), async () => {});
  });

  it('a refused access token is refreshed once and the request retried', async () => {
    const a = await newUser(g1, 'tok');
    const ca = track(clientFor(g1, { ...a, token: 'not-a-valid-token' }));
    const reasons: string[] = [];
    ca.on('session', (s) => reasons.push(s.reason));
    const me = await ca.api.me();
    assert.equal(me.user.id, a.id);
    assert.deepEqual(reasons, ['refresh']);
    assert.notEqual(ca.session?.accessToken, 'not-a-valid-token');
    assert.notEqual(ca.session?.refreshToken, a.refreshToken);
  });

  for (const t of ['longpoll', 'sse', 'ws'] as const) {
    it(`a revoked session ends the client instead of reconnecting forever (${t})`, async () => {
      const a = await newUser(g1, `rev${t}`);
      const ca = track(clientFor(g1, a, { transport: t }));
      const ended = new Promise<string>((resolve) => ca.on('session', (s) => !s.session && resolve(s.reason)));
      ca.start();
      await live(ca, t);
      assert.equal((await call(g1, 'POST', '/v1/auth/logout', { token: a.token })).status, 204);
      assert.equal(await ended, 'ended');
      assert.equal(ca.transport, 'offline');
      assert.equal(ca.session, null);
    });
  }

  it('a send refused with 429 is retried after Retry-After and accepted once', async () => {
    const [a, b] = await friends(g1, 'ra');
    let refused = 0;
    const ca = track(
      clientFor(g1, a, {
        fetch: async (input, init) => {
          if (String(input).endsWith('/v1/messages') && refused === 0) {
            refused++;
            return new Response(JSON.stringify({ error: 'rate_limited', message: 'too many requests' }), {
              status: 429,
              headers: { 'content-type': 'application/json', 'retry-after': '1' },
            });
          }
          return fetch(input, init);
        },
      }),
    );
    const started = Date.now();
    const ack = await ca.send({ kind: 'direct', to: b.id, contentType: 'text', content: 'patience' });
    assert.equal(refused, 1);
    assert.ok(Date.now() - started >= 1000, 'waited for Retry-After');
    assert.equal(ack.seq, 1);
  });
});

describe('client library: token lifetime and gate drain', { skip }, () => {
  it('refreshes the access token before it expires and keeps streaming', async () => {
    const c = await startGates(1, { env: { ACCESS_TOKEN_TTL: '2' } });
    const base = c.urls[0]!;
    const [a, b] = await friends(base, 'ttl');
    const cb = clientFor(base, b, { transport: 'longpoll', session: undefined });
    try {
      await cb.login(b.username, 'correct horse battery', { deviceId: 'ttl-device' });
      let refreshes = 0;
      cb.on('session', (s) => s.reason === 'refresh' && refreshes++);
      const got = messagesOf(cb);
      cb.start();
      await live(cb, 'longpoll');
      await sleep(3500);
      assert.ok(refreshes >= 2, `refreshed ahead of expiry (${refreshes} times)`);
      await call(base, 'POST', '/v1/messages', {
        token: (await newTokenOf(base, a)).token,
        body: { kind: 'direct', to: b.id, clientMsgId: 'late', contentType: 'text', content: 'still here' },
      });
      await eventually(async () => got.length === 1, 5000, 'a message after the old tokens expired');
      assert.equal((await cb.api.me()).user.id, b.id);
    } finally {
      cb.close();
      await c.stop();
    }
  });

  it('a draining gate sends WebSocket clients to another gate, which resumes from the cursor', async () => {
    const c = await startGates(2, { writers: 2 });
    const [g1, g2] = c.urls as [string, string];
    const [a, b] = await friends(g1, 'drn');
    const cb = clientFor(g1, b, { transport: 'ws', gates: [g2] });
    try {
      const got = messagesOf(cb);
      const closes: (string | undefined)[] = [];
      cb.on('transport', (s) => s.state === 'offline' && closes.push(s.reason));
      cb.start();
      await live(cb, 'ws');
      assert.equal(cb.gate, g1);
      await call(g2, 'POST', '/v1/messages', {
        token: a.token,
        body: { kind: 'direct', to: b.id, clientMsgId: 'd1', contentType: 'text', content: 'before' },
      });
      await eventually(async () => got.length === 1, 5000, 'first message');
      await c.gates[0]!.stop();
      await eventually(async () => cb.transport === 'ws' && cb.gate === g2, 5000, 'reconnected to the other gate');
      await call(g2, 'POST', '/v1/messages', {
        token: a.token,
        body: { kind: 'direct', to: b.id, clientMsgId: 'd2', contentType: 'text', content: 'after' },
      });
      await eventually(async () => got.length === 2, 5000, 'second message');
      assert.deepEqual(seqs(got), [1, 2]);
    } finally {
      cb.close();
      await c.stop();
    }
  });
});

describe('client library units', () => {
  it('backoff grows exponentially up to its cap, each delay jittered between half and all of it', () => {
    let r = 0;
    const b = new Backoff({ baseMs: 100, maxMs: 1000, random: () => r });
    assert.deepEqual([b.next(), b.next(), b.next(), b.next(), b.next()], [100, 200, 400, 800, 1000]);
    r = 0.999;
    b.reset();
    assert.deepEqual([b.next(), b.next()], [50, 100]);
  });

  it("takes another tab's announced session only when it is a newer one of the same device session", () => {
    const origin = oneOrigin();
    const other = origin();
    const reasons: string[] = [];
    const auth = new Auth({
      refreshCall: () => Promise.reject(new Error('this tab does not refresh')),
      tabs: origin(),
      onChange: (_s, reason) => reasons.push(reason),
    });
    try {
      const user = { id: 'u1', username: 'u1', displayName: 'u1' };
      const s0: Session = {
        accessToken: 'a0',
        refreshToken: 'r0',
        expiresAt: Date.now() + 600_000,
        deviceId: 'd1',
        user,
      };
      auth.set(s0);
      const newer: Session = { ...s0, accessToken: 'a1', refreshToken: 'r1', expiresAt: s0.expiresAt + 60_000 };
      // A page of another version, or a message that is not a session at all, may come over the channel.
      const refused: unknown[] = [
        { ...newer, refreshToken: 5 },
        { ...newer, expiresAt: 'later' },
        { ...newer, user: undefined },
        { ...newer, user: { ...user, id: 'u2' } },
        { ...newer, deviceId: 'd2' },
        { ...newer, expiresAt: s0.expiresAt - 1 },
        { ...newer, refreshToken: s0.refreshToken },
      ];
      for (const bad of refused) other.announce(bad as Session);
      assert.equal(auth.session, s0, 'nothing refused was taken');
      other.announce(newer);
      assert.equal(auth.session, newer);
      assert.deepEqual(reasons, ['login', 'refresh']);
    } finally {
      auth.stop();
      other.close();
    }
  });

  it('follows the close codes of the contract', () => {
    assert.equal(closeAction(4401), 'auth');
    assert.equal(closeAction(4403), 'auth');
    assert.equal(closeAction(4408), 'backoff');
    assert.equal(closeAction(4429), 'immediate');
    assert.equal(closeAction(4503), 'other_gate');
    assert.equal(closeAction(1006), 'backoff');
  });

  it('remembers at least the last `capacity` keys and forgets older ones', () => {
    const seen = new RecentSet(100);
    for (let i = 0; i < 1000; i++) assert.equal(seen.add(`k${i}`), true);
    for (let i = 900; i < 1000; i++) assert.equal(seen.has(`k${i}`), true, `k${i} is among the last 100`);
    assert.equal(seen.add('k999'), false);
    assert.equal(seen.has('k0'), false);
    let remembered = 0;
    for (let i = 0; i < 1000; i++) if (seen.has(`k${i}`)) remembered++;
    assert.ok(remembered >= 100 && remembered <= 200, `${remembered} keys remembered`);
  });

  it('times sends out in the order they were made, each after the timeout; an acked one resolves; no timeout means none', async () => {
    const outcome = (p: Promise<unknown>, t0: number) =>
      p.then(
        () => ({ ok: true, code: '', ms: performance.now() - t0 }),
        (e: ImError) => ({ ok: false, code: e.code, ms: performance.now() - t0 }),
      );
    // The outbox's timers do not hold the process open (unref); this does, while the test waits on them.
    const hold = setInterval(() => {}, 1000);
    try {
      const neverAcked = {
        viaConnection: () => true,
        shouldWait: () => false,
        viaRest: () => new Promise<never>(() => {}),
        acked: () => {},
      };
      const box = new Outbox(neverAcked, 150);
      const msg = (id: string) => ({
        kind: 'direct' as const,
        to: 'u',
        contentType: 'text',
        content: id,
        clientMsgId: id,
      });
      const t0 = performance.now();
      const a = outcome(box.send(msg('a')), t0);
      await new Promise((r) => setTimeout(r, 50));
      const t1 = performance.now();
      const b = outcome(box.send(msg('b')), t1);
      const c = outcome(box.send(msg('c')), t1);
      assert.equal(box.ack({ clientMsgId: 'b', conversationId: 'd:u:v', seq: 1, createdAt: 1 }), true);
      const [ra, rb, rc] = await Promise.all([a, b, c]);
      assert.equal(rb.ok, true);
      assert.deepEqual([ra.ok, ra.code, rc.ok, rc.code], [false, 'timeout', false, 'timeout']);
      assert.ok(ra.ms >= 145 && rc.ms >= 145, `timed out after ${ra.ms.toFixed(0)} and ${rc.ms.toFixed(0)} ms`);
      assert.ok(t0 + ra.ms <= t1 + rc.ms, 'the older send gives up first');
      assert.deepEqual(box.waiting, []);

      const patient = new Outbox(neverAcked, 0);
      const d = outcome(patient.send(msg('d')), performance.now());
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(patient.waiting, ['d']);
      patient.close();
      const rd = await d;
      assert.deepEqual([rd.ok, rd.code], [false, 'closed']);
    } finally {
      clearInterval(hold);
    }
  });

  it('makes distinct clientMsgIds', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newClientMsgId()));
    assert.equal(ids.size, 10_000);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{1,64}$/);
  });
});

/** A fresh login for a test user whose tokens may have expired. */
async function newTokenOf(base: string, u: TestUser): Promise<TestUser> {
  const r = await call(base, 'POST', '/v1/auth/login', {
    body: { username: u.username, password: 'correct horse battery' },
  });
  return { ...u, token: r.body.accessToken, refreshToken: r.body.refreshToken, deviceId: r.body.deviceId };
}
