import type { Logger } from 'pino';
import type { Broker, LogEntry } from '../broker/broker.js';
import type { Message } from '../events.js';
import type { Metrics } from '../metrics.js';
import type { Sql } from './db.js';
import { insertMessages } from './messages.js';

export interface WriterOptions {
  /** Most records per batch. */
  batch: number;
  /** How long a read waits for new entries (also bounds how stale a partial batch gets). */
  intervalMs: number;
  /** Entries pending longer than this with another consumer are taken over (that writer is presumed dead). */
  claimIdleMs?: number;
  /** This writer's consumer name in the log's consumer groups. */
  consumer: string;
  /** Audit records older than this many days are deleted (checked hourly). */
  auditRetentionDays?: number;
}

const PRUNE_EVERY_MS = 3_600_000;

/**
 * The batch writer: drains the persistence log into Postgres. Each shard is read through the
 * consumer group; a batch is inserted idempotently (a replayed batch creates nothing twice) and
 * acknowledged only after its transaction committed. When Postgres is down the batch is retried with
 * backoff and the log grows meanwhile; gates keep accepting. Entries a dead writer left pending are
 * reclaimed after `claimIdleMs`.
 */
export class Writer {
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly claimIdleMs: number;
  /** Resolves when stop() is called: cuts every pause short. */
  private stopped: Promise<void> = Promise.resolve();
  private stopSignal: () => void = () => {};

  constructor(
    private readonly sql: Sql,
    private readonly broker: Broker,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    private readonly opts: WriterOptions,
  ) {
    this.claimIdleMs = opts.claimIdleMs ?? 30_000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopped = new Promise((resolve) => (this.stopSignal = resolve));
    for (let shard = 0; shard < this.broker.logShards; shard++) this.loops.push(this.loop(shard));
    if (this.opts.auditRetentionDays) this.loops.push(this.pruneLoop(this.opts.auditRetentionDays));
  }

  /** Deletes expired audit records now and then; several writers doing it at once is harmless. */
  private async pruneLoop(days: number): Promise<void> {
    while (this.running) {
      try {
        await pruneAudit(this.sql, Date.now() - days * 86_400_000);
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'writer: pruning audit records failed');
      }
      await this.pause(PRUNE_EVERY_MS);
    }
  }

  /** Stops after the batches in hand are stored (or given up for another writer to reclaim). */
  async stop(): Promise<void> {
    this.running = false;
    this.stopSignal();
    await Promise.allSettled(this.loops);
    this.loops = [];
  }

  private async loop(shard: number): Promise<void> {
    let lastClaim = 0;
    while (this.running) {
      try {
        let entries: LogEntry[] = [];
        if (Date.now() - lastClaim > this.claimIdleMs / 2) {
          lastClaim = Date.now();
          entries = await this.broker.claimLog(shard, this.opts.consumer, this.claimIdleMs, this.opts.batch);
        }
        if (entries.length === 0) entries = await this.broker.readLog(shard, this.opts.consumer, this.opts.batch, this.opts.intervalMs);
        if (entries.length > 0) await this.store(shard, entries);
      } catch (err) {
        if (!this.running) break;
        this.log.warn({ err: (err as Error).message, shard }, 'writer: reading the log failed; retrying');
        await this.pause(1000);
      }
    }
  }

  /** Stores one batch, retrying until it commits or the writer stops; then acknowledges it. */
  private async store(shard: number, entries: LogEntry[]): Promise<void> {
    const msgs: Message[] = [];
    const audits: Array<Extract<NonNullable<LogEntry['record']>, { t: 'audit' }>> = [];
    for (const e of entries) {
      if (e.record?.t === 'msg') msgs.push(e.record.m);
      else if (e.record?.t === 'audit') audits.push(e.record);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await insertMessages(this.sql, msgs);
        if (audits.length) await insertAudits(this.sql, audits);
        break;
      } catch (err) {
        this.metrics.writerErrors.inc();
        this.log.warn({ err: (err as Error).message, shard, attempt }, 'writer: batch not stored; retrying');
        if (!this.running) return; // left pending: this or another writer reclaims it
        await this.pause(Math.min(5000, 100 * 2 ** attempt));
      }
    }
    await this.broker.ackLog(shard, entries.map((e) => e.id));
    this.metrics.writerBatches.inc();
    this.metrics.writerRows.inc({ type: 'message' }, msgs.length);
    this.metrics.writerRows.inc({ type: 'audit' }, audits.length);
  }

  /** Sleeps `ms`, or less when stop() is called. */
  private pause(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      void this.stopped.then(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}

/** Deletes audit records older than `before` (ms since the epoch). */
export async function pruneAudit(sql: Sql, before: number): Promise<number> {
  const r = await sql`delete from audit_log where at < ${before}`;
  return r.count;
}

async function insertAudits(sql: Sql, rows: ReadonlyArray<{ id: string; userId: string; deviceId: string | null; kind: string; transport: string | null; gate: string | null; remoteAddr: string | null; at: number }>): Promise<void> {
  const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
  await sql`
    insert into audit_log (id, user_id, device_id, kind, transport, gate, remote_addr, at)
    select * from unnest(${sql.array(col('id'))}::text[], ${sql.array(col('userId'))}::text[], ${sql.array(col('deviceId') as string[])}::text[],
      ${sql.array(col('kind'))}::text[], ${sql.array(col('transport') as string[])}::text[], ${sql.array(col('gate') as string[])}::text[],
      ${sql.array(col('remoteAddr') as string[])}::text[], ${sql.array(col('at'))}::bigint[])
    on conflict do nothing`;
}
