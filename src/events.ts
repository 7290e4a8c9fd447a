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

export type EventType = DurableEvent['type'] | EphemeralEvent['type'];

/** An event as a client receives it: durable ones carry their cursor. */
export type WireEvent = (DurableEvent & { cursor: string }) | (EphemeralEvent & { cursor?: undefined });

export const DURABLE_TYPES: ReadonlySet<string> = new Set([
  'message',
  'recall',
  'read',
  'friend_request',
  'friend_added',
  'friend_removed',
  'group',
]);
