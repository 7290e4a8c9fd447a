import type { GateBus } from './bus.js';
import type { FaultWatcher } from './faults.js';
import type { GroupStreams } from './groups.js';
import type { InboxLimits, Inboxes } from './inbox.js';
import type { PersistenceLog } from './log.js';
import type { PresenceTracker } from './presence.js';
import type { RateLimits } from './rate-limits.js';
import type { Sequencer } from './sequencer.js';

/**
 * What gates and writers share, by concern, each an interface with its contract in its own file
 * and a memory and a Redis implementation beside it:
 *
 * | concern | interface | memory | Redis |
 * |---|---|---|---|
 * | inboxes and their notices | `Inboxes` (inbox.ts) | memory-inbox.ts | redis-inbox.ts |
 * | large groups (fan-out on read) | `GroupStreams` (groups.ts) | memory-groups.ts | redis-groups.ts |
 * | the persistence log | `PersistenceLog` (log.ts) | memory-log.ts | redis-log.ts |
 * | sequencing and send | `Sequencer` (sequencer.ts) | memory-sequencer.ts | redis-sequencer.ts |
 * | presence | `PresenceTracker` (presence.ts) | memory-presence.ts | redis-presence.ts |
 * | messages to every gate | `GateBus` (bus.ts) | memory-bus.ts | redis-bus.ts |
 * | rate limits | `RateLimits` (rate-limits.ts) | memory-rate-limits.ts | redis-rate-limits.ts |
 *
 * memory.ts and redis.ts build one of each over one store. Nothing a gate keeps in memory is needed
 * by another gate.
 */
export interface BrokerParts {
  /** The inboxes merged with the large-group streams of each user (groups.ts). */
  readonly inboxes: Inboxes;
  /** Large groups' streams and their members' rows. */
  readonly groups: GroupStreams;
  readonly sequencer: Sequencer;
  readonly persistence: PersistenceLog;
  readonly presence: PresenceTracker;
  readonly bus: GateBus;
  readonly rateLimits: RateLimits;
}

/** The parts over one store, and the store's life. */
export interface Broker extends BrokerParts {
  /** Resolves when the store answers; rejects when it does not. */
  ping(): Promise<void>;

  /**
   * Tells `watcher` of every failure the broker survives without passing it to a caller (a notice
   * listener that threw, a stored payload that did not decode: see BrokerFault) until the returned
   * function is called. With no watcher such failures go unseen.
   */
  onFault(watcher: FaultWatcher): () => void;

  /** Closes connections; pending subscriptions and blocked log reads end. */
  close(): Promise<void>;
}

/** The bounds a broker is built with. */
export interface BrokerLimits extends InboxLimits {
  /** Seconds a (device, clientMsgId) is remembered for dedup. */
  dedupTtlSec: number;
  /** Shards of the persistence log. */
  logShards: number;
}
