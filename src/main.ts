import os from 'node:os';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './log.js';
import { openEngine } from './engine.js';
import { loadJwtSecret } from './auth/secret.js';
import { Gate } from './app.js';
import { Writer } from './store/writer.js';
import { createMetrics } from './metrics.js';

/**
 * The command line: `serve` (a gate with an in-process writer unless WRITER=off), `writer` (a
 * writer alone; run any number), `migrate` (apply migrations and exit).
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
  const engine = await openEngine(config, log);
  log.info({ engine: engine.description }, 'engine ready');
  if (command === 'migrate') {
    await engine.close();
    return;
  }

  let stop: () => Promise<void>;
  if (command === 'writer' && engine.inProcessBroker) {
    console.error('a separate writer needs a shared broker: set REDIS_URL (the embedded engine runs its writer inside the gate)');
    await engine.close();
    process.exit(2);
  }
  if (command === 'writer') {
    const writer = new Writer(engine.sql, engine.broker, log, createMetrics(), {
      batch: config.WRITER_BATCH,
      intervalMs: config.WRITER_INTERVAL_MS,
      consumer: `writer-${os.hostname()}-${process.pid}`,
      auditRetentionDays: config.AUDIT_RETENTION_DAYS,
    });
    writer.start();
    log.info('writer running');
    stop = () => writer.stop();
  } else {
    if (engine.inProcessBroker) config.WRITER = 'inline';
    const gate = new Gate({ config, sql: engine.sql, broker: engine.broker, log, jwtSecret: await loadJwtSecret(config.JWT_SECRET, config.DATA_DIR) });
    const url = await gate.start();
    log.info({ url, port: config.PORT }, `gateway listening on ${url.replace('127.0.0.1', 'localhost')}`);
    stop = () => gate.stop();
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining');
    const force = setTimeout(() => process.exit(1), config.DRAIN_TIMEOUT_MS + 5000);
    force.unref();
    await stop();
    await engine.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
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
