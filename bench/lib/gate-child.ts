/**
 * A gate (or a writer) run as a child process of a benchmark: the same start-up as
 * `src/main.ts serve|writer`, plus an IPC channel the benchmark uses to ask for memory figures
 * (after a forced GC when started with --expose-gc), metric values, and a CPU profile of a chosen
 * window. Exits when the parent goes away.
 *
 *   node --expose-gc --import tsx bench/lib/gate-child.ts gate|writer   (env as for src/main.ts)
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import v8 from 'node:v8';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { openEngine } from '../../src/engine.js';
import { loadJwtSecret } from '../../src/auth/secret.js';
import { Gate } from '../../src/gate.js';
import { Writer, writerOptions } from '../../src/store/writer.js';
import { createMetrics } from '../../src/metrics.js';

export interface ChildRequest {
  id: number;
  cmd: 'mem' | 'stats' | 'profile-start' | 'profile-stop' | 'heap-classes' | 'stop';
  gc?: boolean;
  path?: string;
  intervalUs?: number;
}

export interface MemFigures {
  heapUsed: number;
  heapTotal: number;
  rss: number;
  external: number;
  arrayBuffers: number;
}

const role = process.argv[2] ?? 'gate';
if (!process.send) {
  console.error('gate-child runs as a child process of a benchmark (it needs an IPC channel)');
  process.exit(2);
}
const send = (m: unknown) => process.send!(m);

const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
const engine = await openEngine(config, log);
let gate: Gate | undefined;
let writer: Writer | undefined;
let url = '';

if (role === 'writer') {
  // As src/main.ts configures a `writer` process.
  writer = new Writer(engine.sql, engine.broker.persistence, log, createMetrics(), writerOptions(config, 'writer'));
  writer.start();
} else {
  gate = new Gate({
    config,
    sql: engine.sql,
    broker: engine.broker,
    log,
    jwtSecret: await loadJwtSecret(config.JWT_SECRET, config.DATA_DIR),
  });
  url = await gate.start(config.PORT, config.HOST);
}

let profiler: Session | undefined;
let stopping = false;

async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(1), 8000);
  force.unref();
  await (gate ? gate.stop() : writer?.stop());
  await engine.close();
  process.exit(0);
}

async function metricValue(
  name: keyof ReturnType<typeof createMetrics>,
): Promise<Array<{ labels: object; value: number }>> {
  const m = gate?.ctx.metrics[name] as
    { get(): Promise<{ values: Array<{ labels: object; value: number }> }> } | undefined;
  if (!m) return [];
  return (await m.get()).values.map((v) => ({ labels: v.labels, value: v.value }));
}

async function handle(req: ChildRequest): Promise<unknown> {
  switch (req.cmd) {
    case 'mem': {
      const g = (globalThis as { gc?: () => void }).gc;
      if (req.gc && g) {
        g();
        await new Promise((r) => setImmediate(r));
        g();
      }
      const m = process.memoryUsage();
      const figures: MemFigures = {
        heapUsed: m.heapUsed,
        heapTotal: m.heapTotal,
        rss: m.rss,
        external: m.external,
        arrayBuffers: m.arrayBuffers,
      };
      return { ...figures, gcForced: !!(req.gc && g) };
    }
    case 'stats':
      return {
        connections: await metricValue('connections'),
        heldPolls: await metricValue('heldPolls'),
        messagesSent: await metricValue('messagesSent'),
        deliveries: await metricValue('deliveries'),
      };
    case 'profile-start':
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: req.intervalUs ?? 1000 });
      await profiler.post('Profiler.start');
      return { started: true };
    case 'profile-stop': {
      if (!profiler) throw new Error('no profile running');
      const { profile } = await profiler.post('Profiler.stop');
      profiler.disconnect();
      profiler = undefined;
      if (req.path) await writeFile(req.path, JSON.stringify(profile));
      return { path: req.path };
    }
    case 'heap-classes':
      return heapClasses();
    case 'stop':
      setImmediate(() => void stop());
      return { stopping: true };
  }
}

/** Live heap objects grouped by type and constructor name (from a heap snapshot): count and self size. */
async function heapClasses(): Promise<HeapClass[]> {
  const chunks: string[] = [];
  for await (const c of v8.getHeapSnapshot()) chunks.push(typeof c === 'string' ? c : c.toString());
  const snap = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  chunks.length = 0;
  const f = snap.snapshot.meta.node_fields;
  const width = f.length;
  const iType = f.indexOf('type');
  const iName = f.indexOf('name');
  const iSize = f.indexOf('self_size');
  const types = snap.snapshot.meta.node_types[0];
  const agg = new Map<string, HeapClass>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType]!] ?? '?';
    let name = snap.strings[snap.nodes[i + iName]!] ?? '?';
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') name = '(string)';
    else if (type === 'code') name = '(code)';
    else if (name.length > 60) name = name.slice(0, 60);
    const key = `${type}\u0000${name}`;
    const e = agg.get(key) ?? { type, name, count: 0, size: 0 };
    e.count++;
    e.size += snap.nodes[i + iSize]!;
    agg.set(key, e);
  }
  return [...agg.values()].sort((a, b) => b.size - a.size).slice(0, 400);
}

export interface HeapClass {
  type: string;
  name: string;
  count: number;
  size: number;
}

process.on('message', (raw) => {
  const req = raw as ChildRequest;
  handle(req).then(
    (result) => send({ id: req.id, ok: true, result }),
    (err: unknown) => send({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

send({ type: 'ready', url, pid: process.pid, role });
