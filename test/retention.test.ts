import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createTestDb, postgresAvailable, redisAvailable, TEST_REDIS_URL, type TestDb } from './helpers/stores.js';
import { startGates, type Cluster } from './helpers/gate.js';
import { befriend, call, eventually, newUser, type TestUser } from './helpers/http.js';
import { loadConfig } from '../src/config.js';
import { historyPage, insertMessages, maxSeq } from '../src/store/messages.js';
import {
  PRUNE_CONVERSATIONS,
  PRUNE_ROWS_PER_CONVERSATION,
  pruneMessageRound,
  pruneMessages,
} from '../src/store/retention.js';
import type { Message } from '../src/events.js';

const skip = !((await postgresAvailable()) && (await redisAvailable()));
const DAY = 86_400_000;

function msg(conversationId: string, seq: number, createdAt: number): Message {
  return {
    conversationId,
    seq,
    kind: 'direct',
    from: 'ra',
    to: 'rb',
    fromDevice: 'dev',
    clientMsgId: `c${seq}`,
    contentType: 'text',
    content: `#${seq}`,
    createdAt,
  };
}

async function store(sql: TestDb['sql'], rows: Message[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) await insertMessages(sql, rows.slice(i, i + 2000));
}

describe('message retention in the store', { skip }, () => {
  let db: TestDb;
  before(async () => {
    db = await createTestDb();
  });
  after(async () => db?.drop());

  it('is off unless MESSAGE_RETENTION_DAYS is set', () => {
    assert.equal(loadConfig({}).MESSAGE_RETENTION_DAYS, undefined);
    assert.equal(loadConfig({ MESSAGE_RETENTION_DAYS: '30' }).MESSAGE_RETENTION_DAYS, 30);
    assert.throws(() => loadConfig({ MESSAGE_RETENTION_DAYS: '0' }), /MESSAGE_RETENTION_DAYS/);
  });

  it('removes each conversation’s oldest messages as a prefix, a bounded number per round, and records where history begins', async () => {
    const cutoff = 10_000;
    // long: 250 messages, the first 199 older than the cutoff; gone: all old; fresh: all young.
    await store(db.sql, [
      ...Array.from({ length: 250 }, (_, i) => msg('d:ra:long', i + 1, cutoff - 199 + i)),
      ...Array.from({ length: 10 }, (_, i) => msg('d:ra:gone', i + 1, 1 + i)),
      ...Array.from({ length: 5 }, (_, i) => msg('d:ra:fresh', i + 1, cutoff + i)),
    ]);

    const first = await pruneMessageRound(db.sql, cutoff);
    assert.ok(first.deleted <= PRUNE_CONVERSATIONS * PRUNE_ROWS_PER_CONVERSATION);
    assert.deepEqual(first, { conversations: 3, deleted: PRUNE_ROWS_PER_CONVERSATION + 10, ran: true, more: true });
    const long1 = await historyPage(db.sql, 'd:ra:long', { limit: 1, after: 0 });
    assert.deepEqual([long1.messages[0]?.seq, long1.retainedFrom], [101, 101], 'one window of the long one');

    assert.equal(await pruneMessages(db.sql, cutoff), 99, 'the rest of the long one, in further rounds');
    const long = await historyPage(db.sql, 'd:ra:long', { limit: 200, after: 0 });
    assert.deepEqual(
      [long.messages[0]?.seq, long.messages.length, long.retainedFrom, long.lastSeq],
      [200, 51, 200, 250],
    );
    assert.ok(long.messages.every((m) => m.createdAt >= cutoff));

    const gone = await historyPage(db.sql, 'd:ra:gone', { limit: 50 });
    assert.deepEqual([gone.messages, gone.retainedFrom, gone.lastSeq], [[], 11, 10]);
    assert.equal(await maxSeq(db.sql, 'd:ra:gone'), 10, 'a lost counter is re-seeded past the removed messages');

    const fresh = await historyPage(db.sql, 'd:ra:fresh', { limit: 50 });
    assert.deepEqual([fresh.messages.length, fresh.retainedFrom], [5, 1]);

    assert.deepEqual(await pruneMessageRound(db.sql, cutoff), { conversations: 0, deleted: 0, ran: true, more: false });
    // Messages that age later are found again: the conversations' lower bounds moved, not past them.
    assert.equal(await pruneMessages(db.sql, cutoff + 3), 6);
    assert.equal((await historyPage(db.sql, 'd:ra:fresh', { limit: 50 })).retainedFrom, 4);
    assert.equal((await historyPage(db.sql, 'd:ra:long', { limit: 50 })).retainedFrom, 203);
  });

  it('one writer prunes at a time: a round while another holds the pruning lock does nothing', async () => {
    await store(db.sql, [msg('d:ra:locked', 1, 1)]);
    const holder = await db.sql.reserve();
    try {
      await holder`begin`;
      await holder`select pg_advisory_xact_lock(72410002)`;
      assert.deepEqual(await pruneMessageRound(db.sql, 10), { conversations: 0, deleted: 0, ran: false, more: false });
      await holder`rollback`;
    } finally {
      holder.release();
    }
    assert.equal(await pruneMessages(db.sql, 10), 1);
  });
});

describe('retention seen through the API', { skip }, () => {
  let c: Cluster;
  let g: string;
  let a: TestUser;
  let b: TestUser;
  let conv: string;
  const sent: number[] = [];
  before(async () => {
    // Old messages already stored when the gate (and its writer, with retention on) starts.
    c = await startGates(1, {
      env: { MESSAGE_RETENTION_DAYS: '2' },
      beforeStart: (db) =>
        store(db.sql, [
          ...Array.from({ length: 5 }, (_, i) => msg('d:old-a:old-b', i + 1, Date.now() - 3 * DAY)),
          msg('d:old-a:old-b', 6, Date.now()),
        ]),
    });
    g = c.urls[0]!;
    a = await newUser(g, 'reta');
    b = await newUser(g, 'retb');
    await befriend(g, a, b);
    for (let i = 1; i <= 30; i++) {
      const r = await call(g, 'POST', '/v1/messages', {
        token: a.token,
        body: { kind: 'direct', to: b.id, clientMsgId: `m${i}`, contentType: 'text', content: `hello ${i}` },
      });
      assert.equal(r.status, 200);
      sent.push(r.body.seq);
      conv = r.body.conversationId;
    }
    await eventually(async () => (await historyPage(c.db.sql, conv, { limit: 50 })).messages.length === 30);
  });
  after(async () => c?.stop());

  const page = async (query: string) => {
    const r = await call(g, 'GET', `/v1/conversations/${encodeURIComponent(conv)}/messages?${query}`, {
      token: b.token,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return { seqs: (r.body.messages as { seq: number }[]).map((m) => m.seq), retainedFrom: r.body.retainedFrom };
  };

  it('the writer prunes on its own when MESSAGE_RETENTION_DAYS is set', async () => {
    const old = await eventually(async () => {
      const p = await historyPage(c.db.sql, 'd:old-a:old-b', { limit: 50 });
      return p.retainedFrom === 6 && p;
    }, 20_000);
    assert.deepEqual(
      old.messages.map((m) => m.seq),
      [6],
    );
  });

  it('a history page that straddles the pruned edge says where history begins; no page has a silent gap', async () => {
    assert.deepEqual(await page('limit=50'), { seqs: sent, retainedFrom: undefined }, 'nothing removed: no field');
    // The first 20 messages age past the retention.
    await c.db
      .sql`update messages set created_at = ${Date.now() - 3 * DAY} where conversation_id = ${conv} and seq <= 20`;
    await c.db.sql`update conversations set oldest_at = 0 where id = ${conv}`;
    assert.equal(await pruneMessages(c.db.sql, Date.now() - 2 * DAY), 20);

    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    assert.deepEqual(await page('limit=50'), { seqs: range(21, 30), retainedFrom: 21 });
    assert.deepEqual(await page('before=25&limit=10'), { seqs: range(21, 24), retainedFrom: 21 }, 'straddling page');
    assert.deepEqual(await page('before=21&limit=10'), { seqs: [], retainedFrom: 21 }, 'entirely below the edge');
    assert.deepEqual(await page('after=5&limit=5'), { seqs: range(21, 25), retainedFrom: 21 }, 'forward from below');
    assert.deepEqual(await page('after=25&limit=50'), { seqs: range(26, 30), retainedFrom: 21 });

    const list = await call(g, 'GET', '/v1/conversations', { token: b.token });
    const entry = (list.body.conversations as { id: string }[]).find((x) => x.id === conv) as Record<string, unknown>;
    assert.deepEqual([entry.lastSeq, entry.retainedFrom, (entry.lastMessage as { seq: number }).seq], [30, 21, 30]);
  });

  it('a conversation emptied by retention keeps counting: a lost counter is re-seeded past its last seq', async () => {
    await c.db.sql`update messages set created_at = 0 where conversation_id = ${conv}`;
    await c.db.sql`update conversations set oldest_at = 0 where id = ${conv}`;
    assert.equal(await pruneMessages(c.db.sql, Date.now() - 2 * DAY), 10);
    assert.deepEqual(await page('limit=50'), { seqs: [], retainedFrom: 31 });
    const list = await call(g, 'GET', '/v1/conversations', { token: b.token });
    const entry = (list.body.conversations as { id: string }[]).find((x) => x.id === conv) as Record<string, unknown>;
    assert.deepEqual([entry.lastSeq, entry.retainedFrom, entry.lastMessage], [30, 31, null]);

    const redis = new Redis(TEST_REDIS_URL);
    try {
      assert.equal(await redis.del(`${c.prefix}{c:${conv}}:seq`), 1, 'the counter is lost');
    } finally {
      redis.disconnect();
    }
    const r = await call(g, 'POST', '/v1/messages', {
      token: a.token,
      body: { kind: 'direct', to: b.id, clientMsgId: 'after-prune', contentType: 'text', content: 'still here' },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.seq, 31, 'seq never goes backwards');
  });
});

describe('audit retention by a gate’s inline writer', { skip }, () => {
  let c: Cluster;
  const old = ['audit-old-1', 'audit-old-2', 'audit-old-3'];
  const young = 'audit-young';
  before(async () => {
    // Audit records already stored when the gate starts: three older than AUDIT_RETENTION_DAYS, one not.
    c = await startGates(1, {
      env: { AUDIT_RETENTION_DAYS: '2' },
      beforeStart: async (db) => {
        const rows = [
          ...old.map((id, i) => ({ id, at: Date.now() - 3 * DAY - i })),
          { id: young, at: Date.now() - DAY },
        ];
        for (const r of rows)
          await db.sql`
            insert into audit_log (id, user_id, device_id, kind, transport, gate, remote_addr, at)
            values (${r.id}, 'audit-user', null, 'login', null, null, null, ${r.at})`;
      },
    });
  });
  after(async () => c?.stop());

  it('the writer a gate runs inline deletes audit records older than AUDIT_RETENTION_DAYS and keeps the rest', async () => {
    assert.equal(c.gates.length, 1);
    assert.equal(c.config.AUDIT_RETENTION_DAYS, 2);
    const left = await eventually(
      async () => {
        const rows = await c.db.sql<
          { id: string }[]
        >`select id from audit_log where user_id = 'audit-user' order by id`;
        return rows.length === 1 && rows;
      },
      20_000,
      'the expired audit records to be pruned',
    );
    assert.deepEqual(
      left.map((r) => r.id),
      [young],
    );
  });
});
