/**
 * Benchmarks of the gateway. Usage:
 *
 *   npm run bench:quick                      every benchmark but peer in quick mode (< 10 min), writes bench/results/quick.json
 *   npm run bench -- all                     every benchmark in full mode
 *   npm run bench -- 1to1 --duration 30      one benchmark (1to1, many, group, idle, writer, http, peer), full mode
 *   npm run bench -- idle --quick            one benchmark in quick mode
 *
 * See bench/README.md for every option. All load is on loopback; every run stops by itself, and
 * kills the processes, drops the databases and deletes the Redis keys it made, even on error.
 */
import { parseArgs, withQuick, type Options } from './lib/args.js';
import { runMain } from './lib/cleanup.js';
import { fmt, machineInfo, pct, table, writeResult } from './lib/report.js';
import { machineBusyShare } from './lib/procs.js';

type Bench = (o: Options) => Promise<unknown>;

const BENCHES: Record<string, () => Promise<Bench>> = {
  '1to1': async () => (await import('./1to1.js')).run,
  group: async () => (await import('./group.js')).run,
  idle: async () => (await import('./idle.js')).run,
  writer: async () => (await import('./writer.js')).run,
  http: async () => (await import('./http.js')).run,
  peer: async () => (await import('./peer.js')).run,
  many: async () => (await import('./many.js')).run,
};
const ORDER = ['writer', '1to1', 'many', 'peer', 'group', 'idle', 'http'];
// The quick suite leaves out `peer` (1:1 pairs vs Socket.IO): `many` measures Socket.IO on the
// many-users workload, and the summary's `peer` comes from there.
const QUICK_ORDER = ORDER.filter((n) => n !== 'peer');

const { positional, options } = parseArgs(process.argv.slice(2));
const command = positional[0] ?? 'quick';

if (command === 'help' || options.flag('help')) {
  console.log(
    `usage: tsx bench/run.ts quick|all|${ORDER.join('|')} [--quick] [--duration s] [...]  (see bench/README.md)`,
  );
  process.exit(0);
}

const names = command === 'quick' ? QUICK_ORDER : command === 'all' ? ORDER : positional;
for (const n of names) {
  if (!BENCHES[n]) {
    console.error(`unknown benchmark "${n}": use quick, all or one of ${ORDER.join(', ')}`);
    process.exit(2);
  }
}

// The whole run's deadline: the quick suite is meant to take under 10 minutes.
const deadlineMs = Number(options.get('deadline') ?? (command === 'quick' ? 10 * 60 : 60 * 60)) * 1000;

await runMain(async () => {
  const quick = command === 'quick' || options.quick;
  const started = Date.now();
  const results: Record<string, unknown> = {};
  const quietMs = Number(options.get('wait-quiet') ?? (quick ? 5 : 60)) * 1000;
  for (const n of names) {
    await waitQuiet(quietMs);
    const t0 = Date.now();
    results[n] = await (await BENCHES[n]!())(withQuick(options, quick));
    console.log(`# ${n} took ${fmt((Date.now() - t0) / 1000, 0)} s`);
  }
  if (names.length > 1) await writeSummary(command === 'quick' ? 'quick' : 'all', results, quick, Date.now() - started);
}, deadlineMs);

/**
 * Other work on the machine skews every figure: before each benchmark, wait (up to `maxMs`) for the
 * cores to be mostly idle for two seconds running, and say how busy they were.
 */
async function waitQuiet(maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  let busy = await machineBusyShare(1000);
  let calm = 0;
  while (Date.now() < deadline) {
    calm = busy < 0.25 ? calm + 1 : 0;
    if (calm >= 2) return;
    busy = await machineBusyShare(1000);
  }
  if (busy >= 0.25)
    console.log(`# note: the machine is ${pct(busy)} busy with other work; figures will be lower and noisier`);
}

/** The suite's summary: the headline figure of each benchmark in one file and one table. */
async function writeSummary(name: string, r: Record<string, any>, quick: boolean, ms: number): Promise<void> {
  const machine = await machineInfo();
  const summary = {
    name,
    quick,
    seconds: Math.round(ms / 1000),
    machine,
    oneToOne: (r['1to1']?.phases ?? []).map((p: any) => ({
      transport: p.transport,
      mode: p.mode,
      targetRate: p.targetRate,
      msgsPerSec: p.msgsPerSec,
      p50Ms: p.p50Ms,
      p95Ms: p.p95Ms,
      p99Ms: p.p99Ms,
      serverCpuUsPerMsg: p.serverCpuUsPerMsg,
      persisted: p.persisted.ok,
    })),
    manyUsers: (r.many?.manyUsers ?? []).map((x: any) => ({
      senders: x.senders,
      receivers: x.receivers,
      mode: x.mode,
      targetRate: x.targetRate,
      msgsPerSec: x.msgsPerSec,
      p50Ms: x.p50Ms,
      p99Ms: x.p99Ms,
      gateCpuUsPerMsg: x.gateCpuUsPerMsg,
      postgresCpuUsPerMsg: x.postgresCpuUsPerMsg,
      redisCpuUsPerMsg: x.redisCpuUsPerMsg,
      generatorCpuUsPerMsg: x.generatorCpuUsPerMsg,
      persisted: x.persisted.ok,
    })),
    peerHttp: (r.many?.peerHttp ?? []).map((x: any) => ({
      ours: x.ours,
      peer: x.peer,
      peerTransport: x.peerTransport,
      oursMsgsPerSec: x.oursMsgsPerSec,
      peerMsgsPerSec: x.peerMsgsPerSec,
      ratio: x.ratio,
      rounds: x.rounds,
    })),
    // The WebSocket peer on the many-users workload (ours ÷ Socket.IO); the 1:1 `peer` benchmark's when only that ran.
    peer: r.many?.peerWs
      ? {
          name: r.many.peerWs.name,
          workload: 'many users',
          rounds: r.many.peerWs.rounds,
          msgsPerSec: r.many.peerWs.peerMsgsPerSec,
          p50Ms: r.many.peerWs.peerP50Ms,
          p99Ms: r.many.peerWs.peerP99Ms,
          serverCpuUsPerMsg: r.many.peerWs.peerServerCpuUsPerMsg,
          ours: {
            msgsPerSec: r.many.peerWs.oursMsgsPerSec,
            p50Ms: r.many.peerWs.oursP50Ms,
            p99Ms: r.many.peerWs.oursP99Ms,
            serverCpuUsPerMsg: r.many.peerWs.oursServerCpuUsPerMsg,
          },
          ratio: r.many.peerWs.ratio,
        }
      : r.peer
        ? {
            name: r.peer.peer.name,
            workload: '1:1 pairs',
            rounds: r.peer.setup.rounds,
            msgsPerSec: r.peer.peer.msgsPerSec,
            p50Ms: r.peer.peer.p50Ms,
            p99Ms: r.peer.peer.p99Ms,
            serverCpuUsPerMsg: r.peer.peer.serverCpuUsPerMsg,
            ours: r.peer.ours,
            ratio: r.peer.ratio,
            cpuEfficiencyRatio: r.peer.cpuEfficiencyRatio,
            cpuPerMsg: r.peer.cpuPerMsg,
          }
        : null,
    group: r.group
      ? {
          members: r.group.members,
          online: r.group.online,
          p50Ms: r.group.lastMember.p50Ms,
          p99Ms: r.group.lastMember.p99Ms,
          repeats: r.group.repeats,
        }
      : null,
    idle: r.idle
      ? {
          connections: r.idle.headline.connections,
          transport: r.idle.headline.transport,
          heapPerConnBytes: r.idle.headline.heapPerConnBytes,
          rssPerConnBytes: r.idle.headline.rssPerConnBytes,
          byTransport: r.idle.phases.map((p: any) => ({
            transport: p.transport,
            connections: p.connections,
            heapPerConnBytes: p.heapPerConnBytes,
            rssPerConnBytes: p.rssPerConnBytes,
          })),
        }
      : null,
    writer: r.writer
      ? {
          rowsPerSec: r.writer.headline.rowsPerSec,
          batchSize: r.writer.headline.batchSize,
          logShards: r.writer.headline.logShards,
          ofCeiling: r.writer.headline.ofCeiling,
        }
      : null,
    http: r.http
      ? r.http.routes.map((x: any) => ({
          route: x.route,
          reqPerSec: x.reqPerSec,
          p50Ms: x.p50Ms,
          p99Ms: x.p99Ms,
          errors: x.errors,
        }))
      : null,
  };
  const rows: Array<Array<string | number>> = [];
  for (const p of summary.oneToOne)
    rows.push([
      `1:1 ${p.transport} ${p.mode === 'max' ? 'max' : `@${fmt(p.targetRate, 0)}/s`}`,
      `${fmt(p.msgsPerSec, 0)} msg/s`,
      `p50 ${fmt(p.p50Ms)} / p99 ${fmt(p.p99Ms)} ms`,
      `${p.persisted ? 'all persisted' : 'persist MISMATCH'}; gateway CPU ${fmt(p.serverCpuUsPerMsg, 0)} µs/msg`,
    ]);
  for (const p of summary.manyUsers)
    rows.push([
      `many users ${p.senders} → ${p.receivers} ${p.mode === 'max' ? 'max' : `@${fmt(p.targetRate, 0)}/s`}`,
      `${fmt(p.msgsPerSec, 0)} msg/s`,
      `p50 ${fmt(p.p50Ms)} / p99 ${fmt(p.p99Ms)} ms`,
      `${p.persisted ? 'all persisted' : 'persist MISMATCH'}; gates ${fmt(p.gateCpuUsPerMsg, 0)}, postgres ${fmt(p.postgresCpuUsPerMsg, 0)} µs/msg`,
    ]);
  for (const p of summary.peerHttp)
    rows.push([
      `peer (many users): ${p.peer} ${p.peerTransport}`,
      `${fmt(p.peerMsgsPerSec, 0)} msg/s`,
      `ours ${p.ours} ${fmt(p.oursMsgsPerSec, 0)} msg/s`,
      `ours/theirs = ${fmt(p.ratio, 2)}× (${p.rounds} rounds)`,
    ]);
  if (summary.peer)
    rows.push([
      `peer (${summary.peer.workload}): ${summary.peer.name}`,
      `${fmt(summary.peer.msgsPerSec, 0)} msg/s`,
      `p99 ${fmt(summary.peer.p99Ms)} ms`,
      `ours/theirs = ${fmt(summary.peer.ratio, 2)}× (ours ${fmt(summary.peer.ours.msgsPerSec, 0)} msg/s; server CPU ours ${fmt(summary.peer.ours.serverCpuUsPerMsg, 0)} vs theirs ${fmt(summary.peer.serverCpuUsPerMsg, 0)} µs/msg)`,
    ]);
  if (summary.group)
    rows.push([
      `group of ${summary.group.members}, ${summary.group.online} online`,
      'last member',
      `p50 ${fmt(summary.group.p50Ms)} / p99 ${fmt(summary.group.p99Ms)} ms`,
      `${summary.group.repeats} repeats`,
    ]);
  if (summary.idle)
    for (const p of summary.idle.byTransport)
      rows.push([
        `idle ${p.transport}`,
        `${fmt(p.connections, 0)} connections`,
        `heap ${fmt(p.heapPerConnBytes / 1024, 2)} KiB/conn`,
        `RSS ${fmt(p.rssPerConnBytes / 1024, 2)} KiB/conn`,
      ]);
  if (summary.writer)
    rows.push([
      'writer',
      `${fmt(summary.writer.rowsPerSec, 0)} rows/s`,
      `batch ${summary.writer.batchSize}, ${summary.writer.logShards} shard(s)`,
      `${fmt(summary.writer.ofCeiling * 100)} % of the unnest ceiling`,
    ]);
  for (const h of summary.http ?? [])
    rows.push([
      `http ${h.route}`,
      `${fmt(h.reqPerSec, 0)} req/s`,
      `p50 ${fmt(h.p50Ms)} / p99 ${fmt(h.p99Ms)} ms`,
      h.errors ? `${h.errors} errors` : '',
    ]);
  const md = [
    `## Benchmark summary (${quick ? 'quick' : 'full'} mode, ${summary.seconds} s) — ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, Redis ${machine.redis}, Postgres ${machine.postgres}`,
    '',
    table(['benchmark', 'figure', 'latency / detail', 'note'], rows),
    '',
    machine.note,
  ].join('\n');
  writeResult(name, { ...summary, markdown: md }, md);
}
