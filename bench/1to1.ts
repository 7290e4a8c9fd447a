import type { TransportName } from '../client/index.js';
import type { Options } from './lib/args.js';
import { clientFor, endpointOf, startCluster, startClients } from './lib/ours.js';
import { CpuMeter, machineBusyShare, type CpuReport } from './lib/procs.js';
import { profileMarkdown, startProfiles, stopProfiles, type ProfileSummary } from './lib/profile.js';
import { CEILINGS, RedisMeter, SHARED_MACHINE_NOTE, fmt, machineInfo, pct, table, writeResult } from './lib/report.js';
import { seedFriendships, seedUsers } from './lib/seed.js';
import { round } from './lib/stats.js';
import { runWorkload, type WorkloadResult } from './lib/workload.js';

export interface OneToOnePhase {
  transport: TransportName;
  /** How sends travel: over the WebSocket itself, or POST /v1/messages. */
  sendPath: 'ws' | 'POST /v1/messages';
  mode: 'max' | 'rate';
  targetRate: number | null;
  msgsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  ackP50Ms: number;
  ackP99Ms: number;
  pairs: number;
  window: number;
  totals: WorkloadResult['totals'];
  persisted: { expected: number; stored: number; ok: boolean; writerDrainMs: number };
  redis: { commandsPerSec: number; commandsPerMessage: number; ofPipelinedCeiling: number };
  /** CPU the gateway's processes (gates, writer) spent per delivered message, µs. */
  serverCpuUsPerMsg: number;
  cpu: CpuReport;
  generatorLoopLag: WorkloadResult['generatorLoopLag'];
  firstError?: string;
}

export interface OneToOneResult {
  name: '1to1';
  quick: boolean;
  machine: Awaited<ReturnType<typeof machineInfo>>;
  machineBusyBeforeRun: number;
  setup: {
    gates: number;
    writer: 'inline' | 'separate';
    pairs: number;
    window: number;
    warmupSec: number;
    durationSec: number;
    contentBytes: number;
  };
  phases: OneToOnePhase[];
  profiles?: Record<string, ProfileSummary>;
  markdown: string;
}

const SEND_PATH: Record<TransportName, OneToOnePhase['sendPath']> = {
  ws: 'ws',
  sse: 'POST /v1/messages',
  longpoll: 'POST /v1/messages',
};

/**
 * 1:1 messaging over two gate processes: `pairs` pairs of client-library clients, the two users of
 * a pair on different gates (every message crosses gates through Redis), each sending to the
 * other. Per transport: at the maximal rate (each client keeps `window` sends in flight), and for
 * WebSocket also at half that rate (latency at a sustainable load). Every message must end up in
 * Postgres: the count is checked once the writer has drained the log.
 */
export async function run(o: Options): Promise<OneToOneResult> {
  const r = await measure(o, { name: '1to1' });
  writeResult('1to1', r, r.markdown);
  return r;
}

/** The measurement without writing results (the peer comparison runs our WebSocket side with it). */
export async function measure(
  o: Options,
  as: { name: string; transports?: TransportName[]; half?: boolean },
): Promise<OneToOneResult> {
  const pairs = o.num('pairs', 40, 100);
  const window = o.num('window', 2, 2);
  const durationSec = o.num('duration', 6, 30);
  const warmupSec = o.num('warmup', 2, 5);
  const contentBytes = o.num('content-bytes', 100, 100);
  const writer = o.str('writer', 'inline', 'inline') as 'inline' | 'separate';
  const transports =
    as.transports ??
    (o
      .str('transports', 'ws,sse,longpoll', 'ws,sse,longpoll')
      .split(',')
      .map((s) => s.trim()) as TransportName[]);
  const fixedRate = o.get('rate') ? Number(o.get('rate')) : null;
  const half = (as.half ?? true) && !o.flag('no-half') && fixedRate === null;
  const profile = o.flag('profile');

  console.log(
    `\n## ${as.name} — ${pairs} pairs on 2 gates, writer ${writer}, ${durationSec} s per phase (+${warmupSec} s warm-up)`,
  );
  const quietBefore = await machineBusyShare(1000);
  if (quietBefore > 0.15)
    console.log(
      `  note: the machine was ${pct(quietBefore)} busy before the run started (other work shares these cores)`,
    );
  const cluster = await startCluster({ gates: 2, writer, name: '1to1' });
  const phases: OneToOnePhase[] = [];
  const profiles: Record<string, ProfileSummary> = {};

  for (const transport of transports) {
    const users = await seedUsers(cluster.db.sql, pairs * 2, `p${transport.slice(0, 2)}`);
    const pairList = Array.from({ length: pairs }, (_, i) => [users[2 * i]!, users[2 * i + 1]!] as const);
    await seedFriendships(cluster.db.sql, pairList);
    // The two users of pair i sit on different gates.
    const clients = users.map((u, k) => clientFor(cluster.gates[(Math.floor(k / 2) + (k % 2)) % 2]!.url, u, transport));
    const closeClients = await startClients(clients, transport);
    const endpoints = users.map((_, k) => endpointOf(clients[k]!, users[k % 2 === 0 ? k + 1 : k - 1]!));

    const runs: Array<{ mode: 'max' | 'rate'; rate?: number }> =
      fixedRate !== null ? [{ mode: 'rate', rate: fixedRate }] : [{ mode: 'max' }];
    for (let r = 0; r < runs.length; r++) {
      const spec = runs[r]!;
      const label = `${transport} ${spec.mode === 'max' ? 'max rate' : `${fmt(spec.rate!, 0)} msg/s`}`;
      const before = await cluster.storedMessages();
      const cpu = new CpuMeter(cluster.procs, cluster.pgBackends);
      const redis = new RedisMeter();
      let cpuReport: CpuReport | undefined;
      let redisReport: Awaited<ReturnType<RedisMeter['end']>> | undefined;
      const profiling = profile && transport === 'ws' && r === 0;
      const res = await runWorkload({
        label,
        endpoints,
        mode: spec.mode,
        rate: spec.rate,
        window,
        warmupMs: warmupSec * 1000,
        durationMs: durationSec * 1000,
        drainMs: 15_000,
        contentBytes,
        onWindowStart: async () => {
          await cpu.begin();
          await redis.begin();
          if (profiling) await startProfiles(cluster.procs);
        },
        onWindowEnd: async () => {
          cpuReport = await cpu.end();
          redisReport = await redis.end();
          if (profiling)
            Object.assign(profiles, await stopProfiles(cluster.procs, spec.mode === 'max' ? 'ws-max' : 'ws-rate'));
        },
      });
      const drainMs = await cluster.drained(60_000);
      const stored = (await cluster.storedMessages()) - before;
      const expected = res.totals.acked;
      const phase: OneToOnePhase = {
        transport,
        sendPath: SEND_PATH[transport],
        mode: spec.mode,
        targetRate: spec.rate ?? null,
        msgsPerSec: res.msgsPerSec,
        p50Ms: res.latency.p50Ms,
        p95Ms: res.latency.p95Ms,
        p99Ms: res.latency.p99Ms,
        maxMs: res.latency.maxMs,
        ackP50Ms: res.ackLatency.p50Ms,
        ackP99Ms: res.ackLatency.p99Ms,
        pairs,
        window,
        totals: res.totals,
        persisted: {
          expected,
          stored,
          ok: stored >= expected && stored - expected <= res.totals.sendErrors,
          writerDrainMs: Math.round(drainMs),
        },
        redis: {
          commandsPerSec: redisReport?.perSec ?? 0,
          commandsPerMessage: res.acksPerSec > 0 ? round((redisReport?.perSec ?? 0) / res.acksPerSec, 1) : 0,
          ofPipelinedCeiling: redisReport?.ofPipelinedCeiling ?? 0,
        },
        serverCpuUsPerMsg: serverCpuPerMsg(cpuReport!, '1to1-', res.msgsPerSec),
        cpu: cpuReport!,
        generatorLoopLag: res.generatorLoopLag,
        ...(res.firstError ? { firstError: res.firstError } : {}),
      };
      phases.push(phase);
      console.log(
        `  ${label}: ${fmt(phase.msgsPerSec, 0)} msg/s delivered, p50 ${fmt(phase.p50Ms)} / p95 ${fmt(phase.p95Ms)} / p99 ${fmt(phase.p99Ms)} ms, ` +
          `persisted ${stored}/${expected}${phase.persisted.ok ? '' : ' (MISMATCH)'}, lost ${res.totals.lost}, errors ${res.totals.sendErrors}`,
      );
      // WebSocket at half the maximal rate: the latency of a load the gates sustain.
      if (half && transport === 'ws' && spec.mode === 'max' && phase.msgsPerSec > 0)
        runs.push({ mode: 'rate', rate: Math.round(phase.msgsPerSec / 2) });
    }
    await closeClients();
  }

  const machine = await machineInfo();
  const markdown = render(phases, { pairs, window, writer, durationSec, profiles });
  await cluster.close();
  return {
    name: '1to1',
    quick: o.quick,
    machine,
    machineBusyBeforeRun: round(quietBefore, 3),
    setup: { gates: 2, writer, pairs, window, warmupSec, durationSec, contentBytes },
    phases,
    ...(Object.keys(profiles).length ? { profiles } : {}),
    markdown,
  };
}

/** Redis load of the busiest WebSocket row against the ceilings of the performance notes. */
function redisLine(phases: OneToOnePhase[]): string {
  const p = phases.find((x) => x.transport === 'ws' && x.mode === 'max') ?? phases[0];
  if (!p) return '';
  return (
    `Redis commands/s at ${p.transport} ${p.mode === 'max' ? 'max' : `${fmt(p.targetRate ?? 0, 0)}/s`}: ${fmt(p.redis.commandsPerSec, 0)} ` +
    `(${pct(p.redis.ofPipelinedCeiling)} of the ${fmt(CEILINGS.redisXaddPipelinedOps, 0)} ops/s pipelined XADD ceiling, ` +
    `${pct(p.redis.commandsPerSec / CEILINGS.redisXaddUnpipelinedOps)} of the ${fmt(CEILINGS.redisXaddUnpipelinedOps, 0)} ops/s unpipelined one; commands run inside Lua scripts count).`
  );
}

/** CPU of the processes whose name starts with `prefix`, per delivered message (µs). */
export function serverCpuPerMsg(cpu: CpuReport, prefix: string, msgsPerSec: number): number {
  const coresUsed = cpu.processes.filter((p) => p.name.startsWith(prefix)).reduce((a, p) => a + p.cores, 0);
  return msgsPerSec > 0 ? Math.round((coresUsed * 1e6) / msgsPerSec) : NaN;
}

export function render(
  phases: OneToOnePhase[],
  s: { pairs: number; window: number; writer: string; durationSec: number; profiles?: Record<string, ProfileSummary> },
): string {
  const cores = (p: OneToOnePhase, name: string) =>
    fmt(p.cpu?.processes.find((x) => x.name.startsWith(name))?.cores ?? NaN, 2);
  const lines = [
    `### 1:1 messaging — ${s.pairs} pairs across 2 gates (writer ${s.writer}), ${s.durationSec} s measured per row`,
    '',
    table(
      [
        'transport (send path)',
        'load',
        'delivered msg/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'ack p99 ms',
        'persisted',
        'Redis cmds/msg',
        'gateway CPU µs/msg',
        'gate a / b cores',
        'generator cores',
        'redis / pg cores',
        'other work cores',
        'machine busy',
      ],
      phases.map((p) => [
        `${p.transport} (${p.sendPath})`,
        p.mode === 'max' ? `max (window ${p.window})` : `fixed ${fmt(p.targetRate ?? 0, 0)}/s`,
        p.msgsPerSec,
        p.p50Ms,
        p.p95Ms,
        p.p99Ms,
        p.ackP99Ms,
        `${p.persisted.stored}/${p.persisted.expected}${p.persisted.ok ? ' ✓' : ' ✗'}`,
        p.redis.commandsPerMessage,
        fmt(p.serverCpuUsPerMsg, 0),
        `${cores(p, '1to1-gate-a')} / ${cores(p, '1to1-gate-b')}`,
        cores(p, 'load generator'),
        `${cores(p, 'redis')} / ${cores(p, 'postgres')}`,
        cores(p, 'everything else'),
        p.cpu ? pct(p.cpu.machineBusy) : '–',
      ]),
    ),
    '',
    redisLine(phases),
    `Latency is send-to-receive on the generator's clock (both clients live in it). "cores" = CPU seconds per second of the measured window. ${SHARED_MACHINE_NOTE}`,
  ];
  for (const [name, prof] of Object.entries(s.profiles ?? {})) lines.push('', profileMarkdown(name, prof));
  return lines.join('\n');
}
