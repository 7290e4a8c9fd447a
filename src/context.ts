import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { BrokerParts } from './broker/broker.js';
import type { Sql } from './store/db.js';
import type { TokenService } from './auth/tokens.js';
import type { Metrics } from './metrics.js';
import type { ConversationAccess } from './services/access.js';
import type { RevokedSessions } from './auth/revoked.js';

/**
 * What every part of a gate is built from. There are no module-level singletons: a test builds two
 * contexts (two gates) in one process, each with its own metrics and connections.
 */
export interface Context extends BrokerParts {
  config: Config;
  sql: Sql;
  /** A streaming replica of `sql` (DATABASE_READ_URL) for history and conversation lists; null when none. */
  replica: Sql | null;
  tokens: TokenService;
  log: Logger;
  metrics: Metrics;
  /** This gate's id, in logs, audit records and presence connection ids. */
  gateId: string;
  /** The clock; tests may pass their own. */
  now(): number;
  /** Who may act in a conversation (cached facts; told of changes by the services that make them). */
  access: ConversationAccess;
  /** Device sessions revoked recently: every token is checked against these, in memory. */
  revoked: RevokedSessions;
}
