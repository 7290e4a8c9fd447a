import type { Context } from '../context.js';
import type { Principal } from './auth.js';
import { forbidden, notFound } from '../errors.js';
import { parseConversationId, type ConversationRef } from '../ids.js';
import * as groups from '../store/groups.js';
import * as messages from '../store/messages.js';
import { readConversations, readHistory, type HistoryRead, type ReadStores } from '../store/replica.js';
import * as social from '../store/social.js';
import * as users from '../store/users.js';

/** A conversation the caller takes part in, with every member id (for events). */
export interface Access {
  ref: ConversationRef;
  members: string[];
}

/** 404 for an id that names no conversation, 403 for one the user is not part of. */
export async function access(ctx: Context, userId: string, conversationId: string): Promise<Access> {
  const ref = parseConversationId(conversationId);
  if (!ref) throw notFound('no such conversation');
  if (ref.kind === 'direct') {
    if (!ref.users.includes(userId)) throw forbidden('not your conversation');
    return { ref, members: [...ref.users] };
  }
  const members = await groups.memberIds(ctx.sql, ref.groupId);
  if (members.length === 0) throw notFound('no such conversation');
  if (!members.includes(userId)) throw forbidden('not a member of this group');
  return { ref, members };
}

/** The primary and the replica (if any), with the gate's read counters and a log line per replica failure. */
function readStores(ctx: Context): ReadStores {
  return {
    primary: ctx.sql,
    replica: ctx.replica,
    onRead: (read, source) => ctx.metrics.dbReads.inc({ read, source }),
    onReplicaError: (err) => {
      ctx.metrics.replicaErrors.inc();
      ctx.log.warn({ err: err.message }, 'replica read failed; answered from the primary');
    },
  };
}

/**
 * A page of the conversation's history (members only). `retainedFrom` is there when retention has
 * removed the messages below it, so a client paging back, or forward from an old seq, knows the
 * missing seqs are gone rather than lost.
 */
export async function history(ctx: Context, userId: string, conversationId: string, q: HistoryRead) {
  await access(ctx, userId, conversationId);
  const page = await readHistory(readStores(ctx), conversationId, q);
  return { messages: page.messages, ...(page.retainedFrom > 1 ? { retainedFrom: page.retainedFrom } : {}) };
}

export async function list(ctx: Context, userId: string) {
  const rows = await readConversations(readStores(ctx), userId, 200);
  const peerIds = rows.flatMap((r) => {
    const ref = parseConversationId(r.id);
    return ref?.kind === 'direct' ? [ref.users[0] === userId ? ref.users[1] : ref.users[0]] : [];
  });
  const groupIds = rows.flatMap((r) => {
    const ref = parseConversationId(r.id);
    return ref?.kind === 'group' ? [ref.groupId] : [];
  });
  const [peers, groupList] = await Promise.all([
    users.getUsers(ctx.sql, peerIds),
    Promise.all(groupIds.map((g) => groups.getGroup(ctx.sql, g))),
  ]);
  const groupById = new Map(groupList.flatMap((g) => (g ? [[g.id, g] as const] : [])));
  return rows.map((r) => {
    const ref = parseConversationId(r.id)!;
    const base = {
      id: r.id,
      kind: r.kind,
      lastMessage: r.lastMessage,
      lastSeq: r.lastSeq,
      readSeq: r.readSeq,
      unread: Math.max(0, r.lastSeq - r.readSeq),
      ...(r.retainedFrom > 1 ? { retainedFrom: r.retainedFrom } : {}),
    };
    if (ref.kind === 'direct') {
      const peerId = ref.users[0] === userId ? ref.users[1] : ref.users[0];
      return { ...base, peer: peers.get(peerId) ?? { id: peerId, username: '', displayName: '' } };
    }
    return { ...base, group: groupById.get(ref.groupId) ?? null };
  });
}

/** Moves the read marker forward; the other members and the caller's other devices get a `read` event. */
export async function markRead(ctx: Context, p: Principal, conversationId: string, seq: number): Promise<void> {
  const a = await access(ctx, p.userId, conversationId);
  const moved = await messages.advanceReadMarker(ctx.sql, p.userId, conversationId, seq);
  if (moved === null) return;
  await ctx.broker.append(
    { type: 'read', at: ctx.now(), data: { conversationId, userId: p.userId, seq: moved } },
    a.members,
  );
}

/** Typing reaches the other members; in a direct chat not while either side blocks the other (as for messages). */
export async function typing(ctx: Context, p: Principal, conversationId: string): Promise<void> {
  const a = await access(ctx, p.userId, conversationId);
  if (a.ref.kind === 'direct') {
    const peer = a.ref.users[0] === p.userId ? a.ref.users[1] : a.ref.users[0];
    if (await social.blockedEitherWay(ctx.sql, p.userId, peer)) throw forbidden('one of you blocked the other');
  }
  const others = a.members.filter((u) => u !== p.userId);
  await ctx.broker.publish(others, {
    kind: 'ephemeral',
    event: { type: 'typing', at: ctx.now(), data: { conversationId, userId: p.userId } },
  });
}

const RECALL_LOOKUP_MS = 2000;

/**
 * Recalls the sender's own message within RECALL_WINDOW. The message may still be on its way to
 * Postgres (the writer batches): the lookup waits up to two seconds for it.
 */
export async function recall(ctx: Context, p: Principal, conversationId: string, seq: number): Promise<void> {
  const a = await access(ctx, p.userId, conversationId);
  let msg = await messages.getMessage(ctx.sql, conversationId, seq);
  for (const deadline = Date.now() + RECALL_LOOKUP_MS; !msg && Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 100));
    msg = await messages.getMessage(ctx.sql, conversationId, seq);
  }
  if (!msg) throw notFound('no such message');
  if (msg.from !== p.userId) throw forbidden('only the sender recalls a message');
  if (msg.recalled) return;
  if (ctx.now() - msg.createdAt > ctx.config.RECALL_WINDOW * 1000) throw forbidden('the recall window has passed');
  await messages.recallMessage(ctx.sql, conversationId, seq);
  await ctx.broker.append({ type: 'recall', at: ctx.now(), data: { conversationId, seq, by: p.userId } }, a.members);
}
