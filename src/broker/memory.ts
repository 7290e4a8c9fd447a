import type { Broker, BrokerLimits } from './broker.js';
import { MemoryBus } from './memory-bus.js';
import { Faults } from './faults.js';
import { MemoryInboxes } from './memory-inbox.js';
import { MemoryLife } from './memory-life.js';
import { MemoryLog } from './memory-log.js';
import { MemoryPresence } from './memory-presence.js';
import { MemoryRateLimits } from './memory-rate-limits.js';
import { MemorySequencer } from './memory-sequencer.js';

/**
 * The broker of the embedded engine: every part in this process's memory, with the semantics of the
 * Redis broker (both pass one conformance suite per part). Everything is lost when the process ends;
 * inboxes then come back with a new epoch, so clients' old cursors read as expired.
 */
export function memoryBroker(limits: BrokerLimits): Broker {
  const life = new MemoryLife();
  const faults = new Faults();
  const inboxes = new MemoryInboxes(life, limits, faults);
  const persistence = new MemoryLog(life, limits.logShards);
  const rateLimits = new MemoryRateLimits(life);
  return {
    inboxes,
    persistence,
    rateLimits,
    sequencer: new MemorySequencer(life, limits.dedupTtlSec, { inboxes, log: persistence, rateLimits }),
    presence: new MemoryPresence(life),
    bus: new MemoryBus(life),
    async ping() {
      life.check();
    },
    onFault: (watcher) => faults.watch(watcher),
    async close() {
      life.close();
    },
  };
}
