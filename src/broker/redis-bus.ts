import type { Cluster, Redis } from 'ioredis';
import { parseBusMessage, type BusMessage, type GateBus } from './bus.js';
import type { Subscription } from './inbox.js';
import type { RedisConnection } from './redis-connection.js';

interface Listener {
  onMessage(m: BusMessage): void;
  onLive(): void;
}

/**
 * The gate bus on Redis: one pub/sub channel every gate subscribes to (on a Cluster a sharded channel
 * of its own slot; its traffic is a few messages per logout or block, so one shard carries it). When
 * the subscriber connection comes back after a break, the channel is subscribed again and every
 * listener is told it is live, to resync. Implements GateBus.
 */
export class RedisBus implements GateBus {
  private readonly channel: string;
  private readonly listeners = new Set<Listener>();
  private subscribed: Promise<unknown> | undefined;
  /** The subscriber connection broke since the channel was subscribed: the next ready resyncs. */
  private broken = false;

  constructor(private readonly redis: RedisConnection) {
    this.channel = `${redis.keys.prefix}{gates}`;
    const { sub, sharded } = redis;
    sub.on(sharded ? 'smessage' : 'message', (channel: string, payload: string) => {
      if (channel !== this.channel) return;
      const m = parseBusMessage(payload);
      if (m) for (const l of [...this.listeners]) l.onMessage(m);
    });
    // A broken subscriber connection loses what was published meanwhile. The client resubscribes on
    // its own once it is back; asking again answers once that is done, and then listeners resync.
    sub.on(sharded ? '-node' : 'close', () => {
      if (this.subscribed !== undefined) this.broken = true;
    });
    sub.on(sharded ? 'subscribersReady' : 'ready', () => {
      if (!this.broken || redis.closed) return;
      this.broken = false;
      this.subscribed = this.command();
      this.subscribed.then(
        () => {
          for (const l of [...this.listeners]) l.onLive();
        },
        () => {
          this.broken = true;
        },
      );
    });
    redis.onClose(() => this.listeners.clear());
  }

  private command(): Promise<unknown> {
    const { sub, sharded } = this.redis;
    return sharded ? (sub as Cluster).ssubscribe(this.channel) : (sub as Redis).subscribe(this.channel);
  }

  async publish(message: BusMessage): Promise<void> {
    const { cmd, sharded } = this.redis;
    const payload = JSON.stringify(message);
    await (sharded ? cmd.spublish(this.channel, payload) : cmd.publish(this.channel, payload));
  }

  async subscribe(onMessage: (m: BusMessage) => void, onLive: () => void): Promise<Subscription> {
    const l: Listener = { onMessage, onLive };
    this.listeners.add(l);
    try {
      await (this.subscribed ??= this.command());
    } catch (err) {
      this.listeners.delete(l);
      this.subscribed = undefined;
      throw err;
    }
    onLive();
    return { unsubscribe: () => this.listeners.delete(l) };
  }
}
