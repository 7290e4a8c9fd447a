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

export const tokenPairSchema = z
  .object({
    accessToken: z.string().meta({ description: 'A short-lived JWT for `Authorization: Bearer`.' }),
    refreshToken: z.string().meta({ description: 'Single use: each refresh returns a new one.' }),
    expiresIn: z.number().int().min(0).meta({ description: 'Seconds until the access token expires.' }),
  })
  .meta({ id: 'TokenPair' });

export const transportNameSchema = z.enum(['ws', 'sse', 'longpoll']).meta({ id: 'TransportName' });

export const loginAnswer = tokenPairSchema
  .extend({
    deviceId: z.string(),
    user: userSchema,
    gates: z.array(z.object({ url: z.string(), transports: z.array(transportNameSchema) })),
  })
  .meta({ id: 'LoginResult' });

export const userAnswer = z.object({ user: userSchema });
export const usersAnswer = z.object({ users: z.array(userSchema) });

export const friendSchema = z
  .object({ user: userSchema, online: z.boolean(), lastSeen: timestampSchema.nullable() })
  .meta({ id: 'Friend' });
export const friendsAnswer = z.object({ friends: z.array(friendSchema) });
export const friendRequestAnswer = z.object({ request: friendRequestSchema });
export const friendRequestsAnswer = z
  .object({ incoming: z.array(friendRequestSchema), outgoing: z.array(friendRequestSchema) })
  .meta({ id: 'FriendRequests' });

export const blocksAnswer = z.object({ blocks: z.array(z.object({ user: userSchema })) });
export const blockedAnswer = z.object({ userId: z.string() });

export const groupAnswer = z.object({ group: groupSchema });
export const groupsAnswer = z.object({ groups: z.array(groupSchema) });
export const groupMemberSchema = z
  .object({ user: userSchema, role: z.enum(['owner', 'admin', 'member']), joinedAt: timestampSchema })
  .meta({ id: 'GroupMember' });
export const groupMembersAnswer = z
  .object({
    members: z.array(groupMemberSchema),
    next: z.string().nullable().meta({ description: 'Pass as `after` for the next page; null on the last one.' }),
  })
  .meta({ id: 'GroupMembersPage' });
export const membersAddedAnswer = z.object({
  added: z.array(z.string()).meta({ description: 'The ids that were not members yet.' }),
});

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
export const sessionsAnswer = z.object({ sessions: z.array(deviceSessionSchema) });

export const sendAnswer = z
  .object({ conversationId: z.string(), seq: seqSchema, createdAt: timestampSchema })
  .meta({ id: 'SendResult' });

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
  })
  .meta({ id: 'Conversation' });
export const conversationsAnswer = z.object({ conversations: z.array(conversationSchema) });
export const historyAnswer = z.object({ messages: z.array(messageSchema) });
export const recallAnswer = z.object({ conversationId: z.string(), seq: seqSchema, recalled: z.literal(true) });

export const syncAnswer = z
  .object({
    cursor: cursorSchema.meta({ description: 'Pass as `cursor` in the next poll (unchanged when no event came).' }),
    events: z.array(wireEventSchema),
  })
  .meta({ id: 'SyncResult' });

export const healthAnswer = z.object({ ok: z.literal(true) });
export const readyAnswer = z.object({ ready: z.boolean(), draining: z.boolean() });

export { uploadedFileSchema as uploadAnswer };

export type LoginAnswer = z.infer<typeof loginAnswer>;
export type TokenPairAnswer = z.infer<typeof tokenPairSchema>;
export type UserAnswer = z.infer<typeof userAnswer>;
export type UsersAnswer = z.infer<typeof usersAnswer>;
export type FriendsAnswer = z.infer<typeof friendsAnswer>;
export type FriendRequestAnswer = z.infer<typeof friendRequestAnswer>;
export type FriendRequestsAnswer = z.infer<typeof friendRequestsAnswer>;
export type BlocksAnswer = z.infer<typeof blocksAnswer>;
export type BlockedAnswer = z.infer<typeof blockedAnswer>;
export type GroupAnswer = z.infer<typeof groupAnswer>;
export type GroupsAnswer = z.infer<typeof groupsAnswer>;
export type GroupMembersAnswer = z.infer<typeof groupMembersAnswer>;
export type MembersAddedAnswer = z.infer<typeof membersAddedAnswer>;
export type SessionsAnswer = z.infer<typeof sessionsAnswer>;
export type SendAnswer = z.infer<typeof sendAnswer>;
export type ConversationsAnswer = z.infer<typeof conversationsAnswer>;
export type HistoryAnswer = z.infer<typeof historyAnswer>;
export type RecallAnswer = z.infer<typeof recallAnswer>;
export type SyncAnswer = z.infer<typeof syncAnswer>;
export type UploadAnswer = z.infer<typeof uploadedFileSchema>;
