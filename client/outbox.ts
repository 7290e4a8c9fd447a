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
  /** When the send gives up (`performance.now()`; Infinity without a timeout). */
  deadline: number;
  /** The timer of a retry that waits, if one does. */
  retry: ReturnType<typeof setTimeout> | undefined;
  /** Made for the first retry. */
  backoff: Backoff | null;
}

/**
 * Unacknowledged sends, each kept under its clientMsgId until the server accepts or refuses it.
 * A send goes over the live bidirectional connection when there is one (and is sent again, with
 * the same clientMsgId, after a reconnect if the ack never came), otherwise over REST with retries.
 * The server deduplicates by clientMsgId, so a resend never makes a second message.
 *
 * Every send has the same timeout, so sends time out in the order they were made, which is the
 * order of `pending`: one timer, for the oldest, serves them all (no timer per send).
 */
export class Outbox {
  private readonly pending = new Map<string, Pending>();
  private timer: ReturnType<typeof setTimeout> | undefined;

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
    const deadline = this.timeoutMs > 0 ? performance.now() + this.timeoutMs : Infinity;
    const p: Pending = {
      msg,
      promise,
      resolve,
      reject,
      via: null,
      abort: null,
      deadline,
      retry: undefined,
      backoff: null,
    };
    this.pending.set(msg.clientMsgId, p);
    this.arm();
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

  /** Starts the timer for the oldest send, unless it runs already (or nothing can time out). */
  private arm(): void {
    if (this.timer !== undefined) return;
    const oldest = this.pending.values().next().value;
    if (oldest === undefined || oldest.deadline === Infinity) return;
    this.timer = setTimeout(this.expire, Math.max(0, oldest.deadline - performance.now()));
    unref(this.timer);
  }

  /** Fails the sends whose time is up, oldest first, then waits for the next one. */
  private readonly expire = (): void => {
    this.timer = undefined;
    const now = performance.now();
    for (const p of this.pending.values()) {
      if (p.deadline > now) break;
      this.fail(p, new ImError('timeout', 'the message was not accepted in time'));
    }
    this.arm();
  };

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
    clearTimeout(p.retry);
    p.retry = setTimeout(() => this.dispatch(p), Math.max(retryAfterMs, p.backoff.next()));
    unref(p.retry);
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
    clearTimeout(p.retry);
    p.abort?.abort();
    if (this.pending.size === 0 && this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    return true;
  }
}
