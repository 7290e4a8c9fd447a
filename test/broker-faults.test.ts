import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { Gate } from '../src/gate.js';
import type { Broker } from '../src/broker/broker.js';
import type { Notice } from '../src/broker/inbox.js';
import { memoryBroker } from '../src/broker/memory.js';
import { redisBroker, type RedisBroker } from '../src/broker/redis.js';
import { DEFAULT_LIMITS } from './broker/conformance.js';
import {
  createTestDb,
  postgresAvailable,
  redisAvailable,
  testPrefix,
  TEST_REDIS_URL,
  type TestDb,
} from './helpers/stores.js';
import { call, eventually } from './helpers/http.js';

/**
 * What a broker survives without telling its caller (a notice listener that throws; on Redis, an
 * inbox entry or a notice that does not decode) still reaches the gate's log as an error line and
 * its /metrics as a count; the other listeners, and the broker, carry on.
 */

const pgUp = await postgresAvailable();
const redisUp = await redisAvailable();

interface Run {
  gate: Gate;
  url: string;
  lines: Array<Record<string, unknown>>;
  scrape(): Promise<string>;
}

async function gateOver(broker: Broker, db: TestDb): Promise<Run> {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'warn', base: undefined }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  const config = { ...loadConfig({ LOG_LEVEL: 'warn' }), WRITER: 'off' as const };
  const gate = new Gate({
    config,
    sql: db.sql,
    broker,
    log,
    jwtSecret: 'broker-faults-test-secret-long-enough-for-hs256',
  });
  const url = await gate.start(0, '127.0.0.1');
  return { gate, url, lines, scrape: async () => (await call(url, 'GET', '/metrics')).body as string };
}

const sample = (text: string, line: RegExp) => Number(line.exec(text)?.[1] ?? 0);
const event = (i: number) => ({ type: 'friend_added', at: i, data: { userId: `x${i}` } }) as const;

const kinds: Array<[string, () => { broker: Broker; cleanup(): Promise<void> }, boolean]> = [
  ['memory', () => ({ broker: memoryBroker(DEFAULT_LIMITS), cleanup: async () => {} }), pgUp],
  [
    'Redis',
    () => {
      const p = testPrefix();
      return { broker: redisBroker({ url: TEST_REDIS_URL, prefix: p.prefix, ...DEFAULT_LIMITS }), cleanup: p.cleanup };
    },
    pgUp && redisUp,
  ],
];

for (const [name, make, up] of kinds) {
  describe(`a gate over the ${name} broker`, { skip: !up && 'Postgres or Redis does not answer' }, () => {
    let db: TestDb;
    let made: ReturnType<typeof make>;
    let run: Run;

    before(async () => {
      db = await createTestDb();
      made = make();
      run = await gateOver(made.broker, db);
    });

    after(async () => {
      await run?.gate.stop();
      await made?.broker.close();
      await made?.cleanup();
      await db?.drop();
    });

    it('logs and counts each notice listener that throws, and the other listeners still hear', async () => {
      const { broker } = made;
      const before = sample(await run.scrape(), /^im_listener_errors_total (\S+)$/m);
      const got: Notice[] = [];
      const u = `faulty-${name}`;
      const bad = await broker.inboxes.subscribe(u, () => {
        throw new Error('the listener broke');
      });
      const good = await broker.inboxes.subscribe(u, (n) => got.push(n));
      await broker.inboxes.append(event(1), [u]);
      await broker.inboxes.publish([u], {
        kind: 'ephemeral',
        event: { type: 'typing', at: 2, data: { conversationId: 'c', userId: 'x' } },
      });
      await eventually(async () => got.length === 2, 5000, 'both notices at the other listener');
      await eventually(
        async () => sample(await run.scrape(), /^im_listener_errors_total (\S+)$/m) === before + 2,
        5000,
        'two listener errors counted',
      );
      const errors = run.lines.filter((l) => l.level === 50 && l.userId === u);
      assert.equal(errors.length, 2, 'one error line each');
      assert.match(String(errors[0]!.msg), /listener/);
      assert.match(JSON.stringify(errors[0]!.err), /the listener broke/);
      bad.unsubscribe();
      good.unsubscribe();
    });

    it('reports nothing once the gate has stopped watching', async () => {
      const other = await gateOver(made.broker, db);
      await other.gate.stop();
      const u = `after-stop-${name}`;
      const bad = await made.broker.inboxes.subscribe(u, () => {
        throw new Error('late failure');
      });
      const got: Notice[] = [];
      const good = await made.broker.inboxes.subscribe(u, (n) => got.push(n));
      await made.broker.inboxes.append(event(3), [u]);
      await eventually(async () => got.length === 1, 5000, 'the notice');
      assert.equal(other.lines.filter((l) => l.userId === u).length, 0, 'the stopped gate logged nothing');
      await eventually(async () => run.lines.some((l) => l.userId === u), 5000, 'the running gate logged it');
      bad.unsubscribe();
      good.unsubscribe();
    });
  });
}

describe(
  'a gate over the Redis broker, on payloads that do not decode',
  { skip: !(pgUp && redisUp) && 'Postgres or Redis does not answer' },
  () => {
    let db: TestDb;
    let p: ReturnType<typeof testPrefix>;
    let broker: RedisBroker;
    let run: Run;

    before(async () => {
      db = await createTestDb();
      p = testPrefix();
      broker = redisBroker({ url: TEST_REDIS_URL, prefix: p.prefix, ...DEFAULT_LIMITS });
      run = await gateOver(broker, db);
    });

    after(async () => {
      await run?.gate.stop();
      await broker?.close();
      await p?.cleanup();
      await db?.drop();
    });

    const undecodable = (text: string, what: string) =>
      sample(text, new RegExp(`^im_undecodable_broker_payloads_total\\{what="${what}"\\} (\\S+)$`, 'm'));

    it('logs and counts an inbox entry that does not decode, and reads on past it', async () => {
      const u = 'corrupt-inbox';
      const [first] = await broker.inboxes.append(event(1), [u]);
      const badId = await broker.client.xadd(`${p.prefix}{u:${u}}:in`, '*', 'e', '{not json');
      await broker.inboxes.append(event(2), [u]);
      const r = await broker.inboxes.read(u, first!, 10);
      assert.equal(r.kind, 'events');
      assert.deepEqual(r.kind === 'events' && r.events.map((e) => e.at), [2], 'the events around it are read');
      await eventually(async () => undecodable(await run.scrape(), 'inbox_entry') === 1, 5000, 'the count');
      const line = run.lines.find((l) => l.level === 50 && l.userId === u);
      assert.ok(line, 'an error line');
      assert.equal(line.id, badId);
    });

    it('logs and counts a notice that does not decode, and delivers the next one', async () => {
      const u = 'corrupt-notice';
      const got: Notice[] = [];
      const sub = await broker.inboxes.subscribe(u, (n) => got.push(n));
      await broker.client.publish(`${p.prefix}{u:${u}}:n`, 'x-not-a-notice');
      await broker.inboxes.append(event(1), [u]);
      await eventually(async () => got.length === 1, 5000, 'the next notice');
      await eventually(async () => undecodable(await run.scrape(), 'notice') === 1, 5000, 'the count');
      assert.ok(
        run.lines.some((l) => l.level === 50 && l.userId === u),
        'an error line',
      );
      sub.unsubscribe();
    });
  },
);
