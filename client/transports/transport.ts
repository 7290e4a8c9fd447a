import type { ImError } from '../errors.js';
import type { ClientFrame, SendAck, SyncResponse, TransportName, WireEvent } from '../types.js';

/** What a transport can do, as data: the session logic looks at this, never at which transport it has. */
export interface TransportCapabilities {
  /** Sends, read markers and typing can go over the connection itself (otherwise they go over REST). */
  bidirectional: boolean;
}

/** How the client should go on after a transport closed. */
export type CloseAction =
  /** Reconnect after a backoff delay (network trouble, idle close, an unexpected code). */
  | 'backoff'
  /** Reconnect at once and resume from the cursor (the server shed a slow consumer). */
  | 'immediate'
  /** The gate is draining: reconnect at once, to another gate when there is one. */
  | 'other_gate'
  /** The token was refused: refresh it, then reconnect (the session ends if the refresh is refused). */
  | 'auth';

export interface TransportClose {
  action: CloseAction;
  /** True when the transport had been live (login acknowledged / stream open / a poll answered). */
  opened: boolean;
  /** The WebSocket close code or HTTP status, when there was one. */
  code?: number;
  reason: string;
}

/**
 * Where a transport reports. Calls arrive in wire order; `closed` comes exactly once, last, unless
 * the client closed the transport itself (then nothing more comes at all).
 */
export interface TransportSink {
  /** Live. `cursor`: the head a cursor-less subscription starts from (WebSocket login_ok). */
  open(cursor?: string): void;
  event(event: WireEvent): void;
  /** The cursor after a batch (long-poll), which may follow ephemeral events only. */
  cursor(cursor: string): void;
  /** The resume cursor was too old; the stream goes on from `head`. */
  expired(head: string): void;
  ack(ack: SendAck): void;
  /** A send over the connection was refused. */
  sendError(clientMsgId: string, err: ImError): void;
  closed(close: TransportClose): void;
}

/** What a transport is started with. */
export interface TransportContext {
  /** The gate's base URL (http or https). */
  baseUrl: string;
  /** A current access token. */
  token: string;
  deviceId?: string;
  /** Resume after this cursor; undefined: start at the head. */
  cursor?: string;
  /** One long-poll request (auth and refresh handled by the caller). */
  sync(cursor: string | undefined, timeoutSec: number, signal: AbortSignal): Promise<SyncResponse>;
  /**
   * A single-use stream ticket (`POST /v1/events/ticket`), or null when the gate has none to give;
   * absent: the stream authenticates with `?access_token=`.
   */
  ticket?: () => Promise<string | null>;
  /** Heartbeat period for transports that have one, ms. */
  heartbeatMs: number;
}

/** One open (or opening) subscription to the inbox. */
export interface Transport {
  readonly name: TransportName;
  readonly capabilities: TransportCapabilities;
  /** Sends a frame over a bidirectional transport; false when it is not live (the caller keeps the work). */
  send(frame: ClientFrame): boolean;
  /** Closes for good; the sink hears nothing more. */
  close(): void;
}

/** Builds a transport, or returns null when the runtime lacks what it needs (no WebSocket, no EventSource). */
export interface TransportFactory {
  readonly name: TransportName;
  readonly capabilities: TransportCapabilities;
  readonly available: boolean;
  start(ctx: TransportContext, sink: TransportSink): Transport;
}

/** Every inbox event type, for transports that must subscribe to each by name (SSE). */
export const EVENT_TYPES = [
  'message',
  'recall',
  'read',
  'friend_request',
  'friend_added',
  'friend_removed',
  'group',
  'typing',
  'presence',
] as const;

/** Parses and loosely checks an inbox event; null for anything that is not one. */
export function asEvent(value: unknown): WireEvent | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as { type?: unknown; data?: unknown; cursor?: unknown };
  if (typeof v.type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(v.type)) return null;
  if (!v.data || typeof v.data !== 'object') return null;
  if (v.cursor !== undefined && typeof v.cursor !== 'string') return null;
  return value as WireEvent;
}

/** One property of a DOM-style event object whose exact class the runtime decides. */
export function field(ev: unknown, name: string): unknown {
  return ev && typeof ev === 'object' ? (ev as Record<string, unknown>)[name] : undefined;
}
