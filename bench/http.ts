import autocannon from 'autocannon';
import type { Options } from './lib/args.js';
import { startCluster } from './lib/ours.js';
import { CpuMeter, spawnProc, type CpuReport, type Proc } from './lib/procs.js';
import { profileMarkdown, startProfiles, stopProfiles, type ProfileSummary } from './lib/profile.js';
import {
  SHARED_MACHINE_NOTE,
  fmt,
  machineInfo,
  pct,
  progress,
  progressDone,
  table,
  writeResult,
} from './lib/report.js';
import { BENCH_PASSWORD, seedFriendships, seedUsers, type SeedUser } from './lib/seed.js';
import { directConversationId } from '../src/ids.js';

export interface HttpRoute {
  route: string;
  detail: string;
  connections: number;
  seconds: number;
  reqPerSec: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  cpu: CpuReport;
}

export interface HttpResult {
  name: 'http';
  quick: boolean;
  machine: Awaited<ReturnType<typeof machineInfo>>;
  routes: HttpRoute[];
  profiles?: Record<string, ProfileSummary>;
  markdown: string;
}

/**
 * Request throughput of single routes on one gate process (writer inline), with autocannon in this
 * process: login (argon2id verify + a device session), POST /v1/messages (the whole send pipeline),
 * a history page (50 messages from Postgres), and GET /v1/sync that returns at once (10 events
 * after the cursor, and the no-cursor head). Rate limits are raised for the run.
 */
export async function run(o: Options): Promise<HttpResult> {
  const seconds = o.num('duration', 5, 20);
  const connections = o.num('connections', 32, 64);
  const loginConnections = o.num('login-connections', 8, 8);
  const pairCount = o.num('pairs', 50, 50);
  const profile = o.flag('profile');
  const profiles: Record<string, ProfileSummary> = {};

  console.log(
    `\n## http — autocannon, ${seconds} s per route, ${connections} connections (login ${loginConnections}) against one gate`,
  );
  const cluster = await startCluster({ gates: 1, writer: 'inline', name: 'http' });
  const gate = cluster.gates[0]!;
  const users = await seedUsers(cluster.db.sql, pairCount * 2, 'h');
  const pairs = Array.from({ length: pairCount }, (_, i) => [users[2 * i]!, users[2 * i + 1]!] as const);
  await seedFriendships(cluster.db.sql, pairs);

  // Head cursors before any message: later, each inbox has events after them.
  const heads = new Map<string, string>();
  for (const u of users.slice(0, 20)) {
    const r = await fetch(`${gate.url}/v1/sync`, { headers: { authorization: `Bearer ${u.token}` } });
    heads.set(u.id, ((await r.json()) as { cursor: string }).cursor);
  }

  const routes: HttpRoute[] = [];
  const bench = async (
    route: string,
    detail: string,
    conns: number,
    requests: autocannon.Request[],
    server: Proc = gate,
  ): Promise<void> => {
    // The reference server speaks no profiling protocol: only the gate is profiled.
    const profiled = profile && server === gate;
    if (profiled) await startProfiles([server]);
    const cpu = await new CpuMeter([server], cluster.pgBackends).begin();
    const instance = autocannon({ url: server.url, connections: conns, duration: seconds, requests });
    const t0 = Date.now();
    const ticker = setInterval(
      () => progress(`[http ${route}] ${Math.round((Date.now() - t0) / 1000)}/${seconds} s`),
      1000,
    );
    const r = await instance;
    clearInterval(ticker);
    progressDone();
    const cpuReport = await cpu.end();
    if (profiled)
      Object.assign(profiles, await stopProfiles([server], route.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')));
    const row: HttpRoute = {
      route,
      detail,
      connections: conns,
      seconds,
      reqPerSec: Math.round(r.requests.average),
      p50Ms: r.latency.p50,
      p90Ms: r.latency.p90,
      p99Ms: r.latency.p99,
      maxMs: r.latency.max,
      requests: r.requests.total,
      non2xx: r.non2xx,
      errors: r.errors + r.timeouts,
      cpu: cpuReport,
    };
    routes.push(row);
    console.log(
      `  ${route}: ${fmt(row.reqPerSec, 0)} req/s, p50 ${row.p50Ms} / p99 ${row.p99Ms} ms${row.non2xx ? `, ${row.non2xx} non-2xx` : ''}${row.errors ? `, ${row.errors} errors` : ''}`,
    );
  };

  let i = 0;
  await bench('POST /v1/auth/login', '20 users in turn; argon2id verify + new device session', loginConnections, [
    {
      method: 'POST',
      path: '/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => ({
        ...req,
        body: JSON.stringify({ username: users[i++ % 20]!.username, password: BENCH_PASSWORD }),
      }),
    },
  ]);

  let k = 0;
  await bench('POST /v1/messages', `${pairCount} friend pairs in turn, 100-byte text`, connections, [
    {
      method: 'POST',
      path: '/v1/messages',
      setupRequest: (req) => {
        const n = k++;
        const [a, b] = pairs[n % pairs.length]!;
        const [from, to] = n % 2 === 0 ? [a, b] : [b, a];
        return {
          ...req,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${from.token}` },
          body: JSON.stringify({
            kind: 'direct',
            to: to.id,
            clientMsgId: `h${n}`,
            contentType: 'text',
            content: 'x'.repeat(100),
          }),
        };
      },
    },
  ]);
  await cluster.drained(60_000);

  let h = 0;
  await bench('GET /v1/conversations/:id/messages', 'latest 50 of a conversation, from Postgres', connections, [
    {
      method: 'GET',
      setupRequest: (req) => {
        const [a, b] = pairs[h++ % pairs.length]!;
        return {
          ...req,
          path: `/v1/conversations/${encodeURIComponent(directConversationId(a.id, b.id))}/messages?limit=50`,
          headers: { authorization: `Bearer ${a.token}` },
        };
      },
    },
  ]);

  const withHeads: SeedUser[] = users.slice(0, 20);
  let s = 0;
  await bench('GET /v1/sync (events ready)', '10 events after the cursor, returned at once', connections, [
    {
      method: 'GET',
      setupRequest: (req) => {
        const u = withHeads[s++ % withHeads.length]!;
        return {
          ...req,
          path: `/v1/sync?cursor=${encodeURIComponent(heads.get(u.id)!)}&limit=10`,
          headers: { authorization: `Bearer ${u.token}` },
        };
      },
    },
  ]);
  let t = 0;
  await bench('GET /v1/sync (no cursor)', 'the head cursor, returned at once', connections, [
    {
      method: 'GET',
      setupRequest: (req) => {
        const u = withHeads[t++ % withHeads.length]!;
        return { ...req, path: '/v1/sync', headers: { authorization: `Bearer ${u.token}` } };
      },
    },
  ]);
  await cluster.close();

  // The floor: node's own HTTP server answering the same POSTs with no work at all.
  const bare = await spawnProc({ name: 'http-bare-node', script: 'bench/lib/bare-http.ts', env: {} });
  try {
    const sendBody = JSON.stringify({
      kind: 'direct',
      to: users[1]!.id,
      clientMsgId: 'h0',
      contentType: 'text',
      content: 'x'.repeat(100),
    });
    await bench(
      'bare node http (reference)',
      "node's http module answering the same POST with a fixed JSON, no framework, no work",
      connections,
      [
        {
          method: 'POST',
          path: '/v1/messages',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${users[0]!.token}` },
          body: sendBody,
        },
      ],
      bare,
    );
  } finally {
    bare.child.kill();
    await bare.exited;
  }

  const markdown = [
    `### HTTP routes — one gate process, autocannon in the benchmark process, ${seconds} s each`,
    '',
    table(
      [
        'route',
        'what',
        'conns',
        'req/s',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'non-2xx',
        'errors',
        'gate cores',
        'gate µs / request',
        'generator cores',
        'redis / pg cores',
        'other work cores',
        'machine busy',
      ],
      routes.map((r) => [
        r.route,
        r.detail,
        r.connections,
        r.reqPerSec,
        r.p50Ms,
        r.p90Ms,
        r.p99Ms,
        r.non2xx,
        r.errors,
        fmt(r.cpu.processes.find((p) => p.name.startsWith('http-'))?.cores ?? NaN, 2),
        fmt(((r.cpu.processes.find((p) => p.name.startsWith('http-'))?.cores ?? NaN) * 1e6) / r.reqPerSec, 0),
        fmt(r.cpu.processes[0]!.cores, 2),
        `${fmt(r.cpu.processes.find((p) => p.name.startsWith('redis'))?.cores ?? NaN, 2)} / ${fmt(r.cpu.processes.find((p) => p.name.startsWith('postgres'))?.cores ?? NaN, 2)}`,
        fmt(r.cpu.processes.find((p) => p.name.startsWith('everything else'))?.cores ?? NaN, 2),
        pct(r.cpu.machineBusy),
      ]),
    ),
    '',
    SHARED_MACHINE_NOTE,
    ...Object.entries(profiles).map(([name, p]) => `\n${profileMarkdown(name, p)}`),
  ].join('\n');
  const result: HttpResult = {
    name: 'http',
    quick: o.quick,
    machine: await machineInfo(),
    routes,
    ...(profile ? { profiles } : {}),
    markdown,
  };
  writeResult('http', result, markdown);
  return result;
}
