import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { RedisConnection } from './redis-connection.js';
import { LimiterPool, type RateLimits } from './rate-limits.js';

/**
 * Rate-limit counters on Redis (rate-limiter-flexible's Redis store), shared by every gate; the keys
 * are those the send script takes its point from (RedisKeys.rate). Implements RateLimits.
 */
export class RedisRateLimits implements RateLimits {
  private readonly pool: LimiterPool;

  constructor(redis: RedisConnection) {
    this.pool = new LimiterPool(
      (name, limit, windowSec) =>
        new RateLimiterRedis({
          storeClient: redis.cmd,
          keyPrefix: redis.keys.limiter(name),
          points: limit,
          duration: windowSec,
        }),
    );
  }

  async consume(key: string, limit: number, windowSec: number, points = 1): Promise<number> {
    return this.pool.consume(key, limit, windowSec, points);
  }
}
