import { z } from 'zod';
import { ApiError, badRequest } from '../errors.js';
import type { JsonServerFrame } from '../schemas/frames.js';
import { sendFields } from '../pipeline/send-request.js';
import type { ClientFrame, EncodeCache, FrameCodec, MsgRef, ServerFrame } from './frames.js';

const convId = z.string().min(1).max(160);
const seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** The client frames other than `send`, with their rules. */
const otherFrames = [
  z.object({
    op: z.literal('login'),
    token: z.string().max(4096).optional(),
    cursor: z.string().max(80).optional(),
    deviceId: z.string().max(64).optional(),
    userId: z.string().max(64).optional(),
  }),
  z.object({ op: z.literal('read'), conversationId: convId, seq }),
  z.object({ op: z.literal('typing'), conversationId: convId }),
  z.object({ op: z.literal('recall'), conversationId: convId, seq }),
  z.object({ op: z.literal('ping') }),
  z.object({ op: z.literal('logout'), userId: z.string().max(64).optional() }),
] as const;

const from = z.string().max(64).optional();

/**
 * What a client may send on `im.v1.json`, as frames are parsed: a `send` is checked for types only
 * here, its rules (sizes, ids, patterns) being the send pipeline's one schema (send-request.ts).
 */
export const clientFrame = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('send'),
    kind: z.string(),
    to: z.string(),
    from,
    clientMsgId: z.string(),
    contentType: z.string(),
    content: z.string(),
  }),
  ...otherFrames,
]);

/** The same frames with a `send`'s rules shown, for the documents (docs/schemas/). */
export const clientFrameDocumented = z.discriminatedUnion('op', [
  sendFields.extend({ op: z.literal('send'), from }),
  ...otherFrames,
]);

const SERVER_OPS = new Set(['login_ok', 'ack', 'event', 'pong', 'error']);

/** The `im.v1.json` subprotocol: one JSON object per text frame, `op` naming the frame. */
export class JsonCodec implements FrameCodec {
  readonly protocol = 'im.v1.json';
  readonly binary = false;

  constructor(private readonly cache: EncodeCache) {}

  decode(data: Buffer, isBinary: boolean): ClientFrame {
    if (isBinary) return invalid(badRequest('binary frames are not accepted on im.v1.json; send JSON text'));
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString('utf8'));
    } catch {
      return invalid(badRequest('frame: not valid JSON'));
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return invalid(badRequest('frame: must be a JSON object'));
    const o = raw as Record<string, unknown>;
    const ref: MsgRef | undefined =
      o.op === 'send' && typeof o.clientMsgId === 'string' ? { clientMsgId: o.clientMsgId.slice(0, 64) } : undefined;
    if (typeof o.op === 'string' && SERVER_OPS.has(o.op))
      return invalid(badRequest(`op: "${o.op}" frames are sent by the server only`), ref);
    const r = clientFrame.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0];
      const field = issue && issue.path.length ? issue.path.join('.') : 'frame';
      return invalid(badRequest(`${field}: ${issue?.message ?? 'invalid'}`), ref);
    }
    const f = r.data;
    switch (f.op) {
      case 'send':
        return {
          op: 'send',
          ref: { clientMsgId: f.clientMsgId },
          kind: f.kind,
          to: f.to,
          from: f.from,
          contentType: f.contentType,
          content: f.content,
        };
      case 'read':
        return { op: 'read', conversationId: f.conversationId, kind: 'direct', seq: f.seq };
      default:
        return f;
    }
  }

  encode(frame: ServerFrame): string {
    switch (frame.op) {
      case 'event':
        return this.cache.get(frame.event, 'ws-json', () => `{"op":"event","event":${this.cache.json(frame.event)}}`);
      case 'ack':
        return JSON.stringify({
          op: 'ack',
          clientMsgId: frame.ref.clientMsgId,
          conversationId: frame.conversationId,
          seq: frame.seq,
          createdAt: frame.createdAt,
        } satisfies JsonServerFrame);
      case 'error': {
        const { ref, ...rest } = frame;
        return JSON.stringify((ref ? { ...rest, clientMsgId: ref.clientMsgId } : rest) satisfies JsonServerFrame);
      }
      default:
        return JSON.stringify(frame satisfies JsonServerFrame);
    }
  }
}

function invalid(error: ApiError, ref?: MsgRef): ClientFrame {
  return { op: 'invalid', error, ref };
}
