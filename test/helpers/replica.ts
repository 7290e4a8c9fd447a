import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { freePort } from '../cluster/redis-cluster.js';
import { connectDb, type Sql } from '../../src/store/db.js';
import { postgresAvailable, TEST_PG_URL } from './stores.js';

/**
 * A streaming replica of the test Postgres server, started for a test run: `pg_basebackup` of the
 * local server (127.0.0.1:5432) into a temp folder, then a second `postgres` on a free port that
 * streams from it through a replication slot. Like the Redis Cluster helper, it is torn down by
 * stop(), and killed when the test process exits.
 *
 * The server must accept replication connections from 127.0.0.1 (a pg_hba.conf line) with
 * wal_level replica and free WAL senders: `.ci/postgres-replication` sets that up, and `.ci/run`
 * runs it. Postgres refuses to run as root, so under root the replica runs as the `postgres` user.
 */

const SLOT_PREFIX = 'im_test_replica_';
/** Slots of runs that died are dropped once this old (a live run's slot is active within seconds). */
const STALE_SLOT_MS = 10 * 60_000;

export interface Replica {
  port: number;
  /** The URL of database `name` on the replica. */
  url(name: string): string;
  /** Stops applying WAL (it is still received); reads see the state at the pause. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Resolves once the replica has replayed everything the primary had written when called. */
  caughtUp(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

interface Plan {
  bin: string;
  /** uid/gid to run as (root only). */
  as?: { uid: number; gid: number };
  settings: Record<string, string>;
}

/** Why a replica cannot be started here (false: it can). Under CI=true a missing piece is a failure instead. */
export async function replicaSkip(): Promise<false | string> {
  if (!(await postgresAvailable())) return 'Postgres does not answer';
  try {
    await plan();
    return false;
  } catch (err) {
    const reason = `a streaming replica cannot run here: ${(err as Error).message}`;
    if (process.env.CI === 'true') throw new Error(reason);
    console.warn(`# ${reason} (run .ci/postgres-replication); the replica suites are skipped`);
    return reason;
  }
}

/** Checks everything a replica needs of this machine and of the server; throws naming what is missing. */
async function plan(): Promise<Plan> {
  const admin = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
  try {
    const [s] = await admin<Record<string, string>[]>`
      select current_setting('server_version_num') as version, current_setting('wal_level') as wal_level,
        current_setting('max_wal_senders') as max_wal_senders,
        (select count(*) from pg_stat_replication)::text as senders,
        current_setting('max_connections') as max_connections,
        current_setting('max_worker_processes') as max_worker_processes,
        current_setting('max_prepared_transactions') as max_prepared_transactions,
        current_setting('max_locks_per_transaction') as max_locks_per_transaction`;
    const bin = `/usr/lib/postgresql/${Math.floor(Number(s!.version) / 10_000)}/bin`;
    for (const tool of ['pg_basebackup', 'postgres', 'psql']) {
      if (!existsSync(path.join(bin, tool))) throw new Error(`${path.join(bin, tool)} not found`);
    }
    if (s!.wal_level === 'minimal') throw new Error('the server has wal_level = minimal');
    if (Number(s!.max_wal_senders) - Number(s!.senders) < 2) throw new Error('the server has no free WAL sender');
    const as = process.getuid?.() === 0 ? userIds('postgres') : undefined;
    const probe = spawnSync(
      path.join(bin, 'psql'),
      [`host=127.0.0.1 port=5432 user=postgres dbname=postgres replication=true`, '-Atqc', 'IDENTIFY_SYSTEM'],
      { encoding: 'utf8', timeout: 10_000 },
    );
    if (probe.status !== 0) throw new Error(`replication connections are refused: ${probe.stderr.trim()}`);
    // A standby needs at least the primary's values of these.
    const { version: _v, wal_level: _w, senders: _s, ...settings } = s!;
    return { bin, as, settings };
  } finally {
    await admin.end({ timeout: 1 });
  }
}

function userIds(name: string): { uid: number; gid: number } {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0)
    throw new Error(`running as root and there is no "${name}" user to run a server as`);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

const running = new Set<() => void>();
process.once('exit', () => {
  for (const kill of running) kill();
});

export async function startReplica(): Promise<Replica> {
  const p = await plan();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'im-replica-'));
  const data = path.join(dir, 'data');
  const own = (f: string) => p.as && chownSync(f, p.as.uid, p.as.gid);
  own(dir);
  const primary = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
  const slot = `${SLOT_PREFIX}${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  let child: ChildProcess | null = null;
  let replicaSql: Sql | null = null;
  const dropSlot = async () => {
    for (let i = 0; i < 50; i++) {
      const [r] = await primary<
        { active: boolean }[]
      >`select active from pg_replication_slots where slot_name = ${slot}`;
      if (!r) return;
      if (!r.active) {
        await primary`select pg_drop_replication_slot(${slot})`.catch(() => {});
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const cleanup = async () => {
    running.delete(killNow);
    await replicaSql?.end({ timeout: 1 }).catch(() => {});
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGQUIT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    await dropSlot().catch(() => {});
    await primary.end({ timeout: 1 });
    rmSync(dir, { recursive: true, force: true });
  };
  const killNow = () => {
    child?.kill('SIGKILL');
    spawnSync(path.join(p.bin, 'psql'), [
      'host=127.0.0.1 port=5432 user=postgres dbname=postgres',
      '-qc',
      `select pg_drop_replication_slot('${slot}')`,
    ]);
    rmSync(dir, { recursive: true, force: true });
  };
  running.add(killNow);
  try {
    await dropStaleSlots(primary);
    const backup = await run(
      path.join(p.bin, 'pg_basebackup'),
      ['-h', '127.0.0.1', '-p', '5432', '-U', 'postgres', '-w', '-D', data, '-X', 'stream', '-R', '-C', '-S', slot],
      ['--checkpoint=fast', '--no-sync'],
      p.as,
    );
    if (backup.code !== 0) throw new Error(`pg_basebackup failed: ${backup.out.trim()}`);
    const port = await freePort();
    // Debian keeps the primary's configuration outside its data directory, so the copy has none.
    const conf: Record<string, string> = {
      ...p.settings,
      port: String(port),
      listen_addresses: `'127.0.0.1'`,
      unix_socket_directories: `'${dir}'`,
      hot_standby: 'on',
      shared_buffers: `'32MB'`,
      fsync: 'off',
      logging_collector: 'off',
    };
    writeFileSync(
      path.join(data, 'postgresql.conf'),
      Object.entries(conf)
        .map(([k, v]) => `${k} = ${v}\n`)
        .join(''),
    );
    writeFileSync(path.join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
    writeFileSync(path.join(data, 'pg_ident.conf'), '');
    for (const f of ['postgresql.conf', 'pg_hba.conf', 'pg_ident.conf']) own(path.join(data, f));
    const log = openSync(path.join(dir, 'postgres.log'), 'a');
    own(path.join(dir, 'postgres.log'));
    child = spawn(path.join(p.bin, 'postgres'), ['-D', data], { stdio: ['ignore', log, log], ...p.as });
    const url = (name: string) => `postgres://postgres@127.0.0.1:${port}/${name}`;
    replicaSql = connectDb(url('postgres'), { max: 1 });
    const sql = replicaSql;
    await waitFor(
      async () => (await sql`select pg_is_in_recovery() as r`)[0]?.r === true,
      60_000,
      'the replica to accept reads',
      dir,
    );
    await waitFor(
      async () => (await sql`select status from pg_stat_wal_receiver`)[0]?.status === 'streaming',
      60_000,
      'the replica to stream',
      dir,
    );
    return {
      port,
      url,
      async pauseReplay() {
        await sql`select pg_wal_replay_pause()`;
        await waitFor(
          async () => (await sql`select pg_get_wal_replay_pause_state() as s`)[0]?.s === 'paused',
          10_000,
          'replay to pause',
          dir,
        );
      },
      async resumeReplay() {
        await sql`select pg_wal_replay_resume()`;
      },
      async caughtUp(timeoutMs = 30_000) {
        const [head] = await primary<{ lsn: string }[]>`select pg_current_wal_insert_lsn()::text as lsn`;
        await waitFor(
          async () => (await sql`select pg_last_wal_replay_lsn() >= ${head!.lsn}::pg_lsn as ok`)[0]?.ok === true,
          timeoutMs,
          'the replica to catch up',
          dir,
        );
      },
      stop: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** Runs a command (as `as` when given) and collects its output. */
function run(
  cmd: string,
  args: string[],
  more: string[],
  as?: { uid: number; gid: number },
): Promise<{ code: number | null; out: string }> {
  const child = spawn(cmd, [...args, ...more], { stdio: ['ignore', 'pipe', 'pipe'], ...as });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

async function waitFor(check: () => Promise<boolean>, ms: number, what: string, dir: string): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > until) {
      const log = spawnSync('tail', ['-n', '20', path.join(dir, 'postgres.log')], { encoding: 'utf8' }).stdout;
      throw new Error(`timed out waiting for ${what}; replica log:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Drops the slots that replicas of test runs which died left behind (they would keep WAL for ever). */
async function dropStaleSlots(primary: postgres.Sql): Promise<void> {
  const slots = await primary<{ name: string }[]>`
    select slot_name as name from pg_replication_slots where slot_name like ${`${SLOT_PREFIX}%`} and not active`;
  for (const { name } of slots) {
    const born = parseInt(name.slice(SLOT_PREFIX.length).split('_')[0] ?? '', 36);
    if (Number.isFinite(born) && Date.now() - born > STALE_SLOT_MS) {
      await primary`select pg_drop_replication_slot(${name})`.catch(() => {});
    }
  }
}
