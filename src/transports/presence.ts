import type { Context } from '../context.js';
import { listFriendIds } from '../store/social.js';

export interface PresenceOptions {
  /** How long a connection counts as live without a refresh (a crashed gate's connections lapse). */
  ttlMs?: number;
  /** How often open connections are refreshed. */
  refreshMs?: number;
}

/**
 * Online presence from live connections (WebSocket and SSE, and long-polling devices: see
 * poll-presence.ts). Each open connection is a member of the user's presence
 * set in the broker with an expiry that this gate refreshes. A user's friends hear `presence`
 * online when the first connection (on any gate) opens, and offline when the last one has been
 * gone for PRESENCE_GRACE_MS — so a quick reconnect, or a switch of gate, is not announced.
 */
export class Presence {
  private readonly open = new Map<string, string>();
  /** Per connection, the last broker step, so that a quick close never overtakes its open. */
  private readonly steps = new Map<string, Promise<void>>();
  private readonly grace = new Map<NodeJS.Timeout, string>();
  private readonly ttlMs: number;
  private readonly refresh: NodeJS.Timeout;

  constructor(
    private readonly ctx: Context,
    opts: PresenceOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 90_000;
    this.refresh = setInterval(() => this.refreshAll(), opts.refreshMs ?? 30_000);
    this.refresh.unref();
  }

  /** A connection of `userId` opened. */
  connected(userId: string, connId: string): void {
    const id = this.key(connId);
    this.open.set(id, userId);
    this.step(id, async () => {
      if (await this.ctx.presence.add(userId, id, this.ttlMs, this.ctx.now())) await this.announce(userId, true);
    });
  }

  /** A connection of `userId` closed. */
  disconnected(userId: string, connId: string): void {
    const id = this.key(connId);
    if (!this.open.delete(id)) return;
    this.step(id, async () => {
      await this.ctx.presence.remove(userId, id);
      const timer = setTimeout(() => {
        this.grace.delete(timer);
        void this.settle(userId);
      }, this.ctx.config.PRESENCE_GRACE_MS);
      this.grace.set(timer, userId);
    });
  }

  /**
   * Stops refreshing and settles at once what is waiting out its grace period (the gate is going
   * away; its timers would not fire). A user who reconnected elsewhere meanwhile stays online.
   */
  async stop(): Promise<void> {
    clearInterval(this.refresh);
    await Promise.allSettled([...this.steps.values()]);
    const waiting = [...this.grace.entries()];
    this.grace.clear();
    for (const [timer] of waiting) clearTimeout(timer);
    await Promise.allSettled(waiting.map(([, userId]) => this.settle(userId)));
  }

  /** Unique across gates; keeps the caller's id first (registry.ts starts it with the device id). */
  private key(connId: string): string {
    return `${connId}:${this.ctx.gateId}`;
  }

  private step(id: string, run: () => Promise<void>): void {
    const next = (this.steps.get(id) ?? Promise.resolve())
      .then(run)
      .catch((err: unknown) => this.ctx.log.warn({ err: (err as Error).message }, 'presence update failed'));
    this.steps.set(id, next);
    void next.then(() => {
      if (this.steps.get(id) === next) this.steps.delete(id);
    });
  }

  private async settle(userId: string): Promise<void> {
    try {
      if (await this.ctx.presence.settle(userId, this.ctx.now())) await this.announce(userId, false);
    } catch (err) {
      this.ctx.log.warn({ err: (err as Error).message }, 'presence settle failed');
    }
  }

  private refreshAll(): void {
    for (const [id, userId] of this.open) {
      this.step(id, async () => {
        if (!this.open.has(id)) return;
        if (await this.ctx.presence.add(userId, id, this.ttlMs, this.ctx.now())) await this.announce(userId, true);
      });
    }
  }

  private async announce(userId: string, online: boolean): Promise<void> {
    const friends = await listFriendIds(this.ctx.sql, userId);
    if (friends.length === 0) return;
    const at = this.ctx.now();
    await this.ctx.inboxes.publish(friends, {
      kind: 'ephemeral',
      event: { type: 'presence', at, data: { userId, online, at } },
    });
  }
}
