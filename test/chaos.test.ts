import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, postgresAvailable, TEST_PG_URL } from './helpers/stores.js';
import { eventually } from './helpers/http.js';
import { freePort, redisBinariesPresent, REDIS_SERVER } from './cluster/redis-cluster.js';
import { formatReport, runChaos } from './chaos/scenario.js';
import { PgProxy } from './chaos/pg-proxy.js';
import { connectDb } from '../src/store/db.js';

/**
 * The short chaos run (`npm run chaos` is the long one): its own Redis (AOF) and database, two gate
 * processes and a writer process, clients sending over every transport while a gate and the writer
 * are killed with -9, Redis is stopped cleanly and started, then killed with -9 and started from its
 * AOF, and Postgres is unreachable for 5 s (a TCP proxy in front of the shared server is cut: the
 * shared server itself is never stopped).
 */

function skipReason(): string | false {
  if (!redisBinariesPresent()) {
    if (process.env.CI === 'true') throw new Error(`${REDIS_SERVER} is required under CI=true for the chaos run`);
    return `${REDIS_SERVER} not found: chaos run skipped`;
  }
  return false;
}

const skip = skipReason() || (!(await postgresAvailable()) && 'Postgres does not answer');

describe('chaos (short)', { skip }, () => {
  it(
    'every acknowledged message is in Postgres once and on every member device, in order, through kill -9 of a gate and the writer, a clean Redis restart, a kill -9 of Redis and a Postgres outage',
    { timeout: 150_000 },
    async () => {
      const report = await runChaos({ mode: 'short', log: (l) => console.log(`# ${l}`) });
      console.log(formatReport(report).replace(/^/gm, '# '));
      assert.deepEqual(report.violations, [], 'no broken promise');
      assert.equal(report.lost, 0, 'neither a clean Redis stop nor a kill -9 of Redis (appendonly yes) loses anything');
      assert.equal(report.storedTwice, 0, 'nothing is stored twice');
      assert.equal(report.persisted, report.acknowledged);
      assert.equal(report.delivered, report.deliveriesExpected);
      assert.ok(report.acknowledged > 200, `enough traffic to mean something (${report.acknowledged})`);
      assert.ok(report.gateMoves > 0, 'clients of the killed gate moved');
      assert.ok(report.acknowledgedDuringPgOutage > 0, 'sends went on while Postgres was away');
      assert.ok(
        report.sendMsDuringPgOutage.p50 < 500,
        `and were not held up by it (p50 ${report.sendMsDuringPgOutage.p50} ms)`,
      );
    },
  );
});

describe(
  'the Postgres pool through an outage',
  { skip: !(await postgresAvailable()) && 'Postgres does not answer' },
  () => {
    it(
      'answers again within seconds of Postgres coming back, after every pool slot had its connection refused',
      { timeout: 30_000 },
      async () => {
        const db = await createTestDb();
        const target = new URL(TEST_PG_URL);
        const proxy = new PgProxy({ host: target.hostname, port: Number(target.port || 5432) }, await freePort());
        await proxy.restore();
        const poolSize = 3;
        const sql = connectDb(proxy.url(db.url), { max: poolSize });
        try {
          await sql`select 1`;
          await proxy.cut();
          // Many queries while refused: more failed connection attempts than the pool has slots.
          let issued = 0;
          const during = Array.from({ length: 30 }, (_, i) =>
            new Promise((r) => setTimeout(r, i * 50)).then(() => {
              issued++;
              return sql`select 1`.then(
                () => 'ok',
                (err: { code?: string }) => `failed: ${err.code ?? String(err)}`,
              );
            }),
          );
          await eventually(
            async () => issued === during.length && proxy.refused > poolSize,
            8000,
            'every query made, and more connections refused than the pool has slots',
          );
          await proxy.restore();
          // Every query of the outage settles within seconds of Postgres coming back: those that met a
          // refused or dropped connection failed with that connection's error, the rest waited for a
          // connection and were answered.
          const outcomes = await within(Promise.all(during), 8000, 'every query of the outage to settle');
          const failures = outcomes.filter((o) => o !== 'ok');
          assert.ok(failures.length > 0, 'the outage was seen by the pool');
          assert.deepEqual(
            failures.filter((f) => !/^failed: (ECONNRESET|ECONNREFUSED|CONNECTION_CLOSED)$/.test(f)),
            [],
            'no query failed otherwise',
          );
          await within(sql`select 1`, 8000, 'an answer after Postgres came back');
        } finally {
          await proxy.close();
          await sql.end({ timeout: 1 });
          await db.drop();
        }
      },
    );
  },
);

/** `p`, or a failure naming `what` when it has not settled within `ms`. */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}
