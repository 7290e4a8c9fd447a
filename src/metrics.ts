import { Registry, Counter, Gauge, Histogram, collectDefaultMetrics } from 'prom-client';

export interface MetricsOptions {
  /** Persistence log entries not yet stored (the broker's logBacklog); read on every scrape. */
  backlog?: () => Promise<number>;
  /** Dead letters the persistence log holds, all shards; read on every scrape. */
  deadLetters?: () => Promise<number>;
}

/** How long a scrape waits for a figure of the broker: a store that does not answer must not stall the whole scrape. */
const BROKER_READ_TIMEOUT_MS = 1000;

/**
 * The gate's Prometheus metrics, in a registry of its own (two gates in one process do not collide).
 * The default Node metrics include event-loop lag (`nodejs_eventloop_lag_seconds` and its percentiles).
 */
export function createMetrics(opts: MetricsOptions = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const { backlog, deadLetters } = opts;
  const m = {
    registry,
    httpRequests: new Counter({
      name: 'im_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['route', 'status'],
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'im_rejected_total',
      help: 'Refused requests, frames and upgrades by error code',
      labelNames: ['code'],
      registers: [registry],
    }),
    messagesSent: new Counter({
      name: 'im_messages_sent_total',
      help: 'Messages accepted by the send pipeline',
      labelNames: ['kind'],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'im_deliveries_total',
      help: 'Events delivered to clients (rate() gives deliveries per second)',
      labelNames: ['transport'],
      registers: [registry],
    }),
    connections: new Gauge({
      name: 'im_connections',
      help: 'Open live connections by transport',
      labelNames: ['transport'],
      registers: [registry],
    }),
    heldPolls: new Gauge({ name: 'im_held_polls', help: 'Long-poll requests currently held', registers: [registry] }),
    sendLatency: new Histogram({
      name: 'im_send_seconds',
      help: 'Send pipeline duration',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    dbReads: new Counter({
      name: 'im_db_reads_total',
      help: 'History pages and conversation lists by where they were read (replica or primary)',
      labelNames: ['read', 'source'],
      registers: [registry],
    }),
    replicaErrors: new Counter({
      name: 'im_replica_errors_total',
      help: 'Reads the replica failed, answered by the primary instead',
      registers: [registry],
    }),
    writerRows: new Counter({
      name: 'im_writer_rows_total',
      help: 'Log records the writer stored',
      labelNames: ['type'],
      registers: [registry],
    }),
    writerBatches: new Counter({
      name: 'im_writer_batches_total',
      help: 'Batches the writer committed',
      registers: [registry],
    }),
    writerErrors: new Counter({
      name: 'im_writer_errors_total',
      help: 'Writer batch failures (retried)',
      registers: [registry],
    }),
    writerPersist: new Histogram({
      name: 'im_writer_persist_seconds',
      help: 'Time from a message being sent to its commit in Postgres, observed by the writer that stored it',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    writerLag: new Gauge({
      name: 'im_writer_backlog',
      help: 'Persistence log entries not yet stored in Postgres (pending or unread, all shards); -1 when the broker does not answer',
      registers: [registry],
      async collect() {
        if (backlog) this.set(await withinBound(backlog));
      },
    }),
    logDeadLettersSetAside: new Counter({
      name: 'im_log_dead_letters_total',
      help: 'Persistence log entries this writer could not decode and moved to their shard’s dead letters instead of storing them',
      labelNames: ['shard'],
      registers: [registry],
    }),
    logDeadLetters: new Gauge({
      name: 'im_log_dead_letters',
      help: 'Dead letters the persistence log holds (all shards, whichever writer set them aside); -1 when the broker does not answer',
      registers: [registry],
      async collect() {
        if (deadLetters) this.set(await withinBound(deadLetters));
      },
    }),
    listenerErrors: new Counter({
      name: 'im_listener_errors_total',
      help: 'Notice listeners that threw while the broker handed them a notice (the other listeners were served)',
      registers: [registry],
    }),
    undecodablePayloads: new Counter({
      name: 'im_undecodable_broker_payloads_total',
      help: 'Inbox entries and notices the broker skipped because they did not decode',
      labelNames: ['what'],
      registers: [registry],
    }),
  };
  return m;
}

/** What `read` answers, or -1 when it fails or takes longer than BROKER_READ_TIMEOUT_MS. */
async function withinBound(read: () => Promise<number>): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), BROKER_READ_TIMEOUT_MS)));
  try {
    return await Promise.race([read().catch(() => -1), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export type Metrics = ReturnType<typeof createMetrics>;
