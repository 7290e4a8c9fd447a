import type { Context } from '../context.js';
import type { Principal } from './auth.js';
import { badRequest, forbidden, notFound, rateLimited } from '../errors.js';
import { parseConversationId } from '../ids.js';
import * as groups from '../store/groups.js';
import * as messages from '../store/messages.js';
import { readConversations, readHistory, type HistoryRead, type ReadStores } from '../store/replica.js';
import * as users from '../store/users.js';

/** How many of the other members' read markers a group conversation lists (the highest). */
export const READ_MARKERS_PER_GROUP = 100;

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
  await ctx.access.member(userId, conversationId);
  const page = await readHistory(readStores(ctx), conversationId, q);
  return { messages: page.messages, ...(page.retainedFrom > 1 ? { retainedFrom: page.retainedFrom } : {}) };
}

/**
 * The caller's conversations, newest first, with the other side's read state: `peerReadSeq` in a
 * direct chat, and in a group `readMarkers`, the other members' markers, highest first, at most
 * READ_MARKERS_PER_GROUP (a message at or below the last one listed is read by at least that many).
 */
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
  const [peers, groupList, markers] = await Promise.all([
    users.getUsers(ctx.sql, peerIds),
    Promise.all(groupIds.map((g) => groups.getGroup(ctx.sql, g))),
    messages.othersReadMarkers(
      ctx.sql,
      userId,
      rows.map((r) => r.id),
      READ_MARKERS_PER_GROUP,
    ),
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
      return {
        ...base,
        peer: peers.get(peerId) ?? { id: peerId, username: '', displayName: '' },
        peerReadSeq: markers.get(r.id)?.[0]?.seq ?? 0,
      };
    }
    return { ...base, group: groupById.get(ref.groupId) ?? null, readMarkers: markers.get(r.id) ?? [] };
  });
}

/** Takes one point of the user's budget for `what`, or refuses with 429. */
async function spend(ctx: Context, what: 'read' | 'typing', userId: string, perSecond: number): Promise<void> {
  const waitMs = await ctx.rateLimits.consume(`${what}:${userId}`, perSecond, 1);
  if (waitMs > 0) throw rateLimited(waitMs / 1000, `too many ${what === 'read' ? 'read markers' : 'typing notices'}`);
}

/** The conversation's last seq: its counter, or (when the counter was lost) what Postgres holds. */
async function lastSeq(ctx: Context, conversationId: string): Promise<number> {
  return (await ctx.sequencer.last(conversationId)) ?? (await messages.maxSeq(ctx.sql, conversationId));
}

/**
 * Moves the read marker forward; the other members and the caller's other devices get a `read`
 * event. The conversation must exist (a direct one has a message) and the caller be part of it; the
 * marker cannot pass its last message, and a marker that does not move appends nothing.
 */
export async function markRead(ctx: Context, p: Principal, conversationId: string, seq: number): Promise<void> {
  await spend(ctx, 'read', p.userId, ctx.config.READ_RATE_PER_SECOND);
  const a = await ctx.access.member(p.userId, conversationId);
  const last = await lastSeq(ctx, conversationId);
  if (last === 0 && a.ref.kind === 'direct') throw notFound('no such conversation');
  if (seq > last) throw badRequest(`seq: past the conversation's last message (${last})`);
  const moved = await messages.advanceReadMarker(ctx.sql, p.userId, conversationId, seq);
  if (moved === null) return;
  await ctx.inboxes.append(
    { type: 'read', at: ctx.now(), data: { conversationId, userId: p.userId, seq: moved } },
    a.members,
  );
}

/**
 * Typing reaches the other members; in a direct chat only between friends with no block, and in a
 * group not the members who blocked the typist (as for messages).
 */
export async function typing(ctx: Context, p: Principal, conversationId: string): Promise<void> {
  await spend(ctx, 'typing', p.userId, ctx.config.TYPING_RATE_PER_SECOND);
  const a = await ctx.access.talker(p.userId, conversationId);
  const others = a.members.filter((u) => u !== p.userId);
  await ctx.inboxes.publish(others, {
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
  const a = await ctx.access.member(p.userId, conversationId);
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
  await ctx.inboxes.append({ type: 'recall', at: ctx.now(), data: { conversationId, seq, by: p.userId } }, a.members);
}
