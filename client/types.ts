/**
 * The wire shapes of the gateway's public contract as the client sees them. They are the types of the
 * server's own schemas (the ones its OpenAPI document and docs/schemas/ are generated from), imported
 * as types only, so the two cannot drift apart and no schema code goes into the browser bundle.
 */
import type { z } from 'zod';
import type { ConversationKind, FriendRequest, GroupAction, Message, User, WireEvent } from '../src/events.js';
import type {
  conversationSchema,
  friendSchema,
  groupMemberSchema,
  GroupMembersAnswer,
  FriendRequestsAnswer,
  LoginAnswer,
  SendAnswer,
  SyncAnswer,
  TokenPairAnswer,
  transportNameSchema,
  UploadAnswer,
} from '../src/http/answers.js';
import type { groupSchema } from '../src/schemas/entities.js';
import type { JsonServerFrame } from '../src/schemas/frames.js';

export type { ConversationKind, FriendRequest, GroupAction, Message, User, WireEvent };

/** A durable event (has a cursor). */
export type DurableWireEvent = Extract<WireEvent, { cursor: string }>;

/** The transports, best first. */
export type TransportName = z.infer<typeof transportNameSchema>;

/** What the client says is live right now. */
export type TransportState = TransportName | 'offline';

/** A gate login names, with the transports it serves. */
export type GateInfo = LoginResult['gates'][number];

/** The login answer: tokens (`expiresIn` in seconds), the device, the user and the gates. */
export type LoginResult = LoginAnswer;

export type TokenPair = TokenPairAnswer;

export type Friend = z.infer<typeof friendSchema>;

export type FriendRequests = FriendRequestsAnswer;

export type Group = z.infer<typeof groupSchema>;

export type GroupMember = z.infer<typeof groupMemberSchema>;

/** One page of members; pass `next` as `after` for the next page (null on the last one). */
export type GroupMembersPage = GroupMembersAnswer;

export type Conversation = z.infer<typeof conversationSchema>;

/** One member's read marker: they have read every message up to `seq`. */
export type ReadMarker = NonNullable<Conversation['readMarkers']>[number];

/** What the gate lets a client do (`GET /v1/limits`). */
export interface Limits {
  maxUploadBytes: number;
  recallWindowSec: number;
}

/** What a send needs; `clientMsgId` is generated when absent. Reuse it to retry the same message. */
export interface OutgoingMessage {
  kind: ConversationKind;
  to: string;
  contentType: string;
  content: string;
  clientMsgId?: string;
}

/** A send the server accepted: the message's place in its conversation, and the send's own id. */
export type SendAck = SendAnswer & { clientMsgId: string };

/** The upload response; `JSON.stringify` of it is the content of an `image` or `file` message. */
export type UploadedFile = UploadAnswer;

export type SyncResponse = SyncAnswer;

/**
 * JSON frames of the `im.v1.json` WebSocket subprotocol, client to server: the ones this library
 * sends. The gate's schema for them lives with its Node-only codec, so a type-level check in the
 * tests (test/openapi.test.ts) proves each of these is a frame the gate accepts.
 */
export type ClientFrame =
  | { op: 'login'; token: string; cursor?: string; deviceId?: string }
  | { op: 'send'; kind: ConversationKind; to: string; clientMsgId: string; contentType: string; content: string }
  | { op: 'read'; conversationId: string; seq: number }
  | { op: 'typing'; conversationId: string }
  | { op: 'recall'; conversationId: string; seq: number }
  | { op: 'ping' }
  | { op: 'logout' };

/** JSON frames of the `im.v1.json` WebSocket subprotocol, server to client. */
export type ServerFrame = JsonServerFrame;

/** Where the caller keeps the last processed cursor (localStorage in a browser, a file or memory elsewhere). */
export interface CursorStore {
  get(): string | null | undefined;
  set(cursor: string): void;
}

/** A logged-in device session as the client keeps it. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
  /**
   * Epoch ms when the access token was issued (as this client saw it), so every tab that shares the
   * session plans its refresh for the same moment; absent in sessions stored by older versions.
   */
  issuedAt?: number;
  deviceId: string;
  user: User;
}

/** Where the caller keeps the session between runs; read again before a refresh so two tabs do not both rotate. */
export interface SessionStore {
  get(): Session | null | undefined;
  set(session: Session | null): void;
}
