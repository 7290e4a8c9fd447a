import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Broker, BrokerLimits } from '../../src/broker/broker.js';
import { cursorPosition } from '../../src/broker/inbox.js';
import type { LogRecord } from '../../src/broker/log.js';
import type { DurableEvent, Message } from '../../src/events.js';

/**
 * What every conformance suite of the broker's parts shares: the factory of a broker under test,
 * its bounds, and small builders. Each suite (one per interface, in this folder) runs against every
 * implementation: memory always, Redis and the Redis Cluster in the same test run.
 */

export type { BrokerLimits };

export interface BrokerUnderTest {
  broker: Broker;
  /** Closes the broker (again, if a test closed it already) and deletes whatever it stored. */
  cleanup(): Promise<void>;
}

export type BrokerFactory = (limits: BrokerLimits) => Promise<BrokerUnderTest>;

export interface ConformanceOptions {
  /** Skips the whole suite (a reason string is shown in the report). */
  skip?: boolean | string;
}

export const DEFAULT_LIMITS: BrokerLimits = {
  inboxMaxLen: 1000,
  inboxMaxAgeMs: 3_600_000,
  dedupTtlSec: 60,
  logShards: 4,
};

/**
 * Registers before/after hooks in the calling describe: `shared()` is one broker for the tests that
 * use their own ids, `make(limits)` a new one for tests that need other bounds, an empty log or a
 * closed broker. All are cleaned up after the suite.
 */
export function brokers(factory: BrokerFactory): {
  shared(): Broker;
  make(limits?: Partial<BrokerLimits>): Promise<Broker>;
} {
  let b: Broker | undefined;
  const made: BrokerUnderTest[] = [];
  const make = async (limits: Partial<BrokerLimits> = {}) => {
    const t = await factory({ ...DEFAULT_LIMITS, ...limits });
    made.push(t);
    return t.broker;
  };
  before(async () => {
    b = await make();
  });
  after(async () => {
    await Promise.all(made.map((t) => t.cleanup()));
  });
  return { shared: () => b!, make };
}

export const uid = (what: string) => `${what}${randomBytes(5).toString('hex')}`;
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

export function message(i: number, conversationId = 'd:a:b'): Message {
  return {
    conversationId,
    seq: i,
    kind: 'direct',
    from: 'a',
    to: 'b',
    fromDevice: 'dev1',
    clientMsgId: `m${i}`,
    contentType: 'text',
    content: `hello ${i}`,
    createdAt: 1_700_000_000_000 + i,
  };
}

export const event = (i: number): DurableEvent => ({ type: 'message', at: 1_700_000_000_000 + i, data: message(i) });
export const seqsOf = (events: ReadonlyArray<{ data: unknown }>) => events.map((e) => (e.data as Message).seq);
export const pos = (cursor: string) => {
  const p = cursorPosition(cursor);
  assert.ok(p, `well-formed cursor: ${cursor}`);
  return p;
};

/** Appends events 1..n to one inbox, in order, and returns their cursors. */
export async function appendMany(b: Broker, userId: string, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) out.push(...(await b.inboxes.append(event(i), [userId])));
  return out;
}

/** Everything a consumer reads from every shard right now (waits 1 ms per empty shard). */
export async function drainLog(b: Broker, consumer: string) {
  const out: Array<{ shard: number; id: string; record: LogRecord | null }> = [];
  for (let s = 0; s < b.persistence.shards; s++) {
    for (const e of await b.persistence.read(s, consumer, 1000, 1)) out.push({ shard: s, ...e });
  }
  return out;
}
