import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { MemoryLife } from './memory-life.js';
import { LimiterPool, type RateLimits } from './rate-limits.js';

/** Rate-limit counters in this process's memory (rate-limiter-flexible's memory store). Implements RateLimits. */
export class MemoryRateLimits implements RateLimits {
  private readonly pool = new LimiterPool(
    (name, limit, windowSec) => new RateLimiterMemory({ keyPrefix: `rl:${name}`, points: limit, duration: windowSec }),
  );

  constructor(private readonly life: MemoryLife) {}

  async consume(key: string, limit: number, windowSec: number, points = 1): Promise<number> {
    this.life.check();
    return this.pool.consume(key, limit, windowSec, points);
  }
}
