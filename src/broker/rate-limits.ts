import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Fixed-window counters shared by every gate (sends per user, logins per name and address, …).
 * `consume` takes `points` from the counter named `key` with `limit` points per `windowSec`; a
 * window starts with its first point. The send script of the Redis sequencer takes its point from
 * the same counter as `consume` does for the same budget.
 */
export interface RateLimits {
  /** 0 when the points were taken, else the milliseconds until the window resets. */
  consume(key: string, limit: number, windowSec: number, points?: number): Promise<number>;
}

/** A fixed-window budget, as `consume` takes it. */
export interface RateBudget {
  key: string;
  limit: number;
  windowSec: number;
}

/**
 * RateLimits on rate-limiter-flexible: one limiter per (limit, window) pair, built by `make` on the
 * broker's own store (Redis or memory). The limiter's name is `<limit>/<windowSec>`.
 */
export class LimiterPool implements RateLimits {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly make: (name: string, limit: number, windowSec: number) => RateLimiterAbstract) {}

  async consume(key: string, limit: number, windowSec: number, points = 1): Promise<number> {
    const name = `${limit}/${windowSec}`;
    let rl = this.limiters.get(name);
    if (!rl) {
      rl = this.make(name, limit, windowSec);
      this.limiters.set(name, rl);
    }
    try {
      await rl.consume(key, points);
      return 0;
    } catch (res) {
      if (res instanceof RateLimiterRes) return Math.max(1, res.msBeforeNext);
      throw res;
    }
  }
}
