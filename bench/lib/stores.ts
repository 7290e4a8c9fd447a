import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { connectDb, type Sql } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { onCleanup } from './cleanup.js';

/** The local stores every benchmark uses (loopback only). */
export const PG_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

for (const u of [PG_URL, REDIS_URL]) {
  const host = new URL(u).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host))
    throw new Error(`benchmarks run against loopback stores only, not ${host}`);
}

export interface BenchDb {
  name: string;
  url: string;
  /** A small pool for the benchmark's own set-up and checks. */
  sql: Sql;
  /** Drops it now (otherwise at cleanup). */
  drop(): Promise<void>;
}

/** A fresh, migrated database, dropped at cleanup. */
export async function createBenchDb(): Promise<BenchDb> {
  const name = `im_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const sql = connectDb(url, { max: 4 });
  const drop = onCleanup(`drop database ${name}`, async () => {
    await sql.end({ timeout: 1 }).catch(() => {});
    const a = postgres(PG_URL, { max: 1, onnotice: () => {} });
    try {
      await a.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await a.end();
    }
  });
  await migrate(sql);
  return { name, url, sql, drop };
}

/** A fresh Redis key prefix whose keys are deleted at cleanup (or by `cleanup()` earlier). */
export function benchPrefix(): { prefix: string; cleanup(): Promise<void> } {
  const prefix = `imb:${randomBytes(5).toString('hex')}:`;
  return { prefix, cleanup: onCleanup(`delete redis keys ${prefix}*`, () => deleteKeys(prefix)) };
}

export async function deleteKeys(prefix: string): Promise<void> {
  const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 2000);
      cursor = next;
      if (keys.length) await r.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

/** The pids of the Postgres backends connected to database `name` (for CPU accounting). */
export function pgBackendsOf(sql: Sql, name: string): () => Promise<number[]> {
  return async () => {
    const rows = await sql<
      { pid: number }[]
    >`select pid from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
    return rows.map((r) => Number(r.pid));
  };
}

/** Redis and Postgres server versions, for the machine line. */
export async function storeVersions(): Promise<{ redis: string; postgres: string }> {
  const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const pg = postgres(PG_URL, { max: 1, onnotice: () => {} });
  try {
    const info = await r.info('server');
    const redis = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
    const [row] = await pg<{ v: string }[]>`select current_setting('server_version') as v`;
    return { redis, postgres: row?.v ?? '?' };
  } finally {
    r.disconnect();
    await pg.end();
  }
}
