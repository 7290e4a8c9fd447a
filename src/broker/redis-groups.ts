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
  private readonly channels = new Map<string, { listeners: Set<(n: GroupNotice) => void>; ready: Promise<unknown> }>();

  constructor(
    private readonly redis: RedisConnection,
    private readonly maxLen: number,
    private readonly report: (fault: BrokerFault) => void,
  ) {
    const { sub, sharded } = redis;
    sub.on(sharded ? 'smessage' : 'message', (channel: string, payload: string) => this.onMessage(channel, payload));
    redis.onClose(() => this.channels.clear());
  }

  async append(entry: GroupEntry): Promise<string[]> {
    const { cmd, keys, sharded } = this.redis;
    return cmd.imGroupAppend(
      keys.conv(entry.conversationId, 'gs'),
      keys.conv(entry.conversationId, 'gn'),
      keys.conv(entry.conversationId, 'gi'),
      entry.seq,
      JSON.stringify(entry.event),
      excludedArg(entry.excluded),
      this.maxLen,
      sharded ? 'SPUBLISH' : 'PUBLISH',
    );
  }

  async read(conversationId: string, afterSeq: number, limit: number): Promise<GroupRead> {
    const [last, expired, raw] = (await this.redis.cmd.imGroupRead(
      this.redis.keys.conv(conversationId, 'gs'),
      afterSeq,
      limit,
    )) as [number, number, Array<[string, string[]]>];
    if (expired === 1) return { kind: 'expired', last };
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
    return { kind: 'entries', entries, last };
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

  async ensure(conversationId: string, members: readonly string[]): Promise<void> {
    if (await this.followed(conversationId)) return;
    await this.join(conversationId, members);
    await this.redis.cmd.set(this.redis.keys.conv(conversationId, 'gm'), '1');
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
    const channel = this.redis.keys.conv(conversationId, 'gn');
    let ch = this.channels.get(channel);
    if (!ch) {
      const { sub, sharded } = this.redis;
      const ready = sharded ? (sub as Cluster).ssubscribe(channel) : (sub as Redis).subscribe(channel);
      ch = { listeners: new Set(), ready };
      this.channels.set(channel, ch);
      ready.catch(() => {
        if (this.channels.get(channel) === ch) this.channels.delete(channel);
      });
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
        if (this.channels.get(channel) !== state) return;
        this.channels.delete(channel);
        const { sub, sharded } = this.redis;
        if (this.redis.closed) return;
        void (sharded ? (sub as Cluster).sunsubscribe(channel) : (sub as Redis).unsubscribe(channel)).catch(() => {});
      },
    };
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
    for (const l of [...ch.listeners]) {
      try {
        l(notice);
      } catch (error) {
        this.report({ kind: 'listener', userId: conversationId!, error });
      }
    }
  }
}
