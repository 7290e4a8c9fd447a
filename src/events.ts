import type { z } from 'zod';
import type {
  conversationKindSchema,
  friendRequestSchema,
  groupActionSchema,
  messageSchema,
  userSchema,
} from './schemas/entities.js';
import type { durableEventSchema, ephemeralEventSchema, wireEventSchema } from './schemas/events.js';

/** The shapes the contract puts on the wire: users, messages and inbox events, inferred from their schemas. */

export type User = z.infer<typeof userSchema>;

export type ConversationKind = z.infer<typeof conversationKindSchema>;

export type Message = z.infer<typeof messageSchema>;

export type FriendRequest = z.infer<typeof friendRequestSchema>;

export type GroupAction = z.infer<typeof groupActionSchema>;

/** Durable events: stored in the inbox, each delivered with a cursor. */
export type DurableEvent = z.infer<typeof durableEventSchema>;

/** Ephemeral events: live only, never stored, no cursor. */
export type EphemeralEvent = z.infer<typeof ephemeralEventSchema>;

/** An event as a client receives it: durable ones carry their cursor. */
export type WireEvent = (DurableEvent & { cursor: string }) | (EphemeralEvent & { cursor?: undefined });

/** Holds only when two types accept exactly the same values. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** The wire schema the documents are made from describes exactly WireEvent: the type-check fails otherwise. */
const _wireEventInSync: Same<WireEvent, z.infer<typeof wireEventSchema>> = true;

/** The JSON text an event was decoded from (with its cursor), so encoding it again is a lookup. */
const jsonTexts = new WeakMap<object, string>();

/**
 * Decodes an event stored as JSON and adds its cursor, remembering the text of the result: an event
 * read from Redis goes out to JSON clients as the bytes it arrived in, never parsed and re-serialised
 * per connection. The text equals JSON.stringify of the returned object (the cursor is its last key).
 */
export function decodeEvent<T extends object>(text: string, cursor?: string): T & { cursor?: string } {
  const event = JSON.parse(text) as T & { cursor?: string };
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return event;
  if (cursor === undefined) {
    jsonTexts.set(event, text);
    return event;
  }
  event.cursor = cursor;
  jsonTexts.set(event, closeWithCursor(openBody(text), cursor));
  return event;
}

/** An object's JSON text without its closing brace. */
function openBody(text: string): string {
  return text.trimEnd().slice(0, -1).trimEnd();
}

/** An object's JSON text without its closing brace, closed with `cursor` as its last key. */
function closeWithCursor(body: string, cursor: string): string {
  return `${body}${body.endsWith('{') ? '' : ','}"cursor":${JSON.stringify(cursor)}}`;
}

/**
 * A copy of `event` with `cursor` as its cursor. When the event's JSON text is known (decodeEvent, or
 * an earlier withCursor), the copy's text is that text with the cursor replaced, so a large-group
 * message going out to many members under their own cursors is not serialised again for each.
 */
export function withCursor<T extends object>(event: T, cursor: string): T & { cursor: string } {
  const out = { ...event, cursor };
  const text = jsonTexts.get(event);
  if (text === undefined) return out;
  const old = (event as { cursor?: unknown }).cursor;
  let body: string;
  if (old === undefined) {
    body = openBody(text);
  } else {
    // The cursor is the text's last key (decodeEvent and withCursor put it there).
    const tail = `"cursor":${JSON.stringify(old)}}`;
    if (!text.endsWith(tail)) return out;
    body = text.slice(0, -tail.length);
    if (body.endsWith(',')) body = body.slice(0, -1);
  }
  jsonTexts.set(out, closeWithCursor(body, cursor));
  return out;
}

/** The JSON text of an event decoded by decodeEvent, if it was. */
export function jsonTextOf(event: object): string | undefined {
  return jsonTexts.get(event);
}
