import type { PresenceState, PresenceTracker } from './presence.js';
import type { RedisConnection } from './redis-connection.js';

/**
 * Presence on Redis: per user a sorted set of live connections scored by expiry, an "announced"
 * flag and a last-seen time, under the user's hash tag. Implements PresenceTracker.
 */
export class RedisPresence implements PresenceTracker {
  constructor(private readonly redis: RedisConnection) {}

  async add(userId: string, connId: string, ttlMs: number, now: number): Promise<boolean> {
    const { cmd, keys } = this.redis;
    return (await cmd.imPresenceAdd(keys.user(userId, 'pr'), keys.user(userId, 'pa'), connId, now + ttlMs, now)) === 1;
  }

  async remove(userId: string, connId: string): Promise<void> {
    await this.redis.cmd.zrem(this.redis.keys.user(userId, 'pr'), connId);
  }

  async settle(userId: string, now: number): Promise<boolean> {
    const { cmd, keys } = this.redis;
    return (
      (await cmd.imPresenceSettle(keys.user(userId, 'pr'), keys.user(userId, 'pa'), keys.user(userId, 'ls'), now)) === 1
    );
  }

  async get(userIds: readonly string[], now: number): Promise<PresenceState[]> {
    const { cmd, keys } = this.redis;
    return Promise.all(
      userIds.map(async (u) => {
        const [count, last] = await Promise.all([
          cmd.zcount(keys.user(u, 'pr'), `(${now}`, '+inf'),
          cmd.get(keys.user(u, 'ls')),
        ]);
        return { online: count > 0, lastSeen: last === null ? null : Number(last) };
      }),
    );
  }

  async connections(userId: string, now: number): Promise<string[]> {
    return this.redis.cmd.zrangebyscore(this.redis.keys.user(userId, 'pr'), `(${now}`, '+inf');
  }
}
