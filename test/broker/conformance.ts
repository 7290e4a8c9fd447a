import { inboxConformance } from './inbox.conformance.js';
import { logConformance } from './log.conformance.js';
import { presenceConformance } from './presence.conformance.js';
import { rateLimitsConformance } from './rate-limits.conformance.js';
import { busConformance } from './bus.conformance.js';
import { sequencerConformance } from './sequencer.conformance.js';
import { groupsConformance } from './groups.conformance.js';
import type { BrokerFactory, ConformanceOptions } from './kit.js';

/** Every part's conformance suite against one broker implementation. */
export function brokerConformance(name: string, factory: BrokerFactory, opts: ConformanceOptions = {}): void {
  inboxConformance(name, factory, opts);
  logConformance(name, factory, opts);
  sequencerConformance(name, factory, opts);
  presenceConformance(name, factory, opts);
  busConformance(name, factory, opts);
  rateLimitsConformance(name, factory, opts);
  groupsConformance(name, factory, opts);
}
export { DEFAULT_LIMITS } from './kit.js';
