import { WebSocket, type RawData } from 'ws';
import type { Context } from '../context.js';
import type { SendPipeline } from '../pipeline/pipeline.js';
import { authenticate, logout, type Principal } from '../services/auth.js';
import * as conv from '../services/conversations.js';
import { ApiError, CLOSE, badRequest, forbidden, rateLimited, toApiError, unavailable } from '../errors.js';
import { directConversationId, groupConversationId, newId } from '../ids.js';
import type { WireEvent } from '../events.js';
import type { ClientFrame, FrameCodec, MsgRef, ServerFrame } from './frames.js';
import type { ConnectionRegistry, LiveConnection } from './registry.js';
import { Delivery, type Sink } from './delivery.js';
import { MAX_QUEUED_BYTES, room } from './backpressure.js';

/** What every WebSocket connection of a gate shares. */
export interface WsDeps {
  ctx: Context;
  pipeline: SendPipeline;
  registry: ConnectionRegistry;
}

/** What the transport hands its connections: the shared deps, and its list of open connections. */
export interface WsShared extends WsDeps {
  /** Every open connection (logged in or not); each removes itself once its socket has closed. */
  conns: Set<WsConnection>;
}

/**
 * The gate's WebSocket class (`ws` makes its sockets from it): a socket knows its connection, so its
 * listeners are functions shared by all sockets rather than closures made for each.
 */
export class GateSocket extends WebSocket {
  conn: WsConnection | undefined;
}

export const LOGIN_TIMEOUT_MS = 10_000;
export const IDLE_TIMEOUT_MS = 60_000;
/** Frames received but not yet handled (they are handled one at a time, in order). */
const MAX_PENDING_FRAMES = 64;
/** The frame queue of a connection with nothing to handle (shared: one settled promise for all). */
const IDLE: Promise<void> = Promise.resolve();
const CLOSED: Promise<void> = Promise.resolve();

/**
 * One WebSocket connection: login, then frames in, events out. Frames are handled one at a time in
 * arrival order, so a client's sends get their seqs (and acks) in the order it sent them. A bad frame
 * gets an error frame and the connection goes on; only login failures, revocation, idleness,
 * slowness and draining close it.
 *
 * The connection is its delivery's sink. An idle connection holds no closures, timers or promises
 * of its own: the transport's sweep checks idleness, and `done` is made only when asked for.
 */
export class WsConnection implements LiveConnection, Sink {
  readonly id = newId();
  readonly transport = 'ws';
  /** Set by a successful login, before the connection is registered. */
  principal!: Principal;
  lastFrameAt = Date.now();
  private loggedIn = false;
  private registered = false;
  private ended = false;
  /** The socket has closed (and the connection is forgotten). */
  private gone = false;
  private delivery: Delivery | undefined;
  private queue: Promise<void> = IDLE;
  private pending = 0;
  /** Dropped once logged in, as is the upgrade's token: an idle connection keeps only what it uses. */
  private loginTimer: NodeJS.Timeout | undefined;
  private donePromise: Promise<void> | undefined;
  private resolveDone: (() => void) | undefined;

  constructor(
    private readonly deps: WsShared,
    private readonly ws: GateSocket,
    private readonly codec: FrameCodec,
    /** `?access_token=` or the Authorization header of the upgrade, used when the login frame has none. */
    private upgradeToken: string | undefined,
    readonly remoteAddr: string | null,
  ) {
    this.loginTimer = setTimeout(() => this.close(CLOSE.loginRequired, 'no login frame in time'), LOGIN_TIMEOUT_MS);
    ws.conn = this;
    ws.on('message', WsConnection.socketMessage);
    ws.on('error', WsConnection.socketError);
    ws.on('close', WsConnection.socketClose);
    deps.conns.add(this);
  }

  private static socketMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    (this as GateSocket).conn?.onMessage(data, isBinary);
  }

  /** A protocol error (oversized frame, bad opcode) closes the socket; 'close' follows. */
  private static socketError(this: WebSocket): void {}

  private static socketClose(this: WebSocket): void {
    (this as GateSocket).conn?.onClose();
  }

  /** Resolves once the socket has closed. */
  get done(): Promise<void> {
    if (this.gone) return CLOSED;
    return (this.donePromise ??= new Promise((r) => (this.resolveDone = r)));
  }

  /** Closes the connection if it was silent for longer than the idle limit. */
  checkIdle(now: number): void {
    if (this.loggedIn && now - this.lastFrameAt > IDLE_TIMEOUT_MS) this.close(CLOSE.idle, 'no frame for 60 s');
  }

  drain(): void {
    this.close(CLOSE.reconnect, 'gate draining; reconnect and resume from your cursor');
  }

  /** Cuts the socket without a close handshake (a client that does not answer one). */
  terminate(): void {
    this.ws.terminate();
  }

  // The delivery's sink.

  ready(cursor: string): void {
    this.write({ op: 'login_ok', userId: this.principal.userId, deviceId: this.principal.deviceId, cursor });
  }

  send(event: WireEvent): boolean {
    this.write({ op: 'event', event });
    this.deps.ctx.metrics.deliveries.inc({ transport: this.transport });
    return this.ws.bufferedAmount <= MAX_QUEUED_BYTES;
  }

  expired(head: string): void {
    this.write({
      op: 'error',
      code: 'cursor_expired',
      message: 'the cursor is older than the inbox; reload and continue from this cursor',
      cursor: head,
    });
  }

  kick(): void {
    this.close(CLOSE.kicked, 'this device session was revoked');
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.ended) return;
    this.lastFrameAt = Date.now();
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    const frame = this.codec.decode(buf, isBinary);
    if (this.pending >= MAX_PENDING_FRAMES) {
      const ref = frame.op === 'send' || frame.op === 'invalid' ? frame.ref : undefined;
      this.refuse(rateLimited(1, 'too many frames waiting; slow down'), ref);
      return;
    }
    this.pending++;
    this.queue = this.queue
      .then(() => this.handle(frame))
      .catch((err: unknown) => this.refuse(err, frame.op === 'send' ? frame.ref : undefined))
      .finally(() => {
        // With nothing left to handle, the settled chain (and the last frame it holds) is let go.
        if (--this.pending === 0) this.queue = IDLE;
      });
  }

  private async handle(f: ClientFrame): Promise<void> {
    if (this.ended) return;
    if (!this.loggedIn) {
      if (f.op === 'login') return this.login(f);
      this.refuse(new ApiError('unauthorized', 'the first frame must be a login'));
      return this.close(CLOSE.loginRequired, 'login required');
    }
    const { ctx } = this.deps;
    const me = this.principal;
    switch (f.op) {
      case 'invalid':
        return this.refuse(f.error, f.ref);
      case 'login':
        return this.refuse(badRequest('already logged in'));
      case 'send': {
        if (f.from !== undefined && f.from !== me.userId)
          return this.refuse(forbidden('from: must be the logged-in user'), f.ref);
        this.delivery?.sending(f.ref.clientMsgId);
        const r = await this.deps.pipeline.send(ctx, me, {
          kind: f.kind,
          to: f.to,
          clientMsgId: f.ref.clientMsgId,
          contentType: f.contentType,
          content: f.content,
        });
        return this.write({ op: 'ack', ref: f.ref, ...r });
      }
      case 'read': {
        if ((f.from !== undefined && f.from !== me.userId) || (f.userId !== undefined && f.userId !== me.userId))
          return this.refuse(forbidden('from: must be the logged-in user'));
        const id =
          f.conversationId ??
          (f.to === undefined
            ? undefined
            : f.kind === 'group'
              ? groupConversationId(f.to)
              : directConversationId(me.userId, f.to));
        if (id === undefined) return this.refuse(badRequest('conversationId: required (or to)'));
        return conv.markRead(ctx, me, id, f.seq);
      }
      case 'typing': {
        if (f.from !== undefined && f.from !== me.userId)
          return this.refuse(forbidden('from: must be the logged-in user'));
        const id = f.conversationId ?? (f.to === undefined ? undefined : directConversationId(me.userId, f.to));
        if (id === undefined) return this.refuse(badRequest('conversationId: required (or to)'));
        return conv.typing(ctx, me, id);
      }
      case 'recall':
        if (f.by !== undefined && f.by !== me.userId) return this.refuse(forbidden('by: must be the logged-in user'));
        return conv.recall(ctx, me, f.conversationId, f.seq);
      case 'ping':
        return this.write({ op: 'pong' });
      case 'logout':
        if (f.userId !== undefined && f.userId !== me.userId)
          return this.refuse(forbidden('userId: must be the logged-in user'));
        await logout(ctx, me);
        return this.close(CLOSE.kicked, 'logged out');
    }
  }

  private async login(f: Extract<ClientFrame, { op: 'login' }>): Promise<void> {
    const { ctx, registry } = this.deps;
    this.stopLoginTimer();
    const token = f.token ?? this.upgradeToken;
    this.upgradeToken = undefined;
    let p: Principal;
    try {
      p = authenticate(ctx, token);
    } catch (err) {
      const e = toApiError(err);
      this.refuse(e, f.ref);
      if (e.code !== 'unauthorized') return this.close(CLOSE.reconnect, 'could not check the token; reconnect');
      return this.close(this.wasRevoked(token) ? CLOSE.kicked : CLOSE.loginRequired, e.message);
    }
    if (this.ended) return;
    if ((f.userId !== undefined && f.userId !== p.userId) || (f.deviceId !== undefined && f.deviceId !== p.deviceId)) {
      this.refuse(forbidden('userId/deviceId: must be those of the token'), f.ref);
      return this.close(CLOSE.loginRequired, 'login refused');
    }
    this.principal = p;
    if (!registry.add(this)) {
      this.refuse(rateLimited(1, 'too many connections for this user'), f.ref);
      return this.close(CLOSE.slowConsumer, 'too many connections for this user');
    }
    this.registered = true;
    this.loggedIn = true;
    this.delivery = new Delivery(ctx, p, this);
    try {
      await this.delivery.start(f.cursor ?? null);
    } catch (err) {
      ctx.log.warn({ err: (err as Error).message }, 'websocket delivery did not start');
      this.refuse(unavailable(), f.ref);
      this.close(CLOSE.reconnect, 'the inbox is unavailable; reconnect');
    }
  }

  /** Whether a token that failed authentication belongs to a revoked session (4403 rather than 4401). */
  private wasRevoked(token: string | undefined): boolean {
    const claims = token ? this.deps.ctx.tokens.verify(token) : null;
    if (!claims) return false;
    return this.deps.ctx.revoked.has(claims.sessionId);
  }

  private refuse(err: unknown, ref?: MsgRef): void {
    const { ctx } = this.deps;
    const e = toApiError(err);
    if (e.code === 'internal') ctx.log.error({ err }, 'websocket frame failed');
    ctx.metrics.rejected.inc({ code: e.code });
    const cursor = typeof e.extra.cursor === 'string' ? e.extra.cursor : undefined;
    const retryAfterMs = e.retryAfterSec !== undefined ? e.retryAfterSec * 1000 : undefined;
    this.write({ op: 'error', code: e.code, message: e.message, ref, retryAfterMs, cursor });
  }

  private write(frame: ServerFrame): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(this.codec.encode(frame));
  }

  room(): Promise<boolean> {
    return room(
      () => this.ws.bufferedAmount,
      () => this.ended,
    );
  }

  private stopLoginTimer(): void {
    clearTimeout(this.loginTimer);
    this.loginTimer = undefined;
  }

  close(code: number, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.stopLoginTimer();
    this.delivery?.stop();
    // A close reason is limited to 123 bytes; ours are ASCII.
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)
      this.ws.close(code, reason.slice(0, 120));
  }

  private onClose(): void {
    if (this.gone) return;
    this.gone = true;
    this.ended = true;
    this.stopLoginTimer();
    this.delivery?.stop();
    if (this.registered) this.deps.registry.remove(this);
    this.deps.conns.delete(this);
    this.resolveDone?.();
    this.resolveDone = undefined;
  }
}
