import type { Principal } from '../services/auth.js';
import { TimeoutQueue } from '../timeout-queue.js';
import type { Presence } from './presence.js';

/**
 * How long after a poll's answer its device still counts as polling, waiting for the next poll. A
 * long-poll client polls again as soon as an answer arrives; past this (and then PRESENCE_GRACE_MS,
 * as for any connection that went away) the device is offline.
 */
const POLL_GAP_MS = 2_000;

interface PollingDevice {
  userId: string;
  /** Polls of the device held or being answered on this gate now. */
  polls: number;
}

/**
 * Presence of long-poll devices. A long-poll is a series of requests, not a connection: a device
 * counts as one presence connection from its first poll on this gate until POLL_GAP_MS after its
 * last poll was answered. A poll that follows another costs no broker call.
 */
export class PollPresence {
  private readonly devices = new Map<string, PollingDevice>();
  private readonly lapses: TimeoutQueue<string>;

  constructor(private readonly presence: Presence) {
    this.lapses = new TimeoutQueue(POLL_GAP_MS, (id) => this.lapse(id));
  }

  /** A poll of `p` came in. */
  began(p: Principal): void {
    const id = pollPresenceId(p);
    const d = this.devices.get(id);
    if (d) {
      this.lapses.delete(id);
      d.polls++;
      return;
    }
    this.devices.set(id, { userId: p.userId, polls: 1 });
    this.presence.connected(p.userId, id);
  }

  /** A poll of `p` was answered (or its client went away). */
  ended(p: Principal): void {
    const id = pollPresenceId(p);
    const d = this.devices.get(id);
    if (d && --d.polls === 0) this.lapses.add(id);
  }

  /** Every device that is not polling right now is gone at once (the gate is going away). */
  stop(): void {
    this.lapses.flush();
  }

  private lapse(id: string): void {
    const d = this.devices.get(id);
    if (!d || d.polls > 0) return;
    this.devices.delete(id);
    this.presence.disconnected(d.userId, id);
  }
}

/** Starts with the device id, as every presence id does (`/v1/me/sessions` tells devices online by it). */
function pollPresenceId(p: Principal): string {
  return `${p.deviceId}:poll`;
}
