import { randomBytes } from 'node:crypto';
import type { Sql } from '../../src/store/db.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { TokenService, newRefreshToken } from '../../src/auth/tokens.js';
import { newId } from '../../src/ids.js';
import { BENCH_JWT_SECRET } from './procs.js';

/**
 * Benchmark fixtures written straight into the benchmark's own database, in bulk: registering
 * thousands of users through the API would spend minutes in argon2 before any measurement starts.
 * The rows are the ones the API would write (users with a real argon2 hash of BENCH_PASSWORD,
 * device sessions, friendships both ways, groups with members), and access tokens are signed with
 * the secret the benchmark gates are started with, so every gate accepts them as its own.
 */
export const BENCH_PASSWORD = 'bench password 0123';

export interface SeedUser {
  id: string;
  username: string;
  deviceId: string;
  sessionId: string;
  token: string;
  refreshToken: string;
}

let hash: Promise<string> | undefined;
const tokens = new TokenService(BENCH_JWT_SECRET, 86_400);

/** `n` users, each logged in on one device. */
export async function seedUsers(sql: Sql, n: number, tag = 'u'): Promise<SeedUser[]> {
  hash ??= hashPassword(BENCH_PASSWORD);
  const passwordHash = await hash;
  const run = randomBytes(3).toString('hex');
  const now = Date.now();
  const out: Array<SeedUser & { refreshHash: string }> = [];
  for (let i = 0; i < n; i++) {
    const id = newId();
    const sessionId = newId();
    const deviceId = newId();
    const refresh = newRefreshToken(sessionId);
    const username = `${tag}${run}_${i}`.slice(0, 32);
    out.push({
      id,
      username,
      deviceId,
      sessionId,
      token: tokens.sign(id, sessionId, deviceId),
      refreshToken: refresh.token,
      refreshHash: refresh.hash,
    });
  }
  for (let i = 0; i < out.length; i += 5000) {
    const chunk = out.slice(i, i + 5000);
    await sql`
      insert into users (id, username, display_name, password_hash, created_at)
      select u.id, u.username, u.username, ${passwordHash}, ${now}
      from unnest(${sql.array(chunk.map((u) => u.id))}::text[], ${sql.array(chunk.map((u) => u.username))}::text[]) as u(id, username)`;
    await sql`
      insert into device_sessions (id, user_id, device_id, device_name, refresh_hash, refresh_family, created_at, last_seen_at)
      select s.id, s.user_id, s.device_id, 'bench', s.refresh_hash, s.id, ${now}, ${now}
      from unnest(${sql.array(chunk.map((u) => u.sessionId))}::text[], ${sql.array(chunk.map((u) => u.id))}::text[],
        ${sql.array(chunk.map((u) => u.deviceId))}::text[], ${sql.array(chunk.map((u) => u.refreshHash))}::text[]) as s(id, user_id, device_id, refresh_hash)`;
  }
  return out.map(({ id, username, deviceId, sessionId, token, refreshToken }) => ({
    id,
    username,
    deviceId,
    sessionId,
    token,
    refreshToken,
  }));
}

/** Makes each pair friends (stored both ways, as an accepted request would). */
export async function seedFriendships(sql: Sql, pairs: ReadonlyArray<readonly [SeedUser, SeedUser]>): Promise<void> {
  const now = Date.now();
  const a = pairs.flatMap(([x, y]) => [x.id, y.id]);
  const b = pairs.flatMap(([x, y]) => [y.id, x.id]);
  for (let i = 0; i < a.length; i += 10_000) {
    await sql`
      insert into friendships (user_id, friend_id, created_at)
      select f.a, f.b, ${now} from unnest(${sql.array(a.slice(i, i + 10_000))}::text[], ${sql.array(b.slice(i, i + 10_000))}::text[]) as f(a, b)
      on conflict do nothing`;
  }
}

/** A group owned by `owner` with `members` (owner excluded from the list or not); returns its id. */
export async function seedGroup(
  sql: Sql,
  owner: SeedUser,
  members: readonly SeedUser[],
  name = 'bench group',
): Promise<string> {
  const id = newId();
  const now = Date.now();
  const others = members.filter((m) => m.id !== owner.id).map((m) => m.id);
  await sql.begin(async (tx) => {
    await tx`insert into groups (id, name, owner_id, member_count, created_at) values (${id}, ${name}, ${owner.id}, ${others.length + 1}, ${now})`;
    await tx`insert into group_members (group_id, user_id, role, joined_at) values (${id}, ${owner.id}, 'owner', ${now})`;
    await tx`
      insert into group_members (group_id, user_id, role, joined_at)
      select ${id}, u, 'member', ${now} from unnest(${tx.array(others)}::text[]) as u`;
  });
  return id;
}

/** The client library's session object for a seeded user. */
export function sessionOf(u: SeedUser) {
  return {
    accessToken: u.token,
    refreshToken: u.refreshToken,
    deviceId: u.deviceId,
    expiresAt: Date.now() + 86_400_000,
    user: { id: u.id, username: u.username, displayName: u.username },
  };
}
