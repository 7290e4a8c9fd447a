import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { AuditRecord, LogEntry, PersistenceLog } from '../broker/log.js';
import type { Message } from '../events.js';
import type { Metrics } from '../metrics.js';
import type { Sql } from './db.js';
import { insertMessages } from './messages.js';
import { pruneMessages } from './retention.js';

export interface WriterOptions {
  /** Most records per batch. */
  batch: number;
  /** How long a read waits for new entries (also bounds how stale a partial batch gets). */
  intervalMs: number;
  /**
   * After a batch less than half full, how long to let entries gather before reading the next one:
   * under moderate load a few larger batches cost Postgres far less than many small ones.
   */
  lingerMs?: number;
  /** Entries pending longer than this with another consumer are taken over (that writer is presumed dead). */
  claimIdleMs?: number;
  /**
   * How long this writer's liveness lasts without renewal (renewed every third of it). Another writer
   * takes over at once what a writer not heard of for this long held, without waiting `claimIdleMs`.
   */
  livenessTtlMs?: number;
  /** This writer's consumer name in the log's consumer groups. */
  consumer: string;
  /** Audit records older than this many days are deleted (checked hourly). */
  auditRetentionDays?: number;
  /** Messages older than this many days are deleted (checked hourly, in bounded rounds; see retention.ts). */
  messageRetentionDays?: number;
}

const PRUNE_EVERY_MS = 3_600_000;
const LIVENESS_TTL_MS = 3000;
const DAY_MS = 86_400_000;

/** What storing a batch did: rows per kind, and the entries that hold no record. */
interface Stored {
  msgs: number;
  audits: number;
  undecodable: string[];
}

/**
 * A writer's settings from the configuration: the one place they are made, for a gate's inline
 * writer, a writer process and the benchmarks alike. The consumer name starts with `role` and is
 * unique per process, also across restarts in one container.
 */
export function writerOptions(config: Config, role: string): WriterOptions {
  return {
    batch: config.WRITER_BATCH,
    intervalMs: config.WRITER_INTERVAL_MS,
    lingerMs: config.WRITER_LINGER_MS,
    claimIdleMs: config.WRITER_CLAIM_IDLE_MS,
    livenessTtlMs: config.WRITER_LIVENESS_TTL_MS,
    consumer: `${role}-${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    auditRetentionDays: config.AUDIT_RETENTION_DAYS,
    messageRetentionDays: config.MESSAGE_RETENTION_DAYS,
  };
}

/**
 * The batch writer: drains the persistence log into Postgres. Each shard is read through the
 * consumer group; a batch is inserted idempotently (a replayed batch creates nothing twice) and
 * acknowledged only after its transaction committed. When Postgres is down the batch is retried with
 * backoff and the log grows meanwhile; gates keep accepting. Each writer renews its liveness in the
 * log (a heartbeat every third of `livenessTtlMs`); every writer looks for writers whose liveness
 * lapsed twice per heartbeat and takes over what they left pending at once, so a writer killed with
 * -9 delays what it held by about `livenessTtlMs`. Entries pending longer than `claimIdleMs` are
 * reclaimed whoever holds them, as the fallback (a writer that is alive but cannot store).
 */
export class Writer {
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly claimIdleMs: number;
  private readonly livenessTtlMs: number;
  /** Settles once the first heartbeat was tried: no entry is read before this writer says it is alive. */
  private firstBeat: Promise<void> = Promise.resolve();
  /** Resolves when stop() is called: cuts every pause short. */
  private stopped: Promise<void> = Promise.resolve();
  private stopSignal: () => void = () => {};

  constructor(
    private readonly sql: Sql,
    private readonly persistence: PersistenceLog,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    private readonly opts: WriterOptions,
  ) {
    this.claimIdleMs = opts.claimIdleMs ?? 30_000;
    this.livenessTtlMs = opts.livenessTtlMs ?? LIVENESS_TTL_MS;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopped = new Promise((resolve) => (this.stopSignal = resolve));
    let beaten = () => {};
    this.firstBeat = new Promise((resolve) => (beaten = resolve));
    this.loops.push(this.heartbeatLoop(beaten));
    for (let shard = 0; shard < this.persistence.shards; shard++) this.loops.push(this.loop(shard));
    const { auditRetentionDays: auditDays, messageRetentionDays: messageDays } = this.opts;
    if (auditDays)
      this.loops.push(this.pruneLoop('audit records', (now) => pruneAudit(this.sql, now - auditDays * DAY_MS)));
    if (messageDays) {
      this.loops.push(
        this.pruneLoop('messages', (now) =>
          pruneMessages(this.sql, now - messageDays * DAY_MS, {
            pause: (ms) => this.pause(ms),
            shouldStop: () => !this.running,
          }),
        ),
      );
    }
  }

  /** Deletes expired records now and then; several writers doing it at once is harmless. */
  private async pruneLoop(what: string, prune: (now: number) => Promise<number>): Promise<void> {
    while (this.running) {
      try {
        const deleted = await prune(Date.now());
        if (deleted > 0) this.log.info({ deleted }, `writer: pruned expired ${what}`);
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, `writer: pruning ${what} failed`);
      }
      await this.pause(PRUNE_EVERY_MS);
    }
  }

  /** Renews this writer's liveness in the log until it stops; `first` is called after the first try. */
  private async heartbeatLoop(first: () => void): Promise<void> {
    let failing = false;
    while (this.running) {
      try {
        await this.persistence.heartbeat(this.opts.consumer, this.livenessTtlMs);
        if (failing) this.log.info('writer: liveness renewed again');
        failing = false;
      } catch (err) {
        if (!failing) this.log.warn({ err: (err as Error).message }, 'writer: renewing its liveness failed; retrying');
        failing = true;
      }
      first();
      await this.pause(this.livenessTtlMs / 3);
    }
    first();
  }

  /**
   * Stops after the batches in hand are stored (or given up for another writer to reclaim), then says
   * it is gone, so that what it left pending is taken over at once.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.stopSignal();
    await Promise.allSettled(this.loops);
    this.loops = [];
    await this.persistence.heartbeat(this.opts.consumer, 0).catch(() => {});
  }

  /**
   * Reads the next batch while the current one is being stored, and acknowledges a stored batch
   * while the next one is inserted: Postgres and Redis work overlap instead of taking turns. Batches
   * are still stored one at a time, in log order.
   */
  private async loop(shard: number): Promise<void> {
    // Not read before this writer said it is alive (else another would take the entries at once);
    // a heartbeat that does not settle holds the reads up for one TTL at most.
    await Promise.race([this.firstBeat, this.pause(this.livenessTtlMs)]);
    let lastClaim = 0;
    let lastDeadCheck = 0;
    let acking: Promise<void> = Promise.resolve();
    const next = async (): Promise<LogEntry[]> => {
      let entries: LogEntry[] = [];
      if (Date.now() - lastDeadCheck >= this.livenessTtlMs / 6) {
        lastDeadCheck = Date.now();
        entries = await this.persistence.claimFromDead(shard, this.opts.consumer, this.opts.batch);
        if (entries.length > 0)
          this.log.info({ shard, entries: entries.length }, 'writer: took over entries a stopped writer left pending');
      }
      if (entries.length === 0 && Date.now() - lastClaim > this.claimIdleMs / 2) {
        lastClaim = Date.now();
        entries = await this.persistence.claim(shard, this.opts.consumer, this.claimIdleMs, this.opts.batch);
      }
      if (entries.length === 0)
        entries = await this.persistence.read(shard, this.opts.consumer, this.opts.batch, this.opts.intervalMs);
      return entries;
    };
    let ahead: Promise<LogEntry[]> | null = null;
    while (this.running || ahead) {
      try {
        // A batch read ahead before stop() is stored too: it was delivered to this consumer.
        const entries: LogEntry[] = await (ahead ?? next());
        ahead = null;
        if (entries.length === 0) continue;
        if (this.running) {
          const linger = entries.length < this.opts.batch / 2 ? (this.opts.lingerMs ?? 0) : 0;
          ahead = linger > 0 ? this.pause(linger).then(() => (this.running ? next() : [])) : next();
          ahead.catch(() => {}); // seen (and retried) when awaited
        }
        const stored = await this.store(shard, entries);
        // At most one acknowledgement in flight: a slow Redis slows the writer instead of queuing.
        await acking;
        if (stored) acking = this.ack(shard, entries, stored);
      } catch (err) {
        ahead = null;
        if (!this.running) break;
        this.log.warn({ err: (err as Error).message, shard }, 'writer: reading the log failed; retrying');
        await this.pause(1000);
      }
    }
    await acking.catch(() => {});
  }

  /**
   * Stores one batch, retrying until it commits (its counts, and the ids of the entries that hold no
   * record, to be set aside) or the writer stops (null: left pending).
   */
  private async store(shard: number, entries: LogEntry[]): Promise<Stored | null> {
    const msgs: Message[] = [];
    const audits: AuditRecord[] = [];
    const undecodable: string[] = [];
    for (const e of entries) {
      if (e.record?.t === 'msg') msgs.push(storable(e.record.m));
      else if (e.record?.t === 'audit') audits.push(e.record);
      else undecodable.push(e.id);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await insertMessages(this.sql, msgs);
        if (audits.length) await insertAudits(this.sql, audits);
        const committedAt = Date.now();
        for (const m of msgs) this.metrics.writerPersist.observe(Math.max(0, committedAt - m.createdAt) / 1000);
        return { msgs: msgs.length, audits: audits.length, undecodable };
      } catch (err) {
        this.metrics.writerErrors.inc();
        this.log.warn({ err: (err as Error).message, shard, attempt }, 'writer: batch not stored; retrying');
        if (!this.running) return null; // left pending: this or another writer reclaims it
        await this.pause(Math.min(5000, 100 * 2 ** attempt));
      }
    }
  }

  /**
   * Acknowledges a stored batch, after moving the entries that hold no record to the shard's dead
   * letters (never acknowledged away unseen). A batch whose set-aside or acknowledgement fails stays
   * pending and is reclaimed, then stored again idempotently.
   */
  private async ack(shard: number, entries: LogEntry[], stored: Stored): Promise<void> {
    try {
      if (stored.undecodable.length > 0) {
        const moved = await this.persistence.setAside(shard, stored.undecodable);
        if (moved > 0) this.metrics.logDeadLettersSetAside.inc({ shard }, moved);
        this.log.error(
          { shard, ids: stored.undecodable, moved },
          'writer: log entries that hold no record were moved to the shard’s dead letters instead of stored',
        );
      }
      const aside = new Set(stored.undecodable);
      await this.persistence.ack(
        shard,
        entries.filter((e) => !aside.has(e.id)).map((e) => e.id),
      );
    } catch (err) {
      this.log.warn(
        { err: (err as Error).message, shard },
        'writer: acknowledging a stored batch failed; it will be reclaimed',
      );
      return;
    }
    this.metrics.writerBatches.inc();
    this.metrics.writerRows.inc({ type: 'message' }, stored.msgs);
    this.metrics.writerRows.inc({ type: 'audit' }, stored.audits);
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

/**
 * The message with U+0000 in its text replaced: Postgres text cannot hold it, and one such record
 * would fail its batch on every retry and stall its shard of the log. Gates refuse NUL on the way
 * in; this covers entries logged before they did.
 */
function storable(m: Message): Message {
  if (!m.content.includes('\u0000') && !m.clientMsgId.includes('\u0000')) return m;
  return {
    ...m,
    content: m.content.replaceAll('\u0000', '\ufffd'),
    clientMsgId: m.clientMsgId.replaceAll('\u0000', '\ufffd'),
  };
}

/** Deletes audit records older than `before` (ms since the epoch). */
export async function pruneAudit(sql: Sql, before: number): Promise<number> {
  const r = await sql`delete from audit_log where at < ${before}`;
  return r.count;
}

async function insertAudits(sql: Sql, rows: readonly AuditRecord[]): Promise<void> {
  const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
  await sql`
    insert into audit_log (id, user_id, device_id, kind, transport, gate, remote_addr, at)
    select * from unnest(${sql.array(col('id'))}::text[], ${sql.array(col('userId'))}::text[], ${sql.array(col('deviceId') as string[])}::text[],
      ${sql.array(col('kind'))}::text[], ${sql.array(col('transport') as string[])}::text[], ${sql.array(col('gate') as string[])}::text[],
      ${sql.array(col('remoteAddr') as string[])}::text[], ${sql.array(col('at'))}::bigint[])
    on conflict do nothing`;
}
