import { postgresAvailable } from '../helpers/stores.js';
import { redisBinariesPresent, REDIS_SERVER } from '../cluster/redis-cluster.js';
import { formatReport, runChaos, type ChaosMode } from './scenario.js';

/**
 * `npm run chaos` (long mode: a 20 s Postgres outage, more users, more load, every fault played
 * twice) or `npm run chaos -- short`. Prints the timeline and the figures; exits 1 on any violation.
 * `CHAOS_ECHO=1` prints every process's log lines too.
 */
const mode = (process.argv[2] ?? 'long') as ChaosMode;
if (mode !== 'long' && mode !== 'short') {
  console.error('usage: npm run chaos [-- long|short]');
  process.exit(2);
}
if (!redisBinariesPresent()) {
  console.error(`${REDIS_SERVER} not found (set REDIS_SERVER_BIN)`);
  process.exit(process.env.CI === 'true' ? 1 : 0);
}
if (!(await postgresAvailable())) process.exit(1);
const report = await runChaos({ mode, log: (l) => console.log(l), echo: process.env.CHAOS_ECHO === '1' });
console.log(formatReport(report));
process.exit(report.violations.length ? 1 : 0);
