import type { Sql } from './db.js';

/** Conversations looked at per round. */
export const PRUNE_CONVERSATIONS = 100;
/** Messages of one conversation removed per round: with PRUNE_CONVERSATIONS, at most 10,000 rows per statement. */
export const PRUNE_ROWS_PER_CONVERSATION = 100;
/** Any constant: one pruner at a time over the whole database (every writer runs the loop). */
const PRUNE_LOCK_KEY = 72_410_002;

export interface PruneRound {
  /** Conversations looked at. */
  conversations: number;
  /** Messages removed. */
  deleted: number;
  /** False when another writer was pruning: nothing was done. */
  ran: boolean;
  /** True when some conversation may still hold messages older than the cutoff. */
  more: boolean;
}

interface Window {
  id: string;
  retained_from: number;
  n: number;
  keep_from: number | null;
  keep_at: number | null;
  last_seq: number | null;
  last_at: number | null;
}

/**
 * One bounded round of message retention: for up to PRUNE_CONVERSATIONS conversations that may hold
 * messages created before `cutoff` (ms), removes the oldest ones, at most PRUNE_ROWS_PER_CONVERSATION
 * each, always a prefix in seq order, and moves the conversation's `retained_from` past them in the
 * same transaction, so a reader sees either the messages or the edge that says they are gone.
 * Conversations are found through `oldest_at` (a lower bound of their oldest message's time), and
 * each one's window is read along its primary key from `retained_from`: no index on message time is
 * needed, so the writer's inserts cost nothing more. Several writers may call this at once: one of
 * them prunes, the others return `ran: false`.
 */
export async function pruneMessageRound(sql: Sql, cutoff: number): Promise<PruneRound> {
  return sql.begin(async (tx) => {
    const [lock] = await tx<{ ok: boolean }[]>`select pg_try_advisory_xact_lock(${PRUNE_LOCK_KEY}) as ok`;
    if (!lock?.ok) return { conversations: 0, deleted: 0, ran: false, more: false };
    const windows = await tx<Window[]>`
      select c.id, c.retained_from, w.n, w.keep_from, w.keep_at, w.last_seq, w.last_at
      from (
        select id, retained_from from conversations where oldest_at < ${cutoff} order by oldest_at limit ${PRUNE_CONVERSATIONS}
      ) c
      cross join lateral (
        select count(*)::int as n,
          min(seq) filter (where created_at >= ${cutoff}) as keep_from,
          (array_agg(created_at order by seq) filter (where created_at >= ${cutoff}))[1] as keep_at,
          max(seq) as last_seq,
          max(created_at) as last_at
        from (
          select seq, created_at from messages
          where conversation_id = c.id and seq >= c.retained_from
          order by seq limit ${PRUNE_ROWS_PER_CONVERSATION}
        ) w
      ) w`;
    if (windows.length === 0) return { conversations: 0, deleted: 0, ran: true, more: false };
    let more = windows.length === PRUNE_CONVERSATIONS;
    const ids: string[] = [];
    const from: number[] = [];
    const upTo: number[] = [];
    const oldest: number[] = [];
    for (const w of windows) {
      ids.push(w.id);
      from.push(w.retained_from);
      if (w.keep_from !== null) {
        // The first message young enough to keep: everything before it goes.
        upTo.push(w.keep_from);
        oldest.push(w.keep_at!);
      } else if (w.n === PRUNE_ROWS_PER_CONVERSATION) {
        // A full window of old messages: more may follow, none older than the last one removed.
        upTo.push(w.last_seq! + 1);
        oldest.push(w.last_at!);
        more = true;
      } else {
        // All that is left is old (or nothing is left): the conversation is empty until new messages.
        upTo.push(w.last_seq === null ? w.retained_from : w.last_seq + 1);
        oldest.push(cutoff);
      }
    }
    // One statement per conversation: each names its conversation, so it is planned against that one
    // partition and walks its primary key (a join over all of them would be free to scan every partition).
    const deletes = await Promise.all(
      ids.map(
        (id, i) => tx`delete from messages where conversation_id = ${id} and seq >= ${from[i]!} and seq < ${upTo[i]!}`,
      ),
    );
    await tx`
      update conversations c set
        retained_from = greatest(c.retained_from, d.hi),
        oldest_at = greatest(c.oldest_at, d.oldest)
      from unnest(${tx.array(ids)}::text[], ${tx.array(upTo)}::bigint[], ${tx.array(oldest)}::bigint[]) as d(id, hi, oldest)
      where c.id = d.id`;
    const deleted = deletes.reduce((sum, r) => sum + r.count, 0);
    return { conversations: windows.length, deleted, ran: true, more };
  });
}

/**
 * Rounds of pruneMessageRound until nothing is older than `cutoff`, or `shouldStop` says so. Between
 * rounds it rests at least as long as the round took (`pause`), so pruning never takes more than
 * about half of one connection's time however much there is to remove. Returns the messages removed.
 */
export async function pruneMessages(
  sql: Sql,
  cutoff: number,
  opts: { pause?: (ms: number) => Promise<void>; shouldStop?: () => boolean } = {},
): Promise<number> {
  const pause = opts.pause ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let total = 0;
  while (!opts.shouldStop?.()) {
    const started = Date.now();
    const round = await pruneMessageRound(sql, cutoff);
    total += round.deleted;
    if (!round.more) break;
    await pause(Math.max(10, Date.now() - started));
  }
  return total;
}
