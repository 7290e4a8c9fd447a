import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { trackChild } from './cleanup.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import type { ChildRequest, MemFigures } from './gate-child.js';

export const ROOT = PROJECT_ROOT;

/**
 * The node flags `npm start` gives the gate (package.json): benchmarks run gates and writers with
 * the same ones, so they measure the process a user starts.
 */
export const START_FLAGS: string[] = (() => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const m = /^node((?:\s+--\S+)*)\s+dist\//.exec(pkg.scripts.start);
  if (!m) throw new Error(`package.json's start script is not "node [flags] dist/…": ${pkg.scripts.start}`);
  return m[1]!.trim().split(/\s+/).filter(Boolean);
})();
/**
 * Where this code runs from: the build (dist/, `npm run bench`), whose children run as plain
 * JavaScript like `npm start`; or the sources through tsx (`npx tsx bench/run.ts`).
 */
const CODE_DIR = fileURLToPath(new URL('../../', import.meta.url));
const COMPILED = import.meta.url.endsWith('.js');
export const LOG_DIR = path.join(os.tmpdir(), 'im-bench-logs');
/** The JWT secret every benchmark gate shares, so the benchmark can mint tokens for seeded users. */
export const BENCH_JWT_SECRET = 'bench-only-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** A child process of a benchmark (gate, writer or peer server) with an IPC request channel. */
export class Proc {
  url = '';
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.on('message', (m: { id?: number; ok?: boolean; result?: unknown; error?: string }) => {
      if (m.id === undefined) return;
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.ok) w.resolve(m.result);
      else w.reject(new Error(`${this.name}: ${m.error}`));
    });
    child.once('exit', () => {
      for (const w of this.waiting.values()) w.reject(new Error(`${this.name} exited`));
      this.waiting.clear();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  request<T = unknown>(req: Omit<ChildRequest, 'id'>, timeoutMs = 60_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.name}: ${req.cmd} timed out`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => {
          clearTimeout(t);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(t);
          reject(e);
        },
      });
      this.child.send({ ...req, id });
    });
  }

  mem(gc = true): Promise<MemFigures> {
    return this.request<MemFigures>({ cmd: 'mem', gc });
  }

  /** Graceful stop (drain), then SIGKILL if it lingers. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    try {
      if (this.child.connected) this.child.send({ id: 0, cmd: 'stop' });
      else this.child.kill('SIGTERM');
    } catch {
      this.child.kill('SIGTERM');
    }
    const t = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(t);
  }

  /** CPU time (user + system) the process has used so far, ms. */
  cpuMs(): number {
    return procCpuMs(this.pid) ?? 0;
  }

  /** The last lines of its log, for error messages. */
  tail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}

export interface SpawnOptions {
  name: string;
  /** Script path relative to the repository root, as its source (`.ts`). */
  script: string;
  args?: string[];
  env: Record<string, string>;
  nodeFlags?: string[];
  readyTimeoutMs?: number;
}

/** Spawns `node [flags] <script>` (its build, or the source through tsx) with IPC and waits for its `ready` message. */
export async function spawnProc(o: SpawnOptions): Promise<Proc> {
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${o.name}-${Date.now()}.log`);
  const out = createWriteStream(logFile);
  const script = COMPILED
    ? [path.join(CODE_DIR, o.script.replace(/\.ts$/, '.js'))]
    : ['--import', 'tsx', path.join(ROOT, o.script)];
  const child = spawn(process.execPath, [...(o.nodeFlags ?? []), ...script, ...(o.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...o.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  trackChild(child);
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const proc = new Proc(o.name, child, logFile);
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(
      () => reject(new Error(`${o.name} did not start within ${o.readyTimeoutMs ?? 30_000} ms:\n${proc.tail()}`)),
      o.readyTimeoutMs ?? 30_000,
    );
    child.on('message', (m: { type?: string; url?: string }) => {
      if (m.type !== 'ready') return;
      clearTimeout(t);
      proc.url = m.url ?? '';
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`${o.name} exited (${code}) before it was ready:\n${proc.tail()}`));
    });
  });
  return proc;
}

export interface GateEnv {
  dbUrl: string;
  redisUrl: string;
  prefix: string;
  writer: 'inline' | 'off';
  extra?: Record<string, string>;
}

/** The environment of a benchmark gate: its own database and prefix, limits raised for load. */
export function gateEnv(e: GateEnv): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: e.dbUrl,
    REDIS_URL: e.redisUrl,
    REDIS_PREFIX: e.prefix,
    WRITER: e.writer,
    JWT_SECRET: BENCH_JWT_SECRET,
    ACCESS_TOKEN_TTL: '86400',
    SEND_RATE_PER_SECOND: '1000000',
    AUTH_RATE_PER_MINUTE: '1000000',
    MAX_CONNECTIONS_PER_USER: '100',
    MAX_POLLS_PER_USER: '100',
    LOG_LEVEL: process.env.BENCH_GATE_LOG_LEVEL ?? 'warn',
    DATA_DIR: path.join(os.tmpdir(), 'im-bench-data'),
    ...e.extra,
  };
}

/** Starts a gate child process with `npm start`'s flags (and `--expose-gc`, so memory can be read after a full collection). */
export function spawnGate(name: string, env: GateEnv): Promise<Proc> {
  return spawnProc({
    name,
    script: 'bench/lib/gate-child.ts',
    args: ['gate'],
    env: gateEnv(env),
    nodeFlags: ['--expose-gc', ...START_FLAGS],
  });
}

/** Starts a separate writer process (what `npm run writer` runs). */
export function spawnWriter(name: string, env: GateEnv): Promise<Proc> {
  return spawnProc({
    name,
    script: 'bench/lib/gate-child.ts',
    args: ['writer'],
    env: gateEnv({ ...env, writer: 'off' }),
    nodeFlags: START_FLAGS,
  });
}

// CPU accounting from /proc

const CLK_TCK = 100; // Linux USER_HZ; the kernel reports stat times in these ticks

function statFields(pid: number): string[] | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** utime + stime of a process, ms; null when it is gone. */
export function procCpuMs(pid: number): number | null {
  const f = statFields(pid);
  if (!f) return null;
  // After "pid (comm) ": state=0, ppid=1, ..., utime=11, stime=12, cutime=13, cstime=14
  return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
}

/** CPU of every process whose command name is `comm` (plus reaped children of them), ms. */
export function commCpuMs(comm: string): number {
  let total = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let name: string;
    try {
      name = readFileSync(`/proc/${d}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (name !== comm) continue;
    const f = statFields(Number(d));
    if (!f) continue;
    total += ((Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 1000) / CLK_TCK;
  }
  return total;
}

/** Busy and total CPU time of the whole machine, ms (from /proc/stat). */
export function machineCpuMs(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: ((total - idle) * 1000) / CLK_TCK, total: (total * 1000) / CLK_TCK };
}

/** The busy share of all cores over `ms` (a check that the machine is quiet before a run). */
export async function machineBusyShare(ms = 1000): Promise<number> {
  const a = machineCpuMs();
  await new Promise((r) => setTimeout(r, ms));
  const b = machineCpuMs();
  return b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
}

/** The soft limit on open files of a process (from /proc/<pid>/limits). */
export function openFileLimit(pid: number | 'self' = 'self'): number {
  try {
    const m = /Max open files\s+(\d+)/.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
    return m ? Number(m[1]) : 1024;
  } catch {
    return 1024;
  }
}

export interface CpuReport {
  wallMs: number;
  /** Per process: CPU ms in the window and the share of one core. */
  processes: Array<{ name: string; cpuMs: number; cores: number }>;
  /** Busy share of the whole machine in the window (1.0 = every core busy). */
  machineBusy: number;
}

/** Something that lists the Postgres backend pids serving given databases (pg_stat_activity). */
export type PgBackends = () => Promise<number[]>;

/**
 * Measures CPU over a window: the load generator (this process), each child, Redis, and the
 * Postgres backends serving the benchmark's own database (other databases on the same server, and
 * Postgres' shared background processes, are not counted), plus whatever else kept the machine busy.
 */
export class CpuMeter {
  private t0 = 0;
  private gen0: NodeJS.CpuUsage = process.cpuUsage();
  private start = new Map<string, number>();
  private pg0 = new Map<number, number>();
  private m0 = machineCpuMs();

  constructor(
    private readonly procs: Proc[],
    private readonly pgBackends?: PgBackends,
  ) {}

  private async pgCpu(): Promise<Map<number, number>> {
    const pids = this.pgBackends ? await this.pgBackends().catch(() => []) : [];
    return new Map(pids.map((pid) => [pid, procCpuMs(pid) ?? 0]));
  }

  async begin(): Promise<this> {
    this.pg0 = await this.pgCpu();
    this.t0 = performance.now();
    this.gen0 = process.cpuUsage();
    this.m0 = machineCpuMs();
    this.start = new Map([
      ...this.procs.map((p) => [p.name, p.cpuMs()] as const),
      ['redis-server', commCpuMs('redis-server')],
    ]);
    return this;
  }

  async end(): Promise<CpuReport> {
    const wallMs = performance.now() - this.t0;
    const gen = process.cpuUsage(this.gen0);
    const m1 = machineCpuMs();
    const rows: Array<{ name: string; cpuMs: number }> = [
      { name: 'load generator (this process)', cpuMs: (gen.user + gen.system) / 1000 },
    ];
    for (const p of this.procs) rows.push({ name: p.name, cpuMs: p.cpuMs() - (this.start.get(p.name) ?? 0) });
    rows.push({
      name: 'redis-server',
      cpuMs: Math.max(0, commCpuMs('redis-server') - (this.start.get('redis-server') ?? 0)),
    });
    if (this.pgBackends) {
      const pg1 = await this.pgCpu();
      let pg = 0;
      for (const [pid, ms] of pg1) pg += ms - (this.pg0.get(pid) ?? 0);
      rows.push({ name: 'postgres (backends of the benchmark database)', cpuMs: pg });
    }
    const busy = m1.busy - this.m0.busy;
    const total = m1.total - this.m0.total;
    // What the machine did besides the processes above (other work sharing the cores during the run).
    rows.push({
      name: 'everything else on the machine',
      cpuMs: Math.max(0, busy - rows.reduce((a, r) => a + r.cpuMs, 0)),
    });
    return {
      wallMs,
      processes: rows.map((r) => ({
        name: r.name,
        cpuMs: Math.round(r.cpuMs),
        cores: wallMs > 0 ? r.cpuMs / wallMs : 0,
      })),
      machineBusy: total > 0 ? busy / total : 0,
    };
  }
}
