import type { Sql } from './db.js';

/** Who a stream ticket lets in, and until when. */
export interface StreamTicket {
  userId: string;
  sessionId: string;
  deviceId: string;
  /** When the access token the ticket was issued for expires, ms since the epoch. */
  tokenExpiresAt: number;
  /** When the ticket itself expires, ms since the epoch. */
  expiresAt: number;
}

interface Row {
  user_id: string;
  session_id: string;
  device_id: string;
  token_expires_at: number;
  expires_at: number;
}

/** Stores a ticket under its hash, and drops the tickets that expired before `now`. */
export async function storeTicket(sql: Sql, hash: string, t: StreamTicket, now: number): Promise<void> {
  await sql`delete from stream_tickets where expires_at < ${now}`;
  await sql`
    insert into stream_tickets (hash, user_id, session_id, device_id, token_expires_at, expires_at)
    values (${hash}, ${t.userId}, ${t.sessionId}, ${t.deviceId}, ${t.tokenExpiresAt}, ${t.expiresAt})`;
}

/** Takes a ticket out (one statement, so two gates can never both use it); null when there is none. */
export async function takeTicket(sql: Sql, hash: string): Promise<StreamTicket | null> {
  const rows = await sql<Row[]>`delete from stream_tickets where hash = ${hash} returning *`;
  const r = rows[0];
  return r
    ? {
        userId: r.user_id,
        sessionId: r.session_id,
        deviceId: r.device_id,
        tokenExpiresAt: r.token_expires_at,
        expiresAt: r.expires_at,
      }
    : null;
}
