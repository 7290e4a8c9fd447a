import type { Context } from '../context.js';
import type { Principal } from '../services/auth.js';
import { audit } from '../services/audit.js';
import type { Presence } from './presence.js';
import { OneOrSetMap } from '../one-or-set.js';

/** A live connection (WebSocket or SSE stream) as the gate's registry sees it. */
export interface LiveConnection {
  readonly id: string;
  readonly principal: Principal;
  /** A label for metrics and audit records. */
  readonly transport: string;
  readonly remoteAddr: string | null;
  /** Ends the connection telling the client to reconnect (to any gate) and resume from its cursor. */
  drain(): void;
  /** Resolves once the connection is fully closed. */
  readonly done: Promise<void>;
}

/**
 * The live connections of one gate: the per-user limit (MAX_CONNECTIONS_PER_USER, counted per
 * gate), the connection gauge, presence and audit records, and the list a drain walks.
 */
export class ConnectionRegistry {
  /** Each user's connections here. */
  private readonly byUser = new OneOrSetMap<string, LiveConnection>();

  constructor(
    private readonly ctx: Context,
    private readonly presence: Presence,
  ) {}

  /** Registers `c`; false when its user already has the maximum number of connections here. */
  add(c: LiveConnection): boolean {
    const userId = c.principal.userId;
    if (this.byUser.count(userId) >= this.ctx.config.MAX_CONNECTIONS_PER_USER) return false;
    this.byUser.add(userId, c);
    this.ctx.metrics.connections.inc({ transport: c.transport });
    this.presence.connected(userId, presenceId(c));
    audit(this.ctx, {
      userId,
      deviceId: c.principal.deviceId,
      kind: 'connect',
      transport: c.transport,
      remoteAddr: c.remoteAddr,
    });
    return true;
  }

  /** Forgets `c` (idempotent). */
  remove(c: LiveConnection): void {
    const userId = c.principal.userId;
    if (!this.byUser.delete(userId, c)) return;
    this.ctx.metrics.connections.dec({ transport: c.transport });
    this.presence.disconnected(userId, presenceId(c));
    audit(this.ctx, {
      userId,
      deviceId: c.principal.deviceId,
      kind: 'disconnect',
      transport: c.transport,
      remoteAddr: c.remoteAddr,
    });
  }

  /** Every registered connection. */
  all(): LiveConnection[] {
    return this.byUser.all();
  }
}

/** The presence id of a connection starts with its device id, so `/v1/me/sessions` can tell which devices are online. */
function presenceId(c: LiveConnection): string {
  return `${c.principal.deviceId}:${c.id}`;
}
