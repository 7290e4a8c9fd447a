import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Context } from '../context.js';
import { cursorPosition, type Notice, type Subscription } from '../broker/inbox.js';
import { jsonTextOf, type WireEvent } from '../events.js';
import { badRequest, cursorExpired, rateLimited, unauthorized } from '../errors.js';
import type { Principal } from '../services/auth.js';
import { parse, queryInt } from '../http/validate.js';
import { me, sendError, writeJson } from '../http/middleware.js';
import { TimeoutQueue } from '../timeout-queue.js';
import { OneOrSetMap } from '../one-or-set.js';
import type { SyncAnswer } from '../http/answers.js';
import { Feeds } from './feeds.js';
import { PollPresence } from './poll-presence.js';
import type { Presence } from './presence.js';

/** The bounds of a poll's query: its cursor's length, how long it may be held (s), how many events it takes. */
const CURSOR_MAX = 80;
const TIMEOUT_S = { min: 0, max: 60 };
const LIMIT = { min: 1, max: 500 };

export const syncQuery = z.object({
  cursor: z.string().max(CURSOR_MAX).optional(),
  timeout: queryInt(TIMEOUT_S.min, TIMEOUT_S.max).optional(),
  limit: queryInt(LIMIT.min, LIMIT.max).optional(),
});

type SyncQuery = z.infer<typeof syncQuery>;

/** A cursor of the characters cursors are made of: no text problem can hide in it. */
const PLAIN_CURSOR = new RegExp(`^[A-Za-z0-9_.-]{0,${CURSOR_MAX}}$`);
const DIGITS = /^\d{1,15}$/;
const inRange = (v: unknown, { min, max }: { min: number; max: number }): boolean =>
  v === undefined || (typeof v === 'string' && DIGITS.test(v) && Number(v) >= min && Number(v) <= max);

/**
 * `syncQuery`, applied as `parse` applies it. A query whose fields are plainly in order (the query of
 * every poll a client makes) is taken by hand, since a poll per message is the hottest request there
 * is; anything else goes through the schema, so every refusal and its message are the schema's.
 */
export function parseSyncQuery(query: unknown): SyncQuery {
  if (typeof query === 'object' && query !== null && !Array.isArray(query)) {
    const { cursor, timeout, limit } = query as Record<string, unknown>;
    if (
      (cursor === undefined || (typeof cursor === 'string' && PLAIN_CURSOR.test(cursor))) &&
      inRange(timeout, TIMEOUT_S) &&
      inRange(limit, LIMIT)
    ) {
      // A field given as undefined is kept as such, as the schema keeps it.
      const out: SyncQuery = {};
      if ('cursor' in query) out.cursor = cursor as string | undefined;
      if ('timeout' in query) out.timeout = timeout === undefined ? undefined : Number(timeout);
      if ('limit' in query) out.limit = limit === undefined ? undefined : Number(limit);
      return out;
    }
  }
  return parse(syncQuery, query, 'query');
}

/** How long a held poll waits after a live-only event for more (or a durable one right behind) to share its answer. */
const EPHEMERAL_LINGER_MS = 10;

/**
 * Versioned long-poll (`GET /v1/sync`), web-WeChat style. Returns at once when the inbox has events
 * after the cursor; otherwise the request is held until a notice for the user arrives (any gate's
 * append publishes one), the timeout passes, the client goes away, the session is revoked or the
 * gate drains. Nothing polls Redis in a loop.
 */
export class LongPoll {
  /** Each user's held polls here. */
  private readonly held = new OneOrSetMap<string, HeldPoll>();
  /** The timeouts of held polls, one queue (and timer) per distinct timeout. */
  readonly timeouts = new Map<number, TimeoutQueue<HeldPoll>>();
  /** Each polling user's notices and recent events on this gate: most polls are answered from memory. */
  readonly feeds: Feeds;
  /** The deliveries counter of this transport (its label looked up once). */
  private readonly deliveries: { inc(n: number): void };

  /** Long-polling devices count as online (presence.ts). */
  readonly presence: PollPresence;

  constructor(
    readonly ctx: Context,
    presence: Presence,
  ) {
    this.feeds = new Feeds(ctx.inboxes, ctx.config.NOTICE_LINGER_MS);
    this.deliveries = ctx.metrics.deliveries.labels('longpoll');
    this.presence = new PollPresence(presence);
  }

  /** Releases every held poll with its unchanged cursor (drain). */
  releaseAll(): void {
    const all = this.held.all();
    for (const poll of all) poll.release();
  }

  /** Releases every held poll and drops the feeds (the gate stops). */
  close(): void {
    this.releaseAll();
    this.feeds.close();
  }

  /** The express route (a request the gate's hot path did not take, e.g. a cross-origin one). */
  handle = async (req: Request, res: Response): Promise<void> => {
    let p: Principal;
    try {
      p = me(req);
    } catch (err) {
      return sendError(this.ctx, req, res, err);
    }
    // The router's state for going on to the next handler (its closures, the mount's saved params)
    // hangs off the request while it is held; a poll never goes on.
    req.next = undefined;
    return this.poll(req, res, p, req.query);
  };

  /** Answers a poll of `p` (authenticated) with `query` (cursor, timeout, limit) on a plain node request. */
  async poll(req: IncomingMessage, res: ServerResponse, p: Principal, query: unknown): Promise<void> {
    const { ctx } = this;
    let held = false;
    this.presence.began(p);
    try {
      const q = parseSyncQuery(query);
      const limit = q.limit ?? 100;
      if (q.cursor === undefined) {
        writeJson(res, 200, { cursor: await ctx.inboxes.head(p.userId), events: [] } satisfies SyncAnswer);
        return;
      }
      if (!cursorPosition(q.cursor)) throw badRequest('cursor: malformed');
      const cursor = q.cursor;
      const first = await this.feeds.read(p.userId, cursor, limit);
      if (first.kind === 'expired') throw cursorExpired(first.head);
      if (first.events.length > 0) {
        this.deliver(res, first.cursor, first.events);
        return;
      }
      held = this.hold(req, res, p, cursor, limit, (q.timeout ?? 25) * 1000);
    } catch (err) {
      sendError(ctx, req, res, err);
    } finally {
      // A held poll's end is told by the poll itself, when it finishes.
      if (!held) this.presence.ended(p);
    }
  }

  /**
   * Holds the poll until a notice, its timeout, the client's leaving or a drain. True once it is held
   * (from then on the poll answers, and ends its presence, by itself).
   */
  private hold(
    req: IncomingMessage,
    res: ServerResponse,
    p: Principal,
    cursor: string,
    limit: number,
    timeoutMs: number,
  ): boolean {
    const { ctx } = this;
    if (this.held.count(p.userId) >= ctx.config.MAX_POLLS_PER_USER)
      throw rateLimited(1, 'too many held polls for this user');

    const poll = new HeldPoll(this, p, res, cursor, limit);
    this.held.add(p.userId, poll);
    ctx.metrics.heldPolls.inc();
    // A client that went away before this (while its token or inbox was read) ends the poll now.
    if (res.destroyed) {
      poll.finish();
      return true;
    }
    pollOf.set(req, poll);
    req.on('close', onRequestClose);
    void this.listen(poll, p, cursor, timeoutMs);
    return true;
  }

  /** Subscribes a held poll to its user's feed, then waits for the first notice (or its timeout). */
  private async listen(poll: HeldPoll, p: Principal, cursor: string, timeoutMs: number): Promise<void> {
    let sub: Subscription | undefined;
    try {
      sub = await this.feeds.subscribe(p.userId, poll.listener);
    } catch (err) {
      poll.fail(err);
      return;
    }
    if (!poll.subscribed(sub)) return;
    poll.startTimer(timeoutMs);
    // An event may have landed between the first read and the subscription: read once more.
    const again = await this.feeds.read(p.userId, cursor, 1).catch(() => null);
    if (again?.kind === 'expired' || (again?.kind === 'events' && again.events.length > 0)) poll.reread();
  }

  /** Forgets a poll that has finished. */
  forget(poll: HeldPoll): void {
    if (!this.held.delete(poll.principal.userId, poll)) return;
    this.ctx.metrics.heldPolls.dec();
    this.presence.ended(poll.principal);
  }

  /**
   * Answers `{cursor, events}`. The events' JSON is the text they were read in (events.ts), so the
   * answer is assembled, not serialised again.
   */
  deliver(res: ServerResponse, cursor: string, events: WireEvent[]): void {
    if (events.length > 0) this.deliveries.inc(events.length);
    let text = `{"cursor":${JSON.stringify(cursor)},"events":[`;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      text += (i ? ',' : '') + (jsonTextOf(e) ?? JSON.stringify(e));
    }
    text += ']}';
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.end(text);
  }
}

/** The held poll of each held request, for the request's shared close listener. */
const pollOf = new WeakMap<IncomingMessage, HeldPoll>();

/** The client went away (or the answer is out): a held poll ends with nothing to send. */
function onRequestClose(this: IncomingMessage): void {
  pollOf.get(this)?.finish();
}

/** Times a held poll out: it answers with its unchanged cursor. */
const release = (poll: HeldPoll): void => poll.release();

/**
 * One held poll. It holds no closures of its own: the request's close listener is shared, its
 * notice listener is its own method bound to it, and its timeout is in a queue shared with the
 * polls of the same timeout.
 */
class HeldPoll {
  /** Its notice listener (one function per subscription, as the broker wants). */
  readonly listener: (n: Notice) => void = this.onNotice.bind(this);
  private done = false;
  private sub: Subscription | undefined;
  /** The queue of its timeout, once it waits for it. */
  private timeout: TimeoutQueue<HeldPoll> | undefined;
  /** Live-only events heard while held (made when the first one is). */
  private ephemeral: WireEvent[] | null = null;
  /** An answer is due once the notices read with this one are in. */
  private waking = false;

  constructor(
    private readonly owner: LongPoll,
    readonly principal: Principal,
    private readonly res: ServerResponse,
    private readonly cursor: string,
    private readonly limit: number,
  ) {}

  /** Keeps the subscription; false when the poll finished meanwhile (the subscription is then dropped). */
  subscribed(sub: Subscription): boolean {
    if (this.done) {
      sub.unsubscribe();
      return false;
    }
    this.sub = sub;
    return true;
  }

  startTimer(ms: number): void {
    if (this.done) return;
    const { timeouts } = this.owner;
    let q = timeouts.get(ms);
    if (!q) timeouts.set(ms, (q = new TimeoutQueue(ms, release)));
    q.add(this);
    this.timeout = q;
  }

  /** Answers with the unchanged cursor (timeout, drain). */
  release(): void {
    if (this.finish()) this.owner.deliver(this.res, this.cursor, []);
  }

  /** Answers with what the inbox holds after the cursor, and the live-only events heard. */
  reread(): void {
    if (!this.finish()) return;
    const { ctx, feeds } = this.owner;
    feeds
      .read(this.principal.userId, this.cursor, this.limit)
      .then((r) => {
        if (r.kind === 'expired') throw cursorExpired(r.head);
        this.owner.deliver(this.res, r.cursor, this.ephemeral ? [...r.events, ...this.ephemeral] : r.events);
      })
      .catch((err: unknown) => sendError(ctx, this.res.req, this.res, err));
  }

  /** Answers on the next turn of the event loop, once, with every event that is in by then. */
  wake(): void {
    if (this.waking || this.done) return;
    this.waking = true;
    setImmediate(rereadPoll, this);
  }

  /** Answers with an error. */
  fail(err: unknown): void {
    if (this.finish()) sendError(this.owner.ctx, this.res.req, this.res, err);
  }

  /** Ends the poll: no more timer, notices or place among the held; true when it may still answer (once). */
  finish(): boolean {
    if (this.done) return false;
    this.done = true;
    this.timeout?.delete(this);
    this.timeout = undefined;
    this.sub?.unsubscribe();
    this.sub = undefined;
    this.owner.forget(this);
    return !this.res.writableEnded && !this.res.destroyed;
  }

  private onNotice(n: Notice): void {
    if (n.kind === 'kick') {
      if (n.sessionId === this.principal.sessionId || n.sessionId === '*')
        this.fail(unauthorized('this device session was revoked'));
    } else if (n.kind === 'event') {
      // The device's own messages wake it too: a poll's device sends over REST, and another tab of
      // it may be the one that sent. The answer waits for the notices that came in the same read
      // from Redis, so that a burst goes out as one answer.
      this.wake();
    } else {
      (this.ephemeral ??= []).push(n.event);
      // Let a burst of live events (or a durable one right behind) share one response.
      setTimeout(rereadPoll, EPHEMERAL_LINGER_MS, this);
    }
  }
}

function rereadPoll(poll: HeldPoll): void {
  poll.reread();
}
