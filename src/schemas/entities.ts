import { z } from 'zod';

/**
 * The things the contract puts on the wire (users, messages, friend requests, groups), as zod
 * schemas: the one definition their TypeScript types (src/events.ts), the OpenAPI document and the
 * JSON Schemas in docs/schemas/ are all derived from. The `id` in each `meta` names the schema in
 * those documents.
 */

/** Milliseconds since the epoch. */
export const timestampSchema = z.number().int().min(0).meta({ description: 'Milliseconds since the epoch.' });

/** A per-conversation message number: strictly increasing, starting at 1. */
export const seqSchema = z
  .number()
  .int()
  .min(1)
  .max(Number.MAX_SAFE_INTEGER)
  .meta({ description: 'Per-conversation message number, strictly increasing from 1.' });

/** An opaque inbox position; events after it are exactly those that arrived later. */
export const cursorSchema = z
  .string()
  .meta({ description: 'Opaque inbox position. Store the last one processed and resume from it on any transport.' });

/** A direct chat between two users, or a group's chat. */
export const conversationKindSchema = z.enum(['direct', 'group']).meta({ id: 'ConversationKind' });

/** A user as others see them. */
export const userSchema = z
  .object({ id: z.string(), username: z.string(), displayName: z.string() })
  .meta({ id: 'User' });

/** A message; `(conversationId, seq)` identifies it everywhere. */
export const messageSchema = z
  .object({
    conversationId: z
      .string()
      .meta({ description: '`d:<smallerUserId>:<largerUserId>` for a direct chat, `g:<groupId>` for a group.' }),
    seq: seqSchema,
    kind: conversationKindSchema,
    from: z.string().meta({ description: 'Sender user id.' }),
    to: z.string().meta({ description: 'Recipient user id (direct) or group id.' }),
    fromDevice: z.string(),
    clientMsgId: z.string(),
    contentType: z.string().meta({ description: '`text`, `image`, `file` or a custom token.' }),
    content: z.string().meta({
      description: 'For `image`/`file`: the JSON text of the server record of the upload. Empty once recalled.',
    }),
    createdAt: timestampSchema,
    recalled: z.boolean().optional(),
  })
  .meta({ id: 'Message' });

/** A friend request, pending or answered. */
export const friendRequestSchema = z
  .object({
    id: z.string(),
    from: z.string(),
    to: z.string(),
    message: z.string(),
    createdAt: timestampSchema,
  })
  .meta({ id: 'FriendRequest' });

/** A group chat. */
export const groupSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    ownerId: z.string(),
    memberCount: z.number().int().min(0),
    createdAt: timestampSchema,
  })
  .meta({ id: 'Group' });

/** What happened to a group, in its `group` event. */
export const groupActionSchema = z
  .enum(['created', 'member_added', 'member_removed', 'renamed'])
  .meta({ id: 'GroupAction' });

/** The upload response; `JSON.stringify` of it is the content of an `image` or `file` message. */
export const uploadedFileSchema = z
  .object({
    id: z.string(),
    url: z.string().meta({ description: 'Path to download it from, on any gate (authenticated).' }),
    name: z.string(),
    size: z.number().int().min(0),
    contentType: z.string().meta({ description: 'The type the server detected from the bytes.' }),
  })
  .meta({ id: 'UploadedFile' });
