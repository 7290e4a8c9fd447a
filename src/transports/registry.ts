import type { Context } from '../context.js';
import type { Principal } from '../services/auth.js';
import { audit } from '../services/audit.js';
import type { Presence } from './presence.js';

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
  /** A user's connections here: one (the usual case, no Set for it) or several. */
  private readonly byUser = new Map<string, LiveConnection | Set<LiveConnection>>();

  constructor(
    private readonly ctx: Context,
    private readonly presence: Presence,
  ) {}

  /** Registers `c`; false when its user already has the maximum number of connections here. */
  add(c: LiveConnection): boolean {
    const userId = c.principal.userId;
    const mine = this.byUser.get(userId);
    const count = mine === undefined ? 0 : mine instanceof Set ? mine.size : 1;
    if (count >= this.ctx.config.MAX_CONNECTIONS_PER_USER) return false;
    if (mine === undefined) this.byUser.set(userId, c);
    else if (mine instanceof Set) mine.add(c);
    else if (mine !== c) this.byUser.set(userId, new Set([mine, c]));
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
    const mine = this.byUser.get(userId);
    if (mine === c) this.byUser.delete(userId);
    else if (mine instanceof Set && mine.delete(c)) {
      if (mine.size === 1) this.byUser.set(userId, mine.values().next().value!);
    } else return;
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
    return [...this.byUser.values()].flatMap((s) => (s instanceof Set ? [...s] : [s]));
  }
}

/** The presence id of a connection starts with its device id, so `/v1/me/sessions` can tell which devices are online. */
function presenceId(c: LiveConnection): string {
  return `${c.principal.deviceId}:${c.id}`;
}
