import net from 'node:net';
import postgres from 'postgres';

/** The postgres.js client type used across the store. */
export type Sql = ReturnType<typeof connectDb>;

export interface DbOptions {
  /** Pool size. */
  max?: number;
}

/**
 * Opens a postgres.js pool. Sockets get TCP_NODELAY: small batched writes (and COPY) otherwise stall
 * ~40 ms on Nagle + delayed ACK. Numbers in bigint columns come back as JS numbers (all are < 2^53).
 */
export function connectDb(url: string, opts: DbOptions = {}) {
  return postgres(url, {
    max: opts.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    types: {
      bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
    },
    connection: { application_name: 'im-gateway' },
    transform: { undefined: null },
    socket: connectNoDelay,
  } as postgres.Options<{ bigint: postgres.PostgresType<number> }>);
}

interface SocketOptions {
  host: string[];
  port: number[];
  path?: string | false;
}

function connectNoDelay(o: SocketOptions): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = o.path ? net.connect(o.path) : net.connect(o.port[0] ?? 5432, o.host[0] ?? '127.0.0.1');
    s.setNoDelay(true);
    s.once('connect', () => {
      s.off('error', reject);
      resolve(s);
    });
    s.once('error', reject);
  });
}
