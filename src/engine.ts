import os from 'node:os';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Broker } from './broker/broker.js';
import { redisBroker } from './broker/redis.js';
import { memoryBroker } from './broker/memory.js';
import { connectDb, type Sql } from './store/db.js';
import { migrate } from './store/migrate.js';
import { messageLayout } from './store/partitions.js';
import { startEmbeddedPostgres } from './store/embedded.js';

/** The broker and the Postgres a gate or writer runs on, and how to close them. */
export interface Engine {
  sql: Sql;
  /** The pool of DATABASE_READ_URL, a streaming replica for history and conversation lists; null when unset. */
  replica: Sql | null;
  broker: Broker;
  /** One line for the start-up log: which engine runs. */
  description: string;
  /** True when the broker lives in this process (then a gate must run its own writer). */
  inProcessBroker: boolean;
  close(): Promise<void>;
}

/** How long the first answer of Redis may take before start-up gives up with a clear message. */
const REDIS_START_TIMEOUT_MS = 15_000;

/**
 * Opens Redis (or the in-memory broker) and Postgres (or PGlite), as the configuration names them. With REDIS_CLUSTER_NODES: the Redis broker in cluster
 * mode; with REDIS_URL: the Redis broker on one node; else the in-memory one (inboxes do not
 * survive a restart; clients learn that from the epoch, as `cursor_expired`).
 * With DATABASE_URL: that Postgres, else PGlite stored under DATA_DIR/pglite, served over a local
 * socket to the same postgres.js client (one data-access code path). Migrations are applied.
 */
export async function openEngine(config: Config, log: Logger): Promise<Engine> {
  const closers: Array<() => Promise<void>> = [];
  try {
    let dbUrl = config.DATABASE_URL;
    let pool = 10;
    let dbName = 'postgres';
    if (!dbUrl) {
      const pg = await startEmbeddedPostgres(config.DATA_DIR);
      closers.unshift(() => pg.close());
      dbUrl = pg.url;
      pool = 1; // PGlite is one Postgres session: more sockets would only queue behind it
      dbName = `pglite in ${config.DATA_DIR}`;
    } else {
      dbName = `postgres ${redact(dbUrl)}`;
    }
    const sql = connectDb(dbUrl, { max: pool });
    closers.unshift(() => sql.end({ timeout: 5 }));
    const applied = await migrate(sql, { messagePartitions: config.MESSAGE_PARTITIONS });
    if (applied.length) log.info({ applied }, 'migrations applied');
    if (!(await messageLayout(sql)).partitioned) {
      log.warn(
        'the messages table is not partitioned yet: convert it online with `npm run migrate -- --partition-messages`',
      );
    }
    let replica: Sql | null = null;
    if (config.DATABASE_READ_URL) {
      const r = connectDb(config.DATABASE_READ_URL, { max: pool });
      replica = r;
      closers.unshift(() => r.end({ timeout: 5 }));
      dbName += ` (reads: replica ${redact(config.DATABASE_READ_URL)})`;
    }

    const limits = {
      inboxMaxLen: config.INBOX_MAX_LEN,
      inboxMaxAgeMs: config.INBOX_MAX_AGE_DAYS * 86_400_000,
      dedupTtlSec: config.DEDUP_TTL,
      logShards: config.LOG_SHARDS,
    };
    const seeds = config.REDIS_CLUSTER_NODES;
    const shared = seeds?.length || config.REDIS_URL;
    if (seeds?.length && config.REDIS_URL) log.warn('REDIS_CLUSTER_NODES is set: REDIS_URL is not used');
    const redis = {
      name: `im-${os.hostname().replace(/[^A-Za-z0-9_.-]/g, '') || 'host'}-${process.pid}`,
      prefix: config.REDIS_PREFIX,
      noticeLingerMs: config.NOTICE_LINGER_MS,
      ...limits,
    };
    const broker: Broker = seeds?.length
      ? redisBroker({ clusterNodes: seeds, ...redis })
      : config.REDIS_URL
        ? redisBroker({ url: config.REDIS_URL, ...redis })
        : memoryBroker(limits);
    closers.unshift(() => broker.close());
    const brokerName = seeds?.length
      ? `redis cluster ${seeds.map((n) => `${n.host}:${n.port}`).join(',')}`
      : config.REDIS_URL
        ? `redis ${redact(config.REDIS_URL)}`
        : 'in-memory broker';
    await answersWithin(broker.ping(), REDIS_START_TIMEOUT_MS, `${brokerName} does not answer`);
    return {
      sql,
      replica,
      broker,
      inProcessBroker: !shared,
      description: `${shared || config.DATABASE_URL ? '' : 'embedded engine: '}${brokerName} + ${dbName}`,
      async close() {
        for (const c of closers) await c().catch(() => {});
      },
    };
  } catch (err) {
    for (const c of closers) await c().catch(() => {});
    throw err;
  }
}

/** Waits for `p`, or fails with `message` after `ms` (a Cluster whose seeds are all down would queue forever). */
async function answersWithin<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A URL without its password, for logs. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable url)';
  }
}
