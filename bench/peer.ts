import { randomBytes } from 'node:crypto';
import { io as connectIo, type Socket } from 'socket.io-client';
import type { Options } from './lib/args.js';
import { measure, serverCpuPerMsg } from './1to1.js';
import { CpuMeter, spawnProc, type CpuReport, type Proc } from './lib/procs.js';
import { RedisMeter, SHARED_MACHINE_NOTE, fmt, machineInfo, pct, table, writeResult } from './lib/report.js';
import { benchPrefix, REDIS_URL } from './lib/stores.js';
import { onCleanup } from './lib/cleanup.js';
import { pool, round } from './lib/stats.js';
import { runWorkload, type Endpoint, type WorkloadResult } from './lib/workload.js';

export interface PeerRun {
  mode: 'max' | 'rate';
  targetRate: number | null;
  msgsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  ackP99Ms: number;
  totals: WorkloadResult['totals'];
  redisCommandsPerSec: number;
  serverCpuUsPerMsg: number;
  cpu: CpuReport;
}

export interface PeerResult {
  name: 'peer';
  quick: boolean;
  machine: Awaited<ReturnType<typeof machineInfo>>;
  setup: { servers: number; pairs: number; window: number; durationSec: number; warmupSec: number };
  ours: { msgsPerSec: number; p50Ms: number; p99Ms: number; serverCpuUsPerMsg: number; persisted: boolean; halfRate?: { rate: number; p50Ms: number; p99Ms: number } };
  peer: { name: string; msgsPerSec: number; p50Ms: number; p99Ms: number; serverCpuUsPerMsg: number; runs: PeerRun[] };
  /** Our WebSocket delivered msgs/s ÷ the peer's, both at their maximum. */
  ratio: number;
  markdown: string;
}

const PEER_NAME = 'Socket.IO 4 + @socket.io/redis-streams-adapter';

/**
 * The same 1:1 workload on our gateway (WebSocket, persisting to Postgres) and on Socket.IO with the
 * Redis Streams adapter (2 server processes, same Redis, same machine, same pair and window counts,
 * socket.io-client over WebSocket only), one after the other in one run; reports ours ÷ theirs.
 */
export async function run(o: Options): Promise<PeerResult> {
  const pairs = o.num('pairs', 40, 100);
  const window = o.num('window', 2, 2);
  const durationSec = o.num('duration', 6, 30);
  const warmupSec = o.num('warmup', 2, 5);
  const halfRate = !o.flag('no-half') && !o.quick;

  const ours = await measure(o, { name: 'peer: ours (WebSocket)', transports: ['ws'], half: halfRate });
  const oursMax = ours.phases.find((p) => p.mode === 'max')!;
  const oursHalf = ours.phases.find((p) => p.mode === 'rate');

  console.log(`\n## peer — ${PEER_NAME}: ${pairs} pairs on 2 servers, ${durationSec} s (+${warmupSec} s warm-up)`);
  const { prefix, cleanup } = benchPrefix();
  const servers: Proc[] = [];
  for (let i = 0; i < 2; i++) {
    servers.push(await spawnProc({ name: `peer-server-${String.fromCharCode(97 + i)}`, script: 'bench/peer/server.ts', env: { REDIS_URL, PEER_PREFIX: prefix, NODE_ENV: 'production' } }));
  }
  const run = randomBytes(3).toString('hex');
  const userIds = Array.from({ length: pairs * 2 }, (_, k) => `peer${run}_${k}`);
  const sockets: Socket[] = [];
  const closeSockets = onCleanup('close socket.io clients', () => sockets.forEach((s) => s.close()));
  await pool(userIds, 50, async (userId, k) => {
    const url = servers[(Math.floor(k / 2) + (k % 2)) % 2]!.url;
    const s = connectIo(url, { transports: ['websocket'], auth: { userId }, forceNew: true, reconnectionDelay: 200 });
    sockets[k] = s;
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('a socket.io client did not connect within 15 s')), 15_000);
      s.once('connect', () => {
        clearTimeout(t);
        resolve();
      });
    });
  });
  const endpoints: Endpoint[] = userIds.map((_, k) => {
    const s = sockets[k]!;
    const peer = userIds[k % 2 === 0 ? k + 1 : k - 1]!;
    return {
      send: (content) =>
        new Promise<void>((resolve, reject) => {
          s.timeout(60_000).emit('send', { to: peer, content }, (err: Error | null, r?: { ok?: boolean; error?: string }) => {
            if (err) reject(err);
            else if (!r?.ok) reject(new Error(r?.error ?? 'refused'));
            else resolve();
          });
        }),
      onMessage: (cb) => {
        s.on('message', (m: { content: string }) => cb(m.content));
      },
    };
  });

  const specs: Array<{ mode: 'max' | 'rate'; rate?: number }> = [{ mode: 'max' }];
  if (oursHalf?.targetRate) specs.push({ mode: 'rate', rate: oursHalf.targetRate });
  const runs: PeerRun[] = [];
  for (const spec of specs) {
    const cpu = new CpuMeter(servers);
    const redis = new RedisMeter();
    let cpuReport: CpuReport | undefined;
    let redisPerSec = 0;
    const res = await runWorkload({
      label: `socket.io ${spec.mode === 'max' ? 'max rate' : `${fmt(spec.rate!, 0)} msg/s`}`,
      endpoints,
      mode: spec.mode,
      rate: spec.rate,
      window,
      warmupMs: warmupSec * 1000,
      durationMs: durationSec * 1000,
      drainMs: 15_000,
      onWindowStart: async () => {
        await cpu.begin();
        await redis.begin();
      },
      onWindowEnd: async () => {
        cpuReport = await cpu.end();
        redisPerSec = (await redis.end()).perSec;
      },
    });
    runs.push({
      mode: spec.mode,
      targetRate: spec.rate ?? null,
      msgsPerSec: res.msgsPerSec,
      p50Ms: res.latency.p50Ms,
      p95Ms: res.latency.p95Ms,
      p99Ms: res.latency.p99Ms,
      ackP99Ms: res.ackLatency.p99Ms,
      totals: res.totals,
      redisCommandsPerSec: redisPerSec,
      serverCpuUsPerMsg: serverCpuPerMsg(cpuReport!, 'peer-server', res.msgsPerSec),
      cpu: cpuReport!,
    });
    console.log(`  socket.io ${spec.mode}: ${fmt(res.msgsPerSec, 0)} msg/s delivered, p50 ${fmt(res.latency.p50Ms)} / p99 ${fmt(res.latency.p99Ms)} ms, lost ${res.totals.lost}`);
  }
  await closeSockets();
  await Promise.all(servers.map((s) => s.stop()));
  await cleanup();

  const theirs = runs[0]!;
  const ratio = theirs.msgsPerSec > 0 ? round(oursMax.msgsPerSec / theirs.msgsPerSec, 2) : NaN;
  const cores = (c: CpuReport | undefined, prefix: string) => fmt(c?.processes.filter((p) => p.name.startsWith(prefix)).reduce((a, p) => a + p.cores, 0) ?? NaN, 2);
  const rows: Array<Array<string | number>> = [
    ['ours: gateway WebSocket (persists to Postgres)', 'max', oursMax.msgsPerSec, oursMax.p50Ms, oursMax.p95Ms, oursMax.p99Ms, fmt(oursMax.serverCpuUsPerMsg, 0), cores(oursMax.cpu, '1to1-gate'), cores(oursMax.cpu, 'load generator'), cores(oursMax.cpu, 'redis'), cores(oursMax.cpu, 'postgres'), cores(oursMax.cpu, 'everything else'), pct(oursMax.cpu.machineBusy)],
  ];
  if (oursHalf) rows.push(['ours: gateway WebSocket', `fixed ${fmt(oursHalf.targetRate ?? 0, 0)}/s`, oursHalf.msgsPerSec, oursHalf.p50Ms, oursHalf.p95Ms, oursHalf.p99Ms, fmt(oursHalf.serverCpuUsPerMsg, 0), cores(oursHalf.cpu, '1to1-gate'), cores(oursHalf.cpu, 'load generator'), cores(oursHalf.cpu, 'redis'), cores(oursHalf.cpu, 'postgres'), cores(oursHalf.cpu, 'everything else'), pct(oursHalf.cpu.machineBusy)]);
  for (const r of runs) rows.push([`theirs: ${PEER_NAME}`, r.mode === 'max' ? 'max' : `fixed ${fmt(r.targetRate ?? 0, 0)}/s`, r.msgsPerSec, r.p50Ms, r.p95Ms, r.p99Ms, fmt(r.serverCpuUsPerMsg, 0), cores(r.cpu, 'peer-server'), cores(r.cpu, 'load generator'), cores(r.cpu, 'redis'), cores(r.cpu, 'postgres'), cores(r.cpu, 'everything else'), pct(r.cpu.machineBusy)]);
  const markdown = [
    `### 1:1 vs a peer — ${pairs} pairs on 2 server processes, window ${window}, ${durationSec} s measured`,
    '',
    table(['system', 'load', 'delivered msg/s', 'p50 ms', 'p95 ms', 'p99 ms', 'server CPU µs/msg', 'server cores', 'generator cores', 'redis cores', 'pg cores', 'other work cores', 'machine busy'], rows),
    '',
    `**ours ÷ theirs (delivered msg/s at max): ${fmt(ratio, 2)}×** (target ≥ 1.5×). Ours sequences, deduplicates, authorizes, rate-limits, appends to durable per-user inboxes and persists every message to Postgres; the peer only relays (room per user, emit to the recipient's and the sender's rooms, ack to the sender).`,
    SHARED_MACHINE_NOTE,
  ].join('\n');
  const result: PeerResult = {
    name: 'peer',
    quick: o.quick,
    machine: await machineInfo(),
    setup: { servers: 2, pairs, window, durationSec, warmupSec },
    ours: {
      msgsPerSec: oursMax.msgsPerSec,
      p50Ms: oursMax.p50Ms,
      p99Ms: oursMax.p99Ms,
      serverCpuUsPerMsg: oursMax.serverCpuUsPerMsg,
      persisted: oursMax.persisted.ok,
      ...(oursHalf ? { halfRate: { rate: oursHalf.targetRate ?? 0, p50Ms: oursHalf.p50Ms, p99Ms: oursHalf.p99Ms } } : {}),
    },
    peer: { name: PEER_NAME, msgsPerSec: theirs.msgsPerSec, p50Ms: theirs.p50Ms, p99Ms: theirs.p99Ms, serverCpuUsPerMsg: theirs.serverCpuUsPerMsg, runs },
    ratio,
    markdown,
  };
  writeResult('peer', result, markdown);
  return result;
}
