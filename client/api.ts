import type { Http } from './http.js';
import type {
  Conversation,
  Friend,
  FriendRequest,
  FriendRequests,
  Group,
  GroupMembersPage,
  Limits,
  LoginResult,
  Message,
  OutgoingMessage,
  SendAck,
  SyncResponse,
  TokenPair,
  UploadedFile,
  User,
} from './types.js';

const enc = encodeURIComponent;

/**
 * One typed method per REST route of the contract. Every call resolves with the route's documented
 * body or rejects with an ImError. GETs are retried on network errors, 5xx and 429; other calls
 * only when the server refused them with 429/503, except the idempotent ones noted below.
 */
export class Api {
  constructor(private readonly http: Http) {}

  // Auth
  register(body: { username: string; password: string; displayName?: string }): Promise<{ user: User }> {
    return this.http.json('POST', '/v1/auth/register', { body, auth: false });
  }
  /** Logs in without touching the client's session; `ImClient.login` adopts the result. */
  login(body: { username: string; password: string; deviceId?: string; deviceName?: string }): Promise<LoginResult> {
    return this.http.json('POST', '/v1/auth/login', { body, auth: false });
  }
  refresh(refreshToken: string): Promise<TokenPair> {
    return this.http.json('POST', '/v1/auth/refresh', { body: { refreshToken }, auth: false, retry: 'none' });
  }
  logout(): Promise<void> {
    return this.http.json('POST', '/v1/auth/logout');
  }
  logoutAll(): Promise<void> {
    return this.http.json('POST', '/v1/auth/logout-all');
  }

  // People
  me(): Promise<{ user: User }> {
    return this.http.json('GET', '/v1/me');
  }
  user(id: string): Promise<{ user: User }> {
    return this.http.json('GET', `/v1/users/${enc(id)}`);
  }
  /** Users whose username starts with `query` (at most 20). */
  searchUsers(query: string): Promise<{ users: User[] }> {
    return this.http.json('GET', '/v1/users', { query: { query } });
  }

  // Friends and blocks
  friends(): Promise<{ friends: Friend[] }> {
    return this.http.json('GET', '/v1/friends');
  }
  /** `accepted`: the user had asked you already, and you are friends now. */
  sendFriendRequest(userId: string, message?: string): Promise<{ request: FriendRequest; accepted?: boolean }> {
    return this.http.json('POST', '/v1/friends/requests', { body: { userId, message } });
  }
  friendRequests(): Promise<FriendRequests> {
    return this.http.json('GET', '/v1/friends/requests');
  }
  acceptFriendRequest(id: string): Promise<{ request: FriendRequest }> {
    return this.http.json('POST', `/v1/friends/requests/${enc(id)}/accept`);
  }
  rejectFriendRequest(id: string): Promise<{ request: FriendRequest }> {
    return this.http.json('POST', `/v1/friends/requests/${enc(id)}/reject`);
  }
  removeFriend(userId: string): Promise<void> {
    return this.http.json('DELETE', `/v1/friends/${enc(userId)}`);
  }
  blocks(): Promise<{ blocks: { user: User }[] }> {
    return this.http.json('GET', '/v1/blocks');
  }
  block(userId: string): Promise<{ userId: string }> {
    return this.http.json('POST', '/v1/blocks', { body: { userId } });
  }
  unblock(userId: string): Promise<void> {
    return this.http.json('DELETE', `/v1/blocks/${enc(userId)}`);
  }

  // Groups
  createGroup(name: string, memberIds: string[]): Promise<{ group: Group }> {
    return this.http.json('POST', '/v1/groups', { body: { name, memberIds } });
  }
  groups(): Promise<{ groups: Group[] }> {
    return this.http.json('GET', '/v1/groups');
  }
  group(id: string): Promise<{ group: Group }> {
    return this.http.json('GET', `/v1/groups/${enc(id)}`);
  }
  /** Owner or admin. */
  renameGroup(id: string, name: string): Promise<{ group: Group }> {
    return this.http.json('PATCH', `/v1/groups/${enc(id)}`, { body: { name } });
  }
  /** One page of members; pass the previous page's `next` as `after`. */
  groupMembers(id: string, page: { after?: string; limit?: number } = {}): Promise<GroupMembersPage> {
    return this.http.json('GET', `/v1/groups/${enc(id)}/members`, { query: page });
  }
  addGroupMembers(id: string, userIds: string[]): Promise<{ added: string[] }> {
    return this.http.json('POST', `/v1/groups/${enc(id)}/members`, { body: { userIds } });
  }
  /** Leave (yourself) or remove (owner/admin). */
  removeGroupMember(id: string, userId: string): Promise<void> {
    return this.http.json('DELETE', `/v1/groups/${enc(id)}/members/${enc(userId)}`);
  }

  // Messages and conversations
  /** Idempotent thanks to the clientMsgId, so retried on network errors, 5xx and 429 too. */
  sendMessage(
    m: Required<OutgoingMessage>,
    opts: { maxAttempts?: number; signal?: AbortSignal } = {},
  ): Promise<Omit<SendAck, 'clientMsgId'>> {
    return this.http.json('POST', '/v1/messages', { body: m, retry: 'idempotent', ...opts });
  }
  limits(): Promise<Limits> {
    return this.http.json('GET', '/v1/limits');
  }
  conversations(): Promise<{ conversations: Conversation[] }> {
    return this.http.json('GET', '/v1/conversations');
  }
  /** Ascending by seq; the latest 50 by default. `before` pages upwards. */
  history(
    conversationId: string,
    page: { before?: number; after?: number; limit?: number } = {},
  ): Promise<{ messages: Message[] }> {
    return this.http.json('GET', `/v1/conversations/${enc(conversationId)}/messages`, { query: page });
  }
  /** The marker only moves forward, so this is safe to repeat. */
  markRead(conversationId: string, seq: number): Promise<void> {
    return this.http.json('POST', `/v1/conversations/${enc(conversationId)}/read`, {
      body: { seq },
      retry: 'idempotent',
    });
  }
  typing(conversationId: string): Promise<void> {
    return this.http.json('POST', `/v1/conversations/${enc(conversationId)}/typing`, { retry: 'none' });
  }
  /** Recalling twice is harmless, so this is retried like a GET. */
  recall(conversationId: string, seq: number): Promise<{ conversationId: string; seq: number; recalled: true }> {
    return this.http.json('POST', `/v1/conversations/${enc(conversationId)}/messages/${seq}/recall`, {
      retry: 'idempotent',
    });
  }

  // Inbox
  /** One long-poll: events after `cursor` (or the head cursor when absent). */
  sync(cursor: string | undefined, timeoutSec: number, signal?: AbortSignal): Promise<SyncResponse> {
    return this.http.json('GET', '/v1/sync', { query: { cursor, timeout: timeoutSec }, retry: 'none', signal });
  }
  /** A single-use ticket that opens one event stream within `expiresIn` seconds. */
  streamTicket(): Promise<{ ticket: string; expiresIn: number }> {
    return this.http.json('POST', '/v1/events/ticket');
  }
  /** The current head cursor of the caller's inbox. */
  async head(): Promise<string> {
    return (await this.http.json<SyncResponse>('GET', '/v1/sync')).cursor;
  }

  // Files
  uploadFile(file: Blob, name = (file as Partial<File>).name ?? 'file'): Promise<UploadedFile> {
    return this.http.json('POST', '/v1/files', {
      form: () => {
        const f = new FormData();
        f.append('file', file, name);
        return f;
      },
    });
  }
  /** Downloads a file with the auth header (an `<img>` cannot send one). `idOrUrl`: the id or the upload's `url`. */
  async downloadFile(idOrUrl: string, signal?: AbortSignal): Promise<Blob> {
    const path = idOrUrl.includes('/') ? idOrUrl : `/v1/files/${enc(idOrUrl)}`;
    return (await this.http.fetch('GET', path, { signal })).blob();
  }
}
