import { randomBytes } from 'node:crypto';
import http from 'node:http';
import WebSocket from 'ws';
import { Http1Connection, type Http1Answer } from './http1.js';
import { onCleanup } from './cleanup.js';
import type { SeedUser } from './seed.js';
import { pool } from './stats.js';
import type { Endpoint } from './workload.js';

/**
 * Protocol-level clients for workloads with hundreds of connections in one generator process: the
 * client library (reconnects, cursors, deduplication, an event emitter per client) costs more CPU
 * per message than the gate it measures once 400 of them share the generator's core. These speak
 * the wire protocol of docs/API.md directly (and Nchan's), and do only what a delivery needs.
 */

/** A client of the workload: an endpoint plus a way to close it. */
export interface RawClient extends Endpoint {
  close(): void;
}

const noMessages = (): void => {};
const noSends = (): Promise<void> => Promise.reject(new Error('this endpoint only receives'));

function wsUrl(base: string, path: string): string {
  return base.replace(/^http/, 'ws') + path;
}

/** A WebSocket (`im.v1.json`) logged in as `u`; sends direct messages to `to` (when given), or to a group. */
export async function oursWs(baseUrl: string, u: SeedUser, to?: SeedUser | { groupId: string }): Promise<RawClient> {
  const ws = new WebSocket(wsUrl(baseUrl, '/v1/ws'), 'im.v1.json', {
    headers: { authorization: `Bearer ${u.token}` },
    perMessageDeflate: false,
  });
  const pending = new Map<string, { resolve(): void; reject(e: Error): void }>();
  let onMessage: (content: string) => void = noMessages;
  // Unique per connection: the same user and device sending "c0" again would be a deduplicated retry.
  const idPrefix = randomBytes(4).toString('hex');
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ op: 'login', token: u.token })));
    ws.on('message', (raw) => {
      const f = JSON.parse(raw.toString()) as {
        op: string;
        clientMsgId?: string;
        code?: string;
        message?: string;
        event?: { type: string; data: { content?: string } };
      };
      if (f.op === 'event') {
        if (f.event?.type === 'message' && typeof f.event.data.content === 'string') onMessage(f.event.data.content);
      } else if (f.op === 'ack') {
        const p = pending.get(f.clientMsgId!);
        pending.delete(f.clientMsgId!);
        p?.resolve();
      } else if (f.op === 'error') {
        const p = f.clientMsgId ? pending.get(f.clientMsgId) : undefined;
        if (p) {
          pending.delete(f.clientMsgId!);
          p.reject(new Error(`${f.code}: ${f.message}`));
        } else if (f.code !== 'cursor_expired') reject(new Error(`${f.code}: ${f.message}`));
      } else if (f.op === 'login_ok') resolve();
    });
  });
  ws.on('error', () => {});
  // The gate closes a connection that sent no frame for 60 s (4408): heartbeat as clients do.
  const heartbeat = setInterval(() => ws.send('{"op":"ping"}'), 25_000);
  heartbeat.unref();
  ws.on('close', () => {
    clearInterval(heartbeat);
    for (const p of pending.values()) p.reject(new Error('websocket closed'));
    pending.clear();
  });
  return {
    send: to
      ? (content) =>
          new Promise<void>((resolve, reject) => {
            const clientMsgId = `${idPrefix}.${next++}`;
            pending.set(clientMsgId, { resolve, reject });
            ws.send(
              JSON.stringify({
                op: 'send',
                ...('groupId' in to ? { kind: 'group', to: to.groupId } : { kind: 'direct', to: to.id }),
                clientMsgId,
                contentType: 'text',
                content,
              }),
            );
          })
      : noSends,
    onMessage: (cb) => void (onMessage = cb),
    close: () => ws.terminate(),
  };
}

/**
 * An HTTP sender: every message is one `POST` on a keep-alive connection of its own, with at most
 * `sockets` connections (a sender with `window` messages in flight uses that many).
 */
export function httpPoster(
  url: string,
  body: (content: string) => string,
  headers: Record<string, string>,
  sockets: number,
): RawClient {
  const u = new URL(url);
  const path = u.pathname + u.search;
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  const idle: Http1Connection[] = [];
  const all: Http1Connection[] = [];
  const waiting: Array<(c: Http1Connection) => void> = [];
  const take = (): Promise<Http1Connection> => {
    const c = idle.pop();
    if (c) return Promise.resolve(c);
    if (all.length < sockets) {
      const made = Http1Connection.of(url);
      all.push(made);
      return Promise.resolve(made);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const give = (c: Http1Connection) => {
    const next = waiting.shift();
    if (next) next(c);
    else idle.push(c);
  };
  const post = async (data: string): Promise<void> => {
    const c = await take();
    try {
      let r;
      try {
        r = await c.request('POST', path, lines, data);
      } catch (err) {
        // A kept-alive connection the server closed just as it was reused: send again on a new one
        // (the gateway's clientMsgId makes the retry harmless).
        if (!(err as { reusedSocket?: boolean }).reusedSocket) throw err;
        r = await c.request('POST', path, lines, data);
      }
      if (r.status < 200 || r.status >= 300) throw new Error(`${r.status} ${r.body.slice(0, 200)}`);
    } finally {
      give(c);
    }
  };
  return {
    send: (content) => post(body(content)),
    onMessage: noMessages,
    close: () => all.forEach((c) => c.close()),
  };
}

/** `POST /v1/messages` as `u` to `to`, `window` connections. */
export function oursPoster(baseUrl: string, u: SeedUser, to: SeedUser, window: number): RawClient {
  const idPrefix = randomBytes(4).toString('hex');
  let next = 0;
  return httpPoster(
    `${baseUrl}/v1/messages`,
    (content) =>
      JSON.stringify({ kind: 'direct', to: to.id, clientMsgId: `${idPrefix}.${next++}`, contentType: 'text', content }),
    { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' },
    window,
  );
}

/**
 * Reads a `text/event-stream` answer: calls `onEvent(type, data)` for each event. Resolves once the
 * answer's headers arrived (rejects on a non-200 status).
 */
function eventStream(
  url: string,
  headers: Record<string, string>,
  onEvent: (type: string, data: string) => void,
): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers }, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`event stream answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      let buf = '';
      res.on('data', (chunk: string) => {
        buf += chunk;
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          let type = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) type = line.slice(6).trim();
            else if (line.startsWith('data:')) data += (data ? '\n' : '') + line.slice(line[5] === ' ' ? 6 : 5);
          }
          if (data) onEvent(type, data);
        }
      });
      res.on('error', () => {});
      resolve(req);
    });
    req.on('error', reject);
  });
}

/** Our SSE stream (`GET /v1/events`) as `u`; live once its `ready` event arrived. */
export async function oursSse(baseUrl: string, u: SeedUser): Promise<RawClient> {
  let onMessage: (content: string) => void = noMessages;
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const req = await eventStream(`${baseUrl}/v1/events`, { authorization: `Bearer ${u.token}` }, (type, data) => {
    if (type === 'message') {
      const e = JSON.parse(data) as { data: { content?: string } };
      if (typeof e.data.content === 'string') onMessage(e.data.content);
    } else if (type === 'ready') ready();
  });
  await isReady;
  return { send: noSends, onMessage: (cb) => void (onMessage = cb), close: () => req.destroy() };
}

/**
 * A long-poll loop: `poll(state)` issues one request and returns the contents it carried and the
 * state for the next one. Resolves once the first (cursor-establishing) poll has answered.
 */
async function pollLoop<S>(
  first: () => Promise<S>,
  poll: (state: S) => Promise<{ contents: string[]; next: S }>,
): Promise<RawClient> {
  let onMessage: (content: string) => void = noMessages;
  let closed = false;
  let state: S = await first();
  void (async () => {
    while (!closed) {
      try {
        const r = await poll(state);
        state = r.next;
        for (const c of r.contents) onMessage(c);
      } catch {
        if (!closed) await new Promise((res) => setTimeout(res, 100));
      }
    }
  })();
  return { send: noSends, onMessage: (cb) => void (onMessage = cb), close: () => void (closed = true) };
}

/** A GET on `conn`, sent again once on a new connection when a kept-alive one was closed meanwhile. */
async function get(conn: Http1Connection, path: string, headers: readonly string[]): Promise<Http1Answer> {
  try {
    return await conn.request('GET', path, headers);
  } catch (err) {
    if (!(err as { reusedSocket?: boolean }).reusedSocket) throw err;
    return conn.request('GET', path, headers);
  }
}

/** Our long-poll (`GET /v1/sync`) as `u`, one keep-alive connection. */
export function oursLongPoll(baseUrl: string, u: SeedUser): Promise<RawClient> {
  const conn = Http1Connection.of(baseUrl);
  const headers = [`authorization: Bearer ${u.token}`];
  const sync = async (cursor?: string) => {
    const r = await get(
      conn,
      `/v1/sync?timeout=25&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      headers,
    );
    if (r.status !== 200) throw new Error(`sync answered ${r.status}: ${r.body.slice(0, 200)}`);
    return JSON.parse(r.body) as { cursor: string; events: Array<{ type: string; data: { content?: string } }> };
  };
  return pollLoop(
    async () => (await sync()).cursor,
    async (cursor) => {
      const r = await sync(cursor);
      const contents: string[] = [];
      for (const e of r.events)
        if (e.type === 'message' && typeof e.data.content === 'string') contents.push(e.data.content);
      return { contents, next: r.cursor };
    },
  ).then((c) => ({ ...c, close: () => (c.close(), conn.close()) }));
}

/** An Nchan EventSource subscriber of channel `channel`. */
export async function nchanEventSource(nginxUrl: string, channel: string): Promise<RawClient> {
  let onMessage: (content: string) => void = noMessages;
  const req = await eventStream(`${nginxUrl}/sub/${channel}`, {}, (_type, data) => onMessage(data));
  return { send: noSends, onMessage: (cb) => void (onMessage = cb), close: () => req.destroy() };
}

/**
 * An Nchan long-poll subscriber of `channel`: follows `Last-Modified` / `Etag` (sent back as
 * `If-Modified-Since` / `If-None-Match`), as Nchan's own client does. The location answers every
 * message waiting in one response (`nchan_longpoll_multipart_response raw`: one per line).
 */
export function nchanLongPoll(nginxUrl: string, channel: string): Promise<RawClient> {
  const conn = Http1Connection.of(nginxUrl);
  type State = { lastModified?: string; etag?: string };
  let firstAnswered!: () => void;
  const answered = new Promise<void>((r) => (firstAnswered = r));
  return pollLoop<State>(
    async () => ({}),
    async (s) => {
      const headers: string[] = [];
      if (s.lastModified) headers.push(`if-modified-since: ${s.lastModified}`);
      if (s.etag) headers.push(`if-none-match: ${s.etag}`);
      const p = get(conn, `/sub/${channel}`, headers);
      firstAnswered();
      const r = await p;
      if (r.status === 304 || r.status === 408) return { contents: [], next: s };
      if (r.status !== 200) throw new Error(`nchan poll answered ${r.status}`);
      return {
        contents: r.body.split('\n').filter((x) => x.length > 0),
        next: {
          lastModified: r.headers['last-modified'] ?? s.lastModified ?? '',
          etag: r.headers.etag ?? s.etag ?? '',
        },
      };
    },
  ).then(async (c) => {
    await answered;
    return { ...c, close: () => (c.close(), conn.close()) };
  });
}

/** An Nchan publisher to `channel`: one `POST /pub?id=` per message, `window` keep-alive connections. */
export function nchanPublisher(nginxUrl: string, channel: string, window: number): RawClient {
  return httpPoster(`${nginxUrl}/pub?id=${channel}`, (c) => c, { 'content-type': 'text/plain' }, window);
}

/** Opens `n` clients, at most `concurrency` at once; returns them with a closer (also run at cleanup). */
export async function openAll(
  n: number,
  open: (i: number) => Promise<RawClient> | RawClient,
  concurrency = 50,
): Promise<{ clients: RawClient[]; close(): Promise<void> }> {
  const clients: RawClient[] = [];
  const close = onCleanup('close raw clients', () => clients.forEach((c) => c.close()));
  await pool(
    Array.from({ length: n }, (_, i) => i),
    concurrency,
    async (i) => void (clients[i] = await open(i)),
  );
  return { clients, close };
}
