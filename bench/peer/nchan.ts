import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { onCleanup, trackChild } from '../lib/cleanup.js';
import { Proc, procCpuMs } from '../lib/procs.js';
import { waitFor } from '../lib/stats.js';

/**
 * The HTTP peer: Nchan (an nginx module) with its Redis store, on a private nginx (its own prefix
 * in a temporary directory, its own port, 2 workers). `POST /pub?id=<channel>` publishes;
 * `GET /sub/<channel>` subscribes by long-poll (following Last-Modified / Etag; every waiting
 * message in one answer, one per line) or EventSource.
 */

export const NGINX_BIN = process.env.BENCH_NGINX ?? '/usr/sbin/nginx';
export const NCHAN_MODULE = process.env.BENCH_NCHAN_MODULE ?? '/usr/lib/nginx/modules/ngx_nchan_module.so';

/** Why Nchan cannot run here, or null when it can. */
export function nchanMissing(): string | null {
  if (!existsSync(NGINX_BIN)) return `nginx not found at ${NGINX_BIN} (install nginx-light)`;
  if (!existsSync(NCHAN_MODULE)) return `the Nchan module is not at ${NCHAN_MODULE} (install libnginx-mod-nchan)`;
  return null;
}

/** The master and every worker: nginx's CPU is its workers'. */
class NginxProc extends Proc {
  private workers(): number[] {
    const out: number[] = [];
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const s = readFileSync(`/proc/${d}/stat`, 'utf8');
        if (Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]) === this.pid) out.push(Number(d));
      } catch {
        /* gone */
      }
    }
    return out;
  }

  override cpuMs(): number {
    return this.workers().reduce((a, pid) => a + (procCpuMs(pid) ?? 0), procCpuMs(this.pid) ?? 0);
  }

  /** Fast shutdown (SIGTERM); nginx may wait on subscribers, so SIGKILL master and workers after 2 s. */
  override async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const workers = this.workers();
    this.child.kill('SIGTERM');
    const t = setTimeout(() => {
      this.child.kill('SIGKILL');
      for (const pid of workers) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }, 2000);
    await this.exited;
    clearTimeout(t);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function redisHostPort(redisUrl: string): string {
  const u = new URL(redisUrl);
  return `redis://${u.hostname}:${u.port || 6379}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
}

/** Starts the private nginx; its keys live under `prefix` in Redis (deleted with the benchmark's prefix). */
export async function startNchan(o: { redisUrl: string; prefix: string; workers?: number }): Promise<Proc> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'im-bench-nchan-'));
  mkdirSync(path.join(dir, 'logs'));
  const port = await freePort();
  const conf = `
load_module ${NCHAN_MODULE};
worker_processes ${o.workers ?? 2};
daemon off;
master_process on;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
worker_rlimit_nofile 20000;
events { worker_connections 16000; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  upstream bench_redis {
    nchan_redis_server "${redisHostPort(o.redisUrl)}";
  }
  nchan_redis_namespace "${o.prefix}nchan";
  server {
    listen 127.0.0.1:${port};
    location = /pub {
      nchan_publisher;
      nchan_channel_id $arg_id;
      nchan_redis_pass bench_redis;
      # Default 10: a long-poller more than 10 messages behind would lose the older ones.
      nchan_message_buffer_length 1000;
      nchan_message_timeout 120s;
    }
    location ~ ^/sub/([A-Za-z0-9_-]+)$ {
      nchan_subscriber longpoll eventsource;
      nchan_channel_id $1;
      nchan_redis_pass bench_redis;
      nchan_subscriber_first_message newest;
      nchan_longpoll_multipart_response raw;
    }
  }
}
`;
  const confFile = path.join(dir, 'nginx.conf');
  writeFileSync(confFile, conf);
  const child = spawn(NGINX_BIN, ['-p', dir, '-c', confFile, '-e', `${dir}/logs/error.log`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  trackChild(child);
  const proc = new NginxProc('nchan-nginx', child, path.join(dir, 'logs', 'error.log'));
  proc.url = `http://127.0.0.1:${port}`;
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  onCleanup('remove the nginx prefix', () => rmSync(dir, { recursive: true, force: true }));
  onCleanup('stop nginx', () => proc.stop());
  const up = await waitFor(
    () =>
      child.exitCode === null &&
      new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      }),
    10_000,
    50,
  );
  // Nchan answers 503 until its connection to Redis is up.
  const redisUp =
    up &&
    (await waitFor(
      async () => (await fetch(`${proc.url}/pub?id=probe`).catch(() => null))?.status !== 503,
      15_000,
      100,
    ));
  if (!up || !redisUp) {
    child.kill('SIGKILL');
    throw new Error(`nginx with Nchan did not start: ${stderr}${proc.tail()}`);
  }
  return proc;
}

/** Subscribers Nchan counts on `channel` (publisher location, GET). */
export async function nchanSubscribers(nginxUrl: string, channel: string): Promise<number> {
  const r = await fetch(`${nginxUrl}/pub?id=${channel}`, { headers: { accept: 'text/json' } });
  if (r.status === 404) return 0;
  const j = (await r.json()) as { subscribers?: number };
  return j.subscribers ?? 0;
}
