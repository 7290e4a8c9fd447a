import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * The fixed-window counters behind Broker.consume, one rate-limiter-flexible limiter per
 * (limit, window) pair; `make` builds one on the broker's own store (Redis or memory).
 */
export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly make: (name: string, limit: number, windowSec: number) => RateLimiterAbstract) {}

  /** 0 when the points were taken, else the milliseconds until the window resets. */
  async consume(key: string, limit: number, windowSec: number, points: number): Promise<number> {
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
