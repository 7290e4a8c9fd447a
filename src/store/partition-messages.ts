import type { Sql } from './db.js';
import { messageLayout } from './partitions.js';

/** Any constant: one conversion at a time. */
const CONVERT_LOCK_KEY = 72_410_003;
/** The name the plain table keeps after the conversion, for the operator to drop once satisfied. */
export const OLD_MESSAGES_TABLE = 'messages_unpartitioned';

export interface PartitionOptions {
  /** Hash partitions of the new table (MESSAGE_PARTITIONS). */
  partitions: number;
  /** Rows copied per statement. */
  batchRows?: number;
  /** Rest between two copy statements, so live traffic keeps most of the server. */
  pauseMs?: number;
  /** Progress lines. */
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

export interface PartitionResult {
  /** True when the table was partitioned already: nothing was done. */
  already: boolean;
  partitions: number;
  /** Rows the copy statements moved (rows written meanwhile were carried over by the triggers). */
  copied: number;
}

const MIRROR = `
create or replace function messages_mirror_insert() returns trigger language plpgsql as $$
begin
  insert into messages_partitioned select * from mirror_rows on conflict do nothing;
  return null;
end $$;
create or replace function messages_mirror_update() returns trigger language plpgsql as $$
begin
  insert into messages_partitioned select * from mirror_rows
  on conflict (conversation_id, seq) do update set
    kind = excluded.kind, from_user = excluded.from_user, to_id = excluded.to_id,
    from_device = excluded.from_device, client_msg_id = excluded.client_msg_id,
    content_type = excluded.content_type, content = excluded.content,
    created_at = excluded.created_at, recalled = excluded.recalled;
  return null;
end $$;
create or replace function messages_mirror_delete() returns trigger language plpgsql as $$
begin
  delete from messages_partitioned p using mirror_rows o where p.conversation_id = o.conversation_id and p.seq = o.seq;
  return null;
end $$;
create or replace trigger messages_mirror_insert after insert on messages
  referencing new table as mirror_rows for each statement execute function messages_mirror_insert();
create or replace trigger messages_mirror_update after update on messages
  referencing new table as mirror_rows for each statement execute function messages_mirror_update();
create or replace trigger messages_mirror_delete after delete on messages
  referencing old table as mirror_rows for each statement execute function messages_mirror_delete();
`;

const SWAP = `
lock table messages in access exclusive mode;
drop trigger messages_mirror_insert on messages;
drop trigger messages_mirror_update on messages;
drop trigger messages_mirror_delete on messages;
drop function messages_mirror_insert();
drop function messages_mirror_update();
drop function messages_mirror_delete();
alter table messages rename to ${OLD_MESSAGES_TABLE};
alter index messages_pkey rename to ${OLD_MESSAGES_TABLE}_pkey;
alter table messages_partitioned rename to messages;
alter index messages_partitioned_pkey rename to messages_pkey;
`;

/**
 * Converts a plain messages table into the hash-partitioned layout while gates and writers keep
 * running. A new partitioned table is created beside it; statement-level triggers on the old table
 * carry every insert, update (recall) and delete (retention) over as it happens; the existing rows
 * are copied in primary-key order, `batchRows` at a time, each batch locking its source rows FOR
 * KEY SHARE so that a row deleted meanwhile is either skipped or deleted again by the trigger, never
 * resurrected; then one short transaction swaps the names. Queries name `messages`, so they find the
 * new table at their next execution (Postgres re-plans prepared statements after the rename).
 * Interrupted, it can simply be run again: it resumes with the table it had created.
 * The old table is kept as `messages_unpartitioned`.
 */
export async function partitionMessages(sql: Sql, opts: PartitionOptions): Promise<PartitionResult> {
  const log = opts.log ?? (() => {});
  const batchRows = opts.batchRows ?? 5000;
  const conn = await sql.reserve();
  try {
    const [lock] = await conn<{ ok: boolean }[]>`select pg_try_advisory_lock(${CONVERT_LOCK_KEY}) as ok`;
    if (!lock?.ok) throw new Error('another conversion of the messages table is running');
    try {
      const layout = await messageLayout(conn);
      if (layout.partitioned) return { already: true, partitions: layout.partitions, copied: 0 };
      await inTransaction(conn, async () => {
        await prepareTable(conn, opts.partitions);
        await conn.unsafe(MIRROR);
      });
      log('messages: partitioned table ready, copying rows', { partitions: opts.partitions });
      let copied = 0;
      let last: { conversation_id: string; seq: number } | null = null;
      for (let batch = 1; ; batch++) {
        const rows: { n: number; conversation_id: string; seq: number }[] = await conn`
          with b as (
            select * from messages
            ${last ? conn`where (conversation_id, seq) > (${last.conversation_id}, ${last.seq})` : conn``}
            order by conversation_id, seq limit ${batchRows} for key share
          ), moved as (insert into messages_partitioned select * from b on conflict do nothing)
          select count(*) over ()::int as n, conversation_id, seq from b order by conversation_id desc, seq desc limit 1`;
        const row = rows[0];
        if (!row) break;
        copied += row.n;
        last = row;
        if (batch % 20 === 0) log('messages: copying', { copied });
        if (row.n < batchRows) break;
        if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
      }
      await inTransaction(conn, () => conn.unsafe(SWAP));
      log(`messages: partitioned; the old table is kept as ${OLD_MESSAGES_TABLE} (drop it once satisfied)`, {
        copied,
        partitions: opts.partitions,
      });
      return { already: false, partitions: opts.partitions, copied };
    } finally {
      await conn`select pg_advisory_unlock(${CONVERT_LOCK_KEY})`.catch(() => {});
    }
  } finally {
    conn.release();
  }
}

/** Runs `f` inside begin/commit on a reserved connection (which has no `begin` of its own), rolling back on failure. */
async function inTransaction(conn: Sql, f: () => Promise<unknown>): Promise<void> {
  await conn.unsafe('begin');
  try {
    await f();
    await conn.unsafe('commit');
  } catch (err) {
    await conn.unsafe('rollback').catch(() => {});
    throw err;
  }
}

/** Creates messages_partitioned (like messages, with its partitions), or checks the one an interrupted run left. */
async function prepareTable(tx: Sql, partitions: number): Promise<void> {
  const [old] = await tx<{ exists: boolean }[]>`select to_regclass(${OLD_MESSAGES_TABLE}) is not null as exists`;
  if (old?.exists) throw new Error(`a table named ${OLD_MESSAGES_TABLE} exists already: drop or rename it first`);
  const [existing] = await tx<{ partitions: number | null }[]>`
    select (select count(*) from pg_inherits i where i.inhparent = c.oid)::int as partitions
    from pg_class c where c.oid = to_regclass('messages_partitioned')`;
  if (existing) {
    if (existing.partitions !== partitions) {
      throw new Error(
        `messages_partitioned, left by an interrupted conversion, has ${existing.partitions} partitions, not ${partitions}: ` +
          `set MESSAGE_PARTITIONS=${existing.partitions}, or drop messages_partitioned to start over`,
      );
    }
    return;
  }
  await tx.unsafe(`
    create table messages_partitioned (like messages including defaults including constraints)
      partition by hash (conversation_id);
    alter table messages_partitioned add constraint messages_partitioned_pkey primary key (conversation_id, seq);`);
  for (let i = 0; i < partitions; i++) {
    await tx.unsafe(
      `create table messages_p${i} partition of messages_partitioned for values with (modulus ${partitions}, remainder ${i})`,
    );
  }
}
