import type { Request, Response } from 'express';
import { createSession, EventBuffer, type Session } from 'better-sse';
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
import { LiveSession, type Sink } from './session.js';

/** A comment line this often keeps proxies from closing an idle stream (the contract asks for ≤ 15 s). */
const KEEP_ALIVE_MS = 10_000;
/** What a browser's EventSource waits before it reconnects. */
const RETRY_MS = 2_000;
const MAX_BUFFERED_BYTES = 1024 * 1024;
const LOW_WATER_BYTES = 256 * 1024;
const DRAIN_WAIT_MS = 30_000;

const eventsQuery = z.object({ cursor: z.string().max(80).optional() });
/** Event JSON is written as it is: it never holds a raw newline. */
const serializer = (d: unknown): string => (typeof d === 'string' ? d : JSON.stringify(d));

/**
 * Server-Sent Events (`GET /v1/events`). Durable events go out as `id: <cursor>` / `event: <type>` /
 * `data: <event JSON>`, live-only ones without an id, so a browser's EventSource resumes after
 * the last durable event on its own (Last-Event-ID wins over `?cursor=`). The stream opens with an
 * `event: ready` whose id and data carry the cursor it starts from, so even a client that saw no
 * event yet reconnects without a gap. Refusals before the stream (401, 429, 503) are JSON.
 */
export class SseTransport {
  readonly capabilities = { bidirectional: false, binary: false } as const;
  private readonly shared: SseShared;
  private draining = false;

  constructor(ctx: Context, registry: ConnectionRegistry, cache: EncodeCache) {
    this.shared = { ctx, registry, cache };
  }

  /** Refuses new streams from now on (drain); open ones are ended through the registry. */
  stopAccepting(): void {
    this.draining = true;
  }

  handle = async (req: Request, res: Response): Promise<void> => {
    const { ctx, registry } = this.shared;
    let conn: SseConnection | undefined;
    try {
      if (this.draining) throw unavailable('this gate is draining; connect to another one');
      const p = me(req);
      const q = parse(eventsQuery, req.query, 'query');
      const header = req.headers['last-event-id'];
      const cursor = (typeof header === 'string' && header.trim() !== '' ? header.trim().slice(0, 80) : undefined) ?? q.cursor ?? null;
      conn = new SseConnection(this.shared, p, res, req.ip ?? null);
      if (!registry.add(conn)) throw rateLimited(1, 'too many connections for this user');
      conn.watchClose();
      await conn.session.subscribe();
      if (conn.isClosed) return;
      const session = await createSession(req, res, {
        // Our own keep-alive timer: it is tied to the response's close, which better-sse's is not
        // when the client goes away before the stream's head is written.
        keepAlive: null,
        retry: RETRY_MS,
        trustClientEventId: false,
        serializer,
        headers: { 'X-Accel-Buffering': 'no' },
      });
      conn.attach(session);
      await conn.session.start(cursor);
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
}

/** The stream of each open response, for the response's shared close listener. */
const streamOf = new WeakMap<Response, SseConnection>();

/** The response closed (ended by us, or the client went away). */
function onResponseClose(this: Response): void {
  const c = streamOf.get(this);
  if (!c) return;
  streamOf.delete(this);
  c.onClose();
}

const CLOSED: Promise<void> = Promise.resolve();

/**
 * One event stream. Writes go through better-sse; ends are the response's end.
 *
 * The connection is its session's sink, and an idle one holds no closures or promises of its own:
 * the response's close listener is shared, the keep-alive timer calls a shared function, and `done`
 * is made only when a drain asks for it.
 */
class SseConnection implements LiveConnection, Sink {
  readonly id = newId();
  readonly transport = 'sse';
  readonly session: LiveSession;
  private stream: Session | undefined;
  private endRequested = false;
  private closed = false;
  private keepAlive: NodeJS.Timeout | undefined;
  private donePromise: Promise<void> | undefined;
  private resolveDone: (() => void) | undefined;

  constructor(
    private readonly shared: SseShared,
    readonly principal: Principal,
    private readonly res: Response,
    readonly remoteAddr: string | null,
  ) {
    this.session = new LiveSession(shared.ctx, principal, this);
  }

  /** From now on the response's close ends the connection (and takes it out of the registry). */
  watchClose(): void {
    streamOf.set(this.res, this);
    this.res.on('close', onResponseClose);
  }

  /** The stream's head went out: writes may begin (an end asked for meanwhile happens now). */
  attach(stream: Session): void {
    if (this.closed) return;
    this.stream = stream;
    this.keepAlive = setInterval(sendKeepAlive, KEEP_ALIVE_MS, this);
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
    this.session.stop();
    // Before the head is out, ending would race better-sse writing it: end right after instead.
    if (!this.stream) {
      this.endRequested = true;
      return;
    }
    if (!this.res.writableEnded) this.res.end();
  }

  onClose(): void {
    this.closed = true;
    clearInterval(this.keepAlive);
    this.session.stop();
    this.shared.registry.remove(this);
    this.resolveDone?.();
    this.resolveDone = undefined;
  }

  // The session's sink.

  ready(cursor: string): void {
    this.write(new EventBuffer({ serializer }).id(cursor).event('ready').data(JSON.stringify({ cursor })).dispatch());
  }

  send(event: WireEvent): boolean {
    this.write(this.encode(event));
    this.shared.ctx.metrics.deliveries.inc({ transport: this.transport });
    return this.res.writableLength <= MAX_BUFFERED_BYTES;
  }

  expired(head: string): void {
    this.write(new EventBuffer({ serializer }).id(head).event('cursor_expired').data(JSON.stringify({ cursor: head })).dispatch());
  }

  kick(): void {
    this.endWith('this device session was revoked');
  }

  close(code: number, reason: string): void {
    this.endWith(`${code} ${reason}`);
  }

  drained(): Promise<boolean> {
    if (this.res.writableLength <= LOW_WATER_BYTES) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (ok: boolean) => {
        clearTimeout(t);
        this.res.off('drain', onDrain);
        this.res.off('close', onGone);
        resolve(ok);
      };
      const onDrain = () => finish(true);
      const onGone = () => finish(false);
      const t = setTimeout(onGone, DRAIN_WAIT_MS);
      this.res.on('drain', onDrain);
      this.res.on('close', onGone);
    });
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

function sendKeepAlive(c: SseConnection): void {
  c.comment();
}
