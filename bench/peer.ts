import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { io as connectIo, type Socket } from 'socket.io-client';
import type { Options } from './lib/args.js';
import { serverCpuPerMsg } from './1to1.js';
import { clientFor, endpointOf, startCluster, startClients } from './lib/ours.js';
import { CpuMeter, spawnProc, type CpuReport, type Proc } from './lib/procs.js';
import { SHARED_MACHINE_NOTE, fmt, machineInfo, pct, table, writeResult } from './lib/report.js';
import { seedFriendships, seedUsers } from './lib/seed.js';
import { benchPrefix, REDIS_URL } from './lib/stores.js';
import { onCleanup } from './lib/cleanup.js';
import { pool, round } from './lib/stats.js';
import { runWorkload, type Endpoint, type WorkloadResult } from './lib/workload.js';

type System = 'ours' | 'theirs';

export interface PeerRun {
  system: System;
  round: number;
  mode: 'max' | 'rate';
  targetRate: number | null;
  msgsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  ackP99Ms: number;
  totals: WorkloadResult['totals'];
  /** CPU the system's server processes spent per delivered message, µs. */
  serverCpuUsPerMsg: number;
  cpu: CpuReport;
}

interface Side {
  name: string;
  msgsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  serverCpuUsPerMsg: number;
}

export interface CpuPerMsg {
  server: number;
  generator: number;
  redis: number;
  postgres: number;
  total: number;
}

export interface PeerResult {
  name: 'peer';
  quick: boolean;
  machine: Awaited<ReturnType<typeof machineInfo>>;
  setup: { servers: number; pairs: number; window: number; rounds: number; secondsPerRound: number; warmupSec: number };
  /** Medians over the rounds at the maximal rate. */
  ours: Side & { persisted: boolean; halfRate?: { rate: number; p50Ms: number; p99Ms: number } };
  peer: Side & { halfRate?: { rate: number; p50Ms: number; p99Ms: number } };
  /** Our WebSocket delivered msgs/s ÷ the peer's (medians at the maximum). */
  ratio: number;
  /** The peer's server CPU per message ÷ ours: above 1 means we spend less CPU per message. */
  cpuEfficiencyRatio: number;
  runs: PeerRun[];
  markdown: string;
}

const PEER_NAME = 'Socket.IO 4 + @socket.io/redis-streams-adapter';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};

/**
 * The same 1:1 workload on our gateway (WebSocket, persisting to Postgres) and on Socket.IO with the
 * Redis Streams adapter (2 server processes each, same Redis, same machine, same pair and window
 * counts; socket.io-client over WebSocket only). Both systems are up at once and measured in
 * alternating rounds (ours, theirs, ours, theirs, …), so load from elsewhere on the machine falls on
 * both alike; the medians give ours ÷ theirs.
 */
/** A Socket.IO client of the peer server as `userId`, over one transport only; resolves once connected. */
export async function connectSocketIo(
  url: string,
  transport: 'websocket' | 'polling',
  userId: string,
): Promise<Socket> {
  const s = connectIo(url, { transports: [transport], auth: { userId }, forceNew: true, reconnectionDelay: 200 });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('a socket.io client did not connect within 15 s')), 15_000);
    s.once('connect', () => {
      clearTimeout(t);
      resolve();
    });
  });
  return s;
}

export async function run(o: Options): Promise<PeerResult> {
  const pairs = o.num('pairs', 40, 100);
  const window = o.num('window', 2, 2);
  const rounds = o.num('rounds', 2, 3);
  const secondsPerRound = o.num('duration', 5, 10);
  const warmupSec = o.num('warmup', 1, 2);
  const halfRate = !o.flag('no-half') && !o.quick;

  console.log(
    `\n## peer — ours vs ${PEER_NAME}: ${pairs} pairs on 2 server processes each, ${rounds} alternating rounds of ${secondsPerRound} s`,
  );

  // Ours: two gates, the writer inline in gate a, client-library clients over WebSocket.
  const cluster = await startCluster({ gates: 2, writer: 'inline', name: 'peer-ours' });
  const users = await seedUsers(cluster.db.sql, pairs * 2, 'pp');
  await seedFriendships(
    cluster.db.sql,
    Array.from({ length: pairs }, (_, i) => [users[2 * i]!, users[2 * i + 1]!] as const),
  );
  const clients = users.map((u, k) => clientFor(cluster.gates[(Math.floor(k / 2) + (k % 2)) % 2]!.url, u, 'ws'));
  const closeClients = await startClients(clients, 'ws');
  const oursEndpoints = users.map((_, k) => endpointOf(clients[k]!, users[k % 2 === 0 ? k + 1 : k - 1]!));

  // Theirs: two Socket.IO servers on the same Redis, the same number of clients, paired the same way.
  const { prefix, cleanup } = benchPrefix();
  const servers: Proc[] = [];
  for (let i = 0; i < 2; i++) {
    servers.push(
      await spawnProc({
        name: `peer-server-${String.fromCharCode(97 + i)}`,
        script: 'bench/peer/server.ts',
        env: { REDIS_URL, PEER_PREFIX: prefix, NODE_ENV: 'production' },
      }),
    );
  }
  const tag = randomBytes(3).toString('hex');
  const userIds = Array.from({ length: pairs * 2 }, (_, k) => `peer${tag}_${k}`);
  const sockets: Socket[] = [];
  const closeSockets = onCleanup('close socket.io clients', () => sockets.forEach((s) => s.close()));
  await pool(userIds, 50, async (userId, k) => {
    sockets[k] = await connectSocketIo(servers[(Math.floor(k / 2) + (k % 2)) % 2]!.url, 'websocket', userId);
  });
  const theirsEndpoints: Endpoint[] = userIds.map((_, k) => {
    const s = sockets[k]!;
    const peer = userIds[k % 2 === 0 ? k + 1 : k - 1]!;
    return {
      send: (content) =>
        new Promise<void>((resolve, reject) => {
          s.timeout(60_000).emit(
            'send',
            { to: peer, content },
            (err: Error | null, r?: { ok?: boolean; error?: string }) => {
              if (err) reject(err);
              else if (!r?.ok) reject(new Error(r?.error ?? 'refused'));
              else resolve();
            },
          );
        }),
      onMessage: (cb) => {
        s.on('message', (m: { content: string }) => cb(m.content));
      },
    };
  });

  const runs: PeerRun[] = [];
  const measureOnce = async (
    system: System,
    r: number,
    spec: { mode: 'max' | 'rate'; rate?: number },
  ): Promise<PeerRun> => {
    // Our writer drains the persistence log (every shard) before anyone's round starts, so neither
    // system's round shares the cores with the writer storing the previous round of ours.
    await cluster.drained(60_000);
    const procs = system === 'ours' ? cluster.procs : servers;
    const cpu = new CpuMeter(procs, system === 'ours' ? cluster.pgBackends : undefined);
    let cpuReport: CpuReport | undefined;
    const res = await runWorkload({
      label: `${system} ${spec.mode === 'max' ? 'max rate' : `${fmt(spec.rate!, 0)} msg/s`}${spec.mode === 'max' ? ` round ${r + 1}/${rounds}` : ''}`,
      endpoints: system === 'ours' ? oursEndpoints : theirsEndpoints,
      mode: spec.mode,
      rate: spec.rate,
      window,
      warmupMs: warmupSec * 1000,
      durationMs: secondsPerRound * 1000,
      drainMs: 15_000,
      onWindowStart: async () => void (await cpu.begin()),
      onWindowEnd: async () => void (cpuReport = await cpu.end()),
    });
    const run: PeerRun = {
      system,
      round: r,
      mode: spec.mode,
      targetRate: spec.rate ?? null,
      msgsPerSec: res.msgsPerSec,
      p50Ms: res.latency.p50Ms,
      p95Ms: res.latency.p95Ms,
      p99Ms: res.latency.p99Ms,
      ackP99Ms: res.ackLatency.p99Ms,
      totals: res.totals,
      serverCpuUsPerMsg: serverCpuPerMsg(cpuReport!, system === 'ours' ? 'peer-ours-' : 'peer-server', res.msgsPerSec),
      cpu: cpuReport!,
    };
    console.log(
      `  ${system} ${spec.mode}: ${fmt(run.msgsPerSec, 0)} msg/s, p50 ${fmt(run.p50Ms)} / p99 ${fmt(run.p99Ms)} ms, server CPU ${fmt(run.serverCpuUsPerMsg, 0)} µs/msg, lost ${res.totals.lost}`,
    );
    runs.push(run);
    return run;
  };

  const before = await cluster.storedMessages();
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so neither always follows the other's tail.
    const order: System[] = r % 2 === 0 ? ['ours', 'theirs'] : ['theirs', 'ours'];
    for (const system of order) await measureOnce(system, r, { mode: 'max' });
  }
  const maxOf = (s: System) => runs.filter((x) => x.system === s && x.mode === 'max');
  const side = (s: System, name: string): Side => ({
    name,
    msgsPerSec: Math.round(median(maxOf(s).map((x) => x.msgsPerSec))),
    p50Ms: round(median(maxOf(s).map((x) => x.p50Ms))),
    p99Ms: round(median(maxOf(s).map((x) => x.p99Ms))),
    serverCpuUsPerMsg: Math.round(median(maxOf(s).map((x) => x.serverCpuUsPerMsg))),
  });
  const ours = side('ours', 'gateway WebSocket');
  const theirs = side('theirs', PEER_NAME);
  let oursHalf: PeerRun | undefined;
  let theirsHalf: PeerRun | undefined;
  if (halfRate && ours.msgsPerSec > 0) {
    // Latency at equal, sustainable load: half of our maximum, on both.
    const rate = Math.round(ours.msgsPerSec / 2);
    oursHalf = await measureOnce('ours', 0, { mode: 'rate', rate });
    theirsHalf = await measureOnce('theirs', 0, { mode: 'rate', rate });
  }
  await cluster.drained(60_000);
  const stored = (await cluster.storedMessages()) - before;
  const acked = runs.filter((x) => x.system === 'ours').reduce((a, x) => a + x.totals.acked, 0);
  const oursErrors = runs.filter((x) => x.system === 'ours').reduce((a, x) => a + x.totals.sendErrors, 0);

  await closeSockets();
  await closeClients();
  await Promise.all(servers.map((s) => s.stop()));
  await cleanup();
  await cluster.close();

  const ratio = theirs.msgsPerSec > 0 ? round(ours.msgsPerSec / theirs.msgsPerSec, 2) : NaN;
  const cpuEfficiencyRatio =
    ours.serverCpuUsPerMsg > 0 ? round(theirs.serverCpuUsPerMsg / ours.serverCpuUsPerMsg, 2) : NaN;
  const coresOf = (c: CpuReport, prefix: string) =>
    c.processes.filter((p) => p.name.startsWith(prefix)).reduce((a, p) => a + p.cores, 0);
  const cores = (c: CpuReport, prefix: string) => fmt(coresOf(c, prefix), 2);
  // Where the CPU of one delivered message went, per system (medians over its max-rate rounds): on a
  // saturated shared machine, throughput is roughly the cores available over the total.
  const perMsg = (sys: System): CpuPerMsg => {
    const us = (prefix: string) =>
      Math.round(
        median(maxOf(sys).map((r) => (r.msgsPerSec > 0 ? (coresOf(r.cpu, prefix) * 1e6) / r.msgsPerSec : NaN))),
      );
    const part = {
      server: us(sys === 'ours' ? 'peer-ours-' : 'peer-server'),
      generator: us('load generator'),
      redis: us('redis'),
      postgres: us('postgres'),
    };
    return { ...part, total: part.server + part.generator + part.redis + part.postgres };
  };
  const cpuPerMsg = { ours: perMsg('ours'), theirs: perMsg('theirs') };
  const outsideGate = cpuPerMsg.ours.generator + cpuPerMsg.ours.redis + cpuPerMsg.ours.postgres;
  const label = (r: PeerRun) =>
    r.system === 'ours' ? 'ours: gateway WebSocket (persists to Postgres)' : `theirs: ${PEER_NAME}`;
  const markdown = [
    `### 1:1 vs a peer — ${pairs} pairs on 2 server processes each, window ${window}, ${rounds} alternating rounds of ${secondsPerRound} s`,
    '',
    table(
      [
        'system',
        'load',
        'delivered msg/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'server CPU µs/msg',
        'server cores',
        'generator cores',
        'redis cores',
        'pg cores',
        'other work cores',
        'machine busy',
      ],
      runs.map((r) => [
        label(r),
        r.mode === 'max' ? `max, round ${r.round + 1}` : `fixed ${fmt(r.targetRate ?? 0, 0)}/s`,
        r.msgsPerSec,
        r.p50Ms,
        r.p95Ms,
        r.p99Ms,
        fmt(r.serverCpuUsPerMsg, 0),
        cores(r.cpu, r.system === 'ours' ? 'peer-ours-' : 'peer-server'),
        cores(r.cpu, 'load generator'),
        cores(r.cpu, 'redis'),
        cores(r.cpu, 'postgres'),
        cores(r.cpu, 'everything else'),
        pct(r.cpu.machineBusy),
      ]),
    ),
    '',
    `**ours ÷ theirs, delivered msg/s at max (medians): ${fmt(ratio, 2)}×** (${fmt(ours.msgsPerSec, 0)} vs ${fmt(theirs.msgsPerSec, 0)}; target ≥ 1.5×). ` +
      `Server CPU per message: ours ${fmt(ours.serverCpuUsPerMsg, 0)} µs, theirs ${fmt(theirs.serverCpuUsPerMsg, 0)} µs (theirs ÷ ours = ${fmt(cpuEfficiencyRatio, 2)}). ` +
      `Our messages in Postgres: ${stored}/${acked}${stored >= acked && stored - acked <= oursErrors ? ' ✓' : ' ✗'}.`,
    '',
    'CPU per delivered message at max, µs (medians), by where it was spent:',
    '',
    table(
      ['system', 'server processes', 'load generator (client library)', 'redis', 'postgres', 'total'],
      (['ours', 'theirs'] as const).map((sys) => {
        const c = cpuPerMsg[sys];
        return [sys === 'ours' ? 'ours' : 'theirs', c.server, c.generator, c.redis, c.postgres, c.total];
      }),
    ),
    '',
    `Everything shares ${os.cpus().length} cores, so delivered msg/s is about the cores over the total. For 1.5× theirs, ours would have to spend at most ` +
      `${fmt(cpuPerMsg.theirs.total / 1.5, 0)} µs per message in all; outside its gate processes alone (our client library in the generator, Redis, Postgres) it spends ${fmt(outsideGate, 0)} µs.`,
    '',
    "Ours sequences, deduplicates, authorizes, rate-limits, appends to durable per-user inboxes and persists every message to Postgres; the peer only relays (room per user, emit to the recipient's room and the sender's other sockets, ack to the sender).",
    SHARED_MACHINE_NOTE,
  ].join('\n');
  const result: PeerResult = {
    name: 'peer',
    quick: o.quick,
    machine: await machineInfo(),
    setup: { servers: 2, pairs, window, rounds, secondsPerRound, warmupSec },
    ours: {
      ...ours,
      persisted: stored >= acked && stored - acked <= oursErrors,
      ...(oursHalf
        ? { halfRate: { rate: oursHalf.targetRate ?? 0, p50Ms: oursHalf.p50Ms, p99Ms: oursHalf.p99Ms } }
        : {}),
    },
    peer: {
      ...theirs,
      ...(theirsHalf
        ? { halfRate: { rate: theirsHalf.targetRate ?? 0, p50Ms: theirsHalf.p50Ms, p99Ms: theirsHalf.p99Ms } }
        : {}),
    },
    ratio,
    cpuEfficiencyRatio,
    runs,
    markdown,
  };
  writeResult('peer', result, markdown);
  return result;
}
