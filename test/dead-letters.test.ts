import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { redisBroker, type RedisBroker } from '../src/broker/redis.js';
import { shardOf, type LogRecord } from '../src/broker/log.js';
import { createMetrics } from '../src/metrics.js';
import { Writer } from '../src/store/writer.js';
import type { Message } from '../src/events.js';
import { DEFAULT_LIMITS } from './broker/conformance.js';
import {
  createTestDb,
  postgresAvailable,
  redisAvailable,
  testPrefix,
  TEST_REDIS_URL,
  type TestDb,
} from './helpers/stores.js';
import { eventually } from './helpers/http.js';

/**
 * A persistence log entry the writer cannot store (it does not decode, or decodes to no record the
 * writer knows) is not acknowledged away unseen: it is moved to its shard's dead letters, with an
 * error log line naming the shard and the entry and a count on the writer's metrics, while the
 * entries around it are stored as usual.
 */

const skip = !((await postgresAvailable()) && (await redisAvailable()));

const message = (conversationId: string, seq: number): Message => ({
  conversationId,
  seq,
  kind: 'direct',
  from: 'a',
  to: 'b',
  fromDevice: 'dev',
  clientMsgId: `m${seq}`,
  contentType: 'text',
  content: `hello ${seq}`,
  createdAt: Date.now(),
});
const record = (m: Message): LogRecord => ({ t: 'msg', shardKey: m.conversationId, m });

describe('undecodable persistence log entries', { skip }, () => {
  let db: TestDb;
  let broker: RedisBroker;
  let prefix: { prefix: string; cleanup(): Promise<void> };
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'info', base: undefined }, { write: (l: string) => void lines.push(JSON.parse(l)) });

  before(async () => {
    db = await createTestDb();
    prefix = testPrefix();
    broker = redisBroker({ url: TEST_REDIS_URL, prefix: prefix.prefix, ...DEFAULT_LIMITS, logShards: 2 });
  });

  after(async () => {
    await broker?.close();
    await prefix?.cleanup();
    await db?.drop();
  });

  it('are set aside in the shard’s dead letters with a log line and a metric, and the records around them are stored', async () => {
    const conv = 'd:deadletter-a:deadletter-b';
    const shard = shardOf(conv, broker.persistence.shards);
    const key = `${prefix.prefix}{log:${shard}}`;
    await broker.persistence.append([record(message(conv, 1))]);
    const bad = [
      '{"t":"msg","shardKey":"',
      '{"t":"no-such-record","shardKey":"x"}',
      '{"t":"msg","shardKey":"x","m":null}',
    ];
    const badIds: string[] = [];
    for (const payload of bad) badIds.push((await broker.client.xadd(key, '*', 'r', payload))!);
    await broker.persistence.append([record(message(conv, 2))]);

    const metrics = createMetrics();
    const writer = new Writer(db.sql, broker.persistence, log, metrics, {
      batch: 100,
      intervalMs: 20,
      consumer: 'dead-letter-test',
    });
    writer.start();
    try {
      await eventually(async () => (await broker.persistence.backlog()) === 0, 10_000, 'the log drained');
    } finally {
      await writer.stop();
    }

    const stored = await db.sql<
      { seq: number }[]
    >`select seq from messages where conversation_id = ${conv} order by seq`;
    assert.deepEqual(
      stored.map((r) => r.seq),
      [1, 2],
      'the records around them were stored',
    );
    const dead = await broker.persistence.deadLetters(shard, 10);
    assert.deepEqual(
      dead.map((d) => [d.id, d.raw]),
      badIds.map((id, i) => [id, bad[i]]),
      'each kept with its id and payload',
    );
    assert.equal(await broker.persistence.deadLetterCount(), 3);

    const text = await metrics.registry.metrics();
    assert.match(text, new RegExp(`^im_log_dead_letters_total\\{shard="${shard}"\\} 3$`, 'm'));
    const errors = lines.filter((l) => l.level === 50);
    const named = new Set(
      errors.filter((l) => l.shard === shard).flatMap((l) => (l.ids as string[] | undefined) ?? []),
    );
    assert.deepEqual([...named].sort(), [...badIds].sort(), 'an error line names the shard and every entry');
  });
});
