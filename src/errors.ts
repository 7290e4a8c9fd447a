/**
 * The one registry of refusals. Every error a client can see has a code here, with its HTTP status
 * and the WebSocket close code used when the refusal ends a connection. Handlers throw ApiError;
 * the HTTP and WebSocket layers turn it into the contract's `{error, message}` shape. Anything else
 * thrown is logged and answered as a generic 500 without its message or stack.
 */
export const ERRORS = {
  bad_request: { status: 400, close: 4400 },
  unauthorized: { status: 401, close: 4401 },
  forbidden: { status: 403, close: 4403 },
  not_found: { status: 404, close: 4404 },
  conflict: { status: 409, close: 4409 },
  cursor_expired: { status: 410, close: 4410 },
  too_large: { status: 413, close: 4413 },
  rate_limited: { status: 429, close: 4429 },
  internal: { status: 500, close: 4500 },
  unavailable: { status: 503, close: 4503 },
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** WebSocket close codes that are not a refusal of one request. */
export const CLOSE = {
  /** The first frame was not a login, or none came within the login timeout. */
  loginRequired: 4401,
  /** The device session was revoked (logout, logout-all, theft detection, a per-device revoke). */
  kicked: 4403,
  /** No frame for longer than the idle limit. */
  idle: 4408,
  /** The client could not keep up; it should reconnect and resume from its last cursor. */
  slowConsumer: 4429,
  /** The gate is draining; reconnect (to any gate) and resume from the last cursor. */
  reconnect: 4503,
} as const;

/** A refusal with a contract code; `extra` fields are merged into the JSON body (e.g. `cursor`). */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly retryAfterSec?: number,
  ) {
    super(message);
    this.status = ERRORS[code].status;
  }

  /** The JSON body the contract specifies. */
  body(): Record<string, unknown> {
    return { error: this.code, message: this.message, ...this.extra };
  }
}

export const badRequest = (message: string) => new ApiError('bad_request', message);
export const unauthorized = (message = 'authentication required') => new ApiError('unauthorized', message);
export const forbidden = (message = 'not allowed') => new ApiError('forbidden', message);
export const notFound = (message = 'not found') => new ApiError('not_found', message);
export const conflict = (message: string) => new ApiError('conflict', message);
export const tooLarge = (message: string) => new ApiError('too_large', message);
export const rateLimited = (retryAfterSec: number, message = 'too many requests') =>
  new ApiError('rate_limited', message, {}, Math.max(1, Math.ceil(retryAfterSec)));
export const unavailable = (message = 'a store is unavailable, retry shortly', retryAfterSec = 2) =>
  new ApiError('unavailable', message, {}, retryAfterSec);
export const cursorExpired = (head: string) =>
  new ApiError('cursor_expired', 'the cursor is older than the inbox; reload and continue from the head', {
    cursor: head,
  });

/** Recognises errors from the store clients that mean "a store is down", so they map to 503. */
export function isStoreDown(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      'CONNECTION_CLOSED',
      'CONNECTION_ENDED',
      'CONNECTION_DESTROYED',
      'CONNECT_TIMEOUT',
      '57P01',
      '57P03',
    ].includes(code)
  ) {
    return true;
  }
  return /Connection is closed|Stream isn't writeable|ECONNREFUSED|max retries|MaxRetriesPerRequest|CLUSTERDOWN|LOADING/.test(
    err.message,
  );
}

/** Maps any thrown value to an ApiError; unknown errors become `internal` with a generic message. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (isStoreDown(err)) return unavailable();
  return new ApiError('internal', 'internal error');
}
