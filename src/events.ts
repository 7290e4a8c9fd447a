/** The shapes the contract puts on the wire: users, messages and inbox events. */

export interface User {
  id: string;
  username: string;
  displayName: string;
}

export type ConversationKind = 'direct' | 'group';

export interface Message {
  conversationId: string;
  seq: number;
  kind: ConversationKind;
  from: string;
  to: string;
  fromDevice: string;
  clientMsgId: string;
  contentType: string;
  content: string;
  createdAt: number;
  recalled?: boolean;
}

export interface FriendRequest {
  id: string;
  from: string;
  to: string;
  message: string;
  createdAt: number;
}

export type GroupAction = 'created' | 'member_added' | 'member_removed' | 'renamed';

/** Durable events: stored in the inbox, each delivered with a cursor. */
export type DurableEvent =
  | { type: 'message'; at: number; data: Message }
  | { type: 'recall'; at: number; data: { conversationId: string; seq: number; by: string } }
  | { type: 'read'; at: number; data: { conversationId: string; userId: string; seq: number } }
  | { type: 'friend_request'; at: number; data: { request: FriendRequest } }
  | { type: 'friend_added'; at: number; data: { userId: string } }
  | { type: 'friend_removed'; at: number; data: { userId: string } }
  | { type: 'group'; at: number; data: { groupId: string; action: GroupAction; userIds?: string[] } };

/** Ephemeral events: live only, never stored, no cursor. */
export type EphemeralEvent =
  | { type: 'typing'; at: number; data: { conversationId: string; userId: string } }
  | { type: 'presence'; at: number; data: { userId: string; online: boolean; at: number } };

/** An event as a client receives it: durable ones carry their cursor. */
export type WireEvent = (DurableEvent & { cursor: string }) | (EphemeralEvent & { cursor?: undefined });

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
  const body = text.trimEnd().slice(0, -1).trimEnd();
  jsonTexts.set(event, `${body}${body.endsWith('{') ? '' : ','}"cursor":${JSON.stringify(cursor)}}`);
  return event;
}

/** The JSON text of an event decoded by decodeEvent, if it was. */
export function jsonTextOf(event: object): string | undefined {
  return jsonTexts.get(event);
}
