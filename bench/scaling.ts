/**
 * Rewrites the tables of docs/SCALING.md from the latest benchmark results (`npm run scaling`).
 *
 * Reads bench/results/1to1.json, idle.json and writer.json (and group.json when present), takes the
 * cost of one message at each place (gate, Redis, writer, Postgres) and of one idle connection per
 * transport, and projects them onto the workload and hardware in ASSUMPTIONS. Nothing here is
 * measured at run time; the benchmarks measure, this only multiplies. Each table sits between
 * `<!-- scaling:NAME -->` and `<!-- /scaling:NAME -->` in the document.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { z } from 'zod';
import { loadConfig } from '../src/config.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { DEFAULT_MESSAGE_PARTITIONS } from '../src/store/partitions.js';

export type Transport = 'ws' | 'sse' | 'longpoll';
export const TRANSPORTS: readonly Transport[] = ['ws', 'sse', 'longpoll'];

const defaults = loadConfig({});
const GiB = 2 ** 30;

/** Everything the projection takes that no benchmark measures: the workload and the hardware. */
export interface Assumptions {
  /** Connected users at each step of the projection. */
  steps: number[];
  /** Messages sent per connected user per day (100 → 100M/day at 1M users). */
  messagesPerUserPerDay: number;
  /** The peak hour's rate as a multiple of the day's average rate. */
  peakFactor: number;
  /** Share of connected users on each transport; sends are taken to follow the same mix. */
  transportMix: Record<Transport, number>;
  /** Share of messages sent to groups; the rest are direct. */
  groupMessageShare: number;
  /** Members of the average group a group message goes to (the sender included). */
  meanGroupMembers: number;
  /** The largest group (the contract's limit the projection checks one message against). */
  largestGroup: number;
  /** Groups above this many recipients are fanned out on read (the gate's `GROUP_FANOUT_LIMIT` default). */
  groupFanoutLimit: number;
  /** Share of a group's members with a live connection when a message arrives. */
  groupOnlineShare: number;
  /** Cores and memory of one machine running gates (one gate process per core). */
  coresPerBox: number;
  memoryPerBoxBytes: number;
  /** Share of CPU / memory planned for at the peak; the rest is headroom (a box lost, a burst). */
  cpuTarget: number;
  memoryTarget: number;
  /** Open sockets one gate process may hold (its `nofile` limit, raised in production). */
  maxConnectionsPerGate: number;
  /** A Redis master uses one core for commands; memory it may fill with data. */
  redisMasterMemoryBytes: number;
  /** Redis memory per inbox event (a 100-byte text message), and the inbox bounds (the gateway's defaults). */
  redisBytesPerEvent: number;
  inboxMaxLen: number;
  inboxMaxAgeDays: number;
  /** Postgres primary cores; WAL bytes per message stored; how long messages are kept; rows per partition aimed at. */
  postgresCores: number;
  walBytesPerMessage: number;
  retentionDays: number;
  partitionTargetRows: number;
  /** How long a Postgres outage the Redis log must absorb (the failure table shows its memory). */
  postgresOutageSeconds: number;
}

export const ASSUMPTIONS: Assumptions = {
  steps: [10_000, 100_000, 1_000_000],
  messagesPerUserPerDay: 100,
  peakFactor: 10,
  transportMix: { ws: 0.6, sse: 0.3, longpoll: 0.1 },
  groupMessageShare: 0.2,
  meanGroupMembers: 20,
  largestGroup: 5_000,
  groupFanoutLimit: defaults.GROUP_FANOUT_LIMIT,
  groupOnlineShare: 0.1,
  coresPerBox: 8,
  memoryPerBoxBytes: 32 * GiB,
  cpuTarget: 0.5,
  memoryTarget: 0.7,
  maxConnectionsPerGate: 1_000_000,
  redisMasterMemoryBytes: 24 * GiB,
  // MEMORY USAGE of one inbox of 10,000 message events with 100-byte text, Redis 7.0.
  redisBytesPerEvent: 488,
  inboxMaxLen: defaults.INBOX_MAX_LEN,
  inboxMaxAgeDays: defaults.INBOX_MAX_AGE_DAYS,
  postgresCores: 16,
  // WAL per stored message, a measured figure (the row and its key, the conversation's last_seq, the sender's read marker).
  walBytesPerMessage: 914,
  retentionDays: 365,
  partitionTargetRows: 500_000_000,
  postgresOutageSeconds: 600,
};

/** The figures the projection multiplies, as read from the benchmark results. */
export interface Measured {
  /** Where each figure came from: file, mode and the machine's state. */
  sources: Array<{ file: string; quick: boolean; machine: string; otherWorkCores: number }>;
  /** CPU µs per delivered message, by place, per transport of the 1:1 benchmark at its maximal rate. */
  perMessage: Record<Transport, { gateUs: number; redisUs: number; postgresUs: number; msgsPerSec: number }>;
  /** Whether the 1:1 gates ran the writer inline (its share was then taken out of the gate figure). */
  writerInline: boolean;
  /** Writer benchmark at the default batch and shards: rows/s, and CPU µs per row of the writer, Postgres and Redis. */
  writer: { rowsPerSec: number; writerUs: number; postgresUs: number; redisUs: number; batch: number; shards: number };
  /** Idle connections per transport: heap and RSS bytes per connection, and how many were held. */
  idle: Record<Transport, { heapBytes: number; rssBytes: number; connections: number }>;
  /**
   * Group benchmark, when run: gate µs per online member's delivery, and Redis µs per message of the
   * largest group measured (above GROUP_FANOUT_LIMIT: one stream entry and one publish per message).
   */
  group: {
    members: number;
    online: number;
    gateUsPerOnline: number;
    largest: { members: number; redisUs: number } | null;
  } | null;
}

// ---- reading the results ----

const cpuReport = z.object({
  wallMs: z.number(),
  processes: z.array(z.object({ name: z.string(), cpuMs: z.number(), cores: z.number() })),
});
type CpuReport = z.infer<typeof cpuReport>;
const machine = z.object({ cpus: z.number(), cpuModel: z.string() });
const transport = z.enum(['ws', 'sse', 'longpoll']);

const oneToOneFile = z.object({
  quick: z.boolean(),
  machine,
  setup: z.object({ writer: z.enum(['inline', 'separate']) }),
  phases: z.array(z.object({ transport, mode: z.enum(['max', 'rate']), msgsPerSec: z.number(), cpu: cpuReport })),
});
const writerFile = z.object({
  quick: z.boolean(),
  machine,
  headline: z.object({ rowsPerSec: z.number(), batchSize: z.number(), logShards: z.number() }),
  runs: z.array(z.object({ batchSize: z.number(), logShards: z.number(), rows: z.number(), cpu: cpuReport })),
});
const idleFile = z.object({
  quick: z.boolean(),
  machine,
  phases: z.array(
    z.object({ transport, connections: z.number(), heapPerConnBytes: z.number(), rssPerConnBytes: z.number() }),
  ),
});
const groupFile = z.object({
  quick: z.boolean(),
  machine,
  members: z.number(),
  online: z.number(),
  repeats: z.number(),
  cpu: cpuReport,
  sizes: z.array(z.object({ members: z.number(), redisCpuUsPerMsg: z.number() })).optional(),
});

/** The command that writes each results file. */
export const REGENERATE: Record<string, string> = {
  '1to1': 'npm run bench -- 1to1 --quick',
  idle: 'npm run bench -- idle --quick',
  writer: 'npm run bench -- writer --quick',
  group: 'npm run bench -- group --quick',
};

function readResult<T>(dir: string, name: string, schema: z.ZodType<T>, required: true): T;
function readResult<T>(dir: string, name: string, schema: z.ZodType<T>, required: false): T | null;
function readResult<T>(dir: string, name: string, schema: z.ZodType<T>, required: boolean): T | null {
  const file = path.join(dir, `${name}.json`);
  if (!existsSync(file)) {
    if (!required) return null;
    throw new Error(`${path.relative(PROJECT_ROOT, file)} is missing: run \`${REGENERATE[name]}\` first`);
  }
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${path.relative(PROJECT_ROOT, file)} is not a ${name} result this script reads (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}); run \`${REGENERATE[name]}\` again`,
    );
  return parsed.data;
}

const cores = (cpu: CpuReport, prefix: string) =>
  cpu.processes.filter((p) => p.name.startsWith(prefix)).reduce((a, p) => a + p.cores, 0);
const cpuMs = (cpu: CpuReport, prefix: string) =>
  cpu.processes.filter((p) => p.name.startsWith(prefix)).reduce((a, p) => a + p.cpuMs, 0);
const machineName = (m: z.infer<typeof machine>) => `${m.cpus} × ${m.cpuModel}`;

/** The largest size a group result measured, with its Redis CPU per message. */
function largestSize(sizes: ReadonlyArray<{ members: number; redisCpuUsPerMsg: number }>) {
  const top = [...sizes].sort((x, y) => y.members - x.members)[0];
  return top ? { members: top.members, redisUs: top.redisCpuUsPerMsg } : null;
}

/** Reads the benchmark results in `dir`; throws naming the file and the command when one is missing. */
export function readMeasured(dir = path.join(PROJECT_ROOT, 'bench', 'results')): Measured {
  const missing = ['1to1', 'idle', 'writer'].filter((n) => !existsSync(path.join(dir, `${n}.json`)));
  if (missing.length)
    throw new Error(
      `missing in ${path.relative(PROJECT_ROOT, dir) || dir}: ${missing.map((n) => `${n}.json (\`${REGENERATE[n]}\`)`).join(', ')}`,
    );
  const one = readResult(dir, '1to1', oneToOneFile, true);
  const wr = readResult(dir, 'writer', writerFile, true);
  const idle = readResult(dir, 'idle', idleFile, true);
  const group = readResult(dir, 'group', groupFile, false);

  const run =
    wr.runs.find((r) => r.batchSize === wr.headline.batchSize && r.logShards === wr.headline.logShards) ?? wr.runs[0];
  if (!run) throw new Error(`bench/results/writer.json holds no run: run \`${REGENERATE.writer}\` again`);
  const perRow = (prefix: string) => (cpuMs(run.cpu, prefix) * 1000) / run.rows;
  const writer = {
    rowsPerSec: wr.headline.rowsPerSec,
    // The writer runs inside the benchmark process, which does nothing else while the log drains.
    writerUs: perRow('load generator'),
    postgresUs: perRow('postgres'),
    redisUs: perRow('redis'),
    batch: wr.headline.batchSize,
    shards: wr.headline.logShards,
  };

  const writerInline = one.setup.writer === 'inline';
  const perMessage = {} as Measured['perMessage'];
  for (const t of TRANSPORTS) {
    const p = one.phases.find((x) => x.transport === t && x.mode === 'max');
    if (!p || p.msgsPerSec <= 0)
      throw new Error(`bench/results/1to1.json has no ${t} run at the maximal rate: run \`${REGENERATE['1to1']}\``);
    const us = (prefix: string) => (cores(p.cpu, prefix) * 1e6) / p.msgsPerSec;
    // An inline writer stores every message once inside gate a: its measured cost per row is not the gate's.
    const gateUs = us('1to1-gate') - (writerInline ? writer.writerUs : 0);
    perMessage[t] = {
      gateUs: Math.max(0, gateUs),
      redisUs: us('redis'),
      postgresUs: us('postgres'),
      msgsPerSec: p.msgsPerSec,
    };
  }

  const idleBy = {} as Measured['idle'];
  for (const t of TRANSPORTS) {
    const p = idle.phases.find((x) => x.transport === t);
    if (!p || p.connections <= 0)
      throw new Error(`bench/results/idle.json has no ${t} phase: run \`${REGENERATE.idle}\``);
    idleBy[t] = { heapBytes: p.heapPerConnBytes, rssBytes: p.rssPerConnBytes, connections: p.connections };
  }

  const other = (cpu: CpuReport) => cores(cpu, 'everything else');
  const ws = one.phases.find((x) => x.transport === 'ws' && x.mode === 'max')!;
  const sources: Measured['sources'] = [
    { file: '1to1.json', quick: one.quick, machine: machineName(one.machine), otherWorkCores: other(ws.cpu) },
    { file: 'idle.json', quick: idle.quick, machine: machineName(idle.machine), otherWorkCores: 0 },
    { file: 'writer.json', quick: wr.quick, machine: machineName(wr.machine), otherWorkCores: other(run.cpu) },
  ];
  let groupFigures: Measured['group'] = null;
  if (group) {
    groupFigures = {
      members: group.members,
      online: group.online,
      gateUsPerOnline: (cpuMs(group.cpu, 'group-gate') * 1000) / (group.repeats * group.online),
      largest: largestSize(group.sizes ?? []),
    };
    sources.push({
      file: 'group.json',
      quick: group.quick,
      machine: machineName(group.machine),
      otherWorkCores: other(group.cpu),
    });
  }
  return { sources, perMessage, writerInline, writer, idle: idleBy, group: groupFigures };
}

// ---- the projection ----

export interface Step {
  users: number;
  messagesPerDay: number;
  peakMessagesPerSec: number;
  inboxAppendsPerSec: number;
  gate: {
    cores: number;
    memoryBytes: number;
    byCpu: number;
    byMemory: number;
    byConnections: number;
    processes: number;
    boxes: number;
    binding: string;
  };
  redis: { cores: number; memoryBytes: number; byCpu: number; byMemory: number; masters: number; binding: string };
  writers: { count: number; rowsPerSec: number; cores: number };
  postgres: {
    cores: number;
    ofPrimary: number;
    walBytesPerSec: number;
    walBytesPerDay: number;
    rowsKept: number;
    partitions: number;
  };
  /** With one gate box, one Redis master, one writer and one Postgres primary: each resource's load ÷ its limit, highest first. */
  pressure: Array<{ resource: string; ratio: number }>;
}

export interface Projection {
  /** CPU µs per message at each place, weighted by the transport mix (a direct message). */
  direct: { gateUs: number; redisUs: number; writerUs: number; postgresUs: number };
  /** Inbox appends and live deliveries per message, averaged over direct and group messages. */
  appendsPerMessage: number;
  deliveriesPerMessage: number;
  /**
   * Cost of one more member's inbox append in a group fanned out on write (Redis: half a 1:1 message,
   * which appends two inboxes) and of one more online member's delivery (gate).
   */
  perExtraMember: { redisUs: number; gateUs: number; source: 'group benchmark' | '1:1 benchmark' };
  /** Memory per connection, weighted by the mix. */
  rssPerConnection: number;
  heapPerConnection: number;
  /** One message to the largest group: fanned out on read (above `groupFanoutLimit`) or on write. */
  largestGroupMessage: {
    redisMs: number;
    gateMs: number;
    appends: number;
    deliveries: number;
    onRead: boolean;
    redisSource: string;
  };
  steps: Step[];
}

const mixed = (a: Assumptions, f: (t: Transport) => number) =>
  TRANSPORTS.reduce((sum, t) => sum + a.transportMix[t] * f(t), 0);

/** The projection: a pure function of the measured figures and the assumptions. */
export function project(m: Measured, a: Assumptions = ASSUMPTIONS): Projection {
  const direct = {
    gateUs: mixed(a, (t) => m.perMessage[t].gateUs),
    redisUs: mixed(a, (t) => m.perMessage[t].redisUs),
    writerUs: m.writer.writerUs,
    // Postgres per row: the larger of the writer benchmark (full batches) and the 1:1 run (batches as traffic fills them).
    postgresUs: Math.max(
      m.writer.postgresUs,
      mixed(a, (t) => m.perMessage[t].postgresUs),
    ),
  };
  // A 1:1 message appends to two inboxes (the recipient's and the sender's) and reaches one connection.
  const perExtraMember = m.group
    ? { redisUs: direct.redisUs / 2, gateUs: m.group.gateUsPerOnline, source: 'group benchmark' as const }
    : { redisUs: direct.redisUs / 2, gateUs: direct.gateUs, source: '1:1 benchmark' as const };
  const g = a.groupMessageShare;
  const groupOnline = Math.max(1, a.meanGroupMembers * a.groupOnlineShare);
  const appendsPerMessage = (1 - g) * 2 + g * a.meanGroupMembers;
  const deliveriesPerMessage = (1 - g) * 1 + g * groupOnline;
  const gateUsPerMessage = direct.gateUs + g * (groupOnline - 1) * perExtraMember.gateUs;
  const redisUsPerMessage = direct.redisUs + g * (a.meanGroupMembers - 2) * perExtraMember.redisUs;
  const rssPerConnection = mixed(a, (t) => m.idle[t].rssBytes);
  const heapPerConnection = mixed(a, (t) => m.idle[t].heapBytes);
  const largestOnline = a.largestGroup * a.groupOnlineShare;
  // Above the fan-out limit a group message is one stream entry and one publish, whatever the size: its
  // Redis cost is the group benchmark's figure for its largest size, else about a direct message's.
  const onRead = a.largestGroup > a.groupFanoutLimit;
  const measuredLarge = onRead ? (m.group?.largest ?? null) : null;
  const largestGroupMessage = {
    appends: onRead ? 1 : a.largestGroup,
    deliveries: largestOnline,
    onRead,
    redisMs: onRead
      ? (measuredLarge?.redisUs ?? direct.redisUs) / 1000
      : (direct.redisUs + (a.largestGroup - 2) * perExtraMember.redisUs) / 1000,
    redisSource: measuredLarge ? `group benchmark, ${n0(measuredLarge.members)} members` : '1:1 benchmark',
    gateMs: (direct.gateUs + (largestOnline - 1) * perExtraMember.gateUs) / 1000,
  };

  const steps = a.steps.map((users): Step => {
    const messagesPerDay = users * a.messagesPerUserPerDay;
    const peak = (messagesPerDay / 86_400) * a.peakFactor;
    const inboxAppendsPerSec = peak * appendsPerMessage;

    const gateCores = (peak * gateUsPerMessage) / 1e6;
    const gateMemory = users * rssPerConnection;
    const perProcessMemory = (a.memoryPerBoxBytes * a.memoryTarget) / a.coresPerBox;
    const byCpu = Math.ceil(gateCores / a.cpuTarget);
    const byMemory = Math.ceil(gateMemory / perProcessMemory);
    const byConnections = Math.ceil(users / a.maxConnectionsPerGate);
    // At least two gates: one can die.
    const processes = Math.max(2, byCpu, byMemory, byConnections);
    const gateBinding =
      processes === byCpu
        ? 'CPU'
        : processes === byMemory
          ? 'memory'
          : processes === byConnections
            ? 'sockets'
            : 'two for failover';

    const redisCores = (peak * (redisUsPerMessage + m.writer.redisUs)) / 1e6;
    const eventsPerUserPerDay = (messagesPerDay * appendsPerMessage) / users;
    const held = Math.min(a.inboxMaxLen, eventsPerUserPerDay * a.inboxMaxAgeDays);
    const redisMemory = users * held * a.redisBytesPerEvent;
    const redisByCpu = Math.ceil(redisCores / a.cpuTarget);
    const redisByMemory = Math.ceil(redisMemory / (a.redisMasterMemoryBytes * a.memoryTarget));
    const masters = Math.max(1, redisByCpu, redisByMemory);

    const writerCount = Math.max(2, Math.ceil(peak / (m.writer.rowsPerSec * a.cpuTarget)));
    const pgCores = (peak * direct.postgresUs) / 1e6;
    const rowsKept = messagesPerDay * a.retentionDays;
    const partitions = Math.min(
      1024,
      Math.max(DEFAULT_MESSAGE_PARTITIONS, 2 ** Math.ceil(Math.log2(Math.max(1, rowsKept / a.partitionTargetRows)))),
    );

    const pressure = [
      { resource: 'gate CPU (one box)', ratio: gateCores / (a.coresPerBox * a.cpuTarget) },
      { resource: 'gate memory (one box)', ratio: gateMemory / (a.memoryPerBoxBytes * a.memoryTarget) },
      { resource: 'Redis CPU (one master)', ratio: redisCores / a.cpuTarget },
      { resource: 'Redis memory (one master)', ratio: redisMemory / (a.redisMasterMemoryBytes * a.memoryTarget) },
      { resource: 'writer (one process)', ratio: peak / (m.writer.rowsPerSec * a.cpuTarget) },
      { resource: 'Postgres primary CPU', ratio: pgCores / (a.postgresCores * a.cpuTarget) },
    ].sort((x, y) => y.ratio - x.ratio);

    return {
      users,
      messagesPerDay,
      peakMessagesPerSec: peak,
      inboxAppendsPerSec,
      gate: {
        cores: gateCores,
        memoryBytes: gateMemory,
        byCpu,
        byMemory,
        byConnections,
        processes,
        boxes: Math.ceil(processes / a.coresPerBox),
        binding: gateBinding,
      },
      redis: {
        cores: redisCores,
        memoryBytes: redisMemory,
        byCpu: redisByCpu,
        byMemory: redisByMemory,
        masters,
        binding: masters === redisByMemory && redisByMemory >= redisByCpu ? 'memory' : 'CPU',
      },
      writers: { count: writerCount, rowsPerSec: peak, cores: (peak * m.writer.writerUs) / 1e6 },
      postgres: {
        cores: pgCores,
        ofPrimary: pgCores / a.postgresCores,
        walBytesPerSec: peak * a.walBytesPerMessage,
        walBytesPerDay: messagesPerDay * a.walBytesPerMessage,
        rowsKept,
        partitions,
      },
      pressure,
    };
  });
  return {
    direct,
    appendsPerMessage,
    deliveriesPerMessage,
    perExtraMember,
    rssPerConnection,
    heapPerConnection,
    largestGroupMessage,
    steps,
  };
}

// ---- the document ----

const n0 = (v: number) => Math.round(v).toLocaleString('en-US');
const n1 = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const n2 = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
const bytes = (v: number) =>
  v >= GiB ? `${n1(v / GiB)} GiB` : v >= 2 ** 20 ? `${n1(v / 2 ** 20)} MiB` : `${n1(v / 1024)} KiB`;
const pct = (v: number) => `${Math.round(v * 100)} %`;
const users = (v: number) => (v >= 1e6 ? `${v / 1e6}M` : `${v / 1e3}k`);

function table(head: string[], rows: string[][]): string {
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The Markdown of each marked section of docs/SCALING.md. */
export function renderSections(m: Measured, a: Assumptions, p: Projection): Record<string, string> {
  const measured = table(
    ['place', ...TRANSPORTS.map((t) => `1:1 ${t}`), 'mix', 'source'],
    [
      [
        'gate CPU µs/msg',
        ...TRANSPORTS.map((t) => n1(m.perMessage[t].gateUs)),
        n1(p.direct.gateUs),
        m.writerInline ? "1to1 gates, the inline writer's µs/row taken out" : '1to1 gates',
      ],
      [
        'Redis CPU µs/msg',
        ...TRANSPORTS.map((t) => n1(m.perMessage[t].redisUs)),
        n1(p.direct.redisUs),
        '1to1, redis-server',
      ],
      [
        'Postgres CPU µs/msg',
        ...TRANSPORTS.map((t) => n1(m.perMessage[t].postgresUs)),
        n1(p.direct.postgresUs),
        `used: the larger of the mix and the writer benchmark (${n1(m.writer.postgresUs)})`,
      ],
      [
        'writer CPU µs/row',
        '',
        '',
        '',
        n1(m.writer.writerUs),
        `writer, batch ${m.writer.batch}, ${m.writer.shards} shards`,
      ],
      ['writer rows/s', '', '', '', n0(m.writer.rowsPerSec), 'writer (one process, on the benchmark machine)'],
      [
        'Redis CPU µs per extra group member',
        '',
        '',
        '',
        n2(p.perExtraMember.redisUs),
        'half a 1:1 message (one inbox append; groups fanned out on write)',
      ],
      [
        'Redis CPU µs per large-group message',
        '',
        '',
        '',
        m.group?.largest ? n1(m.group.largest.redisUs) : '',
        m.group?.largest
          ? `group benchmark, ${n0(m.group.largest.members)} members (fanned out on read)`
          : 'no group run',
      ],
      ['gate CPU µs per extra online member', '', '', '', n1(p.perExtraMember.gateUs), p.perExtraMember.source],
      [
        'heap per idle connection',
        ...TRANSPORTS.map((t) => bytes(m.idle[t].heapBytes)),
        bytes(p.heapPerConnection),
        'idle',
      ],
      [
        'RSS per idle connection',
        ...TRANSPORTS.map((t) => bytes(m.idle[t].rssBytes)),
        bytes(p.rssPerConnection),
        'idle',
      ],
      [
        '1:1 delivered msg/s at max',
        ...TRANSPORTS.map((t) => n0(m.perMessage[t].msgsPerSec)),
        '',
        'whole benchmark machine',
      ],
    ],
  );
  const sources = m.sources
    .map(
      (s) =>
        `- \`bench/results/${s.file}\` (${s.quick ? 'quick' : 'full'} mode, ${s.machine}${s.otherWorkCores > 0.05 ? `; other work on the machine used ${n2(s.otherWorkCores)} cores meanwhile` : ''})`,
    )
    .join('\n');

  const steps = table(
    ['connected users', ...p.steps.map((s) => users(s.users))],
    [
      ['messages/day', ...p.steps.map((s) => n0(s.messagesPerDay))],
      ['peak messages/s', ...p.steps.map((s) => n0(s.peakMessagesPerSec))],
      ['peak inbox appends/s', ...p.steps.map((s) => n0(s.inboxAppendsPerSec))],
      ['gate CPU at peak (cores)', ...p.steps.map((s) => n2(s.gate.cores))],
      ['gate memory for connections', ...p.steps.map((s) => bytes(s.gate.memoryBytes))],
      [
        '**gate processes** (by CPU / memory / sockets)',
        ...p.steps.map(
          (s) => `**${s.gate.processes}** (${s.gate.byCpu} / ${s.gate.byMemory} / ${s.gate.byConnections})`,
        ),
      ],
      ['gate boxes', ...p.steps.map((s) => `${s.gate.boxes} × ${a.coresPerBox} cores`)],
      ['Redis CPU at peak (cores)', ...p.steps.map((s) => n2(s.redis.cores))],
      ['Redis memory (inboxes)', ...p.steps.map((s) => bytes(s.redis.memoryBytes))],
      [
        '**Redis masters** (by CPU / memory)',
        ...p.steps.map((s) => `**${s.redis.masters}** (${s.redis.byCpu} / ${s.redis.byMemory})`),
      ],
      ['**writers**', ...p.steps.map((s) => `**${s.writers.count}** (${n2(s.writers.cores)} cores of writing)`)],
      [
        'Postgres CPU at peak (cores)',
        ...p.steps.map((s) => `${n2(s.postgres.cores)} (${pct(s.postgres.ofPrimary)} of ${a.postgresCores})`),
      ],
      [
        'WAL at peak / per day',
        ...p.steps.map((s) => `${bytes(s.postgres.walBytesPerSec)}/s / ${bytes(s.postgres.walBytesPerDay)}`),
      ],
      ['messages kept', ...p.steps.map((s) => n0(s.postgres.rowsKept))],
      ['**`MESSAGE_PARTITIONS`**', ...p.steps.map((s) => `**${s.postgres.partitions}**`)],
      ['**runs out first**', ...p.steps.map((s) => `**${s.pressure[0]!.resource}** (${pct(s.pressure[0]!.ratio)})`)],
      ['then', ...p.steps.map((s) => `${s.pressure[1]!.resource} (${pct(s.pressure[1]!.ratio)})`)],
    ],
  );

  const assumptions = table(
    ['assumption', 'value'],
    [
      ['steps (connected users)', a.steps.map(n0).join(', ')],
      ['messages per user per day', n0(a.messagesPerUserPerDay)],
      ['peak hour ÷ daily average', `${a.peakFactor}×`],
      ['transport mix (connections and sends)', TRANSPORTS.map((t) => `${t} ${pct(a.transportMix[t])}`).join(', ')],
      [
        'group messages',
        `${pct(a.groupMessageShare)} of messages, ${a.meanGroupMembers} members on average, ${pct(a.groupOnlineShare)} of them online`,
      ],
      ['→ inbox appends / live deliveries per message', `${n1(p.appendsPerMessage)} / ${n1(p.deliveriesPerMessage)}`],
      ['gate box', `${a.coresPerBox} cores (one gate process each), ${bytes(a.memoryPerBoxBytes)}`],
      ['planned use at peak', `CPU ${pct(a.cpuTarget)}, memory ${pct(a.memoryTarget)}`],
      ['sockets per gate process', n0(a.maxConnectionsPerGate)],
      ['Redis master', `1 core for commands, ${bytes(a.redisMasterMemoryBytes)} for data`],
      ['Redis bytes per inbox event', `${a.redisBytesPerEvent} (100-byte text)`],
      [
        'inbox bounds',
        `${n0(a.inboxMaxLen)} events, ${a.inboxMaxAgeDays} days (\`INBOX_MAX_LEN\`, \`INBOX_MAX_AGE_DAYS\` defaults)`,
      ],
      ['Postgres primary', `${a.postgresCores} cores`],
      ['WAL per message', `${a.walBytesPerMessage} B`],
      ['messages kept for', `${a.retentionDays} days (\`MESSAGE_RETENTION_DAYS\`)`],
      ['rows per partition aimed at', n0(a.partitionTargetRows)],
    ],
  );

  const lg = p.largestGroupMessage;
  const group = [
    lg.onRead
      ? `One message to a group of ${n0(a.largestGroup)} (above \`GROUP_FANOUT_LIMIT\`, ${n0(a.groupFanoutLimit)}: fanned out on read): one entry in the group's stream and one publish on its channel, whatever its size, and ${n0(lg.deliveries)} live deliveries, about **${n1(lg.redisMs)} ms of Redis CPU** (${lg.redisSource}) on the master of the group's slot and **${n1(lg.gateMs)} ms of gate CPU** in all (per online member: ${p.perExtraMember.source}).`
      : `One message to a group of ${n0(a.largestGroup)}: ${n0(lg.appends)} inbox appends and ${n0(lg.deliveries)} live deliveries, about **${n1(lg.redisMs)} ms of Redis CPU** and **${n1(lg.gateMs)} ms of gate CPU** in all (per extra member: ${p.perExtraMember.source}).`,
    `A group of at most \`GROUP_FANOUT_LIMIT\` members is fanned out on write; one of more than 64 members is not appended inside the send script: the gate sends one append script per member, pipelined, and on a Cluster each goes to the master of that member's slot, so the work spreads over every master instead of queueing on one.`,
  ].join(' ');

  const step = p.steps[p.steps.length - 1]!;
  const outage = [
    `A Postgres outage of ${a.postgresOutageSeconds / 60} minutes at the ${users(step.users)} peak leaves ${n0(step.peakMessagesPerSec * a.postgresOutageSeconds)} records in the persistence log, about ${bytes(step.peakMessagesPerSec * a.postgresOutageSeconds * a.redisBytesPerEvent)} of Redis memory spread over the log shards' masters;`,
    `the writers then drain it at ${n0(step.writers.count * m.writer.rowsPerSec)} rows/s (${step.writers.count} writers at the measured rate), ${n0((step.peakMessagesPerSec * a.postgresOutageSeconds) / Math.max(1, step.writers.count * m.writer.rowsPerSec - step.peakMessagesPerSec))} s while the peak goes on.`,
  ].join(' ');

  // Inbox memory against the inbox's age bound: the one setting that moves the Redis memory most.
  const inbox = table(
    ['`INBOX_MAX_AGE_DAYS`', ...p.steps.map((s) => `Redis memory / masters at ${users(s.users)}`)],
    [...new Set([a.inboxMaxAgeDays, 7, 1])].map((days) => {
      const q = project(m, { ...a, inboxMaxAgeDays: days });
      return [
        `${days}${days === a.inboxMaxAgeDays ? ' (default)' : ''}`,
        ...q.steps.map((s) => `${bytes(s.redis.memoryBytes)} / ${s.redis.masters}`),
      ];
    }),
  );

  return { sources: `${sources}\n\n${measured}`, assumptions, steps, inbox, group, outage };
}

/** `doc` with the text between each `<!-- scaling:NAME -->` and `<!-- /scaling:NAME -->` replaced. */
export function rewriteSections(doc: string, sections: Record<string, string>): string {
  let out = doc;
  for (const [name, body] of Object.entries(sections)) {
    const open = `<!-- scaling:${name} -->`;
    const close = `<!-- /scaling:${name} -->`;
    const i = out.indexOf(open);
    const j = out.indexOf(close);
    if (i < 0 || j < i) throw new Error(`docs/SCALING.md has no ${open} … ${close} section`);
    out = `${out.slice(0, i + open.length)}\n${body}\n${out.slice(j)}`;
  }
  return out;
}

async function main(): Promise<void> {
  const m = readMeasured();
  const p = project(m, ASSUMPTIONS);
  const file = path.join(PROJECT_ROOT, 'docs', 'SCALING.md');
  const rewritten = rewriteSections(readFileSync(file, 'utf8'), renderSections(m, ASSUMPTIONS, p));
  // Formatted as `npm run format` would, so the lint check passes on a regenerated page.
  const options = await prettier.resolveConfig(file);
  writeFileSync(file, await prettier.format(rewritten, { ...options, filepath: file }));
  console.log(`docs/SCALING.md rewritten from bench/results (${m.sources.map((s) => s.file).join(', ')})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(`scaling: ${(err as Error).message}`);
    process.exit(1);
  });
}
