import net from 'node:net';

/**
 * A lean HTTP/1.1 client for the benchmarks' web clients: one keep-alive connection, one request at a
 * time, answers read with a small parser (status line, headers, a `Content-Length` or chunked body).
 *
 * Node's http client costs the generator about 250–300 µs per request and answer on this machine
 * (agent, parser, IncomingMessage stream, events); with hundreds of long-polling clients in one
 * generator process that is more CPU per message than the gates spend, taken from the same two cores,
 * and it delays every delivery behind it in the generator's queue. Every system under test (ours,
 * Nchan) is driven through this same client.
 */

export interface Http1Answer {
  status: number;
  /** Header names in lower case; a repeated header keeps its last value. */
  headers: Record<string, string>;
  body: string;
}

interface Pending {
  resolve(a: Http1Answer): void;
  reject(e: Error): void;
  /** The connection had answered a request before this one (a reset then means: closed while idle). */
  reused: boolean;
}

const CRLF2 = Buffer.from('\r\n\r\n');

export class Http1Connection {
  private socket: net.Socket | null = null;
  private pending: Pending | null = null;
  private buf: Buffer = Buffer.alloc(0);
  private answered = 0;
  private closed = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** From a base URL such as `http://127.0.0.1:8080`. */
  static of(url: string): Http1Connection {
    const u = new URL(url);
    return new Http1Connection(u.hostname, Number(u.port || 80));
  }

  get busy(): boolean {
    return this.pending !== null;
  }

  /**
   * Sends one request; `headers` are `name: value` lines without the final blank line. Rejects with
   * an error whose `reusedSocket` is true when a kept-alive connection that had answered before closed
   * without answering this one (a reset or a broken pipe: the server had closed it while idle), so the
   * caller may send again.
   */
  request(method: string, path: string, headers: readonly string[], body?: string): Promise<Http1Answer> {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    if (this.pending) return Promise.reject(new Error('a request is already in flight'));
    const socket = this.socket ?? this.connect();
    const lines = [`${method} ${path} HTTP/1.1`, `host: ${this.host}:${this.port}`, ...headers];
    if (body !== undefined) lines.push(`content-length: ${Buffer.byteLength(body)}`);
    const head = `${lines.join('\r\n')}\r\n\r\n`;
    return new Promise<Http1Answer>((resolve, reject) => {
      this.pending = { resolve, reject, reused: this.answered > 0 };
      socket.write(body === undefined ? head : head + body);
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.destroy();
    this.fail(new Error('connection closed'));
  }

  private connect(): net.Socket {
    const socket = net.connect(this.port, this.host);
    socket.setNoDelay(true);
    this.socket = socket;
    this.buf = Buffer.alloc(0);
    this.answered = 0;
    socket.on('data', (chunk: Buffer) => {
      this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
      this.parse();
    });
    const gone = (err?: Error) => {
      if (this.socket !== socket) return;
      this.socket = null;
      const e = Object.assign(err ?? new Error('connection closed by the server'), {
        code: (err as { code?: string } | undefined)?.code ?? 'ECONNRESET',
        reusedSocket: this.pending?.reused ?? false,
      });
      this.fail(e);
    };
    socket.on('error', gone);
    socket.on('close', () => gone());
    return socket;
  }

  private fail(e: Error): void {
    const p = this.pending;
    this.pending = null;
    p?.reject(e);
  }

  /** Takes one whole answer off the buffer when it is all there. */
  private parse(): void {
    const p = this.pending;
    if (!p) return;
    const end = this.buf.indexOf(CRLF2);
    if (end < 0) return;
    const head = this.buf.toString('latin1', 0, end).split('\r\n');
    const status = Number(head[0]!.split(' ')[1]);
    const headers: Record<string, string> = {};
    for (let i = 1; i < head.length; i++) {
      const line = head[i]!;
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const start = end + 4;
    let body: string;
    let rest: number;
    if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
      const parts: Buffer[] = [];
      let at = start;
      for (;;) {
        const eol = this.buf.indexOf('\r\n', at);
        if (eol < 0) return;
        const size = parseInt(this.buf.toString('latin1', at, eol), 16);
        if (this.buf.length < eol + 2 + size + 2) return;
        if (size === 0) {
          rest = eol + 4;
          break;
        }
        parts.push(this.buf.subarray(eol + 2, eol + 2 + size));
        at = eol + 2 + size + 2;
      }
      body = Buffer.concat(parts).toString('utf8');
    } else {
      const length = Number(headers['content-length'] ?? 0);
      if (this.buf.length < start + length) return;
      body = this.buf.toString('utf8', start, start + length);
      rest = start + length;
    }
    this.buf = this.buf.subarray(rest);
    this.pending = null;
    this.answered++;
    if (headers.connection?.toLowerCase() === 'close') {
      const s = this.socket;
      this.socket = null;
      s?.destroy();
    }
    p.resolve({ status, headers, body });
  }
}
