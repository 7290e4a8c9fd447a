import type { Sql } from './db.js';
import type { Message } from '../events.js';

interface MessageRow {
  conversation_id: string;
  seq: number;
  kind: 'direct' | 'group';
  from_user: string;
  to_id: string;
  from_device: string;
  client_msg_id: string;
  content_type: string;
  content: string;
  created_at: number;
  recalled: boolean;
}

export const toMessage = (r: MessageRow): Message => ({
  conversationId: r.conversation_id,
  seq: r.seq,
  kind: r.kind,
  from: r.from_user,
  to: r.to_id,
  fromDevice: r.from_device,
  clientMsgId: r.client_msg_id,
  contentType: r.content_type,
  content: r.content,
  createdAt: r.created_at,
  ...(r.recalled ? { recalled: true } : {}),
});

/**
 * The highest seq the conversation reached in Postgres (0 when none): the seed of a lost counter. The
 * conversation's last_seq counts too, since retention may have removed every message it had.
 */
export async function maxSeq(sql: Sql, conversationId: string): Promise<number> {
  const rows = await sql<{ max: number | null }[]>`
    select greatest(
      (select max(seq) from messages where conversation_id = ${conversationId}),
      (select last_seq from conversations where id = ${conversationId})) as max`;
  return rows[0]?.max ?? 0;
}

/** How far back among a conversation's messages a retry is looked for (see findByClientId). */
const RETRY_LOOKBACK = 10_000;

/**
 * A message already stored for (device, clientMsgId): lets a retry after a Redis loss get its seq
 * back. Retries come within minutes of the first attempt, so only the conversation's latest messages
 * are searched (backwards along the primary key; there is no index on client ids).
 */
export async function findByClientId(
  sql: Sql,
  conversationId: string,
  deviceId: string,
  clientMsgId: string,
): Promise<Message | null> {
  const rows = await sql<MessageRow[]>`
    select * from (
      select * from messages where conversation_id = ${conversationId} order by seq desc limit ${RETRY_LOOKBACK}
    ) recent
    where from_device = ${deviceId} and client_msg_id = ${clientMsgId}
    order by seq limit 1`;
  return rows[0] ? toMessage(rows[0]) : null;
}

export async function getMessage(sql: Sql, conversationId: string, seq: number): Promise<Message | null> {
  const rows = await sql<
    MessageRow[]
  >`select * from messages where conversation_id = ${conversationId} and seq = ${seq}`;
  return rows[0] ? toMessage(rows[0]) : null;
}

/** Which page of a conversation's history: the latest `limit` before `before`, or the first `limit` after `after`. */
export interface HistoryQuery {
  before?: number;
  after?: number;
  limit: number;
}

/** A page of history, and where the conversation stood in the same snapshot. */
export interface HistoryPage {
  /** Ascending by seq. */
  messages: Message[];
  /** The conversation's highest stored seq (0: nothing stored yet). */
  lastSeq: number;
  /** The lowest seq still stored: older ones were removed by retention (1: none were). */
  retainedFrom: number;
}

/**
 * A page of history, ascending by seq, read in one statement together with the conversation's
 * last_seq and retention edge, so the three agree (a replica's answer can be judged by its last_seq).
 * Messages below the retention edge are never returned, even if a removal left one behind.
 */
export async function historyPage(sql: Sql, conversationId: string, q: HistoryQuery): Promise<HistoryPage> {
  const forward = q.after !== undefined;
  const rows = await sql<(MessageRow & { conv_last_seq: number | null; conv_retained_from: number | null })[]>`
    select c.last_seq as conv_last_seq, c.retained_from as conv_retained_from, m.*
    from (select 1) one
    left join conversations c on c.id = ${conversationId}
    left join lateral (
      select * from messages
      where conversation_id = ${conversationId} and seq >= coalesce(c.retained_from, 1)
      ${forward ? sql`and seq > ${q.after!}` : sql``}
      ${q.before !== undefined ? sql`and seq < ${q.before}` : sql``}
      order by seq ${forward ? sql`asc` : sql`desc`} limit ${q.limit}
    ) m on true`;
  const first = rows[0];
  const found = rows.filter((r) => r.seq !== null).map(toMessage);
  return {
    messages: forward ? found : found.reverse(),
    lastSeq: first?.conv_last_seq ?? 0,
    retainedFrom: first?.conv_retained_from ?? 1,
  };
}

/** A page of history, ascending by seq (historyPage without the conversation's state). */
export async function history(sql: Sql, conversationId: string, q: HistoryQuery): Promise<Message[]> {
  return (await historyPage(sql, conversationId, q)).messages;
}

/**
 * Stores a batch idempotently: messages already present (same conversation and seq) are skipped; conversations' last seq and the senders' read markers only move forward.
 */
export async function insertMessages(sql: Sql, batch: readonly Message[]): Promise<number> {
  if (batch.length === 0) return 0;
  const col = <K extends keyof Message>(k: K) => batch.map((m) => m[k]);
  // One row per conversation: the latest message of the batch moves its conversation forward.
  const last = new Map<string, Message>();
  const readers = new Map<string, { userId: string; conversationId: string; seq: number }>();
  for (const m of batch) {
    const prev = last.get(m.conversationId);
    if (!prev || prev.seq < m.seq) last.set(m.conversationId, m);
    const key = `${m.from}\u0000${m.conversationId}`;
    const r = readers.get(key);
    if (!r || r.seq < m.seq) readers.set(key, { userId: m.from, conversationId: m.conversationId, seq: m.seq });
  }
  // Sorted keys: concurrent writers (several shards) lock conversation and marker rows in one order.
  const convs = [...last.values()].sort((a, b) => (a.conversationId < b.conversationId ? -1 : 1));
  const userA = convs.map((m) => (m.kind === 'direct' ? m.conversationId.split(':')[1]! : null));
  const userB = convs.map((m) => (m.kind === 'direct' ? m.conversationId.split(':')[2]! : null));
  const marks = [...readers.values()].sort((a, b) =>
    a.userId + a.conversationId < b.userId + b.conversationId ? -1 : 1,
  );
  // The three statements go out together (postgres.js pipelines a transaction's array of queries):
  // one round trip for the batch instead of one per statement.
  const [inserted] = await sql.begin((tx) => [
    tx`
      insert into messages (conversation_id, seq, kind, from_user, to_id, from_device, client_msg_id, content_type, content, created_at)
      select * from unnest(
        ${tx.array(col('conversationId') as string[])}::text[], ${tx.array(col('seq') as number[])}::bigint[],
        ${tx.array(col('kind') as string[])}::text[], ${tx.array(col('from') as string[])}::text[],
        ${tx.array(col('to') as string[])}::text[], ${tx.array(col('fromDevice') as string[])}::text[],
        ${tx.array(col('clientMsgId') as string[])}::text[], ${tx.array(col('contentType') as string[])}::text[],
        ${tx.array(col('content') as string[])}::text[], ${tx.array(col('createdAt') as number[])}::bigint[])
      on conflict do nothing`,
    tx`
      insert into conversations (id, kind, user_a, user_b, last_seq, last_at)
      select * from unnest(${tx.array(convs.map((m) => m.conversationId))}::text[], ${tx.array(convs.map((m) => m.kind))}::text[],
        ${tx.array(userA as string[])}::text[], ${tx.array(userB as string[])}::text[],
        ${tx.array(convs.map((m) => m.seq))}::bigint[], ${tx.array(convs.map((m) => m.createdAt))}::bigint[])
      on conflict (id) do update set
        last_seq = greatest(conversations.last_seq, excluded.last_seq),
        last_at = greatest(conversations.last_at, excluded.last_at)`,
    tx`
      insert into read_markers (user_id, conversation_id, seq)
      select * from unnest(${tx.array(marks.map((r) => r.userId))}::text[], ${tx.array(marks.map((r) => r.conversationId))}::text[],
        ${tx.array(marks.map((r) => r.seq))}::bigint[])
      on conflict (user_id, conversation_id) do update set seq = greatest(read_markers.seq, excluded.seq)`,
  ]);
  return inserted.count;
}

/** Marks a message recalled and removes its content. */
export async function recallMessage(sql: Sql, conversationId: string, seq: number): Promise<void> {
  await sql`update messages set recalled = true, content = '' where conversation_id = ${conversationId} and seq = ${seq}`;
}

/** Moves a read marker forward; returns the new seq, or null when it would not move forward. */
export async function advanceReadMarker(
  sql: Sql,
  userId: string,
  conversationId: string,
  seq: number,
): Promise<number | null> {
  const rows = await sql<{ seq: number }[]>`
    insert into read_markers (user_id, conversation_id, seq) values (${userId}, ${conversationId}, ${seq})
    on conflict (user_id, conversation_id) do update set seq = excluded.seq where read_markers.seq < excluded.seq
    returning seq`;
  return rows[0]?.seq ?? null;
}

export interface ConversationRow {
  id: string;
  kind: 'direct' | 'group';
  lastSeq: number;
  /** The lowest seq still stored (1 unless retention removed older messages). */
  retainedFrom: number;
  lastAt: number;
  readSeq: number;
  lastMessage: Message | null;
}

/** The user's conversations with messages, newest first: direct ones they take part in and their groups'. */
export async function listConversations(sql: Sql, userId: string, limit: number): Promise<ConversationRow[]> {
  const rows = await sql<
    (MessageRow & {
      id: string;
      ckind: 'direct' | 'group';
      last_seq: number;
      last_at: number;
      retained_from: number;
      read_seq: number | null;
      has_msg: boolean;
    })[]
  >`
    with mine as (
      select id from conversations where user_a = ${userId}
      union all select id from conversations where user_b = ${userId}
      union all select 'g:' || group_id from group_members where user_id = ${userId}
    )
    select c.id, c.kind as ckind, c.last_seq, c.last_at, c.retained_from, r.seq as read_seq, m.conversation_id is not null as has_msg, m.*
    from conversations c
    join mine on mine.id = c.id
    left join read_markers r on r.user_id = ${userId} and r.conversation_id = c.id
    left join messages m on m.conversation_id = c.id and m.seq = c.last_seq
    order by c.last_at desc limit ${limit}`;
  return rows.map((r) => ({
    id: r.id,
    kind: r.ckind,
    lastSeq: r.last_seq,
    retainedFrom: r.retained_from,
    lastAt: r.last_at,
    readSeq: r.read_seq ?? 0,
    lastMessage: r.has_msg ? toMessage({ ...r, conversation_id: r.id }) : null,
  }));
}

/** The read marker of one user in one conversation (0 when none). */
export async function readMarker(sql: Sql, userId: string, conversationId: string): Promise<number> {
  const rows = await sql<
    { seq: number }[]
  >`select seq from read_markers where user_id = ${userId} and conversation_id = ${conversationId}`;
  return rows[0]?.seq ?? 0;
}

/** One member's read marker. */
export interface ReadMarker {
  userId: string;
  seq: number;
}

/**
 * The read markers of everyone but `userId` in each conversation, highest first (ties by user id):
 * at most one in a direct conversation, at most `perGroup` in a group. Markers at 0 are left out.
 */
export async function othersReadMarkers(
  sql: Sql,
  userId: string,
  conversationIds: readonly string[],
  perGroup: number,
): Promise<Map<string, ReadMarker[]>> {
  const out = new Map<string, ReadMarker[]>();
  if (conversationIds.length === 0) return out;
  const rows = await sql<{ conversation_id: string; user_id: string; seq: number }[]>`
    select conversation_id, user_id, seq from (
      select conversation_id, user_id, seq,
        row_number() over (partition by conversation_id order by seq desc, user_id) as n
      from read_markers
      where conversation_id = any(${sql.array([...conversationIds])}) and user_id <> ${userId} and seq > 0
    ) ranked
    where n <= case when conversation_id like 'g:%' then ${perGroup} else 1 end
    order by conversation_id, n`;
  for (const r of rows) {
    let list = out.get(r.conversation_id);
    if (!list) out.set(r.conversation_id, (list = []));
    list.push({ userId: r.user_id, seq: r.seq });
  }
  return out;
}
