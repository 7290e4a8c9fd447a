import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Redis } from 'ioredis';
import { REDIS_SERVER, deprioritize } from '../cluster/redis-cluster.js';

/**
 * One standalone Redis server of the chaos run's own, on a loopback port, persisting to an
 * append-only file in `dir` (fsync every second, as a production node would). `shutdown()` is a clean
 * stop (SHUTDOWN: the AOF is flushed and fsynced), `start()` brings it back on the same port from
 * the same files; `kill()` is a kill -9, which loses what the last second did not fsync.
 */
export class ChaosRedis {
  private proc: ChildProcess | null = null;

  constructor(
    readonly port: number,
    readonly dir: string,
    private readonly priority?: number,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.proc !== null && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async start(timeoutMs = 10_000): Promise<void> {
    if (this.running) throw new Error('redis is running');
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--protected-mode',
      'no',
      '--logfile',
      path.join(this.dir, 'redis.log'),
    ];
    const proc = spawn(REDIS_SERVER, args, { stdio: 'ignore' });
    proc.on('error', () => {});
    deprioritize(proc, this.priority);
    this.proc = proc;
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      // A server loading its AOF answers LOADING until it is done: wait for a real PONG.
      if (await this.ping()) return;
      if (!this.running) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis on port ${this.port} did not start (see ${path.join(this.dir, 'redis.log')})`);
  }

  /** A clean stop: SHUTDOWN flushes the AOF; resolves once the process has exited. */
  async shutdown(): Promise<void> {
    const proc = this.proc;
    if (!proc || !this.running) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    const r = this.client();
    try {
      await r.connect();
      await r.call('SHUTDOWN').catch(() => {}); // the connection closes as it exits
    } catch {
      proc.kill('SIGTERM');
    } finally {
      r.disconnect();
    }
    await Promise.race([exited, new Promise((res) => setTimeout(res, 10_000).unref())]);
    if (this.running) proc.kill('SIGKILL');
    this.proc = null;
  }

  kill(): void {
    this.proc?.kill('SIGKILL');
    this.proc = null;
  }

  async ping(): Promise<boolean> {
    const r = this.client();
    try {
      await r.connect();
      return (await r.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      r.disconnect();
    }
  }

  /** A short-lived client that fails at once instead of retrying. */
  client(): Redis {
    const r = new Redis({
      port: this.port,
      host: '127.0.0.1',
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 1000,
    });
    r.on('error', () => {});
    return r;
  }
}
