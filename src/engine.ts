import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Broker } from './broker/broker.js';
import { RedisBroker } from './broker/redis.js';
import { connectDb, type Sql } from './store/db.js';
import { migrate } from './store/migrate.js';

/** The stores a gate or writer runs on, and how to close them. */
export interface Engine {
  sql: Sql;
  broker: Broker;
  /** One line for the start-up log: which engine runs. */
  description: string;
  close(): Promise<void>;
}

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Opens Postgres (and applies migrations) and the broker named by the configuration. */
export async function openEngine(config: Config, log: Logger): Promise<Engine> {
  const dbUrl = config.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const sql = connectDb(dbUrl, { max: 10 });
  const applied = await migrate(sql);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const broker = new RedisBroker({
    url: config.REDIS_URL ?? DEFAULT_REDIS_URL,
    prefix: config.REDIS_PREFIX,
    inboxMaxLen: config.INBOX_MAX_LEN,
    inboxMaxAgeMs: config.INBOX_MAX_AGE_DAYS * 86_400_000,
    dedupTtlSec: config.DEDUP_TTL,
    logShards: config.LOG_SHARDS,
  });
  await broker.ping();
  return {
    sql,
    broker,
    description: `redis + postgres (${redact(dbUrl)})`,
    async close() {
      await broker.close();
      await sql.end({ timeout: 5 });
    },
  };
}

/** A URL without its password, for logs. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}
