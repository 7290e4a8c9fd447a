import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Context } from '../context.js';
import type { Notice, Subscription } from '../broker/broker.js';
import { cursorPosition } from '../broker/broker.js';
import type { WireEvent } from '../events.js';
import { badRequest, cursorExpired, rateLimited, unauthorized } from '../errors.js';
import { parse, queryInt } from '../http/validate.js';
import { me, sendError } from '../http/middleware.js';

const syncQuery = z.object({
  cursor: z.string().max(80).optional(),
  timeout: queryInt(0, 60).optional(),
  limit: queryInt(1, 500).optional(),
});

/**
 * Versioned long-poll (`GET /v1/sync`), web-WeChat style. Returns at once when the inbox has events
 * after the cursor; otherwise the request is held until a notice for the user arrives (any gate's
 * append publishes one), the timeout passes, the client goes away, the session is revoked or the
 * gate drains. Nothing polls Redis in a loop.
 */
export class LongPoll {
  readonly capabilities = { bidirectional: false, binary: false } as const;
  private readonly held = new Map<string, Set<() => void>>();

  constructor(private readonly ctx: Context) {}

  /** Releases every held poll with its unchanged cursor (drain). */
  releaseAll(): void {
    for (const set of this.held.values()) for (const release of [...set]) release();
  }

  handle = async (req: Request, res: Response): Promise<void> => {
    const { ctx } = this;
    try {
      const p = me(req);
      const q = parse(syncQuery, req.query, 'query');
      const limit = q.limit ?? 100;
      if (q.cursor === undefined) {
        res.json({ cursor: await ctx.broker.head(p.userId), events: [] });
        return;
      }
      if (!cursorPosition(q.cursor)) throw badRequest('cursor: malformed');
      const cursor = q.cursor;
      const first = await ctx.broker.read(p.userId, cursor, limit);
      if (first.kind === 'expired') throw cursorExpired(first.head);
      if (first.events.length > 0) {
        this.deliver(res, first.cursor, first.events);
        return;
      }
      await this.hold(req, res, cursor, limit, (q.timeout ?? 25) * 1000);
    } catch (err) {
      sendError(ctx, req, res, err);
    }
  };

  private async hold(req: Request, res: Response, cursor: string, limit: number, timeoutMs: number): Promise<void> {
    const { ctx } = this;
    const p = me(req);
    const mine = this.held.get(p.userId) ?? new Set<() => void>();
    if (mine.size >= ctx.config.MAX_POLLS_PER_USER) throw rateLimited(1, 'too many held polls for this user');

    let done = false;
    let timer: NodeJS.Timeout | undefined;
    let sub: Subscription | undefined;
    const ephemeral: WireEvent[] = [];
    const finish = (send: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sub?.unsubscribe();
      mine.delete(release);
      if (mine.size === 0) this.held.delete(p.userId);
      ctx.metrics.heldPolls.dec();
      if (!res.writableEnded && !res.destroyed) send();
    };
    const release = () => finish(() => this.deliver(res, cursor, []));
    const reread = () =>
      finish(() => {
        ctx.broker
          .read(p.userId, cursor, limit)
          .then((r) => {
            if (r.kind === 'expired') throw cursorExpired(r.head);
            this.deliver(res, r.cursor, [...r.events, ...ephemeral]);
          })
          .catch((err: unknown) => sendError(ctx, req, res, err));
      });
    const onNotice = (n: Notice) => {
      if (n.kind === 'kick') {
        if (n.sessionId === p.sessionId || n.sessionId === '*') finish(() => sendError(ctx, req, res, unauthorized('this device session was revoked')));
      } else if (n.kind === 'event') {
        reread();
      } else {
        ephemeral.push(n.event);
        // Let a burst of live events (or a durable one right behind) share one response.
        setTimeout(reread, 10);
      }
    };

    mine.add(release);
    this.held.set(p.userId, mine);
    ctx.metrics.heldPolls.inc();
    req.on('close', () => finish(() => {}));
    sub = await ctx.broker.subscribe(p.userId, onNotice).catch((err: unknown) => {
      finish(() => sendError(ctx, req, res, err));
      return undefined;
    });
    if (done) {
      sub?.unsubscribe();
      return;
    }
    timer = setTimeout(release, timeoutMs);
    // An event may have landed between the first read and the subscription: read once more.
    const again = await ctx.broker.read(p.userId, cursor, 1).catch(() => null);
    if (again?.kind === 'expired' || (again?.kind === 'events' && again.events.length > 0)) reread();
  }

  private deliver(res: Response, cursor: string, events: WireEvent[]): void {
    this.ctx.metrics.deliveries.inc({ transport: 'longpoll' }, events.length);
    res.json({ cursor, events });
  }
}
