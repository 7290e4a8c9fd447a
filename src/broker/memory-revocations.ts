import type { MemoryLife } from './memory-life.js';
import type { Revocations } from './revocations.js';

const SWEEP_MS = 60_000;

/** Revocation marks in this process's memory. Implements Revocations. */
export class MemoryRevocations implements Revocations {
  private readonly revoked = new Map<string, number>();

  constructor(private readonly life: MemoryLife) {
    const sweeper = setInterval(() => {
      const now = Date.now();
      for (const [k, until] of this.revoked) if (until <= now) this.revoked.delete(k);
    }, SWEEP_MS);
    sweeper.unref();
    life.onClose(() => clearInterval(sweeper));
  }

  async revoke(userId: string, sessionId: string, ttlSec: number): Promise<void> {
    this.life.check();
    this.revoked.set(`${userId}\u0000${sessionId}`, Date.now() + Math.max(1, ttlSec) * 1000);
  }

  async isRevoked(userId: string, sessionId: string): Promise<boolean> {
    this.life.check();
    const until = this.revoked.get(`${userId}\u0000${sessionId}`);
    return until !== undefined && until > Date.now();
  }
}
