import type { Sql } from './db.js';
import {
  historyPage,
  listConversations,
  type ConversationRow,
  type HistoryPage,
  type HistoryQuery,
} from './messages.js';

/** Where a read was answered from. */
export type ReadSource = 'replica' | 'primary';

/** The primary, an optional streaming replica of it, and hooks that let a gate count and log reads. */
export interface ReadStores {
  primary: Sql;
  replica: Sql | null;
  onRead?(read: 'history' | 'conversations', source: ReadSource): void;
  /** The replica failed a query; the read was answered by the primary. */
  onReplicaError?(err: Error): void;
}

/** A history page request; `minSeq` is the highest seq of the conversation the client already holds. */
export interface HistoryRead extends HistoryQuery {
  minSeq?: number;
}

/** How long a conversation list waits for the replica to replay what the primary had, before asking the primary. */
export const REPLICA_WAIT_MS = 20;
const REPLICA_POLL_MS = 4;

/**
 * A history page from the replica when its copy of the conversation is fresh enough, else from the
 * primary. The replica's page comes with the conversation's last_seq from the same snapshot, and it
 * is used when that reaches the highest seq the page can contain that the client may know of:
 * - `before=B`: B - 1 (the client holds B, so everything below it must be there);
 * - otherwise `minSeq` when the client gives it (a seq it got live), else the primary's last_seq for
 *   the conversation (one primary-key lookup on the primary, run beside the replica's read);
 * - for a forward page (`after=A`) at most A + limit: a page that is full anyway needs no more.
 * Stored messages of a conversation always form a prefix in seq order (the writer stores a log shard
 * in order, and one conversation is in one shard), so a snapshot whose last_seq reaches that bound
 * holds every message of the page the primary would return.
 */
export async function readHistory(stores: ReadStores, conversationId: string, q: HistoryRead): Promise<HistoryPage> {
  const { primary, replica } = stores;
  const query: HistoryQuery = { before: q.before, after: q.after, limit: q.limit };
  if (replica) {
    const known = q.before !== undefined ? q.before - 1 : q.minSeq;
    // Sent beside the replica's read; a primary that fails fails the request, as without a replica.
    const upper = known !== undefined ? Promise.resolve(known) : primaryLastSeq(primary, conversationId);
    upper.catch(() => {});
    const page = await historyPage(replica, conversationId, query).catch((err: Error) => {
      stores.onReplicaError?.(err);
      return null;
    });
    if (page) {
      const bound = await upper;
      if (page.lastSeq >= (q.after !== undefined ? Math.min(q.after + q.limit, bound) : bound)) {
        stores.onRead?.('history', 'replica');
        return page;
      }
    }
  }
  stores.onRead?.('history', 'primary');
  return historyPage(primary, conversationId, query);
}

/**
 * The user's conversation list from the replica when it has replayed everything the primary had
 * made visible when the request came in (its flushed WAL position: new conversations, read markers
 * and group changes all count), waiting up to REPLICA_WAIT_MS for it to get there; else from the
 * primary.
 */
export async function readConversations(stores: ReadStores, userId: string, limit: number): Promise<ConversationRow[]> {
  const { primary, replica } = stores;
  if (replica) {
    // A commit is visible on the primary once its WAL is flushed (synchronous_commit on, the default);
    // with synchronous_commit off, as soon as it is inserted.
    const [head] = await primary<{ lsn: string }[]>`
      select (case when current_setting('synchronous_commit') = 'off'
        then pg_current_wal_insert_lsn() else pg_current_wal_flush_lsn() end)::text as lsn`;
    try {
      if (head && (await replayedTo(replica, head.lsn, Date.now() + REPLICA_WAIT_MS))) {
        const rows = await listConversations(replica, userId, limit);
        stores.onRead?.('conversations', 'replica');
        return rows;
      }
    } catch (err) {
      stores.onReplicaError?.(err as Error);
    }
  }
  stores.onRead?.('conversations', 'primary');
  return listConversations(primary, userId, limit);
}

async function primaryLastSeq(primary: Sql, conversationId: string): Promise<number> {
  const rows = await primary<{ last_seq: number }[]>`select last_seq from conversations where id = ${conversationId}`;
  return rows[0]?.last_seq ?? 0;
}

/**
 * Whether the replica has replayed the WAL up to `lsn` by `deadline`. A server that is not in
 * recovery (a promoted replica, or the primary itself) answers null and never counts as caught up.
 */
async function replayedTo(replica: Sql, lsn: string, deadline: number): Promise<boolean> {
  for (;;) {
    const [row] = await replica<{ ok: boolean | null }[]>`select pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn as ok`;
    if (row?.ok) return true;
    if (Date.now() + REPLICA_POLL_MS > deadline) return false;
    await new Promise((r) => setTimeout(r, REPLICA_POLL_MS));
  }
}
