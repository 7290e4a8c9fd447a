import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './log.js';
import { openEngine, type Engine } from './engine.js';
import { loadJwtSecret } from './auth/secret.js';
import { Gate } from './gate.js';
import { Writer, writerOptions } from './store/writer.js';
import { createMetrics } from './metrics.js';
import { partitionMessages } from './store/partition-messages.js';
import { DEFAULT_MESSAGE_PARTITIONS } from './store/partitions.js';

/**
 * The command line: `serve` (a gate with an in-process writer unless WRITER=off), `writer` (a
 * writer alone; run any number: they share the work through the log's consumer groups, and take
 * over what a dead one left pending after WRITER_CLAIM_IDLE_MS), `migrate` (apply migrations and exit;
 * with `--partition-messages`, then convert a plain messages table to the partitioned layout online).
 *
 * SIGTERM (or Ctrl-C) drains within DRAIN_TIMEOUT_MS: a gate stops accepting connections and turns
 * /readyz 503 at once, answers what is in flight (each answer closing its connection, so clients
 * reconnect to another gate), releases held polls and live streams, lets its writer finish the
 * batch in hand; then Redis and Postgres are closed and the process exits 0. Past the bound it
 * exits 1. A second Ctrl-C exits at once.
 */
async function main(command: string): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  // Before the engine opens: a secret file that cannot be used stops the start with nothing to undo.
  const jwtSecret = command === 'serve' ? await loadJwtSecret(config.JWT_SECRET, config.DATA_DIR) : '';
  const engine = await openEngine(config, log);
  log.info({ engine: engine.description }, 'engine ready');
  if (command === 'migrate') {
    try {
      if (process.argv.includes('--partition-messages')) {
        const partitions = config.MESSAGE_PARTITIONS ?? DEFAULT_MESSAGE_PARTITIONS;
        const r = await partitionMessages(engine.sql, {
          partitions,
          pauseMs: 10,
          log: (msg, f) => log.info(f ?? {}, msg),
        });
        if (r.already) log.info({ partitions: r.partitions }, 'messages is partitioned already: nothing to do');
      }
    } finally {
      await engine.close();
    }
    return;
  }

  if (command === 'writer' && engine.inProcessBroker) {
    console.error(
      'a separate writer needs a shared broker: set REDIS_URL or REDIS_CLUSTER_NODES (the embedded engine runs its writer inside the gate)',
    );
    await engine.close();
    process.exit(2);
  }
  const started = Date.now();
  // What is left of the drain bound once closing Redis and Postgres is set aside.
  const reserveMs = Math.min(2000, Math.floor(config.DRAIN_TIMEOUT_MS / 5));
  let stop: (deadline: number) => Promise<void>;
  if (command === 'writer') {
    const writer = new Writer(
      engine.sql,
      engine.broker.persistence,
      log,
      createMetrics(),
      writerOptions(config, 'writer'),
    );
    writer.start();
    log.info({ shards: engine.broker.persistence.shards, claimIdleMs: config.WRITER_CLAIM_IDLE_MS }, 'writer running');
    stop = () => writer.stop();
  } else {
    if (engine.inProcessBroker) config.WRITER = 'inline';
    // The gate hard-closes connections still open at its bound, leaving time to close Redis and Postgres.
    const gateConfig: Config = { ...config, DRAIN_TIMEOUT_MS: Math.max(1, config.DRAIN_TIMEOUT_MS - reserveMs) };
    const gate = new Gate({
      config: gateConfig,
      sql: engine.sql,
      replica: engine.replica,
      broker: engine.broker,
      log,
      jwtSecret,
    });
    const url = await gate.start();
    log.info(
      { url, port: config.PORT, ms: Date.now() - started },
      `gateway listening on ${url.replace('127.0.0.1', 'localhost')}`,
    );
    stop = async (deadline) => {
      await gate.stop();
      // The embedded broker's log dies with this process: store all of it, not just the batch in hand.
      if (engine.inProcessBroker) await flushLog(engine, config, log, deadline);
    };
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      if (signal === 'SIGINT') {
        log.warn('second interrupt: exiting without draining');
        process.exit(1);
      }
      return;
    }
    stopping = true;
    const t0 = Date.now();
    log.info({ signal, boundMs: config.DRAIN_TIMEOUT_MS }, 'draining');
    const force = setTimeout(() => {
      log.error({ ms: Date.now() - t0 }, 'drain did not finish within DRAIN_TIMEOUT_MS: exiting');
      process.exit(1);
    }, config.DRAIN_TIMEOUT_MS);
    force.unref();
    try {
      await stop(t0 + config.DRAIN_TIMEOUT_MS - reserveMs);
    } catch (err) {
      log.error({ err: (err as Error).message }, 'drain failed; closing Redis and Postgres');
    }
    await engine.close();
    log.info({ ms: Date.now() - t0 }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** Stores every log entry left (pending ones included) before `deadline`. */
async function flushLog(engine: Engine, config: Config, log: Logger, deadline: number): Promise<void> {
  if ((await engine.broker.persistence.backlog()) === 0) return;
  const writer = new Writer(engine.sql, engine.broker.persistence, log, createMetrics(), {
    ...writerOptions(config, 'flush'),
    claimIdleMs: 0,
    auditRetentionDays: undefined,
    messageRetentionDays: undefined,
  });
  writer.start();
  try {
    while (Date.now() < deadline && (await engine.broker.persistence.backlog()) > 0)
      await new Promise((r) => setTimeout(r, 20));
  } finally {
    await writer.stop();
  }
  const left = await engine.broker.persistence.backlog();
  if (left > 0) log.error({ left }, 'drain bound reached with log entries not stored');
}

const command = process.argv[2] ?? 'serve';
if (!['serve', 'writer', 'migrate'].includes(command)) {
  console.error(`unknown command "${command}": use serve, writer or migrate`);
  process.exit(2);
}
main(command).catch((err: unknown) => {
  console.error(`failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
