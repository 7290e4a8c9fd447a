import { unref } from '../backoff.js';
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
 * `/v1/events` (Server-Sent Events), resuming with `?cursor=` and authenticating with
 * `?access_token=` since EventSource cannot send headers. The EventSource's own reconnect is not
 * used: on any error the stream is closed and the client reconnects from the last cursor it
 * processed, with a fresh token. Not bidirectional: sends go over REST.
 */
class SseTransport implements Transport {
  readonly name = 'sse' as const;
  readonly capabilities = { bidirectional: false } as const;
  private readonly es: EventSourceLike;
  private live = false;
  private done = false;
  private readonly openTimer: ReturnType<typeof setTimeout>;

  constructor(
    Ctor: EventSourceCtor,
    ctx: TransportContext,
    private readonly sink: TransportSink,
  ) {
    const url = new URL('/v1/events', ctx.baseUrl);
    url.searchParams.set('access_token', ctx.token);
    if (ctx.cursor !== undefined) url.searchParams.set('cursor', ctx.cursor);
    this.es = new Ctor(url.toString());
    this.es.addEventListener('open', () => this.markLive());
    for (const type of EVENT_TYPES) this.es.addEventListener(type, (ev) => this.onEvent(field(ev, 'data')));
    this.es.addEventListener('cursor_expired', (ev) => this.onExpired(field(ev, 'data')));
    this.es.addEventListener('error', (ev) => {
      const code = field(ev, 'code');
      this.fail(typeof code === 'number' ? code : undefined);
    });
    this.openTimer = setTimeout(() => {
      if (!this.live) this.fail(undefined, 'no stream in time');
    }, OPEN_TIMEOUT_MS);
    unref(this.openTimer);
  }

  send(): boolean {
    return false;
  }

  close(): void {
    this.done = true;
    clearTimeout(this.openTimer);
    this.es.close();
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
    this.es.close();
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
