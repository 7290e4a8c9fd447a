import { Redis, Cluster, type ClusterNode } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import {
  APPEND,
  CLAIM_FROM_DEAD,
  GROUP_APPEND,
  GROUP_READ,
  HEARTBEAT,
  READ,
  SEQUENCE,
  SEND,
  SEND_STREAM,
  PRESENCE_ADD,
  PRESENCE_SETTLE,
  SET_ASIDE,
} from './lua.js';

/** How to reach Redis, for every part of a Redis broker. */
export interface RedisOptions {
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
  /** Prefix of every key. */
  prefix: string;
}

export type Client = Redis | Cluster;

/** The Lua scripts (lua.ts) as commands of the command client. */
export interface Scripts {
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
  imSendStream(...args: Array<string | number>): Promise<[number, ...Array<string | number>]>;
  imGroupAppend(
    stream: string,
    channel: string,
    copies: string,
    trimmed: string,
    seq: number,
    json: string,
    excluded: string,
    maxLen: number,
    pub: string,
  ): Promise<string[]>;
  imGroupRead(stream: string, trimmed: string, after: number, limit: number): Promise<unknown[]>;
  imPresenceAdd(set: string, flag: string, connId: string, expiry: number, now: number): Promise<number>;
  imPresenceSettle(set: string, flag: string, lastSeen: string, now: number): Promise<number>;
  imSetAside(log: string, dead: string, group: string, kept: number, ...ids: string[]): Promise<number>;
  imHeartbeat(live: string, consumer: string, ttlMs: number): Promise<number>;
  imClaimFromDead(log: string, live: string, group: string, consumer: string, count: number): Promise<unknown[]>;
}

/**
 * The key layout. Every key of a user shares the hash tag `{u:<id>}`, of a conversation `{c:<id>}`,
 * of a log shard `{log:<n>}`, so each script runs on one Redis Cluster slot.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  user(id: string, what: string): string {
    return `${this.prefix}{u:${id}}:${what}`;
  }

  conv(id: string, what: string): string {
    return `${this.prefix}{c:${id}}:${what}`;
  }

  log(shard: number): string {
    return `${this.prefix}{log:${shard}}`;
  }

  /** The dead letters of a log shard: on the shard's slot, so one script moves entries across. */
  deadLetters(shard: number): string {
    return `${this.log(shard)}:dead`;
  }

  /** The liveness records of a log shard's writers: on the shard's slot, so one script reads both. */
  logLiveness(shard: number): string {
    return `${this.log(shard)}:live`;
  }

  /** The prefix rate-limiter-flexible gives the keys of one limiter (`<limit>/<windowSec>`). */
  limiter(name: string): string {
    return `${this.prefix}rl:${name}`;
  }

  /** The counter a limiter keeps for `key`, so the send script takes points from the same one. */
  rate(key: string, limit: number, windowSec: number): string {
    return `${this.limiter(`${limit}/${windowSec}`)}:${key}`;
  }
}

/**
 * The connections of one Redis broker, shared by all its parts: one command client (auto-pipelined,
 * with the scripts defined on it), one subscriber (on a Cluster, its sharded subscribers), and one
 * blocking client per blocked reader. Errors are not thrown at the process: the clients reconnect
 * on their own and callers see the failed commands.
 */
export class RedisConnection {
  readonly cmd: Client & Scripts;
  readonly sub: Client;
  readonly sharded: boolean;
  readonly keys: RedisKeys;
  private readonly blocking = new Map<string, Client>();
  private closedFlag = false;
  /**
   * Called by close(): each ends one blocked read that a disconnect alone would leave hanging. One
   * waiter per read, removed when it settles: a reaction left on a promise that lives as long as the
   * broker would keep every reply it raced (whole log batches) alive.
   */
  private readonly closeWaiters = new Set<() => void>();
  private readonly closers: Array<() => void> = [];

  constructor(private readonly opts: RedisOptions) {
    this.sharded = !!opts.clusterNodes?.length;
    this.keys = new RedisKeys(opts.prefix);
    this.cmd = this.connect(false) as Client & Scripts;
    // A Cluster subscribes over connections of its own (one per master, made as channels need them),
    // so its command client serves; a single node needs a second connection in subscriber mode.
    this.sub = this.sharded ? this.cmd : this.connect(false);
    this.cmd.defineCommand('imAppend', { numberOfKeys: 3, lua: APPEND });
    this.cmd.defineCommand('imRead', { numberOfKeys: 2, lua: READ });
    this.cmd.defineCommand('imSequence', { numberOfKeys: 2, lua: SEQUENCE });
    this.cmd.defineCommand('imSend', { lua: SEND });
    this.cmd.defineCommand('imSendStream', { numberOfKeys: 9, lua: SEND_STREAM });
    this.cmd.defineCommand('imGroupAppend', { numberOfKeys: 4, lua: GROUP_APPEND });
    this.cmd.defineCommand('imGroupRead', { numberOfKeys: 2, lua: GROUP_READ });
    this.cmd.defineCommand('imPresenceAdd', { numberOfKeys: 2, lua: PRESENCE_ADD });
    this.cmd.defineCommand('imPresenceSettle', { numberOfKeys: 3, lua: PRESENCE_SETTLE });
    this.cmd.defineCommand('imSetAside', { numberOfKeys: 2, lua: SET_ASIDE });
    this.cmd.defineCommand('imHeartbeat', { numberOfKeys: 1, lua: HEARTBEAT });
    this.cmd.defineCommand('imClaimFromDead', { numberOfKeys: 2, lua: CLAIM_FROM_DEAD });
    // RateLimiterRedis defines its script on the client when constructed. Defined later, while an
    // auto-pipeline is being filled, that pipeline lacks the command and ioredis hands its replies to
    // the wrong callers (then throws). Defining it once here, before any command, avoids that.
    new RateLimiterRedis({ storeClient: this.cmd, points: 1, duration: 1 });
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /**
   * A new client. Auto-pipelining batches the commands issued in one tick into one round trip (per
   * node on a Cluster, which groups them by slot owner); a blocking client must not share its
   * connection, so it gets none.
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

  /** A client of its own for the blocking reader named `name` (a blocked command holds its connection). */
  blockingClient(name: string): Client {
    if (this.closedFlag) throw new Error('broker closed'); // else it would open a connection nobody closes
    let client = this.blocking.get(name);
    if (!client) {
      client = this.connect(true);
      this.blocking.set(name, client);
    }
    return client;
  }

  /**
   * `p`, or null once the broker closes first: a Cluster client cut while still connecting never
   * settles its queued command.
   */
  async untilClosed<T>(p: Promise<T>): Promise<T | null> {
    let wake = () => {};
    const closing = new Promise<null>((resolve) => this.closeWaiters.add((wake = () => resolve(null))));
    return Promise.race([p, closing]).finally(() => this.closeWaiters.delete(wake));
  }

  /** Runs `f` first when the broker closes (a part lets go of what it holds). */
  onClose(f: () => void): void {
    this.closers.push(f);
  }

  async close(): Promise<void> {
    this.closedFlag = true;
    for (const wake of this.closeWaiters) wake();
    for (const f of this.closers) f();
    const blocking = [...this.blocking.values()];
    this.blocking.clear();
    // A blocked XREADGROUP would hold quit() until its timeout: blocking clients are cut at once.
    for (const b of blocking) b.disconnect();
    await Promise.allSettled([this.cmd, ...(this.sub === this.cmd ? [] : [this.sub])].map((c) => c.quit()));
  }
}
