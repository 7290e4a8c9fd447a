/**
 * Starts a local scaled-out deployment and keeps it up until Ctrl-C, then tears it all down:
 * a 3-master Redis Cluster on loopback, a fresh Postgres database on the test server, gates and
 * writers as separate processes.
 *
 *   node --import tsx test/cluster/up.ts [--gates 3] [--writers 2] [--replicas 0] [--echo]
 *
 * Postgres comes from TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { parseArgs } from 'node:util';
import { startScaleOut } from '../helpers/cluster.js';

const { values } = parseArgs({
  options: {
    gates: { type: 'string', default: '3' },
    writers: { type: 'string', default: '2' },
    replicas: { type: 'string', default: '0' },
    echo: { type: 'boolean', default: false },
  },
});

const t0 = Date.now();
const s = await startScaleOut({
  gates: Number(values.gates),
  writers: Number(values.writers),
  redis: { masters: 3, replicas: Number(values.replicas) },
  echo: values.echo,
  priority: 0,
});
console.log(`up in ${Date.now() - t0} ms`);
console.log(`redis cluster: ${s.redis.seeds}`);
console.log(`postgres:      ${s.db.url}`);
for (const g of s.gates) console.log(`gate ${g.name}: ${g.url}  (pid ${g.pid}, log ${g.logFile})`);
for (const w of s.writers) console.log(`writer ${w.name}: pid ${w.pid}, log ${w.logFile}`);
console.log('Ctrl-C stops everything and removes the temporary folder.');

let stopping = false;
const down = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\ntearing down…');
  await s.stop();
  process.exit(0);
};
process.on('SIGINT', () => void down());
process.on('SIGTERM', () => void down());
