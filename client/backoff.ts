/** Reconnect and retry delays: exponential growth, capped, with jitter so a fleet of clients does not reconnect in step. */
export interface BackoffOptions {
  /** First delay, ms. */
  baseMs?: number;
  /** Largest delay, ms. */
  maxMs?: number;
  /** 0..1: how much of each delay is random (0.5: between half and all of it). */
  jitter?: number;
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(opts: BackoffOptions = {}) {
    this.baseMs = opts.baseMs ?? 500;
    this.maxMs = opts.maxMs ?? 30_000;
    this.jitter = opts.jitter ?? 0.5;
    this.random = opts.random ?? Math.random;
  }

  /** The delay before the next attempt; each call grows the following one. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.round(ceiling * (1 - this.jitter * this.random()));
  }

  get attempts(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
  }
}

/** A promise that resolves after `ms` (at once when ms <= 0); the timer never keeps a Node process alive. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    unref(t);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** Lets a Node process exit while the timer is pending; a no-op in browsers. */
export function unref(t: unknown): void {
  (t as { unref?: () => void } | null)?.unref?.();
}
