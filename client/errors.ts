import { ERRORS, type ErrorCode as ContractCode } from '../src/errors.js';

/** Contract error codes (the server's registry) plus the client's own: `network` (no answer), `timeout`, `closed`. */
export type ErrorCode = ContractCode | 'network' | 'timeout' | 'closed' | (string & {});

/** HTTP status of each contract code, for refusals that arrive over a WebSocket error frame. */
const STATUS: Record<string, number> = Object.fromEntries(Object.entries(ERRORS).map(([code, e]) => [code, e.status]));

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
