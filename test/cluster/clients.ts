import { WebSocket } from 'ws';
import { EventSource } from 'eventsource';

/**
 * Clients as an app would write them against API.md, for the scale-out tests: each knows every
 * gate's URL, and when its gate fails (refused, reset, 5xx, stream ended, socket closed) it moves to
 * the next one and resumes from the last cursor it processed. Nothing here knows which gate died.
 */

export type Transport = 'longpoll' | 'sse' | 'ws';

export interface Received {
  conversationId: string;
  seq: number;
  clientMsgId: string;
  cursor: string;
}

interface WireEvent {
  type: string;
  cursor?: string;
  data: { conversationId?: string; seq?: number; clientMsgId?: string };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Reads one device's inbox over one transport, failing over between gates. */
export class Reader {
  readonly received: Received[] = [];
  /** Failures it recovered from (a gate went away): one per move to another gate. */
  moves = 0;
  /** Answers that are a bug if they ever come (410 with a cursor the client got from the server, 4xx). */
  readonly anomalies: string[] = [];
  cursor: string | null = null;
  private gate: number;
  private stopped = false;
  private closeCurrent: () => void = () => {};
  private readyResolve: () => void = () => {};
  /** Resolves once the first subscription is live (its start cursor is known). */
  readonly ready = new Promise<void>((r) => (this.readyResolve = r));

  constructor(
    readonly transport: Transport,
    private readonly gates: readonly string[],
    firstGate: number,
    private readonly token: string,
  ) {
    this.gate = firstGate % gates.length;
  }

  get gateUrl(): string {
    return this.gates[this.gate]!;
  }

  start(): void {
    void (this.transport === 'longpoll' ? this.pollLoop() : this.transport === 'sse' ? this.sse() : this.ws());
  }

  stop(): void {
    this.stopped = true;
    this.closeCurrent();
  }

  private onEvent(e: WireEvent): void {
    if (!e.cursor) return; // live-only
    this.cursor = e.cursor;
    if (e.type === 'message' && e.data.conversationId && typeof e.data.seq === 'number') {
      this.received.push({
        conversationId: e.data.conversationId,
        seq: e.data.seq,
        clientMsgId: e.data.clientMsgId ?? '',
        cursor: e.cursor,
      });
    }
  }

  /** Moves to the next gate after a failure. */
  private async failover(why: string): Promise<void> {
    if (this.stopped) return;
    this.moves++;
    this.gate = (this.gate + 1) % this.gates.length;
    void why;
    await sleep(100);
  }

  private async pollLoop(): Promise<void> {
    while (!this.stopped) {
      const ac = new AbortController();
      this.closeCurrent = () => ac.abort();
      const timer = setTimeout(() => ac.abort(), 20_000);
      try {
        const q = this.cursor === null ? '' : `?cursor=${encodeURIComponent(this.cursor)}&timeout=5`;
        const res = await fetch(`${this.gateUrl}/v1/sync${q}`, {
          headers: { authorization: `Bearer ${this.token}` },
          signal: ac.signal,
        });
        const body = (await res.json().catch(() => null)) as {
          cursor: string;
          events: WireEvent[];
          error?: string;
        } | null;
        if (res.status === 200 && body) {
          for (const e of body.events) this.onEvent(e);
          this.cursor = body.cursor;
          this.readyResolve();
        } else if (res.status >= 500) {
          await this.failover(`status ${res.status}`);
        } else {
          this.anomalies.push(`longpoll ${res.status} ${JSON.stringify(body)}`);
          await sleep(200);
        }
      } catch {
        if (!this.stopped) await this.failover('network');
      } finally {
        clearTimeout(timer);
      }
    }
  }

  private sse(): Promise<void> {
    return new Promise<void>((resolve) => {
      const open = () => {
        if (this.stopped) return resolve();
        const q = new URLSearchParams({ access_token: this.token });
        if (this.cursor !== null) q.set('cursor', this.cursor);
        const es = new EventSource(`${this.gateUrl}/v1/events?${q}`);
        let done = false;
        const next = () => {
          if (done) return;
          done = true;
          es.close();
          void this.failover('sse').then(open);
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
        es.addEventListener('message', (m) => this.onEvent(JSON.parse(m.data) as WireEvent));
        es.addEventListener('cursor_expired', (m) => this.anomalies.push(`sse cursor_expired ${m.data}`));
        // EventSource would retry the same gate; a client that knows other gates moves on.
        es.onerror = () => next();
      };
      open();
    });
  }

  private ws(): Promise<void> {
    return new Promise<void>((resolve) => {
      const open = () => {
        if (this.stopped) return resolve();
        const ws = new WebSocket(`${this.gateUrl.replace(/^http/, 'ws')}/v1/ws`, ['im.v1.json']);
        let done = false;
        const ping = setInterval(
          () => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ op: 'ping' })),
          20_000,
        );
        const next = () => {
          clearInterval(ping);
          if (done) return;
          done = true;
          ws.terminate();
          void this.failover('ws').then(open);
        };
        this.closeCurrent = () => {
          done = true;
          clearInterval(ping);
          ws.close();
          resolve();
        };
        ws.on('error', () => next());
        ws.on('close', () => next());
        ws.on('open', () =>
          ws.send(
            JSON.stringify({
              op: 'login',
              token: this.token,
              ...(this.cursor === null ? {} : { cursor: this.cursor }),
            }),
          ),
        );
        ws.on('message', (data) => {
          const f = JSON.parse(String(data)) as { op: string; cursor?: string; event?: WireEvent; code?: string };
          if (f.op === 'login_ok') {
            if (this.cursor === null && f.cursor) this.cursor = f.cursor;
            this.readyResolve();
          } else if (f.op === 'event' && f.event) {
            this.onEvent(f.event);
          } else if (f.op === 'error') {
            this.anomalies.push(`ws error ${JSON.stringify(f)}`);
          }
        });
      };
      open();
    });
  }
}

export interface SendOutcome {
  conversationId: string;
  seq: number;
  /** Attempts it took (1: the first answer was a success). */
  attempts: number;
}

/**
 * Sends one message, retrying with the same clientMsgId on the next gate while the answer is a
 * network failure or a retryable status (429/503), as the idempotent send allows.
 */
export async function sendWithRetry(
  gates: readonly string[],
  start: number,
  token: string,
  body: { kind: 'direct' | 'group'; to: string; clientMsgId: string; content: string },
  onRetry?: (why: string) => void,
): Promise<SendOutcome> {
  let g = start;
  for (let attempt = 1; attempt <= 40; attempt++) {
    const base = gates[g % gates.length]!;
    try {
      const res = await fetch(`${base}/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ contentType: 'text', ...body }),
        signal: AbortSignal.timeout(10_000),
      });
      const json = (await res.json().catch(() => null)) as {
        conversationId: string;
        seq: number;
        error?: string;
      } | null;
      if (res.status === 200 && json) return { conversationId: json.conversationId, seq: json.seq, attempts: attempt };
      if (res.status !== 503 && res.status !== 429)
        throw new Error(`send refused: ${res.status} ${JSON.stringify(json)}`);
      onRetry?.(`status ${res.status}`);
    } catch (err) {
      if ((err as Error).message.startsWith('send refused')) throw err;
      onRetry?.((err as Error).message);
    }
    g++;
    await sleep(50);
  }
  throw new Error(`send of ${body.clientMsgId} never succeeded`);
}
