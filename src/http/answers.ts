import { z } from 'zod';
import {
  conversationKindSchema,
  cursorSchema,
  friendRequestSchema,
  groupSchema,
  messageSchema,
  seqSchema,
  timestampSchema,
  uploadedFileSchema,
  userSchema,
} from '../schemas/entities.js';
import { wireEventSchema } from '../schemas/events.js';

/**
 * What each HTTP route answers on success, as zod schemas: the one definition of each answer's
 * shape. The routers type their answers with the inferred types (`satisfies`), the OpenAPI document
 * is made from the schemas, and the tests check every answer against the document. Nothing here runs
 * on a request: answers are never validated in the gate.
 */

/** `POST /v1/auth/refresh`, and the token part of login. */
export const tokenPairSchema = z
  .object({
    accessToken: z.string().meta({ description: 'A short-lived JWT for `Authorization: Bearer`.' }),
    refreshToken: z.string().meta({ description: 'Single use: each refresh returns a new one.' }),
    expiresIn: z.number().int().min(0).meta({ description: 'Seconds until the access token expires.' }),
  })
  .meta({ id: 'TokenPair' });

/** The live transports a gate serves. */
export const transportNameSchema = z.enum(['ws', 'sse', 'longpoll']).meta({ id: 'TransportName' });

/** `POST /v1/auth/login`. */
export const loginAnswer = tokenPairSchema
  .extend({
    deviceId: z.string(),
    user: userSchema,
    gates: z.array(z.object({ url: z.string(), transports: z.array(transportNameSchema) })),
  })
  .meta({ id: 'LoginResult' });

/** `POST /v1/auth/register` (201), `GET /v1/me`, `GET /v1/users/:id`. */
export const userAnswer = z.object({ user: userSchema });
/** `GET /v1/users?query=`. */
export const usersAnswer = z.object({ users: z.array(userSchema) });

/** A friend with their presence. */
export const friendSchema = z
  .object({ user: userSchema, online: z.boolean(), lastSeen: timestampSchema.nullable() })
  .meta({ id: 'Friend' });
/** `GET /v1/friends`. */
export const friendsAnswer = z.object({ friends: z.array(friendSchema) });
/** `POST /v1/friends/requests` (201) and its accept/reject. */
export const friendRequestAnswer = z.object({
  request: friendRequestSchema,
  accepted: z
    .literal(true)
    .optional()
    .meta({ description: 'Sending a request: the addressee had already asked the caller, so both are friends now.' }),
});
/** `GET /v1/friends/requests`. */
export const friendRequestsAnswer = z
  .object({ incoming: z.array(friendRequestSchema), outgoing: z.array(friendRequestSchema) })
  .meta({ id: 'FriendRequests' });

/** `GET /v1/blocks`. */
export const blocksAnswer = z.object({ blocks: z.array(z.object({ user: userSchema })) });
/** `POST /v1/blocks` (201). */
export const blockedAnswer = z.object({ userId: z.string() });

/** `POST /v1/groups` (201), `GET /v1/groups/:id`. */
export const groupAnswer = z.object({ group: groupSchema });
/** `GET /v1/groups`. */
export const groupsAnswer = z.object({ groups: z.array(groupSchema) });
/** One member of a group. */
export const groupMemberSchema = z
  .object({ user: userSchema, role: z.enum(['owner', 'admin', 'member']), joinedAt: timestampSchema })
  .meta({ id: 'GroupMember' });
/** `GET /v1/groups/:id/members`. */
export const groupMembersAnswer = z
  .object({
    members: z.array(groupMemberSchema),
    next: z.string().nullable().meta({ description: 'Pass as `after` for the next page; null on the last one.' }),
  })
  .meta({ id: 'GroupMembersPage' });
/** `POST /v1/groups/:id/members`. */
export const membersAddedAnswer = z.object({
  added: z.array(z.string()).meta({ description: 'The ids that were not members yet.' }),
});

/** One logged-in device of the caller. */
export const deviceSessionSchema = z
  .object({
    deviceId: z.string(),
    deviceName: z.string(),
    createdAt: timestampSchema,
    lastSeenAt: timestampSchema,
    online: z.boolean(),
    current: z.boolean().meta({ description: 'The session of the token making this request.' }),
  })
  .meta({ id: 'DeviceSession' });
/** `GET /v1/me/sessions`. */
export const sessionsAnswer = z.object({ sessions: z.array(deviceSessionSchema) });

/** `POST /v1/messages` (the WebSocket ack carries the same, with the send's id). */
export const sendAnswer = z
  .object({ conversationId: z.string(), seq: seqSchema, createdAt: timestampSchema })
  .meta({ id: 'SendResult' });

/** When retention removed a conversation's oldest messages: the lowest seq history still returns. */
const retainedFromSchema = z
  .number()
  .int()
  .min(2)
  .optional()
  .meta({ description: 'Present when retention removed the messages below this seq: they are gone for good.' });
/** One entry of the conversation list. */
export const conversationSchema = z
  .object({
    id: z.string(),
    kind: conversationKindSchema,
    peer: userSchema.optional().meta({ description: 'Direct conversations: the other user.' }),
    group: groupSchema.nullable().optional().meta({ description: 'Group conversations: the group (null if gone).' }),
    lastMessage: messageSchema.nullable(),
    lastSeq: z.number().int().min(0),
    readSeq: z.number().int().min(0).meta({ description: "The caller's read marker." }),
    unread: z.number().int().min(0).meta({ description: '`lastSeq - readSeq`.' }),
    peerReadSeq: z
      .number()
      .int()
      .min(0)
      .optional()
      .meta({ description: "Direct conversations: the peer's read marker (0 when nothing was read)." }),
    retainedFrom: retainedFromSchema,
    readMarkers: z
      .array(z.object({ userId: z.string(), seq: z.number().int().min(0) }))
      .optional()
      .meta({ description: "Group conversations: the other members' read markers, highest first, at most 100." }),
  })
  .meta({ id: 'Conversation' });
/** `GET /v1/conversations`. */
export const conversationsAnswer = z.object({ conversations: z.array(conversationSchema) });
/** `GET /v1/conversations/:id/messages`. */
export const historyAnswer = z.object({ messages: z.array(messageSchema), retainedFrom: retainedFromSchema });
/** `POST /v1/conversations/:id/messages/:seq/recall`. */
export const recallAnswer = z.object({ conversationId: z.string(), seq: seqSchema, recalled: z.literal(true) });

/** `GET /v1/limits`: what a client checks before it tries. */
export const limitsAnswer = z.object({
  maxUploadBytes: z.number().int().positive().meta({ description: 'The largest upload (MAX_UPLOAD_BYTES).' }),
  recallWindowSec: z.number().int().positive().meta({ description: 'How long a sender may recall (RECALL_WINDOW).' }),
});
/** The type of `limitsAnswer`. */
export type LimitsAnswer = z.infer<typeof limitsAnswer>;

/** `POST /v1/events/ticket`. */
export const streamTicketAnswer = z.object({
  ticket: z.string().meta({ description: 'Single use: `GET /v1/events?ticket=` opens one stream with it.' }),
  expiresIn: z.number().int().positive().meta({ description: 'Seconds it stays usable.' }),
});
/** The type of `streamTicketAnswer`. */
export type StreamTicketAnswer = z.infer<typeof streamTicketAnswer>;

/** `GET /v1/sync`. */
export const syncAnswer = z
  .object({
    cursor: cursorSchema.meta({ description: 'Pass as `cursor` in the next poll (unchanged when no event came).' }),
    events: z.array(wireEventSchema),
  })
  .meta({ id: 'SyncResult' });

/** `GET /healthz`. */
export const healthAnswer = z.object({ ok: z.literal(true) });
/** `GET /readyz` (200 and 503). */
export const readyAnswer = z.object({ ready: z.boolean(), draining: z.boolean() });

/** `POST /v1/files` (201). */
export { uploadedFileSchema as uploadAnswer };

/** The type of `loginAnswer`. */
export type LoginAnswer = z.infer<typeof loginAnswer>;
/** The type of `tokenPairSchema`. */
export type TokenPairAnswer = z.infer<typeof tokenPairSchema>;
/** The type of `userAnswer`. */
export type UserAnswer = z.infer<typeof userAnswer>;
/** The type of `usersAnswer`. */
export type UsersAnswer = z.infer<typeof usersAnswer>;
/** The type of `friendsAnswer`. */
export type FriendsAnswer = z.infer<typeof friendsAnswer>;
/** The type of `friendRequestAnswer`. */
export type FriendRequestAnswer = z.infer<typeof friendRequestAnswer>;
/** The type of `friendRequestsAnswer`. */
export type FriendRequestsAnswer = z.infer<typeof friendRequestsAnswer>;
/** The type of `blocksAnswer`. */
export type BlocksAnswer = z.infer<typeof blocksAnswer>;
/** The type of `blockedAnswer`. */
export type BlockedAnswer = z.infer<typeof blockedAnswer>;
/** The type of `groupAnswer`. */
export type GroupAnswer = z.infer<typeof groupAnswer>;
/** The type of `groupsAnswer`. */
export type GroupsAnswer = z.infer<typeof groupsAnswer>;
/** The type of `groupMembersAnswer`. */
export type GroupMembersAnswer = z.infer<typeof groupMembersAnswer>;
/** The type of `membersAddedAnswer`. */
export type MembersAddedAnswer = z.infer<typeof membersAddedAnswer>;
/** The type of `sessionsAnswer`. */
export type SessionsAnswer = z.infer<typeof sessionsAnswer>;
/** The type of `sendAnswer`. */
export type SendAnswer = z.infer<typeof sendAnswer>;
/** The type of `conversationsAnswer`. */
export type ConversationsAnswer = z.infer<typeof conversationsAnswer>;
/** The type of `historyAnswer`. */
export type HistoryAnswer = z.infer<typeof historyAnswer>;
/** The type of `recallAnswer`. */
export type RecallAnswer = z.infer<typeof recallAnswer>;
/** The type of `syncAnswer`. */
export type SyncAnswer = z.infer<typeof syncAnswer>;
/** The type of `uploadedFileSchema`. */
export type UploadAnswer = z.infer<typeof uploadedFileSchema>;
