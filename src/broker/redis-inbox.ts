import { randomBytes } from 'node:crypto';
import type { Cluster } from 'ioredis';
import type { DurableEvent } from '../events.js';
import {
  cursorPosition,
  type EphemeralNotice,
  type InboxLimits,
  type Inboxes,
  type KickNotice,
  type NoticeListener,
  type ReadResult,
  type Subscription,
} from './inbox.js';
import type { Faults } from './faults.js';
import type { RedisConnection } from './redis-connection.js';
import { toReadResult } from './redis-codec.js';
import { NoticeHub } from './redis-notices.js';
import { keySlot } from './slot.js';

/**
 * The epoch an inbox gets if its epoch key is missing (new, or lost with Redis data). Every append
 * passes one in case, and almost none is used, so none costs a random draw: a random prefix drawn
 * once per process, and a counter, keep each distinct from every epoch made before (a lost inbox can
 * never come back under an epoch a client still holds).
 */
const EPOCH_PREFIX = randomBytes(6).toString('hex');
let epochCounter = 0;
export const freshEpoch = (): string => `${EPOCH_PREFIX}${(epochCounter++).toString(36)}`;

/** The oldest stream id the age bound keeps, now. */
export function minInboxId(maxAgeMs: number): string {
  return `${Math.max(0, Date.now() - maxAgeMs)}-0`;
}

export interface RedisInboxOptions extends InboxLimits {
  /** How long a user's notice channel stays subscribed after its last listener left (default 5 s). */
  noticeLingerMs?: number;
}

/**
 * Inboxes as Redis Streams, one per user, with a pub/sub channel per user for notices; appending and
 * publishing is one Lua script. Implements Inboxes.
 */
export class RedisInboxes implements Inboxes {
  private readonly notices: NoticeHub;

  constructor(
    private readonly redis: RedisConnection,
    private readonly opts: RedisInboxOptions,
    private readonly faults: Faults,
  ) {
    const { keys, sharded, sub, cmd } = redis;
    this.notices = new NoticeHub({
      sub,
      sharded,
      channelOf: (userId) => keys.user(userId, 'n'),
      userOf: (channel) => /\{u:([^}]+)\}:n$/.exec(channel)?.[1] ?? null,
      missed: (userId, after, sinceMs) => this.missed(userId, after, sinceMs),
      lingerMs: opts.noticeLingerMs,
      report: (fault) => faults.report(fault),
      ...(sharded ? { nodeOf: (channel: string) => (cmd as Cluster).slots[keySlot(channel)]?.[0] } : {}),
    });
    redis.onClose(() => this.notices.close());
  }

  async append(event: DurableEvent, userIds: readonly string[]): Promise<string[]> {
    const { cmd, keys, sharded } = this.redis;
    const json = JSON.stringify(event);
    const minId = minInboxId(this.opts.inboxMaxAgeMs);
    const pub = sharded ? 'SPUBLISH' : 'PUBLISH';
    return Promise.all(
      userIds.map((u) =>
        cmd.imAppend(
          keys.user(u, 'in'),
          keys.user(u, 'ep'),
          keys.user(u, 'n'),
          json,
          freshEpoch(),
          this.opts.inboxMaxLen,
          minId,
          pub,
        ),
      ),
    );
  }

  async read(userId: string, after: string | null, limit: number): Promise<ReadResult> {
    const pos = after === null ? null : cursorPosition(after);
    if (after !== null && !pos) throw new Error('malformed cursor');
    const { cmd, keys } = this.redis;
    const reply = await cmd.imRead(
      keys.user(userId, 'in'),
      keys.user(userId, 'ep'),
      pos?.epoch ?? '',
      pos ? `${pos.ms}-${pos.n}` : '0-0',
      limit,
      freshEpoch(),
    );
    return toReadResult(reply, (id) => this.faults.report({ kind: 'undecodable', what: 'inbox_entry', userId, id }));
  }

  async head(userId: string): Promise<string> {
    const r = await this.read(userId, null, 1);
    return r.kind === 'events' ? r.cursor : r.head;
  }

  async subscribe(userId: string, listener: NoticeListener): Promise<Subscription> {
    return this.notices.subscribe(userId, listener);
  }

  async publish(userIds: readonly string[], notice: EphemeralNotice | KickNotice): Promise<void> {
    const { cmd, keys, sharded } = this.redis;
    const payload = notice.kind === 'kick' ? `k${notice.sessionId}` : `p${JSON.stringify(notice.event)}`;
    await Promise.all(
      userIds.map((u) =>
        sharded ? cmd.spublish(keys.user(u, 'n'), payload) : cmd.publish(keys.user(u, 'n'), payload),
      ),
    );
  }

  /** Events a broken subscription may have missed: after `after`, else since `sinceMs` (Redis clock). */
  private async missed(
    userId: string,
    after: string | null,
    sinceMs: number,
  ): Promise<Array<DurableEvent & { cursor: string }>> {
    const PAGE = 500;
    let cursor = after;
    if (cursor === null) {
      const head = cursorPosition(await this.head(userId));
      if (!head || head.ms < sinceMs) return [];
      cursor = `${head.epoch}-${Math.max(0, sinceMs)}-0`;
    }
    const out: Array<DurableEvent & { cursor: string }> = [];
    let restarted = false;
    for (let page = 0; page < 20; page++) {
      const r = await this.read(userId, cursor, PAGE);
      if (r.kind === 'expired') {
        // The inbox was lost (or trimmed past the cursor): what it holds now is all there is to give.
        const head = cursorPosition(r.head);
        if (restarted || !head || head.epoch === cursorPosition(cursor)?.epoch) return out;
        restarted = true;
        cursor = `${head.epoch}-0-0`;
        continue;
      }
      out.push(...r.events);
      if (r.events.length < PAGE) break;
      cursor = r.cursor;
    }
    return out;
  }
}
