import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { bearerToken } from '../auth/bearer.js';
import { unauthorized } from '../errors.js';

/**
 * Who may scrape `/metrics`. With `token` (METRICS_TOKEN) only a request whose
 * `Authorization: Bearer` header carries it; anything else gets 401 `unauthorized`. The query
 * string never counts: it ends up in access logs. Without a token every request passes, for
 * deployments that keep `/metrics` off their public routes.
 */
export function metricsAccess(token: string | undefined): RequestHandler {
  if (token === undefined) return (_req, _res, next) => next();
  const expected = digest(token);
  return (req, res, next) => {
    const given = bearerToken(req.headers.authorization, undefined, false);
    // Digests have one length whatever was sent, so the comparison takes the same time for every
    // guess and reveals neither the token's length nor how much of a guess was right.
    if (given !== undefined && timingSafeEqual(digest(given), expected)) return next();
    res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
    next(unauthorized('metrics need the bearer token the gate was configured with'));
  };
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
