import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { Gate } from '../../src/app.js';
import type { Broker } from '../../src/broker/broker.js';
import { RedisBroker } from '../../src/broker/redis.js';
import type { SendStep } from '../../src/pipeline/types.js';
import type { FileStore } from '../../src/files/store.js';
import type { Sql } from '../../src/store/db.js';
import { createTestDb, testPrefix, TEST_REDIS_URL, type TestDb } from './stores.js';

export interface Cluster {
  gates: Gate[];
  urls: string[];
  db: TestDb;
  brokers: RedisBroker[];
  prefix: string;
  config: Config;
  stop(): Promise<void>;
}

const SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

/**
 * Starts `n` gates on port 0 sharing one fresh Postgres database and one Redis key prefix, each gate
 * with its own Redis connections (as separate processes would have). Only the first runs a writer
 * unless `writers` says otherwise.
 */
export async function startGates(
  n: number,
  opts: {
    env?: Record<string, string>;
    writers?: number;
    sendSteps?: SendStep[];
    fileStore?: (db: TestDb) => FileStore;
    /** Runs on the fresh database before any gate (and its writer) starts. */
    beforeStart?: (db: TestDb) => Promise<void>;
    /** The pool each gate reads history and conversation lists from, as with DATABASE_READ_URL. */
    replica?: (db: TestDb) => Sql;
  } = {},
): Promise<Cluster> {
  const db = await createTestDb();
  await opts.beforeStart?.(db);
  const replica = opts.replica?.(db) ?? null;
  const { prefix, cleanup } = testPrefix();
  const config = loadConfig({
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    AUTH_RATE_PER_MINUTE: '1000',
    SEND_RATE_PER_SECOND: '1000',
    ...opts.env,
  });
  const log = createLogger(config.LOG_LEVEL);
  const gates: Gate[] = [];
  const brokers: RedisBroker[] = [];
  const urls: string[] = [];
  for (let i = 0; i < n; i++) {
    const broker = newBroker(config, prefix);
    brokers.push(broker);
    const cfg: Config = { ...config, WRITER: i < (opts.writers ?? 1) ? 'inline' : 'off' };
    const gate = new Gate({
      config: cfg,
      sql: db.sql,
      replica,
      broker,
      log,
      jwtSecret: SECRET,
      sendSteps: opts.sendSteps,
      fileStore: opts.fileStore?.(db),
    });
    urls.push(await gate.start(0, '127.0.0.1'));
    gates.push(gate);
  }
  return {
    gates,
    urls,
    db,
    brokers,
    prefix,
    config,
    async stop() {
      await Promise.all(gates.map((g) => g.stop()));
      await Promise.all(brokers.map((b) => b.close()));
      await cleanup();
      await replica?.end({ timeout: 1 });
      await db.drop();
    },
  };
}

export function newBroker(config: Config, prefix: string): RedisBroker {
  return new RedisBroker({
    url: TEST_REDIS_URL,
    prefix,
    inboxMaxLen: config.INBOX_MAX_LEN,
    inboxMaxAgeMs: config.INBOX_MAX_AGE_DAYS * 86_400_000,
    dedupTtlSec: config.DEDUP_TTL,
    logShards: config.LOG_SHARDS,
    noticeLingerMs: config.NOTICE_LINGER_MS,
  });
}

export type { Broker };
