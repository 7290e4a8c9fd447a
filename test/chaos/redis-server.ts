import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Redis } from 'ioredis';
import { REDIS_SERVER, deprioritize } from '../cluster/redis-cluster.js';

/**
 * One standalone Redis server of the chaos run's own, on a loopback port, persisting as the README
 * recommends for production: an append-only file in `dir`, fsynced every second. `shutdown()` is a
 * clean stop (SHUTDOWN: the AOF is flushed and fsynced), `killNine()` a crash of the process
 * (SIGKILL), `start()` brings it back on the same port from the same files. `kill()` is for cleaning up.
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

  /** Ends the process at once, without waiting (clean-up). */
  kill(): void {
    this.proc?.kill('SIGKILL');
    this.proc = null;
  }

  /**
   * A crash of the Redis process (kill -9: no shutdown, nothing flushed); resolves once it is gone.
   * What Redis had written to the AOF is in the OS page cache and survives (only a machine crash
   * loses what the last fsync did not cover). One case is Redis's own: while a background fsync is
   * still running, Redis postpones writing the AOF (up to 2 s) yet answers the writes it holds, so a
   * crash at that moment loses acknowledged writes (the README states this window). The kill is
   * sent when no fsync is pending: this run checks that the gateway loses nothing Redis kept.
   */
  async killNine(): Promise<void> {
    const proc = this.proc;
    if (!proc || !this.running) throw new Error('redis is not running');
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    const r = this.client();
    try {
      await r.connect();
      const until = Date.now() + 5000;
      while (/aof_pending_bio_fsync:[1-9]/.test(await r.info('persistence')) && Date.now() < until)
        await new Promise((res) => setTimeout(res, 1));
    } finally {
      proc.kill('SIGKILL');
      r.disconnect();
    }
    await exited;
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
