import type http from 'node:http';
import type { Context } from '../context.js';
import type { SendPipeline } from '../pipeline/pipeline.js';
import { EncodeCache } from './frames.js';
import type { Presence } from './presence.js';
import { ConnectionRegistry } from './registry.js';
import { SseTransport } from './sse.js';
import { WsTransport } from './ws.js';
import { closedOrTimeUp } from './drain.js';

/**
 * A gate's live transports (WebSocket and SSE) and what they share: the connection registry,
 * presence, and the per-event encoding cache.
 */
export class LiveTransports {
  readonly presence: Presence;
  readonly registry: ConnectionRegistry;
  readonly ws: WsTransport;
  readonly sse: SseTransport;

  constructor(ctx: Context, pipeline: SendPipeline, presence: Presence) {
    const cache = new EncodeCache();
    this.presence = presence;
    this.registry = new ConnectionRegistry(ctx, this.presence);
    this.ws = new WsTransport({ ctx, pipeline, registry: this.registry }, cache);
    this.sse = new SseTransport(ctx, this.registry, cache);
  }

  /** Serves WebSocket upgrades on `server`. */
  attach(server: http.Server): void {
    this.ws.attach(server);
  }

  /**
   * Drain: no new connections; WebSocket clients are told to reconnect elsewhere (4503) and event
   * streams end (EventSource reconnects on its own). Settling the presence of those who left is the
   * caller's (long-polls share it).
   */
  async drain(): Promise<void> {
    this.sse.stopAccepting();
    const ws = this.ws.drain();
    const open = this.registry.all();
    for (const c of open) c.drain();
    await closedOrTimeUp(open);
    await ws;
  }
}
