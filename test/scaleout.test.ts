import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster } from 'ioredis';
import { startScaleOut, scaleOutSkip, type ScaleOut } from './helpers/cluster.js';
import { call, login, newUser, befriend, eventually, type TestUser } from './helpers/http.js';
import { Reader, sendWithRetry, type Transport } from './cluster/clients.js';

/**
 * The gateway scaled out as it runs in production: a 3-master Redis Cluster, three gate processes
 * (WRITER=off) and two writer processes, all separate processes on loopback. Clients of all three
 * transports spread over the gates; one gate and one writer are killed with -9 on the way.
 */

const skip = await scaleOutSkip();
const TRANSPORTS: Transport[] = ['longpoll', 'sse', 'ws'];
const PER_CONVERSATION = 12;

interface Person {
  user: TestUser;
  /** A second device of the same account that only reads: it gets every message of its conversations. */
  readerToken: string;
  slotPort: number;
}

interface Conversation {
  id?: string;
  kind: 'direct' | 'group';
  /** The `to` of a send, per sender: the peer for a direct chat, the group id for a group. */
  to: (sender: Person) => string;
  members: Person[];
  sent: number;
}

describe('scale-out on a Redis Cluster: 3 gates, 2 writers, separate processes', { skip }, () => {
  let s: ScaleOut;
  let redis: Cluster;
  let gates: string[];
  const people: Person[] = [];
  const conversations: Conversation[] = [];

  before(async () => {
    const t0 = Date.now();
    s = await startScaleOut({ gates: 3, writers: 2, env: { LOG_SHARDS: '4', WRITER_CLAIM_IDLE_MS: '1000' } });
    gates = s.gates.map((g) => g.url);
    redis = new Cluster(s.redis.nodes.map((n) => ({ host: n.host, port: n.port })));
    console.log(`# deployment up in ${Date.now() - t0} ms`);
  });
  after(async () => {
    redis?.disconnect();
    await s?.stop();
  });

  /** The master that holds a user's keys (inbox, epoch, presence, revocations share the tag `{u:<id>}`). */
  async function masterPortOf(userId: string): Promise<number> {
    const slot = Number(await redis.cluster('KEYSLOT', `{u:${userId}}`));
    return (await s.redis.masterOf(slot)).port;
  }

  it('delivers every message once, in seq order, to every member’s reader over long-poll, SSE and WebSocket across gates, through a gate killed with -9', async () => {
    const t0 = Date.now();
    // ~20 users whose inboxes cover every master: register until each master holds at least 3.
    const perMaster = new Map<number, number>();
    for (
      let round = 0;
      people.length < 20 || [...perMaster.values()].some((n) => n < 3) || perMaster.size < 3;
      round++
    ) {
      assert.ok(round < 8, 'user ids spread over the masters');
      const batch = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const base = gates[i % 3]!;
          const user = await newUser(base, 'so');
          const reader = await login(gates[(i + 1) % 3]!, user.username, { deviceId: 'reader' });
          return { user, readerToken: reader.token, slotPort: await masterPortOf(user.id) };
        }),
      );
      for (const p of batch) {
        people.push(p);
        perMaster.set(p.slotPort, (perMaster.get(p.slotPort) ?? 0) + 1);
      }
    }
    assert.equal(perMaster.size, 3);

    // Direct chats around a ring, and three groups that together hold everyone.
    const n = people.length;
    await Promise.all(people.map((p, i) => befriend(gates[i % 3]!, p.user, people[(i + 1) % n]!.user)));
    for (let i = 0; i < n; i++) {
      const a = people[i]!;
      const b = people[(i + 1) % n]!;
      conversations.push({
        kind: 'direct',
        to: (sender) => (sender === a ? b.user.id : a.user.id),
        members: [a, b],
        sent: 0,
      });
    }
    const groupSize = Math.ceil(n / 3);
    for (let g = 0; g < 3; g++) {
      const members = people.slice(g * groupSize, (g + 1) * groupSize);
      const owner = members[0]!;
      // The creator adds only friends: the ring made it friends with its neighbours already.
      const ringFriends = new Set([
        people[(people.indexOf(owner) + 1) % n],
        people[(people.indexOf(owner) + n - 1) % n],
      ]);
      for (const m of members.slice(1)) if (!ringFriends.has(m)) await befriend(gates[g]!, owner.user, m.user);
      const r = await call(gates[g]!, 'POST', '/v1/groups', {
        token: owner.user.token,
        body: { name: `group ${g}`, memberIds: members.slice(1).map((m) => m.user.id) },
      });
      assert.equal(r.status, 201);
      conversations.push({ kind: 'group', to: () => r.body.group.id, members, sent: 0 });
    }
    const setupMs = Date.now() - t0;

    // One reader per person: transports and gates round-robin.
    const readers = people.map((p, i) => new Reader(TRANSPORTS[i % 3]!, gates, i % 3, p.readerToken));
    for (const r of readers) r.start();
    await Promise.all(readers.map((r) => r.ready));
    const onVictim = readers.filter((r) => r.gateUrl === gates[1]);

    // One driver per conversation sends in order (so seq order is send order); members take turns,
    // gates rotate. At 40% of all sends gate 1 is killed with -9.
    const total = conversations.length * PER_CONVERSATION;
    let acked = 0;
    let killedAt = -1;
    const retried = new Set<string>();
    let retries = 0;
    const tSend = Date.now();
    await Promise.all(
      conversations.map(async (c, ci) => {
        for (let i = 1; i <= PER_CONVERSATION; i++) {
          const sender = c.members[i % c.members.length]!;
          const clientMsgId = `m-${ci}-${i}`;
          let hadRetry = false;
          const out = await sendWithRetry(
            gates,
            ci + i,
            sender.user.token,
            { kind: c.kind, to: c.to(sender), clientMsgId, content: `message ${i} of ${ci}` },
            () => {
              hadRetry = true;
              retries++;
            },
          );
          assert.equal(out.seq, i, `seq of ${clientMsgId}`);
          c.id = out.conversationId;
          c.sent = i;
          if (hadRetry) retried.add(`${out.conversationId}#${out.seq}`);
          if (++acked === Math.floor(total * 0.4)) {
            s.gates[1]!.kill('SIGKILL');
            killedAt = acked;
          }
          await new Promise((r) => setTimeout(r, 10));
        }
      }),
    );
    const sendMs = Date.now() - tSend;
    assert.ok(killedAt > 0, 'gate 1 was killed mid-run');
    assert.equal((await s.gates[1]!.exited).signal, 'SIGKILL');

    // Every reader ends up with every message of its conversations.
    const expected = (p: Person) => conversations.filter((c) => c.members.includes(p));
    const complete = (r: Reader, p: Person) =>
      expected(p).every(
        (c) => new Set(r.received.filter((m) => m.conversationId === c.id).map((m) => m.seq)).size === c.sent,
      );
    const tWait = Date.now();
    await eventually(
      async () => readers.every((r, i) => complete(r, people[i]!)),
      20_000,
      'every reader to hold every message',
    );
    const catchUpMs = Date.now() - tWait;
    for (const r of readers) r.stop();

    let duplicates = 0;
    readers.forEach((r, i) => {
      const p = people[i]!;
      const mine = new Set(expected(p).map((c) => c.id));
      assert.deepEqual(r.anomalies, [], `reader ${i} (${r.transport})`);
      const seen = new Set<string>();
      const firstSeqs = new Map<string, number[]>();
      for (const m of r.received) {
        assert.ok(mine.has(m.conversationId), `reader ${i} got a message of a conversation it is not in`);
        const key = `${m.conversationId}#${m.seq}`;
        if (seen.has(key)) {
          // Only a send that was retried may have been fanned out twice; clients drop those by (conversationId, seq).
          assert.ok(retried.has(key), `reader ${i} (${r.transport}) got ${key} twice though it was sent once`);
          duplicates++;
          continue;
        }
        seen.add(key);
        firstSeqs.set(m.conversationId, [...(firstSeqs.get(m.conversationId) ?? []), m.seq]);
      }
      for (const c of expected(p)) {
        assert.deepEqual(
          firstSeqs.get(c.id!),
          Array.from({ length: c.sent }, (_, k) => k + 1),
          `reader ${i} (${r.transport}), ${c.kind} ${c.id}: in order, none missing`,
        );
      }
    });
    for (const r of onVictim)
      assert.ok(r.moves >= 1, `a ${r.transport} reader of the killed gate moved to another gate`);

    // And Postgres holds each message exactly once.
    await eventually(
      async () => {
        const [row] = await s.db.sql`select count(*)::int as n from messages`;
        return row!.n === total;
      },
      15_000,
      'every message in Postgres',
    );
    const rows = await s.db.sql<{ conversation_id: string; n: number; max: number; ids: number }[]>`
      select conversation_id, count(*)::int as n, max(seq)::int as max, count(distinct client_msg_id)::int as ids from messages group by conversation_id`;
    assert.equal(rows.length, conversations.length);
    for (const r of rows)
      assert.deepEqual([r.n, r.max, r.ids], [PER_CONVERSATION, PER_CONVERSATION, PER_CONVERSATION], r.conversation_id);

    const byTransport = TRANSPORTS.map((t) => `${t}: ${readers.filter((r) => r.transport === t).length}`).join(', ');
    console.log(
      `# ${people.length} users over masters ${JSON.stringify([...perMaster.values()])}, ${conversations.length} conversations, ${total} messages; readers ${byTransport}; ` +
        `${onVictim.length} readers on the killed gate; ${retries} send retries, ${duplicates} duplicate deliveries dropped; ` +
        `setup ${setupMs} ms, sending ${sendMs} ms, last reader caught up ${catchUpMs} ms after the last send`,
    );
  });

  it('stores every message exactly once when a writer is killed with -9 while it holds pending log entries', async () => {
    assert.ok(conversations.length > 0, 'runs after the delivery test');
    const live = s.liveUrls();
    const before = Number((await s.db.sql`select count(*)::int as n from messages`)[0]!.n);
    // Hold the writers' inserts: each has read its entries (now pending under its name) and waits.
    const lock = await s.db.sql.reserve();
    await lock`begin`;
    await lock`lock table messages in share mode`;
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await lock`commit`;
      lock.release();
    };
    try {
      const burst = conversations.slice(0, 20);
      const perConv = 4;
      await Promise.all(
        burst.map(async (c, ci) => {
          for (let k = 0; k < perConv; k++) {
            const sender = c.members[k % c.members.length]!;
            const i = c.sent + 1;
            const out = await sendWithRetry(live, ci + k, sender.user.token, {
              kind: c.kind,
              to: c.to(sender),
              clientMsgId: `w-${ci}-${i}`,
              content: `burst ${i}`,
            });
            assert.equal(out.seq, i);
            c.sent = i;
          }
        }),
      );
      const shards = Array.from({ length: 4 }, (_, i) => `im:{log:${i}}`);
      const pendingBy = async () => {
        const by = new Map<string, number>();
        for (const key of shards) {
          const [, , , consumers] = (await redis.xpending(key, 'writers')) as [
            number,
            string | null,
            string | null,
            Array<[string, string]> | null,
          ];
          for (const [name, count] of consumers ?? []) by.set(name, (by.get(name) ?? 0) + Number(count));
        }
        return by;
      };
      // Wait until the burst is read: the writers hold what they could take, the rest waits unread.
      let held = new Map<string, number>();
      await eventually(
        async () => {
          held = await pendingBy();
          return (
            [...held.values()].reduce((a, b) => a + b, 0) > 0 &&
            s.writers.every((w) => [...held.keys()].some((k) => k.includes(`-${w.pid}-`)))
          );
        },
        10_000,
        'both writers holding pending entries',
      );
      const [victimName, victimHeld] = [...held].sort((a, b) => b[1] - a[1])[0]!;
      const victim = s.writers.find((w) => victimName.includes(`-${w.pid}-`))!;
      victim.kill('SIGKILL');
      await victim.exited;
      const tKill = Date.now();
      await release();

      const total = before + burst.length * perConv;
      await eventually(
        async () => Number((await s.db.sql`select count(*)::int as n from messages`)[0]!.n) === total,
        20_000,
        'every burst message in Postgres',
      );
      const takeoverMs = Date.now() - tKill;
      await eventually(
        async () => [...(await pendingBy()).values()].every((n) => n === 0),
        5000,
        'no entry left pending',
      );
      // The primary key already rules out two rows with one seq; what a takeover could still do is
      // store one send twice, under two seqs.
      const dup = await s.db.sql`
        select conversation_id, from_device, client_msg_id, array_agg(seq order by seq)::int[] as seqs
        from messages group by conversation_id, from_device, client_msg_id having count(*) > 1`;
      assert.deepEqual([...dup], [], 'no send stored under two seqs');
      for (const c of burst) {
        const [row] = await s.db.sql<
          { n: number; max: number }[]
        >`select count(*)::int as n, max(seq)::int as max from messages where conversation_id = ${c.id!}`;
        assert.deepEqual([row!.n, row!.max], [c.sent, c.sent], c.id);
      }
      console.log(
        `# writer ${victim.name} killed holding ${victimHeld} pending entries; the other stored them ${takeoverMs} ms later (claim idle 1000 ms)`,
      );
    } finally {
      await release();
    }
  });
});
