import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDb, postgresAvailable, type TestDb } from './helpers/stores.js';
import { connectDb, type Sql } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { messageLayout } from '../src/store/partitions.js';
import { partitionMessages } from '../src/store/partition-messages.js';
import { historyPage, insertMessages, recallMessage } from '../src/store/messages.js';
import type { Message } from '../src/events.js';

const skip = !(await postgresAvailable());
const ROOT = fileURLToPath(new URL('../', import.meta.url));

function msg(conversationId: string, seq: number): Message {
  return {
    conversationId,
    seq,
    kind: 'direct',
    from: 'ua',
    to: 'ub',
    fromDevice: 'dev',
    clientMsgId: `c${seq}`,
    contentType: 'text',
    content: `${conversationId} #${seq}`,
    createdAt: 1_000 + seq,
  };
}

/** A database as a deployment from before partitioning has it: migrations 001–004, then messages stored. */
async function oldLayoutDb(rows: Message[]): Promise<TestDb> {
  const db = await createTestDb(false);
  const dir = await mkdtemp(path.join(tmpdir(), 'im-sql-'));
  try {
    for (const f of (await readdir(path.join(ROOT, 'sql'))).filter((f) => /^00[1-4]_/.test(f))) {
      await cp(path.join(ROOT, 'sql', f), path.join(dir, f));
    }
    await migrate(db.sql, { dir });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  for (let i = 0; i < rows.length; i += 2000) await insertMessages(db.sql, rows.slice(i, i + 2000));
  return db;
}

type Row = Record<string, unknown>;
const everything = (sql: Sql) => sql<Row[]>`select * from messages order by conversation_id, seq`;
const key = (r: Row | Message) =>
  'conversationId' in r ? `${r.conversationId}#${r.seq}` : `${String(r.conversation_id)}#${String(r.seq)}`;

/** The definition of `messages` and its partitions, with the names that differ by construction left out. */
async function shape(sql: Sql) {
  const columns = await sql`
    select attname, format_type(atttypid, atttypmod) as type, attnotnull, pg_get_expr(d.adbin, d.adrelid) as def
    from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attrelid = 'messages'::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`;
  const constraints = await sql`
    select conname, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'messages'::regclass order by 1`;
  const parts = await sql`
    select c.relname, pg_get_expr(c.relpartbound, c.oid) as bound,
      (select array_agg(pg_get_indexdef(x.indexrelid) order by 1) from pg_index x where x.indrelid = c.oid) as indexes
    from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'messages'::regclass order by 1`;
  return { key: (await sql`select pg_get_partkeydef('messages'::regclass) as k`)[0], columns, constraints, parts };
}

describe('converting a plain messages table to the partitioned layout', { skip }, () => {
  const initial = Array.from({ length: 60 }, (_, c) =>
    Array.from({ length: 50 + c }, (_, s) => msg(`d:ua:conv${String(c).padStart(2, '0')}`, s + 1)),
  ).flat();
  let db: TestDb;
  let applied: string[];
  before(async () => {
    db = await oldLayoutDb(initial);
    // What a gate of this version does at start on that database.
    applied = await migrate(db.sql, { messagePartitions: 4 });
  });
  after(async () => db?.drop());

  it('a start on a database that already holds messages leaves the table plain and everything working', async () => {
    assert.ok(applied.includes('009_partition_messages.sql') && applied.includes('010_message_retention.sql'));
    assert.deepEqual(await messageLayout(db.sql), { partitioned: false });
    assert.equal((await everything(db.sql)).length, initial.length, 'no row touched');
    const page = await historyPage(db.sql, 'd:ua:conv03', { before: 10, limit: 3 });
    assert.deepEqual([page.messages.map((m) => m.seq), page.lastSeq, page.retainedFrom], [[7, 8, 9], 53, 1]);
  });

  it('converts online: writes, recalls and deletes during the copy all land, nothing is lost or resurrected, history is identical', async () => {
    const convs = [...new Set(initial.map((m) => m.conversationId))];
    const untouched = convs.slice(40);
    const before = new Map<string, Awaited<ReturnType<typeof historyPage>>>();
    for (const c of untouched) before.set(c, await historyPage(db.sql, c, { limit: 200 }));

    // The expected final content, kept beside the operations a live deployment would run meanwhile.
    const model = new Map<string, Row>((await everything(db.sql)).map((r) => [key(r), r]));
    const gate = connectDb(db.url, { max: 2 });
    let converting = true;
    let ops = 0;
    const traffic = (async () => {
      const next = new Map<string, number>(convs.map((c) => [c, 0]));
      for (let round = 0; converting || round < 3; round++) {
        // New messages: more for existing conversations, and a new conversation now and then.
        const batch: Message[] = [];
        for (const c of [convs[round % 40]!, `d:ua:new${round}`]) {
          const seq = (next.get(c) ?? 0) + 1000;
          next.set(c, (next.get(c) ?? 0) + 1);
          batch.push(msg(c, seq));
        }
        await insertMessages(gate, batch);
        for (const m of batch) {
          model.set(key(m), {
            conversation_id: m.conversationId,
            seq: m.seq,
            kind: m.kind,
            from_user: m.from,
            to_id: m.to,
            from_device: m.fromDevice,
            client_msg_id: m.clientMsgId,
            content_type: m.contentType,
            content: m.content,
            created_at: m.createdAt,
            recalled: false,
          });
        }
        // A recall and a delete of old rows, spread over the key space (copied yet or not).
        const c = convs[(round * 7) % 40]!;
        await recallMessage(gate, c, 1 + (round % 30));
        const r = model.get(`${c}#${1 + (round % 30)}`);
        if (r) model.set(key(r), { ...r, recalled: true, content: '' });
        const victim = `${convs[(round * 13 + 5) % 40]!}#${31 + (round % 19)}`;
        const [vc, vs] = victim.split('#') as [string, string];
        await gate`delete from messages where conversation_id = ${vc} and seq = ${Number(vs)}`;
        model.delete(victim);
        ops++;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    let progress = 0;
    let result: Awaited<ReturnType<typeof partitionMessages>>;
    try {
      result = await partitionMessages(db.sql, { partitions: 4, batchRows: 200, pauseMs: 20, log: () => progress++ });
    } finally {
      converting = false;
      await traffic.finally(() => gate.end({ timeout: 1 }));
    }

    assert.equal(result.already, false);
    assert.ok(result.copied >= initial.length - ops, `copied ${result.copied}`);
    assert.ok(ops >= 10, `traffic ran during the conversion (${ops} rounds)`);
    assert.ok(progress >= 2, 'progress is reported');
    assert.deepEqual(await messageLayout(db.sql), { partitioned: true, partitions: 4 });

    const now = await everything(db.sql);
    assert.equal(now.length, model.size, 'as many rows as expected');
    const byKey = (a: Row, b: Row) =>
      String(a.conversation_id).localeCompare(String(b.conversation_id)) || Number(a.seq) - Number(b.seq);
    assert.deepEqual(
      now.map((r) => ({ ...r })).sort(byKey),
      [...model.values()].map((r) => ({ ...r })).sort(byKey),
      'every row as the operations left it',
    );
    for (const c of untouched) {
      assert.deepEqual(await historyPage(db.sql, c, { limit: 200 }), before.get(c), `history of ${c}`);
    }
    const [old] = await db.sql<{ n: number }[]>`select count(*)::int as n from messages_unpartitioned`;
    assert.ok(old!.n > 0, 'the old table is kept for the operator to drop');
    assert.deepEqual(await partitionMessages(db.sql, { partitions: 4 }), { already: true, partitions: 4, copied: 0 });

    // The converted table is the one a fresh database gets.
    const fresh = await createTestDb({ messagePartitions: 4 });
    try {
      assert.deepEqual(await shape(db.sql), await shape(fresh.sql));
    } finally {
      await fresh.drop();
    }
  });
});

/** Runs `src/main.ts migrate …` as an operator would, with `env`; resolves with its exit code and output. */
function runMigrate(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'REDIS_URL', 'NODE_TEST_CONTEXT'].includes(k)),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'migrate', ...args], {
    cwd: ROOT,
    env: { ...base, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

describe('npm run migrate', { skip }, () => {
  it('creates the partitioned schema on a fresh database, with MESSAGE_PARTITIONS partitions', async () => {
    const db = await createTestDb(false);
    const dataDir = await mkdtemp(path.join(tmpdir(), 'im-migrate-'));
    try {
      const r = await runMigrate([], { DATABASE_URL: db.url, DATA_DIR: dataDir, MESSAGE_PARTITIONS: '5' });
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, /009_partition_messages\.sql/);
      assert.doesNotMatch(r.out, /not partitioned/);
      assert.deepEqual(await messageLayout(db.sql), { partitioned: true, partitions: 5 });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
      await db.drop();
    }
  });

  it('warns on a plain table, converts it with MESSAGE_PARTITIONS, and a later different value stops the start with a clear message', async () => {
    const db = await oldLayoutDb([msg('d:ua:cli', 1), msg('d:ua:cli', 2)]);
    const dataDir = await mkdtemp(path.join(tmpdir(), 'im-migrate-'));
    try {
      const env = { DATABASE_URL: db.url, DATA_DIR: dataDir, MESSAGE_PARTITIONS: '3' };
      const plain = await runMigrate([], env);
      assert.equal(plain.code, 0, plain.out);
      assert.match(plain.out, /not partitioned yet: convert it online with `npm run migrate -- --partition-messages`/);
      assert.deepEqual(await messageLayout(db.sql), { partitioned: false });

      const converted = await runMigrate(['--partition-messages'], env);
      assert.equal(converted.code, 0, converted.out);
      assert.match(converted.out, /messages: partitioned; the old table is kept as messages_unpartitioned/);
      assert.deepEqual(await messageLayout(db.sql), { partitioned: true, partitions: 3 });
      assert.deepEqual(
        (await historyPage(db.sql, 'd:ua:cli', { limit: 10 })).messages.map((m) => m.seq),
        [1, 2],
      );

      const refused = await runMigrate([], { ...env, MESSAGE_PARTITIONS: '16' });
      assert.equal(refused.code, 1, refused.out);
      assert.match(
        refused.out,
        /failed to start: MESSAGE_PARTITIONS is 16 but the messages table was created with 3 partitions/,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
      await db.drop();
    }
  });
});
