import { WebSocket } from 'ws';
import { EventSource } from 'eventsource';
import { decodeFrame, encodeFrame, type Frame, type im } from '../../src/proto/codec.js';
import { cursorPosition, isAfter } from '../../src/broker/inbox.js';
import { checkServerFrame } from './frames-check.js';
import { checkSseMessage } from './openapi.js';

/** Test clients for the live transports: a WebSocket client per subprotocol and an EventSource collector. */

const live = new Set<{ dispose(): void }>();

/** Cuts every client still open, so a failed test leaves nothing that keeps the process alive. */
export function disposeClients(): void {
  for (const c of live) c.dispose();
  live.clear();
}

export type JsonFrame = Record<string, any>;

interface Closed {
  code: number;
  reason: string;
}

/** Collects what arrives and lets a test wait for the first item matching a predicate. */
class Inbox<T> {
  readonly items: T[] = [];
  private waiters: Array<() => void> = [];

  push(item: T): void {
    this.items.push(item);
    for (const w of this.waiters.splice(0)) w();
  }

  /** The first item (already received or still to come) matching `pred`. */
  async find(pred: (item: T) => boolean, ms = 3000, what = 'a matching frame'): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.items.find(pred);
      if (hit !== undefined) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.items).slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}

abstract class BaseWs<F> {
  readonly inbox = new Inbox<F>();
  readonly closed: Promise<Closed>;
  readonly ws: WebSocket;

  constructor(url: string, protocol: string | null, opts: { origin?: string } = {}) {
    this.ws = new WebSocket(url, protocol === null ? [] : [protocol], { origin: opts.origin });
    this.ws.on('error', () => {});
    this.closed = new Promise((resolve) =>
      this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    this.ws.on('message', (data, isBinary) => this.inbox.push(this.decode(data as Buffer, isBinary)));
    live.add(this);
    void this.closed.then(() => live.delete(this));
  }

  dispose(): void {
    this.ws.terminate();
  }

  protected abstract decode(data: Buffer, isBinary: boolean): F;

  /** Resolves once open; rejects with the HTTP status of a refused upgrade. */
  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.ws.readyState === WebSocket.OPEN) return resolve();
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      this.ws.once('close', (code) => reject(new Error(`closed before open: ${code}`)));
    });
  }

  sendRaw(data: string | Uint8Array): void {
    this.ws.send(data);
  }

  close(): Promise<Closed> {
    this.ws.close();
    return this.closed;
  }
}

export function wsUrl(base: string, query = ''): string {
  return base.replace(/^http/, 'ws') + '/v1/ws' + query;
}

/** A client of the `im.v1.json` subprotocol. */
export class JsonWs extends BaseWs<JsonFrame> {
  constructor(base: string, opts: { protocol?: string | null; query?: string; origin?: string } = {}) {
    super(wsUrl(base, opts.query), opts.protocol === undefined ? 'im.v1.json' : opts.protocol, opts);
  }

  /** A text frame must match the published server frame schema (a mismatch is thrown, failing the test). */
  protected decode(data: Buffer, isBinary: boolean): JsonFrame {
    if (isBinary) return { op: '<binary>', bytes: data.length };
    const frame = JSON.parse(data.toString('utf8')) as JsonFrame;
    checkServerFrame(frame);
    return frame;
  }

  send(frame: JsonFrame): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** Opens, logs in and returns login_ok (or throws with the error frame or close code). */
  async login(token: string, extra: JsonFrame = {}): Promise<JsonFrame> {
    await this.opened();
    this.send({ op: 'login', token, ...extra });
    const f = await Promise.race([
      this.inbox.find((x) => x.op === 'login_ok' || x.op === 'error'),
      this.closed.then((c) => ({ op: 'closed', ...c })),
    ]);
    if (f.op !== 'login_ok') throw new Error(`login failed: ${JSON.stringify(f)}`);
    return f;
  }

  /** The inbox events received so far, in order. */
  events(): JsonFrame[] {
    return this.inbox.items.filter((f) => f.op === 'event').map((f) => f.event as JsonFrame);
  }

  event(pred: (e: JsonFrame) => boolean, ms?: number): Promise<JsonFrame> {
    return this.inbox.find((f) => f.op === 'event' && pred(f.event), ms, 'an event').then((f) => f.event as JsonFrame);
  }
}

/** A client of the `im.v1.proto` subprotocol; frames are decoded with the generated code. */
export class ProtoWs extends BaseWs<Frame & { raw: Buffer }> {
  constructor(base: string, opts: { query?: string } = {}) {
    super(wsUrl(base, opts.query), 'im.v1.proto');
  }

  protected decode(data: Buffer): Frame & { raw: Buffer } {
    return Object.assign(decodeFrame(data), { raw: Buffer.from(data) });
  }

  send(frame: im.v1.Frame.$Properties): void {
    this.ws.send(encodeFrame(frame));
  }

  async login(token: string, extra: im.v1.ClientLogin.$Properties = {}): Promise<im.v1.LoginAck.$Shape> {
    await this.opened();
    this.send({ login: { token, ...extra } });
    const f = await Promise.race([this.inbox.find((x) => x.body === 'loginAck' || x.body === 'error'), this.closed]);
    if (!('body' in f) || f.body !== 'loginAck') throw new Error(`login failed: ${JSON.stringify(f)}`);
    return f.loginAck;
  }

  events(): im.v1.Event.$Shape[] {
    return this.inbox.items.flatMap((f) => (f.body === 'event' ? [f.event] : []));
  }
}

export interface SseItem {
  type: string;
  id: string;
  data: any;
}

export const SSE_TYPES = [
  'ready',
  'message',
  'recall',
  'read',
  'friend_request',
  'friend_added',
  'friend_removed',
  'group',
  'typing',
  'presence',
  'cursor_expired',
];

/**
 * An EventSource (the `eventsource` package, which follows the browser's behaviour) collecting every
 * event; each must match the API document's SSE message schema (a mismatch is thrown, failing the test).
 */
export class SseClient {
  readonly inbox = new Inbox<SseItem>();
  readonly errors = new Inbox<{ at: number; readyState: number }>();
  readonly es: EventSource;

  /** With `opts.ticket` the stream authenticates with that stream ticket instead of `?access_token=`. */
  constructor(base: string, token: string, opts: { cursor?: string; lastEventId?: string; ticket?: string } = {}) {
    const q = new URLSearchParams(opts.ticket === undefined ? { access_token: token } : { ticket: opts.ticket });
    if (opts.cursor) q.set('cursor', opts.cursor);
    const first = opts.lastEventId;
    // Like a browser that kept the id from an earlier page: sent until the EventSource has its own.
    const init = first
      ? {
          fetch: (url: string | URL, i?: RequestInit) => {
            const headers = { ...(i?.headers as Record<string, string>) };
            headers['Last-Event-ID'] ??= first;
            return fetch(url, { ...i, headers });
          },
        }
      : undefined;
    this.es = new EventSource(`${base}/v1/events?${q}`, init);
    for (const type of SSE_TYPES) {
      this.es.addEventListener(type, (ev) => {
        const data: unknown = JSON.parse(ev.data);
        // The browser's lastEventId carries over to events without an id of their own.
        checkSseMessage({ event: type, id: ev.lastEventId || undefined, data });
        this.inbox.push({ type, id: ev.lastEventId, data });
      });
    }
    this.es.addEventListener('error', () => this.errors.push({ at: Date.now(), readyState: this.es.readyState }));
    live.add(this);
  }

  dispose(): void {
    this.es.close();
  }

  ready(): Promise<SseItem> {
    return this.inbox.find((x) => x.type === 'ready', 3000, 'the ready event');
  }

  /** The inbox events (not the ready marker) received so far. */
  events(): SseItem[] {
    return this.inbox.items.filter((x) => x.type !== 'ready' && x.type !== 'cursor_expired');
  }

  close(): void {
    this.es.close();
    live.delete(this);
  }
}

/** One SSE block as written on the wire. */
export interface RawBlock {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
  comment?: string;
}

/** Reads an event stream with plain fetch, to check the wire format itself. */
export class RawSse {
  text = '';
  status = 0;
  /** The server ended the stream. */
  ended = false;
  private readonly ctrl = new AbortController();
  private reading: Promise<void> = Promise.resolve();

  static async open(url: string, headers: Record<string, string> = {}): Promise<RawSse> {
    const s = new RawSse();
    live.add(s);
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: s.ctrl.signal });
    s.status = res.status;
    if (res.body) {
      const reader = res.body.getReader();
      const dec = new TextDecoder();
      s.reading = (async () => {
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) {
              s.ended = true;
              return;
            }
            s.text += dec.decode(value, { stream: true });
          }
        } catch {
          /* aborted */
        }
      })();
    }
    return s;
  }

  blocks(): RawBlock[] {
    return this.text
      .split('\n\n')
      .slice(0, -1)
      .map((block) => {
        const b: RawBlock = {};
        for (const line of block.split('\n')) {
          const i = line.indexOf(':');
          const key = i === 0 ? 'comment' : i < 0 ? line : line.slice(0, i);
          const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
          (b as Record<string, string>)[key] = value;
        }
        return b;
      });
  }

  async until(pred: (blocks: RawBlock[]) => boolean, ms = 3000): Promise<RawBlock[]> {
    const deadline = Date.now() + ms;
    for (;;) {
      const b = this.blocks();
      if (pred(b)) return b;
      if (Date.now() > deadline) throw new Error(`timed out; stream so far:\n${this.text.slice(0, 3000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  dispose(): void {
    this.ctrl.abort();
  }

  async close(): Promise<void> {
    this.ctrl.abort();
    live.delete(this);
    await this.reading;
  }
}

/** True when cursor `a` is after cursor `b` (same inbox epoch). */
export function cursorAfter(a: string, b: string): boolean {
  const pa = cursorPosition(a);
  const pb = cursorPosition(b);
  return !!pa && !!pb && pa.epoch === pb.epoch && isAfter(pa, pb);
}
