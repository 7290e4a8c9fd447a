import type { Subscription } from './inbox.js';

/**
 * Messages every gate hears: a device session was revoked, facts behind the conversation access
 * rule changed. Live only: nothing is stored, and a gate that was not subscribed when one was
 * published never hears it. So a subscriber is told each time its subscription becomes live (at
 * first, and again after a broken connection was repaired), and then rereads what it keeps from
 * Postgres, the record of every such fact.
 *
 * - A message published after `subscribe` resolved reaches the listener, in publish order per
 *   publisher; `onLive` is called once the subscription is live, before `subscribe` resolves, and
 *   again whenever it is live after a break.
 */
export interface GateBus {
  publish(message: BusMessage): Promise<void>;
  subscribe(listener: (message: BusMessage) => void, onLive: () => void): Promise<Subscription>;
}

export type BusMessage =
  /** A device session was revoked; its access tokens are refused until `until` (ms), when they have expired anyway. */
  | { kind: 'revoked'; sessionId: string; until: number }
  /** Friendship or a block between two users changed. */
  | { kind: 'pair'; a: string; b: string }
  /** A group's membership changed. */
  | { kind: 'group'; groupId: string };

/** A bus message from its JSON, or null when it is not one (a publisher of another version, corruption). */
export function parseBusMessage(text: string): BusMessage | null {
  try {
    const m = JSON.parse(text) as Partial<Record<string, unknown>>;
    if (m.kind === 'revoked' && typeof m.sessionId === 'string' && typeof m.until === 'number')
      return { kind: 'revoked', sessionId: m.sessionId, until: m.until };
    if (m.kind === 'pair' && typeof m.a === 'string' && typeof m.b === 'string')
      return { kind: 'pair', a: m.a, b: m.b };
    if (m.kind === 'group' && typeof m.groupId === 'string') return { kind: 'group', groupId: m.groupId };
  } catch {
    // not JSON: answered as not a message
  }
  return null;
}
