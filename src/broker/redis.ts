import type { Broker, BrokerLimits } from './broker.js';
import { Faults } from './faults.js';
import { RedisConnection, type Client, type RedisOptions } from './redis-connection.js';
import { RedisBus } from './redis-bus.js';
import { RedisInboxes } from './redis-inbox.js';
import { RedisGroupStreams } from './redis-groups.js';
import { LargeGroupInboxes } from './groups.js';
import { RedisLog } from './redis-log.js';
import { RedisPresence } from './redis-presence.js';
import { RedisRateLimits } from './redis-rate-limits.js';
import { RedisSequencer } from './redis-sequencer.js';

export interface RedisBrokerOptions extends RedisOptions, BrokerLimits {
  /** How long a user's notice channel stays subscribed after its last listener left (default 5 s). */
  noticeLingerMs?: number;
}

/** A Redis broker, and its command client for tests and tools that must reach Redis directly. */
export interface RedisBroker extends Broker {
  readonly client: Client;
}

/**
 * The production broker: every part over one set of Redis connections (a single node, or a Cluster
 * with sharded pub/sub), Lua for every multi-key step.
 */
export function redisBroker(opts: RedisBrokerOptions): RedisBroker {
  const redis = new RedisConnection(opts);
  const faults = new Faults();
  const own = new RedisInboxes(redis, opts, faults);
  const groups = new RedisGroupStreams(redis, opts.inboxMaxLen, (fault) => faults.report(fault), opts.noticeLingerMs);
  const persistence = new RedisLog(redis, opts.logShards);
  const rateLimits = new RedisRateLimits(redis);
  return {
    client: redis.cmd,
    inboxes: new LargeGroupInboxes(own, groups),
    groups,
    persistence,
    rateLimits,
    sequencer: new RedisSequencer(redis, persistence, own, rateLimits, opts, groups),
    presence: new RedisPresence(redis),
    bus: new RedisBus(redis),
    async ping() {
      await redis.cmd.ping();
    },
    onFault: (watcher) => faults.watch(watcher),
    close: () => redis.close(),
  };
}
