import type { Sql } from './db.js';
import type { User } from '../events.js';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
}

const toUser = (r: UserRow): User => ({ id: r.id, username: r.username, displayName: r.display_name });

/** Inserts a user; null when the username is taken (case-insensitively). */
export async function createUser(
  sql: Sql,
  u: User & { passwordHash: string; createdAt: number },
): Promise<User | null> {
  const rows = await sql<UserRow[]>`
    insert into users (id, username, display_name, password_hash, created_at)
    values (${u.id}, ${u.username}, ${u.displayName}, ${u.passwordHash}, ${u.createdAt})
    on conflict do nothing
    returning id, username, display_name`;
  return rows[0] ? toUser(rows[0]) : null;
}

export async function findUserForLogin(sql: Sql, username: string): Promise<(User & { passwordHash: string }) | null> {
  const rows = await sql<(UserRow & { password_hash: string })[]>`
    select id, username, display_name, password_hash from users where lower(username) = lower(${username})`;
  const r = rows[0];
  return r ? { ...toUser(r), passwordHash: r.password_hash } : null;
}

export async function getUser(sql: Sql, id: string): Promise<User | null> {
  const rows = await sql<UserRow[]>`select id, username, display_name from users where id = ${id}`;
  return rows[0] ? toUser(rows[0]) : null;
}

export async function getUsers(sql: Sql, ids: readonly string[]): Promise<Map<string, User>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<
    UserRow[]
  >`select id, username, display_name from users where id = any(${sql.array([...ids])})`;
  return new Map(rows.map((r) => [r.id, toUser(r)]));
}

/** Users whose username starts with `prefix` (case-insensitive), at most `limit`, alphabetical. */
export async function searchUsers(sql: Sql, prefix: string, limit: number): Promise<User[]> {
  const pattern = prefix.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c) + '%';
  const rows = await sql<UserRow[]>`
    select id, username, display_name from users
    where lower(username) like ${pattern}
    order by lower(username) limit ${limit}`;
  return rows.map(toUser);
}
