import type { Sql } from './db.js';

export interface DeviceSession {
  id: string;
  userId: string;
  deviceId: string;
  deviceName: string;
  refreshHash: string;
  createdAt: number;
  lastSeenAt: number;
  revokedAt: number | null;
}

interface Row {
  id: string;
  user_id: string;
  device_id: string;
  device_name: string;
  refresh_hash: string;
  created_at: number;
  last_seen_at: number;
  revoked_at: number | null;
}

const toSession = (r: Row): DeviceSession => ({
  id: r.id,
  userId: r.user_id,
  deviceId: r.device_id,
  deviceName: r.device_name,
  refreshHash: r.refresh_hash,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  revokedAt: r.revoked_at,
});

/** Opens a device session. A previous live session of the same device is revoked (one install, one session); its id is returned. */
export async function openSession(sql: Sql, s: Omit<DeviceSession, 'revokedAt' | 'lastSeenAt'>): Promise<string[]> {
  return sql.begin(async (tx) => {
    const old = await tx<{ id: string }[]>`
      update device_sessions set revoked_at = ${s.createdAt}
      where user_id = ${s.userId} and device_id = ${s.deviceId} and revoked_at is null
      returning id`;
    await tx`
      insert into device_sessions (id, user_id, device_id, device_name, refresh_hash, refresh_family, created_at, last_seen_at)
      values (${s.id}, ${s.userId}, ${s.deviceId}, ${s.deviceName}, ${s.refreshHash}, ${s.id}, ${s.createdAt}, ${s.createdAt})`;
    return old.map((r) => r.id);
  });
}

export type RotateResult =
  | { kind: 'rotated'; session: DeviceSession }
  /** Rotated out within its grace, and the pair its rotation issued is still the session's: `sealed` is that pair. */
  | { kind: 'grace'; session: DeviceSession; sealed: string }
  | { kind: 'reused'; session: DeviceSession }
  | { kind: 'invalid' };

/** The pair a rotation issued, sealed, and until when the rotated-out token may fetch it. */
export interface GraceRecord {
  sealed: string;
  until: number;
}

/**
 * Swaps the session's refresh token hash `oldHash` for `newHash`, atomically, keeping what `grace`
 * makes of the rotated session (when given) with the rotated-out hash, in the same transaction, so a
 * second presenter of the old token never sees the rotation without it. An older rotation's sealed
 * pair is cleared: only the latest one is ever recoverable. A hash already rotated out is `grace`
 * while its record lasts and the session is live (the caller checks that the pair is still current),
 * else `reused`: stolen or replayed, and the caller revokes the session.
 */
export async function rotateRefresh(
  sql: Sql,
  sessionId: string,
  oldHash: string,
  newHash: string,
  now: number,
  grace: (rotated: DeviceSession) => GraceRecord | null,
): Promise<RotateResult> {
  return sql.begin(async (tx) => {
    const rows = await tx<Row[]>`
      update device_sessions set refresh_hash = ${newHash}, last_seen_at = ${now}
      where id = ${sessionId} and refresh_hash = ${oldHash} and revoked_at is null
      returning *`;
    if (rows[0]) {
      const session = toSession(rows[0]);
      const kept = grace(session);
      await tx`update used_refresh_tokens set next_pair = null, grace_until = null
        where session_id = ${sessionId} and next_pair is not null`;
      await tx`insert into used_refresh_tokens (token_hash, session_id, used_at, grace_until, next_pair)
        values (${oldHash}, ${sessionId}, ${now}, ${kept?.until ?? null}, ${kept?.sealed ?? null})
        on conflict do nothing`;
      return { kind: 'rotated', session } as const;
    }
    const used = await tx<(Row & { grace_until: number | null; next_pair: string | null })[]>`
      select s.*, u.grace_until, u.next_pair from used_refresh_tokens u join device_sessions s on s.id = u.session_id
      where u.token_hash = ${oldHash} and u.session_id = ${sessionId}`;
    const u = used[0];
    if (!u) return { kind: 'invalid' } as const;
    const session = toSession(u);
    if (u.next_pair !== null && u.grace_until !== null && u.grace_until >= now && u.revoked_at === null)
      return { kind: 'grace', session, sealed: u.next_pair } as const;
    return { kind: 'reused', session } as const;
  });
}

/** The sessions revoked after `since` (ms), with when. */
export async function revokedSince(sql: Sql, since: number): Promise<Array<{ id: string; revokedAt: number }>> {
  const rows = await sql<{ id: string; revoked_at: number }[]>`
    select id, revoked_at from device_sessions where revoked_at > ${since}`;
  return rows.map((r) => ({ id: r.id, revokedAt: r.revoked_at }));
}

/** Revokes one session; returns it when it was live. */
export async function revokeSession(sql: Sql, sessionId: string, now: number): Promise<DeviceSession | null> {
  const rows = await sql<Row[]>`
    update device_sessions set revoked_at = ${now} where id = ${sessionId} and revoked_at is null returning *`;
  return rows[0] ? toSession(rows[0]) : null;
}

/** Revokes every live session of a user; returns them. */
export async function revokeAllSessions(sql: Sql, userId: string, now: number): Promise<DeviceSession[]> {
  const rows = await sql<Row[]>`
    update device_sessions set revoked_at = ${now} where user_id = ${userId} and revoked_at is null returning *`;
  return rows.map(toSession);
}

/** The user's live sessions, newest first. */
export async function listSessions(sql: Sql, userId: string): Promise<DeviceSession[]> {
  const rows = await sql<Row[]>`
    select * from device_sessions where user_id = ${userId} and revoked_at is null order by created_at desc`;
  return rows.map(toSession);
}
