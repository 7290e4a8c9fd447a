import type { Sql } from '../store/db.js';
import type { FileMeta, PutOptions } from './blob-store.js';
import type { Digest } from './ingest.js';
import { quotaExceeded } from './ingest.js';

/**
 * The `files` table: metadata for every store. An upload is a row in state 'uploading' until
 * `complete` flips it to 'ready'; only ready rows are visible or count towards the quota.
 */

/** Uploads still 'uploading' after this long were abandoned by a crashed gate. */
const STALE_UPLOAD_MS = 3600_000;
/** Two-key advisory lock namespace serialising quota checks per owner (the migration lock uses the one-key form). */
const QUOTA_LOCK = 72_410_002;

interface Row {
  id: string;
  owner_id: string;
  name: string;
  size: number;
  content_type: string;
  sha256: string;
  created_at: number;
}

const toMeta = (r: Row): FileMeta => ({
  id: r.id,
  ownerId: r.owner_id,
  name: r.name,
  size: r.size,
  contentType: r.content_type,
  sha256: r.sha256,
  createdAt: r.created_at,
});

/** A complete file's metadata, or null (unknown or still uploading). */
export async function stat(sql: Sql, id: string): Promise<FileMeta | null> {
  const rows = await sql<Row[]>`
    select id, owner_id, name, size, content_type, sha256, created_at
    from files where id = ${id} and state = 'ready'`;
  return rows[0] ? toMeta(rows[0]) : null;
}

/** Bytes the owner's complete files take. */
export async function usage(sql: Sql, ownerId: string): Promise<number> {
  const [row] = await sql<{ used: number }[]>`
    select coalesce(sum(size), 0)::bigint as used from files where owner_id = ${ownerId} and state = 'ready'`;
  return row?.used ?? 0;
}

/**
 * Starts an upload: removes the owner's abandoned uploads (returning their ids, for blob stores that keep
 * bytes elsewhere), refuses at once when the quota is already used up, and inserts the 'uploading'
 * row. Resolves with the quota left, the most this upload may add.
 */
export async function begin(
  sql: Sql,
  opts: PutOptions,
  chunkSize: number | null,
): Promise<{ allowance: number; swept: string[] }> {
  const swept = await sql<{ id: string }[]>`
    delete from files where owner_id = ${opts.ownerId} and state = 'uploading' and created_at < ${opts.now - STALE_UPLOAD_MS}
    returning id`;
  const allowance = opts.quotaBytes - (await usage(sql, opts.ownerId));
  if (allowance <= 0) throw quotaExceeded();
  await sql`
    insert into files (id, owner_id, name, size, content_type, sha256, created_at, state, chunk_size)
    values (${opts.id}, ${opts.ownerId}, ${opts.name}, 0, 'application/octet-stream', '', ${opts.now}, 'uploading', ${chunkSize})`;
  return { allowance, swept: swept.map((r) => r.id) };
}

/**
 * Completes an upload if the owner's quota still has room for it, atomically with respect to the
 * owner's other uploads (a per-owner advisory lock). Throws the quota refusal otherwise; the caller
 * then removes the upload.
 */
export async function complete(sql: Sql, opts: PutOptions, digest: Digest): Promise<FileMeta> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${QUOTA_LOCK}, hashtext(${opts.ownerId}))`;
    const [row] = await tx<{ used: number }[]>`
      select coalesce(sum(size), 0)::bigint as used from files where owner_id = ${opts.ownerId} and state = 'ready'`;
    if ((row?.used ?? 0) + digest.size > opts.quotaBytes) throw quotaExceeded();
    const done = await tx<Row[]>`
      update files set state = 'ready', size = ${digest.size}, sha256 = ${digest.sha256}, content_type = ${digest.contentType}
      where id = ${opts.id} and state = 'uploading'
      returning id, owner_id, name, size, content_type, sha256, created_at`;
    if (!done[0]) throw new Error('upload row vanished before completion');
    return toMeta(done[0]);
  });
}

/** Deletes a file's row (chunks go with it, by cascade). */
export async function remove(sql: Sql, id: string): Promise<boolean> {
  const rows = await sql`delete from files where id = ${id} returning id`;
  return rows.length > 0;
}

/** The chunk size a file was written with (null for blob stores that do not chunk). */
export async function chunkSize(sql: Sql, id: string): Promise<number | null> {
  const [row] = await sql<{ chunk_size: number | null }[]>`select chunk_size from files where id = ${id}`;
  return row?.chunk_size ?? null;
}
