import type { Context } from '../context.js';
import type { User } from '../events.js';
import { ApiError, conflict, unauthorized } from '../errors.js';
import { newId, newSecret } from '../ids.js';
import { decoyHash, hashPassword, verifyPassword } from '../auth/passwords.js';
import { hashToken, newRefreshToken, refreshSessionId, sealPair, unsealPair } from '../auth/tokens.js';
import * as users from '../store/users.js';
import * as sessions from '../store/sessions.js';
import * as tickets from '../store/tickets.js';
import { audit } from './audit.js';

/** The identity of an authenticated request or connection. */
export interface Principal {
  userId: string;
  sessionId: string;
  deviceId: string;
  /** Access token expiry, ms since the epoch. */
  expiresAt: number;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export async function register(
  ctx: Context,
  input: { username: string; password: string; displayName?: string },
): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  const user = await users.createUser(ctx.sql, {
    id: newId(),
    username: input.username,
    displayName: input.displayName?.trim() || input.username,
    passwordHash,
    createdAt: ctx.now(),
  });
  if (!user) throw conflict('that username is taken');
  return user;
}

export async function login(
  ctx: Context,
  input: { username: string; password: string; deviceId?: string; deviceName?: string },
  remoteAddr: string | null,
): Promise<TokenPair & { deviceId: string; user: User }> {
  const found = await users.findUserForLogin(ctx.sql, input.username);
  const ok = found
    ? await verifyPassword(found.passwordHash, input.password)
    : (await verifyPassword(await decoyHash(), input.password), false);
  if (!found || !ok) throw unauthorized('wrong username or password');
  const sessionId = newId();
  const deviceId = input.deviceId ?? newId();
  const refresh = newRefreshToken(sessionId);
  const replaced = await sessions.openSession(ctx.sql, {
    id: sessionId,
    userId: found.id,
    deviceId,
    deviceName: input.deviceName ?? '',
    refreshHash: refresh.hash,
    createdAt: ctx.now(),
  });
  for (const old of replaced) await revokeLive(ctx, found.id, old);
  audit(ctx, { userId: found.id, deviceId, kind: 'login', remoteAddr });
  const { passwordHash: _, ...user } = found;
  return {
    accessToken: ctx.tokens.sign(found.id, sessionId, deviceId),
    refreshToken: refresh.token,
    expiresIn: ctx.tokens.accessTtlSec,
    deviceId,
    user,
  };
}

/**
 * Rotates a refresh token. Presenting one that was already rotated out revokes the whole device
 * session, except within REFRESH_REUSE_GRACE_MS of its rotation while the pair that rotation issued is
 * still the session's: then that same pair is the answer (two tabs of one browser refreshing at once
 * both stay logged in). The pair is kept sealed with a key only the rotated-out token gives, so what
 * a thief holding that token gets within the grace is what its legitimate holder got, and nothing
 * once the session moved on or the grace is over.
 */
export async function refresh(ctx: Context, token: string): Promise<TokenPair> {
  const sessionId = refreshSessionId(token);
  if (!sessionId) throw unauthorized('invalid refresh token');
  const now = ctx.now();
  const next = newRefreshToken(sessionId);
  const graceMs = ctx.config.REFRESH_REUSE_GRACE_MS;
  let accessToken = '';
  const r = await sessions.rotateRefresh(ctx.sql, sessionId, hashToken(token), next.hash, now, (s) => {
    accessToken = ctx.tokens.sign(s.userId, s.id, s.deviceId);
    if (graceMs === 0) return null;
    const expiresAt = now + ctx.tokens.accessTtlSec * 1000;
    return { sealed: sealPair(token, { accessToken, refreshToken: next.token, expiresAt }), until: now + graceMs };
  });
  if (r.kind === 'invalid') throw unauthorized('invalid refresh token');
  if (r.kind !== 'reused' && now - r.session.createdAt > ctx.config.REFRESH_TOKEN_TTL * 1000)
    throw unauthorized('session expired; log in again');
  if (r.kind === 'rotated') return { accessToken, refreshToken: next.token, expiresIn: ctx.tokens.accessTtlSec };
  if (r.kind === 'grace') {
    const pair = unsealPair(token, r.sealed);
    if (pair && hashToken(pair.refreshToken) === r.session.refreshHash) {
      const left = Math.floor((pair.expiresAt - now) / 1000);
      const s = r.session;
      // With access tokens shorter than the grace, the kept one may have run out: the session is the same.
      return left >= 1
        ? { accessToken: pair.accessToken, refreshToken: pair.refreshToken, expiresIn: left }
        : {
            accessToken: ctx.tokens.sign(s.userId, s.id, s.deviceId),
            refreshToken: pair.refreshToken,
            expiresIn: ctx.tokens.accessTtlSec,
          };
    }
  }
  if (await sessions.revokeSession(ctx.sql, sessionId, now)) {
    await revokeLive(ctx, r.session.userId, sessionId);
    audit(ctx, { userId: r.session.userId, deviceId: r.session.deviceId, kind: 'refresh_reuse' });
  }
  throw unauthorized('refresh token reused; the device session was revoked');
}

export async function logout(ctx: Context, p: Principal): Promise<void> {
  await sessions.revokeSession(ctx.sql, p.sessionId, ctx.now());
  await revokeLive(ctx, p.userId, p.sessionId);
  audit(ctx, { userId: p.userId, deviceId: p.deviceId, kind: 'logout' });
}

export async function logoutAll(ctx: Context, p: Principal): Promise<void> {
  const revoked = await sessions.revokeAllSessions(ctx.sql, p.userId, ctx.now());
  const ids = new Set([p.sessionId, ...revoked.map((s) => s.id)]);
  await Promise.all([...ids].map((id) => revokeLive(ctx, p.userId, id)));
  audit(ctx, { userId: p.userId, deviceId: p.deviceId, kind: 'logout' });
}

/**
 * Makes a revocation, already recorded in Postgres, effective everywhere at once: every gate adds the
 * session to the set it checks tokens against (src/auth/revoked.ts), and the session's live
 * connections are kicked.
 */
export async function revokeLive(ctx: Context, userId: string, sessionId: string): Promise<void> {
  await ctx.revoked.announce(sessionId);
  await ctx.inboxes.publish([userId], { kind: 'kick', sessionId });
}

/** Verifies an access token and that its session was not revoked: no I/O (see TokenService, RevokedSessions). */
export function authenticate(ctx: Context, token: string | undefined): Principal {
  if (!token) throw unauthorized();
  const claims = ctx.tokens.verify(token, ctx.now());
  if (!claims) throw unauthorized('invalid or expired token');
  if (ctx.revoked.has(claims.sessionId)) throw new ApiError('unauthorized', 'this device session was revoked');
  return {
    userId: claims.userId,
    sessionId: claims.sessionId,
    deviceId: claims.deviceId,
    expiresAt: claims.exp * 1000,
  };
}

/** How long a stream ticket may wait to be used, seconds. */
export const STREAM_TICKET_TTL_SEC = 30;
const TICKET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * A single-use ticket that opens one event stream (`GET /v1/events?ticket=`) as `p`, within
 * STREAM_TICKET_TTL_SEC: a browser's EventSource cannot send headers, and a ticket in a URL that ends
 * up in a proxy log or the browser history is worth nothing once used or a moment later.
 */
export async function issueStreamTicket(ctx: Context, p: Principal): Promise<{ ticket: string; expiresIn: number }> {
  const ticket = newSecret(32);
  const now = ctx.now();
  await tickets.storeTicket(
    ctx.sql,
    hashToken(ticket),
    {
      userId: p.userId,
      sessionId: p.sessionId,
      deviceId: p.deviceId,
      tokenExpiresAt: p.expiresAt,
      expiresAt: now + STREAM_TICKET_TTL_SEC * 1000,
    },
    now,
  );
  return { ticket, expiresIn: STREAM_TICKET_TTL_SEC };
}

/** Uses up a stream ticket: the principal it was issued to, unless it is unknown, used, expired or its session revoked. */
export async function redeemStreamTicket(ctx: Context, ticket: string): Promise<Principal> {
  const t = TICKET_SHAPE.test(ticket) ? await tickets.takeTicket(ctx.sql, hashToken(ticket)) : null;
  if (!t) throw unauthorized('unknown or used stream ticket');
  if (t.expiresAt < ctx.now()) throw unauthorized('the stream ticket expired');
  if (ctx.revoked.has(t.sessionId)) throw new ApiError('unauthorized', 'this device session was revoked');
  return { userId: t.userId, sessionId: t.sessionId, deviceId: t.deviceId, expiresAt: t.tokenExpiresAt };
}
