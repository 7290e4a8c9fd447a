import type { Request as HttpRequest, Response as HttpResponse } from 'express';
import { Connection as StreamAdapter, createSession, EventBuffer, type Session, type SessionOptions } from 'better-sse';
import { z } from 'zod';
import type { Context } from '../context.js';
import type { WireEvent } from '../events.js';
import { rateLimited, unavailable } from '../errors.js';
import { newId } from '../ids.js';
import type { Principal } from '../services/auth.js';
import { me, sendError } from '../http/middleware.js';
import { parse } from '../http/validate.js';
import type { EncodeCache } from './frames.js';
import type { ConnectionRegistry, LiveConnection } from './registry.js';
import { Delivery, type Sink } from './delivery.js';
import { MAX_QUEUED_BYTES, room } from './backpressure.js';

/** A comment line this often keeps proxies from closing an idle stream (the contract asks for ≤ 15 s). */
const KEEP_ALIVE_MS = 10_000;
/** The keep-alive timer's step: each step, the streams that joined in one step of the period get their comment. */
const KEEP_ALIVE_STEP_MS = 1_000;
/** What a browser's EventSource waits before it reconnects. */
const RETRY_MS = 2_000;

export const eventsQuery = z.object({
  cursor: z.string().max(80).optional(),
  /** Read by the stream's authentication (middleware.ts requireStreamAuth); listed for the document. */
  ticket: z
    .string()
    .max(200)
    .optional()
    .meta({ description: 'A single-use stream ticket from `POST /v1/events/ticket` (preferred over `access_token`).' }),
});
/** Event JSON is written as it is: it never holds a raw newline. */
const serializer = (d: unknown): string => (typeof d === 'string' ? d : JSON.stringify(d));
const SESSION_OPTIONS: SessionOptions = {
  // Our own keep-alive timer: it is tied to the response's close, which better-sse's is not
  // when the client goes away before the stream's head is written.
  keepAlive: null,
  retry: RETRY_MS,
  trustClientEventId: false,
  serializer,
};
/** Response headers beyond better-sse's own. */
const STREAM_HEADERS = { 'X-Accel-Buffering': 'no' };

/**
 * Server-Sent Events (`GET /v1/events`). Durable events go out as `id: <cursor>` / `event: <type>` /
 * `data: <event JSON>`, live-only ones without an id, so a browser's EventSource resumes after
 * the last durable event on its own (Last-Event-ID wins over `?cursor=`). The stream opens with an
 * `event: ready` whose id and data carry the cursor it starts from, so even a client that saw no
 * event yet reconnects without a gap. Refusals before the stream (401, 429, 503) are JSON.
 */
export class SseTransport {
  private readonly shared: SseShared;
  private draining = false;

  constructor(ctx: Context, registry: ConnectionRegistry, cache: EncodeCache) {
    this.shared = { ctx, registry, cache, keepAlive: new KeepAlive() };
  }

  /** Refuses new streams from now on (drain); open ones are ended through the registry. */
  stopAccepting(): void {
    this.draining = true;
  }

  handle = async (req: HttpRequest, res: HttpResponse): Promise<void> => {
    const { ctx, registry } = this.shared;
    let conn: SseConnection | undefined;
    try {
      if (this.draining) throw unavailable('this gate is draining; connect to another one');
      const p = me(req);
      const q = parse(eventsQuery, req.query, 'query');
      const header = req.headers['last-event-id'];
      const cursor =
        (typeof header === 'string' && header.trim() !== '' ? header.trim().slice(0, 80) : undefined) ??
        q.cursor ??
        null;
      conn = new SseConnection(this.shared, p, res, req.ip ?? null);
      if (!registry.add(conn)) throw rateLimited(1, 'too many connections for this user');
      conn.watchClose();
      // The router's state for going on to the next handler (its closures, the mount's saved
      // params) hangs off the request for the stream's whole life; the stream never goes on.
      req.next = undefined;
      await conn.delivery.subscribe();
      if (conn.isClosed) return;
      conn.attach(await conn.open());
      await conn.delivery.start(cursor);
    } catch (err) {
      if (conn) registry.remove(conn);
      if (!res.headersSent) return sendError(ctx, req, res, err);
      ctx.log.warn({ err: (err as Error).message }, 'event stream failed');
      conn?.end();
    }
  };
}

/** What every stream of a gate shares. */
interface SseShared {
  ctx: Context;
  registry: ConnectionRegistry;
  cache: EncodeCache;
  keepAlive: KeepAlive;
}

/**
 * The keep-alive comments of a gate's streams, from one timer that runs while there are streams. A
 * stream joins the group of the current step of the period; each step, one group gets its comment.
 * So every stream gets one every KEEP_ALIVE_MS (the first one 9-10 s after its head), and the writes
 * are spread over the period as the streams' own timers spread them.
 */
class KeepAlive {
  private readonly groups = Array.from({ length: KEEP_ALIVE_MS / KEEP_ALIVE_STEP_MS }, () => new Set<SseConnection>());
  private step = 0;
  private count = 0;
  private timer: NodeJS.Timeout | undefined;

  /** Adds a stream; returns its group, for `remove`. */
  add(c: SseConnection): number {
    this.groups[this.step]!.add(c);
    if (++this.count === 1) {
      this.timer = setInterval(() => this.next(), KEEP_ALIVE_STEP_MS);
      this.timer.unref();
    }
    return this.step;
  }

  remove(c: SseConnection, group: number): void {
    if (!this.groups[group]!.delete(c) || --this.count > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private next(): void {
    this.step = (this.step + 1) % this.groups.length;
    for (const c of this.groups[this.step]!) c.comment();
  }
}

/** The stream of each open response, for the response's shared close listener. */
const streamOf = new WeakMap<HttpResponse, SseConnection>();

/** The response closed (ended by us, or the client went away). */
function onResponseClose(this: HttpResponse): void {
  const c = streamOf.get(this);
  if (!c) return;
  streamOf.delete(this);
  c.onClose();
}

const CLOSED: Promise<void> = Promise.resolve();

/**
 * One event stream. Writes go through better-sse; ends are the response's end.
 *
 * The connection is its delivery's sink, and an idle one holds no closures or promises of its own:
 * the response's close listener is shared, one timer sends every stream's keep-alive, and `done`
 * is made only when a drain asks for it.
 *
 * It is also better-sse's adapter for the response (a `Connection`, the library's way to serve a
 * framework of one's own). The library's adapter for Node keeps, for the stream's whole life, a URL,
 * a fetch Request and Response with a copy of every request and response header, and an
 * AbortController whose signal follows the request's close; this one keeps the response alone,
 * makes what the session reads from it when it reads it, and writes the same head.
 */
class SseConnection extends StreamAdapter implements LiveConnection, Sink {
  readonly id = newId();
  readonly transport = 'sse';
  readonly delivery: Delivery;
  private stream: Session | undefined;
  private endRequested = false;
  private closed = false;
  /** The stream's keep-alive group, once its head is out. */
  private keepAliveGroup: number | undefined;
  private donePromise: Promise<void> | undefined;
  private resolveDone: (() => void) | undefined;
  /** The head to write, from when the session is made until it writes it. */
  private head: globalThis.Response | undefined;
  /** The session's listener for the stream's end (what it would add to an abort signal). */
  private onAbort: (() => void) | undefined;

  constructor(
    private readonly shared: SseShared,
    readonly principal: Principal,
    private readonly res: HttpResponse,
    readonly remoteAddr: string | null,
  ) {
    super();
    this.delivery = new Delivery(shared.ctx, principal, this);
  }

  /**
   * Makes the better-sse session, which writes the head and the `retry` field; resolves once they are
   * out. Refuses what the library's Node adapter refuses (a request URL it cannot parse, or one with
   * credentials in it), and turns Nagle off as it does.
   */
  open(): Promise<Session> {
    const url = this.url;
    if (url.username !== '' || url.password !== '')
      throw new TypeError('Request cannot be constructed from a URL that includes credentials');
    this.res.socket?.setNoDelay(true);
    this.head = this.headNow();
    return createSession(this, SESSION_OPTIONS);
  }

  /**
   * From now on the response's close ends the connection (and takes it out of the registry); now,
   * when the client went away before this (while its token was checked).
   */
  watchClose(): void {
    if (this.res.destroyed) return this.onClose();
    streamOf.set(this.res, this);
    this.res.on('close', onResponseClose);
  }

  /** The stream's head went out: writes may begin (an end asked for meanwhile happens now). */
  attach(stream: Session): void {
    if (this.closed) return;
    this.stream = stream;
    this.keepAliveGroup = this.shared.keepAlive.add(this);
    if (this.endRequested) this.end();
  }

  /** The response is closed (ended by us, or the client went away). */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Resolves once the response has closed. */
  get done(): Promise<void> {
    if (this.closed) return CLOSED;
    return (this.donePromise ??= new Promise((r) => (this.resolveDone = r)));
  }

  drain(): void {
    this.endWith('gate draining; reconnect');
  }

  end(): void {
    this.delivery.stop();
    // Before the head is out, ending would race better-sse writing it: end right after instead.
    if (!this.stream) {
      this.endRequested = true;
      return;
    }
    if (!this.res.writableEnded) this.res.end();
  }

  onClose(): void {
    this.closed = true;
    if (this.keepAliveGroup !== undefined) this.shared.keepAlive.remove(this, this.keepAliveGroup);
    this.delivery.stop();
    this.shared.registry.remove(this);
    this.resolveDone?.();
    this.resolveDone = undefined;
    const abort = this.onAbort;
    this.onAbort = undefined;
    abort?.();
  }

  // better-sse's adapter. Its session reads `url` as it writes the head (for its padding options),
  // `request.signal` to hear of the stream's end (trustClientEventId is off, so nothing else of the
  // request), and `response` only if asked for it.

  get url(): URL {
    const req = this.res.req;
    return new URL(req.url ?? '/', `http://${req.headers.host ?? StreamAdapter.constants.REQUEST_HOST}`);
  }

  /** Stands in for a fetch Request: the session reads only its `signal`, which is this stream. */
  get request(): globalThis.Request {
    return { signal: this } as unknown as globalThis.Request;
  }

  get response(): globalThis.Response {
    return this.head ?? this.headNow();
  }

  /** The signal's part: the session's listener hears of the stream's end (once). */
  addEventListener(_type: 'abort', listener: () => void): void {
    this.onAbort = listener;
  }

  removeEventListener(): void {
    this.onAbort = undefined;
  }

  sendHead(): void {
    const head = this.response;
    this.head = undefined;
    this.res.writeHead(head.status, Object.fromEntries(head.headers));
  }

  sendChunk(chunk: string): void {
    this.res.write(chunk);
  }

  cleanup(): void {}

  /** The head as the library's Node adapter makes it: its headers, then the response's, then ours (the later wins). */
  private headNow(): globalThis.Response {
    const head = new Response(null, { status: this.res.statusCode, headers: StreamAdapter.constants.RESPONSE_HEADERS });
    // As the library does: a number (none is set before the head) becomes its string.
    StreamAdapter.applyHeaders(this.res.getHeaders() as Record<string, string | string[] | undefined>, head.headers);
    StreamAdapter.applyHeaders(STREAM_HEADERS, head.headers);
    return head;
  }

  // The delivery's sink.

  ready(cursor: string): void {
    this.write(new EventBuffer({ serializer }).id(cursor).event('ready').data(JSON.stringify({ cursor })).dispatch());
  }

  send(event: WireEvent): boolean {
    this.write(this.encode(event));
    this.shared.ctx.metrics.deliveries.inc({ transport: this.transport });
    return this.res.writableLength <= MAX_QUEUED_BYTES;
  }

  expired(head: string): void {
    this.write(
      new EventBuffer({ serializer })
        .id(head)
        .event('cursor_expired')
        .data(JSON.stringify({ cursor: head }))
        .dispatch(),
    );
  }

  kick(): void {
    this.endWith('this device session was revoked');
  }

  close(code: number, reason: string): void {
    this.endWith(`${code} ${reason}`);
  }

  room(): Promise<boolean> {
    return room(
      () => this.res.writableLength,
      () => this.closed,
    );
  }

  /** Writes a comment line (the client's EventSource ignores it). */
  comment(text?: string): void {
    this.write(new EventBuffer({ serializer }).comment(text).dispatch());
  }

  /** Ends the stream with a comment saying why. */
  private endWith(reason: string): void {
    this.comment(reason);
    this.end();
  }

  private write(buf: EventBuffer): void {
    if (this.stream && !this.closed && !this.res.writableEnded) void this.stream.batch(buf);
  }

  private encode(event: WireEvent): EventBuffer {
    const { cache } = this.shared;
    return cache.get(event, 'sse', () => {
      const b = new EventBuffer({ serializer });
      if (event.cursor !== undefined) b.id(event.cursor);
      return b.event(event.type).data(cache.json(event)).dispatch();
    });
  }
}
