import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Broker } from './broker/broker.js';
import type { Sql } from './store/db.js';
import type { TokenService } from './auth/tokens.js';
import type { Metrics } from './metrics.js';

/**
 * What every part of a gate is built from. There are no module-level singletons: a test builds two
 * contexts (two gates) in one process, each with its own metrics and connections.
 */
export interface Context {
  config: Config;
  sql: Sql;
  /** A streaming replica of `sql` (DATABASE_READ_URL) for history and conversation lists; null when none. */
  replica: Sql | null;
  broker: Broker;
  tokens: TokenService;
  log: Logger;
  metrics: Metrics;
  /** This gate's id, in logs, audit records and presence connection ids. */
  gateId: string;
  /** The clock; tests may pass their own. */
  now(): number;
  /** Tells the send path's authorization cache that facts about a user or group changed. */
  authz: { invalidate(id: string): void };
}
