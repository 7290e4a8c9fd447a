import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, waitLine, waitReady, type Proc } from '../helpers/cluster.js';
import { createTestDb, TEST_PG_URL, type TestDb } from '../helpers/stores.js';
import { deprioritize, freePort } from '../cluster/redis-cluster.js';
import { ChaosRedis } from './redis-server.js';
import { PgProxy } from './pg-proxy.js';

/**
 * The deployment a chaos run breaks, all on loopback and all its own: a standalone Redis with an
 * append-only file, a fresh database on the shared Postgres server reached through a TCP proxy (so
 * "Postgres is down" never touches the shared server), gate processes (WRITER=off) on fixed ports
 * (a restarted gate comes back where its clients look for it) and one writer process. A process
 * that dies on its own is recorded and started again after half a second, as its supervisor would.
 */

export const CHAOS_JWT_SECRET = 'chaos-run-secret-that-is-long-enough-for-hs256';

export interface ChaosDeployment {
  redis: ChaosRedis;
  proxy: PgProxy;
  db: TestDb;
  dir: string;
  /** Base URLs of the gate slots (fixed across restarts). */
  gateUrls: string[];
  gates: Array<Proc | null>;
  writer: Proc | null;
  /** Gates and writers that died without being killed by the run; each was started again, as a supervisor would. */
  crashes: Array<{ name: string; code: number | null; signal: string | null; why: string }>;
  killGate(i: number): Promise<void>;
  startGate(i: number): Promise<void>;
  killWriter(): Promise<void>;
  startWriter(): Promise<void>;
  stop(): Promise<void>;
}

export interface DeploymentOptions {
  gates?: number;
  env?: Record<string, string>;
  /** Print every process's output to stderr. */
  echo?: boolean;
  /** Scheduling priority of the processes (0 normal … 19 lowest). */
  priority?: number;
}

/** Where the proxy forwards: the shared Postgres server. */
function pgTarget(): { host: string; port: number } {
  const u = new URL(TEST_PG_URL);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 5432) };
}

export async function startDeployment(opts: DeploymentOptions = {}): Promise<ChaosDeployment> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'im-chaos-'));
  mkdirSync(path.join(dir, 'redis'));
  const priority = opts.priority;
  const redis = new ChaosRedis(await freePort(), path.join(dir, 'redis'), priority);
  const proxy = new PgProxy(pgTarget(), await freePort());
  const n = opts.gates ?? 2;
  const gatePorts = await Promise.all(Array.from({ length: n }, () => freePort()));
  const gates: Array<Proc | null> = gatePorts.map(() => null);
  let writer: Proc | null = null;
  let db: TestDb | undefined;
  let serial = 0;
  let stopping = false;
  /** Processes the run itself kills: their exit is not a crash. */
  const killed = new Set<Proc>();
  const crashes: ChaosDeployment['crashes'] = [];

  const all = () => [...gates, writer].filter((p): p is Proc => p !== null);
  const stop = async () => {
    stopping = true;
    await Promise.all(
      all().map(async (p) => {
        p.kill('SIGKILL');
        await Promise.race([p.exited, new Promise((r) => setTimeout(r, 3000).unref())]);
      }),
    );
    redis.kill();
    await proxy.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  // A run that dies must not leave its Redis behind (gates and writers are seen to by launch()).
  const onExit = () => redis.kill();
  process.once('exit', onExit);

  try {
    await redis.start();
    await proxy.restore();
    db = await createTestDb();
    const env: Record<string, string> = {
      HOST: '127.0.0.1',
      REDIS_URL: redis.url,
      DATABASE_URL: proxy.url(db.url),
      WRITER: 'off',
      JWT_SECRET: CHAOS_JWT_SECRET,
      DATA_DIR: path.join(dir, 'data'),
      LOG_LEVEL: 'info',
      LOG_SHARDS: '2',
      WRITER_CLAIM_IDLE_MS: '2000',
      AUTH_RATE_PER_MINUTE: '100000',
      SEND_RATE_PER_SECOND: '100000',
      MAX_CONNECTIONS_PER_USER: '100',
      ACCESS_TOKEN_TTL: '7200',
      DRAIN_TIMEOUT_MS: '3000',
      ...opts.env,
    };
    /** Like a supervisor: a process that dies on its own is noted and started again. */
    const supervise = (p: Proc, restart: () => Promise<void>, current: () => Proc | null) => {
      void p.exited.then(({ code, signal }) => {
        if (stopping || killed.has(p) || current() !== p) return;
        const why = [...p.lines].reverse().find((l) => /Error|error|fatal/.test(l)) ?? p.lines.at(-1) ?? '';
        crashes.push({ name: p.name, code, signal, why: why.slice(0, 300) });
        setTimeout(() => {
          if (!stopping && current() === p) restart().catch(() => {});
        }, 500);
      });
    };
    const spawnGate = async (i: number) => {
      if (gates[i]?.alive) return;
      const p = launch(
        'gate',
        `gate${i}-${serial++}`,
        dir,
        { ...env, PORT: String(gatePorts[i]) },
        gatePorts[i]!,
        opts.echo ?? false,
      );
      deprioritize(p.child, priority);
      gates[i] = p;
      supervise(
        p,
        () => spawnGate(i),
        () => gates[i] ?? null,
      );
      try {
        await waitReady(p, 30_000);
      } catch (err) {
        throw new Error(`gate ${i} did not start: ${(err as Error).message}\n${p.lines.slice(-10).join('\n')}`);
      }
    };
    const spawnWriter = async () => {
      if (writer?.alive) return;
      const p = launch('writer', `writer-${serial++}`, dir, env, 0, opts.echo ?? false);
      deprioritize(p.child, priority);
      writer = p;
      supervise(p, spawnWriter, () => writer);
      try {
        await waitLine(p, /"msg":"writer running"/, 30_000);
      } catch (err) {
        throw new Error(`the writer did not start: ${(err as Error).message}\n${p.lines.slice(-10).join('\n')}`);
      }
    };
    await Promise.all([...gatePorts.map((_, i) => spawnGate(i)), spawnWriter()]);
    const kill = async (p: Proc | null) => {
      if (!p?.alive) return;
      killed.add(p);
      p.kill('SIGKILL');
      await p.exited;
    };
    return {
      redis,
      proxy,
      db,
      dir,
      gateUrls: gatePorts.map((p) => `http://127.0.0.1:${p}`),
      gates,
      get writer() {
        return writer;
      },
      crashes,
      async killGate(i) {
        await kill(gates[i] ?? null);
      },
      startGate: spawnGate,
      async killWriter() {
        await kill(writer);
      },
      startWriter: spawnWriter,
      async stop() {
        process.off('exit', onExit);
        await stop();
      },
    };
  } catch (err) {
    process.off('exit', onExit);
    await stop();
    throw err;
  }
}
