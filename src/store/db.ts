import net from 'node:net';
import postgres from 'postgres';

/** The postgres.js client type used across the store. */
export type Sql = ReturnType<typeof connectDb>;

/** The client a transaction's callback gets from `sql.begin`. */
export type Tx = Parameters<Parameters<Sql['begin']>[1]>[0];

export interface DbOptions {
  /** Pool size. */
  max?: number;
  /** Called with every query's text and parameters as it is sent (diagnosis, and tests that EXPLAIN what the store runs). */
  onQuery?: (query: string, parameters: readonly unknown[]) => void;
}

/** Longest wait between two connection attempts while Postgres is away (postgres.js's default grows to 20 s). */
const MAX_RECONNECT_DELAY_SEC = 2;

/**
 * Opens a postgres.js pool. Sockets get TCP_NODELAY: small batched writes (and COPY) otherwise stall
 * ~40 ms on Nagle + delayed ACK. Numbers in bigint columns come back as JS numbers (all are < 2^53).
 * Reconnect attempts back off to at most 2 s apart, so the pool is usable again within about 2 s of
 * Postgres coming back.
 */
export function connectDb(url: string, opts: DbOptions = {}) {
  return postgres(url, {
    max: opts.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 10,
    backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(3 ** retries / 100, MAX_RECONNECT_DELAY_SEC),
    onnotice: () => {},
    types: {
      bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
    },
    connection: { application_name: 'im-gateway' },
    transform: { undefined: null },
    socket: connectNoDelay,
    ...(opts.onQuery
      ? { debug: (_conn: number, query: string, params: unknown[]) => opts.onQuery!(query, params) }
      : {}),
  } as postgres.Options<{ bigint: postgres.PostgresType<number> }>);
}

interface SocketOptions {
  host: string[];
  port: number[];
  path?: string | false;
}

/**
 * A TCP_NODELAY socket, handed over while it is still connecting. postgres.js retires a connection
 * that failed through the socket's own 'error' and 'close' events; a socket promise that rejects
 * instead (refused, unreachable) leaves that pool slot "connecting" for good, and once every slot
 * has failed like that (a Postgres restart is enough) no query is ever run again.
 */
function connectNoDelay(o: SocketOptions): net.Socket {
  const s = o.path ? net.connect(o.path) : net.connect(o.port[0] ?? 5432, o.host[0] ?? '127.0.0.1');
  s.setNoDelay(true);
  return s;
}
