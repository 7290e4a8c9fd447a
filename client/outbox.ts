import { ImError } from './errors.js';
import { Backoff, unref } from './backoff.js';
import { newClientMsgId } from './ids.js';
import type { ClientFrame, OutgoingMessage, SendAck } from './types.js';

export interface OutboxHooks {
  /** Sends over the live bidirectional connection; false when there is none. */
  viaConnection(frame: ClientFrame): boolean;
  /** True while a bidirectional connection is being (re)established: its sends wait for it. */
  shouldWait(): boolean;
  /** `POST /v1/messages` (with its own retries on network errors, 5xx and 429). */
  viaRest(m: Required<OutgoingMessage>, signal: AbortSignal): Promise<Omit<SendAck, 'clientMsgId'>>;
  /** Told about every accepted send, once. */
  acked(ack: SendAck): void;
}

interface Pending {
  msg: Required<OutgoingMessage>;
  promise: Promise<SendAck>;
  resolve(ack: SendAck): void;
  reject(err: ImError): void;
  /** Where the message is in flight right now, if anywhere. */
  via: 'connection' | 'rest' | null;
  /** Made for the first REST attempt: most sends never need one. */
  abort: AbortController | null;
  timers: ReturnType<typeof setTimeout>[];
  /** Made for the first retry. */
  backoff: Backoff | null;
}

/**
 * Unacknowledged sends, each kept under its clientMsgId until the server accepts or refuses it.
 * A send goes over the live bidirectional connection when there is one (and is sent again, with
 * the same clientMsgId, after a reconnect if the ack never came), otherwise over REST with retries.
 * The server deduplicates by clientMsgId, so a resend never makes a second message.
 */
export class Outbox {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly hooks: OutboxHooks,
    private readonly timeoutMs: number,
  ) {}

  /** Resolves when the server accepted the message; rejects when refused or after `timeoutMs`. */
  send(m: OutgoingMessage): Promise<SendAck> {
    const msg = { ...m, clientMsgId: m.clientMsgId ?? newClientMsgId() };
    const existing = this.pending.get(msg.clientMsgId);
    if (existing) return existing.promise;
    let resolve!: (a: SendAck) => void;
    let reject!: (e: ImError) => void;
    const promise = new Promise<SendAck>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const p: Pending = { msg, promise, resolve, reject, via: null, abort: null, timers: [], backoff: null };
    this.pending.set(msg.clientMsgId, p);
    if (this.timeoutMs > 0) {
      const t = setTimeout(() => this.fail(p, new ImError('timeout', 'the message was not accepted in time')), this.timeoutMs);
      unref(t);
      p.timers.push(t);
    }
    this.dispatch(p);
    return promise;
  }

  /** The clientMsgIds still waiting for an ack. */
  get waiting(): string[] {
    return [...this.pending.keys()];
  }

  /** Sends everything that is not in flight (a connection just opened, or the client stopped). */
  flush(): void {
    for (const p of this.pending.values()) this.dispatch(p);
  }

  /** The connection went away: what was in flight over it is unacknowledged and will be sent again. */
  connectionLost(): void {
    for (const p of this.pending.values()) if (p.via === 'connection') p.via = null;
    this.flush();
  }

  /** An ack arrived (over the connection); true when it answered a pending send. */
  ack(a: SendAck): boolean {
    const p = this.pending.get(a.clientMsgId);
    if (!p) return false;
    this.done(p, a);
    return true;
  }

  /** A send over the connection was refused: retry the retryable refusals, fail the rest. */
  refused(clientMsgId: string, err: ImError): void {
    const p = this.pending.get(clientMsgId);
    if (!p) return;
    if (!err.retryable) return this.fail(p, err);
    p.via = null;
    this.later(p, err.retryAfterMs);
  }

  /** Rejects everything still pending (the client is closing for good). */
  close(): void {
    for (const p of [...this.pending.values()]) this.fail(p, new ImError('closed', 'the client was closed'));
  }

  private dispatch(p: Pending): void {
    if (p.via || !this.pending.has(p.msg.clientMsgId)) return;
    const { kind, to, clientMsgId, contentType, content } = p.msg;
    if (this.hooks.viaConnection({ op: 'send', kind, to, clientMsgId, contentType, content })) {
      p.via = 'connection';
      return;
    }
    if (this.hooks.shouldWait()) return;
    p.via = 'rest';
    p.abort ??= new AbortController();
    this.hooks.viaRest(p.msg, p.abort.signal).then(
      (r) => this.done(p, { clientMsgId, conversationId: r.conversationId, seq: r.seq, createdAt: r.createdAt }),
      (err: unknown) => {
        if (p.via !== 'rest') return;
        p.via = null;
        const e = err instanceof ImError ? err : new ImError('network', String(err));
        if (e.code === 'closed') return;
        if (e.retryable) this.later(p, e.retryAfterMs);
        else this.fail(p, e);
      },
    );
  }

  private later(p: Pending, retryAfterMs = 0): void {
    p.backoff ??= new Backoff({ baseMs: 500, maxMs: 15_000 });
    const t = setTimeout(() => this.dispatch(p), Math.max(retryAfterMs, p.backoff.next()));
    unref(t);
    p.timers.push(t);
  }

  private done(p: Pending, ack: SendAck): void {
    if (!this.settle(p)) return;
    p.resolve(ack);
    this.hooks.acked(ack);
  }

  private fail(p: Pending, err: ImError): void {
    if (this.settle(p)) p.reject(err);
  }

  private settle(p: Pending): boolean {
    if (this.pending.get(p.msg.clientMsgId) !== p) return false;
    this.pending.delete(p.msg.clientMsgId);
    for (const t of p.timers) clearTimeout(t);
    p.abort?.abort();
    return true;
  }
}
