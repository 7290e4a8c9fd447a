import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type Server } from 'ws';
import { ApiError, badRequest, forbidden, notFound, unavailable } from '../errors.js';
import { bearerToken } from '../auth/bearer.js';
import { closedOrTimeUp } from './drain.js';
import { JsonCodec } from './codec-json.js';
import { ProtoCodec } from './codec-proto.js';
import type { EncodeCache, FrameCodec } from './frames.js';
import { GateSocket, WsConnection, type WsDeps, type WsShared } from './ws-connection.js';

export const WS_PATH = '/v1/ws';
/** Largest frame a client may send; `ws` closes a connection that sends more with 1009. */
export const MAX_FRAME_BYTES = 64 * 1024;
const IDLE_SWEEP_MS = 5_000;

/**
 * The WebSocket transport (`GET /v1/ws`): subprotocol `im.v1.proto` (binary protobuf frames) or
 * `im.v1.json` (JSON text frames; also what a client offering no subprotocol gets). A client that
 * offers only other subprotocols is refused with 400. With WS_ALLOWED_ORIGINS set, a browser upgrade
 * (one with an Origin header) from another origin is refused with 403; clients that send no Origin
 * are not browsers and are let through.
 */
export class WsTransport {
  private readonly wss: Server<typeof GateSocket>;
  private readonly codecs: ReadonlyMap<string, FrameCodec>;
  private readonly conns = new Set<WsConnection>();
  private readonly shared: WsShared;
  private readonly sweep: NodeJS.Timeout;
  private draining = false;

  constructor(
    private readonly deps: WsDeps,
    cache: EncodeCache,
  ) {
    const codecs = [new ProtoCodec(cache), new JsonCodec(cache)];
    this.codecs = new Map(codecs.map((c) => [c.protocol, c]));
    this.shared = { ...deps, conns: this.conns };
    this.wss = new WebSocketServer({
      WebSocket: GateSocket,
      noServer: true,
      maxPayload: MAX_FRAME_BYTES,
      clientTracking: false,
      perMessageDeflate: false,
      handleProtocols: (offered) => pickProtocol(offered, this.codecs) ?? false,
    });
    this.sweep = setInterval(() => {
      const now = Date.now();
      for (const c of this.conns) c.checkIdle(now);
    }, IDLE_SWEEP_MS);
    this.sweep.unref();
  }

  /** Serves upgrades to WS_PATH on `server`. */
  attach(server: http.Server): void {
    server.on('upgrade', this.onUpgrade);
  }

  /** Stops accepting, asks every client to reconnect elsewhere (4503), and resolves once all are closed. */
  async drain(): Promise<void> {
    this.draining = true;
    clearInterval(this.sweep);
    const all = [...this.conns];
    for (const c of all) c.drain();
    // Clients get the close handshake's time to answer; then what is left is cut.
    await closedOrTimeUp(all);
    for (const c of this.conns) c.terminate();
    await closedOrTimeUp(all);
    this.wss.close();
  }

  // Nothing made here may outlive the upgrade while it holds `req` (its headers, the token): a
  // closure left on the socket would keep this call's whole scope, request included, for the life
  // of the connection. Hence the shared no-op error listener, and the refusal in a method.
  private readonly onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', ignoreError);
    const url = new URL(req.url ?? '/', 'http://gate');
    const refused = this.refusal(req, url);
    if (refused) {
      this.deps.ctx.metrics.rejected.inc({ code: refused.code });
      return refuseUpgrade(socket, refused);
    }
    const token = bearerToken(req.headers.authorization, url.searchParams.get('access_token'), true);
    const remoteAddr = req.socket.remoteAddress ?? null;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      // `ws` has its own error listener on the socket by now.
      socket.off('error', ignoreError);
      this.accept(ws, token, remoteAddr);
    });
  };

  /** Why an upgrade is refused, if it is. */
  private refusal(req: http.IncomingMessage, url: URL): ApiError | undefined {
    if (url.pathname !== WS_PATH) return notFound('no such route');
    if (this.draining) return unavailable('this gate is draining; connect to another one');
    const origin = req.headers.origin;
    const allowed = this.deps.ctx.config.WS_ALLOWED_ORIGINS;
    if (allowed.length > 0 && origin !== undefined && !allowed.includes(origin)) return forbidden('origin not allowed');
    const offered = req.headers['sec-websocket-protocol'];
    if (
      offered !== undefined &&
      pickProtocol(new Set(offered.split(',').map((s) => s.trim())), this.codecs) === undefined
    ) {
      return badRequest('subprotocol: offer im.v1.proto or im.v1.json');
    }
    return undefined;
  }

  private accept(ws: GateSocket, token: string | undefined, remoteAddr: string | null): void {
    const codec = this.codecs.get(ws.protocol) ?? this.codecs.get('im.v1.json')!;
    const conn = new WsConnection(this.shared, ws, codec, token, remoteAddr);
    if (this.draining) conn.drain();
  }
}

/**
 * The first subprotocol the client offered that the gate speaks, as the codec's own string (the
 * socket keeps it, and the offered one is a copy per request).
 */
function pickProtocol(offered: Set<string>, codecs: ReadonlyMap<string, FrameCodec>): string | undefined {
  for (const p of offered) {
    const c = codecs.get(p);
    if (c) return c.protocol;
  }
  return undefined;
}

function ignoreError(): void {}

/** Answers a refused upgrade with the contract's JSON error and closes the socket. */
function refuseUpgrade(socket: Duplex, e: ApiError): void {
  const body = JSON.stringify(e.body());
  socket.end(
    `HTTP/1.1 ${e.status} ${e.code}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
