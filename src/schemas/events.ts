import { z } from 'zod';
import {
  cursorSchema,
  friendRequestSchema,
  groupActionSchema,
  messageSchema,
  seqSchema,
  timestampSchema,
} from './entities.js';

/**
 * Inbox events as zod schemas: the stored form (no cursor) that the gate appends, and the wire form
 * that clients receive (durable events carry their cursor, live-only ones none). The TypeScript
 * types in src/events.ts are inferred from these.
 */

function event<T extends string, D extends z.ZodType>(type: T, data: D) {
  return z.object({ type: z.literal(type), at: timestampSchema, data });
}

const userRef = z.object({ userId: z.string() });

const messageEvent = event('message', messageSchema);
const recallEvent = event('recall', z.object({ conversationId: z.string(), seq: seqSchema, by: z.string() }));
const readEvent = event('read', z.object({ conversationId: z.string(), userId: z.string(), seq: seqSchema }));
const friendRequestEvent = event('friend_request', z.object({ request: friendRequestSchema }));
const friendAddedEvent = event('friend_added', userRef);
const friendRemovedEvent = event('friend_removed', userRef);
const groupEvent = event(
  'group',
  z.object({ groupId: z.string(), action: groupActionSchema, userIds: z.array(z.string()).optional() }),
);
const typingEvent = event('typing', z.object({ conversationId: z.string(), userId: z.string() }));
const presenceEvent = event('presence', z.object({ userId: z.string(), online: z.boolean(), at: timestampSchema }));

/** Durable events as stored in an inbox (the cursor is the inbox's, added when read). */
export const durableEventSchema = z.discriminatedUnion('type', [
  messageEvent,
  recallEvent,
  readEvent,
  friendRequestEvent,
  friendAddedEvent,
  friendRemovedEvent,
  groupEvent,
]);

/** Live-only events: never stored, no cursor. */
export const ephemeralEventSchema = z.discriminatedUnion('type', [typingEvent, presenceEvent]);

/** An event as a client receives it, on every transport. */
export const wireEventSchema = z
  .discriminatedUnion('type', [
    messageEvent.extend({ cursor: cursorSchema }).meta({
      id: 'MessageEvent',
      description: 'A message to or from the user (also their own, for their other devices).',
    }),
    recallEvent
      .extend({ cursor: cursorSchema })
      .meta({ id: 'RecallEvent', description: 'A message was recalled; clients remove its content.' }),
    readEvent.extend({ cursor: cursorSchema }).meta({
      id: 'ReadEvent',
      description: 'A read marker moved forward (the other side, or the user on another device).',
    }),
    friendRequestEvent
      .extend({ cursor: cursorSchema })
      .meta({ id: 'FriendRequestEvent', description: 'Someone asked the user to be friends.' }),
    friendAddedEvent
      .extend({ cursor: cursorSchema })
      .meta({ id: 'FriendAddedEvent', description: 'A friend request was accepted, by either side.' }),
    friendRemovedEvent
      .extend({ cursor: cursorSchema })
      .meta({ id: 'FriendRemovedEvent', description: 'A friendship ended, by either side.' }),
    groupEvent
      .extend({ cursor: cursorSchema })
      .meta({ id: 'GroupEvent', description: 'A group the user is in was created or changed.' }),
    typingEvent.meta({ id: 'TypingEvent', description: 'Live only (no cursor): a member is typing.' }),
    presenceEvent.meta({
      id: 'PresenceEvent',
      description: "Live only (no cursor): a friend's first device connected or last one left.",
    }),
  ])
  .meta({
    id: 'Event',
    description:
      'One inbox event. Durable events carry the `cursor` to resume after; live-only ones (`typing`, `presence`) have none.',
  });

/** The JSON `data` of the SSE `ready` and `cursor_expired` events. */
const cursorData = z.object({ cursor: cursorSchema });

/**
 * One message of the `text/event-stream` answer of `GET /v1/events`, with `data` shown as the JSON
 * it carries. OpenAPI 3.1 cannot describe a stream of items, so the document gives this as the
 * schema of the stream and says in words that it repeats.
 */
export const sseMessageSchema = z
  .union([
    z
      .object({ event: z.literal('ready'), id: cursorSchema, data: cursorData })
      .meta({ description: 'First message of every stream: the cursor it starts from.' }),
    z.object({ event: z.literal('cursor_expired'), id: cursorSchema, data: cursorData }).meta({
      description: 'The cursor asked for is older than the inbox: reload over REST; the stream goes on from `cursor`.',
    }),
    z
      .object({ event: z.string(), id: cursorSchema.optional(), data: wireEventSchema })
      .meta({ description: '`event` is the event type; `id` (durable events only) its cursor.' }),
  ])
  .meta({ id: 'SseMessage' });
