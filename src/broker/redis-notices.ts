import type { Cluster, Redis } from 'ioredis';
import type { DurableEvent } from '../events.js';
import type { BrokerFault } from './faults.js';
import type { Notice, NoticeListener, Subscription } from './inbox.js';
import { parseNotice } from './redis-codec.js';
import { TimeoutQueue } from '../timeout-queue.js';
import { valuesOf, withOne, withoutOne, type OneOrSet } from '../one-or-set.js';

/** What the hub needs from the broker around it. */
export interface NoticeHubDeps {
  /** The client that subscribes: a single-node connection, or a Cluster with sharded subscribers. */
  sub: Redis | Cluster;
  /** Sharded pub/sub (SSUBSCRIBE, 'smessage') instead of the classic one. */
  sharded: boolean;
  channelOf(userId: string): string;
  userOf(channel: string): string | null;
  /** Cluster only: the node (`host:port`) that serves a channel's slot now, as the client knows it. */
  nodeOf?(channel: string): string | undefined;
  /**
   * Durable events of a user's inbox after `after`; with `after` null, those appended since
   * `sinceMs` (by the Redis clock). May return events the listeners had already: they drop those.
   */
  missed(userId: string, after: string | null, sinceMs: number): Promise<Array<DurableEvent & { cursor: string }>>;
  /** How long a channel stays subscribed after its last listener left (default LINGER_MS). */
  lingerMs?: number | undefined;
  /** Told of what the hub survives without a caller to tell: a listener that threw, a notice that did not decode. */
  report(fault: BrokerFault): void;
}

interface UserState {
  /** One listener (a user mostly has one connection per gate) or several; none only while being dropped. */
  listeners: OneOrSet<NoticeListener> | undefined;
  /** Resolves once the user's channel is subscribed (then a shared settled promise). */
  ready: Promise<unknown>;
  /** Cursor of the last durable event dispatched to the listeners. */
  last: string | null;
  /** Notices held back while a broken subscription is repaired (null: delivered at once). */
  held: Notice[] | null;
  /** Cluster only: the node the subscription was made on. */
  node: string | undefined;
}

/** What a subscriber holds: the hub, the user and its listener (no closure per subscriber). */
class HubSubscription implements Subscription {
  constructor(
    private readonly hub: NoticeHub,
    private readonly userId: string,
    private readonly state: UserState,
    private readonly listener: NoticeListener,
  ) {}

  unsubscribe(): void {
    this.hub.remove(this.userId, this.state, this.listener);
  }
}

const SUBSCRIBED: Promise<unknown> = Promise.resolve();

/**
 * How long a user's channel stays subscribed after its last listener left. A long-poll client polls
 * again as soon as an answer arrives, and an EventSource reconnects after its retry time: either finds
 * the channel live, instead of an UNSUBSCRIBE and a SUBSCRIBE (with its round trip) per poll.
 */
const LINGER_MS = 5_000;

/** Notices buffered per user during a repair; beyond that only kicks are kept (events are re-read anyway). */
const HOLD_MAX = 1000;
/** Repairs start this far before the break was seen: the Redis clock (stream ids) may run behind ours. */
const CLOCK_MARGIN_MS = 5000;
const REPAIR_RETRY_MS = 1000;
const FIRST_REPAIR_MS = 200;
const REPAIR_CONCURRENCY = 16;

/**
 * The live side of the Redis broker: one pub/sub subscription per user with local listeners.
 *
 * Pub/sub forgets what it published while a subscriber's connection was down (a Redis restart, a
 * Cluster failover, a dropped socket). ioredis resubscribes on its own, but a notice published in
 * between is gone, and a listener that then hears a later one cannot tell that one is missing. So
 * when a subscription breaks, every user's notices are held back; once the client has resubscribed,
 * each user's channel is confirmed live, the inbox is read after the last dispatched cursor (or
 * since the break), those events are dispatched, then what was held. Listeners drop what they have.
 */
export class NoticeHub {
  private readonly users = new Map<string, UserState>();
  /** Users whose last listener left, until their channel is dropped. */
  private readonly idle: TimeoutQueue<string>;
  private readonly chains = new Map<string, Promise<unknown>>();
  private brokenSince: number | null = null;
  private repairing = false;
  private repairAgain = false;
  /** The next repair attempt, when one is scheduled. */
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly deps: NoticeHubDeps) {
    this.idle = new TimeoutQueue(deps.lingerMs ?? LINGER_MS, (userId) => this.drop(userId));
    const { sub, sharded } = deps;
    sub.on(sharded ? 'smessage' : 'message', (channel: string, payload: string) => this.onMessage(channel, payload));
    if (sharded) {
      // A sharded subscriber's connection ended: '-node' with a node key comes from the subscriber
      // group (the pool's own '-node' has none). Only the users served by that node are affected.
      sub.on('-node', (_redis: unknown, nodeKey?: string) => {
        if (nodeKey !== undefined) this.broken((userId, st) => st.node === nodeKey || this.nodeOf(userId) === nodeKey);
      });
      // After a topology change (failover, resharding) users whose slot moved were resubscribed on
      // the new owner by the client; what was published in between is repaired.
      sub.on('subscribersReady', () =>
        setImmediate(() => {
          this.broken((userId, st) => st.node !== undefined && this.nodeOf(userId) !== st.node);
          void this.repair();
        }),
      );
    } else {
      sub.on('close', () => this.broken(() => true));
      sub.on('ready', () => setImmediate(() => void this.repair()));
    }
  }

  /** Adds a listener; resolves once the user's channel is live, rejects when subscribing failed. */
  async subscribe(userId: string, listener: NoticeListener): Promise<Subscription> {
    if (this.closed) throw new Error('broker closed');
    let st = this.users.get(userId);
    if (!st) {
      const channel = this.deps.channelOf(userId);
      st = {
        listeners: undefined,
        ready: this.command(channel, 'subscribe'),
        last: null,
        held: null,
        node: this.nodeOf(userId),
      };
      this.users.set(userId, st);
    } else if (st.listeners === undefined) {
      this.idle.delete(userId);
    }
    const state = st;
    state.listeners = withOne(state.listeners, listener);
    const ready = state.ready;
    try {
      await ready;
    } catch (err) {
      const rest = withoutOne(state.listeners, listener);
      if (rest !== false) state.listeners = rest;
      if (this.users.get(userId) === state) {
        this.users.delete(userId);
        void this.command(this.deps.channelOf(userId), 'unsubscribe').catch(() => {});
      }
      throw err;
    }
    // The subscribe reply is not kept for the life of the subscription.
    if (state.ready === ready) state.ready = SUBSCRIBED;
    state.node ??= this.nodeOf(userId);
    return new HubSubscription(this, userId, state, listener);
  }

  /** Drops one listener of a user (a subscription's `unsubscribe`); the channel goes a while after the last one (LINGER_MS). */
  remove(userId: string, state: UserState, listener: NoticeListener): void {
    const rest = withoutOne(state.listeners, listener);
    if (rest === false) return;
    state.listeners = rest;
    if (rest !== undefined || this.users.get(userId) !== state || this.closed) return;
    this.idle.add(userId);
  }

  /** Forgets a user whose linger is over (or cut short) and unsubscribes its channel. */
  private drop(userId: string): void {
    const st = this.users.get(userId);
    if (!st || st.listeners !== undefined) return;
    this.users.delete(userId);
    // Skipped when the user was subscribed again meanwhile (that subscription reuses the channel).
    void this.command(this.deps.channelOf(userId), 'unsubscribe', () => !this.users.has(userId)).catch(() => {});
  }

  /** Runs (un)subscribe commands of one channel strictly in order. */
  private command(
    channel: string,
    op: 'subscribe' | 'unsubscribe',
    when: () => boolean = () => true,
  ): Promise<unknown> {
    const { sub, sharded } = this.deps;
    const prev = this.chains.get(channel) ?? Promise.resolve();
    const p = prev.then(() => {
      if (!when() || this.closed) return undefined;
      if (op === 'subscribe') return sharded ? (sub as Cluster).ssubscribe(channel) : (sub as Redis).subscribe(channel);
      return sharded ? (sub as Cluster).sunsubscribe(channel) : (sub as Redis).unsubscribe(channel);
    });
    const settled = p.catch(() => {});
    this.chains.set(channel, settled);
    void settled.then(() => {
      if (this.chains.get(channel) === settled) this.chains.delete(channel);
    });
    return p;
  }

  private onMessage(channel: string, payload: string): void {
    const userId = this.deps.userOf(channel);
    const st = userId === null ? undefined : this.users.get(userId);
    if (userId === null || !st) return;
    const notice = parseNotice(payload);
    if (!notice) {
      this.deps.report({ kind: 'undecodable', what: 'notice', userId });
      return;
    }
    if (st.held) {
      st.held.push(notice);
      if (st.held.length > HOLD_MAX) st.held = st.held.filter((n) => n.kind === 'kick');
      return;
    }
    this.deliver(userId, st, notice);
  }

  private deliver(userId: string, st: UserState, notice: Notice): void {
    if (notice.kind === 'event') st.last = notice.event.cursor;
    for (const l of valuesOf(st.listeners)) {
      try {
        l(notice);
      } catch (error) {
        // One failing listener must not starve the others (nor throw into the Redis client).
        this.deps.report({ kind: 'listener', userId, error });
      }
    }
  }

  private nodeOf(userId: string): string | undefined {
    return this.deps.nodeOf?.(this.deps.channelOf(userId));
  }

  /** Holds back the notices of the users whose subscription `affected` says may have lost some. */
  private broken(affected: (userId: string, st: UserState) => boolean): void {
    if (this.closed) return;
    // Users nobody listens to are not repaired: their channels go now.
    this.idle.flush();
    let any = false;
    for (const [userId, st] of this.users) {
      if (st.held === null && !affected(userId, st)) continue;
      st.held ??= [];
      any = true;
    }
    if (!any) return;
    this.brokenSince ??= Date.now();
    // Users whose channels live on nodes that still answer need not wait until the client has
    // given up on the lost one (a dead host takes its connect timeout): a first pass releases them.
    this.scheduleRepair(FIRST_REPAIR_MS);
  }

  private scheduleRepair(ms: number): void {
    if (this.retry || this.closed) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.repair();
    }, ms);
    this.retry.unref();
  }

  private async repair(): Promise<void> {
    if (this.closed || this.brokenSince === null) return;
    if (this.repairing) {
      this.repairAgain = true;
      return;
    }
    this.repairing = true;
    clearTimeout(this.retry);
    this.retry = undefined;
    const since = this.brokenSince - CLOCK_MARGIN_MS;
    this.brokenSince = null;
    let failed = false;
    try {
      const todo = [...this.users].filter(([, st]) => st.held !== null);
      const work = async () => {
        for (let next = todo.shift(); next; next = todo.shift()) {
          const [userId, st] = next;
          // After a failure the node is likely still down: the rest waits for the next attempt
          // rather than each taking the client's full retry time.
          if (this.closed || failed) return;
          try {
            await this.repairUser(userId, st, since);
          } catch {
            failed = true; // held notices stay held; the next attempt reads from the same cursor
          }
        }
      };
      await Promise.all(Array.from({ length: REPAIR_CONCURRENCY }, work));
    } finally {
      this.repairing = false;
    }
    if (this.closed) return;
    if (failed) {
      this.brokenSince = Math.min(this.brokenSince ?? Infinity, since + CLOCK_MARGIN_MS);
      this.scheduleRepair(REPAIR_RETRY_MS);
    } else if (this.repairAgain) {
      this.repairAgain = false;
      await this.repair();
    }
  }

  private async repairUser(userId: string, st: UserState, since: number): Promise<void> {
    // Subscribing again is a no-op for Redis; its reply comes after the client's own resubscribe on
    // that connection, so from here on nothing published for the user can be missed.
    await this.command(this.deps.channelOf(userId), 'subscribe');
    st.node = this.nodeOf(userId);
    const events = await this.deps.missed(userId, st.last, since);
    if (this.users.get(userId) !== st || this.closed) return;
    const held = st.held ?? [];
    st.held = null;
    for (const event of events) this.deliver(userId, st, { kind: 'event', event });
    for (const n of held) this.deliver(userId, st, n);
  }

  /** Stops delivering; pending subscriptions end with the client. */
  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.idle.clear();
    this.users.clear();
  }
}
