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
  private draining = false;

  constructor(
    private readonly ctx: Context,
    private readonly registry: ConnectionRegistry,
    private readonly cache: EncodeCache,
  ) {}

  /** Refuses new streams from now on (drain); open ones are ended through the registry. */
  stopAccepting(): void {
    this.draining = true;
  }

  handle = async (req: Request, res: Response): Promise<void> => {
    const { ctx } = this;
    let conn: SseConnection | undefined;
    try {
      if (this.draining) throw unavailable('this gate is draining; connect to another one');
      const p = me(req);
      const q = parse(eventsQuery, req.query, 'query');
      const header = req.headers['last-event-id'];
      const cursor = (typeof header === 'string' && header.trim() !== '' ? header.trim().slice(0, 80) : undefined) ?? q.cursor ?? null;
      conn = new SseConnection(ctx, p, res, this.cache, req.ip ?? null);
      if (!this.registry.add(conn)) throw rateLimited(1, 'too many connections for this user');
      const c = conn;
      res.on('close', () => {
        c.onClose();
        this.registry.remove(c);
      });
      await c.session.subscribe();
      if (c.isClosed) return;
      const session = await createSession(req, res, {
        // Our own keep-alive timer: it is tied to the response's close, which better-sse's is not
        // when the client goes away before the stream's head is written.
        keepAlive: null,
        retry: RETRY_MS,
        trustClientEventId: false,
        serializer,
        headers: { 'X-Accel-Buffering': 'no' },
      });
      c.attach(session);
      await c.session.start(cursor);
    } catch (err) {
      if (conn) this.registry.remove(conn);
      if (!res.headersSent) return sendError(ctx, req, res, err);
      ctx.log.warn({ err: (err as Error).message }, 'event stream failed');
      conn?.end();
    }
  };
}

/** One event stream. Writes go through better-sse; ends are the response's end. */
class SseConnection implements LiveConnection {
  readonly id = newId();
  readonly transport = 'sse';
  readonly done: Promise<void>;
  readonly session: LiveSession;
  private stream: Session | undefined;
  private endRequested = false;
  private closed = false;
  private keepAlive: NodeJS.Timeout | undefined;
  private resolveDone!: () => void;

  constructor(
    private readonly ctx: Context,
    readonly principal: Principal,
    private readonly res: Response,
    private readonly cache: EncodeCache,
    readonly remoteAddr: string | null,
  ) {
    this.done = new Promise((r) => (this.resolveDone = r));
    this.session = new LiveSession(ctx, principal, this.sink());
  }

  /** The stream's head went out: writes may begin (an end asked for meanwhile happens now). */
  attach(stream: Session): void {
    if (this.closed) return;
    this.stream = stream;
    this.keepAlive = setInterval(() => this.write(new EventBuffer({ serializer }).comment().dispatch()), KEEP_ALIVE_MS);
    if (this.endRequested) this.end();
  }

  /** The response is closed (ended by us, or the client went away). */
  get isClosed(): boolean {
    return this.closed;
  }

  drain(): void {
    this.close('gate draining; reconnect');
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
    this.resolveDone();
  }

  private close(reason: string): void {
    this.write(new EventBuffer({ serializer }).comment(reason).dispatch());
    this.end();
  }

  private write(buf: EventBuffer): void {
    if (this.stream && !this.closed && !this.res.writableEnded) void this.stream.batch(buf);
  }

  private encode(event: WireEvent): EventBuffer {
    return this.cache.get(event, 'sse', () => {
      const b = new EventBuffer({ serializer });
      if (event.cursor !== undefined) b.id(event.cursor);
      return b.event(event.type).data(this.cache.json(event)).dispatch();
    });
  }

  private sink(): Sink {
    return {
      transport: this.transport,
      ready: (cursor) => this.write(new EventBuffer({ serializer }).id(cursor).event('ready').data(JSON.stringify({ cursor })).dispatch()),
      send: (event) => {
        this.write(this.encode(event));
        this.ctx.metrics.deliveries.inc({ transport: this.transport });
        return this.res.writableLength <= MAX_BUFFERED_BYTES;
      },
      drained: () => this.drained(),
      expired: (head) => this.write(new EventBuffer({ serializer }).id(head).event('cursor_expired').data(JSON.stringify({ cursor: head })).dispatch()),
      kick: () => this.close('this device session was revoked'),
      close: (code, reason) => this.close(`${code} ${reason}`),
    };
  }

  private drained(): Promise<boolean> {
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
}
