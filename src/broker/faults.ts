/**
 * A failure a broker part survived without passing it to a caller: the caller was served, the other
 * listeners heard their notices, the Redis client went on. Nothing was thrown, so unless someone
 * watches, nobody would know.
 *
 * - `listener`: a notice listener threw while being handed a notice (`error` is what it threw).
 * - `undecodable`: a payload the broker itself wrote did not decode, so it was skipped: an inbox
 *   entry (`id` is its stream id; readers move past it) or a notice (the subscribers never heard it).
 */
export type BrokerFault =
  | { kind: 'listener'; userId: string; error: unknown }
  | { kind: 'undecodable'; what: 'inbox_entry' | 'notice'; userId: string; id?: string };

/** Hears every fault of one broker. */
export type FaultWatcher = (fault: BrokerFault) => void;

/**
 * The faults of one broker and who watches them. A broker is built before the gates that use it
 * (and a test may run two gates over one), so it does not log or count by itself: each gate watches
 * while it runs and reports to its own log and metrics.
 */
export class Faults {
  private readonly watchers = new Set<FaultWatcher>();

  /** Starts telling `watcher` of every fault; returns the function that stops it. */
  watch(watcher: FaultWatcher): () => void {
    const w: FaultWatcher = (f) => watcher(f); // one entry per call, even for the same function
    this.watchers.add(w);
    return () => this.watchers.delete(w);
  }

  report(fault: BrokerFault): void {
    for (const w of this.watchers) {
      try {
        w(fault);
      } catch {
        // A watcher that fails while reporting has nowhere left to report to; the others still hear.
      }
    }
  }
}
