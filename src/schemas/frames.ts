import { z } from 'zod';
import { cursorSchema, seqSchema, timestampSchema } from './entities.js';
import { errorCodeSchema } from './errors.js';
import { wireEventSchema } from './events.js';

/**
 * The frames the gate sends on the `im.v1.json` WebSocket subprotocol, one JSON object per text
 * frame. (What clients send is `clientFrame` in src/transports/codec-json.ts, the schema the gate
 * parses with.) The binary subprotocol carries the same content as protobuf (proto/im.proto).
 */
export const serverFrameSchema = z
  .discriminatedUnion('op', [
    z.object({ op: z.literal('login_ok'), userId: z.string(), deviceId: z.string(), cursor: cursorSchema }).meta({
      id: 'LoginOkFrame',
      description: 'The login was accepted; `cursor` is where the session starts (the head, when none was given).',
    }),
    z
      .object({
        op: z.literal('ack'),
        clientMsgId: z.string(),
        conversationId: z.string(),
        seq: seqSchema,
        createdAt: timestampSchema,
      })
      .meta({
        id: 'AckFrame',
        description: 'A send was stored; a resend with the same `clientMsgId` gets the same `seq`.',
      }),
    z.object({ op: z.literal('event'), event: wireEventSchema }).meta({ id: 'EventFrame' }),
    z.object({ op: z.literal('pong') }).meta({ id: 'PongFrame', description: 'The answer to each `ping`.' }),
    z
      .object({
        op: z.literal('error'),
        code: errorCodeSchema,
        message: z.string(),
        clientMsgId: z.string().optional().meta({ description: 'Present when the error answers a send.' }),
        retryAfterMs: z.number().int().min(0).optional(),
        cursor: cursorSchema
          .optional()
          .meta({ description: 'With `cursor_expired`: the head the session goes on from.' }),
      })
      .meta({ id: 'ErrorFrame' }),
  ])
  .meta({ id: 'ServerFrame', description: 'A frame the gate sends (JSON subprotocol `im.v1.json`).' });

/** A server frame in its JSON form. */
export type JsonServerFrame = z.infer<typeof serverFrameSchema>;
