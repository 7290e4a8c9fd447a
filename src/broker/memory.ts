import type { Broker, BrokerLimits } from './broker.js';
import { MemoryBus } from './memory-bus.js';
import { Faults } from './faults.js';
import { MemoryInboxes } from './memory-inbox.js';
import { MemoryGroupStreams } from './memory-groups.js';
import { LargeGroupInboxes } from './groups.js';
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
  const own = new MemoryInboxes(life, limits, faults);
  const persistence = new MemoryLog(life, limits.logShards);
  const rateLimits = new MemoryRateLimits(life);
  // The group streams ask the sequencer for a conversation's last seq (where a joining member starts).
  let sequencer: MemorySequencer | undefined;
  const groups = new MemoryGroupStreams(life, limits.inboxMaxLen, (id) => sequencer?.lastSync(id) ?? null);
  sequencer = new MemorySequencer(life, limits.dedupTtlSec, { inboxes: own, log: persistence, rateLimits, groups });
  return {
    inboxes: new LargeGroupInboxes(own, groups),
    groups,
    persistence,
    rateLimits,
    sequencer,
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
