import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sql } from './db.js';
import { PROJECT_ROOT } from '../paths.js';

const SQL_DIR = path.join(PROJECT_ROOT, 'sql');
/** Any constant: the advisory lock that serialises migrations across gates starting at once. */
const LOCK_KEY = 72_410_001;

/**
 * Applies the numbered files in `sql/` that have not run yet, each in its own transaction, in order.
 * A session-level advisory lock makes concurrent starts wait for each other instead of racing.
 * Returns the names of the files applied.
 */
export async function migrate(sql: Sql, dir = SQL_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  const conn = await sql.reserve();
  try {
    await conn`select pg_advisory_lock(${LOCK_KEY})`;
    await conn`create table if not exists schema_migrations (name text primary key, applied_at bigint not null)`;
    const done = new Set((await conn<{ name: string }[]>`select name from schema_migrations`).map((r) => r.name));
    for (const file of files) {
      if (done.has(file)) continue;
      const text = await readFile(path.join(dir, file), 'utf8');
      await conn.unsafe('begin');
      try {
        await conn.unsafe(text);
        await conn`insert into schema_migrations (name, applied_at) values (${file}, ${Date.now()})`;
        await conn.unsafe('commit');
      } catch (err) {
        await conn.unsafe('rollback');
        throw new Error(`migration ${file} failed: ${(err as Error).message}`);
      }
      applied.push(file);
    }
  } finally {
    await conn`select pg_advisory_unlock(${LOCK_KEY})`.catch(() => {});
    conn.release();
  }
  return applied;
}
