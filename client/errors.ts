/** Contract error codes (API.md) plus the client's own: `network` (no answer) and `timeout`. */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'cursor_expired'
  | 'too_large'
  | 'rate_limited'
  | 'internal'
  | 'unavailable'
  | 'network'
  | 'timeout'
  | 'closed'
  | (string & {});

/** HTTP status of each contract code, for refusals that arrive over a WebSocket error frame. */
const STATUS: Record<string, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  cursor_expired: 410,
  too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/**
 * A refusal from the gateway (or the client's own `network`/`timeout`/`closed`). `status` is 0 when
 * no HTTP answer came. `body` keeps extra fields such as the head `cursor` of `cursor_expired`.
 */
export class ImError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status = STATUS[code] ?? 0,
    readonly retryAfterMs?: number,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ImError';
  }

  /** True when trying the same request again later may succeed (and cannot do harm for an idempotent one). */
  get retryable(): boolean {
    return this.code === 'network' || this.code === 'timeout' || this.status === 429 || this.status >= 500;
  }
}
