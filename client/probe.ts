import { Backoff, type BackoffOptions, unref } from './backoff.js';
import type { Transport, TransportContext, TransportFactory, TransportSink } from './transports/transport.js';
import type { TransportName } from './types.js';

/** What a probe is doing, for the transport indicator. */
export interface ProbeState {
  /** The better transport that will be (or is being) tried. */
  transport: TransportName;
  state: 'waiting' | 'trying';
  /** When the next try starts (epoch ms), while waiting. */
  at?: number;
}

export interface ProbeHooks {
  /** A context to start a trial transport with (a fresh token, the current cursor). */
  context(): Promise<TransportContext>;
  /** `factory` answered: the connection should move to it. */
  found(factory: TransportFactory): void;
  /** The probe's state changed (undefined: no probe). */
  changed(state: ProbeState | undefined): void;
}

/** A trial that neither opens nor fails within this long counts as failed. */
const TRIAL_MS = 12_000;

/**
 * While `auto` runs on a fallback transport, tries the better ones again in the background, best
 * first, with growing jittered delays, and reports the first that opens; the fallback keeps serving
 * meanwhile. A trial is a real subscription that is closed as soon as it is live: nothing it
 * receives is used (the switch resumes from the cursor).
 */
export class Prober {
  private readonly backoff: Backoff;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Ends the trial in progress (closing it), when there is one. */
  private endTrial: ((ok: boolean) => void) | null = null;
  private better: TransportFactory[] = [];
  private generation = 0;

  constructor(
    private readonly hooks: ProbeHooks,
    opts: BackoffOptions = {},
  ) {
    this.backoff = new Backoff({ baseMs: 3_000, maxMs: 120_000, ...opts });
  }

  /** Starts probing `better` (best first), after the next delay; an empty list stops probing. */
  start(better: TransportFactory[]): void {
    this.cancel();
    this.better = better;
    if (better.length === 0) {
      this.backoff.reset();
      this.hooks.changed(undefined);
      return;
    }
    this.wait(this.backoff.next());
  }

  /** Tries at once (the network came back), if probing at all. */
  now(): void {
    // Only while waiting for the next try: a try in progress goes on.
    if (this.better.length === 0 || this.timer === undefined) return;
    this.backoff.reset();
    this.cancel();
    void this.run(this.generation);
  }

  /** Stops probing and closes a trial in progress; the delays start over next time. */
  stop(): void {
    this.cancel();
    this.better = [];
    this.backoff.reset();
    this.hooks.changed(undefined);
  }

  private cancel(): void {
    this.generation++;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.endTrial?.(false);
  }

  private wait(delay: number): void {
    const gen = this.generation;
    this.hooks.changed({ transport: this.better[0]!.name, state: 'waiting', at: Date.now() + delay });
    this.timer = setTimeout(() => void this.run(gen), delay);
    unref(this.timer);
  }

  private async run(gen: number): Promise<void> {
    this.timer = undefined;
    for (const factory of this.better) {
      if (gen !== this.generation) return;
      this.hooks.changed({ transport: factory.name, state: 'trying' });
      const ok = await this.attempt(factory, gen);
      if (gen !== this.generation) return;
      if (ok) {
        this.better = [];
        this.backoff.reset();
        this.hooks.found(factory);
        return;
      }
    }
    if (gen === this.generation) this.wait(this.backoff.next());
  }

  /** Opens one trial subscription; true when it went live. */
  private async attempt(factory: TransportFactory, gen: number): Promise<boolean> {
    let ctx: TransportContext;
    try {
      ctx = await this.hooks.context();
    } catch {
      return false;
    }
    if (gen !== this.generation) return false;
    return new Promise<boolean>((resolve) => {
      let trial: Transport | null = null;
      let settled = false;
      const settle = (ok: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        this.endTrial = null;
        // Closed after the sink's call returns: a transport does not expect to be closed from inside it.
        const t = trial;
        if (t) setTimeout(() => t.close(), 0);
        resolve(ok);
      };
      const sink: TransportSink = {
        open: () => settle(true),
        event: () => {},
        cursor: () => {},
        expired: () => {},
        ack: () => {},
        sendError: () => {},
        closed: () => settle(false),
      };
      const timeout = setTimeout(() => settle(false), TRIAL_MS);
      unref(timeout);
      this.endTrial = settle;
      try {
        const t = factory.start(ctx, sink);
        if (settled) t.close();
        else trial = t;
      } catch {
        settle(false);
      }
    });
  }
}
