import { ImError } from './errors.js';
import { Backoff, sleep } from './backoff.js';

/** How a request may be repeated. */
export type RetryMode =
  /** Safe to repeat whatever happened (GETs, sends with a clientMsgId, read markers): retry on network errors, 5xx and 429. */
  | 'idempotent'
  /** Repeat only when the server said it did nothing: 429 and 503. */
  | 'refused'
  | 'none';

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  /** JSON body. */
  body?: unknown;
  /** Multipart body; a function because a FormData is rebuilt for each attempt. */
  form?: () => FormData;
  /** Send the access token (default true). */
  auth?: boolean;
  /** Default: `idempotent` for GET, `refused` otherwise. */
  retry?: RetryMode;
  /** Attempts in all, the first included (default 5). */
  maxAttempts?: number;
  signal?: AbortSignal;
}

/** What the HTTP layer needs from the session. */
export interface TokenSource {
  /** The access token to send (refreshed first when about to expire); undefined when logged out. */
  token(): Promise<string | undefined>;
  /** Called once on a 401 for a request sent with `used`; resolves true when a retry may succeed. */
  unauthorized(used: string): Promise<boolean>;
}

export interface HttpOptions {
  baseUrl: () => string;
  fetch: typeof fetch;
  tokens: TokenSource;
  backoff?: () => Backoff;
}

/**
 * JSON over fetch with the contract's conventions: bearer auth, one token refresh and retry on a
 * 401, retries with jittered backoff that honour `Retry-After`, and `{error, message}` bodies turned
 * into `ImError`s. A request either resolves with the parsed body or rejects with an ImError.
 */
export class Http {
  constructor(private readonly opts: HttpOptions) {}

  /** The absolute URL of `path` (already absolute URLs pass through) on the current gate. */
  url(path: string, query?: RequestOptions['query']): string {
    const u = new URL(path, this.opts.baseUrl());
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /** Performs a request and parses its JSON body (undefined for 204). */
  async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.fetch(method, path, opts);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Performs a request and returns the successful Response (for downloads). */
  async fetch(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const mode = opts.retry ?? (method === 'GET' ? 'idempotent' : 'refused');
    const max = mode === 'none' ? 1 : (opts.maxAttempts ?? 5);
    const backoff = this.opts.backoff?.() ?? new Backoff({ baseMs: 300, maxMs: 10_000 });
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      let err: ImError;
      let used: string | undefined;
      try {
        used = opts.auth === false ? undefined : await this.opts.tokens.token();
        const res = await this.once(method, path, opts, used);
        if (res.ok) return res;
        err = await errorOf(res);
      } catch (e) {
        if (e instanceof ImError) err = e;
        else if (opts.signal?.aborted) throw new ImError('closed', 'request aborted');
        else err = new ImError('network', e instanceof Error ? e.message : 'network error');
      }
      if (err.status === 401 && used !== undefined && !refreshed) {
        refreshed = true;
        if (await this.opts.tokens.unauthorized(used)) {
          attempt--;
          continue;
        }
      }
      const again =
        mode === 'idempotent' ? err.retryable : mode === 'refused' && (err.status === 429 || err.status === 503);
      if (!again || attempt >= max || opts.signal?.aborted) throw err;
      await sleep(Math.max(err.retryAfterMs ?? 0, backoff.next()), opts.signal);
    }
  }

  private once(method: string, path: string, opts: RequestOptions, token: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (opts.form) body = opts.form();
    else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    return this.opts.fetch(this.url(path, opts.query), { method, headers, body, signal: opts.signal });
  }
}

/** The ImError of a non-2xx response: the contract's `{error, message}` body and Retry-After. */
export async function errorOf(res: Response): Promise<ImError> {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(await res.text());
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    /* not JSON: keep the status alone */
  }
  const code = typeof body.error === 'string' ? body.error : res.status >= 500 ? 'internal' : 'bad_request';
  const message = typeof body.message === 'string' ? body.message : `HTTP ${res.status}`;
  return new ImError(code, message, res.status, retryAfterMs(res.headers.get('retry-after')), body);
}

/** `Retry-After` (seconds or an HTTP date) in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
