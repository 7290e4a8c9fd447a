import type { RedisConnection } from './redis-connection.js';
import type { Revocations } from './revocations.js';

/** Revocation marks as expiring Redis keys under the user's hash tag. Implements Revocations. */
export class RedisRevocations implements Revocations {
  constructor(private readonly redis: RedisConnection) {}

  async revoke(userId: string, sessionId: string, ttlSec: number): Promise<void> {
    await this.redis.cmd.set(this.redis.keys.user(userId, `rv:${sessionId}`), '1', 'EX', Math.max(1, ttlSec));
  }

  async isRevoked(userId: string, sessionId: string): Promise<boolean> {
    return (await this.redis.cmd.exists(this.redis.keys.user(userId, `rv:${sessionId}`))) === 1;
  }
}
