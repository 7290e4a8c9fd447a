import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Context } from '../context.js';
import * as auth from '../services/auth.js';
import type { LoginAnswer, TokenPairAnswer, UserAnswer } from './answers.js';
import { me, rateLimit, requireAuth } from './middleware.js';
import { id, parse, password, username } from './validate.js';

export const registerBody = z.object({
  username,
  password,
  displayName: z.string().trim().min(1).max(64).optional(),
});
export const loginBody = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  deviceId: id.optional(),
  deviceName: z.string().max(64).optional(),
});
export const refreshBody = z.object({ refreshToken: z.string().min(1).max(256) });

/** The public base URL of this gate, as login advertises it in `gates`. */
function publicUrl(ctx: Context, req: Request): string {
  return ctx.config.PUBLIC_URL ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** Lower-cased username of a login/register body, for the per-username limit (undefined when absent). */
const usernameKey = (req: Request) => {
  const u = (req.body as { username?: unknown } | undefined)?.username;
  return typeof u === 'string' ? u.toLowerCase().slice(0, 64) : undefined;
};

/** `/v1/auth/*`: register, login, refresh with rotation, logout, logout-all. */
export function authRouter(ctx: Context): Router {
  const r = Router();
  const perMin = ctx.config.AUTH_RATE_PER_MINUTE;
  const byIp = rateLimit(ctx, 'auth-ip', perMin * 5, 60, (req) => req.ip ?? 'unknown');
  const byName = rateLimit(ctx, 'auth-user', perMin, 60, usernameKey);

  r.post('/register', byIp, byName, async (req, res) => {
    const body = parse(registerBody, req.body);
    const user = await auth.register(ctx, body);
    res.status(201).json({ user } satisfies UserAnswer);
  });

  r.post('/login', byIp, byName, async (req, res) => {
    const body = parse(loginBody, req.body);
    const out = await auth.login(ctx, body, req.ip ?? null);
    res.json({
      ...out,
      gates: [{ url: publicUrl(ctx, req), transports: ['ws', 'sse', 'longpoll'] }],
    } satisfies LoginAnswer);
  });

  r.post('/refresh', byIp, async (req, res) => {
    const { refreshToken } = parse(refreshBody, req.body);
    res.json((await auth.refresh(ctx, refreshToken)) satisfies TokenPairAnswer);
  });

  r.post('/logout', requireAuth(ctx), async (req, res) => {
    await auth.logout(ctx, me(req));
    res.status(204).end();
  });

  r.post('/logout-all', requireAuth(ctx), async (req, res) => {
    await auth.logoutAll(ctx, me(req));
    res.status(204).end();
  });
  return r;
}
