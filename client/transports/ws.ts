import { ImError } from '../errors.js';
import { unref } from '../backoff.js';
import type { ClientFrame, ServerFrame } from '../types.js';
import {
  asEvent,
  field,
  type CloseAction,
  type Transport,
  type TransportContext,
  type TransportFactory,
  type TransportSink,
} from './transport.js';

/** The part of the WHATWG WebSocket the client uses; the browser's and the `ws` package's both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  readonly protocol: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (ev: unknown) => void): void;
}

export type WebSocketCtor = new (url: string, protocols?: string | string[]) => WebSocketLike;

export const SUBPROTOCOL = 'im.v1.json';
const OPEN = 1;
/** The server closes a socket that has not logged in within 10 s; give up a little earlier. */
const LOGIN_TIMEOUT_MS = 9_000;
/** After a ping, some frame must arrive within this long or the socket is considered dead. */
const PONG_TIMEOUT_MS = 10_000;

/** What to do after each close code of the contract. */
export function closeAction(code: number): CloseAction {
  switch (code) {
    case 4401: // login required / bad token
    case 4403: // kicked: a refresh tells whether the session still exists
      return 'auth';
    case 4429: // slow consumer: resume from the cursor
      return 'immediate';
    case 4503: // draining
    case 1001: // going away
    case 1012: // service restart
      return 'other_gate';
    default:
      return 'backoff';
  }
}

/**
 * `/v1/ws` with the `im.v1.json` subprotocol. Live once `login_ok` arrives; pings every
 * `heartbeatMs` and drops a socket that stays silent after a ping. Bidirectional: sends, read
 * markers, typing and recalls go over the socket.
 */
class WsTransport implements Transport {
  readonly name = 'ws' as const;
  readonly capabilities = { bidirectional: true } as const;
  private readonly ws: WebSocketLike;
  private live = false;
  private done = false;
  private lastFrameAt = Date.now();
  private loginTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    Ctor: WebSocketCtor,
    private readonly ctx: TransportContext,
    private readonly sink: TransportSink,
  ) {
    const url = new URL('/v1/ws', ctx.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.ws = new Ctor(url.toString(), SUBPROTOCOL);
    this.ws.addEventListener('open', () => this.onOpen());
    this.ws.addEventListener('message', (ev) => this.onFrame(field(ev, 'data')));
    this.ws.addEventListener('close', (ev) => {
      const code = Number(field(ev, 'code') ?? 1006);
      const reason = field(ev, 'reason');
      this.finish(code, typeof reason === 'string' && reason ? reason : `closed (${code})`);
    });
    this.ws.addEventListener('error', () => {
      /* a close event follows */
    });
    this.loginTimer = setTimeout(() => this.drop(4000, 'no login_ok in time'), LOGIN_TIMEOUT_MS);
    unref(this.loginTimer);
  }

  send(frame: ClientFrame): boolean {
    if (!this.live || this.done || this.ws.readyState !== OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    this.stopTimers();
    // A plain close, never the `logout` frame: that would revoke the whole device session.
    try {
      this.ws.close(1000, 'client closed');
    } catch {
      /* already closed */
    }
  }

  private onOpen(): void {
    const login: ClientFrame = { op: 'login', token: this.ctx.token };
    if (this.ctx.cursor !== undefined) login.cursor = this.ctx.cursor;
    if (this.ctx.deviceId !== undefined) login.deviceId = this.ctx.deviceId;
    this.ws.send(JSON.stringify(login));
  }

  private onFrame(data: unknown): void {
    if (this.done) return;
    this.lastFrameAt = Date.now();
    clearTimeout(this.pongTimer);
    let f: ServerFrame;
    try {
      f = JSON.parse(typeof data === 'string' ? data : String(data)) as ServerFrame;
    } catch {
      return;
    }
    switch (f.op) {
      case 'login_ok':
        if (this.live) return;
        this.live = true;
        clearTimeout(this.loginTimer);
        this.startHeartbeat();
        this.sink.open(this.ctx.cursor === undefined ? f.cursor : undefined);
        return;
      case 'event': {
        const ev = asEvent(f.event);
        if (ev) this.sink.event(ev);
        return;
      }
      case 'ack':
        this.sink.ack({
          clientMsgId: f.clientMsgId,
          conversationId: f.conversationId,
          seq: f.seq,
          createdAt: f.createdAt,
        });
        return;
      case 'error':
        if (f.code === 'cursor_expired' && f.cursor) {
          if (!this.live) {
            // The server goes on live from the head after this frame; it counts as the login answer.
            this.live = true;
            clearTimeout(this.loginTimer);
            this.startHeartbeat();
            this.sink.open();
          }
          this.sink.expired(f.cursor);
        } else if (f.clientMsgId) {
          this.sink.sendError(f.clientMsgId, new ImError(f.code, f.message ?? f.code, undefined, f.retryAfterMs));
        }
        return;
      default:
        return;
    }
  }

  private startHeartbeat(): void {
    this.pingTimer = setInterval(() => {
      if (!this.send({ op: 'ping' })) return;
      const sentAt = Date.now();
      this.pongTimer = setTimeout(
        () => {
          if (this.lastFrameAt < sentAt) this.drop(4000, 'heartbeat timeout');
        },
        Math.min(PONG_TIMEOUT_MS, this.ctx.heartbeatMs),
      );
      unref(this.pongTimer);
    }, this.ctx.heartbeatMs);
    unref(this.pingTimer);
  }

  /** Gives up on a socket that does not answer, reporting the close ourselves (its close event may never come). */
  private drop(code: number, reason: string): void {
    try {
      this.ws.close(code, reason);
    } catch {
      /* already closing */
    }
    this.finish(1006, reason);
  }

  private finish(code: number, reason: string): void {
    if (this.done) return;
    this.done = true;
    this.stopTimers();
    this.sink.closed({
      action: this.live || code >= 4000 ? closeAction(code) : 'backoff',
      opened: this.live,
      code,
      reason,
    });
  }

  private stopTimers(): void {
    clearTimeout(this.loginTimer);
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  }
}

/** The WebSocket transport over `Ctor` (the browser's WebSocket, or `ws` in Node); unavailable without one. */
export function webSocket(Ctor: WebSocketCtor | undefined | null): TransportFactory {
  return {
    name: 'ws',
    capabilities: { bidirectional: true },
    available: typeof Ctor === 'function',
    start(ctx, sink) {
      if (!Ctor) throw new Error('no WebSocket constructor');
      return new WsTransport(Ctor, ctx, sink);
    },
  };
}
