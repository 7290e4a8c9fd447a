import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

/**
 * A throw-away Redis Cluster on loopback: `masters` primaries (and `replicas` replicas each) from the
 * local redis-server binary, in a temporary folder that is removed on stop. Nodes can be killed and
 * restarted to exercise failover and reconnects. Used by the tests and by `test/cluster/up.ts`.
 */

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
export const REDIS_CLI = process.env.REDIS_CLI_BIN ?? path.dirname(REDIS_SERVER) + '/redis-cli';

/** True when the binaries needed for a local cluster are present. */
export function redisBinariesPresent(): boolean {
  try {
    accessSync(REDIS_SERVER, constants.X_OK);
    accessSync(REDIS_CLI, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface RedisNode {
  host: string;
  port: number;
  dir: string;
  proc: ChildProcess | null;
}

export interface RedisClusterOptions {
  masters?: number;
  replicas?: number;
  /** How long a node may be unreachable before it is failed (and its replica promoted). */
  nodeTimeoutMs?: number;
  /** Scheduling priority of the nodes (os.setPriority: 0 normal, up to 19 lowest). */
  priority?: number;
}

export interface RedisCluster {
  nodes: RedisNode[];
  /** `host:port,host:port,…` for REDIS_CLUSTER_NODES. */
  seeds: string;
  dir: string;
  /** The node that serves `slot` as master now. */
  masterOf(slot: number): Promise<RedisNode>;
  /** kill -9 of one node (its data is gone; a replica, if any, takes over after the node timeout). */
  kill(i: number): void;
  /** Starts a killed node again on its port, with its cluster identity (nodes.conf) but no data. */
  restart(i: number): Promise<void>;
  /** Resolves once every live node reports cluster_state:ok and agrees on the slot owners. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A loopback port that is free, and whose cluster-bus port (+10000) is free too. */
export async function freePort(range: [number, number] = [20000, 50000], bus = false): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = range[0] + Math.floor(Math.random() * (range[1] - range[0]));
    if ((await canListen(port)) && (!bus || (await canListen(port + 10000)))) return port;
  }
  throw new Error('no free loopback port found');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Lowers a child's scheduling priority; a no-op where that is not allowed. */
export function deprioritize(child: ChildProcess, priority: number | undefined): void {
  if (!priority || child.pid === undefined) return;
  try {
    os.setPriority(child.pid, priority);
  } catch {
    // not permitted here: run at normal priority
  }
}

function spawnNode(node: RedisNode, nodeTimeoutMs: number, priority?: number): ChildProcess {
  const args = [
    '--port',
    String(node.port),
    '--bind',
    '127.0.0.1',
    '--dir',
    node.dir,
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    'nodes.conf',
    '--cluster-node-timeout',
    String(nodeTimeoutMs),
    // The other masters keep serving their slots while one is down.
    '--cluster-require-full-coverage',
    'no',
    '--cluster-allow-reads-when-down',
    'no',
    '--save',
    '',
    '--appendonly',
    'no',
    '--protected-mode',
    'no',
    '--logfile',
    path.join(node.dir, 'redis.log'),
  ];
  const proc = spawn(REDIS_SERVER, args, { stdio: 'ignore' });
  proc.on('error', () => {});
  deprioritize(proc, priority);
  return proc;
}

async function ping(port: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const r = new Redis({
      port,
      host: '127.0.0.1',
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 500,
    });
    r.on('error', () => {});
    try {
      await r.connect();
      await r.ping();
      return true;
    } catch {
      await sleep(50);
    } finally {
      r.disconnect();
    }
  }
  return false;
}

async function onePort<T>(port: number, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  r.on('error', () => {});
  try {
    await r.connect();
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

/** Starts a cluster; cleans up whatever it started when it fails half-way. */
export async function startRedisCluster(opts: RedisClusterOptions = {}): Promise<RedisCluster> {
  const masters = opts.masters ?? 3;
  const replicas = opts.replicas ?? 0;
  const nodeTimeoutMs = opts.nodeTimeoutMs ?? 2000;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'im-redis-cluster-'));
  const nodes: RedisNode[] = [];
  const live = (n: RedisNode) => n.proc !== null && n.proc.exitCode === null && n.proc.signalCode === null;

  const stop = async () => {
    await Promise.all(
      nodes.map(async (n) => {
        const p = n.proc;
        n.proc = null;
        if (!p || p.exitCode !== null || p.signalCode !== null) return;
        const exited = new Promise<void>((r) => p.once('exit', () => r()));
        p.kill('SIGKILL');
        await Promise.race([exited, sleep(2000)]);
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  };

  const cluster: RedisCluster = {
    nodes,
    dir,
    get seeds() {
      return nodes.map((n) => `${n.host}:${n.port}`).join(',');
    },
    async masterOf(slot) {
      for (const n of nodes.filter(live)) {
        const slots = await onePort(n.port, (r) => r.cluster('SLOTS')).catch(() => null);
        const range = slots?.find(([a, b]) => slot >= a && slot <= b);
        if (range) {
          const owner = nodes.find((x) => x.port === range[2]?.[1]);
          if (owner) return owner;
        }
      }
      throw new Error(`no node reports an owner of slot ${slot}`);
    },
    kill(i) {
      const n = nodes[i]!;
      n.proc?.kill('SIGKILL');
      n.proc = null;
    },
    async restart(i) {
      const n = nodes[i]!;
      if (n.proc) throw new Error(`node ${i} is running`);
      // Its old listener may linger for a moment after kill -9.
      for (let attempt = 0; ; attempt++) {
        n.proc = spawnNode(n, nodeTimeoutMs, opts.priority);
        if (await ping(n.port, 3000)) break;
        n.proc.kill('SIGKILL');
        n.proc = null;
        if (attempt >= 5) throw new Error(`redis node on port ${n.port} did not come back`);
        await sleep(200);
      }
    },
    async waitHealthy(timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < until) {
        try {
          const views = await Promise.all(
            nodes.filter(live).map((n) =>
              onePort(n.port, async (r) => {
                const info = (await r.cluster('INFO')) as string;
                const slots = await r.cluster('SLOTS');
                return {
                  ok: /cluster_state:ok/.test(info),
                  map: JSON.stringify(slots.map(([a, b, m]) => [a, b, m?.[1]]).sort((x, y) => x[0]! - y[0]!)),
                };
              }),
            ),
          );
          const covered =
            views[0] &&
            JSON.parse(views[0].map).reduce((s: number, [a, b]: [number, number]) => s + b - a + 1, 0) === 16384;
          if (views.every((v) => v.ok && v.map === views[0]!.map) && covered) return;
          last = JSON.stringify(views);
        } catch (err) {
          last = (err as Error).message;
        }
        await sleep(100);
      }
      throw new Error(`redis cluster did not become healthy: ${last.slice(0, 500)}`);
    },
    stop,
  };

  try {
    const total = masters * (1 + replicas);
    for (let i = 0; i < total; i++) {
      const nodeDir = path.join(dir, `node${i}`);
      mkdirSync(nodeDir);
      // A port picked free can be taken before redis binds it: try a few.
      for (let attempt = 0; ; attempt++) {
        const node: RedisNode = {
          host: '127.0.0.1',
          port: await freePort([20000, 50000], true),
          dir: nodeDir,
          proc: null,
        };
        node.proc = spawnNode(node, nodeTimeoutMs, opts.priority);
        if (await ping(node.port, 5000)) {
          nodes.push(node);
          break;
        }
        node.proc.kill('SIGKILL');
        if (attempt >= 5) throw new Error(`redis-server would not start (see ${nodeDir}/redis.log)`);
      }
    }
    const create = spawnSync(
      REDIS_CLI,
      [
        '--cluster',
        'create',
        ...nodes.map((n) => `${n.host}:${n.port}`),
        '--cluster-replicas',
        String(replicas),
        '--cluster-yes',
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
    await cluster.waitHealthy();
    if (replicas > 0) await waitReplicasSynced(nodes, masters * replicas);
    return cluster;
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Waits until every replica reports its master link up, so a failover has a replica to promote. */
async function waitReplicasSynced(nodes: RedisNode[], expected: number, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const up = await Promise.all(nodes.map((n) => onePort(n.port, (r) => r.info('replication')).catch(() => '')));
    if (up.filter((s) => /role:slave/.test(s) && /master_link_status:up/.test(s)).length === expected) return;
    await sleep(100);
  }
  throw new Error('redis cluster replicas did not sync');
}
