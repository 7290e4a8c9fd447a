import type { BusMessage, GateBus } from './bus.js';
import type { Subscription } from './inbox.js';
import type { MemoryLife } from './memory-life.js';

/**
 * The gate bus in this process: every gate of the process hears every message, synchronously and
 * in order. Its subscriptions never break, so `onLive` is called once. Implements GateBus.
 */
export class MemoryBus implements GateBus {
  private readonly listeners = new Set<(m: BusMessage) => void>();

  constructor(private readonly life: MemoryLife) {
    life.onClose(() => this.listeners.clear());
  }

  async publish(message: BusMessage): Promise<void> {
    this.life.check();
    for (const l of [...this.listeners]) l(message);
  }

  async subscribe(listener: (m: BusMessage) => void, onLive: () => void): Promise<Subscription> {
    this.life.check();
    this.listeners.add(listener);
    onLive();
    return { unsubscribe: () => this.listeners.delete(listener) };
  }
}
