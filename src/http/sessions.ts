import { Router } from 'express';
import type { Context } from '../context.js';
import { notFound } from '../errors.js';
import * as sessions from '../store/sessions.js';
import { revokeLive } from '../services/auth.js';
import { audit } from '../services/audit.js';
import type { SessionsAnswer } from './answers.js';
import { me } from './middleware.js';
import { id, parse } from './validate.js';

/** `/v1/me/sessions`: the user's logged-in devices, and ending one of them from another. */
export function sessionsRouter(ctx: Context): Router {
  const r = Router();

  r.get('/me/sessions', async (req, res) => {
    const p = me(req);
    const list = await sessions.listSessions(ctx.sql, p.userId);
    // Presence connection ids start with the device id (see transports/presence.ts).
    const online = new Set((await ctx.presence.connections(p.userId, ctx.now())).map((c) => c.split(':')[0]));
    res.json({
      sessions: list.map((s) => ({
        deviceId: s.deviceId,
        deviceName: s.deviceName,
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
        online: online.has(s.deviceId),
        current: s.id === p.sessionId,
      })),
    } satisfies SessionsAnswer);
  });

  r.delete('/me/sessions/:deviceId', async (req, res) => {
    const p = me(req);
    const deviceId = parse(id, req.params.deviceId, 'deviceId');
    // Only the caller's own sessions are looked at: another user's device id is simply not found.
    const target = (await sessions.listSessions(ctx.sql, p.userId)).find((s) => s.deviceId === deviceId);
    if (!target || !(await sessions.revokeSession(ctx.sql, target.id, ctx.now()))) throw notFound('no such session');
    await revokeLive(ctx, p.userId, target.id);
    audit(ctx, { userId: p.userId, deviceId, kind: 'revoked' });
    res.status(204).end();
  });
  return r;
}
