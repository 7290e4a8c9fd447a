import net from 'node:net';

/**
 * A TCP proxy in front of the shared Postgres server, so a chaos run can take "Postgres" away from
 * its gates and writers without stopping a server other test runs use. `cut()` destroys every
 * proxied connection and from then on resets each new one as it arrives (a TCP RST, which clients
 * see as they see a stopped server); `restore()` forwards again. The listener stays open throughout,
 * so no other process can take the port in the meantime. Postgres itself only sees dropped sessions.
 */
export class PgProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private refusing = false;
  /** Connections forwarded, and connections reset while cut (for the report). */
  accepted = 0;
  refused = 0;

  constructor(
    private readonly target: { host: string; port: number },
    readonly port: number,
  ) {}

  /** `databaseUrl` with its host and port replaced by the proxy's. */
  url(databaseUrl: string): string {
    const u = new URL(databaseUrl);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  get open(): boolean {
    return this.server !== null && !this.refusing;
  }

  /** Forwards connections (listening first, on the first call). */
  async restore(): Promise<void> {
    this.refusing = false;
    if (this.server) return;
    const server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  /** Drops every connection at once and resets new ones until restore(). */
  async cut(): Promise<void> {
    this.refusing = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    await this.cut();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  private accept(client: net.Socket): void {
    client.on('error', () => {});
    if (this.refusing) {
      this.refused++;
      client.resetAndDestroy();
      return;
    }
    this.accepted++;
    const upstream = net.connect(this.target.port, this.target.host);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        this.sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
