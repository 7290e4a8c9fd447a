import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sql } from './db.js';
import { PROJECT_ROOT } from '../paths.js';
import { checkPartitionSetting, DEFAULT_MESSAGE_PARTITIONS, messageLayout } from './partitions.js';

const SQL_DIR = path.join(PROJECT_ROOT, 'sql');
/** Any constant: the advisory lock that serialises migrations across gates starting at once. */
const LOCK_KEY = 72_410_001;

export interface MigrateOptions {
  /** MESSAGE_PARTITIONS: used when the messages table is created, checked against it afterwards. */
  messagePartitions?: number;
  /** Where the numbered files are (tests point it at a subset). */
  dir?: string;
}

/**
 * Applies the numbered files in `sql/` that have not run yet, each in its own transaction, in order.
 * A session-level advisory lock makes concurrent starts wait for each other instead of racing, so
 * the first gate to start creates the partitioned table with its MESSAGE_PARTITIONS and any other
 * gate sees the result. Then a MESSAGE_PARTITIONS different from the table's is refused.
 * Returns the names of the files applied.
 */
export async function migrate(sql: Sql, opts: MigrateOptions = {}): Promise<string[]> {
  const dir = opts.dir ?? SQL_DIR;
  const settings: Record<string, number> = {
    message_partitions: opts.messagePartitions ?? DEFAULT_MESSAGE_PARTITIONS,
  };
  const files = (await readdir(dir)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  const conn = await sql.reserve();
  try {
    await conn`select pg_advisory_lock(${LOCK_KEY})`;
    await conn`create table if not exists schema_migrations (name text primary key, applied_at bigint not null)`;
    const done = new Set((await conn<{ name: string }[]>`select name from schema_migrations`).map((r) => r.name));
    for (const file of files) {
      if (done.has(file)) continue;
      const text = fillSettings(file, await readFile(path.join(dir, file), 'utf8'), settings);
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
    if (opts.messagePartitions !== undefined) {
      checkPartitionSetting(await messageLayout(conn), opts.messagePartitions);
    }
  } finally {
    await conn`select pg_advisory_unlock(${LOCK_KEY})`.catch(() => {});
    conn.release();
  }
  return applied;
}

/**
 * Puts the settings a migration needs into its text: `{{name}}` stands for a validated integer, so
 * no quoting is involved. A placeholder without a setting is a mistake in the file, refused.
 */
function fillSettings(file: string, text: string, settings: Record<string, number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const v = settings[name];
    if (v === undefined || !Number.isSafeInteger(v)) throw new Error(`migration ${file}: no setting {{${name}}}`);
    return String(v);
  });
}
