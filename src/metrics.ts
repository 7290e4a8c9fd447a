import { Registry, Counter, Gauge, Histogram, collectDefaultMetrics } from 'prom-client';

/** The gate's Prometheus metrics, in a registry of its own (two gates in one process do not collide). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const m = {
    registry,
    httpRequests: new Counter({ name: 'im_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['route', 'status'], registers: [registry] }),
    rejected: new Counter({ name: 'im_rejected_total', help: 'Refused requests and frames by error code', labelNames: ['code'], registers: [registry] }),
    messagesSent: new Counter({ name: 'im_messages_sent_total', help: 'Messages accepted by the send pipeline', labelNames: ['kind'], registers: [registry] }),
    deliveries: new Counter({ name: 'im_deliveries_total', help: 'Events delivered to clients', labelNames: ['transport'], registers: [registry] }),
    connections: new Gauge({ name: 'im_connections', help: 'Open live connections by transport', labelNames: ['transport'], registers: [registry] }),
    heldPolls: new Gauge({ name: 'im_held_polls', help: 'Long-poll requests currently held', registers: [registry] }),
    sendLatency: new Histogram({ name: 'im_send_seconds', help: 'Send pipeline duration', buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [registry] }),
    writerRows: new Counter({ name: 'im_writer_rows_total', help: 'Log records the writer stored', labelNames: ['type'], registers: [registry] }),
    writerBatches: new Counter({ name: 'im_writer_batches_total', help: 'Batches the writer committed', registers: [registry] }),
    writerErrors: new Counter({ name: 'im_writer_errors_total', help: 'Writer batch failures (retried)', registers: [registry] }),
    writerLag: new Gauge({ name: 'im_writer_backlog', help: 'Persistence log entries not yet acknowledged', registers: [registry] }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
