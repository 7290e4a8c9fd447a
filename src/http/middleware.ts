import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Context } from '../context.js';
import { ApiError, forbidden, rateLimited, toApiError } from '../errors.js';
import { authenticate, redeemStreamTicket, type Principal } from '../services/auth.js';
import { pathOnly } from '../log.js';
import { bearerToken } from '../auth/bearer.js';

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

/** The access token of a request, by the one rule of src/auth/bearer.ts. */
export function tokenOf(req: Request, allowQuery: boolean): string | undefined {
  const q = req.query['access_token'];
  return bearerToken(req.headers.authorization, typeof q === 'string' ? q : undefined, allowQuery);
}

/** Authenticates every request of a router. */
export function requireAuth(ctx: Context, allowQueryToken = false): RequestHandler {
  return (req, _res, next) => {
    try {
      req.principal = authenticate(ctx, tokenOf(req, allowQueryToken));
      next();
    } catch (err) {
      next(err);
    }
  };
}

/**
 * Authenticates an event stream: a `?ticket=` (from `POST /v1/events/ticket`) when there is one, which
 * then decides alone, else the bearer token or `?access_token=`.
 */
export function requireStreamAuth(ctx: Context): RequestHandler {
  return async (req, _res, next) => {
    try {
      const ticket = req.query['ticket'];
      req.principal =
        typeof ticket === 'string'
          ? await redeemStreamTicket(ctx, ticket)
          : await authenticate(ctx, tokenOf(req, true));
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Request headers a cross-origin browser client may send. */
const CORS_ALLOW_HEADERS = 'Authorization, Content-Type, Last-Event-ID, If-None-Match, If-Range, Range';
/** Response headers a cross-origin browser client may read (beyond the CORS-safelisted ones). */
const CORS_EXPOSE_HEADERS = 'Retry-After, ETag, Content-Disposition, Content-Range, Content-Length';

/**
 * CORS for the HTTP API (CORS_ORIGINS). Empty: no CORS headers at all, so browsers only let pages of
 * the gate's own origin read answers. Otherwise a listed origin (or any, with `*`) gets
 * Access-Control-Allow-Origin on every answer, errors included, and its preflights are answered 204;
 * a preflight from an unlisted origin is refused with 403 `forbidden`, and its other requests get no
 * CORS headers (the browser then withholds the answer). Tokens travel in the Authorization header,
 * never in cookies, so credentials are not allowed.
 */
export function cors(origins: readonly string[]): RequestHandler {
  const simple = corsHeaders(origins);
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return (req, res, next) => {
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    const origin = req.headers.origin;
    if (!preflight || allowed.size === 0 || origin === undefined) {
      simple(req, res);
      return next();
    }
    if (!any) res.vary('Origin');
    if (!any && !allowed.has(origin)) return next(forbidden('origin not allowed'));
    res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PATCH, DELETE');
    res.setHeader('Access-Control-Allow-Headers', CORS_ALLOW_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}

/**
 * The CORS headers of an answer to a request that is not a preflight (see `cors`): on plain node
 * objects, so the hot routes give the same headers as the express stack.
 */
export function corsHeaders(origins: readonly string[]): (req: IncomingMessage, res: ServerResponse) => void {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return (req, res) => {
    if (allowed.size === 0) return;
    if (!any) res.setHeader('Vary', 'Origin');
    const origin = req.headers.origin;
    if (origin === undefined || (!any && !allowed.has(origin))) return;
    res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
    res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSE_HEADERS);
  };
}

/** Rate limit keyed by `key(req)`: `limit` requests per `windowSec`, 429 with Retry-After beyond. */
export function rateLimit(
  ctx: Context,
  name: string,
  limit: number,
  windowSec: number,
  key: (req: Request) => string | undefined,
): RequestHandler {
  return async (req, _res, next) => {
    try {
      const k = key(req);
      if (k !== undefined) {
        const wait = await ctx.rateLimits.consume(`${name}:${k}`, limit, windowSec);
        if (wait > 0) throw rateLimited(wait / 1000);
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

/**
 * Writes a JSON answer on a plain node response (the hot routes answer without express; an express
 * Response is one too). Express's own `res.json` gives the same status, type and body.
 */
export function writeJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** Writes an ApiError as the contract's JSON body. */
export function sendError(ctx: Context, req: IncomingMessage, res: ServerResponse, err: unknown): void {
  const e = toApiError(err);
  if (e.code === 'internal')
    ctx.log.error(
      { err, path: pathOnly((req as { originalUrl?: string }).originalUrl ?? req.url ?? ''), method: req.method },
      'unhandled error',
    );
  ctx.metrics.rejected.inc({ code: e.code });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (e.retryAfterSec !== undefined) res.setHeader('Retry-After', String(e.retryAfterSec));
  writeJson(res, e.status, e.body());
}

/**
 * The last middleware: every error becomes the contract's `{error, message}`. Errors of the HTTP
 * plumbing (body-parser, a path parameter that is not valid percent-encoding, a body whose
 * Content-Encoding does not inflate) carry a 4xx status of their own and map to 400/413.
 */
export function errorHandler(ctx: Context) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const e = err as { type?: string; status?: unknown; statusCode?: unknown };
    if (e && typeof e === 'object' && !(err instanceof ApiError)) {
      const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 0;
      if (e.type === 'entity.too.large' || status === 413)
        return sendError(ctx, req, res, new ApiError('too_large', 'request body too large'));
      if (e.type === 'entity.parse.failed')
        return sendError(ctx, req, res, new ApiError('bad_request', 'body: not valid JSON'));
      if (err instanceof URIError)
        return sendError(ctx, req, res, new ApiError('bad_request', 'path: not valid percent-encoding'));
      if (status === 404) return sendError(ctx, req, res, new ApiError('not_found', 'not found'));
      if (status >= 400 && status < 500)
        return sendError(
          ctx,
          req,
          res,
          new ApiError(
            'bad_request',
            typeof e.type === 'string' ? 'body: could not be read' : 'request could not be read',
          ),
        );
    }
    sendError(ctx, req, res, err);
  };
}
