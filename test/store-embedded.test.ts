import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../src/store/embedded.js';
import { connectDb, type Sql } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { createUser, getUser, getUsers, searchUsers } from '../src/store/users.js';
import {
  advanceReadMarker,
  history,
  insertMessages,
  listConversations,
  maxSeq,
  readMarker,
} from '../src/store/messages.js';
import type { Message } from '../src/events.js';
import { messageLayout } from '../src/store/partitions.js';
import { pruneMessages } from '../src/store/retention.js';
import { addMembers, createGroup, memberIds } from '../src/store/groups.js';
import { addBlock, removeFriend } from '../src/store/social.js';

const temps: string[] = [];
after(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});
const tempDir = async () => {
  const d = await mkdtemp(path.join(tmpdir(), 'im-pglite-'));
  temps.push(d);
  return d;
};

const user = (id: string, username: string) => ({
  id,
  username,
  displayName: username.toUpperCase(),
  passwordHash: 'h',
  createdAt: 1,
});
const direct = (a: string, b: string) => `d:${a < b ? a : b}:${a < b ? b : a}`;
function msg(from: string, to: string, seq: number, content = `m${seq}`): Message {
  return {
    conversationId: direct(from, to),
    seq,
    kind: 'direct',
    from,
    to,
    fromDevice: `${from}-dev`,
    clientMsgId: `c${seq}`,
    contentType: 'text',
    content,
    createdAt: 1000 + seq,
  };
}

describe('embedded Postgres (PGlite over pglite-socket)', () => {
  it('runs the migrations and the store code unchanged, and keeps the data across a restart', async () => {
    const dir = await tempDir();
    let pg = await startEmbeddedPostgres(dir);
    let sql: Sql = connectDb(pg.url, { max: 1 });
    try {
      // migrate uses reserve(), session advisory locks and explicit begin/commit.
      const applied = await migrate(sql);
      assert.ok(applied.includes('001_init.sql'), `applied ${applied.join(', ')}`);
      assert.deepEqual(await migrate(sql), [], 'a second run applies nothing');

      assert.ok(await createUser(sql, user('u1', 'alice')));
      assert.ok(await createUser(sql, user('u2', 'bob')));
      assert.ok(await createUser(sql, user('u3', 'Alicia')));
      assert.equal(await createUser(sql, user('u4', 'ALICE')), null, 'usernames are unique case-insensitively');
      assert.deepEqual(await getUser(sql, 'u2'), { id: 'u2', username: 'bob', displayName: 'BOB' });
      assert.deepEqual(
        (await searchUsers(sql, 'ali', 10)).map((u) => u.username),
        ['alice', 'Alicia'],
      );
      assert.deepEqual(
        (await searchUsers(sql, 'a_', 10)).map((u) => u.username),
        [],
        'LIKE wildcards are escaped',
      );
      assert.deepEqual(
        [...(await getUsers(sql, ['u1', 'u3', 'nobody'])).keys()].sort(),
        ['u1', 'u3'],
        'sql.array with any()',
      );

      // sql.begin + unnest(...::bigint[]) batches, idempotent on repeat.
      const batch = [msg('u1', 'u2', 1), msg('u2', 'u1', 2), msg('u1', 'u2', 3), msg('u3', 'u1', 1)];
      assert.equal(await insertMessages(sql, batch), 4);
      assert.equal(await insertMessages(sql, batch), 0);
      assert.equal(await maxSeq(sql, direct('u1', 'u2')), 3);
      assert.deepEqual(
        (await history(sql, direct('u1', 'u2'), { limit: 2 })).map((m) => m.seq),
        [2, 3],
      );
      assert.deepEqual(
        (await history(sql, direct('u1', 'u2'), { after: 1, limit: 10 })).map((m) => m.seq),
        [2, 3],
      );
      assert.deepEqual(await history(sql, direct('u1', 'u2'), { before: 2, limit: 10 }), [msg('u1', 'u2', 1)]);
      assert.deepEqual(await messageLayout(sql), { partitioned: true, partitions: 8 }, 'the partitioned schema');

      const convs = await listConversations(sql, 'u1', 10);
      assert.deepEqual(
        convs.map((c) => [c.id, c.lastSeq]),
        [
          [direct('u1', 'u2'), 3],
          [direct('u1', 'u3'), 1],
        ],
      );
      assert.equal(convs[0]!.readSeq, 3, 'the sender has read up to its own last message');
      assert.deepEqual(convs[0]!.lastMessage, msg('u1', 'u2', 3));

      assert.equal(await readMarker(sql, 'u2', direct('u1', 'u2')), 2, 'bob has read up to his own message');
      assert.equal(await advanceReadMarker(sql, 'u2', direct('u1', 'u2'), 3), 3);
      assert.equal(await advanceReadMarker(sql, 'u2', direct('u1', 'u2'), 1), null, 'markers only move forward');
      assert.equal(await readMarker(sql, 'u2', direct('u1', 'u2')), 3);

      // Retention's advisory lock, lateral windows and per-conversation deletes run on PGlite too.
      assert.equal(await pruneMessages(sql, 1000 + 2), 2, 'seq 1 of each conversation is older than the cutoff');
      assert.deepEqual(
        (await history(sql, direct('u1', 'u2'), { limit: 10 })).map((m) => m.seq),
        [2, 3],
      );

      await assert.rejects(
        startEmbeddedPostgres(dir),
        /in use by process/,
        'a second server on the same directory is refused',
      );
    } finally {
      await sql.end({ timeout: 1 });
      await pg.close();
    }

    // A lock left by a process that died does not keep the directory closed.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(path.join(dir, 'pglite.lock'), String(dead));
    pg = await startEmbeddedPostgres(dir);
    sql = connectDb(pg.url, { max: 1 });
    try {
      assert.deepEqual(await migrate(sql), []);
      assert.deepEqual(await getUser(sql, 'u1'), { id: 'u1', username: 'alice', displayName: 'ALICE' });
      assert.deepEqual(
        (await history(sql, direct('u1', 'u2'), { limit: 10 })).map((m) => m.seq),
        [2, 3],
      );
      assert.equal(await readMarker(sql, 'u2', direct('u1', 'u2')), 3);
    } finally {
      await sql.end({ timeout: 1 });
      await pg.close();
    }
  });

  it('serves an in-memory database: transactions roll back, queued queries all get their own answers', async () => {
    const pg = await startEmbeddedPostgres(null);
    const sql = connectDb(pg.url, { max: 1 });
    try {
      await migrate(sql);
      await assert.rejects(
        sql.begin(async (tx) => {
          await tx`insert into users (id, username, display_name, password_hash, created_at) values ('x', 'x', 'x', 'h', 1)`;
          throw new Error('abort');
        }),
        /abort/,
      );
      assert.equal(await getUser(sql, 'x'), null, 'the rolled-back insert is gone');

      // One connection: postgres.js queues these; transactions and plain queries interleave safely.
      const answers = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          i % 3 === 0
            ? sql.begin(async (tx) => (await tx<{ i: number }[]>`select ${i}::int as i`)[0]!.i)
            : sql<{ i: number }[]>`select ${i}::bigint as i`.then((r) => r[0]!.i),
        ),
      );
      assert.deepEqual(
        answers,
        Array.from({ length: 60 }, (_, i) => i),
      );
      await assert.rejects(sql`select 1/0`, /division by zero/);
      assert.deepEqual([...(await sql`select 1 as one`)], [{ one: 1 }], 'the connection survives an error');
    } finally {
      await sql.end({ timeout: 1 });
      await pg.close();
    }
  });

  it('checks and adds group members in one transaction under the pairs’ locks, on one session as well', async () => {
    const pg = await startEmbeddedPostgres(null);
    const sql = connectDb(pg.url, { max: 1 });
    try {
      await migrate(sql);
      for (const [id, name] of [
        ['o', 'owner'],
        ['f', 'friend'],
        ['b', 'blocker'],
        ['s', 'stranger'],
      ] as const)
        assert.ok(await createUser(sql, user(id, name)));
      await sql`
        insert into friendships (user_id, friend_id, created_at)
        values ('o', 'f', 1), ('f', 'o', 1), ('o', 'b', 1), ('b', 'o', 1)`;
      await addBlock(sql, 'b', 'o', 2);
      const g = { name: 'g', ownerId: 'o', createdAt: 3 };
      assert.deepEqual(await createGroup(sql, { ...g, id: 'g1', memberIds: ['f', 'b', 's', 'nobody'] }), {
        refused: { notFriends: ['s'], blockedAdder: ['b'] },
      });
      assert.deepEqual([...(await sql`select id from groups`)], [], 'a refused group is not created');
      const made = await createGroup(sql, { ...g, id: 'g2', memberIds: ['f', 'nobody'] });
      assert.ok('group' in made);
      assert.deepEqual(made.memberIds, ['o', 'f']);
      assert.deepEqual(await addMembers(sql, 'g2', 'o', ['b'], 4), {
        refused: { notFriends: [], blockedAdder: ['b'] },
      });
      // A member who is not the adder's friend is skipped, not refused.
      assert.ok(await removeFriend(sql, 'o', 'f'));
      assert.deepEqual(await addMembers(sql, 'g2', 'o', ['f', 'o'], 4), { added: [] });
      await sql`insert into friendships (user_id, friend_id, created_at) values ('o', 's', 5), ('s', 'o', 5)`;
      assert.deepEqual(await addMembers(sql, 'g2', 'o', ['s'], 6), { added: ['s'] });
      assert.deepEqual((await memberIds(sql, 'g2')).sort(), ['f', 'o', 's']);
    } finally {
      await sql.end({ timeout: 1 });
      await pg.close();
    }
  });

  it('names the directory when the data directory cannot be written', async () => {
    const file = path.join(await tempDir(), 'not-a-dir');
    await writeFile(file, 'x');
    await assert.rejects(startEmbeddedPostgres(file), (err: Error) => {
      assert.match(err.message, /not writable/);
      assert.ok(err.message.includes(path.join(file, 'pglite')), err.message);
      return true;
    });
  });
});
