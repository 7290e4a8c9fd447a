import { unref } from '../backoff.js';
import { ImError } from '../errors.js';
import {
  asEvent,
  EVENT_TYPES,
  field,
  type Transport,
  type TransportContext,
  type TransportFactory,
  type TransportSink,
} from './transport.js';

/** The part of the WHATWG EventSource the client uses; the browser's and the `eventsource` package's both fit. */
export interface EventSourceLike {
  readonly readyState: number;
  close(): void;
  addEventListener(type: string, listener: (ev: unknown) => void): void;
}

export type EventSourceCtor = new (url: string) => EventSourceLike;

/** A stream that neither opens nor fails within this long is given up. */
const OPEN_TIMEOUT_MS = 10_000;

/**
 * `/v1/events` (Server-Sent Events), resuming with `?cursor=`. EventSource cannot send headers, so
 * the stream authenticates with a single-use `?ticket=` when the client can get one (the access
 * token then stays out of the URL, and out of proxy logs and history), else with `?access_token=`.
 * The EventSource's own reconnect is not used (it would present the used ticket again): on any error
 * the stream is closed and the client reconnects from the last cursor it processed, with a fresh
 * ticket or token. Not bidirectional: sends go over REST.
 */
class SseTransport implements Transport {
  readonly name = 'sse' as const;
  readonly capabilities = { bidirectional: false } as const;
  private es: EventSourceLike | null = null;
  private live = false;
  private done = false;
  private readonly openTimer: ReturnType<typeof setTimeout>;

  constructor(
    private readonly Ctor: EventSourceCtor,
    private readonly ctx: TransportContext,
    private readonly sink: TransportSink,
  ) {
    this.openTimer = setTimeout(() => {
      if (!this.live) this.fail(undefined, 'no stream in time');
    }, OPEN_TIMEOUT_MS);
    unref(this.openTimer);
    if (!ctx.ticket) {
      this.connect({ access_token: ctx.token });
      return;
    }
    ctx.ticket().then(
      (ticket) => this.connect(ticket === null ? { access_token: ctx.token } : { ticket }),
      (err: unknown) => this.fail(err instanceof ImError && err.status ? err.status : undefined, 'no stream ticket'),
    );
  }

  private connect(auth: Record<string, string>): void {
    if (this.done) return;
    const url = new URL('/v1/events', this.ctx.baseUrl);
    for (const [k, v] of Object.entries(auth)) url.searchParams.set(k, v);
    if (this.ctx.cursor !== undefined) url.searchParams.set('cursor', this.ctx.cursor);
    const es = new this.Ctor(url.toString());
    this.es = es;
    es.addEventListener('open', () => this.markLive());
    for (const type of EVENT_TYPES) es.addEventListener(type, (ev) => this.onEvent(field(ev, 'data')));
    es.addEventListener('cursor_expired', (ev) => this.onExpired(field(ev, 'data')));
    es.addEventListener('error', (ev) => {
      const code = field(ev, 'code');
      this.fail(typeof code === 'number' ? code : undefined);
    });
  }

  send(): boolean {
    return false;
  }

  close(): void {
    this.done = true;
    clearTimeout(this.openTimer);
    this.es?.close();
  }

  private markLive(): void {
    if (this.live || this.done) return;
    this.live = true;
    clearTimeout(this.openTimer);
    this.sink.open();
  }

  private onEvent(data: unknown): void {
    if (this.done) return;
    this.markLive();
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(data));
    } catch {
      return;
    }
    const ev = asEvent(parsed);
    if (ev) this.sink.event(ev);
  }

  private onExpired(data: unknown): void {
    if (this.done) return;
    this.markLive();
    let head: unknown;
    try {
      const parsed = JSON.parse(String(data)) as { cursor?: unknown; data?: { cursor?: unknown } };
      head = parsed.cursor ?? parsed.data?.cursor;
    } catch {
      head = String(data);
    }
    if (typeof head === 'string' && head) this.sink.expired(head);
  }

  private fail(status?: number, reason = 'event stream failed'): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.openTimer);
    this.es?.close();
    this.sink.closed({
      action: status === 401 ? 'auth' : 'backoff',
      opened: this.live,
      code: status,
      reason: status ? `${reason} (${status})` : reason,
    });
  }
}

/** The SSE transport over `Ctor` (the browser's EventSource, or `eventsource` in Node); unavailable without one. */
export function serverSentEvents(Ctor: EventSourceCtor | undefined | null): TransportFactory {
  return {
    name: 'sse',
    capabilities: { bidirectional: false },
    available: typeof Ctor === 'function',
    start(ctx, sink) {
      if (!Ctor) throw new Error('no EventSource constructor');
      return new SseTransport(Ctor, ctx, sink);
    },
  };
}
