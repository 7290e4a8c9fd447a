/**
 * The wire shapes of the gateway's public contract as the client sees them. Events and messages
 * come from the server's own definitions, so the two cannot drift apart.
 */
import type { ConversationKind, FriendRequest, GroupAction, Message, User, WireEvent } from '../src/events.js';

export type { ConversationKind, FriendRequest, GroupAction, Message, User, WireEvent };

/** A durable event (has a cursor). */
export type DurableWireEvent = Extract<WireEvent, { cursor: string }>;

/** The transports, best first. */
export type TransportName = 'ws' | 'sse' | 'longpoll';

/** What the client says is live right now. */
export type TransportState = TransportName | 'offline';

export interface GateInfo {
  url: string;
  transports: TransportName[];
}

export interface LoginResult {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  deviceId: string;
  user: User;
  gates: GateInfo[];
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface Friend {
  user: User;
  online: boolean;
  lastSeen: number | null;
}

export interface FriendRequests {
  incoming: FriendRequest[];
  outgoing: FriendRequest[];
}

export interface Group {
  id: string;
  name: string;
  ownerId: string;
  memberCount: number;
  createdAt: number;
}

export interface GroupMember {
  user: User;
  role: string;
  joinedAt: number;
}

export interface GroupMembersPage {
  members: GroupMember[];
  /** Pass as `after` for the next page; null on the last one. */
  next: string | null;
}

/** One member's read marker: they have read every message up to `seq`. */
export interface ReadMarker {
  userId: string;
  seq: number;
}

export interface Conversation {
  id: string;
  kind: ConversationKind;
  peer?: User;
  group?: Group | null;
  lastMessage: Message | null;
  lastSeq: number;
  readSeq: number;
  unread: number;
  /** Direct chats: the peer's read marker (0 when nothing was read). */
  peerReadSeq?: number;
  /** Groups: the other members' read markers, highest first, at most 100. */
  readMarkers?: ReadMarker[];
}

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

/** A send the server accepted: the message's place in its conversation. */
export interface SendAck {
  clientMsgId: string;
  conversationId: string;
  seq: number;
  createdAt: number;
}

/** The upload response; `JSON.stringify` of it is the content of an `image` or `file` message. */
export interface UploadedFile {
  id: string;
  url: string;
  name: string;
  size: number;
  contentType: string;
}

export interface SyncResponse {
  cursor: string;
  events: WireEvent[];
}

/** JSON frames of the `im.v1.json` WebSocket subprotocol, client to server. */
export type ClientFrame =
  | { op: 'login'; token: string; cursor?: string; deviceId?: string }
  | { op: 'send'; kind: ConversationKind; to: string; clientMsgId: string; contentType: string; content: string }
  | { op: 'read'; conversationId: string; seq: number }
  | { op: 'typing'; conversationId: string }
  | { op: 'recall'; conversationId: string; seq: number }
  | { op: 'ping' }
  | { op: 'logout' };

/** JSON frames of the `im.v1.json` WebSocket subprotocol, server to client. */
export type ServerFrame =
  | { op: 'login_ok'; userId?: string; deviceId?: string; cursor?: string }
  | { op: 'ack'; clientMsgId: string; conversationId: string; seq: number; createdAt: number }
  | { op: 'event'; event: WireEvent }
  | { op: 'pong' }
  | { op: 'error'; code: string; message?: string; clientMsgId?: string; retryAfterMs?: number; cursor?: string };

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
