import type { Sql } from './db.js';

/** Partitions of a newly created messages table when MESSAGE_PARTITIONS is not set. */
export const DEFAULT_MESSAGE_PARTITIONS = 8;

/** How the messages table is laid out in this database. */
export type MessageLayout = { partitioned: false } | { partitioned: true; partitions: number };

/**
 * The layout of `messages`, read from the catalog (the one place the partition count is recorded):
 * a plain table, or a hash-partitioned one with its number of partitions.
 */
export async function messageLayout(sql: Sql): Promise<MessageLayout> {
  const rows = await sql<{ kind: string; partitions: number }[]>`
    select c.relkind as kind, (select count(*) from pg_inherits i where i.inhparent = c.oid)::int as partitions
    from pg_class c where c.oid = to_regclass('messages')`;
  const row = rows[0];
  if (!row) throw new Error('the messages table does not exist: run the migrations first');
  return row.kind === 'p' ? { partitioned: true, partitions: row.partitions } : { partitioned: false };
}

/**
 * Refuses a MESSAGE_PARTITIONS that differs from the partitions the table already has: the count is
 * fixed when the table is created, and a setting that silently did nothing would mislead whoever set
 * it. Unset means "whatever the table has". A plain (not yet converted) table accepts any value: it
 * is the count the conversion will use.
 */
export function checkPartitionSetting(layout: MessageLayout, wanted: number | undefined): void {
  if (wanted === undefined || !layout.partitioned || layout.partitions === wanted) return;
  throw new Error(
    `MESSAGE_PARTITIONS is ${wanted} but the messages table was created with ${layout.partitions} partitions; ` +
      `the count is fixed when the table is created: set MESSAGE_PARTITIONS=${layout.partitions} or leave it unset`,
  );
}
