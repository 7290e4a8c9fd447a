import { WebSocket } from 'ws';
import { EventSource } from 'eventsource';

/**
 * The devices of a chaos run, written as an app would write them against API.md with nothing but
 * the contract: each knows every gate, moves to the next one when its gate fails, resumes from the
 * last cursor it processed, reloads history over REST after `cursor_expired`, and retries a send with
 * the same clientMsgId until it is acknowledged. Unlike the client library they keep everything
 * they saw (duplicates included), so the run can count what a client had to drop.
 */

export type Transport = 'ws' | 'sse' | 'longpoll';

export interface SendRequest {
  kind: 'direct' | 'group';
  to: string;
  clientMsgId: string;
  content: string;
}

export interface Ack {
  conversationId: string;
  seq: number;
}

export interface Delivered {
  conversationId: string;
  seq: number;
  clientMsgId: string;
  fromDevice: string;
  from: string;
  via: 'stream' | 'reload';
}

interface WireEvent {
  type: string;
  cursor?: string;
  data: { conversationId?: string; seq?: number; clientMsgId?: string; fromDevice?: string; from?: string };
}

type SendOutcome = { ok: true; ack: Ack } | { ok: false; retry: boolean; why: string };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** A bound raced against other work: it must not keep the process alive once the work is done. */
const bound = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
/** Refusals a sender retries (the contract's retryable codes) besides network failures. */
const RETRYABLE = new Set(['rate_limited', 'unavailable']);

export interface DeviceOptions {
  transport: Transport;
  gates: readonly string[];
  firstGate: number;
  token: string;
  userId: string;
  deviceId: string;
  /** The conversations of the user, reloaded over REST after `cursor_expired`. */
  conversations: () => readonly string[];
  label: string;
}

/** One device: reads its inbox over one transport and sends (WebSocket frames, or POST /v1/messages). */
export class Device {
  readonly transport: Transport;
  readonly userId: string;
  readonly deviceId: string;
  readonly label: string;
  /** The first delivery of each (conversationId, seq), by key `conversationId#seq`. */
  readonly seen = new Map<string, Delivered>();
  /** Per conversation, the seqs in the order the event stream first delivered them. */
  readonly streamOrder = new Map<string, number[]>();
  /** Messages the event stream delivered again (a client drops these by (conversationId, seq)). */
  duplicates = 0;
  /** Moves to another gate after a failure. */
  moves = 0;
  /** `cursor_expired` answers, and the REST reloads they caused. */
  expiries = 0;
  reloaded = 0;
  /** Send attempts beyond the first. */
  retries = 0;
  /** When each acknowledged send started and how long it took to be acknowledged (retries included). */
  readonly sendTimes: Array<{ at: number; ms: number }> = [];
  /** Answers that the contract does not allow here. */
  readonly anomalies: string[] = [];
  cursor: string | null = null;
  private gate: number;
  private stopped = false;
  private closeCurrent: () => void = () => {};
  private readyResolve: () => void = () => {};
  readonly ready = new Promise<void>((r) => (this.readyResolve = r));
  private readonly opts: DeviceOptions;
  // WebSocket state: the socket once logged in, and sends waiting for their answer.
  private ws: WebSocket | null = null;
  private wsReady: Promise<void> = new Promise(() => {});
  private wsReadyResolve: () => void = () => {};
  private readonly waiting = new Map<string, (o: SendOutcome) => void>();
  private reloading: Promise<void> | null = null;

  constructor(opts: DeviceOptions) {
    this.opts = opts;
    this.transport = opts.transport;
    this.userId = opts.userId;
    this.deviceId = opts.deviceId;
    this.label = opts.label;
    this.gate = opts.firstGate % opts.gates.length;
    this.resetWsReady();
  }

  private get gateUrl(): string {
    return this.opts.gates[this.gate]!;
  }

  start(): void {
    void (this.transport === 'longpoll' ? this.pollLoop() : this.transport === 'sse' ? this.sseLoop() : this.wsLoop());
  }

  stop(): void {
    this.stopped = true;
    this.closeCurrent();
    for (const w of this.waiting.values()) w({ ok: false, retry: false, why: 'stopped' });
    this.waiting.clear();
  }

  /** Sends until acknowledged (same clientMsgId every time) or until `giveUp` says stop; null when not acknowledged. */
  async send(req: SendRequest, giveUp: () => boolean): Promise<Ack | null> {
    const started = Date.now();
    for (let attempt = 0; !this.stopped; attempt++) {
      if (attempt > 0) {
        if (giveUp()) return null;
        this.retries++;
        await sleep(Math.min(1000, 50 * 2 ** Math.min(attempt, 5)));
      }
      const out = this.transport === 'ws' ? await this.sendWs(req) : await this.sendHttp(req);
      if (out.ok) {
        this.sendTimes.push({ at: started, ms: Date.now() - started });
        return out.ack;
      }
      if (!out.retry) {
        this.anomalies.push(`send ${req.clientMsgId} refused: ${out.why}`);
        return null;
      }
    }
    return null;
  }

  private async sendHttp(req: SendRequest): Promise<SendOutcome> {
    const base = this.gateUrl;
    try {
      const res = await fetch(`${base}/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.opts.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ contentType: 'text', ...req }),
        signal: AbortSignal.timeout(8000),
      });
      const body = (await res.json().catch(() => null)) as {
        conversationId?: string;
        seq?: number;
        error?: string;
      } | null;
      if (res.status === 200 && body?.conversationId && typeof body.seq === 'number')
        return { ok: true, ack: { conversationId: body.conversationId, seq: body.seq } };
      if (res.status === 503 || res.status === 429) {
        if (res.status === 503) this.failover(base);
        return { ok: false, retry: true, why: `${res.status}` };
      }
      return { ok: false, retry: false, why: `${res.status} ${JSON.stringify(body)}` };
    } catch (err) {
      this.failover(base);
      return { ok: false, retry: true, why: (err as Error).message };
    }
  }

  private async sendWs(req: SendRequest): Promise<SendOutcome> {
    const ready = await Promise.race([this.wsReady.then(() => true), bound(5000).then(() => false)]);
    const ws = this.ws;
    if (!ready || !ws || ws.readyState !== WebSocket.OPEN) return { ok: false, retry: true, why: 'not connected' };
    return new Promise<SendOutcome>((resolve) => {
      const timer = setTimeout(() => finish({ ok: false, retry: true, why: 'no answer in 8 s' }), 8000);
      const finish = (o: SendOutcome) => {
        clearTimeout(timer);
        if (this.waiting.get(req.clientMsgId) === finish) this.waiting.delete(req.clientMsgId);
        resolve(o);
      };
      this.waiting.set(req.clientMsgId, finish);
      ws.send(JSON.stringify({ op: 'send', contentType: 'text', ...req }));
    });
  }

  /** Records one inbox event; messages are kept by (conversationId, seq). */
  private onEvent(e: WireEvent, via: 'stream' | 'reload' = 'stream'): void {
    if (via === 'stream') {
      if (!e.cursor) return; // live-only
      this.cursor = e.cursor;
    }
    if (e.type !== 'message') return;
    const d = e.data;
    if (!d.conversationId || typeof d.seq !== 'number') return;
    this.record({
      conversationId: d.conversationId,
      seq: d.seq,
      clientMsgId: d.clientMsgId ?? '',
      fromDevice: d.fromDevice ?? '',
      from: d.from ?? '',
      via,
    });
  }

  private record(m: Delivered): void {
    const key = `${m.conversationId}#${m.seq}`;
    if (this.seen.has(key)) {
      if (m.via === 'stream') this.duplicates++;
      return;
    }
    this.seen.set(key, m);
    if (m.via === 'stream') {
      const order = this.streamOrder.get(m.conversationId) ?? [];
      order.push(m.seq);
      this.streamOrder.set(m.conversationId, order);
    }
  }

  /** After `cursor_expired`: the stream goes on from `head`; what came before it is read over REST. */
  private expired(head: string): void {
    this.expiries++;
    this.cursor = head;
    this.reloading ??= this.reload().finally(() => (this.reloading = null));
  }

  private async reload(): Promise<void> {
    for (const conv of this.opts.conversations()) {
      let after = 0;
      for (const m of this.seen.values())
        if (m.conversationId === conv && m.via === 'reload') after = Math.max(after, m.seq);
      for (;;) {
        if (this.stopped) return;
        try {
          const res = await fetch(
            `${this.gateUrl}/v1/conversations/${encodeURIComponent(conv)}/messages?after=${after}&limit=200`,
            {
              headers: { authorization: `Bearer ${this.opts.token}` },
              signal: AbortSignal.timeout(8000),
            },
          );
          if (res.status !== 200) throw new Error(`status ${res.status}`);
          const body = (await res.json()) as { messages: Array<WireEvent['data'] & { seq: number }> };
          for (const m of body.messages) {
            this.onEvent({ type: 'message', data: m }, 'reload');
            this.reloaded++;
            after = Math.max(after, m.seq);
          }
          if (body.messages.length < 200) break;
        } catch {
          await sleep(500); // Postgres (or the gate) away: try again
        }
      }
    }
  }

  private failover(from: string): void {
    if (this.stopped || this.gateUrl !== from) return;
    this.moves++;
    this.gate = (this.gate + 1) % this.opts.gates.length;
  }

  private resetWsReady(): void {
    this.wsReady = new Promise((r) => (this.wsReadyResolve = r));
  }

  private async pollLoop(): Promise<void> {
    while (!this.stopped) {
      const base = this.gateUrl;
      const ac = new AbortController();
      this.closeCurrent = () => ac.abort();
      const timer = setTimeout(() => ac.abort(), 15_000);
      try {
        const q = this.cursor === null ? '' : `?cursor=${encodeURIComponent(this.cursor)}&timeout=5`;
        const res = await fetch(`${base}/v1/sync${q}`, {
          headers: { authorization: `Bearer ${this.opts.token}` },
          signal: ac.signal,
        });
        const body = (await res.json().catch(() => null)) as {
          cursor?: string;
          events?: WireEvent[];
          error?: string;
        } | null;
        if (res.status === 200 && body?.cursor) {
          for (const e of body.events ?? []) this.onEvent(e);
          this.cursor = body.cursor;
          this.readyResolve();
        } else if (res.status === 410 && body?.cursor) {
          this.expired(body.cursor);
        } else if (res.status >= 500 || res.status === 429) {
          this.failover(base);
          await sleep(200);
        } else {
          this.anomalies.push(`longpoll ${res.status} ${JSON.stringify(body)}`);
          await sleep(500);
        }
      } catch {
        if (!this.stopped) {
          this.failover(base);
          await sleep(200);
        }
      } finally {
        clearTimeout(timer);
      }
    }
  }

  private sseLoop(): Promise<void> {
    return new Promise<void>((resolve) => {
      const open = () => {
        if (this.stopped) return resolve();
        const base = this.gateUrl;
        const q = new URLSearchParams({ access_token: this.opts.token });
        if (this.cursor !== null) q.set('cursor', this.cursor);
        const es = new EventSource(`${base}/v1/events?${q}`);
        let done = false;
        const next = () => {
          if (done) return;
          done = true;
          es.close();
          this.failover(base);
          setTimeout(open, 200);
        };
        this.closeCurrent = () => {
          done = true;
          es.close();
          resolve();
        };
        es.addEventListener('ready', (m) => {
          const c = (JSON.parse(m.data) as { cursor?: string }).cursor;
          if (this.cursor === null && c) this.cursor = c;
          this.readyResolve();
        });
        for (const type of ['message', 'recall', 'read', 'friend_request', 'friend_added', 'friend_removed', 'group']) {
          es.addEventListener(type, (m) => this.onEvent(JSON.parse(m.data) as WireEvent));
        }
        es.addEventListener('cursor_expired', (m) => this.expired((JSON.parse(m.data) as { cursor: string }).cursor));
        // EventSource would retry the same gate; a client that knows other gates moves on.
        es.onerror = () => next();
      };
      open();
    });
  }

  private wsLoop(): Promise<void> {
    return new Promise<void>((resolve) => {
      const open = () => {
        if (this.stopped) return resolve();
        const base = this.gateUrl;
        const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/v1/ws`, ['im.v1.json']);
        let done = false;
        const ping = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send('{"op":"ping"}'), 20_000);
        const next = (why: string) => {
          clearInterval(ping);
          if (done) return;
          done = true;
          ws.terminate();
          if (this.ws === ws) {
            this.ws = null;
            this.resetWsReady();
          }
          for (const w of [...this.waiting.values()]) w({ ok: false, retry: true, why });
          this.failover(base);
          setTimeout(open, 200);
        };
        this.closeCurrent = () => {
          done = true;
          clearInterval(ping);
          ws.close();
          resolve();
        };
        ws.on('error', () => next('socket error'));
        ws.on('close', (code) => {
          if ([4401, 4403].includes(code)) this.anomalies.push(`ws closed ${code}`);
          next(`closed ${code}`);
        });
        ws.on('open', () =>
          ws.send(
            JSON.stringify({
              op: 'login',
              token: this.opts.token,
              ...(this.cursor === null ? {} : { cursor: this.cursor }),
            }),
          ),
        );
        ws.on('message', (data) => {
          const f = JSON.parse(String(data)) as {
            op: string;
            cursor?: string;
            event?: WireEvent;
            code?: string;
            clientMsgId?: string;
            conversationId?: string;
            seq?: number;
            message?: string;
          };
          if (f.op === 'login_ok') {
            if (this.cursor === null && f.cursor) this.cursor = f.cursor;
            this.ws = ws;
            this.wsReadyResolve();
            this.readyResolve();
          } else if (f.op === 'event' && f.event) {
            this.onEvent(f.event);
          } else if (f.op === 'ack' && f.clientMsgId) {
            this.waiting.get(f.clientMsgId)?.({ ok: true, ack: { conversationId: f.conversationId!, seq: f.seq! } });
          } else if (f.op === 'error') {
            if (f.code === 'cursor_expired' && f.cursor) this.expired(f.cursor);
            else if (f.clientMsgId && this.waiting.has(f.clientMsgId)) {
              this.waiting.get(f.clientMsgId)!({
                ok: false,
                retry: RETRYABLE.has(f.code ?? ''),
                why: `${f.code}: ${f.message}`,
              });
            } else if (f.code !== 'unavailable') {
              this.anomalies.push(`ws error ${JSON.stringify(f)}`);
            }
          }
        });
      };
      open();
    });
  }
}
