import http from 'node:http';
import WebSocket from 'ws';
import type { Options } from './lib/args.js';
import { CpuMeter, openFileLimit, spawnGate, type CpuReport, type Proc } from './lib/procs.js';
import { SHARED_MACHINE_NOTE, fmt, machineInfo, progress, progressDone, table, writeResult } from './lib/report.js';
import { benchPrefix, createBenchDb, pgBackendsOf, REDIS_URL } from './lib/stores.js';
import { seedUsers, type SeedUser } from './lib/seed.js';
import { onCleanup } from './lib/cleanup.js';
import { pool, round, sleep, waitFor } from './lib/stats.js';
import type { HeapClass, MemFigures } from './lib/gate-child.js';

type IdleTransport = 'ws' | 'sse' | 'longpoll';

export interface IdlePhase {
  transport: IdleTransport;
  requested: number;
  connections: number;
  failed: number;
  connectSeconds: number;
  connectsPerSec: number;
  heapPerConnBytes: number;
  rssPerConnBytes: number;
  externalPerConnBytes: number;
  baseline: MemFigures;
  loaded: MemFigures;
  afterClose: MemFigures;
  /** Heap left above the baseline once every connection closed (a leak shows here). */
  heapLeftAfterCloseBytes: number;
  gateFdLimit: number;
  cpu: CpuReport;
  /** With --heap-classes: heap per connection by object type and constructor (heap snapshots before and after). */
  heapByClass?: Array<{ type: string; name: string; perConnBytes: number; perConnCount: number }>;
}

export interface IdleResult {
  name: 'idle';
  quick: boolean;
  machine: Awaited<ReturnType<typeof machineInfo>>;
  phases: IdlePhase[];
  headline: { transport: IdleTransport; connections: number; heapPerConnBytes: number; rssPerConnBytes: number };
  markdown: string;
}

/** Loopback source addresses: 127.0.0.0/8 is all local, and each address has its own ephemeral ports. */
const SOURCES = Array.from({ length: 16 }, (_, i) => `127.0.0.${i + 2}`);
const FD_MARGIN = 400;
/** PRESENCE_GRACE_MS and NOTICE_LINGER_MS of the idle gates (shorter than the default 5 s, so the after-close figure comes sooner). */
const GRACE_MS = 1000;

interface Conn {
  close(): void;
}

/**
 * How many idle live connections one gate process holds and what each costs: per transport, a fresh
 * gate, a baseline after a forced GC, N logged-in connections (one user each) held open, a forced GC
 * again. Heap and RSS per connection are the differences divided by N. Raw protocol clients keep the
 * generator light (it must hold as many sockets as the gate).
 */
export async function run(o: Options): Promise<IdleResult> {
  const transports = o
    .str('transports', 'ws,sse,longpoll', 'ws,sse,longpoll')
    .split(',')
    .map((s) => s.trim()) as IdleTransport[];
  const requested = o.num('connections', 2000, 19_000);
  const concurrency = o.num('concurrency', 200, 200);
  const settleMs = o.num('settle', 2, 5) * 1000;
  const heapClasses = o.flag('heap-classes');
  const myLimit = openFileLimit();

  console.log(
    `\n## idle — up to ${fmt(requested, 0)} idle connections per transport on one gate process (fd limit here ${myLimit})`,
  );
  const db = await createBenchDb();
  const { prefix, cleanup } = benchPrefix();
  const users = await seedUsers(db.sql, Math.min(requested, myLimit - FD_MARGIN), 'i');
  const phases: IdlePhase[] = [];

  for (const transport of transports) {
    const gate = await spawnGate(`idle-${transport}-gate`, {
      dbUrl: db.url,
      redisUrl: REDIS_URL,
      prefix,
      writer: 'inline',
      extra: { PRESENCE_GRACE_MS: String(GRACE_MS), NOTICE_LINGER_MS: String(GRACE_MS) },
    });
    const gateLimit = openFileLimit(gate.pid);
    const n = Math.min(requested, gateLimit - FD_MARGIN, myLimit - FD_MARGIN, users.length);
    if (n < requested)
      console.log(
        `  ${transport}: capped at ${n} connections by the open-file limit (gate ${gateLimit}, generator ${myLimit})`,
      );
    const port = Number(new URL(gate.url).port);

    // Warm-up: code paths loaded and compiled before the baseline.
    const warm = await openMany(transport, port, users.slice(0, 50), 50, gate);
    warm.conns.forEach((c) => c.close());
    await sleep(1500);
    const baseline = await gate.mem(true);
    const classes0 = heapClasses ? await gate.request<HeapClass[]>({ cmd: 'heap-classes' }, 120_000) : [];

    const cpu = await new CpuMeter([gate], pgBackendsOf(db.sql, db.name)).begin();
    const t0 = performance.now();
    const opened = await openMany(transport, port, users.slice(0, n), concurrency, gate, (done) =>
      progress(`[idle ${transport}] ${fmt(done, 0)}/${fmt(n, 0)} connected`),
    );
    const connectSeconds = (performance.now() - t0) / 1000;
    progressDone();
    const closeAll = onCleanup(`close idle ${transport} connections`, () => opened.conns.forEach((c) => c.close()));
    await sleep(settleMs);
    const cpuReport = await cpu.end();
    const loaded = await gate.mem(true);
    const classes1 = heapClasses ? await gate.request<HeapClass[]>({ cmd: 'heap-classes' }, 300_000) : [];
    await closeAll();
    await waitFor(async () => (await liveCount(gate, transport)) === 0, 20_000, 200);
    // Past the presence grace period and the notice channels' linger, which hold a little per user until they end.
    await sleep(GRACE_MS + 1500);
    const afterClose = await settledMem(gate);
    await gate.stop();

    const k = opened.conns.length;
    const per = (a: number, b: number) => (k > 0 ? Math.round((a - b) / k) : 0);
    const phase: IdlePhase = {
      transport,
      requested,
      connections: k,
      failed: opened.failed,
      connectSeconds: round(connectSeconds, 1),
      connectsPerSec: Math.round(k / connectSeconds),
      heapPerConnBytes: per(loaded.heapUsed, baseline.heapUsed),
      rssPerConnBytes: per(loaded.rss, baseline.rss),
      externalPerConnBytes: per(loaded.external, baseline.external),
      baseline,
      loaded,
      afterClose,
      heapLeftAfterCloseBytes: afterClose.heapUsed - baseline.heapUsed,
      gateFdLimit: gateLimit,
      cpu: cpuReport,
      ...(heapClasses ? { heapByClass: perConnection(classes0, classes1, k) } : {}),
    };
    phases.push(phase);
    console.log(
      `  ${transport}: ${fmt(k, 0)} connections (${opened.failed} failed) in ${fmt(connectSeconds)} s; heap ${fmt(phase.heapPerConnBytes / 1024, 2)} KiB/conn, RSS ${fmt(phase.rssPerConnBytes / 1024, 2)} KiB/conn`,
    );
  }
  await cleanup();
  await db.drop();

  const ws = phases.find((p) => p.transport === 'ws') ?? phases[0]!;
  const markdown = [
    `### Idle connections on one gate process (after a forced GC; one user per connection)`,
    '',
    table(
      [
        'transport',
        'connections',
        'failed',
        'connect rate /s',
        'heap / conn',
        'RSS / conn',
        'external / conn',
        'heap total loaded',
        'RSS total loaded',
        'heap left after close',
        'gate CPU per connect',
      ],
      phases.map((p) => [
        p.transport,
        p.connections,
        p.failed,
        p.connectsPerSec,
        `${fmt(p.heapPerConnBytes / 1024, 2)} KiB`,
        `${fmt(p.rssPerConnBytes / 1024, 2)} KiB`,
        `${fmt(p.externalPerConnBytes / 1024, 2)} KiB`,
        `${fmt(p.loaded.heapUsed / 2 ** 20, 1)} MiB`,
        `${fmt(p.loaded.rss / 2 ** 20, 1)} MiB`,
        `${fmt(p.heapLeftAfterCloseBytes / 2 ** 20, 2)} MiB`,
        `${fmt((p.cpu.processes.find((x) => x.name.endsWith('gate'))?.cpuMs ?? NaN) / Math.max(1, p.connections), 2)} ms`,
      ]),
    ),
    '',
    ...phases
      .filter((p) => p.heapByClass)
      .map((p) =>
        [
          '',
          `Heap per ${p.transport} connection by object (heap snapshots, top 20; taking them grows RSS, so RSS per connection above is not meaningful in this mode):`,
          '',
          table(
            ['type', 'constructor / name', 'bytes / conn', 'objects / conn'],
            p
              .heapByClass!.slice(0, 20)
              .map((c) => [c.type, c.name.replace(/\|/g, '\\|'), fmt(c.perConnBytes, 0), fmt(c.perConnCount, 2)]),
          ),
        ].join('\n'),
      ),
    '',
    `Target: 20,000 WebSocket connections with < 8 KiB heap each. The gate's open-file limit here is ${phases[0]?.gateFdLimit ?? '?'} ` +
      `(a hard limit this container cannot raise), which caps one process below 20,000 sockets. Kernel socket buffers are not in RSS. ${SHARED_MACHINE_NOTE}`,
  ].join('\n');
  const result: IdleResult = {
    name: 'idle',
    quick: o.quick,
    machine: await machineInfo(),
    phases,
    headline: {
      transport: ws.transport,
      connections: ws.connections,
      heapPerConnBytes: ws.heapPerConnBytes,
      rssPerConnBytes: ws.rssPerConnBytes,
    },
    markdown,
  };
  writeResult('idle', result, markdown);
  return result;
}

/** The per-connection difference of two heap class listings, largest first. */
function perConnection(before: HeapClass[], after: HeapClass[], n: number): NonNullable<IdlePhase['heapByClass']> {
  const key = (c: HeapClass) => `${c.type}\u0000${c.name}`;
  const b = new Map(before.map((c) => [key(c), c]));
  return after
    .map((c) => ({
      type: c.type,
      name: c.name,
      perConnBytes: Math.round((c.size - (b.get(key(c))?.size ?? 0)) / Math.max(1, n)),
      perConnCount: round((c.count - (b.get(key(c))?.count ?? 0)) / Math.max(1, n), 2),
    }))
    .filter((c) => c.perConnBytes > 0)
    .sort((x, y) => y.perConnBytes - x.perConnBytes)
    .slice(0, 40);
}

/**
 * Heap after a forced GC once the gate's close work is done: with many connections, the presence
 * and audit steps of the closes can still be queued (holding memory) when the grace period is over,
 * so the figure is read again until it stops falling (at most 15 s more).
 */
async function settledMem(gate: Proc): Promise<MemFigures> {
  let m = await gate.mem(true);
  for (let i = 0; i < 15; i++) {
    await sleep(1000);
    const next = await gate.mem(true);
    const fell = m.heapUsed - next.heapUsed;
    m = next;
    if (fell < 256 * 1024) break;
  }
  return m;
}

async function liveCount(gate: Proc, transport: IdleTransport): Promise<number> {
  const s = await gate.request<{
    connections: Array<{ labels: { transport?: string }; value: number }>;
    heldPolls: Array<{ value: number }>;
  }>({ cmd: 'stats' });
  if (transport === 'longpoll') return s.heldPolls.reduce((a, v) => a + v.value, 0);
  return s.connections.filter((c) => c.labels.transport === transport).reduce((a, v) => a + v.value, 0);
}

/** Opens one connection per user, `concurrency` at a time; returns the live ones. */
async function openMany(
  transport: IdleTransport,
  port: number,
  users: SeedUser[],
  concurrency: number,
  gate: Proc,
  onProgress?: (done: number) => void,
): Promise<{ conns: Conn[]; failed: number }> {
  const conns: Conn[] = [];
  let failed = 0;
  let done = 0;
  const ticker = setInterval(() => onProgress?.(done), 1000);
  const pinger =
    transport === 'ws'
      ? setInterval(() => conns.forEach((c) => (c as Conn & { ping?: () => void }).ping?.()), 20_000)
      : undefined;
  try {
    await pool(users, concurrency, async (u, i) => {
      const localAddress = SOURCES[i % SOURCES.length]!;
      try {
        conns.push(await OPENERS[transport](port, u, localAddress));
      } catch {
        failed++;
      }
      done++;
    });
    if (transport === 'longpoll') {
      // A poll counts once the gate holds it.
      await waitFor(async () => (await liveCount(gate, 'longpoll')) >= conns.length, 30_000, 200);
    }
  } finally {
    clearInterval(ticker);
    onProgress?.(done);
  }
  if (pinger) {
    const stop = onCleanup('stop pings', () => clearInterval(pinger));
    const close = conns.map((c) => c.close);
    conns.forEach((c, j) => (c.close = () => (close[j]!(), void stop())));
  }
  return { conns, failed };
}

const OPENERS: Record<
  IdleTransport,
  (port: number, u: SeedUser, localAddress: string) => Promise<Conn & { ping?: () => void }>
> = {
  ws: (port, u, localAddress) =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/ws`, 'im.v1.json', {
        localAddress,
        perMessageDeflate: false,
      });
      const t = setTimeout(() => {
        ws.terminate();
        reject(new Error('login timed out'));
      }, 20_000);
      ws.on('error', () => {});
      ws.on('close', () => {
        clearTimeout(t);
        reject(new Error('closed'));
      });
      ws.on('open', () => ws.send(JSON.stringify({ op: 'login', token: u.token })));
      ws.on('message', (data) => {
        const f = JSON.parse(String(data)) as { op: string };
        if (f.op === 'login_ok') {
          clearTimeout(t);
          resolve({
            close: () => ws.terminate(),
            ping: () => ws.readyState === WebSocket.OPEN && ws.send('{"op":"ping"}'),
          });
        }
      });
    }),
  sse: (port, u, localAddress) =>
    new Promise((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        path: `/v1/events?access_token=${encodeURIComponent(u.token)}`,
        localAddress,
        agent: false,
        headers: { accept: 'text/event-stream' },
      });
      const t = setTimeout(() => {
        req.destroy();
        reject(new Error('no ready event in time'));
      }, 20_000);
      req.on('error', (e) => {
        clearTimeout(t);
        reject(e);
      });
      req.on('response', (res) => {
        if (res.statusCode !== 200) {
          clearTimeout(t);
          res.resume();
          reject(new Error(`status ${res.statusCode}`));
          return;
        }
        let seen = '';
        const onData = (chunk: Buffer) => {
          seen += chunk.toString();
          if (/event: ?ready/.test(seen)) {
            clearTimeout(t);
            res.off('data', onData);
            res.on('data', () => {});
            resolve({ close: () => req.destroy() });
          }
        };
        res.on('data', onData);
      });
      req.end();
    }),
  longpoll: async (port, u, localAddress) => {
    const get = (path: string, onReq?: (r: http.ClientRequest) => void) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request({
          host: '127.0.0.1',
          port,
          path,
          localAddress,
          agent: false,
          headers: { authorization: `Bearer ${u.token}` },
        });
        onReq?.(req);
        req.on('error', reject);
        req.on('response', (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.end();
      });
    const head = await get('/v1/sync');
    if (head.status !== 200) throw new Error(`status ${head.status}`);
    let cursor = (JSON.parse(head.body) as { cursor: string }).cursor;
    let current: http.ClientRequest | undefined;
    let closed = false;
    // Held polls, one after the other, until closed (each is answered after 60 s with no events).
    void (async () => {
      while (!closed) {
        try {
          const r = await get(`/v1/sync?cursor=${encodeURIComponent(cursor)}&timeout=60`, (req) => (current = req));
          if (r.status === 200) cursor = (JSON.parse(r.body) as { cursor: string }).cursor;
          else await sleep(1000);
        } catch {
          if (!closed) await sleep(1000);
        }
      }
    })();
    return {
      close: () => {
        closed = true;
        current?.destroy();
      },
    };
  },
};
