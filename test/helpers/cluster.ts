import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  deprioritize,
  freePort,
  redisBinariesPresent,
  REDIS_SERVER,
  startRedisCluster,
  type RedisCluster,
  type RedisClusterOptions,
} from '../cluster/redis-cluster.js';
import { createTestDb, postgresAvailable, type TestDb } from './stores.js';

/**
 * A scaled-out deployment on loopback, as separate processes: a local Redis Cluster, a fresh
 * Postgres database, gates (`src/main.ts serve`, WRITER=off) and writers (`src/main.ts writer`).
 * Processes can be killed (-9 or SIGTERM) and more started while it runs; stop() tears it all down.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const JWT_SECRET = 'scale-out-test-secret-long-enough-for-hs256';

/** Why the scale-out suites cannot run here (false: they can). Under CI=true a missing piece fails instead. */
export async function scaleOutSkip(): Promise<false | string> {
  if (!redisBinariesPresent()) {
    if (process.env.CI === 'true')
      throw new Error(`${REDIS_SERVER} is required under CI=true for the Redis Cluster suites`);
    return `${REDIS_SERVER} not found: Redis Cluster suites skipped`;
  }
  if (!(await postgresAvailable())) return 'Postgres does not answer';
  return false;
}

export interface Proc {
  role: 'gate' | 'writer';
  name: string;
  child: ChildProcess;
  pid: number;
  /** The gate's base URL (gates only). */
  url: string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly alive: boolean;
  /** The last lines the process wrote (JSON log lines and anything else). */
  lines: string[];
  /** Its whole output, kept in the deployment's folder until stop(). */
  logFile: string;
  kill(signal?: NodeJS.Signals): void;
}

export interface ScaleOut {
  redis: RedisCluster;
  db: TestDb;
  dir: string;
  /** Environment shared by every gate and writer. */
  env: Record<string, string>;
  gates: Proc[];
  writers: Proc[];
  /** URLs of the gates still running. */
  liveUrls(): string[];
  startGate(env?: Record<string, string>): Promise<Proc>;
  startWriter(env?: Record<string, string>): Promise<Proc>;
  stop(): Promise<void>;
}

export interface ScaleOutOptions {
  gates?: number;
  writers?: number;
  env?: Record<string, string>;
  redis?: RedisClusterOptions;
  /** Print each process's output lines to stderr (for a standalone run). */
  echo?: boolean;
  /**
   * Scheduling priority of every process started (0 normal … 19 lowest). Tests run it lowered so
   * that suites with tight timing running beside them on a small machine are not starved of CPU.
   */
  priority?: number;
}

const live = new Set<ChildProcess>();
// A test run that dies must not leave gates and writers behind.
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export async function startScaleOut(opts: ScaleOutOptions = {}): Promise<ScaleOut> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'im-scaleout-'));
  const procs: Proc[] = [];
  let redis: RedisCluster | undefined;
  let db: TestDb | undefined;

  const stop = async () => {
    await Promise.all(
      procs.map(async (p) => {
        if (p.alive) p.kill('SIGKILL');
        await Promise.race([p.exited, new Promise((r) => setTimeout(r, 3000))]);
      }),
    );
    await redis?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const priority = opts.priority ?? 10;
    [redis, db] = await Promise.all([startRedisCluster({ priority, ...opts.redis }), createTestDb()]);
    const env: Record<string, string> = {
      HOST: '127.0.0.1',
      REDIS_CLUSTER_NODES: redis.seeds,
      DATABASE_URL: db.url,
      WRITER: 'off',
      JWT_SECRET,
      DATA_DIR: path.join(dir, 'data'),
      LOG_LEVEL: 'info',
      LOG_SHARDS: '4',
      WRITER_CLAIM_IDLE_MS: '1000',
      AUTH_RATE_PER_MINUTE: '10000',
      SEND_RATE_PER_SECOND: '10000',
      ...opts.env,
    };
    let n = 0;
    const spawnProc = async (role: 'gate' | 'writer', extra: Record<string, string> = {}): Promise<Proc> => {
      for (let attempt = 0; ; attempt++) {
        const name = `${role}${n++}`;
        const port = role === 'gate' ? await freePort() : 0;
        const p = launch(
          role,
          name,
          dir,
          { ...env, ...extra, ...(role === 'gate' ? { PORT: String(port) } : {}) },
          port,
          opts.echo ?? false,
        );
        deprioritize(p.child, priority);
        procs.push(p);
        try {
          await (role === 'gate' ? waitReady(p) : waitLine(p, /"msg":"writer running"/));
          return p;
        } catch (err) {
          if (p.alive) p.kill('SIGKILL');
          // The port picked free may have been taken in between: try another one.
          if (attempt < 2 && p.lines.some((l) => /EADDRINUSE/.test(l))) continue;
          throw new Error(`${name} did not start: ${(err as Error).message}\n${p.lines.slice(-15).join('\n')}`);
        }
      }
    };
    const gates: Proc[] = [];
    const writers: Proc[] = [];
    const started = await Promise.all([
      ...Array.from({ length: opts.gates ?? 3 }, () => spawnProc('gate')),
      ...Array.from({ length: opts.writers ?? 2 }, () => spawnProc('writer')),
    ]);
    for (const p of started) (p.role === 'gate' ? gates : writers).push(p);
    return {
      redis,
      db,
      dir,
      env,
      gates,
      writers,
      liveUrls: () => gates.filter((g) => g.alive).map((g) => g.url),
      async startGate(extra) {
        const g = await spawnProc('gate', extra);
        gates.push(g);
        return g;
      },
      async startWriter(extra) {
        const w = await spawnProc('writer', extra);
        writers.push(w);
        return w;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Spawns one gate or writer (`src/main.ts serve|writer`) with `env` naming its stores; its output goes to `dir/<name>.log`. */
export function launch(
  role: 'gate' | 'writer',
  name: string,
  dir: string,
  env: Record<string, string>,
  port: number,
  echo: boolean,
): Proc {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    // The deployment's own stores only: never a REDIS_URL or DATABASE_URL of the surrounding shell.
    if (v !== undefined && !['REDIS_URL', 'DATABASE_URL', 'PORT', 'NODE_TEST_CONTEXT'].includes(k)) base[k] = v;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', role === 'gate' ? 'serve' : 'writer'], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const logFile = path.join(dir, `${name}.log`);
  const out = createWriteStream(logFile);
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let rest = '';
  const onData = (chunk: Buffer) => {
    out.write(chunk);
    const text = rest + chunk.toString('utf8');
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      if (echo) process.stderr.write(`[${name}] ${line}\n`);
    }
    if (lines.length > 400) lines.splice(0, lines.length - 400);
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let alive = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      alive = false;
      live.delete(child);
      out.end();
      for (const l of listeners) l();
      resolve({ code, signal });
    }),
  );
  const proc: Proc & { onLine: Set<() => void> } = {
    role,
    name,
    child,
    pid: child.pid ?? -1,
    url: role === 'gate' ? `http://127.0.0.1:${port}` : '',
    exited,
    get alive() {
      return alive;
    },
    lines,
    logFile,
    kill(signal = 'SIGKILL') {
      if (alive) child.kill(signal);
    },
    onLine: listeners,
  };
  return proc;
}

/** Resolves once the process printed a line matching `re`; rejects when it exits first or after 60 s. */
export function waitLine(p: Proc, re: RegExp, ms = 60_000): Promise<string> {
  const listeners = (p as Proc & { onLine: Set<() => void> }).onLine;
  return new Promise((resolve, reject) => {
    const check = () => {
      const hit = p.lines.find((l) => re.test(l));
      if (hit !== undefined) return done(() => resolve(hit));
      if (!p.alive) return done(() => reject(new Error(`${p.name} exited`)));
    };
    const timer = setTimeout(
      () => done(() => reject(new Error(`${p.name}: no line matching ${re} within ${ms} ms`))),
      ms,
    );
    const done = (f: () => void) => {
      clearTimeout(timer);
      listeners.delete(check);
      f();
    };
    listeners.add(check);
    check();
  });
}

/** Resolves once the gate answers /readyz with 200. */
export async function waitReady(p: Proc, ms = 60_000): Promise<void> {
  await waitLine(p, /gateway listening/, ms);
  const until = Date.now() + ms;
  while (Date.now() < until && p.alive) {
    const ok = await fetch(`${p.url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${p.name} never became ready`);
}
