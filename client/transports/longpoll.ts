import { ImError } from '../errors.js';
import {
  asEvent,
  type Transport,
  type TransportContext,
  type TransportFactory,
  type TransportSink,
} from './transport.js';

/** Seconds a poll is held by the server. */
const HOLD_SEC = 25;

/**
 * Versioned long-poll over `GET /v1/sync`: one request at a time, each resuming from the cursor the
 * previous one returned. The first poll does not wait (timeout 0), so the transport reports itself
 * live as soon as the gate has answered once. Not bidirectional: sends go over REST.
 */
class LongPollTransport implements Transport {
  readonly name = 'longpoll' as const;
  readonly capabilities = { bidirectional: false } as const;
  private readonly abort = new AbortController();
  private done = false;

  constructor(
    private readonly ctx: TransportContext,
    private readonly sink: TransportSink,
  ) {
    void this.run();
  }

  send(): boolean {
    return false;
  }

  close(): void {
    this.done = true;
    this.abort.abort();
  }

  private async run(): Promise<void> {
    let cursor = this.ctx.cursor;
    let opened = false;
    while (!this.done) {
      try {
        const r = await this.ctx.sync(cursor, opened ? HOLD_SEC : 0, this.abort.signal);
        if (this.done) return;
        if (!opened) {
          opened = true;
          this.sink.open(cursor === undefined ? r.cursor : undefined);
        }
        for (const raw of r.events) {
          const ev = asEvent(raw);
          if (ev) this.sink.event(ev);
          if (this.done) return;
        }
        cursor = r.cursor;
        this.sink.cursor(r.cursor);
      } catch (err) {
        if (this.done) return;
        const e = err instanceof ImError ? err : new ImError('network', String(err));
        if (e.code === 'cursor_expired' && typeof e.body.cursor === 'string') {
          cursor = e.body.cursor;
          if (!opened) {
            opened = true;
            this.sink.open();
          }
          this.sink.expired(cursor);
          continue;
        }
        this.done = true;
        this.sink.closed({
          action: e.status === 401 ? 'auth' : 'backoff',
          opened,
          code: e.status || undefined,
          reason: e.message,
        });
        return;
      }
    }
  }
}

/** Long-poll needs nothing but fetch, so it is always available. */
export const longPoll: TransportFactory = {
  name: 'longpoll',
  capabilities: { bidirectional: false },
  available: true,
  start: (ctx, sink) => new LongPollTransport(ctx, sink),
};
