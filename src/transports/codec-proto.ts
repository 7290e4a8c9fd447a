import { badRequest } from '../errors.js';
import { decodeFrame, encodeFrame, eventToProto, im, opt, toNum, type Frame } from '../proto/codec.js';
import type { ClientFrame, EncodeCache, FrameCodec, MsgRef, ServerFrame } from './frames.js';

/**
 * The `im.v1.proto` subprotocol: one protobuf `Frame` (proto/im.proto) per binary WebSocket message.
 * A client's message id travels in the wire's numeric `seq` field (named so by the original protocol);
 * here it is the ref's `clientNumber`, and the pipeline sees it as the string clientMsgId.
 */
export class ProtoCodec implements FrameCodec {
  readonly protocol = 'im.v1.proto';
  readonly binary = true;

  constructor(private readonly cache: EncodeCache) {}

  decode(data: Buffer, isBinary: boolean): ClientFrame {
    if (!isBinary)
      return { op: 'invalid', error: badRequest('text frames are not accepted on im.v1.proto; send a binary Frame') };
    let f: Frame;
    try {
      f = decodeFrame(data);
    } catch {
      return { op: 'invalid', error: badRequest('frame: not a protobuf im.v1.Frame') };
    }
    return fromFrame(f);
  }

  encode(frame: ServerFrame): Uint8Array {
    switch (frame.op) {
      case 'event':
        return this.cache.get(frame.event, 'ws-proto', () => encodeFrame({ event: eventToProto(frame.event) }));
      case 'login_ok':
        return encodeFrame({ loginAck: { userId: frame.userId, deviceId: frame.deviceId, cursor: frame.cursor } });
      case 'ack':
        return encodeFrame({
          ack: {
            ack: frame.ref.clientNumber ?? 0,
            conversationId: frame.conversationId,
            seqId: frame.seq,
            createdAt: frame.createdAt,
          },
        });
      case 'pong':
        return encodeFrame({ heartbeat: {} });
      case 'error':
        return encodeFrame({
          error: {
            code: frame.code,
            message: frame.message,
            seq: frame.ref?.clientNumber ?? 0,
            retryAfterMs: frame.retryAfterMs ?? 0,
            cursor: frame.cursor ?? '',
          },
        });
    }
  }
}

/** The ref of a client's numbered frame (the wire's `seq` field: the client's own id, not a message's seq). */
function refOf(clientNumber: number): MsgRef | undefined {
  return clientNumber > 0 ? { clientMsgId: String(clientNumber), clientNumber } : undefined;
}

function fromMessage(m: im.v1.FriendMessage.$Shape | im.v1.GroupMessage.$Shape, kind: 'direct' | 'group'): ClientFrame {
  const clientNumber = toNum(m.seq);
  const ref = refOf(clientNumber);
  if (!ref || !Number.isSafeInteger(clientNumber))
    return { op: 'invalid', error: badRequest('seq: must be the message id, a positive integer') };
  if (!m.to) return { op: 'invalid', error: badRequest('to: required'), ref };
  if (!m.type) return { op: 'invalid', error: badRequest('type: the content type is required'), ref };
  return { op: 'send', ref, kind, to: m.to, from: opt(m.from), contentType: m.type, content: m.content ?? '' };
}

function fromFrame(f: Frame): ClientFrame {
  switch (f.body) {
    case 'login': {
      const l = f.login;
      return {
        op: 'login',
        token: opt(l.token),
        cursor: opt(l.cursor),
        deviceId: opt(l.deviceId),
        userId: opt(l.userId),
        ref: refOf(toNum(l.seq)),
      };
    }
    case 'friendMessage':
      return fromMessage(f.friendMessage, 'direct');
    case 'groupMessage':
      return fromMessage(f.groupMessage, 'group');
    case 'read': {
      const r = f.read;
      const seq = toNum(r.seqId);
      if (seq < 1 || !Number.isSafeInteger(seq))
        return { op: 'invalid', error: badRequest('seqId: must be a positive integer') };
      const kind = r.type === im.v1.ReadMessage.Type.GROUP ? 'group' : 'direct';
      return {
        op: 'read',
        conversationId: opt(r.conversationId),
        to: opt(r.to),
        kind,
        seq,
        from: opt(r.from),
        userId: opt(r.userId),
      };
    }
    case 'inputting':
      return {
        op: 'typing',
        conversationId: opt(f.inputting.conversationId),
        to: opt(f.inputting.to),
        from: opt(f.inputting.from),
      };
    case 'recall': {
      const seq = toNum(f.recall.seqId);
      if (!f.recall.conversationId) return { op: 'invalid', error: badRequest('conversationId: required') };
      if (seq < 1 || !Number.isSafeInteger(seq))
        return { op: 'invalid', error: badRequest('seqId: must be a positive integer') };
      return { op: 'recall', conversationId: f.recall.conversationId, seq, by: opt(f.recall.by) };
    }
    case 'heartbeat':
      return { op: 'ping' };
    case 'logout':
      return { op: 'logout', userId: opt(f.logout.userId) };
    case 'ack':
    case 'loginAck':
    case 'status':
    case 'event':
    case 'error':
      return { op: 'invalid', error: badRequest(`${f.body}: frames of this type are sent by the server only`) };
    case undefined:
      return { op: 'invalid', error: badRequest('frame: has no body') };
  }
}
