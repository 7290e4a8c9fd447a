import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { connectDb, type Sql } from '../../src/store/db.js';
import { migrate, type MigrateOptions } from '../../src/store/migrate.js';

/**
 * Real stores for tests. Each call makes its own Postgres database and Redis key prefix, so test
 * files (and two test runs on one machine) never see each other's data. When the services are not
 * reachable the suites that need them are skipped — except under CI=true, where that is a failure.
 */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let pgUp: Promise<boolean> | undefined;
let redisUp: Promise<boolean> | undefined;

export function postgresAvailable(): Promise<boolean> {
  pgUp ??= (async () => {
    const admin = postgres(TEST_PG_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
    try {
      await admin`select 1`;
      return true;
    } catch {
      return requiredOrFalse('Postgres', TEST_PG_URL);
    } finally {
      await admin.end({ timeout: 1 });
    }
  })();
  return pgUp;
}

export function redisAvailable(): Promise<boolean> {
  redisUp ??= (async () => {
    const r = new Redis(TEST_REDIS_URL, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
      retryStrategy: () => null,
    });
    r.on('error', () => {});
    try {
      await r.connect();
      await r.ping();
      return true;
    } catch {
      return requiredOrFalse('Redis', TEST_REDIS_URL);
    } finally {
      r.disconnect();
    }
  })();
  return redisUp;
}

function requiredOrFalse(what: string, url: string): boolean {
  if (process.env.CI === 'true') throw new Error(`${what} is required under CI=true but ${url} does not answer`);
  console.warn(`# ${what} at ${url} does not answer: its suites are skipped`);
  return false;
}

export interface TestDb {
  url: string;
  sql: Sql;
  drop(): Promise<void>;
}

/** A fresh database on the test Postgres server, migrated (with `opts`) unless `opts` is false. */
export async function createTestDb(opts: MigrateOptions | false = {}): Promise<TestDb> {
  const name = `im_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(TEST_PG_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const sql = connectDb(url, { max: 4 });
  if (opts) await migrate(sql, opts);
  return {
    url,
    sql,
    async drop() {
      await sql.end({ timeout: 1 });
      const a = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
      await a.end();
    },
  };
}

/** Deletes every key under `prefix` (what a flushed Redis would have lost, without touching other runs' keys). */
export async function deleteKeys(prefix: string): Promise<void> {
  const r = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await r.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

/** A unique Redis key prefix and a cleanup that deletes every key under it. */
export function testPrefix(): { prefix: string; cleanup(): Promise<void> } {
  const prefix = `imt:${randomBytes(5).toString('hex')}:`;
  return { prefix, cleanup: () => deleteKeys(prefix) };
}
