import { randomBytes } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { connectSocketIo } from './peer.js';
import type { Options } from './lib/args.js';
import { onCleanup } from './lib/cleanup.js';
import { startCluster } from './lib/ours.js';
import { profileMarkdown, startProfiles, stopProfiles } from './lib/profile.js';
import { CpuMeter, machineBusyShare, spawnProc, type CpuReport, type PgBackends, type Proc } from './lib/procs.js';
import {
  nchanEventSource,
  nchanLongPoll,
  nchanPublisher,
  openAll,
  oursLongPoll,
  oursPoster,
  oursSse,
  oursWs,
} from './lib/raw.js';
import { SHARED_MACHINE_NOTE, fmt, machineInfo, pct, table, writeResult } from './lib/report.js';
import { seedFriendships, seedUsers } from './lib/seed.js';
import { benchPrefix, REDIS_URL } from './lib/stores.js';
import { pool, round, waitFor } from './lib/stats.js';
import { runWorkload, type Endpoint, type WorkloadResult } from './lib/workload.js';
import { nchanMissing, nchanSubscribers, startNchan } from './peer/nchan.js';

type SendKind = 'ws' | 'http';
type RecvKind = 'ws' | 'sse' | 'longpoll';
type Mode = 'max' | 'rate';
type PeerName = 'socketio-ws' | 'socketio-polling' | 'nchan-longpoll' | 'nchan-eventsource';

export interface ManyUsersRow {
  senders: SendKind;
  receivers: RecvKind;
  mode: Mode;
  targetRate: number | null;
  msgsPerSec: number;
  acksPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** CPU of both gates per delivered message, µs (gate a's includes the writer's unless `--writer separate`). */
  gateCpuUsPerMsg: number;
  /** CPU of the Postgres backends of the benchmark database per delivered message, µs. */
  postgresCpuUsPerMsg: number;
  redisCpuUsPerMsg: number;
  generatorCpuUsPerMsg: number;
  totals: WorkloadResult['totals'];
  /** Acknowledged sends must all be stored; sends without an answer in time may be stored too. */
  persisted: { expected: number; sent: number; stored: number; ok: boolean };
  /** Each gate's CPU per delivered message, µs (gate a also runs the writer, unless it runs apart). */
  gateAUsPerMsg: number;
  gateBUsPerMsg: number;
  /** The writer process's CPU per delivered message, µs, when it runs apart (`--writer separate`). */
  writerUsPerMsg: number | null;
  cpu: CpuReport;
}

export interface PeerRoundRun {
  system: 'ours' | PeerName;
  /** Our pairing measured against it (ours rows), or the peer's. */
  transport: string;
  round: number;
  msgsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** The server processes' CPU per delivered message (gates; Socket.IO servers; nginx), µs. */
  serverCpuUsPerMsg: number;
  generatorCpuUsPerMsg: number;
  redisCpuUsPerMsg: number;
  postgresCpuUsPerMsg: number;
  lost: number;
  sendErrors: number;
  cpu: CpuReport;
}

export interface PeerHttpRow {
  ours: 'longpoll' | 'sse';
  peer: 'nchan-redis' | 'socketio-polling';
  /** The peer's subscriber transport. */
  peerTransport: 'longpoll' | 'eventsource' | 'polling';
  oursMsgsPerSec: number;
  peerMsgsPerSec: number;
  /** ours ÷ peer (medians over the rounds). */
  ratio: number;
  rounds: number;
  oursServerCpuUsPerMsg: number;
  peerServerCpuUsPerMsg: number;
}

export interface PeerWs {
  name: string;
  rounds: number;
  oursMsgsPerSec: number;
  peerMsgsPerSec: number;
  ratio: number;
  oursP50Ms: number;
  oursP99Ms: number;
  peerP50Ms: number;
  peerP99Ms: number;
  oursServerCpuUsPerMsg: number;
  peerServerCpuUsPerMsg: number;
}

export interface ManyResult {
  name: 'many';
  quick: boolean;
  machine: Awaited<ReturnType<typeof machineInfo>>;
  machineBusyBeforeRun: number;
  setup: {
    senders: number;
    receivers: number;
    window: number;
    rate: number;
    warmupSec: number;
    durationSec: number;
    peerRounds: number;
    peerSecondsPerRound: number;
    contentBytes: number;
    sendersGate: 'a' | 'b';
    layout: 'split' | 'crossed';
    writer: 'inline in gate a' | 'separate';
  };
  manyUsers: ManyUsersRow[];
  /** WebSocket: ours ÷ Socket.IO 4 + redis-streams adapter on this workload. */
  peerWs: PeerWs | null;
  peerHttp: PeerHttpRow[];
  peerRuns: PeerRoundRun[];
  skipped: string[];
  markdown: string;
}

const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};

const coresOf = (c: CpuReport, prefix: string) =>
  c.processes.filter((p) => p.name.startsWith(prefix)).reduce((a, p) => a + p.cores, 0);
const usPerMsg = (c: CpuReport, prefix: string, msgsPerSec: number) =>
  msgsPerSec > 0 ? Math.round((coresOf(c, prefix) * 1e6) / msgsPerSec) : NaN;

/**
 * Many users: `senders` distinct users, each writing to its own distinct receiver (that many direct
 * conversations, friendships seeded), the senders on gate a (where the writer runs inline) and the
 * receivers on gate b. Senders use a WebSocket or POST /v1/messages; receivers a WebSocket, SSE or
 * long-poll. At the maximum (each sender keeps `window` messages in flight) and at a fixed open-loop
 * rate. Only the receiver hearing a message counts as its delivery. Then the same workload against
 * peers (Socket.IO over WebSocket and over long-polling, Nchan with Redis over long-poll and
 * EventSource), ours and theirs in alternating rounds.
 */
export async function run(o: Options): Promise<ManyResult> {
  const n = o.num('senders', 200, 200);
  const window = o.num('window', 8, 8);
  const rate = o.num('rate', 2000, 2000);
  const durationSec = o.num('duration', 5, 20);
  const warmupSec = o.num('warmup', 2, 5);
  const peerRounds = o.num('rounds', 2, 3);
  const peerSeconds = o.num('peer-duration', 4, 10);
  const peerWarmup = o.num('peer-warmup', 1, 3);
  const contentBytes = o.num('content-bytes', 100, 100);
  const sendersGate = o.str('senders-gate', 'a', 'a') === 'b' ? 'b' : 'a';
  // split: every sender on one gate, every receiver on the other; crossed: sender i on gate i % 2,
  // its receiver on the other (each gate takes half the sends and half the deliveries).
  const layout = o.str('layout', 'split', 'split') === 'crossed' ? 'crossed' : 'split';
  // `--writer separate`: the writer in a process of its own (as a deployment runs `npm run writer`),
  // so the gates' CPU is theirs alone.
  const writer = o.str('writer', 'inline', 'inline') === 'separate' ? 'separate' : 'inline';
  const writerText = writer === 'separate' ? 'writer in its own process' : 'writer inline in gate a';
  const pairings = o
    .str('pairings', 'ws-ws,http-sse,http-longpoll,ws-sse', 'ws-ws,http-sse,http-longpoll,ws-sse')
    .split(',')
    .filter(Boolean)
    .map((s) => {
      const [senders, receivers] = s.trim().split('-') as [SendKind, RecvKind];
      return { senders, receivers };
    });
  // CPU profiles of our gates over each measured window (bench/results/*.cpuprofile, summarised on the console).
  const profile = o.flag('profile');
  const modes = o.str('modes', 'max,rate', 'max,rate').split(',').filter(Boolean) as Mode[];
  const peers = (
    o.str('peers', 'socketio-ws,nchan,socketio-polling', 'socketio-ws,nchan,socketio-polling') === 'none'
      ? ''
      : o.str('peers', 'socketio-ws,nchan,socketio-polling', 'socketio-ws,nchan,socketio-polling')
  )
    .split(',')
    .filter(Boolean);

  console.log(
    `\n## many — ${n} senders on gate ${layout === 'crossed' ? 'a and b' : sendersGate} → ${n} receivers on gate ${layout === 'crossed' ? 'b and a' : sendersGate === 'a' ? 'b' : 'a'} (${writerText}), window ${window} / ${fmt(rate, 0)} msg/s, ${durationSec} s per row (+${warmupSec} s warm-up); peers: ${peers.join(', ') || 'none'}, ${peerRounds} alternating rounds of ${peerSeconds} s`,
  );
  const quietBefore = await machineBusyShare(1000);
  const cluster = await startCluster({ gates: 2, writer, name: 'many' });
  const sIdx = sendersGate === 'a' ? 0 : 1;
  const sGate = (i: number) => cluster.gates[layout === 'crossed' ? (sIdx + i) % 2 : sIdx]!;
  const rGate = (i: number) => cluster.gates[layout === 'crossed' ? (sIdx + i + 1) % 2 : 1 - sIdx]!;
  const users = await seedUsers(cluster.db.sql, 2 * n, 'mu');
  const senders = users.slice(0, n);
  const receivers = users.slice(n);
  await seedFriendships(
    cluster.db.sql,
    senders.map((s, i) => [s, receivers[i]!] as const),
  );
  const senderIdx = Array.from({ length: n }, (_, i) => i);
  const recipientOf = (i: number) => i + n;

  /** Opens our receivers, then our senders; endpoints 0..n-1 send, n..2n-1 receive. */
  const openOurs = async (s: SendKind, r: RecvKind) => {
    const recv = await openAll(n, (i) =>
      r === 'ws'
        ? oursWs(rGate(i).url, receivers[i]!)
        : r === 'sse'
          ? oursSse(rGate(i).url, receivers[i]!)
          : oursLongPoll(rGate(i).url, receivers[i]!),
    );
    const send = await openAll(n, (i) =>
      s === 'ws'
        ? oursWs(sGate(i).url, senders[i]!, receivers[i])
        : oursPoster(sGate(i).url, senders[i]!, receivers[i]!, window),
    );
    return {
      endpoints: [...send.clients, ...recv.clients] as Endpoint[],
      close: async () => {
        await send.close();
        await recv.close();
      },
    };
  };

  const measure = async (
    label: string,
    endpoints: Endpoint[],
    procs: Proc[],
    pg: PgBackends | undefined,
    mode: Mode,
    warmup: number,
    seconds: number,
  ) => {
    const cpu = new CpuMeter(procs, pg);
    let report: CpuReport | undefined;
    const res = await runWorkload({
      label,
      endpoints,
      senders: senderIdx,
      recipientOf,
      mode,
      rate: mode === 'rate' ? rate : undefined,
      window,
      warmupMs: warmup * 1000,
      durationMs: seconds * 1000,
      drainMs: 15_000,
      contentBytes,
      onWindowStart: async () => {
        await cpu.begin();
        if (profile && procs === cluster.procs) await startProfiles(procs);
      },
      onWindowEnd: async () => {
        report = await cpu.end();
        if (profile && procs === cluster.procs)
          for (const [name, summary] of Object.entries(
            await stopProfiles(procs, `many-${label.split(' ')[0]!.replace('→', '-')}-${mode}`),
          ))
            console.log(profileMarkdown(name, summary));
      },
    });
    return { res, cpu: report! };
  };

  // 1. Ours, every pairing, at the maximum and at the fixed rate.
  const rows: ManyUsersRow[] = [];
  for (const p of pairings) {
    const conns = await openOurs(p.senders, p.receivers);
    for (const mode of modes) {
      await cluster.drained(60_000);
      const before = await cluster.storedMessages();
      const label = `${p.senders}→${p.receivers} ${mode === 'max' ? `max (window ${window})` : `${fmt(rate, 0)} msg/s`}`;
      const { res, cpu } = await measure(
        label,
        conns.endpoints,
        cluster.procs,
        cluster.pgBackends,
        mode,
        warmupSec,
        durationSec,
      );
      await cluster.drained(60_000);
      const stored = (await cluster.storedMessages()) - before;
      const row: ManyUsersRow = {
        senders: p.senders,
        receivers: p.receivers,
        mode,
        targetRate: mode === 'rate' ? rate : null,
        msgsPerSec: res.msgsPerSec,
        acksPerSec: res.acksPerSec,
        p50Ms: res.latency.p50Ms,
        p95Ms: res.latency.p95Ms,
        p99Ms: res.latency.p99Ms,
        gateCpuUsPerMsg: usPerMsg(cpu, 'many-gate', res.msgsPerSec),
        postgresCpuUsPerMsg: usPerMsg(cpu, 'postgres', res.msgsPerSec),
        redisCpuUsPerMsg: usPerMsg(cpu, 'redis', res.msgsPerSec),
        generatorCpuUsPerMsg: usPerMsg(cpu, 'load generator', res.msgsPerSec),
        totals: res.totals,
        persisted: {
          expected: res.totals.acked,
          sent: res.totals.sent,
          stored,
          ok: stored >= res.totals.acked && stored <= res.totals.sent,
        },
        gateAUsPerMsg: usPerMsg(cpu, 'many-gate-a', res.msgsPerSec),
        gateBUsPerMsg: usPerMsg(cpu, 'many-gate-b', res.msgsPerSec),
        writerUsPerMsg: writer === 'separate' ? usPerMsg(cpu, 'many-writer', res.msgsPerSec) : null,
        cpu,
      };
      rows.push(row);
      console.log(
        `  ${label}: ${fmt(row.msgsPerSec, 0)} msg/s delivered, p50 ${fmt(row.p50Ms)} / p99 ${fmt(row.p99Ms)} ms, gates ${fmt(row.gateCpuUsPerMsg, 0)} µs/msg, ` +
          `postgres ${fmt(row.postgresCpuUsPerMsg, 0)} µs/msg, generator ${fmt(row.generatorCpuUsPerMsg, 0)} µs/msg, persisted ${stored}/${res.totals.acked}, lost ${res.totals.lost}, errors ${res.totals.sendErrors}${res.firstError ? ` (${res.firstError})` : ''}`,
      );
    }
    await conns.close();
  }

  // 2. Peers, alternating rounds with ours on the same workload.
  const skipped: string[] = [];
  const peerRuns: PeerRoundRun[] = [];
  const { prefix, cleanup } = benchPrefix();
  const tag = randomBytes(3).toString('hex');
  const spawnSio = async (transports: 'websocket' | 'polling') => {
    const servers: Proc[] = [];
    for (let i = 0; i < 2; i++)
      servers.push(
        await spawnProc({
          name: `many-sio-${transports}-${String.fromCharCode(97 + i)}`,
          script: 'bench/peer/server.ts',
          env: {
            REDIS_URL,
            PEER_PREFIX: `${prefix}${transports}:`,
            PEER_TRANSPORTS: transports,
            NODE_ENV: 'production',
          },
        }),
      );
    return servers;
  };
  const openSio = async (servers: Proc[], transports: 'websocket' | 'polling') => {
    const sockets: Socket[] = [];
    const close = onCleanup('close socket.io clients', () => sockets.forEach((s) => s.close()));
    const ids = Array.from({ length: 2 * n }, (_, k) => `sio${tag}_${k}`);
    // Receivers first, on server b; then senders, on server a.
    const order = [...ids.keys()].slice(n).concat([...ids.keys()].slice(0, n));
    await pool(order, 25, async (k) => {
      sockets[k] = await connectSocketIo(servers[k < n ? 0 : 1]!.url, transports, ids[k]!);
    });
    const endpoints: Endpoint[] = ids.map((_, k) => {
      const s = sockets[k]!;
      return {
        send: (content) =>
          new Promise<void>((resolve, reject) => {
            s.timeout(60_000).emit(
              'send',
              { to: ids[recipientOf(k)], content },
              (err: Error | null, r?: { ok?: boolean; error?: string }) => {
                if (err) reject(err);
                else if (!r?.ok) reject(new Error(r?.error ?? 'refused'));
                else resolve();
              },
            );
          }),
        onMessage: (cb) => void s.on('message', (m: { content: string }) => cb(m.content)),
      };
    });
    return { endpoints, close };
  };

  type Contender = {
    system: 'ours' | PeerName;
    transport: string;
    serverPrefix: string;
    procs: () => Proc[];
    /** Opens the connections of one round (or returns the ones kept open); closes them with `done`. */
    open(round: number): Promise<{ endpoints: Endpoint[]; done(): Promise<void> }>;
  };

  const measureRound = async (c: Contender, r: number): Promise<PeerRoundRun> => {
    // Our writer drains the persistence log (every shard) before anyone's round starts.
    await cluster.drained(60_000);
    const conns = await c.open(r);
    const { res, cpu } = await measure(
      `${c.system} ${c.transport} round ${r + 1}/${peerRounds}`,
      conns.endpoints,
      c.procs(),
      cluster.pgBackends,
      'max',
      peerWarmup,
      peerSeconds,
    );
    await conns.done();
    const run: PeerRoundRun = {
      system: c.system,
      transport: c.transport,
      round: r,
      msgsPerSec: res.msgsPerSec,
      p50Ms: res.latency.p50Ms,
      p99Ms: res.latency.p99Ms,
      serverCpuUsPerMsg: usPerMsg(cpu, c.serverPrefix, res.msgsPerSec),
      generatorCpuUsPerMsg: usPerMsg(cpu, 'load generator', res.msgsPerSec),
      redisCpuUsPerMsg: usPerMsg(cpu, 'redis', res.msgsPerSec),
      postgresCpuUsPerMsg: usPerMsg(cpu, 'postgres', res.msgsPerSec),
      lost: res.totals.lost,
      sendErrors: res.totals.sendErrors,
      cpu,
    };
    peerRuns.push(run);
    console.log(
      `  ${c.system} ${c.transport} round ${r + 1}: ${fmt(run.msgsPerSec, 0)} msg/s, p50 ${fmt(run.p50Ms)} / p99 ${fmt(run.p99Ms)} ms, server CPU ${fmt(run.serverCpuUsPerMsg, 0)} µs/msg, generator ${fmt(run.generatorCpuUsPerMsg, 0)} µs/msg, lost ${run.lost}, errors ${run.sendErrors}${res.firstError ? ` (${res.firstError})` : ''}`,
    );
    return run;
  };

  /** Ours (a pairing, connections kept open over the rounds) as a contender. */
  const oursContender = async (s: SendKind, r: RecvKind): Promise<Contender & { close(): Promise<void> }> => {
    const conns = await openOurs(s, r);
    return {
      system: 'ours',
      transport: `${s}→${r}`,
      serverPrefix: 'many-gate',
      procs: () => cluster.procs,
      open: async () => ({ endpoints: conns.endpoints, done: async () => {} }),
      close: conns.close,
    };
  };

  /** Runs `rounds` alternating rounds of ours and the peers; returns the runs by system. */
  const compare = async (contenders: Contender[]) => {
    for (let r = 0; r < peerRounds; r++) {
      const order = r % 2 === 0 ? contenders : [...contenders].reverse();
      for (const c of order) await measureRound(c, r);
    }
  };
  const msgs = (x: PeerRoundRun) => x.msgsPerSec;
  const med = (system: string, transport: string, f: (x: PeerRoundRun) => number) =>
    round(median(peerRuns.filter((x) => x.system === system && x.transport === transport).map(f)), f === msgs ? 0 : 2);

  /** One HTTP comparison row: our `oursTransport` rounds against the peer system's, medians. */
  const httpRow = (
    ours: PeerHttpRow['ours'],
    peer: PeerHttpRow['peer'],
    system: string,
    peerTransport: PeerHttpRow['peerTransport'],
  ): PeerHttpRow => {
    const oursName = `http→${ours}`;
    const o = med('ours', oursName, msgs);
    const pm = med(system, peerTransport, msgs);
    return {
      ours,
      peer,
      peerTransport,
      oursMsgsPerSec: o,
      peerMsgsPerSec: pm,
      ratio: pm > 0 ? round(o / pm, 2) : NaN,
      rounds: peerRounds,
      oursServerCpuUsPerMsg: med('ours', oursName, (x) => x.serverCpuUsPerMsg),
      peerServerCpuUsPerMsg: med(system, peerTransport, (x) => x.serverCpuUsPerMsg),
    };
  };

  let peerWs: PeerWs | null = null;
  const peerHttp: PeerHttpRow[] = [];
  const stops: Array<() => Promise<void>> = [];
  try {
    if (peers.includes('socketio-ws')) {
      const servers = await spawnSio('websocket');
      stops.push(async () => void (await Promise.all(servers.map((s) => s.stop()))));
      const sio = await openSio(servers, 'websocket');
      const ours = await oursContender('ws', 'ws');
      await compare([
        ours,
        {
          system: 'socketio-ws',
          transport: 'websocket',
          serverPrefix: 'many-sio-websocket',
          procs: () => servers,
          open: async () => ({ endpoints: sio.endpoints, done: async () => {} }),
        },
      ]);
      await ours.close();
      await sio.close();
      const om = med('ours', 'ws→ws', msgs);
      const pm = med('socketio-ws', 'websocket', msgs);
      peerWs = {
        name: 'Socket.IO 4 + @socket.io/redis-streams-adapter (WebSocket, 2 processes)',
        rounds: peerRounds,
        oursMsgsPerSec: om,
        peerMsgsPerSec: pm,
        ratio: pm > 0 ? round(om / pm, 2) : NaN,
        oursP50Ms: med('ours', 'ws→ws', (x) => x.p50Ms),
        oursP99Ms: med('ours', 'ws→ws', (x) => x.p99Ms),
        peerP50Ms: med('socketio-ws', 'websocket', (x) => x.p50Ms),
        peerP99Ms: med('socketio-ws', 'websocket', (x) => x.p99Ms),
        oursServerCpuUsPerMsg: med('ours', 'ws→ws', (x) => x.serverCpuUsPerMsg),
        peerServerCpuUsPerMsg: med('socketio-ws', 'websocket', (x) => x.serverCpuUsPerMsg),
      };
    }

    const missing = nchanMissing();
    const wantNchan = peers.includes('nchan');
    if (wantNchan && missing) {
      console.log(`  Nchan skipped: ${missing}`);
      skipped.push(`nchan: ${missing}`);
    }
    const wantPolling = peers.includes('socketio-polling');
    if ((wantNchan && !missing) || wantPolling) {
      // Long-poll: ours vs Nchan long-poll vs Socket.IO polling, in one set of alternating rounds.
      const nginx = wantNchan && !missing ? await startNchan({ redisUrl: REDIS_URL, prefix }) : null;
      if (nginx) stops.push(() => nginx.stop());
      const nchanContender = (kind: 'longpoll' | 'eventsource'): Contender => ({
        system: kind === 'longpoll' ? 'nchan-longpoll' : 'nchan-eventsource',
        transport: kind,
        serverPrefix: 'nchan-nginx',
        procs: () => [nginx!],
        open: async (r) => {
          // Fresh channels each round: a new subscriber must not be handed an earlier round's message.
          const ch = (i: number) => `${tag}r${r}${kind[0]}_${i}`;
          const subs = await openAll(n, (i) =>
            kind === 'longpoll' ? nchanLongPoll(nginx!.url, ch(i)) : nchanEventSource(nginx!.url, ch(i)),
          );
          const ok = await waitFor(
            async () =>
              (await Promise.all([0, n - 1].map((i) => nchanSubscribers(nginx!.url, ch(i))))).every((x) => x > 0),
            10_000,
            50,
          );
          if (!ok) throw new Error('Nchan subscribers did not register within 10 s');
          const pubs = await openAll(n, (i) => nchanPublisher(nginx!.url, ch(i), window));
          return {
            endpoints: [...pubs.clients, ...subs.clients],
            done: async () => {
              await pubs.close();
              await subs.close();
            },
          };
        },
      });
      const lp: Contender[] = [];
      let sioPoll: { close(): Promise<void> } | null = null;
      const ours = await oursContender('http', 'longpoll');
      lp.push(ours);
      if (nginx) lp.push(nchanContender('longpoll'));
      if (wantPolling) {
        const servers = await spawnSio('polling');
        stops.push(async () => void (await Promise.all(servers.map((s) => s.stop()))));
        const sio = await openSio(servers, 'polling');
        sioPoll = sio;
        lp.push({
          system: 'socketio-polling',
          transport: 'polling',
          serverPrefix: 'many-sio-polling',
          procs: () => servers,
          open: async () => ({ endpoints: sio.endpoints, done: async () => {} }),
        });
      }
      await compare(lp);
      await ours.close();
      await sioPoll?.close();
      if (nginx) peerHttp.push(httpRow('longpoll', 'nchan-redis', 'nchan-longpoll', 'longpoll'));
      if (wantPolling) peerHttp.push(httpRow('longpoll', 'socketio-polling', 'socketio-polling', 'polling'));
      if (nginx) {
        // SSE: ours vs Nchan EventSource.
        const oursSseC = await oursContender('http', 'sse');
        await compare([oursSseC, nchanContender('eventsource')]);
        await oursSseC.close();
        peerHttp.push(httpRow('sse', 'nchan-redis', 'nchan-eventsource', 'eventsource'));
      }
    }
  } finally {
    for (const s of stops.reverse()) await s();
    await cleanup();
  }

  const markdown = render(rows, peerWs, peerHttp, peerRuns, skipped, {
    n,
    window,
    rate,
    durationSec,
    peerRounds,
    peerSeconds,
    sendersGate: layout === 'crossed' ? 'a and b, crossed' : sendersGate,
    writerText,
  });
  await cluster.close();
  const result: ManyResult = {
    name: 'many',
    quick: o.quick,
    machine: await machineInfo(),
    machineBusyBeforeRun: round(quietBefore, 3),
    setup: {
      senders: n,
      receivers: n,
      window,
      rate,
      warmupSec,
      durationSec,
      peerRounds,
      peerSecondsPerRound: peerSeconds,
      contentBytes,
      sendersGate,
      layout,
      writer: writer === 'separate' ? 'separate' : 'inline in gate a',
    },
    manyUsers: rows,
    peerWs,
    peerHttp,
    peerRuns,
    skipped,
    markdown,
  };
  writeResult('many', result, markdown);
  return result;
}

function render(
  rows: ManyUsersRow[],
  peerWs: PeerWs | null,
  peerHttp: PeerHttpRow[],
  runs: PeerRoundRun[],
  skipped: string[],
  s: {
    n: number;
    window: number;
    rate: number;
    durationSec: number;
    peerRounds: number;
    peerSeconds: number;
    sendersGate: string;
    writerText: string;
  },
): string {
  const c = (r: { cpu: CpuReport }, prefix: string) => fmt(coresOf(r.cpu, prefix), 2);
  const lines = [
    `### Many users — ${s.n} senders (gate ${s.sendersGate}) → ${s.n} receivers (the other gate), ${s.n} direct conversations, ${s.writerText}, ${s.durationSec} s measured per row`,
    '',
    table(
      [
        'senders → receivers',
        'load',
        'delivered msg/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'gates CPU µs/msg',
        'postgres CPU µs/msg',
        'redis CPU µs/msg',
        'generator CPU µs/msg',
        'persisted',
        'lost',
        'gate a / b cores',
        'other work cores',
      ],
      rows.map((r) => [
        `${r.senders} → ${r.receivers}`,
        r.mode === 'max' ? `max (window ${s.window})` : `fixed ${fmt(r.targetRate ?? 0, 0)}/s`,
        r.msgsPerSec,
        r.p50Ms,
        r.p95Ms,
        r.p99Ms,
        fmt(r.gateCpuUsPerMsg, 0),
        fmt(r.postgresCpuUsPerMsg, 0),
        fmt(r.redisCpuUsPerMsg, 0),
        fmt(r.generatorCpuUsPerMsg, 0),
        `${r.persisted.stored}/${r.persisted.expected}${r.persisted.ok ? ' ✓' : ' ✗'}`,
        r.totals.lost,
        `${c(r, 'many-gate-a')} / ${c(r, 'many-gate-b')} (${fmt(r.gateAUsPerMsg, 0)} / ${fmt(r.gateBUsPerMsg, 0)} µs/msg)` +
          (r.writerUsPerMsg !== null ? `; writer ${c(r, 'many-writer')} (${fmt(r.writerUsPerMsg, 0)} µs/msg)` : ''),
        c(r, 'everything else'),
      ]),
    ),
    '',
    `Latency: from the start of the send to the receiver getting it (one clock: both ends live in the generator). Only the receiver counts. ${SHARED_MACHINE_NOTE}`,
  ];
  if (runs.length) {
    lines.push(
      '',
      `### Many users vs peers — same workload, ${s.peerRounds} alternating rounds of ${s.peerSeconds} s at the maximum (window ${s.window}), medians`,
      '',
      table(
        ['ours', 'peer', 'ours msg/s', 'peer msg/s', 'ours ÷ peer', 'server CPU µs/msg ours / peer'],
        [
          ...(peerWs
            ? [
                [
                  'WebSocket',
                  'Socket.IO 4 + redis-streams adapter, WebSocket',
                  peerWs.oursMsgsPerSec,
                  peerWs.peerMsgsPerSec,
                  `${fmt(peerWs.ratio, 2)}×`,
                  `${fmt(peerWs.oursServerCpuUsPerMsg, 0)} / ${fmt(peerWs.peerServerCpuUsPerMsg, 0)}`,
                ],
              ]
            : []),
          ...peerHttp.map((p) => [
            `POST → ${p.ours}`,
            p.peer === 'nchan-redis' ? `Nchan + Redis, POST → ${p.peerTransport}` : 'Socket.IO 4, long-polling only',
            p.oursMsgsPerSec,
            p.peerMsgsPerSec,
            `${fmt(p.ratio, 2)}×`,
            `${fmt(p.oursServerCpuUsPerMsg, 0)} / ${fmt(p.peerServerCpuUsPerMsg, 0)}`,
          ]),
        ],
      ),
      '',
      table(
        [
          'system',
          'transport',
          'round',
          'msg/s',
          'p50 ms',
          'p99 ms',
          'server µs/msg',
          'generator µs/msg',
          'redis µs/msg',
          'lost',
          'machine busy',
        ],
        runs.map((r) => [
          r.system,
          r.transport,
          r.round + 1,
          r.msgsPerSec,
          r.p50Ms,
          r.p99Ms,
          fmt(r.serverCpuUsPerMsg, 0),
          fmt(r.generatorCpuUsPerMsg, 0),
          fmt(r.redisCpuUsPerMsg, 0),
          r.lost,
          pct(r.cpu.machineBusy),
        ]),
      ),
      '',
      'The peers only relay (no persistence, sequencing, deduplication or authorization); ours persists every message to Postgres. Before every round our writer drains the persistence log (all shards).',
    );
  }
  for (const k of skipped) lines.push('', `Skipped: ${k}`);
  return lines.join('\n');
}
