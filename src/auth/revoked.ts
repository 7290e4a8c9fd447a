import type { Logger } from 'pino';
import type { BusMessage, GateBus } from '../broker/bus.js';
import type { Subscription } from '../broker/inbox.js';
import type { Sql } from '../store/db.js';
import { revokedSince } from '../store/sessions.js';

/** How often the set is read again from Postgres anyway, in case a broadcast was missed. */
const RELOAD_EVERY_MS = 30_000;
/** How often entries whose tokens have all expired are dropped. */
const SWEEP_EVERY_MS = 60_000;

/**
 * The device sessions revoked within the last access-token lifetime, held by each gate, so that
 * checking a token costs no round trip. Postgres is the record (device_sessions.revoked_at): the set
 * is read from it when the gate starts, whenever the gate bus says its subscription is live again
 * after a break, and every 30 s. A revocation on any gate reaches every other one at once over the
 * bus. So a revoked token is refused everywhere within a moment, and stays refused through a Redis
 * flush or failover and a restart of the embedded engine.
 */
export class RevokedSessions {
  /** Session id → when its last access token expires (ms): past that the entry is not needed. */
  private readonly until = new Map<string, number>();
  private sub: Subscription | undefined;
  private reloader: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly sql: Sql,
    private readonly bus: GateBus,
    /** How long after a revocation its tokens may still be presented: the access-token lifetime and a margin. */
    private readonly windowMs: number,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Subscribes to the bus and reads the set from Postgres (rejects when either fails). */
  async start(): Promise<void> {
    let first: Promise<void> | undefined;
    this.sub = await this.bus.subscribe(
      (m) => this.onMessage(m),
      () => {
        const p = this.reload();
        if (first === undefined) first = p;
        else p.catch((err: unknown) => this.log.warn({ err: (err as Error).message }, 'revoked sessions not reread'));
      },
    );
    await first;
    this.reloader = setInterval(() => {
      this.reload().catch((err: unknown) =>
        this.log.warn({ err: (err as Error).message }, 'revoked sessions not reread'),
      );
    }, RELOAD_EVERY_MS);
    this.reloader.unref();
    this.sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  stop(): void {
    this.sub?.unsubscribe();
    clearInterval(this.reloader);
    clearInterval(this.sweeper);
  }

  /** Whether the device session was revoked (within the window). */
  has(sessionId: string): boolean {
    const until = this.until.get(sessionId);
    return until !== undefined && until > this.now();
  }

  /**
   * Tells every gate (this one included) that a session was revoked. Its record in Postgres must
   * already be written: a gate that misses this message reads it from there.
   */
  async announce(sessionId: string): Promise<void> {
    const until = this.now() + this.windowMs;
    this.until.set(sessionId, until);
    await this.bus.publish({ kind: 'revoked', sessionId, until });
  }

  private onMessage(m: BusMessage): void {
    if (m.kind === 'revoked') this.until.set(m.sessionId, Math.max(m.until, this.until.get(m.sessionId) ?? 0));
  }

  private async reload(): Promise<void> {
    const now = this.now();
    for (const { id, revokedAt } of await revokedSince(this.sql, now - this.windowMs)) {
      this.until.set(id, Math.max(revokedAt + this.windowMs, this.until.get(id) ?? 0));
    }
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, until] of this.until) if (until <= now) this.until.delete(id);
  }
}
