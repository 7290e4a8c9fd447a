import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** A running embedded Postgres: a URL for the normal client, and how to stop it. */
export interface EmbeddedPostgres {
  url: string;
  close(): Promise<void>;
}

/**
 * Connection slots of the socket server. PGlite is ONE Postgres session: PGLiteSocketServer accepts up
 * to this many sockets but multiplexes them onto that session, one protocol message at a time (an open
 * transaction holds the others back). So more connections never run queries in parallel, and they share
 * session state: an advisory lock taken on one is held by all (migrate's lock excludes nothing here),
 * as are SET, temporary tables and the unnamed portal (a query whose messages arrive split across
 * socket reads could interleave with another connection's). A socket beyond the limit is answered with
 * plain text and dropped, which postgres.js reports as ECONNRESET.
 *
 * Hence: the SAFE POOL SIZE IS 1 — `connectDb(url, { max: 1 })`, one pool per process. postgres.js then
 * queues queries on that connection, which costs nothing since PGlite serialises them anyway (the store
 * never queries the pool from inside its own transaction, which with one connection would deadlock).
 * The spare slots absorb a reconnect overlapping the old socket's close, and let `psql` look in.
 */
const SERVER_SLOTS = 4;

/**
 * Starts PGlite (Postgres compiled to WASM) in this process and serves it over TCP on 127.0.0.1 and a
 * free port, so the store's postgres.js code runs on it unchanged. With `dataDir` the database lives in
 * `<dataDir>/pglite` (every statement is written through, so it survives a crash); with null, in memory.
 * One process at a time may use a data directory: a second one is refused rather than corrupting it.
 */
export async function startEmbeddedPostgres(dataDir: string | null): Promise<EmbeddedPostgres> {
  const dir = dataDir === null ? null : path.resolve(dataDir, 'pglite');
  const unlock = dir === null ? async () => {} : await lockDataDir(dir);
  let db: PGlite;
  try {
    db = await PGlite.create(dir ?? 'memory://');
  } catch (err) {
    await unlock();
    throw new Error(`embedded Postgres could not open ${dir ?? 'an in-memory database'}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: SERVER_SLOTS });
  try {
    await server.start();
  } catch (err) {
    await db.close().catch(() => {});
    await unlock();
    throw new Error(`embedded Postgres could not listen on 127.0.0.1: ${(err as Error).message}`, { cause: err });
  }
  let closing: Promise<void> | undefined;
  return {
    // PGlite has one user and one database and asks for no password; these names only satisfy the URL.
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    close() {
      closing ??= (async () => {
        await server.stop();
        await db.close();
        await unlock();
      })();
      return closing;
    },
  };
}

/** Creates the directory, proves it writable, and claims it for this process with a pid file beside it. */
async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const lock = `${dir}.lock`;
  try {
    await mkdir(dir, { recursive: true });
    const probe = path.join(dir, `.write-test-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new Error(
      `embedded Postgres: the data directory ${dir} is not writable (${e.code ?? e.message}); set DATA_DIR to a writable directory`,
      { cause: err },
    );
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const fh = await open(lock, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
        throw new Error(`embedded Postgres: cannot lock the data directory ${dir} (${(err as Error).message})`, {
          cause: err,
        });
      }
      const holder = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
      if (holder && isAlive(holder)) {
        throw new Error(`embedded Postgres: the data directory ${dir} is in use by process ${holder}`);
      }
      await rm(lock, { force: true }); // left by a process that died
    }
  }
  return () => rm(lock, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
