import { pino } from 'pino';
import type { Options } from './lib/args.js';
import { redisBroker } from '../src/broker/redis.js';
import type { LogRecord } from '../src/broker/log.js';
import type { Message } from '../src/events.js';
import { Writer } from '../src/store/writer.js';
import { loadConfig } from '../src/config.js';
import { createMetrics } from '../src/metrics.js';
import { connectDb } from '../src/store/db.js';
import { newId, directConversationId } from '../src/ids.js';
import { CpuMeter, type CpuReport } from './lib/procs.js';
import {
  CEILINGS,
  SHARED_MACHINE_NOTE,
  fmt,
  machineInfo,
  pct,
  progress,
  progressDone,
  table,
  writeResult,
} from './lib/report.js';
import { benchPrefix, createBenchDb, pgBackendsOf, REDIS_URL } from './lib/stores.js';
import { onCleanup } from './lib/cleanup.js';
import { round, sleep } from './lib/stats.js';

/** The gateway's defaults: what a gate runs with unless configured. */
const defaults = loadConfig({});

export interface WriterRun {
  batchSize: number;
  logShards: number;
  rows: number;
  conversations: number;
  fillSeconds: number;
  drainSeconds: number;
  rowsPerSec: number;
  /** Of the single-connection `unnest` ceiling in the performance notes. */
  ofCeiling: number;
  stored: number;
  ok: boolean;
  cpu: CpuReport;
}

export interface WriterResult {
  name: 'writer';
  quick: boolean;
  machine: Awaited<ReturnType<typeof machineInfo>>;
  runs: WriterRun[];
  headline: { rowsPerSec: number; batchSize: number; logShards: number; ofCeiling: number };
  markdown: string;
}

/**
 * The batch writer's drain rate: the persistence log is pre-filled (the Redis broker's PersistenceLog.append) with N
 * message records over many direct conversations, then the gateway's Writer runs in this process
 * (as it does inside a gate) and the time until the backlog is 0 gives rows/s. Each configuration
 * gets a fresh database and log. The row count in Postgres is checked.
 */
export async function run(o: Options): Promise<WriterResult> {
  const rows = o.num('rows', 100_000, 500_000);
  const conversations = o.num('conversations', 1000, 2000);
  const batches = o
    .str('batch', `${defaults.WRITER_BATCH}`, `1000,${defaults.WRITER_BATCH},5000`)
    .split(',')
    .map(Number);
  const shardsList = o.str('shards', `${defaults.LOG_SHARDS}`, `1,${defaults.LOG_SHARDS},4`).split(',').map(Number);
  const contentBytes = o.num('content-bytes', 100, 100);

  console.log(
    `\n## writer — ${fmt(rows, 0)} message records over ${fmt(conversations, 0)} conversations; batch ${batches.join('/')}, shards ${shardsList.join('/')}`,
  );
  const runs: WriterRun[] = [];
  for (const logShards of shardsList) {
    for (const batch of batches) runs.push(await once({ rows, conversations, batch, logShards, contentBytes }));
  }
  const best =
    runs.find((r) => r.batchSize === defaults.WRITER_BATCH && r.logShards === defaults.LOG_SHARDS) ?? runs[0]!;
  const markdown = [
    `### Writer drain rate — ${fmt(rows, 0)} pre-filled message records (${contentBytes}-byte content) over ${fmt(conversations, 0)} conversations`,
    '',
    table(
      [
        'batch size',
        'log shards',
        'rows/s',
        'of ceiling',
        'drain s',
        'fill s',
        'stored',
        'writer-process CPU',
        'postgres cores',
        'redis cores',
      ],
      runs.map((r) => [
        r.batchSize,
        r.logShards,
        r.rowsPerSec,
        pct(r.ofCeiling),
        r.drainSeconds,
        r.fillSeconds,
        `${r.stored}/${r.rows}${r.ok ? ' ✓' : ' ✗'}`,
        `${fmt(r.cpu.processes[0]!.cores, 2)} cores`,
        fmt(r.cpu.processes.find((p) => p.name.startsWith('postgres'))?.cores ?? NaN, 2),
        fmt(r.cpu.processes.find((p) => p.name.startsWith('redis'))?.cores ?? NaN, 2),
      ]),
    ),
    '',
    `"of ceiling": against ~${fmt(CEILINGS.pgUnnestRowsPerSec1Conn, 0)} rows/s, postgres.js \`unnest\` batches of 1,000 on one connection (performance notes; COPY reaches ~${fmt(CEILINGS.pgCopyRowsPerSec1Conn, 0)}, 4 connections ~${fmt(CEILINGS.pgUnnestRowsPerSec4Conn, 0)}). ` +
      `Each batch also upserts conversations and read markers and acknowledges + deletes the entries in Redis (the ceiling is a bare insert). Target: ≥ 50,000 rows/s. The headline is the gateway's default (batch ${defaults.WRITER_BATCH}, ${defaults.LOG_SHARDS} log shards). The writer runs inside the benchmark process. ${SHARED_MACHINE_NOTE}`,
  ].join('\n');
  const result: WriterResult = {
    name: 'writer',
    quick: o.quick,
    machine: await machineInfo(),
    runs,
    headline: {
      rowsPerSec: best.rowsPerSec,
      batchSize: best.batchSize,
      logShards: best.logShards,
      ofCeiling: best.ofCeiling,
    },
    markdown,
  };
  writeResult('writer', result, markdown);
  return result;
}

async function once(c: {
  rows: number;
  conversations: number;
  batch: number;
  logShards: number;
  contentBytes: number;
}): Promise<WriterRun> {
  const db = await createBenchDb();
  const { prefix, cleanup } = benchPrefix();
  const broker = redisBroker({
    url: REDIS_URL,
    prefix,
    inboxMaxLen: 10_000,
    inboxMaxAgeMs: 86_400_000,
    dedupTtlSec: 3600,
    logShards: c.logShards,
  });
  const closeBroker = onCleanup('close writer-bench broker', () => broker.close());
  // The writer's own pool, sized as a gate's (src/engine.ts).
  const sql = connectDb(db.url, { max: 10 });
  const closeSql = onCleanup('close writer-bench pool', () => sql.end({ timeout: 1 }));

  // Fill: users paired into conversations, per-conversation seq increasing in log order.
  const label = `batch ${c.batch}, ${c.logShards} shard(s)`;
  const users = Array.from({ length: c.conversations * 2 }, () => newId());
  const seqs = new Array<number>(c.conversations).fill(0);
  const content = 'x'.repeat(c.contentBytes);
  const t0 = performance.now();
  const chunk = 5000;
  for (let i = 0; i < c.rows; i += chunk) {
    const recs: LogRecord[] = [];
    for (let j = i; j < Math.min(c.rows, i + chunk); j++) {
      const conv = j % c.conversations;
      const from = users[2 * conv]!;
      const to = users[2 * conv + 1]!;
      const conversationId = directConversationId(from, to);
      const m: Message = {
        conversationId,
        seq: ++seqs[conv]!,
        kind: 'direct',
        from,
        to,
        fromDevice: 'bench',
        clientMsgId: `c${j}`,
        contentType: 'text',
        content,
        createdAt: Date.now(),
      };
      recs.push({ t: 'msg', shardKey: conversationId, m });
    }
    await broker.persistence.append(recs);
    if ((i / chunk) % 10 === 0) progress(`[writer ${label}] filling ${fmt(i + recs.length, 0)}/${fmt(c.rows, 0)}`);
  }
  const fillSeconds = (performance.now() - t0) / 1000;
  const before = await broker.persistence.backlog();
  if (before !== c.rows) throw new Error(`the log holds ${before} entries, expected ${c.rows}`);

  const writer = new Writer(sql, broker.persistence, pino({ level: 'warn' }), createMetrics(), {
    batch: c.batch,
    intervalMs: defaults.WRITER_INTERVAL_MS,
    lingerMs: defaults.WRITER_LINGER_MS,
    consumer: 'bench-writer',
  });
  const cpu = await new CpuMeter([], pgBackendsOf(db.sql, db.name)).begin();
  const t1 = performance.now();
  writer.start();
  let backlog = before;
  let lastPrint = 0;
  while (backlog > 0) {
    await sleep(10);
    backlog = await broker.persistence.backlog();
    if (performance.now() - lastPrint > 1000) {
      lastPrint = performance.now();
      const s = (lastPrint - t1) / 1000;
      progress(
        `[writer ${label}] ${fmt(s)} s  stored ${fmt(c.rows - backlog, 0)}/${fmt(c.rows, 0)}  ${fmt((c.rows - backlog) / s, 0)} rows/s`,
      );
    }
    if (performance.now() - t1 > 300_000) throw new Error('the writer did not drain the log within 300 s');
  }
  const drainSeconds = (performance.now() - t1) / 1000;
  const cpuReport = await cpu.end();
  progressDone();
  await writer.stop();
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from messages`;
  const stored = row?.n ?? 0;
  const rowsPerSec = Math.round(c.rows / drainSeconds);
  console.log(`  ${label}: ${fmt(rowsPerSec, 0)} rows/s (${fmt(drainSeconds)} s), stored ${stored}/${c.rows}`);
  await closeSql();
  await closeBroker();
  await cleanup();
  await db.drop();
  return {
    batchSize: c.batch,
    logShards: c.logShards,
    rows: c.rows,
    conversations: c.conversations,
    fillSeconds: round(fillSeconds),
    drainSeconds: round(drainSeconds),
    rowsPerSec,
    ofCeiling: round(rowsPerSec / CEILINGS.pgUnnestRowsPerSec1Conn, 3),
    stored,
    ok: stored === c.rows,
    cpu: cpuReport,
  };
}
