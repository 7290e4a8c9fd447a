import { im } from './im.js';
import type { WireEvent } from '../events.js';
import { parseConversationId } from '../ids.js';

/**
 * The mapping between the gateway's events and the protobuf schema in proto/im.proto. `im.js` and
 * `im.d.ts` next to this file are generated (`npm run proto`); this module is the only one that
 * knows how inbox events look as protobuf.
 */
export { im };

export type Frame = im.v1.Frame & im.v1.Frame.$Shape;

/** int64 fields decode as a Long when the `long` package is present; ids and times fit a double. */
export function toNum(v: number | { toNumber(): number } | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

/** Empty strings are proto3's "unset". */
export function opt(s: string | null | undefined): string | undefined {
  return s ? s : undefined;
}

/** Decodes one Frame; throws on bytes that are not a Frame. */
export function decodeFrame(bytes: Uint8Array): Frame {
  return im.v1.Frame.decode(bytes);
}

export function encodeFrame(frame: im.v1.Frame.$Properties): Uint8Array {
  return im.v1.Frame.encode(frame).finish();
}

/** The original protocol's numeric message id, when a clientMsgId is one (0 otherwise). */
function numericId(clientMsgId: string): number {
  if (!/^\d{1,15}$/.test(clientMsgId)) return 0;
  return Number(clientMsgId);
}

/** The original protocol's `to` of a conversation seen from `userId`: the peer of a direct chat, or the group id. */
function counterpart(conversationId: string, userId: string): { to: string; group: boolean } {
  const ref = parseConversationId(conversationId);
  if (!ref) return { to: '', group: false };
  if (ref.kind === 'group') return { to: ref.groupId, group: true };
  return { to: ref.users[0] === userId ? ref.users[1] : ref.users[0], group: false };
}

const FRIEND_KIND = {
  friend_request: im.v1.FriendEvent.Kind.FRIEND_REQUEST,
  friend_added: im.v1.FriendEvent.Kind.FRIEND_ADDED,
  friend_removed: im.v1.FriendEvent.Kind.FRIEND_REMOVED,
} as const;

/** An inbox event as the protobuf `Event`. Viewer-independent, so one encoding serves every connection. */
export function eventToProto(e: WireEvent): im.v1.Event.$Properties {
  const base = { cursor: e.cursor ?? '', at: e.at };
  switch (e.type) {
    case 'message': {
      const m = e.data;
      const body = {
        seq: numericId(m.clientMsgId),
        seqId: m.seq,
        from: m.from,
        to: m.to,
        type: m.contentType,
        content: m.content,
        conversationId: m.conversationId,
        fromDevice: m.fromDevice,
        clientMsgId: m.clientMsgId,
        createdAt: m.createdAt,
        recalled: m.recalled === true,
      };
      return m.kind === 'group' ? { ...base, groupMessage: body } : { ...base, friendMessage: body };
    }
    case 'recall':
      return { ...base, recall: { conversationId: e.data.conversationId, seqId: e.data.seq, by: e.data.by } };
    case 'read': {
      const c = counterpart(e.data.conversationId, e.data.userId);
      return {
        ...base,
        read: {
          from: e.data.userId,
          to: c.to,
          seqId: e.data.seq,
          type: c.group ? im.v1.ReadMessage.Type.GROUP : im.v1.ReadMessage.Type.FRIEND,
          conversationId: e.data.conversationId,
          userId: e.data.userId,
        },
      };
    }
    case 'friend_request':
      return {
        ...base,
        friendEvent: { kind: FRIEND_KIND.friend_request, userId: e.data.request.from, request: e.data.request },
      };
    case 'friend_added':
    case 'friend_removed':
      return { ...base, friendEvent: { kind: FRIEND_KIND[e.type], userId: e.data.userId } };
    case 'group':
      return { ...base, groupEvent: { groupId: e.data.groupId, action: e.data.action, userIds: e.data.userIds ?? [] } };
    case 'typing': {
      const c = counterpart(e.data.conversationId, e.data.userId);
      return { ...base, inputting: { from: e.data.userId, to: c.to, conversationId: e.data.conversationId } };
    }
    case 'presence':
      return { ...base, status: { userId: e.data.userId, status: e.data.online, at: e.data.at } };
  }
}
