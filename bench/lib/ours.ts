import WebSocket from 'ws';
import { EventSource } from 'eventsource';
import { ImClient, type TransportName, type WebSocketCtor } from '../../client/index.js';
import { redisBroker } from '../../src/broker/redis.js';
import { benchPrefix, createBenchDb, pgBackendsOf, REDIS_URL, type BenchDb } from './stores.js';
import { loadConfig } from '../../src/config.js';
import { gateEnv, spawnGate, spawnWriter, type PgBackends, type Proc } from './procs.js';
import { onCleanup } from './cleanup.js';
import { sessionOf, type SeedUser } from './seed.js';
import { pool, waitFor } from './stats.js';
import type { Endpoint } from './workload.js';

export interface Cluster {
  db: BenchDb;
  prefix: string;
  gates: Proc[];
  /** The separate writer process, when the writer does not run inside gate 0. */
  writer: Proc | null;
  /** Every process of the system under test, for CPU accounting. */
  procs: Proc[];
  /** The Postgres backends serving this cluster's database (CPU accounting). */
  pgBackends: PgBackends;
  /** Shards of the persistence log (the gates' LOG_SHARDS). */
  logShards: number;
  /** Persistence-log entries not yet stored in Postgres, over every shard. */
  backlog(): Promise<number>;
  /** Messages stored in Postgres. */
  storedMessages(): Promise<number>;
  /** Waits until the writer has drained the log; returns how long that took (ms), or -1 on timeout. */
  drained(timeoutMs: number): Promise<number>;
  /** Stops every process, then drops the database and deletes the Redis keys. */
  close(): Promise<void>;
}

/**
 * `gates` gate processes on a fresh database and Redis prefix. The writer runs inside gate 0
 * (WRITER=inline there, off elsewhere) or, with writer = 'separate', as its own process.
 */
export async function startCluster(o: {
  gates: number;
  writer: 'inline' | 'separate';
  name: string;
  extraEnv?: Record<string, string>;
}): Promise<Cluster> {
  const db = await createBenchDb();
  const { prefix, cleanup } = benchPrefix();
  const gates: Proc[] = [];
  for (let i = 0; i < o.gates; i++) {
    gates.push(
      await spawnGate(`${o.name}-gate-${String.fromCharCode(97 + i)}`, {
        dbUrl: db.url,
        redisUrl: REDIS_URL,
        prefix,
        writer: o.writer === 'inline' && i === 0 ? 'inline' : 'off',
        extra: o.extraEnv,
      }),
    );
  }
  const writer =
    o.writer === 'separate'
      ? await spawnWriter(`${o.name}-writer`, {
          dbUrl: db.url,
          redisUrl: REDIS_URL,
          prefix,
          writer: 'off',
          extra: o.extraEnv,
        })
      : null;
  // The log has as many shards as the gates were configured with (LOG_SHARDS, default 2): the
  // backlog must count every one of them, or "drained" would only mean shard 0 is empty.
  const logShards = loadConfig({
    ...process.env,
    ...gateEnv({ dbUrl: db.url, redisUrl: REDIS_URL, prefix, writer: 'off', extra: o.extraEnv }),
  }).LOG_SHARDS;
  const broker = redisBroker({
    url: REDIS_URL,
    prefix,
    inboxMaxLen: 10_000,
    inboxMaxAgeMs: 86_400_000,
    dedupTtlSec: 3600,
    logShards,
  });
  const closeBroker = onCleanup('close benchmark broker', () => broker.close());
  const backlog = () => broker.persistence.backlog();
  return {
    db,
    prefix,
    gates,
    writer,
    procs: writer ? [...gates, writer] : gates,
    pgBackends: pgBackendsOf(db.sql, db.name),
    logShards,
    backlog,
    async storedMessages() {
      const [r] = await db.sql<{ n: number }[]>`select count(*)::int as n from messages`;
      return r?.n ?? 0;
    },
    async close() {
      await Promise.all([...gates, ...(writer ? [writer] : [])].map((p) => p.stop()));
      await closeBroker();
      await cleanup();
      await db.drop();
    },
    async drained(timeoutMs) {
      const t0 = performance.now();
      const ok = await waitFor(async () => (await backlog()) === 0, timeoutMs, 25);
      return ok ? performance.now() - t0 : -1;
    },
  };
}

/** A client-library client for a seeded user on one gate, forced onto one transport. */
export function clientFor(baseUrl: string, u: SeedUser, transport: TransportName): ImClient {
  return new ImClient({
    baseUrl,
    session: sessionOf(u),
    transport,
    WebSocket: WebSocket as unknown as WebSocketCtor,
    EventSource,
    sendTimeoutMs: 60_000,
    backoff: { baseMs: 200, maxMs: 2000 },
  });
}

/** Starts clients (at most `concurrency` connecting at once) and waits until each is live; returns their closer. */
export async function startClients(
  clients: ImClient[],
  transport: TransportName,
  concurrency = 50,
  timeoutMs = 30_000,
): Promise<() => Promise<void>> {
  const close = onCleanup('close clients', () => clients.forEach((c) => c.close()));
  await pool(clients, concurrency, async (c) => {
    c.start();
    if (!(await waitFor(() => c.transport === transport, timeoutMs, 10)))
      throw new Error(`a ${transport} client did not go live within ${timeoutMs} ms`);
  });
  return close;
}

/** The workload's view of a client: direct messages to `peer`, deliveries of the peer's messages. */
export function endpointOf(c: ImClient, peer: SeedUser): Endpoint {
  return {
    send: (content) => c.send({ kind: 'direct', to: peer.id, contentType: 'text', content }).then(() => undefined),
    onMessage: (cb) => {
      c.on('message', (e) => cb(e.data.content));
    },
  };
}
