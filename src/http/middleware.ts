import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Context } from '../context.js';
import { ApiError, rateLimited, toApiError } from '../errors.js';
import { authenticate, type Principal } from '../services/auth.js';
import { pathOnly } from '../log.js';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** The principal of an authenticated request (the `requireAuth` middleware ran). */
export function me(req: Request): Principal {
  if (!req.principal) throw new ApiError('unauthorized', 'authentication required');
  return req.principal;
}

/** The bearer token of a request; `?access_token=` only where the contract allows it (streaming GETs). */
export function tokenOf(req: Request, allowQuery: boolean): string | undefined {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  const q = req.query['access_token'];
  if (allowQuery && typeof q === 'string') return q;
  return undefined;
}

/** Authenticates every request of a router. */
export function requireAuth(ctx: Context, allowQueryToken = false): RequestHandler {
  return async (req, _res, next) => {
    try {
      req.principal = await authenticate(ctx, tokenOf(req, allowQueryToken));
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Rate limit keyed by `key(req)`: `limit` requests per `windowSec`, 429 with Retry-After beyond. */
export function rateLimit(ctx: Context, name: string, limit: number, windowSec: number, key: (req: Request) => string | undefined): RequestHandler {
  return async (req, _res, next) => {
    try {
      const k = key(req);
      if (k !== undefined) {
        const wait = await ctx.broker.consume(`${name}:${k}`, limit, windowSec);
        if (wait > 0) throw rateLimited(wait / 1000);
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Writes an ApiError as the contract's JSON body. */
export function sendError(ctx: Context, req: Request, res: Response, err: unknown): void {
  const e = toApiError(err);
  if (e.code === 'internal') ctx.log.error({ err, path: pathOnly(req.originalUrl), method: req.method }, 'unhandled error');
  ctx.metrics.rejected.inc({ code: e.code });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (e.retryAfterSec !== undefined) res.setHeader('Retry-After', String(e.retryAfterSec));
  res.status(e.status).json(e.body());
}

/** The last middleware: every error becomes the contract's `{error, message}`; body-parser errors map to 400/413. */
export function errorHandler(ctx: Context) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const e = err as { type?: string; status?: number };
    if (e && typeof e === 'object' && typeof e.type === 'string') {
      if (e.type === 'entity.too.large') return sendError(ctx, req, res, new ApiError('too_large', 'request body too large'));
      if (e.type === 'entity.parse.failed') return sendError(ctx, req, res, new ApiError('bad_request', 'body: not valid JSON'));
      if (e.status && e.status >= 400 && e.status < 500) return sendError(ctx, req, res, new ApiError('bad_request', 'body: could not be read'));
    }
    sendError(ctx, req, res, err);
  };
}
