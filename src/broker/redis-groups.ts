import type { Cluster, Redis } from 'ioredis';
import { decodeEvent, type DurableEvent } from '../events.js';
import {
  INBOX_COPIES,
  MAX_STREAM_GROUPS,
  type GroupEntry,
  type GroupNotice,
  type GroupRead,
  type GroupStreams,
} from './groups.js';
import type { Subscription } from './inbox.js';
import type { BrokerFault } from './faults.js';
import type { RedisConnection } from './redis-connection.js';
import { TimeoutQueue } from '../timeout-queue.js';

interface Channel {
  conversationId: string;
  listeners: Set<(n: GroupNotice) => void>;
  /** Resolves once the channel is subscribed. */
  ready: Promise<unknown>;
  /** The seq of the last entry dispatched (or the stream's end when subscribed); null until known. */
  last: number | null;
}

/** The excluded members as the scripts carry them. */
export const excludedArg = (excluded: readonly string[]): string => (excluded.length ? excluded.join(',') : '-');
const excludedOf = (arg: string): string[] => (arg === '-' || arg === '' ? [] : arg.split(','));

/**
 * Large-group streams on Redis (see GroupStreams): a stream per conversation, `{c:<id>}:gs`, whose ids
 * are `<seq>-0`, and its channel `{c:<id>}:gn` (sharded on a Cluster), both on the conversation's slot
 * like its counter; a member's rows are a hash `{u:<id>}:lg` on the user's slot. A gate subscribes to
 * a group's channel once, for all its listeners there.
 */
export class RedisGroupStreams implements GroupStreams {
  private readonly channels = new Map<string, Channel>();
  /** Channels whose last listener left, until they are dropped (a long-poll's next poll finds them live). */
  private readonly idle: TimeoutQueue<string>;

  constructor(
    private readonly redis: RedisConnection,
    private readonly maxLen: number,
    private readonly report: (fault: BrokerFault) => void,
    lingerMs = 5000,
  ) {
    const { sub, sharded } = redis;
    this.idle = new TimeoutQueue(lingerMs, (channel) => this.drop(channel));
    sub.on(sharded ? 'smessage' : 'message', (channel: string, payload: string) => this.onMessage(channel, payload));
    // Pub/sub forgets what it published while the connection was down: once resubscribed, each
    // channel's stream is read after the last entry dispatched, and what was missed goes out.
    sub.on(sharded ? 'subscribersReady' : 'ready', () => setImmediate(() => this.repairAll()));
    redis.onClose(() => {
      this.idle.clear();
      this.channels.clear();
    });
  }

  async append(entry: GroupEntry): Promise<string[]> {
    const { cmd, keys, sharded } = this.redis;
    return cmd.imGroupAppend(
      keys.conv(entry.conversationId, 'gs'),
      keys.conv(entry.conversationId, 'gn'),
      keys.conv(entry.conversationId, 'gi'),
      keys.conv(entry.conversationId, 'gt'),
      entry.seq,
      JSON.stringify(entry.event),
      excludedArg(entry.excluded),
      this.maxLen,
      sharded ? 'SPUBLISH' : 'PUBLISH',
    );
  }

  async read(conversationId: string, afterSeq: number, limit: number): Promise<GroupRead> {
    const { cmd, keys } = this.redis;
    const [expired, raw] = (await cmd.imGroupRead(
      keys.conv(conversationId, 'gs'),
      keys.conv(conversationId, 'gt'),
      afterSeq,
      limit,
    )) as [number, Array<[string, string[]]>];
    if (expired === 1) return { kind: 'expired' };
    const entries: GroupEntry[] = [];
    for (const [id, fields] of raw) {
      try {
        entries.push({
          conversationId,
          seq: Number(id.slice(0, id.indexOf('-'))),
          event: decodeEvent<DurableEvent>(fields[1] ?? '') as DurableEvent,
          excluded: excludedOf(fields[3] ?? ''),
        });
      } catch {
        this.report({ kind: 'undecodable', what: 'inbox_entry', userId: conversationId, id });
      }
    }
    return { kind: 'entries', entries };
  }

  async last(conversationIds: readonly string[]): Promise<number[]> {
    const { cmd, keys } = this.redis;
    return Promise.all(
      conversationIds.map(async (id) => {
        const top = (await cmd.xrevrange(keys.conv(id, 'gs'), '+', '-', 'COUNT', 1)) as Array<[string, string[]]>;
        return top.length ? Number(top[0]![0].split('-')[0]) : 0;
      }),
    );
  }

  async join(conversationId: string, userIds: readonly string[]): Promise<void> {
    const { cmd, keys } = this.redis;
    const [[streamLast], counter] = await Promise.all([
      this.last([conversationId]),
      cmd.get(keys.conv(conversationId, 'seq')),
    ]);
    const from = Math.max(streamLast!, Number(counter ?? 0));
    await Promise.all(
      userIds.map(async (u) => {
        const rows = await cmd.hgetall(keys.user(u, 'lg'));
        if (rows[conversationId] !== undefined) return;
        const streams = Object.values(rows).filter((v) => Number(v) !== INBOX_COPIES).length;
        if (streams < MAX_STREAM_GROUPS) {
          await cmd.hsetnx(keys.user(u, 'lg'), conversationId, String(from));
          return;
        }
        // Named among the copies first: the row then never stands without them.
        await cmd.sadd(keys.conv(conversationId, 'gi'), u);
        if ((await cmd.hsetnx(keys.user(u, 'lg'), conversationId, String(INBOX_COPIES))) === 0) {
          const now = await cmd.hget(keys.user(u, 'lg'), conversationId);
          if (Number(now) !== INBOX_COPIES) await cmd.srem(keys.conv(conversationId, 'gi'), u);
        }
      }),
    );
  }

  async ensure(conversationId: string, members: readonly string[]): Promise<boolean> {
    if (await this.followed(conversationId)) return false;
    await this.join(conversationId, members);
    return (await this.redis.cmd.set(this.redis.keys.conv(conversationId, 'gm'), '1', 'NX')) === 'OK';
  }

  /** Asked every time: the mark goes when Redis loses its data, and the rows with it. */
  async followed(conversationId: string): Promise<boolean> {
    return (await this.redis.cmd.exists(this.redis.keys.conv(conversationId, 'gm'))) === 1;
  }

  async leave(conversationId: string, userIds: readonly string[]): Promise<void> {
    const { cmd, keys } = this.redis;
    await Promise.all(userIds.map((u) => cmd.hdel(keys.user(u, 'lg'), conversationId)));
    if (userIds.length) await cmd.srem(keys.conv(conversationId, 'gi'), ...userIds);
  }

  async memberships(userId: string): Promise<Map<string, number>> {
    const h = await this.redis.cmd.hgetall(this.redis.keys.user(userId, 'lg'));
    const rows = new Map<string, number>();
    for (const [k, v] of Object.entries(h)) if (Number(v) !== INBOX_COPIES) rows.set(k, Number(v));
    return rows;
  }

  async subscribe(conversationId: string, listener: (n: GroupNotice) => void): Promise<Subscription> {
    if (this.redis.closed) throw new Error('broker closed');
    const channel = this.redis.keys.conv(conversationId, 'gn');
    let ch = this.channels.get(channel);
    if (!ch) {
      const made: Channel = { conversationId, listeners: new Set(), ready: this.command(channel, true), last: null };
      ch = made;
      this.channels.set(channel, made);
      made.ready.catch(() => {
        if (this.channels.get(channel) === made) this.channels.delete(channel);
      });
      // The position the repair reads from: the stream's end as the channel went live.
      void made.ready
        .then(() => this.last([conversationId]))
        .then(([last]) => {
          made.last ??= last!;
        })
        .catch(() => {});
    } else {
      this.idle.delete(channel);
    }
    const state = ch;
    state.listeners.add(listener);
    try {
      await state.ready;
    } catch (err) {
      state.listeners.delete(listener);
      throw err;
    }
    return {
      unsubscribe: () => {
        if (!state.listeners.delete(listener) || state.listeners.size > 0) return;
        if (this.channels.get(channel) === state) this.idle.add(channel);
      },
    };
  }

  private command(channel: string, on: boolean): Promise<unknown> {
    const { sub, sharded } = this.redis;
    if (on) return sharded ? (sub as Cluster).ssubscribe(channel) : (sub as Redis).subscribe(channel);
    return sharded ? (sub as Cluster).sunsubscribe(channel) : (sub as Redis).unsubscribe(channel);
  }

  /** A channel whose linger is over: unsubscribed unless a listener came back. */
  private drop(channel: string): void {
    const ch = this.channels.get(channel);
    if (!ch || ch.listeners.size > 0) return;
    this.channels.delete(channel);
    if (!this.redis.closed) void this.command(channel, false).catch(() => {});
  }

  private repairAll(): void {
    if (this.redis.closed) return;
    for (const [channel, ch] of this.channels) void this.repair(channel, ch).catch(() => {});
  }

  /** Dispatches what the channel's stream holds after the last entry dispatched (or seen at subscribe). */
  private async repair(channel: string, ch: Channel): Promise<void> {
    await this.command(channel, true);
    if (ch.last === null) return;
    for (let page = 0; page < 20; page++) {
      const r = await this.read(ch.conversationId, ch.last, 500);
      if (r.kind === 'expired' || this.channels.get(channel) !== ch) return;
      for (const entry of r.entries) this.dispatch(ch, { entry, prev: ch.last });
      if (r.entries.length < 500) return;
    }
  }

  private onMessage(channel: string, payload: string): void {
    const ch = this.channels.get(channel);
    if (!ch || payload[0] !== 'g') return;
    const m = /^g(\d+) (\d+) (\S+) /.exec(payload);
    const conversationId = /\{c:([^}]+)\}:gn$/.exec(channel)?.[1];
    let notice: GroupNotice | null = null;
    if (m && conversationId) {
      try {
        const event = decodeEvent<DurableEvent>(payload.slice(m[0].length)) as DurableEvent;
        notice = {
          entry: { conversationId, seq: Number(m[1]), event, excluded: excludedOf(m[3]!) },
          prev: Number(m[2]),
        };
      } catch {
        notice = null;
      }
    }
    if (!notice) {
      this.report({ kind: 'undecodable', what: 'notice', userId: conversationId ?? channel });
      return;
    }
    this.dispatch(ch, notice);
  }

  private dispatch(ch: Channel, notice: GroupNotice): void {
    const conversationId = ch.conversationId;
    // Listeners drop what they already have (a repair racing the live channel may repeat one).
    ch.last = Math.max(ch.last ?? 0, notice.entry.seq);
    for (const l of [...ch.listeners]) {
      try {
        l(notice);
      } catch (error) {
        this.report({ kind: 'listener', userId: conversationId, error });
      }
    }
  }
}
