import type { ApiError, ErrorCode } from '../errors.js';
import { jsonTextOf, type ConversationKind, type WireEvent } from '../events.js';

/**
 * The WebSocket frames, independent of their encoding. A codec (JSON or protobuf) turns bytes into a
 * ClientFrame and a ServerFrame into bytes; the connection logic only ever sees these unions.
 */

/**
 * How a client names one of its sends: `clientMsgId` always; `clientNumber` when the client sent a
 * number (binary frames, where the wire field is the protocol's `seq`; here seq only ever means a
 * conversation's message number).
 */
export interface MsgRef {
  clientMsgId: string;
  clientNumber?: number;
}

export type ClientFrame =
  | { op: 'login'; token?: string; cursor?: string; deviceId?: string; userId?: string; ref?: MsgRef }
  /** Typed only: the send's rules are applied once, by the pipeline (src/pipeline/send-request.ts). */
  | { op: 'send'; ref: MsgRef; kind: string; to: string; from?: string; contentType: string; content: string }
  /** `conversationId`, or `to` + `kind` for clients that name the peer or group (the original protocol's form). */
  | {
      op: 'read';
      conversationId?: string;
      to?: string;
      kind: ConversationKind;
      seq: number;
      from?: string;
      userId?: string;
    }
  | { op: 'typing'; conversationId?: string; to?: string; from?: string }
  | { op: 'recall'; conversationId: string; seq: number; by?: string }
  | { op: 'ping' }
  | { op: 'logout'; userId?: string }
  /** A frame that could not be accepted; `ref` when it was a send whose id could be read. */
  | { op: 'invalid'; error: ApiError; ref?: MsgRef };

export type ServerFrame =
  | { op: 'login_ok'; userId: string; deviceId: string; cursor: string }
  | { op: 'ack'; ref: MsgRef; conversationId: string; seq: number; createdAt: number }
  | { op: 'event'; event: WireEvent }
  | { op: 'pong' }
  | { op: 'error'; code: ErrorCode; message: string; ref?: MsgRef; retryAfterMs?: number; cursor?: string };

/** One WebSocket subprotocol's encoding. */
export interface FrameCodec {
  /** The subprotocol name (`im.v1.json`, `im.v1.proto`). */
  readonly protocol: string;
  /** Whether frames travel as binary WebSocket messages. */
  readonly binary: boolean;
  /** Never throws: what cannot be accepted comes back as an `invalid` frame. */
  decode(data: Buffer, isBinary: boolean): ClientFrame;
  encode(frame: ServerFrame): string | Uint8Array;
}

/**
 * Remembers each event's encodings, keyed by the event object: a notice the broker hands to every
 * connection of a user on this gate is then encoded once per encoding, not once per connection.
 * Entries go away with the event object.
 */
export class EncodeCache {
  private readonly byEvent = new WeakMap<object, Map<string, unknown>>();

  get<T>(event: object, key: string, make: () => T): T {
    let m = this.byEvent.get(event);
    if (!m) {
      m = new Map();
      this.byEvent.set(event, m);
    }
    if (m.has(key)) return m.get(key) as T;
    const v = make();
    m.set(key, v);
    return v;
  }

  /** The event's JSON text, shared by every JSON-speaking transport: the text it was read as, when it was. */
  json(event: WireEvent): string {
    return jsonTextOf(event) ?? this.get(event, 'json', () => JSON.stringify(event));
  }
}
