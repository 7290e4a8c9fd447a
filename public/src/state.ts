import { Emitter } from '../../client/emitter.js';
import {
  directConversationId,
  groupIdOf,
  peerOf,
  type Conversation,
  type Friend,
  type FriendRequests,
  type Group,
  type Message,
  type User,
} from '../../client/index.js';

/** A send shown before the server accepted it. */
export interface PendingSend {
  clientMsgId: string;
  contentType: string;
  content: string;
  createdAt: number;
  status: 'sending' | 'failed';
  error?: string;
  /** Offered only when trying again can succeed. */
  retry?: () => void;
}

/** One conversation as the demo holds it. */
export interface Conv {
  id: string;
  kind: 'direct' | 'group';
  peerId?: string;
  groupId?: string;
  lastMessage: Message | null;
  lastSeq: number;
  /** The user's own read marker. */
  readSeq: number;
  unread: number;
  /** Loaded messages by seq. */
  messages: Map<number, Message>;
  pending: Map<string, PendingSend>;
  /** Other members' read markers, as far as the server, receipts and their own messages told us. */
  peerRead: Map<string, number>;
  /** Who is typing, until when (ms). */
  typing: Map<string, number>;
  historyLoaded: boolean;
  hasOlder: boolean;
}

export interface StoreEvents {
  conversations: void;
  friends: void;
  requests: void;
  blocks: void;
  /** Something in one conversation's messages changed. */
  messages: { convId: string; seq?: number; clientMsgId?: string };
  typing: { convId: string };
  reads: { convId: string };
}

/** How long a typing event keeps "typing…" on screen. */
export const TYPING_MS = 4000;
/** How many other members' markers a conversation listing carries at most (the server's bound). */
export const READ_MARKERS_LISTED = 100;

/**
 * The demo's model: conversations with their loaded messages, friends with presence, requests,
 * blocks and a user cache. Views listen to its change events; nothing here touches the DOM or the network.
 *
 * Read receipts: a member's marker comes from the conversation list (`peerReadSeq`, `readMarkers`),
 * from `read` events, and from the member's own messages, since sending moves the sender's marker
 * without a `read` event: a message from X with seq n means X has read everything up to n.
 */
export class Store extends Emitter<StoreEvents> {
  readonly convs = new Map<string, Conv>();
  readonly users = new Map<string, User>();
  readonly friends = new Map<string, Friend>();
  readonly groups = new Map<string, Group>();
  readonly blocked = new Set<string>();
  requests: FriendRequests = { incoming: [], outgoing: [] };

  constructor(readonly me: User) {
    super();
    this.users.set(me.id, me);
  }

  conv(id: string): Conv {
    let c = this.convs.get(id);
    if (!c) {
      const groupId = groupIdOf(id) ?? undefined;
      c = {
        id,
        kind: groupId ? 'group' : 'direct',
        groupId,
        peerId: groupId ? undefined : (peerOf(id, this.me.id) ?? undefined),
        lastMessage: null,
        lastSeq: 0,
        readSeq: 0,
        unread: 0,
        messages: new Map(),
        pending: new Map(),
        peerRead: new Map(),
        typing: new Map(),
        historyLoaded: false,
        hasOlder: false,
      };
      this.convs.set(id, c);
    }
    return c;
  }

  directWith(userId: string): Conv {
    return this.conv(directConversationId(this.me.id, userId));
  }

  title(c: Conv): string {
    if (c.groupId) return this.groups.get(c.groupId)?.name ?? 'Group';
    return this.nameOf(c.peerId ?? '');
  }

  nameOf(userId: string): string {
    const u = this.users.get(userId);
    return u ? u.displayName || u.username : 'someone';
  }

  /** Conversations, most recent activity first; ones without messages last. */
  sortedConvs(): Conv[] {
    return [...this.convs.values()].sort((a, b) => (b.lastMessage?.createdAt ?? 0) - (a.lastMessage?.createdAt ?? 0));
  }

  /** Unread messages over every conversation. */
  totalUnread(): number {
    let n = 0;
    for (const c of this.convs.values()) n += c.unread;
    return n;
  }

  setConversations(list: Conversation[]): void {
    for (const item of list) {
      const c = this.conv(item.id);
      if (item.peer) this.users.set(item.peer.id, item.peer);
      if (item.group) this.groups.set(item.group.id, item.group);
      if (item.lastSeq >= c.lastSeq) {
        c.lastSeq = item.lastSeq;
        c.lastMessage = item.lastMessage;
      }
      c.readSeq = Math.max(c.readSeq, item.readSeq);
      c.unread = Math.max(0, c.lastSeq - c.readSeq);
      let moved = c.peerId !== undefined && !!item.peerReadSeq && this.markRead(c, c.peerId, item.peerReadSeq);
      for (const r of item.readMarkers ?? []) moved = this.markRead(c, r.userId, r.seq) || moved;
      if (moved) this.emit('reads', { convId: c.id });
    }
    this.emit('conversations', undefined);
  }

  setGroups(groups: Group[]): void {
    for (const g of groups) {
      this.groups.set(g.id, g);
      this.conv(`g:${g.id}`);
    }
    this.emit('conversations', undefined);
  }

  /** Forgets a group the user left or was removed from. */
  dropGroup(groupId: string): void {
    this.groups.delete(groupId);
    this.convs.delete(`g:${groupId}`);
    this.emit('conversations', undefined);
  }

  setFriends(friends: Friend[]): void {
    this.friends.clear();
    for (const f of friends) {
      this.friends.set(f.user.id, f);
      this.users.set(f.user.id, f.user);
    }
    this.emit('friends', undefined);
  }

  setBlocks(users: User[]): void {
    this.blocked.clear();
    for (const u of users) {
      this.blocked.add(u.id);
      this.users.set(u.id, u);
    }
    this.emit('blocks', undefined);
  }

  setPresence(userId: string, online: boolean, at: number): void {
    const f = this.friends.get(userId);
    if (!f) return;
    f.online = online;
    if (!online) f.lastSeen = at;
    this.emit('friends', undefined);
  }

  setRequests(r: FriendRequests): void {
    this.requests = r;
    this.emit('requests', undefined);
  }

  /** Adds a message (from history, the inbox or an ack); returns false when it was already there. */
  addMessage(m: Message, opts: { viewing?: boolean } = {}): boolean {
    const c = this.conv(m.conversationId);
    if (c.messages.has(m.seq)) return false;
    c.messages.set(m.seq, m);
    c.typing.delete(m.from);
    if (m.seq > c.lastSeq) {
      c.lastSeq = m.seq;
      c.lastMessage = m;
      if (m.from === this.me.id) c.readSeq = Math.max(c.readSeq, m.seq);
      else if (!opts.viewing) c.unread = Math.max(0, c.lastSeq - c.readSeq);
    }
    // Whoever sent it has read everything before it.
    if (m.from !== this.me.id && this.markRead(c, m.from, m.seq)) this.emit('reads', { convId: c.id });
    this.emit('messages', { convId: c.id, seq: m.seq });
    this.emit('conversations', undefined);
    return true;
  }

  /** Drops every loaded message (the inbox was reset: history is reloaded from the server). */
  forgetMessages(): void {
    for (const c of this.convs.values()) {
      c.messages.clear();
      c.historyLoaded = false;
      c.hasOlder = false;
    }
  }

  recall(convId: string, seq: number): void {
    const c = this.conv(convId);
    const m = c.messages.get(seq);
    if (m) c.messages.set(seq, { ...m, recalled: true, content: '' });
    if (c.lastMessage?.seq === seq) c.lastMessage = { ...c.lastMessage, recalled: true, content: '' };
    this.emit('messages', { convId, seq });
    this.emit('conversations', undefined);
  }

  read(convId: string, userId: string, seq: number): void {
    const c = this.conv(convId);
    if (userId === this.me.id) {
      c.readSeq = Math.max(c.readSeq, seq);
      c.unread = Math.max(0, c.lastSeq - c.readSeq);
      this.emit('conversations', undefined);
    } else if (this.markRead(c, userId, seq)) {
      this.emit('reads', { convId });
    }
  }

  /** Moves another member's marker forward; true when it moved. */
  private markRead(c: Conv, userId: string, seq: number): boolean {
    if (userId === this.me.id || (c.peerRead.get(userId) ?? 0) >= seq) return false;
    c.peerRead.set(userId, seq);
    return true;
  }

  typing(convId: string, userId: string): void {
    if (userId === this.me.id) return;
    this.conv(convId).typing.set(userId, Date.now() + TYPING_MS);
    this.emit('typing', { convId });
  }

  setPending(convId: string, p: PendingSend): void {
    this.conv(convId).pending.set(p.clientMsgId, p);
    this.emit('messages', { convId, clientMsgId: p.clientMsgId });
  }

  dropPending(convId: string, clientMsgId: string): void {
    this.conv(convId).pending.delete(clientMsgId);
    this.emit('messages', { convId, clientMsgId });
  }

  /** How many other members have read up to `seq`. */
  readers(c: Conv, seq: number): number {
    let n = 0;
    for (const s of c.peerRead.values()) if (s >= seq) n++;
    return n;
  }
}
