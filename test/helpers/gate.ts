import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { Gate } from '../../src/gate.js';
import { openEngine, type Engine } from '../../src/engine.js';
import type { Broker } from '../../src/broker/broker.js';
import { redisBroker, type RedisBroker } from '../../src/broker/redis.js';
import type { SendStep } from '../../src/pipeline/types.js';
import type { BlobStore } from '../../src/files/blob-store.js';
import type { Sql } from '../../src/store/db.js';
import { createTestDb, testPrefix, TEST_REDIS_URL, type TestDb } from './stores.js';
import { eventually } from './http.js';

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
    blobStore?: (db: TestDb) => BlobStore;
    /** Runs on the fresh database before any gate (and its writer) starts. */
    beforeStart?: (db: TestDb) => Promise<void>;
    /** The pool each gate reads history and conversation lists from, as with DATABASE_READ_URL. */
    replica?: (db: TestDb) => Sql;
    /** The Redis the gates use (e.g. a proxy a test can cut), instead of the test Redis itself. */
    redisUrl?: string;
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
    const broker = newBroker(config, prefix, opts.redisUrl);
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
      blobStore: opts.blobStore?.(db),
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

export function newBroker(config: Config, prefix: string, url = TEST_REDIS_URL): RedisBroker {
  return redisBroker({
    url,
    prefix,
    inboxMaxLen: config.INBOX_MAX_LEN,
    inboxMaxAgeMs: config.INBOX_MAX_AGE_DAYS * 86_400_000,
    dedupTtlSec: config.DEDUP_TTL,
    logShards: config.LOG_SHARDS,
    noticeLingerMs: config.NOTICE_LINGER_MS,
  });
}

/**
 * The value of one of a gate's own metrics (its prom-client registry), summed over the label sets
 * that match `labels`. Reading the registry rather than scraping `/metrics` keeps this independent
 * of how the endpoint is exposed.
 */
export async function metricOf(gate: Gate, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = gate.ctx.metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`the gate has no metric ${name}`);
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))
    .reduce((sum, v) => sum + v.value, 0);
}

/**
 * Waits until a gate's metric satisfies `want` (a number: equals it). Tests wait on this instead of
 * sleeping: e.g. `im_held_polls` says when the gate really holds a poll, or has let one go.
 */
export async function metricReaches(
  gate: Gate,
  name: string,
  want: number | ((v: number) => boolean),
  opts: { labels?: Record<string, string>; ms?: number } = {},
): Promise<number> {
  const ok = typeof want === 'number' ? (v: number) => v === want : want;
  let last = NaN;
  try {
    const got = await eventually(
      async () => {
        last = await metricOf(gate, name, opts.labels);
        return ok(last) ? { value: last } : null;
      },
      opts.ms ?? 5000,
      name,
    );
    return got.value;
  } catch {
    throw new Error(`timed out waiting for ${name} to reach ${String(want)} (it reads ${last})`);
  }
}

/**
 * Waits until some gate has subscribed the user's notice channel in Redis. Live-only events
 * (typing, presence) are published once and only reach a listener whose subscription is in place,
 * so a test that expects one waits for this, not for a fixed time.
 */
export async function noticeChannelLive(c: Cluster, userId: string, ms = 5000): Promise<void> {
  const channel = `${c.prefix}{u:${userId}}:n`;
  await eventually(
    async () => Number(((await c.brokers[0]!.client.pubsub('NUMSUB', channel)) as [string, number])[1]) > 0,
    ms,
    `a subscription to ${channel}`,
  );
}

export type { Broker };

/** A gate on the embedded engine (in-memory broker + PGlite in `dataDir`), as `npm start` runs it with nothing configured. */
export async function embeddedGate(
  dataDir: string,
  jwtSecret = 'embedded-test-secret-embedded-test-secret',
): Promise<{ gate: Gate; engine: Engine; url: string }> {
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    JWT_SECRET: jwtSecret,
  });
  const engine = await openEngine(config, createLogger('silent'));
  const gate = new Gate({
    config,
    sql: engine.sql,
    broker: engine.broker,
    log: createLogger('silent'),
    jwtSecret,
  });
  return { gate, engine, url: await gate.start(0, '127.0.0.1') };
}
