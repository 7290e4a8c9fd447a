import { randomBytes } from 'node:crypto';
import { Redis, Cluster, type ClusterNode } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { DurableEvent } from '../events.js';
import { APPEND, READ, SEQUENCE, SEND, PRESENCE_ADD, PRESENCE_SETTLE } from './lua.js';
import { messagePieces, parseEntries, toReadResult } from './redis-codec.js';
import { NoticeHub } from './redis-notices.js';
import { keySlot } from './slot.js';
import {
  numbered,
  sendInSteps,
  shardOf,
  type Broker,
  type EphemeralNotice,
  type KickNotice,
  type LogEntry,
  type LogRecord,
  type MessageSend,
  type NoticeListener,
  type PresenceState,
  type ReadResult,
  type SendOutcome,
  type Sequenced,
  type Subscription,
} from './broker.js';
import { cursorPosition } from './broker.js';
import { RateLimits } from './rate-limits.js';

export interface RedisBrokerOptions {
  /** A single-node URL; ignored when `clusterNodes` is given. */
  url?: string;
  /**
   * Seed nodes of a Redis Cluster: switches to cluster mode. Every key of one user, of one
   * conversation and of one log shard shares a hash tag, so each script and each multi-key command
   * stays on one slot; notifications use sharded pub/sub (SPUBLISH from the append script, one
   * SSUBSCRIBE connection per master), which does not broadcast every message over the cluster bus.
   */
  clusterNodes?: ClusterNode[];
  /** Shown in CLIENT LIST for this broker's connections (letters, digits and -_.: only). */
  name?: string;
  prefix: string;
  inboxMaxLen: number;
  inboxMaxAgeMs: number;
  dedupTtlSec: number;
  logShards: number;
  /** How long a user's notice channel stays subscribed after its last listener left (default 5 s). */
  noticeLingerMs?: number;
}

type Client = Redis | Cluster;

interface Scripts {
  imAppend(
    inbox: string,
    epoch: string,
    channel: string,
    json: string,
    fresh: string,
    maxLen: number,
    minId: string,
    pub: string,
  ): Promise<string>;
  imRead(
    inbox: string,
    epoch: string,
    curEpoch: string,
    curId: string,
    limit: number,
    fresh: string,
  ): Promise<unknown[]>;
  imSequence(counter: string, dedup: string, now: number, ttl: number): Promise<[number, string?]>;
  imSend(numKeys: number, ...args: Array<string | number>): Promise<[number, string | number | undefined]>;
  imPresenceAdd(set: string, flag: string, connId: string, expiry: number, now: number): Promise<number>;
  imPresenceSettle(set: string, flag: string, lastSeen: string, now: number): Promise<number>;
}

const GROUP = 'writers';
/** Recipients appended inside the send script; a larger group's inboxes follow in their own appends. */
const SEND_SCRIPT_RECIPIENTS = 64;

/** Fresh epochs are random: a lost inbox can never come back under an epoch a client still holds. */
/**
 * The epoch an inbox gets if its epoch key is missing (new, or lost with Redis data). Every send
 * passes one in case, and almost none is used, so none costs a random draw: a random prefix drawn
 * once per process, and a counter, keep each distinct from every epoch made before.
 */
const EPOCH_PREFIX = randomBytes(6).toString('hex');
let epochCounter = 0;
const freshEpoch = () => `${EPOCH_PREFIX}${(epochCounter++).toString(36)}`;

/** The production broker: one Redis Stream per user inbox, Lua for every multi-key step. Implements Broker. */
export class RedisBroker implements Broker {
  readonly kind = 'redis' as const;
  readonly logShards: number;
  private readonly cmd: Client & Scripts;
  private readonly sub: Client;
  private readonly notices: NoticeHub;
  private readonly limits = new RateLimits(
    (name, limit, windowSec) =>
      new RateLimiterRedis({
        storeClient: this.cmd,
        keyPrefix: `${this.opts.prefix}rl:${name}`,
        points: limit,
        duration: windowSec,
      }),
  );
  private readonly sharded: boolean;
  private readonly groupsReady = new Set<number>();
  /** XREADGROUP BLOCK holds its connection: each shard's writer loop gets one of its own. */
  private readonly blocking = new Map<number, Client>();
  private closed = false;
  /**
   * Called by close(): each ends one blocked read that a disconnect alone would leave hanging. One
   * waiter per read, removed when it settles: a reaction left on a promise that lives as long as the
   * broker would keep every reply it raced (whole log batches) alive.
   */
  private readonly closeWaiters = new Set<() => void>();

  constructor(private readonly opts: RedisBrokerOptions) {
    this.logShards = opts.logShards;
    this.sharded = !!opts.clusterNodes?.length;
    this.cmd = this.connect(false) as Client & Scripts;
    // A Cluster subscribes over connections of its own (one per master, made as channels need them),
    // so its command client serves; a single node needs a second connection in subscriber mode.
    this.sub = this.sharded ? this.cmd : this.connect(false);
    this.cmd.defineCommand('imAppend', { numberOfKeys: 3, lua: APPEND });
    this.cmd.defineCommand('imRead', { numberOfKeys: 2, lua: READ });
    this.cmd.defineCommand('imSequence', { numberOfKeys: 2, lua: SEQUENCE });
    this.cmd.defineCommand('imSend', { lua: SEND });
    this.cmd.defineCommand('imPresenceAdd', { numberOfKeys: 2, lua: PRESENCE_ADD });
    this.cmd.defineCommand('imPresenceSettle', { numberOfKeys: 3, lua: PRESENCE_SETTLE });
    // RateLimiterRedis defines its script on the client when constructed. Defined later, while an
    // auto-pipeline is being filled, that pipeline lacks the command and ioredis hands its replies to
    // the wrong callers (then throws). Defining it once here, before any command, avoids that.
    new RateLimiterRedis({ storeClient: this.cmd, points: 1, duration: 1 });
    this.notices = new NoticeHub({
      sub: this.sub,
      sharded: this.sharded,
      channelOf: (userId) => this.user(userId, 'n'),
      userOf: (channel) => /\{u:([^}]+)\}:n$/.exec(channel)?.[1] ?? null,
      missed: (userId, after, sinceMs) => this.missed(userId, after, sinceMs),
      lingerMs: this.opts.noticeLingerMs,
      ...(this.sharded ? { nodeOf: (channel: string) => (this.cmd as Cluster).slots[keySlot(channel)]?.[0] } : {}),
    });
  }

  /**
   * A new client. Auto-pipelining batches the commands issued in one tick into one round trip (per
   * node on a Cluster, which groups them by slot owner); a blocking client must not share its
   * connection, so it gets none. Errors are not thrown at the process: the client reconnects on its
   * own and callers see the failed commands.
   */
  private connect(blocking: boolean): Client {
    const { clusterNodes, name } = this.opts;
    const node = { maxRetriesPerRequest: 2, ...(name ? { connectionName: name } : {}) };
    const c: Client = clusterNodes?.length
      ? new Cluster(clusterNodes, {
          enableAutoPipelining: !blocking,
          // ioredis would batch these into a node's command pipeline, putting that command connection
          // (not the sharded subscriber's) into subscriber mode: they must go their own way.
          autoPipeliningIgnoredCommands: ['ssubscribe', 'sunsubscribe'],
          shardedSubscribers: !blocking,
          redisOptions: node,
        })
      : new Redis(this.opts.url ?? 'redis://127.0.0.1:6379', { enableAutoPipelining: !blocking, ...node });
    c.on('error', () => {});
    return c;
  }

  /** The raw command client, for tests and tools that must reach Redis directly. */
  get client(): Client {
    return this.cmd;
  }

  private user(id: string, what: string): string {
    return `${this.opts.prefix}{u:${id}}:${what}`;
  }
  private conv(id: string, what: string): string {
    return `${this.opts.prefix}{c:${id}}:${what}`;
  }
  private logKey(shard: number): string {
    return `${this.opts.prefix}{log:${shard}}`;
  }

  async append(event: DurableEvent, userIds: readonly string[]): Promise<string[]> {
    const json = JSON.stringify(event);
    const minId = this.minId();
    const pub = this.sharded ? 'SPUBLISH' : 'PUBLISH';
    return Promise.all(
      userIds.map((u) =>
        this.cmd.imAppend(
          this.user(u, 'in'),
          this.user(u, 'ep'),
          this.user(u, 'n'),
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
    const reply = await this.cmd.imRead(
      this.user(userId, 'in'),
      this.user(userId, 'ep'),
      pos?.epoch ?? '',
      pos ? `${pos.ms}-${pos.n}` : '0-0',
      limit,
      freshEpoch(),
    );
    return toReadResult(reply);
  }

  async head(userId: string): Promise<string> {
    const r = await this.read(userId, null, 1);
    return r.kind === 'events' ? r.cursor : r.head;
  }

  async subscribe(userId: string, listener: NoticeListener): Promise<Subscription> {
    return this.notices.subscribe(userId, listener);
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

  async publish(userIds: readonly string[], notice: EphemeralNotice | KickNotice): Promise<void> {
    const payload = notice.kind === 'kick' ? `k${notice.sessionId}` : `p${JSON.stringify(notice.event)}`;
    await Promise.all(
      userIds.map((u) =>
        this.sharded ? this.cmd.spublish(this.user(u, 'n'), payload) : this.cmd.publish(this.user(u, 'n'), payload),
      ),
    );
  }

  async sequence(
    conversationId: string,
    deviceId: string,
    clientMsgId: string,
    now: number,
  ): Promise<Sequenced | null> {
    const [status, value] = await this.cmd.imSequence(
      this.conv(conversationId, 'seq'),
      this.conv(conversationId, `m:${deviceId}:${clientMsgId}`),
      now,
      this.opts.dedupTtlSec,
    );
    if (status === -1 || !value) return null;
    const [seq, createdAt] = value.split(':').map(Number) as [number, number];
    return { seq, createdAt, fresh: status === 1 };
  }

  async sendMessage(send: MessageSend): Promise<SendOutcome> {
    // On a Cluster the user's, the conversation's and the log's keys live on different slots.
    if (this.sharded) return sendInSteps(this, send);
    const { draft, recipients, now, rate } = send;
    const inline = recipients.length <= SEND_SCRIPT_RECIPIENTS ? recipients : [];
    const keys = [
      this.rateKey(rate?.key ?? '', rate?.limit ?? 0, rate?.windowSec ?? 0),
      this.conv(draft.conversationId, 'seq'),
      this.conv(draft.conversationId, `m:${draft.fromDevice}:${draft.clientMsgId}`),
      this.logKey(shardOf(draft.conversationId, this.logShards)),
    ];
    for (const u of inline) keys.push(this.user(u, 'in'), this.user(u, 'ep'), this.user(u, 'n'));
    const p = messagePieces(draft);
    const [status, value] = await this.cmd.imSend(
      keys.length,
      ...keys,
      now,
      this.opts.dedupTtlSec,
      rate?.limit ?? 0,
      (rate?.windowSec ?? 0) * 1000,
      p.head,
      p.middle,
      p.logHead,
      this.opts.inboxMaxLen,
      this.minId(),
      'PUBLISH',
      freshEpoch(),
    );
    if (status === -2) return { kind: 'rate_limited', waitMs: Math.max(1, Number(value)) };
    if (status === -1 || typeof value !== 'string') return { kind: 'unseeded' };
    const [seq, createdAt] = value.split(':').map(Number) as [number, number];
    if (inline.length < recipients.length) {
      const m = numbered(draft, seq, createdAt);
      await this.append({ type: 'message', at: createdAt, data: m }, recipients);
    }
    return { kind: 'sent', seq, createdAt, fresh: status === 1 };
  }

  /** The counter `consume` uses for the same budget, so both ways of taking points share it. */
  private rateKey(key: string, limit: number, windowSec: number): string {
    return `${this.opts.prefix}rl:${limit}/${windowSec}:${key}`;
  }

  private minId(): string {
    return `${Math.max(0, Date.now() - this.opts.inboxMaxAgeMs)}-0`;
  }

  async seedSequence(conversationId: string, lastSeq: number): Promise<void> {
    await this.cmd.set(this.conv(conversationId, 'seq'), String(lastSeq), 'NX');
  }

  async appendLog(records: readonly LogRecord[]): Promise<void> {
    await Promise.all(
      records.map((r) => this.cmd.xadd(this.logKey(shardOf(r.shardKey, this.logShards)), '*', 'r', JSON.stringify(r))),
    );
  }

  private async ensureGroup(shard: number): Promise<void> {
    if (this.groupsReady.has(shard)) return;
    try {
      await this.cmd.xgroup('CREATE', this.logKey(shard), GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!/BUSYGROUP/.test((err as Error).message)) throw err;
    }
    this.groupsReady.add(shard);
  }

  async readLog(shard: number, consumer: string, count: number, blockMs: number): Promise<LogEntry[]> {
    if (this.closed) throw new Error('broker closed'); // else it would open a blocking connection nobody closes
    await this.ensureGroup(shard);
    try {
      if (blockMs <= 0) {
        // Without BLOCK the read answers at once; BLOCK 0 would wait forever.
        const now = (await this.cmd.xreadgroup(
          'GROUP',
          GROUP,
          consumer,
          'COUNT',
          count,
          'STREAMS',
          this.logKey(shard),
          '>',
        )) as Array<[string, Array<[string, string[]]>]> | null;
        return now?.[0] ? parseEntries(now[0][1]) : [];
      }
      if (this.closed) return [];
      let client = this.blocking.get(shard);
      if (!client) {
        client = this.connect(true);
        this.blocking.set(shard, client);
      }
      // A Cluster client cut while still connecting never settles its queued command: race the close.
      let wake = () => {};
      const closing = new Promise<null>((resolve) => this.closeWaiters.add((wake = () => resolve(null))));
      const reply = (await Promise.race([
        client.xreadgroup(
          'GROUP',
          GROUP,
          consumer,
          'COUNT',
          count,
          'BLOCK',
          blockMs,
          'STREAMS',
          this.logKey(shard),
          '>',
        ),
        closing,
      ]).finally(() => this.closeWaiters.delete(wake))) as Array<[string, Array<[string, string[]]>]> | null;
      return reply?.[0] ? parseEntries(reply[0][1]) : [];
    } catch (err) {
      // A read blocked when the broker closed ends empty, as a timed-out one does.
      if (this.closed) return [];
      // The log (and its group) vanished with a flushed Redis: recreate the group on the next call.
      if (/NOGROUP/.test((err as Error).message)) this.groupsReady.delete(shard);
      throw err;
    }
  }

  async claimLog(shard: number, consumer: string, minIdleMs: number, count: number): Promise<LogEntry[]> {
    await this.ensureGroup(shard);
    const reply = (await this.cmd.xautoclaim(
      this.logKey(shard),
      GROUP,
      consumer,
      minIdleMs,
      '0-0',
      'COUNT',
      count,
    )) as [string, Array<[string, string[]] | null>];
    return parseEntries(reply[1].filter((e): e is [string, string[]] => e !== null));
  }

  async ackLog(shard: number, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const key = this.logKey(shard);
    await Promise.all([this.cmd.xack(key, GROUP, ...ids), this.cmd.xdel(key, ...ids)]);
  }

  async logBacklog(): Promise<number> {
    let total = 0;
    for (let s = 0; s < this.logShards; s++) total += await this.cmd.xlen(this.logKey(s));
    return total;
  }

  async revoke(userId: string, sessionId: string, ttlSec: number): Promise<void> {
    await this.cmd.set(this.user(userId, `rv:${sessionId}`), '1', 'EX', Math.max(1, ttlSec));
  }

  async isRevoked(userId: string, sessionId: string): Promise<boolean> {
    return (await this.cmd.exists(this.user(userId, `rv:${sessionId}`))) === 1;
  }

  async presenceAdd(userId: string, connId: string, ttlMs: number, now: number): Promise<boolean> {
    return (
      (await this.cmd.imPresenceAdd(this.user(userId, 'pr'), this.user(userId, 'pa'), connId, now + ttlMs, now)) === 1
    );
  }

  async presenceRemove(userId: string, connId: string): Promise<void> {
    await this.cmd.zrem(this.user(userId, 'pr'), connId);
  }

  async presenceSettle(userId: string, now: number): Promise<boolean> {
    return (
      (await this.cmd.imPresenceSettle(
        this.user(userId, 'pr'),
        this.user(userId, 'pa'),
        this.user(userId, 'ls'),
        now,
      )) === 1
    );
  }

  async presenceGet(userIds: readonly string[], now: number): Promise<PresenceState[]> {
    return Promise.all(
      userIds.map(async (u) => {
        const [count, last] = await Promise.all([
          this.cmd.zcount(this.user(u, 'pr'), `(${now}`, '+inf'),
          this.cmd.get(this.user(u, 'ls')),
        ]);
        return { online: count > 0, lastSeen: last === null ? null : Number(last) };
      }),
    );
  }

  async presenceConnections(userId: string, now: number): Promise<string[]> {
    return this.cmd.zrangebyscore(this.user(userId, 'pr'), `(${now}`, '+inf');
  }

  async consume(key: string, limit: number, windowSec: number, points = 1): Promise<number> {
    return this.limits.consume(key, limit, windowSec, points);
  }

  async ping(): Promise<void> {
    await this.cmd.ping();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.closeWaiters) wake();
    this.notices.close();
    const blocking = [...this.blocking.values()];
    this.blocking.clear();
    // A blocked XREADGROUP would hold quit() until its timeout: blocking clients are cut at once.
    for (const b of blocking) b.disconnect();
    await Promise.allSettled([this.cmd, ...(this.sub === this.cmd ? [] : [this.sub])].map((c) => c.quit()));
  }
}
