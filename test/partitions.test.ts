import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, postgresAvailable, type TestDb } from './helpers/stores.js';
import { connectDb, type Sql } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { messageLayout } from '../src/store/partitions.js';
import { historyPage, insertMessages, listConversations } from '../src/store/messages.js';
import { pruneMessageRound } from '../src/store/retention.js';
import type { Message } from '../src/events.js';

const skip = !(await postgresAvailable());

function msg(conversationId: string, seq: number): Message {
  return {
    conversationId,
    seq,
    kind: 'direct',
    from: conversationId.split(':')[1]!,
    to: conversationId.split(':')[2]!,
    fromDevice: 'dev',
    clientMsgId: `c${seq}`,
    contentType: 'text',
    content: `message ${seq} `.padEnd(100, '.'),
    createdAt: 1_000 + seq,
  };
}

/** A client that records what the store sends, so the test can EXPLAIN exactly that. */
function recording(url: string) {
  const sent: { query: string; params: unknown[] }[] = [];
  const sql = connectDb(url, { max: 1, onQuery: (query, params) => sent.push({ query, params: [...params] }) });
  return { sql, sent };
}

/** The plan of a statement as the store sent it (parameters bound), in a transaction that is rolled back. */
async function explain(sql: Sql, s: { query: string; params: unknown[] }, options = 'costs off'): Promise<string> {
  let plan = '';
  await sql
    .begin(async (tx) => {
      const rows = await tx.unsafe<{ 'QUERY PLAN': string }[]>(`explain (${options}) ${s.query}`, s.params as never[]);
      plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      throw new Error('roll back');
    })
    .catch((err: Error) => {
      if (err.message !== 'roll back') throw err;
    });
  return plan;
}

/** The partition (messages_pN) a conversation's rows go to, asked of Postgres's own hash function. */
async function partitionOf(sql: Sql, conversationId: string, partitions: number): Promise<string> {
  for (let i = 0; i < partitions; i++) {
    const [r] = await sql<{ ok: boolean }[]>`
      select satisfies_hash_partition('messages'::regclass, ${partitions}::int, ${i}::int, ${conversationId}::text) as ok`;
    if (r?.ok) return `messages_p${i}`;
  }
  throw new Error(`no partition for ${conversationId}`);
}

describe('partitioned messages', { skip }, () => {
  let db: TestDb;
  before(async () => {
    db = await createTestDb();
  });
  after(async () => db?.drop());

  it('a fresh database gets messages hash-partitioned on conversation_id, 8 partitions by default, the primary key unchanged', async () => {
    assert.deepEqual(await messageLayout(db.sql), { partitioned: true, partitions: 8 });
    const [def] = await db.sql<{ key: string; pk: string }[]>`
      select pg_get_partkeydef('messages'::regclass) as key,
        (select pg_get_constraintdef(oid) from pg_constraint where conrelid = 'messages'::regclass and contype = 'p') as pk`;
    assert.deepEqual(def, { key: 'HASH (conversation_id)', pk: 'PRIMARY KEY (conversation_id, seq)' });
    const bounds = await db.sql<{ name: string; bound: string }[]>`
      select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
      from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'messages'::regclass order by c.relname`;
    assert.deepEqual(
      bounds.map((b) => [b.name, b.bound]),
      Array.from({ length: 8 }, (_, i) => [`messages_p${i}`, `FOR VALUES WITH (modulus 8, remainder ${i})`]),
    );
  });

  it('MESSAGE_PARTITIONS is used when the table is created; a later different value is refused by name, the same one or none accepted', async () => {
    const four = await createTestDb({ messagePartitions: 4 });
    try {
      assert.deepEqual(await messageLayout(four.sql), { partitioned: true, partitions: 4 });
      await assert.rejects(
        migrate(four.sql, { messagePartitions: 16 }),
        /MESSAGE_PARTITIONS is 16 but the messages table was created with 4 partitions.*MESSAGE_PARTITIONS=4 or leave it unset/,
      );
      assert.deepEqual(await migrate(four.sql, { messagePartitions: 4 }), []);
      assert.deepEqual(await migrate(four.sql), []);
    } finally {
      await four.drop();
    }
  });

  it('gates starting at once with different MESSAGE_PARTITIONS: the first creates the table, the others are refused, nothing half-made', async () => {
    const bare = await createTestDb(false);
    const pools = [3, 5, 6].map(() => connectDb(bare.url, { max: 1 }));
    try {
      const results = await Promise.allSettled(pools.map((p, i) => migrate(p, { messagePartitions: [3, 5, 6][i] })));
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [[3, 5, 6][i]!] : []));
      assert.equal(won.length, 1, 'exactly one start succeeds');
      assert.deepEqual(await messageLayout(bare.sql), { partitioned: true, partitions: won[0] });
      for (const r of results) {
        if (r.status === 'rejected') assert.match(String(r.reason), new RegExp(`created with ${won[0]} partitions`));
      }
    } finally {
      await Promise.all(pools.map((p) => p.end({ timeout: 1 })));
      await bare.drop();
    }
  });

  it('a history page reads one partition: the plan prunes on conversation_id, as a custom plan and as a generic prepared one', async () => {
    const conv = 'd:hist-a:hist-b';
    await insertMessages(
      db.sql,
      Array.from({ length: 30 }, (_, i) => msg(conv, i + 1)),
    );
    const target = await partitionOf(db.sql, conv, 8);
    const r = recording(db.url);
    try {
      const page = await historyPage(r.sql, conv, { before: 20, limit: 5 });
      assert.deepEqual(
        page.messages.map((m) => m.seq),
        [15, 16, 17, 18, 19],
      );
      const stmt = r.sent.find((s) => /from messages/.test(s.query))!;
      const custom = await explain(db.sql, stmt);
      const scanned = [...custom.matchAll(/on (messages_p\d+)/g)].map((m) => m[1]);
      assert.deepEqual(scanned, [target], `only ${target} is read:\n${custom}`);
      assert.match(custom, new RegExp(`Index Scan Backward using ${target}_pkey`));

      // A prepared statement reused often gets a generic plan: the partitions are pruned when it starts.
      const generic = await db.sql.begin(async (tx) => {
        await tx`set local plan_cache_mode = force_generic_plan`;
        await tx.unsafe(`prepare history_page as ${stmt.query}`);
        const args = stmt.params.map((p) => (typeof p === 'number' ? String(p) : `'${String(p)}'`)).join(', ');
        const rows = await tx.unsafe<{ 'QUERY PLAN': string }[]>(
          `explain (analyze, costs off, timing off, summary off) execute history_page(${args})`,
        );
        await tx.unsafe('deallocate history_page');
        return rows.map((x) => x['QUERY PLAN']).join('\n');
      });
      assert.match(generic, /Subplans Removed: 7/, generic);
      const run = [
        ...generic.matchAll(/Index Scan Backward using (messages_p\d+)_pkey on \S+ \S+ \(actual rows=(\d+)/g),
      ];
      assert.deepEqual(
        run.map((m) => [m[1], Number(m[2])]),
        [[target, 5]],
        generic,
      );
    } finally {
      await r.sql.end({ timeout: 1 });
    }
  });

  it('the writer’s batch insert routes each row to its conversation’s partition, and locks and writes no other', async () => {
    // Conversations that all live in two partitions.
    const convs: string[] = [];
    const homes = new Set<string>();
    for (let i = 0; convs.length < 6; i++) {
      const c = `d:wa${i}:wb${i}`;
      const p = await partitionOf(db.sql, c, 8);
      if (homes.size < 2 || homes.has(p)) {
        homes.add(p);
        convs.push(c);
      }
    }
    const r = recording(db.url);
    let stmt: { query: string; params: unknown[] };
    try {
      await insertMessages(
        r.sql,
        convs.map((c) => msg(c, 1)),
      );
      stmt = r.sent.find((s) => /insert into messages/.test(s.query))!;
    } finally {
      await r.sql.end({ timeout: 1 });
    }
    // The same statement with new seqs, in a transaction whose locks and row counts can be read.
    const seqs = (stmt.params[1] as unknown[]).map(() => 2);
    const params = stmt.params.map((p, i) => (i === 1 ? seqs : p));
    // The per-transaction insert counts are read before and after the statement: a backend may still
    // hold counts of its earlier transactions that it has not reported yet (Postgres 15 shows those too).
    const inserts = async (tx: Pick<Sql, 'unsafe'>) =>
      new Map(
        (
          await tx.unsafe<{ rel: string; n: number }[]>(
            `select relname as rel, n_tup_ins::int as n from pg_stat_xact_user_tables where relname like 'messages_p%'`,
          )
        ).map((r) => [r.rel, r.n]),
      );
    const seen = await db.sql.begin(async (tx) => {
      const before = await inserts(tx);
      await tx.unsafe(stmt.query, params as never[]);
      const locked = await tx<{ rel: string }[]>`
        select c.relname as rel from pg_locks l join pg_class c on c.oid = l.relation
        where l.pid = pg_backend_pid() and l.locktype = 'relation' and c.relkind in ('r', 'p')
          and c.relname like 'messages%' order by 1`;
      const written = [...(await inserts(tx))]
        .map(([rel, n]) => ({ rel, n: n - (before.get(rel) ?? 0) }))
        .filter((w) => w.n > 0)
        .sort((x, y) => x.rel.localeCompare(y.rel));
      return { locked: locked.map((l) => l.rel), written };
    });
    const expected = [...homes].sort();
    assert.deepEqual(
      seen.written.map((w) => w.rel),
      expected,
      'rows were written to their two partitions only',
    );
    assert.equal(
      seen.written.reduce((s, w) => s + w.n, 0),
      convs.length,
    );
    assert.deepEqual(seen.locked, ['messages', ...expected], 'only the parent and those two partitions are locked');
    // The plan has no scan of any partition: rows are routed one by one as they are inserted.
    const plan = await explain(db.sql, { query: stmt.query, params });
    assert.doesNotMatch(plan, /Scan on messages/, plan);
    assert.match(plan, /Insert on messages/);
    assert.match(plan, /Conflict Resolution: NOTHING/);
  });

  it('the conversation list and the retention window reach messages through each partition’s key, visiting one partition per conversation', async () => {
    // 40 conversations of one user among 300 with 50 messages each: enough rows for the planner to
    // choose as it would on a real table (on a few dozen rows, scanning everything is cheaper).
    const convs = Array.from({ length: 300 }, (_, i) =>
      i < 40 ? `d:la:lb${String(i).padStart(3, '0')}` : `d:other${i}:zz`,
    );
    const all = convs.flatMap((c) => Array.from({ length: 50 }, (_, s) => msg(c, s + 1)));
    for (let i = 0; i < all.length; i += 2000) await insertMessages(db.sql, all.slice(i, i + 2000));
    await db.sql`analyze`;
    const r = recording(db.url);
    try {
      assert.equal((await listConversations(r.sql, 'la', 200)).length, 40);
      await db.sql`update conversations set oldest_at = 0`;
      // Nothing is older than 1 ms: the round only reads each conversation's window.
      assert.equal((await pruneMessageRound(r.sql, 1)).deleted, 0);
    } finally {
      await r.sql.end({ timeout: 1 });
    }
    const [count] = await db.sql<{ total: number }[]>`select count(*)::int as total from conversations`;
    const total = count!.total;
    const list = r.sent.find((s) => /with mine as/.test(s.query))!;
    const window = r.sent.find((s) => /cross join lateral/.test(s.query))!;
    for (const stmt of [list, window]) {
      const plan = await explain(db.sql, stmt, 'analyze, costs off, timing off, summary off');
      assert.doesNotMatch(plan, /Seq Scan on messages/, plan);
      // Run-time pruning: each partition's index is probed only for the conversations it holds.
      const loops = [
        ...plan.matchAll(
          /(?:using messages_p\d+_pkey on messages_p\d+ \S+|Bitmap Index Scan on messages_p\d+_pkey) \(actual rows=\d+ loops=(\d+)\)/g,
        ),
      ];
      assert.ok(loops.length > 0, plan);
      const probes = loops.reduce((s, m) => s + Number(m[1]), 0);
      assert.ok(
        probes <= total,
        `at most one probe per conversation, not one per partition each (${probes}):\n${plan}`,
      );
    }
  });
});
