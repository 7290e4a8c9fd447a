import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { postgresAvailable, redisAvailable } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { befriend, call, eventually, newUser, type TestUser } from './helpers/http.js';
import { JsonWs, SseClient, disposeClients } from './helpers/ws.js';
import { createMetrics } from '../src/metrics.js';

/**
 * The operational metrics on /metrics appear and move with what happens: writer backlog and
 * persist lag, live connections per transport and held polls, deliveries per transport, refusals by
 * code, and the event-loop lag from the default Node metrics.
 */

const skip = !((await postgresAvailable()) && (await redisAvailable()));

/** The value of one sample of the Prometheus text (0 when absent); `labels` must all match. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) {
      total += Number(m[4]);
      found = true;
    }
  }
  return found ? total : 0;
}

describe('metrics', { skip }, () => {
  let c: Cluster;
  let base: string;
  let a: TestUser;
  let b: TestUser;
  const scrape = async () => {
    const r = await fetch(`${base}/metrics`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /text\/plain/);
    return r.text();
  };

  before(async () => {
    c = await startGates(1, { env: { WS_ALLOWED_ORIGINS: 'http://app.example' } });
    base = c.urls[0]!;
    a = await newUser(base, 'ma');
    b = await newUser(base, 'mb');
    await befriend(base, a, b);
  });

  after(async () => {
    disposeClients();
    await c?.stop();
  });

  it('exposes the gateway metrics and Node’s defaults, event-loop lag included', async () => {
    const text = await scrape();
    for (const name of [
      'im_writer_backlog',
      'im_writer_persist_seconds',
      'im_connections',
      'im_held_polls',
      'im_deliveries_total',
      'im_rejected_total',
      'im_http_requests_total',
      'im_messages_sent_total',
      'im_send_seconds',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_eventloop_lag_max_seconds',
      'nodejs_heap_size_used_bytes',
      'process_cpu_seconds_total',
    ]) {
      assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), `${name} is exposed`);
    }
  });

  it('im_rejected_total counts refusals by code: a 401, a 400, a WebSocket error frame and a refused upgrade', async () => {
    const before = await scrape();
    assert.equal((await call(base, 'GET', '/v1/me')).status, 401);
    assert.equal((await call(base, 'GET', '/v1/me', { token: 'garbage' })).status, 401);
    assert.equal((await call(base, 'POST', '/v1/groups', { token: a.token, raw: '{' })).status, 400);
    const ws = new JsonWs(base);
    await ws.login(a.token);
    ws.send({ op: 'typing', conversationId: 'x:no-such-conversation' });
    await ws.inbox.find((f) => f.op === 'error');
    await ws.close();
    await assert.rejects(new JsonWs(base, { origin: 'http://evil.example' }).opened(), /403/);
    const after = await scrape();
    const delta = (code: string) =>
      sample(after, 'im_rejected_total', { code }) - sample(before, 'im_rejected_total', { code });
    assert.equal(delta('unauthorized'), 2);
    assert.equal(delta('bad_request'), 1);
    assert.equal(delta('not_found'), 1, 'the error frame');
    assert.equal(delta('forbidden'), 1, 'the refused upgrade');
    assert.ok(sample(after, 'im_http_requests_total', { status: '401' }) >= 2);
  });

  it('im_connections per transport and im_held_polls follow live connections; im_deliveries_total counts each transport', async () => {
    const conns = async () => {
      const t = await scrape();
      return {
        ws: sample(t, 'im_connections', { transport: 'ws' }),
        sse: sample(t, 'im_connections', { transport: 'sse' }),
        polls: sample(t, 'im_held_polls'),
        text: t,
      };
    };
    const start = await conns();
    const ws = new JsonWs(base);
    await ws.login(b.token);
    const sse = new SseClient(base, b.token);
    await sse.ready();
    const head = (await call(base, 'GET', '/v1/sync', { token: b.token })).body.cursor as string;
    const poll = call(base, 'GET', `/v1/sync?cursor=${head}&timeout=10`, { token: b.token });
    await eventually(async () => (await conns()).polls === start.polls + 1, 3000, 'the poll held');
    const live = await conns();
    assert.deepEqual([live.ws, live.sse], [start.ws + 1, start.sse + 1]);

    const r = await call(base, 'POST', '/v1/messages', {
      token: a.token,
      body: { kind: 'direct', to: b.id, clientMsgId: 'm1', contentType: 'text', content: 'hello' },
    });
    assert.equal(r.status, 200);
    await ws.event((e) => e.data.clientMsgId === 'm1');
    await sse.inbox.find((x) => x.type === 'message');
    assert.equal((await poll).body.events.length, 1);
    const t = (await conns()).text;
    for (const transport of ['ws', 'sse', 'longpoll']) {
      assert.equal(
        sample(t, 'im_deliveries_total', { transport }) - sample(live.text, 'im_deliveries_total', { transport }),
        1,
        `one delivery over ${transport}`,
      );
    }
    assert.equal(
      sample(t, 'im_messages_sent_total', { kind: 'direct' }) -
        sample(live.text, 'im_messages_sent_total', { kind: 'direct' }),
      1,
    );

    await ws.close();
    sse.close();
    await eventually(
      async () => {
        const now = await conns();
        return now.ws === start.ws && now.sse === start.sse && now.polls === start.polls;
      },
      3000,
      'the gauges back to where they were',
    );
  });

  it('a stream or poll whose client leaves while its token is checked is not left open', async () => {
    const conns = async () => {
      const t = await scrape();
      return { sse: sample(t, 'im_connections', { transport: 'sse' }), polls: sample(t, 'im_held_polls') };
    };
    const start = await conns();
    const u = await newUser(base, 'mleave');
    const head = (await call(base, 'GET', '/v1/sync', { token: u.token })).body.cursor as string;
    const { hostname, port } = new URL(base);
    // The request goes out whole, then the socket closes at once: long before the token is checked.
    const leave = (path: string) =>
      new Promise<void>((resolve, reject) => {
        const s = net.connect(Number(port), hostname, () => {
          s.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${u.token}\r\n\r\n`, () =>
            s.destroy(),
          );
        });
        s.on('close', () => resolve());
        s.on('error', reject);
      });
    // More streams than one user may hold, so one left open would also refuse the next one.
    for (let i = 0; i < 25; i++) await leave('/v1/events');
    for (let i = 0; i < 5; i++) await leave(`/v1/sync?cursor=${head}&timeout=30`);
    // A leak would show only once the token checks of the abandoned requests are done, and nothing
    // shows when they are: give them a short spell, then the gauges must be back.
    await new Promise((r) => setTimeout(r, 300));
    await eventually(
      async () => {
        const now = await conns();
        return now.sse === start.sse && now.polls === start.polls;
      },
      3000,
      'no stream or poll left behind',
    );
    const sse = new SseClient(base, u.token);
    await sse.ready();
    sse.close();
  });

  it('im_writer_backlog rises while Postgres holds the writer and falls to 0 once it stored everything; im_writer_persist_seconds records the wait', async () => {
    const before = await scrape();
    const lock = await c.db.sql.reserve();
    await lock`begin`;
    await lock`lock table messages in share mode`;
    const heldAt = Date.now();
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await lock`commit`;
      lock.release();
    };
    try {
      for (let i = 0; i < 5; i++) {
        const r = await call(base, 'POST', '/v1/messages', {
          token: a.token,
          body: { kind: 'direct', to: b.id, clientMsgId: `held-${i}`, contentType: 'text', content: 'x' },
        });
        assert.equal(r.status, 200);
      }
      const during = await eventually(
        async () => {
          const v = sample(await scrape(), 'im_writer_backlog');
          return v >= 5 ? v : null;
        },
        3000,
        'the backlog to show the held messages',
      );
      assert.ok(during >= 5);
      await new Promise((r) => setTimeout(r, 500));
      await release();
      const heldMs = Date.now() - heldAt;
      await eventually(async () => sample(await scrape(), 'im_writer_backlog') === 0, 5000, 'the backlog back to 0');
      const after = await scrape();
      const count =
        sample(after, 'im_writer_persist_seconds_count') - sample(before, 'im_writer_persist_seconds_count');
      const sum = sample(after, 'im_writer_persist_seconds_sum') - sample(before, 'im_writer_persist_seconds_sum');
      assert.equal(count, 5);
      assert.ok(
        sum / count >= (heldMs - 300) / 1000 / 2,
        `mean persist lag ${(sum / count).toFixed(3)} s while held ${heldMs} ms`,
      );
      assert.ok(
        sample(after, 'im_writer_persist_seconds_bucket', { le: '0.1' }) -
          sample(before, 'im_writer_persist_seconds_bucket', { le: '0.1' }) <
          5,
        'not all within 100 ms',
      );
    } finally {
      await release();
    }
  });

  it('the event-loop lag shows a blocked loop', async () => {
    await scrape(); // starts a fresh measuring window
    // Node's delay monitor drops its first sample after a reset (each scrape resets it): block later than that.
    await new Promise((r) => setTimeout(r, 60));
    const until = Date.now() + 250;
    while (Date.now() < until) {
      /* block the loop the gate runs on */
    }
    await new Promise((r) => setTimeout(r, 50));
    const t = await scrape();
    assert.ok(
      sample(t, 'nodejs_eventloop_lag_max_seconds') >= 0.2,
      `max lag ${sample(t, 'nodejs_eventloop_lag_max_seconds')}`,
    );
  });

  it('a scrape does not hang on a broker that does not answer: the backlog reads -1 within about a second', async () => {
    const m = createMetrics({ backlog: () => new Promise<number>(() => {}) });
    const t0 = Date.now();
    const text = await m.registry.metrics();
    assert.ok(Date.now() - t0 < 2000, `scrape took ${Date.now() - t0} ms`);
    assert.equal(sample(text, 'im_writer_backlog'), -1);
    const failing = createMetrics({ backlog: () => Promise.reject(new Error('down')) });
    assert.equal(sample(await failing.registry.metrics(), 'im_writer_backlog'), -1);
  });
});
